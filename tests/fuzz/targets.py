"""What the fuzzer feeds its inputs to: the spec loader alone (YAML to tree to design),
and then every entry point an editor reaches (check, hover, completion, fixes), for
specs and for Python code checked against the example specs."""

from __future__ import annotations

from functools import cache

from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import check_python
from ddb_architect.spec.loader import TableReuse, load_spec
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


@cache
def _example_texts(suffix: str) -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in example_files() if p.name.endswith(suffix))


def _closest_example(text: str, suffix: str) -> str:
    """The example file ``text`` shares the longest beginning with (what it was edited from)."""
    examples = _example_texts(suffix)

    def shared(example: str) -> int:
        pairs = enumerate(zip(example, text, strict=False))
        return next((at for at, (a, b) in pairs if a != b), min(len(example), len(text)))

    return max(examples, key=shared)


def spec_incremental(text: str) -> None:
    """The language server's incremental load and check of ``text`` after the example it
    was edited from (unchanged tables reused) equals a fresh load and check."""
    from tests.spec.test_incremental_load import PATH, _same_as_fresh

    reuse = TableReuse()
    load_spec(_closest_example(text, ".ddb.yaml"), PATH, reuse=reuse)
    with at_most():
        _same_as_fresh(text, reuse)


def python_incremental(text: str) -> None:
    """A check of ``text`` from the reading of the example it was edited from (only the
    edited statement parsed again) equals a fresh check."""
    from tests.code.test_incremental_check import same_report

    previous = check_python(_closest_example(text, ".py"), "service.py", example_specs()).context
    with at_most():
        same_report(text, example_specs(), previous)


TARGETS = {
    "spec_loader": spec_loader,
    "spec_engine": spec_engine,
    "python_engine": python_engine,
    "spec_incremental": spec_incremental,
    "python_incremental": python_incremental,
}
