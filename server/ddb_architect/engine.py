"""The engine's entry points: check a spec's text, or a Python file's, and get its
findings."""

from __future__ import annotations

import ast
import logging
from dataclasses import dataclass

from ddb_architect.code.calls import read_calls
from ddb_architect.code.reparse import ReparseStats, reparse_text
from ddb_architect.code.source import SourceText
from ddb_architect.code.specs import SpecSet
from ddb_architect.cost.table_memo import book_key
from ddb_architect.findings import Finding
from ddb_architect.limits import MAX_FILE_BYTES, oversized, skipped_finding
from ddb_architect.options import RuleSelection
from ddb_architect.rules.code_context import CodeContext
from ddb_architect.rules.context import DesignContext, TableContext
from ddb_architect.rules.registry import all_rules
from ddb_architect.spec.loader import SpecDocument, load_spec
from ddb_architect.spec.model import Design
from ddb_architect.suppressions import parse_suppressions

logger = logging.getLogger("ddb_architect")


@dataclass
class SpecReport:
    document: SpecDocument
    findings: list[Finding]


def run_design_rules(design: Design, selection: RuleSelection | None = None) -> list[Finding]:
    """Run every enabled rule on every table. A rule that fails on one table is logged and
    skipped for that table; the other rules and tables are still checked."""
    selection = selection or RuleSelection()
    rules = [r for r in all_rules() if selection.enabled(r.code)]
    findings: list[Finding] = []
    design_context = DesignContext.of(design)
    for rule in rules:
        for design_check in rule.design_checks:
            try:
                for hit in design_check(design_context):
                    findings.append(
                        Finding(rule.code, hit.severity or rule.severity, hit.span, hit.message, hit.data)
                    )
            except Exception:
                logger.exception("rule %s failed on the design; skipped", rule.code)
    rules = [r for r in rules if r.check is not None and r.scope == "spec"]
    # A table's findings depend on it and the prices alone -- except with the free tier,
    # whose credits are the whole design's -- so they are kept with its model (which the
    # language server keeps while the table's text is unchanged).
    memo_key = None
    if not design_context.book.free_tier:
        memo_key = ("findings", book_key(design_context.book), tuple(rule.code for rule in rules))
    for table in design.tables.values():
        if memo_key is not None and memo_key in table.memo:
            findings.extend(table.memo[memo_key])
            continue
        first = len(findings)
        context = TableContext.of(design, table, design_context.book)
        for rule in rules:
            assert rule.check is not None
            try:
                for hit in rule.check(context):
                    findings.append(
                        Finding(rule.code, hit.severity or rule.severity, hit.span, hit.message, hit.data)
                    )
            except Exception:
                logger.exception("rule %s failed on table %s; skipped", rule.code, table.name)
        if memo_key is not None:
            table.memo[memo_key] = findings[first:]
    return findings


def check_spec(
    text: str,
    path: str = "<spec>",
    selection: RuleSelection | None = None,
    *,
    document: SpecDocument | None = None,
) -> SpecReport:
    """Load and check a spec: loader findings, rule findings, inline suppressions and the
    rule selection applied, sorted by position. ``document``: the spec already loaded from
    ``text`` (the language server parses an open document once per text)."""
    selection = selection or RuleSelection()
    if document is None or document.text != text:
        document = load_spec(text, path)
    findings = list(document.findings)
    if document.design is not None:
        findings.extend(run_design_rules(document.design, selection))
    findings = parse_suppressions(text).filter(findings)
    findings = selection.apply(findings)
    findings.sort(key=lambda f: (f.span.start, f.code))
    return SpecReport(document, findings)


@dataclass
class PythonReport:
    findings: list[Finding]
    context: CodeContext | None
    """None when the file is not valid Python (other tools report syntax errors)."""


READ_STATS = ReparseStats()
"""How ``read_python`` parsed the texts it read: whole, or one statement again."""


def read_python(
    text: str, path: str, specs: SpecSet, *, previous: CodeContext | None = None
) -> CodeContext | None:
    """Read a Python file's DynamoDB calls with ``ast`` (the code is never imported or
    run); None when it does not parse. A file over the size limit is not parsed: it reads
    as a module without calls (``check_python`` says it was skipped). ``previous``: the
    reading of an earlier version of the same file; when the edit stays inside one
    top-level statement, only that statement is parsed again (the same tree)."""
    if oversized(text) is not None:
        return CodeContext(read_calls(ast.Module(body=[], type_ignores=[]), SourceText("")), specs, path)
    tree = None
    if previous is not None and previous.source.text:
        tree = reparse_text(previous.source.text, previous.reading.tree, text)
    if tree is None:
        READ_STATS.whole += 1
        try:
            tree = ast.parse(text, filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        return CodeContext(read_calls(tree, SourceText(text)), specs, path)
    READ_STATS.statements += 1
    assert previous is not None
    return CodeContext(read_calls(tree, SourceText(text), previous.reading.resolver), specs, path)


def run_code_rules(context: CodeContext, selection: RuleSelection | None = None) -> list[Finding]:
    """Run every enabled code rule on a Python file; a rule that fails is logged and
    skipped, the others still run."""
    selection = selection or RuleSelection()
    findings: list[Finding] = []
    for rule in all_rules():
        if rule.scope != "code" or rule.check is None or not selection.enabled(rule.code):
            continue
        try:
            for hit in rule.check(context):
                findings.append(
                    Finding(rule.code, hit.severity or rule.severity, hit.span, hit.message, hit.data)
                )
        except Exception:
            logger.exception("rule %s failed on %s; skipped", rule.code, context.path)
    return findings


def check_python(
    text: str,
    path: str = "<python>",
    specs: SpecSet | None = None,
    selection: RuleSelection | None = None,
    *,
    previous: CodeContext | None = None,
) -> PythonReport:
    """Check a Python file's boto3 calls against DynamoDB's rules and the specs.
    ``previous``: the reading of an earlier version of the file (``read_python``)."""
    selection = selection or RuleSelection()
    context = read_python(text, path, specs or SpecSet(), previous=previous)
    if context is None:
        return PythonReport([], None)
    size = oversized(text)
    if size is not None:
        return PythonReport(selection.apply([skipped_finding(size, MAX_FILE_BYTES, "Python file")]), context)
    findings = run_code_rules(context, selection)
    findings = parse_suppressions(text).filter(findings)
    findings = selection.apply(findings)
    findings.sort(key=lambda f: (f.span.start, f.code))
    return PythonReport(findings, context)
