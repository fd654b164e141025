"""Quick fixes in Python code, each applied to realistic code through the harness: the
file still parses, the finding is gone, no new error or warning appears, and the text
outside the edits is untouched; then the exact rewrite is checked."""

from __future__ import annotations

import textwrap

import pytest

from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import check_python, read_python
from ddb_architect.fixes.engine import fix_all, fixes_for
from ddb_architect.fixes.registry import FixContext, fixable_codes
from ddb_architect.spec.loader import load_spec
from tests.fixes.harness import apply_fix, check, context_for

SPEC = """\
version: 1
tables:
  Orders:
    key: {partition: orderId}
    attributes: {orderId: S, customerId: S, createdAt: S, status: S, total: N}
    indexes:
      ByCustomer: {key: {partition: customerId, sort: createdAt}, projection: all}
      ByStatus: {key: {partition: status, sort: total}, projection: keys-only}
    entities:
      Order:
        keys: {orderId: "ORDER#{orderId}", customerId: "{customerId}", createdAt: "{createdAt}", status: "{status}", total: "{total}"}
        item_size: 1KB
        count: 1M
        fields:
          orderId: {format: uuid}
          customerId: {cardinality: 100K}
          createdAt: {format: iso8601}
          status: {values: [NEW, PAID]}
          total: {type: N}
          amount: {type: N}
      Config:
        keys: {orderId: CONFIG}
        item_size: 1KB
        count: 1
"""


def specs() -> SpecSet:
    return SpecSet([load_spec(SPEC, "orders.ddb.yaml")])


HEAD = """\
\"\"\"Orders.\"\"\"

import boto3
from boto3.dynamodb.conditions import Attr, Key

dynamodb = boto3.resource("dynamodb")
orders = dynamodb.Table("Orders")
client = boto3.client("dynamodb")
"""


def module(body: str) -> str:
    return HEAD + "\n\n" + textwrap.dedent(body)


def fix(body: str, code: str, title: str = "", **kwargs: object) -> str:
    fixed, _fix = apply_fix(module(body), "python", code, title=title, specs=specs(), **kwargs)  # type: ignore[arg-type]
    return fixed


def offered(body: str, code: str) -> list[str]:
    """The titles of the fixes the first ``code`` finding gets (the suppression aside)."""
    text = module(body)
    findings = [f for f in check(text, "python", specs()) if f.code == code]
    assert findings, [f.code for f in check(text, "python", specs())]
    return [f.title for f in fixes_for(context_for(text, "python", specs()), findings[0], suppress=False)]


def test_every_fixer_of_the_issue_is_registered() -> None:
    codes = fixable_codes()
    for code in (
        "DDB602",
        "DDB603",
        "DDB605",
        "DDB607",
        "DDB608",
        "DDB610",
        "DDB611",
        "DDB612",
        "DDB702",
        "DDB704",
    ):
        assert "python" in codes[code], code


# ----- DDB603


def test_ddb603_removes_the_argument_line_with_its_comment() -> None:
    fixed = fix(
        """\
        def paid() -> list:
            response = orders.query(
                IndexName="ByStatus",
                ConsistentRead=True,  # we want the latest
                KeyConditionExpression=Key("status").eq("PAID"),
                Limit=10,
            )
            return response["Items"]
        """,
        "DDB603",
        "Remove ConsistentRead",
    )
    assert (
        """\
    response = orders.query(
        IndexName="ByStatus",
        KeyConditionExpression=Key("status").eq("PAID"),
        Limit=10,
    )"""
        in fixed
    )
    assert "latest" not in fixed


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            'orders.query(IndexName="ByStatus", ConsistentRead=True, KeyConditionExpression=Key("status").eq("PAID"), Limit=1)',
            'orders.query(IndexName="ByStatus", KeyConditionExpression=Key("status").eq("PAID"), Limit=1)',
        ),
        (
            'orders.query(KeyConditionExpression=Key("status").eq("PAID"), Limit=1, IndexName="ByStatus", ConsistentRead=True)',
            'orders.query(KeyConditionExpression=Key("status").eq("PAID"), Limit=1, IndexName="ByStatus")',
        ),
        (
            'orders.query(KeyConditionExpression=Key("status").eq("PAID"), Limit=1, IndexName="ByStatus", ConsistentRead=True,)',
            'orders.query(KeyConditionExpression=Key("status").eq("PAID"), Limit=1, IndexName="ByStatus",)',
        ),
    ],
)
def test_ddb603_inline_calls_lose_the_argument_and_one_comma(call: str, expected: str) -> None:
    fixed = fix(f"def paid() -> list:\n    return {call}['Items']\n", "DDB603")
    assert f"return {expected}['Items']" in fixed


