"""6xx rules (DDB601–DDB617): boto3 code DynamoDB would reject, or that hurts in
production. Each rule fires on a small snippet, checked for its code, severity, the line
and the column rules.md says it points at (the method, the argument, the word inside the
string, the float, the credential argument), and the words of its message; and stays quiet
on the nearest sound variant. Snippets are checked without a spec, except DDB603, which
reads the index kind from one when there is one.

Real-world shaped code that must raise no error or warning is in
``test_boto3_clean_code.py``; how objects are resolved, in ``test_reader.py``."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from ddb_architect.code.specs import SpecSet, load_specs
from ddb_architect.findings import Severity
from tests.code.boto3_helpers import at, covered, findings, none, one, position, source


@pytest.fixture(autouse=True)
def no_rule_fails(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A rule that raises is logged and skipped by the engine: here it fails the test."""
    with caplog.at_level(logging.ERROR, logger="ddb_architect"):
        yield
    failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not failures, failures


HEADER = """\
import boto3
from boto3.dynamodb.conditions import Attr, Key
from decimal import Decimal

dynamodb = boto3.resource("dynamodb")
table = dynamodb.Table("Orders")
client = boto3.client("dynamodb")
"""


def snippet(body: str) -> str:
    """The body after the usual header: a resource, a Table, a plain client."""
    return HEADER + "\n" + source(body)


# --------------------------------------------------------------------------- DDB601


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        ("table.scan(Limit=10)", "scan"),
        ('client.scan(TableName="Orders", Limit=10)', "scan"),
        ('table.meta.client.scan(TableName="Orders", Limit=10)', "scan"),
        ('dynamodb.meta.client.scan(TableName="Orders", Limit=10)', "scan"),
        ('client.get_paginator("scan").paginate(TableName="Orders")', '"scan"'),
    ],
    ids=["table", "client", "table-meta-client", "resource-meta-client", "paginator"],
)
def test_ddb601_a_scan_on_a_table_a_client_or_a_paginator(call: str, needle: str) -> None:
    code = snippet(f"def export():\n    return {call}\n")
    finding = one(code, "DDB601")
    assert finding.severity is Severity.WARNING
    assert at(finding) == position(code, needle)
    assert at(finding) == (10, 11 + call.index(needle))
    assert covered(code, finding) == needle
    assert "reads, and pays for, every item" in finding.message
    assert "Query" in finding.message
    if needle == '"scan"':
        assert finding.message.startswith("a paginated Scan")


def test_ddb601_names_the_table_when_it_is_known() -> None:
    finding = one(snippet("table.scan(Limit=1)\n"), "DDB601")
    assert "Scan of 'Orders'" in finding.message


def test_ddb601_a_query_and_a_query_paginator_are_not_scans() -> None:
    code = snippet(
        """
        def customer(customer_id):
            return table.query(KeyConditionExpression=Key("pk").eq(customer_id), Limit=5)

        def pages():
            return client.get_paginator("query").paginate(TableName="Orders")
        """
    )
    none(code, "DDB601")


def test_ddb601_a_scan_paginator_that_is_never_paginated_makes_no_call() -> None:
    none(snippet('paginator = client.get_paginator("scan")\n'), "DDB601")


# --------------------------------------------------------------------------- DDB602


def test_ddb602_a_query_whose_items_are_read_from_the_first_page_only() -> None:
    code = snippet(
        """
        def orders_of(customer_id):
            response = table.query(KeyConditionExpression=Key("customerId").eq(customer_id))
            return response["Items"]
        """
    )
    finding = one(code, "DDB602")
    assert finding.severity is Severity.WARNING
    assert at(finding) == position(code, "query(") == (10, 21)
    assert covered(code, finding) == "query"
    assert "only the first page of this Query is read" in finding.message
    assert "1 MB" in finding.message
    assert 'ExclusiveStartKey=response["LastEvaluatedKey"]' in finding.message
    assert 'get_paginator("query")' in finding.message


@pytest.mark.parametrize(
    "read",
    [
        'table.scan()["Items"]',
        'table.scan().get("Items", [])',
        "[item for item in table.scan()['Items']]",
    ],
)
def test_ddb602_a_scan_result_read_directly(read: str) -> None:
    code = snippet(f"def everything():\n    return {read}\n")
    finding = one(code, "DDB602")
    assert covered(code, finding) == "scan"
    assert "this Scan" in finding.message


def test_ddb602_items_read_through_a_variable_in_a_loop() -> None:
    code = snippet(
        """
        def names():
            result = table.scan(ProjectionExpression="pk")
            for item in result["Items"]:
                print(item["pk"])
        """
    )
    assert at(one(code, "DDB602")) == position(code, "scan(")


@pytest.mark.parametrize(
    "body",
    [
        # one page on purpose
        'return table.query(KeyConditionExpression=Key("pk").eq(pk), Limit=1)["Items"]',
        # only Count is read
        'return table.query(KeyConditionExpression=Key("pk").eq(pk), Select="COUNT")["Count"]',
        # the response goes back to the caller, who may page
        'return table.query(KeyConditionExpression=Key("pk").eq(pk))',
        # a paginator follows every page
        'return [i for p in client.get_paginator("query").paginate(TableName="Orders") for i in p["Items"]]',
        # the Limit may come from **kwargs
        'return table.query(KeyConditionExpression=Key("pk").eq(pk), **options)["Items"]',
    ],
    ids=["limit", "count", "escapes", "paginator", "kwargs"],
)
def test_ddb602_quiet_when_the_first_page_is_all_that_is_wanted_or_pages_are_followed(body: str) -> None:
    none(snippet(f"def read(pk, options):\n    {body}\n"), "DDB602")


