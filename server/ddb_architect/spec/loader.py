"""Load a design spec: YAML text → positioned tree → validated ``Design`` and DDB0xx findings.

Validation is lenient by unit: the top level, each table, and each index, entity and
access pattern of a table are validated on their own. An invalid optional value is
reported (DDB002) and dropped, and its field is marked invalid on the model so rules stay
quiet about it; a unit whose required part is broken is reported and left out, and its
name is remembered so references to it are not reported again. One broken table or entity
never hides the findings of the others.
"""

from __future__ import annotations

import difflib
import re
import threading
import types
import typing
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ddb_architect.findings import Finding, Severity, Span
from ddb_architect.limits import MAX_FILE_BYTES, oversized, skipped_finding
from ddb_architect.spec.model import (
    KEBAB_CASE,
    REGION,
    AccessPattern,
    Design,
    Entity,
    Index,
    SpecModel,
    Table,
)
from ddb_architect.spec.yaml_loader import ParsedYaml, TableEntries, parse_yaml
from ddb_architect.spec.yaml_tree import YMapping, YNode, YScalar, YSequence, to_python

MAX_SPEC_BYTES = MAX_FILE_BYTES

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""Lines as the editor (and the positions) break them."""

INVALID_YAML = "DDB001"
INVALID_SPEC = "DDB002"
DUPLICATE_KEY = "DDB003"

M = TypeVar("M", bound=SpecModel)


@dataclass
class SpecDocument:
    """A loaded spec: its text, its YAML tree, the design (None when nothing could be
    read) and the findings of loading it (DDB001, DDB002, DDB003)."""

    path: str
    text: str
    root: YNode | None
    design: Design | None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _BuiltTable:
    """One table as a load built it: where and how it is written, its model (None when it
    is too broken to load) and the findings of building it."""

    region: tuple[int, int, str]
    """The line and column of its name, and its text from its name to its end."""
    table: Table | None
    findings: list[Finding]


class TableReuse:
    """The tables of the last load of each path, reused while their text is unchanged.

    The language server loads a spec again for each edit, and an edit changes one table.
    A table of the previous load of the same path is reused when it has the same name and
    the same text (from its name to its end) at the same line and column, and neither load
    has anchors or aliases (so a table's YAML is its own text alone): its model, whose
    nodes have the same spans, and the findings of building it, in their place. With the
    model goes what was worked out from it (``Table.memo``: its analysis, bills and rule
    findings). Opt-in (``reuse_tables``): a one-off load, the command line's, builds
    everything."""

    def __init__(self, capacity: int = 8) -> None:
        # A few paths: the documents being edited. Each keeps its last load's tables
        # (about 1.3 MB for a spec of five tables) beyond the caches of loaded specs.
        self._capacity = capacity
        self._last: OrderedDict[str, tuple[dict[str, _BuiltTable], TableEntries | None]] = OrderedDict()
        self._lock = threading.Lock()
        self.reused = 0
        """Tables reused so far (for tests: work skipped is counted, not timed)."""
        self.built = 0
        """Tables built so far."""

    def previous(self, path: str) -> tuple[dict[str, _BuiltTable], TableEntries | None]:
        """The tables of the path's last load, and the YAML entries of its tables."""
        with self._lock:
            return self._last.get(path, ({}, None))

    def remember(
        self,
        path: str,
        tables: dict[str, _BuiltTable],
        entries: TableEntries | None,
        reused: int,
        built: int,
    ) -> None:
        with self._lock:
            previous, _ = self._last.get(path, ({}, None))
            self._last[path] = (tables, entries)
            self._last.move_to_end(path)
            dropped = [built.table for built in previous.values()]
            while len(self._last) > self._capacity:
                _, (evicted, _) = self._last.popitem(last=False)
                dropped += [built.table for built in evicted.values()]
            self.reused += reused
            self.built += built
        kept = {id(built.table) for built in tables.values()}
        for table in dropped:
            if table is not None and id(table) not in kept:
                release(table)


def release(table: Table) -> None:
    """Forget what was worked out from a table no longer reused (its memo). The memo's
    analysis and bills refer to the table, so table and memo make a cycle, which only a
    full garbage collection would free; emptied, the table goes as soon as nothing holds
    it. Whoever still holds it only works its memo out again."""
    table.memo.clear()


_TABLE_REUSE: TableReuse | None = None


def reuse_tables(reuse: TableReuse | None) -> None:
    """Make every later ``load_spec`` with a path reuse the unchanged tables of that path's
    previous load through ``reuse`` (None: stop)."""
    global _TABLE_REUSE
    _TABLE_REUSE = reuse


def table_reuse() -> TableReuse:
    """The reuse every ``load_spec`` goes through, turned on by the first call (the
    language server's spec analyzer makes it)."""
    global _TABLE_REUSE
    with _TURNING_ON:
        if _TABLE_REUSE is None:
            _TABLE_REUSE = TableReuse()
        return _TABLE_REUSE


_TURNING_ON = threading.Lock()


def load_spec(
    text: str, path: str = "<spec>", max_bytes: int = MAX_SPEC_BYTES, *, reuse: TableReuse | None = None
) -> SpecDocument:
    """Load a spec from its text. Never raises on bad input: every problem is a finding;
    a text over ``max_bytes`` is skipped with an information finding. ``reuse`` (else the
    one ``reuse_tables`` set, if any) gives the tables of the path's previous load to reuse
    where their text is unchanged; the result is the same either way."""
    size = oversized(text, max_bytes)
    if size is not None:
        return SpecDocument(path, text, None, None, [skipped_finding(size, max_bytes, "design spec")])
    reuse = reuse if reuse is not None else _TABLE_REUSE
    if "&" in text or "*" in text:  # an alias may bring text from outside the table
        reuse = None
    previous_tables, previous_entries = reuse.previous(path) if reuse is not None else ({}, None)
    # The YAML of unchanged tables is not converted again either.
    parsed = parse_yaml(text, (previous_entries or {}) if reuse is not None else None)
    findings = list(_yaml_findings(parsed))
    if parsed.fatal:
        return SpecDocument(path, text, parsed.root, None, findings)
    builder = _DesignBuilder(text, previous_tables if reuse is not None else None)
    design = builder.build(parsed.root)
    findings.extend(builder.findings)
    if reuse is not None and builder.built_tables is not None:
        built = len(builder.built_tables) - builder.reused
        reuse.remember(path, builder.built_tables, parsed.tables, builder.reused, built)
    return SpecDocument(path, text, parsed.root, design, findings)


def _yaml_findings(parsed: ParsedYaml) -> Iterable[Finding]:
    codes = {"syntax": INVALID_YAML, "duplicate-key": DUPLICATE_KEY, "value": INVALID_SPEC}
    for problem in parsed.problems:
        yield Finding(codes[problem.kind], Severity.ERROR, problem.span, problem.message)


# --------------------------------------------------------------------------- model introspection


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``Optional`` so the walk sees the real container or model."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _field_by_alias(model: type[BaseModel], name: Any) -> tuple[str, FieldInfo] | None:
    for attr, info in model.model_fields.items():
        if (info.alias or attr) == name:
            return attr, info
    return None


def _spec_field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or attr for attr, info in model.model_fields.items()]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _deletable_prefixes(model: type[BaseModel], loc: tuple[Any, ...]) -> list[int]:
    """Lengths of the prefixes of ``loc`` that can be removed from the data while keeping
    the rest valid-shaped: optional fields, entries of name→value mappings, unknown keys."""
    lengths: list[int] = []
    annotation: Any = model
    for i, step in enumerate(loc):
        annotation = _unwrap(annotation)
        if _is_model(annotation):
            found = _field_by_alias(annotation, step)
            if found is None:
                lengths.append(i + 1)
                break
            info = found[1]
            if not info.is_required():
                lengths.append(i + 1)
            annotation = info.annotation
        elif typing.get_origin(annotation) is dict:
            lengths.append(i + 1)
            annotation = typing.get_args(annotation)[1]
        else:
            break
    return lengths