def test_ddb603_in_a_kwargs_dict_removes_the_entry() -> None:
    fixed = fix(
        """\
        def paid() -> list:
            params = {
                "IndexName": "ByStatus",
                "KeyConditionExpression": Key("status").eq("PAID"),
                "ConsistentRead": True,
                "Limit": 5,
            }
            return orders.query(**params)["Items"]
        """,
        "DDB603",
    )
    assert '"ConsistentRead"' not in fixed
    assert '"KeyConditionExpression": Key("status").eq("PAID"),\n        "Limit": 5,' in fixed


def test_ddb603_fix_is_safe_and_fix_all_applies_it() -> None:
    text = module(
        """\
        def paid() -> list:
            return orders.query(IndexName="ByStatus", KeyConditionExpression=Key("status").eq("PAID"), ConsistentRead=True, Limit=5)["Items"]
        """
    )
    result = fix_all(
        text,
        "app.py",
        "python",
        lambda t: check_python(t, "app.py", specs()).findings,
        lambda t: read_python(t, "app.py", specs()),
    )
    assert "ConsistentRead" not in result.text
    assert [f.code for f in result.applied] == ["DDB603"]


# ----- DDB702 and DDB704


def test_ddb702_changes_to_the_declared_index() -> None:
    fixed = fix(
        """\
        def by_customer(customer_id: str) -> list:
            return orders.query(
                IndexName='ByCustomr',  # typo
                KeyConditionExpression=Key("customerId").eq(customer_id),
                Limit=10,
            )["Items"]
        """,
        "DDB702",
        "Change to 'ByCustomer'",
    )
    assert "IndexName='ByCustomer',  # typo" in fixed


def test_ddb702_offers_nothing_without_a_close_name_or_for_a_constant() -> None:
    assert (
        offered(
            'def f():\n    return orders.query(IndexName="ByEmail", KeyConditionExpression=Key("e").eq(1), Limit=1)\n',
            "DDB702",
        )
        == []
    )
    body = 'INDEX = "ByCustomr"\n\n\ndef f(c):\n    return orders.query(IndexName=INDEX, KeyConditionExpression=Key("customerId").eq(c), Limit=1)\n'
    assert offered(body, "DDB702") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('f"ORD#{order_id}"', 'f"ORDER#{order_id}"'),
        ('"ORD#" + order_id', '"ORDER#" + order_id'),
        ("'order#' + order_id", "'ORDER#' + order_id"),
        ('"CONFG"', '"CONFIG"'),
    ],
)
def test_ddb704_replaces_the_literal_prefix(value: str, expected: str) -> None:
    fixed = fix(
        f"""\
        def get(order_id: str) -> dict:
            return orders.get_item(Key={{"orderId": {value}}}).get("Item", {{}})
        """,
        "DDB704",
        "Change the prefix",
    )
    assert f'Key={{"orderId": {expected}}}' in fixed


def test_ddb704_on_a_plain_client_keeps_the_type() -> None:
    fixed = fix(
        """\
        def get(order_id: str) -> dict:
            return client.get_item(TableName="Orders", Key={"orderId": {"S": f"ORDR#{order_id}"}})
        """,
        "DDB704",
    )
    assert 'Key={"orderId": {"S": f"ORDER#{order_id}"}}' in fixed


def test_ddb704_offers_nothing_when_no_template_is_close() -> None:
    assert offered('def get(o):\n    return orders.get_item(Key={"orderId": f"XYZ-{o}"})\n', "DDB704") == []


# ----- DDB607


def test_ddb607_every_use_of_the_word_gets_the_placeholder() -> None:
    fixed = fix(
        """\
        def pending(customer_id: str) -> list:
            paginator = client.get_paginator("query")
            pages = paginator.paginate(
                TableName="Orders",
                IndexName="ByCustomer",
                KeyConditionExpression="customerId = :c",
                FilterExpression="status = :s OR status = :t",  # two states
                ProjectionExpression="orderId, status",
                ExpressionAttributeValues={":c": {"S": customer_id}, ":s": {"S": "NEW"}, ":t": {"S": "PAID"}},
            )
            return [item for page in pages for item in page["Items"]]
        """,
        "DDB607",
        "Write status as #status",
    )
    assert 'FilterExpression="#status = :s OR #status = :t",  # two states' in fixed
    assert 'ProjectionExpression="orderId, #status",' in fixed
    assert (
        '        ExpressionAttributeValues={":c": {"S": customer_id}, ":s": {"S": "NEW"}, ":t": {"S": "PAID"}},\n'
        '        ExpressionAttributeNames={"#status": "status"},\n'
        "    )"
    ) in fixed


