"""A user types each example file from the top: every prefix the editor holds on the way
(each line as it is finished, and a sample of places mid-line) is checked, hovered,
completed at the cursor and fixed without anything escaping from the engine."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ddb_architect.code.specs import SpecSet
from ddb_architect.completion.python import complete_python
from ddb_architect.completion.spec import complete_spec
from ddb_architect.engine import check_python, check_spec
from ddb_architect.hover import hover_at
from ddb_architect.hover.code import code_hover_at
from ddb_architect.spec.loader import load_spec
from tests.hostile.exercise import assert_inside, at_most, engine_errors, exercise_python, exercise_spec
from tests.hostile.inputs import example_files

EXAMPLES = example_files()
MID_LINE_SAMPLES = 15
HOVER_EVERY = 4  # lines: hover prices the whole design each time


def _is_spec(path: Path) -> bool:
    return path.name.endswith(".ddb.yaml")


def _specs_for(path: Path) -> SpecSet:
    """Python examples are checked against the example specs beside them."""
    beside = [p for p in EXAMPLES if _is_spec(p) and p.parent == path.parent]
    return SpecSet([load_spec(p.read_text(encoding="utf-8"), str(p)) for p in beside])


def _line_ends(text: str) -> list[int]:
    return [i + 1 for i, ch in enumerate(text) if ch == "\n"] + [len(text)]


def test_there_are_examples_to_type() -> None:
    assert any(_is_spec(p) for p in EXAMPLES)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_line_as_it_is_finished(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    specs = _specs_for(path)
    with engine_errors() as failures, at_most(60):
        for end in _line_ends(text):
            prefix = text[:end]
            line = prefix.count("\n")
            # The cursor is at the end of what was typed; the user hovers the line above.
            if _is_spec(path):
                report = check_spec(prefix, path.name)
                assert_inside(report.findings, prefix)
                complete_spec(prefix, len(prefix))
                if line % HOVER_EVERY == 0:
                    hover_at(report.document, max(line - 1, 0), 4)
            else:
                python = check_python(prefix, path.name, specs)
                assert_inside(python.findings, prefix)
                complete_python(prefix, len(prefix), specs)
                if line % HOVER_EVERY == 0:
                    code_hover_at(prefix, path.name, specs, max(line - 1, 0), 4)
    assert not failures, failures


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_a_sample_of_places_mid_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    rng = random.Random(path.name)
    specs = _specs_for(path)
    for end in sorted(rng.sample(range(len(text)), min(MID_LINE_SAMPLES, len(text)))):
        if _is_spec(path):
            exercise_spec(text[:end], seed=end, hovers=3, fixes=3)
        else:
            exercise_python(text[:end], specs, seed=end, hovers=3, fixes=3)
