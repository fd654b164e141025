"""The fix machinery: edits, the suppression comment every finding gets, and fix-all."""

from __future__ import annotations

import textwrap

import pytest

from ddb_architect.engine import check_spec
from ddb_architect.findings import Position, Span
from ddb_architect.fixes.engine import fix_all, fixes_for
from ddb_architect.fixes.model import Edit, apply_edits
from ddb_architect.spec.loader import load_spec
from tests.fixes.harness import check, context_for


def test_edits_apply_by_position_on_any_line_breaks() -> None:
    text = "ab\r\ncd\nef"
    edits = [Edit(Span(Position(1, 0), Position(1, 1)), "X"), Edit.insert(Position(2, 2), "!")]
    assert apply_edits(text, edits) == "ab\r\nXd\nef!"
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits(
            text,
            [Edit(Span(Position(0, 0), Position(0, 2)), ""), Edit(Span(Position(0, 1), Position(0, 2)), "")],
        )


SPEC = textwrap.dedent(
    """\
    version: 1
    tables:
      Things:
        key: {partition: PK}
        billing: provisoned  # a typo
    """
)


def test_every_finding_can_be_suppressed_on_its_line() -> None:
    (finding,) = check(SPEC, "spec")
    fixes = fixes_for(context_for(SPEC, "spec"), finding)
    comment = fixes[-1]
    assert comment.title == "Ignore DDB002 on this line"
    fixed = apply_edits(SPEC, comment.edits)
    assert "billing: provisoned  # a typo  # ddb: ignore[DDB002]" in fixed
    assert check(fixed, "spec") == []


def test_a_second_code_joins_the_existing_comment() -> None:
    text = SPEC.replace("# a typo", "# ddb: ignore[DDB101]")
    (finding,) = check(text, "spec")
    comment = fixes_for(context_for(text, "spec"), finding)[-1]
    assert "# ddb: ignore[DDB101, DDB002]" in apply_edits(text, comment.edits)


def test_no_comment_inside_a_python_string() -> None:
    code = 'import boto3\nclient = boto3.client("dynamodb")\nx = """\nclient.scan(TableName="T")\n"""\nclient.scan(TableName="T")\n'
    findings = [f for f in check(code, "python") if f.code == "DDB601"]
    assert [f.span.start.line for f in findings] == [5]
    fixes = fixes_for(context_for(code, "python"), findings[0])
    assert fixes[-1].title == "Ignore DDB601 on this line"


def test_fix_all_applies_the_safe_fixes_until_none_is_left() -> None:
    text = textwrap.dedent(
        """\
        version: 1
        tables:
          Scores:
            key: {partition: PK, sort: SK}
            entities:
              Score:
                keys: {PK: "GAME#{game}", SK: "SCORE#{points}#{bonus}"}
                fields: {game: {cardinality: 1M}, points: {type: N}, bonus: {type: N}}
        """
    )
    result = fix_all(
        text,
        "s.ddb.yaml",
        "spec",
        lambda t: check_spec(t, "s.ddb.yaml").findings,
        lambda t: load_spec(t, "s.ddb.yaml"),
    )
    assert "SCORE#{points:010d}#{bonus:010d}" in result.text
    assert len(result.applied) == 2
    assert [f.code for f in check_spec(result.text).findings if f.code == "DDB106"] == []
