"""Every fix of every snippet of the Python fix tests, again in other layouts: inside a
block, indented with tabs or two spaces, and with CRLF line breaks. Each must leave a file
that parses (with the file's own line breaks), remove its finding, report nothing new
and touch nothing outside its edits."""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from ddb_architect.engine import check_python, read_python
from ddb_architect.findings import Finding, Severity
from ddb_architect.fixes.engine import fixes_for
from ddb_architect.fixes.model import apply_edits
from ddb_architect.fixes.registry import FixContext
from tests.fixes.harness import assert_untouched_outside, moved_line, relined
from tests.fixes.test_python_fixes import HEAD, specs

HERE = Path(__file__).parent
SOURCES = ("test_python_fixes.py", "test_python_fixes_moto.py")


@cache
def snippets() -> list[str]:
    """The functions the fix tests check, as written there."""
    found = []
    for name in SOURCES:
        for node in ast.walk(ast.parse((HERE / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "def " in node.value:
                body = textwrap.dedent(node.value)
                try:
                    ast.parse(body)
                except SyntaxError:
                    continue
                found.append(body)
    return found


def indent_with(body: str, unit: str) -> str:
    return re.sub(r"(?m)^((?:    )+)", lambda m: unit * (len(m[1]) // 4), body)


def layouts(body: str) -> Iterator[tuple[str, str]]:
    yield "nested", HEAD + "\n\nif True:\n" + textwrap.indent(body, "    ")
    yield "tabs", HEAD + "\n\n" + indent_with(body, "\t")
    yield "two-spaces", HEAD + "\n\n" + indent_with(body, "  ")
    yield "crlf", (HEAD + "\n\n" + body).replace("\n", "\r\n")


def cases() -> list[tuple[str, str]]:
    found = []
    for body in snippets():
        for layout, text in layouts(body):
            try:
                ast.parse(text)
            except SyntaxError:
                continue  # a snippet with a string that does not survive the layout
            found.append((layout, text))
    return found


def problems(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.code, f.message) for f in findings if f.severity >= Severity.WARNING}


@pytest.mark.parametrize(("layout", "text"), cases(), ids=lambda value: value if len(value) < 20 else "")
def test_every_fix_works_in_every_layout(layout: str, text: str) -> None:
    before = check_python(text, "app.py", specs()).findings
    context = FixContext(text, "app.py", "python", read_python(text, "app.py", specs()))
    for finding in before:
        for fix in fixes_for(context, finding, suppress=False):
            what = f"{finding.code} {fix.title!r} ({layout})"
            fixed = apply_edits(text, fix.edits)
            ast.parse(fixed)
            if layout == "crlf":
                assert "\n" not in fixed.replace("\r\n", ""), what
            after = check_python(fixed, "app.py", specs()).findings
            line = moved_line(finding.span.start.line, fix)
            assert not [
                f
                for f in after
                if f.code == finding.code and f.span.start.line == line and f.message == finding.message
            ], what
            assert not problems(after) - {(c, relined(m, fix)) for c, m in problems(before)}, what
            assert_untouched_outside(text, fixed, fix)


def test_the_layouts_have_fixes_to_check() -> None:
    codes = set()
    for _layout, text in cases():
        context = FixContext(text, "app.py", "python", read_python(text, "app.py", specs()))
        for finding in check_python(text, "app.py", specs()).findings:
            if fixes_for(context, finding, suppress=False):
                codes.add(finding.code)
    assert codes >= {
        "DDB602",
        "DDB603",
        "DDB605",
        "DDB607",
        "DDB608",
        "DDB610",
        "DDB611",
        "DDB612",
        "DDB702",
        "DDB704",
    }
