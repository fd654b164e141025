"""Smoke: the server module imports under pygls 2.x and a client completes ``initialize``."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

import ddb_architect
from ddb_architect.lsp.server import DdbLanguageServer, create_server
from tests.lsp.lsp_session import RecordingClient, initialize


def test_the_factory_builds_a_named_server() -> None:
    server = create_server()
    assert isinstance(server, DdbLanguageServer)
    assert server.name == "ddb-architect"
    assert server.version == ddb_architect.__version__


async def test_initialize_completes(client: RecordingClient, workspace: Path) -> None:
    result = await initialize(client, workspace)

    assert result.server_info is not None
    assert result.server_info.name == "ddb-architect"
    assert result.server_info.version == ddb_architect.__version__
    sync = result.capabilities.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.open_close is True
    assert sync.change == types.TextDocumentSyncKind.Incremental
    assert sync.save is not None
