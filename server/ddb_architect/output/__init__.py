"""Report formats of the command line: text, JSON and SARIF."""

from __future__ import annotations

from pathlib import Path

from ddb_architect.output.json_format import render_json
from ddb_architect.output.report import Report
from ddb_architect.output.sarif import render_sarif
from ddb_architect.output.text import render_text

FORMATS = ("text", "json", "sarif")


def render(
    report: Report,
    format: str,
    *,
    color: bool = False,
    statistics: bool = False,
    root: Path | None = None,
) -> str:
    """The report in one of ``FORMATS``; ``color`` and ``statistics`` apply to text, and
    ``root`` (the directory SARIF URIs are relative to) to SARIF."""
    if format == "json":
        return render_json(report)
    if format == "sarif":
        return render_sarif(report, root)
    return render_text(report, color=color, statistics=statistics)


__all__ = ["FORMATS", "Report", "render"]
