"""The AWS documentation arithmetic of ``dynamodb-facts.md``, carried through to dollars.

Each test prices a small spec with ``price_design`` and checks the units and the dollars
against a hand computation written out in the test, from the us-east-1 prices of facts
§4.1: $0.125 per million RRU, $0.625 per million WRU and rWRU, $0.00013 per RCU-hour,
$0.00065 per WCU-hour and rWCU-hour, $0.25 per GB-month of storage ($0.10 Standard-IA),
$0.20 per GB-month of PITR, $0.02 per 100,000 stream reads. A month is 730 hours =
2,628,000 seconds; a GB is 1,073,741,824 bytes. Each test names the fact it reproduces.
"""

from __future__ import annotations

import pytest

from ddb_architect.cost import units as u
from ddb_architect.cost.bill import Scenario
from ddb_architect.cost.prices import PriceBook
from tests.cost.bills import bill, cents, lines, table, the_line, usd
from tests.specs import codes

# --------------------------------------------------------------------------- §3.5 GSI query


GSI_QUERY = """\
    version: 1
    tables:
      App:
        key: {partition: PK}
        indexes:
          ByTag:
            key: {partition: tag}
            projection: all
        entities:
          Post:
            keys: {PK: "POST#{postId}", tag: "{tag}"}
            item_size: 2000B
            count: 1000
            fields:
              postId: {type: S, format: uuid}
              tag: {type: S, cardinality: 100}
        access_patterns:
          - name: posts-by-tag
            op: Query
            index: ByTag
            key: {tag: "{tag}"}
            items: 8
            rate: 100/s
"""


def test_fact_3_5_gsi_query_of_8_entries_of_2000_bytes_is_2_rru_and_65_70_a_month() -> None:
    """3.5: 8 × 2,000 B = 16,000 B, rounded up to 16 KB = 4 steps, × 0.5 = 2 RRU."""
    cost = table(bill(GSI_QUERY))
    (pattern,) = cost.patterns
    assert pattern.read_units_per_request == 2
    reads = the_line(cost, "reads")
    # 100 req/s × 2,628,000 s = 262,800,000 requests × 2 RRU = 525,600,000 RRU
    assert reads.quantity == pytest.approx(525_600_000)
    # 525,600,000 RRU × $0.125/M = $65.70
    assert usd(reads) == cents(65.70)
    assert pattern.monthly_usd == cents(65.70)


# --------------------------------------------------------------------------- §1.8 Query

QUERY = """\
    version: 1
    tables:
      Orders:
        key: {{partition: PK, sort: SK}}
        entities:
          Line:
            keys: {{PK: "ORDER#{{orderId}}", SK: "LINE#{{lineId}}"}}
            item_size: {size}
            count: 1000
            fields:
              orderId: {{type: S, format: uuid}}
              lineId: {{type: S, format: uuid}}
        access_patterns:
          - name: order-lines
            op: Query
            key: {{PK: "ORDER#{{orderId}}", SK: {{begins_with: "LINE#"}}}}
            items: {items}
            consistent: {consistent}
            rate: {rate}
"""


def test_fact_1_8_query_of_10_items_totalling_40_8_kb_is_44_kb() -> None:
    """1.8: 10 items of 4.08 KB = 40.8 KB (41,779.2 B), summed then rounded once to 44 KB
    = 11 steps; strongly consistent, 11 RCU."""
    cost = table(bill(QUERY.format(size="4.08KB", items=10, consistent="true", rate="10/s")))
    assert cost.patterns[0].read_units_per_request == 11
    # 10 req/s × 2,628,000 s = 26,280,000 requests × 11 RRU = 289,080,000 RRU
    # × $0.125/M = $36.135
    assert usd(the_line(cost, "reads")) == cents(36.135)


def test_fact_1_8_query_of_1500_items_of_64_bytes_is_96_kb() -> None:
    """1.8: 1,500 × 64 B = 96,000 B, rounded once to 96 KB = 24 steps; eventually
    consistent, 12 RRU."""
    cost = table(bill(QUERY.format(size="64B", items=1500, consistent="false", rate="1/s")))
    assert cost.patterns[0].read_units_per_request == 12
    # 2,628,000 requests × 12 RRU = 31,536,000 RRU × $0.125/M = $3.942
    assert usd(the_line(cost, "reads")) == cents(3.942)


def test_fact_1_9_a_filter_does_not_reduce_what_a_query_pays() -> None:
    """1.9: a filter keeping 10 % of what it reads returns 10 items of 1 KB but reads 100:
    100 KB = 25 steps, × 0.5 = 12.5 RRU per request."""
    spec = QUERY.format(size="1KB", items=10, consistent="false", rate="10/s").replace(
        "            items: 10\n",
        "            items: 10\n            filter: {attributes: [status], selectivity: 10%}\n",
    )
    cost = table(bill(spec))
    assert cost.patterns[0].read_units_per_request == 12.5
    # 26,280,000 requests × 12.5 RRU = 328,500,000 RRU × $0.125/M = $41.0625
    assert usd(the_line(cost, "reads")) == cents(41.0625)


