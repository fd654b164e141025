"""The ``ddb-architect`` command line: check, cost, rules, init, schema and serve.

Exit codes: 0 when nothing reaches ``--fail-on`` (for ``cost``: when the spec could be
read), 1 when a finding does, 2 on a usage or I/O error. Reports go to stdout (or
``--output``); notes, warnings and errors to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, cast

from ddb_architect import __version__
from ddb_architect.code.specs import discover_specs
from ddb_architect.config import SECTION, ProjectConfig, load_project_config, parse_config
from ddb_architect.cost.prices import price_data
from ddb_architect.findings import Severity
from ddb_architect.launch import ServeError, add_serve_arguments, serve
from ddb_architect.library import key_pattern, key_patterns, pattern_file_text
from ddb_architect.options import RuleSelection
from ddb_architect.output import FORMATS, render
from ddb_architect.output.cost_json import render_cost_json
from ddb_architect.output.cost_markdown import render_cost_markdown
from ddb_architect.output.cost_report import CostReport, build_cost_report
from ddb_architect.output.cost_text import render_cost_text
from ddb_architect.output.report import Report, catalog_codes, describe_rule
from ddb_architect.resources import rule_doc
from ddb_architect.rules.code_context import CodeContext
from ddb_architect.rules.registry import FAMILIES, Rule
from ddb_architect.sources import (
    DESIGN_SPEC,
    PYTHON,
    CheckedFile,
    FixedFile,
    NotPython,
    SourceKind,
    SpecLoader,
    check_python_file,
    check_source,
    decode_source,
    find_sources,
    fix_python_file,
    fix_spec_file,
    kind_of,
)
from ddb_architect.spec.loader import load_spec
from ddb_architect.spec.model import REGION
from ddb_architect.spec.schema import design_schema_text
from ddb_architect.starters import DEFAULT_STARTER, STARTERS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PROG = "ddb-architect"
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
COST_FORMATS = ("text", "json", "markdown")
STDIN = "-"


class UsageError(Exception):
    """A mistake of the user's: reported in one line, exit code 2."""


def _say(kind: str, message: str) -> None:
    print(f"{PROG}: {kind}: {message}", file=sys.stderr)


# --------------------------------------------------------------------------- the parser


