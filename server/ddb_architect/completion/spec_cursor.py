"""Where the cursor is in a spec being typed: the YAML path of the mapping or value it is
in, what has been typed there, and a tree of the rest of the document.

The line under the cursor is usually half-typed, so the document rarely parses as it is.
The cursor line is read lexically (``scan_line``), then repaired: cut at the cursor, a
marker added and whatever it opened closed (``op: Qu`` → ``op: Qu<mark>``,
``keys: {PK: "USER#{`` → ``keys: {PK: "USER#{<mark>"}``, ``bil`` → ``bil<mark>:``), and
the marker is found in the parsed tree. Lines elsewhere that break the parse are blanked
one by one. When the repaired line itself cannot be parsed, the path is rebuilt from the
indentation of the lines above the cursor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ddb_architect.spec.yaml_loader import parse_yaml
from ddb_architect.spec.yaml_tree import YMapping, YNode, YScalar, YSequence, walk_path

MARK = "ddbCursorMark"
"""Stands for the cursor in the repaired text: a plain scalar in every YAML context."""

MAX_REPAIRS = 12
"""Lines elsewhere blanked, one per failed parse, before giving up on a parse."""

MAX_REPAIR_CHARS = 1_000_000
"""Above this size a document is parsed as it is repaired once, never again and again."""

NARROW_LINES = 400
"""Above this many lines only the cursor's table (and the top level) is parsed."""

try:  # the same parser the loader uses; only its error marks are read here
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader

Path = tuple[str | int, ...]


@dataclass
class Flow:
    """A flow collection open on the cursor line: ``{`` with the key whose value is being
    written (None while a key is written), or ``[``."""

    char: str
    key: str | None = None


@dataclass
class LineState:
    """What the text of the cursor line before the cursor says."""

    indent: int = 0
    """Columns of leading white space."""
    dash_columns: list[int] = field(default_factory=list)
    """Columns of the ``-`` of block sequence entries that start on the line."""
    content: int = 0
    """Column where the line's content starts, after its dashes."""
    block_key: str | None = None
    """The block mapping key written on the line (``op`` in ``op: Qu``)."""
    block_key_column: int = 0
    value_seen: bool = False
    """Something was written after the block key."""
    flows: list[Flow] = field(default_factory=list)
    expect: str = "key"
    """``key``, ``value`` or ``none`` (after a closed value, in a block scalar)."""
    token_start: int | None = None
    """Column where the scalar being typed starts (at its quote, when quoted)."""
    quote: str = ""
    """The quote of a string still open at the cursor."""
    comment: bool = False
    needs_space: bool = False
    """The cursor follows ``key:`` or ``-`` directly: what is inserted starts with a space."""

    @property
    def typed_from(self) -> int | None:
        """Column where the text a completion replaces starts (after an opening quote)."""
        if self.token_start is None:
            return None
        return self.token_start + (1 if self.quote else 0)


