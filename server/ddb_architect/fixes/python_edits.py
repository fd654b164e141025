"""Text edits of Python source for the quick fixes: offsets and positions, the pieces of a
bracketed list (a call's arguments, a dict's entries) with their commas, adding and
removing one of them the way the list is laid out, moving lines to another indentation
(never inside a multi-line string), string literals, fresh names and imports.

Everything works on the file's text and its tokens; ``ast`` nodes are located through the
file's ``SourceText`` (which turns ``ast``'s UTF-8 byte columns into code points)."""

from __future__ import annotations

import ast
import bisect
import io
import keyword
import re
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ddb_architect.code.expressions import is_reserved
from ddb_architect.code.source import SourceText
from ddb_architect.findings import Position, Span
from ddb_architect.fixes.model import Edit

INSIGNIFICANT = frozenset(
    {
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.COMMENT,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENDMARKER,
    }
)
OPENING = frozenset("([{")
CLOSING = frozenset(")]}")
FSTRING_START = getattr(tokenize, "FSTRING_START", -1)
FSTRING_END = getattr(tokenize, "FSTRING_END", -1)
BARE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
STRING_PREFIX = re.compile(r"[rRuUbBfF]*")


@dataclass(frozen=True)
class Token:
    type: int
    string: str
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    """One element of a bracketed list: where its text starts and ends, and the comma
    after it (None for a last element without a trailing comma)."""

    start: int
    end: int
    comma: int | None


@dataclass(frozen=True)
class Items:
    """The elements of a call's argument list, a dict, a list or a tuple, with the
    offsets of its brackets."""

    open: int
    close: int
    items: list[Item]


