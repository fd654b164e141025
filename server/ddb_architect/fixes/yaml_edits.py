"""Minimal text edits of YAML source.

A fix never re-serializes the document: it reads the source's layout (every mapping
entry with the offsets of its key and value, duplicates included, and whether each
collection is written in flow ``{a: 1}`` or block style) and edits only the text it
must, so comments, quoting and styles stay as the user wrote them. Entries are removed
with their whole lines (block style) or with their separating comma (flow style), and
added with the indentation and style of the mapping they join.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import yaml

from ddb_architect.findings import Position, Span
from ddb_architect.fixes.model import Edit
from ddb_architect.spec.yaml_loader import _Parser, _Positions, resolve_plain

LINE_BREAK = re.compile(r"\r\n|\r|\n")
DEFAULT_STEP = 2

Value: TypeAlias = "str | Mapping[str, Value]"
"""What an edit writes as a value: YAML text written inline as it is (a scalar, or a
flow collection), or a mapping written in the style of the place it goes to (block lines
in a block mapping, ``{k: v}`` in a flow one)."""


# --------------------------------------------------------------------------- scalars


def scalar(value: str | float) -> str:
    """``value`` as a YAML scalar: plain when it reads back as the same string, else
    double-quoted."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if not isinstance(value, str):
        return str(value)
    if (
        value
        and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_./-]*", value)
        and resolve_plain(value) == value
        and value.lower() not in ("yes", "no", "on", "off", "y", "n")
    ):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(value: Value) -> str:
    """A value written in flow style."""
    if isinstance(value, str):
        return value
    return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"


def flow_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


# --------------------------------------------------------------------------- the layout


@dataclass(eq=False)
class Node:
    """A node of the source: offsets of its first character and just past its last."""

    start: int
    end: int


@dataclass(eq=False)
class Scalar(Node):
    value: str = ""
    style: str | None = None
    """None for a plain scalar; ``'``, ``"``, ``|`` or ``>`` otherwise."""

    @property
    def is_null(self) -> bool:
        return self.style is None and resolve_plain(self.value) is None


@dataclass(eq=False)
class Alias(Node):
    pass


@dataclass(eq=False)
class Entry:
    key: Node
    value: Node

    @property
    def name(self) -> str | None:
        return self.key.value if isinstance(self.key, Scalar) else None

    @property
    def end(self) -> int:
        return max(self.key.end, self.value.end)


@dataclass(eq=False)
class Map(Node):
    flow: bool = False
    entries: list[Entry] = field(default_factory=list)

    def entry(self, name: str) -> Entry | None:
        """The entry ``name`` (the last one when the key is duplicated, as YAML keeps)."""
        found = None
        for entry in self.entries:
            if entry.name == name:
                found = entry
        return found

    def get(self, name: str) -> Node | None:
        entry = self.entry(name)
        return entry.value if entry is not None else None


@dataclass(eq=False)
class Seq(Node):
    flow: bool = False
    items: list[Node] = field(default_factory=list)


