"""What a design costs per month, line by line, with the formula behind every figure.

A table's bill is computed under a ``Scenario`` (its own capacity mode and table class, or
an alternative to compare with). On-demand tables pay per request unit; provisioned ones
pay for capacity-hours, declared or derived from the peaks at 70 % utilization. Storage is
the items plus 100 bytes each and every index entry plus 100 bytes (facts 2.8, 2.9), in
binary GB, averaged over the month as DynamoDB bills it (facts 2.11), grown by the
declared growth and capped by retention. A month is 730 hours.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ddb_architect.cost import units as u
from ddb_architect.cost.capacity import TARGET_UTILIZATION, PoolLoad, capacity_for, pool_loads
from ddb_architect.cost.money import format_usd
from ddb_architect.cost.patterns import PatternLoad, PatternLoads
from ddb_architect.cost.prices import STANDARD, Price, PriceBook, price_data
from ddb_architect.spec.analysis import TableAnalysis, Target
from ddb_architect.spec.model import AccessPattern, Design, Entity, Index, Table
from ddb_architect.spec.quantities import (
    SECONDS_PER_DAY,
    SECONDS_PER_MONTH,
    format_bytes,
    format_count,
    format_units,
)

HOURS_PER_MONTH = 730
MONTH_SECONDS = SECONDS_PER_MONTH
YEAR_SECONDS = 365 * SECONDS_PER_DAY
STREAM_POLLS_PER_SECOND = 1.0  # a polling consumer (KCL's default) reads each shard once a second
PARTITION_BYTES = 10 * 1024**3


@dataclass(frozen=True)
class Scenario:
    """How a table is priced: its own settings, or an alternative to compare with."""

    billing: str | None = None
    """``on-demand`` or ``provisioned``; None: the table's own."""
    table_class: str | None = None
    """``standard`` or ``standard-ia``; None: the table's own."""
    derive_capacity: bool = False
    """Provisioned capacity from the peaks at 70 % utilization instead of the declared one."""
    reserved: bool = False
    """Provisioned capacity bought as 1-year reserved capacity, in blocks of 100 units."""
    month: int = 1
    """Which month from now: storage grows with the declared growth."""


@dataclass
class CostLine:
    """One line of a bill: what is paid for, how much of it, and the formula."""

    category: str
    subject: str
    quantity: float
    unit: str
    monthly_usd: float | None
    formula: str
    unconfirmed: bool = False

    @property
    def priced(self) -> bool:
        return self.monthly_usd is not None


@dataclass
class PatternCost:
    table: str
    name: str
    pattern: AccessPattern
    load: PatternLoad | None
    requests_per_month: float | None
    monthly_usd: float | None
    formula: str
    lines: list[CostLine] = field(default_factory=list)

    @property
    def read_units_per_request(self) -> float | None:
        return self.load.read_units if self.load is not None else None

    @property
    def write_units_per_request(self) -> float | None:
        """Base table, local and global index writes of one request."""
        if self.load is None:
            return None
        return self.load.write_units + sum(self.load.gsi_write_units.values())


@dataclass
class IndexCost:
    name: str
    kind: str
    write_units_per_month: float
    storage_bytes: float
    monthly_usd: float | None
    amplification: list[str]
    lines: list[CostLine] = field(default_factory=list)


@dataclass
class EntityCost:
    name: str
    entity: Entity
    item_bytes: float | None
    item_limit_share: float | None
    count_now: float | None
    count_in_12_months: float | None
    storage_bytes_now: float | None
    storage_bytes_in_12_months: float | None
    monthly_usd: float | None
    formula: str


