"""The rule catalog: every rule matches the design's catalog (code, name, severity), has a
documentation page, and the page's example really produces the finding it documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ddb_architect.engine import check_spec
from ddb_architect.resources import rule_doc, rule_doc_path
from ddb_architect.rules.registry import Rule, all_rules

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


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
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
