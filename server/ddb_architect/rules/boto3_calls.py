"""6xx rules: boto3 code — what DynamoDB would reject and what hurts in production, read
from the calls in a Python file with botocore's service model as the truth."""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterator

from botocore.model import Shape

from ddb_architect.code.calls import Api, DynamoCall
from ddb_architect.code.objects import ConditionObject
from ddb_architect.code.resolve import CONDITION_METHODS
from ddb_architect.code.usage import mentions, result_keys
from ddb_architect.code.walk import walk
from ddb_architect.cost import units as u
from ddb_architect.findings import Severity
from ddb_architect.rules.code_context import CodeContext, literal, literal_string
from ddb_architect.rules.registry import Hit, code_rule

LEGACY = {
    "ScanFilter": "FilterExpression",
    "QueryFilter": "FilterExpression",
    "KeyConditions": "KeyConditionExpression",
    "AttributesToGet": "ProjectionExpression",
    "Expected": "ConditionExpression",
    "AttributeUpdates": "UpdateExpression",
}
LOCAL_ENDPOINT = re.compile(
    r"^https?://(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal|dynamodb-local|dynamodb|localstack)(:\d+)?(/|$)",
    re.IGNORECASE,
)
AWS_KEY_ID = re.compile(r"\b(AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{12,}")
CREDENTIALS = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token")
TYPE_DESCRIPTORS = frozenset({"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"})
RANDOM_FUNCTIONS = frozenset(
    {
        "random",
        "randint",
        "randrange",
        "choice",
        "uniform",
        "getrandbits",
        "token_hex",
        "token_urlsafe",
        "urandom",
    }
)
HANDLER_NAMES = ("handler", "lambda_handler")


