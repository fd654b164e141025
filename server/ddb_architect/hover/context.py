"""What every hover of one spec reads: the design's bill (priced once), its price book,
lookups from spec models to their costs, and the common figures and footer."""

from __future__ import annotations

import re
from functools import cached_property

from ddb_architect.cost.bill import (
    MONTH_SECONDS,
    Bill,
    CostLine,
    EntityCost,
    IndexCost,
    PatternCost,
    TableCost,
)
from ddb_architect.cost.design_bill import book_for, price_design
from ddb_architect.cost.money import format_usd
from ddb_architect.cost.prices import PriceBook, price_data
from ddb_architect.cost.table_memo import table_analysis
from ddb_architect.hover import markdown as md
from ddb_architect.spec.analysis import TableAnalysis
from ddb_architect.spec.model import AccessPattern, Design, Entity, SpecModel, Table
from ddb_architect.spec.quantities import format_count, format_units
from ddb_architect.spec.yaml_tree import YScalar

_MISSING_KEY = re.compile(r"\((\w+): \.\.\.\)")
REQUEST_UNITS = frozenset({"RRU", "WRU", "rWRU", "read request units"})


class HoverContext:
    """A design's costs, computed on first use and kept: a hover only looks them up."""

    def __init__(self, design: Design, region: str | None = None) -> None:
        self.design = design
        self.region = region
        self._analyses: dict[str, TableAnalysis] = {}

    @cached_property
    def bill(self) -> Bill:
        return price_design(self.design, region=self.region)

    @cached_property
    def book(self) -> PriceBook:
        return book_for(self.design, self.region)

    @cached_property
    def _tables(self) -> dict[str, TableCost]:
        return {cost.name: cost for cost in self.bill.tables}

    @cached_property
    def _patterns(self) -> dict[int, PatternCost]:
        return {id(p.pattern): p for cost in self.bill.tables for p in cost.patterns}

    @cached_property
    def _pattern_entities(self) -> dict[int, list[Entity]]:
        found: dict[int, list[Entity]] = {}
        for table in self.design.tables.values():
            analysis = self.analysis(table)
            for pattern in table.access_patterns:
                found[id(pattern)] = analysis.pattern_entities(pattern)
        return found

    def prepare(self) -> None:
        """Compute everything a hover looks up (to do the work before the first hover)."""
        _ = self.book, self._tables, self._patterns, self._pattern_entities

    def pattern_entities(self, pattern: AccessPattern) -> list[Entity]:
        """The entities an access pattern reads or writes (named, or matched by its key)."""
        return self._pattern_entities.get(id(pattern), [])

    def table_cost(self, table: Table) -> TableCost | None:
        return self._tables.get(table.name)

    def pattern_cost(self, pattern: AccessPattern) -> PatternCost | None:
        return self._patterns.get(id(pattern))

    def index_cost(self, table: Table, name: str) -> IndexCost | None:
        cost = self.table_cost(table)
        return next((i for i in cost.indexes if i.name == name), None) if cost is not None else None

    def entity_cost(self, table: Table, name: str) -> EntityCost | None:
        cost = self.table_cost(table)
        return next((e for e in cost.entities if e.name == name), None) if cost is not None else None

    def analysis(self, table: Table) -> TableAnalysis:
        if table.name not in self._analyses:
            self._analyses[table.name] = table_analysis(self.design, table)[0]
        return self._analyses[table.name]

    def price_key(self, table: Table, base: str) -> str:
        """The key of a price for the table's class (``storage_gb_month`` or ``…_ia``)."""
        return base + ("_ia" if table.table_class == "standard-ia" else "")

    # ----- the footer every hover ends with

    def footer(self, *, unconfirmed: bool = False) -> str:
        bill, book = self.bill, self.book
        where = md.text(
            bill.region_name if bill.region_name == bill.region else f"{bill.region_name} ({bill.region})"
        )
        parts = [where]
        if book.known:
            parts.append(f"prices as of {md.text(bill.prices_as_of)}")
        else:
            known = ", ".join(sorted(price_data().regions))
            given = (
                f"only the {len(book.overrides)} under `pricing:` are known"
                if book.overrides
                else "give them under `pricing:`, e.g. `read_request_unit: 0.125` (USD per million)"
            )
            parts.append(
                f"prices unknown: no price table for this Region ({md.text(known)} have one); {given}"
            )
        if book.known and book.overrides:
            parts.append(f"{len(book.overrides)} price(s) from `pricing:`")
        if unconfirmed:
            parts.append("† unconfirmed price")
        return "---\n\n" + " · ".join(parts)


