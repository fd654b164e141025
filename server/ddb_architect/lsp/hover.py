"""Hover in design specs and Python code: the engine's hover for what is under the cursor,
with positions in the client's encoding and the content in the format the client reads.

A spec is loaded and priced once per document version (in a worker thread, off the
protocol's event loop); later hovers on that version only look figures up. Python code is
answered by ``python_hover``. Anything that is not an open design spec or Python document,
or a position outside its text, gets no hover, never an error.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import PositionCodec, TextDocument

from ddb_architect.limits import oversized
from ddb_architect.lsp.analyzers import PYTHON_SUFFIXES, AnalysisRequest, document_path
from ddb_architect.lsp.client_log import ClientLog
from ddb_architect.lsp.configuration import Configuration
from ddb_architect.lsp.convert import client_range, document_lines
from ddb_architect.lsp.python_hover import PythonHovers
from ddb_architect.lsp.python_specs import SPEC_SUFFIXES, open_spec_document

if TYPE_CHECKING:
    from ddb_architect.hover import HoverResult, SpecHovers
    from ddb_architect.rules.code_context import CodeContext

# The engine is imported where it is used: the server answers ``initialize`` before loading it.


@dataclass(frozen=True)
class _Priced:
    """A document's hovers for one version of its text."""

    version: int | None
    text: str
    region: str | None
    hovers: SpecHovers


def is_spec(uri: str) -> bool:
    return unquote(urlparse(uri).path).lower().endswith(SPEC_SUFFIXES)


def is_python(uri: str) -> bool:
    return unquote(urlparse(uri).path).lower().endswith(PYTHON_SUFFIXES)


def server_position(
    lines: Sequence[str], position: types.Position, codec: PositionCodec
) -> tuple[int, int] | None:
    """The client's position as a 0-based line and code-point column; None when it is not
    inside the text (a line that does not exist, a column past the end of its line)."""
    if not 0 <= position.line < len(lines):
        return None
    if not 0 <= position.character <= codec.client_num_units(lines[position.line]):
        return None
    # A copy: pygls' codec may clamp the position it is given in place.
    converted = codec.position_from_client_units(
        lines, types.Position(line=position.line, character=position.character)
    )
    return converted.line, converted.character


def _spec_hovers(server: LanguageServer | None, uri: str, text: str, region: str | None) -> SpecHovers:
    """Run in a worker thread: price the spec (in ``region``, else its own), loaded once
    per text with its check."""
    from ddb_architect.hover import SpecHovers

    hovers = SpecHovers(open_spec_document(server, document_path(uri), text), region=region)
    hovers.prepare()
    return hovers


_ESCAPED = re.compile(r"\\([\\`*_\[\]{}<>#|~])")
_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\([^)\s]+\)")
_TABLE_RULE = re.compile(r"^\|(:?-+:?\|)+$")


def plain_text(markdown: str) -> str:
    """The hover's Markdown as plain text, for clients that only show plain text."""
    lines = []
    for line in markdown.splitlines():
        if _TABLE_RULE.match(line):
            continue
        if line.startswith("| ") and line.endswith(" |"):
            line = "  ".join(cell.strip() for cell in re.split(r"(?<!\\)\|", line[2:-2]) if cell.strip())
        line = _LINK.sub(r"\1", line).replace("**", "").replace("`", "")
        lines.append(_ESCAPED.sub(r"\1", line))
    return "\n".join(lines)


class HoverFeature:
    """Answers ``textDocument/hover`` in design specs and Python code."""

    def __init__(
        self, server: LanguageServer, log: ClientLog, configuration: Configuration | None = None
    ) -> None:
        self._server = server
        self._log = log
        self._priced: dict[str, _Priced] = {}
        self._configuration = configuration
        self._python = PythonHovers(server, configuration) if configuration is not None else None

    def python_checked(self, request: AnalysisRequest, context: CodeContext | None) -> None:
        """Told of each Python document's check: its reading serves the hovers on its text."""
        if self._python is not None:
            self._python.checked(request.uri, request.text, context)

    def register(self, server: LanguageServer) -> None:
        @server.feature(types.TEXT_DOCUMENT_HOVER)
        async def hover(ls: LanguageServer, params: types.HoverParams) -> types.Hover | None:
            return await self.hover(params)

    async def hover(self, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        document = self._open_document(uri)
        python = self._python if is_python(uri) else None
        if document is None or (python is None and not is_spec(uri)):
            return None
        text, version, codec = document.source, document.version, document.position_codec
        if oversized(text) is not None:  # skipped, as its diagnostic says: not even split
            return None
        lines = document_lines(text)
        position = server_position(lines, params.position, codec)
        if position is None:
            return None
        try:
            if python is not None:
                result = await python.at(uri, document_path(uri), version, text, *position)
            else:
                hovers = await self._hovers(uri, version, text)
                result = hovers.at(*position)
        except Exception:
            self._log.error(f"hover in {document_path(uri)} failed", exc_info=True)
            return None
        if result is None:
            return None
        return self._to_hover(result, lines, codec)

    def _open_document(self, uri: str) -> TextDocument | None:
        documents: dict[str, TextDocument] = self._server.workspace.text_documents
        for closed in [u for u in self._priced if unquote(u) not in documents]:
            del self._priced[closed]
        return documents.get(unquote(uri))

    async def _hovers(self, uri: str, version: int | None, text: str) -> SpecHovers:
        region = None
        if self._configuration is not None:
            await self._configuration.wait_ready()
            region = self._configuration.settings.region
        priced = self._priced.get(uri)
        if priced is not None and (priced.version, priced.text, priced.region) == (version, text, region):
            return priced.hovers
        hovers = await asyncio.to_thread(_spec_hovers, self._server, uri, text, region)
        self._priced[uri] = _Priced(version, text, region, hovers)
        return hovers

    def _markdown(self) -> bool:
        capabilities = self._server.client_capabilities.text_document
        hover = capabilities.hover if capabilities is not None else None
        formats = hover.content_format if hover is not None else None
        return bool(formats) and types.MarkupKind.Markdown in (formats or ())

    def _to_hover(self, result: HoverResult, lines: Sequence[str], codec: PositionCodec) -> types.Hover:
        if self._markdown():
            contents = types.MarkupContent(kind=types.MarkupKind.Markdown, value=result.markdown)
        else:
            contents = types.MarkupContent(kind=types.MarkupKind.PlainText, value=plain_text(result.markdown))
        return types.Hover(contents=contents, range=client_range(result.span, lines, codec))
