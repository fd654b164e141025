"""Completion in Python code that calls DynamoDB: the keyword arguments of the method from
botocore's model (with their documentation), ``TableName=`` and ``IndexName=`` values from
the spec, enum values, attribute names inside ``Key={...}`` and inside expressions, and the
placeholders the call declares.

The code around the cursor is usually half-typed: the cursor's context is read lexically
(``completion.context``) and the document is parsed with the unfinished statement blanked
out, so that names defined elsewhere (``orders = dynamodb.Table("Orders")``) still resolve.
"""

from __future__ import annotations

import ast
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from ddb_architect.code.calls import DynamoCall, call_record
from ddb_architect.code.expressions import is_reserved
from ddb_architect.code.objects import ResourceObject, TableRef
from ddb_architect.code.reparse import Parsed, ReparseStats, reparse
from ddb_architect.code.resolve import Resolver, Scope
from ddb_architect.code.service_model import Operation
from ddb_architect.code.source import SourceText
from ddb_architect.code.specs import SpecSet, SpecTable
from ddb_architect.completion.context import CursorContext, cursor_context
from ddb_architect.limits import oversized

EXPRESSION_KEYWORDS = frozenset(
    {
        "KeyConditionExpression",
        "FilterExpression",
        "ConditionExpression",
        "UpdateExpression",
        "ProjectionExpression",
    }
)
LEGACY = frozenset(
    {"ScanFilter", "QueryFilter", "KeyConditions", "AttributesToGet", "Expected", "AttributeUpdates"}
)
WORD_TAIL = re.compile(r"[#:]?[A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Completion:
    label: str
    kind: str
    """``parameter``, ``table``, ``index``, ``attribute``, ``placeholder`` or ``value``; in
    specs also ``field``, ``entity``, ``variable``, ``template`` and ``snippet``."""
    replace_from: int
    """Offset where the text the completion replaces starts (it ends at the cursor)."""
    detail: str = ""
    documentation: str = ""
    insert_text: str | None = None
    sort: str = ""
    snippet: bool = False
    """``insert_text`` is an LSP snippet (``${1:userId}`` tab stops, ``\\$`` escapes)."""

    @property
    def text(self) -> str:
        return self.insert_text if self.insert_text is not None else self.label


def complete_python(text: str, offset: int, specs: SpecSet) -> list[Completion]:
    """The completions at ``offset`` (code points from the start of ``text``)."""
    if oversized(text) is not None:  # skipped, as its diagnostics say
        return []
    context = cursor_context(text, offset)
    if context.callee is None:
        return []
    resolved = _resolve(text, context)
    if resolved is None:
        return []
    _resolver, _scope, call = resolved
    innermost = context.brackets[-1] if context.brackets else None
    if call is None:  # resource.Table(...): the table names
        return _tables(specs, offset - len(context.typed)) if context.in_string else []
    full_call = _call_text(text, context)
    table = _table_of(call, full_call, specs)
    if context.in_string and innermost is context.call_open:
        return _string_value(context, call, table, full_call, specs)
    if context.in_string and innermost is not None and innermost.char == "{" and context.in_dict_key:
        if context.keyword == "Key" and table is not None:
            start = offset - len(context.typed)
            key = table.table.key.partition_attrs + table.table.key.sort_attrs
            return [
                Completion(a, "attribute", start, f"key attribute of {table.table.name}", sort=f"0{i}")
                for i, a in enumerate(key)
            ]
        return []
    if not context.in_string and innermost is context.call_open and context.keyword is None:
        return _keyword_arguments(context, call, full_call)
    return []


def _resolve(text: str, context: CursorContext) -> tuple[Resolver, Scope, DynamoCall | None] | None:
    with READINGS.lock:
        reading = _repaired(text, context)
        if reading is None or context.callee is None:
            return None
        resolver = reading.resolver
        resolver.forget()  # answers as a new reading of the text would
        line = text.count("\n", 0, context.offset) + 1
        scope = _scope_at(resolver, line)
        try:
            fake = ast.parse(context.callee + "()", mode="eval").body
        except SyntaxError:
            return None
        ast.increment_lineno(fake, line - 1)
        if not isinstance(fake, ast.Call) or not isinstance(fake.func, ast.Attribute):
            return None
        base = resolver.evaluate(fake.func.value, scope)
        if fake.func.attr == "Table" and isinstance(base, ResourceObject):
            return resolver, scope, None
        call = call_record(fake, fake.func, base, scope, resolver, reading.source)
        return (resolver, scope, call) if call is not None else None


@dataclass
class Reading:
    """A text completion parsed, and its resolver (built on first use)."""

    parsed: Parsed
    source: SourceText
    earlier: Reading | None = None
    """The reading this one's tree was reparsed from: its resolver's walks are reused."""
    _resolver: Resolver | None = None

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            previous = self.earlier._resolver if self.earlier is not None else None
            self._resolver = Resolver(self.parsed.tree, self.source, previous)
            self.earlier = None
        return self._resolver


class Readings:
    """The texts completion read last: asked again for the same text (requests at other
    places of an unchanged document), the reading is reused; for a text edited inside
    one statement, only that statement is parsed again (``code.reparse``)."""

    KEPT = 2
    """Readings kept (each holds a module's tree and scopes): the document's last good
    text, and the one before it."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._good: OrderedDict[str, Reading] = OrderedDict()
        self._bad: OrderedDict[str, None] = OrderedDict()
        self.stats = ReparseStats()

    def read(self, text: str) -> Reading | None:
        """The reading of ``text``; None when it does not parse."""
        with self.lock:
            found = self._good.get(text)
            if found is not None:
                self._good.move_to_end(text)
                return found
            if text in self._bad:
                return None
            tree: ast.Module | None = None
            source: Reading | None = None
            for earlier in reversed(self._good.values()):
                tree = reparse(earlier.parsed, text)
                if tree is not None:
                    self.stats.statements += 1
                    source = earlier
                    break
            if tree is None:
                self.stats.whole += 1
                try:
                    tree = ast.parse(text)
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    self._bad[text] = None
                    while len(self._bad) > self.KEPT:
                        self._bad.popitem(last=False)
                    return None
            if source is not None and source._resolver is None:
                source = None  # nothing to reuse: and no chain of readings kept alive
            reading = Reading(Parsed(text, tree), SourceText(text), source)
            self._good[text] = reading
            while len(self._good) > self.KEPT:
                self._good.popitem(last=False)
            return reading

    def clear(self) -> None:
        with self.lock:
            self._good.clear()
            self._bad.clear()


READINGS = Readings()


def _repaired(text: str, context: CursorContext) -> Reading | None:
    """The document parsed; when it does not parse, with the unfinished statement blanked
    out (``pass`` at its indentation), then with everything after it dropped."""
    reading = READINGS.read(text)
    if reading is not None:
        return reading
    lines = text.split("\n")
    start_offset = context.brackets[0].offset if context.brackets else context.offset
    start = text.count("\n", 0, start_offset)
    end = text.count("\n", 0, context.offset)
    indent = re.match(r"\s*", lines[start]).group(0) if start < len(lines) else ""  # type: ignore[union-attr]
    candidates = [
        [*lines[:start], indent + "pass", *[""] * (end - start), *lines[end + 1 :]],
        [*lines[:start], indent + "pass"],
    ]
    for candidate in candidates:
        reading = READINGS.read("\n".join(candidate))
        if reading is not None:
            return reading
    return None


def _scope_at(resolver: Resolver, line: int) -> Scope:
    """The scope of the innermost function whose lines hold ``line``."""
    functions = [
        node
        for node in (*resolver.by_type[ast.FunctionDef], *resolver.by_type[ast.AsyncFunctionDef])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.lineno <= line <= (node.end_lineno or node.lineno)
    ]
    if not functions:
        return resolver.module
    innermost = max(functions, key=lambda node: node.lineno)
    return resolver.scopes.get(innermost, resolver.module)


def _call_text(text: str, context: CursorContext) -> str:
    """The call's text from its ``(`` to its ``)`` (or a bounded stretch after the cursor
    when it is not closed yet), so arguments written after the cursor count too."""
    assert context.call_open is not None
    start = context.call_open.offset + 1
    depth = 1
    quote: str | None = None
    i = start
    limit = min(len(text), start + 20_000)
    while i < limit:
        ch = text[i]
        if quote is not None:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    return text[start:i]


def _table_of(call: DynamoCall, call_text: str, specs: SpecSet) -> SpecTable | None:
    found = specs.find(call.table)
    if found is not None:
        return found
    named = re.search(r"TableName\s*=\s*[\"']([^\"']+)[\"']", call_text)
    return specs.find(TableRef(name=named.group(1))) if named else None


def _keyword_arguments(context: CursorContext, call: DynamoCall, call_text: str) -> list[Completion]:
    spec = call.spec
    if spec is None:
        return []
    present = set(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)", _top_level_text(call_text)))
    start = context.offset - len(context.typed)
    items = []
    names = list(spec.parameters) + (["PaginationConfig"] if call.paginator else [])
    for name in names:
        if name in present and name != context.typed:
            continue
        parameter = spec.parameters.get(name)
        required = parameter is not None and parameter.required
        legacy = name in LEGACY
        kind = parameter.type_name if parameter is not None else "structure"
        detail = (
            f"{call.operation}: {kind}" + (", required" if required else "") + (", legacy" if legacy else "")
        )
        if parameter is not None and parameter.enum:
            detail += f" ({' | '.join(parameter.enum)})"
        items.append(
            Completion(
                name,
                "parameter",
                start,
                detail,
                _documentation(
                    parameter.documentation
                    if parameter
                    else "Paginator settings: MaxItems, PageSize, StartingToken."
                ),
                f"{name}=",
                f"{0 if required else 2 if legacy else 1}{name}",
            )
        )
    return items


def _top_level_text(call_text: str) -> str:
    """The call's own argument text, without what nested brackets and strings hold."""
    out = []
    depth = 0
    quote: str | None = None
    for ch in call_text:
        if quote is not None:
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _documentation(text: str) -> str:
    return text if len(text) <= 800 else text[:800].rsplit(" ", 1)[0] + " …"


