"""Code actions: for each ddb-architect diagnostic, its quick fixes (the rule's own, then a
suppression comment), and "fix all" (``source.fixAll.ddb-architect``: every safe fix).

As in ruff-lsp, a quick fix is driven by the diagnostic alone: its code, its range and its
``data`` rebuild the engine's finding, and the fixers of the quick-fix engine say how to
repair it. Edits are converted to the client's position encoding on the very text they
were computed for, and sent as a versioned ``TextDocumentEdit`` when the client accepts
``documentChanges``. When the client resolves code actions, the actions it is offered carry
no edit, only what identifies them; the edit is computed when one is chosen
(``codeAction/resolve``), so "fix all" costs nothing until it is asked for.

Nothing here raises: a failure is logged and the request answers with what it has.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from cattrs import Converter
from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.lsp.server import LanguageServer
from pygls.workspace import PositionCodec

from ddb_architect.config import ProjectConfig
from ddb_architect.findings import Finding, Position, Severity, Span
from ddb_architect.fixes.model import Edit, Fix
from ddb_architect.limits import oversized
from ddb_architect.lsp.analyzers import PYTHON_SUFFIXES, SPEC_SUFFIXES, document_path
from ddb_architect.lsp.client_log import ClientLog
from ddb_architect.lsp.configuration import Configuration
from ddb_architect.lsp.convert import SEVERITIES, SOURCE, client_range, document_lines
from ddb_architect.lsp.python_specs import python_specs
from ddb_architect.options import RuleSelection

if TYPE_CHECKING:
    from ddb_architect.code.specs import SpecSet
    from ddb_architect.fixes.registry import FixContext
    from ddb_architect.lsp.settings import ServerSettings

# The engine is imported where it is used: the server answers ``initialize`` before loading it.

QUICK_FIX = types.CodeActionKind.QuickFix.value
FIX_ALL = "source.fixAll.ddb-architect"
KINDS: list[types.CodeActionKind | str] = [types.CodeActionKind.QuickFix, FIX_ALL]
FIX_ALL_TITLE = "Fix all ddb-architect problems"

_SEVERITY_OF = {value: key for key, value in SEVERITIES.items()}


@cache
def _converter() -> Converter:
    """lsprotocol's converter, made at first use: making one takes a tenth of a start."""
    return get_converter()


logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------- pure parts


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """True when an action of ``kind`` is among the kinds the client asked for (``only``:
    a kind asks for itself and its sub-kinds; none asks for every kind)."""
    if only is None:
        return True
    return any(k == "" or kind == k or kind.startswith(k + ".") for k in only)


def document_kind(uri: str) -> str | None:
    """``spec`` or ``python`` (the quick-fix engine's names), None for other documents."""
    path = document_path(uri).lower()
    if path.endswith(SPEC_SUFFIXES):
        return "spec"
    if path.endswith(PYTHON_SUFFIXES):
        return "python"
    return None


def server_position(lines: Sequence[str], position: types.Position, codec: PositionCodec) -> Position:
    """A client position as a code-point position inside the text (clamped to its line
    and to the document)."""
    if not lines:
        return Position(0, 0)
    if position.line >= len(lines):
        return Position(len(lines) - 1, len(lines[-1]))
    line = max(position.line, 0)
    if position.character >= codec.client_num_units(lines[line]):
        return Position(line, len(lines[line]))
    # A copy: pygls' codec may clamp the position it is given in place.
    converted = codec.position_from_client_units(
        lines, types.Position(line=line, character=max(position.character, 0))
    )
    return Position(converted.line, converted.character)


def finding_of(diagnostic: types.Diagnostic, lines: Sequence[str], codec: PositionCodec) -> Finding | None:
    """The engine's finding behind one of our diagnostics, from its code, range and data."""
    if diagnostic.source != SOURCE or not isinstance(diagnostic.code, str) or not diagnostic.code:
        return None
    span = Span(
        server_position(lines, diagnostic.range.start, codec),
        server_position(lines, diagnostic.range.end, codec),
    )
    severity = _SEVERITY_OF.get(diagnostic.severity or types.DiagnosticSeverity.Warning, Severity.WARNING)
    data = dict(diagnostic.data) if isinstance(diagnostic.data, dict) else {}
    return Finding(diagnostic.code, severity, span, diagnostic.message, data)


