"""Hovers in Python code: a DynamoDB call shows the access pattern it performs, its units per
call and its monthly cost at the pattern's rate, or why it matches none; a table name or an
``IndexName`` shows its definition in the spec. Figures are read from the design's bill."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ddb_architect.code.specs import SpecSet
from ddb_architect.cost.design_bill import price_design
from ddb_architect.cost.money import format_usd
from ddb_architect.engine import read_python
from ddb_architect.findings import Position, Span
from ddb_architect.hover import HoverResult
from ddb_architect.hover.code import CodeHovers, code_hover_at, priced_in
from ddb_architect.hover.costs import units_per_request
from ddb_architect.spec.loader import load_spec

SPEC = textwrap.dedent(
    """\
    version: 1
    region: us-east-1
    tables:
      Orders:
        billing: on-demand
        key: {partition: orderId}
        attributes: {orderId: S, status: S, createdAt: S, customerId: S}
        code: {table_name_env: ORDERS_TABLE}
        indexes:
          ByStatus:
            key: {partition: status, sort: createdAt}
            projection: keys-only
          ByCustomer:
            key: {partition: customerId}
            projection: [status]
        entities:
          Order:
            keys: {orderId: "ORDER#{orderId}", status: "{status}", createdAt: "{createdAt}", customerId: "{customerId}"}
            item_size: 2KB
            count: 1M
            fields:
              orderId: {type: S, format: uuid}
              status: {type: S, values: [PAID, SHIPPED]}
              createdAt: {type: S, format: iso8601}
              customerId: {type: S, cardinality: 10K}
        access_patterns:
          - name: get-order
            op: GetItem
            entity: Order
            key: {orderId: "ORDER#{orderId}"}
            rate: 100/s
          - name: orders-to-ship
            op: Query
            index: ByStatus
            key: {status: PAID}
            items: 50
            rate: 5/s
          - name: customer-orders
            op: Query
            index: ByCustomer
            key: {customerId: "{customerId}"}
            items: 10
          - name: customer-orders-again
            op: Query
            index: ByCustomer
            key: {customerId: "{customerId}"}
            items: 10
            rate: 1/s
    """
)

SPEC_PATH = "/project/orders.ddb.yaml"
CODE_PATH = "/project/app.py"

CODE = textwrap.dedent(
    """\
    import os

    import boto3
    from boto3.dynamodb.conditions import Key

    dynamodb = boto3.resource("dynamodb")
    orders = dynamodb.Table("Orders")
    by_env = dynamodb.Table(os.environ["ORDERS_TABLE"])
    other_env = dynamodb.Table(os.environ["OTHER_TABLE"])
    client = boto3.client("dynamodb")
    INDEX = os.environ.get("INDEX")


    def get_order(order_id):
        return orders.get_item(Key={"orderId": f"ORDER#{order_id}"})


    def to_ship():
        return orders.query(IndexName="ByStatus", KeyConditionExpression=Key("status").eq("PAID"))


    def by_customer(customer_id):
        return orders.query(IndexName="ByCustomer", KeyConditionExpression=Key("customerId").eq(customer_id))


    def by_email(email):
        return orders.query(IndexName="ByEmail", KeyConditionExpression=Key("email").eq(email))


    def by_variable(value):
        return orders.query(IndexName=INDEX, KeyConditionExpression=Key("status").eq(value))


    def cancel(order_id):
        by_env.update_item(Key={"orderId": f"ORDER#{order_id}"}, UpdateExpression="SET #s = :s")


    def anything():
        return other_env.scan()


    def all_pages():
        return client.get_paginator("query").paginate(TableName="Orders", IndexName="ByStatus")


    def customers():
        return client.get_item(TableName="Customers", Key={"id": {"S": "1"}})


    def pair():
        return client.batch_get_item(RequestItems={"Orders": {"Keys": []}})
    """
)


def specs(spec: str = SPEC, table_names: dict[str, str] | None = None) -> SpecSet:
    return SpecSet([load_spec(spec, SPEC_PATH)], table_names or {})


def hover(needle: str, *, offset: int = 0, code: str = CODE, spec_set: SpecSet | None = None) -> HoverResult:
    """The hover ``offset`` code points into the first ``needle`` of the code; it must
    have one."""
    line, column = where(code, needle)
    found = code_hover_at(
        code, CODE_PATH, spec_set or specs(), line, column + offset, origin="beside the code"
    )
    assert found is not None, f"no hover on {needle!r}"
    return found


def where(code: str, needle: str) -> tuple[int, int]:
    for number, text in enumerate(code.splitlines()):
        if needle in text:
            return number, text.index(needle)
    raise AssertionError(f"{needle!r} is not in the code")


def pattern_cost(name: str) -> tuple[str, str]:
    """The units per call and the monthly dollars of an access pattern, from the bill."""
    design = load_spec(SPEC, SPEC_PATH).design
    assert design is not None
    cost = next(p for t in price_design(design).tables for p in t.patterns if p.name == name)
    assert cost.load is not None
    assert cost.monthly_usd is not None
    return units_per_request(cost.load), format_usd(cost.monthly_usd)


def test_a_query_shows_its_access_pattern_units_and_monthly_cost() -> None:
    found = hover('orders.query(IndexName="ByStatus"', offset=len("orders.q"))

    units, dollars = pattern_cost("orders-to-ship")
    assert found.markdown.startswith("`query` · **Query** on Orders, index ByStatus")
    assert "Access pattern **orders-to-ship**" in found.markdown
    assert f"per call: **{units}**" in found.markdown
    assert f"**{dollars} a month**" in found.markdown
    assert "5/s × 2,628,000 s" in found.markdown
    assert "[orders.ddb.yaml:32](file:///project/orders.ddb.yaml#L32)" in found.markdown
    assert "us-east-1" in found.markdown
    assert "prices as of" in found.markdown
    line, column = where(CODE, 'orders.query(IndexName="ByStatus"')
    start = column + len("orders.")
    assert found.span == Span(Position(line, start), Position(line, start + len("query")))


def test_a_call_is_priced_in_the_region_asked_for() -> None:
    context = read_python(CODE, CODE_PATH, specs())
    assert context is not None
    line, column = where(CODE, 'orders.query(IndexName="ByStatus"')
    found = CodeHovers(context, priced=priced_in("eu-central-1")).at(line, column + len("orders.q"))

    design = load_spec(SPEC, SPEC_PATH).design
    assert design is not None
    cost = next(
        p
        for t in price_design(design, region="eu-central-1").tables
        for p in t.patterns
        if p.name == "orders-to-ship"
    )
    assert cost.monthly_usd is not None
    assert found is not None
    assert f"**{format_usd(cost.monthly_usd)} a month**" in found.markdown
    assert pattern_cost("orders-to-ship")[1] != format_usd(cost.monthly_usd)
    assert "eu-central-1" in found.markdown


def test_a_get_item_matches_the_table_pattern() -> None:
    found = hover("orders.get_item", offset=len("orders.g"))

    units, dollars = pattern_cost("get-order")
    assert "Access pattern **get-order**" in found.markdown
    assert f"per call: **{units}**" in found.markdown
    assert dollars in found.markdown


def test_every_matching_pattern_is_listed_and_one_without_a_rate_says_so() -> None:
    found = hover('orders.query(IndexName="ByCustomer"', offset=len("orders.q"))

    assert "Matches 2 access patterns" in found.markdown
    assert "**customer-orders**" in found.markdown
    assert "**customer-orders-again**" in found.markdown
    assert "give the pattern a `rate`" in found.markdown
    assert found.markdown.count("prices as of") == 1


def test_the_paginator_operation_name_shows_the_pattern() -> None:
    found = hover('get_paginator("query")', offset=len('get_paginator("q'))

    assert "**orders-to-ship**" in found.markdown
    assert found.markdown.startswith("`paginate`")
    line, column = where(CODE, 'get_paginator("query")')
    start = column + len("get_paginator(")
    assert found.span == Span(Position(line, start), Position(line, start + len('"query"')))


def test_an_operation_no_pattern_declares_lists_the_tables_patterns() -> None:
    found = hover("by_env.update_item", offset=len("by_env.u"))

    assert "No access pattern of Orders declares an UpdateItem" in found.markdown
    assert "| get-order | GetItem | table | 100/s |" in found.markdown
    assert "| customer-orders | Query | ByCustomer | no rate |" in found.markdown


def test_an_unknown_index_says_which_ones_exist() -> None:
    found = hover('orders.query(IndexName="ByEmail"', offset=len("orders.q"))

    assert "Index `ByEmail` is not declared on Orders (indexes: ByStatus, ByCustomer)" in found.markdown
    assert "Access pattern" not in found.markdown


def test_an_index_named_by_a_variable_is_unknown() -> None:
    found = hover("orders.query(IndexName=INDEX", offset=len("orders.q"))

    assert "`IndexName` is not a literal string" in found.markdown


def test_an_undeclared_table_and_an_unmapped_variable_say_so() -> None:
    customers = hover("client.get_item", offset=len("client.g"))
    assert "Table `Customers` is not declared in the spec (tables: Orders)" in customers.markdown

    scan = hover("other_env.scan", offset=len("other_env.s"))
    assert "environment variable `OTHER_TABLE`" in scan.markdown
    assert "table_name_env" in scan.markdown


def test_without_a_spec_the_hover_says_where_specs_were_looked_for() -> None:
    found = hover("orders.get_item", offset=len("orders.g"), spec_set=SpecSet())

    assert "No design spec applies to this file (beside the code)" in found.markdown


def test_a_table_name_shows_its_definition() -> None:
    found = hover('Table("Orders")', offset=len('Table("'))

    assert found.markdown.startswith(
        "**Orders** · table in [orders.ddb.yaml:4](file:///project/orders.ddb.yaml#L4) — **$"
    )
    assert "key: partition `orderId` (S)" in found.markdown
    assert "billing: on-demand, standard class" in found.markdown
    assert "named in code as `$ORDERS_TABLE`" in found.markdown
    assert (
        "| ByStatus | partition `status` (S), sort `createdAt` (S) | keys-only | orders-to-ship |"
        in found.markdown
    )
    assert "| ByCustomer | partition `customerId` (S) | projects `status` |" in found.markdown
    line, column = where(CODE, 'Table("Orders")')
    start = column + len("Table(")
    assert found.span == Span(Position(line, start), Position(line, start + len('"Orders"')))


def test_a_table_named_by_its_environment_variable_or_in_a_batch_shows_its_definition() -> None:
    assert hover('os.environ["ORDERS_TABLE"]').markdown.startswith("**Orders** · table")
    assert hover('RequestItems={"Orders"', offset=len("RequestItems={")).markdown.startswith(
        "**Orders** · table"
    )
    assert hover('TableName="Orders"', offset=len("TableName=")).markdown.startswith("**Orders** · table")


def test_a_table_name_the_spec_does_not_declare() -> None:
    found = hover('TableName="Customers"', offset=len("TableName="))

    assert found.markdown.startswith("`Customers` · table")
    assert "not declared in the spec" in found.markdown


def test_an_index_name_shows_its_definition() -> None:
    found = hover('IndexName="ByStatus"', offset=len("IndexName="))

    assert found.markdown.startswith(
        "**ByStatus** · global index of Orders in [orders.ddb.yaml:10](file:///project/orders.ddb.yaml#L10)"
    )
    assert "key: partition `status` (S), sort `createdAt` (S)" in found.markdown
    assert "projection: keys-only" in found.markdown
    assert "access patterns on it: orders-to-ship (Query)" in found.markdown


def test_an_undeclared_index_name() -> None:
    found = hover('IndexName="ByEmail"', offset=len("IndexName="))

    assert found.markdown.startswith("**ByEmail** · index")
    assert "not declared on Orders" in found.markdown


def test_table_names_from_configuration_map_to_the_spec() -> None:
    found = hover(
        "other_env.scan", offset=len("other_env.s"), spec_set=specs(table_names={"OTHER_TABLE": "Orders"})
    )

    assert "No access pattern of Orders declares a Scan" in found.markdown


def test_nothing_elsewhere_and_nothing_in_code_that_does_not_parse() -> None:
    line, column = where(CODE, "def get_order")
    assert code_hover_at(CODE, CODE_PATH, specs(), line, column) is None
    assert code_hover_at(CODE, CODE_PATH, specs(), 999, 0) is None
    line, column = where(CODE, "orders.get_item")
    # Just past the method name: the opening parenthesis has no hover.
    assert code_hover_at(CODE, CODE_PATH, specs(), line, column + len("orders.get_item")) is None
    assert code_hover_at("def broken(:\n", CODE_PATH, specs(), 0, 1) is None


def test_columns_count_code_points_after_non_ascii_text() -> None:
    code = CODE.replace("def to_ship():\n    return", 'def to_ship():\n    note = "😋 é"; return')
    line, column = where(code, 'orders.query(IndexName="ByStatus"')
    found = code_hover_at(code, CODE_PATH, specs(), line, column + len("orders.q"))

    assert found is not None
    assert "**orders-to-ship**" in found.markdown
    assert found.span.start == Position(line, column + len("orders."))


def test_a_spec_without_a_path_on_disk_is_named_without_a_link() -> None:
    spec_set = SpecSet([load_spec(SPEC, "orders.ddb.yaml")], {})
    found = hover('Table("Orders")', offset=len('Table("'), spec_set=spec_set)

    assert "table in orders.ddb.yaml:4 —" in found.markdown


def test_hovers_are_prepared_once_for_many_positions() -> None:
    from ddb_architect.engine import read_python

    context = read_python(CODE, CODE_PATH, specs())
    assert context is not None
    hovers = CodeHovers(context)
    hovers.prepare()
    for needle in ("orders.get_item", "orders.query", "by_env.update_item"):
        line, column = where(CODE, needle)
        assert hovers.at(line, column + needle.index(".") + 1) is not None


@pytest.mark.parametrize("spec_path", ["/elsewhere/design/orders.ddb.yaml"])
def test_a_spec_in_another_folder_is_named_relative_to_the_code(spec_path: str) -> None:
    spec_set = SpecSet([load_spec(SPEC, spec_path)], {})
    found = hover('Table("Orders")', offset=len('Table("'), spec_set=spec_set)

    relative = Path("..") / "elsewhere" / "design" / "orders.ddb.yaml"
    assert f"[{relative}:4]" in found.markdown.replace("\\", "")
