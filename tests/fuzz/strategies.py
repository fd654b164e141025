"""Hypothesis strategies for the fuzz harness: design specs drawn from the spec format's
own JSON schema (every table, index, entity and access pattern field, with values taken
from the examples and the schema, and junk now and then), Python modules of boto3 calls
drawn from botocore's DynamoDB service model, and random edits of real files."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import botocore.session
import yaml
from botocore import xform_name
from hypothesis import strategies as st

from ddb_architect.spec.yaml_loader import parse_yaml
from ddb_architect.spec.yaml_tree import YMapping, YNode, YScalar, YSequence
from tests.hostile.inputs import ROOT, example_files

SCHEMA = ROOT / "schemas" / "ddb-design.schema.json"

NAMES = [
    "Orders",
    "Users",
    "Tbl",
    "GSI1",
    "byEmail",
    "by-status",
    "Order",
    "User",
    "get-order",
    "PK",
    "SK",
    "id",
]
QUANTITIES = [
    "1.5KB",
    "400KB",
    "401KB",
    "10K",
    "1M",
    "2B",
    "90d",
    "1y",
    "5/s",
    "100/s",
    "1000/s",
    "0",
    "-1",
    "1e309",
]
TEMPLATES = ["USER#{id}", "ORDER#{orderId:010d}", "{", "}", "{}", "#{x", "A#{a}#B#{b}", "{id:d}", "{x:>{y}}"]
JUNK = [
    "",
    " ",
    "~",
    "null",
    "yes",
    "0x1F",
    ".inf",
    ".nan",
    "é😋",
    "\t",
    "'",
    '"',
    "a: b",
    "- x",
    "[1, {",
    "*a",
]


def _scalars(node: YNode | None, keys: set[str], values: set[Any]) -> None:
    if isinstance(node, YMapping):
        keys.update(node.values)
        for child in node.values.values():
            _scalars(child, keys, values)
    elif isinstance(node, YSequence):
        for child in node.items:
            _scalars(child, keys, values)
    elif isinstance(node, YScalar):
        values.add(node.value)


@cache
def example_words() -> tuple[list[str], list[Any]]:
    """Every mapping key and scalar value of the example specs (what real specs hold)."""
    keys: set[str] = set()
    values: set[Any] = set()
    for path in example_files():
        if path.name.endswith(".ddb.yaml"):
            _scalars(parse_yaml(path.read_text(encoding="utf-8")).root, keys, values)
    hashable = sorted((v for v in values if v is not None), key=repr)
    return sorted(keys), hashable


@cache
def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return loaded


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = _schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def junk() -> st.SearchStrategy[Any]:
    """A value of the wrong kind: another type, odd text, nesting."""
    leaf = st.one_of(
        st.sampled_from(JUNK),
        st.text(max_size=12),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
    )
    return st.recursive(
        leaf,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(NAMES), inner, max_size=3)
        ),
        max_leaves=6,
    )


_JUNK = junk()


def _string(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    _keys, values = example_words()
    choices: list[st.SearchStrategy[Any]] = [
        st.sampled_from(NAMES),
        st.sampled_from(QUANTITIES),
        st.sampled_from(TEMPLATES),
    ]
    if values:
        choices.append(st.sampled_from(values))
    if node.get("examples"):
        choices.append(st.sampled_from(node["examples"]))
    if node.get("enum"):
        choices = [st.sampled_from(node["enum"])] * 3 + choices
    return st.one_of(*choices)


_BUILT: dict[tuple[int, int], st.SearchStrategy[Any]] = {}


def from_schema(node: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """A value of the shape ``node`` describes, now and then junk instead (a user's typo).
    Built once per schema node and depth: hypothesis draws from it many times."""
    node = _resolve(node)
    key = (id(node), depth)
    built = _BUILT.get(key)
    if built is None:
        shaped = _shaped(node, depth)
        built = _BUILT[key] = st.one_of(shaped, shaped, shaped, shaped, shaped, shaped, shaped, _JUNK)
    return built


def _shaped(node: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node or "oneOf" in node:
        branches = node.get("anyOf") or node.get("oneOf") or []
        return st.one_of(*[st.deferred(lambda b=b: from_schema(b, depth + 1)) for b in branches])
    kind = node.get("type")
    if depth > 6:
        return st.sampled_from(NAMES)
    if kind == "object" or "properties" in node:
        properties: dict[str, Any] = node.get("properties", {})
        extra = node.get("additionalProperties")
        if properties:
            return st.builds(
                _merge,
                st.fixed_dictionaries(
                    {},
                    optional={
                        k: st.deferred(lambda v=v: from_schema(v, depth + 1)) for k, v in properties.items()
                    },
                ),
                st.dictionaries(st.sampled_from(example_words()[0] or NAMES), junk(), max_size=1),
            )
        if isinstance(extra, dict):
            return st.dictionaries(
                st.sampled_from(NAMES), st.deferred(lambda: from_schema(extra, depth + 1)), max_size=3
            )
        return st.dictionaries(st.sampled_from(NAMES), st.one_of(_string({}), junk()), max_size=3)
    if kind == "array":
        items = node.get("items", {})
        return st.lists(st.deferred(lambda: from_schema(items, depth + 1)), max_size=3)
    if kind == "string":
        return _string(node)
    if kind == "integer":
        return st.one_of(st.integers(0, 10**6), st.integers(-(2**64), 2**64))
    if kind == "number":
        return st.one_of(st.integers(0, 10**6), st.floats(allow_nan=True, allow_infinity=True))
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    # No type: a quantity, a number or anything.
    return st.one_of(st.sampled_from(QUANTITIES), st.integers(0, 10**7), st.floats(0, 1), junk())


def _merge(known: dict[str, Any], unknown: dict[str, Any]) -> dict[str, Any]:
    return (
        {**known, **{k: v for k, v in unknown.items() if k not in known}}
        if len(unknown) and not known
        else {**unknown, **known}
    )


@st.composite
def spec_texts(draw: st.DrawFn) -> str:
    """A design spec: a document of the format's shape, written as YAML in block or flow
    style, sometimes with random edits on top."""
    document = draw(from_schema(_schema()))
    if draw(st.integers(0, 9)) > 0 and isinstance(document, dict):
        document.setdefault("version", 1)
        tables = draw(
            st.dictionaries(
                st.sampled_from(NAMES), from_schema(_schema()["$defs"]["Table"]), min_size=1, max_size=2
            )
        )
        document["tables"] = tables
    text = yaml.safe_dump(
        document,
        default_flow_style=draw(st.sampled_from([False, None, True])),
        sort_keys=False,
        allow_unicode=True,
        width=draw(st.sampled_from([80, 40, 10_000])),
    )
    return draw(edited(st.just(text), YAML_PIECES, max_edits=3))


YAML_PIECES = [
    ":",
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!!python/name:os.system ",
    "'",
    '"',
    "#",
    "\t",
    "\n",
    "  ",
    "---\n",
    "|\n",
    ">-\n",
    "%YAML 1.1\n",
    "? ",
    "\x00",
    "\ud800",
    "\u2028",
    "\r",
    "é",
    "😋",
    "{id}",
    "{{",
    "USER#{",
]
PYTHON_PIECES = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "=",
    "**",
    "'",
    '"',
    '"""',
    "#",
    "\\",
    "\t",
    "\n",
    "    ",
    "é",
    "\x00",
    "\ud800",
    "\u2028",
    "\x0c",
    "lambda: ",
    "await ",
    "yield ",
    "f'{",
    "Key('pk').eq(1)",
    "Attr('a')",
    ".query(",
    "**kwargs",
    "None",
]