def minimal_edits(before: str, after: str) -> list[Edit]:
    """Edits that turn ``before`` into ``after``, replacing only the lines that differ."""
    from ddb_architect.sources import lines_with_breaks

    old, new = lines_with_breaks(before), lines_with_breaks(after)
    lines = document_lines(before)
    end_of_document = Position(len(lines) - 1, len(lines[-1]))

    def start_of(index: int) -> Position:
        return Position(index, 0) if index < len(old) else end_of_document

    edits = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(Edit(Span(start_of(i1), start_of(i2)), "".join(new[j1:j2])))
    return edits


@dataclass(frozen=True)
class Document:
    """An open document as it was when a request came: what its edits are computed on."""

    uri: str
    version: int | None
    text: str
    codec: PositionCodec
    kind: str
    """``spec`` or ``python``."""

    @property
    def path(self) -> str:
        return document_path(self.uri)


@dataclass(frozen=True)
class Checking:
    """How the document is checked: its rules and, for Python, the settings and project
    that choose its specs."""

    selection: RuleSelection
    settings: ServerSettings
    project: ProjectConfig


def text_edits(document: Document, edits: Sequence[Edit]) -> list[types.TextEdit]:
    """Engine edits as protocol edits: ranges in the client's units, line breaks of the
    inserted text those of the document."""
    from ddb_architect.sources import line_ending, with_line_ending

    lines = document_lines(document.text)
    ending = line_ending(document.text)
    return [
        types.TextEdit(
            range=client_range(edit.span, lines, document.codec),
            new_text=with_line_ending(edit.new_text, ending) if ending else edit.new_text,
        )
        for edit in edits
    ]


def workspace_edit(
    document: Document, edits: Sequence[types.TextEdit], document_changes: bool
) -> types.WorkspaceEdit:
    """The edits of one document: versioned when the client takes ``documentChanges``."""
    if document_changes:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=document.uri, version=document.version
                    ),
                    edits=list(edits),
                )
            ]
        )
    return types.WorkspaceEdit(changes={document.uri: list(edits)})


class Fixing:
    """The fixes of one document's findings (run in a worker thread: it may load specs)."""

    def __init__(self, server: LanguageServer | None, document: Document, checking: Checking) -> None:
        self._server = server
        self.document = document
        self._checking = checking
        self._specs: SpecSet | None = None
        self._context: FixContext | None = None

    def specs(self) -> SpecSet:
        if self._specs is None:
            self._specs = python_specs(
                self._server, self.document.path, self._checking.settings, self._checking.project
            ).specs
        return self._specs

    def load(self, text: str) -> object:
        from ddb_architect.engine import read_python
        from ddb_architect.spec.loader import load_spec

        if self.document.kind == "spec":
            return load_spec(text, self.document.path)
        return read_python(text, self.document.path, self.specs())

    def check(self, text: str) -> list[Finding]:
        from ddb_architect.engine import check_python, check_spec

        if self.document.kind == "spec":
            return check_spec(text, self.document.path, self._checking.selection).findings
        return check_python(text, self.document.path, self.specs(), self._checking.selection).findings

    def context(self) -> FixContext:
        from ddb_architect.fixes.registry import FixContext

        if self._context is None:
            text = self.document.text
            self._context = FixContext(text, self.document.path, self.document.kind, self.load(text))
        return self._context

    def fixes(self, finding: Finding) -> list[Fix]:
        from ddb_architect.fixes.engine import fixes_for

        return fixes_for(self.context(), finding)

    def fix_all(self) -> list[Edit]:
        """Minimal edits applying every safe fix, none when there is nothing to fix."""
        from ddb_architect.fixes.engine import fix_all
        from ddb_architect.sources import line_ending, with_line_ending

        result = fix_all(self.document.text, self.document.path, self.document.kind, self.check, self.load)
        if not result.changed:
            return []
        ending = line_ending(self.document.text)
        fixed = with_line_ending(result.text, ending) if ending else result.text
        return minimal_edits(self.document.text, fixed)


