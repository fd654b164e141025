"""Specs and helpers of the ``cost`` command's tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ddb_architect.cost.bill import Bill, Scenario
from ddb_architect.cost.design_bill import price_design
from ddb_architect.spec.loader import load_spec
from ddb_architect.spec.model import Design

SOCIAL = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "social.ddb.yaml"

# One on-demand table: an entity that grows, reads and writes with rates, PITR and a GSI.
NOTES_SPEC = textwrap.dedent(
    """\
    version: 1
    name: notes
    region: us-east-1
    tables:
      Notes:
        key: {partition: PK, sort: SK}
        pitr: true
        indexes:
          ByTag: {key: {partition: tag, sort: SK}, projection: keys-only}
        entities:
          Note:
            keys: {PK: "USER#{userId}", SK: "NOTE#{noteId}", tag: "{tag}"}
            item_size: 3KB
            count: 5M
            growth: 50K/day
            fields:
              userId: {type: S, format: uuid, cardinality: 200K}
              noteId: {type: S, format: ulid}
              tag: {type: S, cardinality: 50K}
        access_patterns:
          - name: get-note
            op: GetItem
            entity: Note
            key: {PK: "USER#{userId}", SK: "NOTE#{noteId}"}
            rate: 200/s
            peak: 600/s
          - name: notes-by-tag
            op: Query
            index: ByTag
            key: {tag: "{tag}"}
            items: 10
            rate: 20/s
          - name: save-note
            op: PutItem
            entity: Note
            rate: 10/s
    """
)

# A provisioned table with declared capacity and a design-wide free tier.
PROVISIONED_SPEC = textwrap.dedent(
    """\
    version: 1
    name: ledger
    pricing: {free_tier: true}
    tables:
      Ledger:
        billing: provisioned
        capacity: {read: 300, write: 250}
        key: {partition: PK, sort: SK}
        entities:
          Entry:
            keys: {PK: "ACCOUNT#{accountId}", SK: "ENTRY#{entryId}"}
            item_size: 700B
            count: 20M
            fields:
              accountId: {type: S, format: uuid, cardinality: 1M}
              entryId: {type: S, format: ulid}
        access_patterns:
          - name: entries
            op: Query
            key: {PK: "ACCOUNT#{accountId}", SK: {begins_with: "ENTRY#"}}
            items: 25
            rate: 50/s
            peak: 150/s
          - name: post-entry
            op: PutItem
            entity: Entry
            rate: 40/s
            peak: 120/s
    """
)

# A spec with a DDB002 error (a misspelt operation) next to a pattern that prices.
BROKEN_SPEC = textwrap.dedent(
    """\
    version: 1
    tables:
      Tasks:
        key: {partition: PK}
        entities:
          Task:
            keys: {PK: "TASK#{taskId}"}
            item_size: 1KB
            count: 1M
            fields:
              taskId: {type: S, format: uuid}
        access_patterns:
          - {name: get-task, op: GetItem, entity: Task, key: {PK: "TASK#{taskId}"}, rate: 10/s}
          - {name: bad-op, op: GetItm, rate: 1/s}
    """
)


def design_of(text: str) -> Design:
    document = load_spec(text, "test.ddb.yaml")
    assert document.design is not None
    return document.design


def bill_of(text: str, **options: object) -> Bill:
    region = options.get("region")
    month = options.get("month", 1)
    scenario = options.get("scenario")
    assert region is None or isinstance(region, str)
    assert isinstance(month, int)
    assert scenario is None or isinstance(scenario, Scenario)
    return price_design(design_of(text), region=region, month=month, scenario=scenario)
