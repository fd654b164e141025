"""Data access for the order service designed in orders.ddb.yaml, with classic boto3 mistakes."""

from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key

dynamodb = boto3.resource("dynamodb")
orders = dynamodb.Table("Orders")
sessions = dynamodb.Table("Sessions")
client = boto3.client("dynamodb")


def get_order(order_id: str) -> dict:
    return orders.get_item(Key={"orderId": f"ORDER#{order_id}"}).get("Item", {})


def get_order_by_legacy_id(order_id: str) -> dict:
    return orders.get_item(Key={"id": order_id}).get("Item", {})


def get_order_typo(order_id: str) -> dict:
    return orders.get_item(Key={"orderId": f"ORD#{order_id}"}).get("Item", {})


def customer_orders(customer_id: str) -> list:
    """All orders of a customer, following every page."""
    items: list = []
    kwargs = {
        "IndexName": "ByCustomer",
        "KeyConditionExpression": Key("customerId").eq(customer_id),
    }
    while True:
        page = orders.query(**kwargs)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def orders_to_ship() -> list:
    response = orders.query(
        IndexName="ByStatus",
        KeyConditionExpression=Key("status").eq("PAID"),
        ConsistentRead=True,
    )
    return response["Items"]


def orders_by_email(email: str) -> list:
    response = orders.query(
        IndexName="ByEmail",
        KeyConditionExpression=Key("email").eq(email),
        Limit=1,
    )
    return response["Items"]


def export_everything() -> list:
    return orders.scan()["Items"]


def legacy_paid_orders() -> list:
    pages = client.get_paginator("scan").paginate(
        TableName="Orders",
        ScanFilter={"status": {"AttributeValueList": [{"S": "PAID"}], "ComparisonOperator": "EQ"}},
    )
    return [item for page in pages for item in page["Items"]]


def customer_pages(customer_id: str) -> list:
    paginator = client.get_paginator("query")
    pages = paginator.paginate(
        TableName="Orders",
        IndexName="ByCustomer",
        KeyConditionExpression=Key("customerId").eq(customer_id),
    )
    return [item for page in pages for item in page["Items"]]


def pending_in_client_api(customer_id: str) -> list:
    paginator = client.get_paginator("query")
    pages = paginator.paginate(
        TableName="Orders",
        IndexName="ByCustomer",
        KeyConditionExpression="customerId = :c",
        FilterExpression="status = :s",
        ExpressionAttributeValues={":c": {"S": customer_id}, ":s": {"S": "PENDING"}},
    )
    return [item for page in pages for item in page["Items"]]


def set_total(order_id: str, total: Decimal) -> None:
    orders.update_item(
        Key={"orderId": f"ORDER#{order_id}"},
        UpdateExpression="SET #t = :total",
        ExpressionAttributeValues={":tot": total},
    )


def cancel(order_id: str) -> None:
    orders.update_item(
        Key={"orderId": f"ORDER#{order_id}"},
        UpdateExpression="SET #s = :cancelled",
        ConditionExpression="attribute_exists(orderId) AND",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":cancelled": "CANCELLED"},
    )


def save_order(order_id: str, customer_id: str) -> None:
    orders.put_item(
        Item={
            "orderId": f"ORDER#{order_id}",
            "customerId": customer_id,
            "amount": 19.99,
        }
    )


def save_raw(order_id: str) -> None:
    orders.put_item(Item={"orderId": {"S": f"ORDER#{order_id}"}})


def load_many(order_ids: list) -> list:
    found = []
    for order_id in order_ids:
        found.append(orders.get_item(Key={"orderId": f"ORDER#{order_id}"}))
    return found


def load_pair(first: str) -> dict:
    return client.batch_get_item(
        RequestItems={
            "Orders": {
                "Keys": [
                    {"orderId": {"S": f"ORDER#{first}"}},
                    {"orderId": {"S": f"ORDER#{first}"}},
                ]
            }
        }
    )["Responses"]


def archive(order_ids: list) -> None:
    client.batch_write_item(
        RequestItems={
            "Orders": [{"DeleteRequest": {"Key": {"orderId": {"S": f"ORDER#{o}"}}}} for o in order_ids]
        }
    )


def seed_demo_orders() -> None:
    client.batch_write_item(
        RequestItems={
            "Orders": [
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#01"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#02"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#03"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#04"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#05"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#06"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#07"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#08"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#09"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#10"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#11"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#12"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#13"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#14"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#15"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#16"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#17"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#18"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#19"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#20"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#21"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#22"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#23"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#24"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#25"}}}},
                {"PutRequest": {"Item": {"orderId": {"S": "ORDER#26"}}}},
            ]
        }
    )


def bulk_load(rows: list) -> None:
    with orders.batch_writer() as batch:
        for row in rows:
            batch.put_item(Item=row)


def find_missing_param() -> dict:
    return client.get_item(TableName="Orders")


def find_typo_param(customer_id: str) -> list:
    return orders.query(
        IndexName="ByCustomer",
        KeyConditionExpression=Key("customerId").eq(customer_id),
        Limt=10,
    )["Items"]


def customers() -> dict:
    return dynamodb.Table("Customers").get_item(Key={"id": "1"})


def admin_client():
    return boto3.client(
        "dynamodb",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )


def handler(event, context):
    table = boto3.resource("dynamodb").Table("Sessions")
    session = table.get_item(Key={"sessionId": f"SESSION#{event['sessionId']}"})
    return session.get("Item")


def recent_big_orders(customer_id: str) -> list:
    items = []
    paginator = client.get_paginator("query")
    for page in paginator.paginate(
        TableName="Orders",
        IndexName="ByCustomer",
        KeyConditionExpression="customerId = :c",
        FilterExpression="amount > :min AND attribute_exists(#st)",
        ExpressionAttributeNames={"#st": "status"},
        ExpressionAttributeValues={":c": {"S": customer_id}, ":min": {"N": "100"}},
    ):
        items.extend(page["Items"])
    return items


def unused_attr_import_keeps_linters_quiet() -> object:
    return Attr("amount").gt(Decimal("100"))
