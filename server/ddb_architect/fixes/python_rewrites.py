"""Fixes that rewrite a statement: a Query or Scan that reads one page made to follow
``LastEvaluatedKey`` (DDB602), and a literal ``batch_write_item`` written with
``Table.batch_writer()``, which retries unprocessed items (DDB605). The call's own text
moves into the new statement with its layout and comments; only what has to change is
written anew."""

from __future__ import annotations

import ast
from collections.abc import Callable

from ddb_architect.code.calls import Api, DynamoCall
from ddb_architect.code.objects import Boto3Function, BoundMethod, ResourceObject
from ddb_architect.code.resolve import Scope
from ddb_architect.code.usage import result_keys
from ddb_architect.fixes.model import Edit, Fix, apply_edits
from ddb_architect.fixes.python_edits import (
    FreshNames,
    Imported,
    PythonText,
    import_of,
    moved,
    shift_lines,
    string_literal,
    used_names,
)
from ddb_architect.rules.code_context import CodeContext

PAGINATION_TITLE = "Read every page (loop while LastEvaluatedKey is returned)"
BATCH_WRITER_TITLE = "Rewrite with Table.batch_writer() (it resends unprocessed items)"
# What may stand between the items read from a response and the statement they are
# read in, for the call to run once before that statement instead: nothing that runs
# conditionally (``a if c else b``, ``and``/``or``), repeatedly or later (lambdas,
# comprehensions).
EAGER = (
    ast.Call,
    ast.keyword,
    ast.Starred,
    ast.List,
    ast.Tuple,
    ast.Set,
    ast.Dict,
    ast.BinOp,
    ast.UnaryOp,
    ast.Compare,
    ast.Subscript,
    ast.Attribute,
    ast.JoinedStr,
    ast.FormattedValue,
    ast.Await,
)


def _add_argument_text(document: PythonText, call: ast.Call, text: str) -> str | None:
    """The file's text with an argument added to the call, laid out as its arguments."""
    items = document.items(call)
    if items is None:
        return None
    return apply_edits(document.text, document.add_items(items, [text]))


# ----- DDB602


def pagination_fix(code: CodeContext, document: PythonText, call: DynamoCall, rule: str) -> Fix | None:
    if call.paginator or call.unknown_arguments or call.positional or call.method not in ("query", "scan"):
        return None
    parents = code.reading.resolver.parents
    expression: ast.expr = call.node
    parent = parents.get(expression)
    if isinstance(parent, ast.Await):
        expression, parent = parent, parents.get(parent)
    names = FreshNames(used_names(call.function or code.reading.tree))
    quote = document.quote(document.start(call.node), document.end(call.node))
    if (
        isinstance(parent, ast.Assign)
        and parent.value is expression
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
    ):
        return _loop_around(code, document, call, parent, parent.targets[0].id, names, quote, rule)
    if (
        isinstance(parent, ast.AnnAssign)
        and parent.value is expression
        and isinstance(parent.target, ast.Name)
    ):
        return _loop_around(code, document, call, parent, parent.target.id, names, quote, rule)
    read = _items_read(expression, parent, parents)
    if read is None:
        return None
    statement = _statement_of(read, parents)
    if statement is None:
        return None
    return _loop_before(document, call, expression, read, statement, names, quote, rule)


def _loop_lines(indent: str, unit: str, items: str, start: str, page: str, quote: str) -> tuple[str, str]:
    """The lines before the call (the list of items, the start key and the loop's
    header), and the lines after the call in the loop."""
    q = quote
    before = f"{indent}{items}: list = []\n{indent}{start}: dict = {{}}\n{indent}while True:\n"
    after = (
        f"{indent}{unit}{items}.extend({page}[{q}Items{q}])\n"
        f"{indent}{unit}if {q}LastEvaluatedKey{q} not in {page}:\n"
        f"{indent}{unit}{unit}break\n"
        f"{indent}{unit}{start} = {{{q}ExclusiveStartKey{q}: {page}[{q}LastEvaluatedKey{q}]}}\n"
    )
    return before, after


