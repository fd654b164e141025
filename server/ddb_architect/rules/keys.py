"""1xx rules: keys — cardinality, hot partitions, item collections, monotonic keys,
collisions, sort order of numbers and key lengths."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ddb_architect.cost import units as u
from ddb_architect.findings import Severity, Span
from ddb_architect.rules.context import TableContext
from ddb_architect.rules.registry import Hit, rule
from ddb_architect.spec.analysis import Target
from ddb_architect.spec.model import AccessPattern, Entity, SpecModel
from ddb_architect.spec.quantities import (
    SECONDS_PER_DAY,
    format_bytes,
    format_count,
    format_rate,
    format_units,
)
from ddb_architect.spec.templates import (
    FIXED_LENGTH_FORMATS,
    max_value_bytes,
    templates_overlap,
    try_parse,
)

LOW_CARDINALITY = 100
MAX_PARTITION_KEY_BYTES = 2048
MAX_SORT_KEY_BYTES = 1024


def _target_model(target: Target) -> SpecModel:
    return target.index if target.index is not None else target.table


@rule(
    "DDB101",
    "low-cardinality-partition-key",
    Severity.WARNING,
    "Partition key that is a constant or has fewer than 100 distinct values",
)
def low_cardinality_partition_key(ctx: TableContext) -> Iterator[Hit]:
    analysis = ctx.analysis
    for target in analysis.targets:
        if target.kind == "lsi":
            continue  # an LSI shares the table's partition key: judged on the table
        lowest: tuple[float, Entity] | None = None
        for entity in analysis.entities_in(target):
            if not entity.valid("keys", "fields", "count"):
                continue
            templates = analysis.partition_templates(entity, target)
            if templates is None:
                continue
            if all(t.is_constant for t in templates):
                attr = target.partition_attrs[0]
                count = (
                    f" ({format_count(entity.count)} item{'s' if entity.count != 1 else ''})"
                    if entity.count is not None
                    else ""
                )
                yield Hit(
                    entity.entry_span("keys", attr),
                    f"entity {entity.name}: every item{count} has the same {target.label} partition key "
                    f"{'#'.join(t.source for t in templates)!r}, so they all share one partition "
                    "(3,000 read / 1,000 write units per second at most); put an id in the key",
                    data={"entity": entity.name, "attribute": attr, "target": target.name},
                )
                continue
            cardinality = analysis.partition_cardinality(entity, target)
            if (
                cardinality is not None
                and cardinality < LOW_CARDINALITY
                and (lowest is None or cardinality < lowest[0])
            ):
                lowest = (cardinality, entity)
        if lowest is not None:
            cardinality, entity = lowest
            templates = analysis.partition_templates(entity, target) or []
            names = ", ".join(v.name for t in templates for v in t.variables)
            yield Hit(
                _target_model(target).key_part_span(),
                f"{target.label}: the partition key takes only {format_count(cardinality)} distinct "
                f"value{'s' if cardinality != 1 else ''} for {entity.name} (from {names}), fewer than "
                f"{LOW_CARDINALITY}: all its traffic lands on a handful of partitions. Use a "
                "higher-cardinality attribute, or add a shard suffix",
                data={"target": target.name, "cardinality": cardinality, "entity": entity.name},
            )


# --------------------------------------------------------------------------- hot partitions


ConstantKey = tuple[str, ...]


@dataclass
class _Side:
    """Load on the busiest partition key value of one target, for reads or writes.

    Traffic spread over a key's values (or concentrated by ``hot_key_share`` on a key the
    spec does not name) is counted on every value; traffic on a constant key only on that
    value. The busiest value carries the spread traffic plus the largest constant group."""

    limit: float
    unit: str
    spread: float = 0.0
    spread_parts: list[str] = field(default_factory=list)
    constants: dict[ConstantKey, float] = field(default_factory=dict)
    constant_parts: dict[ConstantKey, list[str]] = field(default_factory=dict)

    def add(self, key: ConstantKey | None, units: float, part: str) -> None:
        if key is None:
            self.spread += units
            self.spread_parts.append(part)
        else:
            self.constants[key] = self.constants.get(key, 0.0) + units
            self.constant_parts.setdefault(key, []).append(part)

    @property
    def busiest(self) -> ConstantKey | None:
        return max(self.constants, key=lambda k: self.constants[k]) if self.constants else None

    @property
    def total(self) -> float:
        busiest = self.busiest
        return self.spread + (self.constants[busiest] if busiest is not None else 0.0)

    @property
    def parts(self) -> list[str]:
        busiest = self.busiest
        return (self.constant_parts[busiest] if busiest is not None else []) + self.spread_parts


def _severity(load: float, limit: float) -> Severity | None:
    if load > limit:
        return Severity.ERROR
    if load > limit / 2:
        return Severity.WARNING
    return None


def _pattern_span(pattern: AccessPattern) -> Span:
    for name in ("key", "entity", "op"):
        if pattern.given(name):
            return pattern.span(name)
    return pattern.span()


@rule(
    "DDB102",
    "hot-partition",
    Severity.ERROR,
    "At peak, one partition key value needs more than 3,000 read or 1,000 write units per second",
    also=Severity.WARNING,
)
def hot_partition(ctx: TableContext) -> Iterator[Hit]:
    analysis = ctx.analysis
    sides: dict[tuple[str, str], _Side] = {}
    single: set[tuple[str, str]] = set()

    def side(target: Target, kind: str) -> _Side:
        group = target.name if target.kind == "gsi" else ctx.table.name
        if (group, kind) not in sides:
            limit = (
                u.PARTITION_READ_UNITS_PER_SECOND if kind == "read" else u.PARTITION_WRITE_UNITS_PER_SECOND
            )
            sides[(group, kind)] = _Side(limit, "read" if kind == "read" else "write")
        return sides[(group, kind)]

    for pattern in ctx.table.access_patterns:
        if (
            pattern.op == "Scan"
            or pattern.peak_rate is None
            or not pattern.valid("peak", "rate", "hot_key_share")
        ):
            continue
        load = ctx.load(pattern)
        if load is None or load.metered_as == "Scan":
            continue
        peak = pattern.peak_rate
        flows: list[tuple[Target, str, float]] = []
        if load.read_units:
            flows.append((load.target, "read", load.read_units))
        if load.write_units:
            flows.append((analysis.table_target, "write", load.write_units))
        for target, kind, units in flows:
            share, why = _share(ctx, pattern, target)
            if share is None:
                continue
            per_key = peak * units * share
            bucket = side(target, kind)
            constant = (
                None
                if pattern.hot_key_share is not None
                else analysis.constant_partition_key(pattern, target)
            )
            bucket.add(constant, per_key, f"{pattern.name} {format_units(per_key)}")
            severity = _severity(per_key, bucket.limit)
            if severity is None:
                continue
            group = target.name if target.kind == "gsi" else ctx.table.name
            single.add((group, kind))
            yield Hit(
                _pattern_span(pattern),
                f"access pattern {pattern.name}: at its peak of {format_rate(peak)} it sends "
                f"{format_units(per_key)} {kind} units/s to one partition key value of {target.label}, "
                f"{'over' if severity is Severity.ERROR else 'over half of'} the "
                f"{format_units(bucket.limit)} {kind} units/s one partition serves. Assumed: "
                f"{format_units(units)} {kind} unit{'' if units == 1 else 's'} per request "
                f"({load.formula}); {why}"
                + (f"; {'; '.join(load.assumptions)}" if load.assumptions else "")
                + ". Spread the key (add an id or a shard suffix) or cache the item",
                severity=severity,
                data={"pattern": pattern.name, "units_per_second": per_key, "kind": kind},
            )
        for index_name, units in load.gsi_write_units.items():
            index_target = analysis.index_target(index_name)
            if index_target is None or not load.pattern.entity_names:
                continue
            entity = ctx.table.entities.get(load.pattern.entity_names[0])
            if entity is None:
                continue
            share, _why = _entity_share(ctx, entity, index_target)
            if share is None:
                continue
            per_key = peak * units * share
            side(index_target, "write").add(
                analysis.constant_entity_key(entity, index_target),
                per_key,
                f"{pattern.name} {format_units(per_key)}",
            )
    yield from _aggregates(ctx, sides, single)


def _aggregates(
    ctx: TableContext, sides: dict[tuple[str, str], _Side], single: set[tuple[str, str]]
) -> Iterator[Hit]:
    for (group, kind), bucket in sides.items():
        if (group, kind) in single:
            continue
        severity = _severity(bucket.total, bucket.limit)
        if severity is None:
            continue
        target = ctx.analysis.index_target(group) if group in ctx.table.indexes else ctx.analysis.table_target
        assert target is not None
        busiest = bucket.busiest
        where = (
            f"the partition key value {'#'.join(busiest)}"
            if busiest is not None
            else "one partition key value"
        )
        remedy = "reduce the writes" if kind == "write" else "cache the reads"
        yield Hit(
            _target_model(target).key_part_span(),
            f"{target.label}: at peak, the access patterns together send {format_units(bucket.total)} "
            f"{kind} units/s to {where} ({', '.join(bucket.parts)}), "
            f"{'over' if severity is Severity.ERROR else 'over half of'} the {format_units(bucket.limit)} "
            f"{kind} units/s one partition serves. Spread the key (a shard suffix) or {remedy}",
            severity=severity,
            data={"target": target.name, "units_per_second": bucket.total, "kind": kind},
        )


def _share(ctx: TableContext, pattern: AccessPattern, target: Target) -> tuple[float | None, str]:
    """The share of a pattern's traffic on its busiest partition key value, and why."""
    if pattern.hot_key_share is not None:
        return (
            pattern.hot_key_share,
            f"{pattern.hot_key_share:.0%} of the traffic on the busiest key (hot_key_share)",
        )
    cardinality, why = ctx.analysis.pattern_partition_cardinality(pattern, target)
    if cardinality is None or cardinality <= 0:
        return None, ""
    return 1.0 / cardinality, why