def test_ddb602_quiet_on_a_loop_that_follows_last_evaluated_key() -> None:
    code = snippet(
        """
        def everything():
            response = table.scan()
            items = response["Items"]
            while "LastEvaluatedKey" in response:
                response = table.scan(ExclusiveStartKey=response["LastEvaluatedKey"])
                items.extend(response["Items"])
            return items
        """
    )
    none(code, "DDB602")


# --------------------------------------------------------------------------- DDB603

SPEC = """\
version: 1
name: shop
tables:
  Orders:
    billing: on-demand
    key: {partition: customerId, sort: orderId}
    attributes: {customerId: S, orderId: S, createdAt: S, status: S}
    indexes:
      ByDate:
        local: true
        key: {partition: customerId, sort: createdAt}
        projection: all
      ByStatus:
        key: {partition: status, sort: createdAt}
        projection: all
    entities:
      Order:
        keys: {customerId: "{customerId}", orderId: "ORDER#{orderId}", createdAt: "{createdAt}", status: "{status}"}
        item_size: 1KB
        count: 1M
        fields:
          customerId: {type: S, cardinality: 100K}
          orderId: {type: S, format: uuid}
          createdAt: {type: S, format: iso8601}
          status: {type: S, values: [NEW, PAID]}
    access_patterns:
      - {name: by-date, op: Query, index: ByDate, key: {customerId: "{customerId}"}, rate: 1/s, consistent: true}
      - {name: by-status, op: Query, index: ByStatus, key: {status: PAID}, rate: 1/s}
"""


@pytest.fixture
def shop_specs(tmp_path: Path) -> SpecSet:
    path = tmp_path / "shop.ddb.yaml"
    path.write_text(SPEC, encoding="utf-8")
    specs = load_specs([path])
    assert specs.known, [f.message for d in specs.documents for f in d.findings]
    return specs


def consistent_query(index: str) -> str:
    return snippet(
        f"""
        def recent(customer_id):
            return table.query(
                IndexName="{index}",
                KeyConditionExpression=Key("customerId").eq(customer_id),
                ConsistentRead=True,
                Limit=10,
            )
        """
    )


def test_ddb603_without_a_spec_the_index_is_assumed_global() -> None:
    code = consistent_query("ByDate")
    finding = one(code, "DDB603")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, "ConsistentRead=True") == (13, 8)
    assert covered(code, finding) == "ConsistentRead"
    assert "ConsistentRead=True on index ByDate" in finding.message
    assert "no spec declares ByDate: assumed to be a global index" in finding.message
    assert "ValidationException" in finding.message


def test_ddb603_a_global_index_of_the_spec(shop_specs: SpecSet) -> None:
    code = consistent_query("ByStatus")
    finding = one(code, "DDB603", specs=shop_specs)
    assert at(finding) == position(code, "ConsistentRead")
    assert "ConsistentRead=True on index ByStatus" in finding.message
    assert "assumed" not in finding.message


def test_ddb603_a_local_index_of_the_spec_reads_consistently(shop_specs: SpecSet) -> None:
    none(consistent_query("ByDate"), "DDB603", specs=shop_specs)


def test_ddb603_a_paginator_and_a_kwargs_dict() -> None:
    code = snippet(
        """
        def pages():
            params = {"TableName": "Orders", "IndexName": "ByStatus", "ConsistentRead": True}
            return client.get_paginator("query").paginate(**params)
        """
    )
    finding = one(code, "DDB603")
    assert covered(code, finding) == '"ConsistentRead"'


def test_ddb603_an_index_named_by_a_module_constant(shop_specs: SpecSet) -> None:
    code = snippet(
        """
        BY_STATUS = "ByStatus"
        BY_DATE = "ByDate"

        def paid():
            return table.query(IndexName=BY_STATUS, KeyConditionExpression=Key("status").eq("PAID"), ConsistentRead=True, Limit=5)

        def recent(customer_id):
            return table.query(IndexName=BY_DATE, KeyConditionExpression=Key("customerId").eq(customer_id), ConsistentRead=True, Limit=5)
        """
    )
    finding = one(code, "DDB603", specs=shop_specs)
    assert at(finding) == position(code, "ConsistentRead=True")
    assert "on index ByStatus" in finding.message


@pytest.mark.parametrize(
    "arguments",
    [
        'IndexName="ByStatus", ConsistentRead=False',
        "ConsistentRead=True",
        'IndexName="ByStatus"',
        "IndexName=index_name, ConsistentRead=True",
    ],
    ids=["eventually-consistent", "no-index", "default-read", "index-unknown"],
)
def test_ddb603_quiet_without_a_consistent_read_on_a_named_index(arguments: str) -> None:
    code = snippet(
        f"""
        def recent(index_name):
            return table.query(KeyConditionExpression=Key("status").eq("PAID"), {arguments}, Limit=1)
        """
    )
    none(code, "DDB603")


# --------------------------------------------------------------------------- DDB604


def put_requests(count: int) -> str:
    return ", ".join(f'{{"PutRequest": {{"Item": {{"pk": {{"S": "{n}"}}}}}}}}' for n in range(count))


def test_ddb604_a_batch_write_of_26_requests() -> None:
    code = snippet(
        f"""
        def seed():
            response = client.batch_write_item(RequestItems={{"Orders": [{put_requests(26)}]}})
            return response["UnprocessedItems"]
        """
    )
    finding = one(code, "DDB604")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, "batch_write_item")
    assert covered(code, finding) == "batch_write_item"
    assert "26 items in one BatchWriteItem" in finding.message
    assert "at most 25" in finding.message
    assert "batch_writer()" in finding.message


def test_ddb604_batch_writes_count_every_table_together() -> None:
    code = snippet(
        f"""
        def seed():
            response = client.batch_write_item(
                RequestItems={{"Orders": [{put_requests(13)}], "Archive": [{put_requests(13)}]}}
            )
            return response["UnprocessedItems"]
        """
    )
    assert "26 items" in one(code, "DDB604").message


