"""Shared pieces of the command-line tests: sample specs and the result of a run."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A spec whose only problem is a misspelt operation, after non-ASCII text on the same
# line: DDB002 on 'GetItm' (line 6, 1-based column 53 in characters).
BAD_SPEC = """\
version: 1
tables:
  Tasks:
    key: {partition: PK}
    access_patterns:
      - {name: get-task, description: "café 😋", op: GetItm}
"""
BAD_LINE, BAD_COLUMN = 6, 53

# A minimal spec the loader accepts.
CLEAN_SPEC = """\
version: 1
name: minimal
"""


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


CliRunner = Callable[..., Run]


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
