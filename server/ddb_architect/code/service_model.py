"""What botocore and boto3 say about DynamoDB's API: operations, parameters, required
members, enums and paginators from botocore's ``dynamodb`` service model, and the ``Table``
and service-resource actions from boto3's resource model (which fill ``TableName``).

Read from the installed packages' data files with botocore's loader, once and lazily: no
session is created, so no configuration or credentials are ever read.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import boto3
import botocore.loaders
from botocore import xform_name
from botocore.model import OperationModel, ServiceModel, Shape

SERVICE = "dynamodb"


@dataclass(frozen=True)
class Parameter:
    """One top-level member of an operation's input."""

    name: str
    shape: Shape
    required: bool
    documentation: str

    @property
    def enum(self) -> tuple[str, ...]:
        values = getattr(self.shape, "enum", None) or ()
        return tuple(values)

    @property
    def type_name(self) -> str:
        return self.shape.type_name


@dataclass(frozen=True)
class Operation:
    """An API operation as one kind of caller sees it (a client, a ``Table`` or a
    paginator): its parameters, without those the caller fills itself."""

    name: str
    method: str
    parameters: dict[str, Parameter]
    documentation: str
    filled: tuple[str, ...] = ()
    """Parameters the caller fills (``TableName`` on a ``Table``)."""
    model: OperationModel | None = field(default=None, compare=False, repr=False)

    @property
    def required(self) -> list[str]:
        return [name for name, parameter in self.parameters.items() if parameter.required]

    def input_shape(self, name: str) -> Shape | None:
        parameter = self.parameters.get(name)
        return parameter.shape if parameter is not None else None


class DynamoModel:
    """DynamoDB's API as botocore and boto3 describe it."""

    def __init__(self, service: ServiceModel, paginators: dict[str, Any], resources: dict[str, Any]) -> None:
        self.service = service
        self.api_version = service.api_version
        self._paginated = {xform_name(name) for name in paginators.get("pagination", {})}
        self._table_actions = {
            xform_name(action): spec["request"]["operation"]
            for action, spec in resources["resources"]["Table"]["actions"].items()
        }
        self._resource_actions = {
            xform_name(action): spec["request"]["operation"]
            for action, spec in resources["service"]["actions"].items()
        }
        self._operations: dict[str, Operation] = {}
        for name in service.operation_names:
            operation = service.operation_model(name)
            self._operations[xform_name(name)] = _operation(operation)

    @property
    def client_methods(self) -> list[str]:
        return sorted(self._operations)

    def client_operation(self, method: str) -> Operation | None:
        """The operation a client method calls (``query`` → Query)."""
        return self._operations.get(method)

    def table_operation(self, method: str) -> Operation | None:
        """The operation a ``Table`` method calls, with ``TableName`` filled by the Table."""
        name = self._table_actions.get(method)
        if name is None:
            return None
        base = self._operations[xform_name(name)]
        return Operation(
            base.name,
            method,
            {k: v for k, v in base.parameters.items() if k != "TableName"},
            base.documentation,
            ("TableName",),
            base.model,
        )

    @property
    def table_methods(self) -> list[str]:
        return sorted(self._table_actions)

    def resource_operation(self, method: str) -> Operation | None:
        """An operation the service resource (``boto3.resource("dynamodb")``) calls
        directly: ``batch_get_item``, ``batch_write_item``, ``create_table``."""
        name = self._resource_actions.get(method)
        return self._operations.get(xform_name(name)) if name is not None else None

    @property
    def resource_methods(self) -> list[str]:
        return sorted(self._resource_actions)

    def can_paginate(self, method: str) -> bool:
        return method in self._paginated

    @property
    def paginated_methods(self) -> list[str]:
        return sorted(self._paginated)

    def paginator_operation(self, method: str) -> Operation | None:
        """What ``get_paginator(method).paginate(...)`` accepts: the operation's
        parameters plus ``PaginationConfig``."""
        if method not in self._paginated:
            return None
        base = self._operations[method]
        parameters = dict(base.parameters)
        return Operation(
            base.name, "paginate", parameters, base.documentation, ("PaginationConfig",), base.model
        )


def _operation(model: OperationModel) -> Operation:
    members = model.input_shape.members if model.input_shape is not None else {}
    required = set(getattr(model.input_shape, "required_members", []) or [])
    parameters = {
        name: Parameter(name, shape, name in required, _plain(shape.documentation or ""))
        for name, shape in members.items()
    }
    return Operation(
        model.name, xform_name(model.name), parameters, _plain(model.documentation or ""), (), model
    )


def _plain(markup: str) -> str:
    """botocore's documentation is HTML; keep its text."""
    text = re.sub(r"<[^>]+>", "", markup)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


@cache
def dynamo_model() -> DynamoModel:
    """The model, loaded once from botocore's and boto3's data files (and nowhere else:
    not from ``~/.aws/models``, where botocore would look by default)."""
    boto3_data = os.path.join(os.path.dirname(boto3.__file__), "data")
    loader = botocore.loaders.Loader(
        extra_search_paths=[botocore.loaders.Loader.BUILTIN_DATA_PATH, boto3_data],
        include_default_search_paths=False,
    )
    service = ServiceModel(loader.load_service_model(SERVICE, "service-2"), SERVICE)
    paginators = loader.load_service_model(SERVICE, "paginators-1")
    resources = loader.load_service_model(SERVICE, "resources-1")
    return DynamoModel(service, paginators, resources)
