"""Helpers for the 6xx tests: a snippet of Python in (dedented), its findings out, and
where in the snippet a finding points (1-based line, 0-based column in code points, as an
editor shows them)."""

from __future__ import annotations

import textwrap

from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import check_python
from ddb_architect.findings import Finding, Severity
from ddb_architect.options import RuleSelection


def source(code: str) -> str:
    return textwrap.dedent(code).lstrip("\n")


def findings(code: str, *codes: str, specs: SpecSet | None = None) -> list[Finding]:
    """The findings of a snippet checked without a spec (unless ``specs`` is given), only
    those of ``codes`` when given."""
    selection = RuleSelection(select=tuple(codes)) if codes else RuleSelection()
    return check_python(source(code), "snippet.py", specs or SpecSet(), selection).findings


def one(code: str, rule: str, specs: SpecSet | None = None) -> Finding:
    found = findings(code, rule, specs=specs)
    assert len(found) == 1, described(found)
    return found[0]


def none(code: str, rule: str, specs: SpecSet | None = None) -> None:
    found = findings(code, rule, specs=specs)
    assert not found, described(found)


def problems(code: str, specs: SpecSet | None = None) -> list[tuple[str, int, str]]:
    """(code, line, message) of every error and warning (information left out)."""
    return [
        (f.code, f.span.start.line + 1, f.message)
        for f in findings(code, specs=specs)
        if f.severity >= Severity.WARNING
    ]


def described(found: list[Finding]) -> list[tuple[str, int, int, str]]:
    return [(f.code, f.span.start.line + 1, f.span.start.column, f.message) for f in found]


def at(finding: Finding) -> tuple[int, int]:
    """(1-based line, column) where a finding starts."""
    return finding.span.start.line + 1, finding.span.start.column


def position(code: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """(1-based line, column) of the ``occurrence``-th line of the snippet containing
    ``needle``, at the needle."""
    seen = 0
    for number, line in enumerate(source(code).splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number, line.index(needle)
    raise AssertionError(f"{needle!r} is not in the snippet {occurrence} times")


def covered(code: str, finding: Finding) -> str:
    """The text a one-line finding covers."""
    span = finding.span
    assert span.start.line == span.end.line, "the finding spans several lines"
    return source(code).splitlines()[span.start.line][span.start.column : span.end.column]
