"""The YAML layer: positions, YAML 1.2 scalars, duplicate keys, and bounded work."""

from __future__ import annotations

import time

from ddb_architect.findings import Position
from ddb_architect.spec.yaml_loader import MAX_DEPTH, parse_yaml
from ddb_architect.spec.yaml_tree import YMapping, YScalar, to_python


def test_every_key_and_value_keeps_its_position() -> None:
    parsed = parse_yaml("tables:\n  Orders:\n    billing: on-demand\n")
    assert not parsed.problems
    root = parsed.root
    assert isinstance(root, YMapping)
    orders = root.get("tables").get("Orders")  # type: ignore[union-attr]
    assert isinstance(orders, YMapping)
    assert orders.key_node("billing").span.start == Position(2, 4)  # type: ignore[union-attr]
    value = orders.get("billing")
    assert value is not None
    assert (value.span.start, value.span.end) == (Position(2, 13), Position(2, 22))


def test_columns_count_code_points_after_non_ascii_text() -> None:
    parsed = parse_yaml('a: {d: "é😋ñ", b: x}\n')
    a = parsed.root.get("a")  # type: ignore[union-attr]
    assert isinstance(a, YMapping)
    # 'é', '😋' and 'ñ' are one column each: 😋 is 2 UTF-16 units and 4 UTF-8 bytes.
    assert a.key_node("b").span.start == Position(0, 14)  # type: ignore[union-attr]
    assert a.get("b").span.start == Position(0, 17)  # type: ignore[union-attr]


def test_scalars_resolve_by_yaml_1_2_rules() -> None:
    data = to_python(
        parse_yaml(
            "a: yes\nb: NO\nc: on\nd: 2024-01-01\ne: 007\nf: 50_000\ng: true\nh: 1.5\ni: ~\nj: '12'\n"
        ).root
    )
    assert data == {
        "a": "yes",
        "b": "NO",
        "c": "on",
        "d": "2024-01-01",
        "e": "007",
        "f": 50_000,
        "g": True,
        "h": 1.5,
        "i": None,
        "j": "12",
    }


def test_duplicate_keys_point_at_the_second_key_and_keep_the_last() -> None:
    parsed = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert [(p.kind, p.span.start) for p in parsed.problems] == [("duplicate-key", Position(2, 0))]
    assert "first at line 1" in parsed.problems[0].message
    assert to_python(parsed.root) == {"b": 2, "a": 3}


def test_syntax_error_at_its_position() -> None:
    parsed = parse_yaml("tables:\n  T: {key: [1, 2\n")
    assert parsed.fatal
    assert parsed.problems[0].kind == "syntax"
    assert parsed.problems[0].span.start.line == 2


def test_billion_laughs_stops_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    parsed = parse_yaml("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert parsed.fatal
    assert "aliases expand" in parsed.problems[-1].message


def test_self_referencing_alias_is_refused() -> None:
    parsed = parse_yaml("a: &x [1, *x]\n")
    assert parsed.fatal
    assert "contains it" in parsed.problems[-1].message


def test_deep_nesting_is_bounded() -> None:
    parsed = parse_yaml("[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10))
    assert parsed.fatal
    assert "nesting deeper" in parsed.problems[-1].message


def test_unsafe_tags_are_not_constructed() -> None:
    parsed = parse_yaml("a: !!python/object/apply:os.system ['echo hi']\n")
    assert any("not supported" in p.message for p in parsed.problems)
    assert to_python(parsed.root) == {"a": ["echo hi"]}


def test_aliases_and_merge_keys_are_expanded() -> None:
    parsed = parse_yaml("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n")
    assert not parsed.problems
    assert to_python(parsed.root)["other"] == {"x": 1, "y": 3}


def test_control_characters_are_a_syntax_problem_not_a_crash() -> None:
    parsed = parse_yaml("a: b\x07\n")
    assert parsed.fatal


def test_only_the_first_document_is_read() -> None:
    parsed = parse_yaml("a: 1\n---\nb: 2\n")
    assert to_python(parsed.root) == {"a": 1}
    assert [p.kind for p in parsed.problems] == ["value"]


def test_keys_are_their_source_text() -> None:
    parsed = parse_yaml("1: a\ntrue: b\n")
    root = parsed.root
    assert isinstance(root, YMapping)
    assert list(root.values) == ["1", "true"]
    assert isinstance(root.key_node("1"), YScalar)


def test_only_newlines_break_lines_as_in_editors() -> None:
    # libyaml also breaks lines at U+2028, U+0085; the LSP and editors do not.
    parsed = parse_yaml('a: "x\u2028y\x85z"\nb: {c: 1}\n')
    b = parsed.root.get("b")  # type: ignore[union-attr]
    assert isinstance(b, YMapping)
    assert b.get("c").span.start == Position(1, 7)  # type: ignore[union-attr]
    broken = parse_yaml('a: "x\u2028y"\nb: [1\n')
    assert broken.problems[-1].span.start.line == 2
