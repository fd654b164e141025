"""What a code rule's check receives: the Python file's DynamoDB calls and the specs it is
checked against, with the lookups rules share (a call's spec table and index, its
expressions), each computed once."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ddb_architect.code.calls import DynamoCall, PythonReading
from ddb_architect.code.expression_args import CallExpressions, read_expressions
from ddb_architect.code.objects import StringValue
from ddb_architect.code.source import SourceText
from ddb_architect.code.specs import SpecSet, SpecTable
from ddb_architect.spec.analysis import TableAnalysis, Target


@dataclass
class CodeContext:
    reading: PythonReading
    specs: SpecSet
    path: str = "<python>"
    _tables: dict[int, SpecTable | None] = field(default_factory=dict)
    _expressions: dict[int, CallExpressions] = field(default_factory=dict)
    _analyses: dict[int, TableAnalysis] = field(default_factory=dict)

    @property
    def source(self) -> SourceText:
        return self.reading.source

    @property
    def calls(self) -> list[DynamoCall]:
        return self.reading.calls

    def table_of(self, call: DynamoCall) -> SpecTable | None:
        """The spec table the call uses, when the code names it and a spec declares it."""
        key = id(call)
        if key not in self._tables:
            self._tables[key] = self.specs.find(call.table)
        return self._tables[key]

    def analysis(self, table: SpecTable) -> TableAnalysis:
        key = id(table.table)
        if key not in self._analyses:
            self._analyses[key] = TableAnalysis(table.table)
        return self._analyses[key]

    def index_name(self, call: DynamoCall) -> str | None:
        """The index a call names: a literal, or a constant the reader can follow."""
        argument = call.argument("IndexName")
        if argument is None:
            return None
        return self.string_value(call, argument.value)

    def string_value(self, call: DynamoCall, node: ast.expr) -> str | None:
        """The string an argument holds when it is known statically (a literal or a
        constant)."""
        literal_value = literal_string(node)
        if literal_value is not None:
            return literal_value
        resolver = self.reading.resolver
        value = resolver.evaluate(node, call.scope or resolver.module)
        return value.value if isinstance(value, StringValue) else None

    def target_of(self, call: DynamoCall) -> tuple[SpecTable, Target] | None:
        """The table, or the index the call names, as the spec declares it; None when the
        table is unknown or the index is not declared (DDB702's to say)."""
        table = self.table_of(call)
        if table is None:
            return None
        index = self.index_name(call)
        if call.argument("IndexName") is not None and index is None:
            return None  # an index named by a variable: which one is unknown
        analysis = self.analysis(table)
        if index is None:
            return table, analysis.table_target
        target = analysis.index_target(index)
        return (table, target) if target is not None else None

    def expressions(self, call: DynamoCall) -> CallExpressions:
        key = id(call)
        if key not in self._expressions:
            self._expressions[key] = read_expressions(call, self.reading.resolver)
        return self._expressions[key]


def literal_string(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def literal(node: ast.expr) -> Any:
    """The value of a literal (``ast.literal_eval``), or None when it is not one."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
