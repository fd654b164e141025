"""``ddb-architect check`` on Python files: which specs they are checked against
(``--spec``, the project's ``spec`` list, else the specs beside them up to the project
root), the 6xx rules without any spec, DDB706 on the specs, files that are not valid
Python, and positions in every output format."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ddb_architect.cli as cli_module
from ddb_architect.cli import main
from ddb_architect.spec.loader import load_spec
from tests.cli.cli_support import CLEAN_SPEC, CliRunner, write
from tests.cli.python_support import (
    APP,
    APP_WITH_ENV,
    PUT_ORDER_LINE,
    PYPROJECT,
    SCAN_LINE,
    TYPO_LINE,
    orders_project,
    orders_spec,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED_EXAMPLE = ROOT.parent / "shared" / "examples" / "orders_service.py"
MARKER = re.compile(r"#\s*expect:\s*(?P<codes>DDB\d{3}(?:\s*,\s*DDB\d{3})*)")


def codes_at(report: dict[str, Any], path: str) -> list[tuple[int, str]]:
    """(1-based line, code) of the findings in one file."""
    return [(f["start"]["line"], f["code"]) for f in report["findings"] if f["path"] == path]


def codes(report: dict[str, Any]) -> set[str]:
    return {f["code"] for f in report["findings"]}


# --------------------------------------------------------------------------- the shared example


@pytest.mark.skipif(not SHARED_EXAMPLE.is_file(), reason="../shared/examples is not present")
def test_the_shared_example_reports_exactly_its_markers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run as the issue says: from the repository, on ../shared/examples/orders_service.py,
    with the example specs beside it found on their own."""
    monkeypatch.chdir(ROOT)
    shown = str(Path("..") / "shared" / "examples" / "orders_service.py")
    code = main(["check", "--format", "json", shown])
    captured = capsys.readouterr()
    assert code == 1, captured.err  # the example has errors
    report = json.loads(captured.out)

    expected: set[tuple[int, str]] = set()
    for number, line in enumerate(SHARED_EXAMPLE.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            expected.update((number, c.strip()) for c in match["codes"].split(","))
    assert expected, "no expect markers in the example"

    def meets(finding: dict[str, Any], line: int, code: str) -> bool:
        return bool(finding["code"] == code and finding["start"]["line"] <= line <= finding["end"]["line"])

    mine = [f for f in report["findings"] if f["path"] == shown]
    missing = sorted((line, c) for line, c in expected if not any(meets(f, line, c) for f in mine))
    unexpected = sorted(
        (f["start"]["line"], f["code"], f["message"])
        for f in mine
        if f["severity"] != "info" and not any(meets(f, line, c) for line, c in expected)
    )
    assert not missing, f"markers not met (line, code): {missing}"
    assert not unexpected, f"errors or warnings without a marker: {unexpected}"

    # The specs beside it were used (7xx findings), and judged: their access patterns no
    # code performs are reported on them, as information, under paths the shell can open.
    assert {"DDB701", "DDB702", "DDB703", "DDB704"} <= codes(report)
    others = [f for f in report["findings"] if f["path"] != shown]
    assert others
    assert {f["code"] for f in others} == {"DDB706"}
    assert {f["severity"] for f in others} == {"info"}
    for finding in others:
        assert (ROOT / finding["path"]).resolve().parent == SHARED_EXAMPLE.resolve().parent
    assert captured.err == ""


# --------------------------------------------------------------------------- which specs


def test_the_projects_spec_setting_and_table_names(cli: CliRunner, workdir: Path) -> None:
    orders_project(workdir)
    report = cli("check", "src/app.py", "--format", "json").json()
    app = str(Path("src/app.py"))
    spec = str(Path("design/orders.ddb.yaml"))
    # ORDERS_TABLE is the Orders table: its key templates are checked (DDB704) ...
    assert (TYPO_LINE, "DDB704") in codes_at(report, app)
    assert (SCAN_LINE, "DDB601") in codes_at(report, app)
    # ... and the pattern no code performs is reported on the spec, which was not named.
    assert codes_at(report, spec) == [(PUT_ORDER_LINE, "DDB706")]
    assert report["summary"]["files"] == 2


def test_without_table_names_the_environment_variable_means_nothing(cli: CliRunner, workdir: Path) -> None:
    orders_project(workdir, pyproject='[tool.ddb-architect]\nspec = ["design/*.ddb.yaml"]\n')
    report = cli("check", "src/app.py", "--format", "json").json()
    assert "DDB704" not in codes(report)
    assert "DDB601" in codes(report)


def test_spec_setting_is_relative_to_the_pyproject(
    cli: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    orders_project(workdir / "project")
    monkeypatch.chdir(workdir / "project" / "src")
    run = cli("check", "app.py", "--config", "../pyproject.toml", "--format", "json")
    assert (TYPO_LINE, "DDB704") in codes_at(run.json(), "app.py")
    spec = str(Path("..") / "design" / "orders.ddb.yaml")
    assert codes_at(run.json(), spec) == [(PUT_ORDER_LINE, "DDB706")]


def test_a_spec_setting_that_matches_nothing_is_a_warning(cli: CliRunner, workdir: Path) -> None:
    orders_project(workdir, pyproject='[tool.ddb-architect]\nspec = ["designs/*.ddb.yaml"]\n')
    run = cli("check", "src/app.py", "--format", "json")
    assert run.code == 0
    assert "spec: 'designs/*.ddb.yaml' matches no file" in run.err
    assert codes(run.json()) == {"DDB601", "DDB602"}  # the code rules still run


def test_the_spec_option_replaces_configuration_and_discovery(cli: CliRunner, workdir: Path) -> None:
    orders_project(workdir, pyproject='[tool.ddb-architect]\nspec = ["design/*.ddb.yaml"]\n', app=APP)
    # A spec beside the code that does not declare Orders: discovery would find it.
    write(
        workdir,
        "src/other.ddb.yaml",
        CLEAN_SPEC.replace("minimal", "other") + "tables:\n  Other:\n    key: {partition: id}\n",
    )
    write(workdir, "elsewhere/orders.ddb.yaml", orders_spec())
    run = cli("check", "src/app.py", "--spec", "elsewhere/*.ddb.yaml", "--format", "json")
    report = run.json()
    assert (TYPO_LINE, "DDB704") in codes_at(report, str(Path("src/app.py")))
    assert codes_at(report, str(Path("elsewhere/orders.ddb.yaml"))) == [(PUT_ORDER_LINE, "DDB706")]
    assert not codes_at(report, str(Path("design/orders.ddb.yaml")))
    # A file and a directory work too, and the same spec given twice is read once.
    again = cli(
        "check",
        "src/app.py",
        "--spec",
        "elsewhere",
        "--spec",
        "elsewhere/orders.ddb.yaml",
        "--format",
        "json",
    )
    assert again.json()["findings"] == report["findings"]


def test_a_spec_option_that_matches_nothing_is_a_usage_error(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "app.py", APP)
    run = cli("check", "app.py", "--spec", "nowhere/*.ddb.yaml")
    assert run.code == 2
    assert "--spec nowhere/*.ddb.yaml: no such file" in run.err
    assert run.out == ""


def test_discovery_goes_up_to_the_project_root_and_not_beyond(cli: CliRunner, workdir: Path) -> None:
    # Outside the project: a spec declaring the Outer table, never used.
    write(workdir, "outer.ddb.yaml", orders_spec().replace("Orders:", "Outer:"))
    write(workdir, "project/pyproject.toml", "[project]\nname = 'p'\n")
    write(workdir, "project/orders.ddb.yaml", orders_spec())
    write(
        workdir,
        "project/src/pkg/app.py",
        APP
        + '\n\ndef outer() -> dict:\n    return boto3.resource("dynamodb").Table("Outer").get_item(Key={"PK": "x", "SK": "y"})\n',
    )
    report = cli("check", "project/src/pkg/app.py", "--format", "json").json()
    app = str(Path("project/src/pkg/app.py"))
    assert (TYPO_LINE, "DDB704") in codes_at(report, app)  # project/orders.ddb.yaml found
    assert any(c == "DDB701" for _, c in codes_at(report, app))  # Outer: not in the project's specs
    assert codes_at(report, str(Path("project/orders.ddb.yaml"))) == [(PUT_ORDER_LINE, "DDB706")]
    assert not codes_at(report, "outer.ddb.yaml")


def test_without_any_spec_only_the_code_rules_run(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "app.py", APP)
    run = cli("check", "app.py", "--format", "json")
    assert run.code == 0
    report = run.json()
    assert codes(report) == {"DDB601", "DDB602"}
    assert report["summary"]["files"] == 1


# --------------------------------------------------------------------------- DDB706


def test_unimplemented_patterns_and_their_suppression(cli: CliRunner, workdir: Path) -> None:
    orders_project(workdir)
    spec = str(Path("design/orders.ddb.yaml"))
    report = cli("check", "src", "--format", "json").json()
    (finding,) = [f for f in report["findings"] if f["path"] == spec]
    assert finding["code"] == "DDB706"
    assert finding["severity"] == "info"
    assert "put-order" in finding["message"]
    assert finding["start"] == {"line": PUT_ORDER_LINE, "column": 15}

    # On the spec's line, in YAML.
    write(workdir, "design/orders.ddb.yaml", orders_spec("  # ddb: ignore[DDB706]"))
    suppressed = cli("check", "src", "--format", "json").json()
    assert not codes_at(suppressed, spec)
    assert suppressed["summary"]["files"] == 1  # a spec with nothing to report is left out

    write(workdir, "design/orders.ddb.yaml", orders_spec())
    assert "DDB706" not in codes(cli("check", "src", "--ignore", "DDB706", "--format", "json").json())
    assert "DDB706" not in codes(cli("check", "src", "--select", "DDB6", "--format", "json").json())


def test_unimplemented_patterns_follow_configured_severity(cli: CliRunner, workdir: Path) -> None:
    orders_project(workdir, pyproject=PYPROJECT + '\n[tool.ddb-architect.severity]\nDDB706 = "error"\n')
    write(workdir, "src/app.py", APP_WITH_ENV.replace("table.scan()", "[]"))
    run = cli("check", "src", "--format", "json")
    assert run.code == 1
    (finding,) = [f for f in run.json()["findings"] if f["code"] == "DDB706"]
    assert finding["severity"] == "error"


def test_a_pattern_some_file_performs_is_not_reported(cli: CliRunner, workdir: Path) -> None:
    orders_project(workdir)
    write(
        workdir,
        "src/writer.py",
        'import boto3\n\n\ndef save(order_id: str) -> None:\n    boto3.resource("dynamodb").Table("Orders")'
        '.put_item(Item={"PK": f"ORDER#{order_id}", "SK": "ORDER"})\n',
    )
    report = cli("check", "src", "--format", "json").json()
    assert "DDB706" not in codes(report)
    # One file alone does not perform it.
    alone = cli("check", "src/app.py", "--format", "json").json()
    assert "DDB706" in codes(alone)


def test_a_directory_of_specs_and_code(cli: CliRunner, workdir: Path) -> None:
    orders_project(workdir)
    for skipped in (
        ".hidden",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        "site-packages",
        "build",
        "dist",
    ):
        write(workdir, f"{skipped}/mod.py", APP)
        write(workdir, f"src/{skipped}/mod.py", APP)
    write(workdir, "src/stub.pyi", "def f() -> None: ...\n")  # stubs are not searched for
    run = cli("check", ".", "--format", "json")
    report = run.json()
    spec = str(Path("design/orders.ddb.yaml"))
    app = str(Path("src/app.py"))
    assert {f["path"] for f in report["findings"]} == {spec, app}
    assert report["summary"]["files"] == 2
    # The spec was named (through its directory): its own findings and DDB706, in one file.
    spec_codes = [c for _, c in codes_at(report, spec)]
    assert "DDB706" in spec_codes
    assert len(set(spec_codes)) > 1
    assert [c for c in spec_codes if c == "DDB706"] == ["DDB706"]


def test_each_spec_is_parsed_once(cli: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    orders_project(workdir)
    for name in ("a", "b", "c"):
        write(workdir, f"src/{name}.py", APP_WITH_ENV)
    parsed: list[str] = []

    def counting(text: str, path: str = "<spec>", *args: Any) -> Any:
        parsed.append(path)
        return load_spec(text, path, *args)

    monkeypatch.setattr("ddb_architect.sources.load_spec", counting)
    monkeypatch.setattr("ddb_architect.engine.load_spec", counting)
    cli("check", "src", "--format", "json")
    assert len(parsed) == 1  # for three Python files
    parsed.clear()
    cli("check", "design", "src", "--format", "json")  # named and used by code: still once
    assert len(parsed) == 1


# --------------------------------------------------------------------------- files that are not Python


def test_a_syntax_error_is_skipped_with_a_note(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "broken.py", "import boto3\n\ndef f(:\n    boto3.client('dynamodb').scan()\n")
    write(workdir, "good.py", APP)
    run = cli("check", ".", "--format", "json")
    assert run.code == 0
    assert "broken.py: skipped: not valid Python: invalid syntax at line 3" in run.err
    assert {f["path"] for f in run.json()["findings"]} == {"good.py"}
    assert run.json()["summary"]["files"] == 1
    named = cli("check", "broken.py")
    assert named.code == 0
    assert "No problems found in 0 files." in named.out


def test_a_file_that_is_not_utf8_is_skipped_with_a_note(cli: CliRunner, workdir: Path) -> None:
    (workdir / "latin.py").write_bytes(b"import boto3\n\nNAME = 'caf\xe9'\nboto3.client('dynamodb').scan()\n")
    run = cli("check", "latin.py", "--format", "json")
    assert run.code == 0
    assert "latin.py: skipped: not valid UTF-8: byte 0xE9 at line 3 cannot be decoded" in run.err
    assert run.json()["findings"] == []


def test_a_declared_encoding_is_honoured(cli: CliRunner, workdir: Path) -> None:
    (workdir / "latin.py").write_bytes(
        b"# -*- coding: latin-1 -*-\nimport boto3\nNAME = 'caf\xe9'; boto3.client('dynamodb').scan()\n"
    )
    run = cli("check", "latin.py", "--format", "json")
    assert run.err == ""
    (scan, *_rest) = run.json()["findings"]
    assert scan["code"] == "DDB601"
    line = "NAME = 'café'; boto3.client('dynamodb').scan()"
    assert scan["start"] == {"line": 3, "column": line.index("scan") + 1}


def test_an_unreadable_python_file_exits_2(
    cli: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir, "locked.py", APP)

    def refuse(*args: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cli_module, "check_python_file", refuse)
    run = cli("check", "locked.py")
    assert run.code == 2
    assert "locked.py: cannot read it: Permission denied" in run.err


def test_other_files_are_still_refused(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "app.js", "")
    run = cli("check", "app.js")
    assert run.code == 2
    assert "not a design spec or a Python file" in run.err


# --------------------------------------------------------------------------- positions and formats

# DDB601 on `scan`, after characters of 1, 2 and 4 UTF-8 bytes on the same line (😋 is
# also two UTF-16 units): the column counts characters.
NON_ASCII_LINE = 'label = "é – 😋"; items = table.scan()["Items"]'
NON_ASCII_APP = f'import boto3\n\ntable = boto3.resource("dynamodb").Table("Orders")\n{NON_ASCII_LINE}\n'
NON_ASCII_COLUMN = NON_ASCII_LINE.index("scan") + 1


def test_columns_count_characters_in_json_and_text(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "app.py", NON_ASCII_APP)
    (scan, _pagination) = cli("check", "app.py", "--format", "json").json()["findings"]
    assert scan["code"] == "DDB601"
    assert scan["start"] == {"line": 4, "column": NON_ASCII_COLUMN}
    assert scan["end"] == {"line": 4, "column": NON_ASCII_COLUMN + len("scan")}
    text = cli("check", "app.py", "--color", "never").out
    assert text.startswith(f"app.py:4:{NON_ASCII_COLUMN}: DDB601 warning ")


def test_sarif_includes_python_and_spec_results(cli: CliRunner, workdir: Path) -> None:
    orders_project(workdir, app=NON_ASCII_APP)
    log = json.loads(cli("check", "src", "--format", "sarif").out)
    (run,) = log["runs"]
    by_uri: dict[str, list[dict[str, Any]]] = {}
    for result in run["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        by_uri.setdefault(uri, []).append(result)
    assert set(by_uri) == {"src/app.py", "design/orders.ddb.yaml"}
    assert {r["ruleId"] for r in by_uri["design/orders.ddb.yaml"]} == {"DDB706"}
    assert {r["level"] for r in by_uri["design/orders.ddb.yaml"]} == {"note"}
    (scan,) = [r for r in by_uri["src/app.py"] if r["ruleId"] == "DDB601"]
    assert scan["level"] == "warning"
    region = scan["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, NON_ASCII_COLUMN)
    assert region["endColumn"] == NON_ASCII_COLUMN + len("scan")
    assert run["columnKind"] == "unicodeCodePoints"
    rule_ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert {"DDB601", "DDB706"} <= rule_ids


# --------------------------------------------------------------------------- as a user runs it


def test_a_project_in_a_subprocess(tmp_path: Path) -> None:
    orders_project(tmp_path)
    write(tmp_path, "src/broken.py", "def f(:\n")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(
        [sys.executable, "-m", "ddb_architect", "check", "--format", "json", "."],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (
        done.stderr
        == f"ddb-architect: note: {Path('src/broken.py')}: skipped: not valid Python: invalid syntax at line 1\n"
    )
    report = json.loads(done.stdout)
    assert (TYPO_LINE, "DDB704") in codes_at(report, str(Path("src/app.py")))
    assert (PUT_ORDER_LINE, "DDB706") in codes_at(report, str(Path("design/orders.ddb.yaml")))
    assert report["summary"]["files"] == 2


def test_a_spec_beside_the_code_that_cannot_be_read_is_a_warning(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "broken.ddb.yaml", "tables: [\n")
    write(workdir, "app.py", APP)
    run = cli("check", "app.py", "--format", "json")
    assert run.code == 0
    assert "broken.ddb.yaml: not a readable design spec; Python files are checked without it" in run.err
    assert codes(run.json()) == {"DDB601", "DDB602"}
