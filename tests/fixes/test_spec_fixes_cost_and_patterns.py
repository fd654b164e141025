"""Quick fixes in design specs that change the capacity mode or table class (4xx) or
serve an access pattern with an index (5xx), each applied to a real document."""

from __future__ import annotations

import textwrap

from ddb_architect.spec.loader import load_spec
from tests.fixes.harness import apply_fix, offered_fixes

# --------------------------------------------------------------------------- DDB401

STEADY = """\
version: 1
tables:
  Events:
    billing: on-demand  # pay per request
    key: {partition: PK, sort: SK}
    indexes:
      ByUser:
        key: {partition: userId, sort: SK}
        projection: keys-only  # ids only
    entities:
      Event:
        keys: {PK: "EVENT#{eventId}", SK: EVENT, userId: "{userId}"}
        item_size: 1KB
        count: 10M
        fields: {eventId: {format: uuid}, userId: {cardinality: 1M}}
    access_patterns:
      - name: get-event
        op: GetItem
        entity: Event
        key: {PK: "EVENT#{eventId}", SK: EVENT}
        rate: 500/s
      - name: user-events
        op: Query
        index: ByUser
        key: {userId: "{userId}"}
        items: 10
        rate: 100/s
      - name: put-event
        op: PutItem
        entity: Event
        rate: 100/s
"""


def test_ddb401_switches_to_provisioned_with_the_priced_capacity() -> None:
    fixed, fix = apply_fix(STEADY, "spec", "DDB401", title="Switch to provisioned (saves $250.54 a month)")
    assert "    billing: provisioned  # pay per request\n    capacity: {read: 358, write: 143}\n" in fixed
    assert "        projection: keys-only  # ids only\n        capacity: {read: 72, write: 143}\n" in fixed
    assert not fix.safe
    table = load_spec(fixed).design.tables["Events"]  # type: ignore[union-attr]
    assert table.capacity is not None
    assert (table.capacity.read, table.capacity.write) == (358, 143)


def test_ddb401_adds_billing_where_the_table_left_the_default() -> None:
    text = STEADY.replace("    billing: on-demand  # pay per request\n", "")
    fixed, _ = apply_fix(text, "spec", "DDB401", title="Switch to provisioned")
    assert "  Events:\n    billing: provisioned\n    capacity: {read: 358, write: 143}\n    key:" in fixed


IDLE = """\
version: 1
tables:
  Archive:
    billing: provisioned
    capacity: {read: 200, write: 100}  # sized for the launch
    class: standard
    key: {partition: PK}
    indexes:
      ByDay: {key: {partition: day}, projection: keys-only, capacity: {read: 50, write: 50}}
    entities:
      Doc:
        keys: {PK: "DOC#{id}", day: "{day}#{shard}"}
        item_size: 4KB
        count: 500M
        fields: {id: {format: uuid}, day: {format: date}, shard: {cardinality: 100}}
    access_patterns:
      - {name: get-doc, op: GetItem, entity: Doc, key: {PK: "DOC#{id}"}, rate: 1/min}
      - {name: by-day, op: Query, index: ByDay, key: {day: "{day}#{shard}"}, items: 10, rate: 1/h}
      - {name: put-doc, op: PutItem, entity: Doc, rate: 1/min}
"""


def test_ddb401_switches_to_on_demand_and_drops_every_capacity() -> None:
    fixed, _ = apply_fix(IDLE, "spec", "DDB401", title="Switch to on-demand (saves $94.76 a month)")
    assert "    billing: on-demand\n    class: standard\n" in fixed
    assert "ByDay: {key: {partition: day}, projection: keys-only}\n" in fixed
    assert "capacity" not in fixed


