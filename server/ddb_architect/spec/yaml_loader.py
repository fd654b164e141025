"""Safe, bounded YAML parsing into a positioned node tree.

The tree is composed directly from PyYAML's event stream (libyaml when available), so no
constructor ever runs: no Python objects, no tags beyond the core ones. The work is
bounded: the file size is checked before parsing, nesting depth while composing, and
the size of every alias expansion is accounted for (a "billion laughs" document stops at
the alias that would blow the budget). Scalars resolve by YAML 1.2 core rules, so
``NO``, ``on`` or ``2024-01-01`` stay strings instead of becoming booleans or dates.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ddb_architect.findings import Position, Span
from ddb_architect.spec.yaml_tree import YMapping, YNode, YScalar, YSequence

MAX_DEPTH = 64
MAX_EXPANDED_NODES = 200_000

try:  # libyaml's parser is an order of magnitude faster and gives the same marks.
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader


@dataclass
class YamlProblem:
    """Something wrong with the YAML itself. ``kind`` is ``syntax`` (DDB001),
    ``duplicate-key`` (DDB003) or ``value`` (DDB002)."""

    kind: str
    message: str
    span: Span


@dataclass
class ParsedYaml:
    root: YNode | None
    problems: list[YamlProblem] = field(default_factory=list)
    tables: TableEntries | None = None
    """The entries of the top-level ``tables`` mapping as composed, for the next parse of
    an edited version of the text (``parse_yaml(previous=...)``); None when not kept."""

    @property
    def fatal(self) -> bool:
        return any(p.kind == "syntax" for p in self.problems)


Region = tuple[int, int, str]
"""Where a composed entry is written: the line and column of its key, and its text from
the key to the end of its value."""

TableEntries = dict[Region, tuple["YScalar", "YNode", list[YamlProblem]]]
"""The entries of the top-level ``tables`` mapping by region: the key's and the value's
nodes, and the problems found inside them, in order."""


class _Abort(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_HEX = re.compile(r"^0x[0-9a-fA-F_]+$")
_OCT = re.compile(r"^0o[0-7_]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

_CORE = "tag:yaml.org,2002:"

_MAYBE_NOT_STRING = frozenset("~nNtTfF+-.0123456789")
_NULL_OR_BOOL_START = frozenset("~nNtTfF")
"""The first characters of the plain scalars that resolve to something else than a string
(null, booleans, numbers, infinities and NaN): any other text is a string."""


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under YAML 1.2 core-schema rules, with the
    underscores in numbers that YAML 1.1 allowed (``50_000``)."""
    if not text:
        return None
    first = text[0]
    if first not in _MAYBE_NOT_STRING:  # by far the most common: a word
        return text
    if first in _NULL_OR_BOOL_START:  # no number starts so
        if _NULL.match(text):
            return None
        return _BOOL.get(text, text)
    if _INT.match(text) and not text.endswith("_"):
        return int(text.replace("_", ""))
    if _HEX.match(text):
        return int(text[2:].replace("_", ""), 16)
    if _OCT.match(text):
        return int(text[2:].replace("_", ""), 8)
    if (
        _FLOAT.match(text)
        and any(c in ".eE" for c in text)
        and any(c.isdigit() for c in text)
        and not text.endswith("_")
    ):
        return float(text.replace("_", ""))
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


# libyaml also breaks lines at NEL, LS and PS; editors and the LSP count only \n, \r\n and
# \r. When the text holds one of them, positions are recomputed from the mark's index.
_EXTRA_BREAKS = ("\x85", "\u2028", "\u2029")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Positions:
    """Maps a libyaml mark to a position in the editor's lines."""

    def __init__(self, text: str) -> None:
        self.line_starts: list[int] | None = None
        if any(ch in text for ch in _EXTRA_BREAKS):
            self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def of(self, mark: Any) -> Position:
        if self.line_starts is None:
            return Position(int(mark.line), int(mark.column))
        index = int(mark.index)
        line = bisect.bisect_right(self.line_starts, index) - 1
        return Position(line, index - self.line_starts[line])


