"""Where the package's data lives: the JSON Schema, data tables and rule pages.

In a wheel they are packaged under ``ddb_architect/_data``; in a source checkout (and an
editable install) they are read from the repository's ``schemas/`` and ``docs/rules/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PROJECT_URL = "https://github.com/ddb-architect/ddb-architect"
RULE_DOCS_URL = PROJECT_URL + "/blob/main/docs/rules/{code}.md"
SCHEMA_URL = PROJECT_URL + "/raw/main/schemas/ddb-design.schema.json"

_PACKAGE = Path(__file__).resolve().parent
_REPOSITORY = _PACKAGE.parent.parent


@cache
def schemas_dir() -> Path:
    packaged = _PACKAGE / "_data" / "schemas"
    return packaged if packaged.is_dir() else _REPOSITORY / "schemas"


@cache
def rule_docs_dir() -> Path:
    packaged = _PACKAGE / "_data" / "rules"
    return packaged if packaged.is_dir() else _REPOSITORY / "docs" / "rules"


def schema_path() -> Path:
    return schemas_dir() / "ddb-design.schema.json"


def rule_doc_path(code: str) -> Path | None:
    """The documentation page of a rule, or None when it has none."""
    path = rule_docs_dir() / f"{code.upper()}.md"
    return path if path.is_file() else None


def rule_doc(code: str) -> str | None:
    path = rule_doc_path(code)
    return path.read_text(encoding="utf-8") if path is not None else None
