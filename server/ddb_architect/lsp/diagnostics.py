"""Diagnostics for open documents: checked on open, save and change, cleared on close.

Each document has at most one pending check; a newer version cancels it. Checks of a
kind of document run one at a time in their worker, so while one runs, edits coalesce:
only the newest version waits for it and is checked the moment it ends, and the stale
result is dropped. Typing therefore costs at most one check in flight per document, and
the latency from the last edit to its diagnostics is the rest of the running check plus
one check, with no timer (``debounceMs``, 0 by default, adds a quiet time). A check reads
the document once, runs its analyzer in a worker thread on that text, converts positions
on that same text, and publishes with that text's version only if the document is still
open at that version: the editor never gets results for text it no longer shows. A
failing check is logged and publishes nothing, so the last good diagnostics stay.

When a document changes (opened, edited, saved, closed, or changed on disk), the open
documents whose findings depend on it are checked again: Python code when a spec changes.
Each kind of document has its own worker, so a slow Python file never delays a spec.
Listeners are told of each closed document (the workspace index reads it from disk again).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import PositionCodec

from ddb_architect.lsp.analyzers import (
    AnalysisRequest,
    AnalyzerRegistry,
    DocumentKind,
    document_path,
)
from ddb_architect.lsp.client_log import ClientLog, captured_engine_warnings, message_type
from ddb_architect.lsp.collector import QUIET_S, Collector
from ddb_architect.lsp.configuration import Configuration
from ddb_architect.lsp.convert import to_diagnostics


@dataclass(frozen=True)
class _Snapshot:
    """A document as it was when a check started."""

    uri: str
    version: int | None
    text: str
    codec: PositionCodec


@dataclass(frozen=True)
class _Outcome:
    diagnostics: list[types.Diagnostic]
    engine_warnings: list[tuple[int, str]]


def _analyze(
    kind: DocumentKind, request: AnalysisRequest, codec: PositionCodec, docs_base_url: str | None
) -> _Outcome:
    """Run in the worker thread: findings, then diagnostics on the request's own text."""
    with captured_engine_warnings() as records:
        findings = kind.analyze(request)
        diagnostics = to_diagnostics(findings, request.text, codec, docs_base_url)
    return _Outcome(diagnostics, [(r.levelno, r.getMessage()) for r in records])


DEPENDENT_DELAY_S = 0.25
"""How long after the last edit of a document the open documents depending on it (Python
code, on a spec) are checked again: while a spec is typed in, its own diagnostics come
first, and the code's follow once typing pauses (a quarter of a second)."""


