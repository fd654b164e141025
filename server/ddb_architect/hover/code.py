"""Hovers in Python code that calls DynamoDB: on a call, the access pattern it performs with
its units per call and monthly cost (or why it matches none); on a table name or an
``IndexName`` value, the table's or index's definition in the spec.

Pure engine code (no LSP types): positions are 0-based lines and code-point columns.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ddb_architect.code.calls import DynamoCall
from ddb_architect.code.matching import Match, call_tables, matching_patterns
from ddb_architect.code.objects import TableObject, TableRef
from ddb_architect.code.specs import SpecSet, SpecTable
from ddb_architect.cost.bill import PatternCost
from ddb_architect.engine import read_python
from ddb_architect.findings import Position, Span
from ddb_architect.hover import hovers_for
from ddb_architect.hover import markdown as md
from ddb_architect.hover.context import HoverContext, monthly, over_a_month
from ddb_architect.hover.costs import units_per_request
from ddb_architect.hover.spec import HoverResult
from ddb_architect.rules.code_context import CodeContext, literal_string
from ddb_architect.spec.loader import SpecDocument
from ddb_architect.spec.model import AccessPattern, Index, IndexKey, KeySchema, SpecModel, Table
from ddb_architect.spec.quantities import format_count

__all__ = ["CodeHovers", "code_hover_at"]

ContextFor = Callable[[SpecDocument], HoverContext | None]
"""The priced design of a spec document (callers cache it across hovers)."""


def priced_in(region: str | None) -> ContextFor:
    """The priced design of a spec document in ``region`` (None: the spec's own)."""

    def priced(document: SpecDocument) -> HoverContext | None:
        return hovers_for(document, region).context

    return priced


_priced = priced_in(None)


@dataclass(frozen=True)
class _Target:
    """Something in the code that has a hover, and where it is written."""

    span: Span
    kind: str
    """``call``, ``index`` or ``table``."""
    call: DynamoCall | None = None
    ref: TableRef | None = None


def _inside(span: Span, position: Position) -> bool:
    return span.start <= position < span.end


def _size(span: Span) -> tuple[int, int]:
    return (span.end.line - span.start.line, span.end.column - span.start.column)


class CodeHovers:
    """The hovers of one Python file read against its specs. ``origin`` says where the
    specs were looked for, for the hover that finds none."""

    def __init__(
        self, context: CodeContext, *, origin: str | None = None, priced: ContextFor = _priced
    ) -> None:
        self.context = context
        self.origin = origin
        self._priced = priced

    @property
    def specs(self) -> SpecSet:
        return self.context.specs

    def prepare(self) -> None:
        """Find the hover targets and price the designs now rather than on the first hover."""
        _ = self._targets
        for document in self.specs.documents:
            priced = self._priced(document) if document.design is not None else None
            if priced is not None:
                priced.prepare()

    def at(self, line: int, column: int) -> HoverResult | None:
        """The hover at a 0-based line and code-point column, or None when nothing there
        has one."""
        position = Position(line, column)
        found = [target for target in self._targets if _inside(target.span, position)]
        if not found:
            return None
        target = min(found, key=lambda t: _size(t.span))
        markdown = self._describe(target)
        return HoverResult(markdown, target.span) if markdown else None

    # ----- what has a hover

    @cached_property
    def _targets(self) -> list[_Target]:
        targets: list[_Target] = []
        seen: set[Span] = set()

        def add(target: _Target) -> None:
            if target.span not in seen:
                seen.add(target.span)
                targets.append(target)

        for call in self.context.calls:
            add(_Target(call.method_span, "call", call=call))
            if call.paginator_span is not None:
                add(_Target(call.paginator_span, "call", call=call))
            index = call.argument("IndexName")
            if index is not None:
                add(_Target(index.value_span, "index", call=call))
        for ref in self._table_refs():
            assert ref.span is not None
            add(_Target(ref.span, "table", ref=ref))
        return targets

    def _table_refs(self) -> Iterator[TableRef]:
        """Every place the code names a table: ``Table(...)`` however the resource is
        reached, ``TableName=``, and the table names of a batch's ``RequestItems``."""
        reading = self.context.reading
        for call in self.context.calls:
            if call.table is not None and call.table.span is not None:
                yield call.table
            items = call.argument("RequestItems")
            if items is not None and isinstance(items.value, ast.Dict):
                for key in items.value.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        yield TableRef(name=key.value, span=self.context.source.span(key))
        for node in reading.resolver.by_type[ast.Call]:  # every call, in ast.walk's order
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "Table"
            ):
                kind = reading.resolver.evaluate(node, reading.resolver.scope_of(node))
                if isinstance(kind, TableObject) and kind.table.span is not None:
                    yield kind.table

    def _describe(self, target: _Target) -> str | None:
        if target.kind == "call" and target.call is not None:
            return self._call(target.call)
        if target.kind == "index" and target.call is not None:
            return self._index(target.call)
        if target.kind == "table" and target.ref is not None:
            return self._table(target.ref)
        return None  # pragma: no cover - every target has its payload

    # ----- a call

    def _call(self, call: DynamoCall) -> str:
        tables = call_tables(call, self.specs)
        head = f"{md.code(call.method)} · {md.bold(call.operation)}"
        if tables:
            head += " on " + ", ".join(md.text(t.table.name) for t in tables)
        index_argument = call.argument("IndexName")
        index = self.context.index_name(call)
        if index is not None:
            head += f", index {md.text(index)}"
        reason = self._no_table(call, tables)
        if reason is None and index_argument is not None and index is None:
            reason = (
                "`IndexName` is not a literal string, so which index the call reads (and which access "
                "pattern it performs) is unknown."
            )
        if reason is None and index is not None and all(index not in t.table.indexes for t in tables):
            reason = self._unknown_index_text(index, tables[0].table)
        if reason is not None:
            return md.blocks(head, reason)
        matches = matching_patterns(call, self.specs, index, self.context.expressions(call))
        if not matches:
            return md.blocks(head, *self._no_pattern(call, index, tables))
        return md.blocks(head, *self._matches(matches))

    def _no_table(self, call: DynamoCall, tables: list[SpecTable]) -> str | None:
        """Why the call's table is not in the specs; None when it is."""
        if tables:
            return None
        if not self.specs.known:
            return self._no_spec()
        refs = [call.table] if call.table is not None else []
        items = call.argument("RequestItems")
        if items is not None and isinstance(items.value, ast.Dict):
            refs += [
                TableRef(name=key.value)
                for key in items.value.keys
                if isinstance(key, ast.Constant) and isinstance(key.value, str)
            ]
        named = [ref for ref in refs if ref.name is not None or ref.env is not None]
        if not named:
            return (
                "Which table this call uses is unknown: its name is not a literal, a module constant or an "
                "environment variable that the reader can follow."
            )
        return " ".join(self._unknown_table_text(ref) for ref in named)

    def _no_spec(self) -> str:
        where = f" ({self.origin})" if self.origin else ""
        return (
            f"No design spec applies to this file{where}: name one with `spec` in `[tool.ddb-architect]` "
            "or the editor settings, or put a `*.ddb.yaml` beside the code."
        )

    def _unknown_table_text(self, ref: TableRef) -> str:
        known = ", ".join(md.text(name) for name in self.specs.table_names_known()) or "none"
        if ref.name is not None:
            return (
                f"Table {md.code(ref.name)} is not declared in the spec (tables: {known}); add it, or list the "
                "name under the table's `code: {names: [...]}`."
            )
        assert ref.env is not None
        return (
            f"The table's name comes from the environment variable {md.code(ref.env)}, which no spec table "
            f"claims (tables: {known}): add `code: {{table_name_env: {md.text(ref.env)}}}` to the table in the "
            f"spec, or map it under `[tool.ddb-architect.table-names]`."
        )

    def _unknown_index_text(self, index: str, table: Table) -> str:
        if index in table.broken_indexes:
            return f"Index {md.code(index)} of {md.text(table.name)} is declared but not valid (see the spec's diagnostics)."
        declared = ", ".join(md.text(name) for name in table.indexes) or "none"
        return f"Index {md.code(index)} is not declared on {md.text(table.name)} (indexes: {declared})."

    def _no_pattern(self, call: DynamoCall, index: str | None, tables: list[SpecTable]) -> list[str]:
        article = "an" if call.operation[0] in "AEIOU" else "a"
        where = f" on index {md.text(index)}" if index else ""
        names = ", ".join(md.text(t.table.name) for t in tables)
        parts = [
            f"No access pattern of {names} declares {article} {md.text(call.operation)}{where}, so its cost and "
            "load are not in the design: declare it in the spec (`op`, `key`, `rate`)."
        ]
        for table in tables:
            rows = [
                [
                    md.text(p.name),
                    md.text(p.op),
                    md.text(p.index) if p.index else "table",
                    md.text(_written(p, "rate") or "no rate"),
                ]
                for p in table.table.access_patterns
            ]
            if rows:
                title = f"Access patterns of {md.text(table.table.name)}:" if len(tables) > 1 else ""
                parts.append(
                    (title + "\n\n" if title else "")
                    + md.table(["access pattern", "op", "on", "rate"], rows, "llll")
                )
            else:
                parts.append(f"{md.text(table.table.name)} declares no access patterns.")
        return parts

    def _matches(self, matches: list[Match]) -> list[str]:
        parts = []
        if len(matches) > 1:
            parts.append(
                f"Matches {len(matches)} access patterns with this operation and index; the key condition "
                "decides which one it performs:"
            )
        footers: dict[int, str] = {}
        for match in matches:
            priced = self._priced(match.table.document)
            parts.append(self._pattern(match, priced))
            if priced is not None:
                footers.setdefault(id(match.table.document), priced.footer())
        parts += footers.values()
        return parts

    def _pattern(self, match: Match, priced: HoverContext | None) -> str:
        pattern = match.pattern
        cost: PatternCost | None = priced.pattern_cost(pattern) if priced is not None else None
        load = cost.load if cost is not None else None
        target = (
            load.target.label
            if load is not None
            else (f"index {pattern.index}" if pattern.index else "table")
        )
        head = (
            f"Access pattern {md.bold(md.text(pattern.name))} ({md.text(pattern.op)} on {md.text(target)}, "
            f"{_location(match.table.document, pattern.span('name').start.line, self.context.path)})"
        )
        if cost is not None and cost.monthly_usd is not None:
            head += " — " + monthly(cost.monthly_usd)
        elif cost is not None and cost.lines:
            head += " — not priced"
        if cost is None or load is None:
            return md.blocks(
                head,
                "Units unknown: the pattern's entity, its item size or its key condition is missing or wrong "
                "(see the spec's diagnostics).",
            )
        facts = [f"per call: {md.bold(md.text(units_per_request(load)))}"]
        facts += [md.text(step) for step in load.steps]
        if pattern.rate is None or cost.requests_per_month is None:
            facts.append("calls a month unknown: give the pattern a `rate` (e.g. `rate: 100/s`) to price it")
        else:
            facts.append(
                md.text(
                    f"at the pattern's rate: {over_a_month(pattern, 'rate', pattern.rate)} = "
                    f"{format_count(cost.requests_per_month)} calls a month"
                )
            )
        facts += [md.text(line.formula) for line in cost.lines]
        facts += [f"assumes {md.text(assumption)}" for assumption in load.assumptions]
        return md.blocks(head, md.bullets(facts))

    # ----- an index name

    def _index(self, call: DynamoCall) -> str | None:
        argument = call.argument("IndexName")
        if argument is None:  # pragma: no cover - targets are made from the argument
            return None
        name = literal_string(argument.value)
        tables = call_tables(call, self.specs)
        if name is None:
            return "`IndexName` is not a literal string: which index the call reads is unknown."
        head = md.bold(md.text(name)) + " · index"
        if not tables:
            return md.blocks(head, self._no_table(call, tables))
        table = tables[0]
        index = table.table.indexes.get(name)
        if index is None:
            return md.blocks(head, self._unknown_index_text(name, table.table))
        return index_definition(table, index, self.context.path)

    # ----- a table name

    def _table(self, ref: TableRef) -> str | None:
        label = md.code(ref.name) if ref.name is not None else (md.code("$" + ref.env) if ref.env else None)
        if label is None:
            return (
                "Which table this is is unknown: its name is not a literal, a module constant or an environment "
                "variable that the reader can follow."
            )
        head = f"{label} · table"
        if not self.specs.known:
            return md.blocks(head, self._no_spec())
        found = self.specs.find(ref)
        if found is None:
            return md.blocks(head, self._unknown_table_text(ref))
        priced = self._priced(found.document)
        return table_definition(found, self.context.path, priced)


