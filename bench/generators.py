"""Deterministic generators of large, realistic benchmark inputs: design specs, boto3 code
written against them, and whole workspaces.

Every generator takes a seed and gives the same text for the same arguments. A spec is a
set of single-table designs (four entities, two or three indexes, ten access patterns
each) with a seeded share of the classic mistakes, so a check reports a realistic mix of
findings rather than thousands of errors. The Python code implements those designs the
ways services do (resources, ``Table`` objects, plain clients with typed values,
paginators, batch writers, repository classes, helpers), with a seeded share of mistakes
too, between plain Python that has nothing to do with DynamoDB.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from string import Template

DEFAULT_SEED = 20240611


# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class Domain:
    """The nouns of one single-table design: a parent entity, its children, the children's
    lines and events, and the parent's unique lookup attribute."""

    name: str
    parent: str
    child: str
    line: str
    event: str
    lookup: str


DOMAINS: tuple[Domain, ...] = (
    Domain("Shop", "Customer", "Order", "OrderLine", "Payment", "email"),
    Domain("Social", "User", "Post", "Comment", "Reaction", "handle"),
    Domain("Tasks", "Tenant", "Project", "Task", "Audit", "domain"),
    Domain("Market", "Seller", "Product", "Review", "Restock", "slug"),
    Domain("Games", "Player", "Match", "Score", "Reward", "gamertag"),
    Domain("Fleet", "Device", "Reading", "Alert", "Firmware", "serial"),
    Domain("Library", "Member", "Loan", "Renewal", "Fine", "card"),
    Domain("Billing", "Account", "Invoice", "Charge", "Refund", "iban"),
)

SPEC_FLAWS = {
    # flaw: the share of tables that have it
    "scan": 0.10,  # an export pattern served by Scan (DDB501)
    "filter": 0.15,  # a filter that keeps 5% of what it reads (DDB503)
    "unused-index": 0.10,  # an index no pattern uses (DDB202)
    "missing-ttl": 0.08,  # entities with retention, no TTL attribute (DDB303)
    "unpadded": 0.10,  # a number in a sort key without padding (DDB106)
    "provisioned": 0.15,  # provisioned capacity, sometimes too little or too much (DDB403/404)
    "consistent-gsi": 0.03,  # strongly consistent read on a GSI (DDB204)
    "hot-key": 0.05,  # one key takes a fifth of a busy pattern (DDB102)
}

CODE_FLAW_SHARE = 0.08
"""The share of generated DynamoDB calls written with one of the usual mistakes."""


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _kebab(name: str) -> str:
    return _snake(name).replace("_", "-")


def _camel_id(name: str) -> str:
    return name[0].lower() + name[1:] + "Id"


def _plural(word: str) -> str:
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


@dataclass(frozen=True)
class TablePlan:
    """One generated table: its names, sizes, rates and which mistakes it carries."""

    number: int
    domain: Domain
    flaws: frozenset[str]
    scale: int
    """A seeded multiplier of counts and rates."""
    by_day_index: bool
    stream: bool

    @property
    def name(self) -> str:
        return f"{self.domain.name}{self.number:04d}"

    @property
    def pattern_names(self) -> list[str]:
        d = self.domain
        p, c, line, e = _kebab(d.parent), _kebab(d.child), _kebab(d.line), _kebab(d.event)
        last = f"{_plural(c)}-by-day" if self.by_day_index else f"export-{_plural(c)}"
        if not self.by_day_index and "scan" not in self.flaws:
            last = f"delete-{line}"
        return [
            f"get-{p}",
            f"{p}-by-{_kebab(d.lookup)}",
            f"recent-{_plural(c)}",
            f"{c}-by-id",
            f"{_plural(line)}-of-{c}",
            f"create-{p}",
            f"place-{c}",
            f"update-{p}",
            f"{_plural(e)}-of-{c}",
            last,
        ]


def plan_tables(tables: int, seed: int = DEFAULT_SEED, first: int = 1) -> list[TablePlan]:
    """``tables`` table plans, the same for the same seed."""
    rng = random.Random(seed)
    plans = []
    for number in range(first, first + tables):
        domain = DOMAINS[(number - 1) % len(DOMAINS)]
        flaws = frozenset(flaw for flaw, share in SPEC_FLAWS.items() if rng.random() < share)
        by_day = "scan" not in flaws and rng.random() < 0.3
        plans.append(
            TablePlan(
                number=number,
                domain=domain,
                flaws=flaws,
                scale=rng.choice((1, 2, 5, 10, 20, 50)),
                by_day_index=by_day,
                stream=rng.random() < 0.25,
            )
        )
    return plans


