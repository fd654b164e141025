"""Helpers for the bill tests: price a spec written inline and pick lines out of its bill.

Every figure the tests compare with is computed by hand in the test, from the prices of
``dynamodb-facts.md`` §4 (us-east-1 unless a test says otherwise), a month of 730 hours
(2,628,000 seconds) and binary GB (1 GB = 1,073,741,824 bytes)."""

from __future__ import annotations

import textwrap

import pytest

from ddb_architect.cost.bill import Bill, CostLine, Scenario, TableCost
from ddb_architect.cost.design_bill import price_design
from ddb_architect.spec.loader import load_spec
from ddb_architect.spec.model import Design

CENT = 0.005
"""Dollar figures must agree to the cent."""

MONTH_S = 2_628_000
HOURS = 730
GB = 1024**3


def design(spec: str) -> Design:
    """The design of a spec written inline (dedented); it must load without findings."""
    document = load_spec(textwrap.dedent(spec), "test.ddb.yaml")
    assert document.design is not None
    assert not document.findings, [(f.code, f.message) for f in document.findings]
    return document.design


def bill(spec: str, *, month: int = 1, scenario: Scenario | None = None, region: str | None = None) -> Bill:
    return price_design(design(spec), month=month, scenario=scenario, region=region)


def table(result: Bill, name: str | None = None) -> TableCost:
    """The table ``name`` of a bill, or its only table."""
    if name is None:
        (only,) = result.tables
        return only
    return next(t for t in result.tables if t.name == name)


def lines(cost: TableCost, category: str, subject: str | None = None) -> list[CostLine]:
    return [
        line
        for line in cost.lines
        if line.category == category and (subject is None or line.subject == subject)
    ]


def the_line(cost: TableCost, category: str, subject: str | None = None, unit: str | None = None) -> CostLine:
    """The one line of ``category`` (and ``subject``, ``unit`` when given)."""
    found = [line for line in lines(cost, category, subject) if unit is None or line.unit == unit]
    assert len(found) == 1, [(line.category, line.subject, line.unit, line.formula) for line in cost.lines]
    return found[0]


def usd(line: CostLine) -> float:
    assert line.monthly_usd is not None, line.formula
    return line.monthly_usd


def cents(expected: float) -> object:
    """``pytest.approx`` to the cent."""
    return pytest.approx(expected, abs=CENT)


def summary(cost: TableCost) -> dict[tuple[str, str, str], float | None]:
    """(category, subject, unit) → dollars, to compare a whole bill at once."""
    result: dict[tuple[str, str, str], float | None] = {}
    for line in cost.lines:
        key = (line.category, line.subject, line.unit)
        assert key not in result, f"two lines {key}"
        result[key] = line.monthly_usd
    return result


def assert_credits(result: Bill, expected: dict[str, tuple[float, float]]) -> None:
    """The free-tier credits of a bill: subject → (quantity, dollars), dollars to the cent."""
    found = {c.subject: (c.quantity, usd(c)) for c in result.credits}
    assert set(found) == set(expected), found
    for subject, (quantity, dollars) in expected.items():
        assert found[subject][0] == pytest.approx(quantity), subject
        assert found[subject][1] == pytest.approx(dollars, abs=CENT), subject
