"""Hostile input to the server over stdio, as Neovim and VS Code: alias bombs, deep
nesting, 20 MB documents, NUL bytes and lone surrogates, a storm of edits with ranges
that do not exist, requests about documents never opened or positions past the end, and
settings of the wrong type. Each gets a diagnostic, an empty answer or a log message —
and the server keeps answering."""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from ddb_architect.findings import Position
from tests.hostile.inputs import ODD_TEXTS, billion_laughs, deep_flow, oversized_python, oversized_spec
from tests.lsp.lsp_session import (
    EDITORS,
    RecordingClient,
    codes,
    edit_range,
    initialize,
    open_document,
    replace_text,
    spec_uri,
    wait_for_publish,
)

SPEC = """\
version: 1
tables:
  Orders:
    key: {partition: PK, sort: SK}
    billing: on-demand
    entities:
      Order: {keys: {PK: "ORDER#{id}", SK: META}, fields: {id: {type: S}}, item_size: 2KB, count: 1M}
    access_patterns:
      - {name: get-order, op: GetItem, entity: Order, rate: 10/s}
"""
HOVERED = Position(8, SPEC.splitlines()[8].index("get-order"))


def _document(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def hover(client: RecordingClient, uri: str, line: int, character: int) -> types.Hover | None:
    result: types.Hover | None = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=_document(uri), position=types.Position(line=line, character=character)
            )
        ),
        10,
    )
    return result


async def complete(
    client: RecordingClient, uri: str, line: int, character: int
) -> list[types.CompletionItem]:
    result = await asyncio.wait_for(
        client.text_document_completion_async(
            types.CompletionParams(
                text_document=_document(uri), position=types.Position(line=line, character=character)
            )
        ),
        10,
    )
    if result is None:
        return []
    return result.items if isinstance(result, types.CompletionList) else list(result)


async def code_actions(client: RecordingClient, uri: str, line: int, character: int) -> list[object]:
    where = types.Range(
        start=types.Position(line=line, character=character),
        end=types.Position(line=line, character=character),
    )
    diagnostic = types.Diagnostic(range=where, message="stale", code="DDB002", source="ddb-architect")
    result = await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=_document(uri),
                range=where,
                context=types.CodeActionContext(diagnostics=[diagnostic]),
            )
        ),
        10,
    )
    return list(result or [])


async def still_answers(client: RecordingClient, uri: str) -> None:
    """The server hovers a document it knows: it is alive and serving."""
    result = await hover(client, uri, HOVERED.line, HOVERED.column)
    assert result is not None
    assert "get-order" in str(result.contents)


