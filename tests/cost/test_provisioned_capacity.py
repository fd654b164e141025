"""Provisioned capacity is whole units, and auto scaling is described side by side."""

from __future__ import annotations

import pytest

from ddb_architect.cost.bill import Scenario
from tests.cost.bills import CENT, HOURS, bill, table

# 700 reads/s of a 1 KB item, eventually consistent: 350 RCU at peak; 350 ÷ 0.7 = 500 RCU.
READS = """
version: 1
tables:
  Things:
    key: {partition: PK}
    entities:
      Thing:
        keys: {PK: "T#{id}"}
        item_size: 1KB
        count: 1000
        fields: {id: {format: uuid}}
    access_patterns:
      - {name: get-thing, op: GetItem, entity: Thing, rate: 700/s}
"""


def test_capacity_derived_from_peaks_is_not_inflated_by_float_noise() -> None:
    cost = table(bill(READS, scenario=Scenario(billing="provisioned", derive_capacity=True)))
    read, write = cost.capacity["Things"]
    assert read == 500  # not 501: 350 / 0.7 is 500.00000000000006 in floating point
    assert write == 1  # nothing writes: the 1-unit minimum
    (line,) = [line for line in cost.lines if line.category == "reads"]
    assert line.monthly_usd == pytest.approx(500 * HOURS * 0.00013, abs=CENT)


AUTOSCALED_READS = """
version: 1
tables:
  Things:
    billing: provisioned
    capacity: {read: 100, write: 10, autoscaling: {read: {min: 5, max: 1000}}}
    key: {partition: PK}
    entities:
      Thing:
        keys: {PK: "T#{id}"}
        item_size: 1KB
        count: 1000
        fields: {id: {format: uuid}}
    access_patterns:
      - {name: get-thing, op: GetItem, entity: Thing, rate: 700/s}
"""


def test_auto_scaling_of_one_side_is_said_of_that_side_only() -> None:
    cost = table(bill(AUTOSCALED_READS))
    assert cost.capacity["Things"] == (500, 10)
    formulas = " ".join(line.formula for line in cost.lines if line.category in ("reads", "writes"))
    assert "reads auto-scaled around the average load, the other side declared" in formulas
