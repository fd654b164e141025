"""The Python fixes run: each snippet is executed before and after its fix against moto's
DynamoDB, and the fixed code must do what the original meant. A Query that read one page
now reads them all (moto's 1 MB page made small), a batch writer stores what the batch
stored, a rewritten legacy filter or condition finds the same items, and calls DynamoDB
or boto3 rejected now go through."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest

pytest.importorskip("moto", reason="moto is not installed")

import boto3
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError, ParamValidationError
from moto import mock_aws

from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import check_python, read_python
from ddb_architect.fixes.engine import fix_all
from ddb_architect.spec.loader import load_spec
from tests.fixes.harness import apply_fix
from tests.fixes.test_python_fixes import SPEC

HEAD = """\
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key

dynamodb = boto3.resource("dynamodb")
orders = dynamodb.Table("Orders")
client = boto3.client("dynamodb")
"""

ITEMS = [
    {
        "orderId": f"ORDER#{n:02d}",
        "customerId": "C1" if n % 2 else "C2",
        "createdAt": f"2024-01-{n:02d}",
        "status": "PAID" if n % 3 else "NEW",
        "total": Decimal(n * 10),
        "padding": "x" * 120,
    }
    for n in range(1, 21)
]


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        yield


def create_table(items: list[dict[str, Any]] = ITEMS) -> None:
    boto3.client("dynamodb").create_table(
        TableName="Orders",
        KeySchema=[{"AttributeName": "orderId", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": name, "AttributeType": kind}
            for name, kind in (
                ("orderId", "S"),
                ("customerId", "S"),
                ("createdAt", "S"),
                ("status", "S"),
                ("total", "N"),
            )
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": index,
                "KeySchema": [
                    {"AttributeName": partition, "KeyType": "HASH"},
                    {"AttributeName": sort, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for index, partition, sort in (
                ("ByCustomer", "customerId", "createdAt"),
                ("ByStatus", "status", "total"),
            )
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    table = boto3.resource("dynamodb").Table("Orders")
    for item in items:
        table.put_item(Item=item)


def stored() -> list[dict[str, Any]]:
    items = boto3.resource("dynamodb").Table("Orders").scan()["Items"]
    return sorted(items, key=lambda item: str(item["orderId"]))


def run(code: str, function: str, *args: object) -> Any:
    namespace: dict[str, Any] = {}
    exec(compile(code, "snippet.py", "exec"), namespace)
    return namespace[function](*args)


def fixed(body: str, code: str, title: str = "") -> tuple[str, str]:
    """The snippet, and the snippet with its ``code`` finding fixed (through the harness)."""
    text = HEAD + "\n\n" + textwrap.dedent(body)
    after, _fix = apply_fix(
        text, "python", code, title=title, specs=SpecSet([load_spec(SPEC, "orders.ddb.yaml")])
    )
    return text, after


def ids(items: list[dict[str, Any]]) -> list[str]:
    return sorted(str(item["orderId"]) for item in items)


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of a few hundred bytes, so that twenty items take several."""
    import moto.dynamodb.models.table as moto_table

    monkeypatch.setattr(moto_table, "RESULT_SIZE_LIMIT", 600)


PAGINATED = [
    (
        """\
        def paid() -> list:
            response = orders.query(
                IndexName="ByStatus",
                KeyConditionExpression=Key("status").eq("PAID"),
            )
            return response["Items"]
        """,
        "paid",
        lambda item: item["status"] == "PAID",
    ),
    (
        """\
        def everything() -> list:
            found = []
            for item in orders.scan(ProjectionExpression="orderId")["Items"]:
                found.append(item)
            return found
        """,
        "everything",
        lambda item: True,
    ),
    (
        """\
        def of_customer() -> list:
            return client.query(
                TableName="Orders",
                IndexName="ByCustomer",
                KeyConditionExpression="customerId = :c",
                ExpressionAttributeValues={":c": {"S": "C1"}},
            ).get("Items", [])
        """,
        "of_customer",
        lambda item: item["customerId"] == "C1",
    ),
]


@pytest.mark.usefixtures("aws", "small_pages")
@pytest.mark.parametrize(("body", "function", "wanted"), PAGINATED, ids=["assigned", "for", "client-get"])
def test_ddb602_the_fixed_code_reads_every_page(
    body: str, function: str, wanted: Callable[[dict[str, Any]], bool]
) -> None:
    create_table()
    original, after = fixed(body, "DDB602")
    expected = [i["orderId"] for i in ITEMS if wanted(i)]
    first_page = run(original, function)
    assert 0 < len(first_page) < len(expected)
    everything = run(after, function)
    got = sorted(i["orderId"]["S"] if isinstance(i["orderId"], dict) else i["orderId"] for i in everything)
    assert got == sorted(expected)