def _loop_around(
    code: CodeContext,
    document: PythonText,
    call: DynamoCall,
    statement: ast.Assign | ast.AnnAssign,
    response: str,
    names: FreshNames,
    quote: str,
    rule: str,
) -> Fix | None:
    """``response = table.query(...)``: the statement goes into a loop that gathers
    every page's items, and the response then holds them all."""
    keys = result_keys(call.node, code.reading.resolver)
    if keys is None or "Items" not in keys or not keys <= {"Items", "Count"}:
        return None  # other parts of the response would be the last page's
    start, end = document.span_of(statement)
    if not (document.starts_line(start) and document.ends_line(end)):
        return None
    region_start, region_end = document.line_start(start), document.line_end(end)
    items, start_key = names.take("items", "all_items"), names.take("start_key", "exclusive_start_key")
    with_argument = _add_argument_text(document, call.node, f"**{start_key}")
    if with_argument is None:
        return None
    indent = document.indentation(start)
    unit = document.indent_unit(start)
    shifted = shift_lines(
        with_argument,
        region_start,
        region_end + len(with_argument) - len(document.text),
        add=unit,
        skip_first=False,
    )
    if shifted is None:
        return None
    before, after = _loop_lines(indent, unit, items, start_key, response, quote)
    q = quote
    tail = f"{indent}{response}[{q}Items{q}] = {items}"
    if "Count" in keys:
        tail += f"\n{indent}{response}[{q}Count{q}] = len({items})"
    block = f"{before}{shifted}\n{after}{tail}"
    return Fix(
        PAGINATION_TITLE, (document.edit(region_start, region_end, block),), rule, safe=False, preferred=True
    )


def _items_read(
    expression: ast.expr, parent: ast.AST | None, parents: dict[ast.AST, ast.AST]
) -> ast.expr | None:
    """``call(...)["Items"]`` or ``call(...).get("Items", ...)``: the expression that reads
    the items from the response."""
    if isinstance(parent, ast.Subscript) and parent.value is expression:
        key = parent.slice
        if isinstance(key, ast.Constant) and key.value == "Items" and isinstance(parent.ctx, ast.Load):
            return parent
    if isinstance(parent, ast.Attribute) and parent.value is expression and parent.attr == "get":
        grand = parents.get(parent)
        if (
            isinstance(grand, ast.Call)
            and grand.func is parent
            and grand.args
            and isinstance(grand.args[0], ast.Constant)
            and grand.args[0].value == "Items"
        ):
            return grand
    return None


