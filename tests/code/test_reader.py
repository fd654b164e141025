"""The reader: which boto3 object each expression stands for, however real code reaches
it, and the DynamoCall records built from the calls (who makes the call, which operation,
which table, which arguments, whether it repeats in a loop)."""

from __future__ import annotations

import ast

import pytest

from ddb_architect.code.calls import Api, DynamoCall
from ddb_architect.code.expression_args import condition_terms
from ddb_architect.code.objects import (
    BatchWriterObject,
    ClientObject,
    ConditionObject,
    Kind,
    PaginatorObject,
    ResourceObject,
    SessionObject,
    TableObject,
    TableRef,
)
from ddb_architect.code.source import SourceText
from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import read_python
from tests.code.boto3_helpers import covered, findings, position, source


def calls(code: str) -> list[DynamoCall]:
    context = read_python(source(code), "reader.py", SpecSet())
    assert context is not None
    return context.calls


def only_call(code: str) -> DynamoCall:
    found = calls(code)
    assert len(found) == 1, [(c.operation, c.node.lineno) for c in found]
    return found[0]


def table_names(found: list[DynamoCall]) -> list[str | None]:
    return [c.table.name if c.table is not None else None for c in found]


def kind_of(code: str, expression: str) -> Kind | None:
    """What ``expression`` stands for when read on a new last line of ``code`` (at
    module level)."""
    text = source(code) + f"\n_probe = {expression}\n"
    context = read_python(text, "reader.py", SpecSet())
    assert context is not None
    resolver = context.reading.resolver
    probe = context.reading.tree.body[-1]
    assert isinstance(probe, ast.Assign)
    return resolver.evaluate(probe.value, resolver.module)


# --------------------------------------------------------------------------- boto3 objects


@pytest.mark.parametrize(
    ("code", "expression", "expected"),
    [
        ("import boto3", 'boto3.client("dynamodb")', ClientObject()),
        ("import boto3", 'boto3.resource("dynamodb")', ResourceObject()),
        ("import boto3", 'boto3.resource(service_name="dynamodb")', ResourceObject()),
        ("import boto3 as b3", 'b3.client("dynamodb")', ClientObject()),
        ("from boto3 import resource", 'resource("dynamodb")', ResourceObject()),
        ("from boto3 import client as make", 'make("dynamodb")', ClientObject()),
        ("import boto3", "boto3.Session()", SessionObject()),
        ("import boto3.session", 'boto3.session.Session().resource("dynamodb")', ResourceObject()),
        ("from boto3.session import Session", 'Session(profile_name="p").client("dynamodb")', ClientObject()),
        ("import boto3", 'boto3.resource("dynamodb").meta.client', ClientObject(meta=True)),
        ("import boto3", 'boto3.resource("dynamodb").Table("T").meta.client', ClientObject(meta=True)),
        ("import boto3", 'boto3.client("s3")', None),
        ("import botocore", 'botocore.client("dynamodb")', None),
        ("SERVICE = 'dynamodb'\nimport boto3", "boto3.client(SERVICE)", ClientObject()),
    ],
)
def test_boto3_objects_however_they_are_made(code: str, expression: str, expected: Kind | None) -> None:
    assert kind_of(code, expression) == expected


def test_tables_name_their_table_by_literal_constant_or_environment() -> None:
    code = """
    import os
    import boto3
    NAME = "Orders"
    ENV_NAME = os.environ["ORDERS_TABLE"]
    dynamodb = boto3.resource("dynamodb")
    """
    for expression in ('dynamodb.Table("Orders")', "dynamodb.Table(NAME)", "dynamodb.Table(name=NAME)"):
        table = kind_of(code, expression)
        assert isinstance(table, TableObject)
        assert table.table.name == "Orders"
    for expression in ("dynamodb.Table(ENV_NAME)", 'dynamodb.Table(os.getenv("ORDERS_TABLE", "x"))'):
        table = kind_of(code, expression)
        assert isinstance(table, TableObject)
        assert table.table.env == "ORDERS_TABLE"
        assert table.table.name is None
    table = kind_of(code, 'dynamodb.Table(os.environ.get("ORDERS_TABLE"))')
    assert isinstance(table, TableObject)
    assert table.table.label == "$ORDERS_TABLE"
    unknown = kind_of(code, "dynamodb.Table(make_name())")
    assert isinstance(unknown, TableObject)
    assert unknown.table.label == "an unknown table"