def test_ddb607_adds_to_a_literal_names_dict_and_reuses_a_placeholder() -> None:
    fixed = fix(
        """\
        def rename(order_id: str) -> None:
            orders.update_item(
                Key={"orderId": f"ORDER#{order_id}"},
                UpdateExpression="SET #n = :n, comment = :c",
                ExpressionAttributeNames={
                    "#n": "name",
                },
                ExpressionAttributeValues={":n": "x", ":c": "y"},
            )
        """,
        "DDB607",
    )
    assert 'UpdateExpression="SET #n = :n, #comment = :c",' in fixed
    assert (
        '        ExpressionAttributeNames={\n            "#n": "name",\n            "#comment": "comment",\n        },'
        in fixed
    )
    again = fix(
        """\
        def rename(order_id: str) -> None:
            return orders.scan(FilterExpression="#s = :a OR status = :b", ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":a": "NEW", ":b": "PAID"}, Limit=9)
        """,
        "DDB607",
    )
    assert 'FilterExpression="#s = :a OR #s = :b", ExpressionAttributeNames={"#s": "status"},' in again


def test_ddb607_inline_call_gets_an_inline_argument() -> None:
    fixed = fix(
        "def f():\n    return orders.scan(FilterExpression=Attr('a').eq(1), ProjectionExpression='orderId, size', Limit=1)\n",
        "DDB607",
    )
    assert (
        "ProjectionExpression='orderId, #size', Limit=1, ExpressionAttributeNames={'#size': 'size'})" in fixed
    )


# ----- DDB608


UPDATE = """\
def set_total(order_id: str, total) -> None:
    orders.update_item(
        Key={"orderId": f"ORDER#{order_id}"},
        UpdateExpression="SET amount = :total",
        ExpressionAttributeValues={":tot": total},
    )
"""


def test_ddb608_near_miss_renames_one_to_the_other() -> None:
    fixed = fix(UPDATE, "DDB608", "Change :total to :tot", finding=lambda f: ":total is used" in f.message)
    assert 'UpdateExpression="SET amount = :tot",' in fixed
    fixed = fix(UPDATE, "DDB608", "Rename :tot to :total", finding=lambda f: ":total is used" in f.message)
    assert 'ExpressionAttributeValues={":total": total},' in fixed
    fixed = fix(UPDATE, "DDB608", "Rename :tot to :total", finding=lambda f: ":tot is defined" in f.message)
    assert 'ExpressionAttributeValues={":total": total},' in fixed


def test_ddb608_unused_placeholder_is_removed_and_an_empty_dict_with_it() -> None:
    fixed = fix(
        """\
        def paid(customer_id: str) -> list:
            return orders.query(
                IndexName="ByCustomer",
                KeyConditionExpression="customerId = :c",
                ExpressionAttributeValues={":c": customer_id, ":unused": 1},
                ExpressionAttributeNames={"#s": "status"},  # left over
                Limit=5,
            )["Items"]
        """,
        "DDB608",
        "Remove the unused #s",
        finding=lambda f: f.message.startswith("#s"),
    )
    assert "ExpressionAttributeNames" not in fixed
    assert "left over" not in fixed
    again = fix(
        """\
        def paid(customer_id: str) -> list:
            return orders.query(IndexName="ByCustomer", KeyConditionExpression="customerId = :c", ExpressionAttributeValues={":c": customer_id, ":unused": 1}, Limit=5)["Items"]
        """,
        "DDB608",
        "Remove the unused :unused",
    )
    assert 'ExpressionAttributeValues={":c": customer_id}, Limit=5)' in again


def test_ddb608_undefined_name_of_an_attribute_is_defined() -> None:
    fixed = fix(
        """\
        def ship(order_id: str) -> None:
            orders.update_item(
                Key={"orderId": f"ORDER#{order_id}"},
                UpdateExpression="SET #status = :s",
                ExpressionAttributeValues={":s": "SHIPPED"},
            )
        """,
        "DDB608",
        "Define #status as 'status'",
    )
    assert (
        '        ExpressionAttributeValues={":s": "SHIPPED"},\n'
        '        ExpressionAttributeNames={"#status": "status"},\n'
    ) in fixed


