"""Fixes of findings in Python code (edits of the call, and the imports they need).

Each fixer finds the call (or the string, or the value) its finding points at in the
file's ``CodeContext``, and offers only what is mechanical: when the code is not written
literally enough to be rewritten with certainty, it offers nothing (the suppression
comment is still there)."""

from __future__ import annotations

import ast
import dataclasses
import difflib
import re
from collections.abc import Iterator, Sequence

from ddb_architect.code.calls import Api, DynamoCall
from ddb_architect.code.expression_args import CallExpressions, StringExpression
from ddb_architect.code.expressions import Segment
from ddb_architect.code.matching import (
    call_key_values,
    literal_keys,
    prefix_meets,
    template_meets,
    value_atoms,
)
from ddb_architect.code.objects import ConditionObject
from ddb_architect.code.specs import SpecTable
from ddb_architect.findings import Finding, Span
from ddb_architect.fixes.model import Edit, Fix
from ddb_architect.fixes.python_edits import (
    PythonText,
    import_of,
    literal_body,
    placeholder_word,
    string_literal,
)
from ddb_architect.fixes.python_expressions import (
    LEGACY_TARGET,
    ConditionWriter,
    LegacyWriter,
    PlaceholderSet,
    attribute_type,
    known_attribute,
    legacy_expression,
    placeholders_for,
    typed_value,
)
from ddb_architect.fixes.python_rewrites import batch_writer_fix, pagination_fix
from ddb_architect.fixes.registry import FixContext, fixer
from ddb_architect.rules.code_context import CodeContext
from ddb_architect.spec.templates import Atom, template_atoms, try_parse

FLOAT_LITERAL = re.compile(r"[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d[\d_]*)?")


_TEXTS: dict[int, tuple[CodeContext, PythonText]] = {}
"""The texts last opened, by their ``CodeContext`` (an editor asks for the fixes of a
file's findings one by one): tokenized once."""


def opened(context: FixContext) -> tuple[CodeContext, PythonText] | None:
    """The file's calls and its text ready for edits; None when the file was not read
    (it does not parse) or its text cannot be edited by position."""
    code = context.document
    if not isinstance(code, CodeContext) or code.source.text != context.text:
        return None
    cached = _TEXTS.get(id(code))
    if cached is not None and cached[0] is code:
        document = cached[1]
    else:
        document = PythonText(context.text, code.source)
        while len(_TEXTS) >= 4:
            _TEXTS.pop(next(iter(_TEXTS)))
        _TEXTS[id(code)] = (code, document)
    return (code, document) if document.usable else None


def keyword_of(call: DynamoCall, name: str) -> ast.keyword | None:
    """The keyword argument ``name=`` written in the call itself (not in ``**kwargs``)."""
    return next((k for k in call.node.keywords if k.arg == name), None)


def item_index(document: PythonText, items_starts: Sequence[int], node: ast.AST) -> int | None:
    start = document.start(node)
    return items_starts.index(start) if start in items_starts else None


def remove_argument(
    code: CodeContext, document: PythonText, call: DynamoCall, name: str
) -> list[Edit] | None:
    """Edits that remove argument ``name`` from the call, or from the ``**kwargs`` dict
    literal it is written in."""
    keyword = keyword_of(call, name)
    container: ast.expr | None = None
    target: ast.AST | None = None
    if keyword is not None:
        container, target = call.node, keyword
    else:
        argument = call.argument(name)
        if argument is None:
            return None
        for node in ast.walk(code.reading.tree):
            if isinstance(node, ast.Dict):
                for key in node.keys:
                    if key is not None and code.source.span(key) == argument.name_span:
                        container, target = node, key
    if container is None or target is None:
        return None
    items = document.items(container)
    if items is None:
        return None
    index = item_index(document, [i.start for i in items.items], target)
    return None if index is None else document.remove_item(items, index)


def add_arguments(
    document: PythonText, call: DynamoCall, texts: Sequence[str], after: ast.keyword | None = None
) -> list[Edit] | None:
    """Edits that add keyword arguments to the call, after ``after`` (else last)."""
    items = document.items(call.node)
    if items is None:
        return None
    index = None
    if after is not None:
        index = item_index(document, [i.start for i in items.items], after)
        if index is None:
            return None
    return document.add_items(items, texts, index)


