"""Sound boto3 code, written the ways real services write it, raises no error and no
warning: tables held by classes and helpers, names from constants and the environment,
sessions, ``meta.client``, ``**kwargs`` dicts, paginators and LastEvaluatedKey loops,
batch writers, COUNT and ``Limit=1`` reads, placeholders for reserved words, Decimals,
typed values on a plain client, conditional writes, transactions, import aliases,
``__main__`` blocks, retries, polling and async code. Information findings (DDB613) are
allowed. Checked without a spec."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.code.boto3_helpers import findings, problems


@pytest.fixture(autouse=True)
def no_rule_fails(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    with caplog.at_level(logging.ERROR, logger="ddb_architect"):
        yield
    failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not failures, failures


REPOSITORY = '''
"""Orders, kept in one table: the order item and its events under ORDER#<id>."""

from __future__ import annotations

import os
import time
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError


class OrderRepository:
    def __init__(self, table: Any = None) -> None:
        self.table = table or boto3.resource("dynamodb").Table(os.environ["TABLE"])

    def get(self, order_id: str) -> dict[str, Any] | None:
        response = self.table.get_item(Key={"pk": f"ORDER#{order_id}", "sk": "META"}, ConsistentRead=True)
        return response.get("Item")

    def create(self, order_id: str, amount: Decimal) -> bool:
        try:
            self.table.put_item(
                Item={"pk": f"ORDER#{order_id}", "sk": "META", "amount": amount, "status": "NEW"},
                ConditionExpression="attribute_not_exists(pk)",
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def set_status(self, order_id: str, status: str, expected: str) -> dict[str, Any]:
        response = self.table.update_item(
            Key={"pk": f"ORDER#{order_id}", "sk": "META"},
            UpdateExpression="SET #status = :new, updatedAt = :now ADD version :one",
            ConditionExpression="#status = :expected",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":new": status,
                ":expected": expected,
                ":now": Decimal(int(time.time())),
                ":one": 1,
            },
            ReturnValues="ALL_NEW",
        )
        return response["Attributes"]

    def history(self, order_id: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(f"ORDER#{order_id}") & Key("sk").begins_with("EVENT#"),
            "ScanIndexForward": False,
        }
        while True:
            page = self.table.query(**kwargs)
            items.extend(page["Items"])
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def count_events(self, order_id: str) -> int:
        response = self.table.query(
            KeyConditionExpression=Key("pk").eq(f"ORDER#{order_id}") & Key("sk").begins_with("EVENT#"),
            Select="COUNT",
        )
        return response["Count"]

    def latest_event(self, order_id: str) -> dict[str, Any] | None:
        response = self.table.query(
            KeyConditionExpression=Key("pk").eq(f"ORDER#{order_id}"),
            ScanIndexForward=False,
            Limit=1,
        )
        items = response["Items"]
        return items[0] if items else None

    def expensive(self, order_id: str, minimum: Decimal) -> list[dict[str, Any]]:
        found = []
        start = None
        while True:
            kwargs: dict[str, Any] = {
                "KeyConditionExpression": Key("pk").eq(f"ORDER#{order_id}"),
                "FilterExpression": Attr("amount").gte(minimum) & Attr("status").ne("CANCELLED"),
            }
            if start:
                kwargs["ExclusiveStartKey"] = start
            response = self.table.query(**kwargs)
            found.extend(response["Items"])
            start = response.get("LastEvaluatedKey")
            if not start:
                break
        return found

    def delete(self, order_id: str) -> None:
        self.table.delete_item(
            Key={"pk": f"ORDER#{order_id}", "sk": "META"},
            ConditionExpression=Attr("status").is_in(["NEW", "CANCELLED"]),
        )
