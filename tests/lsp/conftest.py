"""End-to-end fixtures: the real server over stdio, driven by pytest-lsp with the recorded
capabilities of Neovim and VS Code (every end-to-end test runs once with each)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.lsp.lsp_session import SERVER_COMMAND, RecordingClient, server_fixture


@server_fixture(SERVER_COMMAND)
async def client(lsp_client: RecordingClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """A started server and its client, not yet initialized: each test initializes it
    with the options its story needs (see ``initialize``)."""
    lsp_client.editor = request.param
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty project folder (no pyproject.toml above it decides anything)."""
    root = tmp_path / "project"
    root.mkdir()
    return root
