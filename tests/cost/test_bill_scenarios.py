"""Whole bills, computed by hand: every line of each scenario's bill and its total,
written out from the prices of ``dynamodb-facts.md`` §4 and compared to the cent.

Prices (us-east-1, facts 4.1): reads $0.125/M RRU (Standard-IA $0.155/M), writes and
replicated writes $0.625/M WRU (Standard-IA $0.78/M), provisioned $0.00013 per RCU-hour
and $0.00065 per WCU-hour (and rWCU-hour), storage $0.25 per GB-month (Standard-IA $0.10),
PITR $0.20 per GB-month, stream reads $0.02 per 100,000, 1-year reserved capacity $150 +
$0.0128/h per 100 WCU and $30 + $0.0025/h per 100 RCU, inter-Region transfer $0.09/GB
(unconfirmed). eu-west-1 (facts 4.3): $0.1415/M RRU, $0.705/M WRU, $0.283 per GB-month.
A month is 730 h = 2,628,000 s; a GB is 2^30 bytes; items take their size + 100 B (+48 B
in a global table), index entries their keys and projected attributes + 100 B.

Most scenarios use items of 924 B, which take 1,024 B stored, so 1,048,576 (2^20) items
are exactly 1 GB.
"""

from __future__ import annotations

import pytest

from ddb_architect.cost.bill import Bill, Scenario, TableCost
from tests.cost.bills import assert_credits, bill, cents, lines, table, the_line, usd


def priced_lines(cost: TableCost) -> dict[tuple[str, str, str], float]:
    """(category, subject, unit) → dollars of every line (lines with the same key summed);
    every line must be priced."""
    result: dict[tuple[str, str, str], float] = {}
    for line in cost.lines:
        key = (line.category, line.subject, line.unit)
        result[key] = result.get(key, 0.0) + usd(line)
    return result


def assert_bill(cost: TableCost, expected: dict[tuple[str, str, str], float], total: float) -> None:
    """Every line of the bill, and nothing else, to the cent; and the total."""
    assert priced_lines(cost) == pytest.approx(expected, abs=0.005)
    assert sum(expected.values()) == pytest.approx(total, abs=0.005)
    assert cost.monthly_usd == cents(total)


# --------------------------------------------------------------------------- the shop

# Orders of 924 B (1 KB stored); 10,485,760 of them are 10 GB. The keys-only GSI's entry:
# PK "ORDER#" + uuid = 2 + 6 + 36 = 44 B, SK "DETAILS" = 2 + 7 = 9 B, GSI1PK "CUST#" +
# uuid = 6 + 5 + 36 = 47 B, GSI1SK iso8601 = 6 + 24 = 30 B: 130 B, 230 B stored.
SHOP = """\
    version: 1
    region: {region}
    {pricing}
    tables:
      Shop:
        billing: {billing}
        {capacity}
        class: {cls}
        key: {{partition: PK, sort: SK}}
        indexes:
          ByCustomer:
            key: {{partition: GSI1PK, sort: GSI1SK}}
            projection: keys-only
            {gsi_capacity}
        entities:
          Order:
            keys: {{PK: "ORDER#{{orderId}}", SK: DETAILS, GSI1PK: "CUST#{{customerId}}", GSI1SK: "{{createdAt}}"}}
            item_size: 924B
            count: 10_485_760
            fields:
              orderId: {{type: S, format: uuid}}
              customerId: {{type: S, format: uuid}}
              createdAt: {{type: S, format: iso8601}}
        access_patterns:
          - name: get-order
            op: GetItem
            entity: Order
            key: {{PK: "ORDER#{{orderId}}", SK: DETAILS}}
            rate: 200/s
          - name: customer-orders
            op: Query
            index: ByCustomer
            key: {{GSI1PK: "CUST#{{customerId}}"}}
            items: 10
            rate: 50/s
          - name: place-order
            op: PutItem
            entity: Order
            rate: 20/s
"""


def shop(
    *,
    region: str = "us-east-1",
    pricing: str = "",
    billing: str = "on-demand",
    capacity: str = "",
    cls: str = "standard",
    gsi_capacity: str = "",
) -> str:
    return SHOP.format(
        region=region, pricing=pricing, billing=billing, capacity=capacity, cls=cls, gsi_capacity=gsi_capacity
    )


# Reads: get-order 200/s × 2,628,000 s = 525,600,000 × 0.5 RRU (924 B → 1 step, eventually
# consistent) = 262,800,000 RRU; customer-orders 50/s × 2,628,000 = 131,400,000 × 0.5 RRU
# (10 × 130 B = 1,300 B → 1 step) = 65,700,000 RRU; 328,500,000 RRU in all.
# Writes: 20/s × 2,628,000 = 52,560,000 puts × 1 WRU on the table, × 1 WRU on the GSI.
# Storage: 10 GB of items; 10,485,760 × 230 B = 2,411,724,800 B = 2.24609375 GB of index.
SHOP_ON_DEMAND = {
    ("reads", "Shop", "RRU"): 41.0625,  # 328,500,000 RRU × $0.125/M
    ("writes", "Shop", "WRU"): 32.85,  # 52,560,000 WRU × $0.625/M
    ("index-writes", "ByCustomer", "WRU"): 32.85,  # 52,560,000 WRU × $0.625/M
    ("storage", "Shop", "GB-month"): 2.50,  # 10 GB × $0.25
    ("index-storage", "ByCustomer", "GB-month"): 0.5615234375,  # 2.24609375 GB × $0.25
}


def test_scenario_1_on_demand_standard() -> None:
    """On-demand, Standard: $41.0625 + $32.85 + $32.85 + $2.50 + $0.5615 = $109.82."""
    cost = table(bill(shop()))
    assert_bill(cost, SHOP_ON_DEMAND, 109.8240234375)
    by_name = {p.name: p.monthly_usd for p in cost.patterns}
    # 262,800,000 RRU × $0.125/M = $32.85; 65,700,000 RRU × $0.125/M = $8.2125;
    # 52,560,000 × (1 + 1) WRU × $0.625/M = $65.70
    assert by_name == pytest.approx({"get-order": 32.85, "customer-orders": 8.2125, "place-order": 65.70})
    (index,) = cost.indexes
    assert index.monthly_usd == cents(32.85 + 0.5615234375)


