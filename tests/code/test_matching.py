"""Which access pattern a call in code performs: what a key value written in code can
produce (``value_atoms``), whether a key template can produce it (``template_meets``,
``prefix_meets``), and the patterns a call implements (``matching_patterns``): the same
table and index and an operation of the same family."""

from __future__ import annotations

import ast

import pytest

from ddb_architect.code.calls import DynamoCall
from ddb_architect.code.matching import (
    ANY,
    IMPLEMENTS,
    call_key_values,
    call_tables,
    matching_patterns,
    operation_patterns,
    prefix_meets,
    read_key_condition,
    table_mentions,
    template_meets,
    value_atoms,
)
from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import read_python
from ddb_architect.rules.code_context import CodeContext
from ddb_architect.spec.model import Entity
from ddb_architect.spec.templates import Atom
from tests.code.drift_helpers import SHOP, source, spec_set


def expression(code: str) -> ast.expr:
    return ast.parse(code, mode="eval").body


def context(code: str, specs: SpecSet | None = None) -> CodeContext:
    found = read_python(source(code), "app.py", spec_set() if specs is None else specs)
    assert found is not None
    return found


def the_call(code: str, specs: SpecSet | None = None) -> tuple[DynamoCall, CodeContext]:
    ctx = context(code, specs)
    assert len(ctx.calls) == 1, [c.operation for c in ctx.calls]
    return ctx.calls[0], ctx


def patterns(code: str, specs: SpecSet | None = None) -> list[str]:
    """The names of the patterns the snippet's one call performs."""
    call, ctx = the_call(code, specs)
    return [
        m.pattern.name
        for m in matching_patterns(call, ctx.specs, ctx.index_name(call), ctx.expressions(call))
    ]


def customer() -> Entity:
    specs = spec_set()
    table = specs.tables()[0].table
    return table.entities["Customer"]


# --------------------------------------------------------------------------- value_atoms


@pytest.mark.parametrize(
    ("code", "atoms"),
    [
        ('"CUSTOMER#1"', [("text", "CUSTOMER#1")]),
        ("42", [("text", "42")]),
        ('f"CUSTOMER#{c}"', [("text", "CUSTOMER#"), ("domain", ANY)]),
        ('f"{a}#{b}"', [("domain", ANY), ("text", "#"), ("domain", ANY)]),
        ('f"ORDER#{o:>08}"', [("text", "ORDER#"), ("domain", ANY)]),
        ('"CUSTOMER#" + c', [("text", "CUSTOMER#"), ("domain", ANY)]),
        ('"A#" + c + "#B"', [("text", "A#"), ("domain", ANY), ("text", "#B")]),
        ('"A#" + str(n)', [("text", "A#"), ("domain", ANY)]),
        ('"A#" + row["id"]', [("text", "A#"), ("domain", ANY)]),
        ('"A#" + self.prefix', [("text", "A#"), ("domain", ANY)]),
        ('{"S": f"CUSTOMER#{c}"}', [("text", "CUSTOMER#"), ("domain", ANY)]),
        ('{"N": "5"}', [("text", "5")]),
    ],
)
def test_value_atoms_of_what_code_writes(code: str, atoms: list[Atom]) -> None:
    assert value_atoms(expression(code)) == atoms


@pytest.mark.parametrize(
    "code",
    [
        "customer_id",
        "row['id']",
        "make_key(c)",
        'f"{c}"',
        "a + b",
        "True",
        "1.5",
        "None",
        'b"bytes"',
        '"A#%s" % c',
        '"A#{}".format(c)',
        '"A#" * 2',
        '"A" if c else "B"',
        '{"S": c}',
        '{"S": "x", "N": "1"}',
    ],
)
def test_value_atoms_nothing_literal_is_known(code: str) -> None:
    """A value with no literal part, or one built in a way that is not read, says nothing."""
    assert value_atoms(expression(code)) is None


# --------------------------------------------------------------------------- template_meets


