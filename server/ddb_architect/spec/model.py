"""The design-spec format as pydantic models: the single source of the JSON Schema.

Every model keeps a link to the YAML node it came from (``node``), the key it sits under
in its parent mapping (``key_node``), and the names of the fields whose values were
invalid and dropped while loading (``invalid``), so rules can point at the source and
stay quiet about what an earlier DDB002 already reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, PrivateAttr, WithJsonSchema
from pydantic_core import PydanticCustomError

from ddb_architect.findings import Span
from ddb_architect.spec import quantities as q
from ddb_architect.spec.yaml_tree import YMapping, YNode, YScalar, YSequence

# --------------------------------------------------------------------------- quantities


def _quantity(parser: Any, kind: str) -> Any:
    def validate(value: Any) -> float:
        try:
            return float(parser(value))
        except q.QuantityError as error:
            raise PydanticCustomError(
                "quantity",
                "{message}",
                {"message": str(error), "expected": error.expected, "example": error.example},
            ) from None

    validate.__name__ = f"parse_{kind}"
    return PlainValidator(validate)


def _quantity_schema(pattern: str, description: str, examples: list[Any], numbers: bool) -> WithJsonSchema:
    string_schema = {"type": "string", "pattern": pattern}
    schema: dict[str, Any] = (
        {"anyOf": [{"type": "number", "minimum": 0}, string_schema]} if numbers else dict(string_schema)
    )
    schema["description"] = description
    schema["examples"] = examples
    return WithJsonSchema(schema)


_NUM = r"(\d+(_\d+)*(\.\d+)?|\.\d+)"
Size = Annotated[
    float,
    _quantity(q.parse_size, "size"),
    _quantity_schema(
        rf"^{_NUM}\s*([bB]|[kKmMgGtT][iI]?[bB])?$",
        "A size in bytes or with a binary unit: 512B, 1.5KB (1 KB = 1024 bytes), 2MB, 10GB.",
        ["1.5KB", "512B", "2MB"],
        numbers=True,
    ),
]
Count = Annotated[
    float,
    _quantity(q.parse_count, "count"),
    _quantity_schema(
        rf"^{_NUM}\s*[kKmMbB]?$",
        "A count: a number, optionally with K, M or B (billion): 10M, 40K, 50_000.",
        ["10M", "40K", 50000],
        numbers=True,
    ),
]
Rate = Annotated[
    float,
    _quantity(q.parse_rate, "rate"),
    _quantity_schema(
        rf"^{_NUM}\s*[kKmMbB]?\s*/\s*(s|sec|second|min|minute|h|hour|d|day|week|month)s?$",
        "A rate: a count per s, min, h, day or month (a month is 730 hours): 900/s, 20K/day.",
        ["900/s", "20K/day", "10/min"],
        numbers=False,
    ),
]
Duration = Annotated[
    float,
    _quantity(q.parse_duration, "duration"),
    _quantity_schema(
        rf"^{_NUM}\s*(s|m|min|h|d|w|y)$",
        "A duration: 30s, 15m, 24h, 90d, 1y (365 days).",
        ["90d", "24h", "1y"],
        numbers=False,
    ),
]
Share = Annotated[
    float,
    _quantity(q.parse_share, "share"),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 1},
                {"type": "string", "pattern": rf"^{_NUM}\s*%$"},
            ],
            "description": "A share: a percentage (5%) or a fraction between 0 and 1.",
            "examples": ["5%", 0.05],
        }
    ),
]

# --------------------------------------------------------------------------- key conditions

KEY_CONDITION_OPERATORS = ("begins_with", "between", "<", "<=", ">", ">=")


@dataclass(frozen=True)
class KeyCondition:
    """One attribute's condition in an access pattern's ``key``: equality with a template
    (``op == "="``), or a sort-key operator with its operand(s)."""

    op: str
    value: Any

    @property
    def is_equality(self) -> bool:
        return self.op == "="


_BEGINS_WITH = '{begins_with: "POST#"}'


def _parse_key_condition(value: Any) -> KeyCondition:
    if isinstance(value, KeyCondition):
        return value
    if isinstance(value, bool) or value is None:
        raise PydanticCustomError(
            "key_condition",
            "expected a key template (equality) or an operator mapping such as {example}; found {found}",
            {"found": "nothing" if value is None else str(value).lower(), "example": _BEGINS_WITH},
        )
    if isinstance(value, (str, int, float)):
        return KeyCondition("=", str(value) if not isinstance(value, str) else value)
    if isinstance(value, dict):
        if len(value) != 1 or next(iter(value)) not in KEY_CONDITION_OPERATORS:
            names = ", ".join(repr(k) for k in value) or "nothing"
            raise PydanticCustomError(
                "key_condition",
                "expected one operator of begins_with, between, <, <=, >, >=; found {names}; "
                "for example {example} or {between}",
                {"names": names, "example": _BEGINS_WITH, "between": "{between: [A, B]}"},
            )
        op, operand = next(iter(value.items()))
        if op == "between":
            if not (isinstance(operand, list) and len(operand) == 2):
                raise PydanticCustomError(
                    "key_condition",
                    "'between' takes a list of two bounds, for example {example}",
                    {"example": '{between: ["2024-01", "2024-12"]}'},
                )
            if any(isinstance(v, (bool, list, dict)) or v is None for v in operand):
                raise PydanticCustomError(
                    "key_condition", "the bounds of 'between' must be strings or numbers"
                )
            return KeyCondition(op, [str(v) if not isinstance(v, (int, float)) else v for v in operand])
        if isinstance(operand, (bool, list, dict)) or operand is None:
            raise PydanticCustomError(
                "key_condition",
                "the operand of '{op}' must be a string or a number, for example {example}",
                {"op": op, "example": "{" + op + ': "POST#"}'},
            )
        return KeyCondition(op, operand)
    raise PydanticCustomError(
        "key_condition",
        "expected a key template or an operator mapping such as {example}",
        {"example": _BEGINS_WITH},
    )


_scalar_operand = {"anyOf": [{"type": "string"}, {"type": "number"}]}
KeyConditionField = Annotated[
    KeyCondition,
    PlainValidator(_parse_key_condition),
    WithJsonSchema(
        {
            "description": "Equality with a key template, or one sort-key operator.",
            "anyOf": [
                {"type": "string", "description": "equality with a key template"},
                {"type": "number"},
                {
                    "type": "object",
                    "properties": {
                        "begins_with": {"type": "string"},
                        "between": {"type": "array", "items": _scalar_operand, "minItems": 2, "maxItems": 2},
                        "<": _scalar_operand,
                        "<=": _scalar_operand,
                        ">": _scalar_operand,
                        ">=": _scalar_operand,
                    },
                    "additionalProperties": False,
                    "minProperties": 1,
                    "maxProperties": 1,
                },
            ],
            "examples": ["USER#{userId}", {"begins_with": "POST#"}],
        }
    ),
]

# --------------------------------------------------------------------------- small value types


def _parse_attribute_list(value: Any) -> list[str]:
    if isinstance(value, str) and value:
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return list(value)
    raise PydanticCustomError(
        "attribute_list",
        "expected an attribute name or a list of up to 4 attribute names, for example GSI1PK "
        "or [tenantId, region]",
    )


AttributeList = Annotated[
    list[str],
    PlainValidator(_parse_attribute_list),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            ],
            "description": "An attribute name, or (global indexes only) a list of up to 4 "
            "attribute names forming a multi-attribute key.",
            "examples": ["GSI1PK", ["tenantId", "region"]],
        }
    ),
]


def _parse_projection(value: Any) -> str | list[str]:
    if value in ("all", "keys-only"):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
        return list(value)
    raise PydanticCustomError(
        "projection",
        "expected all, keys-only or a list of projected attribute names, for example "
        "[title, createdAt]; found {found}",
        {"found": repr(value)},
    )


ProjectionField = Annotated[
    str | list[str],
    PlainValidator(_parse_projection),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": ["all", "keys-only"]},
                {"type": "array", "items": {"type": "string", "minLength": 1}},
            ],
            "description": "all, keys-only, or the list of projected non-key attributes.",
            "examples": ["keys-only", "all", ["title", "createdAt"]],
        }
    ),
]


def _parse_template(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise PydanticCustomError(
        "key_template",
        "expected a key template such as {example} or a constant such as PROFILE",
        {"example": '"USER#{userId}"'},
    )


KeyTemplate = Annotated[
    str,
    PlainValidator(_parse_template),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "number"}],
            "description": "A key template: literal parts and {variable} parts naming fields "
            "of the entity, with an optional format spec for padding ({score:010d}).",
            "examples": ["USER#{userId}", "POST#{createdAt}#{postId}", "PROFILE"],
        }
    ),
]

KEBAB_CASE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$")

AttributeType = Literal["S", "N", "B"]
FieldType = Literal["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"]
FieldFormat = Literal["uuid", "ulid", "iso8601", "date", "epoch-seconds", "epoch-millis", "counter"]
Operation = Literal[
    "GetItem",
    "Query",
    "Scan",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "BatchGetItem",
    "BatchWriteItem",
    "TransactGetItems",
    "TransactWriteItems",
    "ExecuteStatement",
]
READ_OPERATIONS = frozenset(
    {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems", "ExecuteStatement"}
)
WRITE_OPERATIONS = frozenset({"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"})

# --------------------------------------------------------------------------- base


class SpecModel(BaseModel):
    """Base of every spec model: strict about unknown fields, and linked to its source."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_attribute_docstrings=True)

    _node: YNode | None = PrivateAttr(default=None)
    _key: YScalar | None = PrivateAttr(default=None)
    _invalid: set[str] = PrivateAttr(default_factory=set)

    # The private attributes are read from ``__pydantic_private__`` directly: through the
    # attribute, pydantic's ``__getattr__`` takes several times as long, and the rules and
    # the cost model read names and spans tens of thousands of times per check.
    if TYPE_CHECKING:
        __pydantic_private__: dict[str, Any]

    @property
    def node(self) -> YNode | None:
        """The YAML node this model was read from."""
        node: YNode | None = self.__pydantic_private__["_node"]
        return node

    @property
    def key_node(self) -> YScalar | None:
        """The mapping key this model sits under (a table, index or entity name)."""
        key: YScalar | None = self.__pydantic_private__["_key"]
        return key

    @property
    def invalid(self) -> set[str]:
        """Spec names of fields whose values were invalid (already reported as DDB002)."""
        invalid: set[str] = self.__pydantic_private__["_invalid"]
        return invalid

    def valid(self, *fields: str) -> bool:
        """True when none of ``fields`` (spec names) had an invalid value."""
        return not self.__pydantic_private__["_invalid"].intersection(fields)

    def given(self, field: str) -> bool:
        """True when the spec wrote ``field`` (by its spec name) explicitly."""
        node = self.__pydantic_private__["_node"]
        return isinstance(node, YMapping) and field in node

    def value_node(self, field: str) -> YNode | None:
        node = self.__pydantic_private__["_node"]
        return node.get(field) if isinstance(node, YMapping) else None

    def span(self, field: str | None = None, *, key: bool = False) -> Span:
        """Where a field's value (or with ``key=True`` its key) is written. A value that
        is a block mapping or list starts on the lines below its key, so its key is the
        place. Falls back to the model's own key, then to its node, so a finding always
        has a place."""
        private = self.__pydantic_private__
        node: YNode | None = private["_node"]
        if field is not None and isinstance(node, YMapping):
            key_node = node.key_node(field)
            value = node.get(field)
            block = isinstance(value, (YMapping, YSequence)) and not value.flow
            if key_node is not None and (key or block):
                return key_node.span
            if value is not None:
                return value.span
        own_key: YScalar | None = private["_key"]
        if own_key is not None:
            return own_key.span
        if node is not None:
            return node.span
        return Span.at(0, 0)

    def entry_span(self, field: str, key: str, *, key_side: bool = False) -> Span:
        """The value (or with ``key_side`` the key) of entry ``key`` in the mapping
        ``field``; the field itself when the entry is not found."""
        node = self.value_node(field)
        if isinstance(node, YMapping):
            target = node.key_node(key) if key_side else node.get(key)
            if target is not None:
                return target.span
        return self.span(field)

    def item_span(self, field: str, position: int) -> Span:
        """Item ``position`` of the list ``field``; the field itself when not found."""
        node = self.value_node(field)
        if isinstance(node, YSequence) and 0 <= position < len(node.items):
            return node.items[position].span
        return self.span(field)

    def key_part_span(self, part: str = "partition") -> Span:
        """The ``partition`` or ``sort`` attribute in a table's or index's ``key``."""
        return self.entry_span("key", part)

    @property
    def name_span(self) -> Span:
        key: YScalar | None = self.__pydantic_private__["_key"]
        return key.span if key is not None else self.span()