def test_scenario_2_provisioned_with_declared_capacity() -> None:
    """Provisioned, table 150 RCU / 30 WCU, GSI 40 RCU / 30 WCU, whatever the traffic:
    capacity-hours of each pool, and the same storage as on demand."""
    cost = table(
        bill(
            shop(
                billing="provisioned",
                capacity="capacity: {read: 150, write: 30}",
                gsi_capacity="capacity: {read: 40, write: 30}",
            )
        )
    )
    expected = {
        ("reads", "Shop", "RCU-hours"): 14.235,  # 150 RCU × 730 h = 109,500 × $0.00013
        ("writes", "Shop", "WCU-hours"): 14.235,  # 30 WCU × 730 h = 21,900 × $0.00065
        ("index-reads", "ByCustomer", "RCU-hours"): 3.796,  # 40 × 730 = 29,200 × $0.00013
        ("index-writes", "ByCustomer", "WCU-hours"): 14.235,  # 30 × 730 = 21,900 × $0.00065
        ("storage", "Shop", "GB-month"): 2.50,
        ("index-storage", "ByCustomer", "GB-month"): 0.5615234375,
    }
    # 14.235 × 3 + 3.796 + 2.50 + 0.5615234375 = $49.5625
    assert_bill(cost, expected, 49.5625234375)
    assert cost.capacity == {"Shop": (150, 30), "ByCustomer": (40, 30)}


def test_scenario_2_on_demand_against_provisioned_at_the_peaks() -> None:
    """The on-demand shop priced provisioned at its peaks with 70 % headroom (what DDB401
    compares): table 100 RCU / 20 WCU of load, GSI 25 RCU (50/s × 0.5) / 20 WCU."""
    cost = table(bill(shop(), scenario=Scenario(billing="provisioned", derive_capacity=True)))
    # ceil(100 / 0.7) = 143 RCU, ceil(20 / 0.7) = 29 WCU; GSI ceil(25 / 0.7) = 36 RCU, 29 WCU
    assert cost.capacity == {"Shop": (143, 29), "ByCustomer": (36, 29)}
    expected = {
        ("reads", "Shop", "RCU-hours"): 13.5707,  # 143 × 730 h = 104,390 × $0.00013
        ("writes", "Shop", "WCU-hours"): 13.7605,  # 29 × 730 h = 21,170 × $0.00065
        ("index-reads", "ByCustomer", "RCU-hours"): 3.4164,  # 36 × 730 = 26,280 × $0.00013
        ("index-writes", "ByCustomer", "WCU-hours"): 13.7605,
        ("storage", "Shop", "GB-month"): 2.50,
        ("index-storage", "ByCustomer", "GB-month"): 0.5615234375,
    }
    assert_bill(cost, expected, 47.5696234375)


# --------------------------------------------------------------------------- table classes

# 100 GB of 924 B items (104,857,600 of them), read and written once a second.
ARCHIVE = """\
    version: 1
    {pricing}
    tables:
      Archive:
        class: {cls}
        key: {{partition: PK}}
        entities:
          Record:
            keys: {{PK: "REC#{{id}}"}}
            item_size: 924B
            count: 104_857_600
            fields: {{id: {{type: S, format: uuid}}}}
        access_patterns:
          - name: get-record
            op: GetItem
            entity: Record
            key: {{PK: "REC#{{id}}"}}
            rate: 1/s
          - name: put-record
            op: PutItem
            entity: Record
            rate: 1/s
"""


def test_scenario_3_standard_against_standard_ia() -> None:
    """Storage dominates: Standard $26.81, Standard-IA $12.25 (facts 6.6: ~60 % less
    storage, ~25 % more per request)."""
    standard = table(bill(ARCHIVE.format(pricing="", cls="standard")))
    assert_bill(
        standard,
        {
            ("reads", "Archive", "RRU"): 0.16425,  # 2,628,000 × 0.5 = 1,314,000 RRU × $0.125/M
            ("writes", "Archive", "WRU"): 1.6425,  # 2,628,000 WRU × $0.625/M
            ("storage", "Archive", "GB-month"): 25.0,  # 100 GB × $0.25
        },
        26.80675,
    )
    infrequent = table(bill(ARCHIVE.format(pricing="", cls="standard-ia")))
    assert_bill(
        infrequent,
        {
            ("reads", "Archive", "RRU"): 0.20367,  # 1,314,000 RRU × $0.155/M
            ("writes", "Archive", "WRU"): 2.04984,  # 2,628,000 WRU × $0.78/M
            ("storage", "Archive", "GB-month"): 10.0,  # 100 GB × $0.10
        },
        12.25351,
    )
    # the same table priced as Standard-IA through a scenario gives the same bill
    alternative = table(
        bill(ARCHIVE.format(pricing="", cls="standard"), scenario=Scenario(table_class="standard-ia"))
    )
    assert alternative.monthly_usd == cents(12.25351)


def test_scenario_3_free_tier_applies_to_standard_only() -> None:
    """§5: 25 GB a month are free on Standard ($6.25 off $26.81 = $20.56); Standard-IA
    has no free tier, its bill stays $12.25."""
    standard = bill(ARCHIVE.format(pricing="pricing: {free_tier: true}", cls="standard"))
    assert [(c.subject, c.quantity) for c in standard.credits] == [("storage", 25)]
    assert standard.total_monthly_usd == cents(26.80675 - 6.25)
    infrequent = bill(ARCHIVE.format(pricing="pricing: {free_tier: true}", cls="standard-ia"))
    assert infrequent.credits == []
    assert infrequent.total_monthly_usd == cents(12.25351)


# --------------------------------------------------------------------------- projections

# 1,048,576 orders of 2 KB (2,148 B stored: 2.09765625 GB), in three GSIs keyed on the
# customer. Entries: PK "ORDER#" + uuid = 44 B, GnPK "C#" + uuid = 4 + 2 + 36 = 42 B;
# Keys (keys-only) 86 B; Include ([status, total]) 86 + status (6 + 4) + total (5 + 8)
# = 109 B; All = the 2 KB item.
PROJECTIONS = """\
    version: 1
    tables:
      Orders:
        key: {partition: PK}
        indexes:
          Keys:
            key: {partition: G1PK}
            projection: keys-only
          Include:
            key: {partition: G2PK}
            projection: [status, total]
          All:
            key: {partition: G3PK}
            projection: all
        entities:
          Order:
            keys: {PK: "ORDER#{orderId}", G1PK: "C#{customerId}", G2PK: "C#{customerId}", G3PK: "C#{customerId}"}
            item_size: 2KB
            count: 1_048_576
            fields:
              orderId: {type: S, format: uuid}
              customerId: {type: S, format: uuid}
              status: {type: S, values: [OPEN, PAID]}
              total: {type: N}
        access_patterns:
          - name: place-order
            op: PutItem
            entity: Order
            rate: 10/s
          - name: pay-order
            op: UpdateItem
            entity: Order
            changes: [status]
            rate: 5/s
"""


