"""A language client that times the server: it starts ``python -m ddb_architect serve``
over stdio with pygls' client, plays an editor (VS Code's recorded capabilities, settings
answered over ``workspace/configuration``, progress and registrations accepted), and
records when each message arrives.

A message's arrival is taken when its JSON has been read, before the client converts it
into lsprotocol objects, so a large diagnostics list does not charge the client's own
work to the server.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import importlib.util
import json
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.lsp.client import LanguageClient
from pygls.protocol import LanguageServerProtocol

SERVER_COMMAND = (sys.executable, "-m", "ddb_architect", "serve")
"""The server as an editor starts it: the package's command line, on stdio."""

TIMEOUT_S = 120.0
PROGRESS_TITLE = "ddb-architect: indexing Python code"
"""The title of the workspace index's progress (``lsp/workspace_index.py``)."""

# VS Code's capabilities as pytest-lsp recorded them; read from its data file without
# importing pytest-lsp (which imports pytest). Without it, a small VS Code-like set.
_RECORDED_CAPABILITIES = "visual_studio_code_v1.65.2.json"


def client_capabilities() -> types.ClientCapabilities:
    """VS Code's capabilities (UTF-16 positions, markdown, progress, dynamic registration)."""
    spec = importlib.util.find_spec("pytest_lsp")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            recorded = Path(location) / "clients" / _RECORDED_CAPABILITIES
            if recorded.is_file():
                data = json.loads(recorded.read_text(encoding="utf-8"))
                capabilities: types.ClientCapabilities = get_converter().structure(
                    data.get("capabilities", data), types.ClientCapabilities
                )
                return capabilities
    return types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            configuration=True,
            workspace_folders=True,
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(
                dynamic_registration=True
            ),
        ),
        text_document=types.TextDocumentClientCapabilities(
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            completion=types.CompletionClientCapabilities(
                completion_item=types.ClientCompletionItemOptions(snippet_support=True)
            ),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
        window=types.WindowClientCapabilities(work_done_progress=True),
    )


