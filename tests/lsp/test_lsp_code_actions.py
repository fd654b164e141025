"""Code actions over stdio, as Neovim (UTF-8) and VS Code (UTF-16): the quick fix of a
diagnostic, applied by the client with the range in its own units, makes the diagnostic go
away; every diagnostic can be silenced; "fix all" applies the safe fixes only; edits are
resolved lazily where the client resolves them and come inline where it does not."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
import pytest_lsp
from lsprotocol import types

from ddb_architect.findings import Position
from ddb_architect.fixes.model import apply_edits
from ddb_architect.lsp.code_actions import FIX_ALL, FIX_ALL_TITLE, minimal_edits, wanted
from tests.lsp.lsp_session import (
    RecordingClient,
    codes,
    open_document,
    replace_text,
    spec_uri,
    wait_for_publish,
)
from tests.lsp.test_lsp_positions import units
from tests.lsp.test_lsp_python import open_file

# The number to pad comes after non-ASCII text on its line: its column differs in UTF-8,
# UTF-16 and code points.
PADDED_LINE = 8
SPEC = """\
version: 1
tables:
  Scores:
    key: {partition: PK, sort: SK}
    indexes:
      ByPlayer: {key: {partition: player}, projection: keys-only}
    entities:
      Score:
        keys: {PK: "GAME😋é#{game}", SK: "SCORE#{points}", player: "{player}"}
        item_size: 1KB
        count: 1M
        fields: {game: {cardinality: 1K}, points: {type: N}, player: {cardinality: 1M}}
      Level:
        keys: {PK: "GAME#{game}", SK: "LEVEL#{level}"}
        item_size: 1KB
        count: 1K
        fields: {game: {cardinality: 1K}, level: {type: N}}
    access_patterns:
      - {name: by-player, op: Query, index: ByPlayr, key: {player: "{player}"}, rate: 1/s}
"""

CODE = """\
import boto3

table = boto3.resource("dynamodb").Table("Orders")
table.scan()
"""


# --------------------------------------------------------------------------- the client's side


def without_resolve(capabilities: types.ClientCapabilities) -> types.ClientCapabilities:
    """An editor's capabilities, as a client that cannot resolve code actions."""
    assert capabilities.text_document is not None
    assert capabilities.text_document.code_action is not None
    code_action = attrs.evolve(capabilities.text_document.code_action, resolve_support=None)
    text_document = attrs.evolve(capabilities.text_document, code_action=code_action)
    return attrs.evolve(capabilities, text_document=text_document)


async def start(
    client: RecordingClient, root: Path, *, resolve: bool = True
) -> tuple[types.InitializeResult, str]:
    """Initialize as the client's editor (without resolve support when asked); the result
    and the negotiated position encoding."""
    capabilities = pytest_lsp.client_capabilities(client.editor)
    if not resolve:
        capabilities = without_resolve(capabilities)
    result: types.InitializeResult = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        )
    )
    return result, result.capabilities.position_encoding or types.PositionEncodingKind.Utf16


def offset(text: str, position: types.Position, encoding: str) -> int:
    """Where a position in client units falls in the text, as the client computes it."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    counted = 0
    for index, character in enumerate(line):
        if counted >= position.character:
            return start + index
        counted += units(character, encoding)
    return start + len(line)


def apply(text: str, edit: types.WorkspaceEdit, uri: str, encoding: str, version: int | None = None) -> str:
    """The text with the workspace edit applied, as the client applies it."""
    edits: list[types.TextEdit] = []
    if edit.document_changes is not None:
        for change in edit.document_changes:
            assert isinstance(change, types.TextDocumentEdit)
            assert change.text_document.uri == uri
            if version is not None:
                assert change.text_document.version == version
            edits.extend(e for e in change.edits if isinstance(e, types.TextEdit))
    else:
        assert edit.changes is not None
        edits.extend(edit.changes[uri])
    placed = sorted(
        (
            (offset(text, e.range.start, encoding), offset(text, e.range.end, encoding), e.new_text)
            for e in edits
        ),
        reverse=True,
    )
    for start, end, new_text in placed:
        text = text[:start] + new_text + text[end:]
    return text


async def code_actions(
    client: RecordingClient,
    uri: str,
    diagnostics: list[types.Diagnostic],
    only: list[str] | None = None,
) -> list[types.CodeAction]:
    where = (
        diagnostics[0].range
        if diagnostics
        else types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    )
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=where,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only),
        )
    )
    actions = [a for a in result or [] if isinstance(a, types.CodeAction)]
    assert len(actions) == len(result or []), "the server answers with code actions, not commands"
    return actions


async def edit_of(client: RecordingClient, action: types.CodeAction) -> types.WorkspaceEdit:
    """The action's edit: resolved when the server left it out."""
    if action.edit is None:
        assert action.data is not None, "an action without an edit identifies itself for resolve"
        action = await client.code_action_resolve_async(action)
    assert action.edit is not None
    return action.edit