def add_entries(document: PythonText, node: ast.Dict, entries: Sequence[str]) -> list[Edit] | None:
    items = document.items(node)
    return None if items is None else document.add_items(items, entries)


def _quote_of(document: PythonText, node: ast.AST) -> str:
    return document.quote(document.start(node), document.end(node))


def _literal_replacement(document: PythonText, node: ast.expr, value: str) -> str | None:
    """A string literal holding ``value``, written with the quote and prefix ``node``
    (a string literal) has."""
    source = document.segment(node)
    body = literal_body(source)
    if body is None:
        return None
    start, quote = body
    prefix = source[: start - len(quote)]
    if "r" in prefix.lower() and ("\\" in value or quote[0] in value):
        return None
    return prefix + string_literal(value, quote[0])


# ----- DDB603


@fixer("DDB603", "python")
def drop_consistent_read(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = opened(context)
    if found is None:
        return []
    code, document = found
    for call in code.calls:
        argument = call.argument("ConsistentRead")
        if argument is None or argument.name_span != finding.span:
            continue
        edits = remove_argument(code, document, call, "ConsistentRead")
        if not edits:
            return []
        return [
            Fix(
                "Remove ConsistentRead=True (a global index reads eventually consistent)",
                tuple(edits),
                finding.code,
                safe=True,
                preferred=True,
            )
        ]
    return []


# ----- DDB702


@fixer("DDB702", "python")
def change_index_name(context: FixContext, finding: Finding) -> Sequence[Fix]:
    suggestion = finding.data.get("suggestion")
    found = opened(context)
    if not isinstance(suggestion, str) or not suggestion or found is None:
        return []
    code, document = found
    for call in code.calls:
        argument = call.argument("IndexName")
        if argument is None or argument.value_span != finding.span:
            continue
        value = argument.value
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            return []  # a constant: other calls may use it
        replacement = _literal_replacement(document, value, suggestion)
        if replacement is None:
            return []
        return [
            Fix(
                f"Change to '{suggestion}'",
                (document.edit(*document.span_of(value), replacement),),
                finding.code,
                safe=False,
                preferred=True,
            )
        ]
    return []


# ----- DDB704


def _leading_literal(document: PythonText, node: ast.expr) -> tuple[int, str, bool] | None:
    """Where the literal text a key value starts with is written (an offset), that text,
    and whether it is the whole value; None when the value does not start with literal
    text written plainly."""
    if isinstance(node, ast.Dict) and len(node.values) == 1:
        node = node.values[0]  # a typed value {"S": ...}
    whole = True
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        node, whole = node.left, False
    literal: ast.expr
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text, literal = node.value, node
    elif (
        isinstance(node, ast.JoinedStr)
        and node.values
        and isinstance(node.values[0], ast.Constant)
        and isinstance(node.values[0].value, str)
    ):
        text, whole = node.values[0].value, len(node.values) == 1
        literal = node
    else:
        return None
    source = document.segment(literal)
    body = literal_body(source)
    if body is None:
        return None
    start, _quote = body
    if source[start : start + len(text)] != text:
        return None  # escapes or {{ }}: the text is not written as it reads
    return document.start(literal) + start, text, whole


def _template_prefix(source: str) -> tuple[str, bool] | None:
    """The literal text a key template starts with, and whether it has variables."""
    template = try_parse(source)
    if template is None:
        return None
    atoms = template_atoms(template, {})
    prefix = ""
    for kind, value in atoms:
        if kind != "text" or not isinstance(value, str):
            break
        prefix += value
    return prefix, any(kind != "text" for kind, _ in atoms)


def _replaced_prefix(chunk: str, whole: bool, prefix: str, variables: bool) -> str | None:
    """The part of the code's leading literal that stands for the template's prefix."""
    if not variables:
        return chunk if whole else None
    if not prefix:
        return None
    delimiter = prefix[-1]
    if not delimiter.isalnum() and delimiter in chunk:
        return chunk[: chunk.index(delimiter) + 1]
    return None if whole else chunk


@fixer("DDB704", "python")
def change_key_prefix(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = opened(context)
    if found is None:
        return []
    code, document = found
    for call in code.calls:
        target = code.target_of(call)
        if target is None:
            continue
        table, _index = target
        for value in call_key_values(call, code.expressions(call)):
            if code.source.span(value.node) != finding.span:
                continue
            leading = _leading_literal(document, value.node)
            if leading is None:
                return []
            offset, chunk, whole = leading
            sources = list(
                dict.fromkeys(
                    e.keys[value.attribute]
                    for e in table.table.entities.values()
                    if value.attribute in e.keys
                )
            )
            candidates: dict[str, str] = {}
            for source in sources:
                parts = _template_prefix(source)
                if parts is None:
                    continue
                prefix, variables = parts
                old = _replaced_prefix(chunk, whole, prefix, variables)
                if old is None or old == prefix:
                    continue
                atoms = _atoms_with(value.node, chunk, prefix + chunk[len(old) :])
                if atoms is None:
                    continue
                meets = (
                    prefix_meets(source, atoms)
                    if value.op == "begins_with"
                    else template_meets(source, None, atoms)
                )
                if meets:
                    candidates.setdefault(prefix, old)
            close = sorted(
                (p for p in candidates if _similarity(candidates[p], p) >= 0.5),
                key=lambda p: -_similarity(candidates[p], p),
            )
            return [
                Fix(
                    f"Change the prefix to '{prefix}'",
                    (document.edit(offset, offset + len(candidates[prefix]), prefix),),
                    finding.code,
                    safe=False,
                    preferred=number == 0,
                )
                for number, prefix in enumerate(close)
            ]
    return []


def _similarity(old: str, new: str) -> float:
    """How alike two prefixes read (case aside: ``order#`` is close to ``ORDER#``)."""
    return difflib.SequenceMatcher(None, old.lower(), new.lower()).ratio()


def _atoms_with(node: ast.expr, chunk: str, replacement: str) -> list[Atom] | None:
    """The value's atoms with its leading literal changed."""
    atoms = value_atoms(node)
    if not atoms or atoms[0] != ("text", chunk):
        return None
    return [("text", replacement), *atoms[1:]]


# ----- DDB607 and DDB608: strings and placeholders


def _segment_at(
    code: CodeContext, span: Span, pick: str
) -> tuple[DynamoCall, StringExpression, Segment] | None:
    """The call, string expression and segment (``reserved``, ``name_placeholders`` or
    ``value_placeholders``) a finding points at."""
    for call in code.calls:
        for expression in code.expressions(call).strings:
            for segment in getattr(expression.parsed, pick):
                if expression.span(code.source, segment.start, segment.end) == span:
                    return call, expression, segment
    return None


def _occurrences(code: CodeContext, call: DynamoCall, pick: str, text: str) -> list[Span] | None:
    """Where ``text`` is written as a segment of kind ``pick`` in the call's strings;
    None when one of them cannot be located in the source."""
    spans = []
    for expression in code.expressions(call).strings:
        for segment in getattr(expression.parsed, pick):
            if segment.text != text:
                continue
            if code.source.string_offsets(expression.node) is None:
                return None
            spans.append(expression.span(code.source, segment.start, segment.end))
    return spans


@fixer("DDB607", "python")
def reserved_word_placeholder(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = opened(context)
    word = finding.data.get("word")
    if found is None or not isinstance(word, str):
        return []
    code, document = found
    located = _segment_at(code, finding.span, "reserved")
    if located is None:
        return []
    call, expression, _segment = located
    expressions = code.expressions(call)
    if expressions.names_unknown:
        return []
    spans = _occurrences(code, call, "reserved", word)
    if not spans:
        return []
    quote = _quote_of(document, expression.node)
    placeholder = None
    if expressions.names is not None:
        placeholder = next(
            (
                p
                for p, v in expressions.names.values.items()
                if isinstance(v, ast.Constant) and v.value == word
            ),
            None,
        )
    edits: list[Edit] = []
    if placeholder is None:
        taken = set(expressions.names.keys) if expressions.names is not None else set()
        for string in expressions.strings:
            taken.update(s.text for s in string.parsed.name_placeholders)
        base = "#" + placeholder_word(word.lower())
        placeholder, number = base, 2
        while placeholder in taken:
            placeholder, number = f"{base}_{number}", number + 1
        entry = f"{string_literal(placeholder, quote)}: {string_literal(word, quote)}"
        added = _define_names(document, call, expressions.names.node if expressions.names else None, [entry])
        if added is None:
            return []
        edits.extend(added)
    edits.extend(Edit(span, placeholder) for span in spans)
    return [
        Fix(
            f"Write {word} as {placeholder} (ExpressionAttributeNames)",
            tuple(edits),
            finding.code,
            safe=True,
            preferred=True,
        )
    ]


def _define_names(
    document: PythonText, call: DynamoCall, names: ast.Dict | None, entries: list[str]
) -> list[Edit] | None:
    """Edits that add entries to the call's ``ExpressionAttributeNames`` (the argument
    added when the call has none)."""
    if names is not None:
        return add_entries(document, names, entries)
    if call.argument("ExpressionAttributeNames") is not None or call.unknown_arguments:
        return None
    return add_arguments(document, call, [f"ExpressionAttributeNames={{{', '.join(entries)}}}"])


@fixer("DDB608", "python")
def placeholder_fixes(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = opened(context)
    placeholder = finding.data.get("placeholder")
    if found is None or not isinstance(placeholder, str) or not placeholder:
        return []
    code, document = found
    pick = "name_placeholders" if placeholder.startswith("#") else "value_placeholders"
    argument_name = "ExpressionAttributeNames" if placeholder.startswith("#") else "ExpressionAttributeValues"
    call: DynamoCall | None = None
    undefined_use = "defined" in finding.data
    if undefined_use:
        located = _segment_at(code, finding.span, pick)
        if located is not None:
            call = located[0]
    else:
        for candidate in code.calls:
            table = getattr(code.expressions(candidate), "names" if pick == "name_placeholders" else "values")
            key = table.keys.get(placeholder) if table is not None else None
            if key is not None and code.source.span(key) == finding.span:
                call = candidate
                break
    if call is None:
        return []
    expressions = code.expressions(call)
    dictionary = expressions.names if pick == "name_placeholders" else expressions.values
    defined = set(dictionary.keys) if dictionary is not None else set()
    used = {
        segment.text for expression in expressions.strings for segment in getattr(expression.parsed, pick)
    }
    undefined = sorted(used - defined)
    unused = sorted(defined - used) if not (expressions.opaque or call.unknown_arguments) else []
    fixes: list[Fix] = []

    def change_uses(old: str, new: str) -> Fix | None:
        spans = _occurrences(code, call, pick, old)
        if not spans:
            return None
        return Fix(f"Change {old} to {new}", tuple(Edit(s, new) for s in spans), finding.code, safe=False)

    def rename_key(old: str, new: str) -> Fix | None:
        assert dictionary is not None
        key = dictionary.keys[old]
        replacement = _literal_replacement(document, key, new)
        if replacement is None:
            return None
        return Fix(
            f"Rename {old} to {new} in {argument_name}",
            (document.edit(*document.span_of(key), replacement),),
            finding.code,
            safe=False,
        )

    if undefined_use:
        close = difflib.get_close_matches(placeholder, unused, n=1, cutoff=0.5)
        if close:
            fixes.extend(
                f for f in (change_uses(placeholder, close[0]), rename_key(close[0], placeholder)) if f
            )
        elif pick == "name_placeholders" and not expressions.names_unknown:
            attribute = placeholder[1:]
            if _is_attribute(code, call, attribute):
                quote = _quote_of(document, call.node)
                entry = f"{string_literal(placeholder, quote)}: {string_literal(attribute, quote)}"
                edits = _define_names(document, call, dictionary.node if dictionary else None, [entry])
                if edits:
                    fixes.append(
                        Fix(
                            f"Define {placeholder} as '{attribute}' in ExpressionAttributeNames",
                            tuple(edits),
                            finding.code,
                            safe=False,
                        )
                    )
    else:
        close = difflib.get_close_matches(placeholder, undefined, n=1, cutoff=0.5)
        if close:
            fixes.extend(
                f for f in (rename_key(placeholder, close[0]), change_uses(close[0], placeholder)) if f
            )
        elif not undefined and dictionary is not None:
            edits = _remove_entry(code, document, call, dictionary.node, placeholder, argument_name)
            if edits:
                fixes.append(
                    Fix(
                        f"Remove the unused {placeholder} from {argument_name}",
                        tuple(edits),
                        finding.code,
                        safe=True,
                    )
                )
    if fixes:
        fixes[0] = dataclasses.replace(fixes[0], preferred=True)
    return fixes


def _is_attribute(code: CodeContext, call: DynamoCall, attribute: str) -> bool:
    """The spec declares the attribute for the call's table, or the call's key or item
    names it."""
    if known_attribute(code.table_of(call), attribute):
        return True
    for name in ("Key", "Item"):
        argument = call.argument(name)
        entries = literal_keys(argument.value) if argument is not None else None
        if entries and attribute in entries:
            return True
    return False


def _remove_entry(
    code: CodeContext, document: PythonText, call: DynamoCall, node: ast.Dict, placeholder: str, argument: str
) -> list[Edit] | None:
    """Remove one placeholder's entry; the whole argument when it is the only one
    (DynamoDB rejects an empty placeholder dictionary)."""
    if len(node.keys) == 1:
        return remove_argument(code, document, call, argument)
    items = document.items(node)
    if items is None:
        return None
    for index, key in enumerate(node.keys):
        if isinstance(key, ast.Constant) and key.value == placeholder:
            return document.remove_item(items, index)
    return None


# ----- DDB610


def _nodes_at(code: CodeContext, span: Span) -> Iterator[ast.AST]:
    for node in ast.walk(code.reading.tree):
        if isinstance(node, (ast.Constant, ast.UnaryOp)) and code.source.span(node) == span:
            yield node


@fixer("DDB610", "python")
def use_decimal(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = opened(context)
    if found is None:
        return []
    code, document = found
    node = next(_nodes_at(code, finding.span), None)
    if node is None:
        return []
    imported = import_of(document, code.reading.tree, "decimal", "Decimal")
    if imported is None:
        return []
    text = document.segment(node)
    compact = "".join(text.split())
    if FLOAT_LITERAL.fullmatch(compact):
        quote = document.quote(
            document.line_start(document.start(node)), document.line_end(document.end(node))
        )
        replacement = f"{imported.name}({string_literal(compact, quote)})"
    else:
        replacement = f"{imported.name}(str({text}))"
    return [
        Fix(
            f"Use {replacement}",
            (*imported.edits, document.edit(*document.span_of(node), replacement)),
            finding.code,
            safe=True,
            preferred=True,
        )
    ]


# ----- DDB611


@fixer("DDB611", "python")
def legacy_to_expressions(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = opened(context)
    if found is None:
        return []
    code, document = found
    call = next(
        (
            c
            for c in code.calls
            if any(a.name in LEGACY_TARGET and a.name_span == finding.span for a in c.arguments.values())
        ),
        None,
    )
    if call is None or call.unknown_arguments:
        return []
    legacy = [name for name in call.arguments if name in LEGACY_TARGET]
    keywords = {name: keyword_of(call, name) for name in legacy}
    if any(k is None for k in keywords.values()):
        return []  # written in a **kwargs dict
    targets = [LEGACY_TARGET[name] for name in legacy]
    if len(set(targets)) != len(targets) or any(call.argument(t) is not None for t in targets):
        return []  # two legacy parameters for one expression, or the expression already there
    expressions = code.expressions(call)
    quote = _quote_of(document, call.node)
    placeholders = placeholders_for(call, expressions, quote)
    if placeholders is None:
        return []
    writer = LegacyWriter(document, placeholders)
    joiner = "AND"
    operator_argument = call.argument("ConditionalOperator")
    if operator_argument is not None:
        value = operator_argument.value
        if (
            keyword_of(call, "ConditionalOperator") is None
            or not isinstance(value, ast.Constant)
            or value.value not in ("AND", "OR")
            or sum(name in legacy for name in ("ScanFilter", "QueryFilter", "Expected")) != 1
        ):
            return []
        joiner = str(value.value)
    items = document.items(call.node)
    if items is None:
        return []
    starts = [i.start for i in items.items]
    edits: list[Edit] = []
    last_index = -1
    last_keyword: ast.keyword | None = None
    for name in legacy:
        keyword = keywords[name]
        assert keyword is not None
        expression = legacy_expression(writer, name, keyword.value, joiner)
        if expression is None:
            return []
        edits.append(
            document.edit(
                *document.span_of(keyword), f"{LEGACY_TARGET[name]}={string_literal(expression, quote)}"
            )
        )
        index = item_index(document, starts, keyword)
        if index is None:
            return []
        if index > last_index:
            last_index, last_keyword = index, keyword
    added = _placeholder_edits(document, call, placeholders, expressions, last_keyword)
    if added is None:
        return []
    edits.extend(added)
    if operator_argument is not None:
        removed = remove_argument(code, document, call, "ConditionalOperator")
        if removed is None:
            return []
        edits.extend(removed)
    title = (
        f"Rewrite {legacy[0]} as {LEGACY_TARGET[legacy[0]]}"
        if len(legacy) == 1
        else f"Rewrite {', '.join(legacy)} as expressions"
    )
    return [Fix(title, tuple(edits), finding.code, safe=False, preferred=True)]


def _placeholder_edits(
    document: PythonText,
    call: DynamoCall,
    placeholders: PlaceholderSet,
    expressions: CallExpressions,
    after: ast.keyword | None,
) -> list[Edit] | None:
    """Edits that define the placeholders a rewrite added: entries in the call's literal
    dictionaries, or the dictionaries added as arguments after ``after``."""
    edits: list[Edit] = []
    new_arguments: list[str] = []
    for argument, existing, entries in (
        ("ExpressionAttributeNames", expressions.names, placeholders.names_entries()),
        ("ExpressionAttributeValues", expressions.values, placeholders.values_entries()),
    ):
        if not entries:
            continue
        if existing is not None:
            added = add_entries(document, existing.node, entries)
            if added is None:
                return None
            edits.extend(added)
        elif call.argument(argument) is not None:
            return None
        else:
            new_arguments.append(f"{argument}={{{', '.join(entries)}}}")
    if new_arguments:
        added = add_arguments(document, call, new_arguments, after)
        if added is None:
            return None
        edits.extend(added)
    return edits


# ----- DDB612


@fixer("DDB612", "python")
def condition_to_string(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = opened(context)
    if found is None:
        return []
    code, document = found
    resolver = code.reading.resolver
    for call in code.calls:
        if call.api is not Api.CLIENT:
            continue
        if not any(a.value_span == finding.span for a in call.arguments.values()):
            continue
        if call.unknown_arguments:
            return []
        conditions = [
            a
            for a in call.arguments.values()
            if not isinstance(a.value, ast.Name)
            and isinstance(resolver.evaluate(a.value, call.scope or resolver.module), ConditionObject)
        ]
        if not any(a.value_span == finding.span for a in conditions):
            return []  # the condition is built elsewhere (a variable)
        expressions = code.expressions(call)
        quote = _quote_of(document, call.node)
        placeholders = placeholders_for(call, expressions, quote)
        if placeholders is None:
            return []
        table = code.table_of(call)

        def value_text(
            attribute: str | None, node: ast.expr, table: SpecTable | None = table, quote: str = quote
        ) -> str | None:
            spec_type = attribute_type(table, attribute) if attribute is not None else "S"
            return typed_value(document, node, spec_type, quote)

        writer = ConditionWriter(document, resolver, placeholders, value_text)
        edits: list[Edit] = []
        last: ast.keyword | None = None
        last_start = -1
        for argument in conditions:
            text = writer.write(argument.value)
            if text is None:
                return []
            edits.append(document.edit(*document.span_of(argument.value), string_literal(text, quote)))
            keyword = keyword_of(call, argument.name)
            if keyword is not None and document.start(keyword) > last_start:
                last, last_start = keyword, document.start(keyword)
        added = _placeholder_edits(document, call, placeholders, expressions, last)
        if added is None:
            return []
        edits.extend(added)
        what = "conditions" if len(conditions) > 1 else "condition"
        return [
            Fix(
                f"Write the {what} as a string expression with placeholders",
                tuple(edits),
                finding.code,
                safe=False,
                preferred=True,
            )
        ]
    return []


# ----- DDB602 and DDB605: rewrites of the statement


@fixer("DDB602", "python")
def follow_pages(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = opened(context)
    if found is None:
        return []
    code, document = found
    call = next((c for c in code.calls if c.method_span == finding.span), None)
    if call is None:
        return []
    fix = pagination_fix(code, document, call, finding.code)
    return [fix] if fix is not None else []


@fixer("DDB605", "python")
def use_batch_writer(context: FixContext, finding: Finding) -> Sequence[Fix]:
    found = opened(context)
    if found is None:
        return []
    code, document = found
    call = next((c for c in code.calls if c.method_span == finding.span), None)
    if call is None or call.operation != "BatchWriteItem":
        return []
    fix = batch_writer_fix(code, document, call, finding.code)
    return [fix] if fix is not None else []