def _key_text(raw: str) -> str:
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def scan_line(before: str) -> LineState:
    """Read the text of a line up to the cursor: its indentation, dashes, block key, the
    flow collections open at the cursor and the scalar being typed."""
    state = LineState()
    n = len(before)
    i = n - len(before.lstrip(" "))
    state.indent = i
    while i < n and before[i] == "-" and (i + 1 == n or before[i + 1] in " \t"):
        state.dash_columns.append(i)
        i += 1
        state.needs_space = i == n
        while i < n and before[i] in " \t":
            i += 1
    state.content = i
    token_start: int | None = None
    closed = False
    while i < n:
        ch = before[i]
        if state.quote:
            if state.quote == "'" and ch == "'":
                if i + 1 < n and before[i + 1] == "'":
                    i += 2
                    continue
                state.quote, closed = "", True
            elif state.quote == '"' and ch == "\\":
                i += 2
                continue
            elif state.quote == '"' and ch == '"':
                state.quote, closed = "", True
            i += 1
            continue
        if ch == "#" and (i == 0 or before[i - 1] in " \t"):
            state.comment = True
            return state
        if ch in " \t":
            i += 1
            continue
        state.needs_space = False
        if token_start is None:
            if ch in "\"'":
                state.quote, token_start = ch, i
                state.value_seen = state.value_seen or state.block_key is not None
                i += 1
                continue
            if ch in "{[" and (state.flows or state.expect == "value"):
                state.flows.append(Flow(ch))
                state.expect = "key" if ch == "{" else "value"
                state.value_seen = True
                i += 1
                continue
            if ch in "|>" and not state.flows and state.expect == "value":
                state.expect = "none"  # a block scalar: its text is on the lines below
                state.value_seen = True
                return state
            if state.flows and ch in ",]}":
                _flow_punctuation(state, ch)
                i += 1
                continue
            token_start = i
            state.value_seen = state.value_seen or state.block_key is not None
        next_char = before[i + 1] if i + 1 < n else ""
        if ch == ":" and (next_char in ("", " ", "\t") or closed or (state.flows and next_char in ",[]{}")):
            key = _key_text(before[token_start:i])
            if state.flows and state.flows[-1].char == "{":
                state.flows[-1].key = key
            elif not state.flows:
                state.block_key, state.block_key_column = key, token_start
                state.value_seen = False
            state.expect = "value"
            token_start, closed = None, False
            state.needs_space = next_char == ""
            i += 1
            continue
        if state.flows and ch in ",]}":
            token_start, closed = None, False
            _flow_punctuation(state, ch)
        i += 1
    state.token_start = token_start
    if closed:
        state.expect = "none"
    return state


def _flow_punctuation(state: LineState, ch: str) -> None:
    if ch == ",":
        top = state.flows[-1]
        top.key = None
        state.expect = "key" if top.char == "{" else "value"
        return
    state.flows.pop()
    state.expect = "none"


# --------------------------------------------------------------------------- parsing with repairs


@dataclass
class Parsed:
    root: YNode | None
    error_lines: list[int]
    """Lines a syntax error points at (its context first); empty when it parsed."""


def _error_lines(text: str) -> list[int]:
    try:
        for _event in yaml.parse(text, Loader=_Parser):
            pass
    except yaml.MarkedYAMLError as error:
        marks = [error.context_mark, error.problem_mark]
        return list(dict.fromkeys(int(m.line) for m in marks if m is not None))
    except yaml.YAMLError as error:  # a character YAML does not allow
        index = int(getattr(error, "position", 0) or 0)
        return [text.count("\n", 0, index)]
    except UnicodeEncodeError as error:  # a lone surrogate
        return [text.count("\n", 0, error.start)]
    return []


def parse(text: str) -> Parsed:
    parsed = parse_yaml(text)
    if not parsed.fatal:
        return Parsed(parsed.root, [])
    return Parsed(None, _error_lines(text) or [-1])


def parse_with_repairs(lines: list[str], keep: int) -> tuple[YNode | None, list[str]]:
    """The tree of ``lines``, blanking a line a syntax error points at (never line
    ``keep``) until it parses; None when it does not. Also the lines as parsed."""
    lines = list(lines)
    attempts = 1 if sum(len(line) for line in lines) > MAX_REPAIR_CHARS else MAX_REPAIRS
    for _ in range(attempts):
        parsed = parse("\n".join(lines))
        if not parsed.error_lines:
            return parsed.root, lines
        culprit = next(
            (n for n in parsed.error_lines if 0 <= n < len(lines) and n != keep and lines[n].strip()), None
        )
        if culprit is None:
            return None, lines
        lines[culprit] = ""
    return None, lines


def _candidates(lines: list[str], line_no: int) -> list[list[str]]:
    """The lines to parse: a long spec narrowed to the cursor's table first."""
    if len(lines) <= NARROW_LINES:
        return [lines]
    narrowed = narrow(lines, line_no)
    return [narrowed, lines] if narrowed != lines else [lines]


def _indentation(line: str) -> int | None:
    """The indentation of a line with content, None for a blank or comment line."""
    stripped = line.lstrip(" ")
    if not stripped.strip() or stripped.startswith("#"):
        return None
    return len(line) - len(stripped)


