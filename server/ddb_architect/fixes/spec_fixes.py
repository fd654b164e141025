"""Fixes of findings in design specs: YAML edits that keep comments and formatting (each
edit replaces, removes or adds the text of a few entries; nothing else is rewritten).
The finding says what to fix (its ``data``), the loaded document which models are
concerned, and the source's layout (``yaml_edits``) where their text is."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ddb_architect.cost.money import format_usd
from ddb_architect.findings import Finding, Span
from ddb_architect.fixes.model import Edit, Fix, apply_edits
from ddb_architect.fixes.registry import FixContext, fixer
from ddb_architect.fixes.yaml_edits import (
    Layout,
    Map,
    Scalar,
    Seq,
    Value,
    flow,
    flow_list,
    parse_layout,
    scalar,
)
from ddb_architect.spec.loader import SpecDocument, load_spec
from ddb_architect.spec.model import AccessPattern, Entity, Index, SpecModel, Table
from ddb_architect.spec.templates import try_parse
from ddb_architect.spec.yaml_tree import YMapping

# Where a new entry goes among the others: the order of the format's pages.
TABLE_ORDER = (
    "billing",
    "capacity",
    "warm_throughput",
    "class",
    "key",
    "attributes",
    "ttl",
    "stream",
    "pitr",
    "replicas",
    "indexes",
    "entities",
    "access_patterns",
    "code",
)
INDEX_ORDER = ("key", "local", "projection", "capacity")
PATTERN_ORDER = (
    "name",
    "description",
    "op",
    "entity",
    "entities",
    "index",
    "key",
    "filter",
    "items",
    "needs",
    "order",
    "order_by",
    "consistent",
    "changes",
    "rate",
    "peak",
    "hot_key_share",
)
TTL_NAMES = ("expiresAt", "expires_at", "ttl", "expiry")
NUMBER_FORMATS = frozenset({"epoch-seconds", "epoch-millis", "counter"})
MAX_GSIS = 20
MAX_KEY_ATTRIBUTES = 4


def yaml_string(value: str, original: str) -> str:
    """``value`` written as the original scalar was: quoted the same way, or plain when
    that is safe."""
    if original[:1] in ('"', "'"):
        quote = original[0]
        escaped = (
            value.replace("\\", "\\\\").replace('"', '\\"') if quote == '"' else value.replace("'", "''")
        )
        return f"{quote}{escaped}{quote}"
    if value and all(c.isalnum() or c in "_-./" for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def source_of(context: FixContext, finding: Finding) -> str:
    """The text the finding's span covers (one line)."""
    lines = context.text.splitlines()
    span = finding.span
    if span.start.line != span.end.line or span.start.line >= len(lines):
        return ""
    return lines[span.start.line][span.start.column : span.end.column]


# --------------------------------------------------------------------------- finding the parts


def _document(context: FixContext) -> SpecDocument:
    document = context.document
    if isinstance(document, SpecDocument) and document.text == context.text:
        return document
    return load_spec(context.text, context.path)


def _tables(context: FixContext) -> Iterator[Table]:
    design = _document(context).design
    if design is not None:
        yield from design.tables.values()


def _map_of(layout: Layout, model: SpecModel | None) -> Map | None:
    """The mapping a model was read from."""
    if model is None or not isinstance(model.node, YMapping):
        return None
    return layout.map_at(model.node.span.start)


def _child_map(mapping: Map | None, key: str) -> Map | None:
    value = mapping.get(key) if mapping is not None else None
    return value if isinstance(value, Map) else None


def _usd(value: object) -> str:
    return format_usd(float(value)) if isinstance(value, (int, float)) and value > 0 else ""


def _saving(finding: Finding) -> str:
    """`` (saves $X a month)`` from the finding's current and alternative figures."""
    now, then = finding.data.get("current_monthly_usd"), finding.data.get("monthly_usd")
    if isinstance(now, (int, float)) and isinstance(then, (int, float)) and now > then:
        return f" (saves {format_usd(now - then)} a month)"
    return ""


def _loader_problems(document: SpecDocument) -> int:
    """How many problems loading found (DDB001–DDB003)."""
    return sum(f.code in ("DDB001", "DDB002", "DDB003") for f in document.findings)


# --------------------------------------------------------------------------- 0xx


