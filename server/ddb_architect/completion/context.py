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
KEYWORD_TAIL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*$")
# Characters no match of the patterns above holds (outside the parentheses of a call in
# a callee): a match ends the text, so it starts after the last of them.
_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9_]")
_NOT_KEYWORD = re.compile(r"[^A-Za-z0-9_=\s]")
_NOT_CALLEE = re.compile(r"[^A-Za-z0-9_\s.()]")


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


_OUTSIDE = re.compile(r"[#'\"()\[\]{}]")
"""What changes the scanner's state outside strings: comments, quotes, brackets."""
_INSIDE = {
    "'": re.compile(r"[\\'\n]"),
    '"': re.compile(r'[\\"\n]'),
    "'''": re.compile(r"[\\']"),
    '"""': re.compile(r'[\\"]'),
}
"""What may end a string of each quote: a backslash (it escapes the next character), the
quote, and the line's end for one-line strings."""


def _scan(prefix: str) -> tuple[list[Bracket], str | None, int]:
    """The brackets open at the end of ``prefix``, and the quote of an unterminated string
    (with where it starts), skipping comments and closed strings. Jumps from one character
    that matters to the next (a module's prefix is long, the characters that matter few)."""
    stack: list[Bracket] = []
    i = 0
    n = len(prefix)
    quote: str | None = None
    quote_start = -1
    while i < n:
        if quote is not None:
            found = _INSIDE[quote].search(prefix, i)
            if found is None:
                break
            i = found.start()
            ch = prefix[i]
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
        found = _OUTSIDE.search(prefix, i)
        if found is None:
            break
        i = found.start()
        ch = prefix[i]
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
        match = IDENTIFIER_TAIL.search(prefix, _after_last(_NOT_IDENTIFIER, prefix))
        typed = match.group(0) if match else ""
        context = CursorContext(offset, typed, False, "", stack)
        before = prefix[: offset - len(typed)]
    calls = [b for b in stack if b.char == "("]
    if calls:
        call = calls[-1]
        before_call = prefix[: call.offset]
        callee = CALLEE.search(before_call, _callee_start(before_call))
        if callee is not None:
            context.call_open = call
            context.callee = re.sub(r"\s+", "", callee.group(1))
            context.call_text = prefix[call.offset + 1 : offset]
    stripped = before.rstrip()
    keyword = KEYWORD_TAIL.search(stripped, _after_last(_NOT_KEYWORD, stripped))
    if keyword is not None and not stripped.endswith("=="):
        context.keyword = keyword.group(1)
    innermost = stack[-1] if stack else None
    if innermost is not None and innermost.char == "{":
        head = prefix[innermost.offset + 1 : (quote_start if quote is not None else offset - len(typed))]
        if not _top_level(head).strip():
            context.in_dict_key = True
        opening = prefix[: innermost.offset].rstrip()
        dict_keyword = KEYWORD_TAIL.search(opening, _after_last(_NOT_KEYWORD, opening))
        if dict_keyword is not None:
            context.keyword = dict_keyword.group(1)
    return context


def _last_position(pattern: re.Pattern[str], text: str, end: int) -> int:
    """Where the last match of a one-character ``pattern`` in ``text[:end]`` is, or -1;
    looked for from the end, in growing stretches."""
    size = 512
    while True:
        start = max(0, end - size)
        found = -1
        for match in pattern.finditer(text, start, end):
            found = match.start()
        if found >= 0 or start == 0:
            return found
        size *= 8


def _after_last(barrier: re.Pattern[str], text: str) -> int:
    """Where a match that ends ``text`` (``$``: at its end, or before a final line break)
    can start at the earliest, when no match holds a character of ``barrier``: after the
    last one. Searching from there finds what searching the whole text finds."""
    end = len(text) - 1 if text.endswith("\n") else len(text)
    return _last_position(barrier, text, end) + 1


def _callee_start(text: str) -> int:
    """``_after_last`` for ``CALLEE``, whose matches may hold anything but parentheses
    between a ``(`` and a ``)``: a character that is inside such parentheses does not
    stop a match, so the search goes on before the ``(``."""
    end = len(text)
    while True:
        barrier = _last_position(_NOT_CALLEE, text, end)
        if barrier < 0:
            return 0
        left = max(text.rfind("(", 0, barrier), text.rfind(")", 0, barrier))
        if left < 0 or text[left] != "(":
            return barrier + 1
        opening, closing = text.find("(", barrier), text.find(")", barrier)
        if closing < 0 or 0 <= opening < closing:
            return barrier + 1
        end = left


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
