"""``check --format json``: the exact shape, 1-based positions in characters, stable order."""

from __future__ import annotations

from pathlib import Path

from tests.cli.cli_support import BAD_COLUMN, BAD_LINE, BAD_SPEC, CLEAN_SPEC, CliRunner, write


def test_json_report_shape(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "bad.ddb.yaml", BAD_SPEC)
    run = cli("check", "bad.ddb.yaml", "--format", "json")
    assert run.code == 1
    report = run.json()
    assert set(report) == {"findings", "summary"}
    (finding,) = report["findings"]
    assert set(finding) == {"path", "code", "name", "severity", "message", "start", "end"}
    assert finding["path"] == "bad.ddb.yaml"
    assert finding["code"] == "DDB002"
    assert finding["name"] == "invalid-spec"
    assert finding["severity"] == "error"
    assert "GetItm" in finding["message"]
    assert report["summary"] == {
        "files": 1,
        "errors": 1,
        "warnings": 0,
        "info": 0,
        "by_code": {"DDB002": 1},
    }


def test_columns_count_characters_after_non_ascii_text(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "bad.ddb.yaml", BAD_SPEC)
    (finding,) = cli("check", "bad.ddb.yaml", "--format", "json").json()["findings"]
    assert finding["start"] == {"line": BAD_LINE, "column": BAD_COLUMN}
    assert finding["end"] == {"line": BAD_LINE, "column": BAD_COLUMN + len("GetItm")}
    line = BAD_SPEC.splitlines()[BAD_LINE - 1]
    start, end = finding["start"]["column"] - 1, finding["end"]["column"] - 1
    assert line[start:end] == "GetItm"
    assert "café 😋" in line[:start]  # é is 2 bytes and 😋 two UTF-16 units: still 1 column each


def test_clean_report(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "clean.ddb.yaml", CLEAN_SPEC)
    run = cli("check", "clean.ddb.yaml", "--format", "json")
    assert run.code == 0
    assert run.json() == {
        "findings": [],
        "summary": {"files": 1, "errors": 0, "warnings": 0, "info": 0, "by_code": {}},
    }


def test_order_is_path_then_position_then_code(cli: CliRunner, workdir: Path) -> None:
    spec = BAD_SPEC + "name: one\nname: two\n"
    write(workdir, "z.ddb.yaml", spec)
    write(workdir, "a.ddb.yaml", spec)
    findings = cli("check", ".", "--format", "json").json()["findings"]
    keys = [(f["path"], f["start"]["line"], f["start"]["column"], f["code"]) for f in findings]
    assert keys == sorted(keys)
    assert [f["path"] for f in findings] == ["a.ddb.yaml"] * 2 + ["z.ddb.yaml"] * 2
    by_code = cli("check", ".", "--format", "json").json()["summary"]["by_code"]
    assert by_code == {"DDB002": 2, "DDB003": 2}


def test_json_to_a_file(cli: CliRunner, workdir: Path) -> None:
    import json

    write(workdir, "bad.ddb.yaml", BAD_SPEC)
    run = cli("check", "bad.ddb.yaml", "--format", "json", "-o", "out/report.json")
    assert run.code == 2  # the folder does not exist
    (workdir / "out").mkdir()
    run = cli("check", "bad.ddb.yaml", "--format", "json", "-o", "out/report.json")
    assert run.code == 1
    assert run.out == ""
    saved = json.loads((workdir / "out/report.json").read_text(encoding="utf-8"))
    assert saved["summary"]["errors"] == 1
