"""Apply a fix to a real document and check what a user would: the document still parses,
the fixed finding is gone, no new error or warning appears, and the text outside the
edits is untouched."""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Callable, Sequence

from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import check_python, check_spec, read_python
from ddb_architect.findings import Finding, Severity
from ddb_architect.fixes.engine import fixes_for
from ddb_architect.fixes.model import Fix, apply_edits, offset_of
from ddb_architect.fixes.registry import FixContext
from ddb_architect.spec.loader import load_spec
from ddb_architect.spec.yaml_loader import parse_yaml

LINE_MENTION = re.compile(r"(\bline )(\d+)\b")


def check(text: str, kind: str, specs: SpecSet | None = None) -> list[Finding]:
    if kind == "spec":
        return check_spec(text, "test.ddb.yaml").findings
    return check_python(text, "test.py", specs or SpecSet()).findings


def context_for(text: str, kind: str, specs: SpecSet | None = None) -> FixContext:
    document = (
        load_spec(text, "test.ddb.yaml")
        if kind == "spec"
        else read_python(text, "test.py", specs or SpecSet())
    )
    return FixContext(text, "test.ddb.yaml" if kind == "spec" else "test.py", kind, document)


def offered_fixes(text: str, kind: str, code: str) -> list[Fix]:
    """The fixes (suppression left out) of the first finding ``code`` in ``text``
    (dedented)."""
    text = textwrap.dedent(text)
    finding = next(f for f in check(text, kind) if f.code == code)
    return fixes_for(context_for(text, kind), finding, suppress=False)


def problems(findings: Sequence[Finding]) -> list[tuple[str, str]]:
    return sorted((f.code, f.message) for f in findings if f.severity >= Severity.WARNING)


def apply_fix(
    text: str,
    kind: str,
    code: str,
    *,
    title: str | Callable[[str], bool] = "",
    specs: SpecSet | None = None,
    finding: Callable[[Finding], bool] | None = None,
) -> tuple[str, Fix]:
    """Find the finding ``code`` (the first one ``finding`` accepts, when given), take its
    fix whose title contains ``title``, apply it and check the result; return the fixed
    text and the fix."""
    text = textwrap.dedent(text)
    before = check(text, kind, specs)
    targets = [f for f in before if f.code == code and (finding is None or finding(f))]
    assert targets, f"no {code} in {[(f.code, f.message) for f in before]}"
    target = targets[0]
    context = context_for(text, kind, specs)
    fixes = fixes_for(context, target, suppress=False)
    matching = [f for f in fixes if (title(f.title) if callable(title) else title in f.title)]
    assert matching, f"no fix titled {title!r} for {code}: {[f.title for f in fixes]}"
    fix = matching[0]
    fixed = apply_edits(text, fix.edits)
    assert_parses(fixed, kind)
    after = check(fixed, kind, specs)
    line = moved_line(target.span.start.line, fix)
    remaining = [
        f for f in after if f.code == code and f.span.start.line == line and f.message == target.message
    ]
    assert not remaining, f"{code} still reported after the fix: {[f.message for f in remaining]}"
    new = set(problems(after)) - {(c, relined(m, fix)) for c, m in problems(before)}
    assert not new, f"the fix made new errors or warnings: {new}"
    assert_untouched_outside(text, fixed, fix)
    return fixed, fix


def moved_line(line: int, fix: Fix) -> int:
    """Where a line is after the fix: moved by the lines the edits before it add or
    remove (a line inside an edit stays where the edit starts)."""
    moved = line
    for edit in fix.edits:
        if edit.span.end.line < line or (edit.span.end.line == line and edit.span.end.column == 0):
            moved += edit.new_text.count("\n") - (edit.span.end.line - edit.span.start.line)
    return moved


def relined(message: str, fix: Fix) -> str:
    """A message with the lines it cites ("first on line 12") moved as the fix moves them."""
    return LINE_MENTION.sub(lambda m: f"{m[1]}{moved_line(int(m[2]) - 1, fix) + 1}", message)


def assert_parses(text: str, kind: str) -> None:
    if kind == "spec":
        parsed = parse_yaml(text)
        assert not parsed.fatal, parsed.problems
    else:
        ast.parse(text)


def assert_untouched_outside(before: str, after: str, fix: Fix) -> None:
    """The text before the first edit and after the last one is unchanged."""
    starts = sorted(offset_of(before, e.span.start) for e in fix.edits)
    ends = sorted(offset_of(before, e.span.end) for e in fix.edits)
    head, tail = before[: starts[0]], before[ends[-1] :]
    assert after.startswith(head)
    assert after.endswith(tail)
