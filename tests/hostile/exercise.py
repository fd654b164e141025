"""Run every engine entry point an editor reaches on one text — check, hover, completion,
the quick fixes of every finding, and the conversion to the client's positions — and
fail on anything that escapes: an exception, a rule the engine had to skip, a finding
outside the text, or a call that takes too long."""

from __future__ import annotations

import logging
import random
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from lsprotocol import types
from pygls.workspace import PositionCodec

from ddb_architect.code.source import LINE_BREAK
from ddb_architect.code.specs import SpecSet
from ddb_architect.completion.python import complete_python
from ddb_architect.completion.spec import complete_spec
from ddb_architect.engine import check_python, check_spec
from ddb_architect.findings import Finding, Position, Severity, Span
from ddb_architect.fixes.engine import fixes_for
from ddb_architect.fixes.model import apply_edits
from ddb_architect.fixes.registry import FixContext
from ddb_architect.hover import hover_at
from ddb_architect.hover.code import code_hover_at
from ddb_architect.lsp.convert import to_diagnostics

CODECS = [PositionCodec(kind) for kind in types.PositionEncodingKind]
MAX_SECONDS = 20.0


@contextmanager
def engine_errors() -> Iterator[list[str]]:
    """What the engine logs at error level while inside (a rule or fixer that raised and
    was skipped: that is a bug the user never sees, so the tests look for it)."""
    failures: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            failures.append(
                f"{record.getMessage()}: {record.exc_info[1]!r}" if record.exc_info else record.getMessage()
            )

    handler = Collect(level=logging.ERROR)
    logger = logging.getLogger("ddb_architect")
    logger.addHandler(handler)
    try:
        yield failures
    finally:
        logger.removeHandler(handler)


@contextmanager
def at_most(seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Fail instead of hanging (only in the main thread, where signals are delivered)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lines_of(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def offset_of(text: str, line: int, column: int) -> int:
    """The code-point offset of a position (clamped into the text)."""
    lines = lines_of(text)
    line = max(0, min(line, len(lines) - 1))
    starts = [0]
    for match in LINE_BREAK.finditer(text):
        starts.append(match.end())
    return min(starts[line] + max(0, min(column, len(lines[line]))), len(text))


def positions(text: str, rng: random.Random, count: int = 12) -> list[tuple[int, int]]:
    """Places to hover and complete at: the start, the end, line ends, random spots, and
    a few outside the text (past the last line, past the end of a line, negative)."""
    lines = lines_of(text)
    chosen = [(0, 0), (len(lines) - 1, len(lines[-1])), (len(lines) + 5, 0), (0, 10_000), (-1, -1)]
    for _ in range(count):
        line = rng.randrange(len(lines))
        chosen.append((line, rng.randint(0, len(lines[line]))))
    return chosen


def assert_inside(findings: list[Finding], text: str) -> None:
    lines = lines_of(text)
    for finding in findings:
        start, end = finding.span.start, finding.span.end
        assert start <= end, finding
        assert start.line >= 0, finding
        assert end.line < len(lines), finding
        assert 0 <= start.column <= len(lines[start.line]), finding
        assert 0 <= end.column <= len(lines[end.line]), finding


def _convert(findings: list[Finding], text: str) -> None:
    for codec in CODECS:
        to_diagnostics(findings, text, codec)


def _fixes(context: FixContext, findings: list[Finding], text: str, limit: int) -> None:
    # The findings made, then the editor's stale ones: at the top (any text can get one
    # back from the client) and at a place where nothing is.
    top = Span(Position(0, 0), Position(0, 1))
    code = "DDB002" if context.kind == "spec" else "DDB601"
    stale = [Finding(code, Severity.ERROR, top, "stale")]
    stale += [
        Finding(
            f.code,
            f.severity,
            Span(Position(len(lines_of(text)) + 3, 0), Position(len(lines_of(text)) + 3, 4)),
            f.message,
            f.data,
        )
        for f in findings[:2]
    ]
    for finding in [*findings[:limit], *stale]:
        for fix in fixes_for(context, finding):
            apply_edits(text, list(fix.edits))


def exercise_spec(
    text: str, seed: int = 0, *, hovers: int = 12, fixes: int = 8, completions: int | None = None
) -> None:
    """Check, hover, complete and fix ``text`` as a design spec."""
    rng = random.Random(seed)
    with engine_errors() as failures, at_most():
        report = check_spec(text, "hostile.ddb.yaml")
        assert_inside(report.findings, text)
        _convert(report.findings, text)
        places = positions(text, rng, hovers)
        for line, column in places:
            hover_at(report.document, line, column)
        for line, column in places if completions is None else places[len(places) - completions :]:
            complete_spec(text, offset_of(text, line, column))
        complete_spec(text, len(text))
        _fixes(FixContext(text, "hostile.ddb.yaml", "spec", report.document), report.findings, text, fixes)
    assert not failures, failures


def exercise_python(
    text: str,
    specs: SpecSet | None = None,
    seed: int = 0,
    *,
    hovers: int = 12,
    fixes: int = 8,
    completions: int | None = None,
) -> None:
    """Check, hover, complete and fix ``text`` as a Python file checked against ``specs``."""
    rng = random.Random(seed)
    specs = specs or SpecSet()
    with engine_errors() as failures, at_most():
        report = check_python(text, "hostile.py", specs)
        assert_inside(report.findings, text)
        _convert(report.findings, text)
        places = positions(text, rng, hovers)
        for line, column in places:
            code_hover_at(text, "hostile.py", specs, line, column)
        for line, column in places if completions is None else places[len(places) - completions :]:
            complete_python(text, offset_of(text, line, column), specs)
        complete_python(text, len(text), specs)
        if report.context is not None:
            _fixes(FixContext(text, "hostile.py", "python", report.context), report.findings, text, fixes)
    assert not failures, failures
