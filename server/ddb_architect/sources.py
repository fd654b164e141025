"""The files a check reads: which kind each file is, finding them under directories, and
decoding and checking one file into its findings.

Design specs are checked on their own. Python files are checked against the specs that
apply to them (``--spec``, the project's ``spec`` list, else the specs beside them), which
a ``SpecLoader`` reads once per run; after the Python files, the access patterns of those
specs that no checked code performs (DDB706) are added to the specs' findings.

``check --fix`` first applies each file's safe fixes (``fix_spec_file``,
``fix_python_file``), written back in the file's own encoding and line endings.
"""

from __future__ import annotations

import ast
import difflib
import io
import os
import re
import tokenize
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import check_python, check_spec
from ddb_architect.findings import Finding, Severity, Span
from ddb_architect.fixes.engine import fix_all
from ddb_architect.options import RuleSelection
from ddb_architect.rules.code_context import CodeContext
from ddb_architect.rules.drift import unimplemented_patterns
from ddb_architect.spec.loader import INVALID_YAML, SpecDocument, load_spec
from ddb_architect.suppressions import parse_suppressions

SKIPPED_DIRECTORIES = frozenset(
    {"node_modules", ".venv", "venv", "__pycache__", "site-packages", "build", "dist"}
)
UTF8_BOM = b"\xef\xbb\xbf"
UNIMPLEMENTED_PATTERN = "DDB706"


@dataclass(frozen=True)
class SourceKind:
    """A kind of file the command line knows."""

    name: str
    suffixes: tuple[str, ...]
    """The names a file of this kind ends with, when it is named on the command line."""
    searched: tuple[str, ...]
    """The names looked for under the directories a check is given."""

    def matches(self, path: Path) -> bool:
        return path.name.lower().endswith(self.suffixes)

    def searched_for(self, path: Path) -> bool:
        return path.name.lower().endswith(self.searched)


DESIGN_SPEC = SourceKind("design spec", (".ddb.yaml", ".ddb.yml"), (".ddb.yaml", ".ddb.yml"))
# Stubs are checked when named (they rarely call anything), never searched for.
PYTHON = SourceKind("Python", (".py", ".pyi"), (".py",))
KINDS: tuple[SourceKind, ...] = (DESIGN_SPEC, PYTHON)


def kind_of(path: Path) -> SourceKind | None:
    """The kind of a file by its name, or None for a file no kind recognises."""
    return next((kind for kind in KINDS if kind.matches(path)), None)