@pytest.mark.parametrize(
    ("template", "code", "meets"),
    [
        ("CUSTOMER#{customerId}", '"CUSTOMER#1"', True),
        ("CUSTOMER#{customerId}", 'f"CUSTOMER#{c}"', True),
        ("CUSTOMER#{customerId}", '"CUSTOMER#" + c', True),
        ("CUSTOMER#{customerId}", 'f"{kind}#{c}"', True),
        ("CUSTOMER#{customerId}", '"CUST#1"', False),
        ("CUSTOMER#{customerId}", 'f"CUST#{c}"', False),
        ("CUSTOMER#{customerId}", '"customer#1"', False),
        ("CUSTOMER#{customerId}", '"CUSTOMER#"', False),
        ("CUSTOMER#{customerId}", 'f"CUSTOMER#{c}#X"', True),
        ("PROFILE", '"PROFILE"', True),
        ("PROFILE", '"PROFILE#1"', False),
        ("PROFILE", 'f"PROFILE{suffix}"', True),
        ("POST#{createdAt}#{postId}", 'f"POST#{t}#{p}"', True),
        ("POST#{createdAt}#{postId}", 'f"POST#{t}"', True),
        ("POST#{createdAt}#{postId}", '"POST#2024"', False),
        ("{score:010d}", '"abc"', True),
        ("USER#{userId", '"anything"', True),
    ],
    ids=lambda value: str(value),
)
def test_template_meets(template: str, code: str, meets: bool) -> None:
    """Variables hold any text of at least one character: their formats and closed sets
    are not checked (rules.md, DDB704). A template that does not parse meets anything
    (DDB006 reports it)."""
    atoms = value_atoms(expression(code))
    assert atoms is not None
    assert template_meets(template, customer(), atoms) is meets


@pytest.mark.parametrize(
    ("template", "prefix", "meets"),
    [
        ("ORDER#{orderId}", '"ORDER#"', True),
        ("ORDER#{orderId}", '"ORD"', True),
        ("ORDER#{orderId}", '"ORDER#2024-"', True),
        ("ORDER#{orderId}", 'f"ORDER#{year}"', True),
        ("ORDER#{orderId}", '"ORDR#"', False),
        ("ORDER#{orderId}", '"X"', False),
        ("PROFILE", '"PROF"', True),
        ("PROFILE", '"PROFILES"', False),
        ("{kind}#{id}", '"ANY#"', True),
    ],
    ids=lambda value: str(value),
)
def test_prefix_meets(template: str, prefix: str, meets: bool) -> None:
    atoms = value_atoms(expression(prefix))
    assert atoms is not None
    assert prefix_meets(template, atoms) is meets


# --------------------------------------------------------------------------- matching_patterns


def test_every_pattern_operation_is_implemented_by_some_call_operation() -> None:
    implemented = set().union(*IMPLEMENTS.values())
    assert implemented == set(IMPLEMENTS)
    for operation, allowed in IMPLEMENTS.items():
        assert operation in allowed, operation


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('shop.get_item(Key={"PK": "CUSTOMER#1", "SK": "PROFILE"})', ["get-customer"]),
        ('shop.query(KeyConditionExpression=Key("PK").eq("CUSTOMER#1"))', ["customer-orders"]),
        (
            'shop.query(IndexName="ByEmail", KeyConditionExpression=Key("GSI1PK").eq("EMAIL#a"))',
            ["customer-by-email"],
        ),
        ('shop.put_item(Item={"PK": "CUSTOMER#1", "SK": "ORDER#1"})', ["place-order"]),
        ('shop.update_item(Key={"PK": "CUSTOMER#1", "SK": "PROFILE"})', ["change-email"]),
        ('shop.delete_item(Key={"PK": "CUSTOMER#1", "SK": "PROFILE"})', []),
        ("shop.scan()", []),
        ('client.batch_get_item(RequestItems={"Shop": {"Keys": []}})', ["get-customer"]),
        ('client.batch_write_item(RequestItems={"Shop": []})', ["place-order"]),
        ('dynamodb.batch_write_item(RequestItems={"Shop": [], "Sessions": []})', ["place-order"]),
        ('client.batch_get_item(RequestItems={"Shop": {}, "Sessions": {}})', ["get-customer", "get-session"]),
    ],
    ids=[
        "get-item",
        "query-table",
        "query-index",
        "put-item",
        "update-item",
        "delete-item-undeclared",
        "scan-undeclared",
        "batch-get-item",
        "batch-write-item",
        "resource-batch-write",
        "batch-get-of-two-tables",
    ],
)
def test_a_call_performs_the_patterns_of_its_table_index_and_operation_family(
    code: str, expected: list[str]
) -> None:
    assert patterns(code + "\n") == expected


def test_a_batch_writer_put_performs_put_item_and_batch_write_patterns() -> None:
    code = (
        'with shop.batch_writer() as batch:\n    batch.put_item(Item={"PK": "CUSTOMER#1", "SK": "ORDER#1"})\n'
    )
    assert patterns(code) == ["place-order"]
    batch = spec_set(SHOP.replace("op: PutItem", "op: BatchWriteItem"))
    assert patterns(code, batch) == ["place-order"]


def test_a_paginator_query_performs_the_query_patterns_of_its_index() -> None:
    table = (
        'client.get_paginator("query").paginate(TableName="Shop", KeyConditionExpression="PK = :p",'
        ' ExpressionAttributeValues={":p": {"S": "CUSTOMER#1"}})\n'
    )
    index = table.replace('TableName="Shop",', 'TableName="Shop", IndexName="ByEmail",')
    assert patterns(table) == ["customer-orders"]
    assert patterns(index) == ["customer-by-email"]
    assert patterns('client.get_paginator("scan").paginate(TableName="Shop")\n') == []


