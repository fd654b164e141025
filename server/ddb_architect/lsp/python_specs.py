"""The design specs a Python document is checked against, as the editor sees them.

Which specs: the editor setting ``spec`` (paths or globs relative to the workspace root),
else the project's ``[tool.ddb-architect] spec`` (relative to its ``pyproject.toml``),
else the ``*.ddb.yaml`` files in the document's folder and its parents up to the project
root. A spec open in the editor is read from the editor, unsaved edits and all; any other
from disk. Loaded specs are kept while their text is unchanged (an open document's text, a
file's modification time and size), so a check or a hover reloads only what changed; only
the ``MAX_LOADED_SPECS`` used last are kept (a loaded spec takes about 2 KB per line), and
of the others only a print of their text, enough to tell whether specs changed
(``python_specs_print``) without loading them again. Safe to call from the diagnostics
worker thread and from the event loop.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from ddb_architect.config import ProjectConfig, load_project_config
from ddb_architect.lsp.configuration import Configuration

if TYPE_CHECKING:
    from ddb_architect.code.specs import SpecSet
    from ddb_architect.lsp.settings import ServerSettings
    from ddb_architect.spec.loader import SpecDocument

# The engine (spec loader, code reader) is imported where it is used: the server answers
# ``initialize`` before loading it.

SPEC_SUFFIXES = (".ddb.yaml", ".ddb.yml")
"""The suffixes of ``code.specs.SPEC_PATTERNS``."""

MAX_LOADED_SPECS = 8
"""How many loaded specs a server keeps (the most recently used)."""

TextPrint = tuple[str, int, int]
"""A spec's path, and its text's length and hash: equal prints load alike."""


def text_print(path: str, text: str) -> TextPrint:
    return (path, len(text), hash(text))


@dataclass(frozen=True)
class OpenSpec:
    """A spec as the editor holds it."""

    version: int | None
    text: str


@dataclass(frozen=True)
class PythonSpecs:
    """The specs of one Python document, and how they were chosen (for hovers)."""

    specs: SpecSet
    paths: tuple[Path, ...]
    origin: str


class SpecDocuments:
    """Loaded specs by resolved path, each reused while its text is unchanged; the
    ``capacity`` used last are kept, and a print of every spec file's text."""

    def __init__(self, capacity: int = MAX_LOADED_SPECS) -> None:
        self._lock = threading.Lock()
        self._capacity = capacity
        self._loaded: OrderedDict[Path, tuple[Hashable, SpecDocument]] = OrderedDict()
        self._prints: dict[Path, tuple[Hashable, TextPrint]] = {}
        """Of specs read from disk: the text's print, by the file's modification time and size."""
        self.loads = 0
        """How many times a spec was parsed (tests read it to see the cache work)."""

    def _key(self, path: Path, open_spec: OpenSpec | None) -> Hashable | None:
        """What the spec's text is known by: the editor's text when it is open, else the
        file's modification time and size; None when the file is gone."""
        if open_spec is not None:
            # The text alone decides: the same text parses the same at any version.
            return ("open", open_spec.text)
        try:
            stat = path.stat()
        except OSError:
            self._forget(path)
            return None
        return ("disk", stat.st_mtime_ns, stat.st_size)

    def text_print(self, path: Path, open_spec: OpenSpec | None) -> TextPrint | None:
        """The print of the text ``get`` would load, without loading it when the file is
        unchanged since it was last loaded; None when it cannot be read."""
        if open_spec is not None:
            return text_print(str(path), open_spec.text)
        key = self._key(path, None)
        if key is None:
            return None
        with self._lock:
            known = self._prints.get(path)
        if known is not None and known[0] == key:
            return known[1]
        document = self.get(path, None)
        return text_print(document.path, document.text) if document is not None else None

    def __len__(self) -> int:
        """How many loaded specs are kept."""
        with self._lock:
            return len(self._loaded)

    def get(self, path: Path, open_spec: OpenSpec | None) -> SpecDocument | None:
        """The spec at ``path``: the editor's text when it is open, else the file's; None
        when it cannot be read."""
        key = self._key(path, open_spec)
        if key is None:
            return None
        text = open_spec.text if open_spec is not None else None
        with self._lock:
            cached = self._loaded.get(path)
            if cached is not None and cached[0] == key:
                self._loaded.move_to_end(path)
                return cached[1]
        if text is None:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._forget(path)
                return None
        from ddb_architect.spec.loader import load_spec

        document = load_spec(text, str(path))
        with self._lock:
            self._loaded[path] = (key, document)
            self._loaded.move_to_end(path)
            while len(self._loaded) > self._capacity:
                self._loaded.popitem(last=False)
            if open_spec is None:
                self._prints[path] = (key, text_print(str(path), text))
            self.loads += 1
        return document

    def _forget(self, path: Path) -> None:
        with self._lock:
            self._loaded.pop(path, None)
            self._prints.pop(path, None)


