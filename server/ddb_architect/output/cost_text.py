"""The text cost report: per table a header with its monthly figure, the bill's lines as
an aligned table, the access patterns by cost and, with ``compare``, the alternatives;
then the total with the Region and the price date, and the notes. Fits 100 columns unless
names are very long; ``formulas`` adds each figure's formula on an indented line."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from ddb_architect.cost.bill import CostLine, EntityCost, PatternCost, TableCost
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

WIDTH = 100
INDENT = "  "
FORMULA_INDENT = "      "
GAP = "  "
INCOMPLETE = "+ not priced"

Row = Sequence[str]


def _table(header: Row, rows: Sequence[Row], right: set[int]) -> list[str]:
    """Rows aligned in columns (``right``: the right-aligned ones), indented."""
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def cell(row: Row, i: int) -> str:
        return row[i].rjust(widths[i]) if i in right else row[i].ljust(widths[i])

    return [(INDENT + GAP.join(cell(row, i) for i in range(len(row)))).rstrip() for row in (header, *rows)]


def _money(text: str) -> str:
    """A money cell whose unconfirmed marker hangs to the right of the column."""
    return text if text.endswith(UNCONFIRMED_MARK) else text + " "


def _wrap(text: str, indent: str = FORMULA_INDENT, hanging: str | None = None) -> list[str]:
    """``text`` wrapped at ``WIDTH`` after ``indent``; further lines after ``hanging``
    (default: ``indent`` and two spaces)."""
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=hanging if hanging is not None else indent + "  ",
        break_on_hyphens=False,
        break_long_words=False,
    )


def _with_formulas(table: list[str], formulas: Sequence[str] | None) -> list[str]:
    """``table`` (header first) with each row's formula wrapped under it."""
    if formulas is None:
        return table
    out = [table[0]]
    for row, formula in zip(table[1:], formulas, strict=True):
        out.append(row)
        out.extend(_wrap(formula))
    return out


def line_rows(lines: Sequence[CostLine]) -> list[Row]:
    return [
        (
            line.category,
            line.subject,
            quantity_text(line),
            unit_price_text(line),
            _money(usd_text(line.monthly_usd, line.unconfirmed)),
        )
        for line in lines
    ]


def lines_table(lines: Sequence[CostLine], formulas: bool = False) -> list[str]:
    ordered = ordered_lines(lines)
    table = _table(
        ("category", "subject", "quantity", "unit price", "$/month "), line_rows(ordered), right={2, 3, 4}
    )
    return _with_formulas(table, [line.formula for line in ordered] if formulas else None)


def entities_table(entities: Sequence[EntityCost], formulas: bool = False) -> list[str]:
    rows = [[*row[:-1], _money(row[-1])] for row in entity_rows(entities)]
    table = _table((*ENTITY_HEADER[:-1], ENTITY_HEADER[-1] + " "), rows, right={1, 2, 3, 4})
    return _with_formulas(table, [entity.formula for entity in entities] if formulas else None)


def patterns_table(patterns: Sequence[PatternCost], formulas: bool = False) -> list[str]:
    ordered = patterns_by_cost(patterns)
    rows = [
        (
            pattern.name,
            op_text(pattern),
            units_text(pattern.read_units_per_request),
            units_text(pattern.write_units_per_request),
            requests_text(pattern.requests_per_month),
            _money(pattern_usd_text(pattern)),
        )
        for pattern in ordered
    ]
    table = _table(
        (
            "access pattern (by cost)",
            "op",
            "read units/req",
            "write units/req",
            "requests/month",
            "$/month ",
        ),
        rows,
        right={2, 3, 4, 5},
    )
    return _with_formulas(table, [pattern.formula for pattern in ordered] if formulas else None)


def _difference(alternative: Alternative, current: Alternative) -> str:
    if alternative.current:
        return ""
    difference = alternative.monthly_usd - current.monthly_usd
    sign = "+" if difference >= 0 else "-"
    return sign + format_usd(abs(difference))