def the(diagnostics: list[types.Diagnostic], code: str, line: int | None = None) -> types.Diagnostic:
    found = [d for d in diagnostics if d.code == code and (line is None or d.range.start.line == line)]
    assert found, f"no {code} in {[(d.code, d.range.start.line) for d in diagnostics]}"
    return found[0]


async def opened(client: RecordingClient, root: Path, text: str = SPEC) -> tuple[str, list[types.Diagnostic]]:
    uri = spec_uri(root, "scores.ddb.yaml")
    open_document(client, uri, text)
    published = await wait_for_publish(client, uri, 1)
    return uri, list(published.diagnostics)


# --------------------------------------------------------------------------- the stories


async def test_the_server_announces_its_code_action_kinds(client: RecordingClient, workspace: Path) -> None:
    result, _ = await start(client, workspace)
    provider = result.capabilities.code_action_provider
    assert isinstance(provider, types.CodeActionOptions)
    assert provider.code_action_kinds is not None
    assert set(provider.code_action_kinds) == {types.CodeActionKind.QuickFix, FIX_ALL}
    assert provider.resolve_provider is True


async def test_padding_the_number_makes_ddb106_go_away(client: RecordingClient, workspace: Path) -> None:
    _, encoding = await start(client, workspace)
    uri, diagnostics = await opened(client, workspace)
    padded = the(diagnostics, "DDB106", PADDED_LINE)
    line = SPEC.splitlines()[PADDED_LINE]
    # The diagnostic's column really is in client units, which differ from code points here.
    assert padded.range.start.character == units(line[: line.index('"SCORE#')], encoding)
    assert padded.range.start.character != line.index('"SCORE#')

    actions = await code_actions(client, uri, [padded])
    pad = next(a for a in actions if a.title.startswith("Zero-pad"))
    assert pad.kind == types.CodeActionKind.QuickFix
    assert pad.is_preferred is True
    assert list(pad.diagnostics or []) == [padded]
    # Both editors resolve code actions: the edit is computed when the action is chosen.
    assert pad.edit is None
    fixed = apply(SPEC, await edit_of(client, pad), uri, encoding, version=1)

    assert '"GAME😋é#{game}", SK: "SCORE#{points:010d}", player:' in fixed.splitlines()[PADDED_LINE]
    replace_text(client, uri, fixed, 2)
    after = await wait_for_publish(client, uri, 2)
    assert not [d for d in after.diagnostics if d.code == "DDB106" and d.range.start.line == PADDED_LINE]
    assert "DDB004" in codes(after)


async def test_every_diagnostic_can_be_silenced(client: RecordingClient, workspace: Path) -> None:
    _, encoding = await start(client, workspace)
    uri, diagnostics = await opened(client, workspace)
    assert {"DDB106", "DDB004"} <= {str(d.code) for d in diagnostics}
    for diagnostic in diagnostics:
        actions = await code_actions(client, uri, [diagnostic])
        titles = [a.title for a in actions]
        assert f"Ignore {diagnostic.code} on this line" in titles, titles

    typo = the(diagnostics, "DDB004")
    actions = await code_actions(client, uri, [typo])
    ignore = next(a for a in actions if a.title == "Ignore DDB004 on this line")
    assert not ignore.is_preferred
    fixed = apply(SPEC, await edit_of(client, ignore), uri, encoding)
    assert fixed.splitlines()[typo.range.start.line].endswith("rate: 1/s}  # ddb: ignore[DDB004]")
    replace_text(client, uri, fixed, 2)
    after = await wait_for_publish(client, uri, 2)
    assert "DDB004" not in codes(after)
    assert codes(after).count("DDB106") == 2


async def test_python_diagnostics_can_be_silenced(client: RecordingClient, workspace: Path) -> None:
    _, encoding = await start(client, workspace)
    code = workspace / "service.py"
    code.write_text(CODE, encoding="utf-8")
    uri = code.as_uri()
    open_file(client, uri, CODE, "python")
    published = await wait_for_publish(client, uri, 1)
    scan = the(list(published.diagnostics), "DDB601")

    actions = await code_actions(client, uri, [scan])
    ignore = next(a for a in actions if a.title == "Ignore DDB601 on this line")
    fixed = apply(CODE, await edit_of(client, ignore), uri, encoding)
    assert "table.scan()  # ddb: ignore[DDB601]\n" in fixed
    replace_text(client, uri, fixed, 2)
    after = await wait_for_publish(client, uri, 2)
    assert "DDB601" not in codes(after)


async def test_edits_come_inline_when_the_client_cannot_resolve(
    client: RecordingClient, workspace: Path
) -> None:
    _, encoding = await start(client, workspace, resolve=False)
    uri, diagnostics = await opened(client, workspace)
    padded = the(diagnostics, "DDB106", PADDED_LINE)

    actions = await code_actions(client, uri, [padded])
    assert actions
    assert all(a.edit is not None and a.data is None for a in actions)
    pad = next(a for a in actions if a.title.startswith("Zero-pad"))
    assert pad.edit is not None
    # Versioned where the client takes documentChanges (VS Code), plain changes elsewhere.
    if client.editor == "visual-studio-code":
        assert pad.edit.document_changes is not None
        assert pad.edit.changes is None
    else:
        assert pad.edit.changes is not None
        assert pad.edit.document_changes is None
    fixed = apply(SPEC, pad.edit, uri, encoding, version=1)
    assert '"SCORE#{points:010d}"' in fixed