def test_an_index_named_by_a_variable_may_be_any_index() -> None:
    """Which index is read is unknown: the call is not taken for a query of the table."""
    code = 'def find(index):\n    return shop.query(IndexName=index, KeyConditionExpression=Key("GSI1PK").eq("EMAIL#a"))\n'
    assert patterns(code) == ["customer-orders", "customer-by-email"]
    scan = "def everything(index):\n    return shop.scan(IndexName=index)\n"
    assert patterns(scan) == []


def test_a_query_on_an_index_no_pattern_names_performs_nothing() -> None:
    spec = spec_set(SHOP.replace("        index: ByEmail\n", ""))
    code = 'shop.query(IndexName="ByEmail", KeyConditionExpression=Key("GSI1PK").eq("EMAIL#a"))\n'
    assert patterns(code, spec) == []


@pytest.mark.parametrize(
    "code",
    [
        'dynamodb.Table("Customers").get_item(Key={"id": "1"})\n',
        'dynamodb.Table(os.environ["OTHER_TABLE"]).get_item(Key={"id": "1"})\n',
        "def load(table: Table):\n    return table.get_item(Key={})\n",
        'client.batch_get_item(RequestItems={"Customers": {}})\n',
    ],
)
def test_a_call_on_a_table_no_spec_declares_performs_nothing(code: str) -> None:
    call, ctx = the_call(code)
    assert call_tables(call, ctx.specs) == []
    assert matching_patterns(call, ctx.specs, None) == []
    assert matching_patterns(call, SpecSet(), None) == []


def test_call_tables_of_a_table_and_of_a_batch() -> None:
    call, ctx = the_call(
        'client.batch_get_item(RequestItems={"Sessions": {}, "Customers": {}, "Shop": {}})\n'
    )
    assert [t.table.name for t in call_tables(call, ctx.specs)] == ["Sessions", "Shop"]
    call, ctx = the_call('dynamodb.Table("shop-prod").scan()\n')
    assert [t.table.name for t in call_tables(call, ctx.specs)] == ["Shop"]


# --------------------------------------------------------------------------- tables named in arguments

TRANSACTION = """\
client.transact_write_items(
    TransactItems=[
        {"Put": {"TableName": "Shop", "Item": {}}},
        {"Update": {"TableName": "Shop", "Key": {}, "UpdateExpression": "SET n = :n"}},
        {"ConditionCheck": {"TableName": "Sessions", "Key": {}, "ConditionExpression": "attribute_exists(x)"}},
        {"Delete": {"TableName": TABLE, "Key": {}}},
    ]
)
"""


def test_a_transaction_names_the_tables_of_its_items() -> None:
    call, ctx = the_call(TRANSACTION)
    assert [m.name for m in table_mentions(call)] == ["Shop", "Shop", "Sessions"]
    assert [t.table.name for t in call_tables(call, ctx.specs)] == ["Shop", "Sessions"]
    get, ctx = the_call(
        'client.transact_get_items(TransactItems=[{"Get": {"TableName": "Sessions", "Key": {}}}])\n'
    )
    assert [t.table.name for t in call_tables(get, ctx.specs)] == ["Sessions"]


@pytest.mark.parametrize(
    ("statement", "table"),
    [
        ('SELECT * FROM "Shop" WHERE PK = ?', "Shop"),
        ('SELECT * FROM "Shop"."ByEmail" WHERE GSI1PK = ?', "Shop"),
        ("select * from Sessions where sessionId = ?", "Sessions"),
        ("INSERT INTO \"Shop\" VALUE {'PK': ?, 'SK': ?}", "Shop"),
        ('UPDATE "Shop" SET n = 1 WHERE PK = ? AND SK = ?', "Shop"),
        ('DELETE FROM "Sessions" WHERE sessionId = ?', "Sessions"),
        ('SELECT * FROM "Orders" WHERE note = \'UPDATE "Shop"\'', "Orders"),
    ],
)
def test_a_partiql_statement_names_its_table(statement: str, table: str) -> None:
    call, _ctx = the_call(f"client.execute_statement(Statement={statement!r})\n")
    mentions = table_mentions(call)
    assert [m.name for m in mentions] == [table]
    start, end = mentions[0].offsets or (0, 0)
    assert statement[start:end] == table


def test_a_statement_built_at_run_time_names_nothing() -> None:
    call, ctx = the_call(
        'def run(table):\n    client.execute_statement(Statement=f"SELECT * FROM {table}")\n'
    )
    assert table_mentions(call) == []
    assert call_tables(call, ctx.specs) == []


