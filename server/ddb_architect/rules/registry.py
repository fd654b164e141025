"""The rule catalog: every rule registered once with its code, name, severity and check."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ddb_architect.findings import Severity, Span

# The modules that register rules; importing them fills the catalog.
RULE_MODULES = (
    "ddb_architect.rules.spec_validity",
    "ddb_architect.rules.keys",
    "ddb_architect.rules.indexes",
    "ddb_architect.rules.items",
    "ddb_architect.rules.capacity",
    "ddb_architect.rules.cost",
    "ddb_architect.rules.access_patterns",
    "ddb_architect.rules.boto3_calls",
    "ddb_architect.rules.drift",
)

FAMILIES = {
    "0": "spec validity",
    "1": "keys",
    "2": "indexes",
    "3": "items and storage",
    "4": "cost and capacity",
    "5": "access patterns",
    "6": "boto3 code",
    "7": "spec and code drift",
}


@dataclass(frozen=True)
class Hit:
    """What a rule's check yields: a place and a message; the registry adds the code.
    ``severity`` is set only by rules whose severity depends on the case (E/W rules)."""

    span: Span
    message: str
    severity: Severity | None = None
    data: dict[str, Any] = field(default_factory=dict)


Check = Callable[[Any], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    check: Check | None = None
    """None for findings made elsewhere (the loader's DDB001–DDB003)."""
    severities: tuple[Severity, ...] = ()
    """Every severity the rule can report (E/W rules have two)."""
    design_checks: tuple[Check, ...] = ()
    """Checks run once per design (a ``DesignContext``) rather than once per table."""
    scope: str = "spec"
    """``spec``: ``check`` runs per table of a spec; ``code``: per Python file (a
    ``CodeContext``)."""

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[3], "other")

    @property
    def severity_label(self) -> str:
        return "/".join(s.label for s in self.severities or (self.severity,))


_RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    also: Severity | None = None,
) -> Callable[[Check], Check]:
    """Register a check function as rule ``code``. ``also`` names the second severity of
    an E/W rule (its hits then say which one applies)."""

    def register(check: Check) -> Check:
        add_rule(Rule(code, name, severity, summary, check, (severity, also) if also else (severity,)))
        return check

    return register


def code_rule(
    code: str, name: str, severity: Severity, summary: str, *, also: Severity | None = None
) -> Callable[[Check], Check]:
    """Register a check of Python code (run once per file on a ``CodeContext``)."""

    def register(check: Check) -> Check:
        severities = (severity, also) if also else (severity,)
        add_rule(Rule(code, name, severity, summary, check, severities, scope="code"))
        return check

    return register


def design_check(code: str) -> Callable[[Check], Check]:
    """Add a design-wide check to the already registered rule ``code`` (a rule may look
    at each table and at the design as a whole, e.g. DDB407 at the region)."""

    def register(check: Check) -> Check:
        existing = _RULES[code]
        if check not in existing.design_checks:
            _RULES[code] = replace(existing, design_checks=(*existing.design_checks, check))
        return check

    return register


def add_rule(new: Rule) -> None:
    existing = _RULES.get(new.code)
    if existing is not None and existing.check is not new.check:
        raise ValueError(f"rule {new.code} registered twice ({existing.name}, {new.name})")
    if existing is not None:
        new = replace(new, design_checks=existing.design_checks)
    _RULES[new.code] = new


def _load() -> None:
    for module in RULE_MODULES:
        importlib.import_module(module)


def all_rules() -> list[Rule]:
    """Every registered rule, ordered by code."""
    _load()
    return [_RULES[code] for code in sorted(_RULES)]


def get_rule(code: str) -> Rule | None:
    _load()
    return _RULES.get(code.upper())