def _statement_of(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> ast.stmt | None:
    """The statement the read is evaluated in once, before anything else of it that
    could depend on it; None when the read runs conditionally, repeatedly or later."""
    current = node
    while True:
        parent = parents.get(current)
        if parent is None:
            return None
        if isinstance(parent, ast.stmt):
            if isinstance(parent, (ast.Return, ast.Expr, ast.AugAssign, ast.AnnAssign)):
                return parent
            if isinstance(parent, ast.Assign) and parent.value is current:
                return parent
            if isinstance(parent, (ast.For, ast.AsyncFor)) and parent.iter is current:
                return parent
            return None
        if not isinstance(parent, EAGER):
            return None
        current = parent


def _loop_before(
    document: PythonText,
    call: DynamoCall,
    expression: ast.expr,
    read: ast.expr,
    statement: ast.stmt,
    names: FreshNames,
    quote: str,
    rule: str,
) -> Fix | None:
    """``return table.query(...)["Items"]``: a loop before the statement gathers every
    page's items, and the statement reads them instead."""
    statement_start = document.start(statement)
    if not document.starts_line(statement_start):
        return None
    items = names.take("items", "all_items")
    start_key = names.take("start_key", "exclusive_start_key")
    page = names.take("page", "response")
    with_argument = _add_argument_text(document, call.node, f"**{start_key}")
    if with_argument is None:
        return None
    indent = document.indentation(statement_start)
    unit = document.indent_unit(statement_start)
    call_start, call_end = document.span_of(expression)
    text = moved(with_argument, call_start, call_end + len(with_argument) - len(document.text), indent + unit)
    if text is None:
        return None
    before, after = _loop_lines(indent, unit, items, start_key, page, quote)
    block = f"{before}{indent}{unit}{page} = {text}\n{after}"
    edits = (
        document.insert(document.line_start(statement_start), block),
        document.edit(*document.span_of(read), items),
    )
    return Fix(PAGINATION_TITLE, edits, rule, safe=False, preferred=True)


# ----- DDB605


class _Decimal:
    """``Decimal`` as the file can write it, imported once when first needed."""

    def __init__(self, document: PythonText, tree: ast.Module) -> None:
        self.document = document
        self.tree = tree
        self.imported: Imported | None = None
        self.failed = False

    def __call__(self) -> str | None:
        if self.imported is None and not self.failed:
            self.imported = import_of(self.document, self.tree, "decimal", "Decimal")
            self.failed = self.imported is None
        return self.imported.name if self.imported is not None else None

    @property
    def edits(self) -> tuple[Edit, ...]:
        return self.imported.edits if self.imported is not None else ()


def _one_line(document: PythonText, node: ast.AST) -> str | None:
    text = document.segment(node)
    return None if "\n" in text else text


def plain_value(document: PythonText, node: ast.expr, decimal: Callable[[], str | None]) -> str | None:
    """A typed value (``{"S": "x"}``, ``{"N": "3"}``...) as the plain Python value the
    resource API takes for it; None when it is not a typed literal."""
    if not (
        isinstance(node, ast.Dict)
        and len(node.keys) == 1
        and isinstance(node.keys[0], ast.Constant)
        and isinstance(node.keys[0].value, str)
    ):
        return None
    kind, value = node.keys[0].value, node.values[0]
    if kind in ("S", "B", "BOOL"):
        return _one_line(document, value)
    if kind == "NULL":
        return "None"
    if kind == "N":
        text, name = _one_line(document, value), decimal()
        return None if text is None or name is None else f"{name}({text})"
    if kind in ("SS", "BS", "NS"):
        if not isinstance(value, (ast.List, ast.Tuple)):
            if kind == "NS":
                return None
            text = _one_line(document, value)
            return None if text is None else f"set({text})"
        elements = [_one_line(document, e) for e in value.elts]
        if not elements or any(e is None for e in elements):
            return None
        if kind == "NS":
            name = decimal()
            if name is None:
                return None
            elements = [f"{name}({e})" for e in elements]
        return "{" + ", ".join(e for e in elements if e is not None) + "}"
    if kind == "L" and isinstance(value, (ast.List, ast.Tuple)):
        converted = [plain_value(document, e, decimal) for e in value.elts]
        if any(c is None for c in converted):
            return None
        return "[" + ", ".join(c for c in converted if c is not None) + "]"
    if kind == "M":
        return plain_map(document, value, decimal)
    return None


def plain_map(document: PythonText, node: ast.expr, decimal: Callable[[], str | None]) -> str | None:
    """A dict literal of typed values (an item, a key) written with plain values."""
    if not isinstance(node, ast.Dict) or any(k is None for k in node.keys):
        return None
    entries = []
    for key, value in zip(node.keys, node.values, strict=True):
        assert key is not None
        key_text = _one_line(document, key)
        converted = plain_value(document, value, decimal)
        if key_text is None or converted is None:
            return None
        entries.append(f"{key_text}: {converted}")
    return "{" + ", ".join(entries) + "}"


def _request(node: ast.expr) -> tuple[str, str, ast.expr] | None:
    """``{"PutRequest": {"Item": ...}}`` or ``{"DeleteRequest": {"Key": ...}}``: the
    writer's method, its argument, and the value."""
    if not (isinstance(node, ast.Dict) and len(node.keys) == 1 and isinstance(node.keys[0], ast.Constant)):
        return None
    kind, body = node.keys[0].value, node.values[0]
    wanted = {"PutRequest": ("put_item", "Item"), "DeleteRequest": ("delete_item", "Key")}.get(str(kind))
    if wanted is None or not (isinstance(body, ast.Dict) and len(body.keys) == 1):
        return None
    key = body.keys[0]
    if not (isinstance(key, ast.Constant) and key.value == wanted[1]):
        return None
    return wanted[0], wanted[1], body.values[0]


def _boto3_name(code: CodeContext) -> str | None:
    for statement in code.reading.tree.body:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.name == "boto3":
                    return alias.asname or "boto3"
    return None


def _binding_value(code: CodeContext, name: ast.Name) -> ast.expr | None:
    """The value last assigned to a name before it is read (its own scope, else the
    enclosing ones)."""
    resolver = code.reading.resolver
    scope = resolver.scope_of(name)
    current: Scope | None = scope
    point = (name.lineno, name.col_offset)
    while current is not None:
        bindings = current.bindings.get(name.id)
        if bindings:
            before = [b for b in bindings if b.effective <= point] if current is scope else bindings
            chosen = (before or bindings)[-1]
            return chosen.value
        current = current.parent
    return None


def _resource_text(code: CodeContext, document: PythonText, call: DynamoCall) -> str | None:
    """Code for the DynamoDB resource the batch writer's table comes from: the resource
    the call is made on, or one made as the call's client was (same arguments), or a
    default ``boto3.resource("dynamodb")``."""
    resolver = code.reading.resolver
    func = call.node.func
    assert isinstance(func, ast.Attribute)
    receiver = func.value
    scope = call.scope or resolver.module
    if call.api is Api.RESOURCE:
        return _one_line(document, receiver)
    if call.api is Api.META_CLIENT:
        if (
            isinstance(receiver, ast.Attribute)
            and receiver.attr == "client"
            and isinstance(receiver.value, ast.Attribute)
            and receiver.value.attr == "meta"
            and isinstance(resolver.evaluate(receiver.value.value, scope), ResourceObject)
        ):
            return _one_line(document, receiver.value.value)
    elif call.api is Api.CLIENT:
        construction: ast.expr | None = receiver
        if isinstance(receiver, ast.Name):
            construction = _binding_value(code, receiver)
        if isinstance(construction, ast.Call) and isinstance(construction.func, ast.Attribute):
            kind = resolver.evaluate(construction.func, resolver.scope_of(construction))
            if isinstance(kind, (Boto3Function, BoundMethod)) and kind.name == "client":
                items = document.items(construction)
                base = _one_line(document, construction.func.value)
                if items is not None and base is not None:
                    arguments = document.text[items.open + 1 : items.close].strip()
                    if "\n" not in arguments and "#" not in arguments:
                        return f"{base}.resource({arguments})"
    boto3 = _boto3_name(code)
    if boto3 is None:
        return None
    return f"{boto3}.resource({string_literal('dynamodb', document.quote())})"


def _comprehension_names_free(code: CodeContext, comprehension: ast.ListComp, call: DynamoCall) -> bool:
    """The comprehension's variables are not used elsewhere in the function (a ``for``
    statement would leave them bound there)."""
    bound = {
        n.id
        for generator in comprehension.generators
        for n in ast.walk(generator.target)
        if isinstance(n, ast.Name)
    }
    inside = {id(n) for n in ast.walk(comprehension)}
    scope = call.function or code.reading.tree
    return not any(isinstance(n, ast.Name) and n.id in bound and id(n) not in inside for n in ast.walk(scope))


def batch_writer_fix(code: CodeContext, document: PythonText, call: DynamoCall, rule: str) -> Fix | None:
    if call.method != "batch_write_item" or call.unknown_arguments or call.positional:
        return None
    if set(call.arguments) != {"RequestItems"}:
        return None  # ReturnConsumedCapacity and the like have no place in a batch writer
    keyword = next((k for k in call.node.keywords if k.arg == "RequestItems"), None)
    statement = code.reading.resolver.parents.get(call.node)
    if keyword is None or not isinstance(statement, ast.Expr) or not isinstance(keyword.value, ast.Dict):
        return None
    requests = keyword.value
    if not requests.keys or any(k is None for k in requests.keys):
        return None
    start, end = document.span_of(statement)
    if not (document.starts_line(start) and document.ends_line(end)):
        return None
    resource = _resource_text(code, document, call)
    if resource is None:
        return None
    indent = document.indentation(start)
    unit = document.indent_unit(start)
    decimal = _Decimal(document, code.reading.tree)
    names = FreshNames(used_names(call.function or code.reading.tree))
    batch = names.take("batch", "writer")
    typed = call.api is Api.CLIENT
    lines: list[str] = []
    first_comment = document.comment_after(document.end(call.node.func))
    for table_key, table_requests in zip(requests.keys, requests.values, strict=True):
        assert table_key is not None
        table = _one_line(document, table_key)
        if table is None:
            return None
        comment = f"  {first_comment}" if first_comment and not lines else ""
        lines.append(f"{indent}with {resource}.Table({table}).batch_writer() as {batch}:{comment}")
        body = _request_lines(
            code, document, call, table_requests, indent + unit, unit, batch, typed, decimal
        )
        if body is None:
            return None
        lines.extend(body)
    if decimal.failed:
        return None
    edits = (
        *decimal.edits,
        document.edit(document.line_start(start), document.line_end(end), "\n".join(lines)),
    )
    return Fix(BATCH_WRITER_TITLE, edits, rule, safe=False, preferred=True)


def _request_lines(
    code: CodeContext,
    document: PythonText,
    call: DynamoCall,
    node: ast.expr,
    indent: str,
    unit: str,
    batch: str,
    typed: bool,
    decimal: Callable[[], str | None],
) -> list[str] | None:
    """The batch writer's calls for one table's requests: a list of requests, or a list
    comprehension that builds them."""

    def written(request: ast.expr, at: str) -> str | None:
        found = _request(request)
        if found is None:
            return None
        method, argument, value = found
        if typed:
            text = plain_map(document, value, decimal)
        else:
            text = moved(document.text, document.start(value), document.end(value), at)
        if text is None:
            return None
        return f"{at}{batch}.{method}({argument}={text})"

    if isinstance(node, (ast.List, ast.Tuple)):
        items = document.items(node)
        if items is None or not node.elts:
            return None
        lines = []
        for element, item in zip(node.elts, items.items, strict=True):
            line = written(element, indent)
            if line is None:
                return None
            after = item.comma + 1 if item.comma is not None else item.end
            comment = document.comment_after(after) if document.ends_line(after) else ""
            lines.append(f"{line}  {comment}" if comment else line)
        return lines
    if isinstance(node, ast.ListComp):
        if not _comprehension_names_free(code, node, call):
            return None
        lines = []
        at = indent
        for generator in node.generators:
            target, source = _one_line(document, generator.target), _one_line(document, generator.iter)
            if generator.is_async or target is None or source is None:
                return None
            lines.append(f"{at}for {target} in {source}:")
            at += unit
            for condition in generator.ifs:
                text = _one_line(document, condition)
                if text is None:
                    return None
                lines.append(f"{at}if {text}:")
                at += unit
        line = written(node.elt, at)
        if line is None:
            return None
        lines.append(line)
        return lines
    return None