def _field_info_at(model: type[BaseModel], loc: tuple[Any, ...]) -> FieldInfo | None:
    annotation: Any = model
    info: FieldInfo | None = None
    for step in loc:
        annotation = _unwrap(annotation)
        if _is_model(annotation):
            found = _field_by_alias(annotation, step)
            if found is None:
                return None
            info = found[1]
            annotation = info.annotation
        elif typing.get_origin(annotation) is dict:
            annotation = typing.get_args(annotation)[1]
        elif typing.get_origin(annotation) is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return info
    return info


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class whose fields sit at ``loc``."""
    annotation: Any = model
    for step in loc:
        annotation = _unwrap(annotation)
        if _is_model(annotation):
            found = _field_by_alias(annotation, step)
            if found is None:
                return None
            annotation = found[1].annotation
        elif typing.get_origin(annotation) in (dict, list):
            annotation = typing.get_args(annotation)[-1]
        else:
            return None
    annotation = _unwrap(annotation)
    return annotation if _is_model(annotation) else None


def _has_path(data: Any, path: tuple[Any, ...]) -> bool:
    for step in path:
        if (isinstance(data, dict) and step in data) or (
            isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)
        ):
            data = data[step]
        else:
            return False
    return True


def _delete(data: Any, path: tuple[Any, ...]) -> None:
    for step in path[:-1]:
        data = data[step]
    del data[path[-1]]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value)
    return f"{value!r} (a number)"


_TYPE_WORDS = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "string_too_short": "a non-empty string",
}


_CUSTOM_ERRORS = frozenset({"quantity", "key_condition", "attribute_list", "projection", "key_template"})


def _example_text(example: Any) -> str:
    if isinstance(example, str):
        return example
    if isinstance(example, dict):
        return "{" + ", ".join(f"{k}: {_example_text(v)}" for k, v in example.items()) + "}"
    if isinstance(example, list):
        return "[" + ", ".join(_example_text(v) for v in example) + "]"
    return str(example).lower() if isinstance(example, bool) else str(example)


def _did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


# --------------------------------------------------------------------------- the builder


class _DesignBuilder:
    def __init__(self, text: str = "", previous: dict[str, _BuiltTable] | None = None) -> None:
        self.findings: list[Finding] = []
        self.text = text
        self.previous = previous
        """The tables of the previous load to reuse; None: build every table, keep none."""
        self.built_tables: dict[str, _BuiltTable] | None = {} if previous is not None else None
        self.reused = 0
        self._line_starts: list[int] | None = None

    def error(self, span: Span, message: str, **data: Any) -> None:
        self.findings.append(Finding(INVALID_SPEC, Severity.ERROR, span, message, data))

    # ----- entry

    def build(self, root: YNode | None) -> Design | None:
        if root is None:
            self.error(
                Span.at(0, 0),
                "the spec is empty: expected a mapping with version and tables, for example "
                "'version: 1' then 'tables:'",
            )
            return None
        if not isinstance(root, YMapping):
            self.error(
                root.span,
                f"expected a mapping with version and tables at the top of the spec, found "
                f"{_describe(to_python(root))}",
            )
            return None
        tables_node = root.get("tables")
        # The tables are converted one by one below, not here.
        top = {name: to_python(value) for name, value in root.values.items() if name != "tables"}
        design = self.validate_unit(Design, top, root, "the spec", key=None)
        if design is None:  # pragma: no cover - every top-level field is optional
            return None
        if tables_node is None:
            return design
        if not isinstance(tables_node, YMapping):
            self.error(
                tables_node.span,
                f"tables: expected a mapping of table name to table, found {_describe(to_python(tables_node))}",
            )
            design.invalid.add("tables")
            return design
        for key_node, table_node in tables_node.items():
            table = self.table(key_node, table_node)
            if table is None:
                design.broken_tables.add(key_node.text)
            else:
                design.tables[key_node.text] = table
        return design

    def table(self, key_node: YScalar, node: YNode) -> Table | None:
        """Build a table, or reuse the previous load's when its text is unchanged."""
        if self.built_tables is None or self.previous is None:
            return self.build_table(key_node, node)
        region = self.region(key_node, node)
        name = key_node.text
        before = self.previous.get(name)
        if before is not None and before.region == region:
            self.findings.extend(before.findings)
            self.built_tables[name] = before
            self.reused += 1
            return before.table
        first = len(self.findings)
        table = self.build_table(key_node, node)
        self.built_tables[name] = _BuiltTable(region, table, self.findings[first:])
        return table

    def region(self, key_node: YScalar, node: YNode) -> tuple[int, int, str]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        start, end = key_node.span.start, node.span.end
        end = max(end, key_node.span.end)
        first = self._line_starts[start.line] + start.column
        last = (
            self._line_starts[end.line] + end.column if end.line < len(self._line_starts) else len(self.text)
        )
        return (start.line, start.column, self.text[first:last])

    def build_table(self, key_node: YScalar, node: YNode) -> Table | None:
        where = f"table {key_node.text}"
        if not isinstance(node, YMapping):
            self.error(
                node.span,
                f"{where}: expected a mapping with key, indexes, entities and access_patterns, "
                f"found {_describe(to_python(node))}",
            )
            return None
        data = to_python(node)
        collections = {"indexes": dict, "entities": dict, "access_patterns": list}
        shell = {k: v for k, v in data.items() if k not in collections}
        table = self.validate_unit(Table, shell, node, where, key=key_node)
        if table is None:
            return None
        for name, kind in collections.items():
            value = node.get(name)
            value_data = data.get(name)  # to_python(value), converted with the table
            if value is None or value_data is None:
                continue
            if not isinstance(value_data, kind):
                expected = "a mapping of names" if kind is dict else "a list"
                self.error(value.span, f"{where}.{name}: expected {expected}, found {_describe(value_data)}")
                table.invalid.add(name)
                continue
            if isinstance(value, YMapping):
                unit_cls: type[Index] | type[Entity] = Index if name == "indexes" else Entity
                target: dict[str, Any] = table.indexes if name == "indexes" else table.entities
                broken = table.broken_indexes if name == "indexes" else table.broken_entities
                for unit_key, unit_node in value.items():
                    unit_where = f"{where}, {'index' if name == 'indexes' else 'entity'} {unit_key.text}"
                    unit = self.validate_mapping_unit(
                        unit_cls, unit_node, unit_where, unit_key, value_data[unit_key.text]
                    )
                    if unit is None:
                        broken.add(unit_key.text)
                    else:
                        target[unit_key.text] = unit
            elif isinstance(value, YSequence):
                for position, item in enumerate(value.items):
                    label = self.pattern_label(item, position)
                    pattern = self.validate_mapping_unit(
                        AccessPattern, item, f"{where}, access pattern {label}", None, value_data[position]
                    )
                    if pattern is not None:
                        table.access_patterns.append(pattern)
                self.check_pattern_names(table, where)
        return table

    @staticmethod
    def pattern_label(node: YNode, position: int) -> str:
        if isinstance(node, YMapping):
            name = node.get("name")
            if isinstance(name, YScalar) and isinstance(name.value, str):
                return name.value
        return f"#{position + 1}"

    def check_pattern_names(self, table: Table, where: str) -> None:
        seen: dict[str, AccessPattern] = {}
        for pattern in table.access_patterns:
            if not KEBAB_CASE.match(pattern.name):
                suggestion = "-".join(
                    part for part in "".join(c if c.isalnum() else " " for c in _kebab(pattern.name)).split()
                )
                self.error(
                    pattern.span("name"),
                    f"{where}: access pattern name {pattern.name!r} is not kebab-case (lower-case "
                    f"words joined by '-'); for example {suggestion or 'get-user'!r}",
                )
            if pattern.name in seen:
                first = seen[pattern.name]
                self.error(
                    pattern.span("name"),
                    f"{where}: a second access pattern is named {pattern.name!r} (first at line "
                    f"{first.span('name').start.line + 1}); names must be unique within the table",
                )
            else:
                seen[pattern.name] = pattern

    def validate_mapping_unit(
        self, cls: type[M], node: YNode, where: str, key: YScalar | None, data: Any
    ) -> M | None:
        """Validate one index, entity or access pattern; ``data`` is ``to_python(node)``
        (converted once with its table; validation may delete from it)."""
        if not isinstance(node, YMapping):
            example = {
                "Index": "{key: {partition: GSI1PK}, projection: keys-only}",
                "Entity": '{keys: {PK: "USER#{userId}"}, item_size: 1KB}',
                "AccessPattern": '{name: get-user, op: GetItem, key: {PK: "USER#{userId}"}}',
            }
            self.error(
                node.span,
                f"{where}: expected a mapping, found {_describe(data)}; for example "
                f"{example.get(cls.__name__, '{...}')}",
            )
            return None
        return self.validate_unit(cls, data, node, where, key)

    # ----- one unit

    def validate_unit(
        self, cls: type[M], data: dict[str, Any], node: YMapping, where: str, key: YScalar | None
    ) -> M | None:
        reported: set[tuple[Any, ...]] = set()
        unknown: set[tuple[tuple[Any, ...], str]] = set()
        invalid: set[str] = set()
        for _attempt in range(64):
            try:
                unit = cls.model_validate(data)
            except ValidationError as error:
                errors = self.without_consequences(error.errors(), unknown)
                deleted = False
                for err in errors:
                    loc = tuple(err["loc"])
                    if loc not in reported:
                        reported.add(loc)
                        self.report(cls, err, node, where, key)
                    if deleted:
                        continue
                    lengths = [n for n in _deletable_prefixes(cls, loc) if _has_path(data, loc[:n])]
                    if not lengths:
                        return None
                    _delete(data, loc[: lengths[-1]])
                    invalid.add(str(loc[0]))
                    deleted = True
                continue
            attach(unit, node, key)
            unit.invalid.update(invalid)
            return unit
        return None  # pragma: no cover - each attempt removes something

    @staticmethod
    def without_consequences(errors: list[Any], unknown: set[tuple[tuple[Any, ...], str]]) -> list[Any]:
        """Drop a 'missing field' error when the same mapping has (or had, before it was
        dropped) an unknown field that is a likely misspelling of it: the did-you-mean
        message already says it. ``unknown`` accumulates over validation attempts."""
        unknown.update(
            (tuple(e["loc"][:-1]), str(e["loc"][-1])) for e in errors if e["type"] == "extra_forbidden"
        )
        kept = []
        for err in errors:
            if err["type"] == "missing":
                parent = tuple(err["loc"][:-1])
                typos = [name for p, name in unknown if p == parent]
                if _did_you_mean(str(err["loc"][-1]), typos):
                    continue
            kept.append(err)
        return kept

    def report(self, cls: type[BaseModel], err: Any, node: YMapping, where: str, key: YScalar | None) -> None:
        loc = tuple(err["loc"])
        path = ".".join(str(p) for p in loc)
        kind = err["type"]
        value_node = _walk(node, loc)
        if kind == "extra_forbidden":
            parent_model = _model_at(cls, loc[:-1])
            known = _spec_field_names(parent_model) if parent_model else []
            name = str(loc[-1])
            guess = _did_you_mean(name, known)
            hint = f"; did you mean '{guess}'?" if guess else ""
            listing = f" Expected one of: {', '.join(known)}." if known else ""
            span = _key_span(node, loc) or (value_node.span if value_node else node.span)
            self.findings.append(
                Finding(
                    INVALID_SPEC,
                    Severity.ERROR,
                    span,
                    f"{where}: unknown field '{name}'{hint}{listing}",
                    {"unknown": name, "suggestion": guess} if guess else {"unknown": name},
                )
            )
            return
        if kind == "missing":
            info = _field_info_at(cls, loc)
            example = _example_text(info.examples[0]) if info and info.examples else None
            span = _key_span(node, loc[:-1]) or (key.span if key is not None else node.span)
            where_part = f"{where}" + (f" ({'.'.join(map(str, loc[:-1]))})" if loc[:-1] else "")
            self.error(
                span,
                f"{where_part}: missing required field '{loc[-1]}'"
                + (f", for example {loc[-1]}: {example}" if example else ""),
                missing=str(loc[-1]),
            )
            return
        span = value_node.span if value_node is not None else (_key_span(node, loc) or node.span)
        found = _describe(err.get("input"))
        if kind in _CUSTOM_ERRORS:
            self.error(span, f"{where}: {path}: {err['msg']}")
            return
        info = _field_info_at(cls, loc)
        example = _example_text(info.examples[0]) if info and info.examples else None
        in_list = bool(loc) and isinstance(loc[-1], int)
        example_part = f"; for example {path.split('.')[-1]}: {example}" if example and not in_list else ""
        if kind == "literal_error":
            expected = str(err.get("ctx", {}).get("expected", ""))
            options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
            found_text = str(err.get("input"))
            guess = _did_you_mean(found_text, options)
            hint = f" (did you mean '{guess}'?)" if guess else ""
            self.error(
                span,
                f"{where}: {path}: expected one of {', '.join(options)}; found {found}{hint}",
                expected=options,
                suggestion=guess,
            )
            return
        if kind in _TYPE_WORDS:
            self.error(span, f"{where}: {path}: expected {_TYPE_WORDS[kind]}, found {found}{example_part}")
            return
        if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == REGION.pattern:
            self.error(
                span, f"{where}: {path}: expected an AWS region code, found {found}; for example us-east-1"
            )
            return
        message = err["msg"]
        self.error(
            span, f"{where}: {path}: {message[0].lower() + message[1:] if message else kind}{example_part}"
        )