@pytest.mark.usefixtures("aws")
def test_ddb603_the_query_is_accepted() -> None:
    create_table()
    original, after = fixed(
        """\
        def paid() -> list:
            return orders.query(IndexName="ByStatus", KeyConditionExpression=Key("status").eq("NEW"), ConsistentRead=True, Limit=50)["Items"]
        """,
        "DDB603",
    )
    with pytest.raises(ClientError, match="Consistent reads are not supported"):
        run(original, "paid")
    assert ids(run(after, "paid")) == ids([i for i in ITEMS if i["status"] == "NEW"])


BATCHES = [
    """\
    def seed() -> None:
        client.batch_write_item(
            RequestItems={
                "Orders": [
                    {"PutRequest": {"Item": {"orderId": {"S": "ORDER#90"}, "total": {"N": "3.5"}, "tags": {"SS": ["a", "b"]}, "ok": {"BOOL": True}, "gone": {"NULL": True}, "lines": {"L": [{"S": "x"}, {"M": {"n": {"N": "1"}}}]}, "blob": {"B": b"xyz"}}}},
                    {"DeleteRequest": {"Key": {"orderId": {"S": "ORDER#01"}}}},
                ]
            }
        )
    """,
    """\
    def seed() -> None:
        client.batch_write_item(RequestItems={"Orders": [{"DeleteRequest": {"Key": {"orderId": {"S": f"ORDER#{n:02d}"}}}} for n in range(1, 6) if n % 2]})
    """,
    """\
    def seed() -> None:
        dynamodb.batch_write_item(
            RequestItems={
                "Orders": [
                    {"PutRequest": {"Item": {"orderId": "ORDER#91", "total": Decimal("7"), "nested": {"a": [1, 2]}}}},
                    {"DeleteRequest": {"Key": {"orderId": "ORDER#02"}}},
                ],
            }
        )
    """,
]


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize("body", BATCHES, ids=["typed", "comprehension", "resource"])
def test_ddb605_the_batch_writer_writes_what_the_batch_wrote(body: str) -> None:
    original, after = fixed(body, "DDB605")
    create_table()
    run(original, "seed")
    expected = stored()
    boto3.client("dynamodb").delete_table(TableName="Orders")
    create_table()
    run(after, "seed")
    assert stored() == expected


@pytest.mark.usefixtures("aws")
def test_ddb607_and_ddb608_the_expression_is_accepted() -> None:
    create_table()
    original = HEAD + textwrap.dedent(
        """\
        def paid() -> list:
            return orders.scan(
                FilterExpression="status = :s AND total > :min",
                ExpressionAttributeValues={":s": "PAID", ":min": 100},
                Limit=100,
            )["Items"]
        """
    )
    with pytest.raises(ClientError, match="reserved keyword"):
        run(original, "paid")
    specs = SpecSet([load_spec(SPEC, "orders.ddb.yaml")])
    result = fix_all(
        original,
        "app.py",
        "python",
        lambda t: check_python(t, "app.py", specs).findings,
        lambda t: read_python(t, "app.py", specs),
    )
    assert [f.code for f in result.applied] == ["DDB607", "DDB607"]
    assert ids(run(result.text, "paid")) == ids(
        [i for i in ITEMS if i["status"] == "PAID" and i["total"] > 100]
    )
    original, after = fixed(
        """\
        def set_total(total) -> None:
            orders.update_item(Key={"orderId": "ORDER#01"}, UpdateExpression="SET amount = :total", ExpressionAttributeValues={":tot": total})
        """,
        "DDB608",
        "Rename :tot to :total",
    )
    run(after, "set_total", Decimal("5"))
    assert next(i for i in stored() if i["orderId"] == "ORDER#01")["amount"] == Decimal("5")


@pytest.mark.usefixtures("aws")
def test_ddb610_the_float_is_stored_as_written() -> None:
    create_table([])
    original, after = fixed(
        """\
        def save() -> None:
            orders.put_item(Item={"orderId": "ORDER#1", "amount": 19.99})
        """,
        "DDB610",
    )
    with pytest.raises(TypeError, match="Float types are not supported"):
        run(original, "save")
    run(after, "save")
    assert stored() == [{"orderId": "ORDER#1", "amount": Decimal("19.99")}]