# --------------------------------------------------------------------------- §1.7 BatchGetItem

BATCH_GET = """\
    version: 1
    tables:
      Shop:
        key: {partition: PK, sort: SK}
        entities:
          Product:
            keys: {PK: "PRODUCT#{id}", SK: DETAILS}
            item_size: 1.5KB
            count: 1000
            fields: {id: {type: S, format: uuid}}
          Manual:
            keys: {PK: "PRODUCT#{id}", SK: MANUAL}
            item_size: 6.5KB
            count: 1000
            fields: {id: {type: S, format: uuid}}
        access_patterns:
          - name: product-and-manual
            op: BatchGetItem
            entities: [Product, Manual]
            items: 2
            consistent: true
            rate: 1/s
"""


def test_fact_1_7_batch_get_of_1_5_kb_and_6_5_kb_is_12_kb() -> None:
    """1.7: BatchGetItem rounds each item: 1.5 KB → 4 KB and 6.5 KB → 8 KB, 12 KB = 3
    strongly consistent RCU (not 8 KB, which rounding the average size would give)."""
    cost = table(bill(BATCH_GET))
    assert cost.patterns[0].read_units_per_request == 3
    # 2,628,000 requests × 3 RCU = 7,884,000 RRU × $0.125/M = $0.9855
    assert usd(the_line(cost, "reads")) == cents(0.9855)


def test_fact_1_6_get_item_of_either_entity_rounds_each_item() -> None:
    """1.6: a GetItem that reads a Product (1.5 KB → 1 step) or a Manual (6.5 KB → 2
    steps), as often one as the other, reads 1.5 steps on average, not the 1 step of the
    average 4 KB size."""
    spec = BATCH_GET.replace("op: BatchGetItem", "op: GetItem").replace("items: 2\n", "items: 1\n")
    cost = table(bill(spec))
    assert cost.patterns[0].read_units_per_request == 1.5
    # 2,628,000 requests × 1.5 RCU = 3,942,000 RRU × $0.125/M = $0.49275
    assert usd(the_line(cost, "reads")) == cents(0.49275)


# --------------------------------------------------------------------------- §1.4, §1.5

ONE_ITEM = """\
    version: 1
    tables:
      Store:
        key: {{partition: PK}}
        entities:
          Doc:
            keys: {{PK: "DOC#{{id}}"}}
            item_size: {size}
            count: 1000
            fields: {{id: {{type: S, format: uuid}}}}
        access_patterns:
          - name: access
            op: {op}
            entity: Doc
            {extra}
            rate: 1/s
"""


@pytest.mark.parametrize(
    ("op", "size", "extra", "category", "units", "dollars"),
    [
        # 8 KB strongly consistent: 2 steps × 1 = 2 RRU; 2,628,000 × 2 = 5,256,000 × $0.125/M
        ("GetItem", "8KB", 'key: {PK: "DOC#{id}"}\n            consistent: true', "reads", 2, 0.657),
        # 8 KB eventually consistent: 2 × 0.5 = 1 RRU; 2,628,000 × $0.125/M = $0.3285
        ("GetItem", "8KB", 'key: {PK: "DOC#{id}"}', "reads", 1, 0.3285),
        # 8 KB transactional: 2 × 2 = 4 RRU; 10,512,000 × $0.125/M = $1.314
        ("TransactGetItems", "8KB", "items: 1", "reads", 4, 1.314),
        # 3 KB write: 3 WRU; 7,884,000 × $0.625/M = $4.9275
        ("PutItem", "3KB", "", "writes", 3, 4.9275),
        # 3 KB transactional write: 6 WRU; 15,768,000 × $0.625/M = $9.855
        ("TransactWriteItems", "3KB", "items: 1", "writes", 6, 9.855),
    ],
)
def test_fact_1_5_pricing_page_examples_in_dollars(
    op: str, size: str, extra: str, category: str, units: float, dollars: float
) -> None:
    """1.5: reads of an 8 KB item are 2 units strongly consistent, 1 eventually
    consistent, 4 transactional; a 3 KB write is 3 WRU, 6 transactional."""
    cost = table(bill(ONE_ITEM.format(op=op, size=size, extra=extra)))
    pattern = cost.patterns[0]
    per_request = pattern.read_units_per_request if category == "reads" else pattern.write_units_per_request
    assert per_request == units
    assert the_line(cost, category).quantity == pytest.approx(units * 2_628_000)
    assert usd(the_line(cost, category)) == cents(dollars)