def _total_cell(alternative: Alternative) -> str:
    return format_usd(alternative.monthly_usd) + (UNCONFIRMED_MARK if alternative.unconfirmed else " ")


def comparison_table(comparison: TableComparison) -> list[str]:
    current = comparison.current
    current_class = next(a for a in comparison.table_class if a.current)
    alternatives = [*comparison.capacity_mode, *comparison.table_class]
    incomplete = any(a.priced and not a.complete for a in alternatives)
    rows: list[Row] = []
    for group, reference in ((comparison.capacity_mode, current), (comparison.table_class, current_class)):
        for alternative in group:
            label = alternative.label + (" (now)" if alternative.current else "")
            if not alternative.priced:
                rows.append([label, "-", "-", "-", "not priced ", "", *([""] if incomplete else [])])
                continue
            row = [
                label,
                format_usd(alternative.group_usd("throughput")),
                format_usd(alternative.group_usd("storage")),
                format_usd(alternative.group_usd("other")),
                _total_cell(alternative),
                _difference(alternative, reference),
            ]
            if incomplete:
                row.append("" if alternative.complete else INCOMPLETE)
            rows.append(row)
    header = ["compare", "reads+writes", "storage", "other", "$/month ", "vs now"]
    if incomplete:
        header.append("")
    lines = _table(header, rows, right={1, 2, 3, 4, 5})
    notes = list(comparison.notes)
    if incomplete:
        notes.insert(0, f"{INCOMPLETE}: some lines are not priced and left out of the figures")
    for note in notes:
        lines.extend(_wrap(note, INDENT + "  "))
    return lines


def table_header(report: CostReport, table: TableCost) -> list[str]:
    left = f"{table.name} — {table.billing}, {class_name(table.table_class)}"
    unpriced = len(table.unpriced)
    if not table.lines:
        right = "nothing to price"
    elif unpriced == len(table.lines):
        right = "not priced"
    else:
        right = f"{format_usd(table.monthly_usd)} a month" + (f" + {unpriced} not priced" if unpriced else "")
    lines = [left + " " * max(2, WIDTH - len(left) - len(right)) + right]
    if table.capacity:
        lines.append(f"{INDENT}capacity: {capacity_text(table)}")
    design_table = report.design.tables.get(table.name) if report.design is not None else None
    if design_table is not None:
        others = [r for r in dict.fromkeys(design_table.replicas) if r != report.bill.region]
        if others:
            lines.append(f"{INDENT}global table, replicas in {', '.join(others)}")
    return lines


def table_section(report: CostReport, table: TableCost, formulas: bool = False) -> list[str]:
    lines = table_header(report, table)
    if table.lines:
        lines += lines_table(table.lines, formulas)
    if table.entities:
        lines += ["", *entities_table(table.entities, formulas)]
    if table.patterns:
        lines += ["", *patterns_table(table.patterns, formulas)]
    comparison = next((c for c in report.comparisons or () if c.table == table.name), None)
    if comparison is not None:
        lines += ["", *comparison_table(comparison)]
    return lines


def render_cost_text(report: CostReport, *, formulas: bool = False) -> str:
    bill = report.bill
    title = f"Cost of {report.design_name}" if report.design_name else "Cost"
    lines = [
        f"{title} ({report.path})",
        f"{report.region_text} · {report.prices_text} · {month_text(bill.month)} · {bill.currency}",
    ]
    if not bill.tables:
        lines += ["", "No tables to price."]
    for table in bill.tables:
        lines += ["", *table_section(report, table, formulas)]
    if bill.credits:
        lines += ["", "Free tier (pricing: free_tier: true)", *lines_table(bill.credits, formulas)]
    total = f"Total: {report.total_text()} · {report.region_text} · {report.prices_text}"
    lines += ["", *_wrap(total, "", "       ")]
    notes = report.notes()
    if report.unconfirmed:
        notes.insert(0, UNCONFIRMED_LEGEND)
    if notes:
        lines += ["", "Notes:"]
        for note in notes:
            lines += _wrap(note, INDENT + "- ", INDENT + "  ")
    return "\n".join(lines) + "\n"
