"""Key templates: parsing, padding, and whether two templates can meet."""

from __future__ import annotations

import pytest

from ddb_architect.spec.model import FieldSpec
from ddb_architect.spec.templates import (
    Literal,
    TemplateError,
    Variable,
    max_value_bytes,
    parse_template,
    prefix_can_match,
    templates_overlap,
)

UUID = FieldSpec(format="uuid")


def test_parts() -> None:
    template = parse_template("POST#{createdAt}#{postId}")
    assert template.parts == (Literal("POST#"), Variable("createdAt"), Literal("#"), Variable("postId"))
    assert template.literal_prefix == "POST#"
    assert not template.is_constant
    assert parse_template("PROFILE").is_constant


def test_doubled_braces_are_literal() -> None:
    assert parse_template("{{x}}").parts == (Literal("{x}"),)


@pytest.mark.parametrize(("spec", "width"), [("010d", 10), ("08", 8), ("0>6", 6), ("d", None), ("10d", None)])
def test_zero_padding(spec: str, width: int | None) -> None:
    assert Variable("n", spec).zero_padded_width == width


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("USER#{userId", "unbalanced '{'"),
        ("USER#userId}", "unbalanced '}'"),
        ("USER#{}", "empty '{}'"),
        ("{1st}", "not a variable name"),
        ("{n:zz}", "bad format spec"),
        ("{a{b}}", "unbalanced '{'"),
    ],
)
def test_errors(source: str, says: str) -> None:
    with pytest.raises(TemplateError, match=says):
        parse_template(source)


def T(source: str):
    return parse_template(source)


def test_distinct_literal_prefixes_never_meet() -> None:
    assert not templates_overlap(T("ORDER#{id}"), {"id": UUID}, T("INVOICE#{id}"), {"id": UUID})


def test_same_shape_meets() -> None:
    assert templates_overlap(T("USER#{a}"), {"a": UUID}, T("USER#{b}"), {"b": UUID})


def test_formats_decide_whether_a_variable_can_hold_a_separator() -> None:
    # An unconstrained string may contain '#B'; a uuid cannot.
    assert templates_overlap(T("A#{x}"), {}, T("A#{y}#B"), {})
    assert not templates_overlap(T("A#{x}"), {"x": UUID}, T("A#{y}#B"), {"y": UUID})


def test_closed_value_sets() -> None:
    status = {"status": FieldSpec(values=["PAID", "SHIPPED"])}
    assert templates_overlap(T("{status}"), status, T("PAID"), {})
    assert not templates_overlap(T("{status}"), status, T("NEW"), {})


def test_begins_with() -> None:
    assert prefix_can_match("POST#", T("POST#{c}"), {})
    assert not prefix_can_match("POST#", T("PROFILE"), {})
    assert prefix_can_match("PRO", T("PROFILE"), {})


def test_longest_value_counts_bounded_variables() -> None:
    assert max_value_bytes(T("EMAIL#{email}"), {"email": FieldSpec(max_length=254)}) == (260, [])
    assert max_value_bytes(T("U#{id}#{note}"), {"id": UUID}) == (2 + 36 + 1, ["note"])
