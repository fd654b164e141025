"""3xx rules: items and storage — item size limits, unit rounding, TTL, growth and the
bytes that attribute names take in every item."""

from __future__ import annotations

from collections.abc import Iterator

from ddb_architect.cost import units as u
from ddb_architect.cost.bill import MONTH_SECONDS
from ddb_architect.cost.money import format_usd
from ddb_architect.findings import Severity
from ddb_architect.rules.context import TableContext
from ddb_architect.rules.registry import Hit, rule
from ddb_architect.spec.analysis import Target
from ddb_architect.spec.model import AccessPattern, Entity
from ddb_architect.spec.quantities import SECONDS_PER_DAY, format_bytes, format_count, format_units

ITEM_WARNING_BYTES = 300 * u.KB
ROUNDING_SLACK = 0.10  # "just over a step": within 10 % of the step size
LONG_NAME_BYTES = 10
HIGH_VOLUME_ITEMS = 1_000_000
YEAR_SECONDS = 365 * SECONDS_PER_DAY


def _lsi_entries(ctx: TableContext, entity: Entity, item_bytes: float) -> float:
    """Bytes of the entity's LSI entries for an item of ``item_bytes``: an ``all``
    projection copies the whole item; other projections carry the keys and the projected
    attributes (estimated for a typical item)."""
    total = 0.0
    for index in ctx.table.local_indexes.values():
        target = Target(ctx.table, index)
        if not ctx.analysis.in_target(entity, target):
            continue
        if index.projection == "all":
            total += item_bytes
        else:
            total += min(item_bytes, ctx.analysis.entry_bytes(entity, target) or 0.0)
    return total


@rule(
    "DDB301",
    "item-too-large",
    Severity.ERROR,
    "Item over 400 KB (error) or over 300 KB (warning), its LSI entries counted in",
    also=Severity.WARNING,
)
def item_too_large(ctx: TableContext) -> Iterator[Hit]:
    for entity in ctx.table.entities.values():
        for field in ("max_item_size", "item_size"):
            size = getattr(entity, field)
            if size is None or not entity.valid(field):
                continue
            lsi = _lsi_entries(ctx, entity, size)
            total = size + lsi
            if total > u.MAX_ITEM_BYTES:
                severity = Severity.ERROR
            elif total > ITEM_WARNING_BYTES:
                severity = Severity.WARNING
            else:
                continue
            with_lsi = (
                f" ({format_bytes(size)} plus {format_bytes(lsi)} of local-index entries)" if lsi else ""
            )
            limit = (
                "over the 400 KB item limit: DynamoDB rejects it"
                if severity is Severity.ERROR
                else "close to the 400 KB item limit, and every write pays for each 1 KB of it"
            )
            yield Hit(
                entity.span(field),
                f"entity {entity.name}: an item of {format_bytes(total)}{with_lsi} is {limit}. Keep large "
                "payloads in S3 and store the object key, or split the item",
                severity=severity,
                data={"entity": entity.name, "bytes": total},
            )
            break  # the largest size decides; the average is not reported again