@dataclass
class TableCost:
    name: str
    billing: str
    table_class: str
    scenario: Scenario
    lines: list[CostLine] = field(default_factory=list)
    patterns: list[PatternCost] = field(default_factory=list)
    indexes: list[IndexCost] = field(default_factory=list)
    entities: list[EntityCost] = field(default_factory=list)
    capacity: dict[str, tuple[float, float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def monthly_usd(self) -> float:
        return sum(line.monthly_usd or 0.0 for line in self.lines)

    @property
    def unpriced(self) -> list[CostLine]:
        return [line for line in self.lines if line.monthly_usd is None]

    @property
    def complete(self) -> bool:
        return not self.unpriced


@dataclass
class Bill:
    region: str
    region_name: str
    prices_as_of: str
    currency: str
    month: int
    tables: list[TableCost]
    credits: list[CostLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total_monthly_usd(self) -> float:
        return sum(t.monthly_usd for t in self.tables) + sum(c.monthly_usd or 0.0 for c in self.credits)

    @property
    def priced(self) -> bool:
        return any(line.priced for t in self.tables for line in t.lines)


def gigabytes(size_bytes: float) -> float:
    return size_bytes / price_data().gb_bytes


def count_at(entity: Entity, seconds_from_now: float) -> float | None:
    """Items of the entity ``seconds_from_now``: grown by ``growth``, and with a
    ``retention`` never more than the steady state (growth × retention)."""
    if entity.count is None:
        return None
    grown = entity.count + (entity.growth or 0.0) * max(seconds_from_now, 0.0)
    cap = _steady_state(entity)
    return min(grown, cap) if cap is not None else grown


def _steady_state(entity: Entity) -> float | None:
    """The most items an entity with ``retention`` holds: growth × retention (or its
    count now when that is more); None when nothing bounds it."""
    if entity.count is None or entity.retention is None or not entity.growth:
        return None
    return max(entity.count, entity.growth * entity.retention)


def _cap_reached(entity: Entity) -> float | None:
    """Seconds from now when the entity reaches its steady state; None when never."""
    cap = _steady_state(entity)
    if cap is None or entity.count is None or not entity.growth:
        return None
    return (cap - entity.count) / entity.growth


def average_count(entity: Entity, start: float, end: float) -> float | None:
    """Items of the entity on average between ``start`` and ``end`` seconds from now, as
    storage is billed (facts 2.11: a continuous average). The count grows linearly, so
    its average is the count half-way, until retention caps it: a month in which the cap
    is reached averages the rising part and the flat part."""
    if entity.count is None:
        return None
    if end <= start:
        return count_at(entity, start)
    growth = entity.growth or 0.0
    reach = _cap_reached(entity)
    if reach is None or end <= reach:
        return entity.count + growth * (start + end) / 2
    cap = _steady_state(entity)
    assert cap is not None
    if start >= reach:
        return cap
    rising = (reach - start) * (entity.count + growth * (start + reach) / 2)
    return (rising + (end - reach) * cap) / (end - start)


def expirations(entity: Entity, start: float, end: float) -> float:
    """Items of the entity that expire between ``start`` and ``end`` seconds from now:
    at the steady state as many expire as are added (``growth``); before it, none."""
    reach = _cap_reached(entity)
    if reach is None or not entity.growth:
        return 0.0
    return entity.growth * max(0.0, end - max(start, reach))


class TableCosting:
    """Computes one table's bill under a scenario."""

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

    # ----- prices

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
                category, subject, quantity, unit, None, f"{what}: {amount}; not priced: {book.missing(key)}"
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

    # ----- dollars for rules' figures

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

    # ----- the bill

    def compute(self) -> TableCost:
        if self.billing == "provisioned":
            self.provisioned()
        else:
            self.on_demand()
        self.storage()
        self.streams()
        self.indexes()
        if self.global_table:
            self.cost.notes.append(self.global_table_note())
        for region, keys in self._missing.items():
            if self.book_of(region).known:
                self.cost.notes.append(
                    f"the {region} price table has no {', '.join(sorted(keys))}: the lines that need "
                    "them are not priced; give the prices under pricing: (same keys)"
                )
        unknown = [r for r in self.replicas if not self.book_of(r).known]
        if unknown:
            self.cost.notes.append(
                f"no price table for replica Region(s) {', '.join(unknown)}: what the replicas cost there "
                "is not priced unless pricing: gives the prices (same keys as schemas/prices.json)"
            )
        return self.cost

    def global_table_note(self) -> str:
        """How a global table is priced, where the facts leave a choice."""
        regions = ", ".join([self.book.region, *self.replicas])
        if self.billing == "provisioned":
            reads = (
                "each replica is provisioned the read capacity of this Region's table and indexes (what a "
                "new replica gets unless its read capacity is overridden), so reads are paid in every Region"
            )
        else:
            reads = "the declared reads are the design's total, priced once at this Region's prices"
        return (
            f"global table in {regions}: every write is paid as a replicated write in each Region and "
            f"global-index writes as plain writes there (facts 6.7, 3.11); {reads}; a transaction's "
            "doubled writes (prepare and commit) are paid where it runs, the other Regions receive plain "
            "replicated writes; replica storage is priced in each Region; point-in-time recovery, set per "
            "replica, is priced in this Region only"
        )

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

    def on_demand(self) -> None:
        totals: dict[tuple[str, str, str, str, str], tuple[float, list[str]]] = {}
        for pattern in self.table.access_patterns:
            load = self.month_load(pattern)
            requests = self.requests(pattern)
            if load is None or requests is None:
                self.cost.patterns.append(
                    PatternCost(
                        self.table.name,
                        pattern.name,
                        pattern,
                        load,
                        requests,
                        None,
                        self.pattern_header(load),
                    )
                )
                continue
            lines: list[CostLine] = []
            for category, subject, units, unit, key, what, region in self.request_units(load):
                if units <= 0:
                    continue
                book = self.book_of(region)
                lines.append(
                    self.priced(
                        category,
                        subject,
                        units * requests,
                        unit,
                        key,
                        f"{what}: {format_count(requests)} requests × {format_units(units)}",
                        book,
                    )
                )
                quantity, names = totals.get((category, subject, unit, key, region), (0.0, []))
                totals[(category, subject, unit, key, region)] = (
                    quantity + units * requests,
                    [*names, pattern.name],
                )
            usd = (
                sum(line.monthly_usd or 0.0 for line in lines) if all(line.priced for line in lines) else None
            )
            formula = (
                f"{load.formula}; a month: " + "; ".join(line.formula for line in lines)
                if lines
                else load.formula
            )
            self.cost.patterns.append(
                PatternCost(self.table.name, pattern.name, pattern, load, requests, usd, formula, lines)
            )
        for category, subject, units, unit, key, what, region in self.ttl_deletes():
            quantity, names = totals.get((category, subject, unit, key, region), (0.0, []))
            totals[(category, subject, unit, key, region)] = (quantity + units, [*names, what])
        for (category, subject, unit, key, region), (quantity, names) in totals.items():
            self.cost.lines.append(
                self.priced(
                    category,
                    subject,
                    quantity,
                    unit,
                    key,
                    ", ".join(dict.fromkeys(names)),
                    self.book_of(region),
                )
            )

    def book_of(self, region: str) -> PriceBook:
        """The prices of a replica's Region (with the design's overrides). A Region with
        no price table is not priced with this Region's prices: its lines stay unpriced
        and say so, unless pricing: gives the prices."""
        if region == self.book.region:
            return self.book
        return PriceBook.for_region(region, self.book.overrides)

    def request_units(self, load: PatternLoad) -> list[tuple[str, str, float, str, str, str, str]]:
        """(category, subject, units per request, unit, price key, what, Region) of one request
        of an on-demand table: reads, base-table and index writes, and in a global table the
        replicated writes in every replica Region (facts 6.7, 3.11)."""
        here = self.book.region
        write_unit, write_base = (
            ("rWRU", "replicated_write_request_unit") if self.global_table else ("WRU", "write_request_unit")
        )
        lsi_units = sum(load.lsi_write_units.values())
        rows = [
            ("reads", self.table.name, load.read_units, "RRU", self.key("read_request_unit"), "reads", here),
            (
                "writes",
                self.table.name,
                load.write_units - lsi_units,
                write_unit,
                self.key(write_base),
                "writes",
                here,
            ),
        ]
        for index, units in load.lsi_write_units.items():
            rows.append(
                (
                    "index-writes",
                    index,
                    units,
                    write_unit,
                    self.key(write_base),
                    f"writes to local index {index}",
                    here,
                )
            )
        for index, units in load.gsi_write_units.items():
            rows.append(
                (
                    "index-writes",
                    index,
                    units,
                    "WRU",
                    self.key("write_request_unit"),
                    f"writes to global index {index}",
                    here,
                )
            )
        # A transaction doubles its writes for the prepare and the commit (facts 1.4), both in
        # the Region that runs it; the other Regions receive the committed items as plain
        # replicated writes, one write per 1 KB (the bill's reading; the facts are silent).
        replicated = load.write_units
        what = "replicated writes"
        if load.metered_as == "TransactWriteItems":
            replicated = (load.write_units - lsi_units) / 2 + lsi_units
            what = "replicated writes (a transaction arrives as plain writes, ×1)"
        for region in self.replicas:
            rows.append(
                (
                    "replication",
                    region,
                    replicated,
                    "rWRU",
                    self.key("replicated_write_request_unit"),
                    f"{what} in {region}",
                    region,
                )
            )
            gsi = sum(load.gsi_write_units.values())
            rows.append(
                (
                    "replication",
                    region,
                    gsi,
                    "WRU",
                    self.key("write_request_unit"),
                    f"global-index writes in {region}",
                    region,
                )
            )
        return rows

    def ttl_deletes(self) -> list[tuple[str, str, float, str, str, str, str]]:
        """Write units a month that expiring items cost a global table (rows as
        ``request_units``, in units a month). A TTL delete is free where the item expires,
        but it is replicated, and the replicated delete costs rWRU in every other replica
        Region, with the item's local-index entries, and WRU for its global-index entries
        there (facts 6.6, 3.11). Items expire once the entity holds growth × retention:
        then as many expire as are added."""
        if not self.global_table or self.table.ttl is None:
            return []
        rows = []
        for entity in self.table.entities.values():
            if entity.retention is None or entity.item_size is None:
                continue
            expired = expirations(entity, self.month_start, self.month_end)
            if expired <= 0:
                continue
            table_units = float(u.delete_item(entity.item_size))
            gsi_units: dict[str, float] = {}
            for index in self.table.indexes.values():
                target = Target(self.table, index)
                if not self.analysis.in_target(entity, target):
                    continue
                entry = self.analysis.entry_bytes(entity, target) or 0.0
                removed = float(u.index_write_units(entry, u.IndexWrite.REMOVED))
                if index.local:
                    table_units += removed
                else:
                    gsi_units[index.name] = removed
            what = f"TTL deletes of {entity.name} ({format_count(expired)} a month)"
            for region in self.replicas:
                rows.append(
                    (
                        "replication",
                        region,
                        expired * table_units,
                        "rWRU",
                        self.key("replicated_write_request_unit"),
                        what,
                        region,
                    )
                )
                for gsi in gsi_units.values():
                    rows.append(
                        (
                            "replication",
                            region,
                            expired * gsi,
                            "WRU",
                            self.key("write_request_unit"),
                            what,
                            region,
                        )
                    )
        if rows:
            self.cost.notes.append(
                "TTL deletes are free where an item expires, but each is replicated: the replicated "
                "delete costs write units in every other replica Region (items expire once an entity "
                "holds growth × retention, as many as are added)"
            )
        return rows

    def ttl_index_deletes(self, index: Index) -> float:
        """Write units a month that replicated TTL deletes cost ``index`` in each other
        Region of a global table (see ``ttl_deletes``)."""
        if not self.global_table or self.table.ttl is None:
            return 0.0
        target = Target(self.table, index)
        total = 0.0
        for entity in self.analysis.entities_in(target):
            if entity.retention is None or entity.item_size is None:
                continue
            entry = self.analysis.entry_bytes(entity, target) or 0.0
            expired = expirations(entity, self.month_start, self.month_end)
            total += expired * u.index_write_units(entry, u.IndexWrite.REMOVED)
        return total

    # ----- provisioned capacity

    def pools(self, rate: str) -> dict[str | None, PoolLoad]:
        rate_of = (lambda p: p.peak_rate) if rate == "peak" else (lambda p: p.rate)
        return pool_loads(self.table, self.loads, rate_of)

    def capacity(self) -> dict[str | None, tuple[float, float, str]]:
        """Read and write units provisioned per pool, and how they were chosen."""
        peaks = self.pools("peak")
        averages = self.pools("average")
        declared = self.table.capacity
        chosen: dict[str | None, tuple[float, float, str]] = {}
        derive = self.scenario.derive_capacity or declared is None or self.table.billing != "provisioned"
        scans = self.scan_reads() if derive else {}
        for pool in peaks:
            if derive:
                reads = peaks[pool].reads + scans.get(pool, 0.0)
                scan_text = (
                    f" (with {format_units(scans[pool])} RCU of scans on average)" if scans.get(pool) else ""
                )
                chosen[pool] = (
                    float(math.ceil(capacity_for(reads))),
                    float(math.ceil(capacity_for(peaks[pool].writes))),
                    f"peak {format_units(reads)} RCU{scan_text} / {format_units(peaks[pool].writes)} WCU at {TARGET_UTILIZATION:.0%} utilization",
                )
                continue
            assert declared is not None
            index = self.table.indexes.get(pool) if pool is not None else None
            own = index.capacity if index is not None else None
            read, write = (own.read, own.write) if own is not None else (declared.read, declared.write)
            how = (
                "declared"
                if own is not None or pool is None
                else "the table's capacity (the default for an index)"
            )
            scaling = declared.autoscaling if pool is None or own is None else None
            if scaling is not None:
                if scaling.read is not None:
                    read = min(
                        max(math.ceil(averages[pool].reads / scaling.read.target), scaling.read.min),
                        scaling.read.max,
                    )
                    how = "auto scaling around the average load"
                if scaling.write is not None:
                    write = min(
                        max(math.ceil(averages[pool].writes / scaling.write.target), scaling.write.min),
                        scaling.write.max,
                    )
                    how = "auto scaling around the average load"
            chosen[pool] = (read, write, how)
        return chosen

    def scan_reads(self) -> dict[str | None, float]:
        """Average read units/s of the scans, per pool: a scan is paced by the capacity it
        finds, but over a month it must still read the table as often as declared."""
        reads: dict[str | None, float] = {}
        for pattern in self.table.access_patterns:
            load = self.month_load(pattern)
            if load is None or load.metered_as != "Scan" or pattern.rate is None:
                continue
            pool = load.target.name if load.target.kind == "gsi" else None
            reads[pool] = reads.get(pool, 0.0) + load.read_units * pattern.rate
        return reads

    def provisioned(self) -> None:
        regions = [self.book.region, *self.replicas]
        chosen = self.capacity()
        reserved = {region: self.reserved_units(chosen, region) for region in regions}
        for pool, (read, write, how) in chosen.items():
            subject = self.table.name if pool is None else pool
            self.cost.capacity[subject] = (read, write)
            read_category = "reads" if pool is None else "index-reads"
            write_category = "writes" if pool is None else "index-writes"
            for region in regions:
                book = self.book_of(region)
                here = region == self.book.region
                where = "" if here else f" in {region}"
                for category, units, base, kind in (
                    (read_category, read, "read_capacity_unit_hour", "RCU"),
                    (write_category, write, self.write_capacity_key(pool), "WCU"),
                ):
                    if base.startswith("replicated"):
                        kind = "rWCU"
                    category = category if here else "replication"
                    line_subject = subject if here else region
                    side = "read" if kind == "RCU" else "write"
                    left = reserved[region].get(side, 0.0)
                    covered = min(units, left) if not base.startswith("replicated") else 0.0
                    made: list[CostLine] = []
                    if covered:
                        reserved[region][side] = left - covered
                        made.append(self.reserved(category, line_subject, covered, kind, where, book))
                    rest = units - covered
                    if rest > 0:
                        what = (
                            f"{format_units(rest)} {kind} beyond the reserved capacity ({how}){where} × 730 h"
                            if covered
                            else f"{format_units(units)} {kind} ({how}){where} × 730 h"
                        )
                        made.append(
                            self.priced(
                                category,
                                line_subject,
                                rest * HOURS_PER_MONTH,
                                f"{kind}-hours",
                                self.key(base),
                                what,
                                book,
                            )
                        )
                    self.cost.lines.extend(made)
                    if pool is not None and not here:
                        self._replica_index_lines.setdefault(pool, []).extend(made)
        for pattern in self.table.access_patterns:
            self.cost.patterns.append(self.provisioned_pattern(pattern, self.month_load(pattern)))
        if self.global_table and self.table.ttl is not None:
            expiring = [e.name for e in self.table.entities.values() if e.retention is not None]
            if expiring:
                self.cost.notes.append(
                    f"expired {', '.join(expiring)} items are deleted for free by TTL, but each delete is "
                    "replicated and takes write capacity (rWCU) in every other replica Region: the capacity "
                    "above must absorb it"
                )

    def write_capacity_key(self, pool: str | None) -> str:
        """A global table's writes are replicated writes (rWCU) in every Region; its global
        indexes' writes are plain WCU (facts 6.7, 3.11)."""
        return (
            "replicated_write_capacity_unit_hour"
            if self.global_table and pool is None
            else "write_capacity_unit_hour"
        )

    def reserved_units(
        self, chosen: dict[str | None, tuple[float, float, str]], region: str
    ) -> dict[str, float]:
        """Reserved capacity bought for the table in ``region``, per side: whole blocks of
        100 units under what the table and its global indexes provision together there
        (reserved capacity covers the provisioned capacity of its Region; facts 4.1, RC).
        None for Standard-IA, and never for replicated writes (rWCU)."""
        if not self.scenario.reserved or self.table_class != STANDARD:
            return {}
        reads = sum(read for read, _, _ in chosen.values())
        writes = sum(
            write
            for pool, (_, write, _) in chosen.items()
            if not self.write_capacity_key(pool).startswith("replicated")
        )
        return {"read": math.floor(reads / 100) * 100, "write": math.floor(writes / 100) * 100}

    def reserved(
        self, category: str, subject: str, units: float, kind: str, where: str, book: PriceBook
    ) -> CostLine:
        """``units`` of reserved capacity: a twelfth of the upfront fee and 730 hours of
        the reserved hourly price, both quoted per 100 units."""
        side = "read" if kind == "RCU" else "write"
        upfront = book.get(f"reserved_{side}_capacity_upfront_1y")
        hourly = book.get(f"reserved_{side}_capacity_hour_1y")
        if upfront is None or hourly is None:
            missing = f"reserved_{side}_capacity_{'upfront' if upfront is None else 'hour'}_1y"
            self._missing.setdefault(book.region, set()).add(missing)
            return CostLine(
                category,
                subject,
                units,
                f"reserved {kind}",
                None,
                f"{format_units(units)} {kind} reserved for 1 year{where}: not priced: {book.missing(missing)}",
            )
        per_block = upfront.price / 12 + hourly.price * HOURS_PER_MONTH
        usd = units / 100 * per_block
        return CostLine(
            category,
            subject,
            units,
            f"reserved {kind}",
            usd,
            f"{format_units(units)} {kind} reserved for 1 year{where}: ({format_usd(upfront.price)} upfront ÷ 12 "
            f"+ ${hourly.price:g}/h × 730 h) = {format_usd(per_block)} per 100 {kind} × {format_units(units / 100)} "
            f"= {format_usd(usd)}",
            upfront.unconfirmed or hourly.unconfirmed,
        )

    def provisioned_pattern(self, pattern: AccessPattern, load: PatternLoad | None) -> PatternCost:
        """A pattern's share of provisioned capacity: what its average load needs at 70 %."""
        requests = self.requests(pattern)
        if load is None or pattern.rate is None or requests is None:
            return PatternCost(
                self.table.name, pattern.name, pattern, load, requests, None, self.pattern_header(load)
            )
        reads = load.read_units * pattern.rate
        writes = (load.write_units + sum(load.gsi_write_units.values())) * pattern.rate
        lines = [
            self.priced(
                category,
                self.table.name,
                units / TARGET_UTILIZATION * HOURS_PER_MONTH,
                f"{kind}-hours",
                self.key(base),
                f"{format_units(units)} {kind} on average ÷ {TARGET_UTILIZATION:.0%} × 730 h",
            )
            for category, units, base, kind in (
                ("reads", reads, "read_capacity_unit_hour", "RCU"),
                ("writes", writes, "write_capacity_unit_hour", "WCU"),
            )
            if units
        ]
        usd = sum(line.monthly_usd or 0.0 for line in lines) if all(line.priced for line in lines) else None
        formula = f"{load.formula}; its share of provisioned capacity: " + "; ".join(
            line.formula for line in lines
        )
        return PatternCost(self.table.name, pattern.name, pattern, load, requests, usd, formula, lines)

    # ----- storage, backups, streams

    def entity_storage(self, entity: Entity, seconds: float) -> tuple[float, dict[str, float]] | None:
        """Bytes the entity's items and its index entries take ``seconds`` from now."""
        return self.entity_bytes(entity, count_at(entity, seconds))

    def month_storage(self, entity: Entity) -> tuple[float, dict[str, float]] | None:
        """Bytes the entity's items and index entries take on average over the month."""
        return self.entity_bytes(entity, average_count(entity, self.month_start, self.month_end))

    def entity_bytes(self, entity: Entity, count: float | None) -> tuple[float, dict[str, float]] | None:
        """Bytes ``count`` items of the entity take, and their entries in each index."""
        if count is None or entity.item_size is None:
            return None
        overhead = u.ITEM_STORAGE_OVERHEAD + (u.GLOBAL_TABLE_ITEM_OVERHEAD if self.global_table else 0)
        items = count * (entity.item_size + overhead)
        indexes: dict[str, float] = {}
        for index in self.table.indexes.values():
            target = Target(self.table, index)
            if self.analysis.in_target(entity, target):
                entry = self.analysis.entry_bytes(entity, target) or 0.0
                indexes[index.name] = count * (entry + u.INDEX_ENTRY_OVERHEAD)
        return items, indexes

    def storage(self) -> None:
        item_bytes = 0.0
        index_bytes: dict[str, float] = {}
        priced_entities = []
        for entity in self.table.entities.values():
            now = self.entity_storage(entity, 0)
            later = self.entity_storage(entity, YEAR_SECONDS)
            this_month = self.month_storage(entity)
            if now is None or later is None or this_month is None:
                self.cost.entities.append(
                    EntityCost(
                        entity.name,
                        entity,
                        entity.item_size,
                        entity.item_size / u.MAX_ITEM_BYTES if entity.item_size else None,
                        entity.count,
                        None,
                        None,
                        None,
                        None,
                        "storage unknown: count or item_size is not given",
                    )
                )
                continue
            item_bytes += this_month[0]
            for name, size in this_month[1].items():
                index_bytes[name] = index_bytes.get(name, 0.0) + size
            priced_entities.append((entity, now, later, this_month))
        storage_key = self.key("storage_gb_month")
        price = self.book.get(storage_key)
        overhead = u.item_storage_bytes(0, global_table=self.global_table)
        for entity, now, later, this_month in priced_entities:
            month_bytes = this_month[0] + sum(this_month[1].values())
            usd = gigabytes(month_bytes) * price.per_unit if price is not None else None
            count_now = count_at(entity, 0)
            count_later = count_at(entity, YEAR_SECONDS)
            formula = (
                f"{format_count(average_count(entity, self.month_start, self.month_end) or 0)} items "
                f"× ({format_bytes(entity.item_size or 0)} + {format_bytes(overhead)})"
                + (f" + index entries {format_bytes(sum(this_month[1].values()))}" if this_month[1] else "")
                + f" = {format_bytes(month_bytes)}"
                + (
                    f" × {price.text}/GB-month = {format_usd(usd or 0.0)}"
                    if price is not None
                    else f"; not priced: {self.book.missing(storage_key)}"
                )
            )
            self.cost.entities.append(
                EntityCost(
                    entity.name,
                    entity,
                    entity.item_size,
                    (entity.item_size or 0) / u.MAX_ITEM_BYTES,
                    count_now,
                    count_later,
                    now[0] + sum(now[1].values()),
                    later[0] + sum(later[1].values()),
                    usd,
                    formula,
                )
            )
        if item_bytes:
            self.cost.lines.append(
                self.priced(
                    "storage",
                    self.table.name,
                    gigabytes(item_bytes),
                    "GB-month",
                    storage_key,
                    f"items: {format_bytes(item_bytes)} (item sizes + {format_bytes(overhead)} each, "
                    f"average over month {self.scenario.month})",
                )
            )
        for name, size in index_bytes.items():
            self.cost.lines.append(
                self.priced(
                    "index-storage",
                    name,
                    gigabytes(size),
                    "GB-month",
                    storage_key,
                    f"index entries: {format_bytes(size)} (keys + projected attributes + 100 B each)",
                )
            )
        for region in self.replicas:
            replica = self.book_of(region)
            total = item_bytes + sum(index_bytes.values())
            if total:
                self.cost.lines.append(
                    self.priced(
                        "replication",
                        region,
                        gigabytes(total),
                        "GB-month",
                        storage_key,
                        f"replica storage in {region}: {format_bytes(total)}",
                        replica,
                    )
                )
        if self.table.pitr and item_bytes:
            lsi_bytes = sum(size for name, size in index_bytes.items() if self.table.indexes[name].local)
            self.cost.lines.append(
                self.priced(
                    "backups",
                    "point-in-time recovery",
                    gigabytes(item_bytes + lsi_bytes),
                    "GB-month",
                    "pitr_gb_month",
                    f"PITR on table and local-index size {format_bytes(item_bytes + lsi_bytes)}",
                )
            )
        if self.global_table:
            self.data_transfer()

    def data_transfer(self) -> None:
        written = 0.0
        for pattern in self.table.access_patterns:
            load = self.loads(pattern)
            requests = self.requests(pattern)
            if load is None or requests is None or not pattern.is_write:
                continue
            entities = self.analysis.pattern_entities(pattern)
            size = entities[0].item_size if entities and entities[0].item_size else 0.0
            items = (
                pattern.items
                if pattern.op in ("BatchWriteItem", "TransactWriteItems") and pattern.items
                else 1
            )
            written += requests * items * size
        if written and self.replicas:
            volume = gigabytes(written) * len(self.replicas)
            self.cost.lines.append(
                self.priced(
                    "data-transfer",
                    "replication",
                    volume,
                    "GB",
                    "data_transfer_inter_region_gb",
                    f"{format_bytes(written)} written × {len(self.replicas)} other Region(s)",
                )
            )

    def stream_shards(self) -> int:
        """Shards of the stream: one per partition, estimated from size (10 GB) and peak
        throughput (3,000 RCU, 1,000 WCU per partition)."""
        storage = (
            sum(line.quantity for line in self.cost.lines if line.category == "storage")
            * price_data().gb_bytes
        )
        peaks = self.pools("peak")[None]
        return max(
            1, math.ceil(storage / PARTITION_BYTES), math.ceil(peaks.reads / 3000 + peaks.writes / 1000)
        )

    def streams(self) -> None:
        stream = self.table.stream
        if stream is None:
            return
        consumers = stream.polling_consumers
        if not consumers:
            return
        shards = self.stream_shards()
        calls = len(consumers) * shards * STREAM_POLLS_PER_SECOND * MONTH_SECONDS
        self.cost.lines.append(
            self.priced(
                "streams",
                "stream",
                calls,
                "read request units",
                "streams_read_request_unit",
                f"{len(consumers)} polling consumer(s) ({', '.join(consumers)}) × {shards} shard(s) × 1 GetRecords/s × 2,628,000 s",
            )
        )
        self.cost.notes.append(
            "Streams: a polling consumer is taken to read each shard once a second; Lambda triggers "
            "(consumers: [{name: x, lambda: true}]) and global-table replication read for free"
        )

    def indexes(self) -> None:
        for index in self.table.indexes.values():
            self.cost.indexes.append(self.index_cost(index))

    def index_cost(self, index: Index) -> IndexCost:
        target = Target(self.table, index)
        writes = 0.0
        for pattern in self.table.access_patterns:
            load = self.loads(pattern)
            requests = self.requests(pattern)
            if load is None or requests is None:
                continue
            writes += (
                load.gsi_write_units.get(index.name, 0.0) + load.lsi_write_units.get(index.name, 0.0)
            ) * requests
        amplification = []
        for entity in self.analysis.entities_in(target):
            entry = self.analysis.entry_bytes(entity, target)
            if entry is not None:
                amplification.append(
                    f"{entity.name}: each new item writes a {format_bytes(entry)} entry = {u.write_units(entry)} WCU, "
                    f"a key change {2 * u.write_units(entry)} WCU"
                )
        lines = [line for line in self.cost.lines if line.subject == index.name]
        storage = (
            sum(line.quantity for line in lines if line.category == "index-storage") * price_data().gb_bytes
        )
        lines += self.replica_index_lines(index, writes, storage)
        usd = sum(line.monthly_usd or 0.0 for line in lines) if all(line.priced for line in lines) else None
        return IndexCost(
            index.name, "local" if index.local else "global", writes, storage, usd, amplification, lines
        )

    def replica_index_lines(self, index: Index, writes: float, storage: float) -> list[CostLine]:
        """What an index costs in the replica Regions of a global table: its capacity
        there, or its writes (plain writes for a global index, replicated ones for a local
        index, facts 3.11, 6.7), and its entries stored there. The table's lines hold the
        same amounts under each Region, summed over the indexes."""
        if self.billing == "provisioned":
            lines = list(self._replica_index_lines.get(index.name, []))
        else:
            writes += self.ttl_index_deletes(index)
            unit, key = (
                ("rWRU", "replicated_write_request_unit") if index.local else ("WRU", "write_request_unit")
            )
            lines = [
                self.priced(
                    "replication",
                    region,
                    writes,
                    unit,
                    self.key(key),
                    f"writes to {index.name} in {region} (replicated TTL deletes included)",
                    self.book_of(region),
                )
                for region in self.replicas
                if writes
            ]
        if storage:
            lines += [
                self.priced(
                    "replication",
                    region,
                    gigabytes(storage),
                    "GB-month",
                    self.key("storage_gb_month"),
                    f"{index.name} entries stored in {region}: {format_bytes(storage)}",
                    self.book_of(region),
                )
                for region in self.replicas
            ]
        return lines


def book_for(design: Design, region: str | None = None) -> PriceBook:
    """The prices a design is costed with: its region's (or ``region``), its overrides."""
    pricing = design.pricing
    overrides = dict(pricing.__pydantic_extra__ or {}) if pricing is not None else {}
    return PriceBook.for_region(
        region or design.region, overrides, free_tier=bool(pricing and pricing.free_tier)
    )


def price_design(
    design: Design, *, region: str | None = None, month: int = 1, scenario: Scenario | None = None
) -> Bill:
    """The design's bill for ``month`` (1: the coming month)."""
    book = book_for(design, region)
    scenario = replace(scenario or Scenario(), month=month)
    tables = []
    for table in design.tables.values():
        analysis = TableAnalysis(design, table)
        tables.append(TableCosting(analysis, PatternLoads(analysis), book, scenario).compute())
    name = book.table.name if book.table is not None else book.region
    bill = Bill(book.region, name, book.as_of, price_data().currency, month, tables)
    if book.free_tier:
        bill.credits = free_tier_credits(book, tables)
    if not book.known:
        bill.notes.append(f"no price table for {book.region}: only prices given under pricing: are used")
    return bill


def free_tier_credits(book: PriceBook, tables: Iterable[TableCost]) -> list[CostLine]:
    """The always-free allowances, taken off the whole design (per account and Region)."""
    tables = list(tables)
    free = price_data().free_tier
    credits = []

    def credit(
        subject: str, used: float, allowance: float, unit: str, price: Price | None, per_month: float = 1.0
    ) -> None:
        taken = min(used, allowance)
        if taken <= 0 or price is None:
            return
        usd = -taken * per_month * price.per_unit
        credits.append(
            CostLine(
                "free-tier",
                subject,
                taken,
                unit,
                usd,
                f"free tier: {format_units(taken)} {unit}"
                + (f" × {format_count(per_month)} h" if per_month != 1 else "")
                + f" × {price.text} = {format_usd(usd)}",
            )
        )

    # The free allowances are for the Standard class only (facts 5, 6.6).
    standard = [t for t in tables if t.table_class == STANDARD]
    storage = sum(
        line.quantity for t in standard for line in t.lines if line.category in ("storage", "index-storage")
    )
    credit("storage", storage, free.storage_gb, "GB-month", book.get("storage_gb_month"))
    # 25 GB are free in each Region (facts 5), so a replica's Region has its own.
    replicas: dict[str, float] = {}
    for t in standard:
        for line in t.lines:
            if line.category == "replication" and line.unit == "GB-month":
                replicas[line.subject] = replicas.get(line.subject, 0.0) + line.quantity
    for region, size in replicas.items():
        replica_book = PriceBook.for_region(region, book.overrides)
        credit(
            f"storage in {region}", size, free.storage_gb, "GB-month", replica_book.get("storage_gb_month")
        )

    # 25 RCU and 25 WCU are a free band of the standard provisioned rate (18,600 unit-hours
    # in the Price List, 25 × 730 h here): capacity bought as reserved capacity or billed as
    # replicated writes (rWCU) is not in that band, nor are replica Regions (per-Region
    # scope unconfirmed, facts 5).
    def standard_units(categories: tuple[str, ...], unit: str) -> float:
        hours = sum(
            line.quantity
            for t in standard
            if t.billing == "provisioned"
            for line in t.lines
            if line.category in categories and line.unit == unit
        )
        return hours / HOURS_PER_MONTH

    credit(
        "provisioned reads",
        standard_units(("reads", "index-reads"), "RCU-hours"),
        free.read_capacity_units,
        "RCU",
        book.get("read_capacity_unit_hour"),
        HOURS_PER_MONTH,
    )
    credit(
        "provisioned writes",
        standard_units(("writes", "index-writes"), "WCU-hours"),
        free.write_capacity_units,
        "WCU",
        book.get("write_capacity_unit_hour"),
        HOURS_PER_MONTH,
    )
    stream_calls = sum(line.quantity for t in tables for line in t.lines if line.category == "streams")
    credit(
        "stream reads",
        stream_calls,
        free.streams_read_request_units,
        "read request units",
        book.get("streams_read_request_unit"),
    )
    return credits