def test_fact_1_4_transaction_of_three_500_byte_items_is_6_wru() -> None:
    """1.4: a transaction writing three 500-byte items: 3 × 1 KB × 2 = 6 write units."""
    spec = ONE_ITEM.format(op="TransactWriteItems", size="500B", extra="items: 3")
    cost = table(bill(spec))
    assert cost.patterns[0].write_units_per_request == 6
    # 2,628,000 transactions × 6 WRU = 15,768,000 WRU × $0.625/M = $9.855; that is $1.25
    # per million transactional 1 KB writes (facts 4.1, derived) × 3 items × 2.628 M
    assert usd(the_line(cost, "writes")) == cents(9.855)
    assert usd(the_line(cost, "writes")) == cents(1.25 * 3 * 2.628)


def test_fact_1_4_one_transaction_a_second_of_three_500_byte_items_needs_6_wcu() -> None:
    """1.4: "1 tx/s writing three 500-byte items needs 6 WCU": 6 WCU provisioned are
    enough (no DDB404), 5 are not; 6 WCU cost 6 × 730 h × $0.00065 = $2.847."""
    base = ONE_ITEM.format(op="TransactWriteItems", size="500B", extra="items: 3")
    enough = base.replace(
        "key: {partition: PK}",
        "billing: provisioned\n        capacity: {read: 1, write: 6}\n        key: {partition: PK}",
    )
    assert codes(enough, "DDB404") == []
    assert codes(enough.replace("write: 6", "write: 5"), "DDB404") == ["DDB404"]
    cost = table(bill(enough))
    # 6 WCU × 730 h = 4,380 WCU-hours × $0.00065 = $2.847
    assert usd(the_line(cost, "writes")) == cents(2.847)
    # 1 RCU × 730 h = 730 RCU-hours × $0.00013 = $0.0949
    assert usd(the_line(cost, "reads")) == cents(0.0949)


# --------------------------------------------------------------------------- §3.6 LSI fetch

# The LSI entry is exactly 200 B: PK "CUSTOMER#" + uuid = 2 + 9 + 36 = 47, SK "ORDER#" +
# uuid = 2 + 6 + 36 = 44, orderDate iso8601 = 9 + 24 = 33, status (PENDING|SHIPPED) = 6 + 7
# = 13, summary = 7 + 16 = 23, headline = 8 + 16 = 24, tag = 3 + 13 = 16: 200 B.
LSI_FETCH = """\
    version: 1
    tables:
      Orders:
        key: {partition: PK, sort: SK}
        indexes:
          ByDate:
            local: true
            key: {partition: PK, sort: orderDate}
            projection: [status, summary, headline, tag]
        entities:
          Order:
            keys: {PK: "CUSTOMER#{customerId}", SK: "ORDER#{orderId}", orderDate: "{orderDate}"}
            item_size: 300B
            count: 1000
            fields:
              customerId: {type: S, format: uuid}
              orderId: {type: S, format: uuid}
              orderDate: {type: S, format: iso8601}
              status: {type: S, values: [PENDING, SHIPPED]}
              summary: {type: S, max_length: 16}
              headline: {type: S, max_length: 16}
              tag: {type: S, max_length: 13}
              total: {type: N}
        access_patterns:
          - name: recent-orders
            op: Query
            index: ByDate
            key: {PK: "CUSTOMER#{customerId}", orderDate: {">=": "2024-01-01"}}
            items: 4
            needs: [status, total]
            consistent: true
            rate: 1/s
"""


def test_fact_3_6_lsi_fetch_example_is_20_kb() -> None:
    """3.6: 4 matches of 200 B entries = 800 B → 4 KB on the index, plus 4 fetches of the
    300 B item, each rounded to 4 KB: 20 KB, 5 strongly consistent RCU."""
    cost = table(bill(LSI_FETCH))
    pattern = cost.patterns[0]
    assert pattern.load is not None
    assert pattern.read_units_per_request == 5
    assert pattern.load.fetch_units == 4
    # 2,628,000 requests × 5 RRU = 13,140,000 RRU × $0.125/M = $1.6425
    assert usd(the_line(cost, "reads")) == cents(1.6425)


def test_fact_3_6_the_lsi_entry_of_the_example_is_200_bytes() -> None:
    """The spec above gives 200 B entries (facts 2.9: table key, index key, projected
    attributes); stored with 100 B of overhead, 1,000 entries take 300,000 B."""
    cost = table(bill(LSI_FETCH))
    index = the_line(cost, "index-storage", "ByDate")
    # 1,000 × (200 + 100) B = 300,000 B = 0.000279396772 GB × $0.25 = $0.0000698
    assert index.quantity == pytest.approx(300_000 / 1024**3)
    # PITR is off, so no backups line
    assert lines(cost, "backups") == []


# --------------------------------------------------------------------------- §2.7 23 bytes


