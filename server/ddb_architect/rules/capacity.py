"""4xx rules that need only capacity units: under-provisioned tables (DDB404) and
on-demand tables whose peak passes what a new table serves at once (DDB408). Scans are
left out of both: a scan is paced by its pages, and its cost is DDB501's to report."""

from __future__ import annotations

from collections.abc import Iterator

from ddb_architect.cost import units as u
from ddb_architect.cost.capacity import PoolLoad, capacity_for, pool_loads
from ddb_architect.cost.money import format_usd
from ddb_architect.findings import Severity, Span
from ddb_architect.rules.context import TableContext
from ddb_architect.rules.registry import Hit, rule
from ddb_architect.spec.model import AutoscalingSides
from ddb_architect.spec.quantities import format_units


def peak_loads(ctx: TableContext) -> dict[str | None, PoolLoad]:
    """Peak units per second on the table and on each global index."""
    return pool_loads(ctx.table, ctx.load, lambda pattern: pattern.peak_rate)


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


@rule(
    "DDB403",
    "over-provisioned",
    Severity.WARNING,
    "Provisioned capacity above twice what the peak needs at a 70% target",
)
def over_provisioned(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    if table.billing != "provisioned" or table.capacity is None or not table.valid("billing", "capacity"):
        return
    loads = peak_loads(ctx)
    scaling = table.capacity.autoscaling
    # A global index without its own capacity is provisioned with the table's: its excess
    # is the table's capacity setting too, so it is reported there, in the same finding.
    inheriting = [name for name, index in table.global_indexes.items() if index.capacity is None]
    checks: list[tuple[Span, str, list[tuple[str, PoolLoad]], float, float, AutoscalingSides | None]] = [
        (
            table.span("capacity"),
            f"table {table.name}",
            [("", loads[None])]
            + [(f"index {name} (on the table's capacity) ", loads[name]) for name in inheriting],
            table.capacity.read,
            table.capacity.write,
            scaling,
        )
    ]
    for name, index in table.global_indexes.items():
        if index.capacity is not None:
            checks.append(
                (
                    index.span("capacity"),
                    f"index {name}",
                    [("", loads[name])],
                    index.capacity.read,
                    index.capacity.write,
                    None,
                )
            )
    for span, owner, parts, read, write, autoscaling in checks:
        excess = []
        waste = 0.0
        for label, load in parts:
            for side, have, need, floor in (
                (
                    "read",
                    read,
                    load.reads,
                    autoscaling.read.min if autoscaling and autoscaling.read else None,
                ),
                (
                    "write",
                    write,
                    load.writes,
                    autoscaling.write.min if autoscaling and autoscaling.write else None,
                ),
            ):
                provisioned = floor if floor is not None else have
                if need <= 0:
                    continue  # no declared pattern uses this side: nothing to judge it by
                enough = capacity_for(need)
                if provisioned > 2 * enough:
                    excess.append(
                        f"{label}{side}s: {format_units(provisioned)} {'RCU' if side == 'read' else 'WCU'}"
                        f"{' (auto scaling minimum)' if floor is not None else ''} for a peak of "
                        f"{format_units(need)}, which {format_units(enough)} serve at 70 %"
                    )
                    usd = ctx.pricing.usd_for_capacity(side, provisioned - enough)
                    waste += usd or 0.0
        if excess:
            figure = f"; the excess costs {format_usd(waste)} a month" if waste else ""
            yield Hit(
                span,
                f"{owner} is over-provisioned: {'; '.join(excess)}{figure}. Lower the capacity or let "
                "auto scaling track the load",
                data={"owner": owner, "monthly_usd": waste},
            )