class TimingProtocol(LanguageServerProtocol):
    """Notes when each message from the server has been read."""

    last_received: float = 0.0
    last_response: float = 0.0
    """When the last response to one of the client's requests was read (the benchmarks
    send one request at a time, so it is the answer to the one awaited)."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        # json.loads calls this for every object, innermost first; only the message
        # itself carries "jsonrpc".
        if "jsonrpc" in data:
            self.last_received = time.perf_counter()
            if "id" in data and "method" not in data:
                self.last_response = self.last_received
        return super().structure_message(data)


@dataclass
class ProgressEvent:
    at: float
    token: str
    kind: str
    title: str | None
    message: str | None


@dataclass
class Document:
    """A document as the client holds it: its text by line, and its version."""

    uri: str
    lines: list[str]
    version: int = 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Published:
    at: float
    count: int


class BenchClient(LanguageClient):
    """The timing client."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__("ddb-architect-bench", "1.0", protocol_cls=TimingProtocol)
        self.settings: dict[str, Any] = dict(settings or {})
        self.published: dict[tuple[str, int | None], Published] = {}
        self.progress_events: list[ProgressEvent] = []
        self.log_messages: list[str] = []
        self.stderr_tail: collections.deque[str] = collections.deque(maxlen=200)
        self.started_at = 0.0
        self._diagnostic_waiters: dict[tuple[str, int | None], asyncio.Future[Published]] = {}
        self._progress_titles: dict[str, str | None] = {}
        self._progress_end_waiters: list[tuple[str, asyncio.Future[ProgressEvent]]] = []
        self._drain: asyncio.Task[None] | None = None
        self.documents: dict[str, Document] = {}
        self._register()

    # ----- what the server sends

    @property
    def timing(self) -> TimingProtocol:
        protocol = self.protocol
        assert isinstance(protocol, TimingProtocol)
        return protocol

    def _register(self) -> None:
        handlers: dict[str, Callable[[Any], Any]] = {
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: self._on_diagnostics,
            types.PROGRESS: self._on_progress,
            types.WORKSPACE_CONFIGURATION: self._configuration,
            types.WINDOW_LOG_MESSAGE: self._on_log,
            types.WINDOW_SHOW_MESSAGE: self._on_log,
            # Requests an editor answers with nothing: accepted.
            types.WINDOW_WORK_DONE_PROGRESS_CREATE: _nothing,
            types.CLIENT_REGISTER_CAPABILITY: _nothing,
            types.CLIENT_UNREGISTER_CAPABILITY: _nothing,
            types.WINDOW_SHOW_MESSAGE_REQUEST: _nothing,
            types.WORKSPACE_DIAGNOSTIC_REFRESH: _nothing,
        }
        for method, handler in handlers.items():
            # pygls marks each handler function, which a bound method cannot carry.
            self.feature(method)(_handler(handler))

    def _on_diagnostics(self, params: types.PublishDiagnosticsParams) -> None:
        key = (params.uri, params.version)
        arrival = Published(self.timing.last_received, len(params.diagnostics))
        self.published.setdefault(key, arrival)
        waiter = self._diagnostic_waiters.pop(key, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(arrival)

    def _on_progress(self, params: types.ProgressParams) -> None:
        at = self.timing.last_received
        value: Any = params.value
        if not isinstance(value, dict):
            value = get_converter().unstructure(value)
        token = str(params.token)
        kind = str(value.get("kind", ""))
        if kind == "begin":
            self._progress_titles[token] = value.get("title")
        event = ProgressEvent(at, token, kind, self._progress_titles.get(token), value.get("message"))
        self.progress_events.append(event)
        if kind == "end":
            for title, waiter in list(self._progress_end_waiters):
                if event.title == title and not waiter.done():
                    waiter.set_result(event)
                    self._progress_end_waiters.remove((title, waiter))

    def _configuration(self, params: types.ConfigurationParams) -> list[Any]:
        return [self.settings if item.section == "ddb-architect" else None for item in params.items]

    def _on_log(self, params: types.LogMessageParams | types.ShowMessageParams) -> None:
        self.log_messages.append(params.message)

    # ----- the server process

    @property
    def server_pid(self) -> int:
        if self._server is None:
            raise RuntimeError("the server is not running")
        return self._server.pid

    async def start(
        self, cwd: Path, command: Sequence[str] = SERVER_COMMAND, env: Mapping[str, str] | None = None
    ) -> None:
        """Start the server (``started_at`` is when the process was asked for); ``env``
        replaces its environment."""
        self.started_at = time.perf_counter()
        extra = {} if env is None else {"env": dict(env)}
        await self.start_io(command[0], *command[1:], cwd=str(cwd), **extra)
        assert self._server is not None
        if self._server.stderr is not None:
            self._drain = asyncio.create_task(self._drain_stderr(self._server.stderr))

    async def _drain_stderr(self, stream: asyncio.StreamReader) -> None:
        # The server logs to stderr; a pipe nobody reads would fill and block it.
        while True:
            line = await stream.readline()
            if not line:
                return
            self.stderr_tail.append(line.decode("utf-8", "replace").rstrip())

    async def initialize_workspace(
        self, root: Path, initialization_options: Any = None
    ) -> tuple[types.InitializeResult, float]:
        """``initialize`` as VS Code sends it for the folder ``root``; the result and the
        seconds from the process start to the result."""
        result = await asyncio.wait_for(
            self.initialize_async(
                types.InitializeParams(
                    process_id=None,
                    root_uri=root.as_uri(),
                    workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
                    capabilities=client_capabilities(),
                    initialization_options=initialization_options,
                    client_info=types.ClientInfo(name="ddb-architect-bench", version="1.0"),
                )
            ),
            TIMEOUT_S,
        )
        return result, self.timing.last_response - self.started_at

    def send_initialized(self) -> float:
        """Send ``initialized``; when it was sent."""
        sent = time.perf_counter()
        self.initialized(types.InitializedParams())
        return sent

    async def stop_server(self) -> None:
        """``shutdown`` and ``exit``, then wait for the process (killed when it hangs)."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.shutdown_async(None), 10)
        with contextlib.suppress(Exception):
            self.exit(None)
        server = self._server
        if server is not None:
            try:
                await asyncio.wait_for(server.wait(), 10)
            except asyncio.TimeoutError:
                server.kill()
                await server.wait()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.stop(), 10)  # type: ignore[no-untyped-call]
        if self._drain is not None:
            self._drain.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._drain

    # ----- documents

    def open(self, path: Path, text: str) -> Document:
        uri = path.as_uri()
        language = "python" if path.suffix == ".py" else "yaml"
        document = Document(uri, text.split("\n"))
        self.documents[uri] = document
        self.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language, version=document.version, text=text
                )
            )
        )
        return document

    def type_text(self, document: Document, line: int, character: int, text: str) -> tuple[int, float]:
        """Insert ``text`` (one line) at a position as one incremental change: the new
        version and when the change was sent."""
        current = document.lines[line]
        document.lines[line] = current[:character] + text + current[character:]
        document.version += 1
        position = types.Position(line=line, character=character)
        sent = time.perf_counter()
        self.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=document.uri, version=document.version
                ),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=position, end=position), text=text
                    )
                ],
            )
        )
        return document.version, sent

    async def diagnostics(self, uri: str, version: int | None, timeout: float = TIMEOUT_S) -> Published:
        """The diagnostics published for ``uri`` at ``version`` (waiting for them)."""
        key = (uri, version)
        known = self.published.get(key)
        if known is not None:
            return known
        waiter = self._diagnostic_waiters.get(key)
        if waiter is None:
            waiter = asyncio.get_running_loop().create_future()
            self._diagnostic_waiters[key] = waiter
        return await asyncio.wait_for(asyncio.shield(waiter), timeout)

    async def all_diagnostics(
        self, keys: Iterable[tuple[str, int | None]], timeout: float = TIMEOUT_S
    ) -> None:
        await asyncio.wait_for(asyncio.gather(*(self.diagnostics(uri, v) for uri, v in keys)), timeout)

    async def progress_end(self, title: str = PROGRESS_TITLE, timeout: float = TIMEOUT_S) -> ProgressEvent:
        for event in self.progress_events:
            if event.kind == "end" and event.title == title:
                return event
        waiter: asyncio.Future[ProgressEvent] = asyncio.get_running_loop().create_future()
        self._progress_end_waiters.append((title, waiter))
        return await asyncio.wait_for(waiter, timeout)

    # ----- requests, timed

    async def timed_hover(self, document: Document, line: int, character: int) -> tuple[float, Any]:
        """Milliseconds from sending a hover to reading its answer, and the answer."""
        params = types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=document.uri),
            position=types.Position(line=line, character=character),
        )
        sent = time.perf_counter()
        result = await asyncio.wait_for(self.text_document_hover_async(params), TIMEOUT_S)
        return (self.timing.last_response - sent) * 1000, result

    async def timed_completion(self, document: Document, line: int, character: int) -> tuple[float, int]:
        """Milliseconds from sending a completion request to reading its answer, and how
        many items it offered."""
        params = types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=document.uri),
            position=types.Position(line=line, character=character),
            context=types.CompletionContext(trigger_kind=types.CompletionTriggerKind.Invoked),
        )
        sent = time.perf_counter()
        result = await asyncio.wait_for(self.text_document_completion_async(params), TIMEOUT_S)
        elapsed = (self.timing.last_response - sent) * 1000
        if result is None:
            return elapsed, 0
        items = result.items if isinstance(result, types.CompletionList) else result
        return elapsed, len(items)


def _nothing(params: Any) -> None:
    return None


def _handler(call: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def handle(params: Any) -> Any:
        return call(params)

    return handle