# --------------------------------------------------------------------------- the format


class Pricing(SpecModel):
    """Overrides of unit prices (negotiated rates), by the keys of the price table."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, use_attribute_docstrings=True)
    __pydantic_extra__: dict[str, float] = Field(init=False)

    free_tier: bool = False
    """Count the AWS free tier (25 GB storage, 25 RCU/WCU provisioned, 2.5M stream reads)."""


class KeySchema(SpecModel):
    """A table's primary key: one partition attribute and an optional sort attribute."""

    partition: str = Field(min_length=1, examples=["PK", "orderId"])
    """The partition (hash) key attribute."""
    sort: str | None = Field(default=None, min_length=1, examples=["SK", "createdAt"])
    """The sort (range) key attribute, if any."""

    @property
    def partition_attrs(self) -> tuple[str, ...]:
        return (self.partition,)

    @property
    def sort_attrs(self) -> tuple[str, ...]:
        return (self.sort,) if self.sort else ()


class IndexKey(SpecModel):
    """An index key: partition and optional sort, each one attribute or (global indexes)
    a list of up to 4 attributes."""

    partition: AttributeList
    """The index's partition key attribute (or attributes)."""
    sort: AttributeList | None = None
    """The index's sort key attribute (or attributes), if any."""

    @property
    def partition_attrs(self) -> tuple[str, ...]:
        return tuple(self.partition)

    @property
    def sort_attrs(self) -> tuple[str, ...]:
        return tuple(self.sort or ())