# --------------------------------------------------------------------------- definitions


def _written(model: SpecModel, field: str) -> str | None:
    node = model.value_node(field)
    text = getattr(node, "text", None)
    return text if isinstance(text, str) else None


def _location(document: SpecDocument, line: int, code_path: str) -> str:
    """``[red-flags.ddb.yaml:71](file:///…#L71)``: the spec file and 1-based line, linked
    when the spec has a path on disk; named relative to the Python file's folder (both
    with their links resolved: specs are found by their real paths)."""
    path = Path(document.path)
    shown = path.name
    if path.is_absolute() and Path(code_path).is_absolute():
        try:
            shown = os.path.relpath(path.resolve(), Path(code_path).resolve().parent)
        except ValueError:  # pragma: no cover - another drive on Windows
            shown = str(path)
    label = md.text(f"{shown}:{line + 1}")
    if not path.is_absolute():
        return label
    return f"[{label}]({path.as_uri()}#L{line + 1})"


def _key_text(key: KeySchema | IndexKey, table: Table) -> str:
    parts = []
    for role, names in (("partition", key.partition_attrs), ("sort", key.sort_attrs)):
        if names:
            typed = " + ".join(f"{md.code(name)} ({table.attribute_type(name)})" for name in names)
            parts.append(f"{role} {typed}")
    return ", ".join(parts)


