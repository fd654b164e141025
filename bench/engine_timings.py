"""The engine against its floor on the same input: ``check_spec`` (what ``ddb-architect
check`` runs on a spec) against ``yaml.compose`` of the same text, and ``check_python``
with the spec against ``ast.parse``. Median of N runs each, ours and the floor taken in
turn so a change in the machine's load touches both alike; the garbage collector is off
during each timed run, as `timeit` has it."""

from __future__ import annotations

import ast
import gc
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from bench.generators import DEFAULT_SEED, plan_tables, python_text, spec_of, spec_text
from bench.report import Figure, Target, median, print_progress
from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import check_python, check_spec
from ddb_architect.findings import Finding
from ddb_architect.spec.loader import load_spec

RATIO_TARGET = Target(3.0, "×", "ratio", "<=")
"""Within 3× the floor."""

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The floor composes with libyaml when present, as the engine's loader does."""


@dataclass(frozen=True)
class Sizes:
    spec_tables: tuple[tuple[int, int], ...]
    """(tables, runs)."""
    python_lines: tuple[tuple[int, int], ...]
    """(lines, runs)."""
    python_spec_tables: int
    """The spec the Python files are checked against."""


FULL = Sizes(
    spec_tables=((50, 7), (200, 5), (1_000, 3)),
    python_lines=((1_000, 9), (5_000, 5), (20_000, 3)),
    python_spec_tables=200,
)
QUICK = Sizes(spec_tables=((5, 3), (20, 3)), python_lines=((200, 3), (600, 3)), python_spec_tables=20)


def _timed(action: Callable[[], object]) -> float:
    """Milliseconds of one run, with the garbage collector off as ``timeit`` has it: the
    floors build millions of short-lived objects, and full collections triggered by them
    (or not) would swing the ratio either way by several times on large inputs."""
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        action()
        return (time.perf_counter() - started) * 1000
    finally:
        gc.enable()


def against_floor(ours: Callable[[], object], floor: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median milliseconds of ``ours`` and of ``floor`` over ``runs`` runs each, after one
    warm-up run of each (caches, lazily loaded models and price tables), each run with the
    garbage collector off."""
    ours()
    floor()
    ours_ms: list[float] = []
    floor_ms: list[float] = []
    for _ in range(runs):
        floor_ms.append(_timed(floor))
        ours_ms.append(_timed(ours))
    return median(ours_ms), median(floor_ms)


def _severities(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(finding.severity.label for finding in findings)
    return dict(sorted(counts.items()))


def spec_figure(tables: int, runs: int, seed: int = DEFAULT_SEED) -> Figure:
    text = spec_text(tables, seed)
    lines = text.count("\n")
    print_progress(f"engine: spec check, {tables} tables ({lines:,} lines), {runs} runs")
    report = check_spec(text, "bench.ddb.yaml")
    errors = [f.code for f in report.findings if f.code in ("DDB001", "DDB002")]
    ours, floor = against_floor(
        lambda: check_spec(text, "bench.ddb.yaml"), lambda: yaml.compose(text, Loader=YAML_LOADER), runs
    )
    # PyYAML's own composer in Python, once: what a loader without libyaml pays.
    pure_floor = _timed(lambda: yaml.compose(text, Loader=yaml.SafeLoader))
    return Figure(
        key=f"engine.spec.{tables}",
        group="engine-spec",
        title=f"spec check, {tables:,} tables ({lines:,} lines) vs yaml.compose",
        unit="×",
        value=ours / floor,
        target=RATIO_TARGET,
        details={
            "ms": ours,
            "floor_ms": floor,
            "floor": f"yaml.compose, {YAML_LOADER.__name__}",
            "runs": runs,
            "lines": lines,
            "findings": _severities(report.findings),
            "spec_format_errors": len(errors),
            "pure_python_floor_ms": pure_floor,
        },
        note=f"against PyYAML's pure-Python yaml.compose ({pure_floor:,.0f} ms): {ours / pure_floor:.2f}×",
    )


def python_figure(lines: int, runs: int, spec_tables: int, seed: int = DEFAULT_SEED) -> Figure:
    plans = plan_tables(spec_tables, seed)
    spec = load_spec(spec_of(plans, seed), "bench.ddb.yaml")
    specs = SpecSet([spec])
    text = python_text(lines, plans, seed)
    real_lines = text.count("\n")
    print_progress(f"engine: Python check, {real_lines:,} lines against {spec_tables} tables, {runs} runs")
    report = check_python(text, "bench.py", specs)
    ours, floor = against_floor(
        lambda: check_python(text, "bench.py", specs), lambda: ast.parse(text, "bench.py"), runs
    )
    return Figure(
        key=f"engine.python.{lines}",
        group="engine-python",
        title=f"Python check, {real_lines:,} lines (spec of {spec_tables} tables) vs ast.parse",
        unit="×",
        value=ours / floor,
        target=RATIO_TARGET,
        details={
            "ms": ours,
            "floor_ms": floor,
            "floor": "ast.parse",
            "runs": runs,
            "lines": real_lines,
            "calls": len(report.context.reading.calls) if report.context is not None else 0,
            "findings": _severities(report.findings),
        },
    )


def spec_figures(quick: bool) -> list[Figure]:
    sizes = QUICK if quick else FULL
    return [spec_figure(tables, runs) for tables, runs in sizes.spec_tables]


def python_figures(quick: bool) -> list[Figure]:
    sizes = QUICK if quick else FULL
    return [python_figure(lines, runs, sizes.python_spec_tables) for lines, runs in sizes.python_lines]
