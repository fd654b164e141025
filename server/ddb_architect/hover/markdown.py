"""Small Markdown pieces for hovers: escaping, compact tables and lists that fit a narrow
editor hover box."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|~])")


def text(value: str) -> str:
    """``value`` as literal Markdown text: every character that could start emphasis, a
    link, a heading or a table cell is escaped."""
    return _SPECIAL.sub(r"\\\1", value)


def code(value: str) -> str:
    """``value`` as a code span (backticks inside it are fenced by longer runs)."""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def bold(value: str) -> str:
    return f"**{value}**"


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str) -> str:
    """A Markdown table; ``align`` has one letter per column, ``l`` or ``r``. Cells are
    Markdown already (escape them with ``text``)."""
    marks = {"l": ":--", "r": "--:"}
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def blocks(*parts: str | None) -> str:
    """Paragraphs joined by blank lines, the empty ones left out."""
    return "\n\n".join(part for part in parts if part)
