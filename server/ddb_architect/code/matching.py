"""Which access pattern of the spec a call in code performs: the same table and index, a
compatible operation, and (when both say) key values that can meet the pattern's key
templates."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ddb_architect.code.calls import DynamoCall
from ddb_architect.code.expression_args import CallExpressions
from ddb_architect.code.objects import TableRef
from ddb_architect.code.specs import SpecSet, SpecTable
from ddb_architect.spec.model import AccessPattern, Entity, KeyCondition, Table
from ddb_architect.spec.templates import Atom, Domain, atoms_overlap, template_atoms, try_parse

# The operations of a pattern that a call's operation can implement.
IMPLEMENTS: dict[str, frozenset[str]] = {
    "GetItem": frozenset({"GetItem"}),
    "Query": frozenset({"Query"}),
    "Scan": frozenset({"Scan"}),
    "PutItem": frozenset({"PutItem", "BatchWriteItem"}),
    "UpdateItem": frozenset({"UpdateItem"}),
    "DeleteItem": frozenset({"DeleteItem", "BatchWriteItem"}),
    "BatchGetItem": frozenset({"BatchGetItem", "GetItem"}),
    "BatchWriteItem": frozenset({"BatchWriteItem", "PutItem", "DeleteItem"}),
    "TransactGetItems": frozenset({"TransactGetItems"}),
    "TransactWriteItems": frozenset({"TransactWriteItems"}),
    "ExecuteStatement": frozenset({"ExecuteStatement"}),
}

ANY = Domain(min_length=0)


@dataclass(frozen=True)
class Match:
    table: SpecTable
    pattern: AccessPattern


@dataclass(frozen=True)
class KeyValue:
    """A key attribute's value as the code writes it."""

    attribute: str
    node: ast.expr
    op: str
    """``=`` for equality (Key=, Item, eq), ``begins_with`` for a prefix."""
    source: str = "Key"
    """Where it is written: ``Key``, ``Item`` or ``KeyConditionExpression``."""


@dataclass(frozen=True)
class KeyConditionRead:
    """A Query's key condition as the code writes it."""

    attributes: list[str]
    """The attributes it compares, in order."""
    node: ast.expr
    """Where it is written (the argument's value)."""
    values: list[KeyValue]
    """The equality and begins_with operands that could be read."""


def literal_keys(node: ast.expr) -> dict[str, ast.expr] | None:
    """The entries of a dict literal with string keys; None when it is not one (or a
    ``**mapping`` may add entries)."""
    if not isinstance(node, ast.Dict):
        return None
    entries: dict[str, ast.expr] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        entries[key.value] = value
    return entries


def read_key_condition(call: DynamoCall, expressions: CallExpressions) -> KeyConditionRead | None:
    """The attributes a Query's key condition names, where it is written, and the values
    it compares them with; None when the condition cannot be read."""
    argument = call.argument("KeyConditionExpression")
    if argument is None:
        return None
    source = "KeyConditionExpression"
    terms = expressions.conditions.get(source)
    if terms is not None:
        values = [
            KeyValue(t.attribute, t.values[0], "=" if t.method == "eq" else t.method, source)
            for t in terms
            if t.values and t.method in ("eq", "begins_with")
        ]
        return KeyConditionRead([t.attribute for t in terms], argument.value, values)
    for expression in expressions.strings:
        if expression.argument.name != source or expression.parsed.errors:
            continue
        attributes: list[str] = []
        values = []
        for term in expression.parsed.key_terms:
            element = term.path.elements[0] if len(term.path.elements) == 1 else None
            if element is None:
                return None
            name = element.segment.text
            if element.kind == "placeholder":
                resolved = expressions.name_of(name)
                if resolved is None:
                    return None
                name = resolved
            attributes.append(name)
            if term.op in ("=", "begins_with") and term.operands and expressions.values is not None:
                node = expressions.values.values.get(term.operands[-1].text)
                if node is not None:
                    values.append(KeyValue(name, node, term.op, source))
        return KeyConditionRead(attributes, argument.value, values)
    return None


def call_key_values(call: DynamoCall, expressions: CallExpressions | None = None) -> list[KeyValue]:
    """The key values a call writes: its ``Key=`` entries, its ``Item``'s attributes (key
    attributes or not: the caller knows which are keys), and, given the call's
    expressions, its key condition's equality and begins_with operands."""
    found: list[KeyValue] = []
    for name in ("Key", "Item"):
        argument = call.argument(name)
        entries = literal_keys(argument.value) if argument is not None else None
        for attribute, node in (entries or {}).items():
            found.append(KeyValue(attribute, node, "=", name))
    if expressions is not None:
        condition = read_key_condition(call, expressions)
        if condition is not None:
            found.extend(condition.values)
    return found