'''

HELPERS = """
import os

import boto3
import boto3.session
from boto3.dynamodb.conditions import Key

ORDERS_TABLE = "Orders"
SESSIONS_TABLE = os.environ.get("SESSIONS_TABLE", "Sessions")
REGION = os.getenv("AWS_REGION", "eu-west-1")

_session = boto3.session.Session(region_name=REGION)


def orders_table():
    return _session.resource("dynamodb").Table(ORDERS_TABLE)


def sessions_table():
    dynamodb = boto3.session.Session().resource("dynamodb", region_name=REGION)
    return dynamodb.Table(SESSIONS_TABLE)


def customer_orders(customer_id):
    table = orders_table()
    items = []
    response = table.query(IndexName="ByCustomer", KeyConditionExpression=Key("customerId").eq(customer_id))
    items.extend(response["Items"])
    while "LastEvaluatedKey" in response:
        response = table.query(
            IndexName="ByCustomer",
            KeyConditionExpression=Key("customerId").eq(customer_id),
            ExclusiveStartKey=response["LastEvaluatedKey"],
        )
        items.extend(response["Items"])
    return items


def session(session_id):
    return sessions_table().get_item(Key={"sessionId": session_id}).get("Item")


def touch(session_id, expires_at):
    sessions_table().update_item(
        Key={"sessionId": session_id},
        UpdateExpression="SET #ttl = :expires",
        ExpressionAttributeNames={"#ttl": "ttl"},
        ExpressionAttributeValues={":expires": expires_at},
    )
"""

META_CLIENT = """
import boto3
from boto3.dynamodb.conditions import Attr, Key

table = boto3.resource("dynamodb").Table("Orders")
meta = table.meta.client


def pages(customer_id):
    paginator = meta.get_paginator("query")
    for page in paginator.paginate(
        TableName="Orders",
        IndexName="ByCustomer",
        KeyConditionExpression=Key("customerId").eq(customer_id),
        FilterExpression=Attr("status").eq("PAID"),
    ):
        yield from page["Items"]


def save(order_id, amount):
    meta.put_item(TableName="Orders", Item={"pk": order_id, "amount": amount, "tags": ["new"]})


def load_two(first, second):
    request = {"Orders": {"Keys": [{"pk": first}, {"pk": second}]}}
    found = []
    while request:
        response = table.meta.client.batch_get_item(RequestItems=request)
        found.extend(response["Responses"].get("Orders", []))
        request = response.get("UnprocessedKeys")
    return found


def transfer(source, target, amount):
    table.meta.client.transact_write_items(
        TransactItems=[
            {
                "Update": {
                    "TableName": "Orders",
                    "Key": {"pk": source},
                    "UpdateExpression": "SET balance = balance - :amount",
                    "ConditionExpression": "balance >= :amount",
                    "ExpressionAttributeValues": {":amount": amount},
                }
            },
            {
                "Update": {
                    "TableName": "Orders",
                    "Key": {"pk": target},
                    "UpdateExpression": "SET balance = balance + :amount",
                    "ExpressionAttributeValues": {":amount": amount},
                }
            },
        ]
    )
"""

PLAIN_CLIENT = """
import os

import boto3
from boto3.dynamodb.types import TypeDeserializer

client = boto3.client("dynamodb")
TABLE = os.environ["TABLE"]
deserializer = TypeDeserializer()


def get(order_id):
    response = client.get_item(TableName=TABLE, Key={"pk": {"S": f"ORDER#{order_id}"}})
    item = response.get("Item")
    return {k: deserializer.deserialize(v) for k, v in item.items()} if item else None


def put(order_id, amount, tags):
    client.put_item(
        TableName=TABLE,
        Item={
            "pk": {"S": f"ORDER#{order_id}"},
            "amount": {"N": str(amount)},
            "tags": {"SS": tags},
            "paid": {"BOOL": False},
            "note": {"NULL": True},
            "lines": {"L": [{"M": {"sku": {"S": "A"}, "qty": {"N": "1"}}}]},
        },
        ConditionExpression="attribute_not_exists(pk)",
    )


def by_customer(customer_id):
    items = []
    paginator = client.get_paginator("query")
    for page in paginator.paginate(
        TableName=TABLE,
        IndexName="ByCustomer",
        KeyConditionExpression="customerId = :c",
        FilterExpression="#s <> :cancelled",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":c": {"S": customer_id}, ":cancelled": {"S": "CANCELLED"}},
        PaginationConfig={"PageSize": 100},
    ):
        items.extend(page["Items"])
    return items


def transfer(source, target, amount):
    client.transact_write_items(
        TransactItems=[
            {
                "Update": {
                    "TableName": TABLE,
                    "Key": {"pk": {"S": source}},
                    "UpdateExpression": "SET balance = balance - :a",
                    "ConditionExpression": "balance >= :a",
                    "ExpressionAttributeValues": {":a": {"N": str(amount)}},
                }
            },
            {
                "Put": {
                    "TableName": TABLE,
                    "Item": {"pk": {"S": f"LEDGER#{source}#{target}"}, "amount": {"N": str(amount)}},
                }
            },
        ]
    )


def write_all(requests):
    pending = {TABLE: requests}
    while pending:
        response = client.batch_write_item(RequestItems=pending)
        pending = response["UnprocessedItems"]
"""

BATCH_WRITER = """
import csv

import boto3

dynamodb = boto3.resource("dynamodb")
table = dynamodb.Table("Orders")


def load(path, removed):
    with open(path) as handle, table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
        for row in csv.DictReader(handle):
            batch.put_item(Item={"pk": row["id"], "sk": "META", "qty": int(row["qty"])})
        for key in removed:
            batch.delete_item(Key={"pk": key, "sk": "META"})


def purge(keys):
    writer = table.batch_writer()
    with writer:
        for key in keys:
            writer.delete_item(Key=key)
"""

ALIASES = """
import boto3 as b3
from boto3 import client as make_client, resource
from boto3.dynamodb.conditions import Key as K

orders = resource("dynamodb").Table("Orders")
raw = make_client("dynamodb")
other = b3.resource("dynamodb", region_name="us-west-2").Table("Orders")


def first(pk):
    return orders.query(KeyConditionExpression=K("pk").eq(pk), Limit=1)["Items"]


def raw_first(pk):
    return raw.query(
        TableName="Orders",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": pk}},
        Limit=1,
    )["Items"]


def replica(pk):
    return other.get_item(Key={"pk": pk}).get("Item")


if __name__ == "__main__":
    dynamodb = b3.resource("dynamodb")
    table = dynamodb.Table("Orders")
    print(table.get_item(Key={"pk": "demo"}).get("Item"))
"""

RESERVED_WORDS = """
import boto3
from boto3.dynamodb.conditions import Attr, Key

table = boto3.resource("dynamodb").Table("Events")


def by_year(year, name):
    return table.query(
        KeyConditionExpression=Key("year").eq(year) & Key("name").begins_with(name),
        FilterExpression=Attr("status").eq("OPEN") & Attr("count").gt(0) & Attr("data").exists(),
        ProjectionExpression="#y, #n, #d, #c",
        ExpressionAttributeNames={"#y": "year", "#n": "name", "#d": "data", "#c": "count"},
        Limit=50,
    )


def rename(event_id, name, comment):
    table.update_item(
        Key={"year": 2024, "name": event_id},
        UpdateExpression="SET #comment = :comment, #user = :user REMOVE #size",
        ExpressionAttributeNames={"#comment": "comment", "#user": "user", "#size": "size"},
        ExpressionAttributeValues={":comment": comment, ":user": name},
    )
"""

LOOPS = """
import time

import boto3
from botocore.exceptions import ClientError

table = boto3.resource("dynamodb").Table("Jobs")


def wait_for(job_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = table.get_item(Key={"pk": f"JOB#{job_id}"}, ConsistentRead=True)
        if response.get("Item", {}).get("state") == "DONE":
            return response["Item"]
        time.sleep(2)
    raise TimeoutError(job_id)


def claim(job_id, worker):
    for attempt in range(5):
        try:
            table.update_item(
                Key={"pk": f"JOB#{job_id}"},
                UpdateExpression="SET lockedBy = :w",
                ConditionExpression="attribute_not_exists(lockedBy)",
                ExpressionAttributeValues={":w": worker},
            )
            return True
        except ClientError:
            time.sleep(2**attempt)
    return False


def save_with_retry(item):
    attempt = 0
    while True:
        try:
            table.put_item(Item=item)
            break
        except ClientError:
            attempt += 1
            if attempt > 3:
                raise
            time.sleep(attempt)


def fields(job_id):
    return sorted(table.get_item(Key={"pk": f"JOB#{job_id}"})["Item"].keys())
"""

ASYNC = """
import asyncio
import functools
import os

import boto3
from boto3.dynamodb.conditions import Key

dynamodb = boto3.resource("dynamodb")
table = dynamodb.Table(os.environ["TABLE"])


async def get(pk):
    loop = asyncio.get_running_loop()
    response = await loop.run_in_executor(None, functools.partial(table.get_item, Key={"pk": pk}))
    return response.get("Item")


async def get_many(keys):
    return await asyncio.gather(*(asyncio.to_thread(table.get_item, Key={"pk": k}) for k in keys))


async def all_of(pk):
    items = []
    kwargs = {"KeyConditionExpression": Key("pk").eq(pk)}
    while True:
        response = await asyncio.to_thread(lambda: table.query(**kwargs))
        items.extend(response["Items"])
        if "LastEvaluatedKey" not in response:
            return items
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


async def handler(event, context):
    return await get(event["pk"])
"""

LAMBDA = """
import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def lambda_handler(event, context):
    body = json.loads(event["body"])
    TABLE.put_item(Item={"pk": body["id"], "payload": body}, ConditionExpression="attribute_not_exists(pk)")
    return {"statusCode": 201}
"""

INHERITANCE = """
import os
from functools import cached_property

import boto3


class Base:
    table_name = os.environ["TABLE"]

    @cached_property
    def table(self):
        return boto3.resource("dynamodb").Table(self.table_name)


class Customers(Base):
    def get(self, customer_id):
        return self.table.get_item(Key={"pk": customer_id}).get("Item")

    def upsert(self, customer_id, email):
        self.table.put_item(Item={"pk": customer_id, "email": email})
"""

BUILT_CONDITIONS = """
import boto3
from boto3.dynamodb.conditions import Attr, Key

table = boto3.resource("dynamodb").Table("Products")


def search(category, brand=None, max_price=None, in_stock=None):
    condition = Key("category").eq(category)
    flt = None
    if brand:
        flt = Attr("brand").eq(brand)
    if max_price is not None:
        flt = flt & Attr("price").lte(max_price) if flt else Attr("price").lte(max_price)
    if in_stock:
        flt = flt & Attr("stock").gt(0) if flt else Attr("stock").gt(0)
    kwargs = {"KeyConditionExpression": condition}
    if flt is not None:
        kwargs["FilterExpression"] = flt
    items = []
    while True:
        response = table.query(**kwargs)
        items += response["Items"]
        if "LastEvaluatedKey" not in response:
            break
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    return items
"""

LAZY_GLOBAL = """
import os

import boto3
from boto3.dynamodb.conditions import Key
from flask import Flask, jsonify

app = Flask(__name__)
_table = None


def get_table():
    global _table
    if _table is None:
        _table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
    return _table


@app.route("/orders/<order_id>")
def show(order_id):
    item = get_table().get_item(Key={"pk": f"ORDER#{order_id}"}).get("Item")
    return jsonify(item or {})


@app.route("/customers/<customer_id>/orders")
def orders(customer_id):
    paginator = _table.meta.client.get_paginator("query")
    pages = paginator.paginate(
        TableName=os.environ["TABLE"],
        IndexName="ByCustomer",
        KeyConditionExpression=Key("customerId").eq(customer_id),
    )
    return jsonify([item for page in pages for item in page["Items"]])
"""

MODULES = {
    "repository-class": REPOSITORY,
    "helpers-and-sessions": HELPERS,
    "meta-client": META_CLIENT,
    "plain-client": PLAIN_CLIENT,
    "batch-writer": BATCH_WRITER,
    "aliases-and-main": ALIASES,
    "reserved-words": RESERVED_WORDS,
    "retries-and-polling": LOOPS,
    "async": ASYNC,
    "lambda-module-level": LAMBDA,
    "inheritance-and-properties": INHERITANCE,
    "conditions-built-step-by-step": BUILT_CONDITIONS,
    "lazy-global-in-a-web-app": LAZY_GLOBAL,
}


@pytest.mark.parametrize("code", MODULES.values(), ids=MODULES.keys())
def test_sound_code_raises_no_error_or_warning(code: str) -> None:
    assert problems(code) == []


@pytest.mark.parametrize("code", MODULES.values(), ids=MODULES.keys())
def test_the_sound_code_is_read(code: str) -> None:
    """Each module's calls are seen (so its silence means something): every module has a
    DynamoDB call the reader resolves."""
    from ddb_architect.code.specs import SpecSet
    from ddb_architect.engine import read_python
    from tests.code.boto3_helpers import source

    context = read_python(source(code), "module.py", SpecSet())
    assert context is not None
    assert context.calls, "no DynamoDB call was resolved"


def test_the_async_handler_is_only_told_about_nothing() -> None:
    """A handler that reuses a module-level table is not DDB613's."""
    assert not findings(ASYNC, "DDB613")
    assert not findings(LAMBDA, "DDB613")
