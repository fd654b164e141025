"""A server that says each time it analyses a document: the incremental-work tests count
analyses instead of timing them. Every analyzer sends ``analysed <file name>: <last
line>`` as a log message to the client when it starts (so an analysis whose result is
dropped as stale is counted too); a document whose text holds ``# slow`` takes 0.4 s more,
long enough for edits to arrive meanwhile."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Sequence
from pathlib import PurePath

from lsprotocol import types

from ddb_architect import engine
from ddb_architect.code.specs import SpecSet
from ddb_architect.findings import Finding
from ddb_architect.lsp.analyzers import AnalysisRequest, Analyzer
from ddb_architect.lsp.client_log import configure_stderr_logging
from ddb_architect.lsp.server import DdbLanguageServer, create_server
from ddb_architect.rules.code_context import CodeContext

SLOW_S = 0.4


def counted(
    server: DdbLanguageServer, loop: dict[str, asyncio.AbstractEventLoop], analyze: Analyzer
) -> Analyzer:
    def analyze_and_say(request: AnalysisRequest) -> Sequence[Finding]:
        last_line = request.text.rstrip("\n").rsplit("\n", 1)[-1]
        message = types.LogMessageParams(
            type=types.MessageType.Info, message=f"analysed {PurePath(request.path).name}: {last_line}"
        )
        # Analyses run in worker threads; the protocol is the event loop's.
        loop["running"].call_soon_threadsafe(server.window_log_message, message)
        if "# slow" in request.text:
            time.sleep(SLOW_S)
        return analyze(request)

    return analyze_and_say


def counted_reads(server: DdbLanguageServer, loop: dict[str, asyncio.AbstractEventLoop]) -> None:
    """Say ``read <file name>`` each time a Python file is read (checks and hovers alike)."""
    read_python = engine.read_python

    def read_and_say(
        text: str, path: str, specs: SpecSet, *, previous: CodeContext | None = None
    ) -> CodeContext | None:
        message = types.LogMessageParams(type=types.MessageType.Info, message=f"read {PurePath(path).name}")
        loop["running"].call_soon_threadsafe(server.window_log_message, message)
        return read_python(text, path, specs, previous=previous)

    engine.read_python = read_and_say


def main() -> None:
    configure_stderr_logging()
    server = create_server()
    loop: dict[str, asyncio.AbstractEventLoop] = {}
    counted_reads(server, loop)
    schedule = server.diagnostics.schedule

    def schedule_on_the_loop(uri: str, *, delay_s: float, after: str | None = None) -> None:
        loop["running"] = asyncio.get_running_loop()
        schedule(uri, delay_s=delay_s, after=after)

    # A test server may reach in: the registry has no public way to wrap its analyzers.
    server.diagnostics.schedule = schedule_on_the_loop  # type: ignore[method-assign]
    kinds = server.analyzers._kinds
    kinds[:] = [dataclasses.replace(kind, analyze=counted(server, loop, kind.analyze)) for kind in kinds]
    server.start_io()


if __name__ == "__main__":
    main()
