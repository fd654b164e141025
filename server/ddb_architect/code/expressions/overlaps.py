"""Document paths that overlap: DynamoDB rejects an update or projection expression that
names both ``a`` and ``a.b``, or names the same path twice."""

from __future__ import annotations

from ddb_architect.code.expressions.cursor import Cursor
from ddb_architect.code.expressions.model import Path, PathElement


def check_overlaps(cursor: Cursor, paths: list[Path]) -> None:
    """Report each path that overlaps or conflicts with one named before it.

    Placeholders are compared as written: ``#a`` and ``a`` may be the same attribute,
    but only the placeholder dictionary could say so.
    """
    # Only paths with the same first element can overlap or conflict.
    earlier_by_head: dict[str, list[Path]] = {}
    for later in paths:
        earlier_paths = earlier_by_head.setdefault(_key(later.elements[0]), [])
        for earlier in earlier_paths:
            relation = _relation(earlier, later)
            if relation is None:
                continue
            if relation == "conflict":
                message = (
                    f"document paths '{earlier.text}' and '{later.text}' conflict: "
                    "one treats the attribute as a list, the other as a map"
                )
            elif _same(earlier, later):
                message = f"document path '{later.text}' is named twice: DynamoDB rejects overlapping paths"
            else:
                message = (
                    f"document paths '{earlier.text}' and '{later.text}' overlap: "
                    "DynamoDB rejects an expression that names both"
                )
            cursor.report(message, later.segment.start, later.segment.end)
            break
        earlier_paths.append(later)


def _relation(first: Path, second: Path) -> str | None:
    # A path that is one placeholder is only compared for equality: DynamoDB does not
    # look inside it for overlaps (moto documents the same).
    if _lone_placeholder(first) or _lone_placeholder(second):
        return "overlap" if _same(first, second) else None
    for one, other in zip(first.elements, second.elements, strict=False):
        if (one.kind == "index") != (other.kind == "index"):
            return "conflict"
        if _key(one) != _key(other):
            return None
    return "overlap"


def _lone_placeholder(path: Path) -> bool:
    return len(path.elements) == 1 and path.elements[0].kind == "placeholder"


def _same(first: Path, second: Path) -> bool:
    return [_key(element) for element in first.elements] == [_key(element) for element in second.elements]


def _key(element: PathElement) -> str:
    if element.kind == "index":
        return str(int(element.segment.text.strip("[] \t\r\n")))
    return element.segment.text
