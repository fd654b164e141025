"""The condition grammar, shared by ConditionExpression, FilterExpression and (with more
rules on top) KeyConditionExpression, read into a small syntax tree.

    condition  ::= operand comparator operand
                 | operand BETWEEN operand AND operand
                 | operand IN ( operand, ... )
                 | function ( operand, ... )
                 | condition AND condition | condition OR condition
                 | NOT condition | ( condition )
    comparator ::= = | <> | < | <= | > | >=
    operand    ::= path | :value | size ( path ) | ( operand )

Precedence, highest first: comparisons, NOT, AND, OR. DynamoDB rejects a pair of
parentheses directly around another (``((a = :v))``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ddb_architect.code.expressions.cursor import Cursor
from ddb_architect.code.expressions.functions import (
    CONDITION_FUNCTIONS,
    UPDATE_FUNCTIONS,
    arity_message,
    unknown_function_message,
)
from ddb_architect.code.expressions.model import Path, Segment
from ddb_architect.code.expressions.tokens import Token, TokenKind

CONDITION_KEYWORDS = frozenset({"AND", "OR", "NOT", "BETWEEN", "IN"})
MAX_IN_VALUES = 100
COMPARISONS = "a comparison operator (=, <>, <, <=, >, >=), BETWEEN or IN"


@dataclass(frozen=True)
class PathOperand:
    path: Path

    @property
    def segment(self) -> Segment:
        return self.path.segment


@dataclass(frozen=True)
class ValueOperand:
    segment: Segment


@dataclass(frozen=True)
class CallOperand:
    """A function call where a value is expected: ``size(a)``, or a misused function."""

    name: Token
    arguments: tuple[Operand, ...]
    segment: Segment


Operand = PathOperand | ValueOperand | CallOperand


@dataclass(frozen=True)
class Comparison:
    left: Operand
    operator: Token
    right: Operand


@dataclass(frozen=True)
class Between:
    subject: Operand
    keyword: Token
    low: Operand
    high: Operand


@dataclass(frozen=True)
class In:
    subject: Operand
    keyword: Token
    options: tuple[Operand, ...]


@dataclass(frozen=True)
class FunctionCondition:
    name: Token
    arguments: tuple[Operand, ...]


@dataclass(frozen=True)
class Not:
    keyword: Token
    condition: Condition


@dataclass(frozen=True)
class Logical:
    """``AND`` or ``OR``."""

    keyword: Token
    left: Condition
    right: Condition


@dataclass(frozen=True)
class Group:
    condition: Condition


Condition = Comparison | Between | In | FunctionCondition | Not | Logical | Group

BOOLEAN_FUNCTIONS = frozenset(name for name in CONDITION_FUNCTIONS if name != "size")


class ConditionParser(Cursor):
    """Reads a condition; ``where`` names the expression in messages."""

    keywords = CONDITION_KEYWORDS

    def __init__(self, text: str, tokens: list[Token], where: str = "a condition expression") -> None:
        super().__init__(text, tokens)
        self.where = where

    def parse(self) -> Condition:
        condition = self.parse_or()
        if not self.at_end():
            self.unexpected("AND, OR or the end of the expression")
        return condition

    def parse_or(self) -> Condition:
        left = self.parse_and()
        while self.peek().is_word("OR"):
            keyword = self.advance()
            left = Logical(keyword, left, self.parse_and())
        return left

    def parse_and(self) -> Condition:
        left = self.parse_not()
        while self.peek().is_word("AND"):
            keyword = self.advance()
            left = Logical(keyword, left, self.parse_not())
        return left

    def parse_not(self) -> Condition:
        if self.peek().is_word("NOT"):
            keyword = self.advance()
            return Not(keyword, self.parse_primary())
        return self.parse_primary()

    def parse_primary(self) -> Condition:
        token = self.peek()
        if token.kind is TokenKind.LPAREN:
            if self._compared(self.closing_of(self.pos)):
                return self.parse_comparison(self.parse_operand())  # a parenthesised operand
            self.advance()
            inner = self.parse_or()
            if not self.at(TokenKind.RPAREN):
                self.unexpected("AND, OR or ')'")
            self.advance()
            return Group(inner)
        if self.at_call():
            call = self.parse_call()
            name = call.name.text
            known = name in CONDITION_FUNCTIONS
            if name in BOOLEAN_FUNCTIONS or (not known and not self._compared(self.peek())):
                if known and self._compared(self.peek()):
                    self.report_at(call.name, f"{name}() is a condition, not a value: it cannot be compared")
                    return self.parse_comparison(call)
                return FunctionCondition(call.name, call.arguments)
            return self.parse_comparison(call)
        return self.parse_comparison(self.parse_operand())

    def parse_comparison(self, left: Operand) -> Condition:
        token = self.peek()
        if token.kind is TokenKind.COMPARATOR:
            self.advance()
            return Comparison(left, token, self.parse_operand())
        if token.is_word("BETWEEN"):
            self.advance()
            low = self.parse_operand()
            if not self.peek().is_word("AND"):
                self.unexpected("AND")
            self.advance()
            return Between(left, token, low, self.parse_operand())
        if token.is_word("IN"):
            self.advance()
            self.expect(TokenKind.LPAREN, "'(' and the values to compare with")
            options = [self.parse_operand()]
            while self.at(TokenKind.COMMA):
                self.advance()
                options.append(self.parse_operand())
            self.expect(TokenKind.RPAREN, "',' or ')'")
            if len(options) > MAX_IN_VALUES:
                extra = options[MAX_IN_VALUES].segment
                self.report(
                    f"IN takes at most {MAX_IN_VALUES} values, not {len(options)}", extra.start, extra.end
                )
            return In(left, token, tuple(options))
        if isinstance(left, CallOperand) and left.name.text == "size":
            self.fail(
                f"size() is a value, not a condition: compare it, like {left.segment.text} > :n",
                left.segment.start,
                left.segment.end,
            )
        previous = self.previous()
        if (
            token.kind in (TokenKind.MINUS, TokenKind.PLUS)
            and previous is not None
            and previous.end == token.start
            and previous.kind is TokenKind.NAME
        ):
            self.fail_at(
                token,
                f"'{token.text}' cannot be part of an attribute name in an expression: "
                "use an expression attribute name (#name) for it",
            )
        return self.unexpected(COMPARISONS)

    def parse_operand(self) -> Operand:
        token = self.peek()
        if token.kind is TokenKind.LPAREN:
            self.advance()
            inner = self.parse_operand()
            self.expect(TokenKind.RPAREN, "')'")
            return inner
        if token.kind is TokenKind.VALUE_PLACEHOLDER:
            self.advance()
            return ValueOperand(self.segment(token.start, token.end))
        if self.at_path():
            return PathOperand(self.parse_path())
        if self.at_call():
            call = self.parse_call()
            if call.name.text in BOOLEAN_FUNCTIONS:
                self.report_at(
                    call.name, f"{call.name.text}() is a condition, not a value: it cannot be an operand"
                )
            return call
        return self.not_a_path("an operand")

    def at_call(self) -> bool:
        token = self.peek()
        return (
            token.kind is TokenKind.NAME
            and not token.is_word(*self.keywords)
            and self.peek(1).kind is TokenKind.LPAREN
        )

    def parse_call(self) -> CallOperand:
        name = self.advance()
        self.advance()  # '('
        arguments: list[Operand] = []
        if not self.at(TokenKind.RPAREN):
            arguments.append(self.parse_operand())
            while self.at(TokenKind.COMMA):
                self.advance()
                arguments.append(self.parse_operand())
        closing = self.expect(TokenKind.RPAREN, "',' or ')'")
        call = CallOperand(name, tuple(arguments), self.segment(name.start, closing.end))
        self._check_call(call)
        return call

    def _check_call(self, call: CallOperand) -> None:
        name = call.name.text
        if name not in CONDITION_FUNCTIONS:
            self.report_at(
                call.name, unknown_function_message(name, CONDITION_FUNCTIONS, UPDATE_FUNCTIONS, self.where)
            )
            return
        if len(call.arguments) != CONDITION_FUNCTIONS[name]:
            self.report_at(call.name, arity_message(name, CONDITION_FUNCTIONS[name], len(call.arguments)))
            return
        for argument in call.arguments:
            if isinstance(argument, CallOperand):
                self.report(
                    f"a function cannot be an argument of {name}()",
                    argument.segment.start,
                    argument.segment.end,
                )
                return
        first = call.arguments[0]
        if name in ("attribute_exists", "attribute_not_exists", "attribute_type") and not isinstance(
            first, PathOperand
        ):
            self.report(
                f"{name}() needs a document path, not a value", first.segment.start, first.segment.end
            )
        if name == "attribute_type" and not isinstance(call.arguments[1], ValueOperand):
            second = call.arguments[1].segment
            self.report(
                "the second argument of attribute_type() must be an expression attribute value (:type) "
                "holding a type name such as S, N or L",
                second.start,
                second.end,
            )

    def _compared(self, token: Token) -> bool:
        """Whether ``token`` continues a comparison (so what precedes it is an operand)."""
        return token.kind is TokenKind.COMPARATOR or token.is_word("BETWEEN", "IN")