@fixer("DDB002", "spec")
def did_you_mean_field(context: FixContext, finding: Finding) -> Sequence[Fix]:
    """An unknown field renamed to the field it resembles; a value outside its set changed
    to the one it resembles. Offered only when the document then loads with fewer
    problems (the renamed field's value may not suit it)."""
    suggestion = finding.data.get("suggestion")
    layout = parse_layout(context.text)
    if not isinstance(suggestion, str) or not suggestion or layout is None:
        return []
    node = layout.find(finding.span, Scalar)
    if node is None:
        return []
    original = layout.text_of(node)
    unknown = finding.data.get("unknown")
    if isinstance(unknown, str):
        holder = layout.entry_of(node)
        if holder is None or holder[1].key is not node or holder[0].entry(suggestion) is not None:
            return []
        title = f"Rename '{unknown}' to '{suggestion}'"
    elif "expected" in finding.data:
        title = f"Change to '{suggestion}'"
    else:
        return []
    edits = (layout.replace(node, yaml_string(suggestion, original)),)
    fixed = load_spec(apply_edits(context.text, edits), context.path)
    if _loader_problems(fixed) >= _loader_problems(_document(context)):
        return []
    return [Fix(title, edits, finding.code, safe=False, preferred=True)]


@fixer("DDB003", "spec")
def remove_first_duplicate(context: FixContext, finding: Finding) -> Sequence[Fix]:
    """YAML keeps the last of two equal keys: the earlier one, silently ignored, goes."""
    layout = parse_layout(context.text)
    node = layout.find(finding.span, Scalar) if layout is not None else None
    holder = layout.entry_of(node) if layout is not None and node is not None else None
    if layout is None or holder is None or holder[1].key is not node:
        return []
    mapping, entry = holder
    position = next(i for i, e in enumerate(mapping.entries) if e is entry)
    earlier = [e for e in mapping.entries[:position] if e.name == entry.name]
    if not earlier:
        return []
    first = earlier[-1]
    line = layout.source.position(first.key.start).line + 1
    # A whole block (a table, an index, an entity) may have been meant under another
    # name: removing it is offered, not applied by "fix all".
    block = isinstance(first.value, (Map, Seq)) and not first.value.flow
    return [
        Fix(
            f"Remove the earlier '{entry.name}' (line {line}), which YAML ignores",
            tuple(layout.remove_entry(mapping, first)),
            finding.code,
            safe=not block,
            preferred=True,
        )
    ]


@fixer("DDB004", "spec")
def did_you_mean_reference(context: FixContext, finding: Finding) -> Sequence[Fix]:
    suggestion = finding.data.get("suggestion")
    if not isinstance(suggestion, str) or not suggestion:
        return []
    original = source_of(context, finding)
    if not original:
        return []
    return [
        Fix(
            f"Change to '{suggestion}'",
            (Edit(finding.span, yaml_string(suggestion, original)),),
            finding.code,
            safe=False,
            preferred=True,
        )
    ]


# --------------------------------------------------------------------------- 1xx


@fixer("DDB106", "spec")
def pad_the_number(context: FixContext, finding: Finding) -> Sequence[Fix]:
    replacement = finding.data.get("replacement")
    if not isinstance(replacement, str):
        return []
    original = source_of(context, finding)
    if not original:
        return []
    variable = finding.data.get("variable", "the number")
    return [
        Fix(
            f"Zero-pad {{{variable}}} to 10 digits",
            (Edit(finding.span, yaml_string(replacement, original)),),
            finding.code,
            safe=True,
            preferred=True,
        )
    ]


# --------------------------------------------------------------------------- 2xx


def _index_at(context: FixContext, name: object, span: Span) -> tuple[Table, Index] | None:
    """The index ``name`` whose name, or given field, the finding points at."""
    for table in _tables(context):
        index = table.indexes.get(str(name))
        if index is not None and span in (index.name_span, index.span("projection"), index.span("capacity")):
            return table, index
    return None


