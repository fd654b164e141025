"""Provisioned pricing: capacity declared, auto-scaled or derived from the peaks at 70 %, in every Region of a global table, and 1-year reserved capacity."""

from __future__ import annotations

import math

from ddb_architect.cost.bill import (
    HOURS_PER_MONTH,
    CostLine,
    PatternCost,
)
from ddb_architect.cost.capacity import TARGET_UTILIZATION, capacity_for
from ddb_architect.cost.costing import CostingBase
from ddb_architect.cost.money import format_usd
from ddb_architect.cost.patterns import PatternLoad
from ddb_architect.cost.prices import STANDARD, PriceBook
from ddb_architect.spec.model import AccessPattern
from ddb_architect.spec.quantities import (
    format_units,
)


def whole_units(units: float) -> float:
    """Capacity is provisioned in whole units: ``units`` rounded up (after rounding away
    float noise, so 350 ÷ 0.7 is 500, not 501)."""
    return float(math.ceil(round(units, 6)))


class ProvisionedPricing(CostingBase):
    """Provisioned pricing: capacity declared, auto-scaled or derived from the peaks at 70 %, in every Region of a global table, and 1-year reserved capacity."""

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
                    whole_units(capacity_for(reads)),
                    whole_units(capacity_for(peaks[pool].writes)),
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
            scaled = []
            if scaling is not None and scaling.read is not None:
                read = min(
                    max(whole_units(averages[pool].reads / scaling.read.target), scaling.read.min),
                    scaling.read.max,
                )
                scaled.append("reads")
            if scaling is not None and scaling.write is not None:
                write = min(
                    max(whole_units(averages[pool].writes / scaling.write.target), scaling.write.min),
                    scaling.write.max,
                )
                scaled.append("writes")
            if len(scaled) == 2:
                how = "auto scaling around the average load"
            elif scaled:
                how = f"{scaled[0]} auto-scaled around the average load, the other side {how}"
            chosen[pool] = (read, write, how)
        return chosen

    def scan_reads(self) -> dict[str | None, float]:
        """Average read units/s of the scans, per pool: a scan is paced by the capacity it
        finds, but over a month it must still read the table as often as declared."""
        reads: dict[str | None, float] = {}
        for pattern in self.patterns:
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
        for pattern in self.patterns:
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
                missing=(book.region, missing),
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