def _position_of_index(text: str, index: int) -> Position:
    """The position of a character index, lines broken as the editor breaks them."""
    index = max(0, min(index, len(text)))
    line, line_start = 0, 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line, line_start = line + 1, match.end()
    return Position(line, index - line_start)


def _inside(text: str, position: Position) -> Position:
    """``position`` moved into the text: libyaml points at the line after the last one
    when the text ends without a line break."""
    lines = _LINE_BREAK.split(text)
    if position.line < len(lines):
        return position
    return Position(len(lines) - 1, len(lines[-1]))


def block_span(collection: YNode, start: Position) -> Span:
    """A block collection's span: from ``start`` to the end of its last entry (a mapping's
    last key or value, whichever ends later), never before ``start``."""
    last: YNode | None = None
    if isinstance(collection, YMapping) and collection.values:
        last = next(reversed(collection.values.values()))
        last_key = next(reversed(collection.keys.values()))
        if last.span.end < last_key.span.end:
            last = last_key
    elif isinstance(collection, YSequence) and collection.items:
        last = collection.items[-1]
    end = last.span.end if last is not None else start
    return Span(start, max(end, start))


class _Composer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.positions = _Positions(text)
        self.anchors: dict[str, YNode] = {}
        self.problems: list[YamlProblem] = []
        self.expanded = 0
        """Nodes that aliases have added to the tree so far (a node written in the text
        counts once; a spec of a thousand tables is not a bomb)."""

    def span(self, event: Any) -> Span:
        return Span(self.positions.of(event.start_mark), self.positions.of(event.end_mark))

    def compose(self) -> YNode | None:
        root: YNode | None = None
        documents = 0
        # Each open collection: [node, pending key (mappings), start event, merged keys]
        stack: list[list[Any]] = []
        for event in yaml.parse(self.text, Loader=_Parser):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    self.problems.append(
                        YamlProblem(
                            "value",
                            "a spec is one YAML document; everything after the first '---' "
                            "document is ignored",
                            self.span(event),
                        )
                    )
                continue
            if documents > 1 or isinstance(
                event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
            ):
                continue
            node: YNode | None = None
            if isinstance(event, yaml.ScalarEvent):
                node = self.scalar(event)
            elif isinstance(event, yaml.AliasEvent):
                anchored = self.anchors.get(event.anchor or "")
                if anchored is None:  # libyaml reports this itself; keep a guard
                    raise _Abort(YamlProblem("syntax", f"unknown alias *{event.anchor}", self.span(event)))
                if any(frame[0] is anchored for frame in stack):
                    raise _Abort(
                        YamlProblem(
                            "syntax",
                            f"alias *{event.anchor} refers to a node that contains it",
                            self.span(event),
                        )
                    )
                node = anchored
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise _Abort(
                        YamlProblem(
                            "syntax",
                            f"nesting deeper than {MAX_DEPTH} levels: a design spec never needs "
                            "this much, so the file is not read further",
                            self.span(event),
                        )
                    )
                collection: YNode
                if isinstance(event, yaml.MappingStartEvent):
                    collection = YMapping(self.span(event), flow=bool(event.flow_style))
                else:
                    collection = YSequence(self.span(event), flow=bool(event.flow_style))
                self.check_tag(event)
                if event.anchor:
                    self.anchors[event.anchor] = collection
                stack.append([collection, None, event, set()])
                continue
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                collection, _pending, start_event, _merged = stack.pop()
                collection.span = self.collection_span(collection, start_event, event)
                node = collection
            if node is None:
                continue
            if not stack:
                root = node
                continue
            self.attach(stack[-1], node, event)
        return root

    def collection_span(self, collection: YNode, start: Any, end: Any) -> Span:
        start_pos = self.positions.of(start.start_mark)
        if getattr(collection, "flow", False):
            return Span(start_pos, self.positions.of(end.end_mark))
        return block_span(collection, start_pos)

    def scalar(self, event: Any) -> YScalar:
        self.check_tag(event)
        text: str = event.value
        quoted = event.style in ("'", '"', "|", ">")
        value: Any = text if quoted else resolve_plain(text)
        tag = event.tag
        if tag and tag != "!":
            value = self.apply_core_tag(tag, text, event)
        node = YScalar(self.span(event), value=value, text=text, quoted=quoted)
        if event.anchor:
            self.anchors[event.anchor] = node
        return node

    def check_tag(self, event: Any) -> None:
        tag = getattr(event, "tag", None)
        if not tag or tag == "!":
            return
        allowed = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
        if tag not in allowed:
            self.problems.append(
                YamlProblem(
                    "value",
                    f"YAML tag {tag!r} is not supported in a design spec (only plain values, "
                    "mappings and lists); the tag is ignored",
                    self.span(event),
                )
            )

    def apply_core_tag(self, tag: str, text: str, event: Any) -> Any:
        if tag == _CORE + "str":
            return text
        resolved = resolve_plain(text)
        kind = tag.removeprefix(_CORE)
        if kind not in ("int", "float", "bool", "null"):
            return resolved if not event.style else text
        if kind == "int" and isinstance(resolved, int) and not isinstance(resolved, bool):
            return resolved
        if kind == "float" and isinstance(resolved, (int, float)) and not isinstance(resolved, bool):
            return float(resolved)
        if (kind == "bool" and isinstance(resolved, bool)) or (kind == "null" and resolved is None):
            return resolved
        self.problems.append(
            YamlProblem("value", f"{text!r} is not a valid {tag.removeprefix(_CORE)}", self.span(event))
        )
        return text

    def attach(self, frame: list[Any], node: YNode, event: Any) -> None:
        parent = frame[0]
        parent.weight += node.weight
        if isinstance(event, yaml.AliasEvent):
            self.expanded += node.weight
        if self.expanded > MAX_EXPANDED_NODES:
            raise _Abort(
                YamlProblem(
                    "syntax",
                    f"aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (a 'billion laughs' "
                    "document?); the file is not read further",
                    self.span(event),  # only now: most nodes never need the event's place
                )
            )
        if isinstance(parent, YSequence):
            parent.items.append(node)
            return
        self.attach_entry(frame, parent, node)

    def attach_entry(self, frame: list[Any], parent: YNode, node: YNode) -> None:
        """Attach a key or a value to the mapping being composed (``frame``)."""
        assert isinstance(parent, YMapping)
        if frame[1] is None:  # this node is a key
            if not isinstance(node, YScalar):
                self.problems.append(
                    YamlProblem("value", "mapping keys must be plain names, not lists or mappings", node.span)
                )
                frame[1] = YScalar(node.span, value="", text="\x00complex")
                return
            frame[1] = node
            return
        key: YScalar = frame[1]
        frame[1] = None
        if key.text == "<<" and not key.quoted:
            frame[3].update(self.merge(parent, node))
            return
        name = key.text
        if name in frame[3]:  # an explicit key overrides a merged one: that is what merging is for
            frame[3].discard(name)
        elif name in parent.values:
            first = parent.keys[name]
            self.problems.append(
                YamlProblem(
                    "duplicate-key",
                    f"duplicate key '{name}' (first at line {first.span.start.line + 1}): YAML keeps "
                    "only the last one, so the first is silently lost",
                    key.span,
                )
            )
            del parent.values[name]
        parent.keys[name] = key
        parent.values[name] = node

    def merge(self, parent: YMapping, node: YNode) -> set[str]:
        """Copy the entries of the merged mapping(s) that ``parent`` does not have yet;
        return their names."""
        merged: set[str] = set()
        sources = node.items if isinstance(node, YSequence) else [node]
        for source in sources:
            if not isinstance(source, YMapping):
                self.problems.append(
                    YamlProblem(
                        "value", "a merge key '<<' takes a mapping or a list of mappings", source.span
                    )
                )
                continue
            for name, value in source.values.items():
                if name not in parent.values:
                    parent.keys[name] = source.keys[name]
                    parent.values[name] = value
                    merged.add(name)
        return merged