@fixer("DDB202", "spec")
def remove_unused_index(context: FixContext, finding: Finding) -> Sequence[Fix]:
    """The index goes, and with it the attribute types no other key needs (CreateTable
    rejects a definition no key uses)."""
    found = _index_at(context, finding.data.get("index"), finding.span)
    layout = parse_layout(context.text)
    if found is None or layout is None:
        return []
    table, index = found
    table_map = _map_of(layout, table)
    indexes = _child_map(table_map, "indexes")
    entry = indexes.entry(index.name) if indexes is not None else None
    if indexes is None or entry is None:
        return []
    edits = layout.remove_entry(indexes, entry)
    still_keys = set(table.key.partition_attrs + table.key.sort_attrs)
    for other in table.indexes.values():
        if other is not index:
            still_keys.update(other.key_attrs)
    attributes = _child_map(table_map, "attributes")
    if attributes is not None:
        unused = [
            e
            for e in attributes.entries
            if e.name in index.key_attrs and e.name not in still_keys and e.name != table.ttl
        ]
        edits += layout.remove_entries(attributes, unused)
    usd = _usd(finding.data.get("monthly_usd"))
    saving = f" (saves {usd} a month)" if usd else ""
    return [Fix(f"Remove index {index.name}{saving}", tuple(edits), finding.code, safe=False)]


@fixer("DDB203", "spec")
def narrow_the_projection(context: FixContext, finding: Finding) -> Sequence[Fix]:
    projection = finding.data.get("projection")
    found = _index_at(context, finding.data.get("index"), finding.span)
    layout = parse_layout(context.text)
    if found is None or layout is None:
        return []
    index_map = _map_of(layout, found[1])
    if index_map is None:
        return []
    if projection == "keys-only":
        text, what = "keys-only", "keys only"
    elif isinstance(projection, list) and projection and all(isinstance(p, str) for p in projection):
        text, what = flow_list(projection), ", ".join(projection)
    else:
        return []
    usd = _usd(finding.data.get("monthly_usd"))
    saving = f" (saves {usd} a month)" if usd else ""
    edits = layout.set_entry(index_map, "projection", text, INDEX_ORDER)
    return [Fix(f"Project {what}{saving}", tuple(edits), finding.code, safe=False, preferred=True)]


@fixer("DDB204", "spec")
def drop_strong_consistency(context: FixContext, finding: Finding) -> Sequence[Fix]:
    """A global index reads eventually consistent only, so ``consistent: true`` goes."""
    layout = parse_layout(context.text)
    node = layout.find(finding.span, Scalar) if layout is not None else None
    holder = layout.entry_of(node) if layout is not None and node is not None else None
    if layout is None or holder is None or holder[1].name != "consistent":
        return []
    return [
        Fix(
            "Remove consistent: true (a global index reads eventually consistent)",
            tuple(layout.remove_entry(*holder)),
            finding.code,
            safe=True,
            preferred=True,
        )
    ]


# --------------------------------------------------------------------------- 3xx


def _ttl_name(table: Table) -> str | None:
    """A TTL attribute name that is free: no key uses it, and nothing types it otherwise
    than as a Number of epoch seconds."""
    keys = table.key_attributes()
    for name in TTL_NAMES:
        if name in keys or table.attributes.get(name, "N") != "N":
            continue
        fields = [e.fields[name] for e in table.entities.values() if name in e.fields]
        if all(f.type in (None, "N") and f.format in (None, "epoch-seconds") for f in fields):
            return name
    return None


@fixer("DDB303", "spec")
def add_a_ttl(context: FixContext, finding: Finding) -> Sequence[Fix]:
    table = next((t for t in _tables(context) if t.name == finding.data.get("table")), None)
    layout = parse_layout(context.text)
    if table is None or layout is None or table.ttl is not None:
        return []
    table_map = _map_of(layout, table)
    name = _ttl_name(table)
    if table_map is None or name is None or table_map.entry("ttl") is not None:
        return []
    edits = layout.insert_entry(table_map, "ttl", scalar(name), TABLE_ORDER)
    attributes = _child_map(table_map, "attributes")
    if attributes is not None and attributes.entry(name) is None:
        edits += layout.insert_entry(attributes, name, "N")
    return [Fix(f"Add ttl: {name} to table {table.name}", tuple(edits), finding.code, safe=False)]


# --------------------------------------------------------------------------- 4xx


def _table_named(context: FixContext, finding: Finding) -> tuple[Table, Layout, Map] | None:
    table = next((t for t in _tables(context) if t.name == finding.data.get("table")), None)
    layout = parse_layout(context.text)
    if table is None or layout is None:
        return None
    table_map = _map_of(layout, table)
    return (table, layout, table_map) if table_map is not None else None


