"""Differential test: our expression parser against moto's, on a corpus of condition, key
condition and update expressions, valid and invalid.

The two must agree on whether an expression is rejected, and, for accepted ones, on the
first reserved word it uses as an attribute name. Any exception moto raises counts as a
rejection. moto's entry points:

- conditions: ``ConditionExpressionParser(...).parse()`` (what moto runs for
  ConditionExpression and FilterExpression);
- updates: ``UpdateExpressionParser.make`` and the static checks of moto's update
  validator (``ActionCountValidator``: each clause once; ``OverlappingPathsValidator``:
  overlapping paths); reserved words by moto's own check
  (``ExpressionPathResolver.raise_exception_if_keyword``) on every attribute name of
  moto's tree. (moto runs that check while resolving paths against the stored item and
  stops at the first missing attribute, so it is applied here to the tree directly);
- key conditions: DynamoDB reads a KeyConditionExpression with the condition grammar
  (syntax errors and reserved words are reported as for a condition) and then applies
  the key condition rules. moto splits this between its condition parser and
  ``parsing.key_condition_expression.parse_expression`` (which needs the table's key
  schema: ``pk``/``sk`` unless the case names others); the oracle is both.

moto gets the placeholders each expression uses (``#x`` standing for ``x``), so that only
the expression is judged. Where moto is known to differ from DynamoDB itself, the case
is listed in KNOWN_DISAGREEMENTS with the reason; the test checks that each still
disagrees, so the list cannot go stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

pytest.importorskip("moto.dynamodb.comparisons", reason="moto is not installed")

from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.exceptions import (
    AttributeIsReservedKeyword,
    ConditionAttributeIsReservedKeyword,
)
from moto.dynamodb.parsing.ast_nodes import ExpressionAttribute
from moto.dynamodb.parsing.expressions import UpdateExpressionParser
from moto.dynamodb.parsing.key_condition_expression import (
    parse_expression as moto_parse_key_condition,
)
from moto.dynamodb.parsing.reserved_keywords import ReservedKeywords
from moto.dynamodb.parsing.validators import (
    ActionCountValidator,
    ExpressionPathResolver,
    OverlappingPathsValidator,
)

from ddb_architect.code.expressions import ExpressionKind, parse_expression

CONDITION = ExpressionKind.CONDITION
KEY = ExpressionKind.KEY_CONDITION
UPDATE = ExpressionKind.UPDATE


@dataclass(frozen=True)
class Case:
    kind: ExpressionKind
    text: str
    key_schema: tuple[str, str] = ("pk", "sk")  # key conditions: partition and sort key

    @property
    def id(self) -> str:
        return f"{self.kind.name.lower()}:{self.text!r}"


CONDITIONS = [
    # accepted
    "a = :v",
    "a=:v",
    "  a = :v  ",
    "a <> :v",
    "a < :v AND b <= :w AND c > :x AND d >= :y",
    "a = :v and b = :w",
    "a = :v AND b = :w OR c = :x",
    "a = :v or b = :w and c = :x",
    "NOT a = :v",
    "not a = :v",
    "NOT (a = :v OR b = :w)",
    "(a = :v)",
    "(a = :v) AND (b = :w)",
    "a = :v AND (b = :w OR c = :x)",
    "(a = :v AND b = :w) OR (c = :x AND d = :y)",
    "((a = :v AND b = :w) AND c = :x)",
    "a BETWEEN :lo AND :hi",
    "a between :lo and :hi",
    "a BETWEEN :lo AND :hi AND b = :v",
    "a IN (:a)",
    "a IN (:a, :b, :c)",
    "a in (:a,:b)",
    "attribute_exists(a)",
    "attribute_not_exists(a.b)",
    "attribute_exists(#a) AND attribute_not_exists(#b)",
    "attribute_type(a, :t)",
    "begins_with(a, :p)",
    "begins_with(#a, :p) OR begins_with(b, :q)",
    "contains(tags, :t)",
    "contains(a, b)",
    "size(a) > :n",
    "size(a) BETWEEN :lo AND :hi",
    "size(a) = size(b)",
    "size(a.b[0]) <= :n",
    "a.b.c = :v",
    "a[0] = :v",
    "a.b[10].c = :v",
    "#a.#b[1] = :v",
    ":v = a",
    "a = b",
    ":a <> :b",
    "NOT attribute_exists(a) AND b = :v",
    "a = :v AND NOT (b = :w AND c = :x)",
    # accepted, with a reserved word
    "status = :v",
    "#s = :v AND name = :n",
    "attribute_exists(data)",
    "size(value) > :n",
    "a.count = :v",
    "begins_with(date, :d)",
    "timestamp BETWEEN :a AND :b",
    "user IN (:a, :b)",
    "contains(#tags, :t) OR Status = :s",
    # rejected
    "a = :v AND",
    "a = :v OR",
    "AND a = :v",
    "a =",
    "= :v",
    "a :v",
    "a = :v b = :w",
    "(a = :v",
    "a = :v)",
    "((a = :v))",
    "a = :v AND ((b = :w AND c = :x))",
    "(a = :v AND (b = :w)",
    "begins(a, :p)",
    "ATTRIBUTE_EXISTS(a)",
    "Begins_With(a, :p)",
    "begins_with(a, :p, :q)",
    "attribute_exists(:v)",
    "attribute_type(a, b)",
    "size(a)",
    "a IN ()",
    "a IN (:a,)",
    "a IN :a",
    "a IN (:a :b)",
    "a BETWEEN :lo",
    "a BETWEEN :lo OR :hi",
    "NOT NOT a = :v",
    "NOT",
    "a = :v NOT b = :w",
    "a != :v",
    "a == :v",
    "a < > :v",
    "a = :v AND AND b = :w",
    "a. = :v",
    "a = :v,",
    'a = "x"',
    "a.b[x] = :v",
    "attribute_exists(a) = :v",
    "contains(a, size(b))",
    "a = :v AND (b = :w OR)",
    "()",
    "size(a) > :n AND",
    # where moto differs from DynamoDB (see KNOWN_DISAGREEMENTS)
    "a = 4",
    "first-name = :v",
    "_a = :v",
    "a = :v AND\tb = :w",
    "a = :v\nAND b = :w",
    "a = (:v)",
    "size(:v) > :n",
]

KEY_CONDITIONS: list[tuple[str, tuple[str, str]] | str] = [
    # accepted
    "pk = :pk",
    "pk=:pk",
    "#pk = :pk",
    "pk = :pk AND sk = :sk",
    "pk = :pk and sk = :sk",
    "pk = :pk AND sk < :sk",
    "pk = :pk AND sk <= :sk",
    "pk = :pk AND sk > :sk",
    "pk = :pk AND sk >= :sk",
    "pk = :pk AND sk BETWEEN :a AND :b",
    "pk = :pk AND sk between :a and :b",
    "pk = :pk AND begins_with(sk, :p)",
    "#pk = :pk AND begins_with(#sk, :p)",
    "pk = :pk AND begins_with ( sk , :p )",
    "(pk = :pk) AND (sk = :sk)",
    "sk = :sk AND pk = :pk",
    "  pk = :pk  AND  sk > :sk  ",
    # accepted, with a reserved word
    ("date = :d", ("date", "sk")),
    ("#pk = :pk AND timestamp > :t", ("pk", "timestamp")),
    ("user = :u AND begins_with(data, :p)", ("user", "data")),
    # rejected
    "pk = :pk OR sk = :sk",
    "pk = :pk AND sk <> :sk",
    "pk = :pk AND sk IN (:a, :b)",
    "NOT pk = :pk",
    "pk = :pk AND contains(sk, :p)",
    "pk = :pk AND begins(sk, :p)",
    "pk = :pk AND attribute_exists(sk)",
    "pk = :pk AND size(sk) > :n",
    "pk = :pk AND BEGINS_WITH(sk, :p)",
    "pk = :pk AND begins_with(sk, :p, :q)",
    "pk > :pk",
    "pk IN (:a)",
    "pk = :pk AND",
    "pk =",
    "((pk = :pk))",
    "(pk = :pk",
    "pk = :pk)",
    "pk = :pk AND sk BETWEEN :a",
    "pk = :pk AND sk BETWEEN :a OR :b",
    "pk.x = :pk",
    "pk = sk",
    "pk = :pk sk = :sk",
    "pk = :pk AND sk = 5",
    # where moto differs from DynamoDB (see KNOWN_DISAGREEMENTS)
    "pk = :pk AND sk > :a AND sk < :b",
]

UPDATES = [
    # accepted
    "SET a = :v",
    "set a = :v",
    "SET a=:v",
    "SET a = :v, b = :w",
    "SET a = :v,b = :w",
    "  SET a = :v  ",
    "SET a.b.c = :v",
    "SET a[0] = :v",
    "SET a[10].b = :v",
    "SET #a = :v",
    "SET #a.#b = :v",
    "SET a = b",
    "SET a = b + :v",
    "SET a = b - :v",
    "SET a = :v + :w",
    "SET a = if_not_exists(a, :v)",
    "SET a = if_not_exists(a, :z) + :one",
    "SET a = list_append(a, :l)",
    "SET a = list_append(:l, a)",
    "SET a = list_append(if_not_exists(a, :e), :l)",
    "REMOVE a",
    "REMOVE a, b.c, d[0]",
    "remove a",
    "ADD a :v",
    "ADD a :v, b :w",
    "add a :v",
    "DELETE s :v",
    "delete s :v",
    "SET a = :v REMOVE b",
    "SET a = :v REMOVE b ADD c :w DELETE d :x",
    "REMOVE b SET a = :v",
    "SET a = :v remove b add c :n",
    "SET a = :v\nREMOVE b",
    "SET a.b = :v, a.c = :w",
    "REMOVE a[0], a[1]",
    # accepted, with a reserved word
    "SET status = :s",
    "SET a = status",
    "REMOVE name",
    "ADD count :one",
    "SET #s = :s, data = :d",
    "SET a = if_not_exists(value, :v)",
    "SET a.date = :d",
    "SET a = list_append(items, :l)",
    # rejected
    "SET",
    "SET a",
    "SET a :v",
    "SET a =",
    "SET a = :v,",
    "SET a = :v SET b = :w",
    "REMOVE a REMOVE b",
    "ADD a :v ADD b :w",
    "UPDATE a = :v",
    "SET a = :v AND b = :w",
    "SET a = :v b = :w",
    "ADD a = :v",
    "ADD a",
    "REMOVE",
    "DELETE s",
    "SET a = if_not_exists(:v, a)",
    "SET a = LIST_APPEND(a, :l)",
    "SET a = size(b)",
    "SET a = unknown_fn(a)",
    "SET a = list_append(:l)",
    "SET a = if_not_exists(a)",
    "SET a = :v +",
    "SET a = 4",
    "SET 1a = :v",
    "SET _a = :v",
    "SET a-b = :v",
    "SET a = :v REMOVE a",
    "SET a = :v, a = :w",
    "SET a = :v REMOVE a.b",
    "SET a = list_append(a, :l",
    "SET a[x] = :v",
    "SET a. = :v",
    "SET a = :v REMOVE",
    "SET a = :v, REMOVE b",
    # where moto differs from DynamoDB (see KNOWN_DISAGREEMENTS)
    "DELETE a :v DELETE b :w",
    "SET a = b + c + d",
    "SET a = :v,\tb = :w",
    "SET a = (b) + :v",
]

CORPUS = (
    [Case(CONDITION, text) for text in CONDITIONS]
    + [Case(KEY, *entry) if isinstance(entry, tuple) else Case(KEY, entry) for entry in KEY_CONDITIONS]
    + [Case(UPDATE, text) for text in UPDATES]
)

# Where moto is more lenient or stricter than DynamoDB. Keep this short: each entry needs
# a reason, and what DynamoDB does needs a source.
_NAMES_REASON = (
    "moto's condition lexer takes any run of [A-z0-9_-] as an attribute name. DynamoDB "
    "requires a name to start with a letter and hold only letters, digits and '_': "
    '"If an attribute name begins with a number, contains a space or a special character, '
    'or a reserved word, you must use an expression attribute name" (Developer Guide, '
    "Expression attribute names); DynamoDB answers 'a > 4' with 'Syntax error' (dynalite's "
    "tests, recorded against DynamoDB) and 'CourseId-Index = :v' with "
    "'Syntax error; token: \"-\"'."
)
_WHITESPACE_REASON = (
    "moto skips only spaces (and, in update expressions, newlines) between tokens; DynamoDB "
    "also accepts tabs and line breaks (dynalite's grammar, written against DynamoDB: "
    "whitespace is [ \\t\\r\\n]; multi-line expressions are common in AWS CLI examples)."
)
_PARENTHESES_REASON = (
    "moto rejects parentheses round an operand. DynamoDB accepts them: dynalite's tests, "
    "recorded against DynamoDB, get past the parser with '(a)between(b.c[45].#d)and(:a)' "
    "(the error is the undefined #d) and reject only doubled ones as redundant."
)
KNOWN_DISAGREEMENTS: dict[tuple[ExpressionKind, str], str] = {
    (CONDITION, "a = 4"): _NAMES_REASON,
    (CONDITION, "first-name = :v"): _NAMES_REASON,
    (CONDITION, "_a = :v"): _NAMES_REASON,
    (CONDITION, "a = :v AND\tb = :w"): _WHITESPACE_REASON,
    (CONDITION, "a = :v\nAND b = :w"): _WHITESPACE_REASON,
    (UPDATE, "SET a = :v,\tb = :w"): _WHITESPACE_REASON,
    (CONDITION, "a = (:v)"): _PARENTHESES_REASON,
    (UPDATE, "SET a = (b) + :v"): _PARENTHESES_REASON,
    (CONDITION, "size(:v) > :n"): (
        "moto's size() takes a path only. DynamoDB also takes a value: dynalite's tests, recorded "
        "against DynamoDB, get 'size(:a) > a' past the parser (a BOOL :a fails the operand type "
        "check, so a string :a passes)."
    ),
    (UPDATE, "DELETE a :v DELETE b :w"): (
        "moto's ActionCountValidator counts SET, REMOVE and ADD clauses but not DELETE. DynamoDB "
        'rejects every repeated clause: \'The "DELETE" section can only be used once in an '
        "update expression;' (the message moto itself uses for the other three)."
    ),
    (UPDATE, "SET a = :v, REMOVE b"): (
        "moto drops a comma followed by the next clause (it rejects the same comma at the end "
        "of the expression). The Developer Guide's grammar (Update expressions) puts an action "
        'after every comma: "SET action [, action] ...".'
    ),
    (UPDATE, "SET a = b + c + d"): (
        "moto chains '+' and '-'. The Developer Guide's grammar (Update expressions, SET) allows "
        "one: \"value ::= operand | operand '+' operand | operand '-' operand\"."
    ),
    (KEY, "pk = :pk AND sk > :a AND sk < :b"): (
        "moto keeps the last condition per key attribute. DynamoDB rejects the query: "
        "'KeyConditionExpressions must only contain one condition per key'."
    ),
}


# -- moto's verdict ----------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    rejected: bool
    reserved: str | None  # first reserved word used as an attribute name, when accepted
    detail: str


def placeholders(text: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    names = {name: name[1:] for name in re.findall(r"#[A-Za-z0-9_]+", text)}
    values = {value: {"S": "v"} for value in re.findall(r":[A-Za-z0-9_]+", text)}
    return names, values


@contextmanager
def reserved_words_not_checked() -> Iterator[None]:
    """moto checks reserved words while it parses; turned off, the syntax alone is judged."""
    saved = ReservedKeywords.KEYWORDS
    ReservedKeywords.KEYWORDS = []
    try:
        yield
    finally:
        ReservedKeywords.KEYWORDS = saved


def rejected(error: Exception) -> Verdict:
    return Verdict(True, None, f"{type(error).__name__}: {error}")


def moto_condition_reserved(text: str) -> Verdict:
    names, values = placeholders(text)
    try:
        ConditionExpressionParser(text, names, values).parse()
    except ConditionAttributeIsReservedKeyword as error:
        return Verdict(False, error.keyword, str(error))
    return Verdict(False, None, "accepted")


def moto_condition(text: str) -> Verdict:
    names, values = placeholders(text)
    with reserved_words_not_checked():
        try:
            ConditionExpressionParser(text, names, values).parse()
        except Exception as error:
            return rejected(error)
    return moto_condition_reserved(text)


def moto_key_condition(text: str, key_schema: tuple[str, str]) -> Verdict:
    names, values = placeholders(text)
    schema = [
        {"AttributeName": key_schema[0], "KeyType": "HASH"},
        {"AttributeName": key_schema[1], "KeyType": "RANGE"},
    ]
    with reserved_words_not_checked():
        try:
            ConditionExpressionParser(text, names, values).parse()
            moto_parse_key_condition(text, values, names, schema)
        except Exception as error:
            return rejected(error)
    return moto_condition_reserved(text)


def attribute_names(node: Any) -> Iterator[str]:
    """Every bare attribute name of moto's update tree, in order."""
    if isinstance(node, ExpressionAttribute):
        yield node.get_attribute_name()
        return
    for child in getattr(node, "children", None) or []:
        yield from attribute_names(child)


