"""The YAML loader's fast path (libyaml composes the tree in C, converted in one walk)
gives exactly the tree and the problems of the event composer, on every text it takes, and
leaves every other text to the event composer."""

from __future__ import annotations

import random
from typing import Any

import pytest
from bench.generators import spec_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddb_architect.spec import yaml_loader
from ddb_architect.spec.yaml_loader import ParsedYaml, _parse_composed, _parse_events, parse_yaml
from ddb_architect.spec.yaml_tree import YMapping, YNode, YScalar, YSequence
from tests.fuzz.strategies import edited, example_texts, spec_texts
from tests.hostile.inputs import ROOT

pytestmark = pytest.mark.skipif(yaml_loader._CParser is None, reason="needs libyaml 0.2.5 or later")


def _shape(node: YNode | None) -> Any:
    """Everything a node says, spans and weights included, as plain data."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        value = node.value
        if isinstance(value, float) and value != value:
            value = "nan"
        return ("scalar", node.span, node.weight, type(value).__name__, value, node.text, node.quoted)
    if isinstance(node, YSequence):
        return ("seq", node.span, node.weight, node.flow, [_shape(item) for item in node.items])
    assert isinstance(node, YMapping)
    return (
        "map",
        node.span,
        node.weight,
        node.flow,
        [
            (name, node.keys[name].span, _shape(node.keys[name]), _shape(value))
            for name, value in node.values.items()
        ],
    )


def _same(fast: ParsedYaml, slow: ParsedYaml) -> None:
    assert _shape(fast.root) == _shape(slow.root)
    assert [(p.kind, p.message, p.span) for p in fast.problems] == [
        (p.kind, p.message, p.span) for p in slow.problems
    ]


def _check(text: str) -> bool:
    """Compare both paths on ``text``; True when the fast path took it."""
    fast = _parse_composed(text)
    if fast is None:
        return False
    _same(fast, _parse_events(text))
    return True


SAMPLES = [
    "",
    "# only a comment\n",
    "a: 1\n",
    "a: 1\nb: 2\na: 3\n",
    "a: !!str 12\nb: !!int '7'\nc: !!bool yes\nd: !foo x\ne: ! 5\nf: !!float 2\ng: !!null ~\n",
    "a: {x: 1, y: [1, 2, {z: q}]}\n",
    "<<: {a: 1, b: 2}\nb: 3\n",
    "m:\n  <<: [{a: 1}, {b: 2}, 3]\n  a: 9\n",
    "? [1, 2]\n: x\ny: 1\n",
    "- a\n- b: c\n  d: e\n-\n- - x\n  - y\n",
    "a: |\n  block\n  text\nb: >\n  folded\n",
    "a: 'it''s'\nb: \"\\u00e9\"\nc: é😋ñ\n",
    "a: 1\r\nb:\r\n  c: 2\r\n",
    "a: 1\rb: 2\r",
    "a: b\x85c: d\n",
    "a: 0x1F\nb: 0o17\nc: .inf\nd: -.Inf\ne: .nan\nf: 1_000\ng: 1e3\nh: 1.\ni: +12\nj: -0\nk: 007\n",
    "a:\nb: ~\nc: null\nd: NULL\ne: Null\nf: nUll\n",
    "a: true\nb: True\nc: TRUE\nd: tRUE\ne: no\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a: !!map {x: 1}\n",
    "x: " + "[" * 70 + "]" * 70 + "\n",
    "x: " + "[" * 60 + "]" * 60 + "\n",
    "a: &x 1\nb: *x\n",
    "a: b\x07\n",
    "a: 1\nb",
    "tables:\n  T:\n    key: {partition: PK}\n    entities:\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_fast_path_matches_the_event_composer(text: str) -> None:
    _check(text)
    # and parse_yaml gives the same as the event composer, whichever path it took
    _same(parse_yaml(text), _parse_events(text))


def test_examples_and_generated_specs_take_the_fast_path_with_the_same_tree() -> None:
    texts = [*example_texts(".ddb.yaml"), spec_text(12)]
    taken = [_check(text) for text in texts]
    assert taken[-1]  # a generated spec has no anchors
    assert sum(taken) >= 2


def test_anchors_aliases_deep_nesting_and_errors_go_to_the_event_composer() -> None:
    assert _parse_composed("a: &x [1]\nb: *x\n") is None
    assert _parse_composed("a: [1, 2\n") is None
    assert _parse_composed("a: 1\n---\nb: 2\n") is None
    assert _parse_composed("x: " + "[" * 65 + "]" * 65 + "\n") is None
    assert _parse_composed("x: " + "[" * 5000 + "]" * 5000 + "\n") is None  # libyaml's own limit
    assert _parse_composed("a: !!map {x: 1}\n") is None
    assert _parse_composed("x: " + "[" * 63 + "]" * 63 + "\n") is not None


def test_the_fuzz_corpus_parses_the_same_either_way() -> None:
    for path in sorted((ROOT / "tests" / "fuzz" / "corpus").glob("*.ddb.yaml")):
        text = path.read_text(encoding="utf-8", errors="surrogatepass")
        _check(text)
        _same(parse_yaml(text), _parse_events(text))


_PIECES = [
    "<<: ",
    "!!str ",
    "!!int ",
    "!x ",
    "? ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    ": ",
    "'",
    '"',
    "\t",
    "\r",
    "#",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited(st.sampled_from([*example_texts(".ddb.yaml"), *SAMPLES[:18]]), _PIECES, max_edits=6))
def test_edited_specs_parse_the_same_either_way(text: str) -> None:
    _check(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec_texts())
def test_specs_drawn_from_the_schema_parse_the_same_either_way(text: str) -> None:
    _check(text)


def _typed(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    line = lines[index]
    operation = rng.choice(["type", "type", "delete", "new-line", "delete-line", "duplicate-line"])
    if operation == "type":
        at = rng.randint(0, len(line))
        lines[index] = (
            line[:at] + rng.choice(["x", " ", ":", "#", "- ", "{", "]", "!!str ", "<<: "]) + line[at:]
        )
    elif operation == "delete" and line:
        at = rng.randrange(len(line))
        lines[index] = line[:at] + line[at + 1 :]
    elif operation == "new-line":
        lines.insert(index, rng.choice(["", "  T9: {key: {partition: PK}}", "# note", "tables:"]))
    elif operation == "delete-line":
        del lines[index]
    else:
        lines.insert(index, line)
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(8))
def test_tables_taken_from_the_previous_parse_give_the_same_tree(seed: int) -> None:
    rng = random.Random(seed)
    for base in [*example_texts(".ddb.yaml"), spec_text(5)]:
        text, previous = base, None
        for _ in range(12):
            parsed = parse_yaml(text, previous if previous is not None else {})
            _same(parsed, _parse_events(text))
            if parsed.tables is not None:
                previous = parsed.tables
            text = _typed(text, rng)


def test_an_edit_converts_only_the_edited_table_again() -> None:
    text = spec_text(6)
    first = parse_yaml(text, {})
    assert first.tables is not None
    assert len(first.tables) == 6
    at = text.rindex("\n", 0, text.index("description:", text.index("  Tasks0003:"))) + 1
    edited_text = text[:at] + "# a comment\n" + text[at:]
    second = parse_yaml(edited_text, first.tables)
    _same(second, _parse_events(edited_text))
    assert isinstance(first.root, YMapping)
    assert isinstance(second.root, YMapping)
    before, after = first.root.values["tables"], second.root.values["tables"]
    assert isinstance(before, YMapping)
    assert isinstance(after, YMapping)
    same = [after.values[name] is before.values[name] for name in before.values]
    assert same == [True, True, False, False, False, False]  # the lines after the edit moved
    at = text.index("description: ", text.index("  Social0002:")) + len("description: ")
    typed = text[:at] + "x" + text[at:]  # typed into a description of the second table
    third = parse_yaml(typed, first.tables)
    _same(third, _parse_events(typed))
    assert isinstance(third.root, YMapping)
    after = third.root.values["tables"]
    assert isinstance(after, YMapping)
    assert sum(after.values[name] is before.values[name] for name in before.values) == 5
