"""The workspace's Python code, for DDB706 (access patterns no code performs): every Python
file of the workspace folders read once in the background, kept current as documents are
edited, saved and closed and as files change on disk, and asked, when a spec is checked,
which of its access patterns no code performs.

Per file the index keeps a small summary of its DynamoDB calls (``CallSummary``: the
operation, table, index and key shapes matching needs; not its text, syntax tree or
scopes) and what they make of its specs: the specs it was matched against (by their
texts) and the patterns it performs. Specs are chosen as for an open Python document
(``python_specs``: the editor setting ``spec``, the project's, else the specs beside it;
open specs as the editor holds them); when a spec is checked and a file's specs have
changed since, its summarized calls are matched again, without reading the file again.

Threads and processes: the scan and the disk reads run in the index's own worker thread;
a first scan of ``WORKER_FROM_FILES`` files or more has them read in a worker process
(``scan_worker``), which sends back only the summaries, so that the server's interpreter
stays free for the open documents' checks (the thread only matches the summaries with
the specs). An open Python document is read by the diagnostics feature's Python worker
(the index is handed the result); a spec's DDB706 is asked for from the spec worker. Only the event loop talks to
the client. Until the first scan has finished, specs get no DDB706; when it finishes, or
a file's patterns change, the open specs whose DDB706 may have changed are checked again.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from ddb_architect.config import ProjectConfig, load_project_config
from ddb_architect.findings import Finding
from ddb_architect.lsp.analyzers import PYTHON_SUFFIXES, SPEC_SUFFIXES, AnalysisRequest
from ddb_architect.lsp.client_log import ClientLog, logger
from ddb_architect.lsp.configuration import CLIENT_REQUEST_TIMEOUT_S, Configuration
from ddb_architect.lsp.diagnostics import DiagnosticsFeature
from ddb_architect.lsp.python_specs import SpecsPrint, python_specs, python_specs_print, specs_print

if TYPE_CHECKING:
    from ddb_architect.code.specs import SpecSet
    from ddb_architect.rules.code_context import CodeContext
    from ddb_architect.spec.loader import SpecDocument
    from ddb_architect.workspace import CallMatches, CallSummary, CodeUsage, PatternKey

# The engine is imported where it is used: the index starts after ``initialized``.

OPEN: Hashable = ("open",)
"""The source of an entry read from the editor (the diagnostics feature reads it again at
each change)."""

PROGRESS_INTERVAL_S = 0.1
YIELD_TO_CHECKS_S = 2.0
"""Between files, the scan waits for the open documents' checks to finish, at most this
long (so that typing without a pause still lets the index make progress)."""
PROGRESS_TITLE = "ddb-architect: indexing Python code"
WORKER_FROM_FILES = 50
"""From this many Python files on, the first scan reads them in a worker process
(``scan_worker``), so that it never takes the interpreter from the open documents' checks;
fewer are read in the server, quicker than a new interpreter starts."""

SpecState: TypeAlias = "frozenset[PatternKey] | None"
"""What a spec's DDB706 was computed from: ``CodeUsage.of_spec``."""


@dataclass(frozen=True)
class _Entry:
    """One Python file as the index knows it."""

    source: Hashable
    """``OPEN``, or ``("disk", mtime_ns, size)`` of the file read."""
    calls: tuple[CallSummary, ...] | None
    """Its DynamoDB calls, summarized; None when it is not DynamoDB code or not valid Python."""
    specs: Hashable
    """What ``usage`` was matched against: ``specs_print`` of the specs (None: none)."""
    usage: CodeUsage


def _not_dynamodb_code(source: Hashable) -> _Entry:
    from ddb_architect.workspace import NO_USAGE

    return _Entry(source, None, None, NO_USAGE)


def _matched(
    source: Hashable, calls: tuple[CallSummary, ...], specs: SpecSet, matches: CallMatches | None = None
) -> _Entry:
    """The entry of a file whose calls are ``calls``, matched with ``specs`` (``matches``:
    the calls matched with them so far)."""
    from ddb_architect.workspace import summary_usage

    return _Entry(source, calls, specs_print(specs), summary_usage(calls, specs, matches))


