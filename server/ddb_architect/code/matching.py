"""Which access pattern of the spec a call in code performs: the same table and index, a
compatible operation, and (when both say) key values that can meet the pattern's key
templates."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ddb_architect.code.calls import DynamoCall
from ddb_architect.code.objects import TableRef
from ddb_architect.code.specs import SpecSet, SpecTable
from ddb_architect.spec.model import AccessPattern, Entity
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


def template_meets(source: str, entity: Entity, atoms: list[Atom]) -> bool:
    """True when a key template can produce a value the code's atoms describe. The
    template's variables are taken to hold any text: their formats are not checked."""
    template = try_parse(source)
    if template is None:
        return True
    return atoms_overlap(template_atoms(template, {}), atoms)


def prefix_meets(source: str, atoms: list[Atom]) -> bool:
    """True when some value of the template starts with what the atoms describe."""
    template = try_parse(source)
    if template is None:
        return True
    return atoms_overlap(template_atoms(template, {}), [*atoms, ("domain", ANY)])


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
    found = specs.find(call.table)
    if found is not None:
        return [found]
    tables: list[SpecTable] = []
    for mention in table_mentions(call):
        table = specs.find(TableRef(name=mention.name))
        if table is not None and all(table.table is not t.table for t in tables):
            tables.append(table)
    return tables


def matching_patterns(call: DynamoCall, specs: SpecSet, index: str | None) -> list[Match]:
    """The access patterns the call performs. ``index`` is the call's ``IndexName`` when
    it is known; a call that passes one that is not (a variable) may read any index."""
    allowed = IMPLEMENTS.get(call.operation, frozenset())
    any_index = index is None and call.argument("IndexName") is not None
    matches = []
    for table in call_tables(call, specs):
        for pattern in table.table.access_patterns:
            if pattern.op not in allowed:
                continue
            if call.operation in ("Query", "Scan") and pattern.index != index and not any_index:
                continue
            matches.append(Match(table, pattern))
    return matches
