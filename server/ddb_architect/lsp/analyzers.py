"""Which documents the server checks, and with what: analyzers registered by file suffix.

A kind of document (design specs, Python code) is one analyzer: a function from the
document's text and the effective settings to the engine's findings, and the suffixes of
the other documents its findings depend on (Python code is checked against the specs). The
diagnostics feature asks this registry which analyzer a URI belongs to, and which open
documents to check again when another changes, and knows nothing else.

Two hooks tie the analyzers to the workspace's code (DDB706): each Python document read is
handed to ``python_read``, and a spec's findings get those of ``workspace_findings``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from pygls.uris import to_fs_path

from ddb_architect.config import ProjectConfig
from ddb_architect.findings import Finding
from ddb_architect.lsp.python_specs import SPEC_SUFFIXES as SPEC_SUFFIXES
from ddb_architect.lsp.python_specs import python_specs
from ddb_architect.options import RuleSelection

if TYPE_CHECKING:
    from ddb_architect.code.specs import SpecSet
    from ddb_architect.lsp.settings import ServerSettings
    from ddb_architect.rules.code_context import CodeContext
    from ddb_architect.spec.loader import SpecDocument

# The engine is imported by the analyzers when they first run: the server answers
# ``initialize`` before loading it.

PYTHON_SUFFIXES = (".py",)


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

SpecProvider = Callable[[AnalysisRequest], "SpecSet"]
"""The specs a Python document is checked against."""

WorkspaceFindings = Callable[[AnalysisRequest, "SpecDocument"], Sequence[Finding]]
"""Findings on a spec that come from the workspace's code (DDB706), given the spec's
request and its loaded document."""

PythonRead = Callable[[AnalysisRequest, "CodeContext | None"], None]
"""Told of each Python document read: its calls and specs, or None when it is not
DynamoDB code (or not valid Python)."""

SpecLoader = Callable[[AnalysisRequest], "SpecDocument"]
"""The spec an analysis request's text loads to."""


def _has_suffix(uri: str, suffixes: Sequence[str]) -> bool:
    return unquote(urlparse(uri).path).lower().endswith(tuple(suffixes))


@dataclass(frozen=True)
class DocumentKind:
    name: str
    suffixes: tuple[str, ...]
    analyze: Analyzer
    depends_on: tuple[str, ...] = ()
    """Suffixes of other documents whose changes change this kind's findings."""

    def depends_on_uri(self, uri: str) -> bool:
        return bool(self.depends_on) and _has_suffix(uri, self.depends_on)


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

    def register(
        self, name: str, suffixes: Sequence[str], analyze: Analyzer, depends_on: Sequence[str] = ()
    ) -> None:
        self._kinds.append(
            DocumentKind(
                name, tuple(s.lower() for s in suffixes), analyze, tuple(s.lower() for s in depends_on)
            )
        )

    def for_uri(self, uri: str) -> DocumentKind | None:
        path = unquote(urlparse(uri).path).lower()
        best: tuple[int, DocumentKind] | None = None
        for kind in self._kinds:
            for suffix in kind.suffixes:
                if path.endswith(suffix) and (best is None or len(suffix) > best[0]):
                    best = (len(suffix), kind)
        return best[1] if best is not None else None


def analyze_spec(
    request: AnalysisRequest, workspace: WorkspaceFindings | None = None, load: SpecLoader | None = None
) -> list[Finding]:
    """A design spec's findings, exactly as the CLI reports them; with ``workspace``, the
    findings the workspace's code adds to them. ``load`` gives the spec loaded from the
    request's text (shared with hovers and code checks), else it is loaded here."""
    from ddb_architect.engine import check_spec
    from ddb_architect.spec.loader import table_reuse
    from ddb_architect.workspace import sorted_findings

    table_reuse()  # from now on, each load of a spec reuses its unchanged tables
    document = load(request) if load is not None else None
    report = check_spec(request.text, request.path, request.selection, document=document)
    if workspace is None:
        return report.findings
    more = workspace(request, report.document)
    return sorted_findings([*report.findings, *more]) if more else report.findings


def specs_on_disk(request: AnalysisRequest) -> SpecSet:
    """The specs of a Python document read from disk only (no editor to ask)."""
    return python_specs(None, request.path, request.settings, request.project).specs


def analyze_python(
    request: AnalysisRequest, specs: SpecProvider = specs_on_disk, read: PythonRead | None = None
) -> list[Finding]:
    """A Python file's findings against its specs, exactly as the CLI reports them. A file
    that never names boto3 or DynamoDB has none; it is not read at all, so checking every
    Python file the editor opens stays cheap. ``read`` is told what was read."""
    from ddb_architect.engine import check_python
    from ddb_architect.workspace import mentions_dynamodb

    if not mentions_dynamodb(request.text):
        with _LAST_READINGS_LOCK:
            _LAST_READINGS.pop(request.uri, None)
        if read is not None:
            read(request, None)
        return []
    with _LAST_READINGS_LOCK:
        previous = _LAST_READINGS.get(request.uri)
    report = check_python(request.text, request.path, specs(request), request.selection, previous=previous)
    if report.context is not None:
        with _LAST_READINGS_LOCK:
            _LAST_READINGS[request.uri] = report.context
            _LAST_READINGS.move_to_end(request.uri)
            while len(_LAST_READINGS) > LAST_READINGS_KEPT:
                _LAST_READINGS.popitem(last=False)
    if read is not None:
        read(request, report.context)
    return report.findings


LAST_READINGS_KEPT = 4
_LAST_READINGS_LOCK = threading.Lock()
_LAST_READINGS: OrderedDict[str, CodeContext] = OrderedDict()
"""The last reading of the Python documents checked last, by URI: an edit inside one
statement parses only that statement again (``engine.read_python``)."""


def default_analyzers(
    python_specs_for: SpecProvider = specs_on_disk,
    workspace_findings: WorkspaceFindings | None = None,
    python_read: PythonRead | None = None,
    spec_loader: SpecLoader | None = None,
) -> AnalyzerRegistry:
    """Design specs, and Python code checked against the specs ``python_specs_for`` gives
    (the server passes one that sees the specs open in the editor); specs get the
    ``workspace_findings`` too, and ``python_read`` is told of each Python document read;
    ``spec_loader`` loads a spec's text (the server's shares each parse)."""
    registry = AnalyzerRegistry()
    registry.register(
        "design spec", SPEC_SUFFIXES, partial(analyze_spec, workspace=workspace_findings, load=spec_loader)
    )
    registry.register(
        "python",
        PYTHON_SUFFIXES,
        partial(analyze_python, specs=python_specs_for, read=python_read),
        depends_on=SPEC_SUFFIXES,
    )
    return registry
