"""The server's commands over stdio, as Neovim and VS Code run them: the cost report of a
spec is what ``ddb-architect cost --format markdown`` prints (for the text the editor
holds, edits included), a rule's page is its documentation, and anything else gets a
clear answer instead of a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from ddb_architect.lsp.commands import COST_REPORT, RULE_DOCUMENTATION, cost_options, shown_path
from ddb_architect.output.spec_cost import CostOptions, spec_cost_markdown
from ddb_architect.resources import rule_doc
from tests.lsp.lsp_session import RecordingClient, initialize, open_document, replace_text, wait_for_publish

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SHOP = EXAMPLES / "shop.ddb.yaml"


async def execute(client: RecordingClient, command: str, *arguments: Any) -> Any:
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command, arguments=list(arguments))
    )


def cli_cost_markdown(cwd: Path, *args: str) -> str:
    """What the command line prints for ``cost --format markdown`` run from ``cwd``."""
    done = subprocess.run(
        [sys.executable, "-m", "ddb_architect", "cost", "--format", "markdown", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def shop_in(workspace: Path) -> Path:
    spec = workspace / "shop.ddb.yaml"
    spec.write_text(SHOP.read_text(encoding="utf-8"), encoding="utf-8")
    return spec


async def test_the_commands_are_announced(client: RecordingClient, workspace: Path) -> None:
    result = await initialize(client, workspace)

    provider = result.capabilities.execute_command_provider
    assert provider is not None
    assert set(provider.commands) >= {COST_REPORT, RULE_DOCUMENTATION}


async def test_the_cost_report_is_the_command_lines_markdown(
    client: RecordingClient, workspace: Path
) -> None:
    spec = shop_in(workspace)
    await initialize(client, workspace)
    open_document(client, spec.as_uri(), spec.read_text(encoding="utf-8"))

    report = await execute(client, COST_REPORT, spec.as_uri())

    assert report == cli_cost_markdown(workspace, "shop.ddb.yaml")
    assert report.startswith("# Cost of shop\n")
    assert "$" in report


async def test_a_spec_that_is_not_open_is_read_from_disk(client: RecordingClient, workspace: Path) -> None:
    spec = shop_in(workspace)
    await initialize(client, workspace)

    report = await execute(client, COST_REPORT, spec.as_uri(), {"compare": True})

    assert report == cli_cost_markdown(workspace, "shop.ddb.yaml", "--compare")


async def test_edits_in_the_open_buffer_are_priced(client: RecordingClient, workspace: Path) -> None:
    spec = shop_in(workspace)
    text = spec.read_text(encoding="utf-8")
    await initialize(client, workspace)
    uri = spec.as_uri()
    open_document(client, uri, text)
    before = await execute(client, COST_REPORT, uri)
    edited = text.replace("count: 4M", "count: 400M", 1)
    assert edited != text
    replace_text(client, uri, edited, version=2)
    await wait_for_publish(client, uri, version=2)

    after = await execute(client, COST_REPORT, uri)

    assert after != before
    assert after == spec_cost_markdown(edited, "shop.ddb.yaml")
    assert spec.read_text(encoding="utf-8") == text, "the command never writes the file"


async def test_the_options_are_the_command_lines_flags(client: RecordingClient, workspace: Path) -> None:
    spec = shop_in(workspace)
    await initialize(client, workspace)

    report = await execute(
        client, COST_REPORT, spec.as_uri(), {"region": "eu-west-1", "months": 12, "formulas": True}
    )

    expected = cli_cost_markdown(
        workspace, "shop.ddb.yaml", "--region", "eu-west-1", "--months", "12", "--formulas"
    )
    assert report == expected
    assert "eu-west-1" in report


async def test_the_region_setting_prices_the_report_unless_the_command_names_one(
    client: RecordingClient, workspace: Path
) -> None:
    spec = shop_in(workspace)
    await initialize(client, workspace, configuration={"region": "eu-central-1"})

    from_setting = await execute(client, COST_REPORT, spec.as_uri())
    from_option = await execute(client, COST_REPORT, spec.as_uri(), {"region": "us-east-1"})

    assert from_setting == cli_cost_markdown(workspace, "shop.ddb.yaml", "--region", "eu-central-1")
    assert from_option == cli_cost_markdown(workspace, "shop.ddb.yaml")


async def test_a_spec_that_cannot_be_read_gets_a_message(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    uri = (workspace / "broken.ddb.yaml").as_uri()
    open_document(client, uri, "version: 1\ntables: [\n")

    report = await execute(client, COST_REPORT, uri)

    assert report.startswith("# Cost\n")
    assert "broken.ddb.yaml cannot be priced" in report
    assert "line 3" in report
    assert "ddb-architect check broken.ddb.yaml" in report


async def test_other_documents_get_a_message(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    code = workspace / "service.py"
    code.write_text("import boto3\n", encoding="utf-8")

    not_a_spec = await execute(client, COST_REPORT, code.as_uri())
    missing = await execute(client, COST_REPORT, (workspace / "gone.ddb.yaml").as_uri())

    assert "service.py is not a design spec" in not_a_spec
    assert "*.ddb.yaml" in not_a_spec
    assert "gone.ddb.yaml cannot be priced" in missing
    assert "no such file" in missing


BAD_ARGUMENTS: list[tuple[tuple[Any, ...], str]] = [
    ((), "takes the URI of a design spec"),
    ((42,), "takes the URI of a design spec"),
    (("file:///x.ddb.yaml", {"region": "mars"}), "is not an AWS Region code"),
    (("file:///x.ddb.yaml", {"months": 0}), "months must be a whole number"),
    (("file:///x.ddb.yaml", {"colour": True}), "unknown option colour"),
    (("file:///x.ddb.yaml", ["compare"]), "options must be an object"),
]


async def test_bad_arguments_are_a_clear_error(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)

    for arguments, words in BAD_ARGUMENTS:
        with pytest.raises(JsonRpcException, match=words):
            await execute(client, COST_REPORT, *arguments)
    # The server is still there.
    assert (await execute(client, RULE_DOCUMENTATION, "DDB001")).startswith("# DDB001")


async def test_a_rule_page(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)

    page = await execute(client, RULE_DOCUMENTATION, "ddb102")

    assert page == rule_doc("DDB102")
    assert page.startswith("# DDB102")
    for unknown in ("DDB999", "", None):
        with pytest.raises(JsonRpcException, match="ddb-architect rules"):
            await execute(client, RULE_DOCUMENTATION, unknown)


def test_a_report_names_the_spec_as_seen_from_the_workspace(tmp_path: Path) -> None:
    inside = tmp_path / "design" / "app.ddb.yaml"
    outside = tmp_path.parent / "elsewhere.ddb.yaml"

    assert shown_path(inside.as_uri(), str(tmp_path)) == str(Path("design") / "app.ddb.yaml")
    assert shown_path(outside.as_uri(), str(tmp_path)) == str(outside)
    assert shown_path(inside.as_uri(), None) == str(inside)


def test_no_options_are_the_defaults() -> None:
    assert cost_options(None) == CostOptions()
    assert cost_options({"compare": True}) == CostOptions(compare=True)
