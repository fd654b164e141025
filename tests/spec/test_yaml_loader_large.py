"""A large spec written out in full is not an alias bomb: only the nodes that aliases add
count against the expansion budget, so a thousand tables load like ten."""

from __future__ import annotations

from ddb_architect.spec.yaml_loader import MAX_EXPANDED_NODES, parse_yaml


def test_many_nodes_without_aliases_are_read() -> None:
    pairs = MAX_EXPANDED_NODES // 2 + 1  # two nodes a pair: over the budget, no alias
    parsed = parse_yaml("".join(f"k{i}: v\n" for i in range(pairs)))
    assert parsed.problems == []
    assert parsed.root is not None


def test_aliases_still_count() -> None:
    rows = ", ".join(["*a"] * 1000)
    bomb = f"a: &a [{', '.join(['x'] * 1000)}]\nb: [{rows}]\n"
    parsed = parse_yaml(bomb)
    assert [p.kind for p in parsed.problems] == ["syntax"]
    assert "aliases expand" in parsed.problems[0].message
