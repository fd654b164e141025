"""A user works on Python code that calls DynamoDB, as Neovim (UTF-8 columns) and VS Code
(UTF-16 columns) over stdio: the code gets the engine's diagnostics against the specs beside
it, hovering a call shows the access pattern it performs with its units and monthly cost,
hovering a table name its definition, and editing a spec checks the code again."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest
from lsprotocol import types

from ddb_architect.code.specs import discover_specs, load_specs
from ddb_architect.config import load_project_config
from ddb_architect.cost.design_bill import price_design
from ddb_architect.cost.money import format_usd
from ddb_architect.engine import check_python
from ddb_architect.hover.costs import units_per_request
from ddb_architect.lsp.convert import rule_link
from ddb_architect.spec.loader import load_spec
from tests.lsp.lsp_session import (
    RecordingClient,
    codes,
    initialize,
    replace_text,
    wait_for_publish,
)
from tests.lsp.test_lsp_hover import hover, markdown
from tests.lsp.test_lsp_positions import units

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EXAMPLES = SHARED / "examples"
ORDERS_SERVICE = EXAMPLES / "orders_service.py"
RED_FLAGS = EXAMPLES / "red-flags.ddb.yaml"

needs_shared = pytest.mark.skipif(
    not (ORDERS_SERVICE.is_file() and RED_FLAGS.is_file()), reason=f"{EXAMPLES} is not present"
)


def open_file(client: RecordingClient, uri: str, text: str, language: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)
        )
    )


def publications(client: RecordingClient) -> int:
    return len(client.published)


@needs_shared
async def test_the_orders_service_gets_the_engines_findings(client: RecordingClient) -> None:
    text = ORDERS_SERVICE.read_text(encoding="utf-8")
    await initialize(client, EXAMPLES)
    uri = ORDERS_SERVICE.as_uri()
    started = time.perf_counter()
    open_file(client, uri, text, "python")

    published = await wait_for_publish(client, uri, 1)
    elapsed = time.perf_counter() - started

    project = load_project_config(EXAMPLES)
    specs = load_specs(discover_specs(ORDERS_SERVICE), table_names=project.table_names)
    expected = check_python(text, str(ORDERS_SERVICE), specs, project.selection()).findings
    assert "DDB702" in {f.code for f in expected}
    assert sorted((str(d.code), d.range.start.line) for d in published.diagnostics) == sorted(
        (f.code, f.span.start.line) for f in expected
    )
    [unknown_index] = [d for d in published.diagnostics if d.code == "DDB702"]
    assert unknown_index.source == "ddb-architect"
    link = rule_link("DDB702")
    assert (unknown_index.code_description.href if unknown_index.code_description else None) == link
    assert isinstance(unknown_index.data, dict)
    assert unknown_index.data["index"] == "ByEmail"
    assert elapsed < 5.0


@needs_shared
async def test_hovering_a_query_shows_its_pattern_units_and_cost(client: RecordingClient) -> None:
    text = ORDERS_SERVICE.read_text(encoding="utf-8")
    await initialize(client, EXAMPLES)
    uri = ORDERS_SERVICE.as_uri()
    open_file(client, uri, text, "python")
    lines = text.splitlines()
    line = 46  # `response = orders.query(` in orders_to_ship
    column = lines[line].index("orders.query(") + len("orders.")

    result = await hover(client, uri, line, column + 2)

    design = load_spec(RED_FLAGS.read_text(encoding="utf-8")).design
    assert design is not None
    cost = next(p for t in price_design(design).tables for p in t.patterns if p.name == "orders-to-ship")
    assert cost.load is not None
    assert cost.monthly_usd is not None
    value = markdown(result)
    assert "**orders-to-ship**" in value
    assert f"per call: **{units_per_request(cost.load)}**" in value
    assert f"{format_usd(cost.monthly_usd)} a month" in value
    assert "$" in value
    assert "prices as of" in value
    assert result is not None
    assert result.range == types.Range(
        start=types.Position(line=line, character=column),
        end=types.Position(line=line, character=column + len("query")),
    )

    table = markdown(await hover(client, uri, 13, lines[13].index('"Orders"') + 1))
    assert table.startswith("**Orders** · table in [red-flags.ddb.yaml:10]")
    assert "key: partition `orderId` (S)" in table


CODE = """\
import boto3
from boto3.dynamodb.conditions import Key

orders = boto3.resource("dynamodb").Table("Orders")


def by_email(email):
    return orders.query(IndexName="ByEmail", KeyConditionExpression=Key("email").eq(email), Limit=1)["Items"]
"""

BY_EMAIL = """\
      ByEmail:
        key: {partition: email}
        projection: keys-only