class DiagnosticsFeature:
    """Schedules checks per document and publishes their diagnostics."""

    def __init__(
        self,
        server: LanguageServer,
        configuration: Configuration,
        analyzers: AnalyzerRegistry,
        log: ClientLog,
    ) -> None:
        self._server = server
        self._configuration = configuration
        self._analyzers = analyzers
        self._log = log
        self._open: set[str] = set()
        self._pending: dict[str, asyncio.Task[None]] = {}
        # One worker per kind of document: checks of a kind run one at a time, in order,
        # off the protocol's event loop.
        self._executors: dict[str, ThreadPoolExecutor] = {}
        self._close_listeners: list[Callable[[str], None]] = []
        self._idle = threading.Event()
        self._idle.set()
        self.collector = Collector()
        """The server's full garbage collections: not while the user types."""
        self._quiet_timer: asyncio.TimerHandle | None = None

    # ----- protocol

    def register(self, server: LanguageServer) -> None:
        @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
        def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
            uri = params.text_document.uri
            if self._analyzers.for_uri(uri) is not None:
                self._open.add(uri)
                self.schedule(uri, delay_s=0.0)
            self.recheck_dependents(uri, delay_s=0.0)

        @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
        def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
            uri = params.text_document.uri
            self._typed()
            delay_s = self._configuration.settings.debounce_ms / 1000
            if uri in self._open:
                self.schedule(uri, delay_s=delay_s)
            self.recheck_dependents(uri, delay_s=max(delay_s, DEPENDENT_DELAY_S))

        @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
        def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
            uri = params.text_document.uri
            if uri in self._open:
                self.schedule(uri, delay_s=0.0)
            self.recheck_dependents(uri, delay_s=0.0)

        @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
        def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
            uri = params.text_document.uri
            if uri in self._open:
                self._open.discard(uri)
                self._cancel(uri)
                self._publish(uri, None, [])
            # What depends on it now reads it from disk, without the unsaved edits.
            self.recheck_dependents(uri, delay_s=0.0)
            for listener in self._close_listeners:
                try:
                    listener(uri)
                except Exception:
                    self._log.error(f"a listener of {uri} closing failed", exc_info=True)

    def _typed(self) -> None:
        """An edit: full collections wait until typing pauses (then one is made if due)."""
        self.collector.edited()
        if self._quiet_timer is not None:
            self._quiet_timer.cancel()
        self._quiet_timer = asyncio.get_running_loop().call_later(QUIET_S, self.collector.maybe_collect)

    def wait_idle(self, timeout_s: float) -> bool:
        """From another thread: wait until no check is pending or running (at most
        ``timeout_s``); True when idle. Background work (the workspace index) calls it
        between files so that it never competes with the open documents' checks."""
        return self._idle.wait(timeout_s)

    def _update_idle(self) -> None:
        if self._pending:
            self._idle.clear()
        else:
            self._idle.set()

    def on_close(self, listener: Callable[[str], None]) -> None:
        """Call ``listener`` with the URI of each document the editor closes."""
        self._close_listeners.append(listener)

    # ----- scheduling

    def schedule(self, uri: str, *, delay_s: float, after: str | None = None) -> None:
        """Check a document after ``delay_s`` seconds, replacing any pending check of it;
        ``after``: and once the check of that other document pending then is done."""
        self._cancel(uri)
        task = asyncio.get_running_loop().create_task(self._check(uri, delay_s, after))
        self._pending[uri] = task
        self._update_idle()
        task.add_done_callback(lambda done: self._forget(uri, done))

    def recheck_open_documents(self) -> None:
        """Check every open document again now (after a settings change)."""
        for uri in sorted(self._open):
            self.schedule(uri, delay_s=0.0)

    def recheck_dependents(self, changed_uri: str, *, delay_s: float) -> None:
        """Check again the open documents whose findings depend on the document at
        ``changed_uri`` (open Python code when a spec changed): after ``delay_s`` seconds,
        and after the changed document's own check, which they would slow down."""
        for uri in sorted(self._open):
            kind = self._analyzers.for_uri(uri)
            if uri != changed_uri and kind is not None and kind.depends_on_uri(changed_uri):
                self.schedule(uri, delay_s=delay_s, after=changed_uri)

    def _executor(self, kind: DocumentKind) -> ThreadPoolExecutor:
        executor = self._executors.get(kind.name)
        if executor is None:
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"ddb-check-{kind.name}")
            self._executors[kind.name] = executor
        return executor

    def _cancel(self, uri: str) -> None:
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self._update_idle()

    def _forget(self, uri: str, task: asyncio.Task[None]) -> None:
        if self._pending.get(uri) is task:
            del self._pending[uri]
            self._update_idle()
        # _check catches its own errors; this is for a bug in it, which must not pass silently.
        if not task.cancelled() and task.exception() is not None:
            self._log.error(f"checking {uri} failed: {task.exception()!r}")

    def close(self) -> None:
        """Stop: cancel pending checks and let the worker go."""
        if self._quiet_timer is not None:
            self._quiet_timer.cancel()
        for uri in list(self._pending):
            self._cancel(uri)
        for executor in self._executors.values():
            executor.shutdown(wait=False, cancel_futures=True)

    # ----- one check

    def _snapshot(self, uri: str) -> _Snapshot | None:
        if uri not in self._open:
            return None
        document = self._server.workspace.get_text_document(uri)
        return _Snapshot(uri, document.version, document.source, document.position_codec)

    def _is_current(self, snapshot: _Snapshot) -> bool:
        if snapshot.uri not in self._open:
            return False
        return self._server.workspace.get_text_document(snapshot.uri).version == snapshot.version

    async def _check(self, uri: str, delay_s: float, after: str | None = None) -> None:
        if delay_s > 0:
            await asyncio.sleep(delay_s)
        first = self._pending.get(after) if after is not None else None
        if first is not None and not first.done():
            await asyncio.wait({first})  # a cancellation of this check leaves that one be
        await self._configuration.wait_ready()
        kind = self._analyzers.for_uri(uri)
        snapshot = self._snapshot(uri)
        if kind is None or snapshot is None:
            return
        path = document_path(uri)
        try:
            selection, project = self._configuration.selection_for(path)
            settings = self._configuration.settings
            request = AnalysisRequest(uri, path, snapshot.text, selection, settings, project)
            outcome = await asyncio.get_running_loop().run_in_executor(
                self._executor(kind), _analyze, kind, request, snapshot.codec, settings.docs_base_url
            )
        except asyncio.CancelledError:
            raise
        except Exception:
            self._log.error(f"checking {path} failed; its diagnostics were left as they were", exc_info=True)
            return
        for level, text in outcome.engine_warnings:
            self._log.send(message_type(level), f"{path}: {text}")
        if self._is_current(snapshot) and self._pending.get(uri) is asyncio.current_task():
            self._publish(uri, snapshot.version, outcome.diagnostics)
        # Between checks, once the diagnostics are out: a full collection if one is due
        # and nobody is typing.
        self.collector.maybe_collect()

    def _publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self._server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics)
        )