@st.composite
def edited(draw: st.DrawFn, base: st.SearchStrategy[str], pieces: list[str], max_edits: int = 4) -> str:
    """``base`` with up to ``max_edits`` edits: characters and lines inserted, deleted,
    replaced, duplicated and swapped, as a user (or a bad merge) makes them."""
    text = draw(base)
    for _ in range(draw(st.integers(0, max_edits))):
        operation = draw(
            st.sampled_from(
                [
                    "insert",
                    "delete",
                    "replace",
                    "delete-line",
                    "duplicate-line",
                    "swap-lines",
                    "indent",
                    "dedent",
                    "truncate",
                ]
            )
        )
        if operation in ("insert", "delete", "replace", "truncate"):
            at = draw(st.integers(0, len(text)))
            if operation == "truncate":
                text = text[:at]
                continue
            end = min(len(text), at + draw(st.integers(0, 30)))
            piece = draw(st.one_of(st.sampled_from(pieces), st.text(max_size=4)))
            if operation == "insert":
                text = text[:at] + piece + text[at:]
            elif operation == "delete":
                text = text[:at] + text[end:]
            else:
                text = text[:at] + piece + text[end:]
            continue
        lines = text.split("\n")
        index = draw(st.integers(0, len(lines) - 1))
        other = draw(st.integers(0, len(lines) - 1))
        if operation == "delete-line":
            del lines[index]
        elif operation == "duplicate-line":
            lines.insert(other, lines[index])
        elif operation == "swap-lines":
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "indent":
            lines[index] = draw(st.sampled_from([" ", "  ", "    ", "\t"])) + lines[index]
        else:
            lines[index] = lines[index].lstrip()
        text = "\n".join(lines)
    return text