def test_ddb608_offers_nothing_that_is_not_mechanical() -> None:
    body = """\
    def f(order_id):
        orders.update_item(Key={"orderId": "ORDER#1"}, UpdateExpression="SET #x = :v", ExpressionAttributeValues={":v": 1})
    """
    assert offered(body, "DDB608") == []  # x is no attribute the spec or the call knows
    body = """\
    def f(order_id):
        orders.update_item(Key={"orderId": "ORDER#1"}, UpdateExpression="SET amount = :value", ExpressionAttributeValues={":other": 1})
    """
    assert offered(body, "DDB608") == []  # :value and :other are not near


# ----- DDB610


def test_ddb610_writes_the_literal_as_a_decimal_and_imports_it() -> None:
    fixed = fix(
        """\
        def save(order_id: str) -> None:
            orders.put_item(Item={"orderId": f"ORDER#{order_id}", "amount": 19.99})  # cheap
        """,
        "DDB610",
        'Use Decimal("19.99")',
    )
    assert '"amount": Decimal("19.99")})  # cheap' in fixed
    assert (
        "import boto3\nfrom boto3.dynamodb.conditions import Attr, Key\nfrom decimal import Decimal\n\ndynamodb"
        in fixed
    )


@pytest.mark.parametrize(
    ("imports", "value", "expected"),
    [
        ("from decimal import Decimal\n", "-0.5", 'Decimal("-0.5")'),
        ("import decimal\n", "1e3", 'decimal.Decimal("1e3")'),
        ("from decimal import Decimal as D\n", "1_000.25", 'D("1_000.25")'),
        ("", "- 2.5", 'Decimal("-2.5")'),
    ],
)
def test_ddb610_uses_the_import_the_file_has(imports: str, value: str, expected: str) -> None:
    fixed = fix(
        f"""\
        {imports}

        def save(order_id: str) -> None:
            orders.put_item(Item={{"orderId": "ORDER#1", "amount": {value}}})
        """,
        "DDB610",
    )
    assert f'"amount": {expected}}}' in fixed
    assert fixed.count("import decimal") + fixed.count("from decimal import") == 1


def test_ddb610_in_a_condition_and_fix_all_imports_once() -> None:
    text = module(
        """\
        def cheap() -> list:
            return orders.scan(FilterExpression=Attr("amount").lt(9.5) | Attr("amount").gt(99.5), Limit=10)["Items"]
        """
    )
    result = fix_all(
        text,
        "app.py",
        "python",
        lambda t: check_python(t, "app.py", specs()).findings,
        lambda t: read_python(t, "app.py", specs()),
    )
    assert 'Attr("amount").lt(Decimal("9.5")) | Attr("amount").gt(Decimal("99.5"))' in result.text
    assert result.text.count("from decimal import Decimal") == 1


def test_ddb610_without_imports_goes_after_the_docstring() -> None:
    text = '"""Doc."""\nimport boto3\n\nt = boto3.resource("dynamodb").Table("Orders")\nt.put_item(Item={"orderId": "ORDER#1", "amount": 1.5})\n'
    fixed, _ = apply_fix(text, "python", "DDB610", specs=specs())
    assert fixed.startswith('"""Doc."""\nimport boto3\nfrom decimal import Decimal\n\n')


# ----- DDB611


def test_ddb611_scan_filter_becomes_a_filter_expression() -> None:
    fixed = fix(
        """\
        def legacy() -> list:
            return client.scan(
                TableName="Orders",
                ScanFilter={
                    "status": {"AttributeValueList": [{"S": "PAID"}], "ComparisonOperator": "EQ"},
                    "amount": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "10"}, {"N": "20"}]},
                    "note": {"ComparisonOperator": "NOT_NULL"},
                },  # legacy
                Limit=50,
            )["Items"]
        """,
        "DDB611",
        "Rewrite ScanFilter as FilterExpression",
    )
    assert (
        '        FilterExpression="#status = :status AND amount BETWEEN :amount AND :amount_2 AND attribute_exists(note)",  # legacy\n'
        '        ExpressionAttributeNames={"#status": "status"},\n'
        '        ExpressionAttributeValues={":status": {"S": "PAID"}, ":amount": {"N": "10"}, ":amount_2": {"N": "20"}},\n'
        "        Limit=50,\n"
    ) in fixed


