"""DDB706 in the editor, as Neovim and VS Code over stdio: the server reads the workspace's
Python code in the background (with a progress bar), and an open spec shows DDB706 on
exactly the access patterns no file performs; editing, closing and creating Python files
keeps it current; inline suppressions and the rule settings apply; a workspace without
Python code is not judged."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.lsp_session import (
    WAIT_S,
    RecordingClient,
    initialize,
    open_document,
    replace_text,
    server_fixture,
    wait_for_publish,
)
from tests.lsp.test_lsp_python import open_file

SPEC = """\
version: 1
name: orders
tables:
  Orders:
    key: {partition: PK, sort: SK}
    entities:
      Order:
        keys: {PK: "ORDER#{orderId}", SK: ORDER}
        item_size: 1KB
        count: 1M
        fields:
          orderId: {type: S, format: uuid, cardinality: 1M}
    access_patterns:
      - name: get-order
        op: GetItem
        entity: Order
        key: {PK: "ORDER#{orderId}", SK: ORDER}
        rate: 10/s
      - name: put-order
        op: PutItem
        entity: Order
        rate: 1/s
      - name: delete-order{suppression}
        op: DeleteItem
        entity: Order
        key: {PK: "ORDER#{orderId}", SK: ORDER}
        rate: 1/s
      - name: export-orders
        op: Scan
        rate: 1/day
"""
# 0-based lines of the pattern names DDB706 points at.
LINES = {"get-order": 13, "put-order": 18, "delete-order": 22, "export-orders": 27}

HEADER = 'import boto3\n\norders = boto3.resource("dynamodb").Table("Orders")\n'
GET = textwrap.dedent(
    """
    def get_order(order_id: str) -> dict:
        return orders.get_item(Key={"PK": f"ORDER#{order_id}", "SK": "ORDER"}).get("Item", {})
    """
)
PUT = textwrap.dedent(
    """
    def put_order(order_id: str) -> None:
        orders.put_item(Item={"PK": f"ORDER#{order_id}", "SK": "ORDER"})
    """
)
DELETE = textwrap.dedent(
    """
    def delete_order(order_id: str) -> None:
        orders.delete_item(Key={"PK": f"ORDER#{order_id}", "SK": "ORDER"})
    """
)
SCAN = textwrap.dedent(
    """
    def export_orders() -> list:
        return orders.scan()["Items"]
    """
)


def spec_text(suppression: str = "") -> str:
    return SPEC.replace("{suppression}", suppression)


def orders_workspace(root: Path, suppression: str = "") -> Path:
    """A project: the spec at its root, code that gets orders and code that puts them."""
    (root / "pyproject.toml").write_text("[tool.ddb-architect]\n", encoding="utf-8")
    spec = root / "orders.ddb.yaml"
    spec.write_text(spec_text(suppression), encoding="utf-8")
    (root / "app").mkdir()
    (root / "app" / "readers.py").write_text(HEADER + GET, encoding="utf-8")
    (root / "app" / "writers.py").write_text(HEADER + PUT, encoding="utf-8")
    (root / "app" / "helpers.py").write_text("def nothing() -> None:\n    pass\n", encoding="utf-8")
    return spec


def unimplemented(params: types.PublishDiagnosticsParams) -> list[tuple[int, str]]:
    return sorted(
        (d.range.start.line, str(d.message.split()[2])) for d in params.diagnostics if d.code == "DDB706"
    )


def expected(*patterns: str) -> list[tuple[int, str]]:
    return sorted((LINES[p], p) for p in patterns)


async def wait_for_ddb706(
    client: RecordingClient, uri: str, wanted: list[tuple[int, str]], *, after: int = 0
) -> types.PublishDiagnosticsParams:
    """The first diagnostics for ``uri`` published after the first ``after`` whose DDB706
    are ``wanted``: checks started before a change may publish the old ones first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_S
    while True:
        for params in client.published[after:]:
            if params.uri == uri and unimplemented(params) == wanted:
                return params
        if loop.time() > deadline:
            seen = [unimplemented(p) for p in client.published if p.uri == uri]
            raise AssertionError(f"DDB706 never became {wanted}; published: {seen}")
        await asyncio.sleep(0.01)


