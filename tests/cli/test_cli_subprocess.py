"""The real command, run as a user would: ``python -m ddb_architect`` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.cli_support import BAD_COLUMN, BAD_LINE, BAD_SPEC, CLEAN_SPEC, write


def ddb_architect(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "ddb_architect", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_check_in_a_subprocess(tmp_path: Path) -> None:
    write(tmp_path, "clean.ddb.yaml", CLEAN_SPEC)
    write(tmp_path, "bad.ddb.yaml", BAD_SPEC)

    clean = ddb_architect("check", "clean.ddb.yaml", cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout == "No problems found in 1 file.\n"

    bad = ddb_architect("check", ".", "--format", "json", cwd=tmp_path)
    assert bad.returncode == 1, bad.stderr
    (finding,) = json.loads(bad.stdout)["findings"]
    assert finding["start"] == {"line": BAD_LINE, "column": BAD_COLUMN}

    text = ddb_architect("check", "bad.ddb.yaml", cwd=tmp_path)
    assert "\x1b[" not in text.stdout  # a pipe is no terminal
    assert text.stdout.startswith(f"bad.ddb.yaml:{BAD_LINE}:{BAD_COLUMN}: DDB002 error")


def test_usage_errors_in_a_subprocess(tmp_path: Path) -> None:
    missing = ddb_architect("check", "missing.ddb.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
    assert missing.stdout == ""
    bad_option = ddb_architect("check", "--fail-on", "sometimes", cwd=tmp_path)
    assert bad_option.returncode == 2
    assert "usage:" in bad_option.stderr


def test_version_and_init_in_a_subprocess(tmp_path: Path) -> None:
    from ddb_architect import __version__

    version = ddb_architect("--version", cwd=tmp_path)
    assert version.returncode == 0
    assert version.stdout.strip() == f"ddb-architect {__version__}"
    init = ddb_architect("init", "-t", "time-series", "ts.ddb.yaml", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "ts.ddb.yaml").is_file()