def test_ddb611_every_legacy_parameter_of_the_call_at_once() -> None:
    fixed = fix(
        """\
        def legacy(customer_id: str) -> list:
            return client.query(TableName="Orders", IndexName="ByCustomer", KeyConditions={"customerId": {"AttributeValueList": [{"S": customer_id}], "ComparisonOperator": "EQ"}}, QueryFilter={"status": {"AttributeValueList": [{"S": "NEW"}, {"S": "PAID"}], "ComparisonOperator": "IN"}, "amount": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "5"}]}}, ConditionalOperator="OR", AttributesToGet=["orderId", "status"], Limit=10)["Items"]
        """,
        "DDB611",
        "as expressions",
    )
    assert (
        'client.query(TableName="Orders", IndexName="ByCustomer", KeyConditionExpression="customerId = :customerId", '
        'FilterExpression="#status IN (:status, :status_2) OR amount > :amount", '
        'ProjectionExpression="orderId, #status", '
        'ExpressionAttributeNames={"#status": "status"}, '
        'ExpressionAttributeValues={":customerId": {"S": customer_id}, ":status": {"S": "NEW"}, ":status_2": {"S": "PAID"}, ":amount": {"N": "5"}}, '
        'Limit=10)["Items"]'
    ) in fixed


def test_ddb611_expected_and_attribute_updates_on_the_table() -> None:
    fixed = fix(
        """\
        def create(order_id: str) -> None:
            orders.put_item(
                Item={"orderId": f"ORDER#{order_id}"},
                Expected={"orderId": {"Exists": False}},
            )
        """,
        "DDB611",
    )
    assert 'ConditionExpression="attribute_not_exists(orderId)",' in fixed
    assert "ExpressionAttribute" not in fixed
    fixed = fix(
        """\
        def touch(order_id: str, amount) -> None:
            orders.update_item(
                Key={"orderId": f"ORDER#{order_id}"},
                AttributeUpdates={
                    "amount": {"Value": amount, "Action": "PUT"},
                    "status": {"Value": "PAID"},
                    "note": {"Action": "DELETE"},
                    "visits": {"Action": "ADD", "Value": 1},
                },
                Expected={"status": {"Value": "NEW"}},
            )
        """,
        "DDB611",
    )
    assert (
        '        UpdateExpression="SET amount = :amount, #status = :status REMOVE note ADD visits :visits",\n'
        '        ConditionExpression="#status = :status_2",\n'
        '        ExpressionAttributeNames={"#status": "status"},\n'
        '        ExpressionAttributeValues={":amount": amount, ":status": "PAID", ":visits": 1, ":status_2": "NEW"},\n'
        "    )"
    ) in fixed


def test_ddb611_extends_the_placeholder_dicts_the_call_has() -> None:
    fixed = fix(
        """\
        def legacy(customer_id: str) -> list:
            return orders.query(
                IndexName="ByCustomer",
                KeyConditionExpression="customerId = :c",
                QueryFilter={"amount": {"AttributeValueList": [5], "ComparisonOperator": "GE"}},
                ExpressionAttributeValues={":c": customer_id},
                Limit=3,
            )["Items"]
        """,
        "DDB611",
    )
    assert 'FilterExpression="amount >= :amount",' in fixed
    assert 'ExpressionAttributeValues={":c": customer_id, ":amount": 5},' in fixed


def test_ddb611_offers_nothing_for_values_it_cannot_read() -> None:
    assert (
        offered(
            'def f(flt):\n    return client.scan(TableName="Orders", ScanFilter=flt, Limit=1)\n', "DDB611"
        )
        == []
    )
    body = 'def f():\n    return client.scan(TableName="Orders", ScanFilter={"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}], "Extra": 1}}, Limit=1)\n'
    assert offered(body, "DDB611") == []


# ----- DDB612


def test_ddb612_key_condition_becomes_a_typed_string_expression() -> None:
    fixed = fix(
        """\
        def since(customer_id: str, day: str) -> list:
            paginator = client.get_paginator("query")
            pages = paginator.paginate(
                TableName="Orders",
                IndexName="ByCustomer",
                KeyConditionExpression=Key("customerId").eq(customer_id) & Key("createdAt").gte(day),  # since
                FilterExpression=Attr("status").is_in(["NEW", "PAID"]) & ~Attr("total").lt(10),
            )
            return [item for page in pages for item in page["Items"]]
        """,
        "DDB612",
        "Write the conditions as a string expression",
    )
    assert (
        '        KeyConditionExpression="customerId = :customerId AND createdAt >= :createdAt",  # since\n'
        '        FilterExpression="#status IN (:status, :status_2) AND NOT #total < :total",\n'
        '        ExpressionAttributeNames={"#status": "status", "#total": "total"},\n'
        '        ExpressionAttributeValues={":customerId": {"S": customer_id}, ":createdAt": {"S": day}, '
        '":status": {"S": "NEW"}, ":status_2": {"S": "PAID"}, ":total": {"N": "10"}},\n'
        "    )"
    ) in fixed