def _region(text: str) -> str:
    if not REGION.match(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not an AWS Region code such as us-east-1 or eu-west-1")
    return text


def _months(text: str) -> int:
    try:
        months = int(text)
    except ValueError:
        months = 0
    if months < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of months, 1 or more, found {text!r}")
    return months


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A DynamoDB architect: checks *.ddb.yaml design specs for red flags, "
        "in the editor (serve) and in CI (check).",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check design specs and the Python code that calls DynamoDB",
        description="Check design specs (*.ddb.yaml, *.ddb.yml) and Python files (*.py) that call "
        "DynamoDB through boto3; directories are searched recursively. Python files are checked "
        "against the specs given with --spec, else the project's spec setting, else the specs in "
        "their folder and its parents up to the project root; without a spec only the boto3 rules "
        "(DDB6xx) run. Access patterns of those specs that no checked file performs are reported "
        "on the spec (DDB706), also when the spec itself was not named.",
        epilog="Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 on a "
        "usage or I/O error; with --fix, of the findings that remain; with --diff, 1 when there is "
        "something to fix. Python files that do not parse are skipped with a note.",
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    check.add_argument(
        "--spec",
        action="append",
        metavar="PATH",
        help="a design spec (file, directory or glob) Python files are checked against; repeat for "
        "more. Replaces the project's spec setting and the specs found beside the code",
    )
    check.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    check.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="comma-separated codes or prefixes to run, replacing the configured ones (ALL for every rule)",
    )
    check.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="comma-separated codes or prefixes to leave out, added to the configured ones",
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="the least severity that makes the exit status 1 (default: error)",
    )
    config = check.add_mutually_exclusive_group()
    config.add_argument("--config", metavar="PYPROJECT", help=f"read [tool.{SECTION}] from this file")
    config.add_argument("--no-config", action="store_true", help="ignore pyproject.toml")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report (default: auto, on a terminal unless NO_COLOR is set)",
    )
    check.add_argument("--statistics", action="store_true", help="add a count of findings per code")
    check.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes first, writing back each file they change (same encoding and line "
        "endings), then report what remains",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print the safe fixes as a unified diff instead of applying them (no report); the exit "
        "status is 1 when there is something to fix",
    )
    check.set_defaults(handler=run_check)

    cost = commands.add_parser(
        "cost",
        help="what a design costs a month",
        description="Price a design spec: per table, a line per reads, writes, index writes, "
        "storage, backups, streams and replication, and per access pattern; the total, the "
        "Region and the date of the prices. Offline: prices come from the bundled price table.",
        epilog="Exit status: 0 when the spec could be read (lines without a price are reported, "
        "not an error), 2 on a usage or I/O error or a spec that cannot be read at all.",
    )
    cost.add_argument("spec", metavar="SPEC", help=f"the design spec (*.ddb.yaml); {STDIN} reads stdin")
    cost.add_argument("--format", choices=COST_FORMATS, default="text", help="report format (default: text)")
    cost.add_argument(
        "--region",
        type=_region,
        metavar="REGION",
        help="price in this AWS Region instead of the spec's region (e.g. eu-west-1)",
    )
    cost.add_argument(
        "--months",
        type=_months,
        default=1,
        metavar="N",
        help="price month N from now: storage grown by each entity's growth (default: 1, the coming month)",
    )
    cost.add_argument(
        "--compare",
        action="store_true",
        help="add on-demand vs provisioned (and 1-year reserved) and Standard vs Standard-IA side by side",
    )
    cost.add_argument(
        "--formulas",
        "-v",
        action="store_true",
        help="show the formula behind every figure (text and markdown)",
    )
    cost.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    cost.set_defaults(handler=run_cost)

    rules = commands.add_parser(
        "rules", help="list the rules or show one", description="List the rules, or show one rule's page."
    )
    rules.add_argument("code", nargs="?", metavar="CODE", help="a rule code such as DDB101")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(handler=run_rules)

    init = commands.add_parser(
        "init",
        help="write a starter design spec, or a key pattern's example",
        description="Write a starter design spec, or the example of a key pattern from the "
        "key-template library (adjacency list, write sharding, ...). --list lists them.",
    )
    init.add_argument("file", nargs="?", metavar="FILE", help="the spec to write, e.g. design.ddb.yaml")
    init.add_argument(
        "--template",
        "-t",
        default=DEFAULT_STARTER,
        metavar="NAME",
        help=f"a starter ({', '.join(STARTERS)}; default: {DEFAULT_STARTER}) or a key pattern "
        f"such as adjacency-list ({PATTERN_PREFIX}NAME when a starter has the same name); "
        "'list' lists them",
    )
    init.add_argument("--list", action="store_true", help="list the starters and key patterns")
    init.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    init.set_defaults(handler=run_init)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the spec format",
        description="Print the JSON Schema of *.ddb.yaml files (for editors' YAML support).",
    )
    schema.add_argument("--output", "-o", metavar="FILE", help="write the schema to FILE")
    schema.set_defaults(handler=run_schema)

    serve = commands.add_parser(
        "serve",
        help="run the language server",
        description="Run the language server, over stdio unless --tcp is given.",
    )
    add_serve_arguments(serve)
    serve.set_defaults(handler=run_serve)
    return parser


# --------------------------------------------------------------------------- check


def _split_codes(values: Sequence[str] | None) -> list[str]:
    return [c.strip().upper() for value in values or () for c in value.split(",") if c.strip()]


def _unknown_codes(codes: Sequence[str]) -> list[str]:
    known = catalog_codes()
    return [c for c in codes if c.upper() != "ALL" and not any(k.startswith(c.upper()) for k in known)]


def _read_config_file(path: Path) -> ProjectConfig:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"--config {path}: cannot read it: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"--config {path}: not valid TOML: {error}") from None
    tool = document.get("tool")
    table = tool.get(SECTION) if isinstance(tool, dict) else None
    if table is None:
        config = ProjectConfig(path=path)
        config.problems.append(f"{path}: no [tool.{SECTION}] table; the defaults apply")
        return config
    if not isinstance(table, dict):
        raise UsageError(f"--config {path}: [tool.{SECTION}] must be a table")
    config = parse_config(table, path)
    config.problems = [f"{path} [tool.{SECTION}]: {p}" for p in config.problems]
    return config


