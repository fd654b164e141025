"""The shared red-flags example: every finding whose rule has a spec fixer gets a fix
that passes the harness's checks, and "fix all" applies only the safe ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddb_architect.engine import check_spec
from ddb_architect.findings import Finding
from ddb_architect.fixes.engine import fix_all, fixes_for
from ddb_architect.fixes.model import Fix, apply_edits
from ddb_architect.fixes.registry import fixable_codes
from ddb_architect.spec.loader import load_spec
from tests.fixes.harness import assert_parses, assert_untouched_outside, check, context_for, problems

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "red-flags.ddb.yaml"

# A copy of ../shared/examples/red-flags.ddb.yaml (checked against it when present).
RED_FLAGS = """\
# An order-management design with the classic mistakes, one per marked line. Each
# expect marker names the codes that must be reported on its line (the finding's range
# starts on the line or contains it). No error or warning beyond the marked ones may be reported;
# information-level findings are free.
version: 1
name: orders
region: us-east-1

tables:
  Orders:
    billing: on-demand
    class: standard
    key: {partition: orderId}
    attributes: {orderId: S, status: S, customerId: S, createdAt: S, sku: S, day: S, couponCode: S, trackingNumber: S}

    indexes:  # expect: DDB201
      ByStatus:
        key: {partition: status, sort: createdAt}  # expect: DDB101
        projection: all
      ByCustomer:
        key: {partition: customerId, sort: createdAt}
        projection: keys-only
      BySku:  # expect: DDB202
        key: {partition: sku}
        projection: all
      ByDay:
        key: {partition: day}  # expect: DDB104
        projection: keys-only
      ByCoupon:  # expect: DDB202
        key: {partition: couponCode}
        projection: keys-only
      ByTracking:
        key: {partition: trackingNumber}
        projection: keys-only

    entities:
      Order:
        keys: {orderId: "ORDER#{orderId}", status: "{status}", customerId: "{customerId}", createdAt: "{createdAt}", sku: "{sku}", day: "{day}"}
        item_size: 2KB
        count: 50M
        growth: 200K/day
        retention: 400d  # expect: DDB303
        fields:
          orderId: {type: S, format: uuid}
          status: {type: S, values: [PENDING, PAID, SHIPPED, DELIVERED]}
          customerId: {type: S, cardinality: 3M}
          createdAt: {type: S, format: iso8601}
          sku: {type: S, cardinality: 40K}
          day: {type: S, format: date}
          amount: {type: N}
      Shipment:
        keys: {orderId: "SHIPMENT#{orderId}", trackingNumber: "{trackingNumber}"}
        item_size: 1KB
        count: 45M
        fields:
          orderId: {type: S, format: uuid}
          trackingNumber: {type: S, unique: true}
      Invoice:
        keys: {orderId: "INVOICE#{orderId}"}
        item_size: 450KB  # expect: DDB301
        count: 1M
        fields:
          orderId: {type: S, format: uuid}

    access_patterns:
      - name: get-order
        op: GetItem
        entity: Order
        key: {orderId: "ORDER#{orderId}"}
        rate: 100/s
      - name: orders-to-ship
        op: Query
        index: ByStatus
        key: {status: PAID}
        items: 50
        consistent: true  # expect: DDB204
        rate: 5/s
        peak: 50/s
      - name: customer-orders
        op: Query
        index: ByCustomer
        key: {customerId: "{customerId}"}
        items: 10
        rate: 30/s
      - name: customer-orders-by-amount
        op: Query
        index: ByCustomer
        key: {customerId: "{customerId}", amount: {">": 100}}  # expect: DDB505
        items: 10
        rate: 1/s
      - name: daily-report
        op: Query
        index: ByDay
        key: {day: "{day}"}
        items: 200K
        rate: 1/day
      - name: track-shipment
        op: Query
        index: ByTracking
        key: {trackingNumber: "{trackingNumber}"}
        items: 1
        rate: 10/s
      - name: all-orders-export
        op: Scan  # expect: DDB501
        rate: 10/min
      - name: place-order
        op: PutItem
        entity: Order
        rate: 30/s
        peak: 60/s

  Sessions:
    billing: provisioned
    capacity: {read: 5, write: 5}  # expect: DDB404
    class: standard
    key: {partition: sessionId}
    attributes: {sessionId: S}

    entities:
      Session:
        keys: {sessionId: "SESSION#{sessionId}"}
        item_size: 1KB
        count: 200K
        fields:
          sessionId: {type: S, format: uuid}
      Config:
        keys: {sessionId: CONFIG}  # expect: DDB101
        item_size: 1KB
        count: 1

    access_patterns:
      - name: get-session
        op: GetItem
        entity: Session
        key: {sessionId: "SESSION#{sessionId}"}
        rate: 50/s
      - name: put-session
        op: PutItem
        entity: Session
        rate: 20/s
      - name: get-config
        op: GetItem
        entity: Config
        key: {sessionId: CONFIG}  # expect: DDB102
        rate: 2000/s
        peak: 5000/s