def _skipped_directory(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_DIRECTORIES


def find_sources(directory: Path, kinds: Sequence[SourceKind] = KINDS) -> Iterator[tuple[Path, SourceKind]]:
    """Files of the given kinds under ``directory``, recursively, in a stable order;
    hidden directories, virtual environments, ``site-packages``, ``node_modules``,
    ``__pycache__``, ``build`` and ``dist`` are left out."""
    for root, directories, files in os.walk(directory):
        directories[:] = sorted(d for d in directories if not _skipped_directory(d))
        for name in sorted(files):
            path = Path(root) / name
            kind = next((k for k in kinds if k.searched_for(path)), None)
            if kind is not None:
                yield path, kind


def _undecodable_at(data: bytes, bad: int) -> tuple[int, int]:
    """The 0-based line and column (in characters) of the byte at ``bad``."""
    line = data.count(b"\n", 0, bad)
    line_start = data.rfind(b"\n", 0, bad) + 1
    # Everything before the first bad byte decodes, so its length is the column.
    return line, len(data[line_start:bad].decode("utf-8", errors="replace"))


def decode_source(data: bytes) -> tuple[str, Finding | None]:
    """A spec's text from its bytes. Invalid UTF-8 is replaced rather than raised, and
    reported as a DDB001 finding at the first byte that cannot be decoded."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line, column = _undecodable_at(data, error.start)
        finding = Finding(
            INVALID_YAML,
            Severity.ERROR,
            Span.at(line, column, line, column + 1),
            f"the file is not valid UTF-8: byte 0x{data[error.start]:02X} cannot be decoded here; "
            "save the design spec as UTF-8",
        )
        return data.decode("utf-8", errors="replace"), finding


@dataclass(frozen=True)
class CheckedFile:
    """One file's text and findings, under the path the report shows."""

    path: str
    text: str
    findings: tuple[Finding, ...]
    document: SpecDocument | None = field(default=None, compare=False, repr=False)
    """The loaded design spec (None for Python files and for undecodable specs)."""


def check_source(path: Path, shown_as: str, kind: SourceKind, selection: RuleSelection) -> CheckedFile:
    """Read and check one design spec. Raises OSError when it cannot be read."""
    if kind is not DESIGN_SPEC:
        raise ValueError(f"check_source checks design specs, not {kind.name} files: use check_python_file")
    text, undecodable = decode_source(path.read_bytes())
    if undecodable is not None:
        return CheckedFile(shown_as, text, tuple(selection.apply([undecodable])))
    report = check_spec(text, shown_as, selection)
    return CheckedFile(shown_as, text, tuple(report.findings), report.document)


# --------------------------------------------------------------------------- Python files


class NotPython(Exception):
    """A Python file that cannot be read as Python source (bad encoding, syntax error):
    it is skipped with a note, as other tools report it."""


def decode_python(data: bytes) -> str:
    """A Python file's text, decoded as Python decodes it: UTF-8 unless a BOM or a
    ``# -*- coding: ... -*-`` line says otherwise. Raises NotPython when it cannot be."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        # An unknown or contradictory coding declaration; undecodable bytes in the first
        # two lines also land here, and are better reported where they are.
        encoding = "utf-8"
        message = error.msg
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise NotPython(message) from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line, _ = _undecodable_at(data, error.start)
        name = "UTF-8" if encoding.lower().replace("_", "-").startswith("utf-8") else encoding
        raise NotPython(
            f"not valid {name}: byte 0x{data[error.start]:02X} at line {line + 1} cannot be decoded "
            f"(save the file as UTF-8{'' if name == 'UTF-8' else ' or fix its coding declaration'})"
        ) from None
    except LookupError as error:  # pragma: no cover - detect_encoding vets the name
        raise NotPython(str(error)) from None


def syntax_problem(text: str, path: str) -> str:
    """Why ``text`` does not parse as Python, in one line."""
    try:
        ast.parse(text, filename=path)
    except SyntaxError as error:
        where = f" at line {error.lineno}" if error.lineno else ""
        return f"not valid Python: {error.msg}{where}"
    except (ValueError, RecursionError, MemoryError) as error:
        reason = str(error) or type(error).__name__
        if isinstance(error, (RecursionError, MemoryError)):
            reason = "too deeply nested to parse"
        return f"not valid Python: {reason}"
    return "not valid Python"  # pragma: no cover - only called when parsing failed


@dataclass(frozen=True)
class CheckedPython:
    """A checked Python file, and what its DynamoDB calls were read as (for DDB706)."""

    file: CheckedFile
    context: CodeContext


def check_python_file(path: Path, shown_as: str, specs: SpecSet, selection: RuleSelection) -> CheckedPython:
    """Read and check one Python file against ``specs``. Raises OSError when it cannot be
    read, NotPython when it is not valid Python (no findings: other tools report that)."""
    text = decode_python(path.read_bytes())
    report = check_python(text, shown_as, specs, selection)
    if report.context is None:
        raise NotPython(syntax_problem(text, shown_as))
    return CheckedPython(CheckedFile(shown_as, text, tuple(report.findings)), report.context)


# --------------------------------------------------------------------------- specs for code


@dataclass
class _LoadedSpec:
    path: Path
    """Resolved."""
    shown: str
    document: SpecDocument | None
    named: bool
    """Named on the command line (or found under a directory it names), so checked."""


class SpecLoader:
    """The design specs Python files are checked against, each read and parsed once per
    run (by resolved path), the specs named on the command line included."""

    def __init__(
        self,
        table_names: Mapping[str, str] | None = None,
        warn: Callable[[str], None] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.table_names = dict(table_names or {})
        self._warn = warn or (lambda message: None)
        self._cwd = (cwd or Path.cwd()).resolve()
        self._specs: dict[Path, _LoadedSpec] = {}
        self._sets: dict[tuple[Path, ...], SpecSet] = {}

    def add_checked(self, path: Path, checked: CheckedFile) -> None:
        """A spec named on the command line and checked: its document is reused."""
        key = path.resolve()
        if key not in self._specs:
            self._specs[key] = _LoadedSpec(key, checked.path, checked.document, named=True)

    def _shown(self, path: Path, relative: bool) -> str:
        """How the report names a spec no argument named: relative to the current
        directory, unless the Python file that uses it was named by an absolute path."""
        if relative:
            try:
                return os.path.relpath(path, self._cwd)
            except ValueError:  # another drive
                pass
        return str(path)

    def _load(self, path: Path, relative: bool) -> _LoadedSpec:
        key = path.resolve()
        loaded = self._specs.get(key)
        if loaded is not None:
            return loaded
        shown = self._shown(key, relative)
        document: SpecDocument | None = None
        try:
            data = key.read_bytes()
        except OSError as error:
            self._warn(
                f"{shown}: cannot read the spec: {error.strerror or error}; Python files are checked without it"
            )
        else:
            text, undecodable = decode_source(data)
            if undecodable is not None:
                self._warn(
                    f"{shown}: the spec is not valid UTF-8; Python files are checked without it "
                    f"(run 'ddb-architect check {shown}')"
                )
            else:
                document = load_spec(text, shown)
        loaded = _LoadedSpec(key, shown, document, named=False)
        self._specs[key] = loaded
        if document is not None and document.design is None:
            self._warn(
                f"{shown}: not a readable design spec; Python files are checked without it "
                f"(run 'ddb-architect check {shown}')"
            )
        return loaded

    def spec_set(self, paths: Iterable[Path], relative: bool = True) -> SpecSet:
        """The specs at ``paths`` as one set; the same paths give the same set."""
        loaded = [self._load(path, relative) for path in paths]
        key = tuple(spec.path for spec in loaded)
        found = self._sets.get(key)
        if found is None:
            documents = [spec.document for spec in loaded if spec.document is not None]
            found = self._sets[key] = SpecSet(documents, self.table_names)
        return found

    def add_unimplemented(
        self, files: Sequence[CheckedFile], contexts: Sequence[CodeContext], selection: RuleSelection
    ) -> list[CheckedFile]:
        """``files`` with DDB706 added: the access patterns of every spec some checked
        Python file was checked against that no checked file performs, with the rule
        selection and the spec's inline suppressions applied. A spec that was not named
        on the command line is added as a file of its own when it gets a finding."""
        if not contexts or not selection.enabled(UNIMPLEMENTED_PATTERN):
            return list(files)
        loaded = [spec for spec in self._specs.values() if spec.document is not None]
        by_path = unimplemented_patterns([spec.document for spec in loaded if spec.document], contexts)
        result = list(files)
        for spec in loaded:
            assert spec.document is not None
            findings = selection.apply(
                parse_suppressions(spec.document.text).filter(by_path.get(spec.document.path, []))
            )
            if not findings:
                continue
            at = next((i for i, f in enumerate(result) if spec.named and f.document is spec.document), None)
            if at is None:
                result.append(CheckedFile(spec.shown, spec.document.text, _sorted(findings), spec.document))
            else:
                earlier = result[at]
                result[at] = CheckedFile(
                    earlier.path, earlier.text, _sorted([*earlier.findings, *findings]), earlier.document
                )
        return result


def _sorted(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (f.span.start, f.code)))


# --------------------------------------------------------------------------- fixing files

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_ending(text: str) -> str | None:
    """The line break a text uses, None when it has none or mixes them."""
    found = set(_LINE_BREAK.findall(text))
    return found.pop() if len(found) == 1 else None


def with_line_ending(text: str, ending: str) -> str:
    """``text`` with every line break written as ``ending``."""
    return _LINE_BREAK.sub(ending, text)


def lines_with_breaks(text: str) -> list[str]:
    """The lines of a text, each with its own line break (the last may have none), broken
    at \\n, \\r\\n and \\r only, as editors count lines."""
    starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
    ends = [*starts[1:], len(text)]
    return [text[start:end] for start, end in zip(starts, ends, strict=True) if end > start]


@dataclass(frozen=True)
class FixedFile:
    """One file with every safe fix applied (``check --fix``)."""

    path: Path
    shown: str
    original: str
    fixed: str
    applied: int
    """How many fixes were applied."""
    encoding: str
    """What the file is written back in (``utf-8-sig`` keeps a byte order mark)."""
    document: SpecDocument | None = field(default=None, compare=False, repr=False)
    """The fixed design spec, loaded (None for Python files)."""

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def write(self) -> None:
        """Write the fixed text back (raises OSError, UnicodeEncodeError)."""
        self.path.write_bytes(self.fixed.encode(self.encoding))

    def diff(self) -> str:
        """A unified diff from the file to its fixed text."""
        lines = difflib.unified_diff(
            lines_with_breaks(self.original),
            lines_with_breaks(self.fixed),
            fromfile=f"a/{self.shown}",
            tofile=f"b/{self.shown}",
        )
        # A line without a break (the file's last) is marked as diff and patch expect.
        return "".join(
            line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
            for line in lines
        )


def _fixed(
    path: Path,
    shown: str,
    kind: str,
    text: str,
    encoding: str,
    check: Callable[[str], tuple[Sequence[Finding], object]],
) -> FixedFile:
    """``text`` with every safe fix applied; ``check`` gives a text's findings and its
    loaded document (each text checked once, though ``fix_all`` asks for both)."""
    checked: dict[str, tuple[Sequence[Finding], object]] = {}

    def run(candidate: str) -> tuple[Sequence[Finding], object]:
        if candidate not in checked:
            checked.clear()
            checked[candidate] = check(candidate)
        return checked[candidate]

    result = fix_all(text, shown, kind, lambda t: run(t)[0], lambda t: run(t)[1])
    fixed = result.text
    ending = line_ending(text)
    if result.changed and ending is not None:
        fixed = with_line_ending(fixed, ending)
    document = run(fixed)[1] if kind == "spec" else None
    return FixedFile(
        path,
        shown,
        text,
        fixed,
        len(result.applied),
        encoding,
        document if isinstance(document, SpecDocument) else None,
    )


def fix_spec_file(path: Path, shown_as: str, selection: RuleSelection) -> FixedFile | None:
    """A design spec with its safe fixes applied; None when it cannot be read or is not
    valid UTF-8 (it is never written back then). Raises OSError."""
    data = path.read_bytes()
    text, undecodable = decode_source(data)
    if undecodable is not None:
        return None
    encoding = "utf-8-sig" if data.startswith(UTF8_BOM) else "utf-8"

    def check(candidate: str) -> tuple[Sequence[Finding], object]:
        report = check_spec(candidate, shown_as, selection)
        return report.findings, report.document

    return _fixed(path, shown_as, "spec", text, encoding, check)


def fix_python_file(path: Path, shown_as: str, specs: SpecSet, selection: RuleSelection) -> FixedFile | None:
    """A Python file with its safe fixes applied, checked against ``specs``; None when it
    cannot be decoded. Raises OSError."""
    data = path.read_bytes()
    try:
        text = decode_python(data)
    except NotPython:
        return None
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"

    def check(candidate: str) -> tuple[Sequence[Finding], object]:
        report = check_python(candidate, shown_as, specs, selection)
        return report.findings, report.context

    return _fixed(path, shown_as, "python", text, encoding, check)
