"""7xx rules (DDB701–DDB707): the code and the design spec disagree. Each rule fires on a
small snippet checked against the shop design (``drift_helpers.SHOP``) and stays quiet on
its nearest sound variant; every finding is checked for its code, severity, the line and
column rules.md says it points at, and the words of its message (with the did-you-mean
where there is one).

Tables are named by literals, module constants, ``os.environ["X"]``, ``os.getenv("X")``
and ``os.environ.get("X")``; an environment variable means a spec table through the
table's ``code: {table_name_env: X}`` or the configuration's ``table-names``, and a
literal other than the spec name through ``code: {names: [...]}``."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from ddb_architect.code.objects import TableRef
from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import read_python
from ddb_architect.findings import Severity
from ddb_architect.rules.drift import unimplemented_patterns
from tests.code.drift_helpers import (
    SHOP,
    at,
    covered,
    findings,
    found_codes,
    one,
    position,
    source,
    spec_document,
    spec_set,
)


@pytest.fixture(autouse=True)
def no_rule_fails(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A rule that raises is logged and skipped by the engine: here it fails the test."""
    with caplog.at_level(logging.ERROR, logger="ddb_architect"):
        yield
    failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not failures, failures


# --------------------------------------------------------------------------- DDB701


def test_ddb701_a_literal_table_name_the_spec_does_not_declare() -> None:
    code = 'dynamodb.Table("Shopp").get_item(Key={"PK": "CUSTOMER#1", "SK": "PROFILE"})\n'
    finding = one(code, "DDB701")
    assert finding.severity is Severity.WARNING
    assert at(finding) == position(code, '"Shopp"') == (9, 15)
    assert covered(code, finding) == '"Shopp"'
    assert "table 'Shopp' is not declared in the design spec" in finding.message
    assert "did you mean 'Shop'?" in finding.message
    assert "(tables: Shop, Sessions)" in finding.message
    assert finding.data == {"table": "Shopp", "suggestion": "Shop"}


def test_ddb701_a_module_constant_holding_an_undeclared_name() -> None:
    code = 'CUSTOMERS = "Customers"\ndynamodb.Table(CUSTOMERS).get_item(Key={"id": "1"})\n'
    finding = one(code, "DDB701")
    assert at(finding) == position(code, "CUSTOMERS)")
    assert "table 'Customers' is not declared" in finding.message
    assert "did you mean" not in finding.message


def test_ddb701_a_client_table_name_and_a_batch_naming_an_undeclared_table() -> None:
    code = (
        'client.get_item(TableName="Orders", Key={"id": {"S": "1"}})\n'
        'client.batch_get_item(RequestItems={"Shop": {"Keys": []}, "Sesions": {"Keys": []}})\n'
    )
    found = findings(code, "DDB701")
    assert [at(f) for f in found] == [position(code, '"Orders"'), position(code, '"Sesions"')]
    assert "did you mean 'Sessions'?" in found[1].message


def test_ddb701_a_transaction_item_and_a_partiql_statement_naming_an_undeclared_table() -> None:
    code = (
        'client.transact_write_items(TransactItems=[{"Put": {"TableName": "Shop", "Item": {}}},'
        ' {"Delete": {"TableName": "Shops", "Key": {}}}])\n'
        "client.execute_statement(Statement='SELECT * FROM \"Orders\" WHERE id = ?')\n"
    )
    found = findings(code, "DDB701")
    assert [(at(f), covered(code, f)) for f in found] == [
        (position(code, '"Shops"'), '"Shops"'),
        (position(code, "Orders"), "Orders"),
    ]
    assert "did you mean 'Shop'?" in found[0].message


def test_ddb701_the_same_table_object_used_twice_is_reported_once_per_name() -> None:
    code = 'orders = dynamodb.Table("Orders")\norders.get_item(Key={"id": "1"})\norders.scan()\n'
    finding = one(code, "DDB701")
    assert at(finding) == position(code, '"Orders"')


@pytest.mark.parametrize(
    ("snippet", "table_names"),
    [
        ('dynamodb.Table("Shop")', {}),
        ('SHOP = "Shop"\ndynamodb.Table(SHOP)', {}),
        ('dynamodb.Table("shop-prod")', {}),
        ('dynamodb.Table("shop-dev")', {}),
        ('dynamodb.Table(os.environ["SHOP_TABLE"])', {}),
        ('dynamodb.Table(os.getenv("SHOP_TABLE"))', {}),
        ('dynamodb.Table(os.environ.get("SHOP_TABLE"))', {}),
        ('dynamodb.Table(os.environ.get("SHOP_TABLE", "shop-local"))', {}),
        ('NAME = os.environ["SHOP_TABLE"]\ndynamodb.Table(NAME)', {}),
        ('dynamodb.Table(os.environ["ORDERS_TABLE"])', {"ORDERS_TABLE": "Shop"}),
        ('dynamodb.Table(os.getenv("ORDERS_TABLE"))', {"ORDERS_TABLE": "Shop"}),
        ('dynamodb.Table("orders-staging")', {"orders-staging": "Shop"}),
    ],
    ids=[
        "literal",
        "module-constant",
        "code-names-first",
        "code-names-second",
        "environ-subscript",
        "getenv",
        "environ-get",
        "environ-get-with-default",
        "constant-from-environ",
        "config-env",
        "config-getenv",
        "config-literal",
    ],
)
def test_ddb701_quiet_and_the_table_known_however_the_code_names_it(
    snippet: str, table_names: dict[str, str]
) -> None:
    """The table is known: its key is checked (DDB703 on a key without its sort key)."""
    code = f'{snippet}.get_item(Key={{"PK": "CUSTOMER#1"}})\n'
    specs = spec_set(SHOP, table_names)
    assert found_codes(code, specs=specs) == ["DDB703"]


@pytest.mark.parametrize(
    "snippet",
    [
        'dynamodb.Table(os.environ["SESSIONS_TABLE"])',
        'dynamodb.Table(os.getenv("LEGACY_SESSIONS_TABLE"))',
    ],
)
def test_ddb701_a_list_of_environment_variables_names_one_table(snippet: str) -> None:
    code = f'{snippet}.get_item(Key={{"id": "SESSION#1"}})\n'
    finding = one(code, "DDB703")
    assert "the primary key of Sessions is sessionId" in finding.message


