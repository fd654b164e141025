"""What each secondary index costs: its writes, capacity and entries, in every Region, with its write amplification per entity."""

from __future__ import annotations

from ddb_architect.cost import units as u
from ddb_architect.cost.bill import (
    CostLine,
    IndexCost,
    gigabytes,
)
from ddb_architect.cost.costing import CostingBase
from ddb_architect.cost.growth import expirations
from ddb_architect.cost.prices import price_data
from ddb_architect.spec.analysis import Target
from ddb_architect.spec.model import Index
from ddb_architect.spec.quantities import (
    format_bytes,
)


class IndexPricing(CostingBase):
    """What each secondary index costs: its writes, capacity and entries, in every Region, with its write amplification per entity."""

    def indexes(self) -> None:
        for index in self.table.indexes.values():
            self.cost.indexes.append(self.index_cost(index))

    def index_cost(self, index: Index) -> IndexCost:
        target = Target(self.table, index)
        writes = 0.0
        for pattern in self.patterns:
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