def narrow(lines: list[str], line_no: int) -> list[str]:
    """``lines`` with the tables other than the cursor's blanked (line numbers kept), so
    that a long spec parses in the time of a short one. Everything outside ``tables:``
    stays; when the cursor is not in a table, every table goes."""
    tables = next(
        (n for n, line in enumerate(lines) if line.rstrip().startswith("tables:") and n != line_no), None
    )
    if tables is None:
        return lines
    end = next(
        (n for n in range(tables + 1, len(lines)) if n != line_no and _indentation(lines[n]) == 0),
        len(lines),
    )
    child = next((i for n in range(tables + 1, end) if n != line_no and (i := _indentation(lines[n]))), None)
    start_of_table = stop_of_table = -1
    if child is not None and tables < line_no < end:
        start_of_table = next(
            (n for n in range(line_no, tables, -1) if n != line_no and _indentation(lines[n]) == child),
            -1,
        )
        cursor_indent = _indentation(lines[line_no])
        if cursor_indent is not None and cursor_indent <= child:
            start_of_table = line_no  # a new table's name is being typed
        if start_of_table != -1:
            stop_of_table = next(
                (
                    n
                    for n in range(max(start_of_table, line_no) + 1, end)
                    if (i := _indentation(lines[n])) is not None and i <= child
                ),
                end,
            )
    narrowed = list(lines)
    for n in range(tables + 1, end):
        if n != line_no and not start_of_table <= n < stop_of_table:
            narrowed[n] = ""
    return narrowed


# --------------------------------------------------------------------------- the cursor's place


@dataclass
class SpecCursor:
    """Where the cursor is in a spec being typed."""

    path: Path
    """For a key: the path of the mapping the key is written in. For a value: the path of
    the value (ending with its key, or its index in a list)."""
    is_key: bool
    line: LineState
    before: str
    """The cursor line up to the cursor."""
    after: str
    """The cursor line after the cursor."""
    root: YNode | None
    """The document's tree as repaired (it may hold the marker; see ``MARK``)."""
    siblings: frozenset[str] = frozenset()
    """Keys already written in the mapping a key is being written in."""
    present: tuple[str, ...] = ()
    """Items already written in the list a value is being written in."""
    by_outline: bool = False
    """The path was rebuilt from indentation (the repaired line did not parse)."""

    @property
    def typed(self) -> str:
        """What has been typed of the key or value at the cursor."""
        start = self.line.typed_from
        return self.before[start:] if start is not None else ""


@dataclass
class _Found:
    path: Path
    is_key: bool
    container: YNode | None


def _find_mark(node: YNode | None, path: Path = (), container: YNode | None = None) -> _Found | None:
    if isinstance(node, YScalar):
        return _Found(path, False, container) if MARK in node.text else None
    if isinstance(node, YMapping):
        for key, value in node.items():
            if MARK in key.text:
                return _Found(path, True, node)
            found = _find_mark(value, (*path, key.text), node)
            if found is not None:
                return found
    elif isinstance(node, YSequence):
        for index, item in enumerate(node.items):
            found = _find_mark(item, (*path, index), node)
            if found is not None:
                return found
    return None


def _without_mark(names: Any) -> list[str]:
    return [str(name) for name in names if MARK not in str(name)]


def _repaired_line(before: str, state: LineState) -> str:
    line = before + (" " if state.needs_space else "") + MARK
    if state.quote:
        line += state.quote
    if state.expect == "key" and not state.flows:
        line += ":"
    for flow in reversed(state.flows):
        line += "}" if flow.char == "{" else "]"
    return line