def test_ddb401_in_a_flow_table() -> None:
    text = """\
    version: 1
    tables:
      Counters: {
        key: {partition: PK}, capacity: {read: 400, write: 400}, billing: provisioned,  # launch sizing
        entities: {Counter: {keys: {PK: "C#{id}"}, item_size: 200B, count: 1K, fields: {id: {cardinality: 1K}}}},
        access_patterns: [{name: bump, op: UpdateItem, entity: Counter, rate: 1/s}]}
    """
    fixed, _ = apply_fix(text, "spec", "DDB401", title="Switch to on-demand")
    assert "    key: {partition: PK}, billing: on-demand,  # launch sizing\n" in fixed


# --------------------------------------------------------------------------- DDB402

STORED = """\
version: 1
tables:
  Documents:
    key: {partition: PK}  # one item per document
    entities:
      Doc:
        keys: {PK: "DOC#{id}"}
        item_size: 4KB
        count: 500M
        fields: {id: {format: uuid}}
    access_patterns:
      - {name: get-doc, op: GetItem, entity: Doc, key: {PK: "DOC#{id}"}, rate: 1/s}
      - {name: put-doc, op: PutItem, entity: Doc, rate: 1/s}
"""


def test_ddb402_adds_the_class_the_table_left_to_its_default() -> None:
    fixed, fix = apply_fix(STORED, "spec", "DDB402", title="Switch to Standard-IA (saves $291.42 a month)")
    assert (
        "  Documents:\n    class: standard-ia\n    key: {partition: PK}  # one item per document\n" in fixed
    )
    assert not fix.safe


def test_ddb402_changes_the_class_back_to_standard_in_a_flow_table() -> None:
    text = """\
    version: 1
    tables:
      Hot: {class: standard-ia, billing: on-demand, key: {partition: PK},  # busy
        entities: {Item: {keys: {PK: "I#{id}"}, item_size: 1KB, count: 1K, fields: {id: {cardinality: 1K}}}},
        access_patterns: [{name: get-item, op: GetItem, entity: Item, key: {PK: "I#{id}"}, rate: 300/s}]}
    """
    fixed, _ = apply_fix(text, "spec", "DDB402", title="Switch to Standard (saves $11.83 a month)")
    assert "  Hot: {class: standard, billing: on-demand, key: {partition: PK},  # busy\n" in fixed


# --------------------------------------------------------------------------- DDB502

UNSERVED = """\
version: 1
tables:
  Orders:
    key: {partition: PK, sort: SK}
    attributes: {PK: S, SK: S, GSI1PK: S}  # key types
    indexes:
      # customers' orders
      GSI1:
        key: {partition: GSI1PK, sort: SK}
        projection: keys-only
    entities:
      Order:
        keys: {PK: "ORDER#{orderId}", SK: ORDER, GSI1PK: "CUSTOMER#{customerId}"}
        item_size: 1KB
        count: 1M
        fields:
          orderId: {format: uuid}
          customerId: {cardinality: 100K}
          email: {cardinality: 1M}
          total: {type: N}
          placedAt: {type: N, format: epoch-seconds}
    access_patterns:
      - name: customer-orders
        op: Query
        index: GSI1
        key: {GSI1PK: "CUSTOMER#{customerId}"}
        items: 10
        rate: 5/s
      - name: orders-by-email  # support tool
        op: Query
        key: {email: "{email}", placedAt: {">": 0}}
        needs: [total]
        items: 5
        rate: 1/s
"""


def test_ddb502_adds_an_index_on_the_condition_and_points_the_pattern_at_it() -> None:
    fixed, fix = apply_fix(
        UNSERVED, "spec", "DDB502", title="Add index ByEmail on email, placedAt and query it"
    )
    assert "    attributes: {PK: S, SK: S, GSI1PK: S, email: S, placedAt: N}  # key types\n" in fixed
    assert (
        "        projection: keys-only\n"
        "      ByEmail:\n"
        "        key: {partition: email, sort: placedAt}\n"
        "        projection: [total]\n"
        "    entities:\n"
    ) in fixed
    assert 'GSI1PK: "CUSTOMER#{customerId}", email: "{email}", placedAt: "{placedAt}"}\n' in fixed
    assert (
        "      - name: orders-by-email  # support tool\n"
        "        op: Query\n"
        "        index: ByEmail\n"
        '        key: {email: "{email}", placedAt: {">": 0}}\n'
    ) in fixed
    assert not fix.safe


