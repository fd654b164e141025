"""The command-line and end-to-end fixtures, shared with tests/cli and tests/lsp."""

from __future__ import annotations

from tests.cli.conftest import cli, workdir
from tests.lsp.conftest import client, workspace

__all__ = ["cli", "client", "workdir", "workspace"]
