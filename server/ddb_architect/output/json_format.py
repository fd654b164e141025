"""The JSON format: every finding with 1-based lines and columns (in characters), and a
summary with counts per severity and per code."""

from __future__ import annotations

import json
from typing import Any

from ddb_architect.findings import Position, Severity
from ddb_architect.output.report import Report, ReportedFinding, rule_name


def _position(position: Position) -> dict[str, int]:
    return {"line": position.line + 1, "column": position.column + 1}


def finding_json(entry: ReportedFinding) -> dict[str, Any]:
    finding = entry.finding
    return {
        "path": entry.path,
        "code": finding.code,
        "name": rule_name(finding.code),
        "severity": finding.severity.label,
        "message": finding.message,
        "start": _position(finding.span.start),
        "end": _position(finding.span.end),
    }


def report_json(report: Report) -> dict[str, Any]:
    return {
        "findings": [finding_json(entry) for entry in report.findings],
        "summary": {
            "files": len(report.files),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
            "by_code": report.by_code(),
        },
    }


def render_json(report: Report) -> str:
    return json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
