"""A fix is a titled set of text edits; edits are spans (0-based lines, code-point
columns) and the text that replaces them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ddb_architect.findings import Position, Span


@dataclass(frozen=True)
class Edit:
    span: Span
    new_text: str

    @classmethod
    def insert(cls, position: Position, text: str) -> Edit:
        return cls(Span(position, position), text)


@dataclass(frozen=True)
class Fix:
    """One way to repair a finding."""

    title: str
    edits: tuple[Edit, ...]
    code: str
    safe: bool = True
    """Applied by "fix all" (``source.fixAll.ddb-architect``, ``check --fix``): the result is
    what the rule asks for, with no choice left to the user."""
    preferred: bool = False
    kind: str = "quickfix"
    data: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


def _offsets(text: str) -> list[int]:
    """Where each line starts, lines broken at \\n, \\r\\n and \\r (as editors count)."""
    starts = [0]
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\r":
            i += 2 if text.startswith("\r\n", i) else 1
            starts.append(i)
            continue
        if ch == "\n":
            starts.append(i + 1)
        i += 1
    return starts


def offset_of(text: str, position: Position, starts: Sequence[int] | None = None) -> int:
    """Offset of a position in the text (clamped to its line and to the text)."""
    starts = starts if starts is not None else _offsets(text)
    line = min(max(position.line, 0), len(starts) - 1)
    start = starts[line]
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    # The line's own characters, without its break.
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return min(start + max(position.column, 0), end)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """The text with the edits applied. Edits must not overlap (two insertions at the
    same place are applied in the order given)."""
    starts = _offsets(text)
    placed = sorted(
        (
            (offset_of(text, e.span.start, starts), offset_of(text, e.span.end, starts), i, e.new_text)
            for i, e in enumerate(edits)
        ),
        key=lambda item: (item[0], item[1], item[2]),
    )
    out = []
    cursor = 0
    for start, end, _i, new_text in placed:
        if start < cursor:
            raise ValueError("overlapping edits")
        out.append(text[cursor:start])
        out.append(new_text)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def overlaps(first: Fix, second: Fix) -> bool:
    for a in first.edits:
        for b in second.edits:
            if a.span.start < b.span.end and b.span.start < a.span.end:
                return True
            if a.span.start == a.span.end == b.span.start == b.span.end:
                return True
    return False