# --------------------------------------------------------------------------- figures


def exact(number: float) -> str:
    """``1,536``; ``0.5``: a number in full, with separators."""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")


def share_text(part: float, whole: float) -> str:
    """``0.38%``, ``5.2%``, ``40%``: a share with the digits that matter."""
    share = part / whole
    return f"{share:.2%}" if share < 0.01 else f"{share:.1%}" if share < 0.1 else f"{share:.0%}"


def amount(quantity: float, unit: str) -> str:
    """``3.96B RRU``, ``0.37 GB-month``: a bill line's quantity as the bill writes it."""
    number = format_count(quantity) if quantity >= 1000 else format_units(quantity)
    return f"{number} {unit}"


def price_text(per_unit: float, per: float = 1.0) -> str:
    """A unit price as prices are written: ``$0.25``, ``$0.00065``, ``$0.125/M``."""
    value = float(f"{per_unit * per:.6g}")
    figure = f"${value:,.2f}" if round(value, 2) == value else f"${value:g}"
    return figure + ("/M" if per == 1_000_000 else "")


def line_price(line: CostLine) -> str | None:
    """The unit price a priced bill line was computed with (its dollars ÷ its quantity)."""
    if line.monthly_usd is None or not line.quantity:
        return None
    per = 1_000_000 if line.unit in REQUEST_UNITS else 1.0
    return price_text(line.monthly_usd / line.quantity, per)


def line_label(line: CostLine, table: str) -> str:
    """A short name for a bill line: ``reads``, ``GSI1 storage``, ``PITR``."""
    fixed = {"backups": "PITR backups", "streams": "stream reads", "data-transfer": "replication transfer"}
    if line.category in fixed:
        return fixed[line.category]
    kind = line.category.removeprefix("index-")
    if line.category == "replication":
        kind = "replica"
    return kind if line.subject == table else f"{line.subject} {kind}"


def missing_prices(lines: list[CostLine]) -> str | None:
    """One sentence for the lines that are not priced: which prices are missing and where
    to give them (the bill says it line by line)."""
    keys: list[str] = []
    others: list[str] = []
    for line in lines:
        _, found, reason = line.formula.partition("not priced: ")
        if not found:
            continue
        key = _MISSING_KEY.search(reason)
        if key is not None:
            keys.append(key.group(1))
        else:
            others.append(reason)
    if not keys and not others:
        return None
    parts = []
    if keys:
        names = ", ".join(md.code(k) for k in dict.fromkeys(keys))
        parts.append(f"no price for {names} in the price table; give them under `pricing:`")
    parts += [md.text(reason) for reason in dict.fromkeys(others)]
    return "Not priced: " + "; ".join(parts)


def cost_table(lines: list[CostLine], table: str, *, total: bool) -> str:
    """A bill's lines as a three-column table: what, quantity × price, dollars a month."""
    rows = []
    for line in lines:
        price = line_price(line)
        quantity = amount(line.quantity, line.unit)
        rows.append(
            [
                md.text(line_label(line, table)),
                md.text(f"{quantity} × {price}" if price is not None else quantity),
                (format_usd(line.monthly_usd) if line.monthly_usd is not None else "not priced")
                + (" †" if line.unconfirmed else ""),
            ]
        )
    if total and len(lines) > 1:
        usd = sum(line.monthly_usd or 0.0 for line in lines)
        rows.append(["**total**", "", md.bold(md.text(format_usd(usd)))])
    return md.table(["", "quantity × price", "a month"], rows, "llr")


def monthly(usd: float | None, *, unpriced: int = 0) -> str:
    """``**$12.34 a month**``, or what is not priced."""
    if usd is None:
        return "not priced"
    text = md.bold(md.text(format_usd(usd)) + " a month")
    if unpriced:
        text += f" + {unpriced} unpriced line{'s' if unpriced > 1 else ''}"
    return text


def over_a_month(model: SpecModel, field: str, per_second: float) -> str:
    """How a rate becomes a month: ``300/s × 2,628,000 s``, or ``20K/day over a month of
    730 h`` when it is not written per second."""
    text = written(model, field)
    if text is not None and re.search(r"/\s*(s|sec|second)s?$", text.strip()):
        return f"{text.strip()} × {exact(MONTH_SECONDS)} s"
    return f"{text or exact(per_second) + '/s'} over a month of 730 h"


def written(model: SpecModel, field: str) -> str | None:
    """A field's value as the spec writes it (``1.5KB``, ``900/s``)."""
    node = model.value_node(field)
    return node.text if isinstance(node, YScalar) else None
