"""The engine reads user code, it never runs it: every example (specs and Python) goes
through the engine's entry points and the command line's ``check`` and ``cost`` with
the network blocked and watchers on imports, compilation, processes, files and the
environment. Nothing the user wrote is imported, compiled to bytecode or run, no
connection is opened, and no AWS credentials or configuration are read."""

from __future__ import annotations

import builtins
import importlib.abc
import importlib.machinery
import importlib.metadata
import io
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ddb_architect.cli import main
from ddb_architect.code.service_model import dynamo_model
from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import check_python, check_spec
from ddb_architect.spec.loader import load_spec
from tests.hostile.exercise import exercise_python, exercise_spec
from tests.hostile.inputs import example_files

# Code a user may have beside their specs: each leaves a mark if it is ever imported or
# run. ``app.models`` is what the shared example imports.
TRAPS = {
    "app/__init__.py": "",
    "app/models.py": "",
    "setup.py": "",
    "conftest.py": "",
    "trap_service.py": (
        "import boto3\n"
        "from app.models import Order\n"
        "table = boto3.resource('dynamodb').Table('Orders')\n"
        "def handler(event, context):\n"
        "    return table.scan()['Items']\n"
    ),
}
MARK = "import pathlib; pathlib.Path({mark!r}).write_text('ran')\nraise SystemExit('user code ran')\n"


def _requirement_names(requirements: Sequence[str] | None) -> list[str]:
    names = []
    for requirement in requirements or []:
        if "extra ==" in requirement:
            continue
        match = re.match(r"[A-Za-z0-9._-]+", requirement)
        if match:
            names.append(match[0])
    return names


def allowed_modules() -> set[str]:
    """Top-level modules the engine may import: the standard library, this package, and
    the packages of its dependencies (recursively), as installed."""
    provided: dict[str, set[str]] = {}
    for module, distributions in importlib.metadata.packages_distributions().items():
        for distribution in distributions:
            provided.setdefault(distribution.lower().replace("_", "-"), set()).add(module)
    seen: set[str] = set()
    pending = ["ddb-architect"]
    while pending:
        name = pending.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            pending.extend(_requirement_names(importlib.metadata.requires(name)))
        except importlib.metadata.PackageNotFoundError:
            continue
    modules = set(sys.stdlib_module_names) | {"ddb_architect", "_pytest", "pytest", "pluggy"}
    for distribution in seen:
        modules |= provided.get(distribution, set())
    return modules


@dataclass
class Watch:
    """What happened while watched."""

    project: Path
    aws: list[Path]
    imports: list[str] = field(default_factory=list)
    connections: list[str] = field(default_factory=list)
    processes: list[str] = field(default_factory=list)
    compiled: list[str] = field(default_factory=list)
    executed: list[str] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)
    environment: list[str] = field(default_factory=list)

    def mine(self, path: object) -> bool:
        try:
            return Path(os.fsdecode(path)).resolve().is_relative_to(self.project)  # type: ignore[arg-type]
        except (TypeError, ValueError, OSError):
            return False

    def credentials(self, path: object) -> bool:
        try:
            resolved = Path(os.fsdecode(path)).resolve()  # type: ignore[arg-type]
        except (TypeError, ValueError, OSError):
            return False
        return (
            any(resolved == aws or resolved.is_relative_to(aws) for aws in self.aws)
            or ".aws" in resolved.parts
        )


class ImportWatcher(importlib.abc.MetaPathFinder):
    def __init__(self, watch: Watch) -> None:
        self.watch = watch

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        self.watch.imports.append(fullname)
        return None


class RecordingEnviron(MutableMapping[str, str]):
    """``os.environ`` that notes every AWS_* variable read."""

    def __init__(self, real: MutableMapping[str, str], watch: Watch) -> None:
        self.real = real
        self.watch = watch

    def _note(self, key: object) -> None:
        if isinstance(key, str) and key.upper().startswith("AWS_"):
            self.watch.environment.append(key)

    def __getitem__(self, key: str) -> str:
        self._note(key)
        return self.real[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.real[key] = value

    def __delitem__(self, key: str) -> None:
        del self.real[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.real)

    def __len__(self) -> int:
        return len(self.real)

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return key in self.real

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self._note(key)
        return self.real.get(key, default)

    def copy(self) -> dict[str, str]:
        return dict(self.real)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The examples, with the user's own modules beside them, each a trap."""
    root = tmp_path / "project"
    root.mkdir()
    for example in example_files():
        shutil.copy(example, root / example.name)
    for name, text in TRAPS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + MARK.format(mark=str(tmp_path / f"ran-{path.stem}")), encoding="utf-8")
    return root.resolve()


