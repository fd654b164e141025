"""The fixers: one function per rule code, registered in one place, that turns a finding
into zero or more fixes. A spec fixer receives the spec's text and its loaded document; a
Python fixer the file's text and its read calls."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ddb_architect.findings import Finding
from ddb_architect.fixes.model import Fix

FIXER_MODULES = ("ddb_architect.fixes.spec_fixes", "ddb_architect.fixes.python_fixes")


@dataclass
class FixContext:
    """What a fixer may look at: the document's text and kind, and (loaded lazily by the
    caller) the parsed document: a ``SpecDocument`` for specs, a ``CodeContext`` for
    Python."""

    text: str
    path: str
    kind: str
    """``spec`` or ``python``."""
    document: Any = None


Fixer = Callable[[FixContext, Finding], Sequence[Fix]]

_FIXERS: dict[tuple[str, str], Fixer] = {}


def fixer(code: str, kind: str) -> Callable[[Fixer], Fixer]:
    """Register ``function`` as the fixer of rule ``code`` in ``kind`` documents."""

    def register(function: Fixer) -> Fixer:
        _FIXERS[(code, kind)] = function
        return function

    return register


def _load() -> None:
    for module in FIXER_MODULES:
        importlib.import_module(module)


def fixer_for(code: str, kind: str) -> Fixer | None:
    _load()
    return _FIXERS.get((code, kind))


def fixable_codes() -> dict[str, set[str]]:
    """Rule code → the document kinds it has a fixer for (for the rule pages)."""
    _load()
    codes: dict[str, set[str]] = {}
    for code, kind in _FIXERS:
        codes.setdefault(code, set()).add(kind)
    return codes