def _capacity(value: object) -> str | None:
    if not isinstance(value, dict):
        return None
    read, write = value.get("read"), value.get("write")
    if not isinstance(read, (int, float)) or not isinstance(write, (int, float)):
        return None
    return flow({"read": scalar(float(max(read, 1))), "write": scalar(float(max(write, 1)))})


@fixer("DDB401", "spec")
def switch_capacity_mode(context: FixContext, finding: Finding) -> Sequence[Fix]:
    """Provisioned with the capacity the finding priced (the table's, and each global
    index's own), or on-demand without any capacity."""
    found = _table_named(context, finding)
    billing = finding.data.get("billing")
    if found is None or billing not in ("provisioned", "on-demand"):
        return []
    table, layout, table_map = found
    edits = layout.set_entry(table_map, "billing", str(billing), TABLE_ORDER)
    if billing == "provisioned":
        capacity = _capacity(finding.data.get("capacity"))
        if capacity is None:
            return []
        edits += layout.set_entry(table_map, "capacity", capacity, TABLE_ORDER)
        own = finding.data.get("index_capacity")
        for name, index in table.global_indexes.items():
            index_capacity = _capacity(own.get(name)) if isinstance(own, dict) else None
            index_map = _map_of(layout, index)
            if index_capacity is None or index_map is None:
                return []
            edits += layout.set_entry(index_map, "capacity", index_capacity, INDEX_ORDER)
        title = "Switch to provisioned"
    else:
        entry = table_map.entry("capacity")
        if entry is not None:
            edits += layout.remove_entry(table_map, entry)
        for index in table.indexes.values():
            index_map = _map_of(layout, index)
            own_entry = index_map.entry("capacity") if index_map is not None else None
            if index_map is not None and own_entry is not None:
                edits += layout.remove_entry(index_map, own_entry)
        title = "Switch to on-demand"
    return [Fix(title + _saving(finding), tuple(edits), finding.code, safe=False)]