def _project_config(args: argparse.Namespace) -> ProjectConfig:
    if args.no_config:
        return ProjectConfig()
    config = _read_config_file(Path(args.config)) if args.config else load_project_config(Path.cwd())
    where = f"{config.path} [tool.{SECTION}]" if config.path else "configuration"
    for name in ("select", "ignore"):
        for code in _unknown_codes(getattr(config, name)):
            config.problems.append(f"{where}: {name}: {code!r} matches no rule")
    for code in _unknown_codes(list(config.severity)):
        config.problems.append(f"{where}: severity: {code!r} matches no rule")
    return config


def _collect_sources(arguments: Sequence[str]) -> list[tuple[Path, SourceKind]]:
    """The files to check, in the order given; raises UsageError for a path that does not
    exist or is a file of no known kind."""
    chosen: list[tuple[Path, SourceKind]] = []
    seen: set[Path] = set()

    def add(path: Path, kind: SourceKind) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            chosen.append((path, kind))

    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = list(find_sources(path))
            if not found:
                _say("warning", f"{argument}: no design specs (*.ddb.yaml, *.ddb.yml) or Python files found")
            for file, found_kind in found:
                add(file, found_kind)
        elif path.exists():
            kind = kind_of(path)
            if kind is None:
                raise UsageError(
                    f"{argument}: not a design spec or a Python file: check reads *.ddb.yaml, "
                    "*.ddb.yml and *.py files (and searches directories for them)"
                )
            add(path, kind)
        else:
            raise UsageError(f"{argument}: no such file or directory")
    return chosen


def _expand_specs(found: Iterable[Path]) -> list[Path]:
    """Spec paths, a directory standing for the design specs under it."""
    paths: list[Path] = []
    for path in found:
        if path.is_dir():
            paths.extend(file.resolve() for file, _ in find_sources(path, [DESIGN_SPEC]))
        else:
            paths.append(path)
    return list(dict.fromkeys(paths))


SpecChooser = Callable[[Path], list[Path]]


def _spec_chooser(options: Sequence[str] | None, config: ProjectConfig) -> SpecChooser:
    """Which specs a Python file is checked against: ``--spec`` (relative to the current
    directory; one that matches nothing is a usage error), else the project's ``spec``
    list (relative to its pyproject.toml; one that matches nothing is a warning), else the
    specs beside the file and in its parents up to the project root."""
    if options:
        cwd = Path.cwd()
        chosen: list[Path] = []
        for entry in options:
            found = _expand_specs(discover_specs(cwd / "-", [entry], base=cwd))
            if not found:
                raise UsageError(f"--spec {entry}: no such file, and no design spec matches it")
            chosen.extend(found)
        fixed = list(dict.fromkeys(chosen))
        return lambda _file: fixed
    if config.spec:
        base = config.root or Path.cwd()
        where = f"{config.path} [tool.{SECTION}]" if config.path else "configuration"
        configured: list[Path] | None = None

        def from_config(_file: Path) -> list[Path]:
            nonlocal configured
            if configured is None:  # read on the first Python file, and warned about once
                configured = []
                for entry in config.spec:
                    found = _expand_specs(discover_specs(base / "-", [entry], base=base))
                    if not found:
                        _say("warning", f"{where}: spec: {entry!r} matches no file (relative to {base})")
                    configured.extend(found)
                configured = list(dict.fromkeys(configured))
            return configured

        return from_config
    by_folder: dict[Path, list[Path]] = {}

    def beside(file: Path) -> list[Path]:
        folder = file.resolve().parent
        if folder not in by_folder:
            by_folder[folder] = discover_specs(file)
        return by_folder[folder]

    return beside


