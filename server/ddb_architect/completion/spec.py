"""Completion in design specs (``*.ddb.yaml``), context-aware and surviving half-typed
YAML: the fields of the node under the cursor (from the model, with their documentation),
enum values, booleans and example quantities, the names of indexes, entities, attributes
and fields where the format refers to them, key templates from the library under an
entity's ``keys``, the entity's fields inside a template's ``{``, and whole-block
snippets for a table, an index, an entity and an access pattern.

Where the cursor is comes from ``spec_cursor``; what to offer there from the pydantic
model (``spec_schema``) and from what the document around the cursor declares
(``spec_document``).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from pydantic import BaseModel

from ddb_architect.completion.python import Completion
from ddb_architect.completion.snippets import Tabstops, escape, expand, template_snippet
from ddb_architect.completion.spec_cursor import MARK, SpecCursor, locate_cursor
from ddb_architect.completion.spec_document import SpecDocumentView, as_dict, field_summary, name_list
from ddb_architect.completion.spec_schema import (
    QUANTITY_EXAMPLES,
    QUANTITY_WORDS,
    Slot,
    block_kind,
    default_text,
    is_bool,
    is_model,
    literal_values,
    quantity_kind,
    slot_at,
    spec_fields,
    type_words,
)
from ddb_architect.cost.prices import price_data, price_keys
from ddb_architect.library import KeyPattern, key_patterns
from ddb_architect.limits import oversized
from ddb_architect.spec import model as m
from ddb_architect.spec.templates import Literal as TemplateLiteral
from ddb_architect.spec.templates import try_parse

__all__ = ["Completion", "apply_completion", "complete_spec", "locate_cursor"]

_TEMPLATE_VARIABLE = re.compile(r"(?<!\{)\{([A-Za-z0-9_]*)$")
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.#/%\-]*$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,254}$")
_RESERVED_PLAIN = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})


def complete_spec(text: str, offset: int) -> list[Completion]:
    """The completions at ``offset`` (code points from the start of ``text``) in a spec."""
    if oversized(text) is not None:  # skipped, as its diagnostics say
        return []
    cursor = locate_cursor(text, offset)
    if cursor is None:
        return []
    context = _Context(text, offset, cursor)
    return context.complete()


def apply_completion(text: str, offset: int, completion: Completion) -> str:
    """``text`` with ``completion`` accepted at ``offset`` as a client without snippet
    support would insert it (placeholders at their defaults, continuation lines under
    the line's indentation)."""
    line_start = text.rfind("\n", 0, offset) + 1
    line = text[line_start:offset]
    indent = line[: len(line) - len(line.lstrip(" "))]
    inserted = expand(completion.text, indent, is_snippet=completion.snippet)
    return text[: completion.replace_from] + inserted + text[offset:]


# --------------------------------------------------------------------------- the library


def _map_attribute(attr: str, table_key: tuple[str | None, str | None]) -> str:
    """The library writes the table's key as PK and SK; a table may call them otherwise."""
    partition, sort = table_key
    if attr == "PK" and partition:
        return partition
    if attr == "SK" and sort:
        return sort
    return attr


def _yaml_value(text: str) -> str:
    """A value as YAML writes it: plain when that is safe, else double-quoted."""
    if _PLAIN_SAFE.match(text) and text.lower() not in _RESERVED_PLAIN:
        try:
            float(text.replace("_", ""))
        except ValueError:
            return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _template_value(template: str, tabstops: Tabstops, quoted: bool = True) -> str:
    """A key template as a snippet value: quoted when it has variables or needs quotes."""
    body = template_snippet(template, tabstops)
    if not quoted:
        return body
    if "{" in template or _yaml_value(template) != template:
        return '"' + body.replace('"', '\\"') + '"'
    return body


def _library_keys(
    pattern: KeyPattern, table_key: tuple[str | None, str | None], quoted: bool = True
) -> list[tuple[str, str]]:
    tabstops = Tabstops()
    return [
        (_map_attribute(attr, table_key), _template_value(template, tabstops, quoted))
        for attr, template in pattern.keys.items()
    ]


def _library_documentation(pattern: KeyPattern, table_key: tuple[str | None, str | None]) -> str:
    keys = ", ".join(f"{_map_attribute(a, table_key)}: `{t}`" for a, t in pattern.keys.items())
    parts = [
        f"**{pattern.title}**",
        pattern.summary,
        f"Keys: {keys}",
        pattern.explanation,
        f"**When to use it:** {pattern.when}",
    ]
    if pattern.fields:
        fields = "; ".join(f"`{name}` ({field_summary(spec)})" for name, spec in pattern.fields.items())
        parts.append(f"Fields: {fields}")
    if pattern.indexes:
        indexes = "; ".join(f"`{name}` {_flow(spec)}" for name, spec in pattern.indexes.items())
        parts.append(f"Needs the index {indexes}")
    return "\n\n".join(parts)


def _flow(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    return _yaml_value(str(value)) if isinstance(value, str) else str(value)


def _value_detail(field: str, value: Any) -> str:
    if field == "op":
        return "op: a read" if value in m.READ_OPERATIONS else "op: a write"
    return field


def _first_wins(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in pairs:
        found.setdefault(key, value)
    return found


@cache
def _regions() -> list[tuple[str, str]]:
    return [(region, table.name) for region, table in price_data().regions.items()]


# --------------------------------------------------------------------------- completing


class _Context:
    """The completions at one cursor."""

    def __init__(self, text: str, offset: int, cursor: SpecCursor) -> None:
        self.text = text
        self.offset = offset
        self.cursor = cursor
        line = cursor.line
        self.typed = cursor.typed
        self.start = self.offset - len(self.typed)
        self.space = " " if line.needs_space else ""
        self.in_flow = bool(line.flows)
        self.quoted = bool(line.quote)
        self.unit = " " * _indent_unit(self.text)
        # Continuation lines of a block inserted at a key are indented to the key's column,
        # relative to the line's leading white space (which the client adds).
        content = line.content + (1 if line.needs_space and line.dash_columns else 0)
        self.shift = " " * max(0, content - line.indent)
        self.document = SpecDocumentView(self.cursor.root, self.cursor.path)

    # ----- building items

    def item(
        self,
        label: str,
        kind: str,
        detail: str = "",
        documentation: str = "",
        insert: str | None = None,
        sort: str = "",
        snippet: bool = False,
        start: int | None = None,
    ) -> Completion:
        return Completion(
            label,
            kind,
            self.start if start is None else start,
            detail,
            documentation,
            insert,
            sort,
            snippet,
        )

    def block(
        self, lines: list[str], sort: str, label: str, detail: str, documentation: str, kind: str = "snippet"
    ) -> Completion:
        """A multi-line snippet written at a key: ``lines`` are relative to the key's column
        and indented with two spaces per level (re-indented to the document's unit)."""
        text = "\n".join(
            [self.space + lines[0]]
            + [(self.shift + _reindent(line, self.unit)) if line else "" for line in lines[1:]]
        )
        return self.item(label, kind, detail, documentation, text, sort, snippet=True)

    # ----- dispatch

    def complete(self) -> list[Completion]:
        cursor = self.cursor
        if cursor.is_key:
            slot = slot_at(cursor.path)
            if (
                slot.annotation is not None
                and not is_model(slot.annotation)
                and typing.get_origin(slot.annotation) not in (dict, list)
                and cursor.path
                and isinstance(cursor.path[-1], int)
            ):
                return self.values(slot)  # `- |` in a list of names: an item, not a key
            if self.quoted:
                return []
            return self.keys(slot)
        variable = (
            _TEMPLATE_VARIABLE.search(self.cursor.before[self.cursor.line.typed_from or 0 :])
            if (self.cursor.line.typed_from is not None)
            else None
        )
        slot = slot_at(cursor.path)
        if variable is not None and self.template_position(slot):
            return self.variables(slot, variable.group(1))
        return self.values(slot)

    # ----- keys

    def keys(self, slot: Slot) -> list[Completion]:
        annotation = slot.annotation
        items: list[Completion] = []
        if is_model(annotation):
            if annotation is m.Pricing:
                items.extend(self.price_keys())
            items.extend(self.model_fields(annotation))
            if annotation is m.AccessPattern and not self.cursor.siblings and not self.in_flow:
                items.extend(self.pattern_snippets(dash=False))
            if annotation is m.Design and not self.cursor.siblings and not self.in_flow:
                items.append(self.design_snippet())
            return items
        origin = typing.get_origin(annotation)
        if origin is dict:
            if slot.at(m.Design, "tables"):
                return [] if self.in_flow else [self.table_snippet()]
            if slot.at(m.Table, "indexes"):
                return [] if self.in_flow else self.index_snippets()
            if slot.at(m.Table, "entities"):
                return [] if self.in_flow else [self.entity_snippet()]
            if slot.at(m.Entity, "keys"):
                return self.entity_key_names()
            if slot.at(m.Table, "attributes"):
                return self.attribute_names()
            if slot.at(m.Entity, "fields"):
                return self.field_names(slot)
            if slot.at(m.AccessPattern, "key"):
                return self.pattern_key_names(slot)
            return []
        if origin is list and not self.in_flow:
            if slot.at(m.Table, "access_patterns"):
                return self.pattern_snippets(dash=True)
            return [
                self.item(c.label, c.kind, c.detail, c.documentation, f"- {c.text}", c.sort, c.snippet)
                for c in self.list_values(slot)
            ]
        return []

    def model_fields(self, model: type[BaseModel]) -> list[Completion]:
        items = []
        for position, (name, info) in enumerate(spec_fields(model)):
            if name in self.cursor.siblings:
                continue
            required = info.is_required()
            detail = f"{name}: {type_words(info)}"
            default = default_text(info)
            if required:
                detail += " (required)"
            elif default is not None:
                detail += f" (default {default})"
            documentation = info.description or ""
            if info.examples:
                documentation += "\n\nExample: `" + ", ".join(_flow(e) for e in info.examples[:2]) + "`"
            sort = f"{0 if required else 1}{position:02d}"
            block = block_kind(info)
            if block is not None and not self.in_flow:
                lines = [f"{name}:", "  - $0" if block == "list" else "  $0"]
                items.append(self.block(lines, sort, name, detail, documentation, kind="field"))
            elif name == "key" and model in (m.Table, m.Index):
                items.append(
                    self.item(
                        name,
                        "field",
                        detail,
                        documentation,
                        self.space + self.key_schema_snippet(model, f"{name}: "),
                        sort,
                        snippet=True,
                    )
                )
            else:
                items.append(self.item(name, "field", detail, documentation, f"{self.space}{name}: ", sort))
        return items

    def key_schema_snippet(self, model: type[BaseModel], prefix: str = "") -> str:
        tabstops = Tabstops()
        if model is m.Index:
            partition, sort = self.next_index_attributes()
            return f"{prefix}{{partition: {tabstops(partition)}, sort: {tabstops(sort)}\\}}"
        return f"{prefix}{{partition: {tabstops('PK')}, sort: {tabstops('SK')}\\}}"

    def next_index_attributes(self) -> tuple[str, str]:
        """Attributes for the key of the index being written: GSI<n>PK and GSI<n>SK, n
        its position among the table's indexes."""
        indexes = list(self.document.indexes())
        path = self.cursor.path
        name = path[3] if len(path) > 3 and path[2] == "indexes" else None
        number = indexes.index(name) + 1 if name in indexes else len(indexes) + 1
        return f"GSI{number}PK", f"GSI{number}SK"

    def price_keys(self) -> list[Completion]:
        book = price_data().regions.get(str(self.document.data.get("region") or "us-east-1"))
        items = []
        for key in price_keys():
            if key in self.cursor.siblings:
                continue
            price = book.prices.get(key) if book is not None else None
            detail = f"price override: {price.text} ({price.unit})" if price is not None else "price override"
            items.append(self.item(key, "field", detail, "", f"{self.space}{key}: ", "2" + key))
        return items

    def entity_key_names(self) -> list[Completion]:
        items = []
        roles = self.document.key_roles()
        for position, attr in enumerate(self.document.key_attributes()):
            if attr in self.cursor.siblings:
                continue
            items.append(
                self.item(
                    attr,
                    "attribute",
                    roles.get(attr, "key attribute"),
                    "",
                    f"{self.space}{attr}: ",
                    f"1{position:02d}",
                )
            )
        if not self.cursor.siblings:
            items.extend(self.library(form="flow-inner" if self.in_flow else "block"))
        return items

    def attribute_names(self) -> list[Completion]:
        roles = self.document.key_roles()
        return [
            self.item(
                attr,
                "attribute",
                roles.get(attr, "key attribute"),
                "",
                f"{self.space}{attr}: S",
                f"{position:02d}",
            )
            for position, attr in enumerate(self.document.key_attributes())
            if attr not in self.cursor.siblings
        ]

    def field_names(self, slot: Slot) -> list[Completion]:
        entity = self.cursor.path[3] if len(self.cursor.path) > 3 else None
        items = []
        if isinstance(entity, str):
            for position, variable in enumerate(self.document.template_variables(entity)):
                if variable in self.cursor.siblings:
                    continue
                items.append(
                    self.item(
                        variable,
                        "variable",
                        f"used in {entity}'s keys, not declared yet",
                        "A variable of the entity's key templates: say what it holds "
                        "(type, format, cardinality) so the rules can judge the key.",
                        f"{self.space}{variable}: {{type: ${{1:S}}\\}}",
                        f"0{position:02d}",
                        snippet=True,
                    )
                )
        if not self.in_flow:
            tabstops = Tabstops()
            items.append(
                self.item(
                    "field",
                    "snippet",
                    "a new field: name and type",
                    m.FieldSpec.__doc__ or "",
                    f"{self.space}{tabstops('name')}: {{type: {tabstops('S')}\\}}",
                    "1",
                    snippet=True,
                )
            )
        return items

    def pattern_key_names(self, slot: Slot) -> list[Completion]:
        pattern = self.pattern_under_cursor()
        index = pattern.get("index") if isinstance(pattern.get("index"), str) else None
        target = self.document.target_key(index)
        roles = self.document.key_roles()
        return [
            self.item(
                attr,
                "attribute",
                roles.get(attr, "key attribute"),
                "",
                f"{self.space}{attr}: ",
                f"{position:02d}",
            )
            for position, attr in enumerate(target)
            if attr not in self.cursor.siblings
        ]

    def pattern_under_cursor(self) -> dict[str, Any]:
        path = self.cursor.path
        if len(path) > 3 and path[2] == "access_patterns" and isinstance(path[3], int):
            return self.document.pattern(path[3])
        return {}

    # ----- values

    def values(self, slot: Slot) -> list[Completion]:
        special = self.special_values(slot)
        if special is not None:
            return special
        annotation = slot.annotation
        info = slot.info if not slot.rest else None
        name = slot.field or ""
        if typing.get_origin(annotation) is list and not self.in_flow:
            return [
                self.item(
                    c.label, c.kind, c.detail, c.documentation, f"{self.space}[{c.text}]", c.sort, c.snippet
                )
                for c in self.list_values(slot)
            ]
        literal = literal_values(annotation)
        if literal:
            documentation = slot.info.description or "" if slot.info is not None else ""
            return [
                self.item(
                    str(value),
                    "value",
                    _value_detail(name, value),
                    documentation,
                    self.space + str(value),
                    f"{position:02d}",
                )
                for position, value in enumerate(literal)
            ]
        if is_bool(annotation):
            default = slot.info.default if slot.info is not None else None
            documentation = slot.info.description or "" if slot.info is not None else ""
            return [
                self.item(
                    word,
                    "value",
                    name + (" (the default)" if default is value else ""),
                    documentation,
                    self.space + word,
                    str(position),
                )
                for position, (word, value) in enumerate((("true", True), ("false", False)))
            ]
        kind = quantity_kind(info, annotation) if slot.info is not None and not slot.rest else None
        if kind is not None:
            examples = [e if isinstance(e, str) else _flow(e) for e in (info.examples or [])] if info else []
            examples = list(dict.fromkeys([*examples, *QUANTITY_EXAMPLES[kind]]))
            documentation = (
                (info.description or "") + "\n\n" + QUANTITY_WORDS[kind] if info else QUANTITY_WORDS[kind]
            )
            return [
                self.item(
                    example,
                    "value",
                    f"{name}: {kind}",
                    documentation,
                    self.space + example,
                    f"{position:02d}",
                )
                for position, example in enumerate(examples)
            ]
        return []

    def special_values(self, slot: Slot) -> list[Completion] | None:
        """Values the model alone does not know: references and snippets."""
        document = self.document
        if slot.at(m.Design, "region") or slot.at(m.Table, "replicas", 1):
            return [
                self.item(
                    region,
                    "value",
                    name,
                    "AWS Region whose prices are used",
                    self.space + region,
                    f"{position:02d}",
                )
                for position, (region, name) in enumerate(_regions())
                if region not in self.cursor.present
            ]
        if slot.at(m.Design, "version"):
            return [self.item("1", "value", "format version", "", self.space + "1")]
        if slot.at(m.Entity, "keys"):
            return self.library(form="flow") if not self.in_flow else []
        if slot.at(m.Entity, "keys", 1):
            return self.template_suggestions(slot)
        if slot.at(m.Table, "key") or slot.at(m.Index, "key"):
            if self.in_flow:
                return []
            return [
                self.item(
                    "{partition, sort}",
                    "snippet",
                    "the key: partition and sort attributes",
                    slot.info.description or "" if slot.info else "",
                    self.space + self.key_schema_snippet(slot.model or m.Table),
                    "0",
                    snippet=True,
                )
            ]
        if slot.at(m.KeySchema, "partition") or slot.at(m.KeySchema, "sort"):
            return self.key_attribute_suggestions(slot, table=True)
        if (
            slot.at(m.IndexKey, "partition")
            or slot.at(m.IndexKey, "sort")
            or slot.at(m.IndexKey, "partition", 1)
            or slot.at(m.IndexKey, "sort", 1)
        ):
            return self.key_attribute_suggestions(slot, table=False)
        if slot.at(m.Table, "attributes"):
            if self.in_flow:
                return []
            attrs = document.key_attributes()
            if not attrs:
                return []
            text = "{" + ", ".join(f"{escape(a)}: S" for a in attrs) + "\\}"
            return [
                self.item(
                    _flow(dict.fromkeys(attrs, "S")),
                    "snippet",
                    "types of the key attributes",
                    slot.info.description or "" if slot.info else "",
                    self.space + text,
                    "0",
                    snippet=True,
                )
            ]
        if slot.at(m.Table, "ttl"):
            return self.ttl_suggestions()
        if slot.at(m.Index, "projection"):
            items = [
                self.item(
                    "all",
                    "value",
                    "projection",
                    "Every attribute of the item is copied to the index.",
                    self.space + "all",
                    "0",
                ),
                self.item(
                    "keys-only",
                    "value",
                    "projection",
                    "Only the table's and the index's key attributes.",
                    self.space + "keys-only",
                    "1",
                ),
            ]
            if not self.in_flow:
                items.append(
                    self.item(
                        "[attributes]",
                        "snippet",
                        "projection: a list of non-key attributes",
                        "Keys plus the listed attributes.",
                        self.space + "[${1:attribute}]",
                        "2",
                        snippet=True,
                    )
                )
            return items
        if slot.at(m.Index, "projection", 1):
            return self.attribute_values(document.all_fields(), exclude=document.key_attributes())
        if slot.at(m.AccessPattern, "entity"):
            return self.entity_names()
        if slot.at(m.AccessPattern, "entities", 1):
            return self.entity_names()
        if slot.at(m.AccessPattern, "index"):
            return self.index_names()
        if slot.at(m.AccessPattern, "key"):
            return self.pattern_key_snippets() if not self.in_flow else []
        if slot.model is m.AccessPattern and slot.field == "key" and len(slot.rest) >= 1:
            return self.pattern_template_suggestions(slot)
        if slot.at(m.AccessPattern, "needs", 1) or slot.at(m.AccessPattern, "changes", 1):
            pattern = self.pattern_under_cursor()
            entities = self.pattern_entities(pattern)
            return self.attribute_values(
                document.all_fields(entities or None),
                first=document.key_attributes() if slot.field == "changes" else [],
            )
        if slot.at(m.AccessPattern, "order_by"):
            entities = self.pattern_entities(self.pattern_under_cursor())
            return self.attribute_values(document.all_fields(entities or None))
        if slot.at(m.Filter, "attributes", 1):
            entities = self.pattern_entities(self.pattern_under_cursor())
            return self.attribute_values(document.all_fields(entities or None))
        if slot.at(m.Entity, "fields", 1):
            if self.in_flow:
                return []
            return [
                self.item(
                    "{type: S}",
                    "snippet",
                    "a field's type",
                    m.FieldSpec.__doc__ or "",
                    self.space + "{type: ${1:S}\\}",
                    "0",
                    snippet=True,
                ),
                self.item(
                    "{type: S, format: uuid}",
                    "snippet",
                    "a unique id",
                    "",
                    self.space + "{type: S, format: ${1:uuid}\\}",
                    "1",
                    snippet=True,
                ),
            ]
        return None

    def list_values(self, slot: Slot) -> list[Completion]:
        """The items a list field takes (written as ``- item`` or ``[item]``)."""
        item_slot = Slot(
            typing.get_args(slot.annotation)[0] if typing.get_args(slot.annotation) else None,
            slot.model,
            slot.field,
            slot.info,
            (*slot.rest, 0),
        )
        return self.special_values(item_slot) or []

    # ----- references

    def entity_names(self) -> list[Completion]:
        return [
            self.item(
                name,
                "entity",
                "entity: " + ", ".join(f"{a}={t}" for a, t in self.document.entity_keys(name).items()),
                "",
                self.space + name,
                f"{position:02d}",
            )
            for position, name in enumerate(self.document.entities())
            if name not in self.cursor.present
        ]

    def index_names(self) -> list[Completion]:
        items = []
        for position, (name, spec) in enumerate(self.document.indexes().items()):
            partition, sort = self.document.index_key(name)
            kind = "local" if spec.get("local") is True else "global"
            projection = spec.get("projection", "all")
            projection_text = projection if isinstance(projection, str) else "projected list"
            detail = f"{kind} index: {', '.join(partition + sort)} ({projection_text})"
            items.append(self.item(name, "index", detail, "", self.space + name, f"{position:02d}"))
        return items

    def attribute_values(
        self, fields: Mapping[str, str], first: Iterable[str] = (), exclude: Iterable[str] = ()
    ) -> list[Completion]:
        items = []
        excluded = set(exclude) | set(self.cursor.present)
        roles = self.document.key_roles()
        for position, attr in enumerate(dict.fromkeys([*first, *fields])):
            if attr in excluded:
                continue
            detail = roles[attr] if attr in roles else f"field of {fields[attr]}"
            items.append(self.item(attr, "attribute", detail, "", self.space + attr, f"{position:03d}"))
        return items

    def key_attribute_suggestions(self, slot: Slot, table: bool) -> list[Completion]:
        partition = slot.field == "partition"
        names: list[str] = []
        declared = list(as_dict(self.document.table.get("attributes")))
        used = [a for e in self.document.entities() for a in self.document.entity_keys(e)]
        if table:
            names.extend(["PK" if partition else "SK"])
            names = [*declared[:2], *used[:2], *names]
        else:
            table_key = [a for a in self.document.table_key() if a]
            in_indexes = {
                a for i in self.document.indexes() for part in self.document.index_key(i) for a in part
            }
            names = [a for a in [*used, *declared] if a not in table_key and a not in in_indexes]
            number = len(self.document.indexes())
            names.append(f"GSI{max(number, 1)}{'PK' if partition else 'SK'}")
        return [
            self.item(
                name, "attribute", f"{slot.field} key attribute", "", self.space + name, f"{position:02d}"
            )
            for position, name in enumerate(dict.fromkeys(names))
        ]

    def ttl_suggestions(self) -> list[Completion]:
        candidates: list[tuple[str, str]] = []
        for entity in self.document.entities():
            for name, spec in self.document.entity_fields(entity).items():
                if spec.get("format") == "epoch-seconds":
                    candidates.insert(0, (name, f"epoch-seconds field of {entity}"))
                elif spec.get("type") == "N":
                    candidates.append((name, f"number field of {entity}"))
        candidates.append(("expiresAt", "a Number attribute holding epoch seconds"))
        return [
            self.item(
                name,
                "attribute",
                detail,
                "The TTL attribute: DynamoDB deletes an item after the time (epoch seconds) it holds.",
                self.space + name,
                f"{position:02d}",
            )
            for position, (name, detail) in enumerate(_first_wins(candidates).items())
        ]

    def pattern_entities(self, pattern: Mapping[str, Any]) -> list[str]:
        names = name_list(pattern.get("entity")) + name_list(pattern.get("entities"))
        known = self.document.entities()
        return [n for n in dict.fromkeys(names) if n in known]

    # ----- templates

    def template_position(self, slot: Slot) -> bool:
        return slot.at(m.Entity, "keys", 1) or (
            slot.model is m.AccessPattern and slot.field == "key" and len(slot.rest) >= 1
        )

    def variables(self, slot: Slot, partial: str) -> list[Completion]:
        """The entity's fields (and its templates' variables) inside a template's ``{``."""
        start = self.offset - len(partial)
        closing = "" if self.cursor.after.startswith("}") else "}"
        path = self.cursor.path
        if slot.model is m.Entity:
            entities = [path[3]] if isinstance(path[3], str) else []
            attribute = slot.rest[0] if slot.rest else None
        else:
            pattern = self.pattern_under_cursor()
            attribute = slot.rest[0]
            entities = self.pattern_entities(pattern) or [
                e for e in self.document.entities() if attribute in self.document.entity_keys(e)
            ]
        items: list[Completion] = []
        seen: set[str] = set()
        for entity in entities:
            assert isinstance(entity, str)
            fields = self.document.entity_fields(entity)
            in_attribute = self.document.template_variables(entity, [str(attribute)])
            for name in [*in_attribute, *fields, *self.document.template_variables(entity)]:
                if name in seen or MARK in name:
                    continue
                seen.add(name)
                spec = fields.get(name)
                detail = f"field of {entity}" + (
                    f": {field_summary(spec)}" if spec and field_summary(spec) else ""
                )
                if spec is None:
                    detail = f"variable of {entity}'s keys (not in its fields)"
                sort = (
                    "0" if name in in_attribute else "1" if spec is not None else "2"
                ) + f"{len(seen):03d}"
                documentation = str(spec.get("description", "")) if spec else ""
                items.append(
                    self.item(name, "variable", detail, documentation, name + closing, sort, start=start)
                )
        return items

    def template_suggestions(self, slot: Slot) -> list[Completion]:
        """Templates for one key attribute of an entity: the library's for that attribute."""
        attribute = str(slot.rest[0])
        table_key = self.document.table_key()
        items: list[Completion] = []
        seen: set[str] = set()
        for pattern in key_patterns():
            for attr, template in pattern.keys.items():
                if _map_attribute(attr, table_key) != attribute or template in seen:
                    continue
                seen.add(template)
                text = _template_value(template, Tabstops(), quoted=not self.quoted)
                items.append(
                    self.item(
                        template,
                        "template",
                        f"{pattern.title} ({pattern.name})",
                        _library_documentation(pattern, table_key),
                        self.space + text,
                        f"{len(items):02d}",
                        snippet=True,
                    )
                )
        return items

    def pattern_template_suggestions(self, slot: Slot) -> list[Completion]:
        """An access pattern's condition on one attribute: the entities' templates for it,
        and ``begins_with`` their literal prefix."""
        attribute = str(slot.rest[0])
        if len(slot.rest) > 1:
            return []
        pattern = self.pattern_under_cursor()
        entities = self.pattern_entities(pattern) or list(self.document.entities())
        items: list[Completion] = []
        seen: set[str] = set()
        for entity in entities:
            template = self.document.entity_keys(entity).get(attribute)
            if template is None or template in seen:
                continue
            seen.add(template)
            text = _template_value(template, Tabstops(), quoted=not self.quoted)
            items.append(
                self.item(
                    template,
                    "template",
                    f"{attribute} of {entity}",
                    "",
                    self.space + text,
                    f"0{len(items):02d}",
                    snippet=True,
                )
            )
            parsed = try_parse(template)
            prefix = parsed.literal_prefix if parsed is not None else ""
            if parsed is not None and prefix and not parsed.is_constant and not self.quoted:
                label = f"{{begins_with: {_quoted(prefix)}}}"
                items.append(
                    self.item(
                        label,
                        "snippet",
                        f"{attribute} of {entity}: items whose key starts with {prefix}",
                        "",
                        self.space + "{begins_with: " + escape(_quoted(prefix)) + "\\}",
                        f"1{len(items):02d}",
                        snippet=True,
                    )
                )
        return items

    def pattern_key_snippets(self) -> list[Completion]:
        """``key: {...}`` for an access pattern: the target's key attributes with each
        candidate entity's templates (a Query: the partition key, and the sort key's
        literal prefix with ``begins_with``)."""
        pattern = self.pattern_under_cursor()
        index = pattern.get("index") if isinstance(pattern.get("index"), str) else None
        target = self.document.target_key(index)
        if not target:
            return []
        query = pattern.get("op") in ("Query", "Scan")
        entities = self.pattern_entities(pattern) or list(self.document.entities())
        # Each condition: (attribute, equality template or None, begins_with prefix or None).
        found: dict[str, tuple[str, list[str]]] = {}
        for entity in entities:
            keys = self.document.entity_keys(entity)
            options: list[list[tuple[str, str | None, str | None]]] = []
            if not query and all(a in keys for a in target):
                options.append([(a, keys[a], None) for a in target])
            if query and target[0] in keys:
                partition = (target[0], keys[target[0]], None)
                options.append([partition])
                sort = target[1] if len(target) > 1 else None
                parsed = try_parse(keys[sort]) if sort is not None and sort in keys else None
                if (
                    sort is not None
                    and parsed is not None
                    and parsed.literal_prefix
                    and not parsed.is_constant
                ):
                    options.append([partition, (sort, None, parsed.literal_prefix)])
            for option in options:
                tabstops = Tabstops()
                plain_parts, snippet_parts = [], []
                for attr, template, prefix in option:
                    if template is not None:
                        plain_parts.append(f"{attr}: {_yaml_value(template)}")
                        snippet_parts.append(f"{escape(attr)}: {_template_value(template, tabstops)}")
                    else:
                        condition = f"{attr}: {{begins_with: {_quoted(prefix or '')}}}"
                        plain_parts.append(condition)
                        snippet_parts.append(escape(condition))
                plain = "{" + ", ".join(plain_parts) + "}"
                snippet = "{" + ", ".join(snippet_parts) + "\\}"
                found.setdefault(plain, (snippet, []))[1].append(entity)
        return [
            self.item(
                plain,
                "snippet",
                "the key of " + ", ".join(names) + (f" on {index}" if index else ""),
                "",
                self.space + snippet,
                f"{position:02d}",
                snippet=True,
            )
            for position, (plain, (snippet, names)) in enumerate(found.items())
        ]

    def library(self, form: str) -> list[Completion]:
        """The key-template library: ``flow`` after ``keys:``, ``flow-inner`` inside
        ``keys: {``, ``block`` on the lines under ``keys:``."""
        table_key = self.document.table_key()
        items = []
        for position, pattern in enumerate(key_patterns()):
            pairs = _library_keys(pattern, table_key)
            if form == "block":
                text = "\n".join(f"{escape(a)}: {v}" for a, v in pairs)
                completion = self.block(
                    text.split("\n"),
                    f"0{position:02d}",
                    pattern.name,
                    pattern.title,
                    _library_documentation(pattern, table_key),
                    kind="template",
                )
                items.append(completion)
                continue
            inner = ", ".join(f"{escape(a)}: {v}" for a, v in pairs)
            text = self.space + ("{" + inner + "\\}" if form == "flow" else inner)
            keys = ", ".join(f"{_map_attribute(a, table_key)}: {t}" for a, t in pattern.keys.items())
            items.append(
                self.item(
                    pattern.name,
                    "template",
                    f"{pattern.title}: {keys}",
                    _library_documentation(pattern, table_key),
                    text,
                    f"0{position:02d}",
                    snippet=True,
                )
            )
        return items

    # ----- whole blocks

    def named(self, default: str, what: str) -> tuple[str, str]:
        """The name a new unit's snippet starts with (what was typed as its name, if
        anything) and the snippet's label: ``Orders: table`` once ``Orders`` is typed, so
        the client's filter keeps it."""
        name = self.typed if _NAME.match(self.typed) else ""
        return (name or default), (f"{name}: {what}" if name else what)

    def table_snippet(self) -> Completion:
        name, label = self.named("Orders", "table")
        lines = [
            f"<<{name}>>:",
            "  key: {partition: <<PK>>, sort: <<SK>>}",
            "  attributes: {<<PK>>: S, <<SK>>: S}",
            "  entities:",
            "    <<Order>>:",
            '      keys: {<<PK>>: "<<ORDER>>#{<<orderId>>}", <<SK>>: <<META>>}',
            "      item_size: <<1KB>>",
            "      count: <<100K>>",
            "      fields:",
            "        <<orderId>>: {type: S, format: uuid}",
            "  access_patterns:",
            "    - name: <<get-order>>",
            "      op: GetItem",
            "      entity: <<Order>>",
            '      key: {<<PK>>: "<<ORDER>>#{<<orderId>>}", <<SK>>: <<META>>}',
            "      rate: <<10/s>>",
        ]
        return self.block(
            _skeleton(lines),
            "0",
            label,
            "a table: key, an entity, an access pattern",
            m.Table.__doc__ or "",
        )

    def index_snippets(self) -> list[Completion]:
        partition, sort = self.document.table_key()
        number = len(self.document.indexes()) + 1
        name, label = self.named(f"GSI{number}", "global index")
        local_name, local_label = self.named(f"LSI{number}", "local index")
        items = [
            self.block(
                _skeleton(
                    [
                        f"<<{name}>>:",
                        f"  key: {{partition: <<GSI{number}PK>>, sort: <<GSI{number}SK>>}}",
                        "  projection: <<all>>",
                    ]
                ),
                "0",
                label,
                "a global secondary index",
                "A global secondary index: its own partition and sort key, read with a Query "
                "on `index:`. Entities are in it when their `keys` give its key attributes.",
            )
        ]
        if partition and sort is not None:
            items.append(
                self.block(
                    _skeleton(
                        [
                            f"<<{local_name}>>:",
                            "  local: true",
                            f"  key: {{partition: {_literal(partition)}, sort: <<createdAt>>}}",
                            "  projection: <<all>>",
                        ]
                    ),
                    "1",
                    local_label,
                    "a local secondary index",
                    "A local secondary index: the table's partition key with another sort key. "
                    "It must be created with the table, and an item collection is then limited to 10 GB.",
                )
            )
        return items

    def entity_snippet(self) -> Completion:
        name, label = self.named("Item", "entity")
        prefix = re.sub(r"[^A-Z0-9_]", "", name.upper()) or "ITEM"
        variable = re.sub(r"[^A-Za-z0-9_]", "", name[:1].lower() + name[1:]) + "Id"
        partition, sort = self.document.table_key()
        first = _literal(partition) if partition else "<<PK>>"
        keys = f'{first}: "<<{prefix}>>#{{<<{variable}>>}}"'
        if sort is not None or partition is None:
            keys += f", {_literal(sort) if sort else '<<SK>>'}: <<META>>"
        lines = [
            f"<<{name}>>:",
            f"  keys: {{{keys}}}",
            "  item_size: <<1KB>>",
            "  count: <<100K>>",
            "  fields:",
            f"    <<{variable}>>: {{type: S, format: uuid}}",
        ]
        return self.block(
            _skeleton(lines), "0", label, "an entity: keys, size, count, fields", m.Entity.__doc__ or ""
        )

    def pattern_snippets(self, dash: bool) -> list[Completion]:
        lead = "- " if dash else ""
        pad = "  " if dash else ""
        entities = list(self.document.entities())
        partition, sort = self.document.table_key()
        items = []
        entity = entities[0] if entities else None
        keys = self.document.entity_keys(entity) if entity else {}
        target = [a for a in (partition, sort) if a]
        variants = [("GetItem", "get-item", target), ("Query", "list-items", target[:1])]
        for position, (op, name, attrs) in enumerate(variants):
            lines = [f"{lead}name: <<{name}>>", f"{pad}op: {op}"]
            if entity is not None:
                lines.append(f"{pad}entity: <<{entity}>>")
                if attrs and all(a in keys for a in attrs):
                    condition = ", ".join(f"{_literal(a)}: {_skeleton_template(keys[a])}" for a in attrs)
                    lines.append(f"{pad}key: {{{condition}}}")
            if op == "Query":
                lines.append(f"{pad}items: <<20>>")
            lines.append(f"{pad}rate: <<10/s>>")
            items.append(
                self.block(
                    _skeleton(lines),
                    f"3{position}",
                    f"access pattern ({op})",
                    f"an access pattern served by {op}",
                    m.AccessPattern.__doc__ or "",
                )
            )
        return items

    def design_snippet(self) -> Completion:
        lines = [
            "version: 1",
            "name: <<my-app>>",
            "region: <<us-east-1>>",
            "",
            "tables:",
            "  <<App>>:",
            "    key: {partition: PK, sort: SK}",
            "    attributes: {PK: S, SK: S}",
            "    entities:",
            "      <<User>>:",
            '        keys: {PK: "<<USER>>#{<<userId>>}", SK: PROFILE}',
            "        item_size: <<1KB>>",
            "        count: <<100K>>",
            "        fields:",
            "          <<userId>>: {type: S, format: uuid}",
            "    access_patterns:",
            "      - name: <<get-user>>",
            "        op: GetItem",
            "        entity: <<User>>",
            '        key: {PK: "<<USER>>#{<<userId>>}", SK: PROFILE}',
            "        rate: <<10/s>>",
        ]
        return self.block(
            _skeleton(lines),
            "9",
            "design spec",
            "a whole spec: a table, an entity, an access pattern",
            m.Design.__doc__ or "",
        )


# --------------------------------------------------------------------------- snippet skeletons

_SKELETON_TABSTOP = re.compile(r"<<([^<>]*)>>")


def _literal(text: str) -> str:
    """Text for a skeleton that must not become a tab stop."""
    return text.replace("<<", "< <")


def _skeleton_template(template: str) -> str:
    """A key template for a skeleton: its variables become tab stops."""
    parsed = try_parse(template)
    if parsed is None:
        return _literal(_yaml_value(template))
    body = "".join(
        _literal(part.text.replace("{", "{{").replace("}", "}}"))
        if isinstance(part, TemplateLiteral)
        else "{<<" + part.name + ">>" + (":" + part.format_spec if part.format_spec else "") + "}"
        for part in parsed.parts
    )
    return f'"{body}"' if "{" in template or _yaml_value(template) != template else body


def _skeleton(lines: list[str]) -> list[str]:
    """Skeleton lines with ``<<default>>`` tab stops as snippet lines: the literal text
    escaped, each distinct default one tab stop (a repeated one mirrored)."""
    tabstops = Tabstops()
    out = []
    for line in lines:
        parts = []
        last = 0
        for match in _SKELETON_TABSTOP.finditer(line):
            parts.append(escape(line[last : match.start()]))
            parts.append(tabstops(match.group(1)))
            last = match.end()
        parts.append(escape(line[last:]))
        out.append("".join(parts))
    return out


def _reindent(line: str, unit: str) -> str:
    """A skeleton line (two spaces per level) indented with the document's unit."""
    stripped = line.lstrip(" ")
    levels = (len(line) - len(stripped)) // 2
    extra = (len(line) - len(stripped)) % 2
    return unit * levels + " " * extra + stripped


def _indent_unit(text: str) -> int:
    """The document's indentation step: the smallest indentation of a line nested under a
    key, 2 when there is none."""
    previous = 0
    best: int | None = None
    for number, line in enumerate(text.split("\n")):
        if number > 400:
            break
        stripped = line.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if indent > previous:
            step = indent - previous
            best = step if best is None else min(best, step)
        previous = indent
    return best if best is not None and 1 <= best <= 8 else 2
