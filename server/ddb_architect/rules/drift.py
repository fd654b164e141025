"""7xx rules: the code and the design spec disagree — tables and indexes the spec does not
declare, keys that are not the table's, key values that do not match the entity's
templates, operations no access pattern declares, access patterns no code performs, and
updates that leave a derived index key stale."""

from __future__ import annotations

import ast
import difflib
from collections.abc import Collection, Iterable, Iterator

from ddb_architect.code.calls import DynamoCall
from ddb_architect.code.expression_args import CallExpressions
from ddb_architect.code.matching import (
    IMPLEMENTS,
    KeyValue,
    call_key_values,
    call_tables,
    literal_keys,
    matching_patterns,
    operation_patterns,
    prefix_meets,
    read_key_condition,
    table_mentions,
    template_meets,
    value_atoms,
)
from ddb_architect.code.objects import TableRef
from ddb_architect.code.specs import SpecTable
from ddb_architect.findings import Finding, Severity
from ddb_architect.rules.code_context import CodeContext
from ddb_architect.rules.registry import Hit, Rule, add_rule, code_rule
from ddb_architect.spec.analysis import Target
from ddb_architect.spec.loader import SpecDocument
from ddb_architect.spec.model import AccessPattern, Entity
from ddb_architect.spec.templates import try_parse

KEY_OPERATIONS = frozenset({"GetItem", "DeleteItem", "UpdateItem"})


def _guess(word: str, candidates: Iterable[str]) -> str:
    found = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{found[0]}'?" if found else ""


def _table_refs(ctx: CodeContext, call: DynamoCall) -> list[TableRef]:
    """The tables a call names: its table, and the tables a batch's RequestItems, a
    transaction's items or a PartiQL statement name."""
    refs = [call.table] if call.table is not None else []
    for mention in table_mentions(call):
        if mention.offsets is not None:
            span = ctx.source.string_span(mention.node, *mention.offsets)
        else:
            span = ctx.source.span(mention.node)
        refs.append(TableRef(name=mention.name, span=span))
    return refs


@code_rule(
    "DDB701", "unknown-table", Severity.WARNING, "Code uses a literal table name the spec does not declare"
)
def unknown_table(ctx: CodeContext) -> Iterator[Hit]:
    if not ctx.specs.known:
        return
    reported: set[tuple[int, int]] = set()
    known = ctx.specs.table_names_known()
    for call in ctx.calls:
        for ref in _table_refs(ctx, call):
            if ref.name is None or ref.span is None or ctx.specs.find(ref) is not None:
                continue
            if ctx.specs.unreadable(ref):
                continue  # the spec declaring it is broken (DDB002)
            position = (ref.span.start.line, ref.span.start.column)
            if position in reported:
                continue
            reported.add(position)
            yield Hit(
                ref.span,
                f"table {ref.name!r} is not declared in the design spec{_guess(ref.name, known)} (tables: "
                f"{', '.join(known)}); add it to the spec, or map the name under the table's code: names",
                data={
                    "table": ref.name,
                    "suggestion": next(iter(difflib.get_close_matches(ref.name, known, n=1)), None),
                },
            )


