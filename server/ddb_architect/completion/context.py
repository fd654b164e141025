"""Where the cursor is in Python code being typed: inside which call's parentheses, as
which keyword argument's value, inside a string or a dict key, and what has been typed.

Read from the text before the cursor with a small scanner that knows strings, comments
and brackets, because half-typed code does not parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

IDENTIFIER_TAIL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
CALLEE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*|\s*\([^()]*\))*)\s*$")


@dataclass(frozen=True)
class Bracket:
    char: str
    offset: int
    """Offset of the bracket in the text."""


@dataclass
class CursorContext:
    """What surrounds the cursor."""

    offset: int
    typed: str
    """The word or string prefix being typed (replaced by the completion)."""
    in_string: bool = False
    quote: str = ""
    brackets: list[Bracket] = field(default_factory=list)
    """The brackets open at the cursor, outermost first."""
    call_open: Bracket | None = None
    """The innermost ``(`` of a call enclosing the cursor."""
    callee: str | None = None
    """The callee's text: ``orders.query``, ``client.get_paginator("query").paginate``."""
    keyword: str | None = None
    """The keyword argument whose value the cursor is in (``TableName`` in ``TableName="``)."""
    in_dict_key: bool = False
    """Typing a key of a dict literal (``Key={"|``)."""
    call_text: str = ""
    """The call's text from its ``(`` to the cursor."""


def _scan(prefix: str) -> tuple[list[Bracket], str | None, int]:
    """The brackets open at the end of ``prefix``, and the quote of an unterminated string
    (with where it starts), skipping comments and closed strings."""
    stack: list[Bracket] = []
    i = 0
    n = len(prefix)
    quote: str | None = None
    quote_start = -1
    while i < n:
        ch = prefix[i]
        if quote is not None:
            if ch == "\\":
                i += 2
                continue
            if prefix.startswith(quote, i):
                i += len(quote)
                quote = None
                continue
            if ch == "\n" and len(quote) == 1:
                quote = None  # an unterminated one-line string ends at the line end
            i += 1
            continue
        if ch == "#":
            newline = prefix.find("\n", i)
            if newline == -1:
                break
            i = newline
            continue
        if ch in "'\"":
            triple = prefix[i : i + 3]
            quote = triple if triple in ('"""', "'''") else ch
            quote_start = i
            i += len(quote)
            continue
        if ch in "([{":
            stack.append(Bracket(ch, i))
        elif ch in ")]}" and stack:
            stack.pop()
        i += 1
    return stack, quote, quote_start


def cursor_context(text: str, offset: int) -> CursorContext:
    prefix = text[:offset]
    stack, quote, quote_start = _scan(prefix)
    if quote is not None:
        typed = prefix[quote_start + len(quote) :]
        context = CursorContext(offset, typed, True, quote, stack)
        before = prefix[:quote_start]
    else:
        match = IDENTIFIER_TAIL.search(prefix)
        typed = match.group(0) if match else ""
        context = CursorContext(offset, typed, False, "", stack)
        before = prefix[: offset - len(typed)]
    calls = [b for b in stack if b.char == "("]
    if calls:
        call = calls[-1]
        callee = CALLEE.search(prefix[: call.offset])
        if callee is not None:
            context.call_open = call
            context.callee = re.sub(r"\s+", "", callee.group(1))
            context.call_text = prefix[call.offset + 1 : offset]
    stripped = before.rstrip()
    keyword = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*$", stripped)
    if keyword is not None and not stripped.endswith("=="):
        context.keyword = keyword.group(1)
    innermost = stack[-1] if stack else None
    if innermost is not None and innermost.char == "{":
        head = prefix[innermost.offset + 1 : (quote_start if quote is not None else offset - len(typed))]
        if not _top_level(head).strip():
            context.in_dict_key = True
        opening = prefix[: innermost.offset].rstrip()
        dict_keyword = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*$", opening)
        if dict_keyword is not None:
            context.keyword = dict_keyword.group(1)
    return context


def _top_level(text: str) -> str:
    """The text after the last top-level ``,`` (or all of it)."""
    depth = 0
    last = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            last = i + 1
    return text[last:]
