"""What the spec model says about a YAML path: the annotation there, the model field it
belongs to and its documentation, read from the pydantic models of ``spec.model`` (field
docstrings are ``FieldInfo.description``, spec names are aliases such as ``class``)."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ddb_architect.completion.spec_cursor import Path
from ddb_architect.spec import model as m

QUANTITY_EXAMPLES = {
    "size": ["1KB", "512B", "4KB", "40KB"],
    "count": ["100K", "1M", "10M", "1K"],
    "rate": ["10/s", "100/s", "1K/day", "1/min"],
    "duration": ["90d", "30d", "365d", "24h"],
    "share": ["5%", "50%", "70%"],
}
QUANTITY_WORDS = {
    "size": "a size (512B, 1.5KB = 1536 bytes, 2MB)",
    "count": "a count (10M, 40K, 50_000)",
    "rate": "a rate (900/s, 20K/day; a month is 730 hours)",
    "duration": "a duration (30s, 15m, 24h, 90d, 1y)",
    "share": "a share (5%, or a fraction such as 0.05)",
}


def unwrap(annotation: Any) -> Any:
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


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def members(annotation: Any) -> list[Any]:
    """The members of a union (once unwrapped), or the annotation itself."""
    annotation = unwrap(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [unwrap(a) for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def spec_fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    return [(info.alias or attr, info) for attr, info in model.model_fields.items()]


def field_info(model: type[BaseModel], name: str) -> FieldInfo | None:
    return dict(spec_fields(model)).get(name)


@dataclass(frozen=True)
class Slot:
    """What the model says about a path: the annotation there, the model field it is in
    (``model``, ``field``, ``info``) and the steps below that field (dict keys, list
    indexes)."""

    annotation: Any
    model: type[BaseModel] | None = None
    field: str | None = None
    info: FieldInfo | None = None
    rest: Path = ()

    def at(self, model: type[BaseModel], field: str, depth: int = 0) -> bool:
        return self.model is model and self.field == field and len(self.rest) == depth


def slot_at(path: Path) -> Slot:
    """Walk the model from ``Design`` along ``path``."""
    annotation: Any = m.Design
    owner: type[BaseModel] | None = None
    name: str | None = None
    info: FieldInfo | None = None
    rest: list[str | int] = []
    for step in path:
        chosen = _choose(annotation, step)
        if chosen is None:
            return Slot(None, owner, name, info, tuple(rest))
        if is_model(chosen) and isinstance(step, str):
            found = field_info(chosen, step)
            if found is None:
                return Slot(None, chosen, step, None, ())
            owner, name, info, rest = chosen, step, found, []
            annotation = found.annotation
        else:
            rest.append(step)
            annotation = typing.get_args(chosen)[-1]
    return Slot(unwrap(annotation), owner, name, info, tuple(rest))


def _choose(annotation: Any, step: str | int) -> Any:
    """The member of ``annotation`` that a step goes into: a model or dict by name, a
    list by index."""
    for member in members(annotation):
        origin = typing.get_origin(member)
        if isinstance(step, str) and (is_model(member) or origin is dict):
            return member
        if isinstance(step, int) and origin is list:
            return member
    return None


def literal_values(annotation: Any) -> list[Any]:
    values: list[Any] = []
    for member in members(annotation):
        if typing.get_origin(member) is typing.Literal:
            values.extend(typing.get_args(member))
    return values


def quantity_kind(info: FieldInfo | None, annotation: Any = None) -> str | None:
    """``size``, ``count``, ``rate``, ``duration`` or ``share`` for a quantity field."""
    metadata: list[Any] = list(info.metadata) if info is not None else []
    pending = [info.annotation if info is not None else annotation]
    while pending:
        current = pending.pop()
        if typing.get_origin(current) is typing.Annotated:
            metadata.extend(getattr(current, "__metadata__", ()))
        pending.extend(a for a in typing.get_args(current) if a is not type(None))
    for item in metadata:
        name = getattr(getattr(item, "func", None), "__name__", "")
        if name.startswith("parse_") and name[6:] in QUANTITY_EXAMPLES:
            return name[6:]
    return None


def block_kind(info: FieldInfo) -> str | None:
    """``mapping`` for a field holding named units (tables, indexes, entities, fields),
    ``list`` for one holding a list of units (access patterns): completing it opens the
    block on the next line."""
    annotation = unwrap(info.annotation)
    origin = typing.get_origin(annotation)
    if origin in (dict, list) and is_model(unwrap(typing.get_args(annotation)[-1])):
        return "mapping" if origin is dict else "list"
    return None


def is_bool(annotation: Any) -> bool:
    return any(member is bool for member in members(annotation))


def default_text(info: FieldInfo) -> str | None:
    if info.is_required() or info.default_factory is not None:
        return None
    default = info.default
    if default is None:
        return None
    if isinstance(default, bool):
        return str(default).lower()
    if isinstance(default, float) and 0 < default < 1:
        return f"{default:.0%}"
    return str(default)


def type_words(info: FieldInfo) -> str:
    annotation = unwrap(info.annotation)
    values = literal_values(annotation)
    if values:
        return " | ".join(str(v) for v in values)
    kind = quantity_kind(info)
    if kind is not None:
        return kind
    if is_bool(annotation):
        return "true | false"
    origin = typing.get_origin(annotation)
    if origin is dict:
        return "mapping"
    if origin is list:
        return "list"
    if is_model(annotation):
        return "mapping"
    return "text"