class PythonText:
    """A Python file's text with its tokens, for computing edits. Offsets count code
    points from the start of the text."""

    def __init__(self, text: str, source: SourceText | None = None) -> None:
        self.text = text
        self.source = source if source is not None else SourceText(text)
        self.starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.starts.append(index + 1)

    # ----- positions

    @property
    def usable(self) -> bool:
        """False when the text has line breaks the offsets cannot follow (a lone ``\\r``)
        or cannot be tokenized."""
        return "\r" not in self.text.replace("\r\n", "") and self.tokens is not None

    def offset(self, position: Position) -> int:
        line = min(max(position.line, 0), len(self.starts) - 1)
        return min(self.starts[line] + position.column, len(self.text))

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line, offset - self.starts[line])

    def start(self, node: ast.AST) -> int:
        return self.offset(self.source.span(node).start)

    def end(self, node: ast.AST) -> int:
        return self.offset(self.source.span(node).end)

    def segment(self, node: ast.AST) -> str:
        return self.text[self.start(node) : self.end(node)]

    def span_of(self, node: ast.AST) -> tuple[int, int]:
        return self.start(node), self.end(node)

    def line_start(self, offset: int) -> int:
        return self.starts[bisect.bisect_right(self.starts, offset) - 1]

    def line_end(self, offset: int) -> int:
        """Where the line holding ``offset`` ends, before its break."""
        end = self.text.find("\n", offset)
        end = len(self.text) if end < 0 else end
        return end - 1 if end > 0 and self.text[end - 1] == "\r" else end

    def next_line(self, offset: int) -> int | None:
        """Where the line after the one holding ``offset`` starts; None on the last line."""
        index = bisect.bisect_right(self.starts, offset)
        return self.starts[index] if index < len(self.starts) else None

    def line_number(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def indentation(self, offset: int) -> str:
        """The leading whitespace of the line holding ``offset``."""
        start = self.line_start(offset)
        line = self.text[start : self.line_end(offset)]
        return line[: len(line) - len(line.lstrip(" \t"))]

    def starts_line(self, offset: int) -> bool:
        """Only whitespace stands before ``offset`` on its line."""
        return not self.text[self.line_start(offset) : offset].strip()

    def ends_line(self, offset: int) -> bool:
        """Only whitespace or a comment follows ``offset`` on its line (``offset`` is
        outside any string)."""
        rest = self.text[offset : self.line_end(offset)].strip()
        return not rest or rest.startswith("#")

    @cached_property
    def newline(self) -> str:
        """The line break the file writes (``\\r\\n`` or ``\\n``)."""
        return "\r\n" if "\r\n" in self.text else "\n"

    def edit(self, start: int, end: int, new_text: str) -> Edit:
        """An edit of the text between the offsets; its line breaks are the file's."""
        if self.newline != "\n":
            new_text = new_text.replace("\r\n", "\n").replace("\n", self.newline)
        return Edit(Span(self.position(start), self.position(end)), new_text)

    def insert(self, offset: int, new_text: str) -> Edit:
        return self.edit(offset, offset, new_text)

    # ----- tokens

    @cached_property
    def tokens(self) -> list[Token] | None:
        found: list[Token] = []
        try:
            for token in tokenize.generate_tokens(io.StringIO(self.text).readline):
                start = self.starts[min(token.start[0] - 1, len(self.starts) - 1)] + token.start[1]
                end = self.starts[min(token.end[0] - 1, len(self.starts) - 1)] + token.end[1]
                found.append(Token(token.type, token.string, start, end))
        except (tokenize.TokenError, SyntaxError, IndexError):
            return None
        return found

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens or []]

    def tokens_between(self, start: int, end: int) -> list[Token]:
        tokens = self.tokens or []
        index = bisect.bisect_left(self._token_starts, start)
        found = []
        while index < len(tokens) and tokens[index].start < end:
            found.append(tokens[index])
            index += 1
        return found

    @cached_property
    def string_interiors(self) -> frozenset[int]:
        """The lines (0-based) that begin inside a string: moving them would change it."""
        lines: set[int] = set()
        opened: list[int] = []
        for token in self.tokens or []:
            if token.type == FSTRING_START:
                opened.append(token.start)
                continue
            if token.type == FSTRING_END and opened:
                start = opened.pop()
            elif token.type == tokenize.STRING and not opened:
                start = token.start
            else:
                continue
            first, last = self.line_number(start), self.line_number(token.end)
            lines.update(range(first + 1, last + 1))
        return frozenset(lines)

    def comment_after(self, offset: int) -> str:
        """The comment that ends the line holding ``offset`` after it ("" when none)."""
        rest = self.text[offset : self.line_end(offset)]
        for token in self.tokens_between(offset, offset + len(rest)):
            if token.type == tokenize.COMMENT:
                return token.string
        return ""

    # ----- bracketed lists

    def items(self, node: ast.expr) -> Items | None:
        """The elements of a call's arguments, a dict, a list or a tuple (written with
        brackets); None when the text does not split into as many elements as the node
        has."""
        if self.tokens is None:
            return None
        end = self.end(node)
        if isinstance(node, ast.Call):
            opening = next(
                (t for t in self.tokens_between(self.end(node.func), end) if t.string == "("), None
            )
            if opening is None:
                return None
            open_at = opening.start
            expected = len(node.args) + len(node.keywords)
        else:
            open_at = self.start(node)
            if isinstance(node, ast.Dict):
                expected = len(node.keys)
            elif isinstance(node, (ast.List, ast.Tuple)):
                expected = len(node.elts)
            else:
                return None
            if self.text[open_at : open_at + 1] not in OPENING:
                return None
        close_at = end - 1
        if self.text[close_at : close_at + 1] not in CLOSING:
            return None
        found: list[Item] = []
        depth = 0
        first: int | None = None
        last = 0
        for token in self.tokens_between(open_at + 1, close_at):
            if token.type in INSIGNIFICANT:
                continue
            if token.type == tokenize.OP and token.string == "," and depth == 0:
                if first is None:
                    return None
                found.append(Item(first, last, token.start))
                first = None
                continue
            if token.type == tokenize.OP and token.string in OPENING:
                depth += 1
            elif token.type == tokenize.OP and token.string in CLOSING:
                depth -= 1
            if first is None:
                first = token.start
            last = token.end
        if first is not None:
            found.append(Item(first, last, None))
        if len(found) != expected:
            return None
        return Items(open_at, close_at, found)

    def own_lines(self, items: Items, item: Item) -> bool:
        """The element is written on lines of its own (one element per line)."""
        after = item.comma + 1 if item.comma is not None else item.end
        return (
            self.starts_line(item.start)
            and self.line_number(item.start) != self.line_number(items.open)
            and self.ends_line(after)
            and self.line_number(after) != self.line_number(items.close)
        )

    def remove_item(self, items: Items, index: int) -> list[Edit]:
        """Remove an element with its comma: its whole lines when it has lines of its own,
        else the element and the separator next to it."""
        item = items.items[index]
        if self.own_lines(items, item):
            after = item.comma + 1 if item.comma is not None else item.end
            following = self.next_line(after)
            if following is not None:
                return [self.edit(self.line_start(item.start), following, "")]
        if index + 1 < len(items.items):
            return [self.edit(item.start, items.items[index + 1].start, "")]
        if index > 0:
            previous = items.items[index - 1]
            assert previous.comma is not None
            return [self.edit(previous.comma, item.end, "")]
        end = item.comma + 1 if item.comma is not None else item.end
        return [self.edit(item.start, end, "")]

    def add_items(self, items: Items, texts: Sequence[str], after: int | None = None) -> list[Edit]:
        """Add elements after element ``after`` (the last when None), laid out as the list
        is: each on a line of its own with the same indentation and a comma when the
        elements are written so, else inline."""
        if not texts:
            return []
        if not items.items:
            if self.line_number(items.open) == self.line_number(items.close):
                return [self.insert(items.open + 1, ", ".join(texts))]
            indent = self.indentation(items.close) + "    "
            return [self.insert(self.line_start(items.close), "".join(f"{indent}{t},\n" for t in texts))]
        index = len(items.items) - 1 if after is None else after
        item = items.items[index]
        if not (
            self.starts_line(item.start) and self.line_number(item.start) != self.line_number(items.open)
        ):
            return [self.insert(item.end, "".join(f", {t}" for t in texts))]
        indent = self.indentation(item.start)
        after_item = item.comma + 1 if item.comma is not None else item.end
        following = self.next_line(after_item)
        same_line_close = self.line_number(after_item) == self.line_number(items.close)
        if following is None or same_line_close or not self.ends_line(after_item):
            return [self.insert(item.end, "".join(f",\n{indent}{t}" for t in texts))]
        if item.comma is not None:
            return [self.insert(following, "".join(f"{indent}{t},\n" for t in texts))]
        # The last element, without a trailing comma: the new ones follow that style.
        return [
            self.insert(item.end, ","),
            self.insert(following, ",\n".join(f"{indent}{t}" for t in texts) + "\n"),
        ]

    # ----- layout

    def quote(self, start: int = 0, end: int | None = None) -> str:
        """The quote the code between the offsets writes its strings with, else the
        file (docstrings aside): ``"`` unless it uses ``'``."""
        for low, high in ((start, len(self.text) if end is None else end), (0, len(self.text))):
            for token in self.tokens_between(low, high):
                if token.type in (tokenize.STRING, FSTRING_START):
                    body = token.string[len(STRING_PREFIX.match(token.string).group()) :]  # type: ignore[union-attr]
                    if body[:1] in ("'", '"') and not body.startswith(('"""', "'''")):
                        return body[0]
        return '"'

    def indent_unit(self, offset: int) -> str:
        """One level of indentation as the file writes it (its first indented block),
        tabs when the line holding ``offset`` is indented with them."""
        if "\t" in self.indentation(offset):
            return "\t"
        first = next((t.string for t in self.tokens or [] if t.type == tokenize.INDENT), "")
        return first if first and set(first) == {" "} else "    "


