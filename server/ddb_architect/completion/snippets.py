"""LSP snippet text (``${1:userId}`` placeholders) built from plain parts, and reduced back
to plain text for clients without snippet support.

A snippet's continuation lines are indented relative to the leading white space of the
line it is inserted on, as VS Code and Neovim do when they expand a snippet;
``expand`` adds that white space for a client that inserts text as is.
"""

from __future__ import annotations

import re

from ddb_architect.spec.templates import Literal, TemplateError, Variable, parse_template

_TABSTOP = re.compile(r"\$(\d+)|\$\{(\d+)\}")


def escape(text: str) -> str:
    """``text`` as literal snippet text: ``$``, ``}`` and ``\\`` escaped."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


def placeholder(number: int, default: str) -> str:
    """A tab stop with a default: ``${1:userId}``."""
    return f"${{{number}:{escape(default)}}}"


class Tabstops:
    """Numbers tab stops in order of appearance, one number per name, so a name used
    twice (a variable in two templates, an attribute in the key and in ``attributes``)
    becomes a mirrored tab stop that is edited once."""

    def __init__(self, start: int = 1) -> None:
        self._numbers: dict[str, int] = {}
        self._next = start

    def __call__(self, name: str, default: str | None = None) -> str:
        if name not in self._numbers:
            self._numbers[name] = self._next
            self._next += 1
        return placeholder(self._numbers[name], name if default is None else default)


def template_snippet(template: str, tabstops: Tabstops) -> str:
    """A key template as snippet text, each variable a tab stop (``USER#{${1:userId}}``);
    a template that does not parse is kept as literal text."""
    try:
        parsed = parse_template(template)
    except TemplateError:
        return escape(template)
    parts: list[str] = []
    for part in parsed.parts:
        if isinstance(part, Literal):
            parts.append(escape(part.text.replace("{", "{{").replace("}", "}}")))
        elif isinstance(part, Variable):
            spec = f":{part.format_spec}" if part.format_spec else ""
            parts.append("{" + tabstops(part.name) + escape(spec + "}"))
    return "".join(parts)


def to_plain(snippet: str) -> str:
    """The text a snippet inserts when every placeholder keeps its default (``$0`` and
    empty tab stops insert nothing)."""
    out: list[str] = []
    i = 0
    n = len(snippet)
    while i < n:
        ch = snippet[i]
        if ch == "\\" and i + 1 < n and snippet[i + 1] in "$}\\":
            out.append(snippet[i + 1])
            i += 2
            continue
        if ch == "$":
            match = _TABSTOP.match(snippet, i)
            if match is not None:
                i = match.end()
                continue
            if snippet.startswith("${", i):
                body, end = _placeholder_body(snippet, i + 2)
                out.append(to_plain(body))
                i = end
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _placeholder_body(snippet: str, start: int) -> tuple[str, int]:
    """The default of the placeholder whose body starts at ``start`` (after ``${``), and
    the offset after its closing ``}``; a choice ``${1|a,b|}`` gives its first option."""
    digits = re.match(r"\d+", snippet[start:])
    i = start + (digits.end() if digits else 0)
    choice = i < len(snippet) and snippet[i] == "|"
    if i < len(snippet) and snippet[i] in ":|":
        i += 1
    body_start = i
    depth = 0
    while i < len(snippet):
        ch = snippet[i]
        if ch == "\\" and i + 1 < len(snippet):
            i += 2
            continue
        if snippet.startswith("${", i):
            depth += 1
            i += 2
            continue
        if ch == "}":
            if depth == 0:
                break
            depth -= 1
        i += 1
    body = snippet[body_start:i]
    if choice:
        body = re.split(r"(?<!\\)[,|]", body, maxsplit=1)[0]
    return body, i + 1


def expand(snippet: str, line_indent: str, *, is_snippet: bool = True) -> str:
    """What a client that inserts text as is should insert: the plain text (for a
    snippet) with the continuation lines moved under the line's own indentation."""
    text = to_plain(snippet) if is_snippet else snippet
    first, *rest = text.split("\n")
    return "\n".join([first, *(line_indent + line if line else line for line in rest)])
