"""The shared examples (``../shared/examples``) carry ``# expect: CODE`` markers: every
marker must be met by a finding whose range starts on that line or contains it, and no
error or warning may be reported that no marker names. Information findings are free."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ddb_architect.code.specs import discover_specs, load_specs
from ddb_architect.engine import check_python, check_spec
from ddb_architect.findings import Finding, Severity

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "examples"
MARKER = re.compile(r"#\s*expect:\s*(?P<codes>DDB\d{3}(?:\s*,\s*DDB\d{3})*)")

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/examples is not present")


def markers(text: str) -> set[tuple[int, str]]:
    """(0-based line, code) of every expect marker."""
    found = set()
    for number, line in enumerate(text.splitlines()):
        match = MARKER.search(line)
        if match:
            for code in match["codes"].split(","):
                found.add((number, code.strip()))
    return found


def meets(finding: Finding, line: int, code: str) -> bool:
    return finding.code == code and finding.span.start.line <= line <= finding.span.end.line


def example_files(pattern: str) -> list[Path]:
    return sorted(SHARED.glob(pattern)) if SHARED.is_dir() else []


@pytest.mark.parametrize("path", example_files("*.ddb.yaml"), ids=lambda p: p.name)
def test_spec_example_reports_exactly_its_markers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = markers(text)
    found = check_spec(text, str(path)).findings
    missing = sorted(
        (line + 1, code) for line, code in expected if not any(meets(f, line, code) for f in found)
    )
    unexpected = sorted(
        (f.span.start.line + 1, f.code, f.message)
        for f in found
        if f.severity >= Severity.WARNING and not any(meets(f, line, code) for line, code in expected)
    )
    assert not missing, f"markers not met (line, code): {missing}"
    assert not unexpected, f"errors or warnings without a marker: {unexpected}"


def test_the_examples_are_there() -> None:
    assert example_files("*.ddb.yaml"), "no *.ddb.yaml in ../shared/examples"


@pytest.mark.parametrize("path", example_files("*.py"), ids=lambda p: p.name)
def test_python_example_reports_exactly_its_markers(path: Path) -> None:
    """Checked against the specs beside it, as the CLI and the editor find them."""
    text = path.read_text(encoding="utf-8")
    specs = load_specs(discover_specs(path))
    assert specs.known, "the example specs beside the Python example did not load"
    expected = markers(text)
    found = check_python(text, str(path), specs).findings
    missing = sorted(
        (line + 1, code) for line, code in expected if not any(meets(f, line, code) for f in found)
    )
    unexpected = sorted(
        (f.span.start.line + 1, f.code, f.message)
        for f in found
        if f.severity >= Severity.WARNING and not any(meets(f, line, code) for line, code in expected)
    )
    assert not missing, f"markers not met (line, code): {missing}"
    assert not unexpected, f"errors or warnings without a marker: {unexpected}"
