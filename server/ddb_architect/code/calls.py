"""Every DynamoDB call in a Python module, as a record: the operation, who makes it (a
plain client, a resource's ``meta.client``, a ``Table``, the service resource, a batch
writer, a paginator), the table, the arguments with their positions (``**kwargs`` dicts
read where they are literal), and where the call sits (function, loop, batch writer).
Also every boto3 client, resource and session construction."""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field

from ddb_architect.code.objects import (
    BatchWriterObject,
    Boto3Function,
    BoundMethod,
    ClientObject,
    Kind,
    PaginatorObject,
    ResourceObject,
    TableObject,
    TableRef,
)
from ddb_architect.code.resolve import FunctionNode, Resolver, Scope
from ddb_architect.code.service_model import Operation, dynamo_model
from ddb_architect.code.source import SourceText
from ddb_architect.code.walk import walk
from ddb_architect.findings import Span


class Api(enum.Enum):
    """Who makes a call, which decides how boto3 serializes its values (facts §10)."""

    CLIENT = "client"
    """``boto3.client("dynamodb")``: typed values (``{"S": ...}``), string expressions."""
    META_CLIENT = "meta-client"
    """``resource.meta.client``: plain values, and ``Key``/``Attr`` conditions."""
    TABLE = "table"
    """``Table`` methods: plain values, conditions, ``TableName`` filled."""
    RESOURCE = "resource"
    """The service resource's own actions (``batch_get_item``, ``batch_write_item``)."""
    BATCH_WRITER = "batch-writer"
    """``Table.batch_writer()``: ``put_item``/``delete_item``, batched and retried for you."""

    @property
    def plain_values(self) -> bool:
        """True when boto3 serializes plain Python values for the caller."""
        return self is not Api.CLIENT


@dataclass
class Argument:
    """A keyword argument: its name and value, where each is written."""

    name: str
    value: ast.expr
    name_span: Span
    value_span: Span


@dataclass
class DynamoCall:
    api: Api
    operation: str
    """botocore's operation name (``Query``)."""
    method: str
    """The Python method called (``query``, ``paginate``, ``put_item``)."""
    method_span: Span
    node: ast.Call
    spec: Operation | None
    """The parameters this caller may pass, from the service model."""
    table: TableRef | None = None
    arguments: dict[str, Argument] = field(default_factory=dict)
    unknown_arguments: bool = False
    """A ``**mapping`` that could not be read: more arguments may be passed."""
    positional: list[ast.expr] = field(default_factory=list)
    paginator: bool = False
    paginator_span: Span | None = None
    function: FunctionNode | None = None
    in_loop: bool = False
    scope: Scope | None = None

    @property
    def span(self) -> Span:
        """Where findings about the call point: the operation name in
        ``get_paginator("scan")``, else the method."""
        return self.paginator_span or self.method_span

    def argument(self, name: str) -> Argument | None:
        return self.arguments.get(name)


@dataclass
class Construction:
    """A ``boto3.client(...)``, ``boto3.resource(...)`` or ``Session(...)`` call."""

    node: ast.Call
    kind: str
    span: Span
    function: FunctionNode | None


@dataclass
class PythonReading:
    source: SourceText
    tree: ast.Module
    resolver: Resolver
    calls: list[DynamoCall]
    constructions: list[Construction]


MUTATORS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "pop",
        "popleft",
        "popitem",
        "remove",
        "clear",
        "update",
        "setdefault",
        "add",
    }
)
LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def read_calls(tree: ast.Module, source: SourceText, previous: Resolver | None = None) -> PythonReading:
    """The calls of a module. ``previous``: the resolver of an earlier version of it
    (see ``Resolver``)."""
    resolver = Resolver(tree, source, previous)
    calls: list[DynamoCall] = []
    constructions: list[Construction] = []
    for node in resolver.by_type[ast.Call]:
        assert isinstance(node, ast.Call)
        scope = resolver.scope_of(node)
        func_kind = resolver.evaluate(node.func, scope)
        if isinstance(func_kind, (Boto3Function, BoundMethod)):
            constructions.append(
                Construction(node, func_kind.name, source.span(node.func), resolver.function_of(node))
            )
            continue
        if not isinstance(node.func, ast.Attribute):
            continue
        base = resolver.evaluate(node.func.value, scope)
        call = call_record(node, node.func, base, scope, resolver, source)
        if call is not None:
            calls.append(call)
    calls.sort(key=lambda c: (c.node.lineno, c.node.col_offset))
    constructions.sort(key=lambda c: (c.node.lineno, c.node.col_offset))
    return PythonReading(source, tree, resolver, calls, constructions)


