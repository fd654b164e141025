"""What every expression grammar shares: walking the tokens, reporting errors where they
are, checking parentheses, and reading document paths."""

from __future__ import annotations

from typing import NoReturn

from ddb_architect.code.expressions.model import ExpressionError, Path, PathElement, Segment
from ddb_architect.code.expressions.reserved import is_reserved
from ddb_architect.code.expressions.tokens import Token, TokenKind

# Deep enough for any real expression, shallow enough for a recursive parser.
MAX_NESTING = 64

KEYWORDS = frozenset({"AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"})

_DIGITS = frozenset("0123456789")


class ParseFailure(Exception):
    """An error after which the parser cannot go on and stay correct."""

    def __init__(self, error: ExpressionError) -> None:
        super().__init__(error.message)
        self.error = error


def describe(token: Token) -> str:
    """A token as an error message names it."""
    if token.kind is TokenKind.EOF:
        return "the end of the expression"
    if token.is_word(*KEYWORDS):
        return token.text.upper()
    return f"'{token.text}'"


class Cursor:
    """A position in the tokens, and what has been found so far.

    ``keywords`` are the words the grammar reserves for itself: where one stands, no
    document path starts.
    """

    keywords: frozenset[str] = KEYWORDS

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.errors: list[ExpressionError] = []
        self.paths: list[Path] = []
        self.reserved: list[Segment] = []
        self.closing: dict[int, int] = {}  # index of each '(' token -> index of its ')'

    # -- walking -------------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.peek()
        if token.kind is not TokenKind.EOF:
            self.pos += 1
        return token

    def previous(self) -> Token | None:
        return self.tokens[self.pos - 1] if self.pos > 0 else None

    def at(self, kind: TokenKind) -> bool:
        return self.peek().kind is kind

    def at_end(self) -> bool:
        return self.at(TokenKind.EOF)

    def segment(self, start: int, end: int) -> Segment:
        return Segment(self.text[start:end], start, end)

    # -- errors --------------------------------------------------------------------------

    def report(self, message: str, start: int, end: int) -> None:
        """Record an error the parser can go on after."""
        self.errors.append(ExpressionError(message, start, end))

    def report_at(self, token: Token, message: str) -> None:
        self.report(message, token.start, token.end)

    def fail(self, message: str, start: int, end: int) -> NoReturn:
        raise ParseFailure(ExpressionError(message, start, end))

    def fail_at(self, token: Token, message: str) -> NoReturn:
        self.fail(message, token.start, token.end)

    def unexpected(self, expected: str) -> NoReturn:
        """Stop at the current token, which is not what the grammar needs here."""
        token = self.peek()
        if token.kind is TokenKind.INVALID:
            self.fail_at(token, token.problem)
        previous = self.previous()
        after = f" after {describe(previous)}" if previous is not None else ""
        if token.kind is TokenKind.EOF:
            # Nothing to point at: point at what the expression ends with.
            if previous is not None:
                self.fail_at(previous, f"expected {expected}{after}")
            self.fail(f"expected {expected}", 0, len(self.text))
        self.fail_at(token, f"expected {expected}{after}, found {describe(token)}")

    def expect(self, kind: TokenKind, expected: str) -> Token:
        if not self.at(kind):
            self.unexpected(expected)
        return self.advance()

    # -- parentheses ---------------------------------------------------------------------

    def check_parentheses(self) -> None:
        """Match every parenthesis before parsing, so that a missing one is reported where
        it is missing, and report the doubled parentheses DynamoDB rejects."""
        stack: list[int] = []
        for index, token in enumerate(self.tokens):
            if token.kind is TokenKind.LPAREN:
                stack.append(index)
                if len(stack) > MAX_NESTING:
                    self.fail_at(token, f"parentheses nested more than {MAX_NESTING} deep")
            elif token.kind is TokenKind.RPAREN:
                if not stack:
                    self.fail_at(token, "unbalanced parenthesis: this ')' has no matching '('")
                self.closing[stack.pop()] = index
        if stack:
            self.fail_at(self.tokens[stack[-1]], "unbalanced parenthesis: this '(' is never closed")
        inner_of_redundant: set[int] = set()
        for open_index in sorted(self.closing):
            inner = open_index + 1
            if self.closing.get(inner) == self.closing[open_index] - 1:
                if open_index not in inner_of_redundant:
                    self.report(
                        "redundant parentheses: DynamoDB rejects '((…))', a pair of parentheses "
                        "directly around another",
                        self.tokens[open_index].start,
                        self.tokens[inner].end,
                    )
                inner_of_redundant.add(inner)

    def closing_of(self, open_index: int) -> Token:
        """The token just after the ')' that closes the '(' at ``open_index``."""
        return self.tokens[min(self.closing[open_index] + 1, len(self.tokens) - 1)]

    # -- document paths ------------------------------------------------------------------

    def at_path(self) -> bool:
        """Whether a document path starts here (a name that is not a keyword or a
        function call, or a name placeholder)."""
        token = self.peek()
        if token.kind is TokenKind.NAME_PLACEHOLDER:
            return True
        return (
            token.kind is TokenKind.NAME
            and not token.is_word(*self.keywords)
            and self.peek(1).kind is not TokenKind.LPAREN
        )

    def parse_path(self) -> Path:
        """A document path starting at the current token, which ``at_path`` accepted."""
        first = self.advance()
        elements = [self._element(first)]
        last = first
        while True:
            if self.at(TokenKind.DOT):
                self.advance()
                token = self.peek()
                if token.kind not in (TokenKind.NAME, TokenKind.NAME_PLACEHOLDER):
                    self.unexpected("an attribute name")
                last = self.advance()
                elements.append(self._element(last))
            elif self.at(TokenKind.LBRACKET):
                opening = self.advance()
                index = self.peek()
                if index.kind is not TokenKind.NUMBER or not set(index.text) <= _DIGITS:
                    if index.kind in (TokenKind.EOF, TokenKind.INVALID):
                        self.unexpected("a list index")
                    self.fail_at(index, "a list index must be a whole number, like [0]")
                self.advance()
                last = self.expect(TokenKind.RBRACKET, "']'")
                elements.append(PathElement("index", self.segment(opening.start, last.end)))
            else:
                break
        path = Path(tuple(elements), self.segment(first.start, last.end))
        self.paths.append(path)
        return path

    def _element(self, token: Token) -> PathElement:
        segment = self.segment(token.start, token.end)
        if token.kind is TokenKind.NAME_PLACEHOLDER:
            return PathElement("placeholder", segment)
        if is_reserved(token.text):
            self.reserved.append(segment)
        return PathElement("name", segment)

    def not_a_path(self, expected: str) -> NoReturn:
        """Stop where a path or operand was needed, saying why what is there is not one."""
        token = self.peek()
        if token.kind is TokenKind.NUMBER:
            if set(token.text) <= _DIGITS:
                self.fail_at(
                    token,
                    f"a number cannot be written in an expression: use an expression attribute value (:value) for {token.text}",
                )
            self.fail_at(
                token,
                f"an attribute name in an expression cannot start with a digit: use an expression attribute name (#name) for '{token.text}'",
            )
        self.unexpected(expected)