def _string_value(
    context: CursorContext, call: DynamoCall, table: SpecTable | None, call_text: str, specs: SpecSet
) -> list[Completion]:
    keyword = context.keyword
    start = context.offset - len(context.typed)
    if keyword == "TableName":
        return _tables(specs, start)
    if keyword == "IndexName":
        tables = [table] if table is not None else specs.tables()
        return [
            Completion(
                name,
                "index",
                start,
                f"{'local' if index.local else 'global'} index of {t.table.name}: "
                f"{', '.join(index.key_attrs)} ({index.projection if isinstance(index.projection, str) else 'projected list'})",
            )
            for t in tables
            for name, index in t.table.indexes.items()
        ]
    spec: Operation | None = call.spec
    parameter = spec.parameters.get(keyword) if spec is not None and keyword is not None else None
    if parameter is not None and parameter.enum:
        return [Completion(value, "value", start, f"{keyword} value") for value in parameter.enum]
    if keyword in EXPRESSION_KEYWORDS:
        return _expression_items(context, keyword, table, call_text)
    return []


def _tables(specs: SpecSet, start: int) -> list[Completion]:
    return [
        Completion(
            t.table.name,
            "table",
            start,
            f"table in {t.document.path.rsplit('/', 1)[-1]}: key {', '.join(t.table.key.partition_attrs + t.table.key.sort_attrs)}",
        )
        for t in specs.tables()
    ]


