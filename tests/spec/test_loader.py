"""Loading a spec: the model, positions, DDB001–DDB003, and that a broken part never
hides the findings of the sound parts."""

from __future__ import annotations

import textwrap

import pytest

from ddb_architect.findings import Position
from ddb_architect.spec.loader import load_spec
from tests.specs import at_lines, findings, line_of, problems

SOUND_TABLE = """
  Good:
    key: {partition: PK}
    entities:
      Item:
        keys: {PK: "ITEM#{id}"}
        item_size: 450KB
        fields:
          id: {type: S, format: uuid}
"""


def load(text: str):
    return load_spec(textwrap.dedent(text), "test.ddb.yaml")


def test_examples_load_into_the_model() -> None:
    spec = load(
        """
        version: 1
        region: eu-west-1
        tables:
          Things:
            billing: provisioned
            capacity: {read: 10, write: 5, autoscaling: {read: {min: 5, max: 100, target: 70%}}}
            class: standard-ia
            key: {partition: PK, sort: SK}
            ttl: expiresAt
            stream: {view: new-image, consumers: [indexer]}
            indexes:
              GSI1: {key: {partition: [tenant, region]}, projection: [a, b]}
            entities:
              E:
                keys: {PK: "E#{id}", SK: "{n:010d}"}
                item_size: 1.5KB
                count: 10M
                growth: 20K/day
                retention: 90d
                fields: {id: {format: ulid}, n: {type: N}}
            access_patterns:
              - name: get-e
                op: GetItem
                entity: E
                key: {PK: "E#{id}", SK: {between: [1, 9]}}
                filter: {selectivity: 5%}
                rate: 900/s
                peak: 3K/s
        """
    )
    assert spec.findings == []
    design = spec.design
    assert design is not None
    assert design.region == "eu-west-1"
    table = design.tables["Things"]
    assert table.table_class == "standard-ia"
    assert table.capacity is not None
    assert table.capacity.autoscaling is not None
    assert table.capacity.autoscaling.read is not None
    assert table.capacity.autoscaling.read.target == 0.7
    assert table.indexes["GSI1"].key.partition_attrs == ("tenant", "region")
    entity = table.entities["E"]
    assert (entity.item_size, entity.count, entity.retention) == (1536, 10_000_000, 90 * 86_400)
    assert entity.growth == pytest.approx(20_000 / 86_400)
    pattern = table.access_patterns[0]
    assert pattern.key is not None
    assert pattern.key["SK"].op == "between"
    assert pattern.filter is not None
    assert pattern.filter.selectivity == 0.05
    assert pattern.peak_rate == 3000


def test_models_know_where_they_came_from() -> None:
    text = """
    tables:
      Orders:
        key: {partition: orderId}
        entities:
          Order:
            keys: {orderId: "ORDER#{orderId}"}
            item_size: 2KB
    """
    design = load(text).design
    assert design is not None
    table = design.tables["Orders"]
    assert table.name == "Orders"
    assert table.name_span.start == Position(line_of(text, "Orders:") - 1, 2)
    entity = table.entities["Order"]
    row = line_of(text, "item_size") - 1
    line = textwrap.dedent(text).splitlines()[row]
    assert entity.span("item_size").start == Position(row, line.index("2KB"))
    assert entity.span("item_size", key=True).start == Position(row, line.index("item_size"))


def test_syntax_error_is_ddb001_at_its_position() -> None:
    text = "tables:\n  Things: {key: [oops\n"
    assert at_lines(text) == [("DDB001", 3)]


def test_duplicate_key_is_ddb003_on_the_second_key() -> None:
    text = """
    tables:
      Things:
        key: {partition: PK}
        billing: on-demand
        billing: provisioned
    """
    found = findings(text, "DDB003")
    assert [(f.code, f.span.start.line + 1) for f in found] == [
        ("DDB003", line_of(text, "billing: provisioned"))
    ]


@pytest.mark.parametrize(
    ("line", "expected", "example"),
    [
        ("item_size: 1.5 kilo", "expected a size", "1.5KB"),
        ("count: lots", "expected a count", "10M"),
        ("growth: 20K", "expected a rate", "900/s"),
        ("retention: 90", "expected a duration", "90d"),
    ],
)
def test_bad_quantity_is_ddb002_on_the_value_with_an_example(line: str, expected: str, example: str) -> None:
    text = f"""
    tables:
      Things:
        key: {{partition: PK}}
        entities:
          E:
            keys: {{PK: "E#{{id}}"}}
            {line}
            fields: {{id: {{format: uuid}}}}
    """
    found = findings(text, "DDB002")
    assert len(found) == 1
    assert found[0].span.start.line + 1 == line_of(text, line)
    assert (
        found[0].span.start.column
        == textwrap.dedent(text).splitlines()[line_of(text, line) - 1].index(":") + 2
    )
    assert expected in found[0].message
    assert example in found[0].message