def _projection(index: Index) -> str:
    if isinstance(index.projection, str):
        return md.text(index.projection)
    return "projects " + ", ".join(md.code(name) for name in index.projection)


def _patterns_on(table: Table, index: str | None) -> list[AccessPattern]:
    return [p for p in table.access_patterns if p.index == index]


def table_definition(found: SpecTable, code_path: str, priced: HoverContext | None = None) -> str:
    """A table as the spec declares it: key, billing, indexes, entities, access patterns."""
    table = found.table
    head = (
        f"{md.bold(md.text(table.name))} · table in "
        f"{_location(found.document, table.name_span.start.line, code_path)}"
    )
    cost = priced.table_cost(table) if priced is not None else None
    if cost is not None and any(line.priced for line in cost.lines):
        head += " — " + monthly(cost.monthly_usd, unpriced=len(cost.unpriced))
    billing = f"{table.billing}, {table.table_class} class"
    if table.capacity is not None:
        billing += f", {format_count(table.capacity.read)} RCU / {format_count(table.capacity.write)} WCU"
    facts = [f"key: {_key_text(table.key, table)}", f"billing: {md.text(billing)}"]
    extras = []
    if table.ttl:
        extras.append(f"TTL on {md.code(table.ttl)}")
    if table.stream is not None:
        extras.append(f"stream ({md.text(table.stream.view)})")
    if table.pitr:
        extras.append("PITR")
    if table.replicas:
        extras.append("replicas in " + md.text(", ".join(table.replicas)))
    if extras:
        facts.append(", ".join(extras))
    if table.entities:
        facts.append("entities: " + ", ".join(md.text(name) for name in table.entities))
    if table.code is not None:
        names = [md.code("$" + env) for env in table.code.env_names] + [md.code(n) for n in table.code.names]
        if names:
            facts.append("named in code as " + ", ".join(names))
    own = _patterns_on(table, None)
    if own:
        facts.append("access patterns on the table: " + ", ".join(f"{md.text(p.name)} ({p.op})" for p in own))
    indexes = None
    if table.indexes:
        rows = []
        for name, index in table.indexes.items():
            used = ", ".join(md.text(p.name) for p in _patterns_on(table, name)) or "none"
            rows.append(
                [
                    md.text(name) + (" (local)" if index.local else ""),
                    _key_text(index.key, table),
                    _projection(index),
                    used,
                ]
            )
        indexes = md.table(["index", "key", "projection", "access patterns"], rows, "llll")
    return md.blocks(
        head, md.bullets(facts), indexes, priced.footer() if cost is not None and priced else None
    )