def _entity_share(ctx: TableContext, entity: Entity, target: Target) -> tuple[float | None, str]:
    """How an entity's writes into a target spread: all on one key for constants and keys
    built from time or a counter, else evenly over the key's cardinality."""
    analysis = ctx.analysis
    templates = analysis.partition_templates(entity, target)
    if templates is None:
        return None, ""
    if all(t.is_constant for t in templates) or analysis.is_time_or_counter_only(entity, templates):
        return 1.0, "all new writes share one key"
    cardinality = analysis.partition_cardinality(entity, target)
    if cardinality is None or cardinality <= 0:
        return None, ""
    return 1.0 / cardinality, f"spread over {format_count(cardinality)} values"


# --------------------------------------------------------------------------- item collections

YEAR_SECONDS = 365 * SECONDS_PER_DAY


@rule(
    "DDB103",
    "item-collection-too-large",
    Severity.ERROR,
    "With an LSI, one partition key value's item collection can pass 10 GiB",
)
def item_collection_too_large(ctx: TableContext) -> Iterator[Hit]:
    analysis = ctx.analysis
    table = ctx.table
    if not table.local_indexes:
        return
    target = analysis.table_target
    per_value: list[tuple[Entity, float, float, str]] = []  # entity, bytes now, bytes in 12 months, basis
    for entity in table.entities.values():
        if entity.item_size is None or entity.count is None or not analysis.in_target(entity, target):
            continue
        cardinality = analysis.partition_cardinality(entity, target)
        if cardinality is None or cardinality <= 0:
            continue
        per_item = u.item_storage_bytes(entity.item_size)
        for index in table.local_indexes.values():
            lsi = Target(table, index)
            if analysis.in_target(entity, lsi):
                per_item += (analysis.entry_bytes(entity, lsi) or 0) + u.INDEX_ENTRY_OVERHEAD
        count_later = entity.count
        if entity.growth is not None and entity.retention is None:
            count_later += entity.growth * YEAR_SECONDS
        per_value.append(
            (entity, entity.count / cardinality * per_item, count_later / cardinality * per_item, "")
        )
    for entity, _now, _later, _ in per_value:
        templates = analysis.partition_templates(entity, target) or []
        if not templates:
            continue
        now = later = 0.0
        members = []
        for other, other_now, other_later, _basis in per_value:
            other_templates = analysis.partition_templates(other, target) or []
            if len(other_templates) == len(templates) and all(
                templates_overlap(a, entity.fields, b, other.fields)
                for a, b in zip(templates, other_templates, strict=True)
            ):
                now += other_now
                later += other_later
                members.append(other.name)
        if later <= u.ITEM_COLLECTION_LIMIT_BYTES:
            continue
        if members[0] != entity.name:
            continue  # reported once, on the first entity of the collection
        span, basis = _collection_span(ctx, entity, target)
        when = "now" if now > u.ITEM_COLLECTION_LIMIT_BYTES else "within 12 months of the declared growth"
        yield Hit(
            span,
            f"table {table.name} has a local index, so one partition key value's item collection "
            f"must stay under 10 GB; {', '.join(members)} put {format_bytes(later if when != 'now' else now)} "
            f"under one value {when} ({basis}; items plus their local-index entries, 100 bytes of "
            "overhead each). Writes then fail with ItemCollectionSizeLimitExceededException: use a "
            "global index instead, or a higher-cardinality partition key",
            data={"entity": entity.name, "bytes": later},
        )