class _FolderSpecs:
    """The specs of the Python files of each folder, as an open document's would be (the
    same for every file of a folder, so asked once per folder): their print, and the
    specs loaded for the last few folders only (a scan goes folder by folder; loaded
    specs are large)."""

    KEPT = 4

    def __init__(self, server: LanguageServer, configuration: Configuration) -> None:
        self._server = server
        self._configuration = configuration
        self._projects: dict[Path, ProjectConfig] = {}
        self._prints: dict[Path, SpecsPrint] = {}
        self._loaded: dict[Path, SpecSet] = {}
        self._matches: dict[SpecsPrint, CallMatches] = {}

    def _project(self, folder: Path) -> ProjectConfig:
        found = self._projects.get(folder)
        if found is None:
            try:
                found = load_project_config(folder)
            except Exception:
                found = ProjectConfig()
            self._projects[folder] = found
        return found

    def specs(self, path: Path) -> SpecSet:
        """The specs of the Python file at ``path``, loaded."""
        folder = path.parent
        found = self._loaded.get(folder)
        if found is None:
            settings = self._configuration.settings
            found = python_specs(self._server, str(path), settings, self._project(folder)).specs
            if len(self._loaded) >= self.KEPT:
                del self._loaded[next(iter(self._loaded))]
            self._loaded[folder] = found
        return found

    def matches(self, specs: SpecSet) -> CallMatches:
        """The calls matched with ``specs`` so far (folders may share their specs)."""
        return self._matches.setdefault(specs_print(specs), {})

    def print(self, path: Path) -> SpecsPrint:
        """``specs_print`` of the specs of the Python file at ``path``, loading only specs
        that changed since they were last loaded."""
        folder = path.parent
        found = self._prints.get(folder)
        if found is None:
            settings = self._configuration.settings
            found = python_specs_print(self._server, str(path), settings, self._project(folder))
            self._prints[folder] = found
        return found


@dataclass(frozen=True)
class ScanSummary:
    files: int
    dynamodb_files: int
    truncated: bool
    seconds: float

    def describe(self) -> str:
        files = f"{self.files} Python file{'' if self.files == 1 else 's'}"
        return f"{files}, {self.dynamodb_files or 'none'} calling DynamoDB"


def _path_of(uri: str) -> Path | None:
    """The resolved file-system path of a ``file:`` URI; None for other schemes."""
    path = to_fs_path(uri)
    if path is None:
        return None
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path)


