"""Every quick fix over stdio, as Neovim (UTF-8) and VS Code (UTF-16): on the rule page's
own example (a spec, or Python checked against the page's spec), the fix is offered on its
diagnostic through ``textDocument/codeAction``; once its edit (resolved lazily, as both
editors do) is applied and the document sent again, the diagnostic is gone and no error or
warning appears that was not there before. "Fix all" does the same for Python code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types

from ddb_architect.fixes.registry import fixable_codes
from ddb_architect.lsp.code_actions import FIX_ALL
from ddb_architect.resources import rule_doc
from ddb_architect.rules.registry import get_rule
from tests.fixes.test_fix_pages import _fenced
from tests.lsp.lsp_session import RecordingClient, replace_text, wait_for_publish
from tests.lsp.test_lsp_code_actions import apply, code_actions, edit_of, start
from tests.lsp.test_lsp_python import open_file

# The fix each rule's page example is given (its title, up to any figure that may change).
FIXES = {
    "DDB003": "Remove the earlier 'item_size'",
    "DDB004": "Change to 'customerId'",
    "DDB106": "Zero-pad {points} to 10 digits",
    "DDB202": "Remove index ByEmail",
    "DDB203": "Project postId, title",
    "DDB204": "Remove consistent: true",
    "DDB303": "Add ttl: expiresAt to table Sessions",
    "DDB401": "Switch to provisioned",
    "DDB402": "Switch to Standard-IA",
    "DDB501": "Query a new index ByCategory on category instead of scanning",
    "DDB502": "Add index ByEmail on email and query it",
    "DDB602": "Read every page",
    "DDB603": "Remove ConsistentRead=True",
    "DDB605": "Rewrite with Table.batch_writer()",
    "DDB607": "Write name as #name",
    "DDB608": "Change :total to :tot",
    "DDB610": 'Use Decimal("19.99")',
    "DDB611": "Rewrite KeyConditions as KeyConditionExpression",
    "DDB612": "Write the condition as a string expression with placeholders",
    "DDB702": "Change to 'ByEmail'",
    "DDB704": "Change the prefix to 'CUSTOMER#'",
}

# DDB002's page shows a value that cannot be read, which has no fix: a misspelt field has.
MISSPELT_FIELD = """\
version: 1
tables:
  Users:
    key: {partition: PK}
    entities:
      User:
        keys: {PK: "USER#{userId}"}
        item_size: 1KB
        count: 1M
        fields:
          userId: {format: uuid}
    acess_patterns:
      - name: get-user
        op: GetItem
        entity: User
        rate: 10/s
"""

PYTHON_SAFE = """\
import boto3

client = boto3.client("dynamodb")
orders = boto3.resource("dynamodb").Table("Orders")


def rename(order_id, name):
    client.update_item(
        TableName="Orders",
        Key={"orderId": {"S": order_id}},
        UpdateExpression="SET name = :n",
        ExpressionAttributeValues={":n": {"S": name}},
    )


def add_line(order_id, sku):
    orders.put_item(Item={"orderId": order_id, "sku": sku, "price": 19.99})