class Autoscaling(SpecModel):
    """Target-tracking auto scaling for one side of provisioned capacity."""

    min: Count = Field(examples=[5])
    """Lowest capacity auto scaling may set."""
    max: Count = Field(examples=[1000])
    """Highest capacity auto scaling may set."""
    target: Share = Field(default=0.7, examples=["70%"])
    """Target utilization (default 70%)."""


class AutoscalingSides(SpecModel):
    read: Autoscaling | None = None
    """Auto scaling of read capacity."""
    write: Autoscaling | None = None
    """Auto scaling of write capacity."""


class Capacity(SpecModel):
    """Provisioned capacity in units per second."""

    read: Count = Field(examples=[100])
    """Read capacity units (RCU)."""
    write: Count = Field(examples=[50])
    """Write capacity units (WCU)."""
    autoscaling: AutoscalingSides | None = None
    """Optional auto scaling per side: {read: {min, max, target}, write: {...}}."""


class IndexCapacity(SpecModel):
    """A global index's own provisioned capacity."""

    read: Count = Field(examples=[50])
    """Read capacity units (RCU) of the index."""
    write: Count = Field(examples=[50])
    """Write capacity units (WCU) of the index."""


class WarmThroughput(SpecModel):
    """Throughput the table is pre-warmed to, in units per second."""

    read: Count | None = Field(default=None, examples=[20000])
    """Read units per second the table serves at once."""
    write: Count | None = Field(default=None, examples=[8000])
    """Write units per second the table serves at once."""


