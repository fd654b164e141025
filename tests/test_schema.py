"""The committed JSON Schema is generated from the model and validates the examples."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from ddb_architect.resources import schema_path
from ddb_architect.spec.schema import design_schema, design_schema_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "examples"
EXAMPLES = sorted(SHARED.glob("*.ddb.yaml")) + sorted((ROOT / "examples").glob("**/*.ddb.yaml"))


def test_committed_schema_is_not_stale() -> None:
    committed = (ROOT / "schemas" / "ddb-design.schema.json").read_text(encoding="utf-8")
    assert committed == design_schema_text(), (
        "schemas/ddb-design.schema.json is stale: run `ddb-architect schema --output schemas/ddb-design.schema.json`"
    )
    assert schema_path().read_text(encoding="utf-8") == committed


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(design_schema())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_schema_validates_the_examples(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), design_schema())


@pytest.mark.parametrize(
    "bad",
    [
        {"tables": {"Things": {"key": {"partition": "PK"}, "billing": "provisoned"}}},
        {"tables": {"Things": {"key": {"partition": "PK"}, "biling": "on-demand"}}},
        {"tables": {"Things": {"billing": "on-demand"}}},
        {
            "tables": {
                "Things": {"key": {"partition": "PK"}, "entities": {"E": {"keys": {}, "item_size": "big"}}}
            }
        },
        {
            "tables": {
                "Things": {"key": {"partition": "PK"}, "access_patterns": [{"name": "x", "op": "Fetch"}]}
            }
        },
    ],
)
def test_schema_rejects_what_the_loader_rejects(bad: dict[str, object]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, design_schema())


def test_schema_describes_fields_for_editors() -> None:
    entity = design_schema()["$defs"]["Entity"]["properties"]
    assert "Average item size" in entity["item_size"]["description"]
    assert json.dumps(entity["item_size"]).count("1.5KB") >= 1
