"""Helpers for the 7xx tests: a small shop design written inline, code snippets checked
against it, and where in the snippet a finding must point."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import PythonReport, check_python
from ddb_architect.findings import Finding
from ddb_architect.options import RuleSelection
from ddb_architect.spec.loader import SpecDocument, load_spec

SHOP = """\
version: 1
tables:
  Shop:
    key: {partition: PK, sort: SK}
    code: {table_name_env: SHOP_TABLE, names: [shop-prod, shop-dev]}
    indexes:
      ByEmail:
        key: {partition: GSI1PK, sort: GSI1SK}
        projection: keys-only
    entities:
      Customer:
        keys: {PK: "CUSTOMER#{customerId}", SK: PROFILE, GSI1PK: "EMAIL#{email}", GSI1SK: CUSTOMER}
        item_size: 1KB
        count: 1M
        fields:
          customerId: {type: S, format: uuid}
          email: {type: S, unique: true}
      Order:
        keys: {PK: "CUSTOMER#{customerId}", SK: "ORDER#{orderId}"}
        item_size: 1KB
        count: 10M
        fields:
          customerId: {type: S, format: uuid}
          orderId: {type: S, format: uuid}
    access_patterns:
      - name: get-customer
        op: GetItem
        entity: Customer
        key: {PK: "CUSTOMER#{customerId}", SK: PROFILE}
        rate: 10/s
      - name: customer-orders
        op: Query
        key: {PK: "CUSTOMER#{customerId}", SK: {begins_with: "ORDER#"}}
        items: 10
        rate: 10/s
      - name: customer-by-email
        op: Query
        index: ByEmail
        key: {GSI1PK: "EMAIL#{email}"}
        items: 1
        rate: 1/s
      - name: place-order
        op: PutItem
        entity: Order
        rate: 5/s
      - name: change-email
        op: UpdateItem
        entity: Customer
        rate: 1/s
  Sessions:
    key: {partition: sessionId}
    code: {table_name_env: [SESSIONS_TABLE, LEGACY_SESSIONS_TABLE]}
    entities:
      Session:
        keys: {sessionId: "SESSION#{sessionId}"}
        item_size: 1KB
        count: 1K
        fields:
          sessionId: {type: S, format: uuid}
    access_patterns:
      - name: get-session
        op: GetItem
        entity: Session
        key: {sessionId: "SESSION#{sessionId}"}
        rate: 1/s
"""

HEAD = """\
import os

import boto3
from boto3.dynamodb.conditions import Attr, Key

dynamodb = boto3.resource("dynamodb")
client = boto3.client("dynamodb")
shop = dynamodb.Table("Shop")
"""


def spec_document(text: str = SHOP, path: str = "shop.ddb.yaml") -> SpecDocument:
    return load_spec(textwrap.dedent(text), path)


def spec_set(text: str = SHOP, table_names: Mapping[str, str] | None = None) -> SpecSet:
    """The inline spec loaded; it must load with no finding unless it is meant to be broken."""
    return SpecSet([spec_document(text)], dict(table_names or {}))


def source(code: str) -> str:
    """A module: the shared header (imports, a resource, a client, the Shop table) and
    the snippet."""
    return HEAD + textwrap.dedent(code)


def report(code: str, specs: SpecSet | None = None, *codes: str) -> PythonReport:
    selection = RuleSelection(select=codes or ("DDB7",))
    return check_python(source(code), "app.py", spec_set() if specs is None else specs, selection)


def findings(code: str, *codes: str, specs: SpecSet | None = None) -> list[Finding]:
    """The 7xx findings (only ``codes`` when given) of the snippet against the specs
    (the shop design by default)."""
    return report(code, specs, *codes).findings


def found_codes(code: str, *codes: str, specs: SpecSet | None = None) -> list[str]:
    return [f.code for f in findings(code, *codes, specs=specs)]


def one(code: str, rule: str, specs: SpecSet | None = None) -> Finding:
    found = findings(code, rule, specs=specs)
    assert len(found) == 1, [(f.code, f.span.start.line + 1, f.message) for f in found]
    return found[0]


def position(code: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and 0-based column of the ``occurrence``-th ``needle`` in the module."""
    text = source(code)
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1)
    return line, column


def at(finding: Finding) -> tuple[int, int]:
    """1-based line and 0-based column where a finding starts."""
    return finding.span.start.line + 1, finding.span.start.column


def covered(code: str, finding: Finding) -> str:
    """The text of the module the finding's span covers."""
    lines = source(code).splitlines(keepends=True)
    start, end = finding.span.start, finding.span.end
    if start.line == end.line:
        return lines[start.line][start.column : end.column]
    text = lines[start.line][start.column :]
    text += "".join(lines[start.line + 1 : end.line])
    return text + lines[end.line][: end.column]
