"""What is under the cursor in a spec's YAML tree: the scalar (a key or a value) at a
position, and the path of keys and list indexes that leads to it from the root."""

from __future__ import annotations

from dataclasses import dataclass

from ddb_architect.findings import Position, Span
from ddb_architect.spec.yaml_tree import YMapping, YNode, YScalar, YSequence

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """The scalar under the cursor. ``path`` leads from the root to it: for a key, the path
    ends with that key's own name; for a value, with the key it sits under (or its index
    in a list)."""

    path: Path
    node: YScalar
    is_key: bool
    parents: tuple[YNode, ...]
    """The nodes the path goes through, the root first; the last one holds ``node``."""

    @property
    def span(self) -> Span:
        return self.node.span


def _inside(span: Span, position: Position) -> bool:
    return span.start <= position < span.end


def locate(root: YNode | None, line: int, column: int) -> Located | None:
    """The scalar at (``line``, ``column``) (0-based, code points), or None when the
    cursor is on white space, a comment, punctuation or past the end."""
    position = Position(line, column)
    path: list[str | int] = []
    parents: list[YNode] = []
    node = root
    while node is not None:
        if isinstance(node, YScalar):
            if not _inside(node.span, position) or not parents:
                return None
            return Located(tuple(path), node, False, tuple(parents))
        parents.append(node)
        following: YNode | None = None
        if isinstance(node, YMapping):
            for key, value in node.items():
                if _inside(key.span, position):
                    return Located((*path, key.text), key, True, tuple(parents))
                if _inside(value.span, position):
                    path.append(key.text)
                    following = value
                    break
        elif isinstance(node, YSequence):
            for index, item in enumerate(node.items):
                if _inside(item.span, position):
                    path.append(index)
                    following = item
                    break
        node = following
    return None
