"""Quick fixes in design specs, each applied to a real document."""

from __future__ import annotations

from tests.fixes.harness import apply_fix

PADDED = """\
version: 1
tables:
  Scores:
    key: {partition: PK, sort: SK}
    entities:
      Score:
        keys: {PK: "GAME#{game}", SK: "SCORE#{points}"}  # points sort as text
        fields: {game: {cardinality: 1M}, points: {type: N}}
"""


def test_ddb106_pads_the_number_and_keeps_the_comment() -> None:
    fixed, fix = apply_fix(PADDED, "spec", "DDB106", title="Zero-pad")
    assert '"SCORE#{points:010d}"}  # points sort as text' in fixed
    assert fix.safe


TYPO = """\
version: 1
tables:
  Orders:
    key: {partition: PK}
    indexes:
      ByCustomer: {key: {partition: customerId}, projection: keys-only}
    entities:
      Order:
        keys: {PK: "ORDER#{id}", customerId: "{customerId}"}
        fields: {id: {format: uuid}, customerId: {cardinality: 1M}}
    access_patterns:
      - {name: by-customer, op: Query, index: ByCustomr, key: {customerId: "{customerId}"}, rate: 1/s}
"""


def test_ddb004_changes_to_the_name_it_meant() -> None:
    fixed, fix = apply_fix(TYPO, "spec", "DDB004", title="Change to 'ByCustomer'")
    assert "index: ByCustomer," in fixed
    assert not fix.safe
