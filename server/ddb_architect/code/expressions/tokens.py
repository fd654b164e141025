"""Splitting an expression into tokens, each with its offsets in the text.

The lexer never fails: a character no expression may contain becomes an ``INVALID``
token carrying the reason, and the parser reports it when it gets there. So every
placeholder in the text is found even when the expression is broken.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

WHITESPACE = " \t\r\n"
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")
_WORD = _LETTERS | _DIGITS | {"_"}

USE_NAME_PLACEHOLDER = "use an expression attribute name (#name) for it"
USE_VALUE_PLACEHOLDER = "use an expression attribute value (:value) instead"


class TokenKind(enum.Enum):
    NAME = "name"
    NAME_PLACEHOLDER = "#name"
    VALUE_PLACEHOLDER = ":value"
    NUMBER = "number"
    COMPARATOR = "comparator"
    LPAREN = "("
    RPAREN = ")"
    LBRACKET = "["
    RBRACKET = "]"
    COMMA = ","
    DOT = "."
    PLUS = "+"
    MINUS = "-"
    INVALID = "invalid"
    EOF = "end of expression"


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    start: int
    end: int
    problem: str = ""  # why an INVALID token is not allowed

    def is_word(self, *words: str) -> bool:
        """Whether this is a bare name spelling one of ``words`` (case-insensitive)."""
        return self.kind is TokenKind.NAME and self.text.upper() in words


_SINGLE = {
    "(": TokenKind.LPAREN,
    ")": TokenKind.RPAREN,
    "[": TokenKind.LBRACKET,
    "]": TokenKind.RBRACKET,
    ",": TokenKind.COMMA,
    ".": TokenKind.DOT,
    "+": TokenKind.PLUS,
    "-": TokenKind.MINUS,
}


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, whitespace dropped, ending with an ``EOF`` token."""
    tokens: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char in WHITESPACE:
            i += 1
            continue
        if char in _LETTERS:
            end = _word_end(text, i + 1)
            tokens.append(Token(TokenKind.NAME, text[i:end], i, end))
        elif char in _DIGITS:
            end = _word_end(text, i + 1)
            tokens.append(Token(TokenKind.NUMBER, text[i:end], i, end))
        elif char == "_":
            end = _word_end(text, i + 1)
            problem = f"an attribute name in an expression cannot start with '_': {USE_NAME_PLACEHOLDER}"
            tokens.append(Token(TokenKind.INVALID, text[i:end], i, end, problem))
        elif char in "#:":
            end = _word_end(text, i + 1)
            if end > i + 1:
                kind = TokenKind.NAME_PLACEHOLDER if char == "#" else TokenKind.VALUE_PLACEHOLDER
                tokens.append(Token(kind, text[i:end], i, end))
            else:
                what = "an expression attribute name" if char == "#" else "an expression attribute value"
                problem = f"'{char}' must be followed by the rest of {what}, like {char}name"
                tokens.append(Token(TokenKind.INVALID, char, i, i + 1, problem))
        elif char in "<>=!":
            tokens.append(_comparator(text, i))
        elif char in _SINGLE:
            end = i + 1
            tokens.append(Token(_SINGLE[char], char, i, end))
        elif char in "\"'`":
            problem = f"an expression cannot contain literal values: {USE_VALUE_PLACEHOLDER}"
            tokens.append(Token(TokenKind.INVALID, char, i, i + 1, problem))
        else:
            problem = f"unexpected character {char!r}"
            tokens.append(Token(TokenKind.INVALID, char, i, i + 1, problem))
        i = tokens[-1].end
    tokens.append(Token(TokenKind.EOF, "", n, n))
    return tokens


def _word_end(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WORD:
        i += 1
    return i


def _comparator(text: str, i: int) -> Token:
    pair = text[i : i + 2]
    if pair in ("<>", "<=", ">="):
        return Token(TokenKind.COMPARATOR, pair, i, i + 2)
    if pair == "!=":
        return Token(
            TokenKind.INVALID, pair, i, i + 2, "'!=' is not an operator: DynamoDB writes 'not equal' as '<>'"
        )
    if pair == "==":
        return Token(
            TokenKind.INVALID, pair, i, i + 2, "'==' is not an operator: DynamoDB writes 'equal' as '='"
        )
    if text[i] == "!":
        return Token(
            TokenKind.INVALID, "!", i, i + 1, "unexpected character '!': DynamoDB writes 'not' as NOT"
        )
    return Token(TokenKind.COMPARATOR, text[i], i, i + 1)