def shift_lines(
    text: str, start: int, end: int, add: str = "", remove: int = 0, skip_first: bool = True
) -> str | None:
    """The text between the offsets with each of its lines (the first one too unless
    ``skip_first``) indented by ``add`` or dedented by ``remove`` whitespace characters;
    lines that begin inside a string and blank lines are left as they are. None when a
    line has less indentation to remove."""
    document = PythonText(text)
    if document.tokens is None:
        return None
    interiors = document.string_interiors
    first_line = document.line_number(start)
    pieces: list[str] = []
    cursor = start
    line = first_line
    while cursor < end:
        line_end = text.find("\n", cursor)
        line_end = end if line_end < 0 or line_end >= end else line_end + 1
        piece = text[cursor:line_end]
        if (line != first_line or not skip_first) and line not in interiors and piece.strip():
            if remove:
                if piece[:remove].strip(" \t") or len(piece) < remove:
                    return None
                piece = piece[remove:]
            piece = add + piece
        pieces.append(piece)
        cursor = line_end
        line += 1
    return "".join(pieces)


def moved(text: str, start: int, end: int, new_indent: str) -> str | None:
    """The text between the offsets as it reads when its first line is placed on a line
    indented by ``new_indent``: its other lines keep their place relative to it."""
    document = PythonText(text)
    old = document.indentation(start)
    delta = len(new_indent) - len(old)
    if delta >= 0:
        character = "\t" if "\t" in old + new_indent else " "
        return shift_lines(text, start, end, add=character * delta)
    return shift_lines(text, start, end, remove=-delta)