@code_rule("DDB702", "unknown-index", Severity.ERROR, "IndexName not declared for that table")
def unknown_index(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        argument = call.argument("IndexName")
        table = ctx.table_of(call)
        if argument is None or table is None:
            continue
        index = ctx.index_name(call)
        if index is None or index in table.table.indexes or index in table.table.broken_indexes:
            continue
        if not table.table.valid("indexes"):
            continue  # the spec's indexes could not be read (DDB002): which exist is unknown
        declared = list(table.table.indexes)
        yield Hit(
            argument.value_span,
            f"index {index!r} is not declared on table {table.table.name}{_guess(index, declared)} (indexes: "
            f"{', '.join(declared) or 'none'}); DynamoDB rejects the call with a ValidationException",
            data={
                "index": index,
                "suggestion": next(iter(difflib.get_close_matches(index, declared, n=1)), None),
            },
        )


# --------------------------------------------------------------------------- keys


def _key_values(ctx: CodeContext, call: DynamoCall, target: Target) -> Iterator[KeyValue]:
    """Every key value the call writes: Key= entries, an Item's key attributes, and the
    key condition's equality and begins_with operands."""
    keys = target.table.key_attributes()
    for value in call_key_values(call, ctx.expressions(call)):
        if value.source != "Item" or value.attribute in keys:
            yield value


@code_rule(
    "DDB703",
    "key-schema-mismatch",
    Severity.ERROR,
    "Key= or a key condition names attributes that are not the table's or index's keys",
)
def key_schema_mismatch(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        found = ctx.target_of(call)
        if found is None:
            continue
        table, target = found
        primary = list(table.table.key.partition_attrs + table.table.key.sort_attrs)
        key = call.argument("Key")
        if key is not None and call.operation in KEY_OPERATIONS:
            entries = literal_keys(key.value)
            if entries is not None:
                extra = [a for a in entries if a not in primary]
                missing = [a for a in primary if a not in entries]
                if extra or missing:
                    yield Hit(
                        key.value_span,
                        _key_message(table.table.name, primary, extra, missing),
                        data={"extra": extra, "missing": missing, "key": primary},
                    )
        item = call.argument("Item")
        if item is not None and call.operation == "PutItem":
            entries = literal_keys(item.value)
            if entries is not None:
                missing = [a for a in primary if a not in entries]
                if missing:
                    yield Hit(
                        item.value_span,
                        f"the item lacks the primary key of {table.table.name} ({', '.join(missing)}): "
                        "DynamoDB rejects it with a ValidationException",
                        data={"missing": missing, "key": primary},
                    )
        if call.operation == "Query":
            condition = read_key_condition(call, ctx.expressions(call))
            if condition is None:
                continue
            attributes, node = condition.attributes, condition.node
            wrong = [a for a in attributes if a not in target.key_attrs]
            partition_missing = [a for a in target.partition_attrs if a not in attributes]
            if wrong or partition_missing:
                problems = []
                if wrong:
                    problems.append(
                        f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} not a key of {target.label}"
                    )
                if partition_missing:
                    problems.append(
                        f"it has no condition on the partition key {', '.join(partition_missing)}"
                    )
                yield Hit(
                    ctx.source.span(node),
                    f"the key condition: {'; '.join(problems)} (keys: {', '.join(target.key_attrs)}). DynamoDB "
                    "rejects it; filter other attributes with FilterExpression, or query an index keyed on them",
                    data={"wrong": wrong, "missing": partition_missing, "keys": list(target.key_attrs)},
                )


def _key_message(table: str, primary: list[str], extra: list[str], missing: list[str]) -> str:
    parts = []
    if extra:
        parts.append(f"{', '.join(extra)} {'is' if len(extra) == 1 else 'are'} not part of the key")
    if missing:
        parts.append(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
    guess = "."
    if extra and missing:
        close = difflib.get_close_matches(extra[0], missing, n=1, cutoff=0.0)
        guess = f"; did you mean '{close[0]}'?" if close else "."
    return (
        f"Key: {'; '.join(parts)} — the primary key of {table} is {', '.join(primary)}{guess} DynamoDB rejects "
        'the call with a ValidationException ("The provided key element does not match the schema")'
    )


@code_rule(
    "DDB704",
    "key-template-mismatch",
    Severity.WARNING,
    "A key value built in code whose literal parts do not match the entity's template",
)
def key_template_mismatch(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        for value, templates in _template_mismatches(ctx, call):
            written = ast.unparse(value.node)
            entities: dict[str, list[str]] = {}
            for entity, source in templates:
                entities.setdefault(source, []).append(entity.name)
            listing = ", ".join(f"{source} ({', '.join(names)})" for source, names in entities.items())
            yield Hit(
                ctx.source.span(value.node),
                f"{written} does not match the key template{'s' if len(entities) > 1 else ''} of "
                f"{value.attribute} in the spec: {listing}. Such a key finds nothing (or writes an item no "
                "access pattern reads)",
                data={"attribute": value.attribute, "templates": list(entities)},
            )


def _template_mismatches(
    ctx: CodeContext, call: DynamoCall
) -> Iterator[tuple[KeyValue, list[tuple[Entity, str]]]]:
    """The key values of a call that no entity's template of their attribute can
    produce, each with those templates."""
    found = ctx.target_of(call)
    if found is None:
        return
    table, target = found
    for value in _key_values(ctx, call, target):
        atoms = value_atoms(value.node)
        if atoms is None:
            continue
        templates = [
            (entity, entity.keys[value.attribute])
            for entity in table.table.entities.values()
            if value.attribute in entity.keys
        ]
        if not templates:
            continue
        meets = prefix_meets if value.op == "begins_with" else None
        if any(
            (meets(source, atoms) if meets else template_meets(source, entity, atoms))
            for entity, source in templates
        ):
            continue
        yield value, templates


@code_rule(
    "DDB705",
    "undeclared-access-pattern",
    Severity.INFO,
    "An operation in code that no access pattern declares",
)
def undeclared_access_pattern(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        if call.operation not in IMPLEMENTS:
            continue  # DescribeTable, CreateTable, UpdateTimeToLive…: no access pattern declares them
        tables = call_tables(call, ctx.specs)
        if not tables:
            continue
        index = ctx.index_name(call)
        if index is not None and all(index not in t.table.indexes for t in tables):
            continue  # DDB702
        if matching_patterns(call, ctx.specs, index, ctx.expressions(call)):
            continue
        if next(_template_mismatches(ctx, call), None) is not None:
            continue  # DDB704: the key is wrong, not the design
        where = f" on index {index}" if index else ""
        article = "an" if call.operation[0] in "AEIOU" else "a"
        others = [m.pattern for m in operation_patterns(call, ctx.specs, index)]
        if others:
            declared = "; ".join(f"{p.name}: {_pattern_keys(p)}" for p in others)
            what = (
                f"no access pattern of {', '.join(t.table.name for t in tables)} declares {article} "
                f"{call.operation}{where} of these keys (declared: {declared})"
            )
        else:
            what = (
                f"no access pattern of {', '.join(t.table.name for t in tables)} declares {article} "
                f"{call.operation}{where}"
            )
        yield Hit(
            call.span,
            f"{what}: its cost and load are not in the design. Declare it in the spec (op, key, rate)",
            data={"operation": call.operation, "index": index},
        )


def _pattern_keys(pattern: AccessPattern) -> str:
    """A pattern's keys as a reader sees them: ``PK = USER#{userId}, SK begins_with POST#``,
    or the entities it writes."""
    if pattern.key:
        return ", ".join(
            f"{attribute} = {condition.value}"
            if condition.is_equality
            else f"{attribute} {condition.op} {condition.value}"
            for attribute, condition in pattern.key.items()
        )
    return ", ".join(pattern.entity_names) or "any key"


def _update_targets(ctx: CodeContext, call: DynamoCall, expressions: CallExpressions) -> set[str] | None:
    """Attributes an UpdateItem writes (SET, REMOVE, ADD, DELETE); None when unknown."""
    written: set[str] = set()
    strings = [e for e in expressions.strings if e.argument.name == "UpdateExpression"]
    if not strings or strings[0].parsed.errors:
        return None
    for action in strings[0].parsed.update_actions:
        element = action.path.elements[0]
        name = element.segment.text
        if element.kind == "placeholder":
            resolved = expressions.name_of(name)
            if resolved is None:
                return None
            name = resolved
        written.add(name)
    return written


@code_rule(
    "DDB707",
    "stale-derived-key",
    Severity.WARNING,
    "An update that changes a field used in an index key template without rewriting that key",
)
def stale_derived_key(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        if call.operation != "UpdateItem":
            continue
        found = ctx.target_of(call)
        if found is None:
            continue
        table, _target = found
        written = _update_targets(ctx, call, ctx.expressions(call))
        if not written:
            continue
        stale: dict[str, None] = {}
        fields: dict[str, None] = {}
        for entity in _entities_of_key(call, table):
            for index in table.table.indexes.values():
                for attribute in index.key_attrs:
                    source = entity.keys.get(attribute)
                    template = try_parse(source) if source is not None and attribute not in written else None
                    if template is None:
                        continue
                    changed = sorted({v.name for v in template.variables} & written)
                    if changed:
                        fields.update(dict.fromkeys(changed))
                        stale[f"{attribute} = {source} ({entity.name}, index {index.name})"] = None
        if stale:
            yield Hit(
                call.method_span,
                f"this update changes {', '.join(fields)} but not the index key{'s' if len(stale) > 1 else ''} "
                f"built from it: {'; '.join(stale)}. The index keeps the old value, so queries on it find the "
                "item under its old key; SET the key attribute in the same update",
                data={"fields": list(fields), "stale": list(stale)},
            )


def _entities_of_key(call: DynamoCall, table: SpecTable) -> list[Entity]:
    """The entities the call's Key can address: those whose primary key templates can
    produce its values; all of the table's when the key is not written literally."""
    key = call.argument("Key")
    entries = literal_keys(key.value) if key is not None else None
    entities = list(table.table.entities.values())
    if not entries:
        return entities
    chosen = []
    for entity in entities:
        fits = True
        for attribute, node in entries.items():
            atoms = value_atoms(node)
            source = entity.keys.get(attribute)
            if atoms is None or source is None:
                continue
            if not template_meets(source, entity, atoms):
                fits = False
                break
        if fits:
            chosen.append(entity)
    return chosen


add_rule(
    Rule(
        "DDB706",
        "unimplemented-access-pattern",
        Severity.INFO,
        "An access pattern no code in the workspace performs",
        severities=(Severity.INFO,),
        scope="workspace",
    )
)


def performed_patterns(context: CodeContext) -> set[tuple[str, str, str]]:
    """The access patterns a read Python file performs, as DDB706 counts them: the spec's
    path, the table's and the pattern's name, for every pattern some call matches."""
    performed: set[tuple[str, str, str]] = set()
    for call in context.calls:
        for match in matching_patterns(
            call, context.specs, context.index_name(call), context.expressions(call)
        ):
            performed.add((match.table.document.path, match.table.table.name, match.pattern.name))
    return performed


def unperformed_patterns(document: SpecDocument, performed: Collection[tuple[str, str]]) -> list[Finding]:
    """DDB706 on one spec: its access patterns whose (table, pattern name) is not in
    ``performed``."""
    findings: list[Finding] = []
    if document.design is None:
        return findings
    for table in document.design.tables.values():
        for pattern in table.access_patterns:
            if (table.name, pattern.name) in performed:
                continue
            findings.append(
                Finding(
                    "DDB706",
                    Severity.INFO,
                    pattern.span("name"),
                    f"access pattern {pattern.name} ({pattern.op}"
                    + (f" on {pattern.index}" if pattern.index else "")
                    + f" of {table.name}) is not performed by any checked code: the design prices a load "
                    "the code does not make, or the code is elsewhere",
                    {"pattern": pattern.name, "table": table.name},
                )
            )
    return findings


def unimplemented_patterns(
    specs: Iterable[SpecDocument], contexts: Iterable[CodeContext]
) -> dict[str, list[Finding]]:
    """DDB706 per spec path: the access patterns of the specs that no call in the given
    Python files performs. Only specs that some file was checked against are judged.

    Specs are told apart by path, and patterns by table and name, not by object: each
    Python file may have been checked against its own load of the same spec."""
    performed: set[tuple[str, str, str]] = set()
    judged: set[str] = set()
    for ctx in contexts:
        judged.update(document.path for document in ctx.specs.documents)
        performed |= performed_patterns(ctx)
    findings: dict[str, list[Finding]] = {}
    for document in specs:
        if document.path not in judged:
            continue
        done = {(table, name) for path, table, name in performed if path == document.path}
        found = unperformed_patterns(document, done)
        if found:
            findings[document.path] = found
    return findings
