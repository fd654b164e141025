"""The cursor's context is read from the text before it by jumping between the
characters that matter, and the patterns that end at the cursor are searched from the
last character that stops them: the same context as the character-by-character scan
and the whole-prefix searches it replaces (kept here as the oracle), on seeded random
texts and cursor positions, and on the bench's generated module."""

from __future__ import annotations

import random
import re

from bench.generators import DEFAULT_SEED, plan_tables, python_text

from ddb_architect.completion.context import (
    CALLEE,
    IDENTIFIER_TAIL,
    Bracket,
    CursorContext,
    _top_level,
    cursor_context,
)

ALPHABET = [
    "a",
    "b",
    "x_1",
    "9",
    " ",
    "  ",
    "\n",
    "\t",
    ".",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "=",
    "==",
    ",",
    ":",
    "#",
    "\\",
    "'",
    '"',
    '"""',
    "'''",
    "Key",
    "query",
    "table",
    "é",
    "\u00a0",
    "+",
]


def old_scan(prefix: str) -> tuple[list[Bracket], str | None, int]:
    """(As it was.) The brackets open at the end of ``prefix``, and the quote of an unterminated string
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


def old_cursor_context(text: str, offset: int) -> CursorContext:
    prefix = text[:offset]
    stack, quote, quote_start = old_scan(prefix)
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


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 120)))


def test_the_context_is_the_one_the_full_scan_gives_on_random_texts() -> None:
    rng = random.Random("cursor-context")
    for _ in range(4000):
        text = random_text(rng)
        offset = rng.randrange(len(text) + 1)
        assert cursor_context(text, offset) == old_cursor_context(text, offset), (text, offset)


def test_the_context_is_the_one_the_full_scan_gives_in_a_generated_module() -> None:
    text = python_text(400, plan_tables(6, DEFAULT_SEED), DEFAULT_SEED)
    rng = random.Random("cursor-context-module")
    offsets = [rng.randrange(len(text) + 1) for _ in range(300)]
    offsets += [m.end() for m in re.finditer(r"\(|=\"|\{\"", text)][:300]
    for offset in offsets:
        assert cursor_context(text, offset) == old_cursor_context(text, offset), offset