def test_ddb701_a_client_call_names_the_table_through_the_environment() -> None:
    code = 'client.get_item(TableName=os.environ["SHOP_TABLE"], Key={"PK": {"S": "CUSTOMER#1"}})\n'
    assert found_codes(code) == ["DDB703"]


def test_ddb701_an_environment_variable_nothing_maps_is_not_judged() -> None:
    """Which table it holds is unknown: no DDB701 (not a literal), and no key checks."""
    code = 'dynamodb.Table(os.environ["OTHER_TABLE"]).get_item(Key={"id": "1"})\n'
    assert found_codes(code) == []


def test_ddb701_a_configured_name_mapped_to_a_table_no_spec_declares() -> None:
    code = 'dynamodb.Table("orders-dev").get_item(Key={"id": "1"})\n'
    finding = one(code, "DDB701", spec_set(SHOP, {"orders-dev": "Orders"}))
    assert "table 'orders-dev' is not declared" in finding.message


def test_ddb701_quiet_without_specs() -> None:
    code = 'dynamodb.Table("Anything").get_item(Key={"id": "1"})\n'
    assert found_codes(code, specs=SpecSet()) == []


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        ("key: {partition: PK, sort: SK}\n    code:", "key: {partition: 12}\n    code:", "Shop"),
        ("names: [shop-prod, shop-dev]", "names: shop-prod", "shop-prod"),
    ],
    ids=["table-not-loaded", "code-names-invalid"],
)
def test_ddb701_quiet_when_the_spec_declaring_the_table_is_broken(old: str, new: str, name: str) -> None:
    """The spec names the table but could not load it, or could not read its code: names
    (DDB002): the name in code is not reported as undeclared on top of that."""
    document = spec_document(SHOP.replace(old, new))
    assert {f.code for f in document.findings} == {"DDB002"}
    specs = SpecSet([document])
    code = f'dynamodb.Table("{name}").get_item(Key={{"PK": "CUSTOMER#1"}})\n'
    assert found_codes(code, "DDB701", specs=specs) == []
    assert specs.is_declared(TableRef(name=name)) is None


def test_ddb701_an_unknown_table_is_its_only_finding() -> None:
    """One root cause, one finding: no index, key, template, pattern or update checks
    against a table the spec does not declare."""
    code = (
        'customers = dynamodb.Table("Customers")\n'
        'customers.get_item(Key={"id": "x"})\n'
        'customers.query(IndexName="ByEmail", KeyConditionExpression=Key("mail").eq("x"))\n'
        'customers.put_item(Item={"name": "x"})\n'
        'customers.update_item(Key={"PK": "X#1"}, UpdateExpression="SET email = :e",'
        ' ExpressionAttributeValues={":e": "x"})\n'
        "customers.scan()\n"
    )
    assert found_codes(code) == ["DDB701"]


# --------------------------------------------------------------------------- DDB702


def test_ddb702_an_index_the_table_does_not_declare() -> None:
    code = 'shop.query(IndexName="ByMail", KeyConditionExpression=Key("GSI1PK").eq("EMAIL#a"))\n'
    finding = one(code, "DDB702")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, '"ByMail"') == (9, 21)
    assert covered(code, finding) == '"ByMail"'
    assert "index 'ByMail' is not declared on table Shop" in finding.message
    assert "did you mean 'ByEmail'?" in finding.message
    assert "(indexes: ByEmail)" in finding.message
    assert "ValidationException" in finding.message
    assert finding.data == {"index": "ByMail", "suggestion": "ByEmail"}


@pytest.mark.parametrize(
    "code",
    [
        'client.query(TableName="Shop", IndexName="ByStatus", KeyConditionExpression="s = :s",'
        ' ExpressionAttributeValues={":s": {"S": "x"}})\n',
        'client.get_paginator("query").paginate(TableName="Shop", IndexName="ByStatus",'
        ' KeyConditionExpression="s = :s", ExpressionAttributeValues={":s": {"S": "x"}})\n',
        'shop.scan(IndexName="ByStatus")\n',
    ],
    ids=["client", "paginator", "scan"],
)
def test_ddb702_on_clients_paginators_and_scans(code: str) -> None:
    finding = one(code, "DDB702")
    assert at(finding) == position(code, '"ByStatus"')
    assert "index 'ByStatus' is not declared on table Shop (indexes: ByEmail)" in finding.message


def test_ddb702_a_table_without_indexes() -> None:
    code = 'dynamodb.Table("Sessions").query(IndexName="ByUser", KeyConditionExpression=Key("u").eq("x"))\n'
    finding = one(code, "DDB702")
    assert "(indexes: none)" in finding.message


def test_ddb702_quiet_on_a_declared_index() -> None:
    code = 'shop.query(IndexName="ByEmail", KeyConditionExpression=Key("GSI1PK").eq("EMAIL#a"))\n'
    assert found_codes(code) == []


def test_ddb702_quiet_on_an_index_the_spec_declares_but_could_not_load() -> None:
    """The index is there, broken (DDB002 in the spec): not reported again in code."""
    broken = SHOP.replace("key: {partition: GSI1PK, sort: GSI1SK}", "key: {partition: 12}")
    document = spec_document(broken)
    assert [f.code for f in document.findings] == ["DDB002"]
    code = 'shop.query(IndexName="ByEmail", KeyConditionExpression=Key("GSI1PK").eq("EMAIL#a"))\n'
    assert found_codes(code, specs=SpecSet([document])) == []


def test_ddb702_quiet_when_the_tables_indexes_could_not_be_read() -> None:
    """``indexes`` as a list is a DDB002 on the whole field: which indexes exist is unknown,
    so no index named in code is reported as undeclared."""
    broken = SHOP.replace(
        "    indexes:\n      ByEmail:\n        key: {partition: GSI1PK, sort: GSI1SK}\n        projection: keys-only\n",
        "    indexes: [ByEmail]\n",
    )
    document = spec_document(broken)
    assert [f.code for f in document.findings] == ["DDB002"]
    code = 'shop.query(IndexName="ByEmail", KeyConditionExpression=Key("GSI1PK").eq("EMAIL#a"))\n'
    assert found_codes(code, specs=SpecSet([document])) == []