def test_paginators_batch_writers_and_conditions() -> None:
    code = """
    import boto3
    from boto3.dynamodb.conditions import Attr, Key
    client = boto3.client("dynamodb")
    table = boto3.resource("dynamodb").Table("T")
    """
    paginator = kind_of(code, 'client.get_paginator("query")')
    assert isinstance(paginator, PaginatorObject)
    assert paginator.method == "query"
    assert paginator.client == ClientObject()
    meta_paginator = kind_of(code, 'table.meta.client.get_paginator(operation_name="scan")')
    assert isinstance(meta_paginator, PaginatorObject)
    assert meta_paginator.client.meta
    assert isinstance(kind_of(code, "table.batch_writer()"), BatchWriterObject)
    assert isinstance(
        kind_of(code, 'Key("pk").eq(1) & ~Attr("x").exists() | Attr("y").lt(2)'), ConditionObject
    )
    assert kind_of(code, 'Key("pk").something_else(1)') is None


# --------------------------------------------------------------------------- where tables live


def test_a_table_held_by_a_class_and_used_in_its_methods() -> None:
    code = """
    import os
    import boto3

    class Repository:
        def __init__(self, name=None):
            self.table = boto3.resource("dynamodb").Table(name or os.environ["TABLE"])
            self.client = self.table.meta.client

        def get(self, pk):
            return self.table.get_item(Key={"pk": pk})

        def raw(self, pk):
            return self.client.get_item(TableName="T", Key={"pk": pk})

        @staticmethod
        def unrelated(self):
            return self.table.get_item(Key={"pk": 1})
    """
    get, raw = calls(code)
    assert (get.api, get.operation) == (Api.TABLE, "GetItem")
    assert get.table is not None
    assert get.table == TableRef(env="TABLE", span=get.table.span)
    assert raw.api is Api.META_CLIENT
    assert raw.table is not None
    assert raw.table.name == "T"


def test_class_attributes_inheritance_properties_and_instances() -> None:
    code = """
    from functools import cached_property
    import boto3

    class Base:
        table = boto3.resource("dynamodb").Table("Orders")

        @property
        def archive(self):
            return boto3.resource("dynamodb").Table("Archive")

    class Child(Base):
        def first(self):
            return self.table.get_item(Key={"pk": 1})

        def second(self):
            return self.archive.get_item(Key={"pk": 1})

        @cached_property
        def sessions(self):
            return boto3.resource("dynamodb").Table("Sessions")

        def third(self):
            return self.sessions.get_item(Key={"pk": 1})

    Base.table.get_item(Key={"pk": 2})
    repo = Child()
    repo.archive.get_item(Key={"pk": 3})
    """
    assert table_names(calls(code)) == ["Orders", "Archive", "Sessions", "Orders", "Archive"]


def test_helper_functions_and_sessions_returning_tables() -> None:
    code = """
    import functools
    import boto3

    TABLE_NAME = "Orders"

    @functools.lru_cache
    def dynamodb():
        return boto3.session.Session(region_name="eu-west-1").resource("dynamodb")

    def orders():
        return dynamodb().Table(TABLE_NAME)

    def get(pk):
        return orders().get_item(Key={"pk": pk})

    def get_with_local(pk):
        table = orders()
        return table.get_item(Key={"pk": pk})
    """
    found = calls(code)
    assert [c.api for c in found] == [Api.TABLE, Api.TABLE]
    assert table_names(found) == ["Orders", "Orders"]


def test_annotated_parameters_and_walrus_and_with() -> None:
    code = """
    import boto3
    from mypy_boto3_dynamodb.service_resource import Table
    from mypy_boto3_dynamodb.client import DynamoDBClient

    def get(table: Table, client: "DynamoDBClient", pk):
        table.get_item(Key={"pk": pk})
        client.get_item(TableName="T", Key={"pk": {"S": pk}})

    if (found := boto3.resource("dynamodb").Table("T")):
        found.delete_item(Key={"pk": 1})

    with boto3.resource("dynamodb").Table("T").batch_writer() as batch:
        batch.put_item(Item={"pk": 1})
    """
    assert [(c.api, c.operation) for c in calls(code)] == [
        (Api.TABLE, "GetItem"),
        (Api.CLIENT, "GetItem"),
        (Api.TABLE, "DeleteItem"),
        (Api.BATCH_WRITER, "PutItem"),
    ]


def test_a_name_takes_the_last_assignment_above_it_and_parameters_shadow_globals() -> None:
    code = """
    import boto3
    table = boto3.resource("dynamodb").Table("A")

    def shadowed(table):
        return table.get_item(Key={"pk": 1})

    def rebound():
        t = boto3.resource("dynamodb").Table("B")
        t.get_item(Key={"pk": 1})
        t = boto3.resource("dynamodb").Table("C")
        t.get_item(Key={"pk": 2})
    """
    assert table_names(calls(code)) == ["B", "C"]


