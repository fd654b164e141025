"""``ddb-architect check --fix`` and ``--diff``: the safe fixes applied to the files (or
shown as a diff), each file written back only when it changes, in its own encoding and
line endings; the report and the exit status are those of what remains."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from ddb_architect.findings import Finding, Position
from ddb_architect.fixes import registry
from ddb_architect.fixes.model import Edit, Fix
from ddb_architect.fixes.registry import FixContext
from ddb_architect.rules.code_context import CodeContext
from tests.cli.cli_support import CLEAN_SPEC, CliRunner, write

# Two unpadded numbers in String sort keys (DDB106, warnings, safe to fix) and an index
# name misspelt (DDB004, an error whose fix is a guess, so not applied).
SPEC = """\
version: 1
tables:
  Scores:
    key: {partition: PK, sort: SK}
    indexes:
      ByPlayer: {key: {partition: player}, projection: keys-only}
    entities:
      Score:
        keys: {PK: "GAME😋é#{game}", SK: "SCORE#{points}", player: "{player}"}
        item_size: 1KB
        count: 1M
        fields: {game: {cardinality: 1K}, points: {type: N}, player: {cardinality: 1M}}
      Level:
        keys: {PK: "GAME#{game}", SK: "LEVEL#{level}"}  # levels sort as text
        item_size: 1KB
        count: 1K
        fields: {game: {cardinality: 1K}, level: {type: N}}
    access_patterns:
      - {name: by-player, op: Query, index: ByPlayr, key: {player: "{player}"}, rate: 1/s}
"""
FIXED = SPEC.replace("SCORE#{points}", "SCORE#{points:010d}").replace("LEVEL#{level}", "LEVEL#{level:010d}")
WITHOUT_TYPO = SPEC.replace("ByPlayr", "ByPlayer")

CODE = """\
import boto3

table = boto3.resource("dynamodb").Table("Scores")


def everything():
    return table.scan()["Items"]