async def test_fix_all_applies_the_safe_fixes_only(client: RecordingClient, workspace: Path) -> None:
    _, encoding = await start(client, workspace)
    uri, _ = await opened(client, workspace)

    # As an editor asks on save: no diagnostics, only the kind.
    actions = await code_actions(client, uri, [], only=[FIX_ALL])
    assert [(a.title, a.kind) for a in actions] == [(FIX_ALL_TITLE, FIX_ALL)]
    fixed = apply(SPEC, await edit_of(client, actions[0]), uri, encoding, version=1)

    assert '"SCORE#{points:010d}"' in fixed
    assert '"LEVEL#{level:010d}"' in fixed
    assert "index: ByPlayr," in fixed  # a guess at a name is not safe: left to the user
    assert "ddb: ignore" not in fixed
    replace_text(client, uri, fixed, 2)
    after = await wait_for_publish(client, uri, 2)
    assert codes(after) == ["DDB004"]


async def test_fix_all_inline_without_resolve(client: RecordingClient, workspace: Path) -> None:
    _, encoding = await start(client, workspace, resolve=False)
    uri, _ = await opened(client, workspace)
    actions = await code_actions(client, uri, [], only=["source.fixAll"])
    assert [a.title for a in actions] == [FIX_ALL_TITLE]
    assert actions[0].edit is not None
    fixed = apply(SPEC, actions[0].edit, uri, encoding)
    assert fixed.count(":010d}") == 2


async def test_actions_follow_the_kinds_asked_for(client: RecordingClient, workspace: Path) -> None:
    await start(client, workspace)
    uri, diagnostics = await opened(client, workspace)
    padded = the(diagnostics, "DDB106", PADDED_LINE)
    typo = the(diagnostics, "DDB004")

    def kinds(actions: list[types.CodeAction]) -> set[str | None]:
        return {a.kind for a in actions}

    # Asked for nothing in particular: the quick fixes, and "fix all" beside a safe one.
    assert kinds(await code_actions(client, uri, [padded])) == {"quickfix", FIX_ALL}
    assert kinds(await code_actions(client, uri, [typo])) == {"quickfix"}
    assert kinds(await code_actions(client, uri, [padded], only=["quickfix"])) == {"quickfix"}
    assert kinds(await code_actions(client, uri, [padded], only=["source"])) == {FIX_ALL}
    assert await code_actions(client, uri, [padded], only=["refactor"]) == []
    # Another tool's diagnostic is not ours to fix.
    foreign = attrs.evolve(padded, source="yamllint")
    assert await code_actions(client, uri, [foreign]) == []


async def test_an_action_offered_for_an_older_version_does_nothing(
    client: RecordingClient, workspace: Path
) -> None:
    await start(client, workspace)
    uri, diagnostics = await opened(client, workspace)
    padded = the(diagnostics, "DDB106", PADDED_LINE)
    actions = await code_actions(client, uri, [padded])
    pad = next(a for a in actions if a.title.startswith("Zero-pad"))
    replace_text(client, uri, "# moved\n" + SPEC, 2)
    await wait_for_publish(client, uri, 2)

    resolved = await client.code_action_resolve_async(pad)
    assert resolved.edit is None


# --------------------------------------------------------------------------- the pure parts


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("a\nb\nc\n", "a\nB\nc\n"),
        ("a\r\nb\r\nc", "a\r\nb\r\nc\r\nd"),
        ("a\nb", "a\nb\n"),
        ("a\nb\nc\n", "a\nc\n"),
        ("", "new\n"),
        ("one 😋\ntwo\n", "zero\none 😋\ntwo é\n"),
    ],
)
def test_minimal_edits_turn_the_text_into_the_fixed_one(before: str, after: str) -> None:
    edits = minimal_edits(before, after)
    assert apply_edits(before, edits) == after
    assert len(edits) <= 2


def test_only_unchanged_lines_are_left_out_of_fix_all() -> None:
    [edit] = minimal_edits(SPEC, SPEC.replace("LEVEL#{level}", "LEVEL#{level:010d}"))
    assert edit.span.start == Position(13, 0)
    assert edit.span.end == Position(14, 0)


def test_kinds_asked_for() -> None:
    assert wanted("quickfix", None)
    assert wanted("quickfix", ["quickfix"])
    assert not wanted("quickfix", ["source"])
    assert wanted(FIX_ALL, ["source"])
    assert wanted(FIX_ALL, ["source.fixAll"])
    assert not wanted(FIX_ALL, ["source.fixAllOther"])
    assert not wanted(FIX_ALL, ["quickfix"])
