"""The key-template library: the classic single-table key patterns, each with a short
explanation, when to use it, the keys and fields of one entity, the indexes it needs and
a complete, sound example spec.

The patterns are data (``patterns.yaml`` beside this module), read once. Spec completion
offers their keys and fields; ``ddb-architect init --template NAME`` writes their
examples (``pattern_file_text``). ``shard_count`` is the arithmetic of write sharding.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ddb_architect.cost.units import PARTITION_WRITE_UNITS_PER_SECOND
from ddb_architect.resources import SCHEMA_URL

__all__ = [
    "KeyPattern",
    "key_pattern",
    "key_patterns",
    "pattern_file_text",
    "shard_count",
]

DATA_FILE = "patterns.yaml"
_TEXT_FIELDS = ("name", "title", "summary", "explanation", "when", "example")
_MAPPING_FIELDS = ("keys", "fields", "indexes")


@dataclass(frozen=True)
class KeyPattern:
    """One key pattern of the library. The mappings are shared: read them, do not change
    them (copy first)."""

    name: str
    """kebab-case id, such as ``adjacency-list``"""
    title: str
    """a short title, such as "Many-to-many adjacency list\""""
    summary: str
    """one line"""
    explanation: str
    """how it works: a few sentences of markdown"""
    when: str
    """when to use it, and when not"""
    keys: Mapping[str, str]
    """key attribute → key template, for one entity of the example"""
    fields: Mapping[str, Mapping[str, Any]]
    """field specs of the templates' variables"""
    indexes: Mapping[str, Mapping[str, Any]]
    """spec fragments of the indexes the pattern needs; possibly empty"""
    example: str
    """a complete, small, sound spec (YAML text) showing the pattern"""


class LibraryError(ValueError):
    """The library's data file is malformed (a packaging or editing mistake)."""


def _text(entry: Mapping[str, Any], field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise LibraryError(f"{where}: '{field}' must be a non-empty string")
    return value.strip() if field != "example" else value


def _mapping(entry: Mapping[str, Any], field: str, where: str) -> dict[str, Any]:
    value = entry.get(field, {})
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise LibraryError(f"{where}: '{field}' must be a mapping with string keys")
    return value


def _pattern(entry: Any, position: int) -> KeyPattern:
    if not isinstance(entry, dict):
        raise LibraryError(f"{DATA_FILE}: pattern {position} is not a mapping")
    where = f"{DATA_FILE}: pattern {entry.get('name', position)!s}"
    unknown = set(entry) - set(_TEXT_FIELDS) - set(_MAPPING_FIELDS)
    if unknown:
        raise LibraryError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    text = {field: _text(entry, field, where) for field in _TEXT_FIELDS}
    keys = _mapping(entry, "keys", where)
    if not keys or not all(isinstance(v, str) for v in keys.values()):
        raise LibraryError(f"{where}: 'keys' must map key attributes to key templates (strings)")
    fields = _mapping(entry, "fields", where)
    indexes = _mapping(entry, "indexes", where)
    for name, spec in (*fields.items(), *indexes.items()):
        if not isinstance(spec, dict):
            raise LibraryError(f"{where}: the spec of {name!r} must be a mapping")
    return KeyPattern(
        name=text["name"],
        title=text["title"],
        summary=text["summary"],
        explanation=text["explanation"],
        when=text["when"],
        keys=keys,
        fields=fields,
        indexes=indexes,
        example=text["example"],
    )


@cache
def _library() -> tuple[tuple[KeyPattern, ...], dict[str, KeyPattern]]:
    source = resources.files(__name__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(source)
    entries = data.get("patterns") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise LibraryError(f"{DATA_FILE}: expected a 'patterns' list")
    patterns = tuple(_pattern(entry, position) for position, entry in enumerate(entries, 1))
    by_name: dict[str, KeyPattern] = {}
    for pattern in patterns:
        if pattern.name in by_name:
            raise LibraryError(f"{DATA_FILE}: pattern {pattern.name!r} is defined twice")
        by_name[pattern.name] = pattern
    return patterns, by_name


def key_patterns() -> list[KeyPattern]:
    """Every pattern of the library, in the library's order."""
    return list(_library()[0])


def key_pattern(name: str) -> KeyPattern | None:
    """The pattern called ``name`` (such as ``write-sharding``), or None."""
    return _library()[1].get(name)


def shard_count(
    peak_writes_per_second: float, write_units_per_item: float = 1.0, headroom: float = 0.5
) -> int:
    """The number of write shards that keeps each shard's partition key value at or under
    ``headroom`` × 1,000 write units per second at peak (one partition serves 1,000 WCU/s,
    facts 6.4); at least 1.

    ``write_units_per_item`` is the write units one write costs (1 per KB, rounded up: a
    2.5 KB item costs 3). 4,000 writes/s of 1 KB items at 50 % headroom → 8 shards."""
    for label, value in (
        ("peak_writes_per_second", peak_writes_per_second),
        ("write_units_per_item", write_units_per_item),
        ("headroom", headroom),
    ):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"{label} must be a finite number, not {value!r}")
    if peak_writes_per_second < 0:
        raise ValueError(f"peak_writes_per_second must be 0 or more, not {peak_writes_per_second!r}")
    if write_units_per_item <= 0:
        raise ValueError(f"write_units_per_item must be more than 0, not {write_units_per_item!r}")
    if not 0 < headroom <= 1:
        raise ValueError(
            f"headroom must be more than 0 and at most 1 (a share such as 0.5), not {headroom!r}"
        )
    per_shard = headroom * PARTITION_WRITE_UNITS_PER_SECOND
    # Rounded first so float noise (0.1 + 0.2) does not add a shard to an exact fit.
    needed = round(peak_writes_per_second * write_units_per_item / per_shard, 9)
    return max(1, math.ceil(needed))


def _comment(label: str, text: str, width: int = 88) -> list[str]:
    """``text`` as comment lines, ``label`` leading its first paragraph."""
    lines: list[str] = []
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    for position, paragraph in enumerate(paragraphs):
        if position:
            lines.append("#")
        lead = f"{label} {paragraph}" if position == 0 and label else paragraph
        lines.extend(
            textwrap.wrap(
                lead,
                width=width,
                initial_indent="# ",
                subsequent_indent="# ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return lines


def pattern_file_text(pattern: KeyPattern, command: str = "ddb-architect") -> str:
    """The spec file ``init --template NAME`` writes for a pattern: the schema line, a
    comment on how the pattern works and when to use it, then the example."""
    header = [
        f"# yaml-language-server: $schema={SCHEMA_URL}",
        *_comment(f"Key pattern: {pattern.title} ({pattern.name}).", pattern.summary),
        "#",
        *_comment("How it works:", pattern.explanation),
        "#",
        *_comment("When to use it:", pattern.when),
        "#",
        f"# Check it with: {command} check <this file>",
    ]
    example = pattern.example if pattern.example.endswith("\n") else pattern.example + "\n"
    return "\n".join(header) + "\n" + example
