"""Completion in Python over stdio, as Neovim (UTF-8) and VS Code (UTF-16): the keyword
arguments of a boto3 method, the spec's index names and the spec's attribute names, each
replacing exactly what was typed."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from tests.lsp.lsp_session import RecordingClient, initialize
from tests.lsp.test_lsp_positions import units
from tests.lsp.test_lsp_python import open_file

SPEC = """\
version: 1
tables:
  Orders:
    key: {partition: orderId}
    indexes:
      ByCustomer: {key: {partition: customerId, sort: createdAt}, projection: keys-only}
    entities:
      Order:
        keys: {orderId: "ORDER#{id}", customerId: "{customerId}", createdAt: "{createdAt}"}
        item_size: 1KB
        fields: {id: {format: uuid}, customerId: {cardinality: 1M}, createdAt: {format: iso8601}}
"""

CODE = """\
import boto3

orders = boto3.resource("dynamodb").Table("Orders")


def find(customer_id):
    # the cursor comes after non-ASCII text on its line
    note = "é😋"; return orders.query(Ind
"""


async def complete(
    client: RecordingClient, uri: str, line: int, character: int
) -> list[types.CompletionItem]:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    if result is None:
        return []
    return result.items if isinstance(result, types.CompletionList) else list(result)


def setup(root: Path) -> str:
    """The spec and the code side by side; the code's URI."""
    (root / "orders.ddb.yaml").write_text(SPEC, encoding="utf-8")
    code = root / "service.py"
    code.write_text(CODE, encoding="utf-8")
    return code.as_uri()


async def test_keyword_arguments_replace_what_was_typed(client: RecordingClient, workspace: Path) -> None:
    uri = setup(workspace)
    encoding = (await initialize(client, workspace)).capabilities.position_encoding or "utf-16"
    open_file(client, uri, CODE, "python")
    line = CODE.splitlines()[7]
    items = await complete(client, uri, 7, units(line, encoding))
    index = next(item for item in items if item.label == "IndexName")
    assert index.kind == types.CompletionItemKind.Property
    assert isinstance(index.text_edit, types.TextEdit)
    assert index.text_edit.new_text == "IndexName="
    start = line.index("Ind")
    assert index.text_edit.range.start == types.Position(line=7, character=units(line[:start], encoding))
    assert units(line[:start], encoding) != start  # the columns really are in client units
    assert index.documentation is not None


async def test_index_and_attribute_names_from_the_spec(client: RecordingClient, workspace: Path) -> None:
    uri = setup(workspace)
    text = CODE.replace("orders.query(Ind", 'orders.query(IndexName="By')
    encoding = (await initialize(client, workspace)).capabilities.position_encoding or "utf-16"
    open_file(client, uri, text, "python")
    line = text.splitlines()[7]
    items = await complete(client, uri, 7, units(line, encoding))
    assert [item.label for item in items] == ["ByCustomer"]
    text = CODE.replace("orders.query(Ind", 'orders.query(IndexName="ByCustomer", KeyConditionExpression="cu')
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    line = text.splitlines()[7]
    items = await complete(client, uri, 7, units(line, encoding))
    assert [item.label for item in items] == ["customerId", "createdAt"]


async def test_nothing_in_a_spec_or_outside_a_call(client: RecordingClient, workspace: Path) -> None:
    uri = setup(workspace)
    await initialize(client, workspace)
    open_file(client, uri, CODE, "python")
    assert await complete(client, uri, 2, 3) == []
    assert await complete(client, uri, 99, 0) == []
