"""The workspace's Python code as DDB706 sees it: which files a workspace scan reads, and
per-file summaries that, added up, give the very findings ``unimplemented_patterns``
gives for the same files checked at once."""

from __future__ import annotations

import ast
from itertools import combinations
from pathlib import Path

import pytest

from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import read_python
from ddb_architect.findings import Finding, Severity
from ddb_architect.options import RuleSelection
from ddb_architect.rules.code_context import CodeContext
from ddb_architect.rules.drift import unimplemented_patterns
from ddb_architect.workspace import (
    NO_USAGE,
    CallSummary,
    CodeUsage,
    code_usage,
    find_python_files,
    in_workspace,
    mentions_dynamodb,
    summarize_calls,
    summary_usage,
    total_usage,
    unimplemented_in,
    workspace_findings,
)
from tests.code.drift_helpers import SHOP, source, spec_document, spec_set

GET_CUSTOMER = """\
def customer(c):
    return shop.get_item(Key={"PK": f"CUSTOMER#{c}", "SK": "PROFILE"})
"""
PLACE_ORDER = """\
def place(order):
    shop.put_item(Item={"PK": f"CUSTOMER#{order.customer}", "SK": f"ORDER#{order.id}"})
"""
BY_EMAIL = """\
def by_email(email):
    pages = client.get_paginator("query").paginate(
        TableName="Shop", IndexName="ByEmail", KeyConditionExpression="GSI1PK = :e",
        ExpressionAttributeValues={":e": {"S": f"EMAIL#{email}"}},
    )
    return [item for page in pages for item in page["Items"]]
"""
NO_CALLS = """\
def nothing():
    return None
"""
FILES = [GET_CUSTOMER, PLACE_ORDER, BY_EMAIL, NO_CALLS]


def context(code: str, specs: SpecSet, path: str = "module.py") -> CodeContext:
    found = read_python(source(code), path, specs)
    assert found is not None
    return found


def names(findings: list[Finding]) -> list[str]:
    return [str(f.data["pattern"]) for f in findings]


# --------------------------------------------------------------------------- the files


def write(path: Path, text: str = "import boto3\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_scan_finds_the_python_files_the_command_line_would(tmp_path: Path) -> None:
    root = tmp_path / "project"
    kept = [
        write(root / "app.py"),
        write(root / "pkg" / "models.py"),
        write(root / "pkg" / "sub" / "deep.py"),
    ]
    for skipped in (
        ".hidden",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        "site-packages",
        "build",
        "dist",
    ):
        write(root / skipped / "skipped.py")
    write(root / "notes.txt")
    write(root / "stubs.pyi")

    # A folder inside another is searched once.
    files, truncated = find_python_files([root, root / "pkg"])

    assert sorted(files) == sorted(p.resolve() for p in kept)
    assert not truncated
    assert all(in_workspace(p, [root.resolve()]) for p in files)
    assert not in_workspace((root / ".venv" / "skipped.py").resolve(), [root.resolve()])
    assert not in_workspace((tmp_path / "elsewhere.py").resolve(), [root.resolve()])
    assert not in_workspace((root / "notes.txt").resolve(), [root.resolve()])


def test_a_scan_stops_at_its_limit(tmp_path: Path) -> None:
    for number in range(5):
        write(tmp_path / f"m{number}.py")

    files, truncated = find_python_files([tmp_path], limit=3)
    assert len(files) == 3
    assert truncated
    every = sorted(path.resolve() for path in tmp_path.glob("m*.py"))
    assert files == every[:3]
    assert find_python_files([tmp_path], limit=5) == (every, False)
    assert find_python_files([tmp_path / "missing"]) == ([], False)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("import boto3\n", True),
        ("from mypy_boto3_dynamodb import DynamoDBClient\n", True),
        ("# talks to DynamoDB through a helper\n", True),
        ("import BOTO3", True),
        ("import requests\nprint('hello')\n", False),
        ("", False),
    ],
)
def test_only_code_that_names_boto3_or_dynamodb_is_read(text: str, read: bool) -> None:
    assert mentions_dynamodb(text) is read


# --------------------------------------------------------------------------- usage