def test_transactions_and_statements_perform_their_patterns() -> None:
    spec = SHOP.replace("op: PutItem", "op: TransactWriteItems").replace(
        "op: GetItem\n        entity: Session", "op: ExecuteStatement\n        entity: Session"
    )
    assert patterns(TRANSACTION, spec_set(spec)) == ["place-order"]
    statement = 'client.execute_statement(Statement="SELECT * FROM Sessions WHERE sessionId = ?")\n'
    assert patterns(statement, spec_set(spec)) == ["get-session"]


# --------------------------------------------------------------------------- keys


def test_the_key_values_a_call_writes() -> None:
    call, ctx = the_call(
        'shop.query(KeyConditionExpression="#p = :p AND begins_with(SK, :s) AND GSI1SK > :g",'
        ' ExpressionAttributeNames={"#p": "PK"},'
        ' ExpressionAttributeValues={":p": "CUSTOMER#1", ":s": "ORDER#", ":g": "A"})\n'
    )
    condition = read_key_condition(call, ctx.expressions(call))
    assert condition is not None
    assert condition.attributes == ["PK", "SK", "GSI1SK"]
    assert [(v.attribute, ast.unparse(v.node), v.op, v.source) for v in condition.values] == [
        ("PK", "'CUSTOMER#1'", "=", "KeyConditionExpression"),
        ("SK", "'ORDER#'", "begins_with", "KeyConditionExpression"),
    ]
    assert call_key_values(call) == []
    assert call_key_values(call, ctx.expressions(call)) == condition.values
    put, _ = the_call('shop.put_item(Item={"PK": "CUSTOMER#1", "name": "Ada"})\n')
    assert [(v.attribute, v.source) for v in call_key_values(put)] == [("PK", "Item"), ("name", "Item")]
    spread, _ = the_call('def save(row):\n    shop.put_item(Item={**row, "PK": "CUSTOMER#1"})\n')
    assert call_key_values(spread) == []


def test_a_key_condition_that_cannot_be_read() -> None:
    call, ctx = the_call(
        'def find(names):\n    shop.query(KeyConditionExpression="#p = :p", ExpressionAttributeNames=names,'
        ' ExpressionAttributeValues={":p": "CUSTOMER#1"})\n'
    )
    assert read_key_condition(call, ctx.expressions(call)) is None
    scan, ctx = the_call("shop.scan()\n")
    assert read_key_condition(scan, ctx.expressions(scan)) is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('shop.get_item(Key={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"})', ["get-customer"]),
        ('shop.get_item(Key={"PK": f"CUSTOMER#{c}", "SK": f"ORDER#{o}"})', []),
        ('shop.get_item(Key={"PK": f"CUSTOMER#{c}", "SK": sk})', ["get-customer"]),
        ('shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{c}"))', ["customer-orders"]),
        (
            'shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{c}") & Key("SK").begins_with("ORD"))',
            ["customer-orders"],
        ),
        (
            'shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{c}") & Key("SK").begins_with("ORDER#9"))',
            ["customer-orders"],
        ),
        (
            'shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{c}") & Key("SK").begins_with("INVOICE#"))',
            [],
        ),
        ('shop.query(KeyConditionExpression=Key("PK").eq(f"ORG#{c}"))', []),
        ('shop.put_item(Item={"PK": f"CUSTOMER#{c}", "SK": f"ORDER#{o}", "total": 3})', ["place-order"]),
        ('shop.put_item(Item={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"})', []),
        ('shop.update_item(Key={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"})', ["change-email"]),
        ('shop.update_item(Key={"PK": f"CUSTOMER#{c}", "SK": f"ORDER#{o}"})', []),
    ],
)
def test_a_call_performs_a_pattern_when_its_key_values_can_meet_the_patterns_keys(
    code: str, expected: list[str]
) -> None:
    """A pattern's ``key`` against the values of the same attributes; without one, the
    templates of the pattern's entities. Values built at run time meet anything."""
    snippet = f"def run(c, o, sk):\n    {code}\n"
    assert patterns(snippet) == expected
    call, ctx = the_call(snippet)
    assert operation_patterns(call, ctx.specs, ctx.index_name(call)), "a pattern of the operation exists"


def test_patterns_of_the_operation_regardless_of_keys() -> None:
    call, ctx = the_call(
        'def run(c, o):\n    shop.get_item(Key={"PK": f"CUSTOMER#{c}", "SK": f"ORDER#{o}"})\n'
    )
    assert [m.pattern.name for m in operation_patterns(call, ctx.specs, None)] == ["get-customer"]
    assert matching_patterns(call, ctx.specs, None) == []
