"""Hovers in design specs: what the table, index, entity, access pattern or quantity under
the cursor costs, with the formula, the Region and the date of the prices.

Pure engine code (no LSP types): positions are 0-based lines and code-point columns.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict

from ddb_architect.hover.spec import HoverResult, SpecHovers
from ddb_architect.spec.loader import SpecDocument

__all__ = ["HoverResult", "SpecHovers", "hover_at", "hovers_for"]

_CACHE_SIZE = 8
_cache: OrderedDict[tuple[int, str | None], tuple[weakref.ref[SpecDocument], SpecHovers]] = OrderedDict()


def hovers_for(document: SpecDocument, region: str | None = None) -> SpecHovers:
    """The hovers of a loaded spec, kept for the last few documents asked about, so the
    design is priced once per document."""
    key = (id(document), region)
    entry = _cache.get(key)
    if entry is not None and entry[0]() is document:
        _cache.move_to_end(key)
        return entry[1]
    hovers = SpecHovers(document, region=region)
    _cache[key] = (weakref.ref(document), hovers)
    while len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return hovers


def hover_at(
    document: SpecDocument, line: int, column: int, *, region: str | None = None
) -> HoverResult | None:
    """The hover at a 0-based line and code-point column of a loaded spec: the markdown to
    show and the span of the node it describes; None when nothing there has one.
    ``region`` prices the design in another Region than its own."""
    return hovers_for(document, region).at(line, column)
