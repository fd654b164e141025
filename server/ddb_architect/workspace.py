"""The workspace's Python code as DDB706 sees it: which Python files a workspace holds,
and, per file, the specs it was checked against and the access patterns of theirs it
performs, summed over files into the DDB706 findings of one spec.

The command line checks every file it is given at once (``unimplemented_patterns``); an
editor keeps a summary per file instead and adds them up whenever a spec is checked, so
one edited file is read again, not the workspace. Both judge a spec the same way: only
when some file was checked against it, and a pattern as performed when some call in some
file matches it (specs told apart by path, patterns by table and name).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ddb_architect.code.matching import (
    call_key_values,
    named_tables,
    patterns_of,
    table_mentions,
    written_atoms,
    written_meets,
)
from ddb_architect.code.objects import TableRef
from ddb_architect.code.specs import SpecSet
from ddb_architect.findings import Finding
from ddb_architect.options import RuleSelection
from ddb_architect.rules.code_context import CodeContext
from ddb_architect.rules.drift import performed_patterns, unperformed_patterns
from ddb_architect.sources import PYTHON, SKIPPED_DIRECTORIES, NotPython, decode_python, find_sources
from ddb_architect.spec.loader import SpecDocument
from ddb_architect.spec.templates import Atom
from ddb_architect.suppressions import parse_suppressions

UNIMPLEMENTED_PATTERN = "DDB706"
MAX_PYTHON_FILES = 5_000
"""How many Python files a workspace index reads at most."""

PatternKey = tuple[str, str, str]
"""An access pattern as DDB706 counts it: the spec's path, the table's and the pattern's name."""

# What any code that reaches DynamoDB through boto3 writes somewhere: the import of boto3
# or of its stubs (mypy_boto3_dynamodb), or a DynamoDB type name.
_MENTIONS_DYNAMODB = re.compile(r"boto3|dynamodb", re.IGNORECASE)


def mentions_dynamodb(text: str) -> bool:
    """True when a Python text names boto3 or DynamoDB somewhere; other code is not read."""
    return _MENTIONS_DYNAMODB.search(text) is not None


