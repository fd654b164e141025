"""What a table's design means: targets, entity membership, cardinalities, entry sizes and
the judgement of every access pattern's key condition. Computed once per table and shared
by the rules and the cost model."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property

from ddb_architect.findings import Span
from ddb_architect.spec.model import (
    AccessPattern,
    Entity,
    Index,
    KeyCondition,
    Table,
)
from ddb_architect.spec.quantities import format_count
from ddb_architect.spec.templates import (
    TIME_OR_COUNTER_FORMATS,
    TYPICAL_STRING_BYTES,
    KeyTemplate,
    Variable,
    prefix_can_match,
    templates_overlap,
    try_parse,
    typical_length,
    typical_value_bytes,
)
from ddb_architect.spec.yaml_tree import YMapping, YNode, YScalar, YSequence

UNIQUE_FORMATS = frozenset({"uuid", "ulid"})


@dataclass(frozen=True)
class Target:
    """Where a pattern reads or an entity is written: the table itself or one index."""

    table: Table
    index: Index | None = None

    @property
    def name(self) -> str:
        return self.index.name if self.index is not None else self.table.name

    @property
    def kind(self) -> str:
        if self.index is None:
            return "table"
        return "lsi" if self.index.local else "gsi"

    @property
    def label(self) -> str:
        return {"table": "table", "gsi": "global index", "lsi": "local index"}[self.kind] + f" {self.name}"

    @property
    def partition_attrs(self) -> tuple[str, ...]:
        if self.index is None:
            return self.table.key.partition_attrs
        if self.index.local:
            return self.table.key.partition_attrs
        return self.index.key.partition_attrs

    @property
    def sort_attrs(self) -> tuple[str, ...]:
        if self.index is None:
            return self.table.key.sort_attrs
        return self.index.key.sort_attrs

    @property
    def key_attrs(self) -> tuple[str, ...]:
        return self.partition_attrs + self.sort_attrs

    @property
    def projection(self) -> str | list[str]:
        return "all" if self.index is None else self.index.projection


@dataclass(frozen=True)
class Verdict:
    """The judgement of a pattern's key condition: at most one of DDB004, DDB502, DDB504,
    DDB505 (the first that applies, in the order of the rule catalog)."""

    code: str | None
    span: Span | None = None
    message: str = ""
    data: dict[str, object] = field(default_factory=dict, compare=False)
    silent: bool = False  # the condition refers to something already reported (a broken index)

    @property
    def ok(self) -> bool:
        return self.code is None and not self.silent


OK = Verdict(None)
PRIMARY_KEY_OPS = frozenset(
    {
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
    }
)
SORT_OPERATORS = frozenset({"=", "begins_with", "between", "<", "<=", ">", ">="})


def did_you_mean(word: str, candidates: list[str]) -> str | None:
    """The candidate ``word`` most likely misspells: one that differs only in case, else
    the closest by similarity (case ignored), else None."""
    for candidate in candidates:
        if candidate != word and candidate.lower() == word.lower():
            return candidate
    by_lower = {c.lower(): c for c in reversed(candidates)}
    matches = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[matches[0]] if matches else None


def _names_in(node: YNode | None) -> set[str]:
    """Attribute names a raw YAML value gives: a name, a list of names, or the keys of a
    mapping."""
    if isinstance(node, YScalar) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, YSequence):
        return {i.value for i in node.items if isinstance(i, YScalar) and isinstance(i.value, str)}
    if isinstance(node, YMapping):
        return set(node.values)
    return set()


class TableAnalysis:
    """Analysis of one table, computed lazily and cached."""

    def __init__(self, table: Table) -> None:
        # The table alone: its model keeps its analysis (``Table.memo``) while the language
        # server reuses it across versions of the document, and the design of the version
        # it was first analysed in must not live that long with it.
        self.table = table
        self._verdicts: dict[int, Verdict] = {}
        self._pattern_entities: dict[int, list[Entity]] = {}
        # Sizes, by entity (and target): the table is priced up to three times per check
        # (as declared and the alternatives of DDB401 and DDB402), with the same sizes.
        # Keyed by the objects' ids; each entry keeps its objects alive, so an id is never
        # reused for another object while its entry is here.
        self._attribute_bytes: dict[tuple[int, str], tuple[float, Entity]] = {}
        self._entry_bytes: dict[
            tuple[int, int, str | tuple[str, ...] | None], tuple[float | None, object]
        ] = {}

    # ----- targets and membership

    @cached_property
    def table_target(self) -> Target:
        return Target(self.table)

    def index_target(self, name: str) -> Target | None:
        index = self.table.indexes.get(name)
        return Target(self.table, index) if index is not None else None

    @cached_property
    def targets(self) -> list[Target]:
        return [self.table_target] + [Target(self.table, index) for index in self.table.indexes.values()]

    def pattern_target(self, pattern: AccessPattern) -> Target | None:
        """The table or the named index; None when the index does not exist."""
        if pattern.index is None:
            return self.table_target
        return self.index_target(pattern.index)

    def in_target(self, entity: Entity, target: Target) -> bool:
        """An entity is in a target when its keys give every key attribute of it; a sparse
        index is declared by leaving its attributes out (spec format, Index)."""
        return all(attr in entity.keys for attr in target.key_attrs)

    def entities_in(self, target: Target) -> list[Entity]:
        return [e for e in self.table.entities.values() if self.in_target(e, target)]

    # ----- templates

    def template(self, entity: Entity, attr: str) -> KeyTemplate | None:
        source = entity.keys.get(attr)
        return try_parse(source) if source is not None else None

    def variable_cardinality(self, entity: Entity, name: str) -> float | None:
        """A variable's distinct values: its ``cardinality``; else the number of its
        ``values``; else the entity's count when it is unique or a uuid/ulid; else None."""
        spec = entity.fields.get(name)
        if spec is None:
            return None
        if spec.cardinality is not None:
            return spec.cardinality
        if spec.values:
            return float(len(set(map(str, spec.values))))
        if spec.unique or spec.format in UNIQUE_FORMATS:
            return entity.count
        return None

    def template_cardinality(self, entity: Entity, template: KeyTemplate) -> float | None:
        """Distinct values a template produces: the product of its variables' cardinalities
        (1 for a constant), or None when one is unknown."""
        product = 1.0
        for variable in template.variables:
            cardinality = self.variable_cardinality(entity, variable.name)
            if cardinality is None:
                return None
            product *= cardinality
        return product

    def partition_templates(self, entity: Entity, target: Target) -> list[KeyTemplate] | None:
        templates = [self.template(entity, attr) for attr in target.partition_attrs]
        if any(t is None for t in templates):
            return None
        return [t for t in templates if t is not None]

    def partition_cardinality(self, entity: Entity, target: Target) -> float | None:
        templates = self.partition_templates(entity, target)
        if templates is None:
            return None
        product = 1.0
        for template in templates:
            cardinality = self.template_cardinality(entity, template)
            if cardinality is None:
                return None
            product *= cardinality
        return product

    def is_time_or_counter_only(self, entity: Entity, templates: list[KeyTemplate]) -> bool:
        """True when the key is built only from time or counter variables (DDB104)."""
        variables = [v for t in templates for v in t.variables]
        if not variables:
            return False
        for variable in variables:
            spec = entity.fields.get(variable.name)
            if spec is None or spec.format not in TIME_OR_COUNTER_FORMATS:
                return False
        return True

    # ----- sizes

    def attribute_bytes(self, entity: Entity, attr: str) -> float:
        """Estimated bytes of an attribute (name and value) in an item of the entity."""
        key = (id(entity), attr)
        found = self._attribute_bytes.get(key)
        if found is None:
            found = self._attribute_bytes[key] = (self._attribute_bytes_of(entity, attr), entity)
        return found[0]

    def _attribute_bytes_of(self, entity: Entity, attr: str) -> float:
        name_bytes = len(attr.encode())
        template = self.template(entity, attr)
        if template is not None:
            return name_bytes + typical_value_bytes(template, entity.fields)
        spec = entity.fields.get(attr)
        if spec is not None:
            return name_bytes + typical_length(Variable(attr), spec)
        return name_bytes + TYPICAL_STRING_BYTES

    def key_bytes(self, entity: Entity, attrs: tuple[str, ...]) -> float:
        return sum(self.attribute_bytes(entity, attr) for attr in dict.fromkeys(attrs))

    def entry_bytes(
        self, entity: Entity, target: Target, projection: str | list[str] | None = None
    ) -> float | None:
        """Size of the entity's entry in ``target`` without storage overhead: the item for
        the table or an ``all`` projection; else the table key, the index key and the
        projected attributes (facts 2.9), never more than the item. ``projection``
        replaces the target's own (to price an alternative). None without a size."""
        key = (
            id(entity),
            id(target.index),
            tuple(projection) if isinstance(projection, list) else projection,
        )
        found = self._entry_bytes.get(key)
        if found is None:
            found = self._entry_bytes[key] = (
                self._entry_bytes_of(entity, target, projection),
                (entity, target.index),
            )
        return found[0]

    def _entry_bytes_of(
        self, entity: Entity, target: Target, projection: str | list[str] | None
    ) -> float | None:
        if entity.item_size is None:
            return None
        projection = target.projection if projection is None else projection
        if target.index is None or projection == "all":
            return entity.item_size
        key_attrs = self.table_target.key_attrs + target.key_attrs
        keys = self.key_bytes(entity, key_attrs)
        projected = 0.0
        if isinstance(projection, list):
            projected = sum(self.attribute_bytes(entity, a) for a in projection if a not in key_attrs)
        return min(entity.item_size, keys + projected)

    def projected_attributes(self, target: Target) -> set[str] | None:
        """Attributes an entry of ``target`` carries; None for all of them."""
        if target.projection == "all":
            return None
        names = set(self.table_target.key_attrs) | set(target.key_attrs)
        if isinstance(target.projection, list):
            names.update(target.projection)
        return names

    # ----- attributes known to the table

    @cached_property
    def key_attributes(self) -> set[str]:
        return self.table.key_attributes()

    @cached_property
    def field_names(self) -> set[str]:
        return {name for entity in self.table.entities.values() for name in entity.fields}

    @cached_property
    def known_attributes(self) -> set[str]:
        names = self.key_attributes | self.field_names
        for entity in self.table.entities.values():
            names.update(entity.keys)
        return names

    def _section(self, name: str) -> YMapping | None:
        node = self.table.value_node(name)
        return node if isinstance(node, YMapping) else None

    @cached_property
    def unloaded_key_attributes(self) -> set[str]:
        """Key attributes of indexes written in the spec but too broken to load (already
        reported as DDB002): rules must not report them as unknown or unused."""
        names: set[str] = set()
        indexes = self._section("indexes")
        for name in self.table.broken_indexes:
            node = indexes.get(name) if indexes is not None else None
            key = node.get("key") if isinstance(node, YMapping) else None
            if isinstance(key, YMapping):
                for part in ("partition", "sort"):
                    names |= _names_in(key.get(part))
        return names - self.key_attributes

    @cached_property
    def unloaded_attributes(self) -> set[str]:
        """Attributes written in the spec whose declaration was dropped while loading (a
        broken index or entity, an invalid field): references to them follow from a
        DDB002 and are not reported again."""
        names = set(self.unloaded_key_attributes)
        entities = self._section("entities")
        if entities is not None:
            for node in entities.values.values():
                if isinstance(node, YMapping):
                    names |= _names_in(node.get("keys")) | _names_in(node.get("fields"))
        return names - self.known_attributes

    @cached_property
    def attributes_unknowable(self) -> bool:
        """True when a whole section of the table was invalid (DDB002), so which attributes
        exist cannot be told."""
        return not self.table.valid("indexes", "entities")

    def declared_fields(self, entity: Entity) -> list[str]:
        """The entity's field names in the order written, counting those whose declaration
        was invalid (DDB002)."""
        node = entity.value_node("fields")
        written = list(node.values) if isinstance(node, YMapping) else []
        return list(dict.fromkeys([*entity.fields, *written]))

    # ----- access patterns

    def pattern_entities(self, pattern: AccessPattern) -> list[Entity]:
        """The entities a pattern reads or writes: those it names, else (reads) those in its
        target whose key templates can match its key condition."""
        known = self._pattern_entities.get(id(pattern))
        if known is None:
            known = self._pattern_entities[id(pattern)] = self._find_pattern_entities(pattern)
        return list(known)

    def _find_pattern_entities(self, pattern: AccessPattern) -> list[Entity]:
        named = [self.table.entities[n] for n in pattern.entity_names if n in self.table.entities]
        if pattern.entity_names:
            return named
        if not pattern.is_read:
            return []
        target = self.pattern_target(pattern)
        if target is None:
            return []
        return [e for e in self.entities_in(target) if self.condition_matches(pattern, e)]

    def condition_matches(self, pattern: AccessPattern, entity: Entity) -> bool:
        for attr, condition in (pattern.key or {}).items():
            source = entity.keys.get(attr)
            if source is None:
                if attr in entity.fields:
                    continue
                return False
            template = try_parse(source)
            if template is None:
                return False
            if condition.op == "=":
                wanted = try_parse(str(condition.value))
                if wanted is None:
                    return False
                if not templates_overlap(template, entity.fields, wanted, entity.fields):
                    return False
            elif condition.op == "begins_with" and not prefix_can_match(
                str(condition.value), template, entity.fields
            ):
                return False
        return True

    def condition_template(self, pattern: AccessPattern, attr: str) -> KeyTemplate | None:
        condition = (pattern.key or {}).get(attr)
        if condition is None or not condition.is_equality:
            return None
        return try_parse(str(condition.value))

    def pattern_partition_cardinality(
        self, pattern: AccessPattern, target: Target
    ) -> tuple[float | None, str]:
        """Distinct partition key values the pattern's traffic spreads over, with a phrase
        saying where the figure comes from."""
        entities = self.pattern_entities(pattern)
        if pattern.key:
            conditions = [self.condition_template(pattern, attr) for attr in target.partition_attrs]
            parsed = [t for t in conditions if t is not None]
            if len(parsed) != len(conditions):
                return None, ""
            if all(t.is_constant for t in parsed):
                value = "#".join(t.source for t in parsed)
                return 1.0, f"every request {'reads' if pattern.is_read else 'writes'} the same key ({value})"
            for entity in entities or list(self.table.entities.values()):
                product = 1.0
                for template in parsed:
                    cardinality = self.template_cardinality(entity, template)
                    if cardinality is None:
                        break
                    product *= cardinality
                else:
                    names = ", ".join(v.name for t in parsed for v in t.variables)
                    return product, f"spread evenly over {_count(product)} values of {names}"
            return None, ""
        if len(entities) == 1:
            entity = entities[0]
            templates = self.partition_templates(entity, target)
            if templates is None:
                return None, ""
            if all(t.is_constant for t in templates):
                return (
                    1.0,
                    f"every {entity.name} item has the same key ({'#'.join(t.source for t in templates)})",
                )
            if pattern.is_write and self.is_time_or_counter_only(entity, templates):
                # New items land on the current time or counter value (DDB104); reads and
                # other keys spread over the values, as below.
                return 1.0, "the key is built from time or a counter, so new writes share one key"
            cardinality = self.partition_cardinality(entity, target)
            if cardinality is None:
                return None, ""
            names = ", ".join(v.name for t in templates for v in t.variables)
            return cardinality, f"spread evenly over {_count(cardinality)} values of {names}"
        return None, ""

    def constant_partition_key(self, pattern: AccessPattern, target: Target) -> tuple[str, ...] | None:
        """The partition key value every request of the pattern uses, when it is a constant
        (of the key condition, else of the one entity the pattern names); else None."""
        if pattern.key:
            conditions = [self.condition_template(pattern, attr) for attr in target.partition_attrs]
            if all(t is not None and t.is_constant for t in conditions):
                return tuple(t.literal_prefix for t in conditions if t is not None)
            return None
        entities = self.pattern_entities(pattern)
        if len(entities) != 1:
            return None
        return self.constant_entity_key(entities[0], target)

    def constant_entity_key(self, entity: Entity, target: Target) -> tuple[str, ...] | None:
        """The partition key value of every item of the entity in ``target``, when its
        templates are constants; else None."""
        templates = self.partition_templates(entity, target)
        if templates is None or not all(t.is_constant for t in templates):
            return None
        return tuple(t.literal_prefix for t in templates)

    def verdict(self, pattern: AccessPattern) -> Verdict:
        """The key-condition judgement of a pattern, computed once."""
        cached = self._verdicts.get(id(pattern))
        if cached is None:
            cached = self._judge(pattern)
            self._verdicts[id(pattern)] = cached
        return cached

    def local_index_problems(self, index: Index) -> list[str]:
        """Why a local index cannot exist as declared (DDB009); empty when it can."""
        table = self.table
        problems = []
        if index.key.partition_attrs != table.key.partition_attrs:
            problems.append(
                f"its partition key ({', '.join(index.key.partition_attrs)}) must be the table's "
                f"({table.key.partition})"
            )
        if not index.key.sort_attrs:
            problems.append("it needs a sort key")
        elif len(index.key.sort_attrs) > 1:
            problems.append("its sort key must be a single attribute")
        if table.key.sort is None:
            problems.append(f"table {table.name} has no sort key, and a local index needs one on the table")
        return problems

    def _judge(self, pattern: AccessPattern) -> Verdict:
        table = self.table
        if not pattern.valid("index", "key", "op"):
            return Verdict(None, silent=True)
        if pattern.index is not None and pattern.index not in table.indexes:
            if pattern.index in table.broken_indexes or not table.valid("indexes"):
                return Verdict(None, silent=True)  # already reported as DDB002
            guess = did_you_mean(pattern.index, list(table.indexes))
            hint = f"; did you mean '{guess}'?" if guess else ""
            known = ", ".join(table.indexes) or "none"
            return Verdict(
                "DDB004",
                pattern.span("index"),
                f"access pattern {pattern.name}: index '{pattern.index}' is not declared on table "
                f"{table.name}{hint} (indexes: {known})",
                {"reference": pattern.index, "kind": "index", "suggestion": guess},
            )
        key = pattern.key or {}
        for attr in key:
            if attr not in self.known_attributes:
                if attr in self.unloaded_attributes or self.attributes_unknowable:
                    return Verdict(None, silent=True)
                candidates = sorted(self.known_attributes)
                guess = did_you_mean(attr, candidates)
                hint = f"; did you mean '{guess}'?" if guess else ""
                return Verdict(
                    "DDB004",
                    pattern.entry_span("key", attr, key_side=True),
                    f"access pattern {pattern.name}: '{attr}' is neither a key attribute of table "
                    f"{table.name} or its indexes nor a field of one of its entities{hint}",
                    {"reference": attr, "kind": "attribute", "suggestion": guess},
                )
        index = table.indexes.get(pattern.index) if pattern.index else None
        if index is not None and index.local and self.local_index_problems(index):
            return Verdict(None, silent=True)  # the index itself is DDB009's to report
        if pattern.op == "Scan" or (pattern.op == "ExecuteStatement" and not key):
            return OK
        if not key:
            if pattern.op in PRIMARY_KEY_OPS and pattern.index is None:
                return OK  # addressed by the entity's primary key
            if pattern.op in PRIMARY_KEY_OPS:
                return self._get_on_index(pattern)
            return Verdict(
                "DDB504",
                pattern.span("op", key=True),
                f"access pattern {pattern.name}: a {pattern.op} needs a key condition with equality "
                f"on the partition key ({', '.join(self.pattern_target(pattern).partition_attrs)})",  # type: ignore[union-attr]
                {"partition": list(self.pattern_target(pattern).partition_attrs)},  # type: ignore[union-attr]
            )
        if pattern.index is None and not any(attr in self.key_attributes for attr in key):
            if any(attr in self.unloaded_key_attributes for attr in key):
                return Verdict(None, silent=True)
            return Verdict(
                "DDB502",
                pattern.span("key"),
                f"access pattern {pattern.name}: no key of table {table.name} or of its indexes covers "
                f"{', '.join(key)}, so nothing but a Scan can serve it; add an index keyed on "
                f"{next(iter(key))}",
                {"attributes": list(key)},
            )
        target = self.pattern_target(pattern)
        assert target is not None
        if pattern.op in PRIMARY_KEY_OPS and target.index is not None:
            return self._get_on_index(pattern)
        missing = [a for a in target.partition_attrs if a not in key or not key[a].is_equality]
        if missing:
            return Verdict(
                "DDB504",
                pattern.span("key"),
                f"access pattern {pattern.name}: no equality on the partition key of {target.label} "
                f"({', '.join(missing)}); DynamoDB can only serve this with a Scan",
                {"partition": list(target.partition_attrs)},
            )
        return self._judge_sort(pattern, target, key)

    def _get_on_index(self, pattern: AccessPattern) -> Verdict:
        return Verdict(
            "DDB505",
            pattern.span("key") if pattern.given("key") else pattern.span("index"),
            f"access pattern {pattern.name}: {pattern.op} reads items by the table's primary key "
            f"and cannot target index {pattern.index}; use a Query on the index",
        )

    def _judge_sort(self, pattern: AccessPattern, target: Target, key: dict[str, KeyCondition]) -> Verdict:

        def at(attr: str) -> Span:
            return pattern.entry_span("key", attr, key_side=True)

        sort_attrs = target.sort_attrs
        for attr, condition in key.items():
            if attr in target.partition_attrs:
                continue
            if attr not in sort_attrs:
                sort_text = ", ".join(sort_attrs) if sort_attrs else "no sort key"
                return Verdict(
                    "DDB505",
                    at(attr),
                    f"access pattern {pattern.name}: '{attr}' is not the sort key of {target.label} "
                    f"({sort_text}); a key condition can only test the partition and sort key. Use a "
                    "filter (paid for in full) or an index keyed on it",
                    {"attribute": attr, "sort": list(sort_attrs)},
                )
            if condition.op not in SORT_OPERATORS:  # pragma: no cover - the model forbids it
                return Verdict("DDB505", at(attr), f"operator {condition.op} is not a key condition")
            if condition.op == "begins_with" and self.table.attribute_type(attr) == "N":
                return Verdict(
                    "DDB505",
                    at(attr),
                    f"access pattern {pattern.name}: begins_with works on String and Binary sort keys, "
                    f"and '{attr}' is a Number; use between or a comparison",
                    {"attribute": attr},
                )
        given = [a for a in sort_attrs if a in key]
        if given:
            # Multi-attribute sort keys are matched left to right: a prefix of the attributes,
            # equality on all but the last one given.
            expected_prefix = list(sort_attrs[: len(given)])
            if given != expected_prefix:
                skipped = sort_attrs[len([a for a in given if a in expected_prefix])]
                return Verdict(
                    "DDB505",
                    at(given[-1]),
                    f"access pattern {pattern.name}: the sort key of {target.label} is matched left "
                    f"to right; a condition on '{given[-1]}' needs one on '{skipped}' first",
                )
            for attr in given[:-1]:
                if not key[attr].is_equality:
                    return Verdict(
                        "DDB505",
                        at(attr),
                        f"access pattern {pattern.name}: only the last sort attribute given may use a "
                        f"range; '{attr}' needs equality",
                    )
        if pattern.op in PRIMARY_KEY_OPS:
            missing = [a for a in sort_attrs if a not in key or not key[a].is_equality]
            if missing:
                return Verdict(
                    "DDB505",
                    pattern.span("key"),
                    f"access pattern {pattern.name}: {pattern.op} needs equality on the whole primary "
                    f"key, and the sort key ({', '.join(missing)}) is "
                    + ("missing" if any(a not in key for a in missing) else "a range")
                    + "; use a Query for a range",
                )
        return OK

    def resolved_patterns(self) -> list[AccessPattern]:
        """Patterns whose key condition is sound (no 0xx/5xx verdict)."""
        return [p for p in self.table.access_patterns if self.verdict(p).ok]


def _count(value: float) -> str:
    return format_count(value)