class StreamConsumer(SpecModel):
    """A reader of the stream, when more than its name needs saying."""

    name: str = Field(examples=["notifier"])
    """Who reads the stream."""
    lambda_trigger: bool = Field(default=False, alias="lambda", examples=[True])
    """true for a Lambda trigger: its reads are free."""


def _consumer_name(consumer: str | StreamConsumer) -> str:
    return consumer if isinstance(consumer, str) else consumer.name


class Stream(SpecModel):
    """DynamoDB Streams on the table."""

    view: Literal["keys-only", "new-image", "old-image", "new-and-old-images"] = Field(
        examples=["new-and-old-images"]
    )
    """What each stream record carries."""
    consumers: list[str | StreamConsumer] = Field(
        default_factory=list, examples=[["search-indexer", {"name": "notifier", "lambda": True}]]
    )
    """Who reads the stream: a name (a service polling the stream), or {name, lambda: true}
    for a Lambda trigger, whose reads are free."""

    @property
    def consumer_names(self) -> list[str]:
        return [_consumer_name(c) for c in self.consumers]

    @property
    def polling_consumers(self) -> list[str]:
        """Consumers that pay for their reads (everything but Lambda triggers)."""
        return [
            c if isinstance(c, str) else c.name
            for c in self.consumers
            if isinstance(c, str) or not c.lambda_trigger
        ]