"""


@dataclass
class Example:
    code: str
    language: str
    text: str
    spec: str | None = None


def page_example(code: str) -> Example:
    """The page's example: a spec rule's first ```yaml block; a code rule's first ```python
    block, with the ```yaml block before it as its spec."""
    page = rule_doc(code)
    assert page is not None
    blocks = _fenced(page.split("## How to fix", 1)[0].split("## Example", 1)[-1])
    spec = next((body for language, body in blocks if language == "yaml"), None)
    python = next((body for language, body in blocks if language == "python"), None)
    rule = get_rule(code)
    assert rule is not None
    if rule.scope == "spec":
        assert spec is not None
        return Example(code, "yaml", spec)
    assert python is not None
    return Example(code, "python", python, spec)


def errors_and_warnings(diagnostics: list[types.Diagnostic]) -> Counter[str]:
    serious = (types.DiagnosticSeverity.Error, types.DiagnosticSeverity.Warning)
    return Counter(str(d.code) for d in diagnostics if d.severity in serious)


async def open_example(
    client: RecordingClient, root: Path, example: Example, version: int = 1
) -> tuple[str, list[types.Diagnostic]]:
    """Open the example in a folder of its own (its spec written beside the code) and wait
    for its diagnostics."""
    folder = root / example.code
    folder.mkdir(exist_ok=True)
    if example.spec is not None:
        (folder / f"{example.code.lower()}.ddb.yaml").write_text(example.spec, encoding="utf-8")
    suffix = ".py" if example.language == "python" else ".ddb.yaml"
    path = folder / f"example{suffix}"
    path.write_text(example.text, encoding="utf-8")
    open_file(client, path.as_uri(), example.text, example.language, version)
    published = await wait_for_publish(client, path.as_uri(), version)
    return path.as_uri(), list(published.diagnostics)


async def fix_and_check(
    client: RecordingClient, root: Path, encoding: str, example: Example, title: str
) -> str:
    """Apply the fix titled ``title`` of the example's diagnostic as the editor does; the
    text afterwards, checked: the diagnostic gone, nothing new serious."""
    code = example.code
    uri, before = await open_example(client, root, example)
    found = [d for d in before if d.code == code]
    assert found, f"no {code} in {[(d.code, d.message) for d in before]}"
    diagnostic = found[0]

    actions = await code_actions(client, uri, [diagnostic])
    titles = [a.title for a in actions]
    assert f"Ignore {code} on this line" in titles, titles
    action = next((a for a in actions if a.title.startswith(title)), None)
    assert action is not None, f"no fix {title!r} among {titles}"
    assert action.kind == types.CodeActionKind.QuickFix
    assert list(action.diagnostics or []) == [diagnostic]
    fixed = apply(example.text, await edit_of(client, action), uri, encoding, version=1)
    assert fixed != example.text

    replace_text(client, uri, fixed, 2)
    after = list((await wait_for_publish(client, uri, 2)).diagnostics)
    assert code not in {str(d.code) for d in after}, [(d.code, d.message) for d in after if d.code == code]
    expected = errors_and_warnings(before)
    del expected[code]
    new = errors_and_warnings(after) - expected
    assert not new, f"the fix brought {[(d.code, d.message) for d in after if d.code in new]}"
    return fixed


def test_every_fixable_rule_is_tried() -> None:
    assert set(fixable_codes()) == {*FIXES, "DDB002"}


async def test_every_fix_clears_its_diagnostic(client: RecordingClient, workspace: Path) -> None:
    # One session for all the examples (each in a folder of its own): every failure is
    # reported, not only the first.
    _, encoding = await start(client, workspace)
    failures: list[str] = []
    for code, title in sorted(FIXES.items()):
        try:
            await fix_and_check(client, workspace, encoding, page_example(code), title)
        except AssertionError as error:
            failures.append(f"{code}: {error}")
    assert not failures, "\n".join(failures)


async def test_a_misspelt_field_is_renamed(client: RecordingClient, workspace: Path) -> None:
    _, encoding = await start(client, workspace)
    example = Example("DDB002", "yaml", MISSPELT_FIELD)
    title = "Rename 'acess_patterns' to 'access_patterns'"
    fixed = await fix_and_check(client, workspace, encoding, example, title)
    assert "    access_patterns:\n      - name: get-user\n" in fixed


async def test_fix_all_in_python_applies_the_safe_fixes(client: RecordingClient, workspace: Path) -> None:
    _, encoding = await start(client, workspace)
    example = Example("DDB607", "python", PYTHON_SAFE)
    uri, before = await open_example(client, workspace, example)
    assert {"DDB607", "DDB610"} <= {str(d.code) for d in before}

    actions = await code_actions(client, uri, [], only=[FIX_ALL])
    assert [a.kind for a in actions] == [FIX_ALL]
    fixed = apply(PYTHON_SAFE, await edit_of(client, actions[0]), uri, encoding, version=1)
    assert 'UpdateExpression="SET #name = :n"' in fixed
    assert 'ExpressionAttributeNames={"#name": "name"}' in fixed
    assert '"price": Decimal("19.99")' in fixed
    assert "from decimal import Decimal\n" in fixed

    replace_text(client, uri, fixed, 2)
    after = list((await wait_for_publish(client, uri, 2)).diagnostics)
    assert not {"DDB607", "DDB610"} & {str(d.code) for d in after}
    assert not errors_and_warnings(after) - errors_and_warnings(before)