def test_ddb604_a_batch_get_of_101_keys_through_the_resource() -> None:
    keys = ", ".join(f'{{"pk": "{n}"}}' for n in range(101))
    code = snippet(
        f"""
        def load():
            response = dynamodb.batch_get_item(RequestItems={{"Orders": {{"Keys": [{keys}]}}}})
            return response["Responses"], response["UnprocessedKeys"]
        """
    )
    finding = one(code, "DDB604")
    assert covered(code, finding) == "batch_get_item"
    assert "101 items in one BatchGetItem" in finding.message
    assert "at most 100 keys" in finding.message


def test_ddb604_a_transaction_of_101_items() -> None:
    items = ", ".join(
        f'{{"ConditionCheck": {{"TableName": "Orders", "Key": {{"pk": {{"S": "{n}"}}}}, '
        '"ConditionExpression": "attribute_exists(pk)"}}'
        for n in range(101)
    )
    code = snippet(f"client.transact_write_items(TransactItems=[{items}])\n")
    finding = one(code, "DDB604")
    assert covered(code, finding) == "transact_write_items"
    assert "101 items in one TransactWriteItems" in finding.message
    assert "at most 100 items" in finding.message


def test_ddb604_quiet_at_the_limits_and_on_lists_built_at_run_time() -> None:
    keys = ", ".join(f'{{"pk": "{n}"}}' for n in range(100))
    code = snippet(
        f"""
        def seed(rows):
            client.batch_write_item(RequestItems={{"Orders": [{put_requests(25)}]}})
            dynamodb.batch_get_item(RequestItems={{"Orders": {{"Keys": [{keys}]}}}})
            client.batch_write_item(RequestItems={{"Orders": [{{"PutRequest": {{"Item": r}}}} for r in rows]}})
        """
    )
    none(code, "DDB604")


# --------------------------------------------------------------------------- DDB605


def test_ddb605_a_batch_write_whose_result_is_dropped() -> None:
    code = snippet(
        """
        def archive(order_ids):
            client.batch_write_item(
                RequestItems={"Orders": [{"DeleteRequest": {"Key": {"pk": {"S": o}}}} for o in order_ids]}
            )
        """
    )
    finding = one(code, "DDB605")
    assert finding.severity is Severity.WARNING
    assert at(finding) == position(code, "batch_write_item") == (10, 11)
    assert "UnprocessedItems is never read" in finding.message
    assert "silently lost" in finding.message
    assert "Table.batch_writer()" in finding.message
    assert finding.data["unprocessed"] == "UnprocessedItems"


def test_ddb605_a_batch_get_whose_responses_are_read_but_not_its_unprocessed_keys() -> None:
    code = snippet(
        """
        def load(keys):
            return dynamodb.batch_get_item(RequestItems={"Orders": {"Keys": keys}})["Responses"]
        """
    )
    finding = one(code, "DDB605")
    assert covered(code, finding) == "batch_get_item"
    assert "UnprocessedKeys is never read" in finding.message
    assert "batch_writer" not in finding.message


def test_ddb605_quiet_when_unprocessed_items_are_retried_or_the_result_escapes() -> None:
    code = snippet(
        """
        import time

        def archive(requests):
            pending = {"Orders": requests}
            while pending:
                response = client.batch_write_item(RequestItems=pending)
                pending = response.get("UnprocessedItems")
                time.sleep(0.1)

        def load(keys):
            request = {"Orders": {"Keys": keys}}
            found = []
            while request:
                response = dynamodb.batch_get_item(RequestItems=request)
                found.extend(response["Responses"]["Orders"])
                request = response["UnprocessedKeys"]
            return found

        def handed_back(keys):
            return client.batch_get_item(RequestItems={"Orders": {"Keys": keys}})
        """
    )
    none(code, "DDB605")


def test_ddb605_quiet_on_a_batch_writer() -> None:
    code = snippet(
        """
        def load(rows):
            with table.batch_writer() as batch:
                for row in rows:
                    batch.put_item(Item=row)
        """
    )
    none(code, "DDB605")


# --------------------------------------------------------------------------- DDB606


def test_ddb606_an_unknown_parameter_with_a_suggestion() -> None:
    code = snippet('table.query(KeyConditionExpression=Key("pk").eq("a"), Limt=10)\n')
    finding = one(code, "DDB606")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, "Limt=")
    assert covered(code, finding) == "Limt"
    assert "Query has no parameter Limt; did you mean 'Limit'?" in finding.message
    assert "ParamValidationError" in finding.message
    assert finding.data == {"parameter": "Limt", "suggestion": "Limit"}


def test_ddb606_a_missing_required_parameter_points_at_the_method() -> None:
    code = snippet('client.get_item(TableName="Orders")\n')
    finding = one(code, "DDB606")
    assert at(finding) == position(code, "get_item") == (9, 7)
    assert covered(code, finding) == "get_item"
    assert "GetItem needs Key" in finding.message
    assert finding.data == {"missing": ["Key"]}


def test_ddb606_an_invalid_enum_value_points_at_the_value() -> None:
    code = snippet('table.query(KeyConditionExpression=Key("pk").eq("a"), Select="COUNTS", Limit=1)\n')
    finding = one(code, "DDB606")
    assert at(finding) == position(code, '"COUNTS"')
    assert "Select='COUNTS' is not one of ALL_ATTRIBUTES" in finding.message
    assert "did you mean 'COUNT'?" in finding.message


def test_ddb606_an_unknown_key_of_a_kwargs_dict_points_at_the_key() -> None:
    code = snippet(
        """
        def read(pk):
            params = {"Key": {"pk": pk}, "ConsistantRead": True}
            return table.get_item(**params)
        """
    )
    finding = one(code, "DDB606")
    assert at(finding) == position(code, '"ConsistantRead"')
    assert "did you mean 'ConsistentRead'?" in finding.message


