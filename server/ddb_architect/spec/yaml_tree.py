"""A YAML document as a tree of nodes that remember where they are in the source."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ddb_architect.findings import Span


@dataclass(eq=False)
class YNode:
    """Base of every node: its span in the source and the number of nodes it stands for
    once aliases are expanded (``weight``), which bounds the work of converting it."""

    span: Span
    weight: int = field(default=1, kw_only=True)


@dataclass(eq=False)
class YScalar(YNode):
    """A scalar: its resolved value (str, int, float, bool or None) and how it was written."""

    value: Any
    text: str
    quoted: bool = False


@dataclass(eq=False)
class YSequence(YNode):
    items: list[YNode] = field(default_factory=list)
    flow: bool = False


@dataclass(eq=False)
class YMapping(YNode):
    """A mapping whose keys are strings (the key's source text). When a key appears twice
    the later entry wins, as in YAML loaders; the loader reports the duplicate."""

    keys: dict[str, YScalar] = field(default_factory=dict)
    values: dict[str, YNode] = field(default_factory=dict)
    flow: bool = False

    def get(self, key: str) -> YNode | None:
        return self.values.get(key)

    def key_node(self, key: str) -> YScalar | None:
        return self.keys.get(key)

    def items(self) -> Iterator[tuple[YScalar, YNode]]:
        for name, value in self.values.items():
            yield self.keys[name], value

    def __contains__(self, key: object) -> bool:
        return key in self.values


def to_python(node: YNode | None) -> Any:
    """Plain Python data for a node (dicts, lists, scalars). Aliases were bounded when the
    tree was composed (see ``weight``), so this always finishes quickly."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSequence):
        return [to_python(item) for item in node.items]
    if isinstance(node, YMapping):
        return {name: to_python(value) for name, value in node.values.items()}
    raise TypeError(f"not a YAML node: {node!r}")


def walk_path(node: YNode | None, path: tuple[str | int, ...]) -> YNode | None:
    """The node at ``path`` (mapping keys and sequence indexes) below ``node``, or None."""
    current = node
    for step in path:
        if isinstance(current, YMapping) and isinstance(step, str):
            current = current.get(step)
        elif isinstance(current, YSequence) and isinstance(step, int):
            current = current.items[step] if 0 <= step < len(current.items) else None
        else:
            return None
    return current
