"""An entity that grows with no declared write creating it is still written: the bill
prices an implied PutItem at its growth rate, with its index entries, and says so."""

from __future__ import annotations

import pytest

from tests.cost.bills import CENT, bill, lines, table

SPEC = """
version: 1
tables:
  Social:
    key: {partition: PK, sort: SK}
    indexes:
      GSI1: {key: {partition: GSI1PK}, projection: keys-only}
    entities:
      User:
        keys: {PK: "USER#{id}", SK: PROFILE, GSI1PK: "EMAIL#{email}"}
        item_size: 1.5KB
        count: 1M
        growth: 86_400/day
        fields: {id: {format: uuid}, email: {unique: true}}
    access_patterns:
      - {name: get-user, op: GetItem, entity: User, key: {PK: "USER#{id}", SK: PROFILE}, rate: 1/s}
WRITES
"""


def test_growth_without_a_write_pattern_is_priced_as_puts() -> None:
    cost = table(bill(SPEC.replace("WRITES", "")))
    implied = [p for p in cost.patterns if p.implied]
    assert [p.name for p in implied] == ["implied-put-User"]
    # 1 new user a second: 2,628,000 puts × 2 WRU (1.5 KB) = 5,256,000 WRU × $0.625/M = $3.285
    (writes,) = lines(cost, "writes")
    assert writes.monthly_usd == pytest.approx(3.285, abs=CENT)
    # and 2,628,000 keys-only GSI1 entries × 1 WRU × $0.625/M = $1.6425
    (index,) = lines(cost, "index-writes", "GSI1")
    assert index.monthly_usd == pytest.approx(1.6425, abs=CENT)
    assert any("User: growth but no access pattern that creates the items" in note for note in cost.notes)


def test_a_declared_write_pattern_replaces_the_implied_one() -> None:
    spec = SPEC.replace("WRITES", "      - {name: sign-up, op: PutItem, entity: User, rate: 2/s}")
    cost = table(bill(spec))
    assert not [p for p in cost.patterns if p.implied]
    (writes,) = lines(cost, "writes")
    # the declared rate, not the growth: 5,256,000 puts × 2 WRU × $0.625/M = $6.57
    assert writes.monthly_usd == pytest.approx(6.57, abs=CENT)