def test_ddb702_an_unknown_index_is_its_only_finding() -> None:
    """No key condition check (DDB703), template check (DDB704) or pattern check (DDB705)
    against an index that does not exist."""
    code = (
        'shop.query(IndexName="ByMail", KeyConditionExpression=Key("email").eq("MAIL#a")'
        ' & Key("SK").eq("NOPE"))\n'
        'shop.query(IndexName="ByMail", KeyConditionExpression="#e = :e",'
        ' ExpressionAttributeNames={"#e": "email"}, ExpressionAttributeValues={":e": "a"})\n'
    )
    assert found_codes(code) == ["DDB702", "DDB702"]


# --------------------------------------------------------------------------- DDB703


def test_ddb703_a_key_with_a_wrong_attribute() -> None:
    code = 'shop.get_item(Key={"pk": "CUSTOMER#1", "SK": "PROFILE"})\n'
    finding = one(code, "DDB703")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, "{") == (9, 18)
    assert covered(code, finding) == '{"pk": "CUSTOMER#1", "SK": "PROFILE"}'
    assert "pk is not part of the key" in finding.message
    assert "PK is missing" in finding.message
    assert "the primary key of Shop is PK, SK" in finding.message
    assert (
        "the primary key of Shop is PK, SK; did you mean 'PK'? DynamoDB rejects the call" in finding.message
    )
    assert finding.data == {"extra": ["pk"], "missing": ["PK"], "key": ["PK", "SK"]}


def test_ddb703_a_key_without_its_sort_key() -> None:
    code = 'shop.get_item(Key={"PK": "CUSTOMER#1"})\n'
    finding = one(code, "DDB703")
    assert covered(code, finding) == '{"PK": "CUSTOMER#1"}'
    assert "SK is missing — the primary key of Shop is PK, SK. DynamoDB rejects the call" in finding.message
    assert "not part of the key" not in finding.message
    assert "did you mean" not in finding.message


def test_ddb703_a_key_with_an_attribute_too_many() -> None:
    code = 'shop.delete_item(Key={"PK": "CUSTOMER#1", "SK": "PROFILE", "email": "a@b"})\n'
    finding = one(code, "DDB703")
    assert "email is not part of the key" in finding.message
    assert "missing" not in finding.message


@pytest.mark.parametrize(
    "code",
    [
        'shop.update_item(Key={"PK": "CUSTOMER#1"}, UpdateExpression="SET n = :n",'
        ' ExpressionAttributeValues={":n": 1})\n',
        'client.get_item(TableName="Shop", Key={"PK": {"S": "CUSTOMER#1"}})\n',
        'with shop.batch_writer() as batch:\n    batch.delete_item(Key={"PK": "CUSTOMER#1"})\n',
    ],
    ids=["update-item", "client", "batch-writer-delete"],
)
def test_ddb703_every_call_that_takes_a_key(code: str) -> None:
    finding = one(code, "DDB703")
    assert at(finding) == position(code, '{"PK"')
    assert "SK is missing" in finding.message


@pytest.mark.parametrize(
    "code",
    [
        'shop.get_item(Key={"PK": "CUSTOMER#1", "SK": "PROFILE"})\n',
        'client.delete_item(TableName="Shop", Key={"PK": {"S": "CUSTOMER#1"}, "SK": {"S": "PROFILE"}})\n',
        'dynamodb.Table("Sessions").get_item(Key={"sessionId": "SESSION#1"})\n',
        'key = {"PK": "CUSTOMER#1"}\nshop.get_item(Key=key)\n',
        "def load(key):\n    return shop.get_item(Key={**key})\n",
    ],
    ids=["resource", "client", "partition-key-only-table", "key-in-a-variable", "unpacked"],
)
def test_ddb703_quiet_on_the_right_key_or_one_it_cannot_read(code: str) -> None:
    assert found_codes(code, "DDB703") == []


def test_ddb703_put_item_without_the_primary_key() -> None:
    code = 'shop.put_item(Item={"PK": "CUSTOMER#1", "name": "Ada"})\n'
    finding = one(code, "DDB703")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, "{") == (9, 19)
    assert covered(code, finding) == '{"PK": "CUSTOMER#1", "name": "Ada"}'
    assert "the item lacks the primary key of Shop (SK)" in finding.message
    assert finding.data == {"missing": ["SK"], "key": ["PK", "SK"]}


def test_ddb703_a_batch_writer_put_without_the_primary_key() -> None:
    code = 'with shop.batch_writer() as batch:\n    batch.put_item(Item={"SK": "PROFILE"})\n'
    finding = one(code, "DDB703")
    assert at(finding) == position(code, '{"SK"')
    assert "lacks the primary key of Shop (PK)" in finding.message


def test_ddb703_quiet_on_an_item_with_its_key_and_other_attributes() -> None:
    code = 'shop.put_item(Item={"PK": "CUSTOMER#1", "SK": "PROFILE", "name": "Ada"})\n'
    assert found_codes(code, "DDB703") == []


@pytest.mark.parametrize(
    "condition",
    [
        '"PK = :p AND begins_with(SK, :s)", ExpressionAttributeValues={":p": "CUSTOMER#1", ":s": "ORDER#"}',
        '"#p = :p AND #s > :s", ExpressionAttributeNames={"#p": "PK", "#s": "SK"},'
        ' ExpressionAttributeValues={":p": "CUSTOMER#1", ":s": "ORDER#"}',
        'Key("PK").eq("CUSTOMER#1") & Key("SK").begins_with("ORDER#")',
        'Key("PK").eq("CUSTOMER#1") & Key("SK").between("ORDER#1", "ORDER#2")',
        'Key("PK").eq("CUSTOMER#1")',
    ],
    ids=["string", "placeholders", "key-builder", "between", "partition-only"],
)
def test_ddb703_quiet_on_a_key_condition_on_the_table_key(condition: str) -> None:
    code = f"shop.query(KeyConditionExpression={condition})\n"
    assert found_codes(code, "DDB703") == []


