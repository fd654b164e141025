"""Hostile files on the command line: ``check`` and ``cost`` answer with a finding or a
clear message and the documented exit code (0 clean or information only, 1 findings,
2 cannot run), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cli_support import CliRunner
from tests.hostile.inputs import (
    BINARY,
    INVALID_UTF8_PYTHON,
    INVALID_UTF8_SPEC,
    ODD_TEXTS,
    billion_laughs,
    deep_block,
    deep_flow,
    oversized_python,
    oversized_spec,
)


@pytest.mark.parametrize(
    ("make", "words"),
    [(billion_laughs, "aliases expand"), (deep_flow, "nesting"), (deep_block, "nesting deeper")],
    ids=["billion laughs", "deep flow", "deep block"],
)
def test_bombs_are_a_ddb001_at_their_place(cli: CliRunner, workdir: Path, make: object, words: str) -> None:
    assert callable(make)
    text: str = make()
    (workdir / "bomb.ddb.yaml").write_text(text, encoding="utf-8")
    run = cli("check", "bomb.ddb.yaml", "--format", "json")
    assert run.code == 1
    [finding] = run.json()["findings"]
    assert finding["code"] == "DDB001"
    assert words in finding["message"]
    assert finding["start"]["line"] > 1
    cost = cli("cost", "bomb.ddb.yaml")
    assert cost.code == 2
    assert "cannot be priced" in cost.err
    assert words in cost.err
    assert "Traceback" not in cost.err


def test_a_20_mb_spec_is_skipped_with_an_information_finding(cli: CliRunner, workdir: Path) -> None:
    (workdir / "big.ddb.yaml").write_text(oversized_spec(20), encoding="utf-8")
    run = cli("check", "big.ddb.yaml", "--format", "json")
    assert run.code == 0, "an information finding does not fail the check"
    [finding] = run.json()["findings"]
    assert (finding["code"], finding["severity"]) == ("DDB001", "info")
    assert "20.0 MB, over the 10 MB limit for a design spec: it was skipped" in finding["message"]
    text = cli("check", "big.ddb.yaml")
    assert "big.ddb.yaml:1:1" in text.out
    assert "skipped" in text.out
    cost = cli("cost", "big.ddb.yaml")
    assert cost.code == 2
    assert "over the 10 MB limit" in cost.err


def test_a_20_mb_python_file_is_skipped_with_an_information_finding(cli: CliRunner, workdir: Path) -> None:
    (workdir / "big.py").write_text(oversized_python(20), encoding="utf-8")
    run = cli("check", "big.py", "--format", "json")
    assert run.code == 0
    [finding] = run.json()["findings"]
    assert (finding["path"], finding["code"], finding["severity"]) == ("big.py", "DDB001", "info")
    assert "over the 10 MB limit for a Python file: it was skipped" in finding["message"]
    assert cli("check", "big.py", "--fail-on", "info").code == 1


def test_a_binary_spec_is_a_ddb001_at_its_first_bad_byte(cli: CliRunner, workdir: Path) -> None:
    (workdir / "binary.ddb.yaml").write_bytes(BINARY)
    run = cli("check", "binary.ddb.yaml", "--format", "json")
    assert run.code == 1
    [finding] = run.json()["findings"]
    assert finding["code"] == "DDB001"
    assert "not valid UTF-8: byte 0x80" in finding["message"]
    assert finding["start"]["line"] == 2  # bytes 0-9 then \n: 0x80 is on the second line
    cost = cli("cost", "binary.ddb.yaml")
    assert cost.code == 2
    assert "Traceback" not in cost.err


def test_a_spec_with_nul_bytes_in_valid_utf8_is_a_ddb001(cli: CliRunner, workdir: Path) -> None:
    (workdir / "nul.ddb.yaml").write_text(ODD_TEXTS["nul bytes"], encoding="utf-8")
    run = cli("check", "nul.ddb.yaml", "--format", "json")
    assert run.code == 1
    [finding] = run.json()["findings"]
    assert finding["code"] == "DDB001"
    assert finding["start"] == {"line": 1, "column": 11}


def test_binary_and_invalid_utf8_python_files_are_skipped_with_a_note(cli: CliRunner, workdir: Path) -> None:
    (workdir / "binary.py").write_bytes(BINARY)
    (workdir / "latin.py").write_bytes(INVALID_UTF8_PYTHON)
    (workdir / "nul.py").write_text("import boto3\nboto3.client('dynamodb').scan(TableName='T')\x00\n")
    run = cli("check", "binary.py", "latin.py", "nul.py", "--format", "json")
    assert run.code == 0
    assert run.json()["findings"] == []
    for name in ("binary.py", "latin.py", "nul.py"):
        assert f"{name}: skipped: not valid" in run.err
    assert "Traceback" not in run.err


def test_a_directory_of_hostile_files_is_checked_file_by_file(cli: CliRunner, workdir: Path) -> None:
    (workdir / "a-binary.ddb.yaml").write_bytes(BINARY)
    (workdir / "b-latin.ddb.yaml").write_bytes(INVALID_UTF8_SPEC)
    (workdir / "c-bomb.ddb.yaml").write_text(billion_laughs(), encoding="utf-8")
    for n, name in enumerate(ODD_TEXTS):
        (workdir / f"odd-{n}.ddb.yaml").write_text(ODD_TEXTS[name], encoding="utf-8", errors="surrogatepass")
        (workdir / f"odd_{n}.py").write_text(
            "import boto3\n" + ODD_TEXTS[name], encoding="utf-8", errors="surrogatepass"
        )
    (workdir / "z-good.ddb.yaml").write_text(
        "version: 1\ntables:\n  Orders:\n    key: {partition: PK}\n    colour: blue\n", encoding="utf-8"
    )
    run = cli("check", ".", "--format", "json")
    assert run.code == 1
    assert "Traceback" not in run.err
    found = {(f["path"], f["code"]) for f in run.json()["findings"]}
    assert {
        ("a-binary.ddb.yaml", "DDB001"),
        ("b-latin.ddb.yaml", "DDB001"),
        ("c-bomb.ddb.yaml", "DDB001"),
    } <= found
    assert ("z-good.ddb.yaml", "DDB002") in found, "the good file is still checked"
    # Fixing them all writes nothing into files it could not read.
    before = {path.name: path.read_bytes() for path in workdir.iterdir() if path.name != "z-good.ddb.yaml"}
    fixed = cli("check", "--fix", ".")
    assert fixed.code == 1
    assert "Traceback" not in fixed.err
    assert {name: (workdir / name).read_bytes() for name in before} == before