def test_a_files_usage_is_the_specs_it_was_checked_against_and_the_patterns_it_performs() -> None:
    specs = spec_set()
    usage = code_usage(context(GET_CUSTOMER + BY_EMAIL, specs))

    assert usage.judged == {"shop.ddb.yaml"}
    assert usage.performed == {
        ("shop.ddb.yaml", "Shop", "get-customer"),
        ("shop.ddb.yaml", "Shop", "customer-by-email"),
    }
    assert code_usage(context(NO_CALLS, specs)) == CodeUsage(frozenset({"shop.ddb.yaml"}))
    assert code_usage(context(GET_CUSTOMER, SpecSet())) == NO_USAGE


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_usages_added_up_give_what_checking_the_files_together_gives(count: int) -> None:
    specs = spec_set()
    [document] = specs.documents
    for chosen in combinations(FILES, count):
        contexts = [context(code, specs, f"m{n}.py") for n, code in enumerate(chosen)]
        together = unimplemented_patterns([document], contexts).get(document.path, [])

        added = unimplemented_in(document, total_usage(code_usage(c) for c in contexts))

        assert added == together
        assert added  # the sessions table's pattern is never performed


def test_a_spec_no_code_was_checked_against_is_not_judged() -> None:
    specs = spec_set()
    [document] = specs.documents
    other = spec_document(SHOP, "other.ddb.yaml")
    usage = code_usage(context(GET_CUSTOMER, specs))

    assert unimplemented_in(other, usage) == []
    assert unimplemented_in(document, NO_USAGE) == []
    assert usage.of_spec("other.ddb.yaml") is None
    # Known by another path (an editor's resolved path for the same document).
    assert names(unimplemented_in(other, usage, spec_path="shop.ddb.yaml"))[0] == "customer-orders"


def test_a_reading_is_matched_again_with_an_edited_spec() -> None:
    first = spec_set()
    reading = context(GET_CUSTOMER, first).reading
    renamed = spec_set(SHOP.replace("name: get-customer", "name: fetch-customer"))

    usage = code_usage(CodeContext(reading, renamed, "module.py"))

    assert usage.performed == {("shop.ddb.yaml", "Shop", "fetch-customer")}


def test_usages_add_up() -> None:
    one = CodeUsage(frozenset({"a"}), frozenset({("a", "T", "p")}))
    two = CodeUsage(frozenset({"b"}), frozenset({("b", "T", "q")}))

    assert (
        one | two
        == total_usage([one, two])
        == CodeUsage(frozenset({"a", "b"}), one.performed | two.performed)
    )
    assert total_usage([]) == NO_USAGE
    assert (one | two).of_spec("a") == frozenset({("a", "T", "p")})


# --------------------------------------------------------------------------- as a check reports it


def test_the_selection_severities_and_inline_suppressions_apply() -> None:
    specs = spec_set()
    [document] = specs.documents
    usage = code_usage(context(GET_CUSTOMER, specs))
    all_but_one = ["customer-orders", "customer-by-email", "place-order", "change-email", "get-session"]

    assert names(workspace_findings(document, document.text, usage, RuleSelection())) == all_but_one
    assert workspace_findings(document, document.text, usage, RuleSelection(ignore=("DDB706",))) == []
    assert workspace_findings(document, document.text, usage, RuleSelection(select=("DDB1",))) == []
    raised = workspace_findings(
        document, document.text, usage, RuleSelection(severity={"DDB706": Severity.WARNING})
    )
    assert {f.severity for f in raised} == {Severity.WARNING}

    suppressed = SHOP.replace("- name: place-order", "- name: place-order  # ddb: ignore[DDB706]")
    quiet = spec_document(suppressed)
    usage = code_usage(context(GET_CUSTOMER, SpecSet([quiet])))
    assert "place-order" not in names(workspace_findings(quiet, quiet.text, usage, RuleSelection()))


# --------------------------------------------------------------------------- summaries

