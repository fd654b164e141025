"""Parsing an expression string of any kind: the one entry point."""

from __future__ import annotations

from ddb_architect.code.expressions.conditions import ConditionParser
from ddb_architect.code.expressions.cursor import Cursor, ParseFailure
from ddb_architect.code.expressions.key_conditions import key_terms
from ddb_architect.code.expressions.model import (
    ExpressionError,
    ExpressionKind,
    KeyTerm,
    ParsedExpression,
    Segment,
    UpdateAction,
)
from ddb_architect.code.expressions.projections import ProjectionParser
from ddb_architect.code.expressions.tokens import TokenKind, tokenize
from ddb_architect.code.expressions.updates import UpdateParser

# "The maximum length of any expression string is 4 KB" (Developer Guide, Constraints,
# Expression parameters).
MAX_EXPRESSION_BYTES = 4096


def parse_expression(text: str, kind: ExpressionKind) -> ParsedExpression:
    """Take an expression string apart and say why DynamoDB would reject it, if it would.

    Never raises: whatever the text, the result says what could be read of it.
    """
    tokens = tokenize(text)
    result = ParsedExpression(
        kind=kind,
        text=text,
        errors=[],
        paths=[],
        name_placeholders=[
            _segment(t.text, t.start, t.end) for t in tokens if t.kind is TokenKind.NAME_PLACEHOLDER
        ],
        value_placeholders=[
            _segment(t.text, t.start, t.end) for t in tokens if t.kind is TokenKind.VALUE_PLACEHOLDER
        ],
        reserved=[],
        key_terms=[],
        update_actions=[],
    )
    if len(tokens) == 1:
        result.errors.append(ExpressionError("empty expression", 0, len(text)))
        return result
    length_error = _length_error(text)
    if length_error is not None:
        result.errors.append(length_error)

    cursor: Cursor
    terms: list[KeyTerm] = []
    actions: list[UpdateAction] = []
    if kind in (ExpressionKind.CONDITION, ExpressionKind.KEY_CONDITION):
        where = "a key condition" if kind is ExpressionKind.KEY_CONDITION else "a condition expression"
        cursor = ConditionParser(text, tokens, where)
    elif kind is ExpressionKind.UPDATE:
        cursor = UpdateParser(text, tokens)
    else:
        cursor = ProjectionParser(text, tokens)
    try:
        cursor.check_parentheses()
        if isinstance(cursor, ConditionParser):
            condition = cursor.parse()
            if kind is ExpressionKind.KEY_CONDITION:
                terms = key_terms(cursor, condition)
        elif isinstance(cursor, UpdateParser):
            cursor.parse()
            actions = cursor.actions
        elif isinstance(cursor, ProjectionParser):
            cursor.parse()
    except ParseFailure as failure:
        cursor.errors.append(failure.error)
        if isinstance(cursor, UpdateParser):
            actions = cursor.actions

    result.errors.extend(cursor.errors)
    result.errors.sort(key=lambda error: (error.start, error.end))
    result.paths = sorted(cursor.paths, key=lambda path: path.segment.start)
    result.reserved = sorted(cursor.reserved, key=lambda segment: segment.start)
    result.key_terms = terms
    result.update_actions = actions
    return result


def _segment(text: str, start: int, end: int) -> Segment:
    return Segment(text, start, end)


def _length_error(text: str) -> ExpressionError | None:
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size <= MAX_EXPRESSION_BYTES:
        return None
    used = 0
    for index, char in enumerate(text):
        used += len(char.encode("utf-8", errors="surrogatepass"))
        if used > MAX_EXPRESSION_BYTES:
            return ExpressionError(
                f"expression is {size:,} bytes long: DynamoDB allows at most 4 KB (4,096 bytes)",
                index,
                len(text),
            )
    return None  # pragma: no cover - the loop always finds the byte past the limit
