"""``python -m ddb_architect cost`` in a subprocess, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.cli_support import write
from tests.cli.cost_support import NOTES_SPEC, SOCIAL
from tests.cli.test_cli_subprocess import ddb_architect


def test_cost_in_a_subprocess(tmp_path: Path) -> None:
    write(tmp_path, "notes.ddb.yaml", NOTES_SPEC)
    text = ddb_architect("cost", "notes.ddb.yaml", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert text.stderr == ""
    assert "Total: $" in text.stdout
    assert "prices as of 2026-08-15" in text.stdout

    document = json.loads(ddb_architect("cost", "notes.ddb.yaml", "--format", "json", cwd=tmp_path).stdout)
    assert document["region"] == "us-east-1"
    assert document["tables"][0]["name"] == "Notes"

    unpriced = ddb_architect("cost", "notes.ddb.yaml", "--region", "ap-southeast-1", cwd=tmp_path)
    assert unpriced.returncode == 0
    assert "note: no price table for ap-southeast-1" in unpriced.stderr

    bad = ddb_architect("cost", "notes.ddb.yaml", "--region", "nowhere", cwd=tmp_path)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


@pytest.mark.skipif(not SOCIAL.is_file(), reason="../shared/examples is not present")
def test_cost_of_the_shared_example_in_a_subprocess(tmp_path: Path) -> None:
    run = ddb_architect("cost", str(SOCIAL), "--compare", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "SocialApp — on-demand, Standard" in run.stdout
    assert "us-east-1 (US East (N. Virginia))" in run.stdout
