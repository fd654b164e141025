"""The benchmark report: figures with their targets, the machine they were measured on,
and the text, JSON and markdown forms of a run."""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

REPOSITORY = Path(__file__).resolve().parent.parent

Comparison = Literal["<", "<="]


@dataclass(frozen=True)
class Target:
    """What a figure must stay under: ``value`` (in the figure's ``unit``, or times the
    floor when ``unit`` is ``×``)."""

    limit: float
    unit: str
    statistic: str
    """Which statistic is held to the limit: ``p95``, ``median``, ``ratio``, ``peak``."""
    comparison: Comparison = "<"

    def met_by(self, value: float) -> bool:
        return value < self.limit if self.comparison == "<" else value <= self.limit

    def describe(self) -> str:
        unit = "×" if self.unit == "×" else f" {self.unit}"
        return f"{self.statistic} {self.comparison} {_number(self.limit)}{unit}"


@dataclass
class Figure:
    """One measured figure."""

    key: str
    """Stable identifier, e.g. ``engine.spec.200``."""
    group: str
    """The benchmark that measured it (what ``--only`` selects)."""
    title: str
    unit: str
    value: float | None
    """The statistic held to the target (None: not available)."""
    target: Target | None = None
    details: dict[str, Any] = field(default_factory=dict)
    """Other statistics: p50, p95, floor, samples, sizes."""
    note: str = ""

    @property
    def passed(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.target.met_by(self.value)

    def verdict(self) -> str:
        """``pass``, ``MISS (+40%)``, ``-`` (no target) or ``n/a``."""
        if self.value is None:
            return "n/a"
        if self.target is None:
            return "-"
        if self.target.met_by(self.value):
            return "pass"
        over = (self.value / self.target.limit - 1) * 100 if self.target.limit else float("inf")
        return f"MISS (+{over:.0f}%)"

    def measured(self) -> str:
        if self.value is None:
            return self.note or "not available"
        if self.unit == "×":
            ours, floor = self.details.get("ms"), self.details.get("floor_ms")
            if ours is not None and floor is not None:
                return f"{_number(ours)} ms vs {_number(floor)} ms = {self.value:.1f}×"
            return f"{self.value:.1f}×"
        text = f"{_number(self.value)} {self.unit}"
        p50 = self.details.get("p50_ms")
        if p50 is not None and self.target is not None and self.target.statistic == "p95":
            text = f"p50 {_number(p50)} / p95 {_number(self.value)} {self.unit}"
        return text


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


# --------------------------------------------------------------------------- statistics


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def percentile(samples: Sequence[float], share: float) -> float:
    """The ``share`` percentile (0-100) by linear interpolation between closest ranks."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * share / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_details(samples_ms: Sequence[float]) -> dict[str, Any]:
    return {
        "samples": len(samples_ms),
        "p50_ms": percentile(samples_ms, 50),
        "p95_ms": percentile(samples_ms, 95),
        "max_ms": max(samples_ms),
        "min_ms": min(samples_ms),
    }


# --------------------------------------------------------------------------- machine


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def _cpu_model() -> str:
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return None


def _os_name() -> str:
    for line in _read("/etc/os-release").splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip().strip('"')
    return platform.platform()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=REPOSITORY, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() or "unknown"


def load_average() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except OSError:
        return None


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    dirty = _git("status", "--porcelain", "--untracked-files=no", "--", "server")
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(_memory_gb() or 0, 1),
        "os": _os_name(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "pygls": _version("pygls"),
        "lsprotocol": _version("lsprotocol"),
        "botocore": _version("botocore"),
        "pyyaml": _version("PyYAML"),
        "pydantic": _version("pydantic"),
        "ddb_architect": _version("ddb-architect"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "server_tree": "modified" if dirty not in ("", "unknown") else "clean",
    }


# --------------------------------------------------------------------------- the run


@dataclass
class Run:
    """Every figure of one ``python -m bench`` run."""

    figures: list[Figure] = field(default_factory=list)
    quick: bool = False
    started: str = field(
        default_factory=lambda: datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    )
    machine: dict[str, Any] = field(default_factory=machine)
    load_before: tuple[float, float, float] | None = field(default_factory=load_average)
    load_after: tuple[float, float, float] | None = None
    seconds: float = 0.0

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure

    def misses(self) -> list[Figure]:
        return [f for f in self.figures if f.passed is False]

    def to_json(self) -> dict[str, Any]:
        return {
            "started": self.started,
            "quick": self.quick,
            "seconds": round(self.seconds, 1),
            "load_average_before": self.load_before,
            "load_average_after": self.load_after,
            "machine": self.machine,
            "figures": [
                {
                    **{k: v for k, v in asdict(figure).items() if k != "target"},
                    "target": asdict(figure.target) if figure.target is not None else None,
                    "target_text": figure.target.describe() if figure.target is not None else None,
                    "passed": figure.passed,
                }
                for figure in self.figures
            ],
        }

    def write_json(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=2, default=str) + "\n", encoding="utf-8")


def _machine_line(run: Run) -> str:
    m = run.machine
    load = "unknown"
    if run.load_before is not None:
        load = "{:.2f} / {:.2f} / {:.2f}".format(*run.load_before)
    return (
        f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM; {m['os']} (Linux {m['kernel']}); "
        f"Python {m['python']}; pygls {m['pygls']}, lsprotocol {m['lsprotocol']}, botocore {m['botocore']}, "
        f"PyYAML {m['pyyaml']}, pydantic {m['pydantic']}; commit {m['commit']}"
        f"{' (server/ modified)' if m['server_tree'] == 'modified' else ''}; load average at start {load}"
    )


def render_text(run: Run) -> str:
    """The report printed at the end of a run."""
    rows = [("figure", "measured", "target", "result")]
    rows += [
        (f.title, f.measured(), f.target.describe() if f.target else "-", f.verdict()) for f in run.figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [f"ddb-architect benchmarks, {run.started}{' (--quick)' if run.quick else ''}"]
    lines.append(_machine_line(run))
    lines.append("")
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [f for f in run.figures if f.note and f.value is not None]
    if notes:
        lines.append("")
        lines.extend(f"- {f.title}: {f.note}" for f in notes)
    misses = run.misses()
    lines.append("")
    lines.append(
        f"{len(misses)} of {sum(f.target is not None and f.value is not None for f in run.figures)} "
        f"targets missed; {run.seconds:.0f} s"
    )
    return "\n".join(lines) + "\n"


def render_markdown(run: Run) -> str:
    """A results section for docs/performance.md."""
    date = run.started[:10]
    lines = [
        f"### Results, {date}{' (quick run)' if run.quick else ''}",
        "",
        f"Measured on {_machine_line(run)}.",
        "",
        "| figure | measured | target | result |",
        "| --- | --- | --- | --- |",
    ]
    for f in run.figures:
        target = f.target.describe() if f.target else "—"
        lines.append(f"| {f.title} | {f.measured()} | {target} | {f.verdict()} |")
    notes = [f for f in run.figures if f.note and f.value is not None]
    if notes:
        lines.append("")
        lines.extend(f"- {f.title}: {f.note}" for f in notes)
    lines.append("")
    return "\n".join(lines)


def print_progress(text: str) -> None:
    """Progress goes to stderr, so the report alone can be piped."""
    print(text, file=sys.stderr, flush=True)