LEGACY = [
    (
        """\
        def legacy() -> list:
            return client.scan(
                TableName="Orders",
                ScanFilter={
                    "status": {"AttributeValueList": [{"S": "PAID"}], "ComparisonOperator": "EQ"},
                    "total": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "30"}, {"N": "150"}]},
                },
                AttributesToGet=["orderId", "status", "total"],
                Limit=100,
            )["Items"]
        """,
        lambda i: i["status"] == "PAID" and 30 <= i["total"] <= 150,
        ["orderId", "status", "total"],
    ),
    (
        """\
        def legacy() -> list:
            return client.query(
                TableName="Orders",
                IndexName="ByCustomer",
                KeyConditions={
                    "customerId": {"AttributeValueList": [{"S": "C1"}], "ComparisonOperator": "EQ"},
                    "createdAt": {"AttributeValueList": [{"S": "2024-01-1"}], "ComparisonOperator": "BEGINS_WITH"},
                },
                QueryFilter={
                    "status": {"AttributeValueList": [{"S": "NEW"}], "ComparisonOperator": "EQ"},
                    "total": {"AttributeValueList": [{"N": "170"}], "ComparisonOperator": "GE"},
                },
                ConditionalOperator="OR",
                Limit=100,
            )["Items"]
        """,
        lambda i: (
            i["customerId"] == "C1"
            and i["createdAt"].startswith("2024-01-1")
            and (i["status"] == "NEW" or i["total"] >= 170)
        ),
        None,
    ),
]


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize(("body", "wanted", "attributes"), LEGACY, ids=["scan", "query-or"])
def test_ddb611_the_expression_finds_what_the_legacy_parameter_meant(
    body: str, wanted: Callable[[dict[str, Any]], bool], attributes: list[str] | None
) -> None:
    """Compared with the items the legacy parameters select, computed from the data:
    moto's own legacy support is not faithful (it ignores AttributesToGet on a Scan and
    mis-reads KeyConditions with a QueryFilter)."""
    create_table()
    _original, after = fixed(body, "DDB611")
    got = run(after, "legacy")
    assert sorted(i["orderId"]["S"] for i in got) == ids([i for i in ITEMS if wanted(i)])
    if attributes is not None:
        assert all(sorted(i) == sorted(attributes) for i in got)


@pytest.mark.usefixtures("aws")
def test_ddb611_conditions_and_updates_do_what_they_did() -> None:
    body = """\
    def touch(order_id: str) -> None:
        orders.update_item(
            Key={"orderId": order_id},
            AttributeUpdates={
                "total": {"Value": Decimal("1"), "Action": "ADD"},
                "status": {"Value": "SHIPPED"},
                "padding": {"Action": "DELETE"},
            },
            Expected={"status": {"Value": "PAID"}, "missing": {"Exists": False}},
        )
    """
    original, after = fixed(body, "DDB611")
    results = []
    for code in (original, after):
        create_table()
        run(code, "touch", "ORDER#01")
        with pytest.raises(ClientError, match="ConditionalCheckFailed"):
            run(code, "touch", "ORDER#03")  # NEW, not PAID
        results.append(stored())
        boto3.client("dynamodb").delete_table(TableName="Orders")
    assert results[0] == results[1]
    assert next(i for i in results[1] if i["orderId"] == "ORDER#01")["status"] == "SHIPPED"


@pytest.mark.usefixtures("aws")
def test_ddb612_the_client_gets_a_string_it_accepts() -> None:
    create_table()
    original, after = fixed(
        """\
        def recent(customer_id: str, since: str) -> list:
            pages = client.get_paginator("query").paginate(
                TableName="Orders",
                IndexName="ByCustomer",
                KeyConditionExpression=Key("customerId").eq(customer_id) & Key("createdAt").gte(since),
                FilterExpression=Attr("status").is_in(["NEW", "PAID"]) & ~Attr("total").lt(50),
            )
            return [item for page in pages for item in page["Items"]]
        """,
        "DDB612",
    )
    with pytest.raises(ParamValidationError):
        run(original, "recent", "C1", "2024-01-05")
    got = run(after, "recent", "C1", "2024-01-05")
    expected = (
        boto3.resource("dynamodb")
        .Table("Orders")
        .query(
            IndexName="ByCustomer",
            KeyConditionExpression=Key("customerId").eq("C1") & Key("createdAt").gte("2024-01-05"),
        )["Items"]
    )
    assert sorted(i["orderId"]["S"] for i in got) == ids([i for i in expected if i["total"] >= 50])