@fixer("DDB402", "spec")
def switch_table_class(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = _table_named(context, finding)
    table_class = finding.data.get("class")
    if found is None or table_class not in ("standard", "standard-ia"):
        return []
    _table, layout, table_map = found
    label = "Standard-IA" if table_class == "standard-ia" else "Standard"
    edits = layout.set_entry(table_map, "class", str(table_class), TABLE_ORDER)
    return [Fix(f"Switch to {label}{_saving(finding)}", tuple(edits), finding.code, safe=False)]


# --------------------------------------------------------------------------- 5xx


def _pattern_at(context: FixContext, span: Span, field: str) -> tuple[Table, AccessPattern] | None:
    for table in _tables(context):
        for pattern in table.access_patterns:
            if pattern.span(field) == span:
                return table, pattern
    return None


def _key_shape(eq: list[str], ranged: list[str]) -> tuple[list[str], list[str]] | None:
    """The index key (partition, sort) that serves equality on ``eq`` and a range on
    ``ranged``: the range on the sort key, else the last of several equalities."""
    if len(ranged) > 1 or not eq:
        return None
    if ranged:
        partition, sort = eq, ranged
    elif len(eq) == 1:
        partition, sort = eq, []
    else:
        partition, sort = eq[:-1], eq[-1:]
    if len(partition) > MAX_KEY_ATTRIBUTES:
        return None
    return partition, sort


def _serves(partition: Sequence[str], sort: Sequence[str], eq: list[str], ranged: list[str]) -> bool:
    """True when a key (partition, sort) serves equality on ``eq`` and a range on
    ``ranged``: every partition attribute given, the others a prefix of the sort key (the
    range last)."""
    if not set(partition) <= set(eq):
        return False
    rest = [a for a in eq if a not in partition]
    if len(sort) < len(rest) + len(ranged) or set(sort[: len(rest)]) != set(rest):
        return False
    return not ranged or sort[len(rest)] == ranged[0]


def _index_name(table: Table, partition: list[str], sort: list[str]) -> str:
    def camel(attr: str) -> str:
        words = re.split(r"[^A-Za-z0-9]+", attr)
        return "".join(w[:1].upper() + w[1:] for w in words if w)

    base = "By" + "".join(camel(a) for a in partition)
    taken = set(table.indexes) | table.broken_indexes
    candidates = [base, base + "".join(camel(a) for a in sort)] if sort else [base]
    for name in candidates:
        if name not in taken:
            return name
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def _field_type(entity: Entity, template: str) -> str | None:
    """How a key attribute that ``entity`` writes with ``template`` is typed: its field's
    type when the template is one variable, else S (None for a field a key cannot hold)."""
    parsed = try_parse(template)
    if parsed is None or len(parsed.parts) != 1 or len(parsed.variables) != 1:
        return "S"
    spec = entity.fields.get(parsed.variables[0].name)
    if spec is None or spec.type in (None, "S"):
        return "N" if spec is not None and spec.format in NUMBER_FORMATS else "S"
    return spec.type if spec.type in ("N", "B") else None


def _feed(entity: Entity, attr: str, condition: str | None) -> str | None:
    """The template ``entity`` writes key attribute ``attr`` with: its own when it has
    one, else its field ``attr`` (the attribute is the field), else the pattern's equality
    template when that is built from the entity's fields; None when it has nothing to
    write."""
    if attr in entity.keys:
        return entity.keys[attr]
    if attr in entity.fields:
        return "{" + attr + "}"
    parsed = try_parse(condition) if condition is not None else None
    if parsed is not None and parsed.variables and all(v.name in entity.fields for v in parsed.variables):
        return condition
    return None


def _covers(index: Index, table: Table, needs: list[str] | None) -> bool:
    if not needs or index.projection == "all":
        return True
    keys = set(table.key.partition_attrs + table.key.sort_attrs + index.key_attrs)
    projected = set(index.projection) if isinstance(index.projection, list) else set()
    return set(needs) <= keys | projected


def _entities_for(table: Table, pattern: AccessPattern, attrs: Sequence[str]) -> list[Entity]:
    """The entities a pattern reads: those it names, else those that have (as a key or a
    field) every attribute of its condition."""
    named = [table.entities[n] for n in pattern.entity_names if n in table.entities]
    if pattern.entity_names:
        return named
    return [e for e in table.entities.values() if all(a in e.keys or a in e.fields for a in attrs)]


def _condition_from_filter(entities: Sequence[Entity], attr: str) -> str | None:
    """The equality a Scan's filter on ``attr`` becomes: the entities' own template for
    ``attr`` when they all write the same one, else the field itself."""
    templates = {e.keys.get(attr) for e in entities}
    if len(templates) == 1 and None not in templates:
        return next(iter(templates))
    if all(attr in e.fields for e in entities):
        return "{" + attr + "}"
    return None


def _serve_with_index(
    context: FixContext, finding: Finding, table: Table, pattern: AccessPattern
) -> Sequence[Fix]:
    """Point the pattern at a key that serves it: an existing one (for a Scan), else a new
    global index on the condition's attributes, written by the pattern's entities."""
    layout = parse_layout(context.text)
    table_map = _map_of(layout, table) if layout is not None else None
    pattern_map = _map_of(layout, pattern) if layout is not None else None
    op_entry = pattern_map.entry("op") if pattern_map is not None else None
    if layout is None or table_map is None or pattern_map is None or op_entry is None:
        return []
    if pattern.op not in ("Scan", "Query", "GetItem"):
        return []
    scan = pattern.op == "Scan"
    conditions: dict[str, str | None]  # attribute → its equality template (None: a range)
    from_filter = not pattern.key
    if pattern.key:
        conditions = {a: str(c.value) if c.is_equality else None for a, c in pattern.key.items()}
    elif scan and pattern.filter is not None and 0 < len(pattern.filter.attributes) <= 2:
        attrs = list(dict.fromkeys(pattern.filter.attributes))
        entities = _entities_for(table, pattern, attrs)
        conditions = {a: _condition_from_filter(entities, a) for a in attrs}
        if not entities or None in conditions.values():
            return []
    else:
        return []
    eq = [a for a, c in conditions.items() if c is not None]
    ranged = [a for a, c in conditions.items() if c is None]

    pattern_edits: list[Edit] = []
    if pattern.op != "Query":
        pattern_edits += layout.replace_entry(pattern_map, op_entry, "Query")
    if from_filter:
        key: dict[str, Value] = {a: scalar(str(c)) for a, c in conditions.items()}
        pattern_edits += layout.set_entry(pattern_map, "key", flow(key), PATTERN_ORDER)
        filter_entry = pattern_map.entry("filter")
        if filter_entry is not None:
            pattern_edits += layout.remove_entry(pattern_map, filter_entry)

    # A key that already serves it (a Scan's condition on the table's or an index's key).
    if scan:
        if pattern.index is None and _serves(table.key.partition_attrs, table.key.sort_attrs, eq, ranged):
            return [
                Fix(
                    "Query the table by its key instead of scanning",
                    tuple(pattern_edits),
                    finding.code,
                    safe=False,
                )
            ]
        for name, index in table.indexes.items():
            if _serves(index.key.partition_attrs, index.key.sort_attrs, eq, ranged) and _covers(
                index, table, pattern.needs
            ):
                point = layout.set_entry(pattern_map, "index", scalar(name), PATTERN_ORDER)
                return [
                    Fix(
                        f"Query index {name} instead of scanning",
                        (*point, *pattern_edits),
                        finding.code,
                        safe=False,
                    )
                ]

    shape = _key_shape(eq, ranged)
    if shape is None or len(table.global_indexes) >= MAX_GSIS:
        return []
    partition, sort = shape
    attrs = partition + sort
    entities = _entities_for(table, pattern, attrs)
    if not entities:
        return []
    # What each entity writes into the index's key attributes, and their types.
    feeds: dict[str, dict[str, str]] = {}
    types: dict[str, str] = {}
    for entity in entities:
        for attr in attrs:
            template = _feed(entity, attr, conditions[attr])
            typed = _field_type(entity, template) if template is not None else None
            if template is None or typed is None:
                return []
            types.setdefault(attr, table.attributes.get(attr, typed))
            if attr not in entity.keys:
                feeds.setdefault(entity.name, {})[attr] = template

    name = _index_name(table, partition, sort)
    keys = set(table.key.partition_attrs + table.key.sort_attrs) | set(attrs)
    needed = [n for n in dict.fromkeys(pattern.needs or []) if n not in keys]
    key_text = flow(
        {
            "partition": flow_list(partition) if len(partition) > 1 else scalar(partition[0]),
            **({"sort": scalar(sort[0])} if sort else {}),
        }
    )
    body: dict[str, Value] = {"key": key_text, "projection": flow_list(needed) if needed else "keys-only"}

    edits: list[Edit] = []
    # The index, in the style of its siblings.
    indexes = table_map.get("indexes")
    indexes_entry = table_map.entry("indexes")
    if isinstance(indexes, Map):
        siblings_flow = any(isinstance(e.value, Map) and e.value.flow for e in indexes.entries)
        edits += layout.insert_entry(indexes, name, flow(body) if siblings_flow else body)
    elif indexes_entry is not None and isinstance(indexes, Scalar) and indexes.is_null:
        edits += layout.replace_entry(table_map, indexes_entry, {name: body})
    elif indexes_entry is None:
        edits += layout.insert_entry(table_map, "indexes", {name: body}, TABLE_ORDER)
    else:
        return []
    # Its key attributes' types, where the table types its keys (or must: N and B).
    attributes = table_map.get("attributes")
    untyped = {a: t for a, t in types.items() if a not in table.attributes}
    if isinstance(attributes, Map):
        for attr, typed in untyped.items():
            edits += layout.insert_entry(attributes, attr, typed)
    elif table_map.entry("attributes") is None and any(t != "S" for t in untyped.values()):
        edits += layout.insert_entry(table_map, "attributes", flow(dict(untyped)), TABLE_ORDER)
    # The entities write the index's key attributes.
    for entity in entities:
        written = feeds.get(entity.name)
        if not written:
            continue
        keys_map = _child_map(_map_of(layout, entity), "keys")
        if keys_map is None:
            return []
        for attr, template in written.items():
            edits += layout.insert_entry(keys_map, attr, scalar(template))
    edits += layout.set_entry(pattern_map, "index", scalar(name), PATTERN_ORDER)
    edits += pattern_edits
    on = ", ".join(attrs)
    title = (
        f"Query a new index {name} on {on} instead of scanning"
        if scan
        else f"Add index {name} on {on} and query it"
    )
    return [Fix(title, tuple(edits), finding.code, safe=False, preferred=True)]


@fixer("DDB501", "spec")
def index_for_a_scan(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = _pattern_at(context, finding.span, "op")
    if found is None or found[1].op != "Scan":
        return []
    return _serve_with_index(context, finding, *found)


@fixer("DDB502", "spec")
def index_for_an_unserved_pattern(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = _pattern_at(context, finding.span, "key")
    if found is None or not found[1].key:
        return []
    return _serve_with_index(context, finding, *found)
