"""The workspace index's first scan (DDB706 in the editor): the time from ``initialized`` to
the end of its ``$/progress`` on a generated project of 2,000 Python files, and whether an
open document edited meanwhile gets its diagnostics as fast as when the server is idle."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.generators import write_workspace
from bench.lsp_client import BenchClient, ProgressEvent
from bench.lsp_latency import DIAGNOSTICS_TARGET, FAST, latency_figure, python_typing_positions
from bench.report import Figure, print_progress


@dataclass(frozen=True)
class Sizes:
    files: int
    idle_edits: int
    spec_tables: int


FULL = Sizes(files=2_000, idle_edits=30, spec_tables=50)
QUICK = Sizes(files=60, idle_edits=3, spec_tables=5)


async def workspace_figures(quick: bool) -> list[Figure]:
    sizes = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="ddb-bench-workspace-") as folder:
        root = Path(folder)
        workspace = write_workspace(root, sizes.files, tables=sizes.spec_tables)
        edited = max(workspace.dynamodb_files, key=lambda p: p.stat().st_size)
        print_progress(
            f"lsp: workspace index of {len(workspace.python_files):,} Python files "
            f"({len(workspace.dynamodb_files)} calling DynamoDB)"
        )
        client = BenchClient(FAST)
        await client.start(root)
        try:
            await client.initialize_workspace(root, FAST)
            initialized_at = client.send_initialized()
            scan: asyncio.Task[ProgressEvent] = asyncio.create_task(client.progress_end(timeout=900))
            document = client.open(edited, edited.read_text(encoding="utf-8"))
            await client.diagnostics(document.uri, document.version, timeout=900)
            positions = python_typing_positions(document.lines)
            during: list[float] = []
            index = 0
            while not scan.done():
                line, character = positions[index % len(positions)]
                index += 1
                version, sent = client.type_text(document, line, character, "x")
                published = await client.diagnostics(document.uri, version, timeout=900)
                if not scan.done() or published.at <= (await scan).at:
                    during.append((published.at - sent) * 1000)
                await asyncio.sleep(0.02)  # a typist's pace, well under the scan's
            end = await scan
            idle: list[float] = []
            for _ in range(sizes.idle_edits):
                line, character = positions[index % len(positions)]
                index += 1
                version, sent = client.type_text(document, line, character, "x")
                published = await client.diagnostics(document.uri, version)
                idle.append((published.at - sent) * 1000)
                await asyncio.sleep(0.02)
        finally:
            await client.stop_server()
    scan_ms = (end.at - initialized_at) * 1000
    figures = [
        Figure(
            "lsp.workspace.scan",
            "workspace",
            f"workspace index: initialized → $/progress end, {len(workspace.python_files):,} Python files",
            "ms",
            scan_ms,
            None,
            {
                "files": len(workspace.python_files),
                "dynamodb_files": len(workspace.dynamodb_files),
                "message": end.message,
            },
            note=f"{len(workspace.dynamodb_files)} files call DynamoDB; the server's summary: {end.message}",
        )
    ]
    idle_figure = latency_figure(
        "lsp.workspace.edit.idle",
        "workspace",
        f"didChange → diagnostics, {edited.name} ({len(document.lines)} lines), after the scan",
        idle,
        DIAGNOSTICS_TARGET,
    )
    if during:
        during_figure = latency_figure(
            "lsp.workspace.edit.scanning",
            "workspace",
            f"didChange → diagnostics, {edited.name} ({len(document.lines)} lines), during the scan",
            during,
            DIAGNOSTICS_TARGET,
        )
        slower = during_figure.details["p95_ms"] / max(idle_figure.details["p95_ms"], 1e-9)
        during_figure.note = f"{len(during)} edits during the scan; p95 {slower:.1f}× the p95 after it"
    else:
        during_figure = Figure(
            "lsp.workspace.edit.scanning",
            "workspace",
            "didChange → diagnostics during the scan",
            "ms",
            None,
            DIAGNOSTICS_TARGET,
            note="the scan ended before the first edit",
        )
    return [*figures, during_figure, idle_figure]