async def test_bombs_and_odd_text_get_diagnostics(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    documents = {"laughs": billion_laughs(), "deep": deep_flow(), **ODD_TEXTS}
    uris = {name: spec_uri(workspace, f"{n}.ddb.yaml") for n, name in enumerate(documents)}
    started = time.monotonic()
    for name, text in documents.items():
        open_document(client, uris[name], text)
    for name in documents:
        await wait_for_publish(client, uris[name], 1)
    assert time.monotonic() - started < 10
    published = {p.uri: p for p in client.published}
    assert codes(published[uris["laughs"]]) == ["DDB001"]
    assert "aliases expand" in published[uris["laughs"]].diagnostics[0].message
    assert codes(published[uris["deep"]]) == ["DDB001"]
    assert "DDB001" in codes(published[uris["nul bytes"]])
    assert "DDB001" in codes(published[uris["lone surrogates"]])
    # Python documents with the same text: no diagnostics (not Python), no crash.
    python = (workspace / "odd.py").as_uri()
    open_document(client, python, "import boto3\n" + ODD_TEXTS["lone surrogates"] + ODD_TEXTS["nul bytes"])
    assert codes(await wait_for_publish(client, python, 1)) == []
    for name in ("laughs", "nul bytes", "lone surrogates"):
        await hover(client, uris[name], 1, 3)
        await complete(client, uris[name], 1, 3)
        await code_actions(client, uris[name], 1, 3)
    good = spec_uri(workspace, "good.ddb.yaml")
    open_document(client, good, SPEC)
    await wait_for_publish(client, good, 1)
    await still_answers(client, good)


async def test_20_mb_documents_are_skipped_with_an_information_diagnostic(
    client: RecordingClient, workspace: Path
) -> None:
    await initialize(client, workspace)  # first: the fixture shuts an initialized session down
    if client.editor != EDITORS[0]:
        pytest.skip("40 MB through the protocol once is enough: positions are not at stake")
    spec = spec_uri(workspace, "big.ddb.yaml")
    python = (workspace / "big.py").as_uri()
    open_document(client, spec, oversized_spec(20))
    open_document(client, python, oversized_python(20))

    for uri, what in ((spec, "design spec"), (python, "Python file")):
        published = await wait_for_publish(client, uri, 1, timeout=30)
        [diagnostic] = published.diagnostics
        assert diagnostic.severity == types.DiagnosticSeverity.Information
        assert f"over the 10 MB limit for a {what}: it was skipped" in diagnostic.message
        # Each request answers at once, with nothing to offer: the text is not even split.
        started = time.monotonic()
        assert await hover(client, uri, 3, 6) is None
        assert await complete(client, uri, 3, 6) == []
        assert await code_actions(client, uri, 0, 0) == []
        assert time.monotonic() - started < 3


async def test_a_storm_of_hostile_edits_leaves_the_server_answering(
    client: RecordingClient, workspace: Path
) -> None:
    await initialize(client, workspace)
    good = spec_uri(workspace, "good.ddb.yaml")
    open_document(client, good, SPEC)
    uri = spec_uri(workspace, "storm.ddb.yaml")
    open_document(client, uri, SPEC)
    code = (workspace / "storm.py").as_uri()
    open_document(client, code, "import boto3\nt = boto3.resource('dynamodb').Table('Orders')\nt.scan()\n")
    rng = random.Random(7)
    pieces = ["\x00", "\ud800", "{", "[", "&a *a", "\n", "\r\n", "\u2028", "😋", "- ", ": ", "\t", "*" * 300]
    version = 1
    for _ in range(100):
        version += 1
        target = rng.choice([uri, code])
        line, character = rng.randint(0, 12), rng.randint(0, 90)
        # Ranges past the end of the document and of their line, backwards ones too.
        end_line, end_character = line + rng.randint(-1, 3), rng.randint(0, 200)
        edit = types.Range(
            start=types.Position(line=line, character=character),
            end=types.Position(line=max(end_line, 0), character=end_character),
        )
        if rng.random() < 0.1:
            replace_text(client, target, rng.choice([billion_laughs(), "", "\x00" * 50, SPEC]), version)
        else:
            edit_range(client, target, edit, rng.choice(pieces), version)
        if rng.random() < 0.2:
            await hover(client, target, line, character)
            await complete(client, target, line, character)
    replace_text(client, uri, SPEC, version + 1)
    assert codes(await wait_for_publish(client, uri, version + 1)) == []
    await still_answers(client, uri)
    await still_answers(client, good)


async def test_requests_about_unknown_documents_and_positions_past_the_end(
    client: RecordingClient, workspace: Path
) -> None:
    await initialize(client, workspace)
    uri = spec_uri(workspace)
    open_document(client, uri, SPEC)
    await wait_for_publish(client, uri, 1)
    code = (workspace / "orders.py").as_uri()
    open_document(client, code, "import boto3\nt = boto3.resource('dynamodb').Table('Orders')\nt.scan()\n")
    never_opened = [
        spec_uri(workspace, "never-opened.ddb.yaml"),
        (workspace / "never_opened.py").as_uri(),
        "untitled:Untitled-1",
        "file:///nowhere/at/all.ddb.yaml",
        "not a uri at all",
    ]
    places = [(0, 0), (99, 0), (8, 10_000), (3, 2**31 - 1)]
    for target in [*never_opened, uri, code]:
        for line, character in places:
            if target in (uri, code) and (line, character) == (0, 0):
                continue
            assert await hover(client, target, line, character) is None
            await complete(client, target, line, character)
            await code_actions(client, target, line, character)
    # A request the server does not serve gets an error answer, not silence or a crash.
    for target in (uri, never_opened[0]):
        answer: object
        try:
            answer = await asyncio.wait_for(
                client.text_document_definition_async(
                    types.DefinitionParams(
                        text_document=_document(target), position=types.Position(line=0, character=0)
                    )
                ),
                10,
            )
        except JsonRpcException as error:
            answer = error
        assert answer is None or isinstance(answer, (JsonRpcException, list, types.Location))
    await still_answers(client, uri)


JUNK_SETTINGS: list[tuple[object, str]] = [
    (42, "expected an object"),
    ("select everything", "expected an object"),
    ([1, 2, 3], "expected an object"),
    ({"ddb-architect": {"select": 5, "ignore": {"a": 1}, "severity": ["DDB002"]}}, "select"),
    ({"ddb-architect": {"region": {"nested": True}, "specs": 3, "unknownSetting": "x"}}, "region"),
    ({"ddb-architect": {"severity": {"DDB002": "catastrophic"}, "debounceMs": 10**12}}, "catastrophic"),
    ({"ddb-architect": {"debounceMs": "soon", "docsBaseUrl": 1.5}}, "soon"),
]


async def wait_for_new_log(client: RecordingClient, needle: str, after: int) -> types.LogMessageParams:
    for _ in range(1000):
        for message in client.log_messages[after:]:
            if needle in message.message:
                return message
        await asyncio.sleep(0.01)
    raise AssertionError(
        f"no new log message with {needle!r}: {[m.message for m in client.log_messages[after:]]}"
    )


async def test_settings_of_the_wrong_type_are_logged_and_the_defaults_used(
    client: RecordingClient, workspace: Path
) -> None:
    await initialize(client, workspace)
    uri = spec_uri(workspace)
    open_document(client, uri, SPEC.replace("billing: on-demand", "billing: on-demand\n    colour: blue"))
    assert codes(await wait_for_publish(client, uri, 1)) == ["DDB002"]
    for settings, needle in JUNK_SETTINGS:
        # Pushed with the notification (older clients) and answered to workspace/configuration.
        section = settings.get("ddb-architect") if isinstance(settings, dict) else settings
        client.set_configuration(section, section="ddb-architect")
        seen = len(client.log_messages)
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=settings))
        logged = await wait_for_new_log(client, needle, seen)
        assert logged.type == types.MessageType.Warning
        assert "ddb-architect settings" in logged.message
    # Still checking, with the defaults for what could not be read.
    replace_text(client, uri, SPEC.replace("billing: on-demand", "billing: on-demand\n    colour: red"), 2)
    assert "DDB002" in codes(await wait_for_publish(client, uri, 2))
    replace_text(client, uri, SPEC, 3)
    await wait_for_publish(client, uri, 3)
    await still_answers(client, uri)
