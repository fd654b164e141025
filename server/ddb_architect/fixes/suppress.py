"""The fix every finding has: a ``# ddb: ignore[CODE]`` comment on the finding's line (the
code added to the comment when the line already has one). Offered only where a comment
cannot change the document: not inside a Python string or a YAML block scalar."""

from __future__ import annotations

import ast
import io
import re
import tokenize

from ddb_architect.findings import Finding, Position, Span
from ddb_architect.fixes.model import Edit, Fix, apply_edits
from ddb_architect.limits import oversized
from ddb_architect.spec.yaml_loader import parse_yaml
from ddb_architect.spec.yaml_tree import to_python

EXISTING = re.compile(r"#\s*ddb:\s*ignore\[(?P<codes>[^\]]*)\]", re.IGNORECASE)
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def suppression_fix(text: str, kind: str, finding: Finding) -> Fix | None:
    if oversized(text) is not None:  # a skipped file is not parsed, to compare or otherwise
        return None
    lines = LINE_BREAK.split(text)
    line_number = finding.span.start.line
    if not 0 <= line_number < len(lines):
        return None
    line = lines[line_number]
    existing = EXISTING.search(line)
    if existing is not None:
        codes = [c.strip() for c in existing["codes"].split(",") if c.strip()]
        if finding.code in codes:
            return None
        start = existing.start("codes")
        edit = Edit(
            Span(Position(line_number, start), Position(line_number, existing.end("codes"))),
            ", ".join([*codes, finding.code]),
        )
    else:
        end = len(line.rstrip())
        separator = "  " if line.strip() else ""
        edit = Edit(
            Span(Position(line_number, end), Position(line_number, len(line))),
            f"{separator}# ddb: ignore[{finding.code}]",
        )
    fixed = apply_edits(text, [edit])
    if not _same_meaning(text, fixed, kind):
        return None
    return Fix(f"Ignore {finding.code} on this line", (edit,), finding.code, safe=False, kind="quickfix")


def _same_meaning(before: str, after: str, kind: str) -> bool:
    """True when adding the comment left the document's content as it was."""
    if kind == "python":
        try:
            return ast.dump(ast.parse(before)) == ast.dump(ast.parse(after)) and _comment_added(after)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False  # MemoryError: CPython's parser on thousands of nested operators
    first, second = parse_yaml(before), parse_yaml(after)
    if second.fatal:
        return False
    return bool(to_python(first.root) == to_python(second.root))


def _comment_added(text: str) -> bool:
    """The comment really is a comment (not swallowed by a string)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    return any(t.type == tokenize.COMMENT and "ddb:" in t.string for t in tokens)
