"""The server's messages for the user: written to stderr and sent as ``window/logMessage``.

stdout carries the protocol, so nothing here ever prints. The engine logs through the
standard ``logging`` module (a rule that fails is logged and skipped); while a document is
checked those records are captured, so the server can pass them on to the editor too.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from lsprotocol import types
from pygls.lsp.server import LanguageServer

logger = logging.getLogger("ddb_architect.lsp")

_LEVELS = {
    types.MessageType.Error: logging.ERROR,
    types.MessageType.Warning: logging.WARNING,
    types.MessageType.Info: logging.INFO,
    types.MessageType.Log: logging.DEBUG,
}


def message_type(level: int) -> types.MessageType:
    if level >= logging.ERROR:
        return types.MessageType.Error
    if level >= logging.WARNING:
        return types.MessageType.Warning
    if level >= logging.INFO:
        return types.MessageType.Info
    return types.MessageType.Log


class ClientLog:
    """Logs a message both to stderr and to the editor's log."""

    def __init__(self, server: LanguageServer) -> None:
        self._server = server

    def message(self, kind: types.MessageType, text: str, *, exc_info: bool = False) -> None:
        """Log ``text``; with ``exc_info``, the exception being handled goes with it (its
        traceback too, so a bug report can be copied from the editor's log)."""
        logger.log(_LEVELS.get(kind, logging.INFO), text, exc_info=exc_info)
        if exc_info and sys.exc_info()[0] is not None:
            text = f"{text}\n{traceback.format_exc().rstrip()}"
        self.send(kind, text)

    def send(self, kind: types.MessageType, text: str) -> None:
        """To the editor's log only (for what stderr already has)."""
        try:
            self._server.window_log_message(types.LogMessageParams(type=kind, message=text))
        except Exception:  # the editor's log is a courtesy: never fail because of it
            logger.debug("could not send a log message to the client", exc_info=True)

    def error(self, text: str, *, exc_info: bool = False) -> None:
        self.message(types.MessageType.Error, text, exc_info=exc_info)

    def warning(self, text: str) -> None:
        self.message(types.MessageType.Warning, text)

    def info(self, text: str) -> None:
        self.message(types.MessageType.Info, text)


class _ThreadCapture(logging.Handler):
    """Collects the engine's warnings emitted by the thread that asked for them."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self._local = threading.local()

    def start(self) -> list[logging.LogRecord]:
        records: list[logging.LogRecord] = []
        self._local.records = records
        return records

    def stop(self) -> None:
        self._local.records = None

    def emit(self, record: logging.LogRecord) -> None:
        records: list[logging.LogRecord] | None = getattr(self._local, "records", None)
        if records is not None and not record.name.startswith(logger.name):
            records.append(record)


_capture = _ThreadCapture()
_capture_lock = threading.Lock()
_installed = False


@contextmanager
def captured_engine_warnings() -> Iterator[list[logging.LogRecord]]:
    """The ``ddb_architect`` log records (warnings and worse) emitted by this thread
    inside the block; they still reach stderr as usual."""
    global _installed
    with _capture_lock:
        if not _installed:
            logging.getLogger("ddb_architect").addHandler(_capture)
            _installed = True
    records = _capture.start()
    try:
        yield records
    finally:
        _capture.stop()


def configure_stderr_logging(level: int = logging.INFO) -> None:
    """Send the server's logging to stderr, unless the host program (the CLI's ``serve``
    with its ``--log-level``) set logging up already. pygls logs every message it sends at
    INFO, so everything but the server's own logging stays at WARNING."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("ddb_architect").setLevel(level)
