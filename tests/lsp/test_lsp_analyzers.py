"""Which documents the server checks: analyzers chosen by file suffix, and which open
documents depend on another (Python code on the specs)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from ddb_architect.findings import Finding
from ddb_architect.lsp.analyzers import (
    AnalysisRequest,
    AnalyzerRegistry,
    default_analyzers,
    document_path,
)


@pytest.mark.parametrize(
    "uri",
    [
        "file:///work/orders.ddb.yaml",
        "file:///work/orders.ddb.yml",
        "file:///work/Orders.DDB.YAML",
        "file:///work/my%20design.ddb.yaml",
        "untitled:/draft.ddb.yaml",
    ],
)
def test_design_specs_are_checked(uri: str) -> None:
    kind = default_analyzers().for_uri(uri)
    assert kind is not None
    assert kind.name == "design spec"


@pytest.mark.parametrize(
    "uri",
    [
        "file:///work/docker-compose.yaml",
        "file:///work/orders.ddb.yaml.bak",
        "file:///work/ddb.yaml",
        "file:///work/app.pyc",
        "file:///work/notes.txt?name=orders.ddb.yaml",
    ],
)
def test_other_documents_are_not(uri: str) -> None:
    assert default_analyzers().for_uri(uri) is None


@pytest.mark.parametrize(
    "uri",
    ["file:///work/app.py", "file:///work/App.PY", "untitled:/draft.py", "file:///work/app.py?x=a.ddb.yaml"],
)
def test_python_code_is_checked_and_depends_on_the_specs(uri: str) -> None:
    kind = default_analyzers().for_uri(uri)
    assert kind is not None
    assert kind.name == "python"
    assert kind.depends_on_uri("file:///work/orders.ddb.yaml")
    assert kind.depends_on_uri("file:///work/Orders.DDB.YML")
    assert not kind.depends_on_uri("file:///work/other.py")
    assert not kind.depends_on_uri("file:///work/pyproject.toml")


def test_specs_depend_on_nothing_else() -> None:
    kind = default_analyzers().for_uri("file:///work/orders.ddb.yaml")
    assert kind is not None
    assert not kind.depends_on_uri("file:///work/other.ddb.yaml")


def _nothing(request: AnalysisRequest) -> Sequence[Finding]:
    return []


def test_another_kind_registers_by_suffix_and_the_longest_suffix_wins() -> None:
    registry = default_analyzers()
    registry.register("typescript", [".ts"], _nothing)
    registry.register("any yaml", [".yaml"], _nothing)

    assert _kind(registry, "file:///w/app.ts") == "typescript"
    assert _kind(registry, "file:///w/app.py") == "python"
    assert _kind(registry, "file:///w/a.yaml") == "any yaml"
    assert _kind(registry, "file:///w/a.ddb.yaml") == "design spec"


def _kind(registry: AnalyzerRegistry, uri: str) -> str | None:
    kind = registry.for_uri(uri)
    return kind.name if kind is not None else None


def test_document_paths() -> None:
    assert document_path("file:///work/my%20design.ddb.yaml") == "/work/my design.ddb.yaml"
    assert document_path("untitled:Untitled-1") == "Untitled-1"
