"""Fixes for findings, and "fix all": every safe fix applied, the document checked again,
until nothing safe is left (a bounded number of rounds)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ddb_architect.findings import Finding
from ddb_architect.fixes.model import Fix, apply_edits, overlaps
from ddb_architect.fixes.registry import FixContext, fixer_for
from ddb_architect.fixes.suppress import suppression_fix

logger = logging.getLogger("ddb_architect")

MAX_ROUNDS = 8

Loader = Callable[[str], object]
Checker = Callable[[str], Sequence[Finding]]


def fixes_for(context: FixContext, finding: Finding, *, suppress: bool = True) -> list[Fix]:
    """The fixes of one finding: the rule's own (if it has a fixer), then the suppression
    comment. A fixer that fails is logged and offers nothing."""
    fixes: list[Fix] = []
    function = fixer_for(finding.code, context.kind)
    if function is not None:
        try:
            fixes.extend(function(context, finding))
        except Exception:
            logger.exception("fixer for %s failed", finding.code)
    if suppress:
        comment = suppression_fix(context.text, context.kind, finding)
        if comment is not None:
            fixes.append(comment)
    return fixes


@dataclass
class FixAllResult:
    text: str
    applied: list[Fix] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def fix_all(text: str, path: str, kind: str, check: Checker, load: Loader) -> FixAllResult:
    """Apply every safe fix: in each round, the safe fixes of the current findings that do
    not overlap are applied together, then the document is checked again."""
    result = FixAllResult(text)
    for _round in range(MAX_ROUNDS):
        findings = check(result.text)
        context = FixContext(result.text, path, kind, load(result.text))
        chosen: list[Fix] = []
        for finding in findings:
            for fix in fixes_for(context, finding, suppress=False):
                if fix.safe and not any(overlaps(fix, other) for other in chosen):
                    chosen.append(fix)
                    break
        if not chosen:
            break
        result.text = apply_edits(result.text, [edit for fix in chosen for edit in fix.edits])
        result.applied.extend(chosen)
    return result