def call_record(
    node: ast.Call,
    func: ast.Attribute,
    base: Kind | None,
    scope: Scope,
    resolver: Resolver,
    source: SourceText,
) -> DynamoCall | None:
    """The record of ``node`` (a call of method ``func`` on an object of kind ``base``), or
    None when it is no DynamoDB operation. Completion builds one for a half-typed call."""
    model = dynamo_model()
    method = func.attr
    spec: Operation | None = None
    table: TableRef | None = None
    paginator_span = None
    paginator = False
    if isinstance(base, ClientObject):
        spec = model.client_operation(method)
        api = Api.META_CLIENT if base.meta else Api.CLIENT
    elif isinstance(base, TableObject):
        spec = model.table_operation(method)
        api = Api.TABLE
        table = base.table
    elif isinstance(base, ResourceObject):
        spec = model.resource_operation(method)
        api = Api.RESOURCE
    elif isinstance(base, BatchWriterObject):
        if method not in ("put_item", "delete_item"):
            return None
        spec = model.table_operation(method)
        api = Api.BATCH_WRITER
        table = base.table
    elif isinstance(base, PaginatorObject) and method == "paginate":
        spec = model.paginator_operation(base.method)
        api = Api.META_CLIENT if base.client.meta else Api.CLIENT
        paginator = True
        paginator_span = base.span
    else:
        return None
    if spec is None:
        return None
    call = DynamoCall(
        api,
        spec.name,
        method,
        source.attribute_name_span(func),
        node,
        spec,
        table=table,
        paginator=paginator,
        paginator_span=paginator_span,
        function=resolver.function_of(node),
        in_loop=_in_loop(node, resolver),
        scope=scope,
    )
    _read_arguments(call, node, scope, resolver, source)
    if call.table is None and api in (Api.CLIENT, Api.META_CLIENT):
        table_name = call.argument("TableName")
        if table_name is not None:
            call.table = resolver.table_ref(table_name.value, scope)
    return call


def _read_arguments(
    call: DynamoCall, node: ast.Call, scope: Scope, resolver: Resolver, source: SourceText
) -> None:
    call.positional = list(node.args)
    for keyword in node.keywords:
        if keyword.arg is not None:
            call.arguments[keyword.arg] = Argument(
                keyword.arg, keyword.value, source.keyword_name_span(keyword), source.span(keyword.value)
            )
            continue
        found = resolver.dict_value(keyword.value, scope)
        if found is None:
            call.unknown_arguments = True
            continue
        mapping, updates = found
        if resolver.dict_extended(keyword.value, scope):
            call.unknown_arguments = True
        for key, value in zip(mapping.keys, mapping.values, strict=True):
            if key is None:
                call.unknown_arguments = True
            elif isinstance(key, ast.Constant) and isinstance(key.value, str):
                call.arguments.setdefault(
                    key.value, Argument(key.value, value, source.span(key), source.span(value))
                )
            else:
                call.unknown_arguments = True
        for name, key_node, value in updates:
            call.arguments.setdefault(name, Argument(name, value, source.span(key_node), source.span(value)))