def value_atoms(node: ast.expr) -> list[Atom] | None:
    """What a key value written in code can produce: literal text, and any text where a
    variable goes (an f-string, a concatenation); None when nothing literal is known."""
    if isinstance(node, ast.Dict) and len(node.keys) == 1 and node.values:
        return value_atoms(node.values[0])  # a typed value {"S": ...}
    atoms = _atoms(node)
    if atoms is None or not any(kind == "text" for kind, _ in atoms):
        return None
    return atoms


def _atoms(node: ast.expr) -> list[Atom] | None:
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (str, int))
        and not isinstance(node.value, bool)
    ):
        return [("text", str(node.value))]
    if isinstance(node, ast.JoinedStr):
        atoms: list[Atom] = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                atoms.append(("text", part.value))
            else:
                atoms.append(("domain", ANY))
        return atoms
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _atoms(node.left)
        right = _atoms(node.right)
        if left is None or right is None:
            return None
        return left + right
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
        return [("domain", ANY)]
    return None


def template_meets(source: str, entity: Entity | None, atoms: list[Atom]) -> bool:
    """True when a key template can produce a value the code's atoms describe. The
    template's variables are taken to hold any text: their formats are not checked."""
    return _template_meets(source, tuple(atoms), False)


def prefix_meets(source: str, atoms: list[Atom]) -> bool:
    """True when some value of the template starts with what the atoms describe."""
    return _template_meets(source, tuple(atoms), True)


@lru_cache(maxsize=16_384)
def _template_meets(source: str, atoms: tuple[Atom, ...], prefix: bool) -> bool:
    """``template_meets`` (``prefix_meets`` when ``prefix``), once per template and value
    shape: a file compares the same few templates with the same few shapes of key
    hundreds of times."""
    template = try_parse(source)
    if template is None:
        return True
    wanted = [*atoms, ("domain", ANY)] if prefix else list(atoms)
    return atoms_overlap(template_atoms(template, {}), wanted)


@dataclass(frozen=True)
class TableMention:
    """A table a call names in its arguments, not through its ``Table`` or ``TableName``:
    a key of a batch's ``RequestItems``, a transaction item's ``TableName``, the table of a
    PartiQL statement. ``offsets`` locate the name inside a statement string."""

    name: str
    node: ast.Constant
    offsets: tuple[int, int] | None = None


TRANSACTION_ACTIONS = ("Put", "Update", "Delete", "ConditionCheck", "Get")
# The table of a PartiQL statement: SELECT … FROM, INSERT INTO, UPDATE, DELETE FROM.
STATEMENT_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+(?:"([^"]+)"|([A-Za-z0-9_-]+))', re.IGNORECASE)
STATEMENT_STRING = re.compile(r"'(?:[^']|'')*'")


def table_mentions(call: DynamoCall) -> list[TableMention]:
    """The tables a batch, a transaction or a PartiQL statement names, as literals."""
    found: list[TableMention] = []
    requests = call.argument("RequestItems")
    if requests is not None and isinstance(requests.value, ast.Dict):
        for key in requests.value.keys:
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                found.append(TableMention(key.value, key))
    items = call.argument("TransactItems")
    if items is not None and isinstance(items.value, (ast.List, ast.Tuple)):
        for item in items.value.elts:
            action = _entry(item, *TRANSACTION_ACTIONS)
            name = _entry(action, "TableName") if action is not None else None
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                found.append(TableMention(name.value, name))
    statement = call.argument("Statement")
    if (
        statement is not None
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    ):
        text = statement.value.value
        # Quoted values ('UPDATE me') are blanked so that no word in them is read as a clause.
        blanked = STATEMENT_STRING.sub(lambda m: " " * len(m.group()), text)
        match = STATEMENT_TABLE.search(blanked)
        if match is not None:
            group = 1 if match.group(1) is not None else 2
            found.append(
                TableMention(match.group(group), statement.value, (match.start(group), match.end(group)))
            )
    return found


def _entry(node: ast.expr | None, *keys: str) -> ast.expr | None:
    """The value of the first of ``keys`` in a dict literal."""
    if not isinstance(node, ast.Dict):
        return None
    for key, value in zip(node.keys, node.values, strict=True):
        if isinstance(key, ast.Constant) and key.value in keys:
            return value
    return None


