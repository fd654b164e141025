"""What every output format renders: the checked files, their findings in a stable order,
the counts, and what the catalog says about each rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ddb_architect.findings import Finding, Severity
from ddb_architect.resources import RULE_DOCS_URL
from ddb_architect.rules.registry import Rule, all_rules, get_rule
from ddb_architect.sources import CheckedFile


def describe_rule(code: str) -> Rule | None:
    """The catalog's rule for a code."""
    return get_rule(code)


def catalog_codes() -> list[str]:
    """Every rule code in the catalog."""
    return [rule.code for rule in all_rules()]


def rule_name(code: str) -> str:
    rule = describe_rule(code)
    return rule.name if rule is not None else code.lower()


def rule_docs_url(code: str) -> str:
    return RULE_DOCS_URL.format(code=code.upper())


@dataclass(frozen=True)
class ReportedFinding:
    """A finding with the file it is in."""

    file: CheckedFile
    finding: Finding

    @property
    def path(self) -> str:
        return self.file.path


@dataclass(frozen=True)
class Report:
    """The result of checking some files."""

    files: Sequence[CheckedFile]

    @property
    def findings(self) -> list[ReportedFinding]:
        """Every finding, ordered by path, then position, then code."""
        entries = [ReportedFinding(file, finding) for file in self.files for finding in file.findings]
        entries.sort(key=lambda e: (e.path, e.finding.span.start, e.finding.span.end, e.finding.code))
        return entries

    def count(self, severity: Severity) -> int:
        return sum(1 for file in self.files for f in file.findings if f.severity == severity)

    def by_code(self) -> dict[str, int]:
        counts = Counter(f.code for file in self.files for f in file.findings)
        return dict(sorted(counts.items()))

    def worst(self) -> Severity | None:
        severities = [f.severity for file in self.files for f in file.findings]
        return max(severities) if severities else None
