"""``check --format sarif``: valid SARIF 2.1.0 with what GitHub code scanning needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ddb_architect import __version__
from ddb_architect.rules.registry import all_rules
from tests.cli.cli_support import BAD_COLUMN, BAD_LINE, BAD_SPEC, CliRunner, write

# The OASIS SARIF 2.1.0 schema (errata 01), vendored: tests run without a network.
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def sarif(cli: CliRunner, *args: str) -> dict[str, Any]:
    run = cli("check", *args, "--format", "sarif")
    assert run.code in (0, 1), run.err
    log: dict[str, Any] = run.json()
    return log


def test_sarif_validates_against_the_schema(
    cli: CliRunner, workdir: Path, sarif_validator: jsonschema.protocols.Validator
) -> None:
    write(workdir, "designs/bad.ddb.yaml", BAD_SPEC + "name: one\nname: two\n")
    log = sarif(cli, "designs")
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    empty = sarif(cli, "--select", "DDB003", str(workdir / "designs"), "--ignore", "DDB")
    assert not list(sarif_validator.iter_errors(empty))


def test_sarif_has_what_github_needs(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "designs/bad.ddb.yaml", BAD_SPEC)
    log = sarif(cli, "designs")
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "ddb-architect"
    assert driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")

    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids))
    assert {rule.code for rule in all_rules()} <= set(ids)
    for rule in driver["rules"]:
        assert rule["name"]
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"]
        assert rule["help"]["markdown"]
        assert rule["helpUri"].endswith(f"/docs/rules/{rule['id']}.md")
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
        assert rule["properties"]["tags"]

    (result,) = run["results"]
    assert result["ruleId"] == "DDB002"
    assert driver["rules"][result["ruleIndex"]]["id"] == "DDB002"
    assert result["level"] == "error"
    assert "GetItm" in result["message"]["text"]
    (location,) = result["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "designs/bad.ddb.yaml", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {
        "startLine": BAD_LINE,
        "startColumn": BAD_COLUMN,
        "endLine": BAD_LINE,
        "endColumn": BAD_COLUMN + len("GetItm"),
    }
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == workdir.resolve().as_uri() + "/"
    assert result["partialFingerprints"]


def test_levels_follow_severities(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "bad.ddb.yaml", BAD_SPEC)
    write(workdir, "pyproject.toml", '[tool.ddb-architect.severity]\nDDB002 = "info"\n')
    (result,) = sarif(cli, "bad.ddb.yaml")["runs"][0]["results"]
    assert result["level"] == "note"


def test_fingerprints_survive_moved_lines(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "bad.ddb.yaml", BAD_SPEC)
    (before,) = sarif(cli, "bad.ddb.yaml")["runs"][0]["results"]
    write(workdir, "bad.ddb.yaml", "# a comment that moves every line down\n" + BAD_SPEC)
    (after,) = sarif(cli, "bad.ddb.yaml")["runs"][0]["results"]
    region = after["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == BAD_LINE + 1
    assert after["partialFingerprints"] == before["partialFingerprints"]
    write(workdir, "bad.ddb.yaml", BAD_SPEC.replace("GetItm", "GetIt"))
    (changed,) = sarif(cli, "bad.ddb.yaml")["runs"][0]["results"]
    assert changed["partialFingerprints"] != before["partialFingerprints"]


def test_identical_findings_get_distinct_fingerprints() -> None:
    from ddb_architect.findings import Finding, Severity, Span
    from ddb_architect.output.report import Report
    from ddb_architect.output.sarif import sarif_log
    from ddb_architect.sources import CheckedFile

    same = Finding("DDB002", Severity.ERROR, Span.at(0, 0, 0, 1), "same")
    other_line = Finding("DDB002", Severity.ERROR, Span.at(1, 0, 1, 1), "same")
    report = Report([CheckedFile("a.ddb.yaml", "x: 1\nx: 1\n", (same, other_line))])
    results = sarif_log(report, Path.cwd())["runs"][0]["results"]
    prints = [r["partialFingerprints"]["ddbArchitect/v1"] for r in results]
    assert len(set(prints)) == 2


def test_files_outside_the_source_root_get_absolute_uris(tmp_path: Path) -> None:
    from ddb_architect.output.sarif import artifact_location

    inside = artifact_location(str(tmp_path / "a b" / "x.ddb.yaml"), tmp_path)
    assert inside == {"uri": "a%20b/x.ddb.yaml", "uriBaseId": "%SRCROOT%"}
    outside = artifact_location(str(tmp_path / "x.ddb.yaml"), tmp_path / "elsewhere")
    assert outside == {"uri": (tmp_path / "x.ddb.yaml").resolve().as_uri()}
