"""The end-to-end session: the server command, a recording test client and the steps of an
editor session (initialize, open, edit, wait for diagnostics)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

# Starts the server the way the CLI's `serve` will, without depending on the CLI.
SERVER_COMMAND = [sys.executable, "-c", "from ddb_architect.lsp.server import run; run()"]

EDITORS = ["neovim", "visual-studio-code"]

WAIT_S = 10.0


class RecordingClient(LanguageClient):
    """A test client that keeps every publishDiagnostics (with its version), accepts
    capability registrations as real editors do, and knows which editor it plays."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.editor = EDITORS[0]
        self.published: list[types.PublishDiagnosticsParams] = []
        self.registrations: list[types.Registration] = []


def _record_diagnostics(ls: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    ls.published.append(params)
    ls.diagnostics[params.uri] = params.diagnostics


def _accept_registration(ls: RecordingClient, params: types.RegistrationParams) -> None:
    ls.registrations.extend(params.registrations)


def _accept_unregistration(ls: RecordingClient, params: types.UnregistrationParams) -> None:
    return None


def make_client() -> RecordingClient:
    client = RecordingClient()
    features: dict[str, Callable[..., Any]] = {
        **DEFAULT_CLIENT_FEATURES,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _record_diagnostics,
        types.CLIENT_REGISTER_CAPABILITY: _accept_registration,
        types.CLIENT_UNREGISTER_CAPABILITY: _accept_unregistration,
    }
    register_lsp_features(client, features)
    return client


F = TypeVar("F", bound=Callable[..., Any])


def server_fixture(server_command: list[str]) -> Callable[[F], F]:
    """A pytest-lsp fixture of a server started with ``server_command`` and a recording
    client, run once as each editor (``request.param``)."""
    decorator = pytest_lsp.fixture(
        params=EDITORS,
        config=ClientServerConfig(server_command=server_command, client_factory=make_client),
    )
    return cast(Callable[[F], F], decorator)


async def initialize(
    client: RecordingClient,
    root: Path,
    initialization_options: Any = None,
    configuration: Any = None,
) -> types.InitializeResult:
    """Initialize the session as the client's editor would; ``configuration`` is what the
    client answers to ``workspace/configuration`` for the ``ddb-architect`` section."""
    if configuration is not None:
        client.set_configuration(configuration, section="ddb-architect")
    result: types.InitializeResult = await client.initialize_session(
        types.InitializeParams(
            capabilities=pytest_lsp.client_capabilities(client.editor),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=initialization_options,
        )
    )
    return result


def open_document(client: RecordingClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)
        )
    )


def replace_text(client: RecordingClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def edit_range(client: RecordingClient, uri: str, edit_range: types.Range, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=edit_range, text=text)],
        )
    )


async def wait_for_publish(
    client: RecordingClient,
    uri: str,
    version: int | None = None,
    *,
    after: int = 0,
    timeout: float = WAIT_S,
) -> types.PublishDiagnosticsParams:
    """The first diagnostics published for ``uri`` (at ``version``, when given) among
    those received after the first ``after`` publications."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        for params in client.published[after:]:
            if params.uri == uri and (version is None or params.version == version):
                return params
        if loop.time() > deadline:
            seen = [(p.uri, p.version, len(p.diagnostics)) for p in client.published]
            raise AssertionError(f"no diagnostics for {uri} version {version}; published: {seen}")
        await asyncio.sleep(0.01)


async def wait_for_log(
    client: RecordingClient, needle: str, *, timeout: float = WAIT_S
) -> types.LogMessageParams:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        for message in client.log_messages:
            if needle in message.message:
                return message
        if loop.time() > deadline:
            raise AssertionError(
                f"no log message with {needle!r}; got {[m.message for m in client.log_messages]}"
            )
        await asyncio.sleep(0.01)


def codes(params: types.PublishDiagnosticsParams) -> list[str]:
    return [str(d.code) for d in params.diagnostics]


def spec_uri(root: Path, name: str = "orders.ddb.yaml") -> str:
    return (root / name).as_uri()
