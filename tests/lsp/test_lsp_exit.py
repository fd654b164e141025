"""After ``shutdown`` and ``exit`` the server process ends, even when a worker thread is
still busy (the interpreter would otherwise wait for it at exit, and the editor for the
process)."""

from __future__ import annotations

import json
import subprocess
import sys

SERVER = """\
import threading
from concurrent.futures import ThreadPoolExecutor

from ddb_architect.lsp.server import create_server

stuck = ThreadPoolExecutor(max_workers=1)
stuck.submit(threading.Event().wait)  # a worker that never ends
create_server().start_io()
"""


def frame(message: dict[str, object]) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def test_the_process_ends_after_exit_with_a_worker_still_busy() -> None:
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        out, err = process.communicate(b"".join(frame(m) for m in messages), timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError("the server was still running 30 s after exit") from None
    assert process.returncode == 0, err.decode("utf-8", "replace")
    assert b'"id": 2' in out or b'"id":2' in out  # shutdown was answered
