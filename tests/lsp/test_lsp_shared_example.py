"""The shared red-flags design, opened over stdio, gets exactly the engine's findings: the
editor and the CLI report the same thing (compared with the engine, so the test holds
while rules are added)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddb_architect.config import load_project_config
from ddb_architect.engine import check_spec
from tests.lsp.lsp_session import RecordingClient, initialize, open_document, wait_for_publish

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
RED_FLAGS = SHARED / "examples" / "red-flags.ddb.yaml"

pytestmark = pytest.mark.skipif(not RED_FLAGS.is_file(), reason=f"{RED_FLAGS} is not present")


async def test_red_flags_match_the_engine(client: RecordingClient) -> None:
    text = RED_FLAGS.read_text(encoding="utf-8")
    await initialize(client, RED_FLAGS.parent)
    uri = RED_FLAGS.as_uri()
    open_document(client, uri, text)

    published = await wait_for_publish(client, uri, 1)

    selection = load_project_config(RED_FLAGS.parent).selection()
    expected = check_spec(text, str(RED_FLAGS), selection).findings
    assert expected, "the red-flags example should have findings"
    assert sorted((str(d.code), d.range.start.line) for d in published.diagnostics) == sorted(
        (f.code, f.span.start.line) for f in expected
    )
    assert sorted(d.message for d in published.diagnostics) == sorted(f.message for f in expected)