def test_fact_2_7_the_23_byte_item_in_dollars() -> None:
    """2.7: {"shirt-color": "R", "shirt-size": "M"} is 11 + 1 + 10 + 1 = 23 bytes: one
    write unit, half a read unit eventually consistent, 123 bytes stored (2.8)."""
    assert u.item_bytes({"shirt-color": "R", "shirt-size": "M"}) == 23
    spec = """\
        version: 1
        tables:
          Shirts:
            key: {partition: sku}
            entities:
              Shirt:
                keys: {sku: "{sku}"}
                item_size: 23B
                count: 1M
                fields: {sku: {type: S, format: uuid}}
            access_patterns:
              - name: get-shirt
                op: GetItem
                entity: Shirt
                key: {sku: "{sku}"}
                rate: 10/s
              - name: put-shirt
                op: PutItem
                entity: Shirt
                rate: 10/s
    """
    cost = table(bill(spec))
    # 26,280,000 reads × 0.5 RRU = 13,140,000 RRU × $0.125/M = $1.6425
    assert usd(the_line(cost, "reads")) == cents(1.6425)
    # 26,280,000 writes × 1 WRU × $0.625/M = $16.425
    assert usd(the_line(cost, "writes")) == cents(16.425)
    storage = the_line(cost, "storage")
    # 1,000,000 × (23 + 100) B = 123,000,000 B = 0.114552 GB × $0.25 = $0.028638
    assert storage.quantity == pytest.approx(123_000_000 / 1024**3)
    assert usd(storage) == pytest.approx(0.0286381, abs=1e-6)
    assert cost.monthly_usd == cents(1.6425 + 16.425 + 0.028638)


# --------------------------------------------------------------------------- §2.11 storage


def test_fact_2_11_storage_averaging_27_gb_less_25_free_is_50_cents() -> None:
    """2.11: 25 GB growing to 29 GB over the month averages 27 GB; less the 25 GB free
    tier (§5), 2 GB × $0.25 = $0.50. Items of 924 B + 100 B overhead take 1 KB each, so
    25 GB is 26,214,400 items and 4 GB a month is 4,194,304 items a month."""
    spec = """\
        version: 1
        pricing: {free_tier: true}
        tables:
          Events:
            key: {partition: PK}
            entities:
              Event:
                keys: {PK: "EVENT#{id}"}
                item_size: 924B
                count: 26_214_400
                growth: 4_194_304/month
                fields: {id: {type: S, format: uuid}}
    """
    result = bill(spec)
    cost = table(result)
    storage = the_line(cost, "storage")
    # (26,214,400 + 4,194,304 / 2) items × 1,024 B = 27 × 1,073,741,824 B = 27 GB
    assert storage.quantity == pytest.approx(27.0)
    assert usd(storage) == cents(6.75)
    (credit,) = result.credits
    assert credit.subject == "storage"
    # 25 GB × $0.25 = $6.25 off
    assert usd(credit) == cents(-6.25)
    # No access pattern writes the events, so the bill adds the puts their growth implies:
    # 4,194,304 puts × 1 WRU (924 B) × $0.625/M = $2.62144
    (implied,) = cost.patterns
    assert implied.implied
    assert usd(the_line(cost, "writes")) == cents(2.62144)
    assert result.total_monthly_usd == cents(0.50 + 2.62144)


# --------------------------------------------------------------------------- §2.8, §2.9, PITR


def test_fact_2_8_a_global_table_stores_48_more_bytes_per_item() -> None:
    """2.8: 876 B items in a global table take 876 + 100 + 48 = 1,024 B; 1,048,576 of them
    are 1 GB, in this Region and in the replica's."""
    spec = """\
        version: 1
        tables:
          Global:
            key: {partition: PK}
            replicas: [us-east-1, us-east-2]
            entities:
              Thing:
                keys: {PK: "THING#{id}"}
                item_size: 876B
                count: 1_048_576
                fields: {id: {type: S, format: uuid}}
    """
    cost = table(bill(spec))
    # 1,048,576 × 1,024 B = 1 GB × $0.25 = $0.25
    assert the_line(cost, "storage").quantity == pytest.approx(1.0)
    assert usd(the_line(cost, "storage")) == cents(0.25)
    replica = the_line(cost, "replication", "us-east-2", "GB-month")
    assert replica.quantity == pytest.approx(1.0)
    assert usd(replica) == cents(0.25)


PITR = """\
    version: 1
    tables:
      Docs:
        key: {partition: PK, sort: SK}
        pitr: true
        indexes:
          ByOwner:
            key: {partition: owner}
            projection: all
          ByTitle:
            local: true
            key: {partition: PK, sort: title}
            projection: all
        entities:
          Doc:
            keys: {PK: "DOC#{id}", SK: "V#{version}", owner: "{owner}", title: "{title}"}
            item_size: 924B
            count: 2_097_152
            fields:
              id: {type: S, format: uuid}
              version: {type: N}
              owner: {type: S, cardinality: 1000}
              title: {type: S}
"""


