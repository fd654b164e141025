"""What parsing a DynamoDB expression yields: the pieces of the text it found, with their
offsets, and the syntax errors DynamoDB would reject the expression for."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal


class ExpressionKind(enum.Enum):
    """The grammar an expression string is written in.

    ``CONDITION`` covers both ``ConditionExpression`` and ``FilterExpression``: they share
    one grammar.
    """

    KEY_CONDITION = "key condition"
    CONDITION = "condition"
    UPDATE = "update"
    PROJECTION = "projection"


@dataclass(frozen=True)
class Segment:
    """A piece of the expression text; offsets in code points, end exclusive."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class PathElement:
    """One element of a document path: a bare name (``status``), a name placeholder
    (``#st``) or a list index (``[0]``, brackets included)."""

    kind: Literal["name", "placeholder", "index"]
    segment: Segment


@dataclass(frozen=True)
class Path:
    """A document path such as ``a.#b[0].c``."""

    elements: tuple[PathElement, ...]
    segment: Segment

    @property
    def text(self) -> str:
        return self.segment.text

    @property
    def is_nested(self) -> bool:
        """Whether the path goes below a top-level attribute."""
        return len(self.elements) > 1


@dataclass(frozen=True)
class ExpressionError:
    """Why DynamoDB would reject the expression, and where (offsets in code points)."""

    message: str
    start: int
    end: int


@dataclass(frozen=True)
class KeyTerm:
    """One comparison of a key condition: ``#pk = :v``, ``sk BETWEEN :a AND :b``,
    ``begins_with(sk, :p)``.

    ``op`` is one of ``=``, ``<``, ``<=``, ``>``, ``>=``, ``BETWEEN``, ``begins_with``.
    When the value is written first (``:v < sk``) the comparison is turned round so that
    it reads from the key attribute (``sk > :v``).
    """

    path: Path
    op: str
    operands: tuple[Segment, ...]


@dataclass(frozen=True)
class UpdateAction:
    """One action of an update expression and the attribute it writes.

    ``value`` is the text of what a SET assigns, or of the value ADD or DELETE applies;
    None for REMOVE.
    """

    clause: Literal["SET", "REMOVE", "ADD", "DELETE"]
    path: Path
    value: Segment | None = None


@dataclass
class ParsedExpression:
    """An expression string, taken apart.

    ``name_placeholders`` and ``value_placeholders`` list every occurrence in the text,
    even after a syntax error. ``paths`` and ``reserved`` list what was parsed before the
    first error that stopped the parser.
    """

    kind: ExpressionKind
    text: str
    errors: list[ExpressionError]
    paths: list[Path]
    name_placeholders: list[Segment]
    value_placeholders: list[Segment]
    reserved: list[Segment]
    key_terms: list[KeyTerm]
    update_actions: list[UpdateAction]

    @property
    def valid(self) -> bool:
        return not self.errors