# --------------------------------------------------------------------------- specs

_SPEC_HEAD = Template("""\
# yaml-language-server: $$schema=../schemas/ddb-design.schema.json
#
# Generated by bench.generators (seed $seed): $tables single-table designs, ten access
# patterns each, for benchmarks.
version: 1
name: $name
description: Generated design with $tables tables
region: us-east-1

tables:
""")

_TABLE = Template("""\
  $table:
    billing: $billing
$capacity    class: standard
    key: {partition: PK, sort: SK}
    attributes: {$attributes}
$ttl    pitr: true
    code: {table_name_env: $TABLE_CONST}
$stream
    indexes:
      GSI1:
        key: {partition: GSI1PK, sort: GSI1SK}
        projection: keys-only
$more_indexes
    entities:
      $Parent:
        description: A $parent_words and its profile
        keys: {PK: "$PARENT#{$parentId}", SK: PROFILE, GSI1PK: "$LOOKUP#{$lookup}", GSI1SK: $PARENT}
        item_size: 800B
        count: ${parent_count}
        growth: ${parent_growth}/day
        fields:
          $parentId: {type: S, format: ulid}
          $lookup: {type: S, unique: true, max_length: 254}
          name: {type: S, max_length: 120}
      $Child:
        keys:
          PK: "$PARENT#{$parentId}"
          SK: "$CHILD#{createdAt}#{$childId}"
          GSI1PK: "$CHILD#{$childId}"
          GSI1SK: $CHILD
$child_day_keys        item_size: 1.8KB
        count: ${child_count}
        growth: ${child_growth}/day
        retention: 3y
        fields:
          $parentId: {type: S, format: ulid, cardinality: ${parent_count}}
          $childId: {type: S, format: ulid}
          createdAt: {type: S, format: iso8601}
          status: {type: S, values: [NEW, ACTIVE, DONE, CANCELLED]}
          total: {type: N}
$child_day_fields      $Line:
        keys: {PK: "$CHILD#{$childId}", SK: "$LINE#{$seq_var}"}
        item_size: 350B
        count: ${line_count}
        growth: ${line_growth}/day
        retention: 3y
        fields:
          $childId: {type: S, format: ulid, cardinality: ${child_count}}
          seq: {type: N, cardinality: 50}
      $Event:
        keys: {PK: "$CHILD#{$childId}", SK: "$EVENT#{at}#{$eventId}"}
        item_size: 600B
        count: ${event_count}
        growth: ${event_growth}/day
        retention: 400d
        fields:
          $childId: {type: S, format: ulid, cardinality: ${child_count}}
          at: {type: S, format: iso8601}
          $eventId: {type: S, format: uuid}

    access_patterns:
      - name: $p_get
        description: Show a $parent_words
        op: GetItem
        entity: $Parent
        key: {PK: "$PARENT#{$parentId}", SK: PROFILE}
        rate: ${get_rate}/s
        peak: ${get_peak}/s
$hot_key      - name: $p_lookup
        description: Find a $parent_words by $lookup
        op: Query
        index: GSI1
        key: {GSI1PK: "$LOOKUP#{$lookup}"}
        items: 1
$consistent        rate: ${lookup_rate}/s
      - name: $p_recent
        description: The newest $child_words of a $parent_words
        op: Query
        entity: $Child
        key: {PK: "$PARENT#{$parentId}", SK: {begins_with: "$CHILD#"}}
        items: 10
        order: desc
        rate: ${recent_rate}/s
        peak: ${recent_peak}/s
      - name: $p_by_id
        op: Query
        index: GSI1
        key: {GSI1PK: "$CHILD#{$childId}"}
        items: 1
        rate: ${by_id_rate}/s
      - name: $p_lines
        op: Query
        entity: $Line
        key: {PK: "$CHILD#{$childId}", SK: {begins_with: "$LINE#"}}
        items: 5
        rate: ${lines_rate}/s
      - name: $p_create
        op: PutItem
        entity: $Parent
        rate: ${parent_growth}/day
      - name: $p_place
        description: Write a $child_word and its lines in one transaction
        op: TransactWriteItems
        entities: [$Child, $Line]
        items: 4
        rate: ${child_growth}/day
        peak: ${place_peak}/s
      - name: $p_update
        op: UpdateItem
        entity: $Parent
        changes: [name]
        rate: ${update_rate}/min
      - name: $p_events
        op: Query
        entity: $Event
        key: {PK: "$CHILD#{$childId}", SK: {begins_with: "$EVENT#"}}
$event_filter        items: 20
        rate: ${events_rate}/s
$last_pattern""")