# Calls whose matching takes every path: batches, transactions and PartiQL naming their
# tables, an index named by a variable, key conditions written as strings with
# placeholders and with Key(), begins_with, and a table named through the environment.
TRICKY = """\
INDEX = "ByEmail"

def batch(c):
    return client.batch_get_item(RequestItems={"Shop": {"Keys": [{"PK": {"S": f"CUSTOMER#{c}"}}]}})

def transact(c, o):
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": "Shop", "Item": {"PK": {"S": f"CUSTOMER#{c}"}, "SK": {"S": f"ORDER#{o}"}}}},
    ])

def statement(c):
    return client.execute_statement(Statement="SELECT * FROM Shop WHERE PK = ?")

def by_any_index(name, value):
    return shop.query(IndexName=name, KeyConditionExpression=Key("GSI1PK").eq(value))

def by_constant_index(email):
    return shop.query(IndexName=INDEX, KeyConditionExpression="#p = :e",
                      ExpressionAttributeNames={"#p": "GSI1PK"},
                      ExpressionAttributeValues={":e": f"EMAIL#{email}"})

def orders(c):
    return shop.query(KeyConditionExpression=Key("PK").eq(f"CUSTOMER#{c}") & Key("SK").begins_with("ORDER#"))

def wrong_prefix(c):
    return shop.get_item(Key={"PK": f"ORDER#{c}", "SK": "PROFILE"})

def from_environment(c):
    return boto3.resource("dynamodb").Table(os.environ["SHOP_TABLE"]).get_item(Key={"PK": c, "SK": "PROFILE"})
"""


def generated_code() -> list[tuple[str, SpecSet]]:
    """The benchmark's generated data-access modules with the specs they are written
    against: every way of calling DynamoDB it knows, with its share of mistakes."""
    from bench.generators import plan_tables, python_text, spec_of

    found = []
    for seed in range(6):
        plans = plan_tables(4, seed)
        document = spec_document(spec_of(plans, seed, f"service-{seed}"), f"service-{seed}.ddb.yaml")
        found.append((python_text(300, plans, seed), SpecSet([document])))
    return found


def corpus() -> list[tuple[str, SpecSet]]:
    specs = spec_set()
    mapped = spec_set(table_names={"SHOP_TABLE": "Shop"})
    snippets = [(source(code), specs) for code in [*FILES, TRICKY]] + [(source(TRICKY), mapped)]
    return snippets + generated_code()


def test_summarized_calls_perform_what_the_read_calls_perform() -> None:
    performed = 0
    for text, specs in corpus():
        read = read_python(text, "module.py", specs)
        assert read is not None
        # Read without the specs, as the index's scan reads: the calls do not depend on them.
        alone = read_python(text, "module.py", SpecSet())
        assert alone is not None

        summary = summarize_calls(alone)

        assert len(summary) == len(read.calls)
        assert summary_usage(summary, specs) == code_usage(read)
        performed += len(code_usage(read).performed)
    assert performed > 50  # the corpus performs patterns: the comparison is not vacuous


def test_summarized_calls_are_matched_again_with_an_edited_spec() -> None:
    alone = read_python(source(GET_CUSTOMER), "module.py", SpecSet())
    assert alone is not None
    summary = summarize_calls(alone)
    renamed = spec_set(SHOP.replace("name: get-customer", "name: fetch-customer"))

    assert summary_usage(summary, renamed).performed == {("shop.ddb.yaml", "Shop", "fetch-customer")}
    assert summary_usage(summary, SpecSet()) == NO_USAGE


def test_a_summary_keeps_no_syntax_tree() -> None:
    alone = read_python(source(TRICKY + BY_EMAIL), "module.py", SpecSet())
    assert alone is not None

    def values(item: object) -> list[object]:
        if isinstance(item, (tuple, list)):
            return [v for part in item for v in values(part)]
        if hasattr(item, "__dataclass_fields__"):
            return [v for name in item.__dataclass_fields__ for v in values(getattr(item, name))]
        return [item]

    kept = values(summarize_calls(alone))
    assert kept
    assert not [v for v in kept if isinstance(v, ast.AST)]


def test_calls_made_alike_in_many_files_are_matched_once() -> None:
    specs = spec_set()
    files = [
        read_python(source(code), f"m{n}.py", SpecSet()) for n, code in enumerate([*FILES, *FILES, TRICKY])
    ]
    summaries = [summarize_calls(read) for read in files if read is not None]
    matches: dict[CallSummary, frozenset[tuple[str, str, str]]] = {}

    usages = [summary_usage(summary, specs, matches) for summary in summaries]

    assert usages == [summary_usage(summary, specs) for summary in summaries]
    calls = [call for summary in summaries for call in summary]
    assert len(matches) == len(set(calls)) < len(calls)