def example_texts(suffix: str) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in example_files() if p.name.endswith(suffix)]


def edited_examples(suffix: str, pieces: list[str], max_edits: int = 6) -> st.SearchStrategy[str]:
    texts = example_texts(suffix)
    return edited(st.sampled_from(texts), pieces, max_edits)


# --------------------------------------------------------------------------- Python


@cache
def _service() -> Any:
    return botocore.session.get_session().get_service_model("dynamodb")


@cache
def _operations() -> list[str]:
    return sorted(_service().operation_names)


DATA_OPERATIONS = [
    "GetItem",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "Query",
    "Scan",
    "BatchGetItem",
    "BatchWriteItem",
    "TransactGetItems",
    "TransactWriteItems",
    "ExecuteStatement",
    "BatchExecuteStatement",
]
RECEIVERS = [
    "client",
    "table",
    "self.table",
    "boto3.client('dynamodb')",
    "dynamodb.meta.client",
    "resource.Table(NAME)",
    "get_table()",
    "t",
]
TABLE_METHODS = [
    "get_item",
    "put_item",
    "update_item",
    "delete_item",
    "query",
    "scan",
    "batch_writer",
    "load",
    "wait_until_exists",
]
EXPRESSIONS = [
    "pk = :pk",
    "#pk = :pk AND begins_with(sk, :p)",
    "sk BETWEEN :a AND :b",
    "SET #n = :v, c = c + :one",
    "REMOVE a.b[0]",
    "ADD s :s DELETE t :t",
    "attribute_not_exists(pk)",
    "size(a) > :n OR NOT contains(b, :c)",
    "#a = :v AND",
    "pk = :pk AND sk > :x AND x = :y",
    "name = :n",
    ":v",
    "#",
    "SET",
    "(((",
    "a.b.c[1][2] = :x",
]


def _value(shape: Any, depth: int = 0) -> st.SearchStrategy[str]:
    """Python source for a value of a botocore shape, often right, sometimes not."""
    kind = getattr(shape, "type_name", "string")
    name = getattr(shape, "name", "")
    wrong = st.sampled_from(
        [
            "None",
            "1.5",
            "Decimal('1.5')",
            "x",
            "kwargs",
            "[]",
            "{}",
            "'é😋'",
            "f'{x}'",
            "Key('pk').eq(1) & Key('sk').begins_with('a')",
            "Attr('a').eq(1) | Attr('b').exists()",
            "os.environ['T']",
        ]
    )
    if depth > 3:
        return wrong
    if kind == "string":
        pool = (
            EXPRESSIONS
            if "Expression" in name
            else ["'Orders'", "'Users'", "NAME", "'ALL_OLD'", "'TOTAL'", "'SPECIFIC_ATTRIBUTES'", "'GSI1'"]
        )
        if getattr(shape, "enum", None):
            pool = [repr(v) for v in shape.enum] + pool
        return st.one_of(
            st.sampled_from([repr(e) if not e.startswith(("'", "N")) else e for e in pool]), wrong
        )
    if kind in ("integer", "long"):
        return st.one_of(st.sampled_from(["1", "0", "-1", "100", "10**9", "limit"]), wrong)
    if kind == "boolean":
        return st.one_of(st.sampled_from(["True", "False"]), wrong)
    if kind == "list":
        return st.one_of(
            st.lists(st.deferred(lambda: _value(shape.member, depth + 1)), max_size=3).map(
                lambda xs: "[" + ", ".join(xs) + "]"
            ),
            wrong,
        )
    if kind == "map":
        keys = st.sampled_from(["':v'", "':pk'", "'#n'", "'pk'", "'sk'", "'Orders'", "'S'", "'N'", "'a'"])
        return st.one_of(
            st.dictionaries(keys, st.deferred(lambda: _value(shape.value, depth + 1)), max_size=3).map(
                lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
            ),
            wrong,
        )
    if kind == "structure":
        members = list(shape.members.items())
        if not members:
            return st.just("{}")
        return st.one_of(
            st.lists(st.sampled_from(members), max_size=3, unique_by=lambda m: m[0]).flatmap(
                lambda chosen: st.tuples(
                    *[st.deferred(lambda s=s: _value(s, depth + 1)) for _n, s in chosen]
                ).map(
                    lambda values, chosen=chosen: (
                        "{"
                        + ", ".join(f"{n!r}: {v}" for (n, _s), v in zip(chosen, values, strict=True))
                        + "}"
                    )
                )
            ),
            st.sampled_from(["{'S': 'x'}", "{'N': '1'}", "{'pk': 'x', 'sk': 1}", "{'pk': 1.5}"]),
            wrong,
        )
    return wrong