def _in_loop(node: ast.Call, resolver: Resolver) -> bool:
    """True when the call repeats once per item of a loop (or comprehension) of its own
    function, however deeply nested. A loop does not count when the call runs once to
    start it (``for x in table.query(...)["Items"]``, the first ``for`` of a
    comprehension) or after it (``else:``); when the call's success ends it (a retry:
    ``put_item(...)`` followed by ``break`` or ``return``); or when nothing the call is
    made with changes from one pass to the next (polling)."""
    path: list[ast.AST] = [node]
    current = resolver.parents.get(node)
    while current is not None and not isinstance(
        current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)
    ):
        child = path[-1]
        if (
            isinstance(current, LOOPS)
            and _repeats(current, child, path)
            and not _ends_loop(path, current)
            and not _same_each_pass(node, current, resolver)
        ):
            return True
        path.append(current)
        current = resolver.parents.get(current)
    return False


def _repeats(loop: ast.AST, child: ast.AST, path: list[ast.AST]) -> bool:
    """Whether the part of ``loop`` the call is in (``child``) runs on every pass."""
    if isinstance(loop, (ast.For, ast.AsyncFor)):
        return child is not loop.iter and child not in loop.orelse
    if isinstance(loop, ast.While):
        return child not in loop.orelse
    assert isinstance(loop, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
    first = loop.generators[0]
    return not (child is first and len(path) >= 2 and path[-2] is first.iter)


def _ends_loop(path: list[ast.AST], loop: ast.AST) -> bool:
    """True when the call's statement is a ``return``, or is followed in its block by a
    ``return`` or ``raise``, or by a ``break`` of ``loop`` itself (not of a loop nested in
    it), at any level inside the loop."""
    if not isinstance(loop, (ast.For, ast.AsyncFor, ast.While)):
        return False
    blocks = [*path, loop]
    for index, statement in enumerate(blocks[:-1]):
        if not isinstance(statement, ast.stmt):
            continue
        if isinstance(statement, ast.Return):
            return True
        parent = blocks[index + 1]
        exits: tuple[type[ast.stmt], ...] = (ast.Return, ast.Raise)
        if not any(isinstance(b, LOOPS) for b in blocks[index + 1 : -1]):
            exits = (ast.Break, ast.Return, ast.Raise)
        for name in ("body", "orelse", "finalbody"):
            block = getattr(parent, name, None)
            if isinstance(block, list) and statement in block:
                if any(isinstance(s, exits) for s in block[block.index(statement) + 1 :]):
                    return True
                if (
                    isinstance(parent, ast.Try)
                    and name == "body"
                    and any(isinstance(s, exits) and not isinstance(s, ast.Raise) for s in parent.orelse)
                ):
                    return True
    return False


def _same_each_pass(call: ast.Call, loop: ast.AST, resolver: Resolver) -> bool:
    """True when neither the call's receiver nor its arguments read a name the loop
    binds or changes, nor call anything without arguments (``uuid4()``,
    ``next_item()``), so each pass makes the same request."""
    changed = resolver.loop_changes.get(loop)
    if changed is None:
        changed = resolver.loop_changes[loop] = _loop_changes(loop)
    assert isinstance(call.func, ast.Attribute)
    inputs: list[ast.AST] = [call.func.value, *call.args, *(k.value for k in call.keywords)]
    for part in inputs:
        for node in walk(part):
            if isinstance(node, ast.Name) and node.id in changed:
                return False
            if isinstance(node, ast.Call) and not node.args and not node.keywords:
                return False
    return True


def _loop_changes(loop: ast.AST) -> frozenset[str]:
    """The names a loop binds or changes (assigned, deleted, stored into, or mutated by a
    method such as ``append``)."""
    changed: set[str] = set()
    for node in walk(loop):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            changed.add(node.id)
        elif isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, ast.Store):
            base = node.value
            while isinstance(base, (ast.Subscript, ast.Attribute)):
                base = base.value
            if isinstance(base, ast.Name):
                changed.add(base.id)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.attr in MUTATORS
        ):
            changed.add(node.func.value.id)  # item.update(...), keys.pop()
    return frozenset(changed)


def function_nodes(function: ast.AST | None, tree: ast.Module) -> Iterator[ast.AST]:
    """Every node of a function (the module when None)."""
    yield from ast.walk(function if function is not None else tree)
