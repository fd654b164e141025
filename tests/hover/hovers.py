"""Helpers for the hover tests: load a spec written inline and hover where a piece of
text is written in it."""

from __future__ import annotations

import textwrap

from ddb_architect.cost.bill import Bill
from ddb_architect.cost.design_bill import price_design
from ddb_architect.hover import HoverResult, hover_at
from ddb_architect.spec.loader import SpecDocument, load_spec

MONTH_S = 2_628_000
GB = 1024**3


def document(spec: str) -> SpecDocument:
    """A spec written inline (dedented), loaded."""
    return load_spec(textwrap.dedent(spec), "test.ddb.yaml")


def position(doc: SpecDocument, needle: str, *, offset: int = 0, nth: int = 0) -> tuple[int, int]:
    """(line, column) of the ``nth`` occurrence of ``needle`` in the spec, ``offset`` code
    points into it."""
    seen = 0
    for number, line in enumerate(doc.text.splitlines()):
        start = line.find(needle)
        while start >= 0:
            if seen == nth:
                return number, start + offset
            seen += 1
            start = line.find(needle, start + 1)
    raise AssertionError(f"{needle!r} (occurrence {nth}) is not in the spec")


def hover(
    doc: SpecDocument, needle: str, *, offset: int = 0, nth: int = 0, region: str | None = None
) -> HoverResult:
    """The hover on ``needle``; it must have one."""
    line, column = position(doc, needle, offset=offset, nth=nth)
    result = hover_at(doc, line, column, region=region)
    assert result is not None, f"no hover on {needle!r} at {line}:{column}"
    return result


def no_hover(doc: SpecDocument, needle: str, *, offset: int = 0, nth: int = 0) -> bool:
    line, column = position(doc, needle, offset=offset, nth=nth)
    return hover_at(doc, line, column) is None


def bill_of(doc: SpecDocument, region: str | None = None) -> Bill:
    assert doc.design is not None
    return price_design(doc.design, region=region)