# ----------------------------------------------------------------------------- fast path
#
# Most specs have no anchors or aliases, hold one document and are valid YAML. For them
# libyaml composes the whole node tree in C (``yaml.compose``, the parser's own composer:
# its nodes carry the same marks as the events), and the positioned tree is converted from
# it in one walk that reports exactly what the event composer reports, in the same order.
# Anything else -- an anchor or alias, a YAML error, a second document, nesting deeper
# than ``MAX_DEPTH`` -- goes to the event composer above, which says what is wrong where.
# libyaml's own nesting limit (1,000 levels, since 0.2.5) bounds the C composer's
# recursion before the depth is checked here; an older libyaml is not used this way.


class _Fallback(Exception):
    """The text needs the event composer."""


_IMPLICIT = "\x00implicit"
"""The tag the C composer gives a node written without one (NUL cannot be in YAML text,
so no written tag is this)."""


def _libyaml_limits_nesting() -> bool:
    try:
        from yaml import _yaml
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return False
    version: tuple[int, int, int] = _yaml.get_version()
    return version >= (0, 2, 5)


_CParser: Any = None
if _libyaml_limits_nesting():
    from yaml._yaml import CParser as _CParserBase

    class _CNodeComposer(_CParserBase):
        """libyaml's composer with no implicit tag resolution: untagged nodes get
        ``_IMPLICIT`` (values are resolved by YAML 1.2 rules here, not PyYAML's 1.1)."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            return _IMPLICIT

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

    _CParser = _CNodeComposer


_new = object.__new__


class _MarkedScalar(YScalar):
    """A scalar composed by libyaml whose span is made from the node's marks when it is
    first read: most scalars' spans are never needed (only findings and lookups by
    position read them)."""

    @property
    def span(self) -> Span:
        fields = self.__dict__
        span: Span | None = fields.get("_span")
        if span is None:
            start, end = fields["_marks"]
            span = fields["_span"] = Span(Position(start.line, start.column), Position(end.line, end.column))
        return span

    @span.setter
    def span(self, span: Span) -> None:
        self.__dict__["_span"] = span


def _marked_scalar(node: Any, value: Any, text: str, quoted: bool) -> YScalar:
    """A ``_MarkedScalar`` without the dataclass's ``__init__`` (one per scalar)."""
    scalar = _new(_MarkedScalar)
    fields = scalar.__dict__
    fields["_marks"] = (node.start_mark, node.end_mark)
    fields["weight"] = 1
    fields["value"] = value
    fields["text"] = text
    fields["quoted"] = quoted
    return scalar