def _kebab(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and (name[i - 1].islower() or name[i - 1].isdigit()):
            out.append(" ")
        out.append(ch.lower())
    return "".join(out)


def _walk(node: YNode, loc: tuple[Any, ...]) -> YNode | None:
    current: YNode | None = node
    for step in loc:
        if isinstance(current, YMapping):
            current = current.get(str(step))
        elif isinstance(current, YSequence) and isinstance(step, int):
            current = current.items[step] if 0 <= step < len(current.items) else None
        else:
            return current
        if current is None:
            return None
    return current


def _key_span(node: YNode, loc: tuple[Any, ...]) -> Span | None:
    if not loc:
        return None
    parent = _walk(node, loc[:-1])
    if isinstance(parent, YMapping):
        key = parent.key_node(str(loc[-1]))
        if key is not None:
            return key.span
    return None


# --------------------------------------------------------------------------- linking to the source


def _may_hold_models(annotation: Any) -> bool:
    """Whether a field's annotation can hold a spec model (itself, or in a container)."""
    if isinstance(annotation, type) and issubclass(annotation, SpecModel):
        return True
    return any(_may_hold_models(arg) for arg in typing.get_args(annotation))


_LINKED_FIELDS: dict[type[SpecModel], list[tuple[str, str]]] = {}
"""By model class: (attribute, spec name) of the fields that can hold spec models."""


def _linked_fields(cls: type[SpecModel]) -> list[tuple[str, str]]:
    fields = _LINKED_FIELDS.get(cls)
    if fields is None:
        fields = _LINKED_FIELDS[cls] = [
            (attr, info.alias or attr)
            for attr, info in cls.model_fields.items()
            if _may_hold_models(info.annotation)
        ]
    return fields


def attach(model: SpecModel, node: YNode | None, key: YScalar | None) -> None:
    """Link ``model`` and every nested spec model to the YAML nodes they came from."""
    private = model.__pydantic_private__
    private["_node"] = node
    private["_key"] = key
    if not isinstance(node, YMapping):
        return
    for attr, name in _linked_fields(type(model)):
        child = node.values.get(name)
        if child is None:
            continue
        value = getattr(model, attr)
        if isinstance(value, SpecModel):
            attach(value, child, node.keys.get(name))
        elif isinstance(value, dict) and isinstance(child, YMapping):
            for item_name, item in value.items():
                if isinstance(item, SpecModel):
                    attach(item, child.values.get(item_name), child.keys.get(item_name))
