"""A long fuzz run that keeps going past crashes: each target gets its share of the time,
every failing input is saved (one per kind of failure) for the corpus, and the figures
are printed at the end.

    python -m tests.fuzz.long_run --minutes 25 --crashes /tmp/ddb-fuzz-crashes
"""

from __future__ import annotations

import argparse
import hashlib
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.strategies import PYTHON_PIECES, YAML_PIECES, edited_examples, python_texts, spec_texts
from tests.fuzz.targets import (
    python_engine,
    python_incremental,
    spec_engine,
    spec_incremental,
    spec_loader,
)

CAMPAIGNS: list[tuple[str, Callable[[], st.SearchStrategy[str]], Callable[[str], None], str]] = [
    ("spec loader, random specs", spec_texts, spec_loader, ".ddb.yaml"),
    ("spec entry points, random specs", spec_texts, spec_engine, ".ddb.yaml"),
    (
        "spec entry points, edited examples",
        lambda: edited_examples(".ddb.yaml", YAML_PIECES),
        spec_engine,
        ".ddb.yaml",
    ),
    ("python entry points, random modules", python_texts, python_engine, ".py"),
    (
        "python entry points, edited examples",
        lambda: edited_examples(".py", PYTHON_PIECES),
        python_engine,
        ".py",
    ),
    (
        "spec incremental check = fresh check, edited examples",
        lambda: edited_examples(".ddb.yaml", YAML_PIECES),
        spec_incremental,
        ".ddb.yaml",
    ),
    (
        "python incremental check = fresh check, edited examples",
        lambda: edited_examples(".py", PYTHON_PIECES),
        python_incremental,
        ".py",
    ),
]


def _signature(error: BaseException) -> str:
    """Where it failed: the exception type and the innermost frame in our package."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "ddb_architect" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__} at {where}"


def _campaign(
    name: str,
    strategy: st.SearchStrategy[str],
    target: Callable[[str], None],
    suffix: str,
    seconds: float,
    crashes: Path,
    chunk: int,
) -> dict[str, Any]:
    """Feed ``target`` from ``strategy`` for ``seconds``; save one input per kind of failure."""
    count = 0
    found: dict[str, str] = {}
    deadline = time.monotonic() + seconds

    @settings(max_examples=chunk, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def body(text: str) -> None:
        nonlocal count
        if time.monotonic() > deadline:
            return
        count += 1
        try:
            target(text)
        except Exception as error:
            signature = _signature(error)
            if signature not in found:
                digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
                path = crashes / f"{digest}{suffix}"
                path.write_bytes(text.encode("utf-8", "surrogatepass"))
                (crashes / f"{digest}.txt").write_text(
                    f"{name}\n{signature}\n\n{''.join(traceback.format_exception(error))}", encoding="utf-8"
                )
                found[signature] = path.name
                print(f"  crash: {signature} -> {path}", flush=True)

    started = time.monotonic()
    while time.monotonic() < deadline:
        body()
    return {"examples": count, "seconds": round(time.monotonic() - started), "crashes": found}


def run(minutes: float, crashes: Path, chunk: int = 200) -> dict[str, Any]:
    crashes.mkdir(parents=True, exist_ok=True)
    share = minutes * 60 / len(CAMPAIGNS)
    figures: dict[str, Any] = {}
    for name, strategy, target, suffix in CAMPAIGNS:
        figures[name] = _campaign(name, strategy(), target, suffix, share, crashes, chunk)
        print(
            f"{name}: {figures[name]['examples']} examples in {figures[name]['seconds']} s, "
            f"{len(figures[name]['crashes'])} distinct crashes",
            flush=True,
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=25.0)
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    figures = run(args.minutes, args.crashes)
    total = sum(f["examples"] for f in figures.values())
    crashed = sum(len(f["crashes"]) for f in figures.values())
    print(f"total: {total} examples, {crashed} distinct crashes")


if __name__ == "__main__":
    main()