def test_ddb606_a_table_name_on_a_client_paginator_is_required() -> None:
    code = snippet('pages = client.get_paginator("query").paginate(KeyConditionExpression="pk = :p")\n')
    finding = one(code, "DDB606")
    assert covered(code, finding) == "paginate"
    assert "Query needs TableName" in finding.message


def test_ddb606_positional_arguments() -> None:
    code = snippet('table.get_item({"pk": "a"})\n')
    messages = [f.message for f in findings(code, "DDB606")]
    assert any("keyword arguments only" in m for m in messages)


def test_ddb606_quiet_on_valid_calls_and_on_arguments_it_cannot_read() -> None:
    code = snippet(
        """
        def calls(pk, extra, start):
            table.get_item(Key={"pk": pk}, ConsistentRead=True, ProjectionExpression="pk")
            table.query(KeyConditionExpression=Key("pk").eq(pk), Select="COUNT", ReturnConsumedCapacity="TOTAL")
            client.get_item(**extra)
            params = {"TableName": "Orders"}
            params.update(extra)
            client.get_item(**params)
            kwargs = {"TableName": "Orders"}
            kwargs["Key"] = {"pk": {"S": pk}}
            client.get_item(**kwargs)
            client.get_paginator("scan").paginate(TableName="Orders", PaginationConfig={"PageSize": 100})
            table.update_item(Key={"pk": pk}, UpdateExpression="SET #n = :n", ExpressionAttributeNames={"#n": "n"},
                              ExpressionAttributeValues={":n": 1}, ReturnValues="UPDATED_NEW")
            with table.batch_writer(overwrite_by_pkeys=["pk"]) as batch:
                batch.delete_item(Key={"pk": pk})
        """
    )
    none(code, "DDB606")


# --------------------------------------------------------------------------- DDB607


def test_ddb607_a_reserved_word_in_an_update_expression_points_at_the_word() -> None:
    code = snippet(
        'table.update_item(Key={"pk": "a"}, UpdateExpression="SET name = :n", ExpressionAttributeValues={":n": "x"})\n'
    )
    finding = one(code, "DDB607")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, "name =")
    assert covered(code, finding) == "name"
    assert "'name' is a DynamoDB reserved word" in finding.message
    assert 'ExpressionAttributeNames={"#name": "name"}' in finding.message
    assert finding.data == {"word": "name", "argument": "UpdateExpression"}


def test_ddb607_each_reserved_word_of_a_projection_and_a_client_filter() -> None:
    code = snippet(
        """
        def read():
            table.get_item(Key={"pk": "a"}, ProjectionExpression="pk, data, comment")
            return client.get_paginator("query").paginate(
                TableName="Orders",
                KeyConditionExpression="pk = :p",
                FilterExpression="status = :s",
                ExpressionAttributeValues={":p": {"S": "a"}, ":s": {"S": "NEW"}},
            )
        """
    )
    found = findings(code, "DDB607")
    assert [covered(code, f) for f in found] == ["data", "comment", "status"]
    assert at(found[2]) == position(code, "status = :s")


def test_ddb607_quiet_on_placeholders_and_on_key_and_attr_builders() -> None:
    code = snippet(
        """
        def read(year):
            table.update_item(
                Key={"pk": "a"},
                UpdateExpression="SET #name = :n, #data = :d",
                ExpressionAttributeNames={"#name": "name", "#data": "data"},
                ExpressionAttributeValues={":n": "x", ":d": "y"},
            )
            return table.query(
                KeyConditionExpression=Key("year").eq(year) & Key("name").begins_with("A"),
                FilterExpression=Attr("status").eq("NEW") | Attr("comment").exists(),
                Limit=10,
            )
        """
    )
    none(code, "DDB607")


# --------------------------------------------------------------------------- DDB608


def test_ddb608_a_placeholder_used_but_not_defined_and_one_defined_but_unused() -> None:
    code = snippet(
        """
        def set_total(order_id, total):
            table.update_item(
                Key={"pk": order_id},
                UpdateExpression="SET #t = :total",
                ExpressionAttributeNames={"#t": "total"},
                ExpressionAttributeValues={":tot": total},
            )
        """
    )
    found = findings(code, "DDB608")
    assert [f.severity for f in found] == [Severity.ERROR, Severity.ERROR]
    used, defined = found
    assert at(used) == position(code, ":total")
    assert covered(code, used) == ":total"
    assert ":total is used in UpdateExpression but not defined in ExpressionAttributeValues" in used.message
    assert "(did you mean :tot?)" in used.message
    assert at(defined) == position(code, '":tot"')
    assert covered(code, defined) == '":tot"'
    assert ":tot is defined in ExpressionAttributeValues but no expression uses it" in defined.message


def test_ddb608_a_name_placeholder_without_expression_attribute_names() -> None:
    code = snippet('table.update_item(Key={"pk": "a"}, UpdateExpression="REMOVE #gone")\n')
    finding = one(code, "DDB608")
    assert covered(code, finding) == "#gone"
    assert "not defined in ExpressionAttributeNames" in finding.message


def test_ddb608_a_value_left_over_next_to_a_key_condition_builder() -> None:
    """boto3 adds its own placeholders for a Key() condition; one of the caller's that no
    expression uses is still rejected."""
    code = snippet(
        'table.query(KeyConditionExpression=Key("pk").eq("a"), ExpressionAttributeValues={":x": 1}, Limit=1)\n'
    )
    finding = one(code, "DDB608")
    assert covered(code, finding) == '":x"'


