"""The update grammar.

update  ::= clause clause ...            (each of SET, REMOVE, ADD, DELETE at most once)
clause  ::= SET path = value, ...
          | REMOVE path, ...
          | ADD path :value, ...
          | DELETE path :value, ...
value   ::= operand | operand + operand | operand - operand | ( value )
operand ::= path | :value | if_not_exists ( path, operand )
          | list_append ( operand, operand ) | ( operand )
"""

from __future__ import annotations

from typing import Literal

from ddb_architect.code.expressions.cursor import Cursor
from ddb_architect.code.expressions.functions import (
    CONDITION_FUNCTIONS,
    UPDATE_FUNCTIONS,
    arity_message,
    unknown_function_message,
)
from ddb_architect.code.expressions.model import UpdateAction
from ddb_architect.code.expressions.overlaps import check_overlaps
from ddb_architect.code.expressions.tokens import Token, TokenKind

Clause = Literal["SET", "REMOVE", "ADD", "DELETE"]
CLAUSES: tuple[Clause, ...] = ("SET", "REMOVE", "ADD", "DELETE")
OperandKind = Literal["path", "value", "function"]


class UpdateParser(Cursor):
    keywords = frozenset(CLAUSES)

    def __init__(self, text: str, tokens: list[Token]) -> None:
        super().__init__(text, tokens)
        self.actions: list[UpdateAction] = []

    def parse(self) -> None:
        if not self.peek().is_word(*CLAUSES):
            token = self.peek()
            if token.kind is TokenKind.INVALID:
                self.fail_at(token, token.problem)
            self.fail_at(
                token, f"an update expression starts with SET, REMOVE, ADD or DELETE, not '{token.text}'"
            )
        seen: set[str] = set()
        while not self.at_end():
            keyword = self.peek()
            if not keyword.is_word(*CLAUSES):
                self.unexpected("',' or a new clause (SET, REMOVE, ADD or DELETE)")
            self.advance()
            clause = _clause(keyword.text)
            if clause in seen:
                self.report_at(
                    keyword,
                    f"the {clause} clause appears twice: an update expression may use each of SET, REMOVE, ADD and DELETE once",
                )
            seen.add(clause)
            self.parse_action(clause)
            while self.at(TokenKind.COMMA):
                self.advance()
                self.parse_action(clause)
        check_overlaps(self, [action.path for action in self.actions])

    def parse_action(self, clause: Clause) -> None:
        if not self.at_path():
            self.not_a_path("a document path")
        path = self.parse_path()
        value = None
        if clause == "SET":
            equals = self.peek()
            if not (equals.kind is TokenKind.COMPARATOR and equals.text == "="):
                if equals.kind is TokenKind.INVALID:
                    self.fail_at(equals, equals.problem)
                where = path.segment if equals.kind is TokenKind.EOF else equals
                self.fail(f"missing '=' in SET action after '{path.text}'", where.start, where.end)
            self.advance()
            start = self.peek().start
            self.parse_value()
            value = self.segment(start, self.tokens[self.pos - 1].end)
        elif clause in ("ADD", "DELETE"):
            token = self.peek()
            if token.kind is TokenKind.COMPARATOR and token.text == "=":
                self.fail_at(token, f"{clause} takes no '=': write {clause} {path.text} :value")
            if token.kind is not TokenKind.VALUE_PLACEHOLDER:
                self.unexpected("an expression attribute value (:value)")
            self.advance()
            value = self.segment(token.start, token.end)
        self.actions.append(UpdateAction(clause, path, value))

    def parse_value(self) -> None:
        if self.at(TokenKind.LPAREN) and self.closing_of(self.pos).kind not in (
            TokenKind.PLUS,
            TokenKind.MINUS,
        ):
            self.advance()  # parentheses round the whole value
            self.parse_value()
            self.expect(TokenKind.RPAREN, "')'")
            return
        self.parse_operand()
        if self.at(TokenKind.PLUS) or self.at(TokenKind.MINUS):
            self.advance()
            self.parse_operand()
            if self.at(TokenKind.PLUS) or self.at(TokenKind.MINUS):
                self.fail_at(
                    self.peek(),
                    "a SET action adds or subtracts two operands at most: 'a + b', not 'a + b + c'",
                )

    def parse_operand(self) -> OperandKind:
        token = self.peek()
        if token.kind is TokenKind.LPAREN:
            self.advance()
            kind = self.parse_operand()
            self.expect(TokenKind.RPAREN, "')'")
            return kind
        if token.kind is TokenKind.VALUE_PLACEHOLDER:
            self.advance()
            return "value"
        if self.at_path():
            self.parse_path()
            return "path"
        if (
            token.kind is TokenKind.NAME
            and not token.is_word(*CLAUSES)
            and self.peek(1).kind is TokenKind.LPAREN
        ):
            self.parse_call()
            return "function"
        return self.not_a_path("an operand")

    def parse_call(self) -> None:
        name = self.advance()
        self.advance()  # '('
        arguments: list[tuple[OperandKind, int, int]] = []
        if not self.at(TokenKind.RPAREN):
            arguments.append(self._argument())
            while self.at(TokenKind.COMMA):
                self.advance()
                arguments.append(self._argument())
        self.expect(TokenKind.RPAREN, "',' or ')'")
        if name.text not in UPDATE_FUNCTIONS:
            self.report_at(
                name,
                unknown_function_message(
                    name.text, UPDATE_FUNCTIONS, CONDITION_FUNCTIONS, "an update expression"
                ),
            )
        elif len(arguments) != UPDATE_FUNCTIONS[name.text]:
            self.report_at(name, arity_message(name.text, UPDATE_FUNCTIONS[name.text], len(arguments)))
        elif name.text == "if_not_exists" and arguments[0][0] != "path":
            _, start, end = arguments[0]
            self.report("if_not_exists() needs a document path as its first argument", start, end)

    def _argument(self) -> tuple[OperandKind, int, int]:
        start = self.peek().start
        kind = self.parse_operand()
        return kind, start, self.tokens[self.pos - 1].end


def _clause(word: str) -> Clause:
    upper = word.upper()
    for clause in CLAUSES:
        if clause == upper:
            return clause
    raise ValueError(word)