@pytest.mark.parametrize(
    ("condition", "at_text"),
    [
        ('"PK = :p AND status = :s", ExpressionAttributeValues={":p": "CUSTOMER#1", ":s": "PAID"}', '"PK'),
        (
            '"#p = :p AND #s = :s", ExpressionAttributeNames={"#p": "PK", "#s": "status"},'
            ' ExpressionAttributeValues={":p": "CUSTOMER#1", ":s": "PAID"}',
            '"#p',
        ),
        ('Key("PK").eq("CUSTOMER#1") & Key("status").eq("PAID")', 'Key("PK")'),
    ],
    ids=["string", "placeholder-resolved", "key-builder"],
)
def test_ddb703_a_key_condition_on_an_attribute_that_is_not_a_key(condition: str, at_text: str) -> None:
    code = f"shop.query(KeyConditionExpression={condition})\n"
    finding = one(code, "DDB703")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, at_text)
    assert "the key condition: status is not a key of table Shop (keys: PK, SK)" in finding.message
    assert "FilterExpression" in finding.message
    assert finding.data == {"wrong": ["status"], "missing": [], "keys": ["PK", "SK"]}


def test_ddb703_a_key_condition_without_the_partition_key() -> None:
    code = 'shop.query(KeyConditionExpression=Key("SK").begins_with("ORDER#"))\n'
    finding = one(code, "DDB703")
    assert "it has no condition on the partition key PK" in finding.message
    assert finding.data["missing"] == ["PK"]


def test_ddb703_a_key_condition_built_in_a_variable_points_where_it_is_passed() -> None:
    code = 'condition = Key("PK").eq("CUSTOMER#1") & Key("email").eq("a@b")\nshop.query(KeyConditionExpression=condition)\n'
    finding = one(code, "DDB703")
    assert at(finding) == position(code, "condition)")
    assert "email is not a key of table Shop" in finding.message


def test_ddb703_quiet_on_a_condition_on_the_index_key() -> None:
    code = (
        'shop.query(IndexName="ByEmail", KeyConditionExpression=Key("GSI1PK").eq("EMAIL#a")'
        ' & Key("GSI1SK").eq("CUSTOMER"))\n'
    )
    assert found_codes(code) == []


def test_ddb703_a_condition_on_the_table_key_while_querying_an_index() -> None:
    code = 'shop.query(IndexName="ByEmail", KeyConditionExpression=Key("PK").eq("CUSTOMER#1"))\n'
    finding = one(code, "DDB703")
    assert at(finding) == position(code, 'Key("PK")')
    assert "PK is not a key of global index ByEmail" in finding.message
    assert "it has no condition on the partition key GSI1PK" in finding.message
    assert "(keys: GSI1PK, GSI1SK)" in finding.message


def test_ddb703_a_client_paginator_condition_on_the_index() -> None:
    code = (
        'pages = client.get_paginator("query").paginate(TableName="Shop", IndexName="ByEmail",'
        ' KeyConditionExpression="GSI1PK = :e AND SK = :s",'
        ' ExpressionAttributeValues={":e": {"S": "EMAIL#a"}, ":s": {"S": "PROFILE"}})\n'
    )
    finding = one(code, "DDB703")
    assert "SK is not a key of global index ByEmail" in finding.message


def test_ddb703_quiet_on_a_condition_it_cannot_read() -> None:
    code = (
        "def find(condition, names):\n"
        "    shop.query(KeyConditionExpression=condition)\n"
        '    shop.query(KeyConditionExpression="#a = :a", ExpressionAttributeNames=names,'
        ' ExpressionAttributeValues={":a": "x"})\n'
    )
    assert found_codes(code, "DDB703") == []


# --------------------------------------------------------------------------- DDB704


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('"CUST#1"', "'CUST#1'"),
        ('f"CUST#{customer_id}"', "f'CUST#{customer_id}'"),
        ('"CUST#" + customer_id', "'CUST#' + customer_id"),
        ('"CUST#" + customer_id + "#X"', "'CUST#' + customer_id + '#X'"),
    ],
    ids=["literal", "f-string", "concatenation", "concatenation-of-three"],
)
def test_ddb704_a_key_value_whose_literal_parts_miss_the_template(value: str, written: str) -> None:
    code = f'def load(customer_id):\n    return shop.get_item(Key={{"PK": {value}, "SK": "PROFILE"}})\n'
    finding = one(code, "DDB704")
    assert finding.severity is Severity.WARNING
    assert at(finding) == position(code, value) == (10, 36)
    assert covered(code, finding) == value
    assert (
        f"{written} does not match the key template of PK in the spec: CUSTOMER#{{customerId}} (Customer, Order)."
        in finding.message
    )
    assert finding.data == {"attribute": "PK", "templates": ["CUSTOMER#{customerId}"]}


@pytest.mark.parametrize(
    "value",
    [
        '"CUSTOMER#1"',
        'f"CUSTOMER#{customer_id}"',
        '"CUSTOMER#" + customer_id',
        'f"CUSTOMER#{customer_id:>8}"',
        "customer_id",
        'f"{customer_id}"',
        '"CUST#%s" % customer_id',
        '"CUST#{}".format(customer_id)',
    ],
    ids=[
        "literal",
        "f-string",
        "concatenation",
        "format-spec",
        "variable",
        "f-string-of-a-variable",
        "percent-format",
        "str-format",
    ],
)
def test_ddb704_quiet_on_a_value_that_meets_the_template_or_has_no_literal_part(value: str) -> None:
    code = f'def load(customer_id):\n    return shop.get_item(Key={{"PK": {value}, "SK": "PROFILE"}})\n'
    assert found_codes(code, "DDB704") == []


def test_ddb704_a_typed_client_value() -> None:
    code = (
        "def load(customer_id):\n"
        '    return client.get_item(TableName="Shop", Key={"PK": {"S": f"CUST#{customer_id}"},'
        ' "SK": {"S": "PROFILE"}})\n'
    )
    finding = one(code, "DDB704")
    assert covered(code, finding) == '{"S": f"CUST#{customer_id}"}'
    assert "does not match the key template of PK" in finding.message


def test_ddb704_quiet_on_a_typed_client_value_that_meets_the_template() -> None:
    code = (
        "def load(customer_id):\n"
        '    return client.get_item(TableName="Shop", Key={"PK": {"S": f"CUSTOMER#{customer_id}"},'
        ' "SK": {"S": "PROFILE"}})\n'
    )
    assert found_codes(code, "DDB704") == []


def test_ddb704_quiet_on_a_value_matching_another_entitys_template() -> None:
    """SK = ORDER#… is not the Customer's PROFILE, but it is the Order's template."""
    code = (
        "def load(customer_id, order_id):\n"
        '    return shop.get_item(Key={"PK": f"CUSTOMER#{customer_id}", "SK": f"ORDER#{order_id}"})\n'
    )
    assert found_codes(code, "DDB703", "DDB704") == []


