"""Inline suppressions: ``# ddb: ignore[DDB101]`` on a line, ``# ddb: ignore-file[DDB2]``
anywhere in a file. Without brackets every code is suppressed. Codes may be prefixes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ddb_architect.findings import Finding

_LINE = re.compile(r"#\s*ddb:\s*ignore(?!-file)(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
_FILE = re.compile(r"#\s*ddb:\s*ignore-file(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)

ALL: frozenset[str] = frozenset({""})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _codes(text: str | None) -> frozenset[str]:
    if text is None:
        return ALL
    return frozenset(c.strip().upper() for c in text.split(",") if c.strip()) or ALL


@dataclass
class Suppressions:
    by_line: dict[int, frozenset[str]] = field(default_factory=dict)
    whole_file: frozenset[str] = frozenset()

    def covers(self, finding: Finding) -> bool:
        if any(finding.code.startswith(c) for c in self.whole_file):
            return True
        codes = self.by_line.get(finding.span.start.line)
        return codes is not None and any(finding.code.startswith(c) for c in codes)

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if not self.covers(f)]


def parse_suppressions(text: str) -> Suppressions:
    """Find the suppression comments of a file (YAML or Python: both use ``#``)."""
    result = Suppressions()
    if "ddb:" not in text:
        return result
    whole: set[str] = set()
    # Lines as editors, YAML and Python count them: \n, \r\n and \r only (str.splitlines
    # would also break at form feeds and U+2028, shifting every line below).
    for number, line in enumerate(_LINE_BREAK.split(text)):
        if "ddb:" not in line:
            continue
        file_match = _FILE.search(line)
        if file_match:
            whole.update(_codes(file_match["codes"]))
            continue
        match = _LINE.search(line)
        if match:
            result.by_line[number] = _codes(match["codes"])
    result.whole_file = frozenset(whole)
    return result
