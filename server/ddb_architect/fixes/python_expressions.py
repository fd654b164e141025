"""String expressions written for the quick fixes: placeholders that do not clash with a
call's own, ``Key()``/``Attr()`` conditions turned into condition strings, and the legacy
parameters (``ScanFilter``, ``KeyConditions``, ``AttributesToGet``, ``Expected``,
``AttributeUpdates``) turned into expressions. Values keep the text the code wrote them
with; for a plain client a value is wrapped in its type (``{"S": ...}``)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from ddb_architect.code.calls import DynamoCall
from ddb_architect.code.expression_args import CallExpressions
from ddb_architect.code.objects import ConditionFunction
from ddb_architect.code.resolve import Resolver
from ddb_architect.code.specs import SpecTable
from ddb_architect.fixes.python_edits import PythonText, bare_name_ok, placeholder_word, string_literal


def attribute_type(table: SpecTable | None, attribute: str) -> str | None:
    """The type the spec gives an attribute (S, N, B...): the table's ``attributes``
    for a key, else the entities' fields when they agree; None when unknown."""
    if table is None:
        return None
    declared = table.table.attributes.get(attribute)
    if declared is not None:
        return str(declared)
    types = {
        str(entity.fields[attribute].type)
        for entity in table.table.entities.values()
        if attribute in entity.fields and entity.fields[attribute].type is not None
    }
    if len(types) == 1:
        return types.pop()
    if attribute in table.table.key_attributes():
        return "S"
    return None


def known_attribute(table: SpecTable | None, attribute: str) -> bool:
    if table is None:
        return False
    spec = table.table
    return (
        attribute in spec.attributes
        or attribute in spec.key_attributes()
        or any(attribute in e.keys or attribute in e.fields for e in spec.entities.values())
    )


@dataclass
class PlaceholderSet:
    """The placeholders a rewrite of one call adds, kept apart from those it has."""

    expressions: CallExpressions
    quote: str = '"'
    new_names: dict[str, str] = field(default_factory=dict)
    """``#placeholder`` → attribute name."""
    new_values: dict[str, str] = field(default_factory=dict)
    """``:placeholder`` → the value's source text."""
    taken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for found in (self.expressions.names, self.expressions.values):
            if found is not None:
                self.taken.update(found.keys)
        for expression in self.expressions.strings:
            self.taken.update(s.text for s in expression.parsed.name_placeholders)
            self.taken.update(s.text for s in expression.parsed.value_placeholders)

    def _fresh(self, base: str) -> str:
        if base not in self.taken:
            self.taken.add(base)
            return base
        number = 2
        while f"{base}_{number}" in self.taken:
            number += 1
        self.taken.add(f"{base}_{number}")
        return f"{base}_{number}"

    def name(self, attribute: str) -> str:
        """How an expression writes the attribute: as it is, or through a placeholder
        (an existing one for the same attribute when the call has it)."""
        if bare_name_ok(attribute):
            return attribute
        existing = self.expressions.names
        if existing is not None:
            for placeholder, value in existing.values.items():
                if isinstance(value, ast.Constant) and value.value == attribute:
                    return placeholder
        for placeholder, name in self.new_names.items():
            if name == attribute:
                return placeholder
        placeholder = self._fresh("#" + placeholder_word(attribute))
        self.new_names[placeholder] = attribute
        return placeholder

    def value(self, attribute: str, text: str) -> str:
        placeholder = self._fresh(":" + placeholder_word(attribute))
        self.new_values[placeholder] = text
        return placeholder

    def names_entries(self) -> list[str]:
        q = self.quote
        return [f"{string_literal(p, q)}: {string_literal(a, q)}" for p, a in self.new_names.items()]

    def values_entries(self) -> list[str]:
        return [f"{string_literal(p, self.quote)}: {text}" for p, text in self.new_values.items()]


# ----- Key() / Attr() conditions


