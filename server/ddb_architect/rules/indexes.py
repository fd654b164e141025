"""2xx rules: indexes — how many, whether they are used, what they project, consistency,
key churn, duplicates and the attributes their reads leave out or fetch."""

from __future__ import annotations

from collections.abc import Iterator

from ddb_architect.cost import units as u
from ddb_architect.cost.bill import MONTH_SECONDS
from ddb_architect.cost.money import format_usd
from ddb_architect.cost.patterns import PatternLoad, pattern_load
from ddb_architect.findings import Severity
from ddb_architect.rules.context import TableContext
from ddb_architect.rules.registry import Hit, rule
from ddb_architect.spec.analysis import Target
from ddb_architect.spec.model import AccessPattern, Index
from ddb_architect.spec.quantities import (
    SECONDS_PER_MONTH,
    format_bytes,
    format_count,
    format_units,
)

MANY_GSIS = 5


def _per_month(units_per_second: float) -> str:
    return f"{format_count(units_per_second * SECONDS_PER_MONTH)} units a month"


@rule("DDB201", "many-indexes", Severity.WARNING, "More than 5 GSIs on one table: every write fans out")
def many_indexes(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    gsis = table.global_indexes
    if len(gsis) <= MANY_GSIS:
        return
    writers = [
        e
        for e in table.entities.values()
        if any(ctx.analysis.in_target(e, Target(table, i)) for i in gsis.values())
    ]
    fan_out = max(
        (sum(ctx.analysis.in_target(e, Target(table, i)) for i in gsis.values()) for e in writers), default=0
    )
    yield Hit(
        table.span("indexes", key=True),
        f"table {table.name} has {len(gsis)} global indexes (more than {MANY_GSIS}); a write can fan out "
        f"to {fan_out} index writes, each paid for. Overload a few generic indexes (GSI1PK/GSI1SK holding "
        "different entities' keys) instead of one index per query",
        data={"count": len(gsis)},
    )


def _index_write_rate(ctx: TableContext, index: Index) -> float:
    """Average write units per second the access patterns spend on ``index``."""
    total = 0.0
    for pattern in ctx.table.access_patterns:
        load = ctx.load(pattern)
        if load is None or pattern.rate is None:
            continue
        units = load.gsi_write_units.get(index.name, 0.0) + load.lsi_write_units.get(index.name, 0.0)
        total += pattern.rate * units
    return total


def _index_storage(ctx: TableContext, index: Index) -> float:
    target = Target(ctx.table, index)
    total = 0.0
    for entity in ctx.analysis.entities_in(target):
        entry = ctx.analysis.entry_bytes(entity, target)
        if entry is not None and entity.count is not None:
            total += entity.count * (entry + u.INDEX_ENTRY_OVERHEAD)
    return total


@rule("DDB202", "unused-index", Severity.WARNING, "An index that no access pattern uses, with what it costs")
def unused_index(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    used = {p.index for p in table.access_patterns if p.index}
    # A pattern naming a misspelt index already has DDB004 with the index it meant.
    for pattern in table.access_patterns:
        verdict = ctx.analysis.verdict(pattern)
        if verdict.code == "DDB004" and verdict.data.get("kind") == "index":
            used.add(str(verdict.data.get("suggestion")))
    if not table.valid("access_patterns"):
        return
    for index in table.indexes.values():
        if index.name in used:
            continue
        writes = _index_write_rate(ctx, index)
        storage = _index_storage(ctx, index)
        figures = []
        if writes:
            figures.append(f"{format_units(writes)} write units/s on average ({_per_month(writes)})")
        if storage:
            figures.append(f"{format_bytes(storage)} of storage")
        usd = _index_usd(ctx, index)
        money = f"{format_usd(usd)} a month: " if usd else ""
        cost = f"; it still costs {money}{' and '.join(figures)}" if figures else ""
        yield Hit(
            index.name_span,
            f"index {index.name} is not used by any access pattern{cost}. Remove it, or declare the "
            "access pattern that needs it",
            data={
                "index": index.name,
                "write_units_per_second": writes,
                "storage_bytes": storage,
                "monthly_usd": usd,
            },
        )


def _index_usd(ctx: TableContext, index: Index) -> float | None:
    """What the index costs a month as declared (its writes or capacity, and its storage)."""
    for cost in ctx.costs.indexes:
        if cost.name == index.name:
            return cost.monthly_usd
    return None


@rule(
    "DDB203",
    "wide-projection",
    Severity.INFO,
    "Index projects all attributes while its access patterns need only a few",
)
def wide_projection(ctx: TableContext) -> Iterator[Hit]:
    table, analysis = ctx.table, ctx.analysis
    for index in table.indexes.values():
        if index.projection != "all" or not index.valid("projection"):
            continue
        patterns = [p for p in table.access_patterns if p.index == index.name]
        if not patterns or any(p.needs is None for p in patterns):
            continue
        target = Target(table, index)
        keys = set(analysis.table_target.key_attrs) | set(target.key_attrs)
        needed = sorted({n for p in patterns for n in (p.needs or [])} - keys)
        narrow: str | list[str] = needed or "keys-only"
        saved_storage = 0.0
        for entity in analysis.entities_in(target):
            wide = analysis.entry_bytes(entity, target)
            slim = analysis.entry_bytes(entity, target, narrow)
            if wide is None or slim is None:
                continue
            if entity.count is not None:
                saved_storage += entity.count * (wide - slim)
        saved_writes = _write_saving(ctx, index, narrow)
        if saved_storage <= 0 and saved_writes <= 0:
            continue
        projection = f"[{', '.join(needed)}]" if needed else "keys-only"
        figures = [f"{format_bytes(saved_storage)} of index storage"] if saved_storage > 0 else []
        if saved_writes > 0:
            figures.append(f"{format_units(saved_writes)} write units/s ({_per_month(saved_writes)})")
        usd = _sum_usd(
            ctx.pricing.usd_for_storage(saved_storage) if saved_storage > 0 else 0.0,
            ctx.pricing.usd_for_writes(saved_writes * MONTH_SECONDS) if saved_writes > 0 else 0.0,
        )
        if usd:
            figures.insert(0, f"{format_usd(usd)} a month:")
        yield Hit(
            index.span("projection") if index.given("projection") else index.name_span,
            f"index {index.name} projects all attributes, but its access patterns need only "
            f"{', '.join(needed) if needed else 'its keys'}; projection: {projection} would save "
            + (f"{figures[0]} {' and '.join(figures[1:])}" if usd else " and ".join(figures)),
            data={
                "index": index.name,
                "projection": needed or "keys-only",
                "storage_bytes": saved_storage,
                "write_units_per_second": saved_writes,
                "monthly_usd": usd,
            },
        )


def _sum_usd(*amounts: float | None) -> float | None:
    """The sum of dollar amounts, None when one of them could not be priced."""
    if any(a is None for a in amounts):
        return None
    return sum(a for a in amounts if a is not None)


def _write_saving(ctx: TableContext, index: Index, projection: str | list[str]) -> float:
    """Average write units per second the index would save under ``projection``: each
    write pattern's units on the index as declared, minus under the narrower projection
    (entries sized by what they carry; updates of attributes it no longer holds write
    nothing there, facts 3.2)."""
    saved = 0.0
    for pattern in ctx.table.access_patterns:
        if not pattern.is_write or pattern.rate is None:
            continue
        now = ctx.load(pattern)
        then = pattern_load(ctx.analysis, pattern, {index.name: projection})
        if now is None or then is None:
            continue
        saved += pattern.rate * (_units_on(now, index) - _units_on(then, index))
    return saved


def _units_on(load: PatternLoad, index: Index) -> float:
    return load.gsi_write_units.get(index.name, 0.0) + load.lsi_write_units.get(index.name, 0.0)


@rule(
    "DDB204",
    "consistent-read-on-gsi",
    Severity.ERROR,
    "Strongly consistent read on a global index (DynamoDB rejects it)",
)
def consistent_read_on_gsi(ctx: TableContext) -> Iterator[Hit]:
    for pattern in ctx.table.access_patterns:
        if not pattern.consistent or pattern.index is None:
            continue
        index = ctx.table.indexes.get(pattern.index)
        if index is None or index.local:
            continue
        yield Hit(
            pattern.span("consistent"),
            f"access pattern {pattern.name}: global index {index.name} supports only eventually "
            "consistent reads, and DynamoDB rejects ConsistentRead=true with a ValidationException. "
            "Drop consistent, or read the item from the table (or a local index) when it must be fresh",
            data={"pattern": pattern.name, "index": index.name},
        )


@rule(
    "DDB205",
    "index-key-churn",
    Severity.INFO,
    "Writes that change an index key cost a delete and a put on that index",
)
def index_key_churn(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    for pattern in table.access_patterns:
        if not pattern.changes or not pattern.is_write:
            continue
        load = ctx.load(pattern)
        if load is None:
            continue
        # The load says, index by index, which writes move the entry (facts 3.2): the
        # figure below is then what those moves cost.
        churned = [
            (name, load.gsi_write_units.get(name, load.lsi_write_units.get(name, 0.0)))
            for name, case in load.index_cases.items()
            if case is u.IndexWrite.KEY_CHANGE
        ]
        if not churned:
            continue
        rate = pattern.rate
        parts = []
        total = 0.0
        for name, units in churned:
            parts.append(f"{name} ({format_units(units)} WCU per write)")
            total += units
        figure = ""
        if rate is not None:
            usd = ctx.pricing.usd_for_writes(total * rate * MONTH_SECONDS)
            money = f", {format_usd(usd)} a month" if usd is not None else ""
            figure = (
                f": {format_units(total * rate)} write units/s on average ({_per_month(total * rate)}{money})"
            )
        yield Hit(
            pattern.span("changes"),
            f"access pattern {pattern.name} changes the key of {', '.join(parts)}; each such write "
            f"deletes the old index entry and puts a new one, two index writes{figure}",
            data={"pattern": pattern.name, "indexes": [n for n, _ in churned]},
        )


@rule("DDB206", "duplicate-index", Severity.WARNING, "Two indexes with the same key attributes")
def duplicate_index(ctx: TableContext) -> Iterator[Hit]:
    seen: dict[tuple[tuple[str, ...], tuple[str, ...], bool], Index] = {}
    for index in ctx.table.indexes.values():
        signature = (index.key.partition_attrs, index.key.sort_attrs, index.local)
        first = seen.get(signature)
        if first is None:
            seen[signature] = index
            continue
        yield Hit(
            index.name_span,
            f"index {index.name} has the same key as {first.name} "
            f"({', '.join(index.key.partition_attrs + index.key.sort_attrs)}); every write pays for "
            f"both. Merge them (widen {first.name}'s projection if needed)",
            data={"index": index.name, "duplicate_of": first.name},
        )


def _missing_needs(ctx: TableContext, target: Target, needs: list[str]) -> list[str]:
    projected = ctx.analysis.projected_attributes(target)
    if projected is None:
        return []
    return [n for n in needs if n not in projected]


def _reads_missing_needs(ctx: TableContext, kind: str) -> Iterator[tuple[AccessPattern, Target, list[str]]]:
    """Reads on a ``kind`` ("lsi" or "gsi") index whose ``needs`` it does not project."""
    for pattern in ctx.table.access_patterns:
        if not pattern.needs or not pattern.is_read:
            continue
        target = ctx.analysis.pattern_target(pattern)
        if target is None or target.kind != kind:
            continue
        missing = _missing_needs(ctx, target, pattern.needs)
        if missing:
            yield pattern, target, missing


@rule(
    "DDB207",
    "lsi-fetch",
    Severity.INFO,
    "LSI read that needs unprojected attributes, so every item is fetched from the table",
)
def lsi_fetch(ctx: TableContext) -> Iterator[Hit]:
    for pattern, target, missing in _reads_missing_needs(ctx, "lsi"):
        load = ctx.load(pattern)
        figure = ""
        if load is not None:
            figure = f"; it reads {format_units(load.read_units)} RCU per request ({load.formula})"
            if pattern.rate is not None:
                figure += f", {format_units(load.read_units * pattern.rate)} RCU/s on average"
                usd = ctx.pricing.usd_for_reads(load.fetch_units * pattern.rate * MONTH_SECONDS)
                if usd is not None and load.fetch_units:
                    figure += f"; the fetches alone cost {format_usd(usd)} a month"
        yield Hit(
            pattern.span("needs"),
            f"access pattern {pattern.name} needs {', '.join(missing)}, which local index {target.name} "
            f"does not project, so each item is fetched from the table as a whole item rounded up to "
            f"4 KB{figure}. Project them to avoid the fetches",
            data={"pattern": pattern.name, "missing": missing},
        )


@rule(
    "DDB208",
    "gsi-missing-attributes",
    Severity.WARNING,
    "GSI read that needs attributes the index does not project (a GSI never fetches them)",
)
def gsi_missing_attributes(ctx: TableContext) -> Iterator[Hit]:
    for pattern, target, missing in _reads_missing_needs(ctx, "gsi"):
        yield Hit(
            pattern.span("needs"),
            f"access pattern {pattern.name} needs {', '.join(missing)}, which global index "
            f"{target.name} does not project; a GSI never fetches from the table, so the results "
            "simply lack them. Add them to the projection, or read each item from the table",
            data={"pattern": pattern.name, "missing": missing, "index": target.name},
        )