def moto_update(text: str) -> Verdict:
    names, _ = placeholders(text)
    try:
        tree = UpdateExpressionParser.make(text)
        ActionCountValidator().traverse(tree)
        OverlappingPathsValidator(names).traverse(tree)
    except Exception as error:
        return rejected(error)
    for name in attribute_names(tree):
        try:
            ExpressionPathResolver.raise_exception_if_keyword(name)
        except AttributeIsReservedKeyword as error:
            return Verdict(False, error.keyword, str(error))
    return Verdict(False, None, "accepted")


def moto_verdict(case: Case) -> Verdict:
    if case.kind is CONDITION:
        return moto_condition(case.text)
    if case.kind is KEY:
        return moto_key_condition(case.text, case.key_schema)
    return moto_update(case.text)


def our_verdict(case: Case) -> Verdict:
    parsed = parse_expression(case.text, case.kind)
    if parsed.errors:
        return Verdict(True, None, "; ".join(error.message for error in parsed.errors))
    first = parsed.reserved[0].text if parsed.reserved else None
    return Verdict(False, first, "accepted")


def agree(ours: Verdict, theirs: Verdict) -> bool:
    if ours.rejected != theirs.rejected:
        return False
    return ours.rejected or ours.reserved == theirs.reserved


# -- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_our_parser_and_motos_agree(case: Case) -> None:
    ours, theirs = our_verdict(case), moto_verdict(case)
    reason = KNOWN_DISAGREEMENTS.get((case.kind, case.text))
    if reason is not None:
        assert not agree(ours, theirs), (
            f"no longer a disagreement, remove it from KNOWN_DISAGREEMENTS: {reason}"
        )
        return
    assert ours.rejected == theirs.rejected, f"ours: {ours.detail} | moto: {theirs.detail}"
    if not theirs.rejected:
        assert ours.reserved == theirs.reserved, f"ours: {ours.reserved} | moto: {theirs.detail}"


def test_the_corpus_is_large_and_covers_every_kind_both_ways() -> None:
    assert len(CORPUS) >= 150
    assert len({(case.kind, case.text) for case in CORPUS}) == len(CORPUS)
    for kind in (CONDITION, KEY, UPDATE):
        verdicts = [our_verdict(case) for case in CORPUS if case.kind is kind]
        assert sum(v.rejected for v in verdicts) >= 20, kind
        assert sum(not v.rejected for v in verdicts) >= 15, kind
        assert sum(v.reserved is not None for v in verdicts) >= 3, kind


def test_known_disagreements_are_few_and_in_the_corpus() -> None:
    corpus = {(case.kind, case.text) for case in CORPUS}
    assert set(KNOWN_DISAGREEMENTS) <= corpus
    assert len(KNOWN_DISAGREEMENTS) <= len(CORPUS) // 15
