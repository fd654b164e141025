"""The expressions a call passes, read: string expressions parsed (with the positions of
their pieces in the source), ``Key()``/``Attr()`` conditions taken apart into terms, and
the placeholder dictionaries when they are literal."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ddb_architect.code.calls import Argument, DynamoCall
from ddb_architect.code.expressions import ExpressionKind, ParsedExpression, parse_expression
from ddb_architect.code.objects import ConditionFunction, ConditionObject
from ddb_architect.code.resolve import Resolver
from ddb_architect.code.source import SourceText
from ddb_architect.findings import Span

EXPRESSION_ARGUMENTS = {
    "KeyConditionExpression": ExpressionKind.KEY_CONDITION,
    "FilterExpression": ExpressionKind.CONDITION,
    "ConditionExpression": ExpressionKind.CONDITION,
    "UpdateExpression": ExpressionKind.UPDATE,
    "ProjectionExpression": ExpressionKind.PROJECTION,
}


@dataclass
class StringExpression:
    """A string expression passed to a call, parsed."""

    argument: Argument
    node: ast.Constant
    parsed: ParsedExpression

    def span(self, source: SourceText, start: int, end: int) -> Span:
        return source.string_span(self.node, start, end)


@dataclass(frozen=True)
class ConditionTerm:
    """One ``Key("attr").method(values)`` or ``Attr(...)`` term of a built condition."""

    builder: str
    attribute: str
    method: str
    values: tuple[ast.expr, ...]
    node: ast.Call


@dataclass
class Placeholders:
    """A literal ``ExpressionAttributeNames`` or ``ExpressionAttributeValues`` dict."""

    node: ast.Dict
    keys: dict[str, ast.expr]
    """Placeholder → the key node where it is defined."""
    values: dict[str, ast.expr]


@dataclass
class CallExpressions:
    strings: list[StringExpression] = field(default_factory=list)
    conditions: dict[str, list[ConditionTerm]] = field(default_factory=dict)
    """Argument name → the terms of the ``Key``/``Attr`` condition passed there."""
    condition_arguments: list[Argument] = field(default_factory=list)
    opaque: bool = False
    """An expression argument we cannot read (a variable, an f-string)."""
    names: Placeholders | None = None
    values: Placeholders | None = None
    names_unknown: bool = False
    values_unknown: bool = False

    def name_of(self, placeholder: str) -> str | None:
        """The attribute name a ``#placeholder`` stands for, when the dict is literal."""
        if self.names is None:
            return None
        value = self.names.values.get(placeholder)
        return value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else None


def read_expressions(call: DynamoCall, resolver: Resolver) -> CallExpressions:
    found = CallExpressions()
    for name, kind in EXPRESSION_ARGUMENTS.items():
        argument = call.argument(name)
        if argument is None:
            continue
        value = argument.value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            found.strings.append(StringExpression(argument, value, parse_expression(value.value, kind)))
            continue
        scope = call.scope or resolver.module
        kind_of = resolver.evaluate(value, scope)
        if isinstance(kind_of, ConditionObject):
            found.condition_arguments.append(argument)
            found.conditions[name] = condition_terms(value, resolver)
            continue
        found.opaque = True
    for name, attribute in (("ExpressionAttributeNames", "names"), ("ExpressionAttributeValues", "values")):
        argument = call.argument(name)
        if argument is None:
            continue
        placeholders = _placeholders(argument.value)
        if placeholders is None:
            setattr(found, f"{attribute}_unknown", True)
        else:
            setattr(found, attribute, placeholders)
    return found


def _placeholders(node: ast.expr) -> Placeholders | None:
    if not isinstance(node, ast.Dict) or any(k is None for k in node.keys):
        return None
    keys: dict[str, ast.expr] = {}
    values: dict[str, ast.expr] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        keys[key.value] = key
        values[key.value] = value
    return Placeholders(node, keys, values)


def condition_terms(node: ast.expr, resolver: Resolver) -> list[ConditionTerm]:
    """The ``Key``/``Attr`` terms of a built condition (``&``, ``|`` and ``~`` taken apart).
    A name stands for the last value assigned to it before it is read, so a condition
    built up step by step (``c = c & Attr("x").eq(1)``) is followed back to its start."""
    terms: list[ConditionTerm] = []
    stack = [node]
    followed: set[int] = set()
    while stack:
        current = stack.pop()
        if isinstance(current, ast.BinOp):
            stack.extend([current.right, current.left])
        elif isinstance(current, ast.UnaryOp):
            stack.append(current.operand)
        elif isinstance(current, ast.Call) and isinstance(current.func, ast.Attribute):
            builder = current.func.value
            if isinstance(builder, ast.Call) and builder.args:
                function = resolver.evaluate(builder.func, resolver.scope_of(builder))
                attribute = builder.args[0]
                if (
                    isinstance(function, ConditionFunction)
                    and isinstance(attribute, ast.Constant)
                    and isinstance(attribute.value, str)
                ):
                    terms.append(
                        ConditionTerm(
                            function.name, attribute.value, current.func.attr, tuple(current.args), current
                        )
                    )
        elif isinstance(current, ast.Name):
            scope = resolver.scope_of(current)
            bindings = [b for b in scope.bindings.get(current.id, []) if b.value is not None]
            point = (current.lineno, current.col_offset)
            before = [b for b in bindings if b.effective <= point] or bindings
            if before and id(before[-1]) not in followed:
                followed.add(id(before[-1]))
                value = before[-1].value
                assert value is not None
                stack.append(value)
    return terms