def test_scenario_4_gsi_projections() -> None:
    """3.2 and 2.9: a put writes each index's entry (1 WRU for the small entries, 2 for
    the 2 KB copy); an update of status writes nothing to the keys-only index, 1 WRU to
    the index projecting status and 2 WRU to the ALL index."""
    cost = table(bill(PROJECTIONS))
    # puts: 10/s × 2,628,000 = 26,280,000; updates: 5/s × 2,628,000 = 13,140,000
    expected = {
        # table: 26,280,000 × 2 + 13,140,000 × 2 = 78,840,000 WRU × $0.625/M
        ("writes", "Orders", "WRU"): 49.275,
        # Keys: 26,280,000 × 1 WRU (the update changes nothing it holds) × $0.625/M
        ("index-writes", "Keys", "WRU"): 16.425,
        # Include: 26,280,000 × 1 + 13,140,000 × 1 = 39,420,000 WRU × $0.625/M
        ("index-writes", "Include", "WRU"): 24.6375,
        # All: 26,280,000 × 2 + 13,140,000 × 2 = 78,840,000 WRU × $0.625/M
        ("index-writes", "All", "WRU"): 49.275,
        # 1,048,576 × 2,148 B = 2.09765625 GB × $0.25
        ("storage", "Orders", "GB-month"): 0.5244140625,
        # 1,048,576 × 186 B = 0.181640625 GB × $0.25
        ("index-storage", "Keys", "GB-month"): 0.04541015625,
        # 1,048,576 × 209 B = 0.2041015625 GB × $0.25
        ("index-storage", "Include", "GB-month"): 0.051025390625,
        # 1,048,576 × 2,148 B = 2.09765625 GB × $0.25
        ("index-storage", "All", "GB-month"): 0.5244140625,
    }
    assert_bill(cost, expected, 140.757763671875)
    index_usd = {i.name: i.monthly_usd for i in cost.indexes}
    assert index_usd == pytest.approx(
        {"Keys": 16.470410156, "Include": 24.688525391, "All": 49.799414063}, abs=0.005
    )


# --------------------------------------------------------------------------- a daily Scan

# 10,485,760 items of 924 B: 9,688,842,240 B = 9,240 pages of 1 MB, each 256 steps.
DAILY_SCAN = """\
    version: 1
    tables:
      Events:
        key: {{partition: PK}}
        entities:
          Event:
            keys: {{PK: "EVENT#{{id}}"}}
            item_size: 924B
            count: 10_485_760
            fields: {{id: {{type: S, format: uuid}}}}
        access_patterns:
          - name: nightly-export
            op: Scan
            consistent: {consistent}
            rate: 1/day
"""


def test_scenario_5_a_daily_full_scan() -> None:
    """1.9, 1.17: a pass reads 9,240 pages × 128 RRU = 1,182,720 RRU; 2,628,000 / 86,400 =
    30.4167 passes a month: 35,974,400 RRU × $0.125/M = $4.4968; plus 10 GB stored."""
    cost = table(bill(DAILY_SCAN.format(consistent="false")))
    assert cost.patterns[0].read_units_per_request == 1_182_720
    assert_bill(
        cost,
        {("reads", "Events", "RRU"): 4.4968, ("storage", "Events", "GB-month"): 2.50},
        6.9968,
    )
    strong = table(bill(DAILY_SCAN.format(consistent="true")))
    # strongly consistent: 256 RRU a page, twice as much: 71,948,800 RRU × $0.125/M
    assert usd(the_line(strong, "reads")) == cents(8.9936)


def test_scenario_5_a_daily_scan_provisioned_at_the_peaks_reads_its_average() -> None:
    """A Scan is left out of the peaks (rules.md), but a provisioned table must still
    read it: 1,182,720 RRU × 30.4167 passes / 2,628,000 s = 13.69 RCU on average,
    ceil(13.69 / 0.7) = 20 RCU; no other load, so 1 WCU."""
    cost = table(
        bill(
            DAILY_SCAN.format(consistent="false"),
            scenario=Scenario(billing="provisioned", derive_capacity=True),
        )
    )
    assert cost.capacity == {"Events": (20, 1)}
    assert_bill(
        cost,
        {
            ("reads", "Events", "RCU-hours"): 1.898,  # 20 × 730 h = 14,600 × $0.00013
            ("writes", "Events", "WCU-hours"): 0.4745,  # 1 × 730 h × $0.00065
            ("storage", "Events", "GB-month"): 2.50,
        },
        4.8725,
    )


# --------------------------------------------------------------------------- BatchGetItem vs Query

BATCH_OR_QUERY = """\
    version: 1
    tables:
      Cart:
        key: {partition: PK, sort: SK}
        entities:
          Line:
            keys: {PK: "CART#{cartId}", SK: "LINE#{lineId}"}
            item_size: 1.5KB
            count: 1_048_576
            fields:
              cartId: {type: S, format: uuid}
              lineId: {type: S, format: uuid}
        access_patterns:
          - name: lines-by-query
            op: Query
            key: {PK: "CART#{cartId}", SK: {begins_with: "LINE#"}}
            items: 10
            rate: 100/s
          - name: lines-by-batch
            op: BatchGetItem
            entity: Line
            items: 10
            rate: 100/s
"""


