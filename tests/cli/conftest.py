"""Fixtures of the command-line tests: run ``main`` in-process in a scratch directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddb_architect.cli import main
from tests.cli.cli_support import CliRunner, Run


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch current directory with no pyproject.toml above it that applies."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


@pytest.fixture
def cli(workdir: Path, capsys: pytest.CaptureFixture[str]) -> CliRunner:
    def run(*args: str) -> Run:
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