def _collection_span(ctx: TableContext, entity: Entity, target: Target) -> tuple[Span, str]:
    templates = ctx.analysis.partition_templates(entity, target) or []
    for template in templates:
        for variable in template.variables:
            spec = entity.fields.get(variable.name)
            if spec is not None and spec.cardinality is not None:
                return (
                    spec.span("cardinality"),
                    f"{format_count(spec.cardinality)} values of {variable.name}",
                )
    cardinality = ctx.analysis.partition_cardinality(entity, target) or 0
    return entity.span("count"), f"{format_count(cardinality)} partition key values"


# --------------------------------------------------------------------------- monotonic keys


@rule(
    "DDB104",
    "monotonic-partition-key",
    Severity.WARNING,
    "Partition key built only from time or counter variables, so new writes land on one key",
)
def monotonic_partition_key(ctx: TableContext) -> Iterator[Hit]:
    analysis = ctx.analysis
    for target in analysis.targets:
        if target.kind == "lsi":
            continue
        for entity in analysis.entities_in(target):
            if not entity.valid("keys", "fields"):
                continue
            templates = analysis.partition_templates(entity, target)
            if templates is None or not analysis.is_time_or_counter_only(entity, templates):
                continue
            names = ", ".join(
                f"{v.name} ({entity.fields[v.name].format})" for t in templates for v in t.variables
            )
            yield Hit(
                _target_model(target).key_part_span(),
                f"{target.label}: {entity.name}'s partition key is built only from {names}, so every "
                "new write lands on the current key and one partition takes all of them. Shard the "
                "key (for example {day}#{shard} with a few random shards) or lead with an id",
                data={"target": target.name, "entity": entity.name},
            )
            break