def test_unknown_field_suggests_the_right_one() -> None:
    text = """
    tables:
      Things:
        key: {partition: PK}
        biling: provisioned
    """
    [finding] = findings(text, "DDB002")
    assert "unknown field 'biling'" in finding.message
    assert "did you mean 'billing'" in finding.message
    assert finding.data["suggestion"] == "billing"
    assert finding.span.start.line + 1 == line_of(text, "biling")


def test_bad_enum_value_lists_the_choices() -> None:
    text = """
    tables:
      Things:
        key: {partition: PK}
        billing: provisoned
    """
    [finding] = findings(text, "DDB002")
    assert "expected one of on-demand, provisioned" in finding.message
    assert "did you mean 'provisioned'" in finding.message


def test_unknown_format_is_ddb002() -> None:
    text = """
    tables:
      Things:
        key: {partition: PK}
        entities:
          E:
            keys: {PK: "E#{id}"}
            fields: {id: {format: guid}}
    """
    [finding] = findings(text, "DDB002")
    assert "uuid" in finding.message
    assert "'guid'" in finding.message


def test_missing_required_field_points_at_its_owner() -> None:
    text = """
    tables:
      Things:
        billing: on-demand
    """
    [finding] = findings(text)
    assert finding.code == "DDB002"
    assert "missing required field 'key'" in finding.message
    assert finding.span.start.line + 1 == line_of(text, "Things:")


def test_misspelled_required_field_is_one_finding() -> None:
    text = """
    tables:
      Things:
        key: {partiton: PK}
    """
    found = findings(text)
    assert [f.code for f in found] == ["DDB002"]
    assert "did you mean 'partition'" in found[0].message


def test_access_pattern_names_are_kebab_case_and_unique() -> None:
    text = """
    tables:
      Things:
        key: {partition: PK}
        access_patterns:
          - {name: getThing, op: Scan, rate: 1/day}
          - {name: get-it, op: Scan, rate: 1/day}
          - {name: get-it, op: Scan, rate: 1/day}
    """
    found = findings(text, "DDB002")
    assert len(found) == 2
    assert "'get-thing'" in found[0].message
    assert "a second access pattern is named 'get-it'" in found[1].message


def test_one_broken_table_does_not_hide_the_others() -> None:
    text = "tables:\n  Broken:\n    key: 5\n" + SOUND_TABLE
    assert problems(text) == [("DDB002", 3), ("DDB301", line_of(text, "450KB"))]


def test_one_broken_entity_does_not_hide_its_neighbours() -> None:
    text = """
    tables:
      Things:
        key: {partition: PK}
        entities:
          Broken: [not, a, mapping]
          Big:
            keys: {PK: "BIG#{id}"}
            item_size: 450KB
            fields: {id: {format: uuid}}
    """
    assert problems(text) == [("DDB002", line_of(text, "Broken")), ("DDB301", line_of(text, "450KB"))]


def test_a_broken_value_drops_only_that_value() -> None:
    text = """
    tables:
      Things:
        key: {partition: PK}
        entities:
          Big:
            keys: {PK: "BIG#{id}"}
            item_size: 450KB
            count: many
            fields: {id: {format: uuid}}
    """
    assert at_lines(text) == [("DDB301", line_of(text, "450KB")), ("DDB002", line_of(text, "count: many"))]


def test_references_to_a_broken_index_are_not_reported_again() -> None:
    text = """
    tables:
      Things:
        key: {partition: PK}
        indexes:
          ByG: {key: {partition: 7}}
        access_patterns:
          - {name: by-g, op: Query, index: ByG, key: {X: "{x}"}, rate: 1/s}
    """
    assert [f.code for f in findings(text)] == ["DDB002"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "- a list\n",
        "just text\n",
        "tables: [1, 2]\n",
        "tables:\n  Things: 5\n",
        "version: 2\n",
    ],
)
def test_wrong_shapes_are_findings_not_crashes(text: str) -> None:
    found = findings(text)
    assert found
    assert all(f.code in ("DDB001", "DDB002") for f in found)


def test_inline_suppression() -> None:
    text = """
    tables:
      Things:
        key: {partition: PK}
        billing: provisoned  # ddb: ignore[DDB002]
    """
    assert findings(text) == []


def test_too_large_file_is_not_read() -> None:
    spec = load_spec("a: b\n" * 10, max_bytes=20)
    assert [f.code for f in spec.findings] == ["DDB001"]
    assert "limit" in spec.findings[0].message