def index_definition(found: SpecTable, index: Index, code_path: str) -> str:
    """An index as the spec declares it: its key, projection and the patterns on it."""
    table = found.table
    kind = "local" if index.local else "global"
    head = (
        f"{md.bold(md.text(index.name))} · {kind} index of {md.text(table.name)} in "
        f"{_location(found.document, index.name_span.start.line, code_path)}"
    )
    facts = [f"key: {_key_text(index.key, table)}", f"projection: {_projection(index)}"]
    if index.capacity is not None:
        facts.append(
            f"capacity: {format_count(index.capacity.read)} RCU / {format_count(index.capacity.write)} WCU"
        )
    patterns = _patterns_on(table, index.name)
    facts.append(
        "access patterns on it: "
        + (", ".join(f"{md.text(p.name)} ({p.op})" for p in patterns) if patterns else "none")
    )
    return md.blocks(head, md.bullets(facts))


# --------------------------------------------------------------------------- entry point


def code_hover_at(
    text: str, path: str, specs: SpecSet, line: int, column: int, *, origin: str | None = None
) -> HoverResult | None:
    """The hover at a 0-based line and code-point column of a Python file checked against
    ``specs``; None when nothing there has one (or the file does not parse)."""
    context = read_python(text, path, specs)
    if context is None:
        return None
    return CodeHovers(context, origin=origin).at(line, column)
