"""``rules``, ``schema`` and ``serve``."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from ddb_architect.resources import rule_doc, schema_path
from ddb_architect.rules.registry import all_rules, get_rule
from tests.cli.cli_support import CliRunner

# --------------------------------------------------------------------------- rules


def test_rules_lists_the_catalog_by_family(cli: CliRunner) -> None:
    run = cli("rules")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == "0xx spec validity"
    assert any(line.split()[:2] == ["DDB001", "invalid-yaml"] for line in lines)
    for rule in all_rules():
        (line,) = [line for line in lines if line.split()[:1] == [rule.code]]
        assert line.split()[1:3] == [rule.name, rule.severity_label]
        assert line.rstrip().endswith(rule.summary)
    if get_rule("DDB101") is not None:
        assert "1xx keys" in lines


def test_rules_json(cli: CliRunner) -> None:
    run = cli("rules", "--format", "json")
    assert run.code == 0
    rules = run.json()
    assert all(set(r) == {"code", "name", "severity", "family", "summary"} for r in rules)
    codes = [r["code"] for r in rules]
    assert codes == sorted(codes)
    assert {"DDB001", "DDB002", "DDB003"} <= set(codes)
    assert {rule.code for rule in all_rules()} <= set(codes)


def test_rules_code_prints_the_rule_page(cli: CliRunner) -> None:
    run = cli("rules", "DDB101")
    assert run.code == 0
    page = rule_doc("DDB101")
    if page is not None:
        assert run.out.rstrip("\n") == page.rstrip("\n")
    else:
        rule = get_rule("DDB101")
        assert rule is not None, "DDB101 is not registered yet"
        assert run.out.startswith(f"DDB101 {rule.name} ")
        assert rule.summary in run.out
    assert cli("rules", "ddb101").out == run.out


def test_rules_code_json(cli: CliRunner) -> None:
    run = cli("rules", "DDB002", "--format", "json")
    assert run.code == 0
    rule = run.json()
    assert rule["code"] == "DDB002"
    assert rule["name"] == "invalid-spec"
    assert "doc" in rule


def test_unknown_rule_exits_2(cli: CliRunner) -> None:
    run = cli("rules", "DDB999")
    assert run.code == 2
    assert "unknown rule 'DDB999'" in run.err
    assert run.out == ""


# --------------------------------------------------------------------------- schema


def test_schema_is_the_committed_file(cli: CliRunner) -> None:
    run = cli("schema")
    assert run.code == 0
    assert run.out == schema_path().read_text(encoding="utf-8")


def test_schema_to_a_file(cli: CliRunner, workdir: Path) -> None:
    run = cli("schema", "--output", "schema.json")
    assert run.code == 0
    assert run.out == ""
    written = (workdir / "schema.json").read_text(encoding="utf-8")
    assert written == schema_path().read_text(encoding="utf-8")


# --------------------------------------------------------------------------- serve


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Stands in for ddb_architect.lsp.server and records how ``run`` was called."""
    calls: list[dict[str, object]] = []
    module = types.ModuleType("ddb_architect.lsp.server")

    def run(*, tcp: tuple[str, int] | None = None) -> None:
        calls.append({"tcp": tcp})

    module.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ddb_architect.lsp.server", module)
    return calls


def test_serve_uses_stdio_by_default(cli: CliRunner, fake_server: list[dict[str, object]]) -> None:
    run = cli("serve")
    assert run.code == 0
    assert run.out == ""  # stdout is the protocol
    assert fake_server == [{"tcp": None}]
    assert cli("serve", "--stdio").code == 0
    assert fake_server[-1] == {"tcp": None}


def test_serve_over_tcp(cli: CliRunner, fake_server: list[dict[str, object]]) -> None:
    assert cli("serve", "--tcp", "127.0.0.1:2087", "--log-level", "debug").code == 0
    assert fake_server == [{"tcp": ("127.0.0.1", 2087)}]
    assert cli("serve", "--tcp", "[::1]:9000").code == 0
    assert fake_server[-1] == {"tcp": ("::1", 9000)}


@pytest.mark.parametrize(
    "options",
    [["--tcp", "localhost"], ["--tcp", "host:port"], ["--tcp", "h:70000"], ["--log-level", "loud"]],
)
def test_serve_bad_options_exit_2(
    cli: CliRunner, fake_server: list[dict[str, object]], options: list[str]
) -> None:
    run = cli("serve", *options)
    assert run.code == 2
    assert fake_server == []


def test_serve_logs_to_a_file(cli: CliRunner, workdir: Path, fake_server: list[dict[str, object]]) -> None:
    import logging

    try:
        assert cli("serve", "--log-file", "server.log", "--log-level", "INFO").code == 0
        logging.getLogger("ddb_architect").info("hello from the test")
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert "hello from the test" in (workdir / "server.log").read_text(encoding="utf-8")
    finally:
        for handler in list(logging.getLogger().handlers):
            logging.getLogger().removeHandler(handler)
            handler.close()
