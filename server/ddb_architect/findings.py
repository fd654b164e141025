"""The engine's own result types: positions, spans, severities and findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How bad a finding is; higher is worse, so severities compare naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return {Severity.INFO: "info", Severity.WARNING: "warning", Severity.ERROR: "error"}[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read a severity from configuration (``error``, ``warning``, ``info`` and their
        usual spellings ``E``/``W``/``I``, ``information``, ``warn``)."""
        key = text.strip().lower()
        aliases = {
            "e": cls.ERROR,
            "error": cls.ERROR,
            "w": cls.WARNING,
            "warn": cls.WARNING,
            "warning": cls.WARNING,
            "i": cls.INFO,
            "info": cls.INFO,
            "information": cls.INFO,
        }
        if key not in aliases:
            raise ValueError(f"unknown severity {text!r}: expected error, warning or info")
        return aliases[key]


@dataclass(frozen=True, order=True)
class Position:
    """A place in a document: 0-based line and 0-based column in code points."""

    line: int
    column: int


@dataclass(frozen=True, order=True)
class Span:
    """A range in a document, end exclusive, in code points."""

    start: Position
    end: Position

    @classmethod
    def at(cls, line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> Span:
        return cls(
            Position(line, column),
            Position(line if end_line is None else end_line, column if end_column is None else end_column),
        )

    def contains_line(self, line: int) -> bool:
        return self.start.line <= line <= self.end.line


DOCUMENT_START = Span.at(0, 0)


@dataclass(frozen=True)
class Finding:
    """One problem the engine reports: a rule code at a span with a message.

    ``data`` carries what a quick fix will need (plain JSON values only)."""

    code: str
    severity: Severity
    span: Span
    message: str
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def with_severity(self, severity: Severity) -> Finding:
        return Finding(self.code, severity, self.span, self.message, self.data)
