"""The workspace index's first scan in a process of its own, so that reading thousands of
files never takes the server's interpreter (its GIL) from the open documents' checks.

The worker is a new interpreter (``python -I``: no user site, no environment variables,
no current folder on its path; the server's own path is handed to it), started by the
index and ended with the scan. It reads each file as the index would in the server
(``workspace.read_summary``: ``ast`` only, the code is never imported or run) and sends
back only each file's summary, never its syntax tree. It runs at a lower priority, and
ends as soon as the server closes its input: when the scan is done, when the server
stops, or when the server dies.

Protocol: the server writes two pickles, its ``sys.path`` and the list of file paths; the
worker answers one pickle per file, in order: ``(path, "read", read_summary(path))`` or
``(path, "failed", message)``.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Generator, Hashable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from ddb_architect.workspace import CallSummary

Record: TypeAlias = "tuple[str, str, Any]"
"""``(path, "read", read_summary(path))`` or ``(path, "failed", message)``."""

BOOTSTRAP = (
    "import pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); "
    "from ddb_architect.lsp.scan_worker import serve; serve()"
)
NICENESS = 5
"""How much lower than the server the worker runs."""


def serve() -> None:
    """In the worker: read the files the server asks for, one summary at a time."""
    stdin = sys.stdin.buffer
    answers = sys.stdout.buffer
    sys.stdout = sys.stderr  # only the records go to the server
    paths: list[str] = pickle.load(stdin)
    threading.Thread(target=_end_with_input, args=(stdin,), name="ddb-scan-input", daemon=True).start()
    if hasattr(os, "nice"):  # not on Windows
        with contextlib.suppress(OSError):
            os.nice(NICENESS)
    from ddb_architect.workspace import read_summary

    for path in paths:
        record: Record
        try:
            record = (path, "read", read_summary(Path(path)))
        except Exception as error:
            record = (path, "failed", f"{type(error).__name__}: {error}")
        try:
            pickle.dump(record, answers)
            answers.flush()
        except (BrokenPipeError, OSError):
            break  # the server is gone
    answers.close()


def _end_with_input(stdin: IO[bytes]) -> None:
    """In the worker: end the process when the server closes its input (or dies)."""
    with contextlib.suppress(Exception):
        while stdin.read(65536):
            pass
    os._exit(0)


def start_worker() -> subprocess.Popen[bytes]:
    """A new worker process, its output a pipe of records."""
    return subprocess.Popen(
        [sys.executable, "-I", "-c", BOOTSTRAP],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        close_fds=True,
    )


def worker_records(
    paths: Sequence[Path], started: Callable[[subprocess.Popen[bytes]], None] = lambda process: None
) -> Generator[Record, None, None]:
    """The records of ``paths`` read in a new worker, in order, as they come; fewer when
    the worker dies or is killed (``started`` is given the process, to kill it). The
    worker has ended when the iterator is closed or exhausted."""
    process = start_worker()
    started(process)
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        try:
            # The server's path, so that the worker imports the very same engine.
            pickle.dump([entry or os.getcwd() for entry in sys.path], process.stdin)
            pickle.dump([str(path) for path in paths], process.stdin)
            process.stdin.flush()
        except OSError:
            return  # it died at once
        for _ in paths:
            try:
                record = pickle.load(process.stdout)
            except (EOFError, OSError, pickle.UnpicklingError):
                return
            yield record
    finally:
        with contextlib.suppress(OSError):
            process.stdin.close()
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()
        with contextlib.suppress(OSError):
            process.stdout.close()


def summary_of(path: Path, record: Record) -> tuple[Hashable, tuple[CallSummary, ...] | None] | None:
    """What ``read_summary`` returned in the worker for ``path``; raises when reading
    failed there."""
    read_path, kind, value = record
    if read_path != str(path):
        raise RuntimeError(f"the worker answered for {read_path}, not {path}")
    if kind == "failed":
        raise RuntimeError(str(value))
    return value  # type: ignore[no-any-return]