def test_ddb704_a_sort_key_that_matches_no_entity_lists_every_template() -> None:
    code = (
        "def load(customer_id, order_id):\n"
        '    return shop.get_item(Key={"PK": f"CUSTOMER#{customer_id}", "SK": f"ORDR#{order_id}"})\n'
    )
    finding = one(code, "DDB704")
    assert covered(code, finding) == 'f"ORDR#{order_id}"'
    assert "PROFILE (Customer), ORDER#{orderId} (Order)" in finding.message
    assert finding.data == {"attribute": "SK", "templates": ["PROFILE", "ORDER#{orderId}"]}


@pytest.mark.parametrize(
    ("condition", "value"),
    [
        ('Key("PK").eq(f"CUSTOMER#{c}") & Key("SK").begins_with("ORDR#")', '"ORDR#"'),
        (
            '"PK = :p AND begins_with(SK, :s)", ExpressionAttributeValues={":p": f"CUSTOMER#{c}", ":s": "ODER#"}',
            '"ODER#"',
        ),
        ('Key("PK").eq(f"CUST#{c}")', 'f"CUST#{c}"'),
        (
            '"#p = :p", ExpressionAttributeNames={"#p": "PK"}, ExpressionAttributeValues={":p": "CUST#1"}',
            '"CUST#1"',
        ),
    ],
    ids=["begins-with-builder", "begins-with-string", "equality-builder", "equality-placeholder"],
)
def test_ddb704_key_condition_values_and_begins_with_prefixes(condition: str, value: str) -> None:
    code = f"def orders(c):\n    return shop.query(KeyConditionExpression={condition})\n"
    finding = one(code, "DDB704")
    assert at(finding) == position(code, value)


@pytest.mark.parametrize(
    "prefix",
    ['"ORDER#"', '"ORD"', '"ORDER#2024"', '"PROF"', 'f"ORDER#{year}"', '""'],
)
def test_ddb704_quiet_on_a_prefix_some_template_starts_with(prefix: str) -> None:
    code = (
        "def orders(c, year):\n"
        f'    return shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{{c}}") & Key("SK").begins_with({prefix}))\n'
    )
    assert found_codes(code, "DDB704") == []


def test_ddb704_an_index_key_value_is_checked_against_the_index_attributes_templates() -> None:
    code = (
        "def by_email(email):\n"
        '    return shop.query(IndexName="ByEmail", KeyConditionExpression=Key("GSI1PK").eq(f"MAIL#{email}"))\n'
    )
    finding = one(code, "DDB704")
    assert covered(code, finding) == 'f"MAIL#{email}"'
    assert (
        "does not match the key template of GSI1PK in the spec: EMAIL#{email} (Customer)" in finding.message
    )


def test_ddb704_the_key_attributes_of_a_put_items() -> None:
    code = (
        "def save(c, o, email):\n"
        '    shop.put_item(Item={"PK": f"CUSTOMER#{c}", "SK": f"ORDR#{o}", "note": "ORDR#"})\n'
        '    shop.put_item(Item={"PK": f"CUSTOMER#{c}", "SK": "PROFILE", "GSI1PK": f"MAIL#{email}"})\n'
    )
    found = findings(code, "DDB704")
    assert [covered(code, f) for f in found] == ['f"ORDR#{o}"', 'f"MAIL#{email}"']


def test_ddb704_an_update_items_key() -> None:
    code = (
        "def touch(c):\n"
        '    shop.update_item(Key={"PK": f"CUST#{c}", "SK": "PROFILE"}, UpdateExpression="SET n = :n",'
        ' ExpressionAttributeValues={":n": 1})\n'
    )
    assert found_codes(code) == ["DDB704"]


def test_ddb704_quiet_on_values_other_operators_compare() -> None:
    """Only equality and begins_with values are compared with the templates."""
    code = (
        "def orders(c):\n"
        '    return shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{c}")'
        ' & Key("SK").between("ORDR#1", "ORDR#2"))\n'
    )
    assert found_codes(code, "DDB704") == []


# --------------------------------------------------------------------------- DDB705


def test_ddb705_an_operation_no_access_pattern_declares() -> None:
    code = 'shop.delete_item(Key={"PK": "CUSTOMER#1", "SK": "PROFILE"})\n'
    finding = one(code, "DDB705")
    assert finding.severity is Severity.INFO
    assert at(finding) == position(code, "delete_item") == (9, 5)
    assert covered(code, finding) == "delete_item"
    assert "no access pattern of Shop declares a DeleteItem" in finding.message
    assert "Declare it in the spec" in finding.message
    assert finding.data == {"operation": "DeleteItem", "index": None}


def test_ddb705_a_query_on_an_index_no_pattern_reads() -> None:
    spec = SHOP.replace("        index: ByEmail\n", "")
    code = 'shop.query(IndexName="ByEmail", KeyConditionExpression=Key("GSI1PK").eq("EMAIL#a"))\n'
    finding = one(code, "DDB705", spec_set(spec))
    assert "declares a Query on index ByEmail" in finding.message
    assert finding.data == {"operation": "Query", "index": "ByEmail"}


@pytest.mark.parametrize(
    "code",
    [
        'shop.get_item(Key={"PK": "CUSTOMER#1", "SK": "PROFILE"})\n',
        'shop.query(KeyConditionExpression=Key("PK").eq("CUSTOMER#1"))\n',
        'shop.query(IndexName="ByEmail", KeyConditionExpression=Key("GSI1PK").eq("EMAIL#a"))\n',
        'shop.put_item(Item={"PK": "CUSTOMER#1", "SK": "ORDER#1"})\n',
        'with shop.batch_writer() as batch:\n    batch.put_item(Item={"PK": "CUSTOMER#1", "SK": "ORDER#1"})\n',
        'client.batch_write_item(RequestItems={"Shop": [{"PutRequest": {"Item": {}}}]})\n',
        'for page in client.get_paginator("query").paginate(TableName="Shop", KeyConditionExpression="PK = :p",'
        ' ExpressionAttributeValues={":p": {"S": "CUSTOMER#1"}}):\n    pass\n',
        'paginator = client.get_paginator("query")\nfor page in paginator.paginate(TableName="Shop",'
        ' IndexName="ByEmail", KeyConditionExpression="GSI1PK = :e",'
        ' ExpressionAttributeValues={":e": {"S": "EMAIL#a"}}):\n    pass\n',
        'shop.update_item(Key={"PK": "CUSTOMER#1", "SK": "PROFILE"}, UpdateExpression="SET GSI1PK = :e",'
        ' ExpressionAttributeValues={":e": "EMAIL#a"})\n',
        'client.batch_get_item(RequestItems={"Shop": {"Keys": []}})\n',
    ],
    ids=[
        "get-item",
        "query",
        "query-on-index",
        "put-item",
        "batch-writer-put",
        "batch-write-item",
        "paginator-query",
        "paginator-query-on-index",
        "update-item",
        "batch-get-for-a-get-pattern",
    ],
)
def test_ddb705_quiet_on_an_operation_a_pattern_declares(code: str) -> None:
    assert found_codes(code, "DDB705") == []


