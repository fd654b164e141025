"""``ddb-architect init --template PATTERN``: every key pattern of the library is written
with the schema line and a comment on how it works and when to use it, and is a sound
design; ``init --list`` lists starters and patterns in two groups."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ddb_architect.library import KeyPattern, key_pattern, key_patterns, pattern_file_text
from ddb_architect.starters import STARTERS
from tests.cli.cli_support import CliRunner, write
from tests.cli.test_cli_init import SCHEMA_LINE

PATTERNS = key_patterns()


def by_name(pattern: KeyPattern) -> str:
    return pattern.name


def choice(pattern: KeyPattern) -> str:
    """What --list shows for the pattern: its name, or pattern:NAME when a starter has it."""
    return f"pattern:{pattern.name}" if pattern.name in STARTERS else pattern.name


def assert_sound(cli: CliRunner, file: str) -> None:
    check = cli("check", file, "--format", "json", "--fail-on", "warning")
    findings = check.json()["findings"]
    loud = [f"{f['code']} {f['start']['line']}: {f['message']}" for f in findings if f["severity"] != "info"]
    assert not loud, "\n".join(loud)
    assert check.code == 0


@pytest.mark.parametrize("pattern", PATTERNS, ids=by_name)
def test_every_pattern_is_written_and_checks_clean(
    cli: CliRunner, workdir: Path, pattern: KeyPattern
) -> None:
    run = cli("init", "--template", choice(pattern), "design.ddb.yaml")
    assert run.code == 0, run.err
    assert f"Wrote design.ddb.yaml from the {pattern.name} key pattern" in run.out
    assert "ddb-architect check design.ddb.yaml" in run.out
    text = (workdir / "design.ddb.yaml").read_text(encoding="utf-8")
    assert text == pattern_file_text(pattern, "ddb-architect")
    lines = text.splitlines()
    assert lines[0] == SCHEMA_LINE
    comment = lines[1 : lines.index("version: 1")]
    assert comment, "a comment explains the pattern"
    assert all(line == "#" or line.startswith("# ") for line in comment)
    prose = " ".join(line[2:] for line in comment)
    assert f"Key pattern: {pattern.title}" in prose
    assert f"How it works: {' '.join(pattern.explanation.split())}" in prose
    assert f"When to use it: {' '.join(pattern.when.split())}" in prose
    assert yaml.safe_load(text) == yaml.safe_load(pattern.example)
    assert_sound(cli, "design.ddb.yaml")


@pytest.mark.parametrize("pattern", PATTERNS, ids=by_name)
def test_pattern_prefix_works_for_every_pattern(cli: CliRunner, workdir: Path, pattern: KeyPattern) -> None:
    run = cli("init", "-t", f"pattern:{pattern.name}", "design.ddb.yaml")
    assert run.code == 0, run.err
    assert (workdir / "design.ddb.yaml").read_text(encoding="utf-8") == pattern_file_text(pattern)


def test_a_starter_wins_a_shared_name(cli: CliRunner, workdir: Path) -> None:
    shared = sorted(set(STARTERS) & {p.name for p in PATTERNS})
    assert shared == ["time-series"]
    assert cli("init", "-t", "time-series", "starter.ddb.yaml").code == 0
    assert (workdir / "starter.ddb.yaml").read_text(encoding="utf-8") == STARTERS["time-series"].text()
    run = cli("init", "-t", "pattern:time-series", "pattern.ddb.yaml")
    assert run.code == 0
    assert "time-series key pattern" in run.out
    pattern = key_pattern("time-series")
    assert pattern is not None
    assert (workdir / "pattern.ddb.yaml").read_text(encoding="utf-8") == pattern_file_text(pattern)
    assert_sound(cli, "pattern.ddb.yaml")


def test_starter_prefix(cli: CliRunner, workdir: Path) -> None:
    run = cli("init", "-t", "starter:simple", "design.ddb.yaml")
    assert run.code == 0
    assert "from the simple template" in run.out
    assert (workdir / "design.ddb.yaml").read_text(encoding="utf-8") == STARTERS["simple"].text()


@pytest.mark.parametrize("name", ["starter:adjacency-list", "pattern:single-table", "pattern:", "adjacency"])
def test_wrong_kind_or_unknown_name(cli: CliRunner, workdir: Path, name: str) -> None:
    run = cli("init", "-t", name, "design.ddb.yaml")
    assert run.code == 2
    assert f"unknown template {name!r}" in run.err
    assert "init --list" in run.err
    assert not (workdir / "design.ddb.yaml").exists()


def test_unknown_template_suggests_and_lists_the_patterns(cli: CliRunner, workdir: Path) -> None:
    run = cli("init", "--template", "adjacensy-list", "design.ddb.yaml")
    assert run.code == 2
    assert "did you mean adjacency-list?" in run.err
    for name in STARTERS:
        assert name in run.err
    for pattern in PATTERNS:
        assert choice(pattern) in run.err
    assert not (workdir / "design.ddb.yaml").exists()


@pytest.mark.parametrize("options", [["--list"], ["--template", "list"]])
def test_list_groups_starters_and_patterns(cli: CliRunner, options: list[str]) -> None:
    run = cli("init", *options)
    assert run.code == 0
    out = run.out
    starters_at = out.index("Starters")
    patterns_at = out.index("Key patterns")
    assert starters_at < patterns_at
    starters, patterns = out[starters_at:patterns_at], out[patterns_at:]
    for name, starter in STARTERS.items():
        assert f"  {name} " in starters
        assert starter.description in starters
    for pattern in PATTERNS:
        line = next(line for line in patterns.splitlines() if line.strip().startswith(choice(pattern) + " "))
        assert line.strip().endswith(pattern.summary)
    assert "(default)" in starters


def test_pattern_is_not_written_over_a_file(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "design.ddb.yaml", "# mine\n")
    run = cli("init", "-t", "write-sharding", "design.ddb.yaml")
    assert run.code == 2
    assert "already exists" in run.err
    assert (workdir / "design.ddb.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert cli("init", "--force", "-t", "write-sharding", "design.ddb.yaml").code == 0
    written = (workdir / "design.ddb.yaml").read_text(encoding="utf-8")
    assert "= 8, so each shard takes 500 WCU/s at peak" in written


def test_help_mentions_the_patterns(cli: CliRunner) -> None:
    run = cli("init", "--help")
    assert run.code == 0
    assert "key pattern" in run.out
    assert "adjacency-list" in run.out
    assert "pattern:NAME" in run.out