def test_ddb612_numbers_take_the_spec_type_and_or_keeps_its_parentheses() -> None:
    fixed = fix(
        """\
        def big(status: str, low) -> list:
            return client.query(TableName="Orders", IndexName="ByStatus", KeyConditionExpression=Key("status").eq(status) & Key("total").between(low, 100), FilterExpression=Attr("a").exists() & (Attr("b").begins_with("x") | Attr("c").contains("y")), Limit=1)["Items"]
        """,
        "DDB612",
    )
    assert (
        'KeyConditionExpression="#status = :status AND #total BETWEEN :total AND :total_2", '
        'FilterExpression="attribute_exists(a) AND (begins_with(b, :b) OR contains(c, :c))", '
        'ExpressionAttributeNames={"#status": "status", "#total": "total"}, '
        'ExpressionAttributeValues={":status": {"S": status}, ":total": {"N": str(low)}, ":total_2": {"N": "100"}, '
        '":b": {"S": "x"}, ":c": {"S": "y"}}, Limit=1)["Items"]'
    ) in fixed


def test_ddb612_values_take_their_literal_type() -> None:
    fixed = fix(
        """\
        def typed(x) -> list:
            return client.scan(
                TableName="Orders",
                FilterExpression=Attr("flag").eq(True) & Attr("gone").eq(None) & Attr("n").gt(-3) & Attr("kind").attribute_type("S") & Attr("id").ne(b"x") & Attr("my-attr").not_exists(),
                Limit=2,
            )["Items"]
        """,
        "DDB612",
    )
    assert (
        '        FilterExpression="flag = :flag AND gone = :gone AND n > :n AND attribute_type(kind, :type) AND id <> :id '
        'AND attribute_not_exists(#my_attr)",\n'
        '        ExpressionAttributeNames={"#my_attr": "my-attr"},\n'
        '        ExpressionAttributeValues={":flag": {"BOOL": True}, ":gone": {"NULL": True}, ":n": {"N": "-3"}, '
        '":type": {"S": "S"}, ":id": {"B": b"x"}},\n'
        "        Limit=2,\n"
    ) in fixed


def test_ddb612_offers_nothing_for_a_condition_built_elsewhere() -> None:
    body = """\
    def f(c):
        condition = Key("customerId").eq(c)
        return client.query(TableName="Orders", IndexName="ByCustomer", KeyConditionExpression=condition, Limit=1)
    """
    assert offered(body, "DDB612") == []


# ----- DDB602


def test_ddb602_response_assigned_then_read_goes_into_a_loop() -> None:
    fixed = fix(
        """\
        def paid(status: str) -> list:
            response = orders.query(
                IndexName="ByStatus",
                KeyConditionExpression=Key("status").eq(status),  # all of them
            )
            print(response["Count"])
            return response["Items"]
        """,
        "DDB602",
        "Read every page",
    )
    assert (
        """\
def paid(status: str) -> list:
    items: list = []
    start_key: dict = {}
    while True:
        response = orders.query(
            IndexName="ByStatus",
            KeyConditionExpression=Key("status").eq(status),  # all of them
            **start_key,
        )
        items.extend(response["Items"])
        if "LastEvaluatedKey" not in response:
            break
        start_key = {"ExclusiveStartKey": response["LastEvaluatedKey"]}
    response["Items"] = items
    response["Count"] = len(items)
    print(response["Count"])
    return response["Items"]
"""
        in fixed
    )


def test_ddb602_items_read_from_the_call_are_gathered_before_the_statement() -> None:
    fixed = fix(
        """\
        def everything() -> list:
            found = []
            for item in client.scan(TableName="Orders", ProjectionExpression="orderId").get("Items", []):
                found.append(item)
            return found
        """,
        "DDB602",
    )
    assert (
        """\
    found = []
    items: list = []
    start_key: dict = {}
    while True:
        page = client.scan(TableName="Orders", ProjectionExpression="orderId", **start_key)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            break
        start_key = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
    for item in items:
"""
        in fixed
    )


