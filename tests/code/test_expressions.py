"""The DynamoDB expression parser: what it finds in valid expressions (paths, placeholders,
reserved words, key terms, update actions, all with their offsets) and where it says an
invalid one goes wrong."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddb_architect.code.expressions import (
    MAX_EXPRESSION_BYTES,
    ExpressionKind,
    ParsedExpression,
    Segment,
    is_reserved,
    parse_expression,
    reserved_words,
)
from ddb_architect.code.expressions.tokens import TokenKind, tokenize
from ddb_architect.resources import schemas_dir

CONDITION = ExpressionKind.CONDITION
KEY = ExpressionKind.KEY_CONDITION
UPDATE = ExpressionKind.UPDATE
PROJECTION = ExpressionKind.PROJECTION


def texts(segments: list[Segment]) -> list[str]:
    return [segment.text for segment in segments]


def only_error(text: str, kind: ExpressionKind) -> tuple[str, int, int, str]:
    """The single error of an invalid expression: its message, offsets and the text there."""
    parsed = parse_expression(text, kind)
    assert len(parsed.errors) == 1, parsed.errors
    error = parsed.errors[0]
    return error.message, error.start, error.end, text[error.start : error.end]


# -- reserved words ----------------------------------------------------------------------


def test_the_reserved_word_file_holds_the_whole_list_with_its_source() -> None:
    data = json.loads((schemas_dir() / "reserved-words.json").read_text(encoding="utf-8"))
    assert (
        data["source"]
        == "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html"
    )
    assert "moto 5.2.5" in data["copied_from"]
    assert data["as_of"] == "2026-11-25"
    assert len(data["words"]) == 573
    assert data["words"] == sorted(data["words"])
    assert all(word == word.upper() for word in data["words"])
    assert len(reserved_words()) == 573


@pytest.mark.parametrize(
    "word", ["STATUS", "NAME", "DATE", "TIMESTAMP", "DATA", "COUNT", "SIZE", "VALUE", "USER", "TTL", "KEYS"]
)
def test_common_attribute_names_are_reserved(word: str) -> None:
    assert word in reserved_words()
    assert is_reserved(word.lower())
    assert is_reserved(word.title())


@pytest.mark.parametrize("word", ["email", "userId", "pk", "sk", "createdAt", "price"])
def test_ordinary_attribute_names_are_not_reserved(word: str) -> None:
    assert not is_reserved(word)


# -- conditions --------------------------------------------------------------------------


def test_a_condition_lists_its_paths_placeholders_and_reserved_words_with_offsets() -> None:
    text = "#st = :active AND status <> :gone AND attribute_exists(profile.#n[2].city)"
    parsed = parse_expression(text, CONDITION)
    assert parsed.valid
    assert [(p.text, p.segment.start, p.segment.end) for p in parsed.paths] == [
        ("#st", 0, 3),
        ("status", 18, 24),
        ("profile.#n[2].city", 55, 73),
    ]
    assert [(s.text, s.start) for s in parsed.name_placeholders] == [("#st", 0), ("#n", 63)]
    assert [(s.text, s.start) for s in parsed.value_placeholders] == [(":active", 6), (":gone", 28)]
    assert parsed.reserved == [Segment("status", 18, 24)]
    assert parsed.key_terms == []
    assert parsed.update_actions == []


def test_path_elements_are_names_placeholders_and_indexes() -> None:
    (path,) = parse_expression("a.#b[10].c = :v", CONDITION).paths
    assert [(e.kind, e.segment.text, e.segment.start, e.segment.end) for e in path.elements] == [
        ("name", "a", 0, 1),
        ("placeholder", "#b", 2, 4),
        ("index", "[10]", 4, 8),
        ("name", "c", 9, 10),
    ]
    assert path.is_nested


@pytest.mark.parametrize(
    "text",
    [
        "a = :v",
        "a=:v",
        "a <> :v AND b < :w AND c <= :x AND d > :y AND e >= :z",
        "a = :v and b = :w or not c = :x",
        "NOT (a = :v OR b = :w)",
        "(a = :v AND b = :w) OR (c = :x AND d = :y)",
        "a = :v OR (b = :w AND c = :x)",
        "((a = :v) AND (b = :w))",
        "a BETWEEN :low AND :high",
        "a between :low and :high AND b IN (:x)",
        "a IN (:x, :y, :z)",
        "size(a) > :n",
        "size(a) BETWEEN :low AND :high",
        "size(a) <> size(b)",
        ":v = a",
        "a = b",
        "attribute_exists(a) AND attribute_not_exists(b.c)",
        "attribute_type(a, :t)",
        "begins_with(a, :p) OR contains(tags, :tag) OR contains(a, b)",
        "begins_with(:p, a)",
        "(a) BETWEEN (:low) AND (:high)",
        "\ta =\n:v\r\n",
        "a . b [ 0 ] = :v",
    ],
)
def test_valid_conditions(text: str) -> None:
    assert parse_expression(text, CONDITION).errors == []


@pytest.mark.parametrize(
    ("text", "message", "at"),
    [
        ("a = :v AND", "expected an operand after AND", "AND"),
        ("a = :v AND ", "expected an operand after AND", "AND"),
        ("a = :v OR", "expected an operand after OR", "OR"),
        ("a =", "expected an operand after '='", "="),
        ("= :v", "expected an operand, found '='", "="),
        ("a :v", "expected a comparison operator", ":v"),
        ("a = :v b = :w", "expected AND, OR or the end of the expression after ':v', found 'b'", "b"),
        ("(a = :v", "unbalanced parenthesis: this '(' is never closed", "("),
        ("a = :v)", "unbalanced parenthesis: this ')' has no matching '('", ")"),
        ("a = :v AND (b = :w OR (c = :x)", "unbalanced parenthesis", "("),
        ("((a = :v))", "redundant parentheses", "(("),
        ("a = :v AND ( ( b = :w AND c = :x ) )", "redundant parentheses", "( ("),
        ("a > ((b))", "redundant parentheses", "(("),
        ("begins(a, :p)", "unknown function 'begins': did you mean begins_with()?", "begins"),
        (
            "ATTRIBUTE_EXISTS(a)",
            "function names are case-sensitive, write attribute_exists()",
            "ATTRIBUTE_EXISTS",
        ),
        ("if_not_exists(a, :v)", "if_not_exists() cannot be used in a condition expression", "if_not_exists"),
        ("begins_with(a, :p, :q)", "begins_with() takes 2 arguments, not 3", "begins_with"),
        ("attribute_exists()", "attribute_exists() takes 1 argument, not 0", "attribute_exists"),
        ("attribute_exists(:v)", "attribute_exists() needs a document path, not a value", ":v"),
        (
            "attribute_type(a, b)",
            "the second argument of attribute_type() must be an expression attribute value",
            "b",
        ),
        ("attribute_exists(a) = :v", "attribute_exists() is a condition, not a value", "attribute_exists"),
        ("a = contains(b, :v)", "contains() is a condition, not a value", "contains"),
        ("contains(a, size(b))", "a function cannot be an argument of contains()", "size(b)"),
        ("size(a)", "size() is a value, not a condition: compare it, like size(a) > :n", "size(a)"),
        ("a IN ()", "expected an operand after '(', found ')'", ")"),
        ("a IN (:x,)", "expected an operand after ',', found ')'", ")"),
        ("a IN :x", "expected '(' and the values to compare with after IN", ":x"),
        ("a BETWEEN :x", "expected AND after ':x'", ":x"),
        ("a BETWEEN :x OR :y", "expected AND after ':x', found OR", "OR"),
        ("NOT NOT a = :v", "expected an operand after NOT, found NOT", "NOT"),
        ("a = 4", "a number cannot be written in an expression", "4"),
        ("1st = :v", "cannot start with a digit", "1st"),
        ("_private = :v", "cannot start with '_'", "_private"),
        ("first-name = :v", "'-' cannot be part of an attribute name", "-"),
        ("a != :v", "DynamoDB writes 'not equal' as '<>'", "!="),
        ("a == :v", "DynamoDB writes 'equal' as '='", "=="),
        ("a = 'x'", "an expression cannot contain literal values", "'"),
        ("a = :", "':' must be followed by the rest of an expression attribute value", ":"),
        ("# = :v", "'#' must be followed by the rest of an expression attribute name", "#"),
        ("a.b[x] = :v", "a list index must be a whole number, like [0]", "x"),
        ("a.b[0 = :v", "expected ']' after '0', found '='", "="),
        ("a. = :v", "expected an attribute name after '.', found '='", "="),
        ("ü = :v", "unexpected character 'ü'", "ü"),
    ],
)
def test_invalid_conditions_point_at_the_offending_token(text: str, message: str, at: str) -> None:
    found, start, end, there = only_error(text, CONDITION)
    assert message in found
    assert there == at
    assert end > start


def test_an_error_after_a_reserved_word_keeps_what_was_read_before_it() -> None:
    parsed = parse_expression("name = :n AND #x = :x AND", CONDITION)
    assert [e.message for e in parsed.errors] == ["expected an operand after AND"]
    assert texts(parsed.reserved) == ["name"]
    assert texts(parsed.name_placeholders) == ["#x"]


def test_placeholders_are_found_even_after_a_syntax_error() -> None:
    parsed = parse_expression("a = :v AND AND #late = :late", CONDITION)
    assert not parsed.valid
    assert texts(parsed.name_placeholders) == ["#late"]
    assert texts(parsed.value_placeholders) == [":v", ":late"]


def test_keywords_and_function_names_are_not_reserved_path_elements() -> None:
    parsed = parse_expression("size(data) > :n AND begins_with(#k, :p) AND NOT contains(tags, :t)", CONDITION)
    assert parsed.valid
    assert texts(parsed.reserved) == ["data"]
    assert [p.text for p in parsed.paths] == ["data", "#k", "tags"]


def test_in_takes_at_most_100_values() -> None:
    values = ", ".join(f":v{i}" for i in range(101))
    text = f"a IN ({values})"
    message, _, _, there = only_error(text, CONDITION)
    assert message == "IN takes at most 100 values, not 101"
    assert there == ":v100"
    assert parse_expression(f"a IN ({', '.join(f':v{i}' for i in range(100))})", CONDITION).valid


def test_an_empty_expression_is_an_error() -> None:
    assert only_error("", CONDITION)[:3] == ("empty expression", 0, 0)
    assert only_error("   ", UPDATE)[:3] == ("empty expression", 0, 3)


def test_an_expression_longer_than_4_kb_is_an_error_where_it_passes_the_limit() -> None:
    text = " AND ".join(f"attr{i} = :v{i}" for i in range(300))
    assert len(text.encode()) > MAX_EXPRESSION_BYTES
    parsed = parse_expression(text, CONDITION)
    (error,) = parsed.errors
    assert error.message.startswith(f"expression is {len(text):,} bytes long")
    assert (error.start, error.end) == (MAX_EXPRESSION_BYTES, len(text))
    assert len(parsed.paths) == 300  # still read through


def test_the_4_kb_limit_counts_utf8_bytes() -> None:
    text = "#a = :v AND " + "#é" * 2100  # two bytes per é
    parsed = parse_expression(text, CONDITION)
    assert any(error.message.startswith("expression is") for error in parsed.errors)


@pytest.mark.parametrize("kind", [CONDITION, KEY])
def test_a_very_long_chain_of_terms_is_read_without_recursing_per_term(kind: ExpressionKind) -> None:
    text = " AND ".join(f"k{i} = :v{i}" for i in range(5000))
    parsed = parse_expression(text, kind)
    assert [error.message.split(":")[0] for error in parsed.errors] == [
        f"expression is {len(text):,} bytes long"
    ]
    assert len(parsed.paths) == 5000


def test_parentheses_nested_too_deep_stop_the_parser_instead_of_the_interpreter() -> None:
    text = "(" * 70 + "a = :v" + ")" * 70
    message, *_ = only_error(text, CONDITION)
    assert message == "parentheses nested more than 64 deep"


# -- key conditions ----------------------------------------------------------------------


def test_key_terms_of_a_key_condition() -> None:
    parsed = parse_expression("#pk = :pk AND begins_with(sk, :prefix)", KEY)
    assert parsed.valid
    assert [(t.path.text, t.op, texts(list(t.operands))) for t in parsed.key_terms] == [
        ("#pk", "=", [":pk"]),
        ("sk", "begins_with", [":prefix"]),
    ]
    assert parsed.key_terms[1].path.segment == Segment("sk", 26, 28)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("pk = :v", [("pk", "=", [":v"])]),
        ("pk = :v AND sk BETWEEN :a AND :b", [("pk", "=", [":v"]), ("sk", "BETWEEN", [":a", ":b"])]),
        ("pk = :v and sk between :a and :b", [("pk", "=", [":v"]), ("sk", "BETWEEN", [":a", ":b"])]),
        ("(pk = :v) AND (sk >= :s)", [("pk", "=", [":v"]), ("sk", ">=", [":s"])]),
        ("sk < :s AND pk = :v", [("sk", "<", [":s"]), ("pk", "=", [":v"])]),
        (":v = pk AND :s < sk", [("pk", "=", [":v"]), ("sk", ">", [":s"])]),
        (
            "p1 = :a AND p2 = :b AND s1 = :c AND s2 <= :d",
            [("p1", "=", [":a"]), ("p2", "=", [":b"]), ("s1", "=", [":c"]), ("s2", "<=", [":d"])],
        ),
    ],
)
def test_valid_key_conditions(text: str, terms: list[tuple[str, str, list[str]]]) -> None:
    parsed = parse_expression(text, KEY)
    assert parsed.errors == []
    assert [(t.path.text, t.op, texts(list(t.operands))) for t in parsed.key_terms] == terms


def test_reserved_words_in_a_key_condition() -> None:
    parsed = parse_expression("date = :d AND #ts > :t", KEY)
    assert parsed.valid
    assert parsed.reserved == [Segment("date", 0, 4)]


@pytest.mark.parametrize(
    ("text", "message", "at"),
    [
        ("pk = :v OR sk = :s", "OR is not allowed in a key condition", "OR"),
        ("NOT pk = :v", "NOT is not allowed in a key condition", "NOT"),
        ("pk = :v AND sk IN (:a, :b)", "IN is not allowed in a key condition", "IN"),
        ("pk = :v AND sk <> :s", "<> is not allowed in a key condition", "<>"),
        ("pk = :v AND contains(sk, :s)", "contains() is not allowed in a key condition", "contains"),
        (
            "pk = :v AND attribute_exists(sk)",
            "attribute_exists() is not allowed in a key condition",
            "attribute_exists",
        ),
        ("pk = :v AND size(sk) > :n", "size() is not allowed inside a key condition", "size"),
        ("pk = :v AND begins(sk, :p)", "unknown function 'begins'", "begins"),
        ("pk.id = :v", "not a nested attribute like 'pk.id'", "pk.id"),
        ("pk[0] = :v", "not a nested attribute", "pk[0]"),
        ("pk = sk", "not with another attribute", "sk"),
        (":a = :b", "names no key attribute", "="),
        (
            "pk = :v AND :a BETWEEN :b AND :c",
            "BETWEEN in a key condition needs the key attribute first",
            "BETWEEN",
        ),
        ("pk = :v AND sk BETWEEN lo AND :c", "the bounds of BETWEEN in a key condition", "lo"),
        (
            "pk = :v AND begins_with(:p, sk)",
            "begins_with() in a key condition needs the key attribute first",
            ":p",
        ),
        ("pk = :v AND begins_with(sk, prefix)", "the prefix of begins_with() in a key condition", "prefix"),
        ("pk = :v AND sk > :a AND sk < :b", "'sk' is tested twice", "sk"),
        ("sk > :s", "needs an equality (=) on the partition key", "sk"),
        ("pk = :v AND", "expected an operand after AND", "AND"),
        ("pk = :v AND sk BETWEEN :a", "expected AND after ':a'", ":a"),
        ("((pk = :v))", "redundant parentheses", "(("),
        ("pk = :v AND (sk = :s", "unbalanced parenthesis", "("),
    ],
)
def test_invalid_key_conditions(text: str, message: str, at: str) -> None:
    found, _, _, there = only_error(text, KEY)
    assert message in found
    assert there == at


def test_an_error_in_one_term_keeps_the_sound_terms() -> None:
    parsed = parse_expression("pk = :v AND sk <> :s", KEY)
    assert [t.path.text for t in parsed.key_terms] == ["pk"]


# -- updates -----------------------------------------------------------------------------


def test_update_actions_with_the_paths_they_write() -> None:
    text = "SET #n = :name, visits = if_not_exists(visits, :zero) + :one REMOVE old.tmp ADD tags :t DELETE colours :c"
    parsed = parse_expression(text, UPDATE)
    assert parsed.valid
    actions = [(a.clause, a.path.text, a.value.text if a.value else None) for a in parsed.update_actions]
    assert actions == [
        ("SET", "#n", ":name"),
        ("SET", "visits", "if_not_exists(visits, :zero) + :one"),
        ("REMOVE", "old.tmp", None),
        ("ADD", "tags", ":t"),
        ("DELETE", "colours", ":c"),
    ]
    assert [p.text for p in parsed.paths] == ["#n", "visits", "visits", "old.tmp", "tags", "colours"]
    assert parsed.update_actions[2].path.segment == Segment("old.tmp", 68, 75)


@pytest.mark.parametrize(
    "text",
    [
        "SET a = :v",
        "set a = :v remove b add c :n delete d :s",
        "REMOVE a, b.c[0], #d",
        "ADD counter :one, tags :t",
        "SET a = b + :v",
        "SET a = b - :v",
        "SET a=:v,b=:w",
        "SET a = list_append(a, :items)",
        "SET a = list_append(:items, a)",
        "SET a = list_append(if_not_exists(a, :empty), :items)",
        "SET a = if_not_exists(b, :v) + :one",
        "SET a = (b + :v)",
        "SET a = (b) - (:v)",
        "SET a[3] = :v, b.c.d = :w",
        "SET #a = :v, #a.b = :w",
        "REMOVE a[0], a[1]",
        "DELETE s :v SET a = :w",
        "SET a = :v\nREMOVE b",
        "SET a = :v,\tb = :w",
    ],
)
def test_valid_updates(text: str) -> None:
    assert parse_expression(text, UPDATE).errors == []


@pytest.mark.parametrize(
    ("text", "message", "at"),
    [
        ("SET", "expected a document path after SET", "SET"),
        ("SET a", "missing '=' in SET action after 'a'", "a"),
        ("SET a :v", "missing '=' in SET action after 'a'", ":v"),
        ("SET a =", "expected an operand after '='", "="),
        ("SET a = :v,", "expected a document path after ','", ","),
        ("SET a = :v, , b = :w", "expected a document path after ',', found ','", ","),
        ("SET a = :v SET b = :w", "the SET clause appears twice", "SET"),
        ("REMOVE a remove b", "the REMOVE clause appears twice", "remove"),
        ("DELETE s :v DELETE t :w", "the DELETE clause appears twice", "DELETE"),
        (
            "UPDATE a = :v",
            "an update expression starts with SET, REMOVE, ADD or DELETE, not 'UPDATE'",
            "UPDATE",
        ),
        (
            "SET a = :v AND b = :w",
            "expected ',' or a new clause (SET, REMOVE, ADD or DELETE) after ':v', found AND",
            "AND",
        ),
        ("SET a = :v b = :w", "found 'b'", "b"),
        ("ADD a = :v", "ADD takes no '=': write ADD a :value", "="),
        ("ADD a", "expected an expression attribute value (:value) after 'a'", "a"),
        ("DELETE s t", "expected an expression attribute value (:value) after 's', found 't'", "t"),
        ("REMOVE", "expected a document path after REMOVE", "REMOVE"),
        ("SET a = b + c + :d", "adds or subtracts two operands at most", "+"),
        ("SET a = b +", "expected an operand after '+'", "+"),
        ("SET a = list_append(:l)", "list_append() takes 2 arguments, not 1", "list_append"),
        ("SET a = if_not_exists(:v, a)", "if_not_exists() needs a document path as its first argument", ":v"),
        (
            "SET a = LIST_APPEND(a, :l)",
            "function names are case-sensitive, write list_append()",
            "LIST_APPEND",
        ),
        ("SET a = size(b)", "size() cannot be used in an update expression", "size"),
        ("SET a = listappend(a, :l)", "did you mean list_append()?", "listappend"),
        ("SET a = :v REMOVE a", "document path 'a' is named twice", "a"),
        ("SET a = :v REMOVE a.b", "document paths 'a' and 'a.b' overlap", "a.b"),
        ("REMOVE a[0], a.b", "document paths 'a[0]' and 'a.b' conflict", "a.b"),
        ("SET a = 10", "a number cannot be written in an expression", "10"),
        ("SET a = list_append(a, :l", "unbalanced parenthesis", "("),
        ("SET a-b = :v", "missing '=' in SET action after 'a'", "-"),
    ],
)
def test_invalid_updates(text: str, message: str, at: str) -> None:
    found, _, _, there = only_error(text, UPDATE)
    assert message in found
    assert there == at


def test_reserved_words_in_an_update_anywhere_a_path_stands() -> None:
    parsed = parse_expression("SET #s = :s, amount = list_append(items, :i) REMOVE comment", UPDATE)
    assert parsed.valid
    assert texts(parsed.reserved) == ["items", "comment"]


def test_the_actions_read_before_an_error_are_kept() -> None:
    parsed = parse_expression("SET a = :v, b = :w REMOVE", UPDATE)
    assert not parsed.valid
    assert [a.path.text for a in parsed.update_actions] == ["a", "b"]


# -- projections -------------------------------------------------------------------------


def test_projection_paths() -> None:
    parsed = parse_expression("id, #n, address.city, orders[0].total", PROJECTION)
    assert parsed.valid
    assert [p.text for p in parsed.paths] == ["id", "#n", "address.city", "orders[0].total"]
    assert parsed.paths[2].segment == Segment("address.city", 8, 20)


def test_reserved_words_in_a_projection() -> None:
    parsed = parse_expression("name, status, #ok", PROJECTION)
    assert parsed.valid
    assert parsed.reserved == [Segment("name", 0, 4), Segment("status", 6, 12)]


@pytest.mark.parametrize(
    ("text", "message", "at"),
    [
        ("a,", "expected a document path after ','", ","),
        ("a b", "expected ',' or the end of the expression after 'a', found 'b'", "b"),
        (", a", "expected a document path, found ','", ","),
        ("a, a.b", "document paths 'a' and 'a.b' overlap", "a.b"),
        ("a = :v", "found '='", "="),
    ],
)
def test_invalid_projections(text: str, message: str, at: str) -> None:
    found, _, _, there = only_error(text, PROJECTION)
    assert message in found
    assert there == at


# -- properties --------------------------------------------------------------------------

ALL_KINDS = list(ExpressionKind)
EXPRESSION_ALPHABET = st.sampled_from(list("abcXYZ019_#:.[](),=<>!+- \t\n'\"ü")) | st.characters()
EXPRESSION_WORDS = st.sampled_from(
    ["AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "size", "begins_with", "status"]
)
EXPRESSION_LIKE = st.lists(EXPRESSION_ALPHABET | EXPRESSION_WORDS, max_size=40).map("".join)


def segments_of(parsed: ParsedExpression) -> list[Segment]:
    found = [*parsed.name_placeholders, *parsed.value_placeholders, *parsed.reserved]
    for path in parsed.paths:
        found.append(path.segment)
        found.extend(element.segment for element in path.elements)
    for term in parsed.key_terms:
        found.extend(term.operands)
    for action in parsed.update_actions:
        if action.value is not None:
            found.append(action.value)
    return found


@settings(max_examples=400, deadline=None)
@given(text=EXPRESSION_LIKE | st.text(max_size=60), kind=st.sampled_from(ALL_KINDS))
def test_the_parser_never_raises_and_every_offset_is_inside_the_text(text: str, kind: ExpressionKind) -> None:
    parsed = parse_expression(text, kind)
    for segment in segments_of(parsed):
        assert 0 <= segment.start <= segment.end <= len(text)
        assert text[segment.start : segment.end] == segment.text
    for error in parsed.errors:
        assert 0 <= error.start <= error.end <= len(text)
        assert error.message
    if text.strip(" \t\r\n"):
        assert all(error.end > error.start for error in parsed.errors)


VALID = [
    (CONDITION, "a = :v AND (b.c[0] <> :w OR NOT attribute_exists(#d)) AND size(e) BETWEEN :lo AND :hi"),
    (CONDITION, "begins_with(#a, :p) OR contains(tags, :t) OR x IN (:x1, :x2, :x3)"),
    (CONDITION, "(a) BETWEEN (:low) AND (:high) and attribute_type(b, :type)"),
    (KEY, "#pk = :pk AND begins_with(#sk, :prefix)"),
    (KEY, "(pk = :v) AND (sk BETWEEN :a AND :b)"),
    (
        UPDATE,
        "SET a = if_not_exists(a, :zero) + :one, b = list_append(b, :l) REMOVE c[0] ADD d :n DELETE e :s",
    ),
    (UPDATE, "set #a.b = (:v) remove x"),
    (PROJECTION, "a, b.c, #d[3].e"),
]
GAP = st.text(alphabet=" \t\r\n", max_size=3)


@settings(max_examples=200, deadline=None)
@given(case=st.sampled_from(VALID), gaps=st.lists(GAP, min_size=64, max_size=64))
def test_a_valid_expression_stays_valid_with_more_whitespace(
    case: tuple[ExpressionKind, str], gaps: list[str]
) -> None:
    kind, text = case
    tokens = [token for token in tokenize(text) if token.kind is not TokenKind.EOF]
    pieces = [gaps[0]]
    for index, token in enumerate(tokens):
        following = tokens[index + 1].start if index + 1 < len(tokens) else len(text)
        pieces.append(text[token.start : following] + gaps[(index + 1) % len(gaps)])
    spaced = "".join(pieces)
    original = parse_expression(text, kind)
    parsed = parse_expression(spaced, kind)
    assert parsed.errors == []
    assert len(parsed.paths) == len(original.paths)
    assert texts(parsed.name_placeholders) == texts(original.name_placeholders)
    assert texts(parsed.value_placeholders) == texts(original.value_placeholders)
    assert len(parsed.key_terms) == len(original.key_terms)
    assert len(parsed.update_actions) == len(original.update_actions)


NAMES = st.sampled_from(["alpha", "beta", "#g", "delta.epsilon", "zeta[1]", "#h.iota"])
VALUES = st.sampled_from([":v", ":w", ":x1"])
OPERANDS = NAMES | VALUES | NAMES.map(lambda name: f"size({name})")


def _conditions(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return (
        st.tuples(children, st.sampled_from(["AND", "OR", "and", "or"]), children).map(" ".join)
        | children.map(lambda child: f"NOT {child}" if child.startswith("(") else f"NOT ({child})")
        | children.filter(lambda child: not child.startswith("(")).map(lambda child: f"({child})")
    )


COMPARISONS = (
    st.tuples(OPERANDS, st.sampled_from(["=", "<>", "<", "<=", ">", ">="]), OPERANDS).map(" ".join)
    | st.tuples(OPERANDS, OPERANDS, OPERANDS).map(lambda t: f"{t[0]} BETWEEN {t[1]} AND {t[2]}")
    | st.tuples(OPERANDS, st.lists(OPERANDS, min_size=1, max_size=4)).map(
        lambda t: f"{t[0]} IN ({', '.join(t[1])})"
    )
    | NAMES.map(lambda name: f"attribute_exists({name})")
    | NAMES.map(lambda name: f"attribute_not_exists({name})")
    | st.tuples(NAMES, VALUES).map(lambda t: f"attribute_type({t[0]}, {t[1]})")
    | st.tuples(NAMES | VALUES, NAMES | VALUES).map(lambda t: f"begins_with({t[0]}, {t[1]})")
    | st.tuples(NAMES | VALUES, NAMES | VALUES).map(lambda t: f"contains({t[0]}, {t[1]})")
)
GENERATED_CONDITIONS = st.recursive(COMPARISONS, _conditions, max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(text=GENERATED_CONDITIONS)
def test_conditions_built_from_the_grammar_are_valid(text: str) -> None:
    parsed = parse_expression(text, CONDITION)
    assert parsed.errors == []
    assert parsed.reserved == []
