"""Storage, point-in-time recovery, replication data transfer and Streams: what a table pays for holding and shipping its items."""

from __future__ import annotations

import math

from ddb_architect.cost import units as u
from ddb_architect.cost.bill import (
    MONTH_SECONDS,
    YEAR_SECONDS,
    EntityCost,
    gigabytes,
)
from ddb_architect.cost.costing import PARTITION_BYTES, STREAM_POLLS_PER_SECOND, CostingBase
from ddb_architect.cost.growth import average_count, count_at
from ddb_architect.cost.money import format_usd
from ddb_architect.cost.prices import price_data
from ddb_architect.spec.analysis import Target
from ddb_architect.spec.model import Entity
from ddb_architect.spec.quantities import (
    format_bytes,
    format_count,
)


class StoragePricing(CostingBase):
    """Storage, point-in-time recovery, replication data transfer and Streams: what a table pays for holding and shipping its items."""

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
        for pattern in self.patterns:
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