@st.composite
def boto3_call(draw: st.DrawFn) -> str:
    """One call: a client operation with its parameters, or a Table method."""
    receiver = draw(st.sampled_from(RECEIVERS))
    if receiver.startswith(("table", "self.table", "resource", "get_table", "t")) and draw(st.booleans()):
        method = draw(st.sampled_from(TABLE_METHODS))
        operation = "".join(part.title() for part in method.split("_"))
    else:
        # Mostly the operations code calls; now and then any of them.
        operation = draw(
            st.sampled_from(DATA_OPERATIONS)
            | st.sampled_from(DATA_OPERATIONS)
            | st.sampled_from(_operations())
        )
        method = xform_name(operation)
    try:
        shape = _service().operation_model(operation).input_shape
    except Exception:
        shape = None
    members = list(shape.members.items()) if shape is not None else []
    chosen = draw(st.lists(st.sampled_from(members), max_size=5, unique_by=lambda m: m[0])) if members else []
    arguments = [f"{name}={draw(_value(member))}" for name, member in chosen]
    if draw(st.integers(0, 5)) == 0:
        arguments.append(draw(st.sampled_from(["**kwargs", "**{'Limit': 1}", "*args", "Bogus=1", "limit=1"])))
    call = f"{receiver}.{method}({', '.join(arguments)})"
    return draw(
        st.sampled_from(
            [
                call,
                f"r = {call}",
                f"items = {call}['Items']",
                f"return {call}",
                f"yield from {call}['Items']",
                f"await {call}",
            ]
        )
    )


PRELUDE = [
    "import os",
    "import boto3",
    "from decimal import Decimal",
    "from boto3.dynamodb.conditions import Key, Attr",
    "NAME = os.environ.get('TABLE', 'Orders')",
    "client = boto3.client('dynamodb')",
    "resource = boto3.resource('dynamodb')",
    "dynamodb = resource",
    "table = resource.Table('Orders')",
    "t = table",
    "kwargs = {'KeyConditionExpression': Key('pk').eq(1)}",
]
OPENERS = [
    "def handler(event, context):",
    "for item in items:",
    "while True:",
    "with table.batch_writer() as batch:",
    "class Repo:",
    "def get_table():",
    "if x:",
    "try:",
    "async def f():",
    "for page in client.get_paginator('query').paginate(TableName='Orders'):",
]


@st.composite
def python_texts(draw: st.DrawFn) -> str:
    """A module of boto3 calls inside functions, loops and ``with`` blocks, sometimes
    with random edits on top."""
    lines = draw(st.lists(st.sampled_from(PRELUDE), max_size=len(PRELUDE), unique=True))
    indent = 0
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.integers(0, 3)) == 0:
            lines.append(" " * indent + draw(st.sampled_from(OPENERS)))
            indent += 4
            if lines[-1].endswith("class Repo:"):
                lines.append(" " * indent + "def m(self):")
                indent += 4
            continue
        lines.append(" " * indent + draw(boto3_call()))
        if indent and draw(st.integers(0, 3)) == 0:
            indent -= 4
    text = "\n".join(lines) + "\n"
    return draw(edited(st.just(text), PYTHON_PIECES, max_edits=2))