def _use_color(choice: str, stream: TextIO, to_file: bool) -> bool:
    if choice != "auto":
        return choice == "always"
    if to_file or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _print(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _write(text: str, output: str | None, what: str) -> None:
    """Print ``text``, or write it to the file ``output``."""
    if output is None:
        _print(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write the {what} to {output}: {error.strerror or error}") from None


@dataclass
class _Fixing:
    """What ``check --fix`` (or ``--diff``) did: the files its fixes change."""

    files: list[FixedFile] = field(default_factory=list)
    failed: bool = False
    """A file could not be read (``--diff``) or written (``--fix``)."""

    def summary(self, verb: str) -> str:
        problems = sum(file.applied for file in self.files)
        if not problems:
            return "Nothing to fix"
        files = len(self.files)
        return f"{verb} {problems} problem{'s' if problems != 1 else ''} in {files} file{'s' if files != 1 else ''}"


def _fix_sources(
    sources: Sequence[tuple[Path, SourceKind]],
    specs_for: SpecChooser,
    selection: RuleSelection,
    table_names: Mapping[str, str],
    *,
    write: bool,
) -> _Fixing:
    """Apply the safe fixes to every file, specs first (Python files are fixed against the
    fixed specs); with ``write``, files that change are written back. Files that cannot be
    read are left to the check that follows (reported here without ``write``: no check follows)."""
    fixing = _Fixing()
    loader = SpecLoader(table_names, warn=None if write else (lambda message: _say("warning", message)))
    ordered = [s for s in sources if s[1] is DESIGN_SPEC] + [s for s in sources if s[1] is PYTHON]
    for path, kind in ordered:
        try:
            if kind is DESIGN_SPEC:
                file = fix_spec_file(path, str(path), selection)
            else:
                specs = loader.spec_set(specs_for(path), relative=not path.is_absolute())
                file = fix_python_file(path, str(path), specs, selection)
        except OSError as error:
            if not write:
                _say("error", f"{path}: cannot read it: {error.strerror or error}")
                fixing.failed = True
            continue
        if file is None:
            continue
        if kind is DESIGN_SPEC:
            loader.add_checked(path, CheckedFile(file.shown, file.fixed, (), file.document))
        if not file.changed:
            continue
        if write:
            try:
                file.write()
            except (OSError, UnicodeEncodeError) as error:
                reason = error.strerror if isinstance(error, OSError) else None
                _say("error", f"{path}: cannot write the fixes: {reason or error}")
                fixing.failed = True
                continue
        fixing.files.append(file)
    return fixing


def run_check(args: argparse.Namespace) -> int:
    select, ignore = _split_codes(args.select), _split_codes(args.ignore)
    for option, codes in (("--select", select), ("--ignore", ignore)):
        unknown = _unknown_codes(codes)
        if unknown:
            raise UsageError(
                f"{option}: {', '.join(repr(c) for c in unknown)} matches no rule; '{PROG} rules' lists them"
            )
    config = _project_config(args)
    for problem in config.problems:
        _say("warning", problem)
    selection = config.merged(select or None, ignore or None)

    sources = _collect_sources(args.paths or ["."])
    specs_for = _spec_chooser(args.spec, config)
    unreadable = False
    if args.fix or args.diff:
        fixing = _fix_sources(sources, specs_for, selection, config.table_names, write=not args.diff)
        if args.diff:
            _write("".join(file.diff() for file in fixing.files), args.output, "diff")
            print(fixing.summary("Would fix"), file=sys.stderr)
            if fixing.failed:
                return EXIT_ERROR
            return EXIT_FINDINGS if fixing.files else EXIT_OK
        print(fixing.summary("Fixed"), file=sys.stderr)
        unreadable = fixing.failed
    loader = SpecLoader(config.table_names, warn=lambda message: _say("warning", message))
    checked: list[CheckedFile] = []
    contexts: list[CodeContext] = []
    # Specs first, so that Python files reuse the specs the command line names.
    for path, kind in sources:
        if kind is not DESIGN_SPEC:
            continue
        try:
            file = check_source(path, str(path), kind, selection)
        except OSError as error:
            _say("error", f"{path}: cannot read it: {error.strerror or error}")
            unreadable = True
            continue
        checked.append(file)
        loader.add_checked(path, file)
    for path, kind in sources:
        if kind is not PYTHON:
            continue
        specs = loader.spec_set(specs_for(path), relative=not path.is_absolute())
        try:
            python = check_python_file(path, str(path), specs, selection)
        except OSError as error:
            _say("error", f"{path}: cannot read it: {error.strerror or error}")
            unreadable = True
            continue
        except NotPython as problem:
            _say("note", f"{path}: skipped: {problem}")
            continue
        checked.append(python.file)
        contexts.append(python.context)
    checked = loader.add_unimplemented(checked, contexts, selection)

    report = Report(checked)
    color = _use_color(args.color, sys.stdout, args.output is not None)
    text = render(report, args.format, color=color, statistics=args.statistics, root=Path.cwd())
    _write(text, args.output, "report")
    if unreadable:
        return EXIT_ERROR
    worst = report.worst()
    return EXIT_FINDINGS if worst is not None and worst >= Severity.parse(args.fail_on) else EXIT_OK


# --------------------------------------------------------------------------- cost


def _read_spec(argument: str) -> tuple[str, str, int]:
    """The spec's text, the name reports show, and 1 when its bytes are not valid UTF-8."""
    if argument == STDIN:
        data = sys.stdin.buffer.read()
        shown = "<stdin>"
    else:
        path = Path(argument)
        if path.is_dir():
            raise UsageError(
                f"{argument} is a directory; cost prices one spec file, e.g. {path / 'design.ddb.yaml'}"
            )
        if not path.exists():
            raise UsageError(f"{argument}: no such file")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UsageError(f"{argument}: cannot read it: {error.strerror or error}") from None
        shown = argument
    text, undecodable = decode_source(data)
    return text, shown, int(undecodable is not None)


def _render_cost(report: CostReport, format: str, formulas: bool) -> str:
    if format == "json":
        return render_cost_json(report)
    if format == "markdown":
        return render_cost_markdown(report, formulas=formulas)
    return render_cost_text(report, formulas=formulas)


def run_cost(args: argparse.Namespace) -> int:
    text, shown, undecodable = _read_spec(args.spec)
    document = load_spec(text, shown)
    errors = undecodable + sum(1 for f in document.findings if f.severity == Severity.ERROR)
    check_hint = f"'{PROG} check {shown}'" if args.spec != STDIN else f"'{PROG} check'"
    if document.design is None:
        # The first error; a file skipped for its size has only its information finding.
        first = next(
            (f.message for f in sorted(document.findings, key=lambda f: -f.severity)),
            "",
        )
        raise UsageError(
            f"{shown}: cannot be priced, it is not a readable design spec"
            + (f" ({first})" if first else "")
            + f"; run {check_hint}"
        )
    if errors:
        _say(
            "warning",
            f"{shown}: {errors} error{'s' if errors != 1 else ''} in the spec; what they affect is "
            f"left out of the cost. Run {check_hint} to see them",
        )
    report = build_cost_report(
        document.design,
        path=shown,
        region=args.region,
        month=args.months,
        compare=args.compare,
        spec_errors=errors,
    )
    if not report.region_known:
        _say(
            "note",
            f"no price table for {report.bill.region} (prices are known for "
            f"{', '.join(price_data().regions)}): "
            + (
                "only the prices the spec gives under pricing: are used"
                if report.bill.priced
                else "the report shows quantities without dollars"
            ),
        )
    elif report.unpriced_lines:
        count = len(report.unpriced_lines)
        _say(
            "note",
            f"{count} line{'s' if count != 1 else ''} of the bill not priced: {report.unpriced_text()}",
        )
    _write(_render_cost(report, args.format, args.formulas), args.output, "report")
    return EXIT_OK


# --------------------------------------------------------------------------- rules


def _rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity_label,
        "family": rule.family,
        "summary": rule.summary,
    }


def _rule_table(rules: Sequence[Rule]) -> Iterator[str]:
    name_width = max((len(r.name) for r in rules), default=0)
    severity_width = max((len(r.severity_label) for r in rules), default=0)
    family = None
    for rule in rules:
        if rule.family != family:
            if family is not None:
                yield ""
            family = rule.family
            digit = rule.code[3:4]
            yield f"{digit}xx {family}" if digit in FAMILIES else family
        yield (
            f"  {rule.code}  {rule.name:<{name_width}}  {rule.severity_label:<{severity_width}}  "
            f"{rule.summary}"
        )


def run_rules(args: argparse.Namespace) -> int:
    if args.code is None:
        rules = [rule for rule in map(describe_rule, catalog_codes()) if rule is not None]
        if args.format == "json":
            _print(json.dumps([_rule_json(r) for r in rules], indent=2, ensure_ascii=False) + "\n")
        else:
            _print("\n".join(_rule_table(rules)) + "\n")
        return EXIT_OK
    rule = describe_rule(args.code.strip())
    if rule is None:
        raise UsageError(f"unknown rule {args.code!r}; '{PROG} rules' lists them")
    page = rule_doc(rule.code)
    if args.format == "json":
        _print(json.dumps({**_rule_json(rule), "doc": page}, indent=2, ensure_ascii=False) + "\n")
    elif page is not None:
        _print(page if page.endswith("\n") else page + "\n")
    else:
        _print(f"{rule.code} {rule.name} ({rule.severity_label})\n\n{rule.summary}\n")
    return EXIT_OK


# --------------------------------------------------------------------------- init


PATTERN_PREFIX = "pattern:"
STARTER_PREFIX = "starter:"


def _pattern_choice(name: str) -> str:
    """What to give ``--template`` for a key pattern: its name, or ``pattern:NAME`` when a
    starter has that name (starters win a bare name)."""
    return f"{PATTERN_PREFIX}{name}" if name in STARTERS else name


def _template_list() -> str:
    patterns = [(_pattern_choice(p.name), p.summary) for p in key_patterns()]
    width = max(len(name) for name in (*STARTERS, *(name for name, _ in patterns)))
    starters = [
        f"  {name:<{width}}  {starter.description}" + (" (default)" if name == DEFAULT_STARTER else "")
        for name, starter in STARTERS.items()
    ]
    return (
        "Starters (a whole design to edit):\n"
        + "\n".join(starters)
        + "\n\nKey patterns (a small design showing one pattern, with how it works and when to use it):\n"
        + "\n".join(f"  {name:<{width}}  {summary}" for name, summary in patterns)
        + f"\n\nWrite one with: {PROG} init --template NAME FILE\n"
    )


def _init_template(name: str) -> tuple[str, str]:
    """The text ``init --template NAME`` writes, and what to call it: a starter by its
    name or ``starter:NAME``, a key pattern by its name or ``pattern:NAME``."""
    starter_name = name.removeprefix(STARTER_PREFIX)
    if not name.startswith(PATTERN_PREFIX) and starter_name in STARTERS:
        return STARTERS[starter_name].text(), f"the {starter_name} template"
    pattern = None if name.startswith(STARTER_PREFIX) else key_pattern(name.removeprefix(PATTERN_PREFIX))
    if pattern is not None:
        return pattern_file_text(pattern, PROG), f"the {pattern.name} key pattern"
    patterns = [_pattern_choice(p.name) for p in key_patterns()]
    close = difflib.get_close_matches(name, [*STARTERS, *patterns], n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise UsageError(
        f"unknown template {name!r}{hint}; choose a starter ({', '.join(STARTERS)}) or a key pattern "
        f"({', '.join(patterns)}); '{PROG} init --list' describes them"
    )


def run_init(args: argparse.Namespace) -> int:
    if args.list or args.template == "list":
        _print(_template_list())
        return EXIT_OK
    text, source = _init_template(args.template)
    if args.file is None:
        raise UsageError("init needs the FILE to write, for example: ddb-architect init design.ddb.yaml")
    target = Path(args.file)
    if target.is_dir():
        raise UsageError(
            f"{target} is a directory; give the spec's file name, e.g. {target / 'design.ddb.yaml'}"
        )
    if target.exists() and not args.force:
        raise UsageError(f"{target} already exists; use --force to overwrite it")
    if not target.parent.is_dir():
        raise UsageError(f"{target.parent}: no such directory")
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from None
    if not DESIGN_SPEC.matches(target):
        _say("note", f"{target} does not end in .ddb.yaml: editors and 'check DIR' will not pick it up")
    print(f"Wrote {target} from {source}. Check it with: {PROG} check {target}")
    return EXIT_OK


# --------------------------------------------------------------------------- schema and serve


def run_schema(args: argparse.Namespace) -> int:
    _write(design_schema_text(), args.output, "schema")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    try:
        return serve(args)
    except ServeError as error:
        raise UsageError(str(error)) from None


# --------------------------------------------------------------------------- main


def _tolerate_unencodable_output() -> None:
    """Print what a console's encoding cannot show as escapes rather than fail."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if isinstance(stream, io.TextIOWrapper) and encoding != "utf8":
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits on --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    if args.command is None:
        parser.print_usage(sys.stderr)
        _say("error", f"a command is needed: check, cost, rules, init, schema or serve ('{PROG} --help')")
        return EXIT_ERROR
    _tolerate_unencodable_output()
    handler = cast(Callable[[argparse.Namespace], int], args.handler)
    try:
        return handler(args)
    except UsageError as error:
        _say("error", str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, without a second error at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FINDINGS