def test_ddb608_quiet_when_placeholders_match_or_cannot_be_read() -> None:
    code = snippet(
        """
        def calls(names, extra, filter_expression):
            table.update_item(
                Key={"pk": "a"},
                UpdateExpression="SET #c = if_not_exists(#c, :zero) + :one",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeNames={"#c": "count"},
                ExpressionAttributeValues={":zero": 0, ":one": 1},
            )
            table.update_item(Key={"pk": "a"}, UpdateExpression="SET #a = :a", ExpressionAttributeNames=names,
                              ExpressionAttributeValues={":a": 1})
            table.query(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": "a", ":s": "b"},
                        Limit=1, **extra)
            table.query(KeyConditionExpression="pk = :p", FilterExpression=filter_expression,
                        ExpressionAttributeValues={":p": "a", ":s": "b"}, Limit=1)
            table.query(KeyConditionExpression=Key("pk").eq("a"), FilterExpression="#s = :s",
                        ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": "NEW"}, Limit=1)
        """
    )
    none(code, "DDB608")


# --------------------------------------------------------------------------- DDB609


def test_ddb609_a_condition_ending_in_and_points_at_the_error() -> None:
    code = snippet('table.put_item(Item={"pk": "a"}, ConditionExpression="attribute_not_exists(pk) AND")\n')
    finding = one(code, "DDB609")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, "AND")
    assert covered(code, finding) == "AND"
    assert finding.message.startswith("ConditionExpression: ")
    assert "ValidationException" in finding.message


@pytest.mark.parametrize(
    ("argument", "expression", "error_at"),
    [
        ("KeyConditionExpression", "pk = :p AND AND", "AND AND"),
        ("UpdateExpression", "SET a = :a,", ","),
        ("ProjectionExpression", "a,,b", ",,"),
        ("FilterExpression", "a = (:a", "("),
    ],
)
def test_ddb609_each_kind_of_expression(argument: str, expression: str, error_at: str) -> None:
    code = snippet(f'table.query({argument}="{expression}", Limit=1)\n')
    found = findings(code, "DDB609")
    assert len(found) == 1, found
    assert found[0].message.startswith(f"{argument}: ")
    line, column = at(found[0])
    assert line == 9
    text = source(code).splitlines()[8]
    start = text.index(f'"{expression}"') + 1
    assert start <= column <= start + len(expression)


def test_ddb609_reports_one_error_per_expression_and_nothing_else_about_it() -> None:
    code = snippet(
        'table.update_item(Key={"pk": "a"}, UpdateExpression="SET name = :n ,, x", ExpressionAttributeValues={":n": 1})\n'
    )
    assert [f.code for f in findings(code, "DDB607", "DDB608", "DDB609")] == ["DDB609"]


def test_ddb609_quiet_on_valid_expressions() -> None:
    code = snippet(
        """
        table.update_item(
            Key={"pk": "a"},
            UpdateExpression="SET #l = list_append(if_not_exists(#l, :empty), :new) REMOVE obsolete ADD visits :one",
            ConditionExpression="attribute_exists(pk) AND (begins_with(sk, :p) OR size(#l) < :max)",
            ExpressionAttributeNames={"#l": "log"},
            ExpressionAttributeValues={":empty": [], ":new": ["x"], ":one": 1, ":p": "A", ":max": 10},
        )
        """
    )
    none(code, "DDB609")


# --------------------------------------------------------------------------- DDB610


def test_ddb610_a_float_in_an_item_points_at_the_float() -> None:
    code = snippet('table.put_item(Item={"pk": "a", "amount": 19.99})\n')
    finding = one(code, "DDB610")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, "19.99")
    assert covered(code, finding) == "19.99"
    assert 'boto3 raises TypeError ("Float types are not supported")' in finding.message
    assert "Decimal(str(19.99))" in finding.message


@pytest.mark.parametrize(
    ("call", "number"),
    [
        (
            'table.update_item(Key={"pk": "a"}, UpdateExpression="SET p = :p", ExpressionAttributeValues={":p": -0.5})',
            "-0.5",
        ),
        ('table.scan(FilterExpression=Attr("price").between(Decimal("1"), 9.5), Limit=1)', "9.5"),
        ('table.meta.client.put_item(TableName="Orders", Item={"pk": "a", "ratio": [1, 2.5]})', "2.5"),
        (
            'dynamodb.batch_write_item(RequestItems={"Orders": [{"PutRequest": {"Item": {"pk": "a", "w": 0.1}}}]})',
            "0.1",
        ),
        ('table.put_item(Item={"pk": "a", "nested": {"price": 3 * 1.5}})', "1.5"),
    ],
    ids=["expression-value", "condition", "meta-client", "resource-batch", "arithmetic"],
)
def test_ddb610_floats_wherever_the_resource_api_serializes_them(call: str, number: str) -> None:
    code = snippet(f"def write():\n    return {call}\n")
    finding = one(code, "DDB610")
    assert covered(code, finding) == number


def test_ddb610_a_float_in_a_batch_writer_put() -> None:
    code = snippet(
        """
        with table.batch_writer() as batch:
            batch.put_item(Item={"pk": "a", "score": 0.75})
        """
    )
    assert covered(code, one(code, "DDB610")) == "0.75"


def test_ddb610_quiet_on_decimals_integers_and_the_plain_client() -> None:
    code = snippet(
        """
        import decimal

        def write(ratio):
            table.put_item(Item={"pk": "a", "amount": Decimal("19.99"), "n": 3, "r": decimal.Decimal(str(ratio))})
            table.put_item(Item={"pk": "b", "d": Decimal(1.5), "e": decimal.Decimal(0.25)})
            client.put_item(TableName="Orders", Item={"pk": {"S": "a"}, "n": {"N": "1.5"}})
            table.update_item(Key={"pk": "a"}, UpdateExpression="SET #r = :r", ExpressionAttributeNames={"#r": "rate"},
                              ExpressionAttributeValues={":r": Decimal("0.5")})
        """
    )
    none(code, "DDB610")


