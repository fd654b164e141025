"""The start-up cache of attrs' generated code: filled once, then read instead of
compiling; never trusted when it is not the user's own or not what it should be; never
failing a start; gone from attrs once the block ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attr
import attr._make
import pytest

from ddb_architect.startup_cache import (
    DIRECTORY_VARIABLE,
    DISABLE_VARIABLE,
    cache_directory,
    cache_file_name,
    compiled_code_cache,
)

IMPORT_LSPROTOCOL = """
import json, sys
from pathlib import Path
from ddb_architect.startup_cache import compiled_code_cache
with compiled_code_cache(Path(sys.argv[1])) as stats:
    import lsprotocol.types
print(json.dumps({"hits": stats.hits, "misses": stats.misses, "written": stats.written,
                  "problems": stats.problems}))
"""


def _import_lsprotocol(cache: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_LSPROTOCOL, str(cache)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _make_classes(count: int, prefix: str = "C") -> list[type]:
    """New attrs classes (each compiles its generated methods)."""
    return [attr.make_class(f"{prefix}{i}", {"a": attr.ib(), "b": attr.ib(default=i)}) for i in range(count)]


def test_the_first_start_fills_the_cache_and_later_starts_compile_nothing_of_lsprotocol(
    tmp_path: Path,
) -> None:
    first = _import_lsprotocol(tmp_path)
    assert first["hits"] == 0
    assert isinstance(first["misses"], int)
    assert first["misses"] > 400
    assert first["written"] is True
    second = _import_lsprotocol(tmp_path)
    assert isinstance(second["hits"], int)
    assert second["hits"] > 400
    # A frozen class's __hash__ source holds a per-process salt: a few misses are expected.
    assert isinstance(second["misses"], int)
    assert second["misses"] * 20 <= second["hits"]
    assert second["written"] is False
    assert second["problems"] == []


def test_cached_code_behaves_as_compiled_code(tmp_path: Path) -> None:
    with compiled_code_cache(tmp_path):
        (fresh,) = _make_classes(1, "Fresh")
    with compiled_code_cache(tmp_path) as stats:
        (cached,) = _make_classes(1, "Fresh")
    assert stats.hits > 0
    assert stats.misses == 0
    assert repr(cached(1)) == repr(fresh(1)) == "Fresh0(a=1, b=0)"
    assert cached(1, 2) == cached(1, 2)
    assert cached(1, 2) != cached(1, 3)


def test_the_patch_is_gone_after_the_block(tmp_path: Path) -> None:
    assert "compile" not in attr._make.__dict__
    with compiled_code_cache(tmp_path):
        assert "compile" in attr._make.__dict__
    assert "compile" not in attr._make.__dict__


def test_the_patch_is_gone_after_an_error_in_the_block(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="boom"), compiled_code_cache(tmp_path):
        raise RuntimeError("boom")
    assert "compile" not in attr._make.__dict__


def _cache_file(folder: Path) -> Path:
    return folder / cache_file_name(attr.__version__)


def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    _cache_file(tmp_path).write_bytes(b"\x00not marshal data at all")
    with compiled_code_cache(tmp_path) as stats:
        _make_classes(3, "Corrupt")
    assert stats.hits == 0
    assert stats.misses > 0
    assert stats.problems
    assert stats.written
    with compiled_code_cache(tmp_path) as again:
        _make_classes(3, "Corrupt")
    assert again.misses == 0
    assert again.problems == []


def test_a_cache_of_the_wrong_shape_is_ignored(tmp_path: Path) -> None:
    import marshal

    _cache_file(tmp_path).write_bytes(marshal.dumps({("a", "b", "exec"): "not code"}))
    with compiled_code_cache(tmp_path) as stats:
        _make_classes(1, "Shape")
    assert stats.hits == 0
    assert any("not a cache of compiled code" in problem for problem in stats.problems)


def test_a_cache_others_can_write_is_not_read(tmp_path: Path) -> None:
    with compiled_code_cache(tmp_path):
        _make_classes(2, "Shared")
    path = _cache_file(tmp_path)
    path.chmod(0o666)
    with compiled_code_cache(tmp_path) as stats:
        _make_classes(2, "Shared")
    assert stats.hits == 0
    assert any("writable by others" in problem for problem in stats.problems)


def test_the_cache_file_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    with compiled_code_cache(folder):
        _make_classes(1, "Private")
    assert _cache_file(folder).stat().st_mode & 0o077 == 0
    assert folder.stat().st_mode & 0o077 == 0


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    with compiled_code_cache(blocker / "cache") as stats:
        (made,) = _make_classes(1, "Unwritable")
    assert made(1).a == 1
    assert not stats.written
    assert any("cannot write" in problem for problem in stats.problems)


def test_none_turns_it_off(tmp_path: Path) -> None:
    with compiled_code_cache(None) as stats:
        assert "compile" not in attr._make.__dict__
        _make_classes(1, "Off")
    assert stats.path is None
    assert stats.hits == stats.misses == 0


def test_where_the_cache_lives(tmp_path: Path) -> None:
    assert cache_directory({DISABLE_VARIABLE: "1", DIRECTORY_VARIABLE: str(tmp_path)}) is None
    assert cache_directory({DIRECTORY_VARIABLE: str(tmp_path)}) == tmp_path
    assert cache_directory({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "ddb-architect"
    assert cache_directory({"XDG_CACHE_HOME": "relative"}) == Path.home() / ".cache" / "ddb-architect"
    assert (
        cache_directory({DISABLE_VARIABLE: "0", "XDG_CACHE_HOME": str(tmp_path)})
        == tmp_path / "ddb-architect"
    )


def test_the_file_name_changes_with_attrs_and_python() -> None:
    assert cache_file_name("26.1.0") != cache_file_name("26.2.0")
    assert sys.implementation.cache_tag in cache_file_name("26.1.0")
    assert "/" not in cache_file_name("1/../../x")


def test_the_server_starts_with_a_cache_it_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    env = {**os.environ, DIRECTORY_VARIABLE: str(blocker / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "ddb_architect", "serve", "--log-level", "DEBUG"],
        input=b"",
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert done.stdout == b""
    assert b"start-up cache" in done.stderr
    assert b"Traceback" not in done.stderr
