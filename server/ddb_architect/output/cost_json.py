"""The JSON cost report:

``{"region", "prices_as_of", "total_monthly_usd", "tables": [{"name", "monthly_usd",
"lines": [{"category", "subject", "monthly_usd", "formula"}]}], "access_patterns":
[{"table", "name", "read_units_per_request", "write_units_per_request",
"requests_per_month", "monthly_usd"}]}``, and more keys around those: the currency, the
month, whether every line is priced, the quantity and unit of each line, which prices
are unconfirmed, the free-tier credits, the notes, and ``compare`` with ``--compare``.

Dollar amounts are unrounded numbers; a line or pattern that cannot be priced has
``null``, and the totals leave it out (``complete`` is then false).
"""

from __future__ import annotations

import json
from typing import Any

from ddb_architect.cost.bill import CostLine, EntityCost, PatternCost, TableCost
from ddb_architect.output.cost_report import (
    Alternative,
    CostReport,
    TableComparison,
    ordered_lines,
)


def line_json(line: CostLine) -> dict[str, Any]:
    return {
        "category": line.category,
        "subject": line.subject,
        "quantity": line.quantity,
        "unit": line.unit,
        "monthly_usd": line.monthly_usd,
        "formula": line.formula,
        "unconfirmed": line.unconfirmed,
    }


def _capacity_json(cost: TableCost) -> dict[str, dict[str, float]]:
    return {subject: {"read": read, "write": write} for subject, (read, write) in cost.capacity.items()}


def table_json(table: TableCost) -> dict[str, Any]:
    return {
        "name": table.name,
        "billing": table.billing,
        "class": table.table_class,
        "monthly_usd": table.monthly_usd,
        "complete": table.complete,
        "capacity": _capacity_json(table),
        "lines": [line_json(line) for line in ordered_lines(table.lines)],
        "entities": [entity_json(entity) for entity in table.entities],
        "notes": list(table.notes),
    }


def entity_json(entity: EntityCost) -> dict[str, Any]:
    return {
        "name": entity.name,
        "item_bytes": entity.item_bytes,
        "items_now": entity.count_now,
        "items_in_12_months": entity.count_in_12_months,
        "storage_bytes_now": entity.storage_bytes_now,
        "storage_bytes_in_12_months": entity.storage_bytes_in_12_months,
        "monthly_usd": entity.monthly_usd,
        "formula": entity.formula,
    }


def pattern_json(pattern: PatternCost) -> dict[str, Any]:
    return {
        "table": pattern.table,
        "name": pattern.name,
        "op": pattern.pattern.op,
        "index": pattern.pattern.index,
        "read_units_per_request": pattern.read_units_per_request,
        "write_units_per_request": pattern.write_units_per_request,
        "requests_per_month": pattern.requests_per_month,
        "monthly_usd": pattern.monthly_usd,
        "formula": pattern.formula,
        "implied": pattern.implied,
    }


def alternative_json(alternative: Alternative) -> dict[str, Any]:
    cost = alternative.cost
    return {
        "scenario": alternative.key,
        "label": alternative.label,
        "current": alternative.current,
        "billing": cost.billing,
        "class": cost.table_class,
        "reserved": alternative.scenario.reserved,
        "monthly_usd": alternative.monthly_usd,
        "complete": alternative.complete,
        "throughput_usd": alternative.group_usd("throughput"),
        "storage_usd": alternative.group_usd("storage"),
        "other_usd": alternative.group_usd("other"),
        "capacity": _capacity_json(cost),
        "lines": [line_json(line) for line in ordered_lines(cost.lines)],
    }


def comparison_json(comparison: TableComparison) -> dict[str, Any]:
    return {
        "table": comparison.table,
        "capacity_mode": [alternative_json(a) for a in comparison.capacity_mode],
        "table_class": [alternative_json(a) for a in comparison.table_class],
        "notes": list(comparison.notes),
    }


def cost_report_json(report: CostReport) -> dict[str, Any]:
    bill = report.bill
    document: dict[str, Any] = {
        "spec": report.path,
        "name": report.design_name,
        "region": bill.region,
        "region_name": bill.region_name,
        "prices_as_of": bill.prices_as_of if report.region_known else None,
        "currency": bill.currency,
        "month": bill.month,
        "total_monthly_usd": bill.total_monthly_usd,
        "complete": report.complete,
        "unpriced_lines": len(report.unpriced_lines),
        "spec_errors": report.spec_errors,
        "tables": [table_json(table) for table in bill.tables],
        "credits": [line_json(line) for line in bill.credits],
        "access_patterns": [pattern_json(pattern) for pattern in report.patterns],
        "notes": report.notes(),
    }
    if report.comparisons is not None:
        document["compare"] = [comparison_json(c) for c in report.comparisons]
    return document


def render_cost_json(report: CostReport) -> str:
    return json.dumps(cost_report_json(report), indent=2, ensure_ascii=False) + "\n"
