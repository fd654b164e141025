"""Session-wide test settings: the language servers the tests start keep their start-up
cache (``ddb_architect.startup_cache``) in a folder of the test session, never in the
user's own cache directory."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from ddb_architect.startup_cache import DIRECTORY_VARIABLE

_created: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    if DIRECTORY_VARIABLE not in os.environ:
        folder = tempfile.mkdtemp(prefix="ddb-architect-test-cache-")
        _created.append(folder)
        os.environ[DIRECTORY_VARIABLE] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _created:
        shutil.rmtree(folder, ignore_errors=True)
        if os.environ.get(DIRECTORY_VARIABLE) == folder:
            del os.environ[DIRECTORY_VARIABLE]