_CAPACITY = "    capacity: {read: $read, write: $write}\n"

_BY_DAY_INDEX = """\
      GSI2:
        key: {partition: GSI2PK, sort: GSI2SK}
        projection: [status, total]
"""

_UNUSED_INDEX = """\
      ByStatus:
        key: {partition: status, sort: createdAt}
        projection: keys-only
"""

_LAST_BY_DAY = Template("""\
      - name: $p_last
        description: Each day's $child_words, by shard
        op: Query
        index: GSI2
        key: {GSI2PK: "DAY#{day}#{shard}"}
        items: 50
        rate: 2/min
""")

_LAST_SCAN = Template("""\
      - name: $p_last
        description: Nightly export
        op: Scan
        rate: 1/day
        items: 1000
""")

_LAST_DELETE = Template("""\
      - name: $p_last
        op: DeleteItem
        entity: $Line
        key: {PK: "$CHILD#{$childId}", SK: "$LINE#{$seq_var}"}
        rate: ${update_rate}/min
""")


_PATTERN_KEYS = ("get", "lookup", "recent", "by_id", "lines", "create", "place", "update", "events", "last")


def _count(value: int) -> str:
    for suffix, size in (("B", 1_000_000_000), ("M", 1_000_000), ("K", 1_000)):
        if value >= size and value % size == 0:
            return f"{value // size}{suffix}"
    return str(value)


