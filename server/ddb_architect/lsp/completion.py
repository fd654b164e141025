"""Completion: the engine's completions at the cursor, as LSP completion items whose edits
replace exactly what was typed, in the client's position encoding.

Python documents get boto3 completions (``completion.python``) against the specs the file
is checked against; specs get spec completions (``completion.spec``), whose snippets are
sent as snippets only to clients that support them, else as the plain text they insert.
Anything else gets nothing, never an error.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from ddb_architect.limits import oversized
from ddb_architect.lsp.analyzers import document_path
from ddb_architect.lsp.client_log import ClientLog
from ddb_architect.lsp.convert import LINE_BREAK, document_lines
from ddb_architect.lsp.hover import is_python, is_spec, server_position
from ddb_architect.lsp.python_specs import specs_for

if TYPE_CHECKING:
    from ddb_architect.completion.python import Completion

# The engine is imported where it is used: the server answers ``initialize`` before loading it.

logger = logging.getLogger(__name__)

TRIGGER_CHARACTERS = ["(", ",", '"', "'", "{", "#", ":", " ", "-", "["]

KINDS = {
    "parameter": types.CompletionItemKind.Property,
    "table": types.CompletionItemKind.Class,
    "index": types.CompletionItemKind.Reference,
    "attribute": types.CompletionItemKind.Field,
    "placeholder": types.CompletionItemKind.Variable,
    "value": types.CompletionItemKind.EnumMember,
    "field": types.CompletionItemKind.Property,
    "entity": types.CompletionItemKind.Struct,
    "variable": types.CompletionItemKind.Variable,
    "template": types.CompletionItemKind.Snippet,
    "snippet": types.CompletionItemKind.Snippet,
}


def line_starts(text: str) -> list[int]:
    """Offsets where each line of the text starts (lines broken at \n, \r\n, \r)."""
    return [0] + [match.end() for match in LINE_BREAK.finditer(text)]


def _position_at(starts: Sequence[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(starts, offset) - 1
    return line, offset - starts[line]


def to_item(
    completion: Completion,
    document: TextDocument,
    lines: Sequence[str],
    starts: Sequence[int],
    cursor: types.Position,
    markdown: bool,
) -> types.CompletionItem:
    line, column = _position_at(starts, completion.replace_from)
    start = document.position_codec.position_to_client_units(
        lines, types.Position(line=line, character=column)
    )
    documentation: str | types.MarkupContent | None = None
    if completion.documentation:
        documentation = (
            types.MarkupContent(kind=types.MarkupKind.Markdown, value=completion.documentation)
            if markdown
            else completion.documentation
        )
    return types.CompletionItem(
        label=completion.label,
        kind=KINDS.get(completion.kind, types.CompletionItemKind.Text),
        detail=completion.detail or None,
        documentation=documentation,
        sort_text=completion.sort or None,
        filter_text=completion.label,
        text_edit=types.TextEdit(range=types.Range(start=start, end=cursor), new_text=completion.text),
    )


class CompletionFeature:
    def __init__(self, server: LanguageServer, log: ClientLog) -> None:
        self._server = server
        self._log = log

    def register(self, server: LanguageServer) -> None:
        @server.feature(
            types.TEXT_DOCUMENT_COMPLETION,
            types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS),
        )
        def completion(ls: LanguageServer, params: types.CompletionParams) -> types.CompletionList | None:
            try:
                return self.complete(params)
            except Exception as error:  # never fail the request: log it
                logger.exception("completion failed")
                self._log.error(f"completion failed: {error}")
                return None

    def _markdown(self) -> bool:
        capabilities = self._server.client_capabilities
        completion = capabilities.text_document.completion if capabilities.text_document else None
        item = completion.completion_item if completion else None
        formats = item.documentation_format if item else None
        return formats is None or types.MarkupKind.Markdown in formats

    def _snippets(self) -> bool:
        capabilities = self._server.client_capabilities
        completion = capabilities.text_document.completion if capabilities.text_document else None
        item = completion.completion_item if completion else None
        return bool(item and item.snippet_support)

    def complete(self, params: types.CompletionParams) -> types.CompletionList | None:
        from ddb_architect.completion.python import complete_python

        uri = params.text_document.uri
        if uri not in self._server.workspace.text_documents:
            return None
        if oversized(self._server.workspace.get_text_document(uri).source) is not None:
            return None  # skipped, as its diagnostic says: not even split into lines
        if is_spec(uri):
            return self.complete_spec(params)
        if not is_python(uri):
            return None
        document = self._server.workspace.get_text_document(uri)
        text = document.source
        lines = document_lines(text)
        position = server_position(lines, params.position, document.position_codec)
        if position is None:
            return None
        starts = line_starts(text)
        offset = starts[position[0]] + position[1]
        specs = specs_for(self._server, document_path(uri))
        completions = complete_python(text, offset, specs)
        if not completions:
            return None
        markdown = self._markdown()
        items = [to_item(c, document, lines, starts, params.position, markdown) for c in completions]
        return types.CompletionList(is_incomplete=False, items=items)

    def complete_spec(self, params: types.CompletionParams) -> types.CompletionList | None:
        from ddb_architect.completion.spec import complete_spec

        document = self._server.workspace.get_text_document(params.text_document.uri)
        text = document.source
        lines = document_lines(text)
        position = server_position(lines, params.position, document.position_codec)
        if position is None:
            return None
        starts = line_starts(text)
        offset = starts[position[0]] + position[1]
        completions = complete_spec(text, offset)
        if not completions:
            return None
        markdown = self._markdown()
        snippets = self._snippets()
        line = lines[position[0]]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        items = []
        for completion in completions:
            item = to_item(completion, document, lines, starts, params.position, markdown)
            if completion.snippet:
                _as_snippet(item, completion, snippets, indent)
            items.append(item)
        return types.CompletionList(is_incomplete=False, items=items)


def _as_snippet(item: types.CompletionItem, completion: Completion, supported: bool, indent: str) -> None:
    """A snippet item as the client takes it: a snippet whose continuation lines the client
    indents like the cursor line, or the plain text it inserts, indented here."""
    from ddb_architect.completion.snippets import expand

    assert isinstance(item.text_edit, types.TextEdit)
    multiline = "\n" in completion.text
    if supported:
        item.insert_text_format = types.InsertTextFormat.Snippet
        if multiline:
            item.insert_text_mode = types.InsertTextMode.AdjustIndentation
        return
    item.text_edit.new_text = expand(completion.text, indent)
    item.insert_text_format = types.InsertTextFormat.PlainText
    if multiline:
        item.insert_text_mode = types.InsertTextMode.AsIs