# --------------------------------------------------------------------------- collisions


@rule(
    "DDB105",
    "key-collision",
    Severity.ERROR,
    "Two entities whose key templates can produce the same primary key",
)
def key_collision(ctx: TableContext) -> Iterator[Hit]:
    analysis = ctx.analysis
    target = analysis.table_target
    entities = [e for e in ctx.table.entities.values() if e.valid("keys") and analysis.in_target(e, target)]
    for later_position, later in enumerate(entities):
        for earlier in entities[:later_position]:
            if _same_key_possible(ctx, earlier, later, target):
                attrs = ", ".join(f"{a}={later.keys[a]!r}" for a in target.key_attrs)
                earlier_attrs = ", ".join(f"{a}={earlier.keys[a]!r}" for a in target.key_attrs)
                yield Hit(
                    later.span("keys"),
                    f"entities {earlier.name} ({earlier_attrs}) and {later.name} ({attrs}) can produce "
                    "the same primary key, so one would overwrite the other. Give each entity its own "
                    "literal prefix (USER#, ORDER#) in the sort or partition key",
                    data={"entity": later.name, "other": earlier.name},
                )
                break


def _same_key_possible(ctx: TableContext, first: Entity, second: Entity, target: Target) -> bool:
    for attr in target.key_attrs:
        a = try_parse(first.keys[attr])
        b = try_parse(second.keys[attr])
        if a is None or b is None:
            return False
        if not templates_overlap(a, first.fields, b, second.fields):
            return False
    return True


