"""A user edits a design spec: diagnostics appear on open, follow every edit at the
edit's version, come back on save and vanish on close."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types

from tests.lsp.lsp_session import (
    RecordingClient,
    codes,
    initialize,
    open_document,
    replace_text,
    spec_uri,
    wait_for_publish,
)

UNKNOWN_FIELD = """\
version: 1
tables:
  Orders:
    billing: on-demand
    key: {partition: PK}
    colour: blue
"""

CLEAN = """\
version: 1
tables:
  Orders:
    billing: on-demand
    key: {partition: PK}
"""

BAD_YAML = "version: 1\ntables: [unclosed\n"


async def test_diagnostics_appear_on_open_with_the_document_version(
    client: RecordingClient, workspace: Path
) -> None:
    await initialize(client, workspace)
    uri = spec_uri(workspace)
    open_document(client, uri, UNKNOWN_FIELD, version=7)

    published = await wait_for_publish(client, uri)

    assert published.version == 7
    [colour] = [d for d in published.diagnostics if d.code == "DDB002"]
    assert colour.source == "ddb-architect"
    assert colour.severity == types.DiagnosticSeverity.Error
    assert "unknown field 'colour'" in colour.message
    assert colour.range.start == types.Position(line=5, character=4)
    assert colour.range.end == types.Position(line=5, character=10)
    assert isinstance(colour.data, dict)
    assert colour.data["unknown"] == "colour"
    assert "rule" in colour.data


async def test_an_edit_is_checked_again_at_its_version(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    uri = spec_uri(workspace)
    open_document(client, uri, UNKNOWN_FIELD, version=1)
    assert "DDB002" in codes(await wait_for_publish(client, uri, 1))

    replace_text(client, uri, CLEAN, version=2)
    fixed = await wait_for_publish(client, uri, 2)
    assert "DDB002" not in codes(fixed)

    replace_text(client, uri, BAD_YAML, version=3)
    broken = await wait_for_publish(client, uri, 3)
    assert codes(broken) == ["DDB001"]


async def test_quick_edits_never_publish_a_stale_version(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    uri = spec_uri(workspace)
    open_document(client, uri, CLEAN, version=1)
    await wait_for_publish(client, uri, 1)

    for version, text in [(2, UNKNOWN_FIELD), (3, BAD_YAML), (4, UNKNOWN_FIELD), (5, CLEAN)]:
        replace_text(client, uri, text, version)
    latest = await wait_for_publish(client, uri, 5)
    await asyncio.sleep(0.3)  # anything stale would show up now

    assert "DDB002" not in codes(latest)
    # Each version is published only if it is still the latest when its check ends.
    published = [p.version for p in client.published if p.uri == uri]
    assert published == sorted(set(published))
    assert published[-1] == 5


async def test_a_debounce_publishes_only_the_latest_of_quick_edits(
    client: RecordingClient, workspace: Path
) -> None:
    await initialize(client, workspace, configuration={"debounceMs": 200})
    uri = spec_uri(workspace)
    open_document(client, uri, CLEAN, version=1)
    await wait_for_publish(client, uri, 1)

    for version, text in [(2, UNKNOWN_FIELD), (3, BAD_YAML), (4, UNKNOWN_FIELD), (5, CLEAN)]:
        replace_text(client, uri, text, version)
    latest = await wait_for_publish(client, uri, 5)
    await asyncio.sleep(0.3)

    assert "DDB002" not in codes(latest)
    assert [p.version for p in client.published if p.uri == uri] == [1, 5]


async def test_save_checks_again(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    uri = spec_uri(workspace)
    open_document(client, uri, UNKNOWN_FIELD, version=1)
    first = await wait_for_publish(client, uri, 1)
    seen = len(client.published)

    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )

    again = await wait_for_publish(client, uri, 1, after=seen)
    assert codes(again) == codes(first)


async def test_diagnostics_vanish_on_close(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    uri = spec_uri(workspace)
    open_document(client, uri, UNKNOWN_FIELD)
    await wait_for_publish(client, uri, 1)
    seen = len(client.published)

    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )

    cleared = await wait_for_publish(client, uri, after=seen)
    assert list(cleared.diagnostics) == []


async def test_close_right_after_an_edit_publishes_nothing_stale(
    client: RecordingClient, workspace: Path
) -> None:
    await initialize(client, workspace)
    uri = spec_uri(workspace)
    open_document(client, uri, CLEAN)
    await wait_for_publish(client, uri, 1)

    replace_text(client, uri, UNKNOWN_FIELD, version=2)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await asyncio.sleep(0.3)

    # Version 2 may have been checked and published before the close arrived; after the
    # close's clearing, nothing.
    assert client.published[-1].uri == uri
    assert client.published[-1].version is None
    assert list(client.published[-1].diagnostics) == []


async def test_only_design_specs_and_python_code_are_checked(
    client: RecordingClient, workspace: Path
) -> None:
    await initialize(client, workspace)
    other_yaml = (workspace / "docker-compose.yaml").as_uri()
    python = (workspace / "app.py").as_uri()
    spec = spec_uri(workspace, "Orders.DDB.YML")
    open_document(client, other_yaml, UNKNOWN_FIELD)
    open_document(client, python, "import boto3\n")
    open_document(client, spec, UNKNOWN_FIELD)

    await wait_for_publish(client, spec, 1)
    await wait_for_publish(client, python, 1)

    assert {p.uri for p in client.published} == {spec, python}


async def test_the_server_survives_bad_input(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    unknown = spec_uri(workspace, "never-opened.ddb.yaml")
    # Notifications about a document the client never opened.
    replace_text(client, unknown, CLEAN, version=2)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=unknown))
    )
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=unknown))
    )
    # Text that is not a spec at all.
    garbage = spec_uri(workspace, "garbage.ddb.yaml")
    open_document(client, garbage, "\x00\x01\ufeff: [{\n\t- - ]]\n&a *b\n" * 50)

    published = await wait_for_publish(client, garbage, 1)

    assert published.diagnostics
    assert all(p.uri != unknown for p in client.published)
    # Still serving: a clean document gets its (empty) diagnostics.
    clean = spec_uri(workspace, "clean.ddb.yaml")
    open_document(client, clean, CLEAN)
    assert "DDB002" not in codes(await wait_for_publish(client, clean, 1))
