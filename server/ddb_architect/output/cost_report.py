"""What every cost format renders: a design's bill, its alternatives side by side, and
the notes a reader needs to trust the figures (unconfirmed and missing prices).

The figures all come from ``cost.bill``; this module only selects, orders and labels
them, so the text, JSON and Markdown reports (and the language server) agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from ddb_architect.cost.bill import (
    HOURS_PER_MONTH,
    Bill,
    CostLine,
    EntityCost,
    PatternCost,
    Scenario,
    TableCost,
)
from ddb_architect.cost.capacity import TARGET_UTILIZATION
from ddb_architect.cost.design_bill import price_design
from ddb_architect.cost.money import format_usd
from ddb_architect.cost.prices import STANDARD, STANDARD_IA, price_data
from ddb_architect.spec.model import Design
from ddb_architect.spec.quantities import format_bytes, format_count, format_units

# The order lines are shown in, as the bill's reader thinks of them.
CATEGORY_ORDER = (
    "reads",
    "writes",
    "index-reads",
    "index-writes",
    "storage",
    "index-storage",
    "backups",
    "streams",
    "replication",
    "data-transfer",
)
THROUGHPUT = frozenset({"reads", "writes", "index-reads", "index-writes"})
STORAGE = frozenset({"storage", "index-storage"})

UNCONFIRMED_MARK = "*"
UNCONFIRMED_LEGEND = (
    f"{UNCONFIRMED_MARK} unconfirmed price: no AWS-authored source could confirm it "
    "(schemas/prices.json lists the sources)"
)

CLASS_NAMES = {STANDARD: "Standard", STANDARD_IA: "Standard-IA"}


def free_tier_note() -> str:
    free = price_data().free_tier
    return (
        f"The always-free tier ({format_units(free.storage_gb)} GB of Standard storage, "
        f"{format_units(free.read_capacity_units)} RCU and {format_units(free.write_capacity_units)} "
        f"WCU provisioned, {format_count(free.streams_read_request_units)} stream reads a month, per "
        "account and Region) is not counted; set pricing: {free_tier: true} in the spec to count it"
    )


def class_name(table_class: str) -> str:
    return CLASS_NAMES.get(table_class, table_class)


def month_text(month: int) -> str:
    return "the coming month" if month == 1 else f"month {month} from now"


# --------------------------------------------------------------------------- lines


def ordered_lines(lines: Iterable[CostLine]) -> list[CostLine]:
    """Lines by category in ``CATEGORY_ORDER`` (others last), the bill's order within one."""
    rank = {category: i for i, category in enumerate(CATEGORY_ORDER)}
    return sorted(lines, key=lambda line: rank.get(line.category, len(rank)))


def quantity_text(line: CostLine) -> str:
    """``3.96B RRU``, ``129 GB-month``, ``7,400 reserved RCU``."""
    return f"{format_count(line.quantity)} {line.unit}"


def _significant(number: float, digits: int = 4) -> str:
    """``number`` with ``digits`` significant digits in fixed notation, no trailing zeros."""
    if number == 0 or not math.isfinite(number):
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(number))))
    text = f"{number:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _price(number: float) -> str:
    """A unit price: four significant digits, and cents at least (``$0.20``, ``$0.00065``)."""
    text = _significant(number)
    whole, _, decimals = text.partition(".")
    return f"${whole}.{decimals.ljust(2, '0')}"


def unit_price_text(line: CostLine) -> str:
    """The price one unit of the line was billed at, as price lists write it: ``$0.125/M``
    for request units, ``$0.00013/h`` for capacity (reserved capacity as its effective
    hourly rate, upfront fee included), ``$0.25/GB-month``; empty when not priced. A free-tier
    credit shows the price it takes off."""
    if line.monthly_usd is None or line.quantity <= 0:
        return ""
    per_unit = abs(line.monthly_usd) / line.quantity
    unit = line.unit
    if unit in ("RRU", "WRU", "rWRU"):
        return f"{_price(per_unit * 1e6)}/M"
    if unit == "read request units":
        return f"{_price(per_unit * 1e5)}/100K"
    if unit.endswith("-hours"):
        return f"{_price(per_unit)}/h"
    if unit.startswith("reserved ") or unit in ("RCU", "WCU"):
        # A month of one unit of capacity: reserved capacity, or a free-tier unit.
        return f"{_price(per_unit / HOURS_PER_MONTH)}/h"
    return f"{_price(per_unit)}/{unit}"


