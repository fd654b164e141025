"""The rules a KeyConditionExpression adds to the condition grammar, checked on its tree,
and the key terms it is made of.

A key condition is terms joined by AND: an equality on each partition key attribute and
at most one sort key condition (``=``, ``<``, ``<=``, ``>``, ``>=``, ``BETWEEN``,
``begins_with``). Each term compares one top-level key attribute with values. Which
attribute is which key is the table's business, not the grammar's; but every key
condition needs at least one equality, the partition key's.
"""

from __future__ import annotations

from ddb_architect.code.expressions.conditions import (
    Between,
    CallOperand,
    Comparison,
    Condition,
    FunctionCondition,
    Group,
    In,
    Logical,
    Not,
    Operand,
    PathOperand,
    ValueOperand,
)
from ddb_architect.code.expressions.cursor import Cursor
from ddb_architect.code.expressions.functions import CONDITION_FUNCTIONS
from ddb_architect.code.expressions.model import KeyTerm

# `:v < sk` says `sk > :v`.
_TURNED = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def key_terms(cursor: Cursor, condition: Condition) -> list[KeyTerm]:
    """The terms of a parsed key condition; what DynamoDB rejects is reported on ``cursor``."""
    errors_before = len(cursor.errors)
    parts: list[Comparison | Between | FunctionCondition] = []
    _flatten(cursor, condition, parts)
    terms = [term for term in (_term(cursor, part) for part in parts) if term is not None]
    seen: dict[str, KeyTerm] = {}
    for term in terms:
        if term.path.text in seen:
            segment = term.path.segment
            cursor.report(
                f"a key condition tests each key attribute once: '{term.path.text}' is tested twice",
                segment.start,
                segment.end,
            )
        seen.setdefault(term.path.text, term)
    if terms and len(cursor.errors) == errors_before and not any(term.op == "=" for term in terms):
        first = terms[0].path.segment
        cursor.report(
            "a key condition needs an equality (=) on the partition key",
            first.start,
            first.end,
        )
    return terms


def _flatten(
    cursor: Cursor, condition: Condition, parts: list[Comparison | Between | FunctionCondition]
) -> None:
    # Iterative: a long chain of ANDs is a deep tree.
    pending = [condition]
    while pending:
        node = pending.pop()
        if isinstance(node, Group):
            pending.append(node.condition)
        elif isinstance(node, Logical):
            if node.keyword.text.upper() == "OR":
                cursor.report_at(
                    node.keyword, "OR is not allowed in a key condition: only AND joins its terms"
                )
                continue
            pending.extend((node.right, node.left))  # left first
        elif isinstance(node, Not):
            cursor.report_at(node.keyword, "NOT is not allowed in a key condition")
        elif isinstance(node, In):
            cursor.report_at(node.keyword, "IN is not allowed in a key condition")
        elif isinstance(node, Comparison):
            if node.operator.text == "<>":
                cursor.report_at(node.operator, "<> is not allowed in a key condition")
            else:
                parts.append(node)
        elif isinstance(node, FunctionCondition):
            name = node.name.text
            if name not in CONDITION_FUNCTIONS:
                continue  # already reported as an unknown function
            if name != "begins_with":
                cursor.report_at(
                    node.name,
                    f"{name}() is not allowed in a key condition: begins_with() is the only function it allows",
                )
                continue
            parts.append(node)
        else:  # Between
            parts.append(node)


def _term(cursor: Cursor, part: Comparison | Between | FunctionCondition) -> KeyTerm | None:
    operands: tuple[Operand, ...]
    if isinstance(part, Comparison):
        operands = (part.left, part.right)
    elif isinstance(part, Between):
        operands = (part.subject, part.low, part.high)
    else:
        operands = part.arguments
    for operand in operands:
        if isinstance(operand, CallOperand):
            cursor.report_at(operand.name, f"{operand.name.text}() is not allowed inside a key condition")
            return None
    if isinstance(part, Comparison):
        return _comparison(cursor, part)
    if isinstance(part, Between):
        if not isinstance(part.subject, PathOperand):
            cursor.report_at(
                part.keyword,
                "BETWEEN in a key condition needs the key attribute first: sk BETWEEN :low AND :high",
            )
            return None
        if not _values(cursor, (part.low, part.high), "the bounds of BETWEEN in a key condition"):
            return None
        return _checked(cursor, KeyTerm(part.subject.path, "BETWEEN", (part.low.segment, part.high.segment)))
    if len(part.arguments) != 2:
        return None  # reported with the call
    subject, prefix = part.arguments
    if not isinstance(subject, PathOperand):
        cursor.report(
            "begins_with() in a key condition needs the key attribute first: begins_with(sk, :prefix)",
            subject.segment.start,
            subject.segment.end,
        )
        return None
    if not _values(cursor, (prefix,), "the prefix of begins_with() in a key condition"):
        return None
    return _checked(cursor, KeyTerm(subject.path, "begins_with", (prefix.segment,)))


def _comparison(cursor: Cursor, part: Comparison) -> KeyTerm | None:
    left, right, op = part.left, part.right, part.operator.text
    if isinstance(left, PathOperand) and isinstance(right, PathOperand):
        cursor.report(
            "a key condition compares a key attribute with a value (:value), not with another attribute",
            right.segment.start,
            right.segment.end,
        )
        return None
    if isinstance(left, ValueOperand) and isinstance(right, ValueOperand):
        cursor.report_at(part.operator, "this term of the key condition names no key attribute")
        return None
    if isinstance(right, PathOperand) and isinstance(left, ValueOperand):
        left, right, op = right, left, _TURNED[op]
    assert isinstance(left, PathOperand)
    return _checked(cursor, KeyTerm(left.path, op, (right.segment,)))


def _values(cursor: Cursor, operands: tuple[Operand, ...], what: str) -> bool:
    for operand in operands:
        if not isinstance(operand, ValueOperand):
            cursor.report(
                f"{what} must be expression attribute values (:value)",
                operand.segment.start,
                operand.segment.end,
            )
            return False
    return True


def _checked(cursor: Cursor, term: KeyTerm) -> KeyTerm | None:
    if term.path.is_nested:
        segment = term.path.segment
        cursor.report(
            f"a key condition tests top-level key attributes, not a nested attribute like '{term.path.text}'",
            segment.start,
            segment.end,
        )
        return None
    return term
