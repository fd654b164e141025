"""``run(tcp=(host, port))`` serves the protocol on a TCP port (``ddb-architect serve --tcp``)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import ddb_architect


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _connect(port: int, timeout_s: float = 10.0) -> socket.socket:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=timeout_s)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _read_message(connection: socket.socket) -> dict[str, object]:
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        buffer += connection.recv(4096)
    header, body = buffer.split(b"\r\n\r\n", 1)
    fields = dict(line.split(b":", 1) for line in header.split(b"\r\n"))
    length = int(fields[b"Content-Length"])
    while len(body) < length:
        body += connection.recv(4096)
    message: dict[str, object] = json.loads(body[:length])
    return message


def test_initialize_over_tcp() -> None:
    port = _free_port()
    serve = f"from ddb_architect.lsp.server import run; run(tcp=('127.0.0.1', {port}))"
    server = subprocess.Popen(
        [sys.executable, "-c", serve],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        with _connect(port) as connection:
            request = json.dumps(
                {
                    "jsonrpc": "2.0",
                    "id": 1,
                    "method": "initialize",
                    "params": {"processId": None, "rootUri": None, "capabilities": {}},
                }
            ).encode()
            connection.sendall(b"Content-Length: %d\r\n\r\n" % len(request) + request)
            response = _read_message(connection)
    finally:
        server.kill()
        server.communicate(timeout=10)

    assert response["id"] == 1
    result = response["result"]
    assert isinstance(result, dict)
    assert result["serverInfo"] == {"name": "ddb-architect", "version": ddb_architect.__version__}
