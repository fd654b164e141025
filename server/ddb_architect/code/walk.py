"""Fast walks of a syntax tree: what ``ast.walk`` gives, without the nodes no reader asks
about (expression contexts and operators, the singletons ``Load()``, ``Add()``, ``Eq()``
... that every ``Name`` and ``BinOp`` points at), and without looking into fields that
never hold a node (names, identifiers, constants' values).

``ast.walk`` builds two generators per node (``iter_child_nodes`` over ``iter_fields``);
a reader that walks a module, then each loop and function its calls sit in, spends more
time there than ``ast.parse`` does. These walks visit the same nodes (contexts and
operators aside) in the same breadth-first order.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

SKIPPED_FIELDS = frozenset(
    {
        # the singletons: Load/Store/Del, the operators, the comparison operators
        "ctx",
        "op",
        "ops",
        # fields that hold strings, numbers or None, never a node
        "id",
        "attr",
        "arg",
        "name",
        "asname",
        "module",
        "level",
        "kind",
        "type_comment",
        "is_async",
        "conversion",
        "simple",
        "lineno",
        "tag",
    }
)
"""Fields no node type holds a node in (``names`` is not one: ``Import.names`` holds
``alias`` nodes)."""

_NO_FIELDS: tuple[str, ...] = ()
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {ast.Constant: _NO_FIELDS}
_TYPE_ALIAS: type | None = getattr(ast, "TypeAlias", None)
if _TYPE_ALIAS is not None:  # Python 3.12+: ``type X = ...`` holds its name as a Name node
    _CHILD_FIELDS[_TYPE_ALIAS] = tuple(getattr(_TYPE_ALIAS, "_fields", ()))


def child_fields(cls: type) -> tuple[str, ...]:
    """The fields of a node type that may hold nodes (or lists of them)."""
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        fields = tuple(name for name in getattr(cls, "_fields", ()) if name not in SKIPPED_FIELDS)
        _CHILD_FIELDS[cls] = fields
    return fields


@dataclass(frozen=True)
class StatementWalk:
    """What a walk of one top-level statement found: the nodes of the wanted types, each
    with its depth under the module and its place in the statement's breadth-first
    order, from which the module's breadth-first order of them is put together (a
    statement's walk is kept, and reused while the statement is the same object)."""

    statement: ast.AST
    found: tuple[tuple[int, int, ast.AST], ...]
    """(depth, place, node) of each node of a wanted type, in breadth-first order."""


def statement_walk(
    statement: ast.AST, parents: dict[ast.AST, ast.AST], wanted: frozenset[type]
) -> StatementWalk:
    """Walk one top-level statement breadth first (contexts and operators left out, as
    ``walk`` does), noting each node's parent in ``parents`` (the statement's own is the
    module: the caller's to note)."""
    nodes = [statement]
    append = nodes.append
    fields_of = _CHILD_FIELDS.get
    node_type = ast.AST
    found: list[tuple[int, int, ast.AST]] = []
    depth = 1
    level_end = 1
    position = 0
    while position < len(nodes):
        if position == level_end:
            depth += 1
            level_end = len(nodes)
        parent = nodes[position]
        cls = parent.__class__
        if cls in wanted:
            found.append((depth, position, parent))
        position += 1
        fields = fields_of(cls)
        if fields is None:
            fields = child_fields(cls)
        for name in fields:
            value = getattr(parent, name, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, node_type):
                        parents[item] = parent
                        append(item)
            elif isinstance(value, node_type):
                parents[value] = parent
                append(value)
    return StatementWalk(statement, tuple(found))


def module_walk(
    tree: ast.Module,
    parents: dict[ast.AST, ast.AST],
    wanted: frozenset[type],
    previous: dict[int, StatementWalk] | None = None,
) -> tuple[dict[type, list[ast.AST]], dict[int, StatementWalk]]:
    """The nodes of each wanted type in the module, in ``ast.walk``'s order, and the walk
    of each top-level statement (by ``id``); each node's parent noted in ``parents``.
    ``previous``: the statement walks of an earlier reading whose ``parents`` the caller
    copied into ``parents``: the statements that are the same objects are not walked
    again (the caller removed the entries of those that are gone)."""
    walks: dict[int, StatementWalk] = {}
    entries: list[tuple[int, int, int, ast.AST]] = []
    for index, statement in enumerate(tree.body):
        known = previous.get(id(statement)) if previous is not None else None
        if known is None or known.statement is not statement:
            known = statement_walk(statement, parents, wanted)
        parents[statement] = tree
        walks[id(statement)] = known
        entries.extend((depth, index, place, node) for depth, place, node in known.found)
    # Breadth first over the module: by depth, then statement, then place in it (the
    # three tell any two entries apart: the nodes themselves are never compared).
    entries.sort()
    by_type: dict[type, list[ast.AST]] = {kind: [] for kind in wanted}
    for _depth, _index, _place, node in entries:
        by_type[node.__class__].append(node)
    return by_type, walks


def walk(tree: ast.AST) -> list[ast.AST]:
    """Every node under ``tree`` (itself included) breadth first, as ``ast.walk`` gives
    them but for contexts and operators."""
    nodes = [tree]
    append = nodes.append
    fields_of = _CHILD_FIELDS.get
    node_type = ast.AST
    position = 0
    while position < len(nodes):
        parent = nodes[position]
        position += 1
        fields = fields_of(parent.__class__)
        if fields is None:
            fields = child_fields(parent.__class__)
        for name in fields:
            value = getattr(parent, name, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, node_type):
                        append(item)
            elif isinstance(value, node_type):
                append(value)
    return nodes


def own_nodes(function: ast.AST) -> list[ast.AST]:
    """The nodes of a function's body (and its signature), not those of functions,
    classes or lambdas nested in it (which are included, without their insides), in no
    particular order."""
    nodes: list[ast.AST] = []
    stack = _children(function)
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
    while stack:
        node = stack.pop()
        nodes.append(node)
        if not isinstance(node, scopes):
            stack.extend(_children(node))
    return nodes


def _children(node: ast.AST) -> list[ast.AST]:
    found: list[ast.AST] = []
    fields = _CHILD_FIELDS.get(node.__class__)
    if fields is None:
        fields = child_fields(node.__class__)
    for name in fields:
        value = getattr(node, name, None)
        if value.__class__ is list:
            found.extend(item for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            found.append(value)
    return found
