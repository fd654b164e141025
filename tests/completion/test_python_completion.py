"""Completion in boto3 code, at many cursor positions, in half-typed code."""

from __future__ import annotations

import textwrap

import pytest

from ddb_architect.code.specs import SpecSet
from ddb_architect.completion.context import cursor_context
from ddb_architect.completion.python import complete_python
from ddb_architect.spec.loader import load_spec

SPEC = """\
version: 1
tables:
  Orders:
    key: {partition: PK, sort: SK}
    indexes:
      ByCustomer: {key: {partition: customerId, sort: createdAt}, projection: keys-only}
      ByDate: {local: true, key: {partition: PK, sort: createdAt}}
    entities:
      Order:
        keys: {PK: "ORDER#{id}", SK: ORDER, customerId: "{customerId}", createdAt: "{createdAt}"}
        item_size: 1KB
        fields: {id: {format: uuid}, customerId: {cardinality: 1M}, createdAt: {format: iso8601}, status: {type: S}}
  Sessions:
    key: {partition: sessionId}
"""

HEAD = textwrap.dedent(
    """\
    import boto3
    from boto3.dynamodb.conditions import Key

    dynamodb = boto3.resource("dynamodb")
    orders = dynamodb.Table("Orders")
    client = boto3.client("dynamodb")


    class Repo:
        def __init__(self):
            self.table = dynamodb.Table("Orders")

        def find(self, customer_id):
            return """
)


@pytest.fixture(scope="module")
def specs() -> SpecSet:
    document = load_spec(SPEC, "orders.ddb.yaml")
    assert document.design is not None
    return SpecSet([document])


def complete(specs: SpecSet, code: str, after: str = "") -> list[str]:
    """Labels offered with the cursor at the end of ``code`` (``after`` follows it)."""
    text = HEAD + code
    return [item.label for item in complete_python(text + after, len(text), specs)]


def test_keyword_arguments_of_a_table_method(specs: SpecSet) -> None:
    labels = complete(specs, "orders.query(")
    assert "IndexName" in labels
    assert "KeyConditionExpression" in labels
    assert "TableName" not in labels  # the Table fills it


def test_keyword_arguments_while_typing_one(specs: SpecSet) -> None:
    text = HEAD + "orders.query(Ind"
    items = complete_python(text, len(text), specs)
    index = next(i for i in items if i.label == "IndexName")
    assert index.text == "IndexName="
    assert index.replace_from == len(text) - len("Ind")
    assert "name of an index" in index.documentation.lower()


def test_arguments_already_given_are_not_offered_again(specs: SpecSet) -> None:
    labels = complete(specs, 'orders.query(IndexName="ByCustomer", ', ")")
    assert "IndexName" not in labels
    assert "KeyConditionExpression" in labels


def test_required_parameters_of_a_client_come_first(specs: SpecSet) -> None:
    text = HEAD + "client.get_item("
    items = sorted(complete_python(text, len(text), specs), key=lambda i: i.sort)
    assert [i.label for i in items[:2]] == ["Key", "TableName"]
    assert "required" in items[0].detail


def test_paginator_arguments(specs: SpecSet) -> None:
    labels = complete(specs, 'client.get_paginator("query").paginate(')
    assert {"TableName", "PaginationConfig", "KeyConditionExpression"} <= set(labels)


def test_table_names_from_the_spec(specs: SpecSet) -> None:
    assert complete(specs, 'client.query(TableName="') == ["Orders", "Sessions"]
    assert complete(specs, 'dynamodb.Table("Ord') == ["Orders", "Sessions"]


def test_index_names_of_the_call_table(specs: SpecSet) -> None:
    assert complete(specs, 'orders.query(IndexName="') == ["ByCustomer", "ByDate"]
    assert complete(specs, 'self.table.query(IndexName="By') == ["ByCustomer", "ByDate"]


def test_enum_values(specs: SpecSet) -> None:
    assert "COUNT" in complete(specs, 'orders.query(Select="')
    assert complete(specs, 'orders.update_item(ReturnValues="')[:1] == ["NONE"]


