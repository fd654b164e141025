"""One table's bill under a scenario: on-demand or provisioned, storage, streams and indexes, with the notes that say how it was priced."""

from __future__ import annotations

from ddb_architect.cost.bill import (
    TableCost,
)
from ddb_architect.cost.index_costs import IndexPricing
from ddb_architect.cost.on_demand import OnDemandPricing
from ddb_architect.cost.provisioned import ProvisionedPricing
from ddb_architect.cost.storage import StoragePricing


class TableCosting(OnDemandPricing, ProvisionedPricing, StoragePricing, IndexPricing):
    """Computes one table's bill under a scenario."""

    def compute(self) -> TableCost:
        if self.billing == "provisioned":
            self.provisioned()
        else:
            self.on_demand()
        self.storage()
        self.streams()
        self.indexes()
        implied = []
        for pattern_cost in self.cost.patterns:
            pattern_cost.implied = self.implied(pattern_cost.pattern)
            if pattern_cost.implied and pattern_cost.pattern.entity:
                implied.append(pattern_cost.pattern.entity)
        if implied:
            self.cost.notes.append(
                f"{', '.join(implied)}: growth but no access pattern that creates the items (PutItem, "
                "BatchWriteItem or TransactWriteItems); the bill adds an implied PutItem at the growth "
                "rate (with its index entries): declare the pattern that writes them to price it exactly"
            )
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