@pytest.mark.parametrize(
    ("code", "declared"),
    [
        (
            'def load(c, o):\n    return shop.get_item(Key={"PK": f"CUSTOMER#{c}", "SK": f"ORDER#{o}"})\n',
            "a GetItem of these keys (declared: get-customer: PK = CUSTOMER#{customerId}, SK = PROFILE)",
        ),
        (
            "def load(c):\n"
            '    return shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{c}") & Key("SK").begins_with("PROF"))\n',
            "a Query of these keys (declared: customer-orders: PK = CUSTOMER#{customerId}, SK begins_with ORDER#)",
        ),
        (
            "def load(c):\n"
            '    return shop.query(KeyConditionExpression="#p = :p AND #s = :s", ExpressionAttributeNames={"#p": "PK",'
            ' "#s": "SK"}, ExpressionAttributeValues={":p": f"CUSTOMER#{c}", ":s": "PROFILE"})\n',
            "a Query of these keys (declared: customer-orders: PK = CUSTOMER#{customerId}, SK begins_with ORDER#)",
        ),
        (
            'def save(c):\n    shop.put_item(Item={"PK": f"CUSTOMER#{c}", "SK": "PROFILE", "name": "Ada"})\n',
            "a PutItem of these keys (declared: place-order: Order)",
        ),
        (
            "def note(c, o, n):\n"
            '    shop.update_item(Key={"PK": f"CUSTOMER#{c}", "SK": f"ORDER#{o}"}, UpdateExpression="SET n = :n",'
            ' ExpressionAttributeValues={":n": n})\n',
            "an UpdateItem of these keys (declared: change-email: Customer)",
        ),
    ],
    ids=[
        "get-item-of-another-entity",
        "query-of-another-prefix",
        "query-string",
        "put-item-of-another-entity",
        "update-item-of-another-entity",
    ],
)
def test_ddb705_an_operation_whose_keys_no_pattern_of_its_kind_declares(code: str, declared: str) -> None:
    """A pattern is performed only by a call whose key values can meet its keys (its key
    templates, or its entities' when it names no key)."""
    method = code.split("shop.")[1].split("(")[0]
    finding = one(code, "DDB705")
    assert at(finding) == position(code, method)
    assert f"no access pattern of Shop declares {declared}: its cost and load" in finding.message


@pytest.mark.parametrize(
    "code",
    [
        "def load(key):\n    return shop.get_item(Key=key)\n",
        'def load(c, sk):\n    return shop.get_item(Key={"PK": f"CUSTOMER#{c}", "SK": sk})\n',
        "def load(c):\n"
        '    return shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{c}") & Key("SK").begins_with("ORDER#2024"))\n',
        "def load(c):\n"
        '    return shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{c}") & Key("SK").eq("ORDER#1"))\n',
        "def load(c):\n"
        '    return shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{c}") & Key("SK").gt("A"))\n',
        "def save(order):\n    shop.put_item(Item=order)\n",
        'def save(c, o):\n    shop.put_item(Item={"PK": f"CUSTOMER#{c}", "SK": f"ORDER#{o}"})\n',
    ],
    ids=[
        "key-variable",
        "sort-key-variable",
        "longer-prefix",
        "equality-in-the-prefix",
        "other-operator",
        "item-variable",
        "item-of-the-entity",
    ],
)
def test_ddb705_quiet_when_the_keys_can_be_the_patterns(code: str) -> None:
    assert found_codes(code, "DDB705") == []


def test_ddb705_a_key_that_matches_no_template_is_ddb704s_alone() -> None:
    """One root cause: the key is wrong (DDB704), not the design."""
    code = 'def load(c):\n    return shop.get_item(Key={"PK": f"CUST#{c}", "SK": "PROFILE"})\n'
    assert found_codes(code) == ["DDB704"]


def test_ddb705_a_batch_writer_put_implements_a_batch_write_pattern() -> None:
    spec = SHOP.replace("op: PutItem", "op: BatchWriteItem")
    code = (
        'with shop.batch_writer() as batch:\n    batch.put_item(Item={"PK": "CUSTOMER#1", "SK": "ORDER#1"})\n'
    )
    assert found_codes(code, "DDB705", specs=spec_set(spec)) == []


def test_ddb705_a_get_item_does_not_implement_a_batch_get_pattern() -> None:
    spec = SHOP.replace("op: GetItem\n        entity: Customer", "op: BatchGetItem\n        entity: Customer")
    code = 'shop.get_item(Key={"PK": "CUSTOMER#1", "SK": "PROFILE"})\n'
    assert found_codes(code, "DDB705", specs=spec_set(spec)) == ["DDB705"]


def test_ddb705_a_scan_is_not_a_query() -> None:
    code = 'shop.scan()\nclient.get_paginator("scan").paginate(TableName="Shop")\n'
    found = findings(code, "DDB705")
    assert [f.message.split(":")[0] for f in found] == ["no access pattern of Shop declares a Scan"] * 2


def test_ddb705_a_paginator_points_at_the_operation_it_names() -> None:
    """As every call finding does (rules.md, 6xx): the operation string in
    ``get_paginator("scan")``, where the operation is chosen."""
    code = 'paginator = client.get_paginator("scan")\nfor page in paginator.paginate(TableName="Shop"):\n    pass\n'
    finding = one(code, "DDB705")
    assert at(finding) == position(code, '"scan"') == (9, 33)
    assert covered(code, finding) == '"scan"'


