"""A disk cache of the code attrs generates while the language server starts.

Most of the time between starting the server and answering ``initialize`` is the import of
``lsprotocol.types``: about six hundred attrs classes, for each of which attrs writes the
source of ``__init__``, ``__repr__``, ``__eq__``... and compiles it. The compiling is about
a third of the server's start-up, and gives the same code every time for the same attrs,
lsprotocol and Python. This module keeps those code objects in one file in the user's
cache directory (``$XDG_CACHE_HOME/ddb-architect``, or ``~/.cache/ddb-architect``) and
gives them back to attrs by source text, the way ``__pycache__`` keeps compiled modules.
The first start after an install fills it; later starts skip the compiling.

The cache is keyed by the exact source text attrs generates and the file name it gives
it, in a file named after the versions of attrs and of the interpreter's bytecode, so a
different attrs or Python never reads another's code. A cache file that is not the
user's own, is writable by others, is too large or does not read back as exactly what
this module writes is ignored (and replaced). Nothing here ever fails the start: any
error means compiling as usual. ``DDB_ARCHITECT_NO_CACHE=1`` turns it off, and
``DDB_ARCHITECT_CACHE_DIR`` puts it elsewhere.

Only the language server uses it, and only around its own import of pygls.
"""

from __future__ import annotations

import importlib.util
import logging
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, ModuleType

logger = logging.getLogger(__name__)

DISABLE_VARIABLE = "DDB_ARCHITECT_NO_CACHE"
DIRECTORY_VARIABLE = "DDB_ARCHITECT_CACHE_DIR"
MAX_CACHE_BYTES = 16 * 1024 * 1024
"""A cache file larger than this is not read (lsprotocol's code takes about 1 MB)."""

REWRITE_SHARE = 20
"""The file is written again when more than one compile in this many missed it."""

Key = tuple[str, str, str]
"""(source, file name, mode), the arguments attrs compiles with."""


@dataclass
class CacheStats:
    """What one use of the cache did (tests and ``--log-level DEBUG`` read it)."""

    path: Path | None = None
    hits: int = 0
    misses: int = 0
    loaded: int = 0
    written: bool = False
    problems: list[str] = field(default_factory=list)


def cache_directory(environ: dict[str, str] | os._Environ[str] | None = None) -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    env = os.environ if environ is None else environ
    if env.get(DISABLE_VARIABLE, "").strip() not in ("", "0"):
        return None
    explicit = env.get(DIRECTORY_VARIABLE, "").strip()
    if explicit:
        return Path(explicit)
    base = env.get("XDG_CACHE_HOME", "").strip()
    if base and Path(base).is_absolute():
        return Path(base) / "ddb-architect"
    try:
        return Path.home() / ".cache" / "ddb-architect"
    except RuntimeError:  # no home directory
        return None


def cache_file_name(attrs_version: str) -> str:
    """One file per attrs version and bytecode version."""
    magic = importlib.util.MAGIC_NUMBER.hex()
    tag = sys.implementation.cache_tag or "python"
    safe_version = "".join(c if c.isalnum() or c in ".-_" else "_" for c in attrs_version)
    return f"attrs-code-{safe_version}-{tag}-{magic}.marshal"


def _is_trusted(path: Path, info: os.stat_result) -> str | None:
    """Why the file must not be read, or None when it may."""
    if not stat.S_ISREG(info.st_mode):
        return f"{path} is not a regular file"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return f"{path} belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{path} is writable by others"
    if info.st_size > MAX_CACHE_BYTES:
        return f"{path} is larger than {MAX_CACHE_BYTES} bytes"
    return None


def _valid_entries(data: object) -> dict[Key, CodeType] | None:
    if not isinstance(data, dict):
        return None
    for key, value in data.items():
        if not (
            isinstance(key, tuple)
            and len(key) == 3
            and all(isinstance(part, str) for part in key)
            and isinstance(value, CodeType)
        ):
            return None
    return data


def load_entries(path: Path, stats: CacheStats) -> dict[Key, CodeType]:
    """The cache file's entries; empty when it is missing or not to be trusted."""
    try:
        with path.open("rb") as handle:
            problem = _is_trusted(path, os.fstat(handle.fileno()))
            if problem is not None:
                stats.problems.append(problem)
                return {}
            data = marshal.loads(handle.read(MAX_CACHE_BYTES + 1))
    except FileNotFoundError:
        return {}
    except (OSError, EOFError, ValueError, TypeError) as error:
        stats.problems.append(f"{path}: {error}")
        return {}
    entries = _valid_entries(data)
    if entries is None:
        stats.problems.append(f"{path}: not a cache of compiled code")
        return {}
    stats.loaded = len(entries)
    return entries


def save_entries(path: Path, entries: dict[Key, CodeType], stats: CacheStats) -> None:
    """Write the cache atomically (a reader sees the old file or the new one), readable
    and writable by the user only."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".attrs-code-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as output:
                marshal.dump(entries, output)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, ValueError) as error:
        stats.problems.append(f"cannot write {path}: {error}")
        return
    stats.written = True


def _attrs_make_module() -> tuple[ModuleType, str] | None:
    try:
        import attr
        import attr._make as make
    except ImportError:
        return None
    return make, str(getattr(attr, "__version__", "unknown"))


_MISSING = object()


@contextmanager
def compiled_code_cache(directory: Path | object | None = _MISSING) -> Iterator[CacheStats]:
    """Within the block, attrs' generated code is compiled once per source text across
    runs. ``directory`` overrides :func:`cache_directory` (None: no cache)."""
    stats = CacheStats()
    where = cache_directory() if directory is _MISSING else directory
    found = _attrs_make_module() if isinstance(where, Path) else None
    if found is None or not isinstance(where, Path):
        yield stats
        return
    make, version = found
    stats.path = where / cache_file_name(version)
    entries = load_entries(stats.path, stats)
    used: dict[Key, CodeType] = {}

    def cached_compile(source: str, filename: str, mode: str, *args: object, **kwargs: object) -> CodeType:
        key = (source, filename, mode)
        code = entries.get(key) if not args and not kwargs and isinstance(source, str) else None
        if code is None:
            stats.misses += 1
            code = compile(source, filename, mode, *args, **kwargs)  # type: ignore[call-overload]
        else:
            stats.hits += 1
        if isinstance(source, str) and isinstance(filename, str):
            used[key] = code
        return code

    # attrs calls ``compile`` by its global name: a module global shadows the builtin.
    namespace = vars(make)
    previous: Callable[..., CodeType] | object = namespace.get("compile", _MISSING)
    namespace["compile"] = cached_compile
    try:
        yield stats
    finally:
        if previous is _MISSING:
            namespace.pop("compile", None)
        else:
            namespace["compile"] = previous
    # Rewritten, with exactly what this import used, when much of it was compiled afresh
    # (a new lsprotocol or cattrs). A few misses are expected on every start and do not
    # count: a frozen class's ``__hash__`` source holds a salt from ``hash()`` of a string,
    # which differs between processes.
    if stats.misses * REWRITE_SHARE > stats.hits + stats.misses:
        save_entries(stats.path, used, stats)
    for problem in stats.problems:
        logger.debug("start-up cache: %s", problem)