def usd_text(amount: float | None, unconfirmed: bool = False) -> str:
    """A dollar figure with the unconfirmed marker; ``not priced`` for None."""
    if amount is None:
        return "not priced"
    return format_usd(amount) + (UNCONFIRMED_MARK if unconfirmed else "")


def not_priced_reason(line: CostLine) -> str | None:
    """Why a line has no price, from its formula."""
    if line.monthly_usd is not None:
        return None
    _, found, reason = line.formula.partition("not priced: ")
    return reason if found else "no price"


def entity_rows(entities: Iterable[EntityCost]) -> list[list[str]]:
    """Per entity: item size, items now and in 12 months, storage dollars this month."""
    return [
        [
            entity.name,
            format_bytes(entity.item_bytes) if entity.item_bytes is not None else "?",
            format_count(entity.count_now) if entity.count_now is not None else "?",
            format_count(entity.count_in_12_months) if entity.count_in_12_months is not None else "?",
            usd_text(entity.monthly_usd),
        ]
        for entity in entities
    ]


ENTITY_HEADER = ("entity storage", "item size", "items now", "in 12 months", "$/month")


# --------------------------------------------------------------------------- patterns


def patterns_by_cost(patterns: Iterable[PatternCost]) -> list[PatternCost]:
    """Most expensive first; patterns without a figure last, in the spec's order."""
    return sorted(patterns, key=lambda p: (p.monthly_usd is None, -(p.monthly_usd or 0.0)))


def op_text(pattern: PatternCost) -> str:
    """``Query``, ``Query GSI1``: the operation and the index it runs on."""
    index = pattern.pattern.index
    return f"{pattern.pattern.op} {index}" if index else pattern.pattern.op


def units_text(units: float | None) -> str:
    if units is None:
        return "?"
    return format_units(units) if units else "-"


def requests_text(requests: float | None) -> str:
    return format_count(requests) if requests is not None else "no rate"


def pattern_usd_text(pattern: PatternCost) -> str:
    if pattern.monthly_usd is not None:
        return usd_text(pattern.monthly_usd, any(line.unconfirmed for line in pattern.lines))
    if pattern.requests_per_month is None:
        return "no rate"
    if pattern.load is None:
        return "unknown"
    return "not priced"


def pattern_gap(pattern: PatternCost) -> str | None:
    """Why a pattern has no figure, or None when it has one."""
    if pattern.monthly_usd is not None:
        return None
    if pattern.load is None:
        return f"{pattern.table}.{pattern.name}: {pattern.formula}"
    if pattern.requests_per_month is None:
        return f"{pattern.table}.{pattern.name}: no rate: declare rate: (e.g. 20/s) to price it"
    return f"{pattern.table}.{pattern.name}: not priced (a price is missing)"


# --------------------------------------------------------------------------- comparisons


@dataclass(frozen=True)
class Alternative:
    """One way of running a table, priced: its own settings or another mode or class."""

    key: str
    """``on-demand``; ``provisioned`` (capacity sized to the peaks), ``provisioned-declared``
    (the spec's capacity), ``provisioned-reserved`` (either, as 1-year reserved capacity);
    ``standard`` or ``standard-ia``."""
    label: str
    cost: TableCost
    scenario: Scenario
    current: bool = False

    @property
    def monthly_usd(self) -> float:
        return self.cost.monthly_usd

    @property
    def complete(self) -> bool:
        return self.cost.complete

    @property
    def unconfirmed(self) -> bool:
        return any(line.unconfirmed and line.monthly_usd is not None for line in self.cost.lines)

    @property
    def priced(self) -> bool:
        """Whether any line has a price (none has in a Region without a price table)."""
        return any(line.monthly_usd is not None for line in self.cost.lines)

    def group_usd(self, group: str) -> float:
        """Dollars of ``throughput`` (reads and writes, capacity or requests),
        ``storage`` (items and index entries) or ``other`` (backups, streams, replicas)."""
        return sum(line.monthly_usd or 0.0 for line in self.cost.lines if _group(line.category) == group)


def _group(category: str) -> str:
    if category in THROUGHPUT:
        return "throughput"
    if category in STORAGE:
        return "storage"
    return "other"


@dataclass
class TableComparison:
    """A table's alternatives: capacity modes, then table classes."""

    table: str
    capacity_mode: list[Alternative]
    table_class: list[Alternative]
    notes: list[str] = field(default_factory=list)

    @property
    def current(self) -> Alternative:
        return next(a for a in self.capacity_mode if a.current)


def capacity_text(cost: TableCost) -> str:
    """``SocialApp 7,429 RCU / 15 WCU; GSI1 11 RCU / 1 WCU``."""
    return "; ".join(
        f"{subject} {format_units(read)} RCU / {format_units(write)} WCU"
        for subject, (read, write) in cost.capacity.items()
    )