"""


def red_flags_beside(workspace: Path) -> tuple[Path, Path]:
    """A copy of red-flags.ddb.yaml with a Python file beside it."""
    spec = workspace / "red-flags.ddb.yaml"
    shutil.copyfile(RED_FLAGS, spec)
    code = workspace / "service.py"
    code.write_text(CODE, encoding="utf-8")
    return spec, code


def with_email_index(spec_text: str) -> str:
    return spec_text.replace(
        "    indexes:  # expect: DDB201\n", "    indexes:  # expect: DDB201\n" + BY_EMAIL, 1
    )


async def wait_until(
    client: RecordingClient, uri: str, has_702: bool, *, after: int
) -> types.PublishDiagnosticsParams:
    """The first diagnostics for ``uri`` published after the first ``after`` publications
    that report DDB702 (``has_702``) or not: checks started before an edit may still
    publish the old findings first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10.0
    while True:
        for params in client.published[after:]:
            if params.uri == uri and ("DDB702" in codes(params)) == has_702:
                return params
        if loop.time() > deadline:
            raise AssertionError(f"no diagnostics for {uri} with DDB702 {'in' if has_702 else 'out'}")
        await asyncio.sleep(0.01)


@needs_shared
async def test_editing_the_spec_checks_the_open_code_again(client: RecordingClient, workspace: Path) -> None:
    spec, code = red_flags_beside(workspace)
    await initialize(client, workspace)
    code_uri, spec_uri = code.as_uri(), spec.as_uri()
    open_file(client, code_uri, CODE, "python")
    assert "DDB702" in codes(await wait_for_publish(client, code_uri, 1))

    spec_text = spec.read_text(encoding="utf-8")
    open_file(client, spec_uri, spec_text, "yaml")
    seen = publications(client)
    replace_text(client, spec_uri, with_email_index(spec_text), version=2)

    # The code's own version is unchanged: it is checked again against the edited spec.
    declared = await wait_until(client, code_uri, has_702=False, after=seen)
    assert declared.version == 1
    hovered = markdown(await hover(client, code_uri, 7, CODE.splitlines()[7].index('"ByEmail"') + 1))
    assert hovered.startswith("**ByEmail** · global index of Orders")

    # Closed without saving: the spec on disk counts again.
    seen = publications(client)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=spec_uri))
    )
    await wait_until(client, code_uri, has_702=True, after=seen)


@needs_shared
async def test_a_spec_changed_on_disk_checks_the_open_code_again(
    client: RecordingClient, workspace: Path
) -> None:
    spec, code = red_flags_beside(workspace)
    await initialize(client, workspace)
    code_uri = code.as_uri()
    open_file(client, code_uri, CODE, "python")
    assert "DDB702" in codes(await wait_for_publish(client, code_uri, 1))

    spec.write_text(with_email_index(spec.read_text(encoding="utf-8")), encoding="utf-8")
    seen = publications(client)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=spec.as_uri(), type=types.FileChangeType.Changed)]
        )
    )

    await wait_until(client, code_uri, has_702=False, after=seen)
    # VS Code lets servers register file watchers; Neovim's recorded capabilities do not.
    watchers = await watcher_registrations(client, 1 if client.editor == "visual-studio-code" else 0)
    # The client receives the registration options as plain JSON.
    patterns = [w["globPattern"] for r in watchers for w in r.register_options["watchers"]]  # type: ignore[index]
    assert patterns == (["**/*.ddb.{yaml,yml}", "**/pyproject.toml", "**/*.py"] if watchers else [])


async def watcher_registrations(client: RecordingClient, expected: int) -> list[types.Registration]:
    """The file watcher registrations, once there are ``expected`` of them (or after a while)."""
    deadline = time.monotonic() + 5.0
    while True:
        found = [r for r in client.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
        if len(found) >= expected or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.01)


LINE = '    label = "😋 é"; return orders.query(IndexName="ByEmail", KeyConditionExpression=Key("email").eq(label))'


@needs_shared
async def test_columns_after_non_ascii_text_in_code(client: RecordingClient, workspace: Path) -> None:
    red_flags_beside(workspace)
    code = CODE.replace(CODE.splitlines()[7], LINE)
    result = await initialize(client, workspace)
    encoding = result.capabilities.position_encoding
    assert encoding is not None
    uri = (workspace / "service.py").as_uri()
    open_file(client, uri, code, "python")

    published = await wait_for_publish(client, uri, 1)

    [unknown_index] = [d for d in published.diagnostics if d.code == "DDB702"]
    start = LINE.index('"ByEmail"')
    end = start + len('"ByEmail"')
    expected = types.Range(
        start=types.Position(line=7, character=units(LINE[:start], encoding)),
        end=types.Position(line=7, character=units(LINE[:end], encoding)),
    )
    assert unknown_index.range == expected
    found = await hover(client, uri, 7, units(LINE[: start + 1], encoding))
    assert markdown(found).startswith("**ByEmail** · index")
    assert found is not None
    assert found.range == expected
    assert len({units(LINE[:start], "utf-8"), units(LINE[:start], "utf-16"), start}) == 3


async def test_code_without_boto3_is_quiet(client: RecordingClient, workspace: Path) -> None:
    await initialize(client, workspace)
    uri = (workspace / "util.py").as_uri()
    open_file(client, uri, "def table(rows):\n    return rows.query('x')\n", "python")

    published = await wait_for_publish(client, uri, 1)

    assert list(published.diagnostics) == []
    assert await hover(client, uri, 1, len("    return rows.q")) is None
