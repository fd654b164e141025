"""What a rule's check receives: the design, one table, its analysis, the units each access
pattern consumes and the prices the design is costed with."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ddb_architect.cost.bill import Scenario, TableCost
from ddb_architect.cost.design_bill import book_for
from ddb_architect.cost.patterns import PatternLoad, PatternLoads
from ddb_architect.cost.prices import PriceBook
from ddb_architect.cost.table_costing import TableCosting
from ddb_architect.cost.table_memo import priced_table, table_analysis
from ddb_architect.spec.analysis import TableAnalysis
from ddb_architect.spec.model import AccessPattern, Design, Table


@dataclass
class DesignContext:
    """What a design-wide rule receives."""

    design: Design
    book: PriceBook

    @classmethod
    def of(cls, design: Design) -> DesignContext:
        return cls(design, book_for(design))


@dataclass
class TableContext:
    design: Design
    table: Table
    analysis: TableAnalysis
    loads: PatternLoads
    book: PriceBook

    @classmethod
    def of(cls, design: Design, table: Table, book: PriceBook | None = None) -> TableContext:
        analysis, loads = table_analysis(design, table)
        return cls(design, table, analysis, loads, book or book_for(design))

    def load(self, pattern: AccessPattern) -> PatternLoad | None:
        """Units per request of a pattern (None when the spec does not say enough)."""
        return self.loads(pattern)

    @cached_property
    def pricing(self) -> TableCosting:
        """Turns units and bytes into dollars at the table's declared mode and class."""
        return TableCosting(self.analysis, self.loads, self.book, Scenario())

    @property
    def costs(self) -> TableCost:
        """The table's bill as declared (computed once per table model and book)."""
        return priced_table(self.design, self.table, self.book, Scenario())

    def alternative(self, scenario: Scenario) -> TableCost:
        """The table's bill under another capacity mode or class."""
        return priced_table(self.design, self.table, self.book, scenario)