def test_ddb602_awaited_call_with_names_taken() -> None:
    text = """\
    from mypy_boto3_dynamodb.service_resource import Table


    async def everything(table: Table, items: list, start_key: int) -> list:
        response = await table.scan(ProjectionExpression="orderId")
        return response["Items"]
    """
    fixed, _ = apply_fix(text, "python", "DDB602", specs=specs())
    assert (
        """\
    all_items: list = []
    exclusive_start_key: dict = {}
    while True:
        response = await table.scan(ProjectionExpression="orderId", **exclusive_start_key)
        all_items.extend(response["Items"])
"""
        in fixed
    )
    assert fixed.endswith('    response["Items"] = all_items\n    return response["Items"]\n')


def test_ddb602_module_level_code_and_tabs() -> None:
    text = 'import boto3\n\nt = boto3.resource("dynamodb").Table("Orders")\nif True:\n\trows = t.scan()["Items"]\n'
    fixed, _ = apply_fix(text, "python", "DDB602", specs=specs())
    assert "\twhile True:\n\t\tpage = t.scan(**start_key)\n\t\titems.extend" in fixed
    assert fixed.endswith("\trows = items\n")


@pytest.mark.parametrize(
    "body",
    [
        # runs only when the condition holds
        'def f(c):\n    return orders.scan()["Items"] if c else []\n',
        # another part of the response would be the last page's
        'def f():\n    r = orders.scan()\n    print(r["ScannedCount"])\n    return r["Items"]\n',
        # inside a comprehension, once per element
        'def f(ids):\n    return [orders.query(KeyConditionExpression=Key("orderId").eq(i))["Items"] for i in ids]\n',
        # shares its line with another statement
        'def f():\n    x = 1; r = orders.scan()\n    return r["Items"]\n',
    ],
)
def test_ddb602_offers_nothing_where_the_rewrite_is_not_mechanical(body: str) -> None:
    assert offered(body, "DDB602") == []


# ----- DDB605


def test_ddb605_typed_requests_become_plain_batch_writer_calls() -> None:
    fixed = fix(
        """\
        def seed(order_id: str) -> None:
            client.batch_write_item(  # seed data
                RequestItems={
                    "Orders": [
                        {"PutRequest": {"Item": {"orderId": {"S": f"ORDER#{order_id}"}, "amount": {"N": "3.5"}, "tags": {"SS": ["a", "b"]}}}},  # first
                        {"PutRequest": {"Item": {"orderId": {"S": "ORDER#2"}, "ok": {"BOOL": True}, "gone": {"NULL": True}, "lines": {"L": [{"S": "x"}, {"M": {"n": {"N": "1"}}}]}}}},
                        {"DeleteRequest": {"Key": {"orderId": {"S": "ORDER#3"}}}},
                    ]
                }
            )
        """,
        "DDB605",
        "Rewrite with Table.batch_writer()",
    )
    assert (
        """\
def seed(order_id: str) -> None:
    with boto3.resource("dynamodb").Table("Orders").batch_writer() as batch:  # seed data
        batch.put_item(Item={"orderId": f"ORDER#{order_id}", "amount": Decimal("3.5"), "tags": {"a", "b"}})  # first
        batch.put_item(Item={"orderId": "ORDER#2", "ok": True, "gone": None, "lines": ["x", {"n": Decimal("1")}]})
        batch.delete_item(Key={"orderId": "ORDER#3"})
"""
        in fixed
    )
    assert "\nfrom decimal import Decimal\n" in fixed


def test_ddb605_resource_calls_keep_plain_values_and_their_layout() -> None:
    fixed = fix(
        """\
        def seed(rows: list) -> None:
            dynamodb.batch_write_item(
                RequestItems={
                    "Orders": [
                        {"PutRequest": {"Item": {
                            "orderId": "ORDER#1",
                            "customerId": "C1",
                        }}},
                    ],
                    "Sessions": [{"DeleteRequest": {"Key": {"sessionId": s}}} for s in rows if s],
                }
            )
        """,
        "DDB605",
    )
    assert (
        """\
    with dynamodb.Table("Orders").batch_writer() as batch:
        batch.put_item(Item={
            "orderId": "ORDER#1",
            "customerId": "C1",
        })
    with dynamodb.Table("Sessions").batch_writer() as batch:
        for s in rows:
            if s:
                batch.delete_item(Key={"sessionId": s})
"""
        in fixed
    )


