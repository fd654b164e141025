"""What a spec rule's check receives: the design, one table, and that table's analysis."""

from __future__ import annotations

from dataclasses import dataclass, field

from ddb_architect.cost.patterns import PatternLoad, pattern_load
from ddb_architect.spec.analysis import TableAnalysis
from ddb_architect.spec.model import AccessPattern, Design, Table


@dataclass
class TableContext:
    design: Design
    table: Table
    analysis: TableAnalysis
    _loads: dict[int, PatternLoad | None] = field(default_factory=dict)

    @classmethod
    def of(cls, design: Design, table: Table) -> TableContext:
        return cls(design, table, TableAnalysis(design, table))

    def load(self, pattern: AccessPattern) -> PatternLoad | None:
        """Units per request of a pattern (None when the spec does not say enough)."""
        key = id(pattern)
        if key not in self._loads:
            self._loads[key] = pattern_load(self.analysis, pattern)
        return self._loads[key]
