"""The language server: built by a factory, its features registered in one place, run on
stdio or TCP.

The server is a thin adapter. It owns no DynamoDB knowledge: analyzers (by file suffix)
call the engine, and each feature module turns the engine's results into protocol
messages. Everything it logs goes to stderr and the editor's log; stdout is the protocol.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from ddb_architect import __version__
from ddb_architect.lsp.analyzers import AnalysisRequest, PythonRead, default_analyzers
from ddb_architect.lsp.client_log import ClientLog, configure_stderr_logging
from ddb_architect.lsp.code_actions import CodeActionFeature
from ddb_architect.lsp.commands import CommandsFeature
from ddb_architect.lsp.completion import CompletionFeature
from ddb_architect.lsp.configuration import Configuration
from ddb_architect.lsp.diagnostics import DiagnosticsFeature
from ddb_architect.lsp.hover import HoverFeature
from ddb_architect.lsp.python_specs import open_spec_document, python_specs
from ddb_architect.lsp.watched_files import WatchedFiles
from ddb_architect.lsp.workspace_index import WorkspaceIndex

if TYPE_CHECKING:
    from pygls.exceptions import JsonRpcException, PyglsError

    from ddb_architect.rules.code_context import CodeContext

NAME = "ddb-architect"


class DdbLanguageServer(LanguageServer):
    """The ddb-architect server and its features."""

    def __init__(self) -> None:
        super().__init__(NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.client_log = ClientLog(self)
        # Python code is checked against the specs as the editor holds them; specs get
        # DDB706 from the workspace index, which is told of each Python document read.
        self.analyzers = default_analyzers(
            lambda request: python_specs(self, request.path, request.settings, request.project).specs,
            workspace_findings=lambda request, document: self.workspace_index.spec_findings(
                request, document
            ),
            python_read=self._python_read,
            spec_loader=lambda request: open_spec_document(self, request.path, request.text),
        )
        self.python_read_listeners: list[PythonRead] = []
        """Told of each Python document read by its check, after the workspace index."""
        self.configuration = Configuration(self, self.client_log)
        self.diagnostics = DiagnosticsFeature(self, self.configuration, self.analyzers, self.client_log)
        self.watched_files = WatchedFiles(self, self.diagnostics, self.client_log)
        self.workspace_index = WorkspaceIndex(
            self,
            self.configuration,
            self.diagnostics,
            self.client_log,
            watching=lambda: self.watched_files.registered,
        )

    def _python_read(self, request: AnalysisRequest, context: CodeContext | None) -> None:
        self.workspace_index.python_read(request, context)
        for listener in self.python_read_listeners:
            listener(request, context)

    def report_server_error(
        self, error: Exception, source: type[PyglsError] | type[JsonRpcException]
    ) -> None:
        """pygls reports unexpected errors in a message box; log them instead (a failed
        request already answers with its error)."""
        self.client_log.error(f"internal error ({source.__name__}): {error}")


def load_engine() -> None:
    """Import the engine and load the data it reads once (botocore's DynamoDB model,
    the price tables). The server answers ``initialize`` without them; this runs in a
    background thread right after, so the first document's check rarely waits."""
    from ddb_architect.code.service_model import dynamo_model
    from ddb_architect.cost.prices import price_data
    from ddb_architect.engine import check_python, check_spec  # noqa: F401
    from ddb_architect.hover import SpecHovers  # noqa: F401
    from ddb_architect.workspace import code_usage  # noqa: F401

    dynamo_model()
    price_data()
    # What is loaded now lives as long as the server: out of the collector's way.
    gc.freeze()


async def _load_engine_in_background() -> None:
    threading.Thread(target=load_engine, name="ddb-load-engine", daemon=True).start()


def _register_lifecycle(server: DdbLanguageServer) -> None:
    @server.feature(types.SHUTDOWN)
    def shutdown(ls: DdbLanguageServer, params: None) -> None:
        ls.diagnostics.close()
        ls.workspace_index.close()

    @server.feature(types.EXIT)
    def exit_(ls: DdbLanguageServer, params: None) -> None:
        # pygls exits next; the interpreter then waits for the worker threads. A check or
        # a scan still running must not keep the process alive after the editor said exit.
        code = 0 if ls.protocol._shutdown else 1
        timer = threading.Timer(EXIT_GRACE_S, _exit_now, args=(code,))
        timer.daemon = True
        timer.start()


EXIT_GRACE_S = 2.0
"""How long the process may take to end by itself after ``exit``."""


def _exit_now(code: int) -> None:
    sys.stderr.flush()
    os._exit(code)


def create_server() -> DdbLanguageServer:
    """A new server with every feature registered."""
    server = DdbLanguageServer()
    server.configuration.register(server)
    server.diagnostics.register(server)
    hovers = HoverFeature(server, server.client_log, server.configuration)
    hovers.register(server)
    server.python_read_listeners.append(hovers.python_checked)
    CompletionFeature(server, server.client_log).register(server)
    CodeActionFeature(server, server.configuration, server.client_log).register(server)
    CommandsFeature(server, server.configuration, server.client_log).register(server)
    server.watched_files.register(server)
    server.configuration.on_change(server.diagnostics.recheck_open_documents)
    server.diagnostics.on_close(server.workspace_index.document_closed)
    server.watched_files.on_change(server.workspace_index.files_changed)
    server.configuration.after_initialized(_load_engine_in_background)
    server.configuration.after_initialized(server.workspace_index.start)
    server.configuration.after_initialized(server.watched_files.watch)
    _register_lifecycle(server)
    return server


def run(*, tcp: tuple[str, int] | None = None) -> None:
    """Serve one client: on stdio, or on a TCP port when ``tcp`` is ``(host, port)``."""
    configure_stderr_logging()
    server = create_server()
    server.diagnostics.collector.install()
    if tcp is not None:
        host, port = tcp
        server.start_tcp(host, port)
        return
    protocol_out = sys.stdout.buffer
    # Only the protocol may write to stdout: a stray print() anywhere goes to stderr.
    saved_stdout, sys.stdout = sys.stdout, sys.stderr
    try:
        server.start_io(sys.stdin.buffer, protocol_out)
    finally:
        sys.stdout = saved_stdout
