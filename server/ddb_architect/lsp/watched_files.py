"""Files that change on disk behind the editor's back: specs (written by another tool, a
``git checkout``, a spec closed unsaved), ``pyproject.toml`` and Python code.

When the client can register file watchers dynamically (VS Code), the server asks it to
watch ``**/*.ddb.{yaml,yml}``, ``**/pyproject.toml`` and ``**/*.py``; a change to a spec
checks the open Python documents again, a change to a project file every open document,
and every change is passed on to the listeners (the workspace index reads Python files
again). Clients that cannot (Neovim's recorded capabilities) still get fresh results at
the next check: loaded specs are kept only while their file's modification time and size
are unchanged, and the workspace index looks at its files' times when a spec is checked.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from ddb_architect.lsp.client_log import ClientLog
from ddb_architect.lsp.configuration import CLIENT_REQUEST_TIMEOUT_S
from ddb_architect.lsp.diagnostics import DiagnosticsFeature

WATCHED = ("**/*.ddb.{yaml,yml}", "**/pyproject.toml", "**/*.py")
PROJECT_FILE = "pyproject.toml"


class WatchedFiles:
    """Registers the watchers and turns file events into checks."""

    def __init__(self, server: LanguageServer, diagnostics: DiagnosticsFeature, log: ClientLog) -> None:
        self._server = server
        self._diagnostics = diagnostics
        self._log = log
        self._listeners: list[Callable[[list[str]], None]] = []
        self.registered = False
        """True once the client accepted the watchers."""

    def on_change(self, listener: Callable[[list[str]], None]) -> None:
        """Call ``listener`` with the URIs of the files each event says changed."""
        self._listeners.append(listener)

    def register(self, server: LanguageServer) -> None:
        @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
        def did_change_watched_files(ls: LanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
            self.changed([change.uri for change in params.changes])

    def changed(self, uris: list[str]) -> None:
        """Check again what depends on the files at ``uris``."""
        for listener in self._listeners:
            try:
                listener(uris)
            except Exception:
                self._log.error("a listener of file changes failed", exc_info=True)
        if any(uri.rstrip("/").endswith("/" + PROJECT_FILE) for uri in uris):
            self._diagnostics.recheck_open_documents()
            return
        for uri in uris:
            self._diagnostics.recheck_dependents(uri, delay_s=0.0)

    @property
    def supported(self) -> bool:
        workspace = self._server.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        return bool(watched is not None and watched.dynamic_registration)

    async def watch(self) -> None:
        """Ask the client to watch the files (when it can register watchers)."""
        if not self.supported:
            return
        registration = types.Registration(
            id=str(uuid.uuid4()),
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
            ),
        )
        try:
            await asyncio.wait_for(
                self._server.client_register_capability_async(
                    types.RegistrationParams(registrations=[registration])
                ),
                CLIENT_REQUEST_TIMEOUT_S,
            )
        except Exception as error:
            self._log.info(f"the client did not register the file watchers: {error!r}")
            return
        self.registered = True