def test_scenario_6_batch_get_against_query_of_the_same_items() -> None:
    """1.7, 1.8: 10 items of 1.5 KB: a Query sums 15 KB, rounds once to 16 KB = 4 steps,
    2 RRU; a BatchGetItem rounds each to 4 KB, 10 steps, 5 RRU."""
    cost = table(bill(BATCH_OR_QUERY))
    by_name = {p.name: p for p in cost.patterns}
    assert by_name["lines-by-query"].read_units_per_request == 2
    assert by_name["lines-by-batch"].read_units_per_request == 5
    # 262,800,000 requests × 2 RRU = 525,600,000 RRU × $0.125/M = $65.70
    assert by_name["lines-by-query"].monthly_usd == cents(65.70)
    # 262,800,000 × 5 = 1,314,000,000 RRU × $0.125/M = $164.25
    assert by_name["lines-by-batch"].monthly_usd == cents(164.25)
    assert_bill(
        cost,
        {
            ("reads", "Cart", "RRU"): 229.95,  # 1,839,600,000 RRU × $0.125/M
            # 1,048,576 × (1,536 + 100) B = 1.59765625 GB × $0.25
            ("storage", "Cart", "GB-month"): 0.3994140625,
        },
        230.3494140625,
    )


# --------------------------------------------------------------------------- transactions

# Accounts of 1.5 KB (2 write steps, 1 read step) with a keys-only GSI whose entry is
# PK "ACCT#" + uuid (2 + 5 + 36 = 43 B) + owner "{owner}" (5 + 16 = 21 B) = 64 B: 1 WRU.
TRANSACTIONS = """\
    version: 1
    tables:
      Bank:
        key: {partition: PK}
        indexes:
          ByOwner:
            key: {partition: owner}
            projection: keys-only
        entities:
          Account:
            keys: {PK: "ACCT#{id}", owner: "{owner}"}
            item_size: 1.5KB
            count: 1_048_576
            fields:
              id: {type: S, format: uuid}
              owner: {type: S, cardinality: 100K}
        access_patterns:
          - name: transfer
            op: TransactWriteItems
            entity: Account
            items: 2
            rate: 10/s
          - name: read-both
            op: TransactGetItems
            entity: Account
            items: 2
            rate: 10/s
"""


def test_scenario_7_transactions() -> None:
    """1.4: a transfer writes 2 items of 1.5 KB: 2 × 2 steps × 2 = 8 WRU, and the index
    entries once each (3.10, UNCONFIRMED): 2 WRU; a transactional read of 2 items is
    2 × 1 step × 2 = 4 RRU."""
    cost = table(bill(TRANSACTIONS))
    expected = {
        # 26,280,000 × 4 RRU = 105,120,000 RRU × $0.125/M
        ("reads", "Bank", "RRU"): 13.14,
        # 26,280,000 × 8 WRU = 210,240,000 WRU × $0.625/M
        ("writes", "Bank", "WRU"): 131.40,
        # 26,280,000 × 2 WRU = 52,560,000 WRU × $0.625/M
        ("index-writes", "ByOwner", "WRU"): 32.85,
        # 1,048,576 × 1,636 B = 1.59765625 GB × $0.25
        ("storage", "Bank", "GB-month"): 0.3994140625,
        # 1,048,576 × (64 + 100) B = 0.16015625 GB × $0.25
        ("index-storage", "ByOwner", "GB-month"): 0.0400390625,
    }
    assert_bill(cost, expected, 177.829453125)


# --------------------------------------------------------------------------- PITR, Streams

# 2,097,152 documents of 924 B (2 GB), an LSI and a GSI projecting all (2 GB each).
PITR_STREAMS = """\
    version: 1
    {pricing}
    tables:
      Docs:
        key: {{partition: PK, sort: SK}}
        pitr: true
        stream: {{view: new-and-old-images, consumers: [search-indexer, audit, {{name: notify, lambda: true}}]}}
        indexes:
          ByOwner:
            key: {{partition: owner}}
            projection: all
          ByTitle:
            local: true
            key: {{partition: PK, sort: title}}
            projection: all
        entities:
          Doc:
            keys: {{PK: "DOC#{{id}}", SK: "V#{{version}}", owner: "{{owner}}", title: "{{title}}"}}
            item_size: 924B
            count: 2_097_152
            fields:
              id: {{type: S, format: uuid}}
              version: {{type: N}}
              owner: {{type: S, cardinality: 1000}}
              title: {{type: S}}
"""

PITR_STREAMS_LINES = {
    ("storage", "Docs", "GB-month"): 0.50,  # 2 GB × $0.25
    ("index-storage", "ByOwner", "GB-month"): 0.50,  # 2 GB × $0.25
    ("index-storage", "ByTitle", "GB-month"): 0.50,  # 2 GB × $0.25
    ("backups", "point-in-time recovery", "GB-month"): 0.80,  # (2 + 2) GB × $0.20
    # 2 polling consumers × 1 shard (2 GB < 10 GB, no load) × 2,628,000 s = 5,256,000
    # GetRecords × $0.02/100K; the Lambda trigger reads for free
    ("streams", "stream", "read request units"): 1.0512,
}


def test_scenario_8_pitr_and_streams() -> None:
    """6.6: PITR on table + LSI size; two polling consumers read the stream, the Lambda
    trigger for free. There is no spec field for on-demand backups, so none are priced."""
    result = bill(PITR_STREAMS.format(pricing=""))
    cost = table(result)
    assert_bill(cost, PITR_STREAMS_LINES, 3.3512)
    assert any("polling consumer" in note for note in cost.notes)
    assert result.credits == []


def test_scenario_8_with_the_free_tier() -> None:
    """§5: with the free tier, 6 GB of Standard storage are free ($1.50) and 2,500,000
    stream reads ($0.50): $3.3512 − $2.00 = $1.3512. PITR has no free tier."""
    result = bill(PITR_STREAMS.format(pricing="pricing: {free_tier: true}"))
    assert_credits(
        result,
        {
            "storage": (6.0, -1.50),  # 6 GB × $0.25
            "stream reads": (2_500_000, -0.50),  # 2,500,000 × $0.02/100K
        },
    )
    assert result.total_monthly_usd == cents(1.3512)


# --------------------------------------------------------------------------- global tables

