"""Past crashes, kept: every file in ``corpus/`` once made the engine fail (or is a seed
of the hostile kinds the fuzzer starts from); each is replayed through every entry point
an editor reaches. A new crash found by the fuzzer is fixed, then its input saved here."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.targets import python_engine, spec_engine, spec_loader

CORPUS = Path(__file__).with_name("corpus")
SPECS = sorted(CORPUS.glob("*.ddb.yaml"))
PYTHON = sorted(CORPUS.glob("*.py.txt"))  # not .py: linters would read them


def _text(path: Path) -> str:
    # Stored as UTF-8 with surrogate escapes, so lone surrogates and NULs survive on disk.
    return path.read_bytes().decode("utf-8", errors="surrogatepass")


def test_the_corpus_is_there() -> None:
    assert SPECS
    assert PYTHON


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_past_spec_crashes(path: Path) -> None:
    text = _text(path)
    spec_loader(text)
    spec_engine(text)


@pytest.mark.parametrize("path", PYTHON, ids=lambda p: p.name)
def test_past_python_crashes(path: Path) -> None:
    python_engine(_text(path))
