"""The editor's settings for the server: a typed, fully defaulted model read leniently.

A setting with a wrong type falls back to its default and is reported as a problem (the
server logs it); it never stops the server. Editor settings are laid over the project's
``pyproject.toml`` ``[tool.ddb-architect]`` table to give the rule selection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.alias_generators import to_camel

from ddb_architect.config import ProjectConfig
from ddb_architect.findings import Severity
from ddb_architect.lsp import SECTION as SECTION
from ddb_architect.options import RuleSelection

_SECTION_KEYS = (SECTION, "ddbArchitect", "ddb_architect")

# Keys an editor keeps in the same section for itself (the VS Code client's trace level,
# the interpreter it starts the server with): not ours, and not worth a warning.
_CLIENT_KEYS = frozenset({"trace", "interpreter", "path", "args", "importStrategy", "enable"})

DEFAULT_DEBOUNCE_MS = 0
"""Check at once: a check already running is never queued behind (only the newest version
waits for it), so typing needs no timer to stay cheap, and diagnostics come without one."""

_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d+")


class ServerSettings(BaseModel):
    """Every setting the server reads, each with its default."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True, extra="ignore")

    select: list[str] = Field(default_factory=list)
    """Rule codes or prefixes to run (empty: the project's choice, else every rule)."""
    ignore: list[str] = Field(default_factory=list)
    """Rule codes or prefixes to leave out, added to the project's."""
    severity: dict[str, str] = Field(default_factory=dict)
    """Rule code → ``error``, ``warning`` or ``info``, over the project's."""
    docs_base_url: str | None = None
    """Where rule pages are published; links become ``{docsBaseUrl}/{code}.md``. When
    unset, links point at the pages installed with the package (``file://``)."""
    spec: list[str] = Field(default_factory=list)
    """Spec files that Python code is checked against (used by code checks)."""
    debounce_ms: int = Field(default=DEFAULT_DEBOUNCE_MS, ge=0, le=10_000)
    """Extra time to wait after an edit before checking the document again (0: none; at
    most one check of a document runs at a time and only its newest version waits)."""
    region: str | None = None
    """Price hovers and cost reports in this AWS Region instead of each spec's own (as
    ``ddb-architect cost --region`` does); unset: the spec's ``region``."""

    @field_validator("select", "ignore", "spec", mode="before")
    @classmethod
    def _one_string_is_a_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("select", "ignore")
    @classmethod
    def _codes_upper_case(cls, value: list[str]) -> list[str]:
        return [code.strip().upper() for code in value if code.strip()]

    @field_validator("severity", mode="before")
    @classmethod
    def _known_severities(cls, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        normalized: dict[str, str] = {}
        for code, level in value.items():
            if not isinstance(level, str):
                raise ValueError(f"{code}: expected error, warning or info, found {level!r}")
            normalized[str(code).strip().upper()] = Severity.parse(level).label
        return normalized

    @field_validator("region", mode="before")
    @classmethod
    def _region_name(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
            if not value:
                return None
            if not _REGION.fullmatch(value):
                raise ValueError(f"expected an AWS Region name such as eu-west-1, found {value!r}")
        return value

    @field_validator("docs_base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str | None) -> str | None:
        return (value.rstrip("/") or None) if value is not None else None


def section_of(options: Any) -> Any:
    """The server's settings inside initialization options: the object under a
    ``ddb-architect`` (or ``ddbArchitect``) key when there is one, else the object itself."""
    if isinstance(options, Mapping):
        for key in _SECTION_KEYS:
            if key in options:
                return options[key]
    return options


def _field_keys() -> dict[str, str]:
    """Setting keys as written by users (camelCase alias and snake_case name) → field name."""
    keys: dict[str, str] = {}
    for name, info in ServerSettings.model_fields.items():
        keys[name] = name
        if info.alias:
            keys[info.alias] = name
    return keys


def _first_error(error: ValidationError) -> str:
    detail = error.errors()[0]
    message = str(detail.get("msg", "invalid value")).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


def parse_settings(raw: Any) -> tuple[ServerSettings, list[str]]:
    """Read settings from a JSON object. Each setting is validated on its own: a bad one
    keeps its default and adds a problem. ``null`` means "not set"."""
    problems: list[str] = []
    if raw is None:
        return ServerSettings(), problems
    if not isinstance(raw, Mapping):
        problems.append(
            f"settings: expected an object of {SECTION} settings, found {raw!r}; using the defaults"
        )
        return ServerSettings(), problems
    keys = _field_keys()
    accepted: dict[str, Any] = {}
    for key, value in raw.items():
        name = keys.get(str(key))
        if name is None:
            if key not in _CLIENT_KEYS:
                problems.append(f"unknown setting '{key}' ignored")
            continue
        if value is None:
            continue
        try:
            ServerSettings.model_validate({name: value})
        except ValidationError as error:
            alias = ServerSettings.model_fields[name].alias or name
            default = ServerSettings.model_fields[name].get_default(call_default_factory=True)
            problems.append(
                f"setting '{alias}': {_first_error(error)} (found {value!r}); using the default {default!r}"
            )
            continue
        accepted[name] = value
    return ServerSettings.model_validate(accepted), problems


def merge_raw(*layers: Any) -> tuple[dict[str, Any], list[str]]:
    """Lay JSON setting objects over each other, later ones winning key by key. ``null``
    (a client that has no such section) is skipped; anything else that is not an object
    is skipped with a problem."""
    merged: dict[str, Any] = {}
    problems: list[str] = []
    for layer in layers:
        if isinstance(layer, Mapping):
            merged.update(layer)
        elif layer is not None:
            problems.append(f"settings: expected an object of {SECTION} settings, found {layer!r}; ignored")
    return merged, problems


def rule_selection(settings: ServerSettings, project: ProjectConfig) -> RuleSelection:
    """The rules to run: the editor's ``select`` replaces the project's, its ``ignore``
    adds to the project's, and its severities override the project's code by code."""
    base = project.merged(settings.select, settings.ignore)
    severity = dict(project.severity)
    severity.update({code: Severity.parse(level) for code, level in settings.severity.items()})
    return RuleSelection(base.select, base.ignore, severity)