@pytest.mark.parametrize(
    "code",
    [
        'dynamodb.Table("Customers").scan()\n',
        'dynamodb.Table(os.environ["OTHER_TABLE"]).scan()\n',
        "def run(table: Table):\n    table.scan()\n",
        'shop.query(IndexName="ByMail", KeyConditionExpression=Key("GSI1PK").eq("EMAIL#a"))\n',
    ],
    ids=["undeclared-table", "unmapped-environment", "unknown-table-object", "unknown-index"],
)
def test_ddb705_quiet_when_the_table_or_index_is_not_known(code: str) -> None:
    assert found_codes(code, "DDB705") == []


@pytest.mark.parametrize(
    "code",
    [
        'client.describe_table(TableName="Shop")\n',
        'client.update_time_to_live(TableName="Shop", TimeToLiveSpecification={"Enabled": True,'
        ' "AttributeName": "ttl"})\n',
        'client.create_table(TableName="Shop", KeySchema=[], AttributeDefinitions=[],'
        ' BillingMode="PAY_PER_REQUEST")\n',
        "shop.delete()\n",
    ],
    ids=["describe-table", "update-time-to-live", "create-table", "table-delete"],
)
def test_ddb705_quiet_on_operations_no_access_pattern_can_declare(code: str) -> None:
    """Table management is not an access pattern: ``op`` cannot name it."""
    assert found_codes(code, "DDB705") == []


def test_ddb705_quiet_without_specs() -> None:
    assert found_codes("shop.scan()\n", specs=SpecSet()) == []


# --------------------------------------------------------------------------- DDB706

READS = """\
def customer(c):
    return shop.get_item(Key={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"})
"""
WRITES = """\
def save_all(orders):
    with shop.batch_writer() as batch:
        for order in orders:
            batch.put_item(Item=order)


def by_email(email):
    pages = client.get_paginator("query").paginate(
        TableName="Shop", IndexName="ByEmail", KeyConditionExpression="GSI1PK = :e",
        ExpressionAttributeValues={":e": {"S": f"EMAIL#{email}"}},
    )
    return [item for page in pages for item in page["Items"]]
"""


def unimplemented(specs: SpecSet, *files: str) -> dict[str, list[tuple[str, int, int, str]]]:
    """DDB706 per spec path: (pattern, 1-based line, column, message) of each finding."""
    contexts = []
    for number, code in enumerate(files):
        context = read_python(source(code), f"module{number}.py", specs)
        assert context is not None
        contexts.append(context)
    return {
        path: [(f.data["pattern"], f.span.start.line + 1, f.span.start.column, f.message) for f in found]
        for path, found in unimplemented_patterns(specs.documents, contexts).items()
    }


def test_ddb706_the_patterns_no_checked_file_performs() -> None:
    found = unimplemented(spec_set(), READS)
    assert [name for name, *_ in found["shop.ddb.yaml"]] == [
        "customer-orders",
        "customer-by-email",
        "place-order",
        "change-email",
        "get-session",
    ]


def test_ddb706_points_at_the_pattern_name_in_the_spec_and_says_what_it_is() -> None:
    specs = spec_set()
    context = read_python(source(READS), "a.py", specs)
    assert context is not None
    found = {
        f.data["pattern"]: f for f in unimplemented_patterns(specs.documents, [context])["shop.ddb.yaml"]
    }
    finding = found["customer-by-email"]
    assert finding.code == "DDB706"
    assert finding.severity is Severity.INFO
    line = SHOP.splitlines().index("      - name: customer-by-email") + 1
    assert at(finding) == (line, 14)
    assert "access pattern customer-by-email (Query on ByEmail of Shop) is not performed" in finding.message
    assert finding.data == {"pattern": "customer-by-email", "table": "Shop"}


def test_ddb706_a_pattern_performed_in_a_second_file_counts() -> None:
    specs = spec_set()
    found = unimplemented(specs, READS, WRITES)
    assert [name for name, *_ in found["shop.ddb.yaml"]] == ["customer-orders", "change-email", "get-session"]


def test_ddb706_files_checked_against_their_own_loads_of_the_same_spec() -> None:
    """An editor or the CLI may load the spec once per Python file: a pattern performed
    in one file still counts for the spec the other was checked against."""
    contexts = []
    for number, code in enumerate((READS, WRITES)):
        context = read_python(source(code), f"module{number}.py", spec_set())
        assert context is not None
        contexts.append(context)
    found = unimplemented_patterns(spec_set().documents, contexts)
    assert [f.data["pattern"] for f in found["shop.ddb.yaml"]] == [
        "customer-orders",
        "change-email",
        "get-session",
    ]


def test_ddb706_a_call_of_other_keys_does_not_perform_the_pattern() -> None:
    """Getting an order is not getting a customer's profile."""
    code = 'def order(c, o):\n    return shop.get_item(Key={"PK": f"CUSTOMER#{c}", "SK": f"ORDER#{o}"})\n'
    found = unimplemented(spec_set(), code, WRITES)
    assert [name for name, *_ in found["shop.ddb.yaml"]] == [
        "get-customer",
        "customer-orders",
        "change-email",
        "get-session",
    ]


def test_ddb706_transactions_and_partiql_statements_perform_patterns() -> None:
    spec = SHOP.replace("op: PutItem", "op: TransactWriteItems").replace(
        "op: GetItem\n        entity: Session", "op: ExecuteStatement\n        entity: Session"
    )
    code = (
        "def place(order, sessions_table):\n"
        '    client.transact_write_items(TransactItems=[{"Put": {"TableName": "Shop", "Item": order}}])\n'
        "    client.execute_statement(Statement='SELECT * FROM \"Sessions\" WHERE sessionId = ?')\n"
    )
    found = unimplemented(spec_set(spec), READS, code)
    assert [name for name, *_ in found["shop.ddb.yaml"]] == [
        "customer-orders",
        "customer-by-email",
        "change-email",
    ]


def test_ddb706_every_pattern_performed_reports_nothing() -> None:
    specs = spec_set()
    rest = """\
def orders(c):
    return shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{c}") & Key("SK").begins_with("ORDER#"))


def change_email(c, email):
    shop.update_item(
        Key={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"},
        UpdateExpression="SET email = :e, GSI1PK = :k",
        ExpressionAttributeValues={":e": email, ":k": f"EMAIL#{email}"},
    )


def session(s):
    return dynamodb.Table(os.environ["SESSIONS_TABLE"]).get_item(Key={"sessionId": f"SESSION#{s}"})
"""
    assert unimplemented(specs, READS, WRITES, rest) == {}


