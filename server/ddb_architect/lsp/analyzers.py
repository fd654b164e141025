"""Which documents the server checks, and with what: analyzers registered by file suffix.

A kind of document (design specs today, Python code later) is one analyzer: a function from
the document's text and the effective settings to the engine's findings. The diagnostics
feature asks this registry which analyzer a URI belongs to and knows nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from pygls.uris import to_fs_path

from ddb_architect.config import ProjectConfig
from ddb_architect.engine import check_spec
from ddb_architect.findings import Finding
from ddb_architect.lsp.settings import ServerSettings
from ddb_architect.options import RuleSelection

SPEC_SUFFIXES = (".ddb.yaml", ".ddb.yml")


@dataclass(frozen=True)
class AnalysisRequest:
    """One document to check, with everything the check may depend on."""

    uri: str
    path: str
    text: str
    selection: RuleSelection
    settings: ServerSettings
    project: ProjectConfig


Analyzer = Callable[[AnalysisRequest], Sequence[Finding]]


@dataclass(frozen=True)
class DocumentKind:
    name: str
    suffixes: tuple[str, ...]
    analyze: Analyzer


def document_path(uri: str) -> str:
    """The file-system path of a ``file:`` URI, else the URI's path (``untitled:`` and
    other schemes), for messages and suffix checks."""
    path = to_fs_path(uri)
    return path if path is not None else unquote(urlparse(uri).path)


class AnalyzerRegistry:
    """Document kinds by suffix; the longest matching suffix wins (``.ddb.yaml`` before a
    later, more general ``.yaml``)."""

    def __init__(self) -> None:
        self._kinds: list[DocumentKind] = []

    def register(self, name: str, suffixes: Sequence[str], analyze: Analyzer) -> None:
        self._kinds.append(DocumentKind(name, tuple(s.lower() for s in suffixes), analyze))

    def for_uri(self, uri: str) -> DocumentKind | None:
        path = unquote(urlparse(uri).path).lower()
        best: tuple[int, DocumentKind] | None = None
        for kind in self._kinds:
            for suffix in kind.suffixes:
                if path.endswith(suffix) and (best is None or len(suffix) > best[0]):
                    best = (len(suffix), kind)
        return best[1] if best is not None else None


def analyze_spec(request: AnalysisRequest) -> list[Finding]:
    """A design spec's findings, exactly as the CLI reports them."""
    return check_spec(request.text, request.path, request.selection).findings


def default_analyzers() -> AnalyzerRegistry:
    registry = AnalyzerRegistry()
    registry.register("design spec", SPEC_SUFFIXES, analyze_spec)
    return registry
