"""Inline suppressions apply to the line they are written on, counted as editors count."""

from __future__ import annotations

from ddb_architect.findings import Finding, Severity, Span
from ddb_architect.suppressions import parse_suppressions


def finding(line: int, code: str = "DDB601") -> Finding:
    return Finding(code, Severity.WARNING, Span.at(line, 0), "x")


def test_a_form_feed_does_not_shift_the_lines_below_it() -> None:
    text = "# page one\x0c still line one\nclient.scan()  # ddb: ignore[DDB601]\n"
    assert parse_suppressions(text).filter([finding(1)]) == []


def test_codes_and_prefixes() -> None:
    text = "a  # ddb: ignore[DDB6, DDB702]\nb  # ddb: ignore\nc\n"
    suppressions = parse_suppressions(text)
    assert suppressions.filter([finding(0, "DDB601"), finding(0, "DDB702"), finding(0, "DDB703")]) == [
        finding(0, "DDB703")
    ]
    assert suppressions.filter([finding(1, "DDB101")]) == []
    assert suppressions.filter([finding(2, "DDB101")]) == [finding(2, "DDB101")]


def test_whole_file() -> None:
    text = "# ddb: ignore-file[DDB3]\n"
    assert parse_suppressions(text).filter([finding(5, "DDB301"), finding(5, "DDB401")]) == [
        finding(5, "DDB401")
    ]
