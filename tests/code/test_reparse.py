"""Parsing one statement again after an edit (``code.reparse``) gives the tree
``ast.parse`` gives for the whole new text: compared node for node, positions included,
over seeded random edits of real and generated code (chains of edits too, each reparsed
from the last text that parsed)."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest
from bench.generators import DEFAULT_SEED, plan_tables, python_text

from ddb_architect.code.reparse import Parsed, reparse

# Random edits write escapes such as "\Y": the parser warns about them, as it does anywhere.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "examples"

HANDWRITTEN = '''\
"""A module."""
import boto3
from boto3.dynamodb.conditions import Key

TABLE = "Orders"; OTHER = "Other"
dynamodb = boto3.resource("dynamodb")


@decorator(
    "arg",
)
def orders(customer_id):
    """One line."""
    table = dynamodb.Table(TABLE)
    return table.query(
        KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{customer_id}"),
    )["Items"]


class Repository:
    table = dynamodb.Table("Orders")

    def get(self, key):
        text = """several
        lines"""
        return self.table.get_item(Key={"PK": key})  # comment


x = [
    1,
    2,
]
if x:
    y = 1
else:
    y = 2
'''

PIECES = [
    "x",
    " ",
    "(",
    ")",
    '"',
    "'",
    '"""',
    "#",
    "\n",
    ":",
    "1",
    "\\",
    "[",
    "]",
    "{",
    "}",
    ",",
    "    ",
    "def ",
]


def sources() -> list[tuple[str, str]]:
    found = [("handwritten", HANDWRITTEN)]
    plans = plan_tables(8, DEFAULT_SEED)
    found.append(("generated", python_text(400, plans, DEFAULT_SEED)))
    found.extend((path.name, path.read_text(encoding="utf-8")) for path in sorted(SHARED.glob("*.py")))
    return found


def edited(text: str, rng: random.Random) -> str:
    position = rng.randrange(len(text) + 1)
    removed = rng.choice([0, 0, 1, 2, 5])
    inserted = rng.choice(["", *PIECES])
    return text[:position] + inserted + text[position + removed :]


def full_parse(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def same_tree(first: ast.AST, second: ast.AST) -> bool:
    return ast.dump(first, include_attributes=True) == ast.dump(second, include_attributes=True)


@pytest.mark.parametrize(("name", "text"), sources(), ids=[name for name, _ in sources()])
def test_a_reparsed_module_is_the_parse_of_the_new_text(name: str, text: str) -> None:
    rng = random.Random(f"reparse:{name}")
    old = Parsed(text, ast.parse(text))
    reparsed = 0
    for _ in range(300):
        new = edited(text, rng)
        tree = reparse(old, new)
        if tree is None:
            continue
        reparsed += 1
        full = full_parse(new)
        assert full is not None, f"reparsed a text that does not parse: {new!r}"
        assert same_tree(tree, full)
    assert reparsed > 30  # most single edits inside a statement are reparsed


@pytest.mark.parametrize(("name", "text"), sources(), ids=[name for name, _ in sources()])
def test_chains_of_edits_reparse_from_the_last_good_text(name: str, text: str) -> None:
    rng = random.Random(f"chain:{name}")
    good = Parsed(text, ast.parse(text))
    current = text
    for _ in range(200):
        current = edited(current, rng)
        tree = reparse(good, current)
        full = full_parse(current)
        if tree is not None:
            assert full is not None
            assert same_tree(tree, full)
        if full is not None:
            good = Parsed(current, tree if tree is not None else full)
        elif rng.random() < 0.5:
            current = good.text  # undo the edit that broke it


def test_edits_reparse_only_when_they_stay_inside_one_statement() -> None:
    old = Parsed(HANDWRITTEN, ast.parse(HANDWRITTEN))
    # Inside a function's body: the function alone is parsed again.
    inside = HANDWRITTEN.replace('"""One line."""', '"""One line, longer."""')
    tree = reparse(old, inside)
    assert tree is not None
    assert same_tree(tree, ast.parse(inside))
    # The other statements are the old ones, not parsed again.
    assert tree.body[0] is old.tree.body[0]
    assert tree.body[-1] is old.tree.body[-1]
    # A new line, two statements on one line, a blank line between statements: parse it all.
    assert reparse(old, inside.replace("    table = dynamodb", "\n    table = dynamodb")) is None
    assert reparse(old, HANDWRITTEN.replace('OTHER = "Other"', 'OTHER = "Others"')) is None
    assert reparse(old, HANDWRITTEN.replace("\n\n\n@decorator", "\n# note\n\n@decorator")) is None
    # A string left open may close further down: not decided from the statement alone.
    assert reparse(old, HANDWRITTEN.replace('"""One line."""', '"""One line.""')) is None
