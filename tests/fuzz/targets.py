"""What the fuzzer feeds its inputs to: the spec loader alone (YAML to tree to design),
and then every entry point an editor reaches (check, hover, completion, fixes), for
specs and for Python code checked against the example specs."""

from __future__ import annotations

from functools import cache

from ddb_architect.code.specs import SpecSet
from ddb_architect.spec.loader import load_spec
from tests.hostile.exercise import assert_inside, at_most, exercise_python, exercise_spec
from tests.hostile.inputs import example_files


@cache
def example_specs() -> SpecSet:
    return SpecSet(
        [
            load_spec(p.read_text(encoding="utf-8"), str(p))
            for p in example_files()
            if p.name.endswith(".ddb.yaml")
        ]
    )


def spec_loader(text: str) -> None:
    with at_most():
        document = load_spec(text, "fuzz.ddb.yaml")
    assert_inside(document.findings, text)


def spec_engine(text: str) -> None:
    exercise_spec(text, seed=len(text), hovers=3, fixes=3, completions=1)


def python_engine(text: str) -> None:
    exercise_python(text, example_specs(), seed=len(text), hovers=3, fixes=3, completions=1)


TARGETS = {"spec_loader": spec_loader, "spec_engine": spec_engine, "python_engine": python_engine}