# --------------------------------------------------------------------------- DDB611


@pytest.mark.parametrize(
    ("argument", "replacement"),
    [
        (
            'ScanFilter={"status": {"AttributeValueList": ["NEW"], "ComparisonOperator": "EQ"}}',
            "FilterExpression",
        ),
        ('AttributesToGet=["pk"]', "ProjectionExpression"),
    ],
)
def test_ddb611_a_legacy_parameter_points_at_its_name(argument: str, replacement: str) -> None:
    code = snippet(f"rows = table.scan({argument}, Limit=10)\n")
    finding = one(code, "DDB611")
    name = argument.split("=")[0]
    assert finding.severity is Severity.WARNING
    assert at(finding) == position(code, name)
    assert covered(code, finding) == name
    assert f"{name} is a legacy parameter" in finding.message
    assert f"use {replacement}" in finding.message


def test_ddb611_each_legacy_parameter_of_an_update() -> None:
    code = snippet(
        """
        client.update_item(
            TableName="Orders",
            Key={"pk": {"S": "a"}},
            AttributeUpdates={"n": {"Value": {"N": "1"}, "Action": "PUT"}},
            Expected={"pk": {"Exists": True, "Value": {"S": "a"}}},
        )
        """
    )
    assert [covered(code, f) for f in findings(code, "DDB611")] == ["AttributeUpdates", "Expected"]


def test_ddb611_quiet_on_expressions() -> None:
    none(
        snippet(
            'table.scan(FilterExpression=Attr("status").eq("NEW"), ProjectionExpression="pk", Limit=1)\n'
        ),
        "DDB611",
    )


# --------------------------------------------------------------------------- DDB612


def test_ddb612_a_key_condition_object_passed_to_a_plain_client_paginator() -> None:
    code = snippet(
        """
        def pages(customer_id):
            paginator = client.get_paginator("query")
            return paginator.paginate(
                TableName="Orders",
                KeyConditionExpression=Key("customerId").eq(customer_id),
            )
        """
    )
    finding = one(code, "DDB612")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, 'Key("customerId")')
    assert covered(code, finding) == 'Key("customerId").eq(customer_id)'
    assert "a Key()/Attr() condition passed to a plain client paginator" in finding.message
    assert "ParamValidationError" in finding.message


def test_ddb612_a_condition_built_in_a_variable_for_a_plain_client_call() -> None:
    code = snippet(
        """
        def delete(order_id):
            guard = Attr("status").eq("NEW") & Attr("locked").not_exists()
            client.delete_item(TableName="Orders", Key={"pk": {"S": order_id}}, ConditionExpression=guard)
        """
    )
    finding = one(code, "DDB612")
    assert covered(code, finding) == "guard"
    assert "plain client:" in finding.message


def test_ddb612_quiet_on_a_meta_client_and_on_the_table() -> None:
    code = snippet(
        """
        def pages(customer_id):
            meta = table.meta.client
            for page in meta.get_paginator("query").paginate(
                TableName="Orders", KeyConditionExpression=Key("customerId").eq(customer_id)
            ):
                yield from page["Items"]
            dynamodb.meta.client.delete_item(TableName="Orders", Key={"pk": "a"}, ConditionExpression=Attr("x").exists())
            table.delete_item(Key={"pk": "a"}, ConditionExpression=Attr("x").exists())
        """
    )
    none(code, "DDB612")


# --------------------------------------------------------------------------- DDB613


def test_ddb613_a_resource_created_in_a_lambda_handler() -> None:
    code = snippet(
        """
        def handler(event, context):
            orders = boto3.resource("dynamodb").Table("Orders")
            return orders.get_item(Key={"pk": event["id"]}).get("Item")
        """
    )
    finding = one(code, "DDB613")
    assert finding.severity is Severity.INFO
    assert at(finding) == position(code, 'boto3.resource("dynamodb").Table')
    assert covered(code, finding) == "boto3.resource"
    assert "a boto3 resource is created on every invocation of handler" in finding.message
    assert "module level" in finding.message


@pytest.mark.parametrize(
    "definition",
    [
        "def lambda_handler(event, context):",
        "async def orders_handler(payload, ctx):",
        "def main(event, context):",
    ],
)
def test_ddb613_handlers_are_known_by_name_or_by_their_event_and_context(definition: str) -> None:
    code = snippet(
        f"{definition}\n    return boto3.client(\"dynamodb\").describe_table(TableName='Orders')\n"
    )
    finding = one(code, "DDB613")
    assert covered(code, finding) == "boto3.client"


def test_ddb613_quiet_on_clients_made_once_outside_the_handler() -> None:
    code = snippet(
        """
        session = boto3.session.Session()

        def handler(event, context):
            return table.get_item(Key={"pk": event["id"]}).get("Item")

        def make_client():
            return boto3.client("dynamodb")

        if __name__ == "__main__":
            local = boto3.resource("dynamodb").Table("Orders")
        """
    )
    none(code, "DDB613")


# --------------------------------------------------------------------------- DDB614


def test_ddb614_a_get_item_per_item_of_a_loop() -> None:
    code = snippet(
        """
        def load_many(order_ids):
            found = []
            for order_id in order_ids:
                found.append(table.get_item(Key={"pk": order_id}))
            return found
        """
    )
    finding = one(code, "DDB614")
    assert finding.severity is Severity.WARNING
    assert at(finding) == position(code, "get_item")
    assert covered(code, finding) == "get_item"
    assert "get_item in a loop makes one round trip per item" in finding.message
    assert "batch_get_item (100 keys a call)" in finding.message