class Index(SpecModel):
    """A secondary index: global unless ``local: true``."""

    key: IndexKey
    """The index key, e.g. {partition: GSI1PK, sort: GSI1SK}."""
    local: bool = False
    """true for a local secondary index (same partition key as the table)."""
    projection: ProjectionField = "all"
    """all, keys-only, or a list of projected non-key attributes (default all)."""
    capacity: IndexCapacity | None = None
    """Provisioned tables, global indexes only: the index's own capacity."""

    @property
    def name(self) -> str:
        key: YScalar | None = self.__pydantic_private__["_key"]
        return key.text if key is not None else ""

    @property
    def key_attrs(self) -> tuple[str, ...]:
        return self.key.partition_attrs + self.key.sort_attrs


class FieldSpec(SpecModel):
    """An attribute of an entity: a template variable or another attribute."""

    type: FieldType | None = Field(default=None, examples=["S", "N"])
    """DynamoDB type: S, N, B, BOOL, NULL, M, L, SS, NS or BS (default S)."""
    cardinality: Count | None = Field(default=None, examples=["10M"])
    """Number of distinct values."""
    unique: bool = False
    """Every item has its own value (cardinality is then the entity's count)."""
    values: list[str | int | float] | None = Field(default=None, examples=[["PENDING", "PAID"]])
    """The closed set of values the field takes."""
    format: FieldFormat | None = Field(default=None, examples=["uuid", "iso8601"])
    """uuid, ulid, iso8601, date, epoch-seconds, epoch-millis or counter."""
    max_length: Size | None = Field(default=None, examples=[254])
    """Largest value in bytes."""
    description: str | None = None
    """Free text."""

    @property
    def name(self) -> str:
        key: YScalar | None = self.__pydantic_private__["_key"]
        return key.text if key is not None else ""


class Entity(SpecModel):
    """A kind of item stored in the table."""

    keys: dict[str, KeyTemplate] = Field(examples=[{"PK": "USER#{userId}", "SK": "PROFILE"}])
    """Key attribute → key template, for the table's key and every index the entity is in."""
    item_size: Size | None = Field(default=None, examples=["1.5KB"])
    """Average item size (attribute names and values)."""
    max_item_size: Size | None = Field(default=None, examples=["40KB"])
    """Largest item size."""
    count: Count | None = Field(default=None, examples=["10M"])
    """Items stored now."""
    growth: Rate | None = Field(default=None, examples=["20K/day"])
    """New items per unit of time."""
    retention: Duration | None = Field(default=None, examples=["90d"])
    """How long an item lives; implies a TTL attribute on the table."""
    fields: dict[str, FieldSpec] = Field(default_factory=dict)
    """The template variables and other attributes."""
    description: str | None = None
    """Free text."""

    @property
    def name(self) -> str:
        key: YScalar | None = self.__pydantic_private__["_key"]
        return key.text if key is not None else ""


