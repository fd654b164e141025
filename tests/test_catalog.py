"""The rule catalog: every rule matches the design's catalog (code, name, severity), has a
documentation page, and the page's example really produces the finding it documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import check_python, check_spec, read_python
from ddb_architect.findings import Finding
from ddb_architect.resources import rule_doc, rule_doc_path
from ddb_architect.rules.drift import unimplemented_patterns
from ddb_architect.rules.registry import Rule, all_rules
from ddb_architect.spec.loader import SpecDocument, load_spec

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT.parent / "shared" / "design" / "rules.md"
SEVERITY_LETTERS = {"error": "E", "warning": "W", "info": "I"}
RULES = all_rules()


def catalog_rows() -> dict[str, tuple[str, str]]:
    """code → (name, severity letters) from ``rules.md``'s tables."""
    rows = {}
    for line in CATALOG.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*(DDB\d{3})\s*\|\s*([a-z0-9-]+)\s*\|\s*([EWI/]+)\s*\|", line)
        if match:
            rows[match[1]] = (match[2], match[3])
    return rows


@pytest.mark.skipif(not CATALOG.is_file(), reason="../shared/design/rules.md is not present")
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_matches_the_catalog(rule: Rule) -> None:
    rows = catalog_rows()
    assert rule.code in rows, f"{rule.code} is not in rules.md"
    name, severity = rows[rule.code]
    assert rule.name == name
    assert "/".join(SEVERITY_LETTERS[s.label] for s in rule.severities) == severity


def test_every_rule_of_the_first_issue_is_registered() -> None:
    codes = {r.code for r in RULES}
    wanted = (
        {f"DDB{n:03d}" for n in range(1, 13)}
        | {f"DDB{n}" for n in range(101, 108)}
        | {f"DDB{n}" for n in range(201, 209)}
        | {f"DDB{n}" for n in range(301, 306)}
        | {f"DDB{n}" for n in range(501, 509)}
        | {"DDB404", "DDB408"}
    )
    assert wanted <= codes, sorted(wanted - codes)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_a_page(rule: Rule) -> None:
    page = rule_doc(rule.code)
    assert page is not None, f"docs/rules/{rule.code}.md is missing"
    assert page.startswith(f"# {rule.code} — {rule.name}")
    for heading in ("## What it reports", "## Why it matters", "## Example", "## How to fix"):
        assert heading in page, f"{rule.code}: no '{heading}' section"


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)


@pytest.mark.parametrize("rule", [r for r in RULES if r.scope == "spec"], ids=lambda r: r.code)
def test_page_example_produces_the_finding_and_the_fix_removes_it(rule: Rule) -> None:
    path = rule_doc_path(rule.code)
    assert path is not None
    text = path.read_text(encoding="utf-8")
    example = _yaml_blocks(text.split("## How to fix")[0])[0]
    marked = [n for n, line in enumerate(example.splitlines()) if f"# <- {rule.code}" in line]
    assert marked, f"{rule.code}: the example has no '# <- {rule.code}' marker"
    found = check_spec(example, f"{rule.code}.ddb.yaml").findings
    lines = {f.span.start.line for f in found if f.code == rule.code}
    assert set(marked) <= lines, f"{rule.code}: expected on lines {marked}, found {sorted(lines)}"
    fixed_blocks = _yaml_blocks(text.split("## How to fix", 1)[1])
    assert fixed_blocks, f"{rule.code}: no fixed example under 'How to fix'"
    fixed = check_spec(fixed_blocks[0], f"{rule.code}-fixed.ddb.yaml").findings
    assert rule.code not in {f.code for f in fixed}, f"{rule.code}: the fixed example still reports it"


# --------------------------------------------------------------------------- code rules
#
# A code rule's page shows the Python that triggers it (the first ```python block of its
# Example section, with ``# <- DDBnnn`` on the reported lines) and, when the rule needs a
# design spec, the spec it is checked against (a ```yaml block before the Python). The
# first ```python block under "How to fix" is checked against the same spec, or against
# the fixed spec when "How to fix" shows one (a ```yaml block before its Python): the
# finding is gone. DDB706 is found on the spec, so its marker is on the spec's line.

CODE_RULES = [r for r in RULES if r.scope in ("code", "workspace")]


def _fenced(text: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced block, in order."""
    return re.findall(r"```(\w*)\n(.*?)```", text, flags=re.DOTALL)


def _spec_and_code(section: str, rule: Rule, where: str) -> tuple[str | None, str]:
    """The first ```python block of a section, and the ```yaml block before it (if any)."""
    spec = None
    for language, body in _fenced(section):
        if language == "yaml":
            spec = spec if spec is not None else body
        elif language == "python":
            return spec, body
    pytest.fail(f"{rule.code}: no ```python block in {where}")


def _load(spec: str | None, rule: Rule, suffix: str = "") -> list[SpecDocument]:
    if spec is None:
        return []
    document = load_spec(spec, f"{rule.code}{suffix}.ddb.yaml")
    assert document.design is not None, f"{rule.code}: the page's spec does not load"
    assert not document.findings, f"{rule.code}: the page's spec has findings: {document.findings}"
    return [document]


def _marked_lines(block: str, code: str) -> list[int]:
    return [n for n, line in enumerate(block.splitlines()) if f"# <- {code}" in line]


def _code_findings(rule: Rule, code: str, documents: list[SpecDocument], name: str) -> list[Finding]:
    specs = SpecSet(documents)
    if rule.scope == "workspace":
        context = read_python(code, f"{name}.py", specs)
        assert context is not None, f"{rule.code}: {name} is not valid Python"
        found = unimplemented_patterns(documents, [context])
        return [f for findings in found.values() for f in findings if f.code == rule.code]
    report = check_python(code, f"{name}.py", specs)
    assert report.context is not None, f"{rule.code}: {name} is not valid Python"
    return [f for f in report.findings if f.code == rule.code]


@pytest.mark.parametrize("rule", CODE_RULES, ids=lambda r: r.code)
def test_code_page_example_produces_the_finding_and_the_fix_removes_it(rule: Rule) -> None:
    path = rule_doc_path(rule.code)
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "## Example" in text
    assert "## How to fix" in text
    before_fix, fix = text.split("## How to fix", 1)
    spec, example = _spec_and_code(before_fix.split("## Example", 1)[1], rule, "the Example section")
    if rule.code.startswith("DDB7"):
        assert spec is not None, f"{rule.code}: a 7xx example needs the spec it is checked against"
    documents = _load(spec, rule)
    marked_in = spec if rule.scope == "workspace" else example
    assert marked_in is not None
    marked = _marked_lines(marked_in, rule.code)
    assert marked, f"{rule.code}: the example has no '# <- {rule.code}' marker"
    found = _code_findings(rule, example, documents, rule.code.lower())
    lines = {f.span.start.line for f in found}
    assert set(marked) <= lines, f"{rule.code}: expected on lines {marked}, found {sorted(lines)}"
    fixed_spec, fixed = _spec_and_code(fix.split("## Related", 1)[0], rule, "'How to fix'")
    fixed_documents = _load(fixed_spec, rule, "-fixed") if fixed_spec is not None else documents
    remaining = _code_findings(rule, fixed, fixed_documents, f"{rule.code.lower()}_fixed")
    assert not remaining, f"{rule.code}: the fixed example still reports it: {[f.message for f in remaining]}"
