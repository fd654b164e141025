"""``ddb-architect check``: exit codes, the text report, file discovery and encodings."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ddb_architect import cli as cli_module
from tests.cli.cli_support import BAD_COLUMN, BAD_LINE, BAD_SPEC, CLEAN_SPEC, CliRunner, write

# --------------------------------------------------------------------------- exit codes


def test_clean_spec_exits_0(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "clean.ddb.yaml", CLEAN_SPEC)
    run = cli("check", "clean.ddb.yaml")
    assert run.code == 0
    assert run.out.strip().endswith("No problems found in 1 file.")


def test_spec_with_an_error_exits_1(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "bad.ddb.yaml", BAD_SPEC)
    run = cli("check", "bad.ddb.yaml")
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].startswith(f"bad.ddb.yaml:{BAD_LINE}:{BAD_COLUMN}: DDB002 error ")
    assert "'GetItm'" in lines[0]
    assert lines[-1] == "Found 1 error in 1 file."


def test_fail_on_warning_counts_warnings(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "bad.ddb.yaml", BAD_SPEC)
    write(workdir, "pyproject.toml", '[tool.ddb-architect.severity]\nDDB002 = "warning"\n')
    assert cli("check", "bad.ddb.yaml").code == 0
    run = cli("check", "bad.ddb.yaml", "--fail-on", "warning")
    assert run.code == 1
    assert "DDB002 warning" in run.out
    assert run.out.splitlines()[-1] == "Found 1 warning in 1 file."


def test_fail_on_info(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "bad.ddb.yaml", BAD_SPEC)
    write(workdir, "pyproject.toml", '[tool.ddb-architect.severity]\nDDB002 = "info"\n')
    assert cli("check", "bad.ddb.yaml", "--fail-on", "warning").code == 0
    run = cli("check", "bad.ddb.yaml", "--fail-on", "info")
    assert run.code == 1
    assert run.out.splitlines()[-1] == "Found 1 info in 1 file."


def test_missing_path_exits_2(cli: CliRunner) -> None:
    run = cli("check", "nowhere.ddb.yaml")
    assert run.code == 2
    assert "nowhere.ddb.yaml: no such file or directory" in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize(
    "options",
    [
        ["--fail-on", "fatal"],
        ["--format", "xml"],
        ["--color", "sometimes"],
        ["--config", "pyproject.toml", "--no-config"],
        ["--no-such-option"],
    ],
)
def test_bad_option_exits_2(cli: CliRunner, workdir: Path, options: list[str]) -> None:
    write(workdir, "clean.ddb.yaml", CLEAN_SPEC)
    run = cli("check", "clean.ddb.yaml", *options)
    assert run.code == 2
    assert "usage:" in run.err


@pytest.mark.parametrize(
    "options", [["--select", "DDB999"], ["--select", "DDB002,XYZ"], ["--ignore", "DDB9"]]
)
def test_unknown_code_exits_2(cli: CliRunner, workdir: Path, options: list[str]) -> None:
    write(workdir, "clean.ddb.yaml", CLEAN_SPEC)
    run = cli("check", "clean.ddb.yaml", *options)
    assert run.code == 2
    assert "matches no rule" in run.err
    assert run.out == ""


def test_no_command_exits_2(cli: CliRunner) -> None:
    run = cli()
    assert run.code == 2
    assert "a command is needed" in run.err


def test_version(cli: CliRunner) -> None:
    from ddb_architect import __version__

    run = cli("--version")
    assert run.code == 0
    assert run.out.strip() == f"ddb-architect {__version__}"


def test_a_file_that_is_not_a_spec_is_an_error(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "design.json", "{}")
    run = cli("check", "design.json")
    assert run.code == 2
    assert "design.json: not a design spec" in run.err


def test_python_files_are_checked_with_the_specs(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "app.py", "import boto3\n")
    write(workdir, "clean.ddb.yaml", CLEAN_SPEC)
    run = cli("check", "app.py", "clean.ddb.yaml")
    assert run.code == 0
    assert run.err == ""
    assert "No problems found in 2 files." in run.out


def test_unreadable_file_exits_2(cli: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(workdir, "locked.ddb.yaml", CLEAN_SPEC)

    def refuse(*args: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cli_module, "check_source", refuse)
    run = cli("check", "locked.ddb.yaml")
    assert run.code == 2
    assert "locked.ddb.yaml: cannot read it: Permission denied" in run.err


# --------------------------------------------------------------------------- what is checked


def test_directories_are_searched(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "designs/a.ddb.yaml", BAD_SPEC)
    write(workdir, "designs/nested/deeper/b.ddb.yml", BAD_SPEC)
    write(workdir, "designs/c.ddb.yaml", CLEAN_SPEC)
    write(workdir, "designs/notes.yaml", BAD_SPEC)
    write(workdir, "designs/app.py", "x = 1\n")
    for skipped in (".hidden", "node_modules", ".venv", "venv"):
        write(workdir, f"designs/{skipped}/d.ddb.yaml", BAD_SPEC)
    run = cli("check", "designs", "--format", "json")
    assert run.code == 1
    report = run.json()
    assert report["summary"]["files"] == 4  # app.py is checked too (tests/cli/test_check_python.py)
    assert sorted({f["path"] for f in report["findings"]}) == [
        str(Path("designs/a.ddb.yaml")),
        str(Path("designs/nested/deeper/b.ddb.yml")),
    ]


def test_current_directory_by_default(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "one.ddb.yaml", CLEAN_SPEC)
    write(workdir, "sub/two.ddb.yaml", CLEAN_SPEC)
    run = cli("check")
    assert run.code == 0
    assert "No problems found in 2 files." in run.out


def test_a_file_given_twice_is_checked_once(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "bad.ddb.yaml", BAD_SPEC)
    run = cli("check", "bad.ddb.yaml", ".", "./bad.ddb.yaml", "--format", "json")
    assert run.json()["summary"]["files"] == 1
    assert len(run.json()["findings"]) == 1


def test_directory_without_specs_warns(cli: CliRunner, workdir: Path) -> None:
    (workdir / "empty").mkdir()
    run = cli("check", "empty")
    assert run.code == 0
    assert "no design specs" in run.err
    assert "No problems found in 0 files." in run.out


def test_invalid_utf8_is_a_ddb001_finding(cli: CliRunner, workdir: Path) -> None:
    (workdir / "latin1.ddb.yaml").write_bytes(b"version: 1\nname: caf\xc3\xa9 \xff\xfe\n")
    run = cli("check", "latin1.ddb.yaml", "--format", "json")
    assert run.code == 1
    (finding,) = run.json()["findings"]
    assert finding["code"] == "DDB001"
    assert finding["severity"] == "error"
    assert "UTF-8" in finding["message"]
    # "name: café " is 11 characters: the bad byte is the 12th.
    assert finding["start"] == {"line": 2, "column": 12}


def test_utf8_bom_is_accepted(cli: CliRunner, workdir: Path) -> None:
    (workdir / "bom.ddb.yaml").write_bytes(b"\xef\xbb\xbf" + BAD_SPEC.encode("utf-8"))
    run = cli("check", "bom.ddb.yaml", "--format", "json")
    (finding,) = run.json()["findings"]
    assert finding["start"] == {"line": BAD_LINE, "column": BAD_COLUMN}


def test_inline_suppression_is_honoured(cli: CliRunner, workdir: Path) -> None:
    suppressed = BAD_SPEC.replace("op: GetItm}", "op: GetItm}  # ddb: ignore[DDB002]")
    write(workdir, "quiet.ddb.yaml", suppressed)
    run = cli("check", "quiet.ddb.yaml")
    assert run.code == 0, run.out
    other_code = BAD_SPEC.replace("op: GetItm}", "op: GetItm}  # ddb: ignore[DDB003]")
    write(workdir, "loud.ddb.yaml", other_code)
    assert cli("check", "loud.ddb.yaml").code == 1


# --------------------------------------------------------------------------- selection and config


DUPLICATE_AND_BAD = BAD_SPEC + "name: one\nname: two\n"


def test_select_and_ignore(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "spec.ddb.yaml", DUPLICATE_AND_BAD)

    def codes(*options: str) -> list[str]:
        run = cli("check", "spec.ddb.yaml", "--format", "json", *options)
        return [f["code"] for f in run.json()["findings"]]

    assert codes() == ["DDB002", "DDB003"]
    assert codes("--select", "DDB003") == ["DDB003"]
    assert codes("--select", "ddb002") == ["DDB002"]
    assert codes("--ignore", "DDB002") == ["DDB003"]
    assert codes("--ignore", "DDB00") == []
    assert codes("--select", "ALL", "--ignore", "DDB003") == ["DDB002"]
    assert codes("--select", "DDB002,DDB003", "--ignore", "DDB002") == ["DDB003"]
    assert codes("--select", "DDB002", "--select", "DDB003") == ["DDB002", "DDB003"]


def test_pyproject_config(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "spec.ddb.yaml", DUPLICATE_AND_BAD)
    write(workdir, "pyproject.toml", '[tool.ddb-architect]\nignore = ["DDB002"]\n')

    def codes(*options: str) -> list[str]:
        run = cli("check", "spec.ddb.yaml", "--format", "json", *options)
        return [f["code"] for f in run.json()["findings"]]

    assert codes() == ["DDB003"]
    # --ignore adds to the configured list; --select replaces the configured one.
    assert codes("--ignore", "DDB003") == []
    write(workdir, "pyproject.toml", '[tool.ddb-architect]\nselect = ["DDB003"]\n')
    assert codes() == ["DDB003"]
    assert codes("--select", "DDB002") == ["DDB002"]
    assert codes("--no-config") == ["DDB002", "DDB003"]


def test_explicit_config_file(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "spec.ddb.yaml", DUPLICATE_AND_BAD)
    write(workdir, "ci/settings.toml", '[tool.ddb-architect]\nselect = ["DDB003"]\n')
    run = cli("check", "spec.ddb.yaml", "--config", "ci/settings.toml", "--format", "json")
    assert [f["code"] for f in run.json()["findings"]] == ["DDB003"]
    missing = cli("check", "spec.ddb.yaml", "--config", "ci/none.toml")
    assert missing.code == 2
    assert "cannot read it" in missing.err
    write(workdir, "ci/broken.toml", "[tool.ddb-architect\n")
    broken = cli("check", "spec.ddb.yaml", "--config", "ci/broken.toml")
    assert broken.code == 2
    assert "not valid TOML" in broken.err


def test_config_problems_are_warnings(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "clean.ddb.yaml", CLEAN_SPEC)
    write(
        workdir,
        "pyproject.toml",
        '[tool.ddb-architect]\nselct = ["DDB1"]\nignore = ["DDB999"]\n'
        '[tool.ddb-architect.severity]\nDDB002 = "fatal"\n',
    )
    run = cli("check", "clean.ddb.yaml")
    assert run.code == 0
    assert "unknown setting 'selct'" in run.err
    assert "'DDB999' matches no rule" in run.err
    assert "severity.DDB002" in run.err
    assert all(line.startswith("ddb-architect: warning:") for line in run.err.splitlines())


# --------------------------------------------------------------------------- the text report


def test_summary_counts_files_and_severities(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "a.ddb.yaml", DUPLICATE_AND_BAD)
    write(workdir, "b.ddb.yaml", BAD_SPEC)
    write(workdir, "pyproject.toml", '[tool.ddb-architect.severity]\nDDB003 = "warning"\n')
    run = cli("check", ".")
    assert run.out.splitlines()[-1] == "Found 2 errors, 1 warning in 2 files."


def test_statistics(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "a.ddb.yaml", DUPLICATE_AND_BAD)
    write(workdir, "b.ddb.yaml", BAD_SPEC)
    lines = cli("check", ".", "--statistics").out.splitlines()
    assert "2  DDB002  invalid-spec" in lines
    assert "1  DDB003  duplicate-key" in lines
    assert lines.index("2  DDB002  invalid-spec") < lines.index("1  DDB003  duplicate-key")


def test_findings_are_ordered_by_path_then_position(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "b.ddb.yaml", DUPLICATE_AND_BAD)
    write(workdir, "a.ddb.yaml", DUPLICATE_AND_BAD)
    lines = [line for line in cli("check", ".").out.splitlines() if ": DDB" in line]
    assert [line.split(":")[0] for line in lines] == ["a.ddb.yaml"] * 2 + ["b.ddb.yaml"] * 2
    assert [line.split()[1] for line in lines] == ["DDB002", "DDB003"] * 2


def test_color(cli: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(workdir, "bad.ddb.yaml", BAD_SPEC)
    coloured = cli("check", "bad.ddb.yaml", "--color", "always").out
    assert "\x1b[1;31mDDB002\x1b[0m" in coloured
    assert "\x1b[1mbad.ddb.yaml:6:53:\x1b[0m" in coloured
    assert "\x1b[" not in cli("check", "bad.ddb.yaml").out  # captured output is no terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("check", "bad.ddb.yaml", "--color", "auto").out
    assert "\x1b[" in cli("check", "bad.ddb.yaml", "--color", "always").out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_color_auto_follows_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert cli_module._use_color("auto", _Terminal(), to_file=False)
    assert not cli_module._use_color("auto", io.StringIO(), to_file=False)
    assert not cli_module._use_color("auto", _Terminal(), to_file=True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli_module._use_color("auto", _Terminal(), to_file=False)
    assert cli_module._use_color("always", io.StringIO(), to_file=True)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert cli_module._use_color("auto", io.StringIO(), to_file=False)


def test_output_file(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "bad.ddb.yaml", BAD_SPEC)
    run = cli("check", "bad.ddb.yaml", "--output", "report.txt", "--color", "auto")
    assert run.code == 1
    assert run.out == ""
    report = (workdir / "report.txt").read_text(encoding="utf-8")
    assert report.startswith("bad.ddb.yaml:6:53: DDB002 error")
    unwritable = cli("check", "bad.ddb.yaml", "--output", "no/such/dir/report.txt")
    assert unwritable.code == 2
    assert "cannot write the report" in unwritable.err