@pytest.mark.parametrize(
    "loop",
    [
        "[table.put_item(Item=row) for row in rows]",
        "while rows:\n        row = rows.pop()\n        table.delete_item(Key={'pk': row})",
        "for n in range(3):\n        table.put_item(Item={'pk': str(n)})",
        "for row in rows:\n        for attempt in range(3):\n            try:\n                table.put_item(Item=row)\n                break\n            except Exception:\n                pass",
        "for _ in rows:\n        table.put_item(Item=new_item())",
        "item = {'pk': 'a'}\n    for n in rows:\n        item['sk'] = n\n        table.put_item(Item=item)",
    ],
    ids=["comprehension", "queue", "range", "retry-inside-item-loop", "factory", "mutated-item"],
)
def test_ddb614_writes_that_repeat_per_item(loop: str) -> None:
    code = snippet(f"def write(rows, new_item):\n    {loop}\n")
    finding = one(code, "DDB614")
    assert "Table.batch_writer() (25 requests a call" in finding.message


@pytest.mark.parametrize(
    "loop",
    [
        # the batch writer batches for you
        "with table.batch_writer() as batch:\n        for row in rows:\n            batch.put_item(Item=row)",
        # the call starts the loop; it does not repeat
        "for name, value in table.get_item(Key={'pk': 'a'})['Item'].items():\n        print(name, value)",
        "return {k: v for k, v in table.get_item(Key={'pk': 'a'})['Item'].items()}",
        # a retry loop: success ends it
        "for attempt in range(3):\n        try:\n            table.put_item(Item=rows, ConditionExpression='attribute_not_exists(pk)')\n            break\n        except Exception:\n            continue",
        "while True:\n        try:\n            return table.get_item(Key={'pk': 'a'})['Item']\n        except KeyError:\n            pass",
        "for attempt in range(3):\n        try:\n            table.delete_item(Key={'pk': 'a'})\n        except Exception:\n            pass\n        else:\n            break",
        # polling: the same request each time
        "while True:\n        response = table.get_item(Key={'pk': 'job'})\n        if 'Item' in response:\n            return response['Item']\n        time.sleep(1)",
        # an else clause runs once
        "for row in rows:\n        pass\n    else:\n        table.put_item(Item={'pk': 'done'})",
        # update_item is not a batchable call
        "for row in rows:\n        table.update_item(Key={'pk': row}, UpdateExpression='ADD n :one', ExpressionAttributeValues={':one': 1})",
    ],
    ids=[
        "batch-writer",
        "loop-iterable",
        "comprehension-iterable",
        "retry-break",
        "retry-return",
        "retry-else-break",
        "polling",
        "for-else",
        "update-item",
    ],
)
def test_ddb614_quiet_on_calls_that_do_not_repeat_per_item(loop: str) -> None:
    none(snippet(f"import time\n\ndef write(rows):\n    {loop}\n"), "DDB614")


# --------------------------------------------------------------------------- DDB615


def test_ddb615_each_literal_credential_argument() -> None:
    code = snippet(
        """
        admin = boto3.client(
            "dynamodb",
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        )
        """
    )
    found = findings(code, "DDB615")
    assert [f.severity for f in found] == [Severity.ERROR, Severity.ERROR]
    assert [at(f) for f in found] == [
        position(code, "aws_access_key_id"),
        position(code, "aws_secret_access_key"),
    ]
    assert covered(code, found[0]) == 'aws_access_key_id="AKIAIOSFODNN7EXAMPLE"'
    assert "aws_access_key_id is written in the code" in found[0].message
    assert "rotate this key" in found[1].message


def test_ddb615_a_session_with_a_session_token() -> None:
    code = snippet('session = boto3.Session(aws_session_token="FwoGZXIvYXdzEJr//////////wEaDH")\n')
    finding = one(code, "DDB615")
    assert covered(code, finding).startswith("aws_session_token=")


def test_ddb615_documentation_keys_are_reported_even_against_a_local_endpoint() -> None:
    code = snippet(
        'local = boto3.resource("dynamodb", endpoint_url="http://localhost:8000", '
        'aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="secret")\n'
    )
    assert len(findings(code, "DDB615")) == 2


def test_ddb615_quiet_on_the_credential_chain_and_dynamodb_local_stand_ins() -> None:
    code = snippet(
        """
        import os

        from_env = boto3.client(
            "dynamodb",
            aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=os.getenv("AWS_SECRET_ACCESS_KEY"),
        )
        local = boto3.resource(
            "dynamodb",
            endpoint_url="http://localhost:8000",
            region_name="us-east-1",
            aws_access_key_id="dummy",
            aws_secret_access_key="dummy",
        )
        compose = boto3.client("dynamodb", endpoint_url="http://dynamodb-local:8000", aws_access_key_id="x", aws_secret_access_key="x")
        empty = boto3.client("dynamodb", aws_access_key_id="", aws_secret_access_key="")
        """
    )
    none(code, "DDB615")


# --------------------------------------------------------------------------- DDB616


def test_ddb616_the_same_key_twice_in_a_batch_get() -> None:
    code = snippet(
        """
        def load_pair(first):
            response = client.batch_get_item(
                RequestItems={
                    "Orders": {
                        "Keys": [
                            {"pk": {"S": f"ORDER#{first}"}},
                            {"pk": {"S": f"ORDER#{first}"}},
                        ]
                    }
                }
            )
            return response["Responses"], response["UnprocessedKeys"]
        """
    )
    finding = one(code, "DDB616")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, '{"pk": {"S": f"ORDER#{first}"}}', 2)
    assert "the same key twice in one BatchGetItem (first on line 14)" in finding.message
    assert "Provided list of item keys contains duplicates" in finding.message