"""

# A Scan with neither a key nor a filter: there is nothing to key an index on.
NO_FIX = {("DDB501", "all-orders-export")}


def _spec_fixable(finding: Finding) -> bool:
    return "spec" in fixable_codes().get(finding.code, set())


FINDINGS = [f for f in check(RED_FLAGS, "spec") if _spec_fixable(f)]


@pytest.mark.skipif(not SHARED.is_file(), reason="../shared/examples is not present")
def test_the_copy_is_the_shared_example() -> None:
    assert SHARED.read_text() == RED_FLAGS


def test_the_example_has_fixable_findings() -> None:
    assert sorted({f.code for f in FINDINGS}) == ["DDB202", "DDB204", "DDB303", "DDB501"]


def _check_fix(text: str, finding: Finding, fix: Fix) -> None:
    """What the harness checks, for this finding (the example has two of some codes)."""
    before = check(text, "spec")
    fixed = apply_edits(text, fix.edits)
    assert_parses(fixed, "spec")
    after = check(fixed, "spec")
    assert not [f for f in after if f.code == finding.code and f.span.start.line == finding.span.start.line]
    new = set(problems(after)) - set(problems(before))
    assert not new, f"{fix.title}: new errors or warnings {new}"
    assert_untouched_outside(text, fixed, fix)
    assert load_spec(fixed).design is not None


@pytest.mark.parametrize("finding", FINDINGS, ids=[f"{f.code}-line{f.span.start.line + 1}" for f in FINDINGS])
def test_every_fixable_finding_gets_a_fix_that_passes(finding: Finding) -> None:
    fixes = fixes_for(context_for(RED_FLAGS, "spec"), finding, suppress=False)
    if (finding.code, finding.data.get("pattern")) in NO_FIX:
        assert fixes == []
        return
    assert fixes, f"no fix for {finding.code}: {finding.message}"
    for fix in fixes:
        _check_fix(RED_FLAGS, finding, fix)


def test_fix_all_applies_only_the_safe_fixes() -> None:
    result = fix_all(
        RED_FLAGS,
        "red-flags.ddb.yaml",
        "spec",
        lambda t: check_spec(t, "red-flags.ddb.yaml").findings,
        lambda t: load_spec(t, "red-flags.ddb.yaml"),
    )
    assert [f.code for f in result.applied] == ["DDB204"]
    assert all(f.safe for f in result.applied)
    assert result.text == RED_FLAGS.replace("        consistent: true  # expect: DDB204\n", "")
    assert_parses(result.text, "spec")
    new = set(problems(check(result.text, "spec"))) - set(problems(check(RED_FLAGS, "spec")))
    assert not new
    assert "DDB204" not in {f.code for f in check(result.text, "spec")}