_documents: weakref.WeakKeyDictionary[LanguageServer, SpecDocuments] = weakref.WeakKeyDictionary()
_documents_lock = threading.Lock()
_without_server = SpecDocuments()


def spec_documents(server: LanguageServer | None) -> SpecDocuments:
    """The loaded-spec cache of a server (one shared cache without a server)."""
    if server is None:
        return _without_server
    with _documents_lock:
        documents = _documents.get(server)
        if documents is None:
            documents = _documents[server] = SpecDocuments()
        return documents


def open_spec_document(server: LanguageServer | None, path: str, text: str) -> SpecDocument:
    """The spec an open document's ``text`` loads to, parsed once per text and shared by
    its check, its hovers and the Python code checked against it."""
    from ddb_architect.spec.loader import load_spec

    if not Path(path).is_absolute():  # untitled: nothing to share it with
        return load_spec(text, path)
    document = spec_documents(server).get(Path(path).resolve(), OpenSpec(None, text))
    return document if document is not None else load_spec(text, path)


def _open_specs(server: LanguageServer | None) -> dict[Path, OpenSpec]:
    """The specs open in the editor, by resolved path."""
    if server is None:
        return {}
    found: dict[Path, OpenSpec] = {}
    # A copy: the event loop may open or close documents while a worker thread reads.
    for uri, document in list(server.workspace.text_documents.items()):
        if not uri.lower().endswith(SPEC_SUFFIXES):
            continue
        path = to_fs_path(uri)
        if path is None:
            continue
        found[Path(path).resolve()] = OpenSpec(document.version, document.source)
    return found


def _workspace_root(server: LanguageServer | None) -> Path | None:
    if server is None:
        return None
    try:
        root = server.workspace.root_path
    except RuntimeError:  # no workspace before initialize
        return None
    return Path(root) if root else None


def _discovery_folders(python_file: Path) -> list[Path]:
    """The folders ``discover_specs`` searches: the file's, then its parents up to the
    project root."""
    from ddb_architect.code.specs import project_root

    directory = python_file.resolve().parent
    project = project_root(directory)
    folders = []
    for folder in (directory, *directory.parents):
        folders.append(folder)
        if project is None or folder == project:
            break
    return folders


@dataclass(frozen=True)
class _Chosen:
    """The specs of a Python document, not loaded."""

    paths: list[Path]
    open_specs: dict[Path, OpenSpec]
    origin: str


