"""The README stays true: its rule list is the catalog, and CI runs its two commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ddb_architect.rules.registry import Rule, all_rules

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_readme_lists_the_rule_as_the_catalog_has_it(rule: Rule) -> None:
    row = (
        f"| [{rule.code}](docs/rules/{rule.code}.md) | {rule.name} | {rule.severity_label} | {rule.summary} |"
    )
    assert row in README


def test_readme_lists_no_rule_the_catalog_lacks() -> None:
    listed = set(re.findall(r"^\| \[(DDB\d{3})\]", README, flags=re.MULTILINE))
    assert listed == {rule.code for rule in all_rules()}


def test_ci_runs_the_readme_commands() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, flags=re.DOTALL)[:2]
    assert len(commands) == 2, "the README opens with two commands"
    setup, tests = commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/pytest" in tests
    assert tests.strip() in ci
    assert setup.split("&& ")[-1].strip() in ci, "CI checks the bundled example as the README does"
