"""Helpers for tests that read like the user's story: a spec in, findings out."""

from __future__ import annotations

import textwrap

from ddb_architect.engine import check_spec
from ddb_architect.findings import Finding, Severity
from ddb_architect.options import RuleSelection


def findings(spec: str, *codes: str) -> list[Finding]:
    """Check a spec written inline (dedented) and return its findings, only those of
    ``codes`` when given (codes or prefixes)."""
    selection = RuleSelection(select=tuple(codes)) if codes else RuleSelection()
    return check_spec(textwrap.dedent(spec), "test.ddb.yaml", selection).findings


def codes(spec: str, *only: str) -> list[str]:
    return [f.code for f in findings(spec, *only)]


def at_lines(spec: str, *only: str) -> list[tuple[str, int]]:
    """(code, 1-based line) of each finding."""
    return [(f.code, f.span.start.line + 1) for f in findings(spec, *only)]


def problems(spec: str, *only: str) -> list[tuple[str, int]]:
    """(code, 1-based line) of each error and warning (information findings left out)."""
    return [(f.code, f.span.start.line + 1) for f in findings(spec, *only) if f.severity >= Severity.WARNING]


def one(spec: str, code: str) -> Finding:
    """The single finding of ``code`` the spec gets."""
    found = findings(spec, code)
    assert len(found) == 1, [(f.code, f.span.start.line + 1, f.message) for f in found]
    return found[0]


def line(finding: Finding) -> int:
    """1-based line a finding starts on."""
    return finding.span.start.line + 1


def line_of(spec: str, text: str) -> int:
    """1-based line of the first line of the dedented spec containing ``text``."""
    for number, line in enumerate(textwrap.dedent(spec).splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in the spec")
