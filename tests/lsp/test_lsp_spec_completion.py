"""Completion in specs over stdio, as Neovim (UTF-8) and VS Code (UTF-16): typing ``keys:``
under a new entity offers the key-template library, typing ``{`` inside a template offers
the entity's fields, and snippets are sent as snippets only to clients that take them."""

from __future__ import annotations

from pathlib import Path

import pytest_lsp
from lsprotocol import types

from ddb_architect.library import key_patterns
from tests.lsp.lsp_session import RecordingClient, initialize, open_document, replace_text
from tests.lsp.test_lsp_positions import units

SPEC = """\
version: 1
tables:
  App:
    key: {partition: PK, sort: SK}
    entities:
      User:
        description: Ünïcode 😋 user
        keys: {PK: "USER#{userId}", SK: PROFILE}
        item_size: 1KB
        fields:
          userId: {type: S, format: uuid}
          email: {type: S, unique: true}
"""


async def complete(
    client: RecordingClient, uri: str, line: int, character: int, trigger: str | None = None
) -> list[types.CompletionItem]:
    context = (
        types.CompletionContext(
            trigger_kind=types.CompletionTriggerKind.TriggerCharacter, trigger_character=trigger
        )
        if trigger
        else types.CompletionContext(trigger_kind=types.CompletionTriggerKind.Invoked)
    )
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
            context=context,
        )
    )
    if result is None:
        return []
    return result.items if isinstance(result, types.CompletionList) else list(result)


def spec_uri(root: Path, text: str = SPEC) -> str:
    path = root / "app.ddb.yaml"
    path.write_text(text, encoding="utf-8")
    return path.as_uri()


def edit_of(item: types.CompletionItem) -> types.TextEdit:
    assert isinstance(item.text_edit, types.TextEdit)
    return item.text_edit


async def test_typing_keys_under_a_new_entity_offers_the_library(
    client: RecordingClient, workspace: Path
) -> None:
    uri = spec_uri(workspace)
    result = await initialize(client, workspace)
    assert result.capabilities.completion_provider is not None
    triggers = result.capabilities.completion_provider.trigger_characters or []
    assert {"{", ":", " ", "-", "(", "'"} <= set(triggers)
    open_document(client, uri, SPEC)
    typed = SPEC + "      Order:\n        keys:"
    replace_text(client, uri, typed, 2)
    line = len(typed.splitlines()) - 1
    items = await complete(client, uri, line, len("        keys:"), trigger=":")
    assert [item.label for item in items] == [pattern.name for pattern in key_patterns()]
    by_id = items[0]
    assert by_id.kind == types.CompletionItemKind.Snippet
    assert by_id.insert_text_format == types.InsertTextFormat.Snippet
    assert edit_of(by_id).new_text == ' {PK: "USER#{${1:userId}\\}", SK: PROFILE\\}'
    position = types.Position(line=line, character=len("        keys:"))
    assert edit_of(by_id).range == types.Range(start=position, end=position)
    assert isinstance(by_id.documentation, types.MarkupContent)
    assert "When to use it" in by_id.documentation.value


async def test_typing_brace_inside_a_template_offers_the_entity_fields(
    client: RecordingClient, workspace: Path
) -> None:
    uri = spec_uri(workspace)
    encoding = (await initialize(client, workspace)).capabilities.position_encoding or "utf-16"
    open_document(client, uri, SPEC)
    line_text = '        keys: {PK: "ÜSER😋#{userId}", SK: PROFILE, GSI1PK: "EMAIL#{'
    text = SPEC.replace('        keys: {PK: "USER#{userId}", SK: PROFILE}', line_text + '"}')
    replace_text(client, uri, text, 2)
    line = text.splitlines().index(line_text + '"}')
    items = await complete(client, uri, line, units(line_text, encoding), trigger="{")
    assert [item.label for item in items] == ["userId", "email"]
    email = items[1]
    assert email.kind == types.CompletionItemKind.Variable
    assert email.detail == "field of User: S, unique"
    cursor = types.Position(line=line, character=units(line_text, encoding))
    assert edit_of(email) == types.TextEdit(range=types.Range(start=cursor, end=cursor), new_text="email}")
    assert units(line_text, encoding) != len(line_text)  # columns really are in client units
    # Half-typed: the typed part of the name is replaced.
    text = text.replace(line_text, line_text + "em")
    replace_text(client, uri, text, 3)
    items = await complete(client, uri, line, units(line_text + "em", encoding))
    email = next(item for item in items if item.label == "email")
    assert edit_of(email).range.start == cursor