def test_ddb502_names_the_index_so_it_does_not_clash() -> None:
    text = UNSERVED.replace("      GSI1:\n", "      ByEmail:\n").replace("index: GSI1", "index: ByEmail")
    fixed, _ = apply_fix(text, "spec", "DDB502", title="Add index ByEmailPlacedAt")
    assert "index: ByEmailPlacedAt\n" in fixed


def test_ddb502_in_flow_style_turns_a_get_into_a_query() -> None:
    text = """\
    version: 1
    tables:
      Users:
        key: {partition: PK}
        indexes: {ByTeam: {key: {partition: teamId}, projection: keys-only}}  # flow
        entities:
          User: {keys: {PK: "USER#{id}", teamId: "{teamId}"}, item_size: 1KB, count: 1M, fields: {id: {format: uuid}, teamId: {cardinality: 10K}, email: {unique: true}}}
        access_patterns:
          - {name: team, op: Query, index: ByTeam, key: {teamId: "{teamId}"}, rate: 1/s}
          - {name: by-email, op: GetItem, entity: User, key: {email: "{email}"}, rate: 5/s}  # login
    """
    fixed, _ = apply_fix(text, "spec", "DDB502", title="Add index ByEmail on email and query it")
    assert (
        "indexes: {ByTeam: {key: {partition: teamId}, projection: keys-only}, "
        "ByEmail: {key: {partition: email}, projection: keys-only}}  # flow\n"
    ) in fixed
    assert 'keys: {PK: "USER#{id}", teamId: "{teamId}", email: "{email}"}' in fixed
    assert (
        '- {name: by-email, op: Query, entity: User, index: ByEmail, key: {email: "{email}"}, rate: 5/s}  # login\n'
    ) in fixed


def test_ddb502_creates_the_indexes_block_before_the_entities() -> None:
    text = """\
    version: 1
    tables:
      Users:
        key: {partition: PK}
        # who is who
        entities:
          User:
            keys:
              PK: "USER#{id}"  # by id
            item_size: 1KB
            count: 1M
            fields: {id: {format: uuid}, email: {unique: true}}
        access_patterns:
          - name: by-email
            op: Query
            key: {email: "{email}"}
            rate: 5/s
    """
    fixed, _ = apply_fix(text, "spec", "DDB502")
    assert (
        "    key: {partition: PK}\n"
        "    indexes:\n"
        "      ByEmail:\n"
        "        key: {partition: email}\n"
        "        projection: keys-only\n"
        "    # who is who\n"
    ) in fixed
    assert '          PK: "USER#{id}"  # by id\n          email: "{email}"\n' in fixed
    assert "        op: Query\n        index: ByEmail\n        key:" in fixed


# --------------------------------------------------------------------------- DDB501

SCANNED = """\
version: 1
tables:
  Orders:
    key: {partition: PK}
    entities:
      Order:
        keys: {PK: "ORDER#{orderId}"}
        item_size: 2KB
        count: 5M
        fields: {orderId: {format: uuid}, customerId: {cardinality: 500K}, total: {type: N}}
    access_patterns:
      - name: customer-orders  # the account page
        op: Scan
        filter: {attributes: [customerId], selectivity: 1%}  # one customer's
        needs: [total]
        rate: 10/min
"""


def test_ddb501_queries_a_new_index_on_the_filtered_attribute() -> None:
    fixed, fix = apply_fix(
        SCANNED, "spec", "DDB501", title="Query a new index ByCustomerId on customerId instead of scanning"
    )
    assert (
        "    indexes:\n"
        "      ByCustomerId:\n"
        "        key: {partition: customerId}\n"
        "        projection: [total]\n"
        "    entities:\n"
    ) in fixed
    assert 'keys: {PK: "ORDER#{orderId}", customerId: "{customerId}"}\n' in fixed
    assert (
        "      - name: customer-orders  # the account page\n"
        "        op: Query\n"
        "        index: ByCustomerId\n"
        '        key: {customerId: "{customerId}"}\n'
        "        needs: [total]\n"
    ) in fixed
    assert "filter" not in fixed
    assert not fix.safe