# Sessions of 876 B (876 + 100 + 48 = 1,024 B stored in a global table), 864,000 of them:
# the steady state of 1 new session a second kept 10 days, so one expires a second.
# Keys-only GSI entry: PK "S#" + uuid = 2 + 2 + 36 = 40 B, GPK "U#" + uuid = 3 + 2 + 36 =
# 41 B: 81 B, 181 B stored.
GLOBAL_SESSIONS = """\
    version: 1
    tables:
      Sessions:
        key: {partition: PK}
        ttl: expiresAt
        attributes: {expiresAt: N}
        replicas: [us-east-1, us-east-2]
        indexes:
          ByUser:
            key: {partition: GPK}
            projection: keys-only
        entities:
          Session:
            keys: {PK: "S#{id}", GPK: "U#{userId}"}
            item_size: 876B
            count: 864_000
            growth: 1/s
            retention: 10d
            fields:
              id: {type: S, format: uuid}
              userId: {type: S, format: uuid}
        access_patterns:
          - name: get-session
            op: GetItem
            entity: Session
            key: {PK: "S#{id}"}
            rate: 10/s
          - name: start-session
            op: PutItem
            entity: Session
            rate: 1/s
"""


def test_scenario_9_global_table_on_demand() -> None:
    """6.7: every write is a replicated write (rWRU) in both Regions; GSI writes are
    plain WRU in both (3.11); the replica in us-east-2 also pays for the replicated TTL
    deletes (6.6) of the 2,628,000 sessions that expire a month, and stores a copy;
    what is written crosses to us-east-2 at $0.09/GB (unconfirmed)."""
    cost = table(bill(GLOBAL_SESSIONS))
    expected = {
        # 10/s × 2,628,000 × 0.5 RRU = 13,140,000 RRU × $0.125/M, in this Region only
        ("reads", "Sessions", "RRU"): 1.6425,
        # 2,628,000 puts × 1 rWRU × $0.625/M
        ("writes", "Sessions", "rWRU"): 1.6425,
        # 2,628,000 × 1 WRU (81 B entry) × $0.625/M
        ("index-writes", "ByUser", "WRU"): 1.6425,
        # us-east-2: 2,628,000 replicated puts + 2,628,000 replicated TTL deletes (876 B:
        # 1 rWRU each) = 5,256,000 rWRU × $0.625/M
        ("replication", "us-east-2", "rWRU"): 3.285,
        # us-east-2 GSI: 2,628,000 entries put + 2,628,000 removed = 5,256,000 WRU × $0.625/M
        ("replication", "us-east-2", "WRU"): 3.285,
        # 864,000 × 1,024 B = 0.823974609 GB × $0.25
        ("storage", "Sessions", "GB-month"): 0.20599365234375,
        # 864,000 × 181 B = 0.145643949 GB × $0.25
        ("index-storage", "ByUser", "GB-month"): 0.03641098737716675,
        # the replica stores both: 0.969618559 GB × $0.25
        ("replication", "us-east-2", "GB-month"): 0.24240463972091675,
        # 2,628,000 × 876 B = 2,302,128,000 B = 2.144016325 GB × 1 other Region × $0.09
        ("data-transfer", "replication", "GB"): 0.1929621398448944,
    }
    assert_bill(cost, expected, 12.175271419)
    assert any("global table in us-east-1, us-east-2" in note for note in cost.notes)
    (index,) = cost.indexes
    # ByUser here: $1.6425 of writes + $0.0364 of storage; in us-east-2: 5,256,000 WRU
    # (puts and TTL deletes) = $3.285 + the same $0.0364 of storage
    assert index.monthly_usd == cents(1.6425 + 3.285 + 2 * 0.03641098737716675)


def test_scenario_9_global_table_with_free_tier_has_25_gb_free_in_each_region() -> None:
    """§5: 25 GB of storage are free per Region: the home Region's 1.0 GB and the
    replica's 0.97 GB are both free."""
    result = bill(GLOBAL_SESSIONS.replace("version: 1\n", "version: 1\n    pricing: {free_tier: true}\n", 1))
    credits = {c.subject: usd(c) for c in result.credits}
    # 0.20599 + 0.03641 in us-east-1, 0.24240 in us-east-2
    assert credits == pytest.approx({"storage": -0.24240464, "storage in us-east-2": -0.24240464}, abs=0.005)
    assert result.total_monthly_usd == cents(12.175271419 - 2 * 0.24240463972)


GLOBAL_PROVISIONED = """\
    version: 1
    {pricing}
    tables:
      Counters:
        billing: provisioned
        capacity: {{read: 50, write: 40}}
        key: {{partition: PK}}
        replicas: [us-east-1, us-east-2]
        indexes:
          ByKind:
            key: {{partition: kind}}
            projection: keys-only
            capacity: {{read: 10, write: 20}}
        entities:
          Counter:
            keys: {{PK: "C#{{id}}", kind: "{{kind}}"}}
            item_size: 876B
            count: 1_048_576
            fields:
              id: {{type: S, format: uuid}}
              kind: {{type: S, cardinality: 100}}
"""


def test_scenario_9_provisioned_global_table() -> None:
    """6.7, 3.11: the table's write capacity is rWCU in both Regions, the GSI's plain WCU
    in both; each replica is provisioned the same read capacity (the bill's assumption,
    stated in its notes). Storage: 1,048,576 × 1,024 B = 1 GB of items; GSI entries
    PK "C#" + uuid (40 B) + kind (4 + 16 = 20 B) = 60 B, 160 B stored = 0.15625 GB."""
    cost = table(bill(GLOBAL_PROVISIONED.format(pricing="")))
    expected = {
        ("reads", "Counters", "RCU-hours"): 4.745,  # 50 × 730 h = 36,500 × $0.00013
        ("writes", "Counters", "rWCU-hours"): 18.98,  # 40 × 730 h = 29,200 × $0.00065
        ("index-reads", "ByKind", "RCU-hours"): 0.949,  # 10 × 730 = 7,300 × $0.00013
        ("index-writes", "ByKind", "WCU-hours"): 9.49,  # 20 × 730 = 14,600 × $0.00065
        # us-east-2: 50 + 10 RCU (43,800 h × $0.00013 = $5.694), 40 rWCU ($18.98), 20 WCU ($9.49)
        ("replication", "us-east-2", "RCU-hours"): 5.694,
        ("replication", "us-east-2", "rWCU-hours"): 18.98,
        ("replication", "us-east-2", "WCU-hours"): 9.49,
        ("storage", "Counters", "GB-month"): 0.25,  # 1 GB × $0.25
        ("index-storage", "ByKind", "GB-month"): 0.0390625,  # 0.15625 GB × $0.25
        ("replication", "us-east-2", "GB-month"): 0.2890625,  # 1.15625 GB × $0.25
    }
    assert_bill(cost, expected, 68.906125)
    assert any("read capacity of this Region" in note for note in cost.notes)
    (index,) = cost.indexes
    # ByKind in both Regions: 10 RCU ($0.949), 20 WCU ($9.49), 0.15625 GB ($0.0390625)
    assert index.monthly_usd == cents(2 * (0.949 + 9.49 + 0.0390625))


