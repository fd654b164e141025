"""The benchmarks' own smoke test: the generators give valid, realistic inputs at tiny
sizes, the report renders, and the bench's client completes a round trip with the real
server. No timing is asserted: targets are checked by ``python -m bench``."""

from __future__ import annotations

import ast
import json
from collections import Counter
from pathlib import Path

import pytest
from bench.__main__ import selected
from bench.generators import plan_tables, python_text, spec_text, spec_with_lines, write_workspace
from bench.lsp_client import BenchClient
from bench.lsp_latency import (
    python_completion_positions,
    python_hover_positions,
    python_typing_positions,
    spec_hover_positions,
    spec_typing_positions,
)
from bench.memory import server_memory
from bench.report import Figure, Run, Target, percentile, render_markdown, render_text

from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import check_python, check_spec
from ddb_architect.spec.loader import load_spec

# Findings that would mean the generator writes what the format or boto3 rejects, rather
# than the design mistakes it plants on purpose.
GENERATOR_BUGS_IN_SPECS = {"DDB001", "DDB002", "DDB003", "DDB004", "DDB005", "DDB006", "DDB011"}
GENERATOR_BUGS_IN_CODE = {"DDB606", "DDB608", "DDB609", "DDB612", "DDB617", "DDB701", "DDB702", "DDB703"}


def test_a_generated_spec_is_valid_and_has_ten_patterns_a_table() -> None:
    text = spec_text(8, seed=7)
    report = check_spec(text, "generated.ddb.yaml")
    codes = Counter(f.code for f in report.findings)
    assert not GENERATOR_BUGS_IN_SPECS & set(codes), codes
    design = report.document.design
    assert design is not None
    assert len(design.tables) == 8
    assert all(len(table.access_patterns) == 10 for table in design.tables.values())
    # A realistic mix: some findings, far from one per pattern.
    assert 0 < sum(codes.values()) < 80


def test_generators_are_deterministic() -> None:
    assert spec_text(3, seed=1) == spec_text(3, seed=1)
    assert spec_text(3, seed=1) != spec_text(3, seed=2)
    plans = plan_tables(3, seed=1)
    assert python_text(200, plans, seed=1) == python_text(200, plans, seed=1)


def test_spec_with_lines_reaches_the_size() -> None:
    text, plans = spec_with_lines(400)
    assert text.count("\n") >= 400
    design = load_spec(text, "x.ddb.yaml").design
    assert design is not None
    assert len(design.tables) == len(plans)


def test_generated_python_parses_and_matches_its_spec() -> None:
    plans = plan_tables(4, seed=3)
    spec = load_spec(spec_text(4, seed=3), "generated.ddb.yaml")
    code = python_text(600, plans, seed=3)
    assert code.count("\n") >= 600
    ast.parse(code)
    report = check_python(code, "generated.py", SpecSet([spec]))
    assert report.context is not None
    assert len(report.context.reading.calls) >= 20
    codes = Counter(f.code for f in report.findings)
    assert not GENERATOR_BUGS_IN_CODE & set(codes), codes


def test_a_generated_workspace(tmp_path: Path) -> None:
    workspace = write_workspace(tmp_path, files=30, tables=3)
    assert len(workspace.python_files) == 30
    assert 3 <= len(workspace.dynamodb_files) <= 20
    for path in workspace.python_files:
        ast.parse(path.read_text(encoding="utf-8"))
    assert (tmp_path / "pyproject.toml").is_file()
    assert load_spec(workspace.spec.read_text(encoding="utf-8"), str(workspace.spec)).design is not None


def test_positions_are_found_in_generated_files() -> None:
    text, plans = spec_with_lines(300)
    spec_lines = text.split("\n")
    code_lines = python_text(300, plans).split("\n")
    for positions in (
        spec_typing_positions(spec_lines),
        spec_hover_positions(spec_lines),
        python_typing_positions(code_lines),
        python_hover_positions(code_lines),
        python_completion_positions(code_lines),
    ):
        assert len(positions) >= 5


def test_the_report_renders_targets_and_misses(tmp_path: Path) -> None:
    run = Run(quick=True)
    run.add(Figure("a", "engine-spec", "fast", "ms", 10.0, Target(20.0, "ms", "p95"), {"p50_ms": 5.0}))
    run.add(Figure("b", "engine-spec", "slow", "ms", 30.0, Target(20.0, "ms", "p95")))
    run.add(Figure("c", "completion", "missing", "ms", None, Target(20.0, "ms", "p95"), note="not available"))
    text = render_text(run)
    assert "pass" in text
    assert "MISS (+50%)" in text
    assert "not available" in text
    assert "| slow |" in render_markdown(run)
    run.write_json(tmp_path / "out.json")
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [f["passed"] for f in data["figures"]] == [True, False, None]
    assert data["machine"]["cores"] >= 1


def test_percentile() -> None:
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile(list(range(101)), 95) == 95


def test_only_selects_by_name_and_prefix() -> None:
    assert selected(["engine"]) == ["engine-spec", "engine-python"]
    assert selected(["hover,memory"]) == ["hover", "memory"]
    assert "workspace" in selected(["lsp"])
    with pytest.raises(ValueError, match="no such benchmark"):
        selected(["nothing"])


async def test_the_bench_client_completes_a_round_trip(tmp_path: Path) -> None:
    text = spec_text(2)
    spec = tmp_path / "design.ddb.yaml"
    spec.write_text(text, encoding="utf-8")
    client = BenchClient({"debounceMs": 0})
    await client.start(tmp_path)
    try:
        result, seconds = await client.initialize_workspace(tmp_path, {"debounceMs": 0})
        assert result.server_info is not None
        assert seconds > 0
        client.send_initialized()
        await client.progress_end(timeout=60)
        document = client.open(spec, text)
        await client.diagnostics(document.uri, 1, timeout=60)
        line, character = spec_typing_positions(document.lines)[0]
        version, _sent = client.type_text(document, line, character, "x")
        published = await client.diagnostics(document.uri, version, timeout=60)
        assert published.at > 0
        line, character = spec_hover_positions(document.lines)[0]
        elapsed, answer = await client.timed_hover(document, line, character)
        assert elapsed > 0
        assert answer is not None
        memory = server_memory(client.server_pid)
        assert memory.peak_rss_mb >= memory.rss_mb > 0
    finally:
        await client.stop_server()
