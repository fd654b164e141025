"""Fixes of findings in design specs: YAML edits that keep comments and formatting (the
edit replaces the text of one node; nothing else is rewritten)."""

from __future__ import annotations

from collections.abc import Sequence

from ddb_architect.findings import Finding
from ddb_architect.fixes.model import Edit, Fix
from ddb_architect.fixes.registry import FixContext, fixer


def yaml_string(value: str, original: str) -> str:
    """``value`` written as the original scalar was: quoted the same way, or plain when
    that is safe."""
    if original[:1] in ('"', "'"):
        quote = original[0]
        escaped = (
            value.replace("\\", "\\\\").replace('"', '\\"') if quote == '"' else value.replace("'", "''")
        )
        return f"{quote}{escaped}{quote}"
    if value and all(c.isalnum() or c in "_-./" for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def source_of(context: FixContext, finding: Finding) -> str:
    """The text the finding's span covers (one line)."""
    lines = context.text.splitlines()
    span = finding.span
    if span.start.line != span.end.line or span.start.line >= len(lines):
        return ""
    return lines[span.start.line][span.start.column : span.end.column]


@fixer("DDB004", "spec")
def did_you_mean_reference(context: FixContext, finding: Finding) -> Sequence[Fix]:
    suggestion = finding.data.get("suggestion")
    if not isinstance(suggestion, str) or not suggestion:
        return []
    original = source_of(context, finding)
    if not original:
        return []
    return [
        Fix(
            f"Change to '{suggestion}'",
            (Edit(finding.span, yaml_string(suggestion, original)),),
            finding.code,
            safe=False,
            preferred=True,
        )
    ]


@fixer("DDB106", "spec")
def pad_the_number(context: FixContext, finding: Finding) -> Sequence[Fix]:
    replacement = finding.data.get("replacement")
    if not isinstance(replacement, str):
        return []
    original = source_of(context, finding)
    if not original:
        return []
    variable = finding.data.get("variable", "the number")
    return [
        Fix(
            f"Zero-pad {{{variable}}} to 10 digits",
            (Edit(finding.span, yaml_string(replacement, original)),),
            finding.code,
            safe=True,
            preferred=True,
        )
    ]
