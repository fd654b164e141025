"""Which design specs a Python file is checked against, and which spec table a table
name in code means.

The specs come from configuration (``[tool.ddb-architect] spec = [...]``, the editor
setting, or ``--spec``), else from the ``*.ddb.yaml`` files in the file's folder and its
parents up to the project root (the nearest folder with ``pyproject.toml`` or ``.git``).
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ddb_architect.code.objects import TableRef
from ddb_architect.spec.loader import SpecDocument, load_spec
from ddb_architect.spec.model import Design, Table

SPEC_PATTERNS = ("*.ddb.yaml", "*.ddb.yml")
ROOT_MARKERS = ("pyproject.toml", ".git")


def project_root(start: Path) -> Path | None:
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return None


def discover_specs(python_file: Path, configured: Iterable[str] = (), base: Path | None = None) -> list[Path]:
    """The spec files for ``python_file``: the configured ones (paths or globs, relative
    to ``base``; a directory stands for the specs under it, searched as the command line
    searches one), else the specs beside it and in its parents up to the project root."""
    configured = list(configured)
    if configured:
        found: list[Path] = []
        root = base or project_root(python_file) or python_file.parent
        for entry in configured:
            pattern = entry if Path(entry).is_absolute() else str(root / entry)
            matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
            for match in matches if matches else ([Path(pattern)] if Path(pattern).is_file() else []):
                found.extend(_specs_under(match) if match.is_dir() else [match])
        return list(dict.fromkeys(p.resolve() for p in found))
    directory = python_file.resolve().parent
    project = project_root(directory)
    specs: list[Path] = []
    for folder in (directory, *directory.parents):
        for pattern in SPEC_PATTERNS:
            specs.extend(sorted(folder.glob(pattern)))
        if project is None or folder == project:
            break
    return list(dict.fromkeys(p.resolve() for p in specs))


def _specs_under(directory: Path) -> list[Path]:
    """The design specs under a directory, with the command line's search rules (hidden
    folders, virtual environments and build output left out)."""
    from ddb_architect.sources import DESIGN_SPEC, find_sources  # sources imports this module

    return [path for path, _kind in find_sources(directory, [DESIGN_SPEC])]


@dataclass(frozen=True)
class SpecTable:
    """A table of a loaded spec."""

    document: SpecDocument
    design: Design
    table: Table


@dataclass(frozen=True)
class _TableIndex:
    key: tuple[int, ...]
    tables: list[SpecTable]
    by_name: dict[str, SpecTable]
    """The first table of each name."""
    by_code_name: dict[str, int]
    """A ``code:`` name → the position of the first table that lists it."""
    by_env: dict[str, int]
    """An environment variable → the position of the first table that lists it."""

    @classmethod
    def of(cls, documents: list[SpecDocument], key: tuple[int, ...]) -> _TableIndex:
        tables = [
            SpecTable(document, document.design, table)
            for document in documents
            if document.design is not None
            for table in document.design.tables.values()
        ]
        by_name: dict[str, SpecTable] = {}
        by_code_name: dict[str, int] = {}
        by_env: dict[str, int] = {}
        for position, candidate in enumerate(tables):
            by_name.setdefault(candidate.table.name, candidate)
            code = candidate.table.code
            if code is not None:
                for name in code.names:
                    by_code_name.setdefault(name, position)
                for env in code.env_names:
                    by_env.setdefault(env, position)
        return cls(key, tables, by_name, by_code_name, by_env)


@dataclass
class SpecSet:
    """The specs a Python file is checked against, and how code names their tables."""

    documents: list[SpecDocument] = field(default_factory=list)
    table_names: Mapping[str, str] = field(default_factory=dict)
    """Configured names (environment variables, literal names) → spec table names."""

    @property
    def known(self) -> bool:
        return any(d.design is not None for d in self.documents)

    _index: _TableIndex | None = field(default=None, init=False, repr=False, compare=False)

    def _tables_index(self) -> _TableIndex:
        """The tables and lookups by name, built once (a file's checks ask hundreds of
        times); built again if the documents were replaced."""
        key = tuple(id(d.design) for d in self.documents)
        if self._index is None or self._index.key != key:
            self._index = _TableIndex.of(self.documents, key)
        return self._index

    def tables(self) -> list[SpecTable]:
        return list(self._tables_index().tables)

    def table_names_known(self) -> list[str]:
        return [t.table.name for t in self.tables()]

    def find(self, ref: TableRef | None) -> SpecTable | None:
        """The spec table a reference in code names; None when the code's name is not
        known or no spec declares it. The configuration's ``table-names`` come first (a
        project's setting overrides what a spec says), then a literal equal to a table's
        name, then the tables' ``code:`` names and environment variables."""
        if ref is None:
            return None
        wanted = ref.name if ref.name is not None else ref.env
        if wanted is None:
            return None
        index = self._tables_index()
        mapped = self.table_names.get(wanted)
        if mapped is not None:
            return index.by_name.get(mapped)
        if ref.name is not None:
            named = index.by_name.get(ref.name)
            if named is not None:
                return named
        # The first table whose code: names or environment variables hold the reference.
        found = [
            place
            for place in (
                index.by_code_name.get(ref.name) if ref.name is not None else None,
                index.by_env.get(ref.env) if ref.env is not None else None,
            )
            if place is not None
        ]
        return index.tables[min(found)] if found else None

    def unreadable(self, ref: TableRef) -> bool:
        """True when a spec may declare the table the code names but could not be read
        well enough to say (already reported as DDB002): a table of that name (or the
        name the configuration maps it to) that did not load, or a table whose ``code:``
        mapping of other names is invalid."""
        wanted = ref.name if ref.name is not None else ref.env
        if wanted is None:
            return False
        names = {wanted, self.table_names.get(wanted, wanted)}
        for document in self.documents:
            design = document.design
            if design is None:
                continue
            if names & design.broken_tables:
                return True
            if any("code" in table.invalid for table in design.tables.values()):
                return True
        return False

    def is_declared(self, ref: TableRef) -> bool | None:
        """True/False for a literal table name when specs are known; None otherwise
        (also when the spec that may declare it could not be read)."""
        if not self.known or ref.name is None:
            return None
        if self.find(ref) is not None:
            return True
        return None if self.unreadable(ref) else False


SpecReader = Callable[[Path], str | None]


def read_file(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def load_specs(
    paths: Iterable[Path], read: SpecReader = read_file, table_names: Mapping[str, str] | None = None
) -> SpecSet:
    """Load the spec files (an editor passes ``read`` to see unsaved documents)."""
    documents = []
    for path in paths:
        text = read(path)
        if text is not None:
            documents.append(load_spec(text, str(path)))
    return SpecSet(documents, dict(table_names or {}))
