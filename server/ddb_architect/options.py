"""Which rules run and at what severity: ``select``, ``ignore`` and per-rule severities."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ddb_architect.findings import Finding, Severity


@dataclass(frozen=True)
class RuleSelection:
    """Rule codes or prefixes (``DDB1`` is every key rule, ``ALL`` every rule). When a code
    matches both lists, the longer (more specific) entry wins, as in ruff; an empty
    ``select`` selects every rule."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)

    @staticmethod
    def _match(code: str, prefixes: Iterable[str]) -> int:
        best = -1
        for prefix in prefixes:
            p = prefix.strip().upper()
            if p == "ALL":
                p = ""
            if code.startswith(p):
                best = max(best, len(p))
        return best

    def enabled(self, code: str) -> bool:
        code = code.upper()
        selected = self._match(code, self.select) if self.select else 0
        ignored = self._match(code, self.ignore)
        if selected < 0:
            return False
        return ignored < 0 or selected > ignored

    def severity_of(self, finding: Finding) -> Severity:
        return self.severity.get(finding.code, finding.severity)

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """The enabled findings, with configured severities."""
        kept = []
        for finding in findings:
            if not self.enabled(finding.code):
                continue
            severity = self.severity_of(finding)
            kept.append(finding if severity == finding.severity else finding.with_severity(severity))
        return kept