_QUOTED_STYLES = frozenset(("'", '"', "|", ">"))


class _NodeConverter(_Composer):
    """Converts libyaml's composed nodes into the positioned tree, reporting what the
    event composer reports (tags, duplicate keys, complex keys, merges) in its order."""

    def __init__(self, text: str, previous: TableEntries | None = None) -> None:
        super().__init__(text)
        self.plain_lines = self.positions.line_starts is None
        self.previous = previous if self.plain_lines else None
        """Entries of ``tables`` composed from an earlier version of the text: one written
        with the same text at the same place composes to the same nodes and problems, so
        it is taken as it is instead of converted again."""
        self.tables: TableEntries | None = {} if self.previous is not None else None
        self._line_starts: list[int] | None = None

    def span(self, event: Any) -> Span:
        return event.span  # type: ignore[no-any-return]  # a _NodeEvent

    def node_span(self, node: Any) -> Span:
        if self.plain_lines:
            start, end = node.start_mark, node.end_mark
            return Span(Position(start.line, start.column), Position(end.line, end.column))
        return Span(self.positions.of(node.start_mark), self.positions.of(node.end_mark))

    def convert(self, node: Any, depth: int) -> YNode:
        if node.__class__ is yaml.ScalarNode:
            return self.convert_scalar(node)
        if depth >= MAX_DEPTH:
            raise _Fallback()
        if node.tag != _IMPLICIT:
            # A tag on a collection is reported at its start event's span, which the
            # composed node does not keep.
            raise _Fallback()
        convert, attach, plain = self.convert, self.attach_node, self.plain_lines
        collection: YNode
        depth += 1
        if isinstance(node, yaml.MappingNode):
            mapping = YMapping(self.node_span(node), flow=bool(node.flow_style))
            keys, values = mapping.keys, mapping.values
            frame: list[Any] = [mapping, None, node, set()]
            for key, value in node.value:
                if depth == 1 and self.tables is not None and _is_tables(key, value):
                    attach(frame, convert(key, depth))
                    attach(frame, self.convert_tables(value, depth))
                    continue
                # The common entry -- an untagged scalar key, new in this mapping, not a
                # merge, no merge before it -- attached as ``attach_entry`` would, inline.
                if plain and key.__class__ is yaml.ScalarNode and key.tag == _IMPLICIT and not frame[3]:
                    name: str = key.value
                    quoted = key.style in _QUOTED_STYLES
                    if name not in values and (quoted or name != "<<"):
                        key_node = _marked_scalar(key, name if quoted else resolve_plain(name), name, quoted)
                        if value.__class__ is yaml.ScalarNode and value.tag == _IMPLICIT:
                            text: str = value.value
                            value_quoted = value.style in _QUOTED_STYLES
                            value_node: YNode = _marked_scalar(
                                value, text if value_quoted else resolve_plain(text), text, value_quoted
                            )
                        else:
                            value_node = convert(value, depth)
                        keys[name] = key_node
                        values[name] = value_node
                        mapping.weight += 1 + value_node.weight
                        continue
                attach(frame, convert(key, depth))
                attach(frame, convert(value, depth))
            collection = mapping
        else:
            sequence = YSequence(self.node_span(node), flow=bool(node.flow_style))
            items = sequence.items
            for item in node.value:
                item_node = convert(item, depth)
                sequence.weight += item_node.weight
                items.append(item_node)
            collection = sequence
        collection.span = self.node_collection_span(collection)
        return collection

    def convert_tables(self, node: Any, depth: int) -> YNode:
        """``convert`` for the block mapping of the spec's tables, taking each entry from
        ``previous`` when it is written with the same text at the same place."""
        assert self.previous is not None
        assert self.tables is not None
        if depth >= MAX_DEPTH:  # pragma: no cover - the tables are at depth 1
            raise _Fallback()
        collection = YMapping(self.node_span(node), flow=False)
        frame: list[Any] = [collection, None, node, set()]
        depth += 1
        for key, value in node.value:
            region = self.region(key, value)
            if region is None:  # a key that is not a scalar: as ``convert`` does
                self.attach_node(frame, self.convert(key, depth))
                self.attach_node(frame, self.convert(value, depth))
                continue
            entry = self.previous.get(region)
            if entry is None:
                first = len(self.problems)
                key_node = self.convert(key, depth)
                assert isinstance(key_node, YScalar)
                value_node = self.convert(value, depth)
                entry = (key_node, value_node, self.problems[first:])
            else:
                self.problems.extend(entry[2])
            self.tables[region] = entry
            self.attach_node(frame, entry[0])
            self.attach_node(frame, entry[1])
        collection.span = self.node_collection_span(collection)
        return collection

    def region(self, key: Any, value: Any) -> Region | None:
        """Where an entry is written: from its scalar key to libyaml's end of its value
        (which takes in what follows it up to the next entry: blank lines, comments)."""
        if key.__class__ is not yaml.ScalarNode:
            return None
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        starts = self._line_starts
        start, end = key.start_mark, value.end_mark
        if start.line >= len(starts) or end.line >= len(starts):
            return None
        return (
            start.line,
            start.column,
            self.text[starts[start.line] + start.column : starts[end.line] + end.column],
        )

    @staticmethod
    def node_collection_span(collection: YNode) -> Span:
        """The collection's span once its entries are in: what ``collection_span`` gives."""
        if getattr(collection, "flow", False):
            return collection.span
        return block_span(collection, collection.span.start)

    def check_node_tag(self, tag: str, span: Span) -> None:
        if tag == "!":
            return
        if tag not in _ALLOWED_TAGS:
            self.problems.append(
                YamlProblem(
                    "value",
                    f"YAML tag {tag!r} is not supported in a design spec (only plain values, "
                    "mappings and lists); the tag is ignored",
                    span,
                )
            )

    def convert_scalar(self, node: Any) -> YScalar:
        tag = node.tag
        text: str = node.value
        quoted = node.style in _QUOTED_STYLES
        value: Any = text if quoted else resolve_plain(text)
        if tag == _IMPLICIT and self.plain_lines:
            return _marked_scalar(node, value, text, quoted)
        span = self.node_span(node)
        if tag != _IMPLICIT:
            self.check_node_tag(tag, span)
            if tag != "!":
                value = self.apply_core_tag(tag, text, _NodeEvent(node, span))
        return YScalar(span, value=value, text=text, quoted=quoted)

    def attach_node(self, frame: list[Any], node: YNode) -> None:
        parent = frame[0]
        parent.weight += node.weight
        if parent.__class__ is YSequence:
            parent.items.append(node)
            return
        self.attach_entry(frame, parent, node)