# --------------------------------------------------------------------------- the feature


@dataclass
class _Offer:
    """One quick fix offered, and the diagnostics it answers."""

    fix: Fix
    index: int
    diagnostics: list[types.Diagnostic]


class CodeActionFeature:
    """``textDocument/codeAction`` and ``codeAction/resolve``."""

    def __init__(self, server: LanguageServer, configuration: Configuration, log: ClientLog) -> None:
        self._server = server
        self._configuration = configuration
        self._log = log

    def register(self, server: LanguageServer) -> None:
        @server.feature(
            types.TEXT_DOCUMENT_CODE_ACTION,
            types.CodeActionOptions(code_action_kinds=KINDS, resolve_provider=True),
        )
        async def code_action(
            ls: LanguageServer, params: types.CodeActionParams
        ) -> list[types.CodeAction | types.Command] | None:
            try:
                actions = await self.code_actions(params)
            except Exception:  # never fail the request: log it
                self._log.error(f"code actions for {params.text_document.uri} failed", exc_info=True)
                return None
            return list(actions) or None

        @server.feature(types.CODE_ACTION_RESOLVE)
        async def resolve(ls: LanguageServer, params: types.CodeAction) -> types.CodeAction:
            try:
                return await self.resolve(params)
            except Exception:
                self._log.error(f"resolving the code action {params.title!r} failed", exc_info=True)
                return params

    # ----- what the client supports

    def _code_action_capabilities(self) -> types.CodeActionClientCapabilities | None:
        text_document = self._server.client_capabilities.text_document
        return text_document.code_action if text_document is not None else None

    def resolves_edits(self) -> bool:
        """True when the client asks for an action's edit with ``codeAction/resolve``."""
        capabilities = self._code_action_capabilities()
        support = capabilities.resolve_support if capabilities is not None else None
        return bool(
            capabilities is not None
            and capabilities.data_support
            and support
            and "edit" in support.properties
        )

    def _document_changes(self) -> bool:
        workspace = self._server.client_capabilities.workspace
        edit = workspace.workspace_edit if workspace is not None else None
        return bool(edit is not None and edit.document_changes)

    # ----- the document

    def _document(self, uri: str) -> Document | None:
        kind = document_kind(uri)
        if kind is None or uri not in self._server.workspace.text_documents:
            return None
        document = self._server.workspace.get_text_document(uri)
        return Document(uri, document.version, document.source, document.position_codec, kind)

    def _fixing(self, document: Document) -> Fixing:
        selection, project = self._configuration.selection_for(document.path)
        return Fixing(self._server, document, Checking(selection, self._configuration.settings, project))

    def _edit(self, document: Document, edits: Sequence[Edit]) -> types.WorkspaceEdit:
        return workspace_edit(document, text_edits(document, edits), self._document_changes())

    # ----- textDocument/codeAction

    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        document = self._document(uri)
        if document is None or oversized(document.text) is not None:  # skipped for its size
            return []
        only = params.context.only
        diagnostics = [d for d in params.context.diagnostics if d.source == SOURCE]
        want_quick_fixes = wanted(QUICK_FIX, only) and bool(diagnostics)
        want_fix_all = only is not None and wanted(FIX_ALL, only)
        if not want_quick_fixes and not want_fix_all:
            return []
        await self._configuration.wait_ready()
        fixing = self._fixing(document)
        lazy = self.resolves_edits()
        offers: list[_Offer] = []
        if want_quick_fixes:
            offers = await asyncio.to_thread(self._offers, fixing, diagnostics)
        actions: list[types.CodeAction] = []
        for offer in offers:
            if not wanted(offer.fix.kind, only):
                continue
            try:
                actions.append(self._quick_fix_action(document, offer, lazy))
            except Exception:
                self._log.error(f"{document.path}: the quick fix {offer.fix.title!r} failed", exc_info=True)
        # Offered beside the quick fixes when one of them is safe, as ruff does; asked for
        # by kind (on save, or from the source actions menu) always.
        if want_fix_all or (only is None and any(offer.fix.safe for offer in offers)):
            try:
                fix_all_action = await self._fix_all_action(fixing, lazy)
            except Exception:
                self._log.error(f"{document.path}: fixing all problems failed", exc_info=True)
            else:
                if fix_all_action is not None:
                    actions.append(fix_all_action)
        return actions

    def _offers(self, fixing: Fixing, diagnostics: Sequence[types.Diagnostic]) -> list[_Offer]:
        """Run in a worker thread: the fixes of each diagnostic, the same fix offered once."""
        lines = document_lines(fixing.document.text)
        offers: dict[tuple[str, tuple[Edit, ...]], _Offer] = {}
        for diagnostic in diagnostics:
            try:
                finding = finding_of(diagnostic, lines, fixing.document.codec)
                if finding is None:
                    continue
                for index, fix in enumerate(fixing.fixes(finding)):
                    key = (fix.title, fix.edits)
                    if key in offers:
                        offers[key].diagnostics.append(diagnostic)
                    else:
                        offers[key] = _Offer(fix, index, [diagnostic])
            except Exception:
                logger.exception(f"the fixes of {diagnostic.code} in {fixing.document.path} failed")
        return list(offers.values())

    def _quick_fix_action(self, document: Document, offer: _Offer, lazy: bool) -> types.CodeAction:
        fix = offer.fix
        action = types.CodeAction(
            title=fix.title,
            kind=fix.kind or QUICK_FIX,
            diagnostics=offer.diagnostics,
            is_preferred=True if fix.preferred else None,
        )
        if lazy:
            action.data = {
                "uri": document.uri,
                "version": document.version,
                "diagnostic": _converter().unstructure(offer.diagnostics[0]),
                "title": fix.title,
                "index": offer.index,
            }
        else:
            action.edit = self._edit(document, fix.edits)
        return action

    async def _fix_all_action(self, fixing: Fixing, lazy: bool) -> types.CodeAction | None:
        document = fixing.document
        action = types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL)
        if lazy:
            action.data = {"uri": document.uri, "version": document.version, "fixAll": True}
            return action
        edits = await asyncio.to_thread(fixing.fix_all)
        if not edits:
            return None
        action.edit = self._edit(document, edits)
        return action

    # ----- codeAction/resolve

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data
        if action.edit is not None or not isinstance(data, dict) or not isinstance(data.get("uri"), str):
            return action
        document = self._document(data["uri"])
        if document is None:
            self._log.info(f"{data['uri']} is no longer open: {action.title!r} does nothing")
            return action
        if document.version != data.get("version"):
            self._log.info(
                f"{document.path} changed since {action.title!r} was offered; ask for code actions again"
            )
            return action
        await self._configuration.wait_ready()
        fixing = self._fixing(document)
        if data.get("fixAll"):
            edits = await asyncio.to_thread(fixing.fix_all)
            action.edit = self._edit(document, edits)
            return action
        diagnostic = _converter().structure(data.get("diagnostic"), types.Diagnostic)
        fix = await asyncio.to_thread(_chosen_fix, fixing, diagnostic, data.get("title"), data.get("index"))
        if fix is None:
            self._log.info(f"{document.path}: {action.title!r} no longer applies")
            return action
        action.edit = self._edit(document, fix.edits)
        return action


def _chosen_fix(fixing: Fixing, diagnostic: types.Diagnostic, title: Any, index: Any) -> Fix | None:
    """Run in a worker thread: the fix an action was offered for, found again by its
    title (else by its place among the diagnostic's fixes)."""
    finding = finding_of(diagnostic, document_lines(fixing.document.text), fixing.document.codec)
    if finding is None:
        return None
    fixes = fixing.fixes(finding)
    for fix in fixes:
        if fix.title == title:
            return fix
    if isinstance(index, int) and 0 <= index < len(fixes) and not isinstance(title, str):
        return fixes[index]
    return None