class Filter(SpecModel):
    """A filter on non-key attributes, applied after the items are read."""

    expression: str | None = Field(default=None, examples=["#status = :open"])
    """The filter expression, as the code writes it."""
    attributes: list[str] = Field(default_factory=list, examples=[["status"]])
    """The attributes the filter tests."""
    selectivity: Share | None = Field(default=None, examples=["5%"])
    """Share of the read items the filter keeps."""


class AccessPattern(SpecModel):
    """A way the application reads or writes the table, with its rate."""

    name: str = Field(examples=["get-user"])
    """Unique within the table, kebab-case."""
    description: str | None = None
    """Free text."""
    op: Operation = Field(examples=["Query"])
    """The DynamoDB operation that serves the pattern."""
    entity: str | None = Field(default=None, examples=["User"])
    """The entity it reads or writes."""
    entities: list[str] | None = Field(default=None, examples=[["User", "Post"]])
    """The entities it reads (a Query over an item collection)."""
    index: str | None = Field(default=None, examples=["GSI1"])
    """Index name; omitted for the table itself."""
    key: dict[str, KeyConditionField] | None = Field(
        default=None, examples=[{"PK": "USER#{userId}", "SK": {"begins_with": "POST#"}}]
    )
    """Key condition: attribute → template (equality) or a sort-key operator."""
    filter: Filter | None = None
    """Filter on non-key attributes, with its selectivity."""
    items: Count | None = Field(default=None, examples=[20])
    """Items returned per request (for a Scan, items per page)."""
    needs: list[str] | None = Field(default=None, examples=[["title", "createdAt"]])
    """The attributes the caller reads."""
    order: Literal["asc", "desc"] | None = None
    """asc or desc by sort key."""
    order_by: str | None = Field(default=None, examples=["createdAt"])
    """The attribute the results must be sorted by."""
    consistent: bool = False
    """true for strongly consistent reads."""
    changes: list[str] | None = Field(default=None, examples=[["email", "GSI1PK"]])
    """Writes: the attributes the write changes."""
    rate: Rate | None = Field(default=None, examples=["900/s"])
    """Average requests per unit of time (for a Scan, whole-table passes)."""
    peak: Rate | None = Field(default=None, examples=["3000/s"])
    """Peak requests per second (default: rate)."""
    hot_key_share: Share | None = Field(default=None, examples=["20%"])
    """Share of this pattern's traffic that goes to its busiest key."""

    @property
    def entity_names(self) -> list[str]:
        names = [self.entity] if self.entity else []
        return names + [n for n in (self.entities or []) if n not in names]

    @property
    def peak_rate(self) -> float | None:
        return self.peak if self.peak is not None else self.rate

    @property
    def is_read(self) -> bool:
        return self.op in READ_OPERATIONS

    @property
    def is_write(self) -> bool:
        return self.op in WRITE_OPERATIONS


class TableCode(SpecModel):
    """How code names the table when not by its spec name."""

    table_name_env: str | list[str] | None = Field(default=None, examples=["ORDERS_TABLE"])
    """Environment variable(s) holding the table's name (os.environ["ORDERS_TABLE"])."""
    names: list[str] = Field(default_factory=list, examples=[["orders-prod", "orders-dev"]])
    """Other literal names the code uses for this table (per stage or account)."""

    @property
    def env_names(self) -> list[str]:
        if self.table_name_env is None:
            return []
        return [self.table_name_env] if isinstance(self.table_name_env, str) else list(self.table_name_env)