def string_literal(value: str, quote: str = '"') -> str:
    """``value`` as a Python string literal written with ``quote``."""
    escaped = []
    for char in value:
        if char == "\\":
            escaped.append("\\\\")
        elif char == quote:
            escaped.append("\\" + quote)
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\r":
            escaped.append("\\r")
        elif char == "\t":
            escaped.append("\\t")
        elif ord(char) < 32 or ord(char) == 127:
            escaped.append(f"\\x{ord(char):02x}")
        else:
            escaped.append(char)
    return quote + "".join(escaped) + quote


def literal_body(source: str) -> tuple[int, str] | None:
    """Where the characters of a plain string literal's source start (after its prefix
    and quote) and the quote; None for implicit concatenation (a second literal)."""
    prefix = len(STRING_PREFIX.match(source).group())  # type: ignore[union-attr]
    body = source[prefix:]
    for quote in ('"""', "'''", '"', "'"):
        if body.startswith(quote) and body.endswith(quote) and len(body) >= 2 * len(quote):
            inner = body[len(quote) : -len(quote)]
            if quote in inner:
                return None
            return prefix + len(quote), quote
    return None


# ----- names


def used_names(tree: ast.AST) -> set[str]:
    """Every identifier the module binds or reads."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


@dataclass
class FreshNames:
    """Names a rewrite introduces, none of them already used in the module."""

    taken: set[str] = field(default_factory=set)

    def take(self, *candidates: str) -> str:
        for candidate in candidates:
            if candidate not in self.taken and not keyword.iskeyword(candidate):
                self.taken.add(candidate)
                return candidate
        base = candidates[0]
        number = 2
        while f"{base}_{number}" in self.taken:
            number += 1
        self.taken.add(f"{base}_{number}")
        return f"{base}_{number}"


# ----- imports


@dataclass(frozen=True)
class Imported:
    """How code refers to an imported name, and the edits that import it when needed."""

    name: str
    edits: tuple[Edit, ...] = ()


def module_binds(tree: ast.Module, name: str) -> bool:
    """True when a top-level statement other than an import binds ``name``."""
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if statement.name == name:
                return True
        elif not isinstance(statement, (ast.Import, ast.ImportFrom)):
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
                    return True
    return False


def import_of(document: PythonText, tree: ast.Module, module: str, name: str) -> Imported | None:
    """How to write ``module.name`` in this file: the name imported from the module, or
    the module's alias with the name, or (adding ``from module import name`` after the
    last top-level import) the bare name. None when the bare name means something else."""
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.module == module and not statement.level:
            for alias in statement.names:
                if alias.name == name:
                    return Imported(alias.asname or name)
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.name == module:
                    return Imported(f"{alias.asname or module}.{name}")
    for statement in tree.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias in statement.names:
                if (alias.asname or alias.name.split(".")[0]) == name:
                    return None  # the name comes from elsewhere
    if module_binds(tree, name):
        return None
    line = f"from {module} import {name}"
    imports = [s for s in tree.body if isinstance(s, (ast.Import, ast.ImportFrom))]
    anchor: ast.stmt | None = imports[-1] if imports else None
    if anchor is None and tree.body:
        first = tree.body[0]
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            anchor = first  # after the module's docstring
    if anchor is None:
        if not tree.body:
            return None
        at = document.line_start(document.start(tree.body[0]))
        return Imported(name, (document.insert(at, line + "\n"),))
    after = document.next_line(document.end(anchor))
    if after is None:
        return Imported(name, (document.insert(len(document.text), "\n" + line),))
    return Imported(name, (document.insert(after, line + "\n"),))


def placeholder_word(attribute: str) -> str:
    """The part of a placeholder made from an attribute name (letters, digits, ``_``)."""
    word = re.sub(r"[^A-Za-z0-9_]", "_", attribute)
    return word or "attr"


def bare_name_ok(attribute: str) -> bool:
    """An attribute name an expression may write as it is (a plain name, not a reserved
    word)."""
    return bool(BARE_NAME.match(attribute)) and not is_reserved(attribute)
