"""What a Python expression stands for, as far as DynamoDB is concerned: boto3 itself, a
session, a client (plain, or a resource's ``meta.client``), the service resource, a
``Table``, a paginator, a batch writer, the ``Key``/``Attr`` builders, and the values a
table name comes from (a literal, a constant, an environment variable)."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ddb_architect.findings import Span


@dataclass(frozen=True)
class TableRef:
    """Which table a ``Table`` object or a ``TableName=`` argument names: a literal (or a
    constant holding one), or the environment variable that holds it; with where the
    name is written."""

    name: str | None = None
    env: str | None = None
    span: Span | None = None

    @property
    def label(self) -> str:
        if self.name is not None:
            return repr(self.name)
        if self.env is not None:
            return f"${self.env}"
        return "an unknown table"


@dataclass(frozen=True)
class Boto3Module:
    pass


@dataclass(frozen=True)
class Boto3Function:
    """``boto3.client``, ``boto3.resource``, ``boto3.Session``/``boto3.session.Session``."""

    name: str


@dataclass(frozen=True)
class Boto3SessionModule:
    """``boto3.session``."""


@dataclass(frozen=True)
class SessionObject:
    pass


@dataclass(frozen=True)
class BoundMethod:
    """``session.client`` / ``session.resource`` before the call."""

    name: str


@dataclass(frozen=True)
class ClientObject:
    """A DynamoDB client. ``meta`` when reached through a resource's ``meta.client``: it
    then serializes plain values and accepts ``Key``/``Attr`` conditions, as the resource
    does (facts §10)."""

    meta: bool = False


@dataclass(frozen=True)
class ResourceObject:
    pass


@dataclass(frozen=True)
class MetaObject:
    """``resource.meta`` or ``table.meta``."""


@dataclass(frozen=True)
class TableObject:
    table: TableRef


@dataclass(frozen=True)
class PaginatorObject:
    method: str
    client: ClientObject
    span: Span
    """Where the operation is named: ``"query"`` in ``get_paginator("query")``."""


@dataclass(frozen=True)
class BatchWriterObject:
    table: TableRef


@dataclass(frozen=True)
class Boto3DynamoDBPackage:
    """``boto3.dynamodb``."""


@dataclass(frozen=True)
class ConditionsModule:
    """``boto3.dynamodb.conditions``."""


@dataclass(frozen=True)
class ConditionFunction:
    """``Key`` or ``Attr`` from ``boto3.dynamodb.conditions``."""

    name: str


@dataclass(frozen=True)
class ConditionObject:
    """A built condition: ``Key("pk").eq(x) & Key("sk").begins_with(p)``."""

    node: ast.expr


@dataclass(frozen=True)
class OsModule:
    pass


@dataclass(frozen=True)
class Environ:
    """``os.environ``."""


@dataclass(frozen=True)
class Getenv:
    """``os.getenv`` or ``os.environ.get``."""


@dataclass(frozen=True)
class StringValue:
    """A string known statically (a literal or a module constant)."""

    value: str
    span: Span


@dataclass(frozen=True)
class EnvValue:
    """The value of an environment variable."""

    name: str
    span: Span


@dataclass(frozen=True)
class FunctionRef:
    node: ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class ClassRef:
    node: ast.ClassDef


@dataclass(frozen=True)
class Instance:
    cls: ast.ClassDef


Kind = (
    Boto3Module
    | Boto3Function
    | Boto3SessionModule
    | SessionObject
    | BoundMethod
    | ClientObject
    | ResourceObject
    | MetaObject
    | TableObject
    | PaginatorObject
    | BatchWriterObject
    | Boto3DynamoDBPackage
    | ConditionsModule
    | ConditionFunction
    | ConditionObject
    | OsModule
    | Environ
    | Getenv
    | StringValue
    | EnvValue
    | FunctionRef
    | ClassRef
    | Instance
)

# Type names that annotate boto3 objects (mypy-boto3 / boto3-stubs and plain comments).
ANNOTATIONS: dict[str, Kind] = {
    "DynamoDBClient": ClientObject(),
    "DynamoDBServiceResource": ResourceObject(),
    "Table": TableObject(TableRef()),
}
