"""The JSON Schema of the spec format, generated from the pydantic model."""

from __future__ import annotations

import json
from typing import Any

from ddb_architect.resources import SCHEMA_URL
from ddb_architect.spec.model import Design

SCHEMA_ID = SCHEMA_URL


def design_schema() -> dict[str, Any]:
    """The schema of a ``*.ddb.yaml`` file (draft 2020-12)."""
    schema = Design.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def design_schema_text() -> str:
    """The schema as the committed file holds it (stable key order, trailing newline)."""
    return json.dumps(design_schema(), indent=2, ensure_ascii=False) + "\n"
