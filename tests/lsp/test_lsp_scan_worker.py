"""The workspace scan's worker process: it reads the files it is given as the server would
(their call summaries, in order, a failure for a file it could not read) and it has ended
once the server stops listening, whether the scan is done or not."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ddb_architect.lsp import scan_worker
from ddb_architect.lsp.scan_worker import summary_of, worker_records
from ddb_architect.workspace import read_summary
from tests.code.drift_helpers import HEAD

CODE = HEAD + 'def customer(c):\n    return shop.get_item(Key={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"})\n'


def files(root: Path) -> list[Path]:
    written = {
        "store.py": CODE,
        "plain.py": "def nothing() -> None:\n    pass\n",
        "broken.py": "import boto3\ndef (:\n",
        "latin.py": b"# -*- coding: latin-1 -*-\nimport boto3\nname = '\xe9'\n",
    }
    paths = []
    for name, text in written.items():
        path = root / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return [*paths, root / "gone.py"]


def test_the_worker_reads_each_file_as_the_server_would(tmp_path: Path) -> None:
    paths = files(tmp_path)
    processes: list[subprocess.Popen[bytes]] = []

    records = list(worker_records(paths, started=processes.append))

    assert [record[0] for record in records] == [str(path) for path in paths]
    assert [summary_of(path, record) for path, record in zip(paths, records, strict=True)] == [
        read_summary(path) for path in paths
    ]
    store = summary_of(paths[0], records[0])
    assert store is not None
    assert store[1] is not None
    assert [call.operation for call in store[1]] == ["GetItem"]
    assert read_summary(tmp_path / "gone.py") is None
    [process] = processes
    assert process.poll() is not None  # ended with the scan


def test_the_worker_ends_when_the_server_stops_listening(tmp_path: Path) -> None:
    paths = files(tmp_path) * 20
    processes: list[subprocess.Popen[bytes]] = []
    records = worker_records(paths, started=processes.append)

    first = next(records)
    records.close()  # as when the index closes in the middle of a scan

    assert first[0] == str(paths[0])
    [process] = processes
    assert process.poll() is not None


def test_a_record_for_another_file_is_refused(tmp_path: Path) -> None:
    paths = files(tmp_path)
    [record, *_] = list(worker_records(paths[:1]))

    with pytest.raises(RuntimeError, match="not"):
        summary_of(paths[1], record)


def test_a_worker_that_dies_gives_no_records_and_has_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The index then reads every file it got no record for itself.
    monkeypatch.setattr(scan_worker, "BOOTSTRAP", "import sys; sys.exit(3)")
    processes: list[subprocess.Popen[bytes]] = []

    assert list(worker_records(files(tmp_path), started=processes.append)) == []
    [process] = processes
    assert process.poll() is not None
