"""The Markdown cost report (GitHub-flavoured): the text report's sections as tables.

Pure Python, for the command line and for the language server's cost report and hovers:
each piece (a table's bill, its access patterns, its alternatives, one pattern) renders
on its own. ``formulas`` adds a column with the formula behind every figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ddb_architect.cost.bill import CostLine, PatternCost, TableCost
from ddb_architect.cost.money import format_usd
from ddb_architect.output.cost_report import (
    ENTITY_HEADER,
    UNCONFIRMED_LEGEND,
    UNCONFIRMED_MARK,
    Alternative,
    CostReport,
    TableComparison,
    capacity_text,
    class_name,
    entity_rows,
    month_text,
    op_text,
    ordered_lines,
    pattern_usd_text,
    patterns_by_cost,
    quantity_text,
    requests_text,
    unit_price_text,
    units_text,
    usd_text,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape(text: str) -> str:
    """``text`` with Markdown's special characters escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int] | None = None) -> str:
    """A GitHub-flavoured table; cells are escaped here."""
    right = right or set()
    out = [
        "| " + " | ".join(escape(cell) for cell in header) + " |",
        "| " + " | ".join("---:" if i in right else "---" for i in range(len(header))) + " |",
    ]
    out += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(out)


def lines_markdown(lines: Sequence[CostLine], formulas: bool = False) -> str:
    header = ["Category", "Subject", "Quantity", "Unit price", "$/month"]
    rows = []
    for line in ordered_lines(lines):
        row = [
            line.category,
            line.subject,
            quantity_text(line),
            unit_price_text(line),
            usd_text(line.monthly_usd, line.unconfirmed),
        ]
        rows.append([*row, line.formula] if formulas else row)
    return table([*header, "Formula"] if formulas else header, rows, right={2, 3, 4})


def patterns_markdown(patterns: Sequence[PatternCost], formulas: bool = False) -> str:
    header = ["Access pattern", "Operation", "Read units/req", "Write units/req", "Requests/month", "$/month"]
    rows = []
    for pattern in patterns_by_cost(patterns):
        row = [
            pattern.name,
            op_text(pattern),
            units_text(pattern.read_units_per_request),
            units_text(pattern.write_units_per_request),
            requests_text(pattern.requests_per_month),
            pattern_usd_text(pattern),
        ]
        rows.append([*row, pattern.formula] if formulas else row)
    return table([*header, "Formula"] if formulas else header, rows, right={2, 3, 4, 5})


def pattern_markdown(pattern: PatternCost) -> str:
    """One access pattern's cost, for a hover: the figures on a line, then the formula."""
    parts = [f"**{escape(pattern.name)}**: {escape(pattern_usd_text(pattern))} a month"]
    if pattern.read_units_per_request:
        parts.append(f"{units_text(pattern.read_units_per_request)} read units per request")
    if pattern.write_units_per_request:
        parts.append(f"{units_text(pattern.write_units_per_request)} write units per request")
    if pattern.requests_per_month is not None:
        parts.append(f"{requests_text(pattern.requests_per_month)} requests a month")
    return " · ".join(parts) + "\n\n" + escape(pattern.formula)


def _alternative_row(alternative: Alternative, reference: Alternative) -> list[str]:
    label = alternative.label + (" (now)" if alternative.current else "")
    if not alternative.priced:
        return [label, "-", "-", "-", "not priced", ""]
    total = format_usd(alternative.monthly_usd)
    total += UNCONFIRMED_MARK if alternative.unconfirmed else ""
    total += "" if alternative.complete else " + not priced"
    difference = ""
    if not alternative.current:
        delta = alternative.monthly_usd - reference.monthly_usd
        difference = ("+" if delta >= 0 else "-") + format_usd(abs(delta))
    return [
        label,
        format_usd(alternative.group_usd("throughput")),
        format_usd(alternative.group_usd("storage")),
        format_usd(alternative.group_usd("other")),
        total,
        difference,
    ]


def comparison_markdown(comparison: TableComparison) -> str:
    current_class = next(a for a in comparison.table_class if a.current)
    rows = [_alternative_row(a, comparison.current) for a in comparison.capacity_mode]
    rows += [_alternative_row(a, current_class) for a in comparison.table_class]
    text = table(
        ["Alternative", "Reads+writes", "Storage", "Other", "$/month", "vs now"], rows, {1, 2, 3, 4, 5}
    )
    if comparison.notes:
        text += "\n\n" + "\n".join(f"- {escape(note)}" for note in comparison.notes)
    return text


def table_heading(table_cost: TableCost) -> str:
    unpriced = len(table_cost.unpriced)
    if not table_cost.lines:
        figure = "nothing to price"
    elif unpriced == len(table_cost.lines):
        figure = "not priced"
    else:
        figure = f"{format_usd(table_cost.monthly_usd)} a month" + (
            f" + {unpriced} not priced" if unpriced else ""
        )
    return (
        f"{escape(table_cost.name)} — {table_cost.billing}, {class_name(table_cost.table_class)}: "
        f"{escape(figure)}"
    )


def table_markdown(
    report: CostReport, table_cost: TableCost, *, formulas: bool = False, level: int = 2
) -> str:
    """One table's section: heading, capacity, lines, access patterns, alternatives."""
    hashes = "#" * level
    parts = [f"{hashes} {table_heading(table_cost)}"]
    if table_cost.capacity:
        parts.append(f"Capacity: {escape(capacity_text(table_cost))}")
    if table_cost.lines:
        parts.append(lines_markdown(table_cost.lines, formulas))
    if table_cost.entities:
        header = [cell[0].upper() + cell[1:] for cell in ENTITY_HEADER]
        parts.append(table(header, entity_rows(table_cost.entities), {1, 2, 3, 4}))
    if table_cost.patterns:
        parts += [f"{hashes}# Access patterns", patterns_markdown(table_cost.patterns, formulas)]
    comparison = next((c for c in report.comparisons or () if c.table == table_cost.name), None)
    if comparison is not None:
        parts += [f"{hashes}# Alternatives", comparison_markdown(comparison)]
    return "\n\n".join(parts)


def render_cost_markdown(report: CostReport, *, formulas: bool = False, level: int = 1) -> str:
    """The whole report; ``level`` is the level of its title heading."""
    bill = report.bill
    hashes = "#" * level
    title = f"Cost of {report.design_name}" if report.design_name else "Cost"
    parts = [
        f"{hashes} {escape(title)}",
        f"{escape(report.path)} · {escape(report.region_text)} · {report.prices_text} · "
        f"{month_text(bill.month)} · {bill.currency}",
        f"**Total: {escape(report.total_text())}**",
    ]
    if not bill.tables:
        parts.append("No tables to price.")
    parts += [table_markdown(report, t, formulas=formulas, level=level + 1) for t in bill.tables]
    if bill.credits:
        parts += [f"{hashes}# Free tier", lines_markdown(bill.credits, formulas)]
    notes = report.notes()
    if report.unconfirmed:
        notes.insert(0, UNCONFIRMED_LEGEND)
    if notes:
        parts += [f"{hashes}# Notes", "\n".join(f"- {escape(note)}" for note in notes)]
    return "\n\n".join(parts) + "\n"