def test_ddb605_a_configured_client_gives_a_resource_made_the_same_way() -> None:
    fixed = fix(
        """\
        def seed() -> None:
            local = boto3.client("dynamodb", endpoint_url="http://localhost:8000", region_name="eu-west-1")
            local.batch_write_item(RequestItems={"Orders": [{"DeleteRequest": {"Key": {"orderId": {"S": "ORDER#1"}}}}]})
        """,
        "DDB605",
    )
    assert (
        '    with boto3.resource("dynamodb", endpoint_url="http://localhost:8000", region_name="eu-west-1")'
        '.Table("Orders").batch_writer() as batch:\n'
        '        batch.delete_item(Key={"orderId": "ORDER#1"})\n'
    ) in fixed


@pytest.mark.parametrize(
    "body",
    [
        # the result is kept: the caller may look at it
        'def f():\n    r = client.batch_write_item(RequestItems={"Orders": [{"DeleteRequest": {"Key": {"orderId": {"S": "1"}}}}]})\n    print(r)\n',
        # a parameter the batch writer has no place for
        'def f():\n    client.batch_write_item(RequestItems={"Orders": [{"DeleteRequest": {"Key": {"orderId": {"S": "1"}}}}]}, ReturnConsumedCapacity="TOTAL")\n',
        # requests built elsewhere
        'def f(requests):\n    client.batch_write_item(RequestItems={"Orders": requests})\n',
        # a typed value that is not a literal
        'def f(key):\n    client.batch_write_item(RequestItems={"Orders": [{"DeleteRequest": {"Key": key}}]})\n',
        # the comprehension's variable is used after it
        'def f(ids):\n    o = 1\n    client.batch_write_item(RequestItems={"Orders": [{"DeleteRequest": {"Key": {"orderId": {"S": o}}}} for o in ids]})\n    return o\n',
    ],
)
def test_ddb605_offers_nothing_where_the_rewrite_is_not_mechanical(body: str) -> None:
    text = module(body)
    findings = [f for f in check(text, "python", specs()) if f.code == "DDB605"]
    context = FixContext(text, "test.py", "python", read_python(text, "test.py", specs()))
    for finding in findings:
        assert fixes_for(context, finding, suppress=False) == []


# ----- text the edits must not disturb


def test_non_ascii_text_before_the_edit_on_its_line() -> None:
    fixed = fix(
        """\
        def save() -> None:
            orders.put_item(Item={"orderId": "ORDER#1", "name": "Café ☕", "amount": 4.5})
        """,
        "DDB610",
    )
    assert '"name": "Café ☕", "amount": Decimal("4.5")})' in fixed
    fixed = fix(
        """\
        def find() -> list:
            return orders.scan(ExpressionAttributeValues={":v": "Zoë ☕", ":n": 2}, FilterExpression="kind = :v OR size > :n", Limit=1)["Items"]
        """,
        "DDB607",
    )
    assert (
        '{":v": "Zoë ☕", ":n": 2}, FilterExpression="kind = :v OR #size > :n", Limit=1, ExpressionAttributeNames'
        in fixed
    )


def test_crlf_files_keep_their_line_breaks() -> None:
    text = module(
        """\
        def paid() -> list:
            response = orders.query(
                IndexName="ByStatus",
                KeyConditionExpression=Key("status").eq("PAID"),
                ConsistentRead=True,
            )
            return response["Items"]
        """
    ).replace("\n", "\r\n")
    fixed, _ = apply_fix(text, "python", "DDB603", specs=specs())
    assert "ConsistentRead" not in fixed
    assert "\n" not in fixed.replace("\r\n", "")
    fixed, _ = apply_fix(text, "python", "DDB602", specs=specs())
    assert '        start_key = {"ExclusiveStartKey": response["LastEvaluatedKey"]}\r\n' in fixed
    assert "\n" not in fixed.replace("\r\n", "")


def test_two_space_indentation_is_followed() -> None:
    text = 'import boto3\n\nt = boto3.resource("dynamodb").Table("Orders")\n\n\ndef f():\n  r = t.scan()\n  return r["Items"]\n'
    fixed, _ = apply_fix(text, "python", "DDB602", specs=specs())
    assert '  while True:\n    r = t.scan(**start_key)\n    items.extend(r["Items"])\n    if' in fixed
    assert "\n      break\n" in fixed


def test_a_multiline_string_in_a_moved_call_is_left_as_it_is() -> None:
    fixed = fix(
        '''\
        def paid() -> list:
            response = orders.scan(
                FilterExpression="""attribute_exists(orderId)
        AND attribute_exists(customerId)""",
            )
            return response["Items"]
        ''',
        "DDB602",
    )
    assert (
        '''\
        response = orders.scan(
            FilterExpression="""attribute_exists(orderId)
AND attribute_exists(customerId)""",
            **start_key,
        )'''
        in fixed
    )