def test_scenario_9_provisioned_global_table_free_tier_skips_replicated_writes() -> None:
    """§5: the free 25 WCU are of the standard WCU rate: the table's rWCU get none, the
    GSI's 20 WCU all of it (20 × 730 h × $0.00065 = $9.49); 25 of the 60 RCU here are
    free ($2.3725); 25 GB of storage in each Region."""
    result = bill(GLOBAL_PROVISIONED.format(pricing="pricing: {free_tier: true}"))
    assert_credits(
        result,
        {
            "storage": (1.15625, -0.2890625),
            "storage in us-east-2": (1.15625, -0.2890625),
            "provisioned reads": (25, -2.3725),  # 25 × 730 h × $0.00013
            "provisioned writes": (20, -9.49),  # 20 × 730 h × $0.00065
        },
    )
    # 68.906125 − 0.2890625 × 2 − 2.3725 − 9.49
    assert result.total_monthly_usd == cents(56.4655)


# --------------------------------------------------------------------------- reserved capacity

RESERVED = """\
    version: 1
    {pricing}
    tables:
      Ledger:
        billing: provisioned
        capacity: {{read: 350, write: 120}}
        key: {{partition: PK}}
        indexes:
          ByDay:
            key: {{partition: day}}
            projection: keys-only
            capacity: {{read: 60, write: 80}}
        entities:
          Entry:
            keys: {{PK: "E#{{id}}", day: "{{day}}"}}
            item_size: 924B
            count: 1_048_576
            fields:
              id: {{type: S, format: uuid}}
              day: {{type: S, format: date}}
"""

# GSI entry: PK "E#" + uuid = 40 B, day date = 3 + 10 = 13 B: 53 B, 153 B stored.
RESERVED_STORAGE = {
    ("storage", "Ledger", "GB-month"): 0.25,  # 1 GB × $0.25
    ("index-storage", "ByDay", "GB-month"): 0.037353515625,  # 1,048,576 × 153 B = 0.1494140625 GB × $0.25
}


def test_scenario_10_reserved_capacity() -> None:
    """4.1: the table and its GSI provision 410 RCU and 200 WCU together: 4 blocks of 100
    RCU and 2 of 100 WCU are reserved, the 10 RCU beyond them are billed at the standard
    rate. A month of a block: $30/12 + $0.0025 × 730 = $4.325 (RCU), $150/12 + $0.0128 ×
    730 = $21.844 (WCU)."""
    cost = table(bill(RESERVED.format(pricing=""), scenario=Scenario(reserved=True)))
    expected = {
        ("reads", "Ledger", "reserved RCU"): 15.1375,  # 350 RCU = 3.5 blocks × $4.325
        ("writes", "Ledger", "reserved WCU"): 26.2128,  # 120 WCU = 1.2 blocks × $21.844
        ("index-reads", "ByDay", "reserved RCU"): 2.1625,  # the other 50 reserved RCU
        ("index-reads", "ByDay", "RCU-hours"): 0.949,  # 10 RCU × 730 h × $0.00013
        ("index-writes", "ByDay", "reserved WCU"): 17.4752,  # 80 WCU = 0.8 × $21.844
        **RESERVED_STORAGE,
    }
    assert_bill(cost, expected, 62.224353515625)
    plain = table(bill(RESERVED.format(pricing="")))
    # 350 RCU × 730 × $0.00013 = $33.215, 120 WCU × 730 × $0.00065 = $56.94,
    # 60 RCU = $5.694, 80 WCU = $37.96
    assert plain.monthly_usd == cents(33.215 + 56.94 + 5.694 + 37.96 + 0.287353515625)


def test_scenario_10_free_tier_is_not_taken_off_reserved_capacity() -> None:
    """§5: the free 25 RCU are of the standard rate: only the 10 RCU billed at it are
    free ($0.949); all the WCU are reserved, so no WCU credit."""
    result = bill(RESERVED.format(pricing="pricing: {free_tier: true}"), scenario=Scenario(reserved=True))
    assert_credits(
        result,
        {
            "storage": (1.1494140625, -0.287353515625),
            "provisioned reads": (10, -0.949),
        },
    )


# --------------------------------------------------------------------------- a second Region


def test_scenario_11_the_shop_in_ireland() -> None:
    """4.3 (all unconfirmed): eu-west-1 on demand: 328,500,000 RRU × $0.1415/M,
    52,560,000 WRU × $0.705/M twice, 12.24609375 GB × $0.283."""
    result = bill(shop(region="eu-west-1"))
    assert result.region_name == "Europe (Ireland)"
    cost = table(result)
    expected = {
        ("reads", "Shop", "RRU"): 46.48275,
        ("writes", "Shop", "WRU"): 37.0548,
        ("index-writes", "ByCustomer", "WRU"): 37.0548,
        ("storage", "Shop", "GB-month"): 2.83,  # 10 GB × $0.283
        ("index-storage", "ByCustomer", "GB-month"): 0.63564453125,  # 2.24609375 × $0.283
    }
    assert_bill(cost, expected, 124.05794453125)
    assert all(line.unconfirmed for line in cost.lines)
    assert all("(unconfirmed price)" in line.formula for line in cost.lines)


def test_scenario_11_provisioned_in_ireland_leaves_capacity_unpriced() -> None:
    """4.3: eu-west-1 has no provisioned prices: the four capacity lines are unpriced and
    say what to add; storage is still priced; the bill is incomplete, not $0."""
    cost = table(
        bill(
            shop(
                region="eu-west-1",
                billing="provisioned",
                capacity="capacity: {read: 150, write: 30}",
                gsi_capacity="capacity: {read: 40, write: 30}",
            )
        )
    )
    unpriced = cost.unpriced
    assert [(line.category, line.subject, line.quantity) for line in unpriced] == [
        ("reads", "Shop", 150 * 730),
        ("writes", "Shop", 30 * 730),
        ("index-reads", "ByCustomer", 40 * 730),
        ("index-writes", "ByCustomer", 30 * 730),
    ]
    assert "no read_capacity_unit_hour price for eu-west-1" in unpriced[0].formula
    assert "pricing: (read_capacity_unit_hour: ...)" in unpriced[0].formula
    assert not cost.complete
    assert "the eu-west-1 price table has no read_capacity_unit_hour, write_capacity_unit_hour" in " ".join(
        cost.notes
    )
    # only storage is priced: $2.83 + $0.63564453125
    assert cost.monthly_usd == cents(3.46564453125)


