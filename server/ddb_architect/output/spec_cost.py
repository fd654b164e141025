"""A design spec's text priced as the Markdown cost report, or a clear Markdown message
saying why it cannot be: what the editor's cost report command shows.

It is ``ddb-architect cost --format markdown`` for a text the editor holds: the same
loader, the same report and the same renderer, so both give the same document. Pure Python
(no protocol types); never raises on a bad spec.
"""

from __future__ import annotations

from dataclasses import dataclass

from ddb_architect.findings import Severity
from ddb_architect.output.cost_markdown import escape, render_cost_markdown
from ddb_architect.output.cost_report import build_cost_report
from ddb_architect.spec.loader import load_spec

PROG = "ddb-architect"


@dataclass(frozen=True)
class CostOptions:
    """The ``cost`` command's options that change the report."""

    region: str | None = None
    """Price in this Region instead of the spec's."""
    months: int = 1
    """Price month N from now (1: the coming month)."""
    compare: bool = False
    """Add the alternatives (provisioned, reserved, Standard-IA) side by side."""
    formulas: bool = False
    """Show the formula behind every figure."""


def spec_cost_markdown(
    text: str, shown: str, options: CostOptions | None = None, *, undecodable: bool = False
) -> str:
    """The Markdown cost report of the spec ``text`` (``shown`` is the name the report
    gives it), as ``cost --format markdown`` prints it. A text that is not a readable
    design gives a short Markdown message naming the first error instead."""
    options = options or CostOptions()
    document = load_spec(text, shown)
    errors = int(undecodable) + sum(1 for f in document.findings if f.severity == Severity.ERROR)
    if document.design is None:
        first = next((f for f in document.findings if f.severity == Severity.ERROR), None)
        where = f" (line {first.span.start.line + 1}: {escape(first.message)})" if first is not None else ""
        return (
            f"# Cost\n\n**{escape(shown)} cannot be priced**: it is not a readable design spec{where}.\n\n"
            f"Fix the errors the editor shows (or run `{PROG} check {shown}`), then ask again.\n"
        )
    report = build_cost_report(
        document.design,
        path=shown,
        region=options.region,
        month=options.months,
        compare=options.compare,
        spec_errors=errors,
    )
    return render_cost_markdown(report, formulas=options.formulas)


def not_a_spec_markdown(shown: str) -> str:
    """The message for a document that is not a design spec."""
    return (
        f"# Cost\n\n**{escape(shown)} is not a design spec.** The cost report prices a design "
        "spec (`*.ddb.yaml` or `*.ddb.yml`): open one and ask again.\n"
    )


def unreadable_markdown(shown: str, reason: str) -> str:
    """The message for a spec that is neither open in the editor nor readable on disk."""
    return f"# Cost\n\n**{escape(shown)} cannot be priced**: {escape(reason)}.\n"
