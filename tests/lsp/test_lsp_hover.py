"""Hover over stdio, as Neovim (UTF-8 columns) and VS Code (UTF-16 columns): an access
pattern shows its dollars and formula, a table name its bill, and a position after
non-ASCII text on the same line lands on the right node."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from ddb_architect.cost.design_bill import price_design
from ddb_architect.cost.money import format_usd
from ddb_architect.lsp.hover import plain_text
from ddb_architect.spec.loader import load_spec
from tests.lsp.lsp_session import RecordingClient, initialize, open_document, spec_uri
from tests.lsp.test_lsp_positions import units

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SOCIAL = SHARED / "examples" / "social.ddb.yaml"

needs_social = pytest.mark.skipif(not SOCIAL.is_file(), reason=f"{SOCIAL} is not present")


async def hover(client: RecordingClient, uri: str, line: int, character: int) -> types.Hover | None:
    result: types.Hover | None = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    return result


def markdown(result: types.Hover | None) -> str:
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    return result.contents.value


def where(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines()):
        if needle in line:
            return number, line.index(needle)
    raise AssertionError(f"{needle!r} is not in the text")


@needs_social
async def test_an_access_pattern_shows_its_dollars_and_formula(client: RecordingClient) -> None:
    text = SOCIAL.read_text(encoding="utf-8")
    await initialize(client, SOCIAL.parent)
    uri = SOCIAL.as_uri()
    open_document(client, uri, text)
    line, column = where(text, "name: recent-posts")
    column += len("name: ")

    result = await hover(client, uri, line, column + 3)

    design = load_spec(text).design
    assert design is not None
    pattern = next(p for t in price_design(design).tables for p in t.patterns if p.name == "recent-posts")
    assert pattern.load is not None
    assert pattern.monthly_usd is not None
    value = markdown(result)
    assert format_usd(pattern.monthly_usd) in value
    for step in pattern.load.steps:
        assert step in value
    assert "prices as of" in value
    assert result is not None
    assert result.range == types.Range(
        start=types.Position(line=line, character=column),
        end=types.Position(line=line, character=column + len("recent-posts")),
    )


@needs_social
async def test_a_table_name_shows_its_bill(client: RecordingClient) -> None:
    text = SOCIAL.read_text(encoding="utf-8")
    await initialize(client, SOCIAL.parent)
    uri = SOCIAL.as_uri()
    open_document(client, uri, text)
    line, column = where(text, "SocialApp:")

    value = markdown(await hover(client, uri, line, column))

    design = load_spec(text).design
    assert design is not None
    [table] = price_design(design).tables
    assert f"**{format_usd(table.monthly_usd)} a month**" in value
    assert "| reads |" in value


@needs_social
async def test_the_region_setting_prices_in_another_region(client: RecordingClient) -> None:
    text = SOCIAL.read_text(encoding="utf-8")
    await initialize(client, SOCIAL.parent, configuration={"region": "eu-central-1"})
    uri = SOCIAL.as_uri()
    open_document(client, uri, text)
    line, column = where(text, "SocialApp:")

    value = markdown(await hover(client, uri, line, column))

    design = load_spec(text).design
    assert design is not None
    [own] = price_design(design).tables
    [frankfurt] = price_design(design, region="eu-central-1").tables
    assert own.monthly_usd != frankfurt.monthly_usd
    assert f"**{format_usd(frankfurt.monthly_usd)} a month**" in value
    assert "eu-central-1" in value


LINE = '      Thing: {description: "😋😋😋 éé", keys: {PK: "T#{id}"}, item_size: 1.5KB, count: 10K}'
SPEC = f"version: 1\ntables:\n  Tbl:\n    key: {{partition: PK}}\n    entities:\n{LINE}\n"


async def test_a_position_after_non_ascii_text_lands_on_its_node(
    client: RecordingClient, workspace: Path
) -> None:
    result = await initialize(client, workspace)
    encoding = result.capabilities.position_encoding
    assert encoding is not None
    uri = spec_uri(workspace)
    open_document(client, uri, SPEC)
    start = LINE.index("1.5KB")
    end = start + len("1.5KB")
    size_range = types.Range(
        start=types.Position(line=5, character=units(LINE[:start], encoding)),
        end=types.Position(line=5, character=units(LINE[:end], encoding)),
    )

    first = await hover(client, uri, 5, units(LINE[:start], encoding))
    last = await hover(client, uri, 5, units(LINE[: end - 1], encoding))

    assert markdown(first).startswith("`item_size: 1.5KB` = 1,536 bytes")
    assert first is not None
    assert first.range == size_range
    assert last is not None
    assert last.range == size_range
    # One unit either side is the space before and the comma after: nothing there.
    assert await hover(client, uri, 5, units(LINE[:start], encoding) - 1) is None
    assert await hover(client, uri, 5, units(LINE[:end], encoding)) is None
    # The column in code points, read as the client's units, is somewhere else.
    elsewhere = await hover(client, uri, 5, start)
    assert elsewhere is None or elsewhere.range != size_range
    assert len({units(LINE[:start], "utf-8"), units(LINE[:start], "utf-16"), start}) == 3


async def test_no_hover_where_there_is_nothing(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    uri = spec_uri(workspace)
    open_document(client, uri, SPEC)
    other = (workspace / "notes.yaml").as_uri()
    open_document(client, other, SPEC)

    assert await hover(client, uri, 0, 1) is None  # version
    assert await hover(client, uri, 5, 10_000) is None  # past the end of the line
    assert await hover(client, uri, 99, 0) is None  # past the end of the document
    assert await hover(client, other, 5, LINE.index("1.5KB")) is None  # not a design spec
    assert await hover(client, (workspace / "closed.ddb.yaml").as_uri(), 0, 0) is None


async def test_plain_text_for_a_client_without_markdown(client: RecordingClient, workspace: Path) -> None:
    capabilities = pytest_lsp.client_capabilities(client.editor)
    assert capabilities.text_document is not None
    capabilities.text_document.hover = types.HoverClientCapabilities(
        content_format=[types.MarkupKind.PlainText]
    )
    await client.initialize_session(
        types.InitializeParams(capabilities=capabilities, root_uri=workspace.as_uri())
    )
    uri = spec_uri(workspace)
    open_document(client, uri, SPEC)

    found = await hover(client, uri, 5, LINE.index("Thing") + 1)

    assert found is not None
    assert isinstance(found.contents, types.MarkupContent)
    assert found.contents.kind == types.MarkupKind.PlainText
    assert found.contents.value.startswith("Thing · entity in Tbl")
    assert "**" not in found.contents.value


def test_plain_text_keeps_the_words_and_drops_the_markup() -> None:
    markdown_text = "**My\\_Table** · `x: 1`\n\n|  | a | b |\n|:--|:--|--:|\n| reads | 3 RRU | $1.00 |"
    assert plain_text(markdown_text) == "My_Table · x: 1\n\na  b\nreads  3 RRU  $1.00"
