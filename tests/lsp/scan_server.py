"""A server whose workspace index reads even a small workspace in a worker process, and
says what it did: after each DDB706 of a spec, a log message ``index: read <files read>,
matched again <files matched again>, workers <started>/<ended>, pid <last worker's>``.
The tests count reads and workers instead of timing them."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from ddb_architect.findings import Finding
from ddb_architect.lsp import workspace_index
from ddb_architect.lsp.analyzers import AnalysisRequest
from ddb_architect.lsp.client_log import configure_stderr_logging
from ddb_architect.lsp.server import create_server
from ddb_architect.spec.loader import SpecDocument


def main() -> None:
    configure_stderr_logging()
    workspace_index.WORKER_FROM_FILES = 1
    server = create_server()
    index = server.workspace_index
    pids: list[int] = []
    # A test server may reach in: the index has no public way to report its work.
    started = index._worker_started

    def worker_started(process: workspace_index.subprocess.Popen[bytes]) -> None:
        pids.append(process.pid)
        started(process)

    index._worker_started = worker_started  # type: ignore[method-assign]
    spec_findings = index.spec_findings

    def spec_findings_and_say(request: AnalysisRequest, document: SpecDocument) -> Sequence[Finding]:
        found = spec_findings(request, document)
        message = (
            f"index: read {index.files_read}, matched again {index.matched_again}, "
            f"workers {index.workers_started}/{index.workers_ended}, pid {pids[-1] if pids else 0}"
        )
        params = types.LogMessageParams(type=types.MessageType.Info, message=message)
        index._call_soon(server.window_log_message, params)
        return found

    index.spec_findings = spec_findings_and_say  # type: ignore[method-assign]
    server.start_io()


if __name__ == "__main__":
    main()
