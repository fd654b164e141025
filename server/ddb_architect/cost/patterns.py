"""Capacity units per request of each access pattern, with the steps that produce them.

Reads are charged to the pattern's target: the table (and its local indexes, which share
its capacity) or a global index. Writes are charged to the table (LSI entries included,
facts 3.3) and to every global index the written entity is in (facts 3.1). Each figure
keeps its formula and its assumptions so messages and hovers can show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ddb_architect.cost import units as u
from ddb_architect.spec.analysis import TableAnalysis, Target
from ddb_architect.spec.model import AccessPattern, Entity
from ddb_architect.spec.quantities import format_bytes, format_count, format_units

Projection = str | list[str]


@dataclass
class PatternLoad:
    """Units one request of a pattern consumes."""

    pattern: AccessPattern
    target: Target
    metered_as: str = ""
    """The operation the request is metered as (a PartiQL statement is a Get, Query or Scan)."""
    read_units: float = 0.0
    """Read units on the target (the table's capacity for the table and its LSIs)."""
    write_units: float = 0.0
    """Write units on the base table, local index entries included."""
    gsi_write_units: dict[str, float] = field(default_factory=dict)
    """Write units on each global index."""
    lsi_write_units: dict[str, float] = field(default_factory=dict)
    """The part of ``write_units`` spent on each local index."""
    fetch_units: float = 0.0
    """The part of ``read_units`` spent fetching whole items for a local index (facts 3.6)."""
    index_cases: dict[str, u.IndexWrite] = field(default_factory=dict)
    """What a write does to its entry in each index the entity is in (facts 3.2)."""
    steps: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    @property
    def reads_on_table(self) -> float:
        """Read units drawn from the table's capacity (table and local-index reads)."""
        return self.read_units if self.target.kind != "gsi" else 0.0

    @property
    def formula(self) -> str:
        return "; ".join(self.steps)


def _consistency(pattern: AccessPattern, target: Target) -> u.Consistency:
    if pattern.consistent and target.kind != "gsi":
        return u.Consistency.STRONG
    return u.Consistency.EVENTUAL


def _consistency_word(consistency: u.Consistency) -> str:
    return {
        u.Consistency.EVENTUAL: "eventually consistent (×0.5)",
        u.Consistency.STRONG: "strongly consistent (×1)",
        u.Consistency.TRANSACTIONAL: "transactional (×2)",
    }[consistency]


def pattern_load(
    analysis: TableAnalysis,
    pattern: AccessPattern,
    projections: Mapping[str, Projection] | None = None,
) -> PatternLoad | None:
    """Units per request of ``pattern``, or None when the spec does not say enough (an
    unknown entity or item size, or a key condition that is already an error).
    ``projections`` replaces the projection of the indexes it names, to price an
    alternative design (index writes only)."""
    if not analysis.verdict(pattern).ok:
        return None
    target = analysis.pattern_target(pattern)
    if target is None:
        return None
    entities = [e for e in analysis.pattern_entities(pattern) if e.item_size is not None]
    op: str = pattern.op
    if op == "ExecuteStatement":
        op = _statement_kind(pattern, target)
    load = PatternLoad(pattern, target, metered_as=op)
    if pattern.op == "ExecuteStatement":
        load.assumptions.append(f"the PartiQL statement is metered as a {op}")
    if op == "Scan":
        return _scan(analysis, load)
    if not entities:
        return None
    if op in ("GetItem", "BatchGetItem", "TransactGetItems", "Query"):
        return _read(analysis, load, op, entities)
    return _write(analysis, load, op, entities, projections or {})


def _statement_kind(pattern: AccessPattern, target: Target) -> str:
    key = pattern.key or {}
    if all(a in key and key[a].is_equality for a in target.key_attrs) and target.index is None:
        return "GetItem"
    if all(a in key and key[a].is_equality for a in target.partition_attrs):
        return "Query"
    return "Scan"


def _items(load: PatternLoad, default: float = 1) -> float:
    if load.pattern.items is None:
        load.assumptions.append(f"{format_count(default)} item per request (items not given)")
        return default
    return max(load.pattern.items, 0.0)


def _read(analysis: TableAnalysis, load: PatternLoad, op: str, entities: list[Entity]) -> PatternLoad:
    pattern, target = load.pattern, load.target
    consistency = _consistency(pattern, target)
    sizes = [e.item_size or 0.0 for e in entities]
    item_bytes = sum(sizes) / len(sizes)
    # GetItem, BatchGetItem and TransactGetItems round each item on its own (facts 1.6,
    # 1.7): with several entities, the average of their rounded sizes, not the rounding
    # of their average size (1.5 KB and 6.5 KB are 4 KB + 8 KB, not 2 × 4 KB).
    steps = sum(u.read_steps(s) for s in sizes) / len(sizes)
    if op == "GetItem":
        load.read_units = steps * consistency.value
        load.steps.append(
            f"GetItem of {_item_text(entities)}: {_steps_text(entities, steps)}, "
            f"{_consistency_word(consistency)} = {format_units(load.read_units)} RCU"
        )
        return load
    if op in ("BatchGetItem", "TransactGetItems"):
        items = _items(load)
        if op == "TransactGetItems":
            consistency = u.Consistency.TRANSACTIONAL
        load.read_units = steps * consistency.value * items
        load.steps.append(
            f"{op} of {format_count(items)} × {_item_text(entities, plural=True)}, each rounded to "
            f"{_steps_text(entities, steps)}, {_consistency_word(consistency)} = "
            f"{format_units(load.read_units)} RCU"
        )
        return load
    # Query: sizes summed, then rounded once per page; a filter does not reduce the reads.
    returned = _items(load)
    selectivity = pattern.filter.selectivity if pattern.filter is not None else None
    read_items = returned / selectivity if selectivity else returned
    entry_sizes = [analysis.entry_bytes(e, target) for e in entities]
    known = [s for s in entry_sizes if s is not None]
    entry = sum(known) / len(known) if known else item_bytes
    total = read_items * entry
    load.read_units = u.query(total, consistency)
    what = "index entries" if target.index is not None and target.projection != "all" else "items"
    filtered = (
        f" (a filter keeping {selectivity:.0%} means {format_count(read_items)} read for "
        f"{format_count(returned)} returned)"
        if selectivity
        else ""
    )
    load.steps.append(
        f"Query on {target.label} reading {format_count(read_items)} {what} of "
        f"{format_bytes(entry)}{filtered} = {format_bytes(total)}, rounded up to 4 KB once, "
        f"{_consistency_word(consistency)} = {format_units(load.read_units)} RCU"
    )
    if target.kind == "lsi" and pattern.needs:
        projected = analysis.projected_attributes(target)
        if projected is not None and any(n not in projected for n in pattern.needs):
            fetch = read_items * steps * consistency.value
            load.read_units += fetch
            load.fetch_units = fetch
            load.steps.append(
                f"plus {format_count(read_items)} fetches of the whole {format_bytes(item_bytes)} "
                f"item from the table, each rounded up to 4 KB = {format_units(fetch)} RCU"
            )
    return load


def _item_text(entities: list[Entity], *, plural: bool = False) -> str:
    """``a 1.5 KB item`` / ``1.5 KB items``; with several entities, each with its size:
    ``Product (1.5 KB) or Manual (6.5 KB) items (as many of each)``."""
    if len({e.item_size for e in entities}) == 1:
        size = format_bytes(entities[0].item_size or 0.0)
        return f"{size} items" if plural else f"a {size} item"
    names = " or ".join(f"{e.name} ({format_bytes(e.item_size or 0.0)})" for e in entities)
    return f"{names} items (as many of each)" if plural else f"a {names} item (as often one as another)"


def _steps_text(entities: list[Entity], steps: float) -> str:
    """``2 × 4 KB``; ``1.5 × 4 KB on average`` when the entities round differently."""
    same = len({u.read_steps(e.item_size or 0.0) for e in entities}) == 1
    return f"{format_units(steps)} × 4 KB" + ("" if same else " on average")


def _scan(analysis: TableAnalysis, load: PatternLoad) -> PatternLoad | None:
    target = load.target
    consistency = _consistency(load.pattern, target)
    entities = analysis.entities_in(target)
    if not entities:
        return None
    total = 0.0
    for entity in entities:
        entry = analysis.entry_bytes(entity, target)
        if entry is None or entity.count is None:
            return None
        total += entity.count * entry
    load.read_units = u.scan(total, consistency)
    load.steps.append(
        f"Scan of {target.label}: every item is read ({format_bytes(total)} in "
        f"{format_count(sum(e.count or 0 for e in entities))} items), paged by 1 MB and rounded up "
        f"to 4 KB, {_consistency_word(consistency)} = {format_units(load.read_units)} RCU per pass"
    )
    return load


def _write(
    analysis: TableAnalysis,
    load: PatternLoad,
    op: str,
    entities: list[Entity],
    projections: Mapping[str, Projection],
) -> PatternLoad:
    """A write: one item, or a batch or transaction of ``items`` spread evenly over the
    entities it names (each item rounded on its own, facts 1.15, 1.4)."""
    batch = op in ("BatchWriteItem", "TransactWriteItems")
    items = _items(load) if batch else 1.0
    written = entities if batch else entities[:1]
    if len(written) > 1:
        names = ", ".join(e.name for e in written)
        load.assumptions.append(f"the {format_count(items)} items are spread evenly over {names}")
    if op == "TransactWriteItems":
        load.assumptions.append(
            "index writes of a transaction are counted once, not twice (AWS's own measurements; "
            "not stated in the documentation)"
        )
    for entity in written:
        _write_entity(analysis, load, op, entity, items / len(written), projections)
    return load


def _write_entity(
    analysis: TableAnalysis,
    load: PatternLoad,
    op: str,
    entity: Entity,
    items: float,
    projections: Mapping[str, Projection],
) -> None:
    pattern = load.pattern
    size = entity.item_size or 0.0
    transactional = op == "TransactWriteItems"
    units = u.write_units(size, transactional=transactional) * items
    load.write_units += units
    load.steps.append(
        f"{op} of {format_count(items) + ' × ' if items != 1 else ''}a {format_bytes(size)} "
        f"{entity.name} item: {u.write_steps(size)} × 1 KB"
        + (", transactional (×2)" if transactional else "")
        + f" = {format_units(units)} WCU"
    )
    for index in analysis.table.indexes.values():
        target = Target(analysis.table, index)
        if not analysis.in_target(entity, target):
            continue
        projection = projections.get(index.name, target.projection)
        case = _index_case(analysis, op, pattern, target, entity, load, projection)
        load.index_cases[index.name] = case
        entry = analysis.entry_bytes(entity, target, projection) or 0.0
        units = u.index_write_units(entry, case) * items
        if units == 0:
            continue
        if index.local:
            load.write_units += units
            load.lsi_write_units[index.name] = load.lsi_write_units.get(index.name, 0.0) + units
        else:
            load.gsi_write_units[index.name] = load.gsi_write_units.get(index.name, 0.0) + units
        load.steps.append(
            f"{target.label}: {case.value} = {case.writes} write(s) of a {format_bytes(entry)} entry"
            + (f" × {format_count(items)}" if items != 1 else "")
            + f" = {format_units(units)} WCU"
        )


def index_key_inputs(analysis: TableAnalysis, entity: Entity, target: Target) -> set[str]:
    """The attributes whose change changes the entity's key in ``target``: the key
    attributes and the variables of their templates."""
    inputs = set(target.key_attrs)
    for attr in target.key_attrs:
        template = analysis.template(entity, attr)
        if template is not None:
            inputs.update(v.name for v in template.variables)
    return inputs


def _projected(analysis: TableAnalysis, target: Target, projection: Projection) -> set[str] | None:
    """Attributes an entry carries under ``projection``; None for all of them."""
    if projection == "all":
        return None
    names = set(analysis.table_target.key_attrs) | set(target.key_attrs)
    if isinstance(projection, list):
        names.update(projection)
    return names


def _index_case(
    analysis: TableAnalysis,
    op: str,
    pattern: AccessPattern,
    target: Target,
    entity: Entity,
    load: PatternLoad,
    projection: Projection,
) -> u.IndexWrite:
    """What one write does to the entity's entry in ``target`` (facts 3.2, 3.3)."""
    if op == "DeleteItem":
        return u.IndexWrite.REMOVED
    changed = set(pattern.changes or ())
    if changed & index_key_inputs(analysis, entity, target):
        # An update, or a put that replaces the item, moving its index key: the old entry
        # is deleted and the new one put.
        return u.IndexWrite.KEY_CHANGE
    if op != "UpdateItem":
        return u.IndexWrite.NEW_ENTRY
    if pattern.changes is None:
        if projection == "keys-only":
            return u.IndexWrite.ABSENT
        load.assumptions.append(
            f"without `changes`, an update is taken to change projected attributes of {target.label}"
        )
        return u.IndexWrite.PROJECTED_CHANGE
    projected = _projected(analysis, target, projection)
    if projected is None or changed & projected:
        return u.IndexWrite.PROJECTED_CHANGE
    return u.IndexWrite.ABSENT


class PatternLoads:
    """``pattern_load`` of every pattern of one table, computed once each."""

    def __init__(self, analysis: TableAnalysis) -> None:
        self.analysis = analysis
        self._loads: dict[int, PatternLoad | None] = {}

    def __call__(self, pattern: AccessPattern) -> PatternLoad | None:
        key = id(pattern)
        if key not in self._loads:
            self._loads[key] = pattern_load(self.analysis, pattern)
        return self._loads[key]
