"""Parsing a Python text again after a small edit, without parsing all of it: when the
edit stays inside the lines of one top-level statement and keeps the number of lines,
the new module is the old one with that statement parsed again from its new lines.

The result is the tree ``ast.parse`` gives for the new text, node for node and position
for position (``tests/code/test_reparse.py`` compares them over random edits). Whenever
that cannot be told from the edit alone — the statement's lines do not parse by
themselves (an unclosed string may end further down), another statement shares its
lines, the text has carriage returns or a ``barry_as_FLUFL`` future — the caller parses
the whole text.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass
class Parsed:
    """A text and its module (the old statements shared with the text it was reparsed
    from: trees are never changed in place)."""

    text: str
    tree: ast.Module
    line_count: int = field(init=False)

    def __post_init__(self) -> None:
        self.line_count = self.text.count("\n")


@dataclass
class ReparseStats:
    """How texts were parsed, for tests that count the work skipped."""

    whole: int = 0
    """Texts parsed whole (or tried, when they do not parse)."""
    statements: int = 0
    """Texts parsed one statement at a time from an earlier text."""


def _statement_lines(statement: ast.stmt) -> tuple[int, int]:
    """The 1-based lines a top-level statement spans, its decorators included."""
    start = statement.lineno
    for decorator in getattr(statement, "decorator_list", ()):
        start = min(start, decorator.lineno)
    return start, statement.end_lineno or statement.lineno


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix (slices compared in C, halving)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix, at most ``limit``."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


def reparse(old: Parsed, text: str) -> ast.Module | None:
    """The module of ``text`` built from ``old`` by parsing one statement again; None
    when this edit cannot be handled that way (parse the whole text)."""
    return reparse_text(old.text, old.tree, text, old.line_count)


def reparse_text(
    old_text: str, old_tree: ast.Module, text: str, old_lines: int | None = None
) -> ast.Module | None:
    """``reparse`` of the module ``old_tree`` parsed from ``old_text``."""
    if text == old_text:
        return old_tree
    if "\r" in text or "\r" in old_text or "barry_as_FLUFL" in text:
        return None
    if text.count("\n") != (old_text.count("\n") if old_lines is None else old_lines):
        return None
    # The changed stretch: what is left between the common prefix and the common suffix.
    start = _common_prefix(text, old_text)
    end = _common_suffix(text, old_text, min(len(text), len(old_text)) - start)
    first = text.count("\n", 0, start) + 1
    last = max(
        text.count("\n", 0, max(start, len(text) - end - 1)),
        old_text.count("\n", 0, max(start, len(old_text) - end - 1)),
    )
    last += 1
    body = old_tree.body
    for position, statement in enumerate(body):
        lines = _statement_lines(statement)
        if lines[1] < first:
            continue
        if not (lines[0] <= first and last <= lines[1]):
            return None
        if position > 0 and _statement_lines(body[position - 1])[1] >= lines[0]:
            return None  # a statement before shares its first line (a; b)
        if position + 1 < len(body) and _statement_lines(body[position + 1])[0] <= lines[1]:
            return None
        fragment = "\n".join(text.split("\n")[lines[0] - 1 : lines[1]])
        try:
            parsed = ast.parse(fragment)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        if lines[0] > 1:
            ast.increment_lineno(parsed, lines[0] - 1)
        return ast.Module(body=[*body[:position], *parsed.body, *body[position + 1 :]], type_ignores=[])
    return None