@rule(
    "DDB302",
    "unit-rounding-waste",
    Severity.INFO,
    "Items just over a 1 KB write step or a 4 KB read step",
)
def unit_rounding_waste(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    for entity in table.entities.values():
        size = entity.item_size
        if size is None or not entity.valid("item_size"):
            continue
        patterns = [p for p in table.access_patterns if entity.name in p.entity_names]
        writes = [p for p in patterns if p.is_write]
        reads = [p for p in patterns if p.op in ITEM_READS]
        candidates = []
        if writes:
            candidates.append(("write", u.WRITE_UNIT_BYTES, writes))
        if reads:
            candidates.append(("read", u.READ_UNIT_BYTES, reads))
        for kind, step, using in candidates:
            over = size % step
            if size <= step or over == 0 or over > step * ROUNDING_SLACK:
                continue
            saving = sum(
                (p.rate or 0.0) * (_write_step_units(ctx, p) if kind == "write" else _read_step_units(p))
                for p in using
            )
            unit = (
                "1 write unit per item written"
                if kind == "write"
                else "a 4 KB step per item read (0.5 read unit eventually consistent, 1 strongly "
                "consistent, 2 in a transaction)"
            )
            figure = ""
            if saving:
                per_month = saving * MONTH_SECONDS
                usd = (
                    ctx.pricing.usd_for_writes(per_month)
                    if kind == "write"
                    else ctx.pricing.usd_for_reads(per_month)
                )
                money = f" ({format_usd(usd)} a month)" if usd is not None else ""
                figure = f", {format_units(saving)} {kind} units/s at the declared rates{money}"
            yield Hit(
                entity.span("item_size"),
                f"entity {entity.name}: at {format_bytes(size)} the item is {format_bytes(over)} over a "
                f"{format_bytes(step)} {kind} step, so each {kind} pays a whole extra step; trimming "
                f"{format_bytes(over)} (shorter attribute names, compressed values) saves {unit}{figure}",
                data={
                    "entity": entity.name,
                    "excess_bytes": over,
                    "kind": kind,
                    "units_per_second": saving,
                },
            )


ITEM_READS = ("GetItem", "BatchGetItem", "TransactGetItems")


def _items_per_request(pattern: AccessPattern) -> float:
    if pattern.op in ("BatchGetItem", "TransactGetItems", "BatchWriteItem", "TransactWriteItems"):
        return pattern.items if pattern.items is not None else 1.0
    return 1.0


def _read_step_units(pattern: AccessPattern) -> float:
    """Read units one 4 KB step costs a request, over all the items it reads: 0.5
    eventually consistent, 1 strongly consistent, 2 in a transaction (facts 1.3-1.5), per
    item (facts 1.6, 1.7)."""
    if pattern.op == "TransactGetItems":
        per_item = u.Consistency.TRANSACTIONAL.value
    elif pattern.consistent:
        per_item = u.Consistency.STRONG.value
    else:
        per_item = u.Consistency.EVENTUAL.value
    return per_item * _items_per_request(pattern)


def _write_step_units(ctx: TableContext, pattern: AccessPattern) -> float:
    """Write units one 1 KB step of the item costs a request: per item written (facts
    1.15), twice in a transaction (facts 1.4), plus each index write of an entry that
    copies the whole item (an all projection; facts 3.2)."""
    items = _items_per_request(pattern)
    units = items * (2.0 if pattern.op == "TransactWriteItems" else 1.0)
    load = ctx.load(pattern)
    if load is not None:
        for name, case in load.index_cases.items():
            if ctx.table.indexes[name].projection == "all":
                units += case.writes * items
    return units


@rule("DDB303", "missing-ttl", Severity.WARNING, "Entity with retention in a table with no TTL attribute")
def missing_ttl(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    if table.ttl is not None or not table.valid("ttl"):
        return
    for entity in table.entities.values():
        if entity.retention is None:
            continue
        days = entity.retention / SECONDS_PER_DAY
        yield Hit(
            entity.span("retention"),
            f"entity {entity.name} has a retention of {format_count(days)} days, but table {table.name} "
            "has no ttl attribute, so nothing expires its items: deleting them yourself costs a write "
            "each, while TTL deletes are free. Set ttl: expiresAt and write the expiry (epoch seconds) "
            "into each item",
            data={"entity": entity.name, "table": table.name},
        )


@rule("DDB304", "unbounded-growth", Severity.INFO, "Entity that grows without retention")
def unbounded_growth(ctx: TableContext) -> Iterator[Hit]:
    analysis = ctx.analysis
    for entity in ctx.table.entities.values():
        if entity.growth is None or entity.retention is not None or entity.item_size is None:
            continue
        added = entity.growth * YEAR_SECONDS
        per_item = u.item_storage_bytes(entity.item_size)
        for index in ctx.table.indexes.values():
            target = Target(ctx.table, index)
            if analysis.in_target(entity, target):
                per_item += (analysis.entry_bytes(entity, target) or 0.0) + u.INDEX_ENTRY_OVERHEAD
        now = (entity.count or 0.0) * per_item
        later = now + added * per_item
        usd_now, usd_later = ctx.pricing.usd_for_storage(now), ctx.pricing.usd_for_storage(later)
        money = (
            f" ({format_usd(usd_now)} to {format_usd(usd_later)} a month)"
            if usd_now is not None and usd_later is not None
            else ""
        )
        yield Hit(
            entity.span("growth"),
            f"entity {entity.name} grows by {format_count(added)} items a year with no retention: "
            f"its storage goes from {format_bytes(now)} to {format_bytes(later)} in 12 months{money} "
            "(items and index entries, 100 bytes of overhead each), and keeps growing. Declare a "
            "retention and a TTL if old items can go",
            data={
                "entity": entity.name,
                "bytes_now": now,
                "bytes_in_12_months": later,
                "monthly_usd_in_12_months": usd_later,
            },
        )


@rule(
    "DDB305",
    "long-attribute-names",
    Severity.INFO,
    "Long attribute names on high-volume entities, stored and billed in every item",
)
def long_attribute_names(ctx: TableContext) -> Iterator[Hit]:
    for entity in ctx.table.entities.values():
        volume = (entity.count or 0.0) + (entity.growth or 0.0) * YEAR_SECONDS
        if volume < HIGH_VOLUME_ITEMS:
            continue
        names = dict.fromkeys([*entity.keys, *entity.fields])
        for name in names:
            size = len(name.encode())
            if size <= LONG_NAME_BYTES:
                continue
            total = size * volume
            span = (
                entity.entry_span("fields", name, key_side=True)
                if name in entity.fields
                else entity.entry_span("keys", name, key_side=True)
            )
            usd = ctx.pricing.usd_for_storage(total)
            money = f", {format_usd(usd)} a month" if usd is not None else ""
            yield Hit(
                span,
                f"entity {entity.name}: the attribute name {name!r} takes {size} bytes in each of "
                f"{format_count(volume)} items ({format_bytes(total)} stored{money}, and counted in "
                "every read and write); a short name (a few characters) saves most of it",
                data={"entity": entity.name, "attribute": name, "bytes": total, "monthly_usd": usd},
            )
