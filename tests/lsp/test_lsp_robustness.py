"""When checking a document fails, the failure is logged, the document keeps its last
diagnostics and the server goes on serving."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.lsp_session import (
    RecordingClient,
    codes,
    initialize,
    open_document,
    replace_text,
    server_fixture,
    spec_uri,
    wait_for_log,
    wait_for_publish,
)

FLAKY_SERVER = [sys.executable, str(Path(__file__).with_name("flaky_server.py"))]

SPEC = """\
version: 1
tables:
  Orders:
    billing: on-demand
    key: {partition: PK}
    colour: blue
"""


@server_fixture(FLAKY_SERVER)
async def flaky(lsp_client: RecordingClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    lsp_client.editor = request.param
    yield
    await lsp_client.shutdown_session()


async def test_a_failing_check_keeps_the_last_diagnostics(flaky: RecordingClient, workspace: Path) -> None:
    await initialize(flaky, workspace)
    uri = spec_uri(workspace, "orders.flaky.ddb.yaml")
    open_document(flaky, uri, SPEC)
    assert codes(await wait_for_publish(flaky, uri, 1)) == ["DDB002"]

    replace_text(flaky, uri, SPEC + "# explode\n", version=2)
    failure = await wait_for_log(flaky, "the analyzer exploded")

    assert failure.type == types.MessageType.Error
    assert "orders.flaky.ddb.yaml" in failure.message
    assert all(p.version != 2 for p in flaky.published)
    assert codes(flaky.published[-1]) == ["DDB002"]
    # The next version is checked as usual.
    replace_text(flaky, uri, SPEC.replace("    colour: blue\n", ""), version=3)
    assert codes(await wait_for_publish(flaky, uri, 3)) == []


async def test_engine_warnings_reach_the_editor_log(flaky: RecordingClient, workspace: Path) -> None:
    await initialize(flaky, workspace)
    uri = spec_uri(workspace, "orders.flaky.ddb.yaml")
    open_document(flaky, uri, SPEC + "# grumble\n")

    assert codes(await wait_for_publish(flaky, uri, 1)) == ["DDB002"]
    warning = await wait_for_log(flaky, "rule DDB999 failed")
    assert warning.type == types.MessageType.Warning