def compare_tables(design: Design, bill: Bill, region: str | None = None) -> list[TableComparison]:
    """Every table of ``design`` under the other capacity mode (with and without 1-year
    reserved capacity) and the other table class, next to its own settings (``bill``)."""
    month = bill.month

    def priced(scenario: Scenario) -> dict[str, TableCost]:
        return {t.name: t for t in price_design(design, region=region, month=month, scenario=scenario).tables}

    on_demand = Scenario(billing="on-demand")
    peaks = Scenario(billing="provisioned", derive_capacity=True)
    peaks_reserved = Scenario(billing="provisioned", derive_capacity=True, reserved=True)
    declared_reserved = Scenario(billing="provisioned", reserved=True)
    standard = Scenario(table_class=STANDARD)
    infrequent = Scenario(table_class=STANDARD_IA)
    costs = {
        scenario: priced(scenario)
        for scenario in (on_demand, peaks, peaks_reserved, declared_reserved, standard, infrequent)
    }
    at = f"{TARGET_UTILIZATION:.0%}"
    comparisons = []
    for own in bill.tables:
        table = design.tables.get(own.name)
        declared = table is not None and table.billing == "provisioned" and table.capacity is not None
        reservable = own.table_class == STANDARD
        if own.billing == "provisioned":
            current_label = (
                "provisioned, as declared" if declared else f"provisioned at peaks ÷ {at} (none declared)"
            )
        else:
            current_label = "on-demand"
        current_key = "provisioned-declared" if declared and own.billing == "provisioned" else own.billing
        modes = [Alternative(current_key, current_label, own, Scenario(), current=True)]
        if own.billing == "provisioned":
            if reservable:
                modes.append(
                    Alternative(
                        "provisioned-reserved",
                        "same, 1-year reserved",
                        costs[declared_reserved][own.name],
                        declared_reserved,
                    )
                )
            if declared:
                modes.append(
                    Alternative("provisioned", f"provisioned at peaks ÷ {at}", costs[peaks][own.name], peaks)
                )
            modes.append(Alternative("on-demand", "on-demand", costs[on_demand][own.name], on_demand))
        else:
            modes.append(
                Alternative("provisioned", f"provisioned at peaks ÷ {at}", costs[peaks][own.name], peaks)
            )
            if reservable:
                modes.append(
                    Alternative(
                        "provisioned-reserved",
                        "same, 1-year reserved",
                        costs[peaks_reserved][own.name],
                        peaks_reserved,
                    )
                )
        classes = [
            Alternative(
                name,
                class_name(name),
                own if own.table_class == name else costs[scenario][own.name],
                Scenario() if own.table_class == name else scenario,
                current=own.table_class == name,
            )
            for name, scenario in ((STANDARD, standard), (STANDARD_IA, infrequent))
        ]
        notes = []
        sized = next((a for a in modes if a.key == "provisioned"), None)
        if sized is not None and sized.cost.capacity:
            notes.append(
                f"provisioned at peaks: {capacity_text(sized.cost)}, every hour of the month "
                f"(the sum of the access patterns' peaks at {at} utilization; auto scaling "
                "that follows a daily cycle would cost less)"
            )
        notes.append("other: backups, streams, replicas and data transfer")
        if any(a.key == "provisioned-reserved" for a in modes):
            notes.append(
                "reserved capacity: 1-year term, Standard class only, in blocks of 100 units; "
                "the upfront fee is spread over 12 months"
            )
        elif not reservable:
            notes.append("reserved capacity is not sold for the Standard-IA class")
        comparisons.append(TableComparison(own.name, modes, classes, notes))
    return comparisons


# --------------------------------------------------------------------------- the report


