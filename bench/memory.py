"""The server's resident memory with many documents open: 100 folders each holding a
generated spec and a Python file written against it, all 200 opened in the editor, read
from ``/proc/<pid>/status`` (VmHWM, the peak resident set, and VmRSS) once every document
has its diagnostics. The server's child processes (the workspace scan's worker) are
watched while they run, and their peak is reported beside the server's."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.generators import DEFAULT_SEED, plan_tables, python_text, spec_of
from bench.lsp_client import BenchClient
from bench.report import Figure, Target, print_progress

MEMORY_TARGET = Target(150.0, "MB", "peak")


@dataclass(frozen=True)
class Sizes:
    folders: int
    """Each one spec and one Python file: twice as many documents."""
    spec_tables: int
    python_lines: int


FULL = Sizes(folders=100, spec_tables=5, python_lines=500)
QUICK = Sizes(folders=5, spec_tables=2, python_lines=150)


@dataclass
class ServerMemory:
    """A process's resident memory, in MiB."""

    rss_mb: float
    peak_rss_mb: float
    fields: dict[str, str] = field(default_factory=dict)


def server_memory(pid: int) -> ServerMemory:
    """VmRSS and VmHWM (the peak resident set) of a process, from ``/proc``."""
    values: dict[str, str] = {}
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition(":")
        if name.startswith(("Vm", "Rss")):
            values[name] = value.strip()

    def mib(name: str) -> float:
        number, _, _unit = values.get(name, "0 kB").partition(" ")
        return int(number) / 1024

    return ServerMemory(mib("VmRSS"), mib("VmHWM"), values)


def child_pids(pid: int) -> list[int]:
    """The processes a process started (from any of its threads) that are running now."""
    found = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found += [int(child) for child in (task / "children").read_text().split()]
    return found


async def watch_children(pid: int, peaks: dict[int, float], interval_s: float = 0.05) -> None:
    """Until cancelled: the peak resident set of each child of ``pid``, as last seen."""
    while True:
        for child in child_pids(pid):
            with contextlib.suppress(OSError, ValueError):
                peaks[child] = max(peaks.get(child, 0.0), server_memory(child).peak_rss_mb)
        await asyncio.sleep(interval_s)


def write_documents(root: Path, sizes: Sizes, seed: int = DEFAULT_SEED) -> list[Path]:
    """The spec and the Python file of each folder (specs first)."""
    (root / "pyproject.toml").write_text('[project]\nname = "many"\nversion = "0"\n', encoding="utf-8")
    specs: list[Path] = []
    code: list[Path] = []
    for number in range(sizes.folders):
        folder = root / f"service_{number:03d}"
        folder.mkdir()
        plans = plan_tables(sizes.spec_tables, seed + number, first=number * sizes.spec_tables + 1)
        spec = folder / "design.ddb.yaml"
        spec.write_text(spec_of(plans, seed + number, f"service-{number}"), encoding="utf-8")
        python = folder / "store.py"
        python.write_text(python_text(sizes.python_lines, plans, seed + number), encoding="utf-8")
        specs.append(spec)
        code.append(python)
    return specs + code


async def memory_figure(quick: bool) -> Figure:
    sizes = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="ddb-bench-memory-") as folder:
        root = Path(folder)
        paths = write_documents(root, sizes)
        print_progress(f"lsp: memory with {len(paths)} documents open")
        client = BenchClient()
        await client.start(root)
        children: dict[int, float] = {}
        watching = asyncio.create_task(watch_children(client.server_pid, children))
        try:
            await client.initialize_workspace(root)
            client.send_initialized()
            await client.progress_end()
            idle = server_memory(client.server_pid)
            keys = []
            for path in paths:
                document = client.open(path, path.read_text(encoding="utf-8"))
                keys.append((document.uri, document.version))
            await client.all_diagnostics(keys, timeout=600)
            loaded = server_memory(client.server_pid)
        finally:
            watching.cancel()
            await client.stop_server()
    worker_peak = max(children.values(), default=0.0)
    worker_note = (
        f"; its {len(children)} child process{'' if len(children) == 1 else 'es'} (the workspace scan's "
        f"worker): {worker_peak:.0f} MB peak, not counted"
        if children
        else "; no child process"
    )
    return Figure(
        "lsp.memory",
        "memory",
        f"server memory, {len(paths)} documents open ({sizes.folders} specs of {sizes.spec_tables} "
        f"tables, {sizes.folders} Python files of ~{sizes.python_lines} lines)",
        "MB",
        loaded.peak_rss_mb,
        MEMORY_TARGET,
        {
            "peak_rss_mb": loaded.peak_rss_mb,
            "rss_mb": loaded.rss_mb,
            "rss_after_initialize_mb": idle.rss_mb,
            "documents": len(paths),
            "child_processes": len(children),
            "child_peak_rss_mb": worker_peak,
        },
        note=f"VmRSS {loaded.rss_mb:.0f} MB at the end; {idle.rss_mb:.0f} MB after initialize, no document open"
        + worker_note,
    )