def test_fact_4_1_pitr_is_priced_on_table_and_local_index_size_not_global_indexes() -> None:
    """4.1 (PITR) and 2.9: 2,097,152 items of 924 B take 2 GB (1,024 B each); the LSI and
    GSI project all, so each entry is 924 B + 100 B too, 2 GB each. PITR covers the
    table and its LSI: 4 GB × $0.20 = $0.80."""
    cost = table(bill(PITR))
    # 2,097,152 × 1,024 B = 2 GB × $0.25 = $0.50, for the items and for each index
    assert usd(the_line(cost, "storage")) == cents(0.50)
    assert usd(the_line(cost, "index-storage", "ByOwner")) == cents(0.50)
    assert usd(the_line(cost, "index-storage", "ByTitle")) == cents(0.50)
    backups = the_line(cost, "backups")
    assert backups.quantity == pytest.approx(4.0)
    # (2 GB + 2 GB) × $0.20 = $0.80
    assert usd(backups) == cents(0.80)
    assert cost.monthly_usd == cents(0.50 * 3 + 0.80)


# --------------------------------------------------------------------------- §3.2, §3.3, §3.10

# A 1 KB user with a keys-only GSI whose entry is PK "USER#" + uuid (2 + 5 + 36 = 43) and
# email "{email}" (5 + 16 = 21): 64 B, one write unit.
INDEX_WRITES = """\
    version: 1
    tables:
      Users:
        key: {{partition: PK}}
        class: {cls}
        indexes:
          ByEmail:
            key: {{partition: email}}
            projection: keys-only
          ByName:
            local: false
            key: {{partition: name}}
            projection: all
        entities:
          User:
            keys: {{PK: "USER#{{id}}", email: "{{email}}"}}
            item_size: 1KB
            count: 1000
            fields:
              id: {{type: S, format: uuid}}
              email: {{type: S, unique: true}}
        access_patterns:
          - name: change-email
            op: UpdateItem
            entity: User
            changes: [email]
            rate: 10/s
"""


def test_fact_3_2_an_index_key_change_costs_two_index_writes() -> None:
    """3.2: an update that changes the GSI key deletes the old entry and puts the new
    one: 2 writes of the 64 B entry = 2 WRU on the index; the 1 KB item is 1 WRU. The
    ByName index, which the User is not in (sparse, 2.10), costs nothing."""
    cost = table(bill(INDEX_WRITES.format(cls="standard")))
    # 26,280,000 updates × 1 WRU = 26,280,000 WRU × $0.625/M = $16.425
    assert usd(the_line(cost, "writes")) == cents(16.425)
    # 26,280,000 × 2 WRU = 52,560,000 WRU × $0.625/M = $32.85
    index = the_line(cost, "index-writes", "ByEmail")
    assert index.quantity == pytest.approx(52_560_000)
    assert usd(index) == cents(32.85)
    assert lines(cost, "index-writes", "ByName") == []


def test_fact_3_8_a_global_index_is_billed_at_the_table_class_prices() -> None:
    """3.8 and 4.1: on Standard-IA the same writes cost $0.78 per million WRU, on the
    table and on its GSI alike."""
    cost = table(bill(INDEX_WRITES.format(cls="standard-ia")))
    # 26,280,000 WRU × $0.78/M = $20.4984
    assert usd(the_line(cost, "writes")) == cents(20.4984)
    # 52,560,000 WRU × $0.78/M = $40.9968
    assert usd(the_line(cost, "index-writes", "ByEmail")) == cents(40.9968)


def test_fact_3_3_and_3_10_lsi_writes_and_transactional_index_writes() -> None:
    """3.3: an LSI entry is written on the table's write units. 3.10 (UNCONFIRMED,
    AWS's own measurements): a transaction writes its index entries once, not twice. A
    transaction of 2 items of 1 KB: 2 × 1 × 2 = 4 WRU on the table, plus 2 × 1 WRU for the
    LSI entries (all projection: 1 KB each) and 2 × 1 WRU on the keys-only GSI."""
    spec = """\
        version: 1
        tables:
          Ledger:
            key: {partition: PK, sort: SK}
            indexes:
              ByAmount:
                local: true
                key: {partition: PK, sort: amount}
                projection: all
              ByRef:
                key: {partition: ref}
                projection: keys-only
            attributes: {amount: N}
            entities:
              Entry:
                keys: {PK: "ACCOUNT#{accountId}", SK: "ENTRY#{entryId}", amount: "{amount}", ref: "{ref}"}
                item_size: 1KB
                count: 1000
                fields:
                  accountId: {type: S, format: uuid}
                  entryId: {type: S, format: uuid}
                  amount: {type: N}
                  ref: {type: S, unique: true}
            access_patterns:
              - name: transfer
                op: TransactWriteItems
                entity: Entry
                items: 2
                rate: 1/s
    """
    cost = table(bill(spec))
    pattern = cost.patterns[0]
    assert pattern.load is not None
    assert pattern.load.write_units == 6  # 4 on the table + 2 LSI entries
    assert pattern.load.gsi_write_units == {"ByRef": 2}
    # 2,628,000 × 4 WRU = 10,512,000 WRU × $0.625/M = $6.57
    assert usd(the_line(cost, "writes")) == cents(6.57)
    # LSI: 2,628,000 × 2 WRU = 5,256,000 WRU × $0.625/M = $3.285, and the same on the GSI
    assert usd(the_line(cost, "index-writes", "ByAmount")) == cents(3.285)
    assert usd(the_line(cost, "index-writes", "ByRef")) == cents(3.285)