# --------------------------------------------------------------------------- numbers in sort keys


@rule(
    "DDB106",
    "unpadded-number-in-sort-key",
    Severity.WARNING,
    "Number variable in a string sort key template without zero padding, so the order is wrong",
)
def unpadded_number_in_sort_key(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    sort_attrs = {a for target in ctx.analysis.targets for a in target.sort_attrs}
    for entity in table.entities.values():
        if not entity.valid("keys", "fields"):
            continue
        for attr in sorted(sort_attrs):
            if attr not in entity.keys or table.attribute_type(attr) != "S":
                continue
            template = try_parse(entity.keys[attr])
            if template is None:
                continue
            for variable in template.variables:
                spec = entity.fields.get(variable.name)
                if spec is None or variable.zero_padded_width:
                    continue
                numeric = spec.type == "N" or spec.format == "counter"
                if not numeric or spec.format in FIXED_LENGTH_FORMATS:
                    continue
                padded = f"{{{variable.name}:010d}}"
                yield Hit(
                    entity.entry_span("keys", attr),
                    f"entity {entity.name}: {{{variable.name}}} is a number in the string sort key "
                    f'{attr}, which sorts as text ("10" before "9"); zero-pad it, for example {padded}',
                    data={
                        "entity": entity.name,
                        "attribute": attr,
                        "variable": variable.name,
                        "replacement": entity.keys[attr].replace(f"{{{variable.name}}}", padded),
                    },
                )


# --------------------------------------------------------------------------- key length


@rule(
    "DDB107",
    "key-too-long",
    Severity.ERROR,
    "Partition key value can pass 2,048 bytes or sort key value 1,024 bytes",
)
def key_too_long(ctx: TableContext) -> Iterator[Hit]:
    analysis = ctx.analysis
    # An attribute that is a sort key of any target must fit the (smaller) sort key limit.
    limits: dict[str, tuple[int, str]] = {}
    for target in analysis.targets:
        for attr in target.partition_attrs:
            limits.setdefault(attr, (MAX_PARTITION_KEY_BYTES, "partition"))
    for target in analysis.targets:
        for attr in target.sort_attrs:
            limits[attr] = (MAX_SORT_KEY_BYTES, "sort")
    for entity in ctx.table.entities.values():
        if not entity.valid("keys", "fields"):
            continue
        for attr, (limit, part) in limits.items():
            template = try_parse(entity.keys[attr]) if attr in entity.keys else None
            if template is None:
                continue
            longest, unbounded = max_value_bytes(template, entity.fields)
            if longest <= limit:
                continue
            left_out = f" (not counting {', '.join(unbounded)}, which nothing bounds)" if unbounded else ""
            yield Hit(
                entity.entry_span("keys", attr),
                f"entity {entity.name}: {attr} can be {longest:,} bytes long{left_out}, over the "
                f"{limit:,}-byte limit of a {part} key value; DynamoDB rejects such items. Bound the "
                "variables (max_length) or hash the long part",
                data={"entity": entity.name, "attribute": attr, "bytes": longest},
            )
