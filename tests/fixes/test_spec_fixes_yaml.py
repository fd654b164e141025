"""The YAML edits the spec fixes are made of: entries removed with their lines or their
comma, added in the mapping's style and indentation, on any line breaks."""

from __future__ import annotations

import pytest

from ddb_architect.fixes.model import apply_edits
from ddb_architect.fixes.yaml_edits import Map, parse_layout, scalar
from ddb_architect.spec.yaml_loader import parse_yaml
from ddb_architect.spec.yaml_tree import to_python

TEXT = """\
a:  # top
  b: 1   # one
  e:
  f: {x: 1, y: 2, z: 3}
  g: |
    text

items:
  - name: p   # first
    consistent: true
  - consistent: true
    name: q
  - {name: r, consistent: true}
solo:
  only: 1  # gone
"""


def _edit(text: str, action: str, *path: str | int, key: str = "", value: object = None) -> str:
    layout = parse_layout(text)
    assert layout is not None
    node = layout.root
    for step in path:
        node = node.get(step) if isinstance(step, str) else node.items[step]  # type: ignore[attr-defined]
    assert isinstance(node, Map)
    if action == "remove":
        entry = node.entry(key)
        assert entry is not None
        edits = layout.remove_entry(node, entry)
    else:
        edits = layout.set_entry(node, key, value, order=("b", "ttl", "e", "f", "index", "name"))  # type: ignore[arg-type]
    fixed = apply_edits(text, edits)
    assert not parse_yaml(fixed).fatal
    return fixed


def _data(text: str) -> object:
    return to_python(parse_yaml(text).root)


@pytest.mark.parametrize(
    ("path", "key", "gone", "kept"),
    [
        (("a",), "b", "  b: 1   # one\n", "a:  # top\n  e:\n"),
        (("a", "f"), "x", "x: 1, ", "f: {y: 2, z: 3}"),
        (("a", "f"), "z", ", z: 3", "f: {x: 1, y: 2}"),
        (("items", 0), "consistent", "    consistent: true\n", "  - name: p   # first\n  - consistent"),
        (("items", 1), "consistent", "consistent: true\n    ", "  - name: q\n  - {name: r"),
        (("items", 2), "consistent", ", consistent: true", "  - {name: r}\n"),
        (("solo",), "only", "\n  only: 1  # gone", "solo: {}\n"),
        (("a",), "g", "  g: |\n    text\n\n", "  f: {x: 1, y: 2, z: 3}\nitems:"),
    ],
)
def test_removing_an_entry(path: tuple[str | int, ...], key: str, gone: str, kept: str) -> None:
    fixed = _edit(TEXT, "remove", *path, key=key)
    assert kept in fixed
    expected = _data(TEXT)
    holder = expected
    for step in path:
        holder = holder[step]  # type: ignore[index]
    del holder[key]  # type: ignore[attr-defined]
    assert _data(fixed) == expected
    if key != "only":
        assert fixed == TEXT.replace(gone, "", 1)


def test_adding_entries_in_block_and_flow_style() -> None:
    fixed = _edit(TEXT, "set", "a", key="ttl", value="expiresAt")
    assert "  b: 1   # one\n  ttl: expiresAt\n  e:\n" in fixed
    fixed = _edit(TEXT, "set", "a", "f", key="w", value="4")
    assert "f: {x: 1, y: 2, z: 3, w: 4}" in fixed
    fixed = _edit(TEXT, "set", "items", 1, key="index", value="G")
    assert "  - index: G\n    consistent: true\n    name: q\n" in fixed
    fixed = _edit(TEXT, "set", "a", key="h", value={"K": {"key": "{partition: k}"}})
    assert "    text\n\n  h:\n    K:\n      key: {partition: k}\nitems:" in fixed
    fixed = _edit(TEXT, "set", "a", key="e", value={"K": "v"})
    assert "  e:\n    K: v\n  f:" in fixed
    fixed = _edit(TEXT, "set", "a", "f", key="y", value="two")
    assert "f: {x: 1, y: two, z: 3}" in fixed


def test_the_indentation_step_and_line_breaks_of_the_document_are_kept() -> None:
    text = "a:\r\n    b: 1\r\n    c:\r\n        d: 2"  # four spaces, CRLF, no final break
    fixed = _edit(text, "set", "a", "c", key="e", value={"f": "3"})
    assert fixed == "a:\r\n    b: 1\r\n    c:\r\n        d: 2\r\n        e:\r\n            f: 3"
    assert _edit(text, "remove", "a", key="b") == "a:\r\n    c:\r\n        d: 2"


def test_scalars_are_quoted_only_when_needed() -> None:
    assert scalar("expiresAt") == "expiresAt"
    assert scalar("{email}") == '"{email}"'
    assert scalar("true") == '"true"'
    assert scalar("12") == '"12"'
    assert scalar("no") == '"no"'
    assert scalar(143.0) == "143"


def test_duplicates_stay_in_the_layout() -> None:
    layout = parse_layout("a: 1\nb: 2\na: 3\n")
    assert layout is not None
    assert isinstance(layout.root, Map)
    assert [e.name for e in layout.root.entries] == ["a", "b", "a"]
    assert layout.text_of(layout.root.get("a")) == "3"  # type: ignore[arg-type]
    assert parse_layout("a: [") is None
