"""Hostile text straight into the engine: alias bombs and deep nesting stop at once with
a DDB001 where they go wrong, a file over the size limit is skipped with an information
finding, and odd text of every kind gets findings, never an exception."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

import pytest

from ddb_architect.code.specs import SpecSet
from ddb_architect.completion.python import complete_python
from ddb_architect.completion.spec import complete_spec
from ddb_architect.engine import check_python, check_spec, read_python
from ddb_architect.findings import Position, Severity
from ddb_architect.hover import hover_at
from ddb_architect.hover.code import code_hover_at
from ddb_architect.limits import MAX_FILE_BYTES
from tests.hostile.exercise import exercise_python, exercise_spec
from tests.hostile.inputs import (
    ODD_TEXTS,
    billion_laughs,
    deep_block,
    deep_flow,
    deep_flow_mapping,
    merge_key_bomb,
    oversized_python,
    oversized_spec,
)

BOMBS: dict[str, tuple[Callable[[], str], str]] = {
    "billion laughs": (billion_laughs, "aliases expand"),
    "merge-key bomb": (merge_key_bomb, "aliases expand"),
    "deep flow sequences": (deep_flow, "nesting"),
    "deep flow mappings": (deep_flow_mapping, "nesting deeper"),
    "deep block mappings": (deep_block, "nesting deeper"),
}


@pytest.mark.parametrize("name", BOMBS)
def test_bombs_stop_quickly_in_little_memory_with_a_clear_finding(name: str) -> None:
    make, words = BOMBS[name]
    text = make()
    tracemalloc.start()
    start = time.perf_counter()
    try:
        report = check_spec(text, "bomb.ddb.yaml")
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert elapsed < 2.0
    assert peak < 64 * 1024 * 1024 + 20 * len(text)
    assert report.document.design is None
    [finding] = [f for f in report.findings if f.code == "DDB001"]
    assert finding.severity is Severity.ERROR
    assert words in finding.message
    # At the alias or bracket where it went wrong, not at the top of the file.
    assert finding.span.start.line >= 1


def test_the_laughs_finding_points_at_the_alias_that_blew_the_budget() -> None:
    text = billion_laughs()
    [finding] = check_spec(text).findings
    line = text.splitlines()[finding.span.start.line]
    assert line[finding.span.start.column] == "*"


def test_bombs_survive_hover_completion_and_fixes() -> None:
    for make, _words in BOMBS.values():
        exercise_spec(make(), hovers=2, fixes=2)


@pytest.mark.parametrize("name", ODD_TEXTS)
def test_odd_text_is_never_a_crash(name: str) -> None:
    exercise_spec(ODD_TEXTS[name])
    exercise_python(ODD_TEXTS[name])


def test_a_lone_surrogate_is_a_finding_where_it_is() -> None:
    [finding] = check_spec("version: 1\nname: ab\ud800c\n").findings
    assert finding.code == "DDB001"
    assert finding.span.start == Position(1, 8)
    assert "surrogate" in finding.message


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("version: 1\nname: é😋 \x15\n", Position(1, 9)),
        ("version: 1\rname: x\r\ndescription: \x04\n", Position(2, 13)),
    ],
    ids=["after non-ASCII text", "after carriage returns"],
)
def test_a_control_character_is_a_finding_on_it(text: str, where: Position) -> None:
    [finding] = check_spec(text).findings
    assert finding.code == "DDB001"
    assert finding.span.start == where
    assert "control characters" in finding.message


def test_a_syntax_error_at_the_end_of_a_file_without_a_newline_stays_inside_it() -> None:
    text = "version: 1\ntables:\n  T: {key"
    [finding] = check_spec(text).findings
    assert finding.span.start == Position(2, len("  T: {key"))


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "(" * 5_000 + ")" * 5_000,
        "x = " + "-" * 200_000 + "1",
        "x = " + " + ".join(["a"] * 20_000),
        "import boto3\nt = boto3.resource('dynamodb').Table('T')\nt.query("
        + "[" * 3_000
        + "]" * 3_000
        + ")\n",
        "import boto3\n"
        + "if x:\n"
        + "".join(" " * n + "if x:\n" for n in range(1, 99))
        + " " * 99
        + "boto3.client('dynamodb').scan()\n",
        "import boto3\ns = '" + "\\x00" * 10_000 + "'\nboto3.client('dynamodb').scan(TableName=s)\n",
    ],
    ids=["parentheses", "unary minus", "long sum", "nested list argument", "deep blocks", "escaped nuls"],
)
def test_deeply_nested_python_is_bounded(text: str) -> None:
    start = time.perf_counter()
    exercise_python(text, hovers=2, fixes=2)
    assert time.perf_counter() - start < 10


# --------------------------------------------------------------------------- 20 MB


@pytest.fixture(scope="module")
def big_spec() -> str:
    return oversized_spec(20)


@pytest.fixture(scope="module")
def big_python() -> str:
    return oversized_python(20)


def test_a_20_mb_spec_is_skipped_with_an_information_finding(big_spec: str) -> None:
    start = time.perf_counter()
    report = check_spec(big_spec, "big.ddb.yaml")
    assert time.perf_counter() - start < 2.0
    [finding] = report.findings
    assert (finding.code, finding.severity, finding.span.start) == ("DDB001", Severity.INFO, Position(0, 0))
    assert "20.0 MB, over the 10 MB limit for a design spec: it was skipped" in finding.message
    assert report.document.design is None
    # The editor's other requests on it answer at once, with nothing.
    start = time.perf_counter()
    assert hover_at(report.document, 3, 6) is None
    assert complete_spec(big_spec, 20) == []
    assert time.perf_counter() - start < 1.0


def test_a_20_mb_python_file_is_skipped_with_an_information_finding(big_python: str) -> None:
    start = time.perf_counter()
    report = check_python(big_python, "big.py")
    assert time.perf_counter() - start < 2.0
    [finding] = report.findings
    assert (finding.code, finding.severity, finding.span.start) == ("DDB001", Severity.INFO, Position(0, 0))
    assert "over the 10 MB limit for a Python file: it was skipped" in finding.message
    assert report.context is not None
    assert report.context.calls == []
    start = time.perf_counter()
    assert code_hover_at(big_python, "big.py", SpecSet(), 3, 10) is None
    assert complete_python(big_python, 60, SpecSet()) == []
    assert read_python(big_python, "big.py", SpecSet()).calls == []  # type: ignore[union-attr]
    assert time.perf_counter() - start < 1.0


def test_just_under_the_limit_is_read() -> None:
    text = "version: 1\nname: x\n"
    text += "#" * (MAX_FILE_BYTES - len(text) - 1) + "\n"
    assert all(f.severity is not Severity.INFO for f in check_spec(text).findings)