COMPARISONS = {"eq": "=", "ne": "<>", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
FUNCTIONS = {"begins_with": "begins_with", "contains": "contains", "attribute_type": "attribute_type"}
EXISTENCE = {"exists": "attribute_exists", "not_exists": "attribute_not_exists"}


@dataclass
class ConditionWriter:
    """Turns a ``Key()``/``Attr()`` condition written in the call into a string
    expression, adding its names and values to ``placeholders``."""

    document: PythonText
    resolver: Resolver
    placeholders: PlaceholderSet
    value_text: Callable[[str | None, ast.expr], str | None]
    """The text of a value compared with an attribute (typed for a plain client); the
    attribute is None for a value that is not the attribute's (a type name)."""

    def write(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            word = "AND" if isinstance(node.op, ast.BitAnd) else "OR"
            left = self._operand(node.left, node.op)
            right = self._operand(node.right, node.op)
            if left is None or right is None:
                return None
            return f"{left} {word} {right}"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
            inner = self.write(node.operand)
            if inner is None:
                return None
            return f"NOT ({inner})" if isinstance(node.operand, ast.BinOp) else f"NOT {inner}"
        if isinstance(node, ast.Call):
            return self._term(node)
        return None

    def _operand(self, node: ast.expr, op: ast.operator) -> str | None:
        text = self.write(node)
        if text is None:
            return None
        if isinstance(node, ast.BinOp) and type(node.op) is not type(op):
            return f"({text})"
        return text

    def _term(self, node: ast.Call) -> str | None:
        func = node.func
        if not isinstance(func, ast.Attribute) or node.keywords:
            return None
        builder = func.value
        if not (isinstance(builder, ast.Call) and len(builder.args) == 1 and not builder.keywords):
            return None
        kind = self.resolver.evaluate(builder.func, self.resolver.scope_of(builder))
        argument = builder.args[0]
        if not (
            isinstance(kind, ConditionFunction)
            and isinstance(argument, ast.Constant)
            and isinstance(argument.value, str)
        ):
            return None
        attribute = argument.value
        if not attribute or "." in attribute or "[" in attribute:
            return None  # boto3 reads these as document paths
        method = func.attr
        name = self.placeholders.name(attribute)
        args = node.args
        if any(isinstance(a, ast.Starred) for a in args):
            return None
        if method in COMPARISONS and len(args) == 1:
            value = self._value(attribute, args[0])
            return None if value is None else f"{name} {COMPARISONS[method]} {value}"
        if method == "between" and len(args) == 2:
            low, high = self._value(attribute, args[0]), self._value(attribute, args[1])
            return None if low is None or high is None else f"{name} BETWEEN {low} AND {high}"
        if method in FUNCTIONS and len(args) == 1:
            if method == "attribute_type":
                value = self._value("type", args[0], of=None)
            else:
                value = self._value(attribute, args[0])
            return None if value is None else f"{FUNCTIONS[method]}({name}, {value})"
        if method in EXISTENCE and not args:
            return f"{EXISTENCE[method]}({name})"
        if method == "is_in" and len(args) == 1 and isinstance(args[0], (ast.List, ast.Tuple)):
            values = [self._value(attribute, element) for element in args[0].elts]
            if not values or any(v is None for v in values):
                return None
            return f"{name} IN ({', '.join(v for v in values if v is not None)})"
        return None

    def _value(self, hint: str, node: ast.expr, of: str | None = "") -> str | None:
        """A placeholder for the value, named after ``hint``; ``of`` is the attribute the
        value is compared with (``hint`` unless given)."""
        text = self.value_text(hint if of == "" else of, node)
        if text is None:
            return None
        return self.placeholders.value(hint, text)


def typed_value(document: PythonText, node: ast.expr, spec_type: str | None, quote: str = '"') -> str | None:
    """The text of a value wrapped in its DynamoDB type for a plain client: a literal's
    own type, else the spec's (S unless it says N or B)."""
    text = document.segment(node)
    if "\n" in text:
        return None

    def typed(kind: str, value: str) -> str:
        return f"{{{string_literal(kind, quote)}: {value}}}"

    number = node.operand if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) else node
    if (
        isinstance(number, ast.Constant)
        and isinstance(number.value, (int, float))
        and not isinstance(number.value, bool)
    ):
        return typed("N", string_literal("".join(text.split()).replace("_", ""), quote))
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            return typed("BOOL", text)
        if value is None:
            return typed("NULL", "True")
        if isinstance(value, bytes):
            return typed("B", text)
        if isinstance(value, str):
            return typed("N" if spec_type == "N" else "S", text)
        return None
    if spec_type == "N":
        return typed("N", f"str({text})")
    if spec_type == "B":
        return typed("B", text)
    return typed("S", text)


# ----- legacy parameters


LEGACY_COMPARISONS = {"EQ": "=", "NE": "<>", "LT": "<", "LE": "<=", "GT": ">", "GE": ">="}
LEGACY_TARGET = {
    "ScanFilter": "FilterExpression",
    "QueryFilter": "FilterExpression",
    "KeyConditions": "KeyConditionExpression",
    "AttributesToGet": "ProjectionExpression",
    "Expected": "ConditionExpression",
    "AttributeUpdates": "UpdateExpression",
}


def _string_keyed(node: ast.expr) -> list[tuple[str, ast.expr]] | None:
    if not isinstance(node, ast.Dict):
        return None
    entries = []
    for key, value in zip(node.keys, node.values, strict=True):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        entries.append((key.value, value))
    return entries


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


@dataclass
class LegacyWriter:
    """Writes a legacy parameter's value as the expression that replaces it."""

    document: PythonText
    placeholders: PlaceholderSet

    def _value(self, attribute: str, node: ast.expr) -> str | None:
        text = self.document.segment(node)
        if "\n" in text:
            return None
        return self.placeholders.value(attribute, text)

    def comparison(self, attribute: str, operator: str, values: list[ast.expr]) -> str | None:
        name = self.placeholders.name(attribute)
        count = len(values)
        if operator in LEGACY_COMPARISONS and count == 1:
            value = self._value(attribute, values[0])
            return None if value is None else f"{name} {LEGACY_COMPARISONS[operator]} {value}"
        if operator == "BETWEEN" and count == 2:
            low, high = self._value(attribute, values[0]), self._value(attribute, values[1])
            return None if low is None or high is None else f"{name} BETWEEN {low} AND {high}"
        if operator in ("BEGINS_WITH", "CONTAINS", "NOT_CONTAINS") and count == 1:
            value = self._value(attribute, values[0])
            if value is None:
                return None
            function = "begins_with" if operator == "BEGINS_WITH" else "contains"
            text = f"{function}({name}, {value})"
            return f"NOT {text}" if operator == "NOT_CONTAINS" else text
        if operator in ("NULL", "NOT_NULL") and count == 0:
            return f"attribute_{'not_' if operator == 'NULL' else ''}exists({name})"
        if operator == "IN" and count >= 1:
            written = [self._value(attribute, v) for v in values]
            if any(w is None for w in written):
                return None
            return f"{name} IN ({', '.join(w for w in written if w is not None)})"
        return None

    def condition(self, attribute: str, node: ast.expr, expected: bool) -> str | None:
        """One attribute's condition of a filter, key condition or ``Expected``."""
        entries = _string_keyed(node)
        if entries is None:
            return None
        fields = dict(entries)
        allowed = {"ComparisonOperator", "AttributeValueList"}
        if expected:
            allowed |= {"Value", "Exists"}
        if set(fields) - allowed:
            return None
        operator = _string(fields.get("ComparisonOperator"))
        if operator is not None:
            if "Value" in fields or "Exists" in fields:
                return None
            listed = fields.get("AttributeValueList")
            if listed is None:
                values: list[ast.expr] = []
            elif isinstance(listed, (ast.List, ast.Tuple)):
                values = list(listed.elts)
            else:
                return None
            return self.comparison(attribute, operator, values)
        if not expected or "AttributeValueList" in fields or "ComparisonOperator" in fields:
            return None
        exists = fields.get("Exists")
        exists_value = exists.value if isinstance(exists, ast.Constant) else None
        if exists is not None and not isinstance(exists_value, bool):
            return None
        if "Value" in fields and exists_value is not False:
            return self.comparison(attribute, "EQ", [fields["Value"]])
        if exists_value is False and "Value" not in fields:
            return f"attribute_not_exists({self.placeholders.name(attribute)})"
        return None

    def conditions(self, node: ast.expr, joiner: str, expected: bool = False) -> str | None:
        entries = _string_keyed(node)
        if not entries:
            return None
        parts = [self.condition(attribute, value, expected) for attribute, value in entries]
        if any(p is None for p in parts):
            return None
        return f" {joiner} ".join(p for p in parts if p is not None)

    def projection(self, node: ast.expr) -> str | None:
        if not isinstance(node, (ast.List, ast.Tuple)) or not node.elts:
            return None
        names = [_string(e) for e in node.elts]
        if any(not n for n in names):
            return None
        return ", ".join(self.placeholders.name(n) for n in names if n)

    def update(self, node: ast.expr) -> str | None:
        entries = _string_keyed(node)
        if not entries:
            return None
        clauses: dict[str, list[str]] = {"SET": [], "REMOVE": [], "ADD": [], "DELETE": []}
        for attribute, spec in entries:
            fields_list = _string_keyed(spec)
            if fields_list is None:
                return None
            fields = dict(fields_list)
            if set(fields) - {"Value", "Action"}:
                return None
            action = _string(fields.get("Action")) if "Action" in fields else "PUT"
            name = self.placeholders.name(attribute)
            value_node = fields.get("Value")
            if action == "PUT" and value_node is not None:
                value = self._value(attribute, value_node)
                if value is None:
                    return None
                clauses["SET"].append(f"{name} = {value}")
            elif action == "DELETE" and value_node is None:
                clauses["REMOVE"].append(name)
            elif action in ("ADD", "DELETE") and value_node is not None:
                value = self._value(attribute, value_node)
                if value is None:
                    return None
                clauses[action].append(f"{name} {value}")
            else:
                return None
        return " ".join(f"{clause} {', '.join(items)}" for clause, items in clauses.items() if items)


def legacy_expression(writer: LegacyWriter, parameter: str, node: ast.expr, joiner: str) -> str | None:
    """The expression that replaces one legacy parameter's value."""
    if parameter in ("ScanFilter", "QueryFilter"):
        return writer.conditions(node, joiner)
    if parameter == "KeyConditions":
        return writer.conditions(node, "AND")
    if parameter == "Expected":
        return writer.conditions(node, joiner, expected=True)
    if parameter == "AttributesToGet":
        return writer.projection(node)
    if parameter == "AttributeUpdates":
        return writer.update(node)
    return None


def placeholders_for(call: DynamoCall, expressions: CallExpressions, quote: str) -> PlaceholderSet | None:
    """A placeholder set for rewriting a call; None when its placeholder dictionaries
    cannot be read (a new one could clash)."""
    if expressions.names_unknown or expressions.values_unknown:
        return None
    return PlaceholderSet(expressions, quote)