class Table(SpecModel):
    """A DynamoDB table with its indexes, entities and access patterns."""

    billing: Literal["on-demand", "provisioned"] = "on-demand"
    """on-demand (PAY_PER_REQUEST, the default) or provisioned."""
    capacity: Capacity | None = None
    """Provisioned only: {read: RCU, write: WCU}."""
    warm_throughput: WarmThroughput | None = None
    """Optional {read, write} units per second the table is pre-warmed to."""
    table_class: Literal["standard", "standard-ia"] = Field(default="standard", alias="class")
    """standard (the default) or standard-ia."""
    key: KeySchema
    """The primary key, e.g. {partition: PK, sort: SK}."""
    attributes: dict[str, AttributeType] = Field(default_factory=dict, examples=[{"PK": "S", "SK": "S"}])
    """Types of the key attributes of the table and its indexes (S, N or B; default S)."""
    ttl: str | None = Field(default=None, examples=["expiresAt"])
    """Name of the TTL attribute (a Number of epoch seconds)."""
    stream: Stream | None = None
    """DynamoDB Streams: {view, consumers}."""
    pitr: bool = False
    """Point-in-time recovery."""
    replicas: list[Annotated[str, Field(pattern=REGION.pattern)]] = Field(
        default_factory=list, examples=[["us-east-1", "eu-west-1"]]
    )
    """Regions of a global table, this table's own region included."""
    indexes: dict[str, Index] = Field(default_factory=dict)
    """Index name → index."""
    entities: dict[str, Entity] = Field(default_factory=dict)
    """Entity name → entity."""
    access_patterns: list[AccessPattern] = Field(default_factory=list)
    """The access patterns on this table and its indexes."""
    code: TableCode | None = None
    """How the code names the table: {table_name_env: ORDERS_TABLE, names: [...]}."""

    _broken_indexes: set[str] = PrivateAttr(default_factory=set)
    _broken_entities: set[str] = PrivateAttr(default_factory=set)
    _memo: dict[Any, Any] = PrivateAttr(default_factory=dict)

    @property
    def memo(self) -> dict[Any, Any]:
        """What has been worked out from this table alone (its analysis, its bills, its
        rules' findings), kept as long as the model: see ``cost.table_memo``."""
        memo: dict[Any, Any] = self.__pydantic_private__["_memo"]
        return memo

    @property
    def name(self) -> str:
        key: YScalar | None = self.__pydantic_private__["_key"]
        return key.text if key is not None else ""

    @property
    def broken_indexes(self) -> set[str]:
        """Indexes declared but too broken to load (already reported)."""
        broken: set[str] = self.__pydantic_private__["_broken_indexes"]
        return broken

    @property
    def broken_entities(self) -> set[str]:
        """Entities declared but too broken to load (already reported)."""
        broken: set[str] = self.__pydantic_private__["_broken_entities"]
        return broken

    def attribute_type(self, attribute: str) -> str:
        return self.attributes.get(attribute, "S")

    @property
    def global_indexes(self) -> dict[str, Index]:
        return {name: index for name, index in self.indexes.items() if not index.local}

    @property
    def local_indexes(self) -> dict[str, Index]:
        return {name: index for name, index in self.indexes.items() if index.local}

    def key_attributes(self) -> set[str]:
        """Every key attribute of the table and of its indexes."""
        names = set(self.key.partition_attrs + self.key.sort_attrs)
        for index in self.indexes.values():
            names.update(index.key_attrs)
        return names


class Design(SpecModel):
    """A DynamoDB design: tables, keys, indexes, entities and access patterns."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        use_attribute_docstrings=True,
        title="ddb-architect design spec",
    )

    version: Literal[1] = 1
    """Format version."""
    name: str | None = Field(default=None, examples=["social-app"])
    """Name of the design."""
    description: str | None = None
    """Free text."""
    region: str = Field(default="us-east-1", pattern=REGION.pattern, examples=["us-east-1", "eu-west-1"])
    """AWS region whose prices are used."""
    pricing: Pricing | None = None
    """Optional overrides of unit prices, and free_tier: true to count the free tier."""
    tables: dict[str, Table] = Field(default_factory=dict)
    """Table name → table."""

    _broken_tables: set[str] = PrivateAttr(default_factory=set)

    @property
    def broken_tables(self) -> set[str]:
        broken: set[str] = self.__pydantic_private__["_broken_tables"]
        return broken