# --------------------------------------------------------------------------- §1.17 pages


def test_fact_1_17_a_scan_of_a_1_mb_table_is_128_rru_per_pass() -> None:
    """1.17: 1,024 items of 1 KB are one full 1 MB page: 256 steps × 0.5 = 128 RRU."""
    spec = """\
        version: 1
        tables:
          Small:
            key: {partition: PK}
            entities:
              Row:
                keys: {PK: "ROW#{id}"}
                item_size: 1KB
                count: 1024
                fields: {id: {type: S, format: uuid}}
            access_patterns:
              - name: everything
                op: Scan
                rate: 1/s
    """
    cost = table(bill(spec))
    assert cost.patterns[0].read_units_per_request == 128
    # 2,628,000 passes × 128 RRU = 336,384,000 RRU × $0.125/M = $42.048
    assert usd(the_line(cost, "reads")) == cents(42.048)


# --------------------------------------------------------------------------- §1.20, §4.1 prices


def test_fact_1_20_provisioned_breaks_even_at_28_9_percent_utilization() -> None:
    """1.20: a fully used WCU for an hour on demand is 3,600 WRU × $0.625/M = $0.00225,
    against $0.00065 provisioned: 0.00065 / 0.00225 = 28.9 %; the read side gives the
    same ($0.00013 against 3,600 × $0.125/M = $0.00045)."""
    book = PriceBook.for_region("us-east-1")
    wru, wcu = book.get("write_request_unit"), book.get("write_capacity_unit_hour")
    rru, rcu = book.get("read_request_unit"), book.get("read_capacity_unit_hour")
    assert wru is not None
    assert wcu is not None
    assert rru is not None
    assert rcu is not None
    assert 3600 * wru.per_unit == pytest.approx(0.00225)
    assert wcu.per_unit / (3600 * wru.per_unit) == pytest.approx(0.2889, abs=1e-4)
    assert rcu.per_unit / (3600 * rru.per_unit) == pytest.approx(0.2889, abs=1e-4)


# --------------------------------------------------------------------------- §4.1 reserved

RESERVED = """\
    version: 1
    tables:
      Steady:
        billing: provisioned
        capacity: {read: 500, write: 300}
        key: {partition: PK}
        entities:
          Row:
            keys: {PK: "ROW#{id}"}
            item_size: 1KB
            count: 1000
            fields: {id: {type: S, format: uuid}}
"""


def test_fact_4_1_reserved_capacity_is_1_50_plus_0_000128_an_hour_per_wcu() -> None:
    """4.1: 1-year reserved capacity is $150 upfront + $0.0128/h per 100 WCU ($1.50 +
    $0.000128/h per WCU) and $30 + $0.0025/h per 100 RCU. A month of it is a twelfth of
    the upfront fee plus 730 hours."""
    cost = table(bill(RESERVED, scenario=Scenario(reserved=True)))
    writes = the_line(cost, "writes")
    assert writes.quantity == 300
    # per WCU: $1.50 / 12 + $0.000128 × 730 = $0.125 + $0.09344 = $0.21844;
    # 300 WCU = 3 × 100 × $0.21844 = $65.532
    assert usd(writes) == cents(65.532)
    reads = the_line(cost, "reads")
    # per 100 RCU: $30 / 12 + $0.0025 × 730 = $2.50 + $1.825 = $4.325; × 5 = $21.625
    assert usd(reads) == cents(21.625)
    plain = table(bill(RESERVED))
    # 300 WCU × 730 h × $0.00065 = $142.35; 500 RCU × 730 h × $0.00013 = $47.45
    assert usd(the_line(plain, "writes")) == cents(142.35)
    assert usd(the_line(plain, "reads")) == cents(47.45)


def test_fact_4_1_reserved_capacity_saves_54_percent_over_a_year() -> None:
    """4.1: "consistent with RC's up to 54 %": a WCU for a year costs 8,760 h × $0.00065
    = $5.694, reserved $1.50 + 8,760 × $0.000128 = $2.62128: 54 % less."""
    plain = table(bill(RESERVED))
    reserved = table(bill(RESERVED, scenario=Scenario(reserved=True)))
    saving = 1 - usd(the_line(reserved, "writes")) / usd(the_line(plain, "writes"))
    assert saving == pytest.approx(1 - 2.62128 / 5.694, abs=1e-4)
    assert round(saving, 2) == 0.54


# --------------------------------------------------------------------------- §6.6 streams