class WorkspaceIndex:
    """The Python files of the workspace and the access patterns each performs."""

    def __init__(
        self,
        server: LanguageServer,
        configuration: Configuration,
        diagnostics: DiagnosticsFeature,
        log: ClientLog,
        watching: Callable[[], bool] = lambda: False,
    ) -> None:
        self._server = server
        self._configuration = configuration
        self._diagnostics = diagnostics
        self._log = log
        self._watching = watching
        self._lock = threading.Lock()
        self._entries: dict[Path, _Entry] = {}
        self._reported: dict[str, SpecState] = {}
        self._folders: tuple[Path, ...] | None = None
        self._ready = False
        self._closing = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._scan_task: asyncio.Task[None] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ddb-workspace-index")
        self.summary: ScanSummary | None = None
        """The first scan's, once it has finished."""
        self.files_read = 0
        """How many times a file was read from disk (tests count them)."""
        self._worker: subprocess.Popen[bytes] | None = None
        self.workers_started = 0
        self.workers_ended = 0
        """Worker processes of the first scan started, and ended (tests count them)."""
        self.matched_again = 0
        """How many times a file's summarized calls were matched again with changed specs."""

    # ----- lifecycle

    @property
    def ready(self) -> bool:
        """True once the first scan has finished."""
        return self._ready

    async def start(self) -> None:
        """Start the first scan in the background (after ``initialized``)."""
        self._loop = asyncio.get_running_loop()
        self._folders = self._workspace_folders()
        self._scan_task = self._loop.create_task(self._scan_in_background(self._folders))

    def close(self) -> None:
        self._closing = True
        if self._scan_task is not None:
            self._scan_task.cancel()
        self._kill_worker()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _workspace_folders(self) -> tuple[Path, ...]:
        try:
            workspace = self._server.workspace
        except RuntimeError:  # before initialize
            return ()
        uris = [folder.uri for folder in workspace.folders.values()]
        if not uris and workspace.root_uri:
            uris = [workspace.root_uri]
        paths = (_path_of(uri) for uri in uris)
        return tuple(dict.fromkeys(p for p in paths if p is not None))

    @property
    def folders(self) -> tuple[Path, ...]:
        return self._folders if self._folders is not None else self._workspace_folders()

    # ----- the first scan

    async def _scan_in_background(self, folders: tuple[Path, ...]) -> None:
        from ddb_architect.workspace import MAX_PYTHON_FILES

        loop = asyncio.get_running_loop()
        token = await self._progress_begin()
        last_report = 0.0

        def report(done: int, total: int) -> None:  # in the index's worker
            nonlocal last_report
            now = time.monotonic()
            if token is not None and (done == total or now - last_report >= PROGRESS_INTERVAL_S):
                last_report = now
                self._call_soon(self._progress_report, token, done, total)

        summary: ScanSummary | None = None
        try:
            summary = await loop.run_in_executor(self._executor, self._scan, folders, report)
        except Exception:
            if not self._closing:  # else the executor was shut down: the server is stopping
                self._log.error("indexing the workspace's Python code failed", exc_info=True)
        finally:
            if token is not None:
                self._progress_end(token, summary)
        if summary is None:
            return
        self.summary = summary
        if summary.truncated:
            self._log.info(
                f"the workspace has more than {MAX_PYTHON_FILES:,} Python files; only the first "
                f"{MAX_PYTHON_FILES:,} are indexed, so DDB706 may report patterns that others perform"
            )
        self._log.info(
            f"indexed the workspace's Python code: {summary.describe()}, in {summary.seconds:.2f}s"
        )

    def _scan(self, folders: tuple[Path, ...], report: Callable[[int, int], None]) -> ScanSummary:
        """In the index's worker: read every Python file of the workspace."""
        from ddb_architect.workspace import find_python_files

        started = time.perf_counter()
        files, truncated = find_python_files(folders)
        report(0, len(files))
        specs_by_folder = self._folder_specs()
        dynamodb = 0
        for done, (path, entry) in enumerate(self._read_files(files, specs_by_folder), start=1):
            with self._lock:
                current = self._entries.get(path)
                # An open document read meanwhile is newer than the file.
                if current is None or current.source is not OPEN:
                    if entry is None:
                        self._entries.pop(path, None)
                    else:
                        self._entries[path] = entry
                if entry is not None and entry.calls is not None:
                    dynamodb += 1
            report(done, len(files))
        with self._lock:
            self._ready = True
        self._notify_changes()
        return ScanSummary(len(files), dynamodb, truncated, time.perf_counter() - started)

    # ----- progress (on the event loop)

    async def _progress_begin(self) -> str | None:
        window = self._server.client_capabilities.window
        if window is None or not window.work_done_progress:
            return None
        token = f"ddb-architect/workspace-index/{uuid.uuid4()}"
        progress = self._server.work_done_progress
        try:
            await asyncio.wait_for(progress.create_async(token), CLIENT_REQUEST_TIMEOUT_S)
        except Exception as error:
            self._log.info(f"the client did not accept a progress token: {error!r}")
            return None
        progress.begin(
            token,
            types.WorkDoneProgressBegin(
                title=PROGRESS_TITLE, message="finding Python files", percentage=0, cancellable=False
            ),
        )
        return token

    def _progress_report(self, token: str, done: int, total: int) -> None:
        percentage = done * 100 // total if total else 100
        self._server.work_done_progress.report(
            token, types.WorkDoneProgressReport(message=f"{done}/{total} files", percentage=percentage)
        )

    def _progress_end(self, token: str, summary: ScanSummary | None) -> None:
        message = summary.describe() if summary is not None else "stopped"
        with contextlib.suppress(Exception):  # the client is gone
            self._server.work_done_progress.end(token, types.WorkDoneProgressEnd(message=message))

    # ----- reading files

    def _folder_specs(self) -> _FolderSpecs:
        return _FolderSpecs(self._server, self._configuration)

    def _read_files(
        self, files: list[Path], specs_by_folder: _FolderSpecs
    ) -> Iterator[tuple[Path, _Entry | None]]:
        """The entries of ``files`` read from disk, in order, until the index closes: from
        ``WORKER_FROM_FILES`` files on, read in a worker process (only the matching with
        the specs is done here), the rest here if the worker fails."""
        from ddb_architect.lsp.scan_worker import summary_of, worker_records

        received = 0
        if len(files) >= WORKER_FROM_FILES and not self._closing:
            records = worker_records(files, started=self._worker_started)
            try:
                for path, record in zip(files, records, strict=False):
                    if self._closing:
                        return
                    received += 1
                    self.files_read += 1
                    # A check of an open document comes first: matching takes the GIL.
                    self._diagnostics.wait_idle(YIELD_TO_CHECKS_S)
                    yield path, self._read_disk(path, specs_by_folder, partial(summary_of, path, record))
            except Exception:
                if not self._closing:
                    self._log_soon("the workspace scan's worker process failed; the server reads the rest")
            finally:
                records.close()
                self.workers_ended += 1
            if received < len(files) and not self._closing:
                self._log_soon(
                    f"the workspace scan's worker process ended after {received} of {len(files)} files; "
                    "the server reads the rest"
                )
        for path in files[received:]:
            if self._closing:
                return
            # A check of an open document comes first: the scan would take half the GIL.
            self._diagnostics.wait_idle(YIELD_TO_CHECKS_S)
            self.files_read += 1
            yield path, self._read_disk(path, specs_by_folder)

    def _worker_started(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._worker = process
            self.workers_started += 1
        if self._closing:
            self._kill_worker()

    def _kill_worker(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None and worker.poll() is None:
            with contextlib.suppress(OSError):
                worker.kill()

    def _read_disk(
        self,
        path: Path,
        specs_by_folder: _FolderSpecs,
        read_from: Callable[[], tuple[Hashable, tuple[CallSummary, ...] | None] | None] | None = None,
    ) -> _Entry | None:
        """The file at ``path`` read from disk (by ``read_from`` when it was read
        elsewhere); None when it is gone."""
        from ddb_architect.workspace import read_summary

        try:
            read = read_from() if read_from is not None else read_summary(path)
        except Exception:
            self._log_soon(f"indexing {path} failed; it is left out of DDB706")
            with contextlib.suppress(OSError):
                stat = path.stat()
                return _not_dynamodb_code(("disk", stat.st_mtime_ns, stat.st_size))
            return None
        if read is None:
            return None
        return self._entry(path, *read, specs_by_folder)

    def _entry(
        self,
        path: Path,
        source: Hashable,
        calls: tuple[CallSummary, ...] | None,
        specs_by_folder: _FolderSpecs,
    ) -> _Entry:
        """The entry of a file read from disk, its calls matched with its specs."""
        if calls is None:
            return _not_dynamodb_code(source)
        try:
            specs = specs_by_folder.specs(path)
            return _matched(source, calls, specs, specs_by_folder.matches(specs))
        except Exception:
            self._log_soon(f"matching {path} with its specs failed; it is left out of DDB706")
            return _not_dynamodb_code(source)

    def _open_paths(self) -> set[Path]:
        """The Python files open in the editor."""
        found = set()
        for uri in list(self._server.workspace.text_documents):
            if uri.lower().endswith(PYTHON_SUFFIXES):
                path = _path_of(uri)
                if path is not None:
                    found.add(path)
        return found

    def _refresh(self, paths: Iterable[Path]) -> None:
        """Read the files at ``paths`` again from disk (those not open in the editor);
        forget those that are gone or outside the workspace."""
        from ddb_architect.workspace import in_workspace

        folders = self.folders
        open_paths = self._open_paths()
        specs_by_folder = self._folder_specs()
        for path in paths:
            if self._closing:
                return
            entry = None
            if in_workspace(path, folders):
                self.files_read += 1
                entry = self._read_disk(path, specs_by_folder)
            with self._lock:
                current = self._entries.get(path)
                if current is not None and current.source is OPEN and path in open_paths:
                    continue  # the editor's text counts while it is open
                if entry is None:
                    self._entries.pop(path, None)
                else:
                    self._entries[path] = entry

    def _refresh_and_notify(self, paths: list[Path]) -> None:
        self._refresh(paths)
        self._notify_changes()

    def _submit_refresh(self, paths: list[Path]) -> None:
        if not paths or self._closing:
            return
        with contextlib.suppress(RuntimeError):  # shut down
            self._executor.submit(self._refresh_and_notify, paths)

    def _stale_paths(self) -> list[Path]:
        """Files read from disk whose modification time or size changed since."""
        with self._lock:
            on_disk = [
                (path, entry.source) for path, entry in self._entries.items() if entry.source is not OPEN
            ]
        stale = []
        for path, source in on_disk:
            try:
                stat = path.stat()
            except OSError:
                stale.append(path)
                continue
            if source != ("disk", stat.st_mtime_ns, stat.st_size):
                stale.append(path)
        return stale

    # ----- what the editor tells (hooks)

    def python_read(self, request: AnalysisRequest, context: CodeContext | None) -> None:
        """In the diagnostics' Python worker: an open document was read (None: it is not
        DynamoDB code); it stands for its file until it is closed."""
        from ddb_architect.workspace import in_workspace, summarize_calls

        try:
            path = _path_of(request.uri)
            if path is None or not in_workspace(path, self.folders):
                return
            if context is None:
                entry = _not_dynamodb_code(OPEN)
            else:
                entry = _matched(OPEN, summarize_calls(context), context.specs)
            with self._lock:
                if request.uri not in self._server.workspace.text_documents:
                    return  # closed meanwhile: the file on disk counts again
                before = self._entries.get(path)
                self._entries[path] = entry
            if before is None or before.usage != entry.usage:
                self._notify_changes()
        except Exception:
            self._log_soon(f"indexing {request.path} failed")

    def document_closed(self, uri: str) -> None:
        """On the event loop: a closed Python document is read from disk again."""
        path = _path_of(uri)
        if path is None:
            return
        if uri.lower().endswith(SPEC_SUFFIXES):
            with self._lock:
                self._reported.pop(str(path), None)
        elif uri.lower().endswith(PYTHON_SUFFIXES):
            self._submit_refresh([path])

    def files_changed(self, uris: Sequence[str]) -> None:
        """On the event loop: files created, changed or deleted on disk. Python files of
        the workspace are read again; any other path may be a folder deleted or moved
        away, so the files known under it are looked at again too."""
        from ddb_architect.workspace import in_workspace

        folders = self.folders
        paths: list[Path] = []
        for uri in uris:
            path = _path_of(uri)
            if path is None:
                continue
            if uri.lower().endswith(PYTHON_SUFFIXES):
                if in_workspace(path, folders):
                    paths.append(path)
                continue
            with self._lock:
                paths.extend(known for known in self._entries if known.is_relative_to(path))
        self._submit_refresh(list(dict.fromkeys(paths)))

    # ----- DDB706

    def spec_findings(self, request: AnalysisRequest, document: SpecDocument) -> list[Finding]:
        """In the spec worker: DDB706 on the spec being checked, from the workspace's code
        (none before the first scan has finished, or when no code was checked against it)."""
        from ddb_architect.workspace import total_usage, workspace_findings

        path = _path_of(request.uri)
        if path is None:
            return []
        spec_path = str(path)
        enabled = request.selection.enabled("DDB706")
        if not self._ready:
            with self._lock:
                self._reported[spec_path] = None
            return []
        if not self._watching():
            self._refresh(self._stale_paths())
        self._match_again()
        with self._lock:
            usage = total_usage(entry.usage for entry in self._entries.values())
            if enabled:
                self._reported[spec_path] = usage.of_spec(spec_path)
            else:
                self._reported.pop(spec_path, None)
        # Matching again may have changed what other open specs depend on.
        self._notify_changes()
        return workspace_findings(document, request.text, usage, request.selection, spec_path)

    def _match_again(self) -> None:
        """Match the summarized calls of the files whose specs changed since with their
        specs now (the files are not read again)."""
        from ddb_architect.workspace import NO_USAGE, summary_usage

        with self._lock:
            entries = [(path, entry) for path, entry in self._entries.items() if entry.calls is not None]
        specs_by_folder = self._folder_specs()
        for path, entry in entries:
            assert entry.calls is not None
            if entry.specs == specs_by_folder.print(path):
                continue
            specs = specs_by_folder.specs(path)
            fingerprint = specs_print(specs)
            try:
                usage = summary_usage(entry.calls, specs, specs_by_folder.matches(specs))
            except Exception:
                self._log_soon(f"matching {path} with its specs failed; it is left out of DDB706")
                usage = NO_USAGE
            self.matched_again += 1
            with self._lock:
                if self._entries.get(path) is entry:
                    self._entries[path] = _Entry(entry.source, entry.calls, fingerprint, usage)

    def _notify_changes(self) -> None:
        """Check again the open specs whose DDB706 the index's changes may have changed."""
        from ddb_architect.workspace import total_usage

        if not self._ready or self._loop is None:
            return
        with self._lock:
            usage = total_usage(entry.usage for entry in self._entries.values())
            changed = {path for path, state in self._reported.items() if usage.of_spec(path) != state}
        if changed:
            self._call_soon(self._recheck_specs, changed)

    def _recheck_specs(self, spec_paths: set[str]) -> None:
        """On the event loop."""
        for uri in sorted(self._server.workspace.text_documents):
            if uri.lower().endswith(SPEC_SUFFIXES) and str(_path_of(uri)) in spec_paths:
                self._diagnostics.schedule(uri, delay_s=0.0)

    # ----- talking to the event loop from a worker

    def _call_soon(self, callback: Callable[..., object], *args: object) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(callback, *args)

    def _log_soon(self, text: str) -> None:
        """From a worker, while an exception is handled: its traceback goes to stderr now,
        the line to the editor's log from the event loop."""
        logger.warning(text, exc_info=True)
        self._call_soon(self._log.send, types.MessageType.Warning, text)
