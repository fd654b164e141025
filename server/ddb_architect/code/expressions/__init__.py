"""A pure-Python parser for DynamoDB expressions: key conditions, conditions and filters,
updates and projections, with the offsets of every path, placeholder and reserved word,
and the syntax errors DynamoDB would reject them for."""

from ddb_architect.code.expressions.model import (
    ExpressionError,
    ExpressionKind,
    KeyTerm,
    ParsedExpression,
    Path,
    PathElement,
    Segment,
    UpdateAction,
)
from ddb_architect.code.expressions.parse import MAX_EXPRESSION_BYTES, parse_expression
from ddb_architect.code.expressions.reserved import is_reserved, reserved_words

__all__ = [
    "MAX_EXPRESSION_BYTES",
    "ExpressionError",
    "ExpressionKind",
    "KeyTerm",
    "ParsedExpression",
    "Path",
    "PathElement",
    "Segment",
    "UpdateAction",
    "is_reserved",
    "parse_expression",
    "reserved_words",
]