def _chosen(
    server: LanguageServer | None, path: str, settings: ServerSettings, project: ProjectConfig
) -> _Chosen:
    from ddb_architect.code.specs import discover_specs, project_root

    root = _workspace_root(server)
    python_file = Path(path)
    if not python_file.is_absolute():
        if root is None:
            return _Chosen([], {}, "the document is not saved in a folder")
        python_file = root / (python_file.name or "untitled.py")
    open_specs = _open_specs(server)
    if settings.spec:
        base = root or project.root or project_root(python_file) or python_file.parent
        paths = discover_specs(python_file, settings.spec, base=base)
        origin = f"the editor setting `spec`: {', '.join(settings.spec)}, relative to {base}"
    elif project.spec:
        base = project.root or project_root(python_file) or python_file.parent
        paths = discover_specs(python_file, project.spec, base=base)
        origin = f"`spec` in {project.path}: {', '.join(project.spec)}"
    else:
        folders = _discovery_folders(python_file)
        paths = discover_specs(python_file)
        # A spec opened in the editor and not saved yet counts where it would be saved.
        unsaved = sorted(p for p in open_specs if p.parent in folders and p not in paths)
        paths += unsaved
        origin = (
            f"the *.ddb.yaml files in {folders[0]}"
            + (f" and its parents up to {folders[-1]}" if len(folders) > 1 else "")
            if folders
            else "no folder"
        )
    return _Chosen(paths, open_specs, origin)


def python_specs(
    server: LanguageServer | None,
    path: str,
    settings: ServerSettings,
    project: ProjectConfig,
) -> PythonSpecs:
    """The specs a Python document at ``path`` is checked against, with the editor's
    open specs when there is a ``server``."""
    from ddb_architect.code.specs import SpecSet

    chosen = _chosen(server, path, settings, project)
    documents = spec_documents(server)
    loaded = [documents.get(p, chosen.open_specs.get(p)) for p in chosen.paths]
    specs = SpecSet([d for d in loaded if d is not None], dict(project.table_names))
    return PythonSpecs(specs, tuple(chosen.paths), chosen.origin)


SpecsPrint = tuple[tuple[TextPrint, ...], tuple[tuple[str, str], ...]]
"""The prints of a spec set's texts and its table names: what matching code with it
depends on."""


def specs_print(specs: SpecSet) -> SpecsPrint:
    """The print of loaded specs."""
    return (
        tuple(text_print(document.path, document.text) for document in specs.documents),
        tuple(sorted(specs.table_names.items())),
    )


def python_specs_print(
    server: LanguageServer | None, path: str, settings: ServerSettings, project: ProjectConfig
) -> SpecsPrint:
    """``specs_print`` of what ``python_specs`` gives, without loading the specs whose
    files did not change since they were last loaded."""
    chosen = _chosen(server, path, settings, project)
    documents = spec_documents(server)
    prints = (documents.text_print(p, chosen.open_specs.get(p)) for p in chosen.paths)
    return (tuple(p for p in prints if p is not None), tuple(sorted(project.table_names.items())))


def _configured(server: LanguageServer, path: str) -> tuple[ServerSettings, ProjectConfig]:
    configuration = getattr(server, "configuration", None)
    if isinstance(configuration, Configuration):
        return configuration.settings, configuration.project_for(path)
    from ddb_architect.lsp.settings import ServerSettings

    folder = Path(path).parent if Path(path).is_absolute() else None
    return ServerSettings(), (load_project_config(folder) if folder is not None else ProjectConfig())


def specs_for(server: LanguageServer, path: str) -> SpecSet:
    """The specs for the Python file at ``path``: from the editor setting ``spec`` or the
    project's ``spec``, else the ``*.ddb.yaml`` files beside it and in its parents up to
    the project root; open specs as the editor holds them; table names from the project."""
    settings, project = _configured(server, path)
    return python_specs(server, path, settings, project).specs


def same_specs(first: SpecSet, second: SpecSet) -> bool:
    """True when two spec sets hold the very same loaded documents and table names."""
    return [id(d) for d in first.documents] == [id(d) for d in second.documents] and dict(
        first.table_names
    ) == dict(second.table_names)


__all__ = [
    "MAX_LOADED_SPECS",
    "SPEC_SUFFIXES",
    "OpenSpec",
    "PythonSpecs",
    "SpecDocuments",
    "open_spec_document",
    "python_specs",
    "python_specs_print",
    "same_specs",
    "spec_documents",
    "specs_for",
    "specs_print",
]
