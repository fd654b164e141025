"""The shared example (``orders_service.py`` with the specs beside it): every finding whose
rule has a Python fixer gets fixes, and each of them passes the harness (the file still
parses, the finding is gone, nothing new is reported, the text outside is untouched),
except the findings listed here with the reason nothing mechanical fits."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ddb_architect.code.specs import SpecSet, discover_specs, load_specs
from ddb_architect.engine import check_python, read_python
from ddb_architect.findings import Finding
from ddb_architect.fixes.engine import fixes_for
from ddb_architect.fixes.registry import FixContext, fixable_codes
from tests.fixes.harness import apply_fix

EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "orders_service.py"

pytestmark = pytest.mark.skipif(not EXAMPLE.is_file(), reason="the shared example is not here")

# (code, line, what the finding is about): why no fix is offered.
NO_FIX = {
    ("DDB702", 57, "ByEmail"): "no declared index is close to ByEmail",
    ("DDB608", 101, "#t"): "t is no attribute the spec or the call knows",
    ("DDB605", 138, "UnprocessedKeys"): "reads have no batch writer to hand them to",
}


@cache
def specs() -> SpecSet:
    return load_specs(discover_specs(EXAMPLE))


@cache
def text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def fixable() -> list[Finding]:
    if not EXAMPLE.is_file():
        return []
    codes = fixable_codes()
    found = check_python(text(), str(EXAMPLE), specs()).findings
    return [f for f in found if "python" in codes.get(f.code, set())]


def name(finding: Finding) -> str:
    return f"{finding.code}@{finding.span.start.line + 1}:{finding.span.start.column}"


def excused(finding: Finding) -> bool:
    return any(
        code == finding.code and line == finding.span.start.line + 1 and word in finding.message
        for code, line, word in NO_FIX
    )


@pytest.mark.parametrize("finding", fixable(), ids=name)
def test_every_fix_of_the_example_passes_the_harness(finding: Finding) -> None:
    context = FixContext(text(), str(EXAMPLE), "python", read_python(text(), str(EXAMPLE), specs()))
    fixes = fixes_for(context, finding, suppress=False)
    if excused(finding):
        assert fixes == []
        return
    assert fixes, f"{name(finding)} ({finding.message}) gets no fix"
    assert sum(f.preferred for f in fixes) == 1
    for fix in fixes:
        apply_fix(
            text(),
            "python",
            finding.code,
            title=lambda title, fix=fix: title == fix.title,  # type: ignore[misc]
            specs=specs(),
            finding=lambda f: f.span == finding.span and f.message == finding.message,
        )


def test_the_example_has_a_fix_for_each_rule_of_the_issue() -> None:
    codes = {f.code for f in fixable() if not excused(f)}
    assert codes >= {"DDB602", "DDB603", "DDB605", "DDB607", "DDB608", "DDB610", "DDB611", "DDB612", "DDB704"}


def test_the_excused_findings_are_still_there() -> None:
    """The list above cannot go stale: each excused finding is still reported."""
    findings = fixable()
    for code, line, word in NO_FIX:
        assert any(
            f.code == code and f.span.start.line + 1 == line and word in f.message for f in findings
        ), (code, line, word)
