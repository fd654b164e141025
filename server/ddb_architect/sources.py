"""The files a check reads: which kind each file is, finding them under directories, and
decoding and checking one file into its findings.

Each kind of file is a ``SourceKind`` recognised by its name; a kind whose ``check`` is
None is known but not checked yet. Adding Python files is one more entry in ``KINDS``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ddb_architect.engine import check_spec
from ddb_architect.findings import Finding, Severity, Span
from ddb_architect.options import RuleSelection
from ddb_architect.spec.loader import INVALID_YAML

# A checker takes a file's text and its displayed path and returns its findings, with the
# rule selection and inline suppressions applied.
Checker = Callable[[str, str, RuleSelection], list[Finding]]

SKIPPED_DIRECTORIES = frozenset({"node_modules", ".venv", "venv", "__pycache__"})
UTF8_BOM = b"\xef\xbb\xbf"


def _check_design_spec(text: str, path: str, selection: RuleSelection) -> list[Finding]:
    return check_spec(text, path, selection).findings


@dataclass(frozen=True)
class SourceKind:
    """A kind of file the command line knows."""

    name: str
    suffixes: tuple[str, ...]
    check: Checker | None
    searched: bool
    """Looked for under the directories a check is given."""
    not_checked_note: str = ""
    """Why a file of a kind with no checker is skipped."""

    def matches(self, path: Path) -> bool:
        return path.name.lower().endswith(self.suffixes)


DESIGN_SPEC = SourceKind("design spec", (".ddb.yaml", ".ddb.yml"), _check_design_spec, searched=True)
PYTHON = SourceKind(
    "Python", (".py", ".pyi"), None, searched=False, not_checked_note="Python files are not checked yet"
)
KINDS: tuple[SourceKind, ...] = (DESIGN_SPEC, PYTHON)


def kind_of(path: Path) -> SourceKind | None:
    """The kind of a file by its name, or None for a file no kind recognises."""
    return next((kind for kind in KINDS if kind.matches(path)), None)


def _skipped_directory(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_DIRECTORIES


def find_sources(directory: Path) -> Iterator[Path]:
    """Files of every searched kind under ``directory``, recursively, in a stable order;
    hidden directories, virtual environments and ``node_modules`` are left out."""
    for root, directories, files in os.walk(directory):
        directories[:] = sorted(d for d in directories if not _skipped_directory(d))
        for name in sorted(files):
            path = Path(root) / name
            kind = kind_of(path)
            if kind is not None and kind.searched:
                yield path


def decode_source(data: bytes) -> tuple[str, Finding | None]:
    """A file's text from its bytes. Invalid UTF-8 is replaced rather than raised, and
    reported as a DDB001 finding at the first byte that cannot be decoded."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        bad = error.start
        line = data.count(b"\n", 0, bad)
        line_start = data.rfind(b"\n", 0, bad) + 1
        # Everything before the first bad byte decodes, so its length is the column.
        column = len(data[line_start:bad].decode("utf-8"))
        finding = Finding(
            INVALID_YAML,
            Severity.ERROR,
            Span.at(line, column, line, column + 1),
            f"the file is not valid UTF-8: byte 0x{data[bad]:02X} cannot be decoded here; "
            "save the design spec as UTF-8",
        )
        return data.decode("utf-8", errors="replace"), finding


@dataclass(frozen=True)
class CheckedFile:
    """One file's text and findings, under the path the report shows."""

    path: str
    text: str
    findings: tuple[Finding, ...]


def check_source(path: Path, shown_as: str, kind: SourceKind, selection: RuleSelection) -> CheckedFile:
    """Read and check one file. Raises OSError when it cannot be read."""
    text, undecodable = decode_source(path.read_bytes())
    if undecodable is not None:
        findings = selection.apply([undecodable])
    elif kind.check is not None:
        findings = kind.check(text, shown_as, selection)
    else:
        findings = []
    return CheckedFile(shown_as, text, tuple(findings))
