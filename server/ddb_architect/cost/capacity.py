"""Load on each capacity pool of a table: the table itself (its local indexes share its
capacity) and each global index, at a rate chosen by the caller (peak or average)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ddb_architect.cost.patterns import PatternLoad
from ddb_architect.spec.model import AccessPattern, Table
from ddb_architect.spec.quantities import format_units

TARGET_UTILIZATION = 0.7
"""The utilization provisioned capacity is sized for (auto scaling's usual target)."""


@dataclass
class PoolLoad:
    """Units per second on one capacity pool (the table, or one global index)."""

    reads: float = 0.0
    writes: float = 0.0
    read_parts: list[str] = field(default_factory=list)
    write_parts: list[str] = field(default_factory=list)


def pool_loads(
    table: Table,
    load_of: Callable[[AccessPattern], PatternLoad | None],
    rate_of: Callable[[AccessPattern], float | None],
    patterns: Iterable[AccessPattern] | None = None,
) -> dict[str | None, PoolLoad]:
    """Units per second per pool: key None for the table (with its local indexes), else
    a global index's name. Scans are left out (a scan is paced by its pages and takes what
    capacity is free), as are patterns without a rate and unsound patterns."""
    pools: dict[str | None, PoolLoad] = {None: PoolLoad()}
    for index in table.global_indexes:
        pools[index] = PoolLoad()
    for pattern in table.access_patterns if patterns is None else patterns:
        rate = rate_of(pattern)
        if pattern.op == "Scan" or rate is None:
            continue
        load = load_of(pattern)
        if load is None or load.metered_as == "Scan":
            continue
        if load.read_units:
            pool = pools[load.target.name if load.target.kind == "gsi" else None]
            pool.reads += rate * load.read_units
            pool.read_parts.append(f"{pattern.name} {format_units(rate * load.read_units)}")
        if load.write_units:
            pools[None].writes += rate * load.write_units
            pools[None].write_parts.append(f"{pattern.name} {format_units(rate * load.write_units)}")
        for index, units in load.gsi_write_units.items():
            pools[index].writes += rate * units
            pools[index].write_parts.append(f"{pattern.name} {format_units(rate * units)}")
    return pools


def capacity_for(load: float, utilization: float = TARGET_UTILIZATION) -> float:
    """Provisioned units that serve ``load`` units/s at ``utilization`` (at least 1)."""
    return max(1.0, load / utilization)
