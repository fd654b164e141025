"""``python -m bench``: run the benchmarks and report every figure against its target.

    python -m bench                      # everything (about 10 minutes on 2 cores)
    python -m bench --quick              # small sizes, few runs: a smoke run for CI
    python -m bench --only engine        # benchmarks whose name starts with "engine"
    python -m bench --json out.json --markdown results.md

The exit status is 0 whatever the figures (targets are for people to read, not a gate),
2 when a benchmark could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import engine_timings, lsp_latency, memory, workspace_scan
from bench.report import Figure, Run, load_average, print_progress, render_markdown, render_text

BENCHMARKS = (
    "engine-spec",
    "engine-python",
    "initialize",
    "diagnostics",
    "hover",
    "completion",
    "memory",
    "workspace",
)
"""What ``--only`` selects (a name, or a prefix such as ``engine`` or ``lsp``)."""

LSP_BENCHMARKS = frozenset({"initialize", "diagnostics", "hover", "completion", "memory", "workspace"})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="ddb-architect benchmarks: the engine against its floor, and the language "
        "server through a real stdio client. See docs/performance.md.",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and few runs (a smoke run for CI)")
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help=f"run only these benchmarks (repeatable, or comma-separated; a prefix selects several): "
        f"{', '.join(BENCHMARKS)}; 'lsp' selects every language-server benchmark",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON")
    parser.add_argument(
        "--markdown", type=Path, metavar="FILE", help="write a results section for docs/performance.md"
    )
    return parser


def selected(only: Sequence[str] | None) -> list[str]:
    """The benchmarks ``--only`` names, in the order they run; raises ValueError for a
    name that selects nothing."""
    if not only:
        return list(BENCHMARKS)
    wanted = [name.strip() for entry in only for name in entry.split(",") if name.strip()]
    chosen: set[str] = set()
    for name in wanted:
        matches = {b for b in BENCHMARKS if b.startswith(name)}
        if name == "lsp":
            matches = set(LSP_BENCHMARKS)
        if not matches:
            raise ValueError(f"--only {name}: no such benchmark (choose from {', '.join(BENCHMARKS)}, lsp)")
        chosen |= matches
    return [b for b in BENCHMARKS if b in chosen]


def _steps(names: list[str], quick: bool) -> list[tuple[str, Callable[[], list[Figure]]]]:
    steps: list[tuple[str, Callable[[], list[Figure]]]] = []
    if "engine-spec" in names:
        steps.append(("engine-spec", lambda: engine_timings.spec_figures(quick)))
    if "engine-python" in names:
        steps.append(("engine-python", lambda: engine_timings.python_figures(quick)))
    if "initialize" in names:
        steps.append(("initialize", lambda: [asyncio.run(lsp_latency.initialize_figure(quick))]))
    editing = {"diagnostics", "hover", "completion"} & set(names)
    if editing:
        steps.append(("editing", lambda: asyncio.run(lsp_latency.editing_figures(quick, editing))))
    if "memory" in names:
        steps.append(("memory", lambda: [asyncio.run(memory.memory_figure(quick))]))
    if "workspace" in names:
        steps.append(("workspace", lambda: asyncio.run(workspace_scan.workspace_figures(quick))))
    return steps


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        names = selected(args.only)
    except ValueError as error:
        print(f"python -m bench: {error}", file=sys.stderr)
        return 2
    run = Run(quick=args.quick)
    started = time.perf_counter()
    failed = False
    for name, step in _steps(names, args.quick):
        try:
            for figure in step():
                run.add(figure)
        except Exception:
            failed = True
            print_progress(f"benchmark {name} failed:\n{traceback.format_exc()}")
    run.seconds = time.perf_counter() - started
    run.load_after = load_average()
    print(render_text(run), end="")
    if args.json is not None:
        run.write_json(args.json)
    if args.markdown is not None:
        args.markdown.write_text(render_markdown(run), encoding="utf-8")
    return 2 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
