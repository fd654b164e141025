"""Positions in Python source: ``ast`` counts columns in UTF-8 bytes, the engine in code
points; and offsets inside a string literal map back to the source when the literal is
written plainly on one line."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from ddb_architect.findings import Position, Span

LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class SourceText:
    text: str
    lines: list[str] = field(init=False)

    def __post_init__(self) -> None:
        # Lines end where Python's tokenizer (and the editor) end them: not at the other
        # breaks str.splitlines knows (form feed, U+2028...), which may sit in a string.
        self.lines = LINE_BREAK.split(self.text)

    def column(self, lineno: int, byte_offset: int) -> int:
        """Code-point column of a 1-based line and a UTF-8 byte offset (as ``ast`` gives)."""
        if not 1 <= lineno <= len(self.lines):
            return byte_offset
        line = self.lines[lineno - 1]
        if line.isascii():
            return byte_offset
        return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))

    def span(self, node: ast.AST) -> Span:
        """The span of a node (expressions and statements carry their positions)."""
        lineno = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        end_lineno = getattr(node, "end_lineno", None) or lineno
        end_col = getattr(node, "end_col_offset", None)
        end_col = col if end_col is None else end_col
        return Span(
            Position(lineno - 1, self.column(lineno, col)),
            Position(end_lineno - 1, self.column(end_lineno, end_col)),
        )

    def attribute_name_span(self, node: ast.Attribute) -> Span:
        """The span of the attribute's name: ``query`` in ``table.query``."""
        whole = self.span(node)
        end = whole.end
        return Span(Position(end.line, max(end.column - len(node.attr), 0)), end)

    def keyword_span(self, keyword: ast.keyword) -> Span:
        """The span of ``Name=value`` (the whole keyword argument); ``**mapping`` for a
        double-star argument."""
        return self.span(keyword)

    def keyword_name_span(self, keyword: ast.keyword) -> Span:
        """The span of the keyword's name: ``Limit`` in ``Limit=10``."""
        whole = self.span(keyword)
        if keyword.arg is None:
            return whole
        return Span(whole.start, Position(whole.start.line, whole.start.column + len(keyword.arg)))

    def string_offsets(self, node: ast.Constant) -> int | None:
        """Where the characters of a plain one-line string literal start in its line (code
        points), so that offset ``i`` of its value is at that column plus ``i``; None when
        the literal is not written plainly (escapes, several lines, implicit
        concatenation), so offsets cannot be mapped."""
        if not isinstance(node.value, str):
            return None
        span = self.span(node)
        if span.start.line != span.end.line:
            return None
        source = self.lines[span.start.line][span.start.column : span.end.column]
        prefix = len(source) - len(source.lstrip("rRuU"))
        body = source[prefix:]
        for quote in ('"""', "'''", '"', "'"):
            if body.startswith(quote) and body.endswith(quote) and len(body) >= 2 * len(quote):
                inner = body[len(quote) : -len(quote)]
                if inner == node.value:
                    return span.start.column + prefix + len(quote)
                return None
        return None

    def string_span(self, node: ast.Constant, start: int, end: int) -> Span:
        """The span of characters ``start:end`` of a string literal's value; the whole
        literal when they cannot be mapped."""
        base = self.string_offsets(node)
        if base is None:
            return self.span(node)
        line = self.span(node).start.line
        return Span(Position(line, base + start), Position(line, base + max(end, start)))
