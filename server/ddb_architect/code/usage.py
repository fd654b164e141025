"""How a call's result is used: which keys are read from it (``["Items"]``,
``.get("LastEvaluatedKey")``), directly or through the variable it is assigned to, and
whether it escapes the function (returned, or handed to other code), in which case
someone else may handle it."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from ddb_architect.code.resolve import Resolver
from ddb_architect.code.walk import walk


def result_keys(call: ast.Call, resolver: Resolver) -> set[str] | None:
    """The string keys read from the call's result in its own function; None when the
    result escapes (returned, yielded, passed to another call, stored elsewhere)."""
    parent = resolver.parents.get(call)
    while isinstance(parent, ast.Await):
        parent = resolver.parents.get(parent)
    if isinstance(parent, ast.Expr):
        return set()
    direct = _read_key(call, parent, resolver)
    if direct is not None:
        return {direct}
    if (
        isinstance(parent, ast.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
    ):
        return _variable_keys(parent.targets[0].id, parent, resolver)
    if isinstance(parent, ast.AnnAssign) and isinstance(parent.target, ast.Name):
        return _variable_keys(parent.target.id, parent, resolver)
    return None


def _read_key(node: ast.AST, parent: ast.AST | None, resolver: Resolver) -> str | None:
    """The key read when ``node`` is subscripted with a string or has ``.get("key")``."""
    if isinstance(parent, ast.Subscript) and parent.value is node:
        key = parent.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    if isinstance(parent, ast.Attribute) and parent.value is node and parent.attr == "get":
        grand = resolver.parents.get(parent)
        if isinstance(grand, ast.Call) and grand.args:
            key = grand.args[0]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                return key.value
    return None


def _variable_keys(name: str, assignment: ast.AST, resolver: Resolver) -> set[str] | None:
    function = resolver.function_of(assignment) or resolver.tree
    keys: set[str] = set()
    for node in walk(function):
        if not (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)):
            continue
        parent = resolver.parents.get(node)
        key = _read_key(node, parent, resolver)
        if key is not None:
            keys.add(key)
            continue
        if isinstance(parent, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in parent.ops):
            left = parent.left
            if isinstance(left, ast.Constant) and isinstance(left.value, str):
                keys.add(left.value)
            continue
        if isinstance(
            parent,
            (
                ast.Return,
                ast.Yield,
                ast.YieldFrom,
                ast.Call,
                ast.keyword,
                ast.Assign,
                ast.List,
                ast.Tuple,
                ast.Dict,
            ),
        ):
            return None
    return keys


def mentions(node: ast.AST, words: Iterable[str]) -> bool:
    """True when one of ``words`` appears in ``node`` as a string or an attribute name
    (a function that follows ``LastEvaluatedKey`` names it)."""
    wanted = set(words)
    for child in walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str) and child.value in wanted:
            return True
        if isinstance(child, ast.Attribute) and child.attr in wanted:
            return True
    return False
