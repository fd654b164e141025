"""Findings become diagnostics: positions in the client's units, severity, link and data."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.workspace import PositionCodec

from ddb_architect.findings import Finding, Severity, Span
from ddb_architect.lsp.convert import (
    client_range,
    document_lines,
    rule_link,
    to_diagnostic,
    to_diagnostics,
)
from ddb_architect.resources import rule_doc_path

UTF8 = PositionCodec(types.PositionEncodingKind.Utf8)
UTF16 = PositionCodec(types.PositionEncodingKind.Utf16)
UTF32 = PositionCodec(types.PositionEncodingKind.Utf32)


def test_lines_split_as_the_protocol_counts_them() -> None:
    assert document_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert document_lines("a\n") == ["a", ""]
    # Form feeds and Unicode separators are not line breaks for LSP clients.
    assert document_lines("a\x0cb\u2028c") == ["a\x0cb\u2028c"]


@pytest.mark.parametrize(
    ("codec", "start", "end"),
    [(UTF8, 13, 16), (UTF16, 10, 13), (UTF32, 9, 12)],
    ids=["utf-8", "utf-16", "utf-32"],
)
def test_columns_after_non_ascii_text(codec: PositionCodec, start: int, end: int) -> None:
    lines = document_lines('x: "😋 é" bad\n')
    span = Span.at(0, 9, 0, 12)  # 'bad', in code points

    assert client_range(span, lines, codec) == types.Range(
        start=types.Position(line=0, character=start), end=types.Position(line=0, character=end)
    )


def test_spans_outside_the_text_are_clamped_to_it() -> None:
    lines = document_lines("ab\ncd")
    assert client_range(Span.at(0, 5, 9, 9), lines, UTF16) == types.Range(
        start=types.Position(line=0, character=2), end=types.Position(line=1, character=2)
    )
    # An end before the start (never from the engine, but cheap to survive) is the start.
    assert client_range(Span.at(1, 1, 0, 0), lines, UTF16).end == types.Position(line=1, character=1)
    assert client_range(Span.at(0, 0), [""], UTF8).start == types.Position(line=0, character=0)


def test_a_finding_as_a_diagnostic() -> None:
    finding = Finding(
        "DDB002", Severity.WARNING, Span.at(1, 2, 1, 8), "table T: unknown field", {"unknown": "colour"}
    )

    diagnostic = to_diagnostic(finding, ["", "  colour: blue"], UTF16, "https://x.test/rules")

    assert diagnostic.source == "ddb-architect"
    assert diagnostic.code == "DDB002"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.message == "table T: unknown field"
    assert diagnostic.code_description == types.CodeDescription(href="https://x.test/rules/DDB002.md")
    assert diagnostic.data == {"unknown": "colour", "rule": "invalid-spec"}


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        (Severity.ERROR, types.DiagnosticSeverity.Error),
        (Severity.WARNING, types.DiagnosticSeverity.Warning),
        (Severity.INFO, types.DiagnosticSeverity.Information),
    ],
)
def test_severities(severity: Severity, expected: types.DiagnosticSeverity) -> None:
    [diagnostic] = to_diagnostics([Finding("DDB101", severity, Span.at(0, 0), "m")], "x\n", UTF8)
    assert diagnostic.severity == expected


def test_links_default_to_the_installed_rule_pages() -> None:
    page = rule_doc_path("DDB101")
    assert rule_link("DDB101") == (page.as_uri() if page is not None else None)
    assert rule_link("DDB999") is None
    assert rule_link("DDB101", "https://x.test/r/") == "https://x.test/r/DDB101.md"


def test_an_unregistered_code_still_converts() -> None:
    [diagnostic] = to_diagnostics([Finding("DDB999", Severity.INFO, Span.at(0, 0), "m")], "", UTF16)
    assert diagnostic.data == {"rule": None}
    assert diagnostic.code_description is None