def test_ddb501_queries_an_index_that_already_serves_the_filter() -> None:
    text = SCANNED.replace(
        "    entities:\n",
        "    indexes:\n      ByCustomer: {key: {partition: customerId}, projection: all}\n    entities:\n",
    ).replace('keys: {PK: "ORDER#{orderId}"}', 'keys: {PK: "ORDER#{orderId}", customerId: "{customerId}"}')
    text += '      - {name: by-customer, op: Query, index: ByCustomer, key: {customerId: "{customerId}"}, rate: 1/s}\n'
    fixed, _ = apply_fix(text, "spec", "DDB501", title="Query index ByCustomer instead of scanning")
    assert "        op: Query\n        index: ByCustomer\n        key: {customerId:" in fixed


def test_ddb501_queries_the_table_when_its_key_serves() -> None:
    text = """\
    version: 1
    tables:
      Orders:
        key: {partition: PK}
        entities:
          Order: {keys: {PK: "ORDER#{orderId}"}, item_size: 2KB, count: 5M, fields: {orderId: {format: uuid}}}
        access_patterns:
          - {name: one-order, op: Scan, key: {PK: "ORDER#{orderId}"}, rate: 1/s}  # oops
    """
    fixed, _ = apply_fix(text, "spec", "DDB501", title="Query the table by its key instead of scanning")
    assert '- {name: one-order, op: Query, key: {PK: "ORDER#{orderId}"}, rate: 1/s}  # oops\n' in fixed


def test_ddb501_no_index_for_a_scan_with_nothing_to_key_on() -> None:
    text = SCANNED.replace(
        "        filter: {attributes: [customerId], selectivity: 1%}  # one customer's\n", ""
    )
    assert [f.code for f in offered_fixes(text, "spec", "DDB501")] == []


def test_ddb502_feeds_every_entity_the_pattern_can_read() -> None:
    text = """\
    version: 1
    tables:
      Sites:
        key: {partition: PK, sort: SK}
        entities:
          Site:
            keys: {PK: "SITE#{siteId}", SK: SITE}
            item_size: 1KB
            count: 100K
            fields: {siteId: {format: uuid}, tenantId: {cardinality: 5K}, region: {values: [eu, us, ap]}}
          Device:
            keys: {PK: "SITE#{siteId}", SK: "DEVICE#{deviceId}"}
            item_size: 500B
            count: 2M
            fields: {siteId: {format: uuid}, deviceId: {format: uuid}, tenantId: {cardinality: 5K}, region: {values: [eu, us, ap]}}
        indexes:  # none yet
        access_patterns:
          - name: tenant-region
            op: Query
            key: {tenantId: "{tenantId}", region: "{region}"}
            items: 50
            rate: 2/s
    """
    fixed, _ = apply_fix(text, "spec", "DDB502", title="Add index ByTenantId on tenantId, region")
    assert (
        "    indexes:  # none yet\n"
        "      ByTenantId:\n"
        "        key: {partition: tenantId, sort: region}\n"
        "        projection: keys-only\n"
        "    access_patterns:\n"
    ) in fixed
    assert 'keys: {PK: "SITE#{siteId}", SK: SITE, tenantId: "{tenantId}", region: "{region}"}' in fixed
    assert 'SK: "DEVICE#{deviceId}", tenantId: "{tenantId}", region: "{region}"}' in fixed


def test_fixes_keep_windows_line_breaks() -> None:
    text = textwrap.dedent(UNSERVED).replace("\n", "\r\n")
    fixed, _ = apply_fix(text, "spec", "DDB502")
    assert "\n" not in fixed.replace("\r\n", "")
    assert "      ByEmail:\r\n        key: {partition: email, sort: placedAt}\r\n" in fixed