def _expression_items(
    context: CursorContext, keyword: str, table: SpecTable | None, call_text: str
) -> list[Completion]:
    word = WORD_TAIL.search(context.typed)
    typed = word.group(0) if word else ""
    start = context.offset - len(typed)
    items: list[Completion] = []
    for placeholder in dict.fromkeys(re.findall(r"[\"'](#[A-Za-z0-9_]+)[\"']\s*:", call_text)):
        items.append(
            Completion(
                placeholder,
                "placeholder",
                start,
                "declared in ExpressionAttributeNames",
                sort="0" + placeholder,
            )
        )
    for placeholder in dict.fromkeys(re.findall(r"[\"'](:[A-Za-z0-9_]+)[\"']\s*:", call_text)):
        items.append(
            Completion(
                placeholder,
                "placeholder",
                start,
                "declared in ExpressionAttributeValues",
                sort="0" + placeholder,
            )
        )
    if table is None or typed.startswith((":", "#")):
        return items
    index = re.search(r"IndexName\s*=\s*[\"']([^\"']+)[\"']", call_text)
    declared = table.table.indexes.get(index.group(1)) if index else None
    if keyword == "KeyConditionExpression":
        if declared is not None and not declared.local:
            attributes = list(declared.key_attrs)
        else:
            attributes = list(table.table.key.partition_attrs + table.table.key.sort_attrs)
            if declared is not None:
                attributes += list(declared.key.sort_attrs)
        detail = f"key attribute of {declared.name if declared else table.table.name}"
    else:
        attributes = sorted(
            {*table.table.key_attributes(), *(n for e in table.table.entities.values() for n in e.fields)}
        )
        detail = f"attribute of {table.table.name}"
    for attribute in dict.fromkeys(attributes):
        if is_reserved(attribute):
            items.append(
                Completion(
                    f"#{attribute}",
                    "attribute",
                    start,
                    f"{detail}; '{attribute}' is a reserved word: map #{attribute} in ExpressionAttributeNames",
                    sort="2" + attribute,
                )
            )
        else:
            items.append(Completion(attribute, "attribute", start, detail, sort="1" + attribute))
    return items