def call_tables(call: DynamoCall, specs: SpecSet) -> list[SpecTable]:
    """The spec tables a call uses: its table, or the tables a batch, a transaction or a
    PartiQL statement names."""
    return named_tables(specs, call.table, (mention.name for mention in table_mentions(call)))


def named_tables(specs: SpecSet, table: TableRef | None, mentions: Iterable[str]) -> list[SpecTable]:
    """The spec tables of a call on ``table``, else of the tables it ``mentions`` (read
    only when ``table`` is not one of the specs'), each once."""
    found = specs.find(table)
    if found is not None:
        return [found]
    tables: list[SpecTable] = []
    for name in mentions:
        mentioned = specs.find(TableRef(name=name))
        if mentioned is not None and all(mentioned.table is not t.table for t in tables):
            tables.append(mentioned)
    return tables


def operation_patterns(call: DynamoCall, specs: SpecSet, index: str | None) -> list[Match]:
    """The access patterns of the call's tables whose operation the call's implements, on
    the index it reads (any index when ``IndexName`` is not a literal), keys aside."""
    any_index = index is None and call.argument("IndexName") is not None
    return patterns_of(call_tables(call, specs), call.operation, index, any_index)


def patterns_of(
    tables: Iterable[SpecTable], operation: str, index: str | None, any_index: bool
) -> list[Match]:
    """The access patterns of ``tables`` an ``operation`` implements, on ``index`` (on any
    index when ``any_index``), keys aside."""
    allowed = IMPLEMENTS.get(operation, frozenset())
    matches = []
    for table in tables:
        for pattern in table.table.access_patterns:
            if pattern.op not in allowed:
                continue
            if operation in ("Query", "Scan") and pattern.index != index and not any_index:
                continue
            matches.append(Match(table, pattern))
    return matches


def matching_patterns(
    call: DynamoCall, specs: SpecSet, index: str | None, expressions: CallExpressions | None = None
) -> list[Match]:
    """The access patterns the call performs: those of ``operation_patterns`` whose keys
    the call's key values can meet, where both say. A pattern's ``key`` is compared with
    the values the call writes for the same attributes; a pattern without one (a write)
    with its entities' key templates. Values the code builds at run time meet anything.
    ``expressions`` (the call's, read) lets a Query's key condition take part."""
    values = call_key_values(call, expressions)
    return [m for m in operation_patterns(call, specs, index) if keys_meet(m.pattern, m.table.table, values)]


def keys_meet(pattern: AccessPattern, table: Table, values: list[KeyValue]) -> bool:
    """True when the key values written in code can be those the pattern reads or writes."""
    return written_meets(pattern, table, written_atoms(values))


def written_atoms(values: Iterable[KeyValue]) -> dict[str, tuple[str, list[Atom]]]:
    """Each key attribute's first value whose text is known: its operator and atoms."""
    written: dict[str, tuple[str, list[Atom]]] = {}
    for value in values:
        atoms = value_atoms(value.node)
        if atoms is not None and value.attribute not in written:
            written[value.attribute] = (value.op, atoms)
    return written


def written_meets(
    pattern: AccessPattern, table: Table, written: Mapping[str, tuple[str, list[Atom]]]
) -> bool:
    """``keys_meet`` of key values already read (``written_atoms``)."""
    if not written:
        return True
    if pattern.key:
        return all(
            _condition_meets(condition, *written[attribute])
            for attribute, condition in pattern.key.items()
            if attribute in written
        )
    entities = [table.entities[name] for name in pattern.entity_names if name in table.entities]
    if not entities:
        return True
    return any(
        all(
            _condition_meets(KeyCondition("=", entity.keys[attribute]), *written[attribute])
            for attribute in entity.keys
            if attribute in written
        )
        for entity in entities
    )


def _condition_meets(condition: KeyCondition, op: str, atoms: list[Atom]) -> bool:
    """True when a value written with ``op`` (``=`` or ``begins_with``) can meet one
    attribute's condition in a pattern (a template, or a prefix); other operators are not
    compared."""
    if not isinstance(condition.value, str):
        return True
    if condition.is_equality:
        return (
            template_meets(condition.value, None, atoms)
            if op == "="
            else prefix_meets(condition.value, atoms)
        )
    if condition.op != "begins_with":
        return True
    template = try_parse(condition.value)
    if template is None:
        return True
    prefix = [*template_atoms(template, {}), ("domain", ANY)]
    return atoms_overlap(prefix, atoms if op == "=" else [*atoms, ("domain", ANY)])
