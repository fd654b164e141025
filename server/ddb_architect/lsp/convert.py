"""Engine findings to LSP diagnostics: ranges in the client's position encoding, severity,
rule link and the data quick fixes will need.

The engine counts columns in code points; the client counts them in the encoding it
negotiated (UTF-8 for Neovim, UTF-16 for VS Code). The document's position codec converts
one to the other, line by line, on the exact text the findings were computed for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from lsprotocol import types
from pygls.workspace import PositionCodec, ServerTextPosition, ServerTextRange

from ddb_architect.findings import Finding, Position, Severity, Span
from ddb_architect.resources import rule_doc_path
from ddb_architect.rules.registry import get_rule

SOURCE = "ddb-architect"

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

# The protocol's line breaks; a line's column never counts its break.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def document_lines(text: str) -> list[str]:
    """The lines of a text as the protocol counts them, without their line breaks."""
    return LINE_BREAK.split(text)


def _clamped(position: Position, lines: Sequence[str]) -> ServerTextPosition:
    """A code-point position moved inside the text: a finding past the end of a line or
    of the document points at that end instead of at nowhere."""
    last = len(lines) - 1
    if position.line > last:
        return ServerTextPosition(last, len(lines[last]))
    line = max(position.line, 0)
    return ServerTextPosition(line, min(max(position.column, 0), len(lines[line])))


def client_range(span: Span, lines: Sequence[str], codec: PositionCodec) -> types.Range:
    """The span in the client's units."""
    start = _clamped(span.start, lines)
    end = max(_clamped(span.end, lines), start)
    return codec.range_to_client_units(lines, ServerTextRange(start, end))


def rule_link(code: str, docs_base_url: str | None = None) -> str | None:
    """The address of a rule's page: under ``docs_base_url`` when one is configured, else
    the page installed with the package (works offline), else none."""
    if docs_base_url:
        return f"{docs_base_url.rstrip('/')}/{code}.md"
    path = rule_doc_path(code)
    return path.as_uri() if path is not None else None


def diagnostic_data(finding: Finding) -> dict[str, Any]:
    """What a quick fix reads back from the diagnostic: the finding's data and its rule."""
    rule = get_rule(finding.code)
    return {**finding.data, "rule": rule.name if rule is not None else None}


def to_diagnostic(
    finding: Finding,
    lines: Sequence[str],
    codec: PositionCodec,
    docs_base_url: str | None = None,
) -> types.Diagnostic:
    link = rule_link(finding.code, docs_base_url)
    return types.Diagnostic(
        range=client_range(finding.span, lines, codec),
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
        data=diagnostic_data(finding),
    )


def to_diagnostics(
    findings: Iterable[Finding],
    text: str,
    codec: PositionCodec,
    docs_base_url: str | None = None,
) -> list[types.Diagnostic]:
    """The diagnostics of a document's findings, positioned on ``text``: the very text the
    findings were computed from."""
    lines = document_lines(text)
    return [to_diagnostic(finding, lines, codec, docs_base_url) for finding in findings]
