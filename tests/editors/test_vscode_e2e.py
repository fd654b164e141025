"""Real-editor end-to-end test: VS Code (code-server, driven in Debian's chromium through
playwright-core) with the packaged ``.vsix`` installed runs the real server, with the
interpreter named in the ``ddb-architect.interpreter`` setting (this test's Python).

The test opens a design spec with red flags (and its boto3 code), reads the Problems panel
and compares every code and position with ``ddb-architect check --format json``, hovers an
access pattern and reads its monthly cost, runs "Show Cost Report" and "Show Rule
Documentation" and reads the Markdown previews, applies a quick fix and saves, then (after the
Python file's problems) types a new entity's ``keys: `` and reads the suggest widget (the
key-template library), accepts one and reads the line, and types ``{`` in a key template to
get the entity's fields (left unsaved), and keeps screenshots under
``test-artifacts/vscode/`` (``DDB_ARCHITECT_UPDATE_SCREENSHOTS=1`` also copies them to
``docs/images/vscode-*.png`` for the README). A second test points the setting at a Python
without ddb-architect and reads what the status bar and the notification say to install.

The tools come from ``.ci/install-editors``; without them the test is skipped, unless
``DDB_ARCHITECT_REQUIRE_EDITORS=1`` (set by ``.ci/run``) asks for it to fail instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from ddb_architect.cost.money import format_usd
from ddb_architect.library import key_patterns
from tests.editors.vscode_support import (
    ARTIFACTS,
    ROOT,
    cli_findings,
    code_server,
    problems_of,
    run_driver,
    step,
    tools_or_skip,
)

PROJECT = Path(__file__).resolve().parent / "vscode" / "project"
SPEC = "orders.ddb.yaml"
CODE = "orders_service.py"
SHOTS = ("problems", "hover", "cost-report", "python")


def line_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of ``needle``."""
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def cli_cost(spec: Path, cwd: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "ddb_architect", "cost", "--format", "json", str(spec)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    cost: dict[str, Any] = json.loads(done.stdout)
    return cost


def grouped(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The Problems rows under each file row (a row without a position), by file name."""
    files: dict[str, list[str]] = {}
    current = ""
    for row in rows:
        if re.search(r"\[Ln \d+, Col \d+\]", row["text"]):
            files.setdefault(current, []).append(row["text"])
        else:
            current = next((name for name in (SPEC, CODE) if name in row["text"]), row["text"])
            files.setdefault(current, [])
    return files


def expected(findings: list[dict[str, Any]], name: str) -> list[tuple[str, int, int]]:
    return sorted(
        (f["code"], f["start"]["line"], f["start"]["column"])
        for f in findings
        if Path(f["path"]).name == name
    )


def test_vscode_problems_hover_cost_report_and_quick_fix(tmp_path: Path) -> None:
    tools = tools_or_skip()
    workspace = tmp_path / "project"
    shutil.copytree(PROJECT, workspace)
    spec_text = (workspace / SPEC).read_text(encoding="utf-8")

    findings = cli_findings([workspace / SPEC, workspace / CODE], workspace)
    spec_expected = expected(findings, SPEC)
    code_expected = expected(findings, CODE)
    assert len(spec_expected) >= 10, findings  # the fixture has red flags to show
    assert code_expected, findings

    cost = cli_cost(workspace / SPEC, workspace)
    pattern = next(p for p in cost["access_patterns"] if p["name"] == "get-order")
    pattern_usd = format_usd(pattern["monthly_usd"])
    total_usd = format_usd(cost["total_monthly_usd"])

    hover_line, hover_column = line_of(spec_text, "name: get-order")
    hover_column += len("name: ") + 2
    doc_line, doc_column = line_of(spec_text, "item_size: 450KB")
    doc_column += len("item_size: ") + 1
    assert ("DDB301", doc_line, doc_column - 1) in spec_expected, spec_expected
    fix_line, fix_column = line_of(spec_text, "consistent: true")
    assert ("DDB204", fix_line, fix_column + len("consistent: ")) in spec_expected, spec_expected
    fixed_count = len(spec_expected) - 1

    # Completion, typed at the end (after the save, below the quick fix's line): a new entity
    # on the blank line after Invoice, and a new key in Shipment's key templates.
    new_line = line_of(spec_text, "\n\n    access_patterns:")[0] + 1
    shipment = '"{trackingNumber}"}'
    shipment_line, shipment_column = line_of(spec_text, shipment)
    shipment_column += len(shipment) - 1  # before the map's closing brace
    assert shipment_line < new_line < fix_line

    out = ARTIFACTS / "vscode"
    shutil.rmtree(out, ignore_errors=True)
    steps: list[dict[str, Any]] = [
        {"do": "status"},
        {"do": "problems", "count": len(spec_expected)},
        {"do": "screenshot", "name": "problems"},
        {"do": "hover", "line": hover_line, "column": hover_column, "expect": re.escape(pattern_usd)},
        {"do": "screenshot", "name": "hover"},
        {"do": "command", "title": "ddb-architect: Show Cost Report"},
        {"do": "preview", "title": "cost", "expect": re.escape(f"Total: {total_usd} a month")},
        {"do": "screenshot", "name": "cost-report"},
        {"do": "cursor", "line": doc_line, "column": doc_column},
        {"do": "command", "title": "ddb-architect: Show Rule Documentation"},
        {"do": "preview", "title": "DDB301", "expect": "DDB301"},
        {"do": "quickfix", "line": fix_line, "column": fix_column + 2, "title": "Remove consistent: true"},
        {"do": "save"},
        {"do": "problems", "count": fixed_count},
        {"do": "open", "file": CODE},
        {"do": "problems", "count": fixed_count + len(code_expected)},
        {"do": "screenshot", "name": "python"},
        {"do": "open", "file": SPEC},
        {"do": "type", "line": new_line, "column": 1, "text": "      Draft:\n        keys: "},
        {"do": "suggest", "expect": "one-to-many"},
        {"do": "screenshot", "name": "completion"},
        {"do": "suggest", "expect": "one-to-many", "accept": "one-to-many"},
        {"do": "type", "line": shipment_line, "column": shipment_column, "text": ', SK: "SHIP#{'},
        {"do": "suggest", "expect": "trackingNumber"},
    ]
    settings = {"ddb-architect.interpreter": sys.executable}
    with code_server(tools, tmp_path / "code-server", settings) as server:
        result = run_driver(tools, server, workspace, SPEC, steps, out)
    log = server.extension_log()

    summary = json.dumps({k: v for k, v in result.items() if k != "steps"}, indent=2)[:3000]
    assert result["ok"], f"{summary}\nsteps: {json.dumps(result['steps'], indent=2)[-4000:]}"

    # The server runs with the interpreter of the setting; the status bar says so, with the
    # version of the Python package.
    assert f"interpreter: {sys.executable} (setting)" in log, log
    assert "server running: ddb-architect" in log, log
    assert re.search(r"ddb-architect \d", step(result, "status")["text"]), step(result, "status")

    # The Problems panel holds what the CLI reports, code by code, line by line.
    problems = [entry for entry in result["steps"] if entry["do"] == "problems"]
    assert problems_of(problems[0]["markers"]) == spec_expected
    assert all("ddb-architect" in text for text in problems[0]["markers"])

    # The hover on an access pattern: its monthly cost, the figure `cost` computes.
    hover = step(result, "hover")["text"]
    assert f"{pattern_usd} a month" in hover, hover
    assert "get-order" in hover, hover

    # The cost report in the Markdown preview: the `cost --format markdown` content.
    preview = step(result, "preview")
    assert f"Total: {total_usd} a month" in preview["text"], preview
    assert "Orders" in preview["text"], preview

    # The rule page of the finding under the cursor, in the preview too.
    rule_page = [entry for entry in result["steps"] if entry["do"] == "preview"][1]
    assert "DDB301.md" in rule_page["tab"], rule_page
    assert "item-too-large" in rule_page["text"], rule_page

    # The quick fix removed `consistent: true` and saved; the finding went with it, and the
    # panel holds what the CLI reports for the saved file.
    text_after = (workspace / SPEC).read_text(encoding="utf-8")
    assert "consistent: true" not in text_after
    assert text_after.count("\n") == spec_text.count("\n") - 1
    after = cli_findings([workspace / SPEC, workspace / CODE], workspace)
    fixed = expected(after, SPEC)
    assert len(fixed) == fixed_count
    assert "DDB204" not in {code for code, _, _ in fixed}
    assert problems_of(problems[1]["markers"]) == fixed

    # The Python file: its boto3 findings, beside the spec's.
    files = grouped(problems[2]["rows"])
    assert problems_of(files.get(CODE, [])) == expected(after, CODE), files.keys()
    assert problems_of(files.get(SPEC, [])) == fixed

    # Completion: `keys: ` under a new entity offers the key-template library, in its order;
    # the one-to-many template goes in with the table's partition key; `{` in a template
    # offers the entity's fields. The spec was left unsaved.
    library, accepted, fields = [entry for entry in result["steps"] if entry["do"] == "suggest"]
    assert library["labels"] == [pattern.name for pattern in key_patterns()], library
    assert accepted["line"] == new_line + 1, accepted
    one_to_many = 'keys: {orderId: "CUSTOMER#{customerId}", SK: "ORDER#{orderedAt}#{orderId}"}'
    assert accepted["text"] == one_to_many, accepted
    assert fields["labels"] == ["orderId", "trackingNumber"], fields
    assert "Draft" not in text_after
    assert (out / "completion.png").stat().st_size > 10_000

    for name in SHOTS:
        assert (out / f"{name}.png").stat().st_size > 10_000, name
    if os.environ.get("DDB_ARCHITECT_UPDATE_SCREENSHOTS") == "1":
        for name in SHOTS:
            shutil.copyfile(out / f"{name}.png", ROOT / "docs" / "images" / f"vscode-{name}.png")


def test_vscode_says_what_to_install_when_the_interpreter_lacks_the_server(tmp_path: Path) -> None:
    tools = tools_or_skip()
    workspace = tmp_path / "project"
    shutil.copytree(PROJECT, workspace)
    # A Python without ddb-architect: a fresh virtual environment (no pip, nothing installed).
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "venv")], check=True, timeout=120
    )
    python = tmp_path / "venv" / "bin" / "python"
    steps: list[dict[str, Any]] = [
        {"do": "statusbar", "expect": "ddb-architect server error"},
        {"do": "notification", "expect": "cannot start its language server"},
        {"do": "screenshot", "name": "missing-server"},
    ]
    out = ARTIFACTS / "vscode-missing-server"
    shutil.rmtree(out, ignore_errors=True)
    settings = {"ddb-architect.interpreter": str(python)}
    with code_server(tools, tmp_path / "code-server", settings) as server:
        result = run_driver(tools, server, workspace, SPEC, steps, out)
    log = server.extension_log()

    assert result["ok"], json.dumps(result, indent=2)[:6000]
    notification = step(result, "notification")
    assert "ddb-architect is not installed for it" in notification["text"], notification
    assert f"{python} -m pip install ddb-architect" in notification["text"], notification
    assert "Open Settings" in notification["buttons"], notification
    assert f"interpreter: {python} (setting)" in log, log
    assert "server running" not in log, log