async def scanned(client: RecordingClient) -> list[object]:
    """The index's progress reports, once it has ended."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_S
    while True:
        for reports in client.progress_reports.values():
            if reports and isinstance(reports[-1], types.WorkDoneProgressEnd):
                return list(reports)
        if loop.time() > deadline:
            raise AssertionError(f"the workspace scan never ended: {client.progress_reports}")
        await asyncio.sleep(0.01)


async def test_ddb706_shows_what_no_file_performs_and_follows_the_code(
    client: RecordingClient, workspace: Path
) -> None:
    spec = orders_workspace(workspace)
    await initialize(client, workspace)
    spec_uri = spec.as_uri()
    open_document(client, spec_uri, spec_text())

    # get-order is read in one file, put-order written in the other.
    published = await wait_for_ddb706(client, spec_uri, expected("delete-order", "export-orders"))
    [delete] = [d for d in published.diagnostics if d.range.start.line == LINES["delete-order"]]
    assert delete.severity == types.DiagnosticSeverity.Information
    assert delete.source == "ddb-architect"
    assert delete.range.start.character == len("      - name: ")
    assert "access pattern delete-order (DeleteItem of Orders) is not performed" in delete.message
    reports = await scanned(client)
    assert isinstance(reports[0], types.WorkDoneProgressBegin)
    assert reports[-1].message == "3 Python files, 2 calling DynamoDB"  # type: ignore[attr-defined]

    # An unsaved edit to an open file counts.
    readers = workspace / "app" / "readers.py"
    open_file(client, readers.as_uri(), HEADER + GET, "python")
    seen = len(client.published)
    replace_text(client, readers.as_uri(), HEADER + GET + DELETE, version=2)
    await wait_for_ddb706(client, spec_uri, expected("export-orders"), after=seen)

    # A file created on disk counts once the editor says so.
    exports = workspace / "app" / "exports.py"
    exports.write_text(HEADER + SCAN, encoding="utf-8")
    seen = len(client.published)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=exports.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    await wait_for_ddb706(client, spec_uri, [], after=seen)

    # Closed without saving: the file on disk counts again.
    seen = len(client.published)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=readers.as_uri()))
    )
    await wait_for_ddb706(client, spec_uri, expected("delete-order"), after=seen)

    # Deleted on disk: its patterns are no longer performed.
    exports.unlink()
    seen = len(client.published)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=exports.as_uri(), type=types.FileChangeType.Deleted)]
        )
    )
    await wait_for_ddb706(client, spec_uri, expected("delete-order", "export-orders"), after=seen)


FETCH = """\
      - name: fetch-order
        op: GetItem
        entity: Order
        key: {PK: "ORDER#{orderId}", SK: ORDER}
        rate: 1/s
