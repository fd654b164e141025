"""4xx rules that need only capacity units: under-provisioned tables (DDB404) and
on-demand tables whose peak passes what a new table serves at once (DDB408). Scans are
left out of both: a scan is paced by its pages, and its cost is DDB501's to report."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ddb_architect.cost import units as u
from ddb_architect.findings import Severity
from ddb_architect.rules.context import TableContext
from ddb_architect.rules.registry import Hit, rule
from ddb_architect.spec.quantities import format_units


@dataclass
class PeakLoad:
    """Peak units per second on one capacity pool (the table, or one global index)."""

    reads: float = 0.0
    writes: float = 0.0
    read_parts: list[str] = field(default_factory=list)
    write_parts: list[str] = field(default_factory=list)


def peak_loads(ctx: TableContext) -> dict[str | None, PeakLoad]:
    """Peak load per pool: key None for the table (with its local indexes), else the name
    of a global index. Patterns without a rate, scans and unsound patterns are left out."""
    pools: dict[str | None, PeakLoad] = {None: PeakLoad()}
    for index in ctx.table.global_indexes:
        pools[index] = PeakLoad()
    for pattern in ctx.table.access_patterns:
        peak = pattern.peak_rate
        if pattern.op == "Scan" or peak is None:
            continue
        load = ctx.load(pattern)
        if load is None or load.metered_as == "Scan":
            continue
        if load.read_units:
            pool = pools[load.target.name if load.target.kind == "gsi" else None]
            pool.reads += peak * load.read_units
            pool.read_parts.append(f"{pattern.name} {format_units(peak * load.read_units)}")
        if load.write_units:
            pools[None].writes += peak * load.write_units
            pools[None].write_parts.append(f"{pattern.name} {format_units(peak * load.write_units)}")
        for index, units in load.gsi_write_units.items():
            pools[index].writes += peak * units
            pools[index].write_parts.append(f"{pattern.name} {format_units(peak * units)}")
    return pools


def _ceiling(units: float, autoscaling_max: float | None) -> float:
    return max(units, autoscaling_max or 0.0)


@rule(
    "DDB404",
    "under-provisioned",
    Severity.ERROR,
    "Provisioned capacity below what the access patterns need at peak",
)
def under_provisioned(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    if table.billing != "provisioned" or table.capacity is None or not table.valid("billing", "capacity"):
        return
    loads = peak_loads(ctx)
    scaling = table.capacity.autoscaling
    table_read = _ceiling(table.capacity.read, scaling.read.max if scaling and scaling.read else None)
    table_write = _ceiling(table.capacity.write, scaling.write.max if scaling and scaling.write else None)
    shortfalls: list[str] = []
    pool = loads[None]
    if pool.reads > table_read:
        shortfalls.append(
            f"reads need {format_units(pool.reads)} RCU ({', '.join(pool.read_parts)}) against "
            f"{format_units(table_read)}"
        )
    if pool.writes > table_write:
        shortfalls.append(
            f"writes need {format_units(pool.writes)} WCU ({', '.join(pool.write_parts)}) against "
            f"{format_units(table_write)}"
        )
    for name, index in table.global_indexes.items():
        if index.capacity is not None:
            continue  # checked below against its own capacity
        gsi = loads[name]
        for kind, need, have, parts in (
            ("reads", gsi.reads, table_read, gsi.read_parts),
            ("writes", gsi.writes, table_write, gsi.write_parts),
        ):
            if need > have:
                shortfalls.append(
                    f"index {name} {kind} need {format_units(need)} ({', '.join(parts)}) against the "
                    f"{format_units(have)} it takes from the table's capacity"
                )
    if shortfalls:
        yield Hit(
            table.span("capacity"),
            f"table {table.name} is under-provisioned at peak: {'; '.join(shortfalls)}. Requests "
            "beyond capacity are throttled; raise the capacity, add auto scaling, or use on-demand",
            data={"table": table.name},
        )
    for name, index in table.global_indexes.items():
        if index.capacity is None:
            continue
        gsi = loads[name]
        parts = []
        if gsi.reads > index.capacity.read:
            parts.append(
                f"reads need {format_units(gsi.reads)} RCU against {format_units(index.capacity.read)}"
            )
        if gsi.writes > index.capacity.write:
            parts.append(
                f"writes need {format_units(gsi.writes)} WCU ({', '.join(gsi.write_parts)}) against "
                f"{format_units(index.capacity.write)}"
            )
        if parts:
            yield Hit(
                index.span("capacity"),
                f"index {name} is under-provisioned at peak: {'; '.join(parts)}. A throttled GSI "
                "also throttles the table's writes",
                data={"index": name},
            )


@rule(
    "DDB408",
    "on-demand-scaling",
    Severity.WARNING,
    "On-demand table whose peak passes what a new table serves at once (12,000 reads, 4,000 writes)",
)
def on_demand_scaling(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    if table.billing != "on-demand" or not table.valid("billing", "warm_throughput"):
        return
    warm = table.warm_throughput
    # A new table serves 12,000 reads or 4,000 writes a second, or a linear mix of the two
    # (facts 6.5). A pre-warmed table serves its warm read and write values; a side the
    # spec does not warm keeps the new table's figure.
    warm_read = warm.read if warm is not None and warm.read is not None else u.NEW_ON_DEMAND_READ_UNITS
    warm_write = warm.write if warm is not None and warm.write is not None else u.NEW_ON_DEMAND_WRITE_UNITS
    for pool_name, pool in peak_loads(ctx).items():
        use = pool.reads / u.NEW_ON_DEMAND_READ_UNITS + pool.writes / u.NEW_ON_DEMAND_WRITE_UNITS
        if use <= 1:
            continue
        if warm is not None and pool.reads <= warm_read and pool.writes <= warm_write:
            continue
        where = f"table {table.name}" if pool_name is None else f"index {pool_name} of table {table.name}"
        warmed = (
            f"; its warm_throughput ({format_units(warm_read)} reads, {format_units(warm_write)} writes) "
            "does not cover it"
            if warm is not None
            else ""
        )
        yield Hit(
            table.span("billing"),
            f"{where} peaks at {format_units(pool.reads)} read and {format_units(pool.writes)} write units/s, "
            f"{use:.0%} of what a new on-demand table serves at once "
            f"({format_units(u.NEW_ON_DEMAND_READ_UNITS)} reads / "
            f"{format_units(u.NEW_ON_DEMAND_WRITE_UNITS)} writes, or a mix){warmed}. Until it has seen "
            "such traffic it throttles; pre-warm it with warm_throughput, or ramp traffic up over time",
            data={"table": table.name, "index": pool_name, "utilization": use},
        )