def test_fact_6_6_stream_reads_are_0_02_per_100k_with_2_5_million_free() -> None:
    """6.6 and §5: one polling consumer reading one shard once a second makes 2,628,000
    GetRecords calls a month: × $0.02/100K = $0.5256; 2,500,000 are free ($0.50). A Lambda
    trigger reads for free."""
    spec = """\
        version: 1
        {pricing}
        tables:
          Feed:
            key: {{partition: PK}}
            stream: {{view: new-image, consumers: [indexer, {{name: notifier, lambda: true}}]}}
            entities:
              Item:
                keys: {{PK: "ITEM#{{id}}"}}
                item_size: 1KB
                count: 1000
                fields: {{id: {{type: S, format: uuid}}}}
    """
    cost = table(bill(spec.format(pricing="")))
    streams = the_line(cost, "streams")
    assert streams.quantity == 2_628_000
    assert usd(streams) == cents(0.5256)
    free = bill(spec.format(pricing="pricing: {free_tier: true}"))
    stream_credit = next(c for c in free.credits if c.subject == "stream reads")
    # 2,500,000 × $0.02/100K = $0.50 off
    assert usd(stream_credit) == cents(-0.50)


# --------------------------------------------------------------------------- §6.7 global tables

GLOBAL_WRITES = """\
    version: 1
    region: us-east-1
    tables:
      Orders:
        key: {{partition: PK}}
        {replicas}
        {indexes}
        entities:
          Order:
            keys: {{PK: "ORDER#{{id}}"{gsi_key}}}
            item_size: 1KB
            count: 1000
            fields: {{id: {{type: S, format: uuid}}, customer: {{type: S, cardinality: 100}}}}
        access_patterns:
          - name: put-order
            op: PutItem
            entity: Order
            rate: {rate}/month
"""


def _units(cost_lines: list[tuple[str, float]], unit: str) -> float:
    return sum(quantity for line_unit, quantity in cost_lines if line_unit == unit)


def test_fact_6_7_global_tables_billing_example_is_500_wru_and_700_rwru() -> None:
    """6.7 (GTB): day 1, one Region, 100 writes of 1 KB = 100 WRU; day 2, two replicas,
    150 writes = 150 rWRU × 2 Regions = 300 rWRU; day 3, an ALL-projection GSI, 200 writes
    = 400 rWRU + 400 WRU (the GSI's, in each Region, 3.11). 500 WRU + 700 rWRU."""
    day1 = GLOBAL_WRITES.format(replicas="", indexes="", gsi_key="", rate=100)
    day2 = GLOBAL_WRITES.format(replicas="replicas: [us-east-1, us-east-2]", indexes="", gsi_key="", rate=150)
    day3 = GLOBAL_WRITES.format(
        replicas="replicas: [us-east-1, us-east-2]",
        indexes="indexes: {ByCustomer: {key: {partition: customer}, projection: all}}",
        gsi_key=', customer: "{customer}"',
        rate=200,
    )
    units: list[tuple[str, float]] = []
    total = 0.0
    for spec in (day1, day2, day3):
        cost = table(bill(spec))
        units += [(line.unit, line.quantity) for line in cost.lines if line.unit in ("WRU", "rWRU")]
        total += sum(usd(line) for line in cost.lines if line.unit in ("WRU", "rWRU"))
    assert _units(units, "WRU") == pytest.approx(500)
    assert _units(units, "rWRU") == pytest.approx(700)
    # 1,200 write units × $0.625/M = $0.00075 (rWRU priced as WRU, GTB)
    assert total == pytest.approx(0.00075)


GT23 = """\
    version: 1
    region: us-east-2
    {pricing}
    tables:
      Orders:
        billing: provisioned
        capacity: {{read: 1, write: {write}}}
        key: {{partition: PK}}
        replicas: [us-east-2, us-east-1, eu-west-1]
        entities:
          Order:
            keys: {{PK: "ORDER#{{id}}"}}
            item_size: 1KB
            count: 1000
            fields: {{id: {{type: S, format: uuid}}}}
        access_patterns:
          - name: put-order
            description: 5 writes/s in Ohio, 10 in Virginia, 5 in Ireland
            op: PutItem
            entity: Order
            rate: 20/s
"""


def test_fact_6_7_provisioned_global_table_needs_20_rwcu_in_each_region() -> None:
    """6.7 (GT23): 5 + 10 + 5 writes/s across Ohio, Virginia and Ireland need 20 rWCU in
    each Region, 60 in total: 60 × 730 h × $0.00065 = $28.47. The price table has no
    provisioned prices for eu-west-1 (4.3), so they are given under pricing:."""
    pricing = "pricing: {replicated_write_capacity_unit_hour: 0.00065, read_capacity_unit_hour: 0.00013}"
    spec = GT23.format(pricing=pricing, write=20)
    assert codes(spec, "DDB404") == []
    assert codes(GT23.format(pricing=pricing, write=19), "DDB404") == ["DDB404"]
    cost = table(bill(spec))
    rwcu = [line for line in cost.lines if line.unit == "rWCU-hours"]
    assert sorted(line.subject for line in rwcu) == ["Orders", "eu-west-1", "us-east-1"]
    assert [line.quantity for line in rwcu] == [20 * 730] * 3
    # 60 rWCU × 730 h = 43,800 rWCU-hours × $0.00065 = $28.47
    assert sum(usd(line) for line in rwcu) == cents(28.47)
    # and 1 RCU in each Region: 3 × 730 h × $0.00013 = $0.2847
    rcu = [line for line in cost.lines if line.unit == "RCU-hours"]
    assert sum(usd(line) for line in rcu) == cents(0.2847)