def test_unrelated_objects_with_the_same_method_names_are_not_calls() -> None:
    code = """
    import boto3
    import requests

    s3 = boto3.client("s3")
    s3.put_object(Bucket="b", Key="k", Body=b"")
    cache = {}
    cache.get_item = lambda **k: None
    requests.get("https://example.com").scan()
    session = object()
    session.query(KeyConditionExpression="x")
    """
    assert calls(code) == []


# --------------------------------------------------------------------------- call records


def test_a_call_record_holds_its_operation_arguments_and_positions() -> None:
    code = """
    import boto3
    client = boto3.client("dynamodb")

    def pages():
        return client.get_paginator("query").paginate(TableName="Orders", IndexName="ByDay")
    """
    call = only_call(code)
    assert (call.api, call.operation, call.method, call.paginator) == (Api.CLIENT, "Query", "paginate", True)
    assert call.table is not None
    assert call.table.name == "Orders"
    assert sorted(call.arguments) == ["IndexName", "TableName"]
    assert call.function is not None
    assert call.function.name == "pages"
    assert call.span == call.paginator_span
    assert (call.span.start.line + 1, call.span.start.column) == position(code, '"query"')
    assert (call.method_span.start.line + 1, call.method_span.start.column) == position(code, "paginate")
    index = call.argument("IndexName")
    assert index is not None
    assert (index.name_span.start.column, index.value_span.start.column) == (
        position(code, "IndexName")[1],
        position(code, '"ByDay"')[1],
    )


def test_kwargs_dicts_are_read_with_their_later_keys() -> None:
    code = """
    import boto3
    from boto3.dynamodb.conditions import Key
    table = boto3.resource("dynamodb").Table("T")

    def read(pk, start, extra):
        kwargs = {"KeyConditionExpression": Key("pk").eq(pk), "Limit": 10}
        kwargs["ExclusiveStartKey"] = start
        table.query(**kwargs)
        table.query(**kwargs, **extra)
        built = dict(Limit=1)
        table.query(**built)
        grown = {"Limit": 1}
        grown.update(extra)
        table.query(**grown)
    """
    literal, with_extra, built, grown = calls(code)
    assert sorted(literal.arguments) == ["ExclusiveStartKey", "KeyConditionExpression", "Limit"]
    assert not literal.unknown_arguments
    assert with_extra.unknown_arguments
    assert built.unknown_arguments
    assert not built.arguments
    assert grown.unknown_arguments
    assert "Limit" in grown.arguments


def test_which_calls_repeat_per_item_of_a_loop() -> None:
    code = """
    import boto3
    table = boto3.resource("dynamodb").Table("T")

    def per_item(keys):
        for key in keys:
            table.get_item(Key={"pk": key})

    def loop_iterable():
        for name in table.get_item(Key={"pk": "a"})["Item"]:
            print(name)

    def retry(item):
        while True:
            try:
                table.put_item(Item=item)
                break
            except Exception:
                pass

    def polling():
        while True:
            if "Item" in table.get_item(Key={"pk": "job"}):
                return

    def nested_function(keys):
        for key in keys:
            def later():
                return table.get_item(Key={"pk": key})
    """
    assert [(c.function.name if c.function else None, c.in_loop) for c in calls(code)] == [
        ("per_item", True),
        ("loop_iterable", False),
        ("retry", False),
        ("polling", False),
        ("later", False),
    ]


def test_conditions_built_step_by_step_are_followed_back() -> None:
    code = """
    from boto3.dynamodb.conditions import Attr, Key

    def build(a, b):
        condition = Key("pk").eq(1)
        condition = condition & Key("sk").begins_with("A")
        flt = Attr("x").eq(a)
        flt = flt & Attr("y").eq(b)
        flt = flt | Attr("z").exists()
        return condition, flt
    """
    text = source(code)
    context = read_python(text, "reader.py", SpecSet())
    assert context is not None
    returned = next(n for n in ast.walk(context.reading.tree) if isinstance(n, ast.Return))
    assert isinstance(returned.value, ast.Tuple)
    condition, flt = returned.value.elts
    resolver = context.reading.resolver
    assert [t.attribute for t in condition_terms(condition, resolver)] == ["pk", "sk"]
    assert sorted(t.attribute for t in condition_terms(flt, resolver)) == ["x", "y", "z"]
    assert isinstance(resolver.evaluate(flt, resolver.scope_of(flt)), ConditionObject)