class _NodeEvent:
    """A composed node standing for its event where the composer reports a problem."""

    def __init__(self, node: Any, span: Span) -> None:
        self.style = node.style
        self.span = span


_ALLOWED_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq"))


def _is_tables(key: Any, value: Any) -> bool:
    """The top-level ``tables`` entry, a block mapping without a tag."""
    return (
        key.__class__ is yaml.ScalarNode
        and key.value == "tables"
        and key.tag == _IMPLICIT
        and value.__class__ is yaml.MappingNode
        and value.tag == _IMPLICIT
        and not value.flow_style
    )


def _parse_composed(text: str, previous: TableEntries | None = None) -> ParsedYaml | None:
    """The fast path: None when the text needs the event composer."""
    if _CParser is None or "&" in text or "*" in text:
        return None
    converter = _NodeConverter(text, previous)
    try:
        node = yaml.compose(text, Loader=_CParser)
        root = converter.convert(node, 0) if node is not None else None
    except (_Fallback, yaml.YAMLError, UnicodeError, RecursionError, MemoryError):
        return None
    return ParsedYaml(root, converter.problems, converter.tables)


def parse_yaml(text: str, previous: TableEntries | None = None) -> ParsedYaml:
    """Parse ``text`` into a positioned tree. Syntax errors, depth and alias bombs come back
    as problems, never as exceptions. ``previous``: the ``tables`` of the parse of an
    earlier version of the text (``ParsedYaml.tables``, {} to start keeping them); the
    tree and the problems are the same with it or without it."""
    composed = _parse_composed(text, previous)
    if composed is not None:
        return composed
    return _parse_events(text)