def test_ddb706_only_specs_some_file_was_checked_against_are_judged() -> None:
    checked = spec_set()
    other = spec_document(SHOP, "other.ddb.yaml")
    context = read_python(source(READS), "a.py", checked)
    assert context is not None
    found = unimplemented_patterns([*checked.documents, other], [context])
    assert list(found) == ["shop.ddb.yaml"]
    assert unimplemented_patterns(checked.documents, []) == {}


# --------------------------------------------------------------------------- DDB707

UPDATE = """\
def change(c, email, nickname):
    shop.update_item(
        Key={{"PK": f"CUSTOMER#{{c}}", "SK": "PROFILE"}},
        UpdateExpression="{update}",
        ExpressionAttributeNames={{"#e": "email", "#k": "GSI1PK", "#n": "nickname"}},
        ExpressionAttributeValues={{":e": email, ":k": f"EMAIL#{{email}}", ":n": nickname}},
    )
"""


@pytest.mark.parametrize(
    "update",
    ["SET email = :e", "SET #e = :e", "SET #n = :n, #e = :e", "REMOVE email"],
    ids=["set", "set-through-a-placeholder", "set-with-another-field", "remove"],
)
def test_ddb707_an_update_of_a_field_feeding_an_index_key_without_the_key(update: str) -> None:
    code = UPDATE.format(update=update)
    finding = one(code, "DDB707")
    assert finding.severity is Severity.WARNING
    assert at(finding) == position(code, "update_item") == (10, 9)
    assert covered(code, finding) == "update_item"
    assert "this update changes email but not the index key built from it" in finding.message
    assert "GSI1PK = EMAIL#{email} (Customer, index ByEmail)" in finding.message
    assert "SET the key attribute in the same update" in finding.message
    assert finding.data == {
        "fields": ["email"],
        "stale": ["GSI1PK = EMAIL#{email} (Customer, index ByEmail)"],
    }


@pytest.mark.parametrize(
    "update",
    [
        "SET email = :e, GSI1PK = :k",
        "SET #e = :e, #k = :k",
        "SET nickname = :n",
        "SET #n = :n",
        "REMOVE email, GSI1PK",
    ],
    ids=[
        "sets-both",
        "sets-both-through-placeholders",
        "field-in-no-index",
        "placeholder-field-in-no-index",
        "removes-both",
    ],
)
def test_ddb707_quiet_when_the_key_is_rewritten_or_the_field_feeds_no_index(update: str) -> None:
    assert found_codes(UPDATE.format(update=update), "DDB707") == []


def test_ddb707_a_client_update() -> None:
    code = (
        "def change(c, email):\n"
        '    client.update_item(TableName="Shop", Key={"PK": {"S": f"CUSTOMER#{c}"}, "SK": {"S": "PROFILE"}},'
        ' UpdateExpression="SET email = :e", ExpressionAttributeValues={":e": {"S": email}})\n'
    )
    finding = one(code, "DDB707")
    assert at(finding) == position(code, "update_item")


def test_ddb707_a_field_in_an_index_sort_key_template() -> None:
    spec = SHOP.replace("GSI1SK: CUSTOMER}", 'GSI1SK: "{tier}#{customerId}"}').replace(
        "email: {type: S, unique: true}", "email: {type: S, unique: true}\n          tier: {type: S}"
    )
    code = (
        "def promote(c, tier):\n"
        '    shop.update_item(Key={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"}, UpdateExpression="SET tier = :t",'
        ' ExpressionAttributeValues={":t": tier})\n'
    )
    finding = one(code, "DDB707", spec_set(spec))
    assert "changes tier but not the index key built from it: GSI1SK = {tier}#{customerId}" in finding.message


def test_ddb707_quiet_when_the_key_addresses_an_entity_outside_the_index() -> None:
    """An Order has no ByEmail key: setting an email on it leaves no index key stale."""
    code = (
        "def note(c, o, email):\n"
        '    shop.update_item(Key={"PK": f"CUSTOMER#{c}", "SK": f"ORDER#{o}"}, UpdateExpression="SET email = :e",'
        ' ExpressionAttributeValues={":e": email})\n'
    )
    assert found_codes(code, "DDB707") == []


def test_ddb707_quiet_when_the_update_cannot_be_read() -> None:
    code = (
        "def change(c, email, expression, names):\n"
        '    shop.update_item(Key={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"}, UpdateExpression=expression,'
        ' ExpressionAttributeValues={":e": email})\n'
        '    shop.update_item(Key={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"}, UpdateExpression="SET #e = :e",'
        ' ExpressionAttributeNames=names, ExpressionAttributeValues={":e": email})\n'
        '    shop.update_item(Key={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"}, UpdateExpression="SET email = ",'
        ' ExpressionAttributeValues={":e": email})\n'
    )
    assert found_codes(code, "DDB707") == []


def test_ddb707_quiet_on_an_unknown_table() -> None:
    code = (
        "def change(c, email):\n"
        '    dynamodb.Table("Customers").update_item(Key={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"},'
        ' UpdateExpression="SET email = :e", ExpressionAttributeValues={":e": email})\n'
    )
    assert found_codes(code, "DDB707") == []


def test_an_index_name_held_in_a_constant_is_checked_like_a_literal() -> None:
    """DDB702 follows a module constant, as DDB603 does."""
    from ddb_architect.code.specs import SpecSet
    from ddb_architect.engine import check_python
    from ddb_architect.spec.loader import load_spec

    spec = load_spec(
        "version: 1\ntables:\n  Orders:\n    key: {partition: orderId}\n"
        "    indexes:\n      ByCustomer: {key: {partition: customerId}}\n",
        "orders.ddb.yaml",
    )
    code = (
        "import boto3\n"
        'INDEX = "ByEmail"\n'
        'orders = boto3.resource("dynamodb").Table("Orders")\n'
        "def f(e):\n"
        '    return orders.query(IndexName=INDEX, KeyConditionExpression="email = :e", '
        'ExpressionAttributeValues={":e": e}, Limit=1)["Items"]\n'
    )
    found = check_python(code, "f.py", SpecSet([spec])).findings
    assert [(f.code, f.span.start.line + 1) for f in found if f.code == "DDB702"] == [("DDB702", 5)]