def _skipped(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_DIRECTORIES


def find_python_files(folders: Iterable[Path], limit: int = MAX_PYTHON_FILES) -> tuple[list[Path], bool]:
    """The Python files under ``folders`` (resolved, each once, nested folders too), as
    the command line searches a directory: hidden folders, virtual environments,
    ``site-packages``, ``node_modules``, ``__pycache__``, ``build`` and ``dist`` left out.
    At most ``limit`` of them; the flag is True when more were left out."""
    found: dict[Path, None] = {}
    for folder in dict.fromkeys(f.resolve() for f in folders):
        if not folder.is_dir():
            continue
        for path, _kind in find_sources(folder, [PYTHON]):
            if len(found) >= limit:
                return list(found), True
            found.setdefault(path.resolve(), None)
    return list(found), False


def in_workspace(path: Path, folders: Iterable[Path]) -> bool:
    """True when ``path`` is a Python file a scan of ``folders`` would find: under one of
    them, in no left-out folder."""
    if not PYTHON.searched_for(path):
        return False
    for folder in folders:
        try:
            inside = path.relative_to(folder)
        except ValueError:
            continue
        if not any(_skipped(part) for part in inside.parts[:-1]):
            return True
    return False


@dataclass(frozen=True)
class CodeUsage:
    """What one Python file (or many, added up) tells DDB706."""

    judged: frozenset[str] = frozenset()
    """Paths of the specs it was checked against."""
    performed: frozenset[PatternKey] = frozenset()
    """The access patterns of those specs some call performs."""

    def __or__(self, other: CodeUsage) -> CodeUsage:
        return CodeUsage(self.judged | other.judged, self.performed | other.performed)

    def of_spec(self, spec_path: str) -> frozenset[PatternKey] | None:
        """What DDB706 on the spec at ``spec_path`` depends on: None when no code was
        checked against it (it is not judged), else its patterns that code performs."""
        if spec_path not in self.judged:
            return None
        return frozenset(key for key in self.performed if key[0] == spec_path)


NO_USAGE = CodeUsage()


def code_usage(context: CodeContext) -> CodeUsage:
    """The specs a read Python file was checked against and the patterns its calls
    perform, counted as ``unimplemented_patterns`` counts them."""
    judged = frozenset(document.path for document in context.specs.documents)
    return CodeUsage(judged, frozenset(performed_patterns(context)))


@dataclass(frozen=True)
class CallSummary:
    """One DynamoDB call as matching it with access patterns sees it
    (``code.matching.matching_patterns``), without the syntax tree: what an index keeps
    of a file so that its calls can be matched again with edited specs without reading
    the file again. Nothing in it depends on the specs."""

    operation: str
    table: TableRef | None
    """The table the call names (its name or environment variable; no position)."""
    mentions: tuple[str, ...]
    """The tables a batch, a transaction or a PartiQL statement names."""
    index: str | None
    """The index the call names, when it is known statically."""
    any_index: bool
    """True when ``IndexName`` is passed but not known statically: any index."""
    written: tuple[tuple[str, str, tuple[Atom, ...]], ...]
    """The key values it writes that something literal is known of: (attribute, ``=``
    or ``begins_with``, the value's text shape), the first of each attribute."""


def summarize_calls(context: CodeContext) -> tuple[CallSummary, ...]:
    """The calls of a read Python file, as ``CallSummary`` records."""
    summaries = []
    for call in context.calls:
        index = context.index_name(call)
        written = written_atoms(call_key_values(call, context.expressions(call)))
        table = TableRef(call.table.name, call.table.env) if call.table is not None else None
        summaries.append(
            CallSummary(
                call.operation,
                table,
                tuple(mention.name for mention in table_mentions(call)),
                index,
                index is None and call.argument("IndexName") is not None,
                tuple((attribute, op, tuple(atoms)) for attribute, (op, atoms) in written.items()),
            )
        )
    return tuple(summaries)


def read_summary(path: Path) -> tuple[Hashable, tuple[CallSummary, ...] | None] | None:
    """The Python file at ``path`` read from disk: its source (``("disk", mtime_ns,
    size)``) and its DynamoDB calls, summarized (None when it is not DynamoDB code or not
    valid Python); None when it is gone. Raises when reading the code fails."""
    from ddb_architect.engine import read_python

    try:
        stat = path.stat()
        data = path.read_bytes()
    except OSError:
        return None
    source: Hashable = ("disk", stat.st_mtime_ns, stat.st_size)
    try:
        text = decode_python(data)
    except NotPython:
        return source, None
    if not mentions_dynamodb(text):
        return source, None
    # The calls do not depend on the specs: they are matched with them afterwards.
    context = read_python(text, str(path), SpecSet())
    if context is None:
        return source, None
    return source, summarize_calls(context)


def _call_patterns(call: CallSummary, specs: SpecSet) -> frozenset[PatternKey]:
    """The access patterns one summarized call performs (``matching_patterns`` of the
    call it summarizes)."""
    tables = named_tables(specs, call.table, call.mentions)
    written = {attribute: (op, list(atoms)) for attribute, op, atoms in call.written}
    return frozenset(
        (match.table.document.path, match.table.table.name, match.pattern.name)
        for match in patterns_of(tables, call.operation, call.index, call.any_index)
        if written_meets(match.pattern, match.table.table, written)
    )


CallMatches = dict[CallSummary, frozenset[PatternKey]]
"""The patterns calls perform, by call, for one set of specs: many files make the same
calls (the same table, operation, index and key shapes), matched once."""


def summary_patterns(
    calls: Iterable[CallSummary], specs: SpecSet, matches: CallMatches | None = None
) -> set[PatternKey]:
    """The access patterns summarized calls perform: ``rules.drift.performed_patterns``
    of the file they were read from, checked against ``specs``. ``matches`` (for these
    specs only) keeps each call's, for the next files."""
    performed: set[PatternKey] = set()
    for call in calls:
        found = matches.get(call) if matches is not None else None
        if found is None:
            found = _call_patterns(call, specs)
            if matches is not None:
                matches[call] = found
        performed |= found
    return performed


def summary_usage(
    calls: Iterable[CallSummary], specs: SpecSet, matches: CallMatches | None = None
) -> CodeUsage:
    """``code_usage`` of the file the calls were summarized from, checked against ``specs``
    (``matches``: as for ``summary_patterns``)."""
    judged = frozenset(document.path for document in specs.documents)
    return CodeUsage(judged, frozenset(summary_patterns(calls, specs, matches)))


def total_usage(usages: Iterable[CodeUsage]) -> CodeUsage:
    """The usages of many files added up."""
    judged: set[str] = set()
    performed: set[PatternKey] = set()
    for usage in usages:
        judged |= usage.judged
        performed |= usage.performed
    return CodeUsage(frozenset(judged), frozenset(performed))


def unimplemented_in(document: SpecDocument, usage: CodeUsage, spec_path: str | None = None) -> list[Finding]:
    """DDB706 on one spec, worded and placed as ``unimplemented_patterns`` words and
    places it: its access patterns no code performs, when some code was checked against
    it. ``spec_path`` is the path the code knows the spec by (default: the document's)."""
    key = spec_path if spec_path is not None else document.path
    performed = usage.of_spec(key)
    if performed is None:
        return []
    return unperformed_patterns(document, {(table, name) for _path, table, name in performed})


def workspace_findings(
    document: SpecDocument,
    text: str,
    usage: CodeUsage,
    selection: RuleSelection,
    spec_path: str | None = None,
) -> list[Finding]:
    """DDB706 on a spec as a check reports it: the rule selection and severities, and the
    spec's inline suppressions, applied."""
    if not selection.enabled(UNIMPLEMENTED_PATTERN):
        return []
    found = unimplemented_in(document, usage, spec_path)
    if not found:
        return []
    return selection.apply(parse_suppressions(text).filter(found))


def sorted_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Findings in the order checks report them: by position, then code."""
    return sorted(findings, key=lambda f: (f.span.start, f.code))