async def test_block_snippets_are_snippets_for_a_client_that_takes_them(
    client: RecordingClient, workspace: Path
) -> None:
    text = SPEC + "      "
    uri = spec_uri(workspace, text)
    await initialize(client, workspace)
    open_document(client, uri, text)
    items = await complete(client, uri, len(text.splitlines()) - 1, 6)
    entity = next(item for item in items if item.label == "entity")
    assert entity.insert_text_format == types.InsertTextFormat.Snippet
    assert entity.insert_text_mode == types.InsertTextMode.AdjustIndentation
    assert edit_of(entity).new_text.startswith('${1:Item}:\n  keys: {PK: "${2:ITEM}#{${3:itemId}\\}"')


async def test_without_snippet_support_the_plain_text_is_sent(
    client: RecordingClient, workspace: Path
) -> None:
    text = SPEC + "      "
    uri = spec_uri(workspace, text)
    capabilities = pytest_lsp.client_capabilities(client.editor)
    assert capabilities.text_document is not None
    assert capabilities.text_document.completion is not None
    completion_item = capabilities.text_document.completion.completion_item
    assert completion_item is not None
    assert completion_item.snippet_support
    completion_item.snippet_support = False
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name=workspace.name)],
        )
    )
    open_document(client, uri, text)
    line = len(text.splitlines()) - 1
    items = await complete(client, uri, line, 6)
    entity = next(item for item in items if item.label == "entity")
    assert entity.insert_text_format in (None, types.InsertTextFormat.PlainText)
    assert entity.insert_text_mode == types.InsertTextMode.AsIs
    inserted = edit_of(entity).new_text
    assert inserted.startswith(
        'Item:\n        keys: {PK: "ITEM#{itemId}", SK: META}\n        item_size: 1KB\n'
    )
    assert "$" not in inserted
    assert "\\" not in inserted
    # The library after `keys:` also comes as the text it inserts.
    typed = SPEC + "      Order:\n        keys: "
    replace_text(client, uri, typed, 2)
    items = await complete(client, uri, len(typed.splitlines()) - 1, len("        keys: "), trigger=" ")
    assert edit_of(items[0]).new_text == '{PK: "USER#{userId}", SK: PROFILE}'


async def test_values_and_half_typed_keys(client: RecordingClient, workspace: Path) -> None:
    text = SPEC.replace(
        "    key: {partition: PK, sort: SK}\n", "    key: {partition: PK, sort: SK}\n    bil\n"
    )
    uri = spec_uri(workspace, text)
    await initialize(client, workspace)
    open_document(client, uri, text)
    items = await complete(client, uri, 4, len("    bil"))
    billing = next(item for item in items if item.label == "billing")
    assert billing.kind == types.CompletionItemKind.Property
    assert edit_of(billing).range.start == types.Position(line=4, character=4)
    assert edit_of(billing).new_text == "billing: "
    text = text.replace("    bil\n", "    billing: \n")
    replace_text(client, uri, text, 2)
    items = await complete(client, uri, 4, len("    billing: "), trigger=" ")
    assert [item.label for item in items] == ["on-demand", "provisioned"]
    assert items[0].kind == types.CompletionItemKind.EnumMember
