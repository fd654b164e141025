"""The key-template library: eleven patterns, each with templates that parse, a field for
every variable, the indexes it needs, and an example spec the checker finds sound."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml

from ddb_architect.engine import check_spec
from ddb_architect.findings import Severity
from ddb_architect.library import KeyPattern, key_pattern, key_patterns, pattern_file_text, shard_count
from ddb_architect.resources import SCHEMA_URL
from ddb_architect.spec.model import FieldSpec, Index
from ddb_architect.spec.templates import parse_template

NAMES = [
    "entity-by-id",
    "one-to-many",
    "adjacency-list",
    "hierarchical-keys",
    "time-series",
    "write-sharding",
    "gsi-overloading",
    "sparse-index",
    "version-history",
    "zero-padded-sort",
    "unique-constraint",
]
PATTERNS = key_patterns()


def by_name(pattern: KeyPattern) -> str:
    return pattern.name


def loud_findings(text: str) -> list[str]:
    report = check_spec(text)
    assert report.document.design is not None
    return [
        f"{f.code} {f.severity.name} line {f.span.start.line + 1}: {f.message}"
        for f in report.findings
        if f.severity in (Severity.ERROR, Severity.WARNING)
    ]


def example_table(pattern: KeyPattern) -> dict[str, Any]:
    data = yaml.safe_load(pattern.example)
    tables = data["tables"]
    assert len(tables) == 1, "each example has one table"
    table: dict[str, Any] = next(iter(tables.values()))
    return table


def pattern_entity(pattern: KeyPattern) -> tuple[str, dict[str, Any]]:
    """The example's entity whose keys are the pattern's keys."""
    matches = [
        (name, entity)
        for name, entity in example_table(pattern)["entities"].items()
        if entity["keys"] == dict(pattern.keys)
    ]
    assert len(matches) == 1, f"{pattern.name}: no single entity of the example has keys {pattern.keys}"
    return matches[0]


# --------------------------------------------------------------------------- the API


def test_the_eleven_patterns_in_order() -> None:
    assert [p.name for p in PATTERNS] == NAMES
    assert len({p.name for p in PATTERNS}) == len(PATTERNS) == 11
    assert len({p.title for p in PATTERNS}) == 11


def test_lookup_by_name() -> None:
    for pattern in PATTERNS:
        assert key_pattern(pattern.name) == pattern
    assert key_pattern("no-such-pattern") is None
    assert key_pattern("") is None
    assert key_pattern("Entity-By-Id") is None


def test_loaded_once() -> None:
    first, second = key_patterns(), key_patterns()
    assert first == second
    assert first is not second  # a fresh list each call ...
    assert all(a is b for a, b in zip(first, second, strict=True))  # ... of the same patterns
    assert key_pattern("write-sharding") is key_pattern("write-sharding")


@pytest.mark.parametrize("pattern", PATTERNS, ids=by_name)
def test_texts(pattern: KeyPattern) -> None:
    assert pattern.name == pattern.name.lower()
    assert all(part.isalnum() for part in pattern.name.split("-"))
    for text in (pattern.title, pattern.summary, pattern.explanation, pattern.when):
        assert text == text.strip()
        assert text
    assert "\n" not in pattern.summary
    assert "\n" not in pattern.title
    assert pattern.explanation.count(". ") >= 2, "a few sentences"
    assert pattern.example.startswith("version: 1\n")


@pytest.mark.parametrize("pattern", PATTERNS, ids=by_name)
def test_templates_parse_and_every_variable_has_a_field(pattern: KeyPattern) -> None:
    assert pattern.keys
    variables: set[str] = set()
    for attribute, source in pattern.keys.items():
        assert isinstance(source, str), attribute
        variables |= {v.name for v in parse_template(source).variables}
    assert variables, "a pattern has variables"
    assert variables == set(pattern.fields), (
        f"fields {sorted(pattern.fields)} for variables {sorted(variables)}"
    )


@pytest.mark.parametrize("pattern", PATTERNS, ids=by_name)
def test_fields_and_indexes_are_valid_spec_fragments(pattern: KeyPattern) -> None:
    for name, spec in pattern.fields.items():
        assert FieldSpec.model_validate(dict(spec)) is not None, name
    for name, spec in pattern.indexes.items():
        assert Index.model_validate(dict(spec)) is not None, name


@pytest.mark.parametrize("pattern", PATTERNS, ids=by_name)
def test_keys_fields_and_indexes_appear_in_the_example(pattern: KeyPattern) -> None:
    table = example_table(pattern)
    name, entity = pattern_entity(pattern)
    for attribute in pattern.keys:
        assert attribute in entity["keys"], f"{pattern.name}: {attribute} not in {name}'s keys"
        key = table["key"]
        known = {key["partition"], key.get("sort")} | {
            part for index in table.get("indexes", {}).values() for part in index["key"].values()
        }
        assert attribute in known, f"{pattern.name}: {attribute} is no key attribute of the table"
    for field, spec in pattern.fields.items():
        declared = entity["fields"][field]
        assert {k: declared.get(k) for k in spec} == dict(spec), f"{pattern.name}: field {field}"
    for index_name, fragment in pattern.indexes.items():
        assert table["indexes"][index_name] == dict(fragment), f"{pattern.name}: index {index_name}"


def test_patterns_that_need_an_index() -> None:
    assert sorted(p.name for p in PATTERNS if p.indexes) == [
        "adjacency-list",
        "gsi-overloading",
        "sparse-index",
    ]
    inverted = key_pattern("adjacency-list")
    assert inverted is not None
    assert inverted.indexes["InvertedIndex"]["key"] == {"partition": "SK", "sort": "PK"}


# --------------------------------------------------------------------------- the examples are sound


@pytest.mark.parametrize("pattern", PATTERNS, ids=by_name)
def test_example_has_no_error_and_no_warning(pattern: KeyPattern) -> None:
    report = check_spec(pattern.example)
    assert report.document.design is not None
    assert not report.document.findings
    loud = loud_findings(pattern.example)
    assert not loud, "\n".join(loud)


@pytest.mark.parametrize("pattern", PATTERNS, ids=by_name)
def test_example_is_complete(pattern: KeyPattern) -> None:
    table = example_table(pattern)
    assert table["access_patterns"], "access patterns"
    for name, entity in table["entities"].items():
        assert "count" in entity, name
        assert "item_size" in entity, name
        assert entity.get("fields"), name
    for access in table["access_patterns"]:
        assert "rate" in access, access["name"]
    assert not any(f.code == "DDB407" for f in check_spec(pattern.example).findings), "volumes given"


@pytest.mark.parametrize("pattern", PATTERNS, ids=by_name)
def test_file_text_is_the_example_behind_a_comment(pattern: KeyPattern) -> None:
    text = pattern_file_text(pattern)
    lines = text.splitlines()
    assert lines[0] == f"# yaml-language-server: $schema={SCHEMA_URL}"
    header = lines[: lines.index("version: 1")]
    assert all(line == "#" or line.startswith("# ") for line in header)
    assert all(len(line) <= 88 for line in header[1:])
    comment = " ".join(line[2:] for line in header[1:])
    assert pattern.title in comment
    assert "How it works:" in comment
    assert "When to use it:" in comment
    assert " ".join(pattern.when.split()) in comment
    assert text.endswith(pattern.example)
    assert yaml.safe_load(text) == yaml.safe_load(pattern.example)
    assert not loud_findings(text)


def test_the_example_uses_the_pattern_not_just_declares_it() -> None:
    """Take the pattern out of some examples and the checker objects: they are sound
    because of the pattern."""
    broken = {
        # unpadded numbers sort wrong
        "zero-padded-sort": ("{score:010d}", "{score}", "DDB106"),
        # an unpadded v{n} can be v0, the latest
        "version-history": ('"v{version:06d}"', '"v{version}"', "DDB105"),
        # nodes under a constant sort key all land on one key of the inverted index
        "adjacency-list": ('SK: "GROUP#{groupId}"}', "SK: META}", "DDB101"),
        # a date alone takes every new write on one key
        "time-series": ('PK: "DEVICE#{deviceId}#{day}", SK: "EVENT', 'PK: "DAY#{day}", SK: "EVENT', "DDB104"),
        # retention needs the TTL attribute
        "unique-constraint": ("growth: 2K/day\n", "growth: 2K/day\n        retention: 1y\n", "DDB303"),
    }
    for name, (old, new, code) in broken.items():
        pattern = key_pattern(name)
        assert pattern is not None
        assert old in pattern.example, name
        codes = {line.split()[0] for line in loud_findings(pattern.example.replace(old, new, 1))}
        assert code in codes, f"{name}: {codes}"


# --------------------------------------------------------------------------- particular patterns


def test_write_sharding_example_states_and_uses_the_computed_shard_count() -> None:
    pattern = key_pattern("write-sharding")
    assert pattern is not None
    shards = shard_count(4000, write_units_per_item=1.0, headroom=0.5)
    assert shards == 8
    assert "4,000 writes/s" in pattern.example
    assert f") = {shards}" in pattern.example
    assert f"{shards} shards" in pattern.explanation
    _, entity = pattern_entity(pattern)
    assert entity["item_size"] == "1KB"
    assert entity["fields"]["shard"]["values"] == list(range(shards))
    assert pattern.fields["shard"]["values"] == list(range(shards))
    hot = next(a for a in example_table(pattern)["access_patterns"] if a["peak"] == "4000/s")
    assert "{shard}" in hot["key"]["PK"]
    # The checker sees the spread: with fewer shards, the hot counter's shards run over
    # half of a partition's 1,000 write units per second.
    values = "values: [0, 1, 2, 3, 4, 5, 6, 7]"
    assert pattern.example.count(values) == 1
    fewer = pattern.example.replace(values, "values: [0, 1, 2, 3, 4, 5, 6]")
    assert any(line.startswith("DDB102 WARNING") for line in loud_findings(fewer))
    unsharded = pattern.example.replace(values, "values: [0]")
    assert any(line.startswith("DDB102 ERROR") for line in loud_findings(unsharded))


def test_time_series_uses_date_buckets_retention_and_ttl() -> None:
    pattern = key_pattern("time-series")
    assert pattern is not None
    assert pattern.fields["day"]["format"] == "date"
    assert "{day}" in pattern.keys["PK"]
    table = example_table(pattern)
    _, entity = pattern_entity(pattern)
    assert entity["retention"]
    ttl = table["ttl"]
    assert table["attributes"][ttl] == "N"
    assert entity["fields"][ttl] == {"type": "N", "format": "epoch-seconds"}


def test_the_patterns_templates() -> None:
    def keys(name: str) -> dict[str, str]:
        pattern = key_pattern(name)
        assert pattern is not None
        return dict(pattern.keys)

    assert keys("entity-by-id") == {"PK": "USER#{userId}", "SK": "PROFILE"}
    assert keys("hierarchical-keys")["SK"].startswith("COUNTRY#{country}#STATE#{state}#CITY#{city}")
    assert keys("write-sharding")["PK"].endswith("{metric}#{shard}")
    assert keys("version-history")["SK"] == "v{version:06d}"
    assert keys("unique-constraint")["PK"] == "EMAIL#{email}"
    assert parse_template(keys("zero-padded-sort")["SK"]).variables[0].zero_padded_width == 10
    version = key_pattern("version-history")
    assert version is not None
    assert any(e["keys"].get("SK") == "v0" for e in example_table(version)["entities"].values())


# --------------------------------------------------------------------------- shard_count


@pytest.mark.parametrize(
    ("peak", "units", "headroom", "shards"),
    [
        (4000, 1.0, 0.5, 8),  # the library's example
        (0, 1.0, 0.5, 1),  # at least one
        (1, 1.0, 0.5, 1),
        (500, 1.0, 0.5, 1),  # exactly the headroom: one shard is enough
        (501, 1.0, 0.5, 2),
        (1000, 1.0, 1.0, 1),  # no headroom: the whole partition
        (1001, 1.0, 1.0, 2),
        (4000, 3.0, 0.5, 24),  # 2.5 KB items cost 3 write units each
        (2500, 1.0, 0.8, 4),  # 3.125 → 4
        (3000, 1.0, 0.3, 10),  # 0.3 × 1,000 is not exactly 300 in floats
        (300, 1.0, 0.3, 1),
        (7000, 2.0, 0.7, 20),
        (100_000, 1.0, 0.5, 200),
        (12.5, 2.0, 0.025, 1),
        (40_000, 1.0, 0.1, 400),
    ],
)
def test_shard_count(peak: float, units: float, headroom: float, shards: int) -> None:
    assert shard_count(peak, units, headroom) == shards
    # each shard then stays under the headroom of a partition's 1,000 write units/s
    assert peak * units / shards <= headroom * 1000 + 1e-6
    if shards > 1:
        assert peak * units / (shards - 1) > headroom * 1000


def test_shard_count_defaults() -> None:
    assert shard_count(4000) == 8
    assert shard_count(4000, 2) == 16
    assert shard_count(peak_writes_per_second=900, headroom=0.9) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 1.0, 0.5), "peak_writes_per_second"),
        ((100, 0, 0.5), "write_units_per_item"),
        ((100, -1, 0.5), "write_units_per_item"),
        ((100, 1.0, 0), "headroom"),
        ((100, 1.0, -0.5), "headroom"),
        ((100, 1.0, 1.5), "headroom"),
        ((math.nan, 1.0, 0.5), "peak_writes_per_second"),
        ((math.inf, 1.0, 0.5), "peak_writes_per_second"),
        ((100, 1.0, math.nan), "headroom"),
    ],
)
def test_shard_count_rejects_bad_input(args: tuple[float, float, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        shard_count(*args)
