"""The bill's data model: what a design costs per month, line by line, with the formula
behind every figure. ``cost.table_costing`` computes a table's bill and
``cost.design_bill`` the whole design's; this module only says what a bill holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ddb_architect.cost.patterns import PatternLoad
from ddb_architect.cost.prices import price_data
from ddb_architect.spec.model import AccessPattern, Entity
from ddb_architect.spec.quantities import SECONDS_PER_DAY, SECONDS_PER_MONTH

HOURS_PER_MONTH = 730
MONTH_SECONDS = SECONDS_PER_MONTH
YEAR_SECONDS = 365 * SECONDS_PER_DAY


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
    missing: tuple[str, str] | None = None
    """(Region, price key) of the price an unpriced line lacks."""

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
    implied: bool = False
    """A write the bill adds for an entity that grows with no declared write creating it."""

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