def locate_cursor(text: str, offset: int) -> SpecCursor | None:
    """The cursor's place at ``offset`` (code points), or None where nothing completes: in
    a comment, after a closed value, before text on its line."""
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end == -1 else line_end
    before = text[line_start:offset]
    after = text[offset:line_end].rstrip("\r")
    state = scan_line(before)
    if state.comment or state.expect == "none":
        return None
    if not before.strip() and after.strip() and not after.lstrip().startswith("#"):
        return None  # at the start of a written line: nothing to complete there
    line_no = text.count("\n", 0, offset)
    lines = text.split("\n")
    lines[line_no] = _repaired_line(before, state)
    found: _Found | None = None
    for candidate in _candidates(lines, line_no):
        root, _ = parse_with_repairs(candidate, line_no)
        found = _find_mark(root) if root is not None else None
        if found is not None:
            break
    if found is not None:
        siblings: frozenset[str] = frozenset()
        present: tuple[str, ...] = ()
        if isinstance(found.container, YMapping):
            siblings = frozenset(_without_mark(found.container.keys))
        elif isinstance(found.container, YSequence):
            present = tuple(_without_mark(i.text for i in found.container.items if isinstance(i, YScalar)))
        return SpecCursor(found.path, found.is_key, state, before, after, root, siblings, present)
    return _by_outline(text, line_no, state, before, after)


# --------------------------------------------------------------------------- the outline fallback


@dataclass(frozen=True)
class _Element:
    column: int
    key: str | None
    """None for a sequence entry's dash."""
    has_value: bool = False


def _elements(line: str) -> list[_Element]:
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return []
    state = scan_line(line.rstrip("\r"))
    out = [_Element(column, None) for column in state.dash_columns]
    if state.block_key is not None:
        out.append(_Element(state.block_key_column, state.block_key, state.value_seen))
    return out


def _outline(lines: list[str], line_no: int, state: LineState) -> Path | None:
    """The path of the cursor line's first element, rebuilt from the indentation of the
    lines above it: the nearest less-indented key or dash is its parent, and so on up."""
    need = state.indent
    after_dash = bool(state.dash_columns)
    ancestors: list[tuple[int, _Element]] = []
    for number in range(line_no - 1, -1, -1):
        for element in reversed(_elements(lines[number])):
            parent = element.column < need or (
                element.column == need and element.key is not None and after_dash and not element.has_value
            )
            if not parent:
                continue
            if element.key is not None and element.has_value:
                return None  # under a key that already has a value on its line
            ancestors.append((number, element))
            need = element.column
            after_dash = element.key is None
    ancestors.reverse()
    path: list[str | int] = []
    previous_line = -1
    for number, element in ancestors:
        if element.key is not None:
            path.append(element.key)
        else:
            path.append(_dashes_between(lines, previous_line, number, element.column))
        previous_line = number
    for column in state.dash_columns:
        path.append(_dashes_between(lines, previous_line, line_no, column))
        previous_line = line_no
    return tuple(path)


def _dashes_between(lines: list[str], start: int, end: int, column: int) -> int:
    """How many sequence entries at ``column`` start between two lines (exclusive)."""
    count = 0
    for number in range(start + 1, end):
        if any(e.key is None and e.column == column for e in _elements(lines[number])):
            count += 1
    return count


def _by_outline(text: str, line_no: int, state: LineState, before: str, after: str) -> SpecCursor | None:
    lines = text.split("\n")
    block_path = _outline(lines, line_no, state)
    if block_path is None:
        return None
    lines[line_no] = ""
    root = None
    for candidate in _candidates(lines, line_no):
        root, _ = parse_with_repairs(candidate, -1)
        if root is not None:
            break
    path: list[str | int] = list(block_path)
    is_key = state.expect == "key"
    if state.block_key is not None:
        path.append(state.block_key)
        is_key = False
    for position, flow in enumerate(state.flows):
        last = position == len(state.flows) - 1
        if flow.char == "{":
            if flow.key is None:
                is_key = last
                break
            path.append(flow.key)
        else:
            node = walk_path(root, tuple(path))
            path.append(len(node.items) if isinstance(node, YSequence) and node.flow else 0)
    if state.flows and state.flows[-1].char == "{" and state.flows[-1].key is not None:
        is_key = False
    siblings: frozenset[str] = frozenset()
    present: tuple[str, ...] = ()
    container = walk_path(root, tuple(path) if is_key else tuple(path[:-1]))
    if isinstance(container, YMapping):
        siblings = frozenset(container.keys)
    elif isinstance(container, YSequence):
        present = tuple(i.text for i in container.items if isinstance(i, YScalar))
    return SpecCursor(tuple(path), is_key, state, before, after, root, siblings, present, by_outline=True)