"""


async def test_an_edited_spec_is_matched_with_the_indexed_code(
    client: RecordingClient, workspace: Path
) -> None:
    spec = orders_workspace(workspace)
    await initialize(client, workspace)
    spec_uri = spec.as_uri()
    open_document(client, spec_uri, spec_text())
    await wait_for_ddb706(client, spec_uri, expected("delete-order", "export-orders"))

    # A pattern added to the spec that readers.py performs: the code is not read again,
    # its calls are matched with the edited spec.
    seen = len(client.published)
    edited = spec_text().replace("      - name: delete-order", FETCH + "      - name: delete-order")
    replace_text(client, spec_uri, edited, version=2)
    shifted = [(LINES["delete-order"] + 5, "delete-order"), (LINES["export-orders"] + 5, "export-orders")]
    published = await wait_for_ddb706(client, spec_uri, shifted, after=seen)
    assert published.version == 2


async def test_a_file_changed_on_disk_counts_at_the_next_check(
    client: RecordingClient, workspace: Path
) -> None:
    spec = orders_workspace(workspace)
    await initialize(client, workspace)
    spec_uri = spec.as_uri()
    open_document(client, spec_uri, spec_text())
    await wait_for_ddb706(client, spec_uri, expected("delete-order", "export-orders"))

    (workspace / "app" / "writers.py").write_text(HEADER, encoding="utf-8")
    seen = len(client.published)
    if client.editor == "visual-studio-code":
        # VS Code watches **/*.py for the server and tells it.
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(
                        uri=(workspace / "app" / "writers.py").as_uri(), type=types.FileChangeType.Changed
                    )
                ]
            )
        )
    else:
        # Neovim cannot watch files: the index looks at its files' times when a spec is checked.
        replace_text(client, spec_uri, spec_text(), version=2)
    await wait_for_ddb706(
        client, spec_uri, expected("put-order", "delete-order", "export-orders"), after=seen
    )


async def test_an_inline_suppression_and_the_severity_setting(
    client: RecordingClient, workspace: Path
) -> None:
    spec = orders_workspace(workspace, suppression="  # ddb: ignore[DDB706]")
    await initialize(client, workspace, initialization_options={"severity": {"DDB706": "warning"}})
    spec_uri = spec.as_uri()
    open_document(client, spec_uri, spec_text("  # ddb: ignore[DDB706]"))

    published = await wait_for_ddb706(client, spec_uri, expected("export-orders"))
    [export] = [d for d in published.diagnostics if d.code == "DDB706"]
    assert export.severity == types.DiagnosticSeverity.Warning


async def test_the_ignore_setting_leaves_ddb706_out(client: RecordingClient, workspace: Path) -> None:
    spec = orders_workspace(workspace)
    await initialize(client, workspace, initialization_options={"ignore": ["DDB706"]})
    await scanned(client)
    spec_uri = spec.as_uri()
    open_document(client, spec_uri, spec_text())

    published = await wait_for_publish(client, spec_uri, 1)
    assert unimplemented(published) == []
    assert "DDB501" in {str(d.code) for d in published.diagnostics}  # the spec is checked


async def test_a_workspace_without_python_code_is_not_judged(
    client: RecordingClient, workspace: Path
) -> None:
    spec = workspace / "orders.ddb.yaml"
    spec.write_text(spec_text(), encoding="utf-8")
    (workspace / "notes.py").write_text("print('no database here')\n", encoding="utf-8")
    await initialize(client, workspace)
    reports = await scanned(client)
    assert reports[-1].message == "1 Python file, none calling DynamoDB"  # type: ignore[attr-defined]
    spec_uri = spec.as_uri()
    open_document(client, spec_uri, spec_text())

    published = await wait_for_publish(client, spec_uri, 1)
    assert unimplemented(published) == []


SCAN_SERVER = [sys.executable, str(Path(__file__).with_name("scan_server.py"))]


@server_fixture(SCAN_SERVER)
async def scanning(lsp_client: RecordingClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    lsp_client.editor = request.param
    yield
    await lsp_client.shutdown_session()


def index_counts(client: RecordingClient) -> list[dict[str, str]]:
    """What the scan server said after each DDB706: files read, matched again, workers."""
    found = []
    for message in client.log_messages:
        match = re.fullmatch(
            r"index: read (\d+), matched again (\d+), workers (\d+)/(\d+), pid (\d+)", message.message
        )
        if match:
            found.append(
                dict(zip(("read", "matched", "started", "ended", "pid"), match.groups(), strict=True))
            )
    return found


async def test_a_worker_process_reads_the_workspace_and_the_specs_are_matched_with_what_it_kept(
    scanning: RecordingClient, workspace: Path
) -> None:
    spec = orders_workspace(workspace)
    await initialize(scanning, workspace)
    reports = await scanned(scanning)
    assert reports[-1].message == "3 Python files, 2 calling DynamoDB"  # type: ignore[attr-defined]
    spec_uri = spec.as_uri()
    open_document(scanning, spec_uri, spec_text())

    # The same DDB706 as when the server reads the files itself.
    await wait_for_ddb706(scanning, spec_uri, expected("delete-order", "export-orders"))
    counts = index_counts(scanning)[-1]
    assert (counts["read"], counts["started"], counts["ended"]) == ("3", "1", "1")
    # The worker ended with the scan.
    with pytest.raises(ProcessLookupError):
        os.kill(int(counts["pid"]), 0)

    # An edited spec: the two DynamoDB files' summaries are matched again, no file is
    # read again and no worker started.
    seen = len(scanning.published)
    edited = spec_text().replace("      - name: delete-order", FETCH + "      - name: delete-order")
    replace_text(scanning, spec_uri, edited, version=2)
    shifted = [(LINES["delete-order"] + 5, "delete-order"), (LINES["export-orders"] + 5, "export-orders")]
    await wait_for_ddb706(scanning, spec_uri, shifted, after=seen)
    counts = index_counts(scanning)[-1]
    assert (counts["read"], counts["matched"], counts["started"]) == ("3", "2", "1")

    # A file changed on disk is read again, by the server itself: one file, no worker.
    (workspace / "app" / "writers.py").write_text(HEADER, encoding="utf-8")
    stat = (workspace / "app" / "writers.py").stat()
    os.utime(workspace / "app" / "writers.py", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    seen = len(scanning.published)
    if scanning.editor == "visual-studio-code":
        scanning.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(
                        uri=(workspace / "app" / "writers.py").as_uri(), type=types.FileChangeType.Changed
                    )
                ]
            )
        )
    else:
        replace_text(scanning, spec_uri, edited + "\n", version=3)
    put = (LINES["put-order"], "put-order")
    await wait_for_ddb706(scanning, spec_uri, sorted([put, *shifted]), after=seen)
    counts = index_counts(scanning)[-1]
    assert (counts["read"], counts["started"]) == ("4", "1")