"""


def test_fix_writes_the_fixed_spec_and_reports_what_remains(cli: CliRunner, workdir: Path) -> None:
    spec = write(workdir, "scores.ddb.yaml", SPEC)
    run = cli("check", "--fix", "scores.ddb.yaml")
    assert spec.read_text(encoding="utf-8") == FIXED
    assert "Fixed 2 problems in 1 file" in run.err
    assert "DDB004" in run.out
    assert "DDB106" not in run.out
    assert run.code == 1  # the misspelt index, an error, remains


def test_the_exit_status_follows_what_remains(cli: CliRunner, workdir: Path) -> None:
    spec = write(workdir, "scores.ddb.yaml", WITHOUT_TYPO)
    assert cli("check", "--fail-on", "warning", "scores.ddb.yaml").code == 1
    run = cli("check", "--fix", "--fail-on", "warning", "scores.ddb.yaml")
    assert run.code == 0, run.out
    assert spec.read_text(encoding="utf-8") == FIXED.replace("ByPlayr", "ByPlayer")
    # Nothing left to fix: the file is not written again.
    before = spec.stat().st_mtime_ns
    again = cli("check", "--fix", "--fail-on", "warning", "scores.ddb.yaml")
    assert again.code == 0
    assert "Nothing to fix" in again.err
    assert spec.stat().st_mtime_ns == before


def test_fix_with_json_prints_the_remaining_findings(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "scores.ddb.yaml", SPEC)
    run = cli("check", "--fix", "--format", "json", "scores.ddb.yaml")
    assert [f["code"] for f in run.json()["findings"]] == ["DDB004"]
    assert "Fixed 2 problems in 1 file" in run.err


def test_diff_prints_the_fixes_and_writes_nothing(cli: CliRunner, workdir: Path) -> None:
    spec = write(workdir, "scores.ddb.yaml", SPEC)
    run = cli("check", "--diff", "scores.ddb.yaml")
    assert run.code == 1
    assert spec.read_text(encoding="utf-8") == SPEC
    assert run.out.startswith("--- a/scores.ddb.yaml\n+++ b/scores.ddb.yaml\n@@ ")
    assert '-        keys: {PK: "GAME#{game}", SK: "LEVEL#{level}"}  # levels sort as text\n' in run.out
    assert '+        keys: {PK: "GAME#{game}", SK: "LEVEL#{level:010d}"}  # levels sort as text\n' in run.out
    assert "DDB004" not in run.out  # a diff, not a report
    assert "Would fix 2 problems in 1 file" in run.err


def test_diff_with_nothing_to_fix_exits_0(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "clean.ddb.yaml", CLEAN_SPEC)
    run = cli("check", "--diff", ".")
    assert run.code == 0
    assert run.out == ""
    assert "Nothing to fix" in run.err


def test_diff_of_a_file_without_a_final_line_break(cli: CliRunner, workdir: Path) -> None:
    # The last line is within the diff's context of a fix.
    write(workdir, "scores.ddb.yaml", SPEC.split("    access_patterns:")[0].rstrip("\n"))
    run = cli("check", "--diff", "scores.ddb.yaml")
    assert run.code == 1
    assert run.out.endswith("level: {type: N}}\n\\ No newline at end of file\n")


def test_line_endings_and_byte_order_mark_are_kept(cli: CliRunner, workdir: Path) -> None:
    spec = workdir / "scores.ddb.yaml"
    spec.write_bytes(b"\xef\xbb\xbf" + SPEC.replace("\n", "\r\n").encode("utf-8"))
    run = cli("check", "--fix", "scores.ddb.yaml")
    assert "Fixed 2 problems in 1 file" in run.err
    data = spec.read_bytes()
    assert data == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode("utf-8")


def test_a_spec_that_is_not_utf8_is_never_written(cli: CliRunner, workdir: Path) -> None:
    spec = workdir / "scores.ddb.yaml"
    data = SPEC.encode("utf-8").replace("é".encode(), b"\xe9")
    spec.write_bytes(data)
    run = cli("check", "--fix", "scores.ddb.yaml")
    assert spec.read_bytes() == data
    assert "DDB001" in run.out
    assert run.code == 1


@pytest.fixture
def python_fixer(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """A safe fix for DDB601 in Python, registered for the test (the specs each call saw
    are recorded): it marks the scan as intended."""
    seen: list[list[str]] = []

    def mark_the_scan(context: FixContext, finding: Finding) -> Sequence[Fix]:
        assert isinstance(context.document, CodeContext)
        seen.append([document.text for document in context.document.specs.documents])
        line = context.text.splitlines()[finding.span.start.line]
        mark = Edit.insert(Position(finding.span.start.line, len(line)), "  # ddb: ignore[DDB601]")
        return [Fix("Mark the scan as intended", (mark,), finding.code, safe=True)]

    registry.fixer_for("DDB601", "python")  # the real fixers first, so the test's replaces any
    monkeypatch.setitem(registry._FIXERS, ("DDB601", "python"), mark_the_scan)
    return seen


def test_python_files_are_fixed_against_the_fixed_specs(
    cli: CliRunner, workdir: Path, python_fixer: list[list[str]]
) -> None:
    spec = write(workdir, "scores.ddb.yaml", WITHOUT_TYPO)
    code = workdir / "service.py"
    code.write_bytes(CODE.replace("\n", "\r\n").encode("utf-8"))
    run = cli("check", "--fix", ".")
    assert "Fixed 3 problems in 2 files" in run.err
    assert spec.read_text(encoding="utf-8") == FIXED.replace("ByPlayr", "ByPlayer")
    assert code.read_bytes() == (
        CODE.replace('scan()["Items"]', 'scan()["Items"]  # ddb: ignore[DDB601]')
        .replace("\n", "\r\n")
        .encode()
    )
    # The Python file was fixed against the spec as fixed, not as it was on disk.
    assert python_fixer
    assert all(":010d}" in text for texts in python_fixer for text in texts)
    assert python_fixer[0]
    # What remains is reported: a warning, so the exit status is 0 (--fail-on error).
    assert "DDB602" in run.out
    assert "DDB601" not in run.out
    assert "DDB106" not in run.out
    assert run.code == 0, run.out


def test_diff_shows_python_and_spec_fixes_together(
    cli: CliRunner, workdir: Path, python_fixer: list[list[str]]
) -> None:
    write(workdir, "scores.ddb.yaml", WITHOUT_TYPO)
    code = write(workdir, "service.py", CODE)
    run = cli("check", "--diff", ".")
    assert run.code == 1
    assert "+++ b/scores.ddb.yaml" in run.out
    assert "+++ b/service.py" in run.out
    assert '+    return table.scan()["Items"]  # ddb: ignore[DDB601]\n' in run.out
    assert code.read_text(encoding="utf-8") == CODE
    assert "Would fix 3 problems in 2 files" in run.err