@dataclass
class CostReport:
    """A design's bill and what the reports show around it."""

    bill: Bill
    path: str
    design_name: str | None = None
    comparisons: list[TableComparison] | None = None
    spec_errors: int = 0
    design: Design | None = None

    @property
    def tables(self) -> list[TableCost]:
        return self.bill.tables

    @property
    def patterns(self) -> list[PatternCost]:
        """Every access pattern, table by table in the spec's order."""
        return [pattern for table in self.bill.tables for pattern in table.patterns]

    @property
    def lines(self) -> list[CostLine]:
        return [line for table in self.bill.tables for line in table.lines]

    @property
    def region_known(self) -> bool:
        return self.bill.region in price_data().regions

    @property
    def unpriced_lines(self) -> list[CostLine]:
        return [line for line in [*self.lines, *self.bill.credits] if line.monthly_usd is None]

    @property
    def complete(self) -> bool:
        return not self.unpriced_lines

    @property
    def unconfirmed(self) -> bool:
        lines: list[CostLine] = [*self.lines, *self.bill.credits]
        if self.comparisons:
            lines += [
                line
                for comparison in self.comparisons
                for alternative in (*comparison.capacity_mode, *comparison.table_class)
                for line in alternative.cost.lines
            ]
        return any(line.unconfirmed and line.monthly_usd is not None for line in lines)

    @property
    def free_tier_counted(self) -> bool:
        """Whether the spec asks for the free tier (``pricing: {free_tier: true}``)."""
        if self.bill.credits:
            return True
        pricing = self.design.pricing if self.design is not None else None
        return bool(pricing is not None and pricing.free_tier)

    @property
    def prices_text(self) -> str:
        """``prices as of 2026-08-15``, or ``no price table``."""
        return f"prices as of {self.bill.prices_as_of}" if self.region_known else "no price table"

    @property
    def region_text(self) -> str:
        name = self.bill.region_name
        return self.bill.region if name == self.bill.region else f"{self.bill.region} ({name})"

    def total_text(self) -> str:
        """``$569.70 a month``, ``$184.95 a month + 4 lines not priced``, or ``not priced``."""
        unpriced = len(self.unpriced_lines)
        amount = f"{format_usd(self.bill.total_monthly_usd)} a month"
        if not unpriced:
            return amount
        if unpriced == len(self.lines) + len(self.bill.credits):
            return "not priced"
        return f"{amount} + {unpriced} line{'s' if unpriced != 1 else ''} not priced"

    def unpriced_text(self) -> str:
        """Which prices are missing, in one sentence."""
        missing: dict[str, dict[str, None]] = {}
        others: dict[str, None] = {}
        for line in self.unpriced_lines:
            if line.missing is not None:
                region, key = line.missing
                missing.setdefault(region, {})[key] = None
            else:
                others[not_priced_reason(line) or "no price"] = None
        parts = [f"the price table of {region} has no {', '.join(keys)}" for region, keys in missing.items()]
        if missing:
            parts.append("give the prices under pricing: in the spec")
        return "; ".join([*parts, *others])

    def notes(self) -> list[str]:
        """What the reader must know to trust the figures, most important first."""
        notes: list[str] = []
        if not self.region_known:
            known = ", ".join(price_data().regions)
            notes.append(
                f"No price table for {self.bill.region} (prices are known for {known}): the "
                "quantities are shown without dollars, apart from any price the spec gives "
                "under pricing:. Use --region to price the design in another Region"
            )
        elif self.unpriced_lines:
            count = len(self.unpriced_lines)
            notes.append(
                f"{count} line{'s' if count != 1 else ''} not priced (left out of the totals): "
                + self.unpriced_text()
            )
        if self.spec_errors:
            one = self.spec_errors == 1
            notes.append(
                f"The spec has {self.spec_errors} error{'' if one else 's'}: what "
                f"{'it affects' if one else 'they affect'} is left out; run ddb-architect check"
            )
        gaps = [gap for pattern in self.patterns if (gap := pattern_gap(pattern)) is not None]
        if gaps and self.region_known:
            notes.append("Access patterns without a figure: " + "; ".join(gaps))
        if any(table.billing == "provisioned" for table in self.tables):
            notes.append(
                "On a provisioned table an access pattern's figure is the capacity its average "
                f"load needs at {TARGET_UTILIZATION:.0%} utilization; the table pays for the "
                "capacity it has, so the patterns need not add up to it"
            )
        for table in self.tables:
            notes.extend(f"{table.name}: {note}" for note in table.notes)
        notes.extend(note for note in self.bill.notes if self.region_known)
        if self.bill.month > 1:
            notes.append(
                f"Storage is the average of month {self.bill.month}: counts grown by each "
                "entity's growth and capped by its retention"
            )
        if not self.free_tier_counted:
            notes.append(free_tier_note())
        return notes


def build_cost_report(
    design: Design,
    *,
    path: str,
    region: str | None = None,
    month: int = 1,
    compare: bool = False,
    spec_errors: int = 0,
) -> CostReport:
    """Price ``design`` for ``month`` (1: the coming month) in its Region or ``region``,
    with its alternatives when ``compare`` is set."""
    bill = price_design(design, region=region, month=month)
    comparisons = compare_tables(design, bill, region) if compare else None
    return CostReport(bill, path, design.name, comparisons, spec_errors, design)
