"""What names and expressions stand for: boto3 objects reached however real code reaches
them (imports and aliases, assignments in module, function and class scope, ``self.x``,
helper functions that return a table, ``meta.client``, sessions, environment variables).

The resolution is flow-insensitive within a scope, with one concession to order: a name
used on a line takes the last assignment above that line when there is one.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ddb_architect.code.objects import (
    ANNOTATIONS,
    BatchWriterObject,
    Boto3DynamoDBPackage,
    Boto3Function,
    Boto3Module,
    Boto3SessionModule,
    BoundMethod,
    ClassRef,
    ClientObject,
    ConditionFunction,
    ConditionObject,
    ConditionsModule,
    Environ,
    EnvValue,
    FunctionRef,
    Getenv,
    Instance,
    Kind,
    MetaObject,
    OsModule,
    PaginatorObject,
    ResourceObject,
    SessionObject,
    StringValue,
    TableObject,
    TableRef,
)
from ddb_architect.code.source import SourceText
from ddb_architect.code.walk import StatementWalk, module_walk, own_nodes, walk

ScopeNode = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
MAX_DEPTH = 40
STUB_PACKAGES = frozenset({"mypy_boto3_dynamodb", "types_boto3_dynamodb", "types_aiobotocore_dynamodb"})
INDEXED_TYPES = (
    ast.Call,
    ast.NamedExpr,
    ast.Global,
    ast.Import,
    ast.ImportFrom,
    ast.ClassDef,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
)
"""The node types a reader looks for across the module (``Resolver.by_type``)."""
INDEXED_SET = frozenset(INDEXED_TYPES)
DICT_EXTENDERS = frozenset({"update", "setdefault", "__setitem__"})
CONDITION_METHODS = frozenset(
    {
        "eq",
        "ne",
        "lt",
        "lte",
        "gt",
        "gte",
        "between",
        "begins_with",
        "is_in",
        "exists",
        "not_exists",
        "contains",
        "size",
        "attribute_type",
    }
)


@dataclass(eq=False)
class Binding:
    """One assignment of a name: the line it happens on, and the value expression (with
    the scope to read it in) or an already known kind. ``end`` is where the assignment
    takes effect (the end of its statement, as ``ast`` gives it: 1-based line, byte
    column): a name read inside its own assignment's value (``c = c & Attr("x")``) sees
    the bindings before it, not itself."""

    line: int
    value: ast.expr | None = None
    kind: Kind | None = None
    end: tuple[int, int] | None = None

    @property
    def effective(self) -> tuple[int, int]:
        return self.end if self.end is not None else (self.line, 0)


@dataclass
class Scope:
    node: ScopeNode
    parent: Scope | None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    dict_updates: dict[str, list[tuple[str, ast.expr, ast.expr]]] = field(default_factory=dict)
    """``kwargs["Key"] = value`` after a dict is built: name → (key, key node, value)."""
    dict_extended: set[str] = field(default_factory=set)
    """Dicts that gain keys we cannot read: ``kwargs.update(...)``, ``kwargs |= ...``,
    ``kwargs[name] = value``."""
    cls: ast.ClassDef | None = None
    self_name: str | None = None
    globals: set[str] = field(default_factory=set)
    """Names the function declares ``global``: its assignments to them bind in the module."""

    def bind(
        self,
        name: str,
        line: int,
        value: ast.expr | None = None,
        kind: Kind | None = None,
        end: tuple[int, int] | None = None,
    ) -> None:
        self.bindings.setdefault(name, []).append(Binding(line, value, kind, end))


class Resolver:
    """Builds the scopes of a module and evaluates expressions to kinds."""

    def __init__(self, tree: ast.Module, source: SourceText, previous: Resolver | None = None) -> None:
        """``previous``: the resolver of an earlier version of the module whose tree
        shares statements with ``tree`` (``code.reparse``): those are not walked again."""
        self.tree = tree
        self.source = source
        self.scopes: dict[ast.AST, Scope] = {}
        self.class_attributes: dict[ast.ClassDef, dict[str, list[tuple[Binding, Scope]]]] = {}
        self.parents: dict[ast.AST, ast.AST] = {}
        self._known: dict[int, Kind | None] = {}
        self._active: set[int] = set()
        self._returns: dict[int, Kind | None] = {}
        self.loop_changes: dict[ast.AST, frozenset[str]] = {}
        """The names each loop binds or changes, worked out once per loop (``calls``)."""
        earlier = None
        if previous is not None and any(a is b for a, b in zip(previous.tree.body, tree.body, strict=False)):
            self.parents = previous.parents.copy()
            kept = {id(statement) for statement in tree.body}
            for gone in previous.tree.body:
                if id(gone) not in kept:
                    for node in walk(gone):
                        self.parents.pop(node, None)
            earlier = previous._walks
        self.by_type: dict[type, list[ast.AST]]
        """The module's nodes of each of ``INDEXED_TYPES``, in ``ast.walk``'s order."""
        self._walks: dict[int, StatementWalk]
        self.by_type, self._walks = module_walk(tree, self.parents, INDEXED_SET, earlier)
        # Most modules have no walrus and no ``global``: then nothing needs looking for them.
        self._has_walrus = bool(self.by_type[ast.NamedExpr])
        self._has_global = bool(self.by_type[ast.Global])
        self.stub_names: dict[str, str] = {}
        self.stub_modules: set[str] = set()
        self.foreign_names: set[str] = set()
        self._stub_imports(tree)
        self.module = self._build(tree, None)

    def forget(self) -> None:
        """Forget what was evaluated (kinds of bindings, returns of functions, loops'
        names), so that the next evaluation starts as in a new resolver of the same
        module: with cycles between bindings, what a memo holds depends on the order
        questions came in."""
        self._known.clear()
        self._active.clear()
        self._returns.clear()
        self.loop_changes.clear()

    # ----- building scopes

    def _build(self, node: ScopeNode, parent: Scope | None, cls: ast.ClassDef | None = None) -> Scope:
        scope = Scope(node, parent)
        self.scopes[node] = scope
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = node.args
            params = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            if cls is not None and params and not _is_static(node):
                scope.cls = cls
                scope.self_name = params[0].arg
            for param in params:
                kind = self._annotation_kind(param.annotation)
                scope.bind(param.arg, getattr(node, "lineno", 0), kind=kind)
            for inner in own_nodes(node) if self._has_global else ():
                if isinstance(inner, ast.Global):
                    scope.globals.update(inner.names)
        body = node.body if not isinstance(node, ast.Lambda) else []
        for statement in body if isinstance(body, list) else []:
            self._collect(statement, scope)
        return scope

    def _annotation_kind(self, annotation: ast.expr | None, depth: int = 0) -> Kind | None:
        """The boto3 object a type annotation names: boto3-stubs' ``DynamoDBClient``,
        ``DynamoDBServiceResource`` and ``Table``, but not a ``Table`` imported from
        elsewhere or defined in the module (SQLAlchemy's, pyairtable's: ``table.delete()``
        is no DeleteTable); also inside ``Optional[...]``, ``X | None`` and strings."""
        if annotation is None or depth > 4:
            return None
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                parsed = ast.parse(annotation.value, mode="eval").body
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return None
            return self._annotation_kind(parsed, depth + 1)
        if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
            return self._annotation_kind(annotation.left, depth + 1) or self._annotation_kind(
                annotation.right, depth + 1
            )
        if isinstance(annotation, ast.Subscript):
            inner = annotation.slice
            parts = inner.elts if isinstance(inner, ast.Tuple) else [inner]
            for part in parts:
                kind = self._annotation_kind(part, depth + 1)
                if kind is not None:
                    return kind
            return None
        name = None
        if isinstance(annotation, ast.Name):
            name = self.stub_names.get(annotation.id, annotation.id)
            if name == "Table" and annotation.id in self.foreign_names:
                return None
        elif isinstance(annotation, ast.Attribute):
            name = annotation.attr
            root: ast.expr = annotation
            while isinstance(root, ast.Attribute):
                root = root.value
            if name == "Table" and not (isinstance(root, ast.Name) and root.id in self.stub_modules):
                return None
        return ANNOTATIONS.get(name) if name else None

    def _stub_imports(self, tree: ast.Module) -> None:
        """The names boto3-stubs' DynamoDB types are imported under, the names its modules
        are bound to (``import mypy_boto3_dynamodb.service_resource as sr``), and the names
        other modules' imports and the module's classes take."""
        for node in self.by_type[ast.ImportFrom]:
            assert isinstance(node, ast.ImportFrom)
            if _is_stub_module(node.module or ""):
                for alias in node.names:
                    self.stub_names[alias.asname or alias.name] = alias.name
                    self.stub_modules.add(alias.asname or alias.name)
            else:
                self.foreign_names.update(alias.asname or alias.name for alias in node.names)
        for node in self.by_type[ast.ClassDef]:
            assert isinstance(node, ast.ClassDef)
            self.foreign_names.add(node.name)
        for node in self.by_type[ast.Import]:
            assert isinstance(node, ast.Import)
            for alias in node.names:
                if _is_stub_module(alias.name):
                    self.stub_modules.add(alias.asname or alias.name.split(".")[0])

    def _collect(self, statement: ast.stmt, scope: Scope) -> None:
        """Record what ``statement`` binds in ``scope``, and build nested scopes."""
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            scope.bind(statement.name, statement.lineno, kind=FunctionRef(statement))
            cls = scope.node if isinstance(scope.node, ast.ClassDef) else None
            self._build(statement, scope, cls)
            return
        if isinstance(statement, ast.ClassDef):
            scope.bind(statement.name, statement.lineno, kind=ClassRef(statement))
            self.class_attributes.setdefault(statement, {})
            class_scope = self._build(statement, scope)
            for name, bindings in class_scope.bindings.items():
                for binding in bindings:
                    self.class_attributes[statement].setdefault(name, []).append((binding, class_scope))
            return
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                bound = alias.asname or alias.name.split(".")[0]
                if alias.name == "boto3" or alias.name.startswith("boto3."):
                    # `import boto3.x.y` binds boto3; `import boto3.x.y as z` binds the module.
                    modules: dict[str, Kind] = {
                        "boto3.dynamodb": Boto3DynamoDBPackage(),
                        "boto3.dynamodb.conditions": ConditionsModule(),
                        "boto3.session": Boto3SessionModule(),
                    }
                    kind = modules.get(alias.name) if alias.asname else None
                    scope.bind(bound, statement.lineno, kind=kind or Boto3Module())
                elif alias.name == "os":
                    scope.bind(bound, statement.lineno, kind=OsModule())
            return
        if isinstance(statement, ast.ImportFrom):
            self._import_from(statement, scope)
            return
        end = _end(statement)
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                self._assign(target, statement.value, statement.lineno, scope, end)
            self._walrus(statement.value, scope)
            return
        if isinstance(statement, ast.AnnAssign):
            kind = self._annotation_kind(statement.annotation)
            if statement.value is not None:
                self._assign(statement.target, statement.value, statement.lineno, scope, end)
            elif kind is not None and isinstance(statement.target, ast.Name):
                scope.bind(statement.target.id, statement.lineno, kind=kind, end=end)
            return
        if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
            scope.dict_extended.add(statement.target.id)  # kwargs |= {...}
        if (
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Call)
            and isinstance(statement.value.func, ast.Attribute)
            and isinstance(statement.value.func.value, ast.Name)
            and statement.value.func.attr in DICT_EXTENDERS
        ):
            scope.dict_extended.add(statement.value.func.value.id)  # kwargs.update(...)
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            for item in statement.items:
                if item.optional_vars is not None:
                    self._assign(
                        item.optional_vars,
                        item.context_expr,
                        statement.lineno,
                        scope,
                        _end(item.context_expr),
                    )
        for child in ast.iter_child_nodes(statement):
            if isinstance(child, ast.stmt):
                self._collect(child, scope)
            elif isinstance(child, ast.expr):
                self._walrus(child, scope)

    def _walrus(self, expr: ast.expr, scope: Scope) -> None:
        if not self._has_walrus:
            return
        for node in walk(expr):
            if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                scope.bind(node.target.id, node.lineno, value=node.value, end=_end(node))

    def _import_from(self, statement: ast.ImportFrom, scope: Scope) -> None:
        module = statement.module or ""
        for alias in statement.names:
            bound = alias.asname or alias.name
            kind: Kind | None = None
            if module == "boto3" and alias.name in ("client", "resource"):
                kind = Boto3Function(alias.name)
            elif module in ("boto3", "boto3.session") and alias.name == "Session":
                kind = Boto3Function("Session")
            elif module == "boto3" and alias.name == "session":
                kind = Boto3SessionModule()
            elif module == "boto3.dynamodb.conditions" and alias.name in ("Key", "Attr"):
                kind = ConditionFunction(alias.name)
            elif module == "boto3.dynamodb" and alias.name == "conditions":
                kind = ConditionsModule()
            elif module == "boto3" and alias.name == "dynamodb":
                kind = Boto3DynamoDBPackage()
            elif module == "os" and alias.name == "environ":
                kind = Environ()
            elif module == "os" and alias.name == "getenv":
                kind = Getenv()
            if kind is not None:
                scope.bind(bound, statement.lineno, kind=kind)

    def _assign(
        self, target: ast.expr, value: ast.expr, line: int, scope: Scope, end: tuple[int, int] | None = None
    ) -> None:
        if isinstance(target, ast.Name):
            home = scope
            if target.id in scope.globals:
                while home.parent is not None:
                    home = home.parent  # a lazily made module-level table: global _table
            home.bind(target.id, line, value=value, end=end)
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and scope.self_name is not None
            and target.value.id == scope.self_name
            and scope.cls is not None
        ):
            attributes = self.class_attributes.setdefault(scope.cls, {})
            attributes.setdefault(target.attr, []).append((Binding(line, value, end=end), scope))
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            if isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str):
                scope.dict_updates.setdefault(target.value.id, []).append(
                    (target.slice.value, target.slice, value)
                )
            else:
                scope.dict_extended.add(target.value.id)  # kwargs[name] = value
        elif isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)):
            for element, item in zip(target.elts, value.elts, strict=False):
                self._assign(element, item, line, scope, end)

    # ----- scopes of nodes

    def scope_of(self, node: ast.AST) -> Scope:
        """The innermost function (or module) scope a node is in. Class bodies are not
        scopes names resolve in: their names are reached through ``self``."""
        current: ast.AST | None = self.parents.get(node)
        while current is not None:
            if (
                isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                and current in self.scopes
            ):
                return self.scopes[current]
            current = self.parents.get(current)
        return self.module

    def function_of(self, node: ast.AST) -> FunctionNode | None:
        current: ast.AST | None = self.parents.get(node)
        while current is not None:
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return current
            current = self.parents.get(current)
        return None

    # ----- evaluation

    def lookup(
        self, name: str, scope: Scope, line: int, depth: int = 0, column: int | None = None
    ) -> Kind | None:
        """What ``name`` stands for when read at ``line`` (and ``column``, when given) in
        ``scope``: the last binding of its own scope that takes effect before that point
        (all of them when none does), else the enclosing scopes' last binding."""
        current: Scope | None = scope
        point = (line, column if column is not None else 1 << 30)
        while current is not None:
            if isinstance(current.node, ast.ClassDef):
                current = current.parent
                continue
            bindings = current.bindings.get(name)
            if bindings:
                before = [b for b in bindings if b.effective <= point] if current is scope else bindings
                for binding in reversed(before or bindings):
                    kind = self._binding_kind(binding, current, depth)
                    if kind is not None:
                        return kind
                return None
            current = current.parent
        return None

    def _binding_kind(self, binding: Binding, scope: Scope, depth: int) -> Kind | None:
        """The kind a binding gives its name, computed once: a binding met again while it
        is being computed (``a = b`` and ``b = a``) stands for nothing."""
        if binding.kind is not None:
            return binding.kind
        if binding.value is None:
            return None
        key = id(binding)
        if key in self._known:
            return self._known[key]
        if key in self._active:
            return None
        self._active.add(key)
        try:
            kind = self.evaluate(binding.value, scope, depth + 1)
        finally:
            self._active.discard(key)
        self._known[key] = kind
        return kind

    def dict_value(
        self, expr: ast.expr, scope: Scope
    ) -> tuple[ast.Dict, list[tuple[str, ast.expr, ast.expr]]] | None:
        """The dict literal a name holds, and the ``name["Key"] = value`` updates made to
        it in the same scope; None when it is not a dict literal."""
        if isinstance(expr, ast.Dict):
            return expr, []
        if not isinstance(expr, ast.Name):
            return None
        current: Scope | None = scope
        while current is not None:
            bindings = current.bindings.get(expr.id)
            if bindings:
                before = [b for b in bindings if b.line <= expr.lineno] or bindings
                value = before[-1].value
                if isinstance(value, ast.Dict):
                    return value, current.dict_updates.get(expr.id, [])
                if (
                    isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Name)
                    and value.func.id == "dict"
                ):
                    return None
                return None
            current = current.parent
        return None

    def dict_extended(self, expr: ast.expr, scope: Scope) -> bool:
        """True when the dict a name holds gains keys that cannot be read
        (``kwargs.update(...)``, ``kwargs[name] = value``, ``kwargs |= other``)."""
        if not isinstance(expr, ast.Name):
            return False
        current: Scope | None = scope
        while current is not None:
            if expr.id in current.bindings:
                return expr.id in current.dict_extended
            current = current.parent
        return False

    def evaluate(self, expr: ast.expr, scope: Scope, depth: int = 0) -> Kind | None:
        """What ``expr`` stands for, read in ``scope``; None when it is nothing we track."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return StringValue(expr.value, self.source.span(expr))
        if isinstance(expr, ast.Name):
            return self.lookup(expr.id, scope, expr.lineno, depth, expr.col_offset)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, scope, depth)
        if isinstance(expr, ast.Call):
            return self._call(expr, scope, depth)
        if isinstance(expr, ast.Subscript):
            base = self.evaluate(expr.value, scope, depth + 1)
            if isinstance(base, Environ):
                key = self.evaluate(expr.slice, scope, depth + 1)
                if isinstance(key, StringValue):
                    return EnvValue(key.value, self.source.span(expr))
            return None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.BitAnd, ast.BitOr)):
            left = self.evaluate(expr.left, scope, depth + 1)
            right = self.evaluate(expr.right, scope, depth + 1)
            if isinstance(left, ConditionObject) or isinstance(right, ConditionObject):
                return ConditionObject(expr)
            return None
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Invert):
            operand = self.evaluate(expr.operand, scope, depth + 1)
            return ConditionObject(expr) if isinstance(operand, ConditionObject) else None
        if isinstance(expr, ast.IfExp):
            return self.evaluate(expr.body, scope, depth + 1) or self.evaluate(expr.orelse, scope, depth + 1)
        if isinstance(expr, ast.BoolOp):
            for value in expr.values:
                kind = self.evaluate(value, scope, depth + 1)
                if kind is not None:
                    return kind
            return None
        if isinstance(expr, ast.Await):
            return self.evaluate(expr.value, scope, depth + 1)
        return None

    def _attribute(self, expr: ast.Attribute, scope: Scope, depth: int) -> Kind | None:
        if self._is_self(expr.value, scope):
            assert scope.cls is not None
            return self.class_attribute(scope.cls, expr.attr, depth)
        return self._member(self.evaluate(expr.value, scope, depth + 1), expr.attr, depth)

    def _is_self(self, expr: ast.expr, scope: Scope) -> bool:
        return (
            isinstance(expr, ast.Name)
            and scope.self_name is not None
            and expr.id == scope.self_name
            and scope.cls is not None
        )

    def _member(self, base: Kind | None, attr: str, depth: int) -> Kind | None:
        """What attribute ``attr`` of something standing for ``base`` stands for."""
        if isinstance(base, Boto3Module):
            if attr in ("client", "resource"):
                return Boto3Function(attr)
            if attr == "Session":
                return Boto3Function("Session")
            if attr == "session":
                return Boto3SessionModule()
            return Boto3DynamoDBPackage() if attr == "dynamodb" else None
        if isinstance(base, Boto3DynamoDBPackage) and attr == "conditions":
            return ConditionsModule()
        if isinstance(base, ConditionsModule) and attr in ("Key", "Attr"):
            return ConditionFunction(attr)
        if isinstance(base, Boto3SessionModule) and attr == "Session":
            return Boto3Function("Session")
        if isinstance(base, SessionObject) and attr in ("client", "resource"):
            return BoundMethod(attr)
        if isinstance(base, (ResourceObject, TableObject)) and attr == "meta":
            return MetaObject()
        if isinstance(base, MetaObject) and attr == "client":
            return ClientObject(meta=True)
        if isinstance(base, OsModule):
            if attr == "environ":
                return Environ()
            return Getenv() if attr == "getenv" else None
        if isinstance(base, Environ) and attr == "get":
            return Getenv()
        if isinstance(base, Instance):
            return self.class_attribute(base.cls, attr, depth)
        if isinstance(base, ClassRef):
            return self.class_attribute(base.node, attr, depth)
        return None

    def class_attribute(self, cls: ast.ClassDef, attr: str, depth: int) -> Kind | None:
        """What ``self.attr`` (or ``Class.attr``) stands for: assigned in the class body or
        a method, else inherited from a base class of the same module; a property stands
        for what it returns."""
        if depth > MAX_DEPTH:
            return None
        for binding, scope in reversed(self.class_attributes.get(cls, {}).get(attr, [])):
            kind = self._binding_kind(binding, scope, depth)
            if isinstance(kind, FunctionRef) and _is_property(kind.node):
                kind = self.returns(kind.node, depth + 1)
            if kind is not None:
                return kind
        class_scope = self.scopes.get(cls)
        outer = class_scope.parent if class_scope is not None else None
        for base in cls.bases if outer is not None else []:
            assert outer is not None
            parent = self.evaluate(base, outer, depth + 1)
            if isinstance(parent, ClassRef) and parent.node is not cls:
                kind = self.class_attribute(parent.node, attr, depth + 1)
                if kind is not None:
                    return kind
        return None

    def _call(self, expr: ast.Call, scope: Scope, depth: int) -> Kind | None:
        # The receiver of a method is evaluated once: evaluating it again for the call
        # would double the work at each link of a chain (a.b().c().d()...).
        base: Kind | None = None
        if isinstance(expr.func, ast.Attribute) and not self._is_self(expr.func.value, scope):
            base = self.evaluate(expr.func.value, scope, depth + 1)
            func = self._member(base, expr.func.attr, depth)
        else:
            func = self.evaluate(expr.func, scope, depth + 1)
        if isinstance(func, (Boto3Function, BoundMethod)):
            if func.name == "Session":
                return SessionObject()
            if self.service_name(expr, scope) != "dynamodb":
                return None
            return ClientObject() if func.name == "client" else ResourceObject()
        if isinstance(func, ConditionFunction):
            return ConditionObject(expr)
        if isinstance(func, Getenv):
            name = self.evaluate(expr.args[0], scope, depth + 1) if expr.args else None
            return EnvValue(name.value, self.source.span(expr)) if isinstance(name, StringValue) else None
        if isinstance(func, FunctionRef):
            return self.returns(func.node, depth)
        if isinstance(func, ClassRef):
            return Instance(func.node)
        if not isinstance(expr.func, ast.Attribute):
            return None
        method = expr.func.attr
        if isinstance(base, ResourceObject) and method == "Table":
            argument = expr.args[0] if expr.args else _keyword(expr, "name")
            return TableObject(self.table_ref(argument, scope, depth))
        if isinstance(base, ClientObject) and method == "get_paginator":
            argument = expr.args[0] if expr.args else _keyword(expr, "operation_name")
            name = self.evaluate(argument, scope, depth + 1) if argument is not None else None
            if isinstance(name, StringValue) and argument is not None:
                return PaginatorObject(name.value, base, self.source.span(argument))
            return None
        if isinstance(base, TableObject) and method == "batch_writer":
            return BatchWriterObject(base.table)
        if isinstance(base, ConditionObject) and method in CONDITION_METHODS:
            return ConditionObject(expr)
        return None

    def service_name(self, call: ast.Call, scope: Scope) -> str | None:
        argument = call.args[0] if call.args else _keyword(call, "service_name")
        if argument is None:
            return None
        value = self.evaluate(argument, scope)
        return value.value if isinstance(value, StringValue) else None

    def table_ref(self, argument: ast.expr | None, scope: Scope, depth: int = 0) -> TableRef:
        if argument is None:
            return TableRef()
        span = self.source.span(argument)
        value = self.evaluate(argument, scope, depth + 1)
        if isinstance(value, StringValue):
            return TableRef(name=value.value, span=span)
        if isinstance(value, EnvValue):
            return TableRef(env=value.name, span=span)
        return TableRef(span=span)

    def returns(self, function: FunctionNode, depth: int) -> Kind | None:
        """What calling ``function`` gives: the first of its ``return`` values that stands
        for something, computed once (a function met again while its returns are being
        read, as recursive functions are, stands for nothing)."""
        scope = self.scopes.get(function)
        if scope is None:
            return None
        key = id(function)
        if key in self._returns:
            return self._returns[key]
        if key in self._active:
            return None
        self._active.add(key)
        found: Kind | None = None
        try:
            for node in own_nodes(function):
                if isinstance(node, ast.Return) and node.value is not None:
                    found = self.evaluate(node.value, scope, depth + 1)
                    if found is not None:
                        break
        finally:
            self._active.discard(key)
        self._returns[key] = found
        return found


def _is_static(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> bool:
    decorators = getattr(function, "decorator_list", [])
    return any(isinstance(d, ast.Name) and d.id in ("staticmethod",) for d in decorators)


def _decorator_name(decorator: ast.expr) -> str | None:
    if isinstance(decorator, ast.Call):
        decorator = decorator.func
    if isinstance(decorator, ast.Name):
        return decorator.id
    return decorator.attr if isinstance(decorator, ast.Attribute) else None


def _is_property(function: FunctionNode) -> bool:
    """``@property`` or ``@functools.cached_property``: reading the attribute calls it."""
    return any(_decorator_name(d) in ("property", "cached_property") for d in function.decorator_list)


def _is_stub_module(module: str) -> bool:
    return module.split(".")[0] in STUB_PACKAGES


def _end(node: ast.AST) -> tuple[int, int] | None:
    """Where a node ends (1-based line, byte column), when ``ast`` says."""
    line = getattr(node, "end_lineno", None)
    column = getattr(node, "end_col_offset", None)
    return (line, column) if line is not None and column is not None else None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None
