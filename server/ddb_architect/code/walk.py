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


def child_fields(cls: type) -> tuple[str, ...]:
    """The fields of a node type that may hold nodes (or lists of them)."""
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        fields = tuple(name for name in getattr(cls, "_fields", ()) if name not in SKIPPED_FIELDS)
        _CHILD_FIELDS[cls] = fields
    return fields


def nodes_and_parents(
    tree: ast.AST, parents: dict[ast.AST, ast.AST], by_type: dict[type, list[ast.AST]] | None = None
) -> list[ast.AST]:
    """Every node under ``tree`` (itself included) breadth first, as ``ast.walk`` gives
    them but for contexts and operators, noting each one's parent in ``parents``, and
    adding the nodes of each type ``by_type`` has a list for to that list (in the same
    order)."""
    nodes = [tree]
    append = nodes.append
    fields_of = _CHILD_FIELDS.get
    node_type = ast.AST
    wanted = by_type if by_type is not None else {}
    position = 0
    while position < len(nodes):
        parent = nodes[position]
        position += 1
        found = wanted.get(parent.__class__)
        if found is not None:
            found.append(parent)
        fields = fields_of(parent.__class__)
        if fields is None:
            fields = child_fields(parent.__class__)
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
    return nodes


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