def test_scenario_11_provisioned_in_ireland_priced_by_overrides() -> None:
    """Prices given under pricing: fill the gap: at $0.000147 per RCU-hour and $0.000735
    per WCU-hour (illustrative figures), 190 RCU × 730 h × $0.000147 = $20.3889 and 60 WCU
    × 730 h × $0.000735 = $32.193, plus the storage."""
    pricing = "pricing: {read_capacity_unit_hour: 0.000147, write_capacity_unit_hour: 0.000735}"
    cost = table(
        bill(
            shop(
                region="eu-west-1",
                pricing=pricing,
                billing="provisioned",
                capacity="capacity: {read: 150, write: 30}",
                gsi_capacity="capacity: {read: 40, write: 30}",
            )
        )
    )
    expected = {
        ("reads", "Shop", "RCU-hours"): 16.0965,  # 150 × 730 = 109,500 × $0.000147
        ("writes", "Shop", "WCU-hours"): 16.0965,  # 30 × 730 = 21,900 × $0.000735
        ("index-reads", "ByCustomer", "RCU-hours"): 4.2924,  # 40 × 730 = 29,200 × $0.000147
        ("index-writes", "ByCustomer", "WCU-hours"): 16.0965,
        ("storage", "Shop", "GB-month"): 2.83,
        ("index-storage", "ByCustomer", "GB-month"): 0.63564453125,
    }
    assert_bill(cost, expected, 56.04764453125)
    assert cost.complete
    assert cost.notes == []


def test_scenario_11_region_argument_prices_the_same_design_elsewhere() -> None:
    """price_design(region=...) prices the spec with another Region's table."""
    result = bill(shop(), region="eu-west-1")
    assert result.region == "eu-west-1"
    assert table(result).monthly_usd == cents(124.05794453125)


# --------------------------------------------------------------------------- growth, --months

# 1 GB of 924 B items growing 1 GB (1,048,576 items) a month, kept 1,825 h = 2.5 months:
# at most 2.5 GB, reached 1.5 months from now. A daily Scan reads the month's table.
GROWING = """\
    version: 1
    tables:
      Logs:
        key: {partition: PK}
        ttl: expiresAt
        attributes: {expiresAt: N}
        entities:
          Log:
            keys: {PK: "LOG#{id}"}
            item_size: 924B
            count: 1_048_576
            growth: 1_048_576/month
            retention: 1825h
            fields: {id: {type: S, format: uuid}}
        access_patterns:
          - name: nightly-export
            op: Scan
            rate: 1/day
"""


@pytest.mark.parametrize(
    ("month", "gb", "rru"),
    [
        # month 1: 1 → 2 GB, 1.5 GB on average; a pass reads 1.5 × 1,048,576 × 924 B =
        # 1,386 MB = 1,386 × 128 = 177,408 RRU; × 30.4167 passes = 5,396,160 RRU
        (1, 1.5, 5_396_160),
        # month 2: 2 → 2.5 GB in half a month, then 2.5: (0.5 × 2.25 + 0.5 × 2.5) = 2.375 GB;
        # 2.375 × 924 MB = 2,194.5 MB → 2,195 pages (the last rounded up to 4 KB steps:
        # 2,194 × 128 + 64 = 280,896 RRU) × 30.4167 = 8,543,920 RRU
        (2, 2.375, 8_543_920),
        # month 3 and later: 2.5 GB; 2,310 MB × 128 = 295,680 RRU × 30.4167 = 8,993,600 RRU
        (3, 2.5, 8_993_600),
        (12, 2.5, 8_993_600),
    ],
)
def test_scenario_12_months_of_growth_capped_by_retention(month: int, gb: float, rru: float) -> None:
    """2.11: storage is billed on the month's average; retention caps it at growth ×
    retention; a Scan in month N reads the table of month N."""
    cost = table(bill(GROWING, month=month))
    storage = the_line(cost, "storage")
    assert storage.quantity == pytest.approx(gb)
    assert usd(storage) == cents(gb * 0.25)
    reads = the_line(cost, "reads")
    assert reads.quantity == pytest.approx(rru)
    assert usd(reads) == cents(rru * 0.125 / 1e6)
    assert cost.entities[0].count_now == 1_048_576
    # in 12 months: 2.5 GB worth of items, the cap
    assert cost.entities[0].count_in_12_months == pytest.approx(2.5 * 1_048_576)


def test_scenario_12_unbounded_growth_keeps_growing() -> None:
    """Without retention, month 12 averages 1 + 11.5 = 12.5 GB ($3.125)."""
    spec = GROWING.replace("            retention: 1825h\n", "")
    cost = table(bill(spec, month=12))
    assert the_line(cost, "storage").quantity == pytest.approx(12.5)
    assert usd(the_line(cost, "storage")) == cents(3.125)


# --------------------------------------------------------------------------- free tier

SMALL_PROVISIONED = """\
    version: 1
    {pricing}
    tables:
      Tiny:
        billing: provisioned
        capacity: {{read: 20, write: 10}}
        key: {{partition: PK}}
        entities:
          Row:
            keys: {{PK: "ROW#{{id}}"}}
            item_size: 924B
            count: 2_097_152
            fields: {{id: {{type: S, format: uuid}}}}
"""


def test_scenario_13_free_tier_off_and_on() -> None:
    """§5: 20 RCU ($1.898), 10 WCU ($4.745) and 2 GB ($0.50) cost $7.143 a month; all
    of it is inside the free tier (25 RCU, 25 WCU, 25 GB), which is off unless the spec
    turns it on."""
    off = bill(SMALL_PROVISIONED.format(pricing=""))
    assert off.credits == []
    assert off.total_monthly_usd == cents(1.898 + 4.745 + 0.50)
    on = bill(SMALL_PROVISIONED.format(pricing="pricing: {free_tier: true}"))
    assert_credits(
        on,
        {
            "storage": (2.0, -0.50),
            "provisioned reads": (20, -1.898),
            "provisioned writes": (10, -4.745),
        },
    )
    assert on.total_monthly_usd == cents(0.0)


