"""A user configures the server from the editor (initialization options or
``workspace/configuration``) and from ``pyproject.toml``; bad settings are logged, not fatal."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from ddb_architect.resources import rule_doc_path
from tests.lsp.lsp_session import (
    RecordingClient,
    codes,
    initialize,
    open_document,
    spec_uri,
    wait_for_log,
    wait_for_publish,
)

# Two loader findings (DDB002, from the engine's foundation) plus a YAML duplicate key (DDB003).
SPEC = """\
version: 1
tables:
  Orders:
    billing: on-demand
    key: {partition: PK}
    colour: blue
    shade: red
    billing: on-demand
"""


async def open_spec(client: RecordingClient, root: Path) -> types.PublishDiagnosticsParams:
    uri = spec_uri(root)
    open_document(client, uri, SPEC)
    return await wait_for_publish(client, uri, 1)


async def test_without_settings_every_rule_reports(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    found = codes(await open_spec(client, workspace))
    assert found.count("DDB002") == 2
    assert "DDB003" in found


@pytest.mark.parametrize(
    "options",
    [
        {"ignore": ["DDB002"]},
        {"ddb-architect": {"ignore": ["DDB002"]}},
        {"ddbArchitect": {"ignore": "DDB002"}},
    ],
    ids=["flat", "nested", "camel-case-key"],
)
async def test_ignore_in_initialization_options_removes_a_code(
    client: RecordingClient, workspace: Path, options: dict[str, object]
) -> None:
    await initialize(client, workspace, initialization_options=options)
    found = codes(await open_spec(client, workspace))
    assert "DDB002" not in found
    assert "DDB003" in found


async def test_select_and_severity(client: RecordingClient, workspace: Path) -> None:
    options = {"select": ["DDB00"], "ignore": ["DDB003"], "severity": {"ddb002": "info"}}
    await initialize(client, workspace, initialization_options=options)

    published = await open_spec(client, workspace)

    assert codes(published) == ["DDB002", "DDB002"]
    assert {d.severity for d in published.diagnostics} == {types.DiagnosticSeverity.Information}


async def test_a_bad_setting_is_logged_and_the_rest_still_applies(
    client: RecordingClient, workspace: Path
) -> None:
    options = {"debounceMs": "soon", "severity": {"DDB002": "fatal"}, "ignore": ["DDB003"]}
    await initialize(client, workspace, initialization_options=options)

    found = codes(await open_spec(client, workspace))

    assert "DDB003" not in found
    assert "DDB002" in found
    debounce = await wait_for_log(client, "debounceMs")
    assert debounce.type == types.MessageType.Warning
    assert "soon" in debounce.message
    assert (await wait_for_log(client, "fatal")).type == types.MessageType.Warning


async def test_settings_that_are_not_an_object_fall_back_to_defaults(
    client: RecordingClient, workspace: Path
) -> None:
    await initialize(client, workspace, initialization_options=42)
    assert "DDB002" in codes(await open_spec(client, workspace))
    assert (await wait_for_log(client, "expected an object")).type == types.MessageType.Warning


async def test_workspace_configuration_overrides_initialization_options(
    client: RecordingClient, workspace: Path
) -> None:
    await initialize(
        client,
        workspace,
        initialization_options={"ignore": ["DDB003"]},
        configuration={"ignore": ["DDB002"]},
    )
    found = codes(await open_spec(client, workspace))
    assert "DDB002" not in found
    assert "DDB003" in found


async def test_a_settings_change_checks_open_documents_again(
    client: RecordingClient, workspace: Path
) -> None:
    await initialize(client, workspace, configuration={"ignore": ["DDB002"]})
    first = await open_spec(client, workspace)
    assert "DDB002" not in codes(first)
    seen = len(client.published)

    client.set_configuration({"ignore": ["DDB003"]}, section="ddb-architect")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))

    again = await wait_for_publish(client, spec_uri(workspace), 1, after=seen)
    assert "DDB002" in codes(again)
    assert "DDB003" not in codes(again)


async def test_pyproject_configuration_applies_under_the_editor_settings(
    client: RecordingClient, workspace: Path
) -> None:
    (workspace / "pyproject.toml").write_text(
        '[tool.ddb-architect]\nignore = ["DDB003"]\n[tool.ddb-architect.severity]\nDDB002 = "warning"\n'
    )
    await initialize(client, workspace, initialization_options={"severity": {"DDB002": "info"}})

    published = await open_spec(client, workspace)

    assert "DDB003" not in codes(published)
    assert {d.severity for d in published.diagnostics} == {types.DiagnosticSeverity.Information}


async def test_rule_links_point_at_the_rule_page(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    published = await open_spec(client, workspace)

    [colour, *_] = [d for d in published.diagnostics if d.code == "DDB002"]
    page = rule_doc_path("DDB002")
    if page is None:
        assert colour.code_description is None
    else:
        assert colour.code_description is not None
        assert colour.code_description.href == page.as_uri()


async def test_docs_base_url_overrides_rule_links(client: RecordingClient, workspace: Path) -> None:
    base = "https://example.com/ddb-architect/rules"
    await initialize(client, workspace, initialization_options={"docsBaseUrl": base + "/"})
    published = await open_spec(client, workspace)

    hrefs = {d.code_description.href for d in published.diagnostics if d.code_description}
    assert hrefs == {f"{base}/DDB002.md", f"{base}/DDB003.md"}