def test_ddb616_the_same_item_twice_in_a_transaction() -> None:
    code = snippet(
        """
        TABLE = "Orders"

        def move(order_id):
            table.meta.client.transact_write_items(
                TransactItems=[
                    {"Update": {"TableName": TABLE, "Key": {"pk": order_id}, "UpdateExpression": "SET s = :s",
                                "ExpressionAttributeValues": {":s": "MOVED"}}},
                    {"ConditionCheck": {"TableName": "Orders", "Key": {"pk": order_id},
                                        "ConditionExpression": "attribute_exists(pk)"}},
                ]
            )
        """
    )
    finding = one(code, "DDB616")
    assert at(finding) == position(code, '{"pk": order_id}', 2)
    assert "TransactWriteItems" in finding.message
    assert "multiple operations on one item" in finding.message


def test_ddb616_a_put_and_a_delete_of_one_key_in_a_batch_write() -> None:
    code = snippet(
        """
        response = client.batch_write_item(RequestItems={"Orders": [
            {"PutRequest": {"Item": {"pk": {"S": "a"}}}},
            {"DeleteRequest": {"Key": {"pk": {"S": "a"}}}},
        ]})
        print(response["UnprocessedItems"])
        """
    )
    assert at(one(code, "DDB616")) == position(code, '{"pk": {"S": "a"}}', 2)


def test_ddb616_quiet_on_distinct_keys_tables_and_values_made_afresh() -> None:
    code = snippet(
        """
        import os
        import uuid

        ORDERS = os.environ["ORDERS"]
        LEDGER = os.environ["LEDGER"]

        def transfer(source, target, amount):
            client.transact_write_items(
                TransactItems=[
                    {"Update": {"TableName": ORDERS, "Key": {"pk": {"S": source}}, "UpdateExpression": "ADD b :m",
                                "ExpressionAttributeValues": {":m": {"N": str(-amount)}}}},
                    {"Update": {"TableName": ORDERS, "Key": {"pk": {"S": target}}, "UpdateExpression": "ADD b :a",
                                "ExpressionAttributeValues": {":a": {"N": str(amount)}}}},
                    {"Put": {"TableName": LEDGER, "Item": {"pk": {"S": source}}}},
                    {"Put": {"TableName": LEDGER, "Item": {"pk": {"S": str(uuid.uuid4())}}}},
                    {"Put": {"TableName": LEDGER, "Item": {"pk": {"S": str(uuid.uuid4())}}}},
                ]
            )
        """
    )
    none(code, "DDB616")


# --------------------------------------------------------------------------- DDB617


def test_ddb617_a_typed_value_passed_to_the_resource_api() -> None:
    code = snippet('table.put_item(Item={"pk": {"S": "ORDER#1"}, "n": 1})\n')
    finding = one(code, "DDB617")
    assert finding.severity is Severity.ERROR
    assert at(finding) == position(code, '{"S": "ORDER#1"}')
    assert covered(code, finding) == '{"S": "ORDER#1"}'
    assert 'a typed value ({"S": ...}) passed to the resource API' in finding.message
    assert 'stores {"M": ...}' in finding.message
    assert finding.data == {"descriptor": "S"}


def test_ddb617_a_plain_value_passed_to_a_plain_client() -> None:
    code = snippet('client.get_item(TableName="Orders", Key={"pk": "ORDER#1"})\n')
    finding = one(code, "DDB617")
    assert at(finding) == position(code, '"ORDER#1"')
    assert covered(code, finding) == '"ORDER#1"'
    assert "a plain value passed to a boto3 client" in finding.message
    assert '{"S": "..."}' in finding.message


@pytest.mark.parametrize(
    ("call", "value"),
    [
        ('table.meta.client.get_item(TableName="Orders", Key={"pk": {"S": "a"}})', '{"S": "a"}'),
        ('client.put_item(TableName="Orders", Item={"pk": {"S": "a"}, "tags": ["x", "y"]})', '["x", "y"]'),
        (
            'client.query(TableName="Orders", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": 7})',
            "7",
        ),
        (
            'client.transact_write_items(TransactItems=[{"Delete": {"TableName": "Orders", "Key": {"pk": f"O#{n}"}}}])',
            'f"O#{n}"',
        ),
        ('dynamodb.batch_get_item(RequestItems={"Orders": {"Keys": [{"pk": {"N": "1"}}]}})', '{"N": "1"}'),
    ],
    ids=[
        "meta-client-typed",
        "client-list",
        "client-expression-value",
        "client-transaction",
        "resource-batch-typed",
    ],
)
def test_ddb617_wherever_an_attribute_value_is_written(call: str, value: str) -> None:
    code = snippet(f"n = 1\nresponse = {call}\n")
    found = findings(code, "DDB617")
    assert [covered(code, f) for f in found] == [value]


def test_ddb617_quiet_on_plain_values_to_resources_and_typed_values_to_clients() -> None:
    code = snippet(
        """
        def calls(pk, key, serializer, item):
            table.put_item(Item={"pk": pk, "profile": {"name": "A", "tags": ["x"]}, "n": Decimal("1")})
            table.meta.client.put_item(TableName="Orders", Item={"pk": "a", "n": 1})
            client.put_item(TableName="Orders", Item={"pk": {"S": pk}, "m": {"M": {"a": {"BOOL": True}}}, "z": {"NULL": True}})
            client.get_item(TableName="Orders", Key=key)
            client.put_item(TableName="Orders", Item={k: serializer.serialize(v) for k, v in item.items()})
            client.query(TableName="Orders", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": pk}})
        """
    )
    none(code, "DDB617")


# --------------------------------------------------------------------------- the catalog


def test_every_6xx_rule_is_tested_here() -> None:
    from ddb_architect.rules.registry import all_rules

    codes = {rule.code for rule in all_rules() if rule.code.startswith("DDB6")}
    text = Path(__file__).read_text(encoding="utf-8")
    assert codes == {f"DDB6{n:02d}" for n in range(1, 18)}
    assert all(f"def test_{code.lower()}_" in text for code in codes)