# --------------------------------------------------------------------------- positions


def test_columns_count_code_points_on_lines_with_non_ascii_text() -> None:
    code = 'import boto3\nt = boto3.resource("dynamodb").Table("T")\nlabel = "déjà vu"; t.scan(Limit=1)\n'
    (finding,) = findings(code, "DDB601")
    assert (finding.span.start.line, finding.span.start.column) == (2, code.splitlines()[2].index("scan"))
    assert covered(code, finding) == "scan"


def test_words_inside_a_string_are_found_after_other_line_breaks_in_strings() -> None:
    """Form feeds and U+2028 inside a string are not line breaks for Python or the
    editor: a reserved word on a later line is still found at its column."""
    code = (
        "import boto3\nnote = 'a\u2028b\x0cc'\nt = boto3.resource('dynamodb').Table('T')\n"
        "t.update_item(Key={'pk': 'a'}, UpdateExpression='SET name = :n', ExpressionAttributeValues={':n': 1})\n"
    )
    (finding,) = findings(code, "DDB607")
    assert finding.span.start.line == 3
    assert code.split("\n")[3][finding.span.start.column : finding.span.end.column] == "name"


def test_a_string_written_in_pieces_is_pointed_at_as_a_whole() -> None:
    code = (
        "import boto3\nt = boto3.resource('dynamodb').Table('T')\n"
        "t.update_item(Key={'pk': 'a'}, UpdateExpression='SET ' 'name = :n', ExpressionAttributeValues={':n': 1})\n"
    )
    (finding,) = findings(code, "DDB607")
    assert covered(code, finding) == "'SET ' 'name = :n'"


def test_source_text_lines_and_columns() -> None:
    text = SourceText("a = 1\r\nb = 'é'\rc\n")
    assert text.lines == ["a = 1", "b = 'é'", "c", ""]
    assert text.column(2, len("b = 'é".encode())) == len("b = 'é")
    assert text.column(99, 7) == 7


def test_annotations_name_boto3_objects_but_not_other_libraries_tables() -> None:
    code = """
    from typing import Optional, TYPE_CHECKING
    from sqlalchemy import Table

    if TYPE_CHECKING:
        from mypy_boto3_dynamodb.service_resource import Table as DynamoTable
        from mypy_boto3_dynamodb import DynamoDBClient

    def purge(table: Table, conn):
        conn.execute(table.delete())
        return table.scan()

    def read(table: "DynamoTable", fallback: Optional[DynamoTable] = None, client: DynamoDBClient | None = None):
        table.get_item(Key={"pk": 1})
        fallback.get_item(Key={"pk": 2})
        client.get_item(TableName="T", Key={"pk": {"N": "3"}})
    """
    assert [(c.api, c.operation, c.node.lineno) for c in calls(code)] == [
        (Api.TABLE, "GetItem", 13),
        (Api.TABLE, "GetItem", 14),
        (Api.CLIENT, "GetItem", 15),
    ]


def test_a_table_made_lazily_in_a_global() -> None:
    code = """
    import os
    import boto3

    _table = None

    def get_table():
        global _table
        if _table is None:
            _table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
        return _table

    def through_the_helper(pk):
        return get_table().get_item(Key={"pk": pk})

    def through_the_global(pk):
        return _table.delete_item(Key={"pk": pk})
    """
    found = calls(code)
    assert [c.operation for c in found] == ["GetItem", "DeleteItem"]
    assert [c.table.env if c.table else None for c in found] == ["TABLE", "TABLE"]


def test_condition_builders_reached_through_their_module() -> None:
    """``conditions.Key``, ``boto3.dynamodb.conditions.Attr`` and an aliased module import
    build conditions too (so a plain client given one gets DDB612)."""
    from ddb_architect.code.specs import SpecSet
    from ddb_architect.engine import check_python

    code = (
        "import boto3\n"
        "import boto3.dynamodb.conditions as cond\n"
        "from boto3.dynamodb import conditions\n"
        'client = boto3.client("dynamodb")\n'
        'client.query(TableName="T", KeyConditionExpression=conditions.Key("pk").eq(1), Limit=1)\n'
        'client.query(TableName="T", KeyConditionExpression=cond.Key("pk").eq(1), Limit=1)\n'
        'client.query(TableName="T", KeyConditionExpression=boto3.dynamodb.conditions.Key("pk").eq(1), Limit=1)\n'
    )
    found = check_python(code, "c.py", SpecSet()).findings
    assert [f.span.start.line + 1 for f in found if f.code == "DDB612"] == [5, 6, 7]
