"""``ddb-architect init``: every starter is written, and is a sound design."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddb_architect.starters import DEFAULT_STARTER, STARTERS
from tests.cli.cli_support import CliRunner, write

SCHEMA_LINE = (
    "# yaml-language-server: $schema="
    "https://github.com/ddb-architect/ddb-architect/raw/main/schemas/ddb-design.schema.json"
)


@pytest.mark.parametrize("template", sorted(STARTERS))
def test_every_starter_checks_without_errors_or_warnings(
    cli: CliRunner, workdir: Path, template: str
) -> None:
    run = cli("init", "--template", template, "design.ddb.yaml")
    assert run.code == 0, run.err
    assert "design.ddb.yaml" in run.out
    text = (workdir / "design.ddb.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert text == STARTERS[template].text()

    check = cli("check", "design.ddb.yaml", "--format", "json", "--fail-on", "warning")
    findings = check.json()["findings"]
    loud = [f"{f['code']} {f['start']['line']}: {f['message']}" for f in findings if f["severity"] != "info"]
    assert not loud, "\n".join(loud)
    assert check.code == 0


def test_default_template(cli: CliRunner, workdir: Path) -> None:
    assert cli("init", "design.ddb.yaml").code == 0
    written = (workdir / "design.ddb.yaml").read_text(encoding="utf-8")
    assert written == STARTERS[DEFAULT_STARTER].text()
    assert DEFAULT_STARTER == "single-table"


def test_refuses_to_overwrite_without_force(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "design.ddb.yaml", "# mine\n")
    run = cli("init", "design.ddb.yaml")
    assert run.code == 2
    assert "already exists" in run.err
    assert "--force" in run.err
    assert (workdir / "design.ddb.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert cli("init", "--force", "-t", "simple", "design.ddb.yaml").code == 0
    assert (workdir / "design.ddb.yaml").read_text(encoding="utf-8") == STARTERS["simple"].text()


@pytest.mark.parametrize("options", [["--list"], ["--template", "list"]])
def test_list_templates(cli: CliRunner, options: list[str]) -> None:
    run = cli("init", *options)
    assert run.code == 0
    for name, starter in STARTERS.items():
        assert name in run.out
        assert starter.description in run.out
    assert set(STARTERS) == {"single-table", "simple", "time-series"}


def test_unknown_template_and_missing_file(cli: CliRunner, workdir: Path) -> None:
    unknown = cli("init", "--template", "graph", "design.ddb.yaml")
    assert unknown.code == 2
    assert "unknown template 'graph'" in unknown.err
    assert not (workdir / "design.ddb.yaml").exists()
    missing = cli("init")
    assert missing.code == 2
    assert "needs the FILE" in missing.err
    no_folder = cli("init", "no/such/folder/design.ddb.yaml")
    assert no_folder.code == 2
    assert "no such directory" in no_folder.err


def test_a_name_check_would_not_find_gets_a_note(cli: CliRunner, workdir: Path) -> None:
    run = cli("init", "design.yaml")
    assert run.code == 0
    assert "does not end in .ddb.yaml" in run.err