def _parse_events(text: str) -> ParsedYaml:
    """Parse with the event composer (any YAML: anchors, aliases, errors, documents)."""
    composer = _Composer(text)
    try:
        root = composer.compose()
    except _Abort as abort:
        return ParsedYaml(None, [*composer.problems, abort.problem])
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = _inside(text, composer.positions.of(mark) if mark is not None else Position(0, 0))
        message = " ".join(part for part in (error.context, error.problem) if part) or str(error)
        if error.note:
            message += f" ({error.note})"
        return ParsedYaml(
            None, [*composer.problems, YamlProblem("syntax", message, Span(position, position))]
        )
    except yaml.YAMLError as error:  # ReaderError: a character YAML does not allow
        # libyaml gives the place in UTF-8 bytes; the character itself is found exactly.
        index = int(getattr(error, "position", 0) or 0)
        character = getattr(error, "character", None)
        character = chr(character) if isinstance(character, int) else character
        if isinstance(character, str) and character and character in text:
            index = text.index(character)
        position = _position_of_index(text, index)
        reason = getattr(error, "reason", None) or str(error)
        return ParsedYaml(
            None,
            [
                *composer.problems,
                YamlProblem("syntax", f"cannot read the file: {reason}", Span(position, position)),
            ],
        )
    except UnicodeEncodeError as error:  # a lone surrogate (an editor can send one): not text
        position = _position_of_index(text, error.start)
        return ParsedYaml(
            None,
            [
                *composer.problems,
                YamlProblem(
                    "syntax",
                    f"cannot read the file: U+{ord(text[error.start]):04X} is half of a UTF-16 "
                    "surrogate pair, not a character",
                    Span(position, Position(position.line, position.column + 1)),
                ),
            ],
        )
    except RecursionError:
        return ParsedYaml(
            None,
            [
                *composer.problems,
                YamlProblem(
                    "syntax", "the document nests too deeply to read", Span(Position(0, 0), Position(0, 0))
                ),
            ],
        )
    return ParsedYaml(root, composer.problems)
