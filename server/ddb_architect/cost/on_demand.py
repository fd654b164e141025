"""On-demand pricing: request units per access pattern, replicated writes in a global table's Regions, and replicated TTL deletes."""

from __future__ import annotations

from ddb_architect.cost import units as u
from ddb_architect.cost.bill import (
    CostLine,
    PatternCost,
)
from ddb_architect.cost.costing import CostingBase
from ddb_architect.cost.growth import expirations
from ddb_architect.cost.patterns import PatternLoad
from ddb_architect.spec.analysis import Target
from ddb_architect.spec.quantities import (
    format_count,
    format_units,
)


class OnDemandPricing(CostingBase):
    """On-demand pricing: request units per access pattern, replicated writes in a global table's Regions, and replicated TTL deletes."""

    def on_demand(self) -> None:
        totals: dict[tuple[str, str, str, str, str], tuple[float, list[str]]] = {}
        for pattern in self.patterns:
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
