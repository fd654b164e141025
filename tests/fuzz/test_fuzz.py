"""The fuzz harness in its bounded (CI) run: random design specs of the format's shape,
random modules of boto3 calls, and random edits of the example files go to the spec
loader and the code reader, and on to every editor entry point; nothing may escape.

``DDB_FUZZ_EXAMPLES=N`` or ``DDB_FUZZ_LONG=1`` runs longer; ``python -m
tests.fuzz.long_run --minutes 25`` runs for a set time and keeps every crash it finds."""

from __future__ import annotations

from hypothesis import given

from tests.fuzz.budget import fuzz_settings
from tests.fuzz.strategies import PYTHON_PIECES, YAML_PIECES, edited_examples, python_texts, spec_texts
from tests.fuzz.targets import (
    python_engine,
    python_incremental,
    spec_engine,
    spec_incremental,
    spec_loader,
)


@fuzz_settings()
@given(spec_texts())
def test_the_spec_loader_reads_any_spec_shaped_text(text: str) -> None:
    spec_loader(text)


@fuzz_settings(0.5)
@given(spec_texts())
def test_every_entry_point_survives_random_specs(text: str) -> None:
    spec_engine(text)


@fuzz_settings(0.25)
@given(edited_examples(".ddb.yaml", YAML_PIECES))
def test_random_edits_of_the_example_specs(text: str) -> None:
    spec_engine(text)


@fuzz_settings(0.5)
@given(python_texts())
def test_the_code_reader_survives_random_boto3_modules(text: str) -> None:
    python_engine(text)


@fuzz_settings(0.15)
@given(edited_examples(".py", PYTHON_PIECES))
def test_random_edits_of_the_example_code(text: str) -> None:
    python_engine(text)


@fuzz_settings(0.15)
@given(edited_examples(".ddb.yaml", YAML_PIECES))
def test_incremental_spec_checks_of_random_edits_are_fresh_checks(text: str) -> None:
    spec_incremental(text)


@fuzz_settings(0.15)
@given(edited_examples(".py", PYTHON_PIECES))
def test_incremental_code_checks_of_random_edits_are_fresh_checks(text: str) -> None:
    python_incremental(text)