def test_key_attributes_inside_key(specs: SpecSet) -> None:
    assert complete(specs, 'orders.get_item(Key={"') == ["PK", "SK"]
    assert complete(specs, 'orders.get_item(Key={"PK": "ORDER#1", "') == ["PK", "SK"]
    assert complete(specs, 'orders.get_item(Key={"PK": "') == []  # a value, not a key


def test_attribute_names_in_a_key_condition_follow_the_index(specs: SpecSet) -> None:
    assert complete(specs, 'orders.query(IndexName="ByCustomer", KeyConditionExpression="') == [
        "customerId",
        "createdAt",
    ]
    assert complete(specs, 'orders.query(KeyConditionExpression="PK = :pk AND ') == ["PK", "SK"]


def test_reserved_attribute_names_are_offered_as_placeholders(specs: SpecSet) -> None:
    labels = complete(specs, 'orders.query(KeyConditionExpression="PK = :pk", FilterExpression="')
    assert "#status" in labels
    assert "status" not in labels


def test_declared_placeholders_even_when_written_after_the_cursor(specs: SpecSet) -> None:
    labels = complete(
        specs,
        'orders.query(KeyConditionExpression="PK = :pk", FilterExpression="#',
        '", ExpressionAttributeNames={"#st": "status"}, ExpressionAttributeValues={":pk": "A"})',
    )
    assert labels[:2] == ["#st", ":pk"]


def test_nothing_outside_a_dynamodb_call(specs: SpecSet) -> None:
    assert complete(specs, "print(") == []
    assert complete(specs, "len(orders") == []
    assert complete(specs, "") == []


def test_a_comment_with_brackets_does_not_confuse_the_cursor() -> None:
    text = "orders.query(  # see (docs\n    Ind"
    context = cursor_context(text, len(text))
    assert context.callee == "orders.query"
    assert context.typed == "Ind"


def test_code_after_the_cursor_may_be_broken(specs: SpecSet) -> None:
    labels = complete(specs, "orders.query(", "\n    def broken(:\n")
    assert "IndexName" in labels


@pytest.mark.parametrize("cut", range(0, 60, 3))
def test_every_prefix_of_a_call_answers_without_error(specs: SpecSet, cut: int) -> None:
    code = 'orders.query(IndexName="ByCustomer", KeyConditionExpression=Key("customerId").eq(customer_id))'
    complete(specs, code[:cut])


def test_completion_reads_a_text_once_and_an_edited_one_a_statement_at_a_time(specs: SpecSet) -> None:
    """Counting parses: requests on an unchanged document reuse its reading; after an
    edit inside one function, only that function is parsed again (the half-typed call's
    statement blanked out, as before) — with the items a new reading gives."""
    from ddb_architect.completion.python import READINGS

    body = 'orders.query(IndexName="ByCustomer")\n\n\ndef other():\n    return orders.get_item(Key={})\n'
    text = HEAD + body
    offset = len(HEAD) + len("orders.query(")
    READINGS.clear()
    whole, statements = READINGS.stats.whole, READINGS.stats.statements
    first = complete_python(text, offset, specs)
    again = complete_python(text, offset + 3, specs)
    assert first
    assert again
    assert (READINGS.stats.whole - whole, READINGS.stats.statements - statements) == (1, 0)
    # Typing inside the call: the text no longer parses; its repair (the statement
    # blanked out) is the old module with one statement parsed again.
    typed = (
        text[:offset] + "Sel" + text[offset:].replace('IndexName="ByCustomer")', 'IndexName="ByCustomer"', 1)
    )
    items = complete_python(typed, offset + 3, specs)
    assert (READINGS.stats.whole - whole, READINGS.stats.statements - statements) == (2, 1)
    READINGS.clear()
    fresh = complete_python(typed, offset + 3, specs)
    assert items == fresh
    assert "Select" in [i.label for i in items]