def test_fact_6_7_without_prices_for_ireland_its_capacity_stays_unpriced() -> None:
    """4.3: eu-west-1 has no provisioned prices: its lines are unpriced and say so; the
    two US Regions are priced (2 × 20 rWCU × 730 h × $0.00065 = $18.98)."""
    cost = table(bill(GT23.format(pricing="", write=20)))
    ireland = lines(cost, "replication", "eu-west-1")
    capacity = [line for line in ireland if line.unit.endswith("-hours")]
    assert len(capacity) == 2
    for line in capacity:
        assert line.monthly_usd is None
        assert "not priced" in line.formula
        assert "eu-west-1" in line.formula
    assert not cost.complete
    rwcu = [line for line in cost.lines if line.unit == "rWCU-hours" and line.priced]
    assert sum(usd(line) for line in rwcu) == cents(18.98)


def test_fact_6_6_a_ttl_delete_is_free_here_and_a_replicated_write_elsewhere() -> None:
    """6.6: TTL deletes are free in the Region where the item expires, but each
    replicated delete costs rWRU in every other replica Region. 1,000 items of 2 KB a
    day live 30 days (count 30,000 = the steady state), so 1,000 expire a day:
    1,000 × 2,628,000 / 86,400 = 30,416.67 deletes a month × 2 rWRU (a 2 KB item, 1.14)
    = 60,833.33 rWRU in us-east-2 × $0.625/M = $0.038021."""
    spec = """\
        version: 1
        tables:
          Sessions:
            key: {partition: PK}
            ttl: expiresAt
            attributes: {expiresAt: N}
            replicas: [us-east-1, us-east-2]
            entities:
              Session:
                keys: {PK: "SESSION#{id}"}
                item_size: 2KB
                count: 30_000
                growth: 1000/day
                retention: 30d
                fields: {id: {type: S, format: uuid}}
    """
    cost = table(bill(spec))
    # No access pattern writes the sessions, so the bill adds the puts their growth implies:
    # 30,416.67 puts a month × 2 rWRU = 60,833.33 rWRU in each Region.
    replicated = [line for line in lines(cost, "replication", "us-east-2") if line.unit == "rWRU"]
    assert len(replicated) == 1
    # us-east-2: the replicated puts and the replicated TTL deletes, 60,833.33 rWRU each
    assert replicated[0].quantity == pytest.approx(2 * 60_833.333, rel=1e-6)
    assert usd(replicated[0]) == pytest.approx(2 * 0.0380208, abs=1e-6)
    # us-east-1, where the items expire: the puts only, the deletes are free here
    (here,) = [line for line in cost.lines if line.unit in ("WRU", "rWRU") and line.subject == "Sessions"]
    assert here.quantity == pytest.approx(60_833.333, rel=1e-6)


def test_fact_1_4_and_6_7_a_transaction_in_a_global_table() -> None:
    """1.4 doubles a transaction's writes for the prepare and the commit, both in the
    Region that runs it; the replica receives the committed items as plain replicated
    writes (the bill's reading: facts 6.7 and 8 are silent). 2 items of 1 KB a second:
    4 rWRU here, 2 rWRU in us-east-2; the GSI entries once each in both Regions (3.10,
    3.11)."""
    spec = """\
        version: 1
        tables:
          Ledger:
            key: {partition: PK}
            replicas: [us-east-1, us-east-2]
            indexes:
              ByRef: {key: {partition: ref}, projection: keys-only}
            entities:
              Entry:
                keys: {PK: "E#{id}", ref: "{ref}"}
                item_size: 1KB
                count: 1000
                fields: {id: {type: S, format: uuid}, ref: {type: S, unique: true}}
            access_patterns:
              - name: transfer
                op: TransactWriteItems
                entity: Entry
                items: 2
                rate: 1/s
    """
    cost = table(bill(spec))
    # 2,628,000 × 4 rWRU = 10,512,000 rWRU × $0.625/M = $6.57
    assert usd(the_line(cost, "writes", unit="rWRU")) == cents(6.57)
    # us-east-2: 2,628,000 × 2 rWRU = 5,256,000 rWRU × $0.625/M = $3.285
    assert usd(the_line(cost, "replication", "us-east-2", "rWRU")) == cents(3.285)
    # the GSI: 2,628,000 × 2 WRU in each Region = $3.285 each
    assert usd(the_line(cost, "index-writes", "ByRef")) == cents(3.285)
    assert usd(the_line(cost, "replication", "us-east-2", "WRU")) == cents(3.285)