@pytest.fixture
def watch(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Watch]:
    home = tmp_path / "home"
    aws = home / ".aws"
    aws.mkdir(parents=True)
    for name in ("credentials", "config"):
        (aws / name).write_text("[default]\naws_access_key_id = AKIACANARYCANARY0000\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws / "config"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIACANARYCANARY0000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "canary")
    monkeypatch.setenv("AWS_PROFILE", "canary")
    monkeypatch.syspath_prepend(str(project))  # `import app.models` would succeed: it must not happen
    monkeypatch.chdir(project)
    watched = Watch(project, [aws, Path.home().resolve() / ".aws"])

    def blocked(what: str) -> Any:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            watched.connections.append(f"{what}{args[1:2] or args[:1]}")
            raise OSError(f"the network is blocked in this test ({what})")

        return refuse

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, blocked(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, blocked(name))

    def no_process(what: str) -> Any:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            watched.processes.append(f"{what} {args[:1]}")
            raise OSError(f"no processes in this test ({what})")

        return refuse

    monkeypatch.setattr(subprocess.Popen, "__init__", no_process("subprocess"))
    for name in ("system", "popen", "execv", "execve", "fork", "spawnv"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, no_process(f"os.{name}"))

    real_open, real_os_open = builtins.open, os.open

    def watched_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if watched.credentials(file):
            watched.opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def watched_os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if watched.credentials(path):
            watched.opened.append(str(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watched_open)
    monkeypatch.setattr(io, "open", watched_open)
    monkeypatch.setattr(os, "open", watched_os_open)

    def looked(what: str, real: Any) -> Any:
        def look(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
            if watched.credentials(path):
                watched.opened.append(f"{what} {path}")
            return real(path, *args, **kwargs)

        return look

    # Not even a look into ~/.aws (botocore's loader would search ~/.aws/models by default).
    for name in ("listdir", "scandir"):
        monkeypatch.setattr(os, name, looked(f"os.{name}", getattr(os, name)))
    monkeypatch.setattr(os.path, "isdir", looked("os.path.isdir", os.path.isdir))
    monkeypatch.setattr(os.path, "exists", looked("os.path.exists", os.path.exists))
    dynamo_model.cache_clear()  # loaded here, under the watch, not by an earlier test

    real_compile, real_exec, real_eval = builtins.compile, builtins.exec, builtins.eval

    def watched_compile(
        source: Any, filename: Any, mode: str, flags: int = 0, *args: Any, **kwargs: Any
    ) -> Any:
        import ast

        if watched.mine(filename) and not flags & ast.PyCF_ONLY_AST:
            watched.compiled.append(str(filename))
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    # The user's lines: source text holding one of them is the user's code (dataclasses
    # and others exec source they generate; that is not the user's).
    user_lines = {
        line.strip()
        for path in project.glob("**/*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) >= 12
    }

    def users(code: Any) -> bool:
        if isinstance(code, (str, bytes)):
            text = code.decode("utf-8", "replace") if isinstance(code, bytes) else code
            return any(line.strip() in user_lines for line in text.splitlines())
        return watched.mine(getattr(code, "co_filename", ""))

    def watched_exec(code: Any, *args: Any, **kwargs: Any) -> Any:
        if users(code):
            watched.executed.append(getattr(code, "co_filename", None) or repr(code)[:80])
        return real_exec(code, *args, **kwargs)

    def watched_eval(code: Any, *args: Any, **kwargs: Any) -> Any:
        if users(code):
            watched.executed.append(f"eval {repr(code)[:80]}")
        return real_eval(code, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", watched_compile)
    monkeypatch.setattr(builtins, "exec", watched_exec)
    monkeypatch.setattr(builtins, "eval", watched_eval)
    monkeypatch.setattr(os, "environ", RecordingEnviron(os.environ, watched))

    finder = ImportWatcher(watched)
    sys.meta_path.insert(0, finder)
    try:
        yield watched
    finally:
        sys.meta_path.remove(finder)
        for name in list(sys.modules):
            if name == "app" or name.startswith(("app.", "trap_service", "setup", "orders_service")):
                module = sys.modules[name]
                if watched.mine(getattr(module, "__file__", None) or ""):
                    del sys.modules[name]


def assert_nothing_ran(watched: Watch, tmp_path: Path) -> None:
    allowed = allowed_modules()
    foreign = sorted({name for name in watched.imports if name.partition(".")[0] not in allowed})
    assert not foreign, f"modules outside the standard library and the dependencies were imported: {foreign}"
    assert not [n for n in sys.modules if n == "app" or n.startswith("app.")], (
        "the user's app.models was imported"
    )
    assert not list(tmp_path.glob("ran-*")), "user code ran"
    assert not watched.connections, watched.connections
    assert not watched.processes, watched.processes
    assert not watched.compiled, f"user code compiled to bytecode: {watched.compiled}"
    assert not watched.executed, watched.executed
    assert not watched.opened, f"AWS files opened: {watched.opened}"
    assert not watched.environment, f"AWS_* environment variables read: {sorted(set(watched.environment))}"


def test_the_engine_reads_every_example_without_running_anything(
    project: Path, watch: Watch, tmp_path: Path
) -> None:
    specs = sorted(project.glob("*.ddb.yaml"))
    code = sorted(project.glob("**/*.py"))
    assert specs
    assert any(p.name == "trap_service.py" for p in code)
    spec_set = SpecSet([load_spec(p.read_text(encoding="utf-8"), str(p)) for p in specs])
    for path in specs:
        check_spec(path.read_text(encoding="utf-8"), str(path))
        exercise_spec(path.read_text(encoding="utf-8"), hovers=6, fixes=6)
    for path in code:
        report = check_python(path.read_text(encoding="utf-8"), str(path), spec_set)
        assert report.context is not None
        exercise_python(path.read_text(encoding="utf-8"), spec_set, hovers=6, fixes=6)
    trap = check_python(
        (project / "trap_service.py").read_text(encoding="utf-8"), "trap_service.py", spec_set
    )
    assert [f.code for f in trap.findings if f.code == "DDB601"], "the trap is read as DynamoDB code"
    assert_nothing_ran(watch, tmp_path)


def test_the_command_line_checks_and_prices_every_example_without_running_anything(
    project: Path, watch: Watch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "."]) in (0, 1)
    assert main(["check", ".", "--format", "json"]) in (0, 1)
    assert main(["check", ".", "--format", "sarif"]) in (0, 1)
    assert main(["check", ".", "--diff"]) in (0, 1)
    for spec in sorted(project.glob("*.ddb.yaml")):
        assert main(["cost", spec.name]) == 0
        assert main(["cost", spec.name, "--format", "json", "--compare"]) == 0
    out = capsys.readouterr().out
    assert "trap_service.py" in out, "the trap was checked"
    assert_nothing_ran(watch, tmp_path)


def test_the_watchers_see_what_they_watch(project: Path, watch: Watch, tmp_path: Path) -> None:
    """The test above would notice: each watcher, tripped on purpose."""
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("dynamodb.us-east-1.amazonaws.com", 443))
    os.environ.get("AWS_PROFILE")
    compile("x = 1", str(project / "trap_service.py"), "exec")
    with pytest.raises(ModuleNotFoundError):
        __import__("surely_not_a_module_anyone_has")
    with open(Path(os.environ["HOME"]) / ".aws" / "credentials", encoding="utf-8"):
        pass
    with pytest.raises(AttributeError):  # the user's line, run: noticed before it fails
        exec("table = boto3.resource('dynamodb').Table('Orders')", {"boto3": None})
    with pytest.raises(AssertionError):
        assert_nothing_ran(watch, tmp_path)
    assert watch.executed
    assert watch.connections
    assert watch.environment == ["AWS_PROFILE"]
    assert watch.compiled
    assert "surely_not_a_module_anyone_has" in watch.imports
    assert watch.opened