def _table_fields(plan: TablePlan) -> dict[str, str]:
    """The names and figures a table's spec and code are written with."""
    d = plan.domain
    names = plan.pattern_names
    s = plan.scale
    return {
        "table": plan.name,
        "TABLE_CONST": f"{plan.name.upper()}_TABLE",
        "Parent": d.parent,
        "Child": d.child,
        "Line": d.line,
        "Event": d.event,
        "PARENT": d.parent.upper(),
        "CHILD": d.child.upper(),
        "LINE": d.line.upper(),
        "EVENT": d.event.upper(),
        "LOOKUP": d.lookup.upper(),
        "lookup": d.lookup,
        "parentId": _camel_id(d.parent),
        "childId": _camel_id(d.child),
        "eventId": _camel_id(d.event),
        "parent_words": _snake(d.parent).replace("_", " "),
        "child_words": _plural(_snake(d.child).replace("_", " ")),
        "seq_var": "seq" if "unpadded" in plan.flaws else "seq:03d",
        "child_word": _snake(d.child).replace("_", " "),
        "parent_count": _count(10_000 * s),
        "parent_growth": _count(100 * s),
        "child_count": _count(80_000 * s),
        "child_growth": _count(800 * s),
        "line_count": _count(240_000 * s),
        "line_growth": _count(2_400 * s),
        "event_count": _count(100_000 * s),
        "event_growth": _count(1_000 * s),
        "get_rate": str(4 * s),
        "get_peak": str(20 * s),
        "lookup_rate": str(max(1, s // 2)),
        "recent_rate": str(3 * s),
        "recent_peak": str(12 * s),
        "by_id_rate": str(max(1, s // 5)),
        "lines_rate": str(2 * s),
        "place_peak": str(max(1, s // 2)),
        "update_rate": str(2 * s),
        "events_rate": str(max(1, s // 2)),
        **{f"p_{key}": name for key, name in zip(_PATTERN_KEYS, names, strict=True)},
    }


def table_yaml(plan: TablePlan) -> str:
    """One table of a spec, indented under ``tables:``."""
    fields = _table_fields(plan)
    s = plan.scale
    attributes = ["PK: S", "SK: S", "GSI1PK: S", "GSI1SK: S"]
    more_indexes = ""
    if plan.by_day_index:
        attributes += ["GSI2PK: S", "GSI2SK: S"]
        more_indexes += _BY_DAY_INDEX
    if "unused-index" in plan.flaws:
        attributes += ["status: S", "createdAt: S"]
        more_indexes += _UNUSED_INDEX
    ttl = ""
    if "missing-ttl" not in plan.flaws:
        attributes.append("expiresAt: N")
        ttl = "    ttl: expiresAt\n"
    capacity = ""
    billing = "on-demand"
    if "provisioned" in plan.flaws:
        billing = "provisioned"
        # Sometimes far too much, sometimes too little, mostly about right.
        factor = (0.3, 1.5, 1.5, 6.0)[plan.number % 4]
        capacity = Template(_CAPACITY).substitute(
            read=max(5, round(30 * s * factor)), write=max(5, round(8 * s * factor))
        )
    stream = "    stream: {view: new-and-old-images, consumers: [search-indexer]}\n" if plan.stream else ""
    if plan.by_day_index:
        last = _LAST_BY_DAY.substitute(fields)
    elif "scan" in plan.flaws:
        last = _LAST_SCAN.substitute(fields)
    else:
        last = _LAST_DELETE.substitute(fields)
    event_filter = ""
    if "filter" in plan.flaws:
        event_filter = "        filter: {attributes: [status], selectivity: 5%}\n"
    hot_key = ""
    if "hot-key" in plan.flaws:
        hot_key = "        hot_key_share: 20%\n"
        fields = {**fields, "get_peak": str(2_000 * s)}
    consistent = "        consistent: true\n" if "consistent-gsi" in plan.flaws else ""
    child_day_keys = ""
    child_day_fields = ""
    if plan.by_day_index:
        child_day_keys = '          GSI2PK: "DAY#{day}#{shard}"\n          GSI2SK: "{createdAt}"\n'
        child_day_fields = (
            "          day: {type: S, format: date}\n          shard: {type: N, cardinality: 10}\n"
        )
    return _TABLE.substitute(
        fields,
        billing=billing,
        capacity=capacity,
        attributes=", ".join(attributes),
        ttl=ttl,
        stream=stream,
        more_indexes=more_indexes,
        child_day_keys=child_day_keys,
        child_day_fields=child_day_fields,
        hot_key=hot_key,
        consistent=consistent,
        event_filter=event_filter,
        last_pattern=last,
    )


def spec_text(tables: int, seed: int = DEFAULT_SEED, name: str = "generated") -> str:
    """A design spec of ``tables`` tables with ten access patterns each."""
    return spec_of(plan_tables(tables, seed), seed, name)


def spec_of(plans: list[TablePlan], seed: int = DEFAULT_SEED, name: str = "generated") -> str:
    head = _SPEC_HEAD.substitute(seed=seed, tables=len(plans), name=name)
    return head + "\n".join(table_yaml(plan) for plan in plans)


def spec_with_lines(lines: int, seed: int = DEFAULT_SEED) -> tuple[str, list[TablePlan]]:
    """A spec of at least ``lines`` lines (whole tables), and its tables."""
    plans: list[TablePlan] = []
    count = 1
    while True:
        plans = plan_tables(count, seed)
        text = spec_of(plans, seed)
        if text.count("\n") >= lines:
            return text, plans
        per_table = max(1, text.count("\n") // count)
        count = max(count + 1, -(-lines // per_table))


# --------------------------------------------------------------------------- Python

_MODULE_HEAD = Template('''\
"""$title

Generated by bench.generators (seed $seed) for benchmarks: data access for $tables
tables of the design spec, between plain Python helpers.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.conditions import Attr, Key

logger = logging.getLogger(__name__)

dynamodb = boto3.resource("dynamodb")
client = boto3.client("dynamodb")

PAGE_SIZE = 50
RETRIES = 3


def _now() -> str:
    """The current time as ISO 8601, as every item stores it."""
    return datetime.now(timezone.utc).isoformat()


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    """Drop the key attributes an API caller never sees."""
    return {name: value for name, value in item.items() if name not in {"PK", "SK", "GSI1PK", "GSI1SK"}}

''')

_PLAIN_BLOCKS: tuple[Template, ...] = (
    Template('''\

@dataclass
class ${Name}Settings:
    """Settings of the $words feature, read from the environment."""

    enabled: bool = True
    batch_size: int = 25
    labels: list[str] = field(default_factory=list)

    @classmethod
    def from_env(cls, prefix: str = "$PREFIX") -> ${Name}Settings:
        enabled = os.environ.get(f"{prefix}_ENABLED", "1") not in {"0", "false", "no"}
        size = int(os.environ.get(f"{prefix}_BATCH", "25"))
        labels = [label.strip() for label in os.environ.get(f"{prefix}_LABELS", "").split(",") if label.strip()]
        return cls(enabled=enabled, batch_size=max(1, min(size, 25)), labels=labels)

    def describe(self) -> str:
        state = "on" if self.enabled else "off"
        return f"$words: {state}, batches of {self.batch_size}, labels {', '.join(self.labels) or '-'}"

'''),
    Template('''\

def ${name}_chunks(values: Iterable[Any], size: int = 25) -> Iterator[list[Any]]:
    """Split ``values`` into lists of at most ``size`` ($words)."""
    chunk: list[Any] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ${name}_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals of a list of $words rows."""
    total = sum(Decimal(str(row.get("total", 0))) for row in rows)
    by_status: dict[str, int] = {}
    for row in rows:
        status = str(row.get("status", "NEW"))
        by_status[status] = by_status.get(status, 0) + 1
    return {"count": len(rows), "total": str(total), "by_status": by_status}

'''),
    Template('''\

class ${Name}Error(Exception):
    """A $words request that cannot be served."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


def parse_${name}_payload(body: str) -> dict[str, Any]:
    """The JSON body of a $words request, checked field by field."""
    try:
        payload = json.loads(body)
    except json.JSONDecodeError as error:
        raise ${Name}Error(f"not JSON: {error}") from error
    if not isinstance(payload, dict):
        raise ${Name}Error("expected an object")
    missing = [name for name in ("id", "name") if name not in payload]
    if missing:
        raise ${Name}Error(f"missing: {', '.join(missing)}")
    name = str(payload["name"]).strip()
    if not 0 < len(name) <= 120:
        raise ${Name}Error("name: 1 to 120 characters")
    return {"id": str(payload["id"]), "name": name, "tags": sorted(set(payload.get("tags", [])))}

'''),
)

_REPOSITORY = Template('''\

# ----------------------------------------------------------------------------- $table

$table_constant


@dataclass
class $Parent$number:
    """A $parent_words of $table."""

    ${parent_id}: str
    $lookup: str
    name: str

    def to_item(self) -> dict[str, Any]:
        return {
            "PK": f"$PARENT#{self.${parent_id}}",
            "SK": "PROFILE",
            "GSI1PK": f"$LOOKUP#{self.$lookup}",
            "GSI1SK": "$PARENT",
            "${parentId}": self.${parent_id},
            "$lookup": self.$lookup,
            "name": self.name,
        }


class ${Domain}Store$number:
    """Data access for $table: ${parent_words}s, their $child_words, lines and ${event_words}s."""

    def __init__(self) -> None:
        self._table = dynamodb.Table($TABLE_CONST)

    def $m_get(self, ${parent_id}: str) -> dict[str, Any] | None:
        """$p_get"""
        response = self._table.get_item(Key={"PK": f"$parent_prefix#{${parent_id}}", "SK": "PROFILE"})
        item = response.get("Item")
        return _clean(item) if item else None

    def $m_lookup(self, $lookup: str) -> dict[str, Any] | None:
        """$p_lookup"""
        response = self._table.query(
            IndexName="GSI1",
            KeyConditionExpression=Key("GSI1PK").eq(f"$LOOKUP#{$lookup.lower()}"),
            Limit=1,$consistent
        )
        items = response.get("Items", [])
        return _clean(items[0]) if items else None

    def $m_recent(self, ${parent_id}: str, limit: int = 10) -> list[dict[str, Any]]:
        """$p_recent"""
        items: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": Key("PK").eq(f"$PARENT#{${parent_id}}") & Key("SK").begins_with("$CHILD#"),
            "ScanIndexForward": False,
            "Limit": limit,
        }
        while True:
            page = self._table.query(**kwargs)
            items.extend(page["Items"])
            if len(items) >= limit or "LastEvaluatedKey" not in page:
                return [_clean(item) for item in items[:limit]]
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def $m_by_id(self, ${child_id}: str) -> dict[str, Any] | None:
        """$p_by_id"""
        response = self._table.query(
            IndexName="GSI1",
            KeyConditionExpression="GSI1PK = :pk",
            ExpressionAttributeValues={":pk": f"$CHILD#{${child_id}}"},
        )
        items = response["Items"]
        return items[0] if items else None

$lines_method
    def $m_create(self, ${parent_var}: $Parent$number) -> None:
        """$p_create"""
        self._table.put_item(
            Item=${parent_var}.to_item(),
            ConditionExpression="attribute_not_exists(PK)",
        )

    def $m_update(self, ${parent_id}: str, name: str) -> None:
        """$p_update"""
        self._table.update_item(
            Key={"PK": f"$PARENT#{${parent_id}}", "SK": "PROFILE"},
$update_expression
            ExpressionAttributeValues={":name": name, ":now": _now()},
        )

    def import_${line_var}s(self, ${child_id}: str, rows: Iterable[dict[str, Any]]) -> int:
        """Load the lines of a $child_word from a file, 25 at a time."""
        written = 0
        with self._table.batch_writer() as batch:
            for number, row in enumerate(rows, start=1):
                batch.put_item(
                    Item={
                        "PK": f"$CHILD#{${child_id}}",
                        "SK": f"$LINE#{number:03d}",
                        "sku": row["sku"],
                        "quantity": int(row.get("quantity", 1)),
                        "price": Decimal(str(row["price"])),$float_value
                    }
                )
                written += 1
        return written
$loop_method$last_method

def ${m_place}_$number(${child_id}: str, ${parent_id}: str, lines: list[dict[str, Any]]) -> None:
    """$p_place: the $child_word and its lines in one transaction (plain client, typed values)."""
    created = _now()
    items: list[dict[str, Any]] = [
        {
            "Put": {
                "TableName": $TABLE_CONST,
                "Item": {
                    "PK": {"S": f"$PARENT#{${parent_id}}"},
                    "SK": {"S": f"$CHILD#{created}#{${child_id}}"},
                    "GSI1PK": {"S": f"$CHILD#{${child_id}}"},
                    "GSI1SK": {"S": "$CHILD"},
                    "status": {"S": "NEW"},
                },
                "ConditionExpression": "attribute_not_exists(PK)",
            }
        }
    ]
    for number, line in enumerate(lines[:3], start=1):
        items.append(
            {
                "Put": {
                    "TableName": $TABLE_CONST,
                    "Item": {
                        "PK": {"S": f"$CHILD#{${child_id}}"},
                        "SK": {"S": f"$LINE#{number:03d}"},
                        "sku": {"S": str(line["sku"])},
                    },
                }
            }
        )
    client.transact_write_items(TransactItems=items)


def ${m_events}_$number(${child_id}: str) -> list[dict[str, Any]]:
    """$p_events (every page, through a paginator)."""
    paginator = client.get_paginator("query")
    pages = paginator.paginate(
        TableName=$TABLE_CONST,
        KeyConditionExpression="PK = :pk AND begins_with(SK, :prefix)",$event_filter
        ExpressionAttributeValues={
            ":pk": {"S": f"$CHILD#{${child_id}}"},
            ":prefix": {"S": "$EVENT#"},$event_filter_value
        },
        PaginationConfig={"PageSize": PAGE_SIZE},
    )
    return [item for page in pages for item in page["Items"]]


def get_${parent_var}s_$number(ids: list[str]) -> list[dict[str, Any]]:
    """Many ${parent_words}s at once, retrying what DynamoDB leaves unprocessed."""
    keys = [{"PK": f"$PARENT#{value}", "SK": "PROFILE"} for value in ids[:100]]
    request: dict[str, Any] = {$TABLE_CONST: {"Keys": keys}}
    found: list[dict[str, Any]] = []
    for _attempt in range(RETRIES):
        response = dynamodb.batch_get_item(RequestItems=request)
        found.extend(response["Responses"].get($TABLE_CONST, []))
        request = response.get("UnprocessedKeys") or {}
        if not request:
            break
    return found
''')

_LINES_PAGINATED = Template('''\
    def $m_lines(self, ${child_id}: str) -> list[dict[str, Any]]:
        """$p_lines"""
        items: list[dict[str, Any]] = []
        start: dict[str, Any] | None = None
        while True:
            kwargs: dict[str, Any] = {
                "KeyConditionExpression": Key("PK").eq(f"$CHILD#{${child_id}}") & Key("SK").begins_with("$LINE#"),
            }
            if start:
                kwargs["ExclusiveStartKey"] = start
            page = self._table.query(**kwargs)
            items.extend(page["Items"])
            start = page.get("LastEvaluatedKey")
            if not start:
                return items
''')

_LINES_ONE_PAGE = Template('''\
    def $m_lines(self, ${child_id}: str) -> list[dict[str, Any]]:
        """$p_lines (first page only)"""
        response = self._table.query(
            KeyConditionExpression=Key("PK").eq(f"$CHILD#{${child_id}}") & Key("SK").begins_with("$LINE#"),
        )
        return response["Items"]
''')

_LOOP_METHOD = Template('''
    def ${parent_var}_names(self, ids: list[str]) -> dict[str, str]:
        """Names of many ${parent_words}s, one read each."""
        names: dict[str, str] = {}
        for value in ids:
            item = self._table.get_item(Key={"PK": f"$PARENT#{value}", "SK": "PROFILE"}).get("Item")
            if item:
                names[value] = str(item["name"])
        return names
''')

_LAST_METHODS = {
    "by-day": Template('''
    def $m_last(self, day: str) -> list[dict[str, Any]]:
        """$p_last: every shard of one day."""
        found: list[dict[str, Any]] = []
        for shard in range(10):
            kwargs: dict[str, Any] = {
                "IndexName": "GSI2",
                "KeyConditionExpression": Key("GSI2PK").eq(f"DAY#{day}#{shard}"),
            }
            while True:
                page = self._table.query(**kwargs)
                found.extend(page["Items"])
                if "LastEvaluatedKey" not in page:
                    break
                kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return found
'''),
    "scan": Template('''
    def $m_last(self) -> Iterator[dict[str, Any]]:
        """$p_last: every item, page after page."""
        kwargs: dict[str, Any] = {"FilterExpression": Attr("SK").begins_with("$CHILD#")}
        while True:
            page = self._table.scan(**kwargs)
            yield from page["Items"]
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
'''),
    "delete": Template('''
    def $m_last(self, ${child_id}: str, seq: int) -> None:
        """$p_last"""
        self._table.delete_item(
            Key={"PK": f"$CHILD#{${child_id}}", "SK": f"$LINE#{seq:03d}"},
            ConditionExpression=Attr("PK").exists(),
        )
'''),
}


def _method(pattern: str) -> str:
    return pattern.replace("-", "_")


def repository_code(plan: TablePlan, rng: random.Random, code_number: int, key_typo: bool = False) -> str:
    """Python that performs ``plan``'s access patterns, with a seeded share of mistakes;
    its classes and functions are numbered ``code_number``."""
    f = _table_fields(plan)
    d = plan.domain
    names = plan.pattern_names

    def flaw() -> bool:
        return rng.random() < CODE_FLAW_SHARE

    fields = {
        **f,
        "number": f"{code_number:04d}",
        "Domain": d.name,
        "parent_id": _snake(_camel_id(d.parent)),
        "child_id": _snake(_camel_id(d.child)),
        "parent_var": _snake(d.parent),
        "line_var": _snake(d.line),
        "event_words": _snake(d.event).replace("_", " "),
        "parent_prefix": (d.parent.upper()[:4] if key_typo else d.parent.upper()),
        **{f"m_{key}": _method(name) for key, name in zip(_PATTERN_KEYS, names, strict=True)},
    }
    # Services name a table by a constant or by an environment variable (the spec maps it).
    if code_number % 2:
        fields["table_constant"] = f'{fields["TABLE_CONST"]} = "{plan.name}"'
    else:
        fields["table_constant"] = f'{fields["TABLE_CONST"]} = os.environ["{fields["TABLE_CONST"]}"]'
    fields["consistent"] = "\n            ConsistentRead=True," if flaw() else ""
    fields["lines_method"] = (_LINES_ONE_PAGE if flaw() else _LINES_PAGINATED).substitute(fields)
    if flaw():  # a reserved word in an expression (DDB607)
        fields["update_expression"] = '            UpdateExpression="SET name = :name, updatedAt = :now",'
    else:
        fields["update_expression"] = (
            '            UpdateExpression="SET #name = :name, updatedAt = :now",\n'
            '            ExpressionAttributeNames={"#name": "name"},'
        )
    fields["float_value"] = '\n                        "weight": 0.5,' if flaw() else ""
    fields["loop_method"] = _LOOP_METHOD.substitute(fields) if flaw() else ""
    if "filter" in plan.flaws:
        fields["event_filter"] = (
            '\n        FilterExpression="#s = :status",\n        ExpressionAttributeNames={"#s": "status"},'
        )
        fields["event_filter_value"] = '\n            ":status": {"S": "FAILED"},'
    else:
        fields["event_filter"] = ""
        fields["event_filter_value"] = ""
    kind = "by-day" if plan.by_day_index else "scan" if "scan" in plan.flaws else "delete"
    fields["last_method"] = _LAST_METHODS[kind].substitute(fields)
    return _REPOSITORY.substitute(fields)


def _plain_block(index: int, rng: random.Random) -> str:
    words = rng.choice(("billing", "report", "export", "audit", "search", "inventory", "onboarding"))
    name = f"{words}_{index:04d}"
    return rng.choice(_PLAIN_BLOCKS).substitute(
        Name="".join(part.title() for part in name.split("_")),
        name=name,
        words=words,
        PREFIX=name.upper(),
    )


def python_text(lines: int, plans: list[TablePlan], seed: int = DEFAULT_SEED, title: str = "") -> str:
    """A Python module of about ``lines`` lines (whole blocks; a little over) implementing
    the tables of ``plans`` in turn, with plain helpers between them."""
    rng = random.Random(seed)
    parts = [
        _MODULE_HEAD.substitute(
            title=title or "Data access for a generated design.", seed=seed, tables=len(plans)
        )
    ]
    total = parts[0].count("\n")
    number = 0
    while total < lines:
        plan = plans[number % len(plans)]
        # A table implemented again further down the module gets fresh class names.
        code_number = plan.number + 10_000 * (number // len(plans))
        block = repository_code(plan, rng, code_number, key_typo=rng.random() < CODE_FLAW_SHARE / 2)
        block += _plain_block(number, rng)
        parts.append(block)
        total += block.count("\n")
        number += 1
    return "".join(parts)


def plain_python_text(lines: int, seed: int) -> str:
    """Python with nothing to do with DynamoDB, of about ``lines`` lines."""
    rng = random.Random(seed)
    parts = [
        f'"""Helpers of module {seed}: settings, batching and payload checks."""\n\n'
        "from __future__ import annotations\n\nimport json\nimport os\n"
        "from collections.abc import Iterable, Iterator\nfrom dataclasses import dataclass, field\n"
        "from decimal import Decimal\nfrom typing import Any\n"
    ]
    total = parts[0].count("\n")
    index = 0
    while total < lines:
        block = _plain_block(index, rng)
        parts.append(block)
        total += block.count("\n")
        index += 1
    return "".join(parts)


# --------------------------------------------------------------------------- workspaces


@dataclass(frozen=True)
class Workspace:
    root: Path
    spec: Path
    python_files: list[Path]
    dynamodb_files: list[Path]


WORKSPACE_PYPROJECT = """\
[project]
name = "generated-service"
version = "0.1.0"

[tool.ddb-architect]
spec = ["design/*.ddb.yaml"]
"""


def write_workspace(
    root: Path,
    files: int = 2_000,
    seed: int = DEFAULT_SEED,
    dynamodb_share: float = 1 / 3,
    tables: int = 50,
    files_per_package: int = 20,
) -> Workspace:
    """A project of ``files`` Python files in packages of ``files_per_package``, about
    ``dynamodb_share`` of them data access against one spec of ``tables`` tables (named
    by the project's ``spec`` setting), the rest plain Python."""
    rng = random.Random(seed)
    plans = plan_tables(tables, seed)
    spec = root / "design" / "service.ddb.yaml"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(spec_of(plans, seed, "service"), encoding="utf-8")
    (root / "pyproject.toml").write_text(WORKSPACE_PYPROJECT, encoding="utf-8")
    python_files: list[Path] = []
    dynamodb_files: list[Path] = []
    for number in range(files):
        package = root / "src" / "service" / f"package_{number // files_per_package:03d}"
        if number % files_per_package == 0:
            # Each package's first file is its __init__.py.
            package.mkdir(parents=True, exist_ok=True)
            path = package / "__init__.py"
            path.write_text(
                f'"""Package {number // files_per_package} of the service."""\n', encoding="utf-8"
            )
            python_files.append(path)
            continue
        size = rng.randint(80, 320)
        if rng.random() < dynamodb_share:
            path = package / f"store_{number:04d}.py"
            plan = plans[number % len(plans)]
            text = python_text(size, [plan], seed + number, f"Data access for {plan.name}.")
            dynamodb_files.append(path)
        else:
            path = package / f"helpers_{number:04d}.py"
            text = plain_python_text(size, seed + number)
        path.write_text(text, encoding="utf-8")
        python_files.append(path)
    return Workspace(root, spec, python_files, dynamodb_files)


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of a text with their 0-based numbers."""
    yield from enumerate(text.split("\n"))
