"""A check given the reading of the file's previous version (``previous=``, as the
language server passes it) reports exactly what a fresh check reports: findings, their
positions, messages and data, over seeded random edits of the shared examples, the
repository's examples and a generated file; and it parses only the edited statement
again when it can (counted, not timed)."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest
from bench.generators import DEFAULT_SEED, plan_tables, python_text, spec_of

from ddb_architect.code.resolve import Resolver
from ddb_architect.code.specs import SpecSet, load_specs
from ddb_architect.code.walk import walk
from ddb_architect.engine import READ_STATS, check_python
from ddb_architect.rules.code_context import CodeContext
from ddb_architect.spec.loader import load_spec

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "examples"
PIECES = ["x", " ", "(", ")", '"', "'", "#", "\n", ":", "1", "[", "]", ",", "1.5", "Key", "scan", "_item"]


def cases() -> list[tuple[str, str, SpecSet]]:
    found = []
    for directory in (SHARED, ROOT / "examples"):
        specs = load_specs(sorted(directory.glob("*.ddb.yaml")))
        for path in sorted(directory.glob("*.py")):
            found.append((path.name, path.read_text(encoding="utf-8"), specs))
    plans = plan_tables(6, DEFAULT_SEED)
    generated = SpecSet([load_spec(spec_of(plans, DEFAULT_SEED), "generated.ddb.yaml")])
    found.append(("generated", python_text(300, plans, DEFAULT_SEED), generated))
    return found


def edited(text: str, rng: random.Random) -> str:
    """A keystroke or a small paste: mostly inside one line."""
    position = rng.randrange(len(text) + 1)
    removed = rng.choice([0, 0, 0, 1, 3])
    return text[:position] + rng.choice(["", *PIECES]) + text[position + removed :]


def same_report(text: str, specs: SpecSet, previous: CodeContext | None) -> CodeContext | None:
    incremental = check_python(text, "service.py", specs, previous=previous)
    fresh = check_python(text, "service.py", specs)
    assert incremental.findings == fresh.findings
    assert (incremental.context is None) == (fresh.context is None)
    if incremental.context is not None and fresh.context is not None:
        same_resolver(incremental.context.reading.resolver, fresh.context.reading.resolver)
    return incremental.context


def same_resolver(reused: Resolver, fresh: Resolver) -> None:
    """A resolver built from the previous one's walks knows the same parents and lists
    the same nodes by type, in the same order, as one built from scratch (on equal
    trees: the same positions and shapes)."""
    assert ast.dump(reused.tree, include_attributes=True) == ast.dump(fresh.tree, include_attributes=True)
    reused_nodes = walk(reused.tree)
    fresh_nodes = walk(fresh.tree)
    assert len(reused_nodes) == len(fresh_nodes)
    assert len(reused.parents) == len(fresh.parents) == len(fresh_nodes) - 1
    place = {id(node): index for index, node in enumerate(reused_nodes)}
    fresh_place = {id(node): index for index, node in enumerate(fresh_nodes)}
    for node, fresh_node in zip(reused_nodes[1:], fresh_nodes[1:], strict=True):
        assert place[id(reused.parents[node])] == fresh_place[id(fresh.parents[fresh_node])]
    for kind, nodes in fresh.by_type.items():
        assert [place[id(n)] for n in reused.by_type[kind]] == [fresh_place[id(n)] for n in nodes]
        assert nodes == [node for node in ast.walk(fresh.tree) if node.__class__ is kind]  # ast.walk's order


@pytest.mark.parametrize(("name", "text", "specs"), cases(), ids=[case[0] for case in cases()])
def test_a_check_from_the_previous_reading_reports_what_a_fresh_check_reports(
    name: str, text: str, specs: SpecSet
) -> None:
    rng = random.Random(f"incremental:{name}")
    previous = check_python(text, "service.py", specs).context
    assert previous is not None
    current = text
    statements = READ_STATS.statements
    for _ in range(120):
        current = edited(current, rng)
        context = same_report(current, specs, previous)
        if context is not None:
            previous = context  # the server keeps the last reading that parsed
        elif rng.random() < 0.5:
            current = previous.source.text  # undo the edit that broke it
    assert READ_STATS.statements > statements  # some edits were read one statement at a time


def test_an_edit_inside_a_function_parses_that_function_only() -> None:
    """Counting: typing in a function's docstring parses the function again, not the
    module; a new line parses the whole module."""
    plans = plan_tables(6, DEFAULT_SEED)
    specs = SpecSet([load_spec(spec_of(plans, DEFAULT_SEED), "generated.ddb.yaml")])
    text = python_text(300, plans, DEFAULT_SEED)
    first = check_python(text, "service.py", specs)
    assert first.context is not None
    docstring = text.index('"""', text.index("\ndef ")) + 3
    typed = text[:docstring] + "x" + text[docstring:]
    whole, statements = READ_STATS.whole, READ_STATS.statements
    second = check_python(typed, "service.py", specs, previous=first.context)
    assert (READ_STATS.whole - whole, READ_STATS.statements - statements) == (0, 1)
    assert second.findings == check_python(typed, "service.py", specs).findings
    assert second.context is not None
    # The statements around the edited one are the previous reading's, not parsed again.
    old_body, new_body = first.context.reading.tree.body, second.context.reading.tree.body
    shared = sum(1 for old, new in zip(old_body, new_body, strict=True) if old is new)
    assert shared == len(old_body) - 1
    whole = READ_STATS.whole
    check_python(typed.replace("\n", "\n\n", 1), "service.py", specs, previous=second.context)
    assert READ_STATS.whole - whole == 1
