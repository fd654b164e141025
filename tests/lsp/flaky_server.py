"""A server whose spec analyzer fails on demand: the robustness tests' stand-in for a bug in
the engine. Run as a script; documents named ``*.flaky.ddb.yaml`` use the flaky analyzer."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ddb_architect.findings import Finding
from ddb_architect.lsp.analyzers import AnalysisRequest, analyze_spec
from ddb_architect.lsp.client_log import configure_stderr_logging
from ddb_architect.lsp.server import create_server

SUFFIX = ".flaky.ddb.yaml"


def flaky_analyzer(request: AnalysisRequest) -> Sequence[Finding]:
    if "explode" in request.text:
        raise RuntimeError("the analyzer exploded")
    if "grumble" in request.text:
        logging.getLogger("ddb_architect.rules.flaky").warning("rule DDB999 failed; skipped")
    return analyze_spec(request)


def main() -> None:
    configure_stderr_logging()
    server = create_server()
    server.analyzers.register("flaky design spec", [SUFFIX], flaky_analyzer)
    server.start_io()


if __name__ == "__main__":
    main()
