"""0xx rules: the spec is valid — names, references, templates, quotas, billing and
attribute definitions. DDB001–DDB003 are found by the loader and registered here."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from ddb_architect.findings import Severity, Span
from ddb_architect.rules.context import TableContext
from ddb_architect.rules.registry import Hit, Rule, add_rule, rule
from ddb_architect.spec.analysis import did_you_mean
from ddb_architect.spec.model import Entity
from ddb_architect.spec.templates import TemplateError, parse_template

add_rule(Rule("DDB001", "invalid-yaml", Severity.ERROR, "YAML syntax error", severities=(Severity.ERROR,)))
add_rule(
    Rule(
        "DDB002",
        "invalid-spec",
        Severity.ERROR,
        "A value not valid for the spec format (wrong type, unknown field, bad quantity)",
        severities=(Severity.ERROR,),
    )
)
add_rule(
    Rule(
        "DDB003",
        "duplicate-key",
        Severity.ERROR,
        "The same mapping key twice (YAML silently keeps the last)",
        severities=(Severity.ERROR,),
    )
)

NAME = re.compile(r"^[a-zA-Z0-9_.-]{3,255}$")
MAX_GSIS = 20
MAX_LSIS = 5
MAX_KEY_ATTRIBUTES = 4
MAX_PROJECTED_ATTRIBUTES = 100
NUMBER_FORMATS = frozenset({"epoch-seconds", "epoch-millis", "counter"})


@rule(
    "DDB004",
    "unknown-reference",
    Severity.ERROR,
    "Reference to a table, index, entity or attribute that does not exist",
)
def unknown_reference(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    for pattern in table.access_patterns:
        verdict = ctx.analysis.verdict(pattern)
        if verdict.code == "DDB004" and verdict.span is not None:
            yield Hit(verdict.span, verdict.message, data=dict(verdict.data))
        references: list[tuple[str, Span]] = []
        if pattern.entity is not None and pattern.valid("entity"):
            references.append((pattern.entity, pattern.span("entity")))
        if pattern.entities and pattern.valid("entities"):
            for position, name in enumerate(pattern.entities):
                references.append((name, pattern.item_span("entities", position)))
        for name, span in references:
            if name in table.entities or name in table.broken_entities or not table.valid("entities"):
                continue  # declared, or declared and already reported as DDB002
            guess = did_you_mean(name, list(table.entities))
            hint = f"; did you mean '{guess}'?" if guess else ""
            yield Hit(
                span,
                f"access pattern {pattern.name}: entity '{name}' is not declared in table "
                f"{table.name}{hint} (entities: {', '.join(table.entities) or 'none'})",
                data={"reference": name, "kind": "entity", "suggestion": guess},
            )


@rule("DDB005", "invalid-name", Severity.ERROR, "Table or index name not 3–255 characters of [a-zA-Z0-9_.-]")
def invalid_name(ctx: TableContext) -> Iterator[Hit]:
    def problem(name: str) -> str | None:
        if NAME.fullmatch(name):
            return None
        if len(name) < 3:
            return f"is {len(name)} character{'s' if len(name) != 1 else ''} long; DynamoDB needs 3 to 255"
        if len(name) > 255:
            return f"is {len(name)} characters long; DynamoDB allows at most 255"
        bad = sorted({c for c in name if not re.match(r"[a-zA-Z0-9_.-]", c)})
        return (
            f"contains {', '.join(repr(c) for c in bad)}; only letters, digits, '_', '.' and '-' are allowed"
        )

    table = ctx.table
    reason = problem(table.name)
    if reason:
        yield Hit(table.name_span, f"table name '{table.name}' {reason}", data={"name": table.name})
    for index in table.indexes.values():
        reason = problem(index.name)
        if reason:
            yield Hit(index.name_span, f"index name '{index.name}' {reason}", data={"name": index.name})


@rule(
    "DDB006",
    "invalid-key-template",
    Severity.ERROR,
    "Key template with unbalanced braces, an empty {}, a bad format spec, or a variable that is not a field",
)
def invalid_key_template(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    for entity in table.entities.values():
        if not entity.valid("keys"):
            continue
        fields = ctx.analysis.declared_fields(entity)
        for attr, source in entity.keys.items():
            span = entity.entry_span("keys", attr)
            message = _template_problem(source, fields, f"entity {entity.name}", attr)
            if message:
                yield Hit(span, message, data={"entity": entity.name, "attribute": attr})
    for pattern in table.access_patterns:
        if not pattern.key or not pattern.valid("key"):
            continue
        entities = ctx.analysis.pattern_entities(pattern)
        pattern_fields: list[str] | None = None
        if entities:
            pattern_fields = list(
                dict.fromkeys(name for entity in entities for name in ctx.analysis.declared_fields(entity))
            )
        for attr, condition in pattern.key.items():
            if not condition.is_equality:
                continue
            span = pattern.entry_span("key", attr)
            message = _template_problem(
                str(condition.value), pattern_fields, f"access pattern {pattern.name}", attr
            )
            if message:
                yield Hit(span, message, data={"pattern": pattern.name, "attribute": attr})


def _template_problem(source: str, fields: Collection[str] | None, owner: str, attr: str) -> str | None:
    try:
        template = parse_template(source)
    except TemplateError as error:
        return f"{owner}: key template {source!r} for {attr}: {error}"
    if fields is None:
        return None
    for variable in template.variables:
        if variable.name not in fields:
            names = list(fields)
            guess = did_you_mean(variable.name, names)
            hint = f"; did you mean '{guess}'?" if guess else ""
            declared = ", ".join(names) or "none"
            return (
                f"{owner}: variable {{{variable.name}}} in the template for {attr} is not a field"
                f"{hint} (fields: {declared}); declare it under fields with its type and cardinality"
            )
    return None


@rule(
    "DDB007",
    "index-quota",
    Severity.ERROR,
    "More than 20 GSIs or 5 LSIs on a table, or more than 4 attributes in a multi-attribute key",
)
def index_quota(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    gsis, lsis = len(table.global_indexes), len(table.local_indexes)
    if gsis > MAX_GSIS:
        yield Hit(
            table.span("indexes", key=True),
            f"table {table.name} has {gsis} global secondary indexes; the default quota is {MAX_GSIS} "
            "per table (raise it with AWS Support or overload indexes)",
        )
    if lsis > MAX_LSIS:
        yield Hit(
            table.span("indexes", key=True),
            f"table {table.name} has {lsis} local secondary indexes; DynamoDB allows at most {MAX_LSIS} (a hard limit)",
        )
    for index in table.indexes.values():
        for part, attrs in (("partition", index.key.partition_attrs), ("sort", index.key.sort_attrs)):
            if len(attrs) > MAX_KEY_ATTRIBUTES:
                yield Hit(
                    index.span("key"),
                    f"index {index.name}: the {part} key has {len(attrs)} attributes; a multi-attribute "
                    f"key takes at most {MAX_KEY_ATTRIBUTES}",
                )


@rule(
    "DDB008",
    "projection-quota",
    Severity.ERROR,
    "More than 100 projected non-key attributes across all indexes of a table",
)
def projection_quota(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    total = sum(len(i.projection) for i in table.indexes.values() if isinstance(i.projection, list))
    if total > MAX_PROJECTED_ATTRIBUTES:
        yield Hit(
            table.span("indexes", key=True),
            f"table {table.name} projects {total} non-key attributes across its indexes (an attribute "
            f"in two indexes counts twice); DynamoDB allows at most {MAX_PROJECTED_ATTRIBUTES}. Use "
            "projection: all on the widest index",
        )


@rule(
    "DDB009",
    "invalid-local-index",
    Severity.ERROR,
    "LSI whose partition key is not the table's, LSI without a sort key, or LSI on a table without one",
)
def invalid_local_index(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    for index in table.local_indexes.values():
        if not index.valid("key"):
            continue
        problems = ctx.analysis.local_index_problems(index)
        if problems:
            yield Hit(index.span("key"), f"local index {index.name}: " + "; ".join(problems))


@rule(
    "DDB010",
    "billing-mismatch",
    Severity.ERROR,
    "Provisioned billing without capacity, or on-demand billing with capacity",
)
def billing_mismatch(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    if not table.valid("billing", "capacity"):
        return
    if table.billing == "provisioned" and table.capacity is None:
        yield Hit(
            table.span("billing"),
            f"table {table.name} is provisioned but declares no capacity; add capacity: {{read: RCU, write: WCU}}",
        )
    if table.billing == "on-demand" and table.capacity is not None:
        yield Hit(
            table.span("capacity"),
            f"table {table.name} is on-demand, so its capacity is never used; remove it or set billing: provisioned",
        )
    for index in table.indexes.values():
        if index.capacity is None:
            continue
        if index.local:
            yield Hit(
                index.span("capacity"),
                f"local index {index.name} uses the table's capacity and cannot have its own",
            )
        elif table.billing == "on-demand":
            yield Hit(
                index.span("capacity"),
                f"index {index.name} declares capacity on on-demand table {table.name}; remove it",
            )


@rule(
    "DDB011",
    "attribute-definitions",
    Severity.ERROR,
    "Key attribute typed N or B fed with text, or an attribute definition no key uses",
)
def attribute_definitions(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    if not table.valid("attributes"):
        return
    key_attrs = ctx.analysis.key_attributes
    typed_wrong: set[str] = set()
    for entity in table.entities.values():
        if not entity.valid("keys"):
            continue
        for attr, source in entity.keys.items():
            wanted = table.attributes.get(attr)
            if attr not in key_attrs or wanted not in ("N", "B"):
                continue
            reason = _non_scalar_feed(entity, source, wanted)
            if reason:
                typed_wrong.add(attr)
                yield Hit(
                    entity.entry_span("keys", attr),
                    f"entity {entity.name}: {attr} is typed {wanted} in attributes, but its template "
                    f"{source!r} {reason}; DynamoDB rejects such items",
                    data={"attribute": attr, "type": wanted},
                )
    if ctx.analysis.attributes_unknowable:
        return  # the indexes or entities were invalid (DDB002): which keys exist is unknown
    for attr, attr_type in table.attributes.items():
        if attr in key_attrs or attr == table.ttl or attr in ctx.analysis.unloaded_key_attributes:
            continue
        yield Hit(
            table.entry_span("attributes", attr, key_side=True),
            f"table {table.name}: attribute {attr} ({attr_type}) is typed in attributes but no key of "
            "the table or its indexes uses it; CreateTable rejects definitions of non-key attributes",
            data={"attribute": attr},
        )


def _non_scalar_feed(entity: Entity, source: str, wanted: str) -> str | None:
    try:
        template = parse_template(source)
    except TemplateError:
        return None  # DDB006 reports it
    variables = template.variables
    if len(template.parts) != 1 or len(variables) != 1:
        if template.is_constant:
            constant = template.source
            if wanted == "N" and re.fullmatch(r"-?\d+(\.\d+)?", constant):
                return None
            return "is a text constant"
        return "mixes text with variables"
    spec = entity.fields.get(variables[0].name)
    if spec is None:
        return None  # DDB006 reports it
    if wanted == "N" and (spec.type == "N" or spec.format in NUMBER_FORMATS):
        return None
    if wanted == "B" and spec.type == "B":
        return None
    return f"feeds it with {variables[0].name}, a {spec.type or 'S'} field"


@rule(
    "DDB012",
    "ttl-type",
    Severity.ERROR,
    "TTL attribute typed as something other than a Number (its items never expire)",
)
def ttl_type(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    if table.ttl is None or not table.valid("ttl", "attributes"):
        return
    typed = table.attributes.get(table.ttl)
    if typed is not None and typed != "N":
        yield Hit(
            table.span("ttl"),
            f"table {table.name}: the TTL attribute {table.ttl} is typed {typed}; TTL needs a Number of "
            "epoch seconds, and items whose TTL attribute is not a Number never expire",
            data={"attribute": table.ttl},
        )
        return
    for entity in table.entities.values():
        spec = entity.fields.get(table.ttl)
        if spec is None or (spec.type in (None, "N") and spec.format in (None, "epoch-seconds")):
            continue
        declared = spec.type if spec.type not in (None, "N") else spec.format
        why = (
            "; DynamoDB reads milliseconds as seconds, thousands of years ahead"
            if declared == "epoch-millis"
            else ""
        )
        yield Hit(
            table.span("ttl"),
            f"table {table.name}: entity {entity.name} declares the TTL attribute {table.ttl} as "
            f"{declared}; TTL needs a Number of epoch seconds{why}, and such items never expire",
            data={"attribute": table.ttl, "entity": entity.name},
        )
        return