@code_rule("DDB601", "scan-call", Severity.WARNING, "A Scan on a client, table or paginator")
def scan_call(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        if call.operation != "Scan":
            continue
        table = f" of {call.table.label}" if call.table is not None and call.table.name else ""
        yield Hit(
            call.span,
            f"{'a paginated ' if call.paginator else ''}Scan{table} reads, and pays for, every item of the "
            "table or index, whatever a filter keeps; serve the access with a Query on a key or an index "
            "(for exports, use export to S3)",
            data={"operation": call.operation},
        )


@code_rule(
    "DDB602",
    "missing-pagination",
    Severity.WARNING,
    "Query or Scan result used without following LastEvaluatedKey or a paginator",
)
def missing_pagination(ctx: CodeContext) -> Iterator[Hit]:
    resolver = ctx.reading.resolver
    for call in ctx.calls:
        if call.operation not in ("Query", "Scan") or call.paginator or call.method not in ("query", "scan"):
            continue
        if call.argument("Limit") is not None or call.unknown_arguments:
            continue  # one page on purpose, or a Limit may come from **kwargs
        keys = result_keys(call.node, resolver)
        if keys is None or "Items" not in keys:
            continue  # the response escapes, or only Count (or nothing) is read
        scope = call.function or ctx.reading.tree
        if mentions(scope, ("LastEvaluatedKey", "ExclusiveStartKey")):
            continue
        yield Hit(
            call.method_span,
            f"only the first page of this {call.operation} is read: a call returns at most 1 MB (read "
            "before any filter), and the rest waits behind LastEvaluatedKey. Loop with "
            f'ExclusiveStartKey=response["LastEvaluatedKey"], or use get_paginator("{call.method}")',
            data={"operation": call.operation},
        )


@code_rule(
    "DDB603",
    "consistent-read-on-gsi",
    Severity.ERROR,
    "ConsistentRead=True with an IndexName that is a global index",
)
def consistent_read_on_gsi(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        consistent = call.argument("ConsistentRead")
        index_argument = call.argument("IndexName")
        if consistent is None or index_argument is None or literal(consistent.value) is not True:
            continue
        index = ctx.index_name(call)
        if index is None:
            continue
        table = ctx.table_of(call)
        assumed = ""
        if table is not None:
            declared = table.table.indexes.get(index)
            if declared is None or declared.local:
                continue  # DDB702 for an unknown index; local indexes read consistently
        else:
            assumed = f" (no spec declares {index}: assumed to be a global index, as most are)"
        yield Hit(
            consistent.name_span,
            f"ConsistentRead=True on index {index}{assumed}: global secondary indexes support only "
            "eventually consistent reads, and DynamoDB rejects the call with a ValidationException. "
            "Drop ConsistentRead, or read the item from the table",
            data={"index": index},
        )


def _literal_length(node: ast.expr) -> int | None:
    return len(node.elts) if isinstance(node, (ast.List, ast.Tuple)) else None


def _request_items(call: DynamoCall) -> ast.Dict | None:
    argument = call.argument("RequestItems")
    return argument.value if argument is not None and isinstance(argument.value, ast.Dict) else None


@code_rule(
    "DDB604",
    "batch-limit",
    Severity.ERROR,
    "Literal batch over 25 writes or 100 keys, transaction over 100 items",
)
def batch_limit(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        count: int | None = None
        limit = 0
        what = ""
        if call.operation == "BatchWriteItem":
            items = _request_items(call)
            if items is not None:
                lengths = [_literal_length(v) for v in items.values]
                count = sum(n for n in lengths if n is not None) if lengths and None not in lengths else None
            limit, what = u.BATCH_WRITE_LIMIT, "BatchWriteItem takes at most 25 put or delete requests"
        elif call.operation == "BatchGetItem":
            items = _request_items(call)
            if items is not None:
                total = 0
                for value in items.values:
                    keys = _dict_get(value, "Keys")
                    length = _literal_length(keys) if keys is not None else None
                    if length is None:
                        total = -1
                        break
                    total += length
                count = total if total >= 0 else None
            limit, what = u.BATCH_GET_LIMIT, "BatchGetItem takes at most 100 keys"
        elif call.operation in ("TransactWriteItems", "TransactGetItems"):
            argument = call.argument("TransactItems")
            count = _literal_length(argument.value) if argument is not None else None
            limit, what = u.TRANSACTION_ITEM_LIMIT, "a transaction takes at most 100 items"
        if count is not None and count > limit:
            yield Hit(
                call.span,
                f"{count} items in one {call.operation}, but {what}; DynamoDB rejects the call with a "
                f"ValidationException. Send chunks of {limit}"
                + (
                    " (Table.batch_writer() chunks and retries for you)"
                    if call.operation == "BatchWriteItem"
                    else ""
                ),
                data={"count": count, "limit": limit},
            )


def _dict_get(node: ast.expr, key: str) -> ast.expr | None:
    if not isinstance(node, ast.Dict):
        return None
    for k, v in zip(node.keys, node.values, strict=True):
        if isinstance(k, ast.Constant) and k.value == key:
            return v
    return None


@code_rule(
    "DDB605",
    "unprocessed-items-ignored",
    Severity.WARNING,
    "batch_write_item / batch_get_item result whose UnprocessedItems / UnprocessedKeys is never read",
)
def unprocessed_items_ignored(ctx: CodeContext) -> Iterator[Hit]:
    resolver = ctx.reading.resolver
    for call in ctx.calls:
        if call.operation not in ("BatchWriteItem", "BatchGetItem"):
            continue
        wanted = "UnprocessedItems" if call.operation == "BatchWriteItem" else "UnprocessedKeys"
        keys = result_keys(call.node, resolver)
        if keys is None or wanted in keys:
            continue
        if mentions(call.function or ctx.reading.tree, (wanted,)):
            continue
        fix = (
            "retry them with backoff, or let Table.batch_writer() do it"
            if call.operation == "BatchWriteItem"
            else "retry them with backoff"
        )
        yield Hit(
            call.method_span,
            f"the result's {wanted} is never read: under load DynamoDB processes only part of a batch "
            f"and returns the rest there, so those items are silently lost; {fix}",
            data={"operation": call.operation, "unprocessed": wanted},
        )


@code_rule(
    "DDB606",
    "invalid-parameter",
    Severity.ERROR,
    "Unknown parameter, missing required parameter, or invalid enum value (botocore's service model)",
)
def invalid_parameter(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        spec = call.spec
        if spec is None:
            continue
        accepted = set(spec.parameters) | set(spec.filled)
        if call.positional:
            yield Hit(
                call.method_span,
                f"{call.method}() takes keyword arguments only (boto3 raises TypeError on positional ones)",
                data={"operation": call.operation},
            )
        for name, argument in call.arguments.items():
            if name in accepted:
                parameter = spec.parameters.get(name)
                value = literal_string(argument.value)
                if (
                    parameter is not None
                    and parameter.enum
                    and value is not None
                    and value not in parameter.enum
                ):
                    guess = difflib.get_close_matches(value, parameter.enum, n=1)
                    hint = f"; did you mean '{guess[0]}'?" if guess else ""
                    yield Hit(
                        argument.value_span,
                        f"{name}={value!r} is not one of {', '.join(parameter.enum)}{hint}",
                        data={"parameter": name, "suggestion": guess[0] if guess else None},
                    )
                continue
            guess = difflib.get_close_matches(name, sorted(accepted), n=1, cutoff=0.6)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            yield Hit(
                argument.name_span,
                f"{call.operation} has no parameter {name}{hint} (botocore raises ParamValidationError "
                "before sending)",
                data={"parameter": name, "suggestion": guess[0] if guess else None},
            )
        if call.unknown_arguments:
            continue
        missing = [name for name in spec.required if name not in call.arguments]
        if missing:
            yield Hit(
                call.method_span,
                f"{call.operation} needs {', '.join(missing)}: botocore raises ParamValidationError "
                "before sending",
                data={"missing": missing},
            )


def _expression_hits(ctx: CodeContext, code: str) -> Iterator[Hit]:
    for call in ctx.calls:
        expressions = ctx.expressions(call)
        if code == "DDB608":
            yield from _placeholder_hits(ctx, call)
            continue
        for expression in expressions.strings:
            parsed = expression.parsed
            if code == "DDB609":
                for error in parsed.errors[:1]:
                    yield Hit(
                        expression.span(ctx.source, error.start, error.end),
                        f"{expression.argument.name}: {error.message}; DynamoDB rejects the call with a "
                        "ValidationException",
                        data={"argument": expression.argument.name},
                    )
            elif code == "DDB607" and not parsed.errors:
                for word in parsed.reserved:
                    yield Hit(
                        expression.span(ctx.source, word.start, word.end),
                        f"{word.text!r} is a DynamoDB reserved word: the expression is rejected unless it is "
                        f"written as a placeholder, e.g. #{word.text.lower()} with "
                        f'ExpressionAttributeNames={{"#{word.text.lower()}": "{word.text}"}} (or use Key()/Attr())',
                        data={"word": word.text, "argument": expression.argument.name},
                    )


@code_rule(
    "DDB607",
    "reserved-word",
    Severity.ERROR,
    "An attribute name in an expression string that is a DynamoDB reserved word",
)
def reserved_word(ctx: CodeContext) -> Iterator[Hit]:
    yield from _expression_hits(ctx, "DDB607")


def _placeholder_hits(ctx: CodeContext, call: DynamoCall) -> Iterator[Hit]:
    expressions = ctx.expressions(call)
    if any(e.parsed.errors for e in expressions.strings):
        return  # DDB609's to say
    for _kind, found, unknown, symbol, argument in (
        ("name", expressions.names, expressions.names_unknown, "#", "ExpressionAttributeNames"),
        ("value", expressions.values, expressions.values_unknown, ":", "ExpressionAttributeValues"),
    ):
        if unknown or (found is None and call.unknown_arguments):
            continue  # the dictionary is not literal, or may come from **kwargs
        defined = set(found.keys) if found is not None else set()
        used: set[str] = set()
        for expression in expressions.strings:
            occurrences = (
                expression.parsed.name_placeholders if symbol == "#" else expression.parsed.value_placeholders
            )
            for segment in occurrences:
                used.add(segment.text)
                if segment.text not in defined:
                    yield Hit(
                        expression.span(ctx.source, segment.start, segment.end),
                        f"{segment.text} is used in {expression.argument.name} but not defined in {argument}"
                        + _close(segment.text, defined),
                        data={"placeholder": segment.text, "defined": sorted(defined)},
                    )
        if found is None or expressions.opaque or call.unknown_arguments:
            continue  # an expression we cannot read may use the rest
        for placeholder, key in found.keys.items():
            if placeholder not in used:
                yield Hit(
                    ctx.source.span(key),
                    f"{placeholder} is defined in {argument} but no expression uses it: DynamoDB rejects "
                    "unused placeholders" + _close(placeholder, used),
                    data={"placeholder": placeholder, "used": sorted(used)},
                )


def _close(word: str, candidates: set[str]) -> str:
    guess = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.5)
    return f" (did you mean {guess[0]}?)" if guess else ""


@code_rule(
    "DDB608",
    "placeholder-mismatch",
    Severity.ERROR,
    "#name or :value used but not defined, or defined but unused",
)
def placeholder_mismatch(ctx: CodeContext) -> Iterator[Hit]:
    yield from _expression_hits(ctx, "DDB608")


@code_rule(
    "DDB609",
    "expression-syntax",
    Severity.ERROR,
    "Syntax error in a key condition, filter, condition, update or projection expression",
)
def expression_syntax(ctx: CodeContext) -> Iterator[Hit]:
    yield from _expression_hits(ctx, "DDB609")


def _floats(node: ast.expr) -> Iterator[ast.expr]:
    """Float literals in a value, looking into containers, arithmetic and Key()/Attr()
    conditions but not into other calls (``Decimal(1.5)``, ``decimal.Decimal(0.1)``)."""
    stack: list[ast.AST] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Constant) and isinstance(current.value, float):
            yield current
        elif isinstance(current, ast.UnaryOp) and isinstance(current.operand, ast.Constant):
            if isinstance(current.operand.value, float):
                yield current
        elif isinstance(current, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
            stack.extend(ast.iter_child_nodes(current))
        elif isinstance(current, ast.Call):
            func = current.func
            if isinstance(func, ast.Attribute) and func.attr in CONDITION_METHODS:
                stack.extend(current.args)  # Attr("price").gt(1.5)
                stack.append(func.value)
        elif isinstance(current, ast.BinOp):
            stack.extend([current.left, current.right])


def _serialized_values(call: DynamoCall, ctx: CodeContext) -> Iterator[ast.expr]:
    """The values boto3 serializes for the caller: what is written where the service
    model wants an AttributeValue (items, keys, ``ExpressionAttributeValues``, in
    transactions and batches too), and the Key()/Attr() conditions passed."""
    spec = call.spec
    if spec is None:
        return
    resolver = ctx.reading.resolver
    for name, argument in call.arguments.items():
        shape = spec.input_shape(name)
        if shape is None:
            continue
        if shape.type_name == "string":
            if not isinstance(argument.value, ast.Constant) and isinstance(
                resolver.evaluate(argument.value, call.scope or resolver.module), ConditionObject
            ):
                yield argument.value
            continue
        yield from _attribute_values(argument.value, shape, 0)


@code_rule(
    "DDB610",
    "float-value",
    Severity.ERROR,
    "A Python float passed to the resource API (boto3 raises TypeError)",
)
def float_value(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        if not call.api.plain_values:
            continue
        for value in _serialized_values(call, ctx):
            for node in _floats(value):
                yield Hit(
                    ctx.source.span(node),
                    'a float passed to the resource API: boto3 raises TypeError ("Float types are not '
                    f'supported"). Use Decimal(str({ast.unparse(node)})) from decimal',
                    data={"value": ast.unparse(node)},
                )


@code_rule(
    "DDB611",
    "legacy-parameter",
    Severity.WARNING,
    "ScanFilter, QueryFilter, KeyConditions, AttributesToGet, Expected, AttributeUpdates",
)
def legacy_parameter(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        for name, argument in call.arguments.items():
            replacement = LEGACY.get(name)
            if replacement is None:
                continue
            yield Hit(
                argument.name_span,
                f"{name} is a legacy parameter: it cannot be combined with expressions, misses their "
                f"functions, and AWS keeps it for old code only; use {replacement}",
                data={"parameter": name, "replacement": replacement},
            )


@code_rule(
    "DDB612",
    "condition-object-in-paginator",
    Severity.ERROR,
    "Key() / Attr() objects passed to a plain boto3 client or its paginators",
)
def condition_object_in_client(ctx: CodeContext) -> Iterator[Hit]:
    resolver = ctx.reading.resolver
    for call in ctx.calls:
        if call.api is not Api.CLIENT:
            continue
        for argument in call.arguments.values():
            kind = resolver.evaluate(argument.value, call.scope or resolver.module)
            if isinstance(kind, ConditionObject):
                yield Hit(
                    argument.value_span,
                    f"a Key()/Attr() condition passed to a plain client{' paginator' if call.paginator else ''}: "
                    "botocore raises ParamValidationError (the client wants a string expression). Write "
                    "the expression as a string with placeholders, or call the Table (or "
                    "resource.meta.client), which builds it for you",
                    data={"argument": argument.name},
                )


def _is_handler(function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> bool:
    if function is None:
        return False
    params = [a.arg for a in function.args.args]
    named = function.name in HANDLER_NAMES or function.name.endswith("_handler")
    return named or params[:2] == ["event", "context"]


@code_rule(
    "DDB613",
    "client-in-handler",
    Severity.INFO,
    "boto3 client or resource created inside a Lambda handler",
)
def client_in_handler(ctx: CodeContext) -> Iterator[Hit]:
    for construction in ctx.reading.constructions:
        if construction.kind == "Session" or not _is_handler(construction.function):
            continue
        assert construction.function is not None
        yield Hit(
            construction.span,
            f"a boto3 {construction.kind} is created on every invocation of {construction.function.name}: "
            "that costs tens of milliseconds each time. Create it once at module level, where Lambda "
            "keeps it between invocations",
            data={"kind": construction.kind},
        )


@code_rule(
    "DDB614",
    "call-in-loop",
    Severity.WARNING,
    "get_item / put_item / delete_item inside a loop",
)
def call_in_loop(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        if not call.in_loop or call.api is Api.BATCH_WRITER:
            continue
        if call.operation not in ("GetItem", "PutItem", "DeleteItem"):
            continue
        batch = (
            "batch_get_item (100 keys a call)"
            if call.operation == "GetItem"
            else "Table.batch_writer() (25 requests a call, retried for you)"
        )
        yield Hit(
            call.method_span,
            f"{call.method} in a loop makes one round trip per item; use {batch}",
            data={"operation": call.operation},
        )


@code_rule(
    "DDB615",
    "hardcoded-credentials",
    Severity.ERROR,
    "Literal access keys passed to boto3",
)
def hardcoded_credentials(ctx: CodeContext) -> Iterator[Hit]:
    for construction in ctx.reading.constructions:
        keywords = {k.arg: k for k in construction.node.keywords if k.arg is not None}
        credentials = [
            keywords[name]
            for name in CREDENTIALS
            if name in keywords and literal_string(keywords[name].value)
        ]
        if _local_placeholders(keywords, credentials):
            continue
        for keyword in credentials:
            yield Hit(
                ctx.source.span(keyword),
                f"{keyword.arg} is written in the code: anyone who reads it (or its history) holds the "
                "key. Use the default credential chain (a role, environment variables, SSO) and "
                "rotate this key",
                data={"argument": keyword.arg},
            )


def _local_placeholders(keywords: dict[str, ast.keyword], credentials: list[ast.keyword]) -> bool:
    """True for the stand-in keys DynamoDB Local (or a local emulator) needs: the client
    talks to a literal localhost ``endpoint_url`` and no key has the form of an AWS
    access key id (``AKIA...``, the documentation's example keys included)."""
    endpoint = keywords.get("endpoint_url")
    url = literal_string(endpoint.value) if endpoint is not None else None
    if url is None or LOCAL_ENDPOINT.match(url) is None:
        return False
    return not any(AWS_KEY_ID.search(literal_string(k.value) or "") for k in credentials)


def _table_identity(node: ast.expr | None, call: DynamoCall, ctx: CodeContext) -> str:
    """Which table a ``TableName`` (or a ``RequestItems`` key) names, for comparing
    requests: the name or environment variable it resolves to, else the expression."""
    if node is None:
        return ""
    resolver = ctx.reading.resolver
    ref = resolver.table_ref(node, call.scope or resolver.module)
    if ref.name is not None:
        return f"name:{ref.name}"
    if ref.env is not None:
        return f"env:{ref.env}"
    return f"expr:{ast.dump(node)}"


def _key_entries(call: DynamoCall, ctx: CodeContext) -> list[tuple[str, ast.expr]]:
    """(table, key or item node) of every request of a batch or transaction."""
    entries: list[tuple[str, ast.expr]] = []
    if call.operation in ("BatchGetItem", "BatchWriteItem"):
        items = _request_items(call)
        if items is None:
            return []
        for table, requests in zip(items.keys, items.values, strict=True):
            if table is None:
                continue
            name = _table_identity(table, call, ctx)
            if call.operation == "BatchGetItem":
                keys = _dict_get(requests, "Keys")
                if isinstance(keys, (ast.List, ast.Tuple)):
                    entries.extend((name, key) for key in keys.elts)
            elif isinstance(requests, (ast.List, ast.Tuple)):
                for request in requests.elts:
                    put = _dict_get(request, "PutRequest")
                    delete = _dict_get(request, "DeleteRequest")
                    node = (
                        _dict_get(put, "Item")
                        if put is not None
                        else _dict_get(delete, "Key")
                        if delete is not None
                        else None
                    )
                    if node is not None:
                        entries.append((name, node))
    elif call.operation in ("TransactWriteItems", "TransactGetItems"):
        argument = call.argument("TransactItems")
        if argument is None or not isinstance(argument.value, (ast.List, ast.Tuple)):
            return []
        for item in argument.value.elts:
            if not isinstance(item, ast.Dict):
                continue
            for action in item.values:
                table_name = _table_identity(_dict_get(action, "TableName"), call, ctx)
                key_node = _dict_get(action, "Key") or _dict_get(action, "Item")
                if key_node is not None:
                    entries.append((table_name, key_node))
    return entries


def _varies(node: ast.expr) -> bool:
    """True when a key expression may give a new value each time it is evaluated: it
    calls something without arguments (``uuid4()``, ``time.time()``) or a random
    function, so two identical expressions need not be the same key."""
    for child in walk(node):
        if not isinstance(child, ast.Call):
            continue
        if not child.args and not child.keywords:
            return True
        func = child.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in RANDOM_FUNCTIONS:
            return True
    return False


@code_rule(
    "DDB616",
    "duplicate-key-in-batch",
    Severity.ERROR,
    "The same key twice in one batch or transaction",
)
def duplicate_key_in_batch(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        seen: dict[tuple[str, str], ast.expr] = {}
        for table, node in _key_entries(call, ctx):
            if _varies(node):
                continue
            signature = (table, ast.dump(node))
            if signature in seen:
                first = seen[signature]
                error = (
                    '"Transaction request cannot include multiple operations on one item"'
                    if call.operation.startswith("Transact")
                    else '"Provided list of item keys contains duplicates"'
                )
                yield Hit(
                    ctx.source.span(node),
                    f"the same key twice in one {call.operation} (first on line {first.lineno}): DynamoDB "
                    f"rejects the whole call with a ValidationException ({error})",
                    data={"operation": call.operation},
                )
            else:
                seen[signature] = node


def _attribute_value_shape(shape: Shape) -> bool:
    return shape.name == "AttributeValue"


def _attribute_values(node: ast.expr, shape: Shape, depth: int) -> Iterator[ast.expr]:
    """The nodes written where ``shape`` (the parameter's, as botocore models it) wants an
    AttributeValue, through literal dicts and lists."""
    if depth > 12:
        return
    if _attribute_value_shape(shape):
        yield node
        return
    type_name = shape.type_name
    if type_name == "map" and isinstance(node, ast.Dict):
        value_shape = shape.value  # type: ignore[attr-defined]
        for value in node.values:
            yield from _attribute_values(value, value_shape, depth + 1)
    elif type_name == "list" and isinstance(node, (ast.List, ast.Tuple)):
        member = shape.member  # type: ignore[attr-defined]
        for element in node.elts:
            yield from _attribute_values(element, member, depth + 1)
    elif type_name == "structure" and isinstance(node, ast.Dict):
        members = shape.members  # type: ignore[attr-defined]
        for key, value in zip(node.keys, node.values, strict=True):
            name = literal_string(key) if key is not None else None
            if name is not None and name in members:
                yield from _attribute_values(value, members[name], depth + 1)


def _marshalling(call: DynamoCall, ctx: CodeContext) -> Iterator[Hit]:
    spec = call.spec
    if spec is None:
        return
    for name, argument in call.arguments.items():
        shape = spec.input_shape(name)
        if shape is None:
            continue
        for node in _attribute_values(argument.value, shape, 0):
            typed = _typed_value(node)
            if call.api.plain_values and typed is not None:
                yield Hit(
                    ctx.source.span(node),
                    f'a typed value ({{"{typed}": ...}}) passed to the resource API: boto3 serializes it as a '
                    'map, so DynamoDB stores {"M": ...} instead of the value. Pass the plain value',
                    data={"descriptor": typed},
                )
            elif not call.api.plain_values and typed is None and _plain_literal(node):
                yield Hit(
                    ctx.source.span(node),
                    "a plain value passed to a boto3 client: the client needs typed values such as "
                    '{"S": "..."} or {"N": "42"} (botocore raises ParamValidationError); or use the Table '
                    "(resource API), which types them for you",
                    data={"api": call.api.value},
                )


def _typed_value(node: ast.expr) -> str | None:
    """The type descriptor of a ``{"S": ...}``-style literal, else None."""
    if isinstance(node, ast.Dict) and len(node.keys) == 1:
        key = node.keys[0]
        name = literal_string(key) if key is not None else None
        if name in TYPE_DESCRIPTORS:
            return name
    return None


def _plain_literal(node: ast.expr) -> bool:
    """A value written as a plain Python literal (what a client cannot take)."""
    if isinstance(node, ast.Constant):
        return True
    return isinstance(node, (ast.JoinedStr, ast.List, ast.Set)) or (
        isinstance(node, ast.Dict) and _typed_value(node) is None
    )


@code_rule(
    "DDB617",
    "marshalling-mismatch",
    Severity.ERROR,
    "Typed values passed to the resource API, or plain values to a plain client",
)
def marshalling_mismatch(ctx: CodeContext) -> Iterator[Hit]:
    for call in ctx.calls:
        yield from _marshalling(call, ctx)
