"""Project configuration from ``pyproject.toml`` ``[tool.ddb-architect]``.

```toml
[tool.ddb-architect]
select = ["DDB"]                 # codes or prefixes; default: every rule
ignore = ["DDB305"]
spec = ["design/*.ddb.yaml"]     # the specs Python files are checked against
[tool.ddb-architect.severity]
DDB101 = "error"
[tool.ddb-architect.table-names]  # environment variables (or names) code uses for a table
ORDERS_TABLE = "Orders"
```

A bad value is reported as a problem and its default is used instead: configuration never
stops a check.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ddb_architect.findings import Severity
from ddb_architect.options import RuleSelection

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SECTION = "ddb-architect"


@dataclass
class ProjectConfig:
    """The settings of one project, with the problems found reading them."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    spec: list[str] = field(default_factory=list)
    table_names: dict[str, str] = field(default_factory=dict)
    """Environment variable or literal name in code → the spec table it names."""
    path: Path | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def root(self) -> Path | None:
        return self.path.parent if self.path is not None else None

    def selection(self) -> RuleSelection:
        return RuleSelection(tuple(self.select), tuple(self.ignore), dict(self.severity))

    def merged(self, select: list[str] | None = None, ignore: list[str] | None = None) -> RuleSelection:
        """The selection with command-line or editor values taking precedence: ``select``
        replaces the project's, ``ignore`` adds to it."""
        return RuleSelection(
            tuple(select if select else self.select),
            tuple(self.ignore + (ignore or [])),
            dict(self.severity),
        )


def _string_list(value: Any, name: str, problems: list[str]) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    problems.append(f"{name}: expected a list of strings, found {value!r}; ignored")
    return []


def parse_config(table: dict[str, Any], path: Path | None = None) -> ProjectConfig:
    """Read a ``[tool.ddb-architect]`` table (or the same settings from elsewhere)."""
    config = ProjectConfig(path=path)
    known = {"select", "ignore", "severity", "spec", "table-names"}
    for key in table:
        if key not in known:
            config.problems.append(f"unknown setting '{key}' (known: {', '.join(sorted(known))}); ignored")
    if "select" in table:
        config.select = _string_list(table["select"], "select", config.problems)
    if "ignore" in table:
        config.ignore = _string_list(table["ignore"], "ignore", config.problems)
    if "spec" in table:
        config.spec = _string_list(table["spec"], "spec", config.problems)
    names = table.get("table-names", {})
    if isinstance(names, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in names.items()):
        config.table_names = dict(names)
    else:
        config.problems.append(
            f'table-names: expected a table of NAME = "SpecTable", found {names!r}; ignored'
        )
    severities = table.get("severity", {})
    if not isinstance(severities, dict):
        config.problems.append(
            f'severity: expected a table of CODE = "error|warning|info", found {severities!r}'
        )
        severities = {}
    for code, value in severities.items():
        try:
            config.severity[str(code).upper()] = Severity.parse(str(value))
        except ValueError as error:
            config.problems.append(f"severity.{code}: {error}; ignored")
    return config


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has a
    ``[tool.ddb-architect]`` table, else the nearest ``pyproject.toml`` at all."""
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    nearest: Path | None = None
    for folder in (directory, *directory.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            nearest = nearest or candidate
            try:
                text = candidate.read_text(encoding="utf-8")
            except OSError:
                continue
            if f"[tool.{SECTION}" in text or f'[tool."{SECTION}"' in text:
                return candidate
    return nearest


def load_project_config(start: Path) -> ProjectConfig:
    """The configuration that applies to files at ``start``: defaults when there is none."""
    path = find_pyproject(start)
    if path is None:
        return ProjectConfig()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return ProjectConfig(path=path, problems=[f"{path}: cannot read: {error}"])
    tool = document.get("tool", {})
    table = tool.get(SECTION, {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        return ProjectConfig(path=path, problems=[f"{path}: [tool.{SECTION}] must be a table"])
    config = parse_config(table, path)
    config.problems = [f"{path} [tool.{SECTION}]: {p}" for p in config.problems]
    return config
