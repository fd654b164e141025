"""The text format: one ``path:line:col: CODE severity message`` line per finding, as a
compiler prints them, then an optional per-code table and a summary line."""

from __future__ import annotations

from ddb_architect.findings import Severity
from ddb_architect.output.report import Report, ReportedFinding, rule_name

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
_SEVERITY_COLORS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{RESET}" if color else text


def finding_line(entry: ReportedFinding, color: bool = False) -> str:
    """One finding with a 1-based line and column."""
    finding = entry.finding
    start = finding.span.start
    style = _SEVERITY_COLORS[finding.severity]
    location = f"{entry.path}:{start.line + 1}:{start.column + 1}:"
    return (
        f"{_paint(location, BOLD, color)} {_paint(finding.code, style, color)} "
        f"{_paint(finding.severity.label, style, color)} {finding.message}"
    )


def _plural(count: int, word: str) -> str:
    if word == "info" or count == 1:
        return f"{count} {word}"
    return f"{count} {word}s"


def summary_line(report: Report) -> str:
    """``Found 3 errors, 2 warnings, 1 info in 2 files.`` or ``No problems found in 2 files.``"""
    files = _plural(len(report.files), "file")
    parts = [
        _plural(report.count(severity), severity.label)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if report.count(severity)
    ]
    if not parts:
        return f"No problems found in {files}."
    return f"Found {', '.join(parts)} in {files}."


def statistics_table(report: Report) -> list[str]:
    """A count per code, most frequent first."""
    counts = sorted(report.by_code().items(), key=lambda item: (-item[1], item[0]))
    if not counts:
        return []
    width = max(len(str(n)) for _, n in counts)
    return [f"{n:>{width}}  {code}  {rule_name(code)}" for code, n in counts]


def render_text(report: Report, *, color: bool = False, statistics: bool = False) -> str:
    lines = [finding_line(entry, color) for entry in report.findings]
    table = statistics_table(report) if statistics else []
    if table:
        if lines:
            lines.append("")
        lines.extend(table)
    if lines:
        lines.append("")
    lines.append(_paint(summary_line(report), BOLD, color))
    return "\n".join(lines) + "\n"
