"""Sample projects for the command-line tests of Python files: a spec of an Orders table
with two access patterns, and code that performs one of them."""

from __future__ import annotations

from pathlib import Path

from tests.cli.cli_support import write

ORDERS_SPEC = """\
version: 1
name: orders
tables:
  Orders:
    key: {partition: PK, sort: SK}
    entities:
      Order:
        keys: {PK: "ORDER#{orderId}", SK: ORDER}
        item_size: 1KB
        count: 1M
        fields:
          orderId: {type: S, format: uuid, cardinality: 1M}
    access_patterns:
      - name: get-order
        op: GetItem
        entity: Order
        key: {PK: "ORDER#{orderId}", SK: ORDER}
        rate: 10/s
      - name: put-order{suppression}
        op: PutItem
        entity: Order
        rate: 1/s
"""
# 1-based line of put-order's name: where DDB706 points.
PUT_ORDER_LINE = 19


def orders_spec(suppression: str = "") -> str:
    return ORDERS_SPEC.replace("{suppression}", suppression)


# The table comes from an environment variable: only table-names (or the spec's code:
# names) tells which spec table it is.
APP_WITH_ENV = """\
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])


def get_order(order_id: str) -> dict:
    return table.get_item(Key={"PK": f"ORDER#{order_id}", "SK": "ORDER"}).get("Item", {})


def get_typo(order_id: str) -> dict:
    return table.get_item(Key={"PK": f"ORDR#{order_id}", "SK": "ORDER"}).get("Item", {})


def everything() -> list:
    return table.scan()["Items"]
"""
TYPO_LINE, SCAN_LINE = 13, 17

# The same with the table named literally.
APP = APP_WITH_ENV.replace('os.environ["ORDERS_TABLE"]', '"Orders"')

PYPROJECT = """\
[tool.ddb-architect]
spec = ["design/*.ddb.yaml"]

[tool.ddb-architect.table-names]
ORDERS_TABLE = "Orders"
"""


def orders_project(root: Path, pyproject: str = PYPROJECT, app: str = APP_WITH_ENV) -> Path:
    """``pyproject.toml``, ``design/orders.ddb.yaml`` and ``src/app.py`` under ``root``."""
    write(root, "pyproject.toml", pyproject)
    write(root, "design/orders.ddb.yaml", orders_spec())
    return write(root, "src/app.py", app)
