"""Columns after non-ASCII text land where the editor expects them: UTF-8 byte offsets
for Neovim, UTF-16 code units for VS Code, as negotiated at initialize."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from tests.lsp.lsp_session import (
    RecordingClient,
    edit_range,
    initialize,
    open_document,
    spec_uri,
    wait_for_publish,
)

LINE = '  Tbl: {description: "😋 é", billing: provisoned, key: {partition: PK}}'
SPEC = f"version: 1\ntables:\n{LINE}\n"
TYPO = "provisoned"

EXPECTED_ENCODING = {
    "neovim": types.PositionEncodingKind.Utf8,
    "visual-studio-code": types.PositionEncodingKind.Utf16,
}


def units(text: str, encoding: str) -> int:
    """The length of ``text`` in the client's code units."""
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8"))
    return len(text.encode("utf-16-le")) // 2


async def test_columns_follow_the_negotiated_encoding(client: RecordingClient, workspace: Path) -> None:
    result = await initialize(client, workspace)
    encoding = result.capabilities.position_encoding
    assert encoding == EXPECTED_ENCODING[client.editor]
    uri = spec_uri(workspace)
    open_document(client, uri, SPEC)

    published = await wait_for_publish(client, uri, 1)

    [billing] = [d for d in published.diagnostics if d.code == "DDB002" and TYPO in d.message]
    start = LINE.index(TYPO)
    assert billing.range.start == types.Position(line=2, character=units(LINE[:start], encoding))
    assert billing.range.end == types.Position(line=2, character=units(LINE[: start + len(TYPO)], encoding))
    # The emoji makes the three encodings disagree; the test would not tell them apart otherwise.
    assert len({units(LINE[:start], "utf-8"), units(LINE[:start], "utf-16"), start}) == 3


async def test_an_edit_in_client_units_fixes_the_typo(client: RecordingClient, workspace: Path) -> None:
    result = await initialize(client, workspace)
    encoding = result.capabilities.position_encoding
    assert encoding is not None
    uri = spec_uri(workspace)
    open_document(client, uri, SPEC)
    await wait_for_publish(client, uri, 1)

    start = LINE.index(TYPO)
    typo_range = types.Range(
        start=types.Position(line=2, character=units(LINE[:start], encoding)),
        end=types.Position(line=2, character=units(LINE[: start + len(TYPO)], encoding)),
    )
    edit_range(client, uri, typo_range, "provisioned", version=2)

    fixed = await wait_for_publish(client, uri, 2)
    assert not [d for d in fixed.diagnostics if TYPO in d.message]