class Source:
    """The text with its lines, for offsets ↔ positions (lines broken at \\n, \\r\\n
    and \\r, as editors count)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
        first = LINE_BREAK.search(text)
        self.eol = first.group() if first else "\n"

    def offset(self, position: Position) -> int:
        line = min(max(position.line, 0), len(self.starts) - 1)
        return min(self.starts[line] + max(position.column, 0), self.line_end(self.starts[line]))

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line, offset - self.starts[line])

    def span(self, start: int, end: int) -> Span:
        return Span(self.position(start), self.position(end))

    def line_start(self, offset: int) -> int:
        return self.starts[bisect.bisect_right(self.starts, offset) - 1]

    def line_end(self, offset: int) -> int:
        """Where the line holding ``offset`` ends, before its break."""
        line = bisect.bisect_right(self.starts, offset) - 1
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def after_line(self, offset: int) -> int:
        """The start of the line after the one ``offset`` ends (``offset`` itself when it
        is already the start of a line past a break, as after a block scalar)."""
        if offset > 0 and offset in self.starts:
            return offset
        line = bisect.bisect_right(self.starts, offset) - 1
        return self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)

    def column(self, offset: int) -> int:
        return offset - self.line_start(offset)

    def starts_line(self, offset: int) -> bool:
        """True when only spaces come before ``offset`` on its line."""
        return not self.text[self.line_start(offset) : offset].strip()


class Layout:
    """The source's nodes with their offsets, and the edits that change them."""

    def __init__(self, text: str, root: Node, parents: dict[int, tuple[Node, Entry | None]]) -> None:
        self.source = Source(text)
        self.root = root
        self._parents = parents
        self._maps: dict[int, Map] | None = None
        self.step = self._indent_step()

    @property
    def text(self) -> str:
        return self.source.text

    # ----- reading

    def nodes(self) -> Iterator[Node]:
        stack: list[Node] = [self.root]
        while stack:
            node = stack.pop()
            yield node
            if isinstance(node, Map):
                for entry in reversed(node.entries):
                    stack.extend((entry.value, entry.key))
            elif isinstance(node, Seq):
                stack.extend(reversed(node.items))

    def at(self, span: Span) -> list[Node]:
        """The nodes whose text is exactly ``span`` (innermost first)."""
        start, end = self.source.offset(span.start), self.source.offset(span.end)
        found = [n for n in self.nodes() if n.start == start and n.end == end]
        return list(reversed(found))

    def map_at(self, position: Position) -> Map | None:
        """The mapping that starts at ``position`` (a block mapping starts at its first key)."""
        if self._maps is None:
            self._maps = {n.start: n for n in self.nodes() if isinstance(n, Map)}
        return self._maps.get(self.source.offset(position))

    def find(self, span: Span, kind: type[Node] = Node) -> Node | None:
        for node in self.at(span):
            if isinstance(node, kind):
                return node
        return None

    def parent(self, node: Node) -> tuple[Node, Entry | None] | None:
        """The collection holding ``node``, and the entry when it is a mapping's."""
        return self._parents.get(id(node))

    def entry_of(self, node: Node) -> tuple[Map, Entry] | None:
        """The mapping and entry whose key or value ``node`` is."""
        parent = self.parent(node)
        if parent is None or not isinstance(parent[0], Map) or parent[1] is None:
            return None
        return parent[0], parent[1]

    def text_of(self, node: Node) -> str:
        return self.text[node.start : node.end]

    def _indent_step(self) -> int:
        for node in self.nodes():
            if isinstance(node, Map) and not node.flow:
                for entry in node.entries:
                    child = entry.value
                    if isinstance(child, Map) and not child.flow and child.entries:
                        step = self.source.column(child.entries[0].key.start) - self.source.column(
                            entry.key.start
                        )
                        if step > 0:
                            return step
        return DEFAULT_STEP

    # ----- edits

    def edit(self, start: int, end: int, text: str) -> Edit:
        return Edit(self.source.span(start, end), text)

    def replace(self, node: Node, text: str) -> Edit:
        return self.edit(node.start, node.end, text)

    def remove_entry(self, mapping: Map, entry: Entry) -> list[Edit]:
        """Remove an entry: its whole lines in a block mapping, the entry and one comma in
        a flow one. A mapping left empty becomes ``{}``."""
        return self.remove_entries(mapping, [entry])

    def remove_entries(self, mapping: Map, entries: Sequence[Entry]) -> list[Edit]:
        """Remove several entries of one mapping (see ``remove_entry``)."""
        src = self.source
        every = mapping.entries
        gone = [any(e is g for g in entries) for e in every]
        if not any(gone):
            return []
        if all(gone):
            if mapping.flow:
                end = every[-1].end
                rest = self.text[end:]
                stripped = rest.lstrip(" \t")
                if stripped.startswith(","):
                    end += len(rest) - len(stripped) + 1
                return [self.edit(every[0].key.start, end, "")]
            return self._empty_block_mapping(mapping, every)
        edits: list[Edit] = []
        i = 0
        while i < len(every):
            if not gone[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(every) and gone[j + 1]:
                j += 1
            first, last = every[i], every[j]
            following = every[j + 1] if j + 1 < len(every) else None
            if mapping.flow:
                if following is not None:
                    edits.append(self.edit(first.key.start, following.key.start, ""))
                else:
                    edits.append(self.edit(every[i - 1].end, last.end, ""))
            elif src.starts_line(first.key.start):
                edits.append(self.edit(src.line_start(first.key.start), src.after_line(last.end), ""))
            else:
                # The first entry of a list item (``- name: x``): the next entry moves up.
                assert following is not None
                edits.append(self.edit(first.key.start, following.key.start, ""))
            i = j + 1
        return edits

    def _empty_block_mapping(self, mapping: Map, every: Sequence[Entry]) -> list[Edit]:
        src = self.source
        first, last = every[0], every[-1]
        holder = self.entry_of(mapping)
        if (
            holder is not None
            and src.position(holder[1].key.end).line < src.position(first.key.start).line
            and src.starts_line(first.key.start)
        ):
            colon = self.text.find(":", holder[1].key.end)
            return [
                self.edit(colon + 1, colon + 1, " {}"),
                self.edit(src.line_start(first.key.start), src.after_line(last.end), ""),
            ]
        return [self.edit(first.key.start, last.end, "{}")]

    def insert_entry(self, mapping: Map, key: str, value: Value, order: Sequence[str] = ()) -> list[Edit]:
        """Add ``key: value`` to the mapping: after the last entry that ``order`` puts
        before ``key`` (at the end when ``key`` is not in ``order``), in the mapping's
        style and indentation."""
        src = self.source
        anchor = self._anchor(mapping, key, order)
        if mapping.flow:
            text = f"{scalar(key)}: {flow(value)}"
            if anchor is not None:
                return [self.edit(anchor.end, anchor.end, ", " + text)]
            if mapping.entries:
                first = mapping.entries[0].key.start
                return [self.edit(first, first, text + ", ")]
            return [self.edit(mapping.start + 1, mapping.start + 1, text)]
        indent = src.column(mapping.entries[0].key.start)
        lines = self.block_lines(key, value, indent)
        if anchor is not None:
            at = src.after_line(anchor.end)
            if at == len(self.text) and not self.text.endswith(("\n", "\r")):
                return [self.edit(at, at, src.eol + src.eol.join(lines))]
            return [self.edit(at, at, "".join(line + src.eol for line in lines))]
        first = mapping.entries[0].key.start
        if src.starts_line(first):
            at = src.line_start(first)
            return [self.edit(at, at, "".join(line + src.eol for line in lines))]
        # Before the first entry of a list item: the new entry takes the dash's line.
        text = lines[0].lstrip(" ") + src.eol + "".join(line + src.eol for line in lines[1:])
        return [self.edit(first, first, text + " " * indent)]

    def set_entry(self, mapping: Map, key: str, value: Value, order: Sequence[str] = ()) -> list[Edit]:
        """``key: value`` in the mapping: the value replaced when the key is there, the
        entry added when not."""
        entry = mapping.entry(key)
        if entry is None:
            return self.insert_entry(mapping, key, value, order)
        return self.replace_entry(mapping, entry, value)

    def replace_entry(self, mapping: Map, entry: Entry, value: Value) -> list[Edit]:
        """The entry's value replaced by ``value``, the key kept as written."""
        src = self.source
        old = entry.value
        inline_old = isinstance(old, (Scalar, Alias)) or (isinstance(old, (Map, Seq)) and old.flow)
        colon = self.text.find(":", entry.key.end)
        if isinstance(value, str) or mapping.flow or not inline_old or (isinstance(old, Map) and old.flow):
            if inline_old and old.start < old.end:
                return [self.replace(old, flow(value))]
            return [self.edit(colon + 1, old.end, " " + flow(value))]
        # A mapping into a block mapping, in place of a scalar (``indexes:`` or ``~``).
        lines = self.block_lines(entry.name or "", value, src.column(entry.key.start))[1:]
        at = src.after_line(entry.end)
        edits = [self.edit(colon + 1, old.end, "")] if old.start < old.end else []
        if at == len(self.text) and not self.text.endswith(("\n", "\r")):
            return [*edits, self.edit(at, at, src.eol + src.eol.join(lines))]
        return [*edits, self.edit(at, at, "".join(line + src.eol for line in lines))]

    def block_lines(self, key: str, value: Value, indent: int) -> list[str]:
        """``key: value`` as block lines indented by ``indent`` (no line breaks)."""
        pad = " " * indent
        if isinstance(value, str):
            return [f"{pad}{scalar(key)}: {value}"]
        if not value:
            return [f"{pad}{scalar(key)}: {{}}"]
        lines = [f"{pad}{scalar(key)}:"]
        for child_key, child in value.items():
            lines.extend(self.block_lines(child_key, child, indent + self.step))
        return lines

    def _anchor(self, mapping: Map, key: str, order: Sequence[str]) -> Entry | None:
        """The entry the new ``key`` goes after (the last one ``order`` puts before it); None
        for the start of the mapping."""
        if not mapping.entries:
            return None
        if key not in order:
            return mapping.entries[-1]
        rank = order.index(key)
        anchor: Entry | None = None
        for entry in mapping.entries:
            if entry.name in order[:rank]:
                anchor = entry
        if anchor is None and not any(entry.name in order[rank + 1 :] for entry in mapping.entries):
            return mapping.entries[-1]
        return anchor


# --------------------------------------------------------------------------- parsing


def parse_layout(text: str) -> Layout | None:
    """The layout of the first document of ``text``; None when it does not parse."""
    positions = _Positions(text)
    source = Source(text)

    def offset(mark: Any) -> int:
        return source.offset(positions.of(mark))

    parents: dict[int, tuple[Node, Entry | None]] = {}
    stack: list[tuple[Node, list[Node]]] = []  # a collection and its pending key
    root: Node | None = None
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    break
                continue
            node: Node
            if isinstance(event, yaml.ScalarEvent):
                node = Scalar(
                    offset(event.start_mark), offset(event.end_mark), event.value, event.style or None
                )
            elif isinstance(event, yaml.AliasEvent):
                node = Alias(offset(event.start_mark), offset(event.end_mark))
            elif isinstance(event, yaml.MappingStartEvent):
                stack.append((Map(offset(event.start_mark), -1, bool(event.flow_style)), []))
                continue
            elif isinstance(event, yaml.SequenceStartEvent):
                stack.append((Seq(offset(event.start_mark), -1, bool(event.flow_style)), []))
                continue
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node = stack.pop()[0]
                node.end = _collection_end(node, offset(event.end_mark))
            else:
                continue
            if not stack:
                root = node
                continue
            collection, pending = stack[-1]
            if isinstance(collection, Seq):
                collection.items.append(node)
                parents[id(node)] = (collection, None)
            elif isinstance(collection, Map):
                if not pending:
                    pending.append(node)
                    continue
                entry = Entry(pending.pop(), node)
                collection.entries.append(entry)
                parents[id(entry.key)] = (collection, entry)
                parents[id(node)] = (collection, entry)
    except (yaml.YAMLError, RecursionError, UnicodeEncodeError):  # the last: a lone surrogate
        return None
    if root is None:
        return None
    return Layout(text, root, parents)


def _collection_end(node: Node, end_mark: int) -> int:
    if isinstance(node, (Map, Seq)) and node.flow:
        return end_mark
    if isinstance(node, Map) and node.entries:
        return max(node.entries[-1].end, node.start)
    if isinstance(node, Seq) and node.items:
        return max(node.items[-1].end, node.start)
    return node.start
