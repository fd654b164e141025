"""The shared part of pricing one table: its prices, Regions, months and helpers that turn units and bytes into dollars."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cached_property

from ddb_architect.cost import units as u
from ddb_architect.cost.bill import (
    HOURS_PER_MONTH,
    MONTH_SECONDS,
    CostLine,
    Scenario,
    TableCost,
    gigabytes,
)
from ddb_architect.cost.capacity import TARGET_UTILIZATION, PoolLoad, pool_loads
from ddb_architect.cost.growth import average_count
from ddb_architect.cost.money import format_usd
from ddb_architect.cost.patterns import PatternLoad, PatternLoads
from ddb_architect.cost.prices import STANDARD, PriceBook
from ddb_architect.spec.analysis import TableAnalysis
from ddb_architect.spec.model import AccessPattern, Table
from ddb_architect.spec.quantities import (
    format_bytes,
    format_count,
    format_units,
)

STREAM_POLLS_PER_SECOND = 1.0  # a polling consumer (KCL's default) reads each shard once a second
PARTITION_BYTES = 10 * 1024**3


class CostingBase:
    """The shared part of pricing one table: its prices, Regions, months and helpers that turn units and bytes into dollars."""

    def __init__(
        self, analysis: TableAnalysis, loads: PatternLoads, book: PriceBook, scenario: Scenario
    ) -> None:
        self.analysis = analysis
        self.table: Table = analysis.table
        self.loads = loads
        self.book = book
        self.scenario = scenario
        self.billing = scenario.billing or self.table.billing
        self.table_class = scenario.table_class or self.table.table_class
        self.replicas = [r for r in dict.fromkeys(self.table.replicas) if r != book.region]
        self.global_table = bool(self.table.replicas) and len(set(self.table.replicas) | {book.region}) > 1
        self.cost = TableCost(self.table.name, self.billing, self.table_class, scenario)
        self.month_start = (scenario.month - 1) * MONTH_SECONDS
        self.month_end = scenario.month * MONTH_SECONDS
        self._month_loads: dict[int, PatternLoad | None] = {}
        self._missing: dict[str, set[str]] = {}
        """Price keys a Region's table lacks, by Region, for the table's notes."""
        self._replica_index_lines: dict[str, list[CostLine]] = {}
        """Capacity lines of each global index in the replica Regions (filed under the
        Region in the table's lines)."""

    def key(self, base: str) -> str:
        return base + ("_ia" if self.table_class != STANDARD else "")

    def priced(
        self,
        category: str,
        subject: str,
        quantity: float,
        unit: str,
        key: str,
        what: str,
        book: PriceBook | None = None,
    ) -> CostLine:
        book = book or self.book
        price = book.get(key)
        amount = f"{format_count(quantity) if quantity >= 1000 else format_units(quantity)} {unit}"
        if price is None:
            self._missing.setdefault(book.region, set()).add(key)
            return CostLine(
                category,
                subject,
                quantity,
                unit,
                None,
                f"{what}: {amount}; not priced: {book.missing(key)}",
                missing=(book.region, key),
            )
        usd = quantity * price.per_unit
        note = " (unconfirmed price)" if price.unconfirmed else ""
        return CostLine(
            category,
            subject,
            quantity,
            unit,
            usd,
            f"{what}: {amount} × {price.text}{note} = {format_usd(usd)}",
            price.unconfirmed,
        )

    def usd_for_reads(self, units_per_month: float) -> float | None:
        """What ``units_per_month`` read units cost: request units on demand, the capacity
        they need at 70 % when provisioned. Reads are the design's total, paid once, in
        this Region, even in a global table."""
        return self._usd_for_units(units_per_month, "read", self.book)

    def usd_for_writes(self, units_per_month: float, *, every_region: bool = True) -> float | None:
        """What ``units_per_month`` write units (table or index) cost. In a global table a
        write is paid in every Region (facts 6.7, 3.11), unless ``every_region`` is False
        (a transaction's doubling, paid where it runs)."""
        return self._in_regions(
            lambda book: self._usd_for_units(units_per_month, "write", book), every_region
        )

    def _usd_for_units(self, units_per_month: float, side: str, book: PriceBook) -> float | None:
        if self.billing == "provisioned":
            price = book.get(self.key(f"{side}_capacity_unit_hour"))
            if price is None:
                return None
            return units_per_month / MONTH_SECONDS / TARGET_UTILIZATION * HOURS_PER_MONTH * price.per_unit
        price = book.get(self.key(f"{side}_request_unit"))
        return units_per_month * price.per_unit if price is not None else None

    def usd_for_capacity(self, side: str, units: float) -> float | None:
        """What ``units`` of provisioned ``side`` ("read"/"write") capacity cost a month; in
        a global table, in every Region, as the bill provisions it."""

        def cost(book: PriceBook) -> float | None:
            price = book.get(self.key(f"{side}_capacity_unit_hour"))
            return units * HOURS_PER_MONTH * price.per_unit if price is not None else None

        return self._in_regions(cost, True)

    def usd_for_storage(self, size_bytes: float) -> float | None:
        """What storing ``size_bytes`` costs a month; a global table stores it in every
        Region."""

        def cost(book: PriceBook) -> float | None:
            price = book.get(self.key("storage_gb_month"))
            return gigabytes(size_bytes) * price.per_unit if price is not None else None

        return self._in_regions(cost, True)

    def _in_regions(self, cost: Callable[[PriceBook], float | None], every_region: bool) -> float | None:
        """``cost`` in this Region, plus in each replica's when ``every_region``; None when a
        Region cannot price it."""
        books = [self.book] + ([self.book_of(r) for r in self.replicas] if every_region else [])
        amounts = [cost(book) for book in books]
        if any(amount is None for amount in amounts):
            return None
        return sum(amount for amount in amounts if amount is not None)

    def book_of(self, region: str) -> PriceBook:
        """The prices of a replica's Region (with the design's overrides). A Region with
        no price table is not priced with this Region's prices: its lines stay unpriced
        and say so, unless pricing: gives the prices."""
        if region == self.book.region:
            return self.book
        return PriceBook.for_region(region, self.book.overrides)

    def requests(self, pattern: AccessPattern) -> float | None:
        return pattern.rate * MONTH_SECONDS if pattern.rate is not None else None

    def month_load(self, pattern: AccessPattern) -> PatternLoad | None:
        """The units of one request in the month priced. Only a Scan depends on the month:
        each pass reads the table as it is then, on average over the month, as storage is
        billed (facts 1.9, 2.11)."""
        key = id(pattern)
        if key not in self._month_loads:
            self._month_loads[key] = self._scan_this_month(self.loads(pattern))
        return self._month_loads[key]

    def _scan_this_month(self, load: PatternLoad | None) -> PatternLoad | None:
        if load is None or load.metered_as != "Scan":
            return load
        target = load.target
        total = 0.0
        items = 0.0
        for entity in self.analysis.entities_in(target):
            entry = self.analysis.entry_bytes(entity, target)
            count = average_count(entity, self.month_start, self.month_end)
            if entry is None or count is None:
                return load
            total += count * entry
            items += count
        strong = load.pattern.consistent and target.kind != "gsi"
        units = u.scan(total, u.Consistency.STRONG if strong else u.Consistency.EVENTUAL)
        if units == load.read_units:
            return load
        return replace(
            load,
            read_units=units,
            steps=[
                *load.steps,
                f"in month {self.scenario.month} the {target.label} averages {format_count(items)} items, "
                f"{format_bytes(total)}: {format_units(units)} RCU per pass",
            ],
        )

    def pattern_header(self, load: PatternLoad | None) -> str:
        if load is None:
            return "units unknown (an entity, item size or key condition is missing or wrong)"
        return load.formula

    def pools(self, rate: str) -> dict[str | None, PoolLoad]:
        rate_of = (lambda p: p.peak_rate) if rate == "peak" else (lambda p: p.rate)
        return pool_loads(self.table, self.loads, rate_of, self.patterns)

    @cached_property
    def patterns(self) -> list[AccessPattern]:
        """The access patterns priced: the declared ones, and for an entity that grows with
        no declared put creating it (PutItem, BatchWriteItem or TransactWriteItems), an
        implied PutItem at its growth rate: its items are written somehow, and each write
        and index entry is paid for."""
        implied = []
        creators = ("PutItem", "BatchWriteItem", "TransactWriteItems")
        writers = {name for p in self.table.access_patterns if p.op in creators for name in p.entity_names}
        for entity in self.table.entities.values():
            if entity.growth and entity.name not in writers:
                implied.append(
                    AccessPattern.model_construct(
                        name=f"implied-put-{entity.name}",
                        op="PutItem",
                        entity=entity.name,
                        rate=entity.growth,
                    )
                )
        return [*self.table.access_patterns, *implied]

    def implied(self, pattern: AccessPattern) -> bool:
        """True for a write the bill adds for an entity's growth (see ``patterns``)."""
        # By identity: an implied pattern is never equal to a declared one (it has no
        # node), and comparing models field by field costs more than the pricing.
        return id(pattern) not in self._declared

    @cached_property
    def _declared(self) -> frozenset[int]:
        return frozenset(id(p) for p in self.table.access_patterns)