# --------------------------------------------------------------------------- overrides, unknown Region


def test_scenario_14_pricing_overrides() -> None:
    """A negotiated rate under pricing: replaces the table's price, in its unit: $0.50/M
    WRU and $0.20 per GB-month; reads keep $0.125/M."""
    result = bill(shop(pricing="pricing: {write_request_unit: 0.5, storage_gb_month: 0.2}"))
    cost = table(result)
    expected = {
        ("reads", "Shop", "RRU"): 41.0625,  # unchanged
        ("writes", "Shop", "WRU"): 26.28,  # 52,560,000 WRU × $0.50/M
        ("index-writes", "ByCustomer", "WRU"): 26.28,
        ("storage", "Shop", "GB-month"): 2.0,  # 10 GB × $0.20
        ("index-storage", "ByCustomer", "GB-month"): 0.44921875,  # 2.24609375 GB × $0.20
    }
    assert_bill(cost, expected, 96.07171875)


def test_scenario_15_unknown_region_prices_nothing_and_says_so() -> None:
    """ap-southeast-1 has no price table (facts 4.3: no source found): every line is
    unpriced and names what to give under pricing:; the bill says so. Nothing is priced
    with another Region's prices."""
    result = bill(shop(region="ap-southeast-1"))
    cost = table(result)
    assert result.region_name == "ap-southeast-1"
    assert result.prices_as_of == "unknown"
    assert any("no price table for ap-southeast-1" in note for note in result.notes)
    assert not result.priced
    assert cost.monthly_usd == 0
    assert len(cost.unpriced) == len(cost.lines) == 5
    for line in cost.lines:
        assert "no price table for ap-southeast-1" in line.formula


def test_scenario_15_unknown_region_priced_by_overrides() -> None:
    """The prices given under pricing: price an unknown Region: reads $0.15/M, writes
    $0.75/M, storage $0.30."""
    pricing = "pricing: {read_request_unit: 0.15, write_request_unit: 0.75, storage_gb_month: 0.3}"
    cost = table(bill(shop(region="ap-southeast-1", pricing=pricing)))
    expected = {
        ("reads", "Shop", "RRU"): 49.275,  # 328,500,000 × $0.15/M
        ("writes", "Shop", "WRU"): 39.42,  # 52,560,000 × $0.75/M
        ("index-writes", "ByCustomer", "WRU"): 39.42,
        ("storage", "Shop", "GB-month"): 3.0,  # 10 GB × $0.30
        ("index-storage", "ByCustomer", "GB-month"): 0.673828125,  # 2.24609375 × $0.30
    }
    assert_bill(cost, expected, 131.788828125)


def test_scenario_15_a_replica_in_an_unknown_region_is_not_priced_at_home_prices() -> None:
    """A replica in ap-southeast-1: its lines are unpriced (not priced at us-east-1's
    prices); the table notes name the Region; the us-east-1 lines are priced as in
    scenario 9."""
    spec = GLOBAL_SESSIONS.replace("[us-east-1, us-east-2]", "[us-east-1, ap-southeast-1]")
    cost = table(bill(spec))
    replica = lines(cost, "replication", "ap-southeast-1")
    assert {line.unit for line in replica} == {"rWRU", "WRU", "GB-month"}
    assert all(line.monthly_usd is None for line in replica)
    assert all("no price table for ap-southeast-1" in line.formula for line in replica)
    assert any("ap-southeast-1" in note and "not priced" in note for note in cost.notes)
    home = {k: v for k, v in priced_lines_of(cost).items() if k[1] != "ap-southeast-1"}
    assert home == pytest.approx(
        {
            ("reads", "Sessions", "RRU"): 1.6425,
            ("writes", "Sessions", "rWRU"): 1.6425,
            ("index-writes", "ByUser", "WRU"): 1.6425,
            ("storage", "Sessions", "GB-month"): 0.20599365234375,
            ("index-storage", "ByUser", "GB-month"): 0.03641098737716675,
            ("data-transfer", "replication", "GB"): 0.1929621398448944,
        },
        abs=0.005,
    )


def priced_lines_of(cost: TableCost) -> dict[tuple[str, str, str], float]:
    return {(line.category, line.subject, line.unit): usd(line) for line in cost.lines if line.priced}


# --------------------------------------------------------------------------- auto scaling


def test_scenario_16_auto_scaling_follows_the_average_in_whole_units() -> None:
    """Auto scaling keeps the average load at its target: 20 GetItems a second of 0.5 RRU
    = 10 RCU ÷ 70 % = 14.29, provisioned as 15 whole RCU (within min 5, max 100);
    writes 4/s = 4 WCU ÷ 70 % = 5.71 → 6 WCU."""
    spec = """\
        version: 1
        tables:
          Scaled:
            billing: provisioned
            capacity:
              read: 100
              write: 100
              autoscaling:
                read: {min: 5, max: 100, target: 70%}
                write: {min: 5, max: 100, target: 70%}
            key: {partition: PK}
            entities:
              Row:
                keys: {PK: "ROW#{id}"}
                item_size: 924B
                count: 1_048_576
                fields: {id: {type: S, format: uuid}}
            access_patterns:
              - name: get-row
                op: GetItem
                entity: Row
                key: {PK: "ROW#{id}"}
                rate: 20/s
                peak: 60/s
              - name: put-row
                op: PutItem
                entity: Row
                rate: 4/s
    """
    cost = table(bill(spec))
    assert cost.capacity == {"Scaled": (15, 6)}
    assert_bill(
        cost,
        {
            ("reads", "Scaled", "RCU-hours"): 1.4235,  # 15 × 730 h = 10,950 × $0.00013
            ("writes", "Scaled", "WCU-hours"): 2.847,  # 6 × 730 h = 4,380 × $0.00065
            ("storage", "Scaled", "GB-month"): 0.25,
        },
        4.5205,
    )


def _total(result: Bill) -> float:
    return result.total_monthly_usd


def test_bill_total_is_tables_plus_credits() -> None:
    """The bill's total is its tables' totals plus the (negative) credits."""
    result = bill(PITR_STREAMS.format(pricing="pricing: {free_tier: true}"))
    assert _total(result) == pytest.approx(
        sum(t.monthly_usd for t in result.tables) + sum(usd(c) for c in result.credits)
    )
