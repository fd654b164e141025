"""Incremental work, shown by counting analyses rather than timing them: while a check
runs, edits coalesce (only the newest version is checked after it, the stale ones are
dropped and never published); an edit re-analyses the edited document and the open
documents that depend on it, nothing else; an open spec is parsed once per text, for its
check, its hovers and the code checked against it."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from lsprotocol import types

from ddb_architect.engine import check_spec
from ddb_architect.lsp.python_specs import open_spec_document, spec_documents
from tests.lsp.lsp_session import (
    RecordingClient,
    initialize,
    open_document,
    replace_text,
    server_fixture,
    spec_uri,
    wait_for_log,
    wait_for_publish,
)
from tests.lsp.test_lsp_python import open_file

COUNTING_SERVER = [sys.executable, str(Path(__file__).with_name("counting_server.py"))]

SPEC = """\
version: 1
tables:
  Orders:
    billing: on-demand
    key: {partition: PK, sort: SK}
"""

CODE = """\
import boto3

table = boto3.resource("dynamodb").Table("Orders")


def order(order_id):
    return table.get_item(Key={"PK": order_id, "SK": "ORDER"})
"""


@server_fixture(COUNTING_SERVER)
async def counting(lsp_client: RecordingClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    lsp_client.editor = request.param
    yield
    await lsp_client.shutdown_session()


def analyses(client: RecordingClient, name: str) -> list[str]:
    """What was analysed of the file ``name``: each analysis's last line, in order."""
    prefix = f"analysed {name}: "
    return [m.message.split(prefix, 1)[1] for m in client.log_messages if prefix in m.message]


async def test_edits_during_a_check_are_coalesced_into_the_newest(
    counting: RecordingClient, workspace: Path
) -> None:
    await initialize(counting, workspace)
    uri = spec_uri(workspace)
    open_document(counting, uri, SPEC + "# slow\n# edit 1", version=1)
    await wait_for_publish(counting, uri, 1)

    replace_text(counting, uri, SPEC + "# slow\n# edit 2", version=2)
    # Typed while version 2 is being checked (0.4 s; its log arrives when it ends).
    await asyncio.sleep(0.15)
    for version in (3, 4, 5):
        replace_text(counting, uri, SPEC + f"# slow\n# edit {version}", version=version)
    await wait_for_publish(counting, uri, 5)
    await asyncio.sleep(0.5)  # anything stale still queued would run and publish now

    assert analyses(counting, "orders.ddb.yaml") == ["# edit 1", "# edit 2", "# edit 5"]
    assert [p.version for p in counting.published if p.uri == uri] == [1, 5]


async def test_an_edit_reanalyses_only_what_depends_on_it(counting: RecordingClient, workspace: Path) -> None:
    await initialize(counting, workspace)
    orders, other, code = spec_uri(workspace), spec_uri(workspace, "other.ddb.yaml"), (workspace / "store.py")
    open_document(counting, orders, SPEC + "# orders 1", version=1)
    open_document(counting, other, SPEC.replace("Orders", "Other") + "# other 1", version=1)
    open_file(counting, code.as_uri(), CODE + "# code 1", "python")
    for uri in (orders, other, code.as_uri()):
        await wait_for_publish(counting, uri, 1)
    await asyncio.sleep(0.3)
    before = {
        name: len(analyses(counting, name)) for name in ("orders.ddb.yaml", "other.ddb.yaml", "store.py")
    }

    # Editing the code: only the code is analysed again.
    seen = len(counting.published)
    replace_text(counting, code.as_uri(), CODE + "# code 2", version=2)
    await wait_for_publish(counting, code.as_uri(), 2, after=seen)
    await asyncio.sleep(0.3)
    assert analyses(counting, "store.py")[before["store.py"] :] == ["# code 2"]
    assert len(analyses(counting, "orders.ddb.yaml")) == before["orders.ddb.yaml"]
    assert len(analyses(counting, "other.ddb.yaml")) == before["other.ddb.yaml"]

    # Editing a spec: the spec and the code that is checked against specs; not the other spec.
    replace_text(counting, orders, SPEC + "# orders 2", version=2)
    await wait_for_publish(counting, orders, 2)
    await wait_for_log(counting, "analysed store.py: # code 2")
    await asyncio.sleep(0.3)
    assert analyses(counting, "orders.ddb.yaml")[before["orders.ddb.yaml"] :] == ["# orders 2"]
    assert analyses(counting, "store.py")[before["store.py"] :] == ["# code 2", "# code 2"]
    assert len(analyses(counting, "other.ddb.yaml")) == before["other.ddb.yaml"]


async def test_code_depending_on_a_spec_being_typed_is_checked_once_typing_pauses(
    counting: RecordingClient, workspace: Path
) -> None:
    await initialize(counting, workspace)
    orders, code = spec_uri(workspace), (workspace / "store.py").as_uri()
    open_document(counting, orders, SPEC + "# orders 1", version=1)
    open_file(counting, code, CODE + "# code 1", "python")
    await wait_for_publish(counting, orders, 1)
    await wait_for_publish(counting, code, 1)
    await asyncio.sleep(0.5)
    before = len(analyses(counting, "store.py"))

    for version in range(2, 7):  # keystrokes in the spec
        replace_text(counting, orders, SPEC + f"# orders {version}", version=version)
    await wait_for_publish(counting, orders, 6)
    for _ in range(1000):
        if len(analyses(counting, "store.py")) > before:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.6)  # a second check of the code would have come by now

    assert analyses(counting, "store.py")[before:] == ["# code 1"]
    order = [m.message for m in counting.log_messages if m.message.startswith("analysed ")]
    assert order.index("analysed orders.ddb.yaml: # orders 6") < len(order) - 1
    assert order[-1] == "analysed store.py: # code 1"


async def test_the_first_hover_after_an_edit_reuses_the_checks_reading(
    counting: RecordingClient, workspace: Path
) -> None:
    await initialize(counting, workspace)
    open_document(counting, spec_uri(workspace), SPEC)
    code = (workspace / "store.py").as_uri()
    open_file(counting, code, CODE, "python")
    await wait_for_publish(counting, code, 1)
    replace_text(counting, code, CODE + "# edited\n", version=2)
    await wait_for_publish(counting, code, 2)
    await asyncio.sleep(0.3)
    reads = [m.message for m in counting.log_messages if m.message == "read store.py"]

    hovered = await counting.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=code),
            position=types.Position(line=6, character=18),
        )
    )

    assert hovered is not None
    assert [m.message for m in counting.log_messages if m.message == "read store.py"] == reads


def test_an_open_spec_is_parsed_once_per_text(tmp_path: Path) -> None:
    path = str(tmp_path / "orders.ddb.yaml")
    documents = spec_documents(None)
    loads = documents.loads

    first = open_spec_document(None, path, SPEC)
    # Its check, its hovers and the code checked against it all get this one parse.
    assert open_spec_document(None, path, SPEC) is first
    assert check_spec(SPEC, path, document=first).document is first
    assert documents.loads == loads + 1

    edited = open_spec_document(None, path, SPEC + "# edited\n")
    assert edited is not first
    assert documents.loads == loads + 2
    # A document of another text is never used for this one.
    assert check_spec(SPEC, path, document=edited).document is not edited
