"""The hover of a spec document at a position: find the scalar under the cursor, decide
which table, index, entity, access pattern or quantity it belongs to, and describe it."""

from __future__ import annotations

from dataclasses import dataclass

from ddb_architect.findings import Span
from ddb_architect.hover import costs, quantities
from ddb_architect.hover.context import HoverContext
from ddb_architect.hover.locate import Located, Path, locate
from ddb_architect.spec.loader import SpecDocument
from ddb_architect.spec.model import AccessPattern, Design, SpecModel, Table
from ddb_architect.spec.yaml_tree import YSequence

TABLE_SETTINGS = frozenset({"billing", "class", "pitr", "stream", "replicas"})
"""Table fields that decide its bill: hovering them shows the table's bill."""


@dataclass(frozen=True)
class HoverResult:
    """What to show for the node under the cursor, and where that node is."""

    markdown: str
    span: Span


class SpecHovers:
    """The hovers of one loaded spec. The design is priced once, on the first hover (or
    ``prepare``); each hover then only looks figures up."""

    def __init__(self, document: SpecDocument, *, region: str | None = None) -> None:
        self.document = document
        self.region = region
        self.context = HoverContext(document.design, region) if document.design is not None else None

    def prepare(self) -> None:
        """Price the design now rather than on the first hover."""
        if self.context is not None:
            self.context.prepare()

    def at(self, line: int, column: int) -> HoverResult | None:
        """The hover at a 0-based line and code-point column, or None when nothing there
        has one."""
        design = self.document.design
        if self.context is None or design is None:
            return None
        located = locate(self.document.root, line, column)
        if located is None:
            return None
        markdown = _describe(self.context, design, located)
        return HoverResult(markdown, located.span) if markdown else None


def _given(model: SpecModel | None, field: str) -> bool:
    """The field has a valid value (not dropped as invalid, not null)."""
    return model is not None and field not in model.invalid and getattr(model, field, None) is not None


def _describe(ctx: HoverContext, design: Design, located: Located) -> str | None:
    path = located.path
    if path == ("region",):
        return costs.region_hover(ctx)
    if len(path) == 2 and path[0] == "pricing" and isinstance(path[1], str) and path[1] != "free_tier":
        return costs.pricing_hover(ctx, path[1])
    if len(path) < 2 or path[0] != "tables":
        return None
    table = design.tables.get(str(path[1]))
    if table is None:
        return None
    rest = path[2:]
    if not rest:
        return costs.table_hover(ctx, table) if located.is_key else None
    section = rest[0]
    if section in TABLE_SETTINGS:
        return costs.table_hover(ctx, table)
    if section == "capacity":
        return _capacity(ctx, table, rest[1:])
    if section == "warm_throughput":
        warm = table.warm_throughput
        if len(rest) == 2 and rest[1] in ("read", "write") and _given(warm, str(rest[1])):
            assert warm is not None
            return quantities.warm_hover(ctx, warm, str(rest[1]))
        return None
    if section == "indexes" and len(rest) >= 2:
        return _index(ctx, table, str(rest[1]), rest[2:])
    if section == "entities" and len(rest) >= 2:
        return _entity(ctx, table, str(rest[1]), rest[2:])
    if section == "access_patterns" and len(rest) >= 2 and isinstance(rest[1], int):
        pattern = _pattern_at(table, located, rest[1])
        return _pattern(ctx, table, pattern, rest[2:]) if pattern is not None else None
    return None


def _capacity(ctx: HoverContext, table: Table, rest: Path) -> str | None:
    capacity = table.capacity
    if capacity is None:
        return None
    if not rest:
        return costs.table_hover(ctx, table)
    if len(rest) == 1 and rest[0] in ("read", "write"):
        return quantities.capacity_hover(ctx, table, capacity, str(rest[0]), f"table {table.name}")
    if len(rest) == 3 and rest[0] == "autoscaling" and rest[1] in ("read", "write"):
        sides = capacity.autoscaling
        scaling: SpecModel | None = getattr(sides, str(rest[1])) if sides is not None else None
        field = str(rest[2])
        if scaling is None or not _given(scaling, field):
            return None
        if field in ("min", "max"):
            return quantities.bound_hover(ctx, table, scaling, field, str(rest[1]))
        if field == "target":
            return quantities.target_hover(ctx, scaling)
    return None


def _index(ctx: HoverContext, table: Table, name: str, rest: Path) -> str | None:
    index = table.indexes.get(name)
    if index is None:
        return None
    if len(rest) == 2 and rest[0] == "capacity" and rest[1] in ("read", "write"):
        own = index.capacity
        if not _given(own, str(rest[1])):
            return None
        assert own is not None
        return quantities.capacity_hover(ctx, table, own, str(rest[1]), f"index {name}")
    return costs.index_hover(ctx, table, index)


ENTITY_QUANTITIES = frozenset({"item_size", "max_item_size", "count", "growth", "retention"})


def _entity(ctx: HoverContext, table: Table, name: str, rest: Path) -> str | None:
    entity = table.entities.get(name)
    if entity is None:
        return None
    if len(rest) == 1 and rest[0] in ENTITY_QUANTITIES:
        field = str(rest[0])
        if not _given(entity, field):
            return None
        if field in ("item_size", "max_item_size"):
            return quantities.size_hover(ctx, table, entity, field)
        if field == "count":
            return quantities.count_hover(ctx, table, entity)
        if field == "growth":
            return quantities.growth_hover(ctx, table, entity)
        return quantities.retention_hover(ctx, table, entity)
    if len(rest) == 3 and rest[0] == "fields" and rest[2] in ("cardinality", "max_length"):
        spec = entity.fields.get(str(rest[1]))
        field = str(rest[2])
        if spec is None or not _given(spec, field):
            return None
        if field == "cardinality":
            return quantities.field_count_hover(ctx, spec, field, str(rest[1]))
        return quantities.field_size_hover(ctx, spec, field, str(rest[1]))
    return costs.entity_hover(ctx, table, entity)


def _pattern_at(table: Table, located: Located, position: int) -> AccessPattern | None:
    """The loaded access pattern written at ``position`` of the table's list (a broken
    one was left out of the model, so list positions and model order differ)."""
    sequence = located.parents[3] if len(located.parents) > 3 else None
    if not isinstance(sequence, YSequence) or not 0 <= position < len(sequence.items):
        return None
    item = sequence.items[position]
    # By place, not identity: a table whose text did not change keeps its model, and its
    # nodes, from an earlier load of the document (``spec.loader.TableReuse``).
    return next((p for p in table.access_patterns if p.node is not None and p.node.span == item.span), None)


PATTERN_QUANTITIES = frozenset({"rate", "peak", "items", "hot_key_share"})


def _pattern(ctx: HoverContext, table: Table, pattern: AccessPattern, rest: Path) -> str | None:
    if len(rest) == 1 and rest[0] in PATTERN_QUANTITIES:
        field = str(rest[0])
        if not _given(pattern, field):
            return None
        if field == "rate":
            return quantities.rate_hover(ctx, table, pattern)
        if field == "peak":
            return quantities.peak_hover(ctx, table, pattern)
        if field == "items":
            return quantities.items_hover(ctx, table, pattern)
        return quantities.hot_key_hover(ctx, table, pattern)
    if rest == ("filter", "selectivity"):
        return (
            quantities.selectivity_hover(ctx, table, pattern)
            if _given(pattern.filter, "selectivity")
            else None
        )
    return costs.pattern_hover(ctx, table, pattern)
