"""4xx cost rules (DDB401–DDB403, DDB405–DDB407), each with a case that fires (code, line
per rules.md's "points at", severity, the dollar figures checked against a hand
computation) and a close case that must not; the dollar figures of the information
findings (DDB202, DDB203, DDB205, DDB207, DDB302, DDB304, DDB305, DDB501, DDB503); and the
design-wide checks (DDB407 on a Region without prices, DDB004 on an unknown price key).

Prices are us-east-1's (facts 4.1): $0.125/M RRU ($0.155 Standard-IA), $0.625/M WRU
($0.78 Standard-IA), $0.00013 per RCU-hour, $0.00065 per WCU-hour, $0.25 per GB-month
($0.10 Standard-IA). A month is 730 h = 2,628,000 s; a GB is 2^30 bytes.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from ddb_architect.findings import Finding, Severity
from tests.cost.test_bill_arithmetic import LSI_FETCH
from tests.cost.test_bill_scenarios import DAILY_SCAN, shop
from tests.specs import findings, line, line_of, one


def dollars(finding: Finding) -> list[float]:
    """The dollar amounts in a message, in order."""
    return [float(amount.replace(",", "")) for amount in re.findall(r"\$([\d,]+\.\d+)", finding.message)]


def assert_dollars(finding: Finding, *expected: float) -> None:
    """The message's dollar figures are the hand-computed ones, to the cent (the message
    rounds to the cent, so within half a cent)."""
    assert dollars(finding) == pytest.approx(list(expected), abs=0.0051), finding.message


# --------------------------------------------------------------------------- DDB401

# One GetItem pattern: 100/s on average (0.5 RRU each), peaking at PEAK/s.
SPIKY = """\
version: 1
tables:
  Reads:
    billing: on-demand
    key: {partition: PK}
    entities:
      Row:
        keys: {PK: "ROW#{id}"}
        item_size: 924B
        count: 1000
        fields: {id: {type: S, format: uuid}}
    access_patterns:
      - name: get-row
        op: GetItem
        entity: Row
        key: {PK: "ROW#{id}"}
        rate: 100/s
        peak: PEAK/s
"""


def test_ddb401_provisioned_at_the_peaks_would_save_57_percent_on_the_shop() -> None:
    """On demand: 328,500,000 RRU × $0.125/M = $41.0625, 2 × 52,560,000 WRU × $0.625/M =
    $65.70, storage 10 GB + 2.24609375 GB × $0.25 = $3.0615: $109.82. Provisioned at the
    peaks with 70 % headroom: 143 + 36 RCU (179 × 730 h × $0.00013 = $16.9871) and 29 + 29
    WCU (58 × 730 h × $0.00065 = $27.521), same storage: $47.57; $62.25 (57 %) less."""
    spec = textwrap.dedent(shop())
    finding = one(spec, "DDB401")
    assert finding.severity is Severity.INFO
    assert line(finding) == line_of(spec, "billing: on-demand")
    assert "(179 RCU and 58 WCU across the table and its 1 global index)" in finding.message
    assert_dollars(finding, 47.5696234375, 109.8240234375, 62.2544)
    assert "(57%) less" in finding.message
    assert finding.data["monthly_usd"] == pytest.approx(47.5696234375)


def test_ddb401_just_over_10_percent_fires() -> None:
    """Peak 209/s: ceil(104.5 / 0.7) = 150 RCU ($14.235) + 1 WCU ($0.4745) + storage
    1,000 × 1,024 B ($0.000238) = $14.7097 against on-demand 131,400,000 RRU × $0.125/M =
    $16.425 + $0.000238: $1.7155 (10.4 %) less."""
    spec = SPIKY.replace("PEAK", "209")
    finding = one(spec, "DDB401")
    assert line(finding) == line_of(spec, "billing:")
    assert "(150 RCU and 1 WCU)" in finding.message
    assert_dollars(finding, 14.709738, 16.425238, 1.7155)
    assert "(10%) less" in finding.message


def test_ddb401_under_10_percent_is_not_reported() -> None:
    """Peak 212/s: ceil(106 / 0.7) = 152 RCU ($14.4248) + 1 WCU = $14.8993 against
    $16.4252: $1.5259, 9.3 % less, under the 10 % threshold."""
    assert findings(SPIKY.replace("PEAK", "212"), "DDB401") == []


def test_ddb401_on_demand_would_save_on_an_over_provisioned_table() -> None:
    """The shop provisioned at 1,000 RCU / 300 WCU (its GSI takes the same): 2,000 × 730 h
    × $0.00013 = $189.80 + 600 × 730 h × $0.00065 = $284.70 + $3.0615 storage = $477.56;
    on demand at the declared rates $109.82, $367.74 (77 %) less."""
    spec = textwrap.dedent(shop(billing="provisioned", capacity="capacity: {read: 1000, write: 300}"))
    finding = one(spec, "DDB401")
    assert line(finding) == line_of(spec, "billing: provisioned")
    assert "on-demand at the declared rates" in finding.message
    assert_dollars(finding, 109.8240234375, 477.5615234375, 367.7375)


# --------------------------------------------------------------------------- DDB402

# 100 GB of 924 B items (104,857,600) and WRITES/s PutItems of 1 WRU.
STORED = """\
version: 1
tables:
  Archive:
    CLASS
    key: {partition: PK}
    entities:
      Record:
        keys: {PK: "REC#{id}"}
        item_size: 924B
        count: 104_857_600
        fields: {id: {type: S, format: uuid}}
    access_patterns:
      - name: put-record
        op: PutItem
        entity: Record
        rate: WRITES/s
"""


def stored(cls: str, writes: int) -> str:
    return STORED.replace("CLASS", cls).replace("WRITES", str(writes))


def test_ddb402_standard_ia_when_storage_dominates() -> None:
    """21 writes/s: Standard 100 GB × $0.25 = $25 + 55,188,000 WRU × $0.625/M = $34.4925 =
    $59.4925; Standard-IA $10 + 55,188,000 × $0.78/M = $43.04664 = $53.04664: $6.45 (10.8 %)
    less. Storage is 25 / 59.4925 = 42 % of the bill."""
    spec = stored("class: standard", 21)
    finding = one(spec, "DDB402")
    assert finding.severity is Severity.INFO
    assert line(finding) == line_of(spec, "class: standard")
    assert_dollars(finding, 53.04664, 59.4925)
    assert "storage is 42% of the bill" in finding.message


def test_ddb402_points_at_the_table_name_when_class_is_not_written() -> None:
    spec = stored("", 21)
    assert line(one(spec, "DDB402")) == line_of(spec, "Archive:")


def test_ddb402_just_under_10_percent_is_not_reported() -> None:
    """22 writes/s: Standard $25 + $36.135 = $61.135, Standard-IA $10 + $45.09648 =
    $55.09648: $6.04, 9.9 % less."""
    assert findings(stored("class: standard", 22), "DDB402") == []


def test_ddb402_standard_ia_that_costs_more_than_standard() -> None:
    """500 writes/s on Standard-IA: 1,314,000,000 WRU × $0.78/M = $1,024.92 + $10 =
    $1,034.92 against Standard $821.25 + $25 = $846.25."""
    spec = stored("class: standard-ia", 500)
    finding = one(spec, "DDB402")
    assert line(finding) == line_of(spec, "class: standard-ia")
    assert_dollars(finding, 846.25, 1034.92)
    assert "Standard would cost" in finding.message


# --------------------------------------------------------------------------- DDB403


def over_provisioned(table_read: int, gsi_read: int) -> str:
    return textwrap.dedent(
        shop(
            billing="provisioned",
            capacity=f"capacity: {{read: {table_read}, write: 30}}",
            gsi_capacity=f"capacity: {{read: {gsi_read}, write: 30}}",
        )
    )


def test_ddb403_table_reads_above_twice_the_need() -> None:
    """Peak table reads 200/s × 0.5 = 100 RCU, which 100 / 0.7 = 142.86 RCU serve at 70 %;
    300 > 2 × 142.86 = 285.71. The excess 157.14 RCU × 730 h × $0.00013 = $14.91."""
    spec = over_provisioned(300, 40)
    finding = one(spec, "DDB403")
    assert finding.severity is Severity.WARNING
    assert line(finding) == line_of(spec, "capacity: {read: 300")
    assert "reads: 300 RCU for a peak of 100" in finding.message
    assert_dollars(finding, (300 - 100 / 0.7) * 730 * 0.00013)
    assert finding.data["monthly_usd"] == pytest.approx(14.912857, abs=1e-6)


def test_ddb403_at_twice_the_need_is_not_reported() -> None:
    """285 RCU ≤ 285.71 on the table; the GSI's 40 RCU for a peak of 25 (35.71 needed)."""
    assert findings(over_provisioned(285, 40), "DDB403") == []


def test_ddb403_an_index_with_its_own_capacity() -> None:
    """The GSI's peak is 50/s × 0.5 = 25 RCU, 35.71 at 70 %; 80 > 71.43. The excess
    44.29 RCU × 730 h × $0.00013 = $4.20; it points at the index's capacity."""
    spec = over_provisioned(150, 80)
    finding = one(spec, "DDB403")
    assert line(finding) == line_of(spec, "capacity: {read: 80")
    assert finding.message.startswith("index ByCustomer is over-provisioned")
    assert_dollars(finding, (80 - 25 / 0.7) * 730 * 0.00013)
    assert findings(over_provisioned(150, 71), "DDB403") == []


# --------------------------------------------------------------------------- DDB405, DDB406, DDB407

STORE = """\
version: 1
REGION
PRICING
tables:
  Store:
    key: {partition: PK}
    STREAM
    entities:
      Doc:
        keys: {PK: "DOC#{id}"}
        item_size: 1KB
        COUNT
        fields: {id: {type: S, format: uuid}}
    access_patterns:
      - name: tx-put
        op: TransactWriteItems
        entity: Doc
        items: ITEMS
        rate: 10/s
      - name: tx-get
        op: TransactGetItems
        entity: Doc
        items: ITEMS
        RATE
"""


def store(
    *,
    region: str = "region: us-east-1",
    pricing: str = "",
    stream: str = "",
    count: str = "count: 1000",
    items: int = 2,
    rate: str = "rate: 10/s",
) -> str:
    return (
        STORE.replace("REGION", region)
        .replace("PRICING", pricing)
        .replace("STREAM", stream)
        .replace("COUNT", count)
        .replace("ITEMS", str(items))
        .replace("RATE", rate)
    )


def test_ddb405_stream_without_consumer() -> None:
    """A stream nobody reads: the writes it records, 10/s × 2,628,000 s = 26.3M a month."""
    spec = store(stream="stream: {view: new-image}")
    finding = one(spec, "DDB405")
    assert finding.severity is Severity.INFO
    assert line(finding) == line_of(spec, "stream:")
    assert "about 26.3M writes a month" in finding.message
    assert findings(store(stream="stream: {view: new-image, consumers: [indexer]}"), "DDB405") == []


def test_ddb406_single_item_transactions() -> None:
    """A one-item TransactWriteItems of 1 KB writes 2 WRU where a PutItem writes 1: the
    extra 26,280,000 WRU a month × $0.625/M = $16.425. A one-item TransactGetItems reads
    2 RRU where a strongly consistent GetItem reads 1: 26,280,000 RRU × $0.125/M = $3.285."""
    spec = store(items=1)
    put, get = findings(spec, "DDB406")
    assert (put.severity, get.severity) == (Severity.INFO, Severity.INFO)
    spec_lines = spec.splitlines()
    assert spec_lines[line(put) - 1].strip() == "items: 1"
    assert line(put) == line_of(spec, "op: TransactWriteItems") + 2
    assert line(get) == line_of(spec, "op: TransactGetItems") + 2
    assert_dollars(put, 16.425)
    assert_dollars(get, 3.285)
    assert put.data["extra_units_per_month"] == pytest.approx(26_280_000)
    assert "26.3M extra units a month" in put.message


def test_ddb406_two_item_transactions_are_not_reported() -> None:
    assert findings(store(items=2), "DDB406") == []


def test_ddb407_pattern_without_rate_and_entity_without_count() -> None:
    spec = store(count="", rate="")
    by_line = {line(f): f for f in findings(spec, "DDB407")}
    assert set(by_line) == {line_of(spec, "Store:"), line_of(spec, "- name: tx-get")}
    assert all(f.severity is Severity.INFO for f in by_line.values())
    assert "tx-get has no rate" in by_line[line_of(spec, "- name: tx-get")].message
    assert "Doc without count or item_size" in by_line[line_of(spec, "Store:")].message
    assert findings(store(), "DDB407") == []


def test_ddb407_region_without_a_price_table_points_at_region() -> None:
    spec = store(region="region: ap-southeast-1")
    finding = one(spec, "DDB407")
    assert line(finding) == line_of(spec, "region:")
    assert "no price table for ap-southeast-1" in finding.message
    assert "eu-central-1, eu-west-1, us-east-1, us-east-2" in finding.message
    assert findings(store(region="region: eu-west-1"), "DDB407") == []


def test_ddb004_unknown_price_key_with_did_you_mean() -> None:
    spec = store(pricing="pricing: {write_request_units: 0.5, free_tier: true}")
    finding = one(spec, "DDB004")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "pricing:")
    assert "'write_request_units' is not a price key; did you mean 'write_request_unit'?" in finding.message
    assert findings(store(pricing="pricing: {write_request_unit: 0.5, free_tier: true}"), "DDB004") == []


def test_an_unknown_price_key_on_its_own_line_is_pointed_at() -> None:
    spec = store(pricing="pricing:\n  free_tier: true\n  storage_gb_montth: 0.2")
    finding = one(spec, "DDB004")
    assert line(finding) == line_of(spec, "storage_gb_montth")
    assert "did you mean 'storage_gb_month'?" in finding.message


# --------------------------------------------------------------------------- dollar figures

# 1,048,576 orders of 2 KB in three GSIs. Entries: PK "ORDER#" + uuid = 44 B; ByCustomer
# (all) holds the item; ByDay (keys-only) adds G2PK date (4 + 10 = 14 B): 58 B; ByEmail
# (keys-only) adds email (5 + 16 = 21 B): 65 B.
ORDERS = """\
version: 1
tables:
  Orders:
    key: {partition: PK}
    indexes:
      ByCustomer:
        key: {partition: G1PK}
        projection: all
      ByDay:
        key: {partition: G2PK}
        projection: keys-only
      ByEmail:
        key: {partition: email}
        projection: keys-only
    entities:
      Order:
        keys: {PK: "ORDER#{orderId}", G1PK: "C#{customerId}", G2PK: "{day}", email: "{email}"}
        item_size: 2KB
        count: 1_048_576
        fields:
          orderId: {type: S, format: uuid}
          customerId: {type: S, format: uuid}
          day: {type: S, format: date}
          email: {type: S, unique: true}
          status: {type: S, values: [OPEN, PAID]}
    access_patterns:
      - name: customer-orders
        op: Query
        index: ByCustomer
        key: {G1PK: "C#{customerId}"}
        items: 10
        needs: [status]
        rate: 50/s
      - name: by-email
        op: Query
        index: ByEmail
        key: {email: "{email}"}
        items: 1
        rate: 1/s
      - name: place-order
        op: PutItem
        entity: Order
        rate: 10/s
      - name: change-email
        op: UpdateItem
        entity: Order
        changes: [email]
        rate: 10/s
"""


def test_ddb202_unused_index_costs_its_writes_and_storage() -> None:
    """ByDay: each put writes its 58 B entry (1 WRU; the email change does not touch it):
    10/s × 2,628,000 = 26,280,000 WRU × $0.625/M = $16.425; 1,048,576 × (58 + 100) B =
    158 MB = 0.154296875 GB × $0.25 = $0.0386: $16.46 a month."""
    finding = one(ORDERS, "DDB202")
    assert finding.severity is Severity.WARNING
    assert line(finding) == line_of(ORDERS, "ByDay:")
    assert_dollars(finding, 16.425 + 0.154296875 * 0.25)
    assert "10 write units/s on average (26.3M units a month) and 158 MB of storage" in finding.message


def test_ddb203_wide_projection_saving() -> None:
    """ByCustomer projected as [status]: entries of 44 + 42 (G1PK "C#" + uuid) + 10
    (status) = 96 B instead of 2,048 B: 1,048,576 × 1,952 B = 1.90625 GB × $0.25 =
    $0.4766 of storage; puts write 1 WRU instead of 2 (10/s saved) and the email change
    no longer touches it (2 WRU × 10/s saved): 30 WRU/s × 2,628,000 = 78,840,000 WRU ×
    $0.625/M = $49.275. $49.75 a month."""
    finding = one(ORDERS, "DDB203")
    assert finding.severity is Severity.INFO
    assert line(finding) == line_of(ORDERS, "projection: all")
    assert_dollars(finding, 49.275 + 0.4765625)
    assert "1.91 GB of index storage and 30 write units/s (78.8M units a month)" in finding.message


def test_ddb205_index_key_churn_cost() -> None:
    """change-email moves the ByEmail entry (65 B, 1 WRU): a delete and a put, 2 WRU a
    write; 10/s → 20 WRU/s × 2,628,000 = 52,560,000 WRU × $0.625/M = $32.85 a month."""
    finding = one(ORDERS, "DDB205")
    assert finding.severity is Severity.INFO
    assert line(finding) == line_of(ORDERS, "changes: [email]")
    assert "ByEmail (2 WCU per write)" in finding.message
    assert_dollars(finding, 32.85)


def test_ddb207_lsi_fetches_cost() -> None:
    """The facts 3.6 example: 4 fetches of the 300 B item, each 4 KB, strongly
    consistent, 4 RCU a request; 1/s × 2,628,000 × 4 = 10,512,000 RRU × $0.125/M = $1.314."""
    spec = textwrap.dedent(LSI_FETCH)
    finding = one(spec, "DDB207")
    assert finding.severity is Severity.INFO
    assert line(finding) == line_of(spec, "needs:")
    assert "it reads 5 RCU per request" in finding.message
    assert_dollars(finding, 1.314)


THINGS = """\
version: 1
tables:
  Things:
    key: {partition: PK, sort: SK}
    entities:
      Small:
        keys: {PK: "S#{id}", SK: SMALL}
        item_size: 1.05KB
        count: 1000
        fields: {id: {type: S, format: uuid}}
      Big:
        keys: {PK: "B#{id}", SK: BIG}
        item_size: 4.2KB
        count: 1000
        fields: {id: {type: S, format: uuid}}
      Log:
        keys: {PK: "L#{id}", SK: "{at}"}
        item_size: 924B
        count: 1_048_576
        growth: 1_048_576/month
        fields:
          id: {type: S, format: uuid}
          at: {type: S, format: iso8601}
          customerIdentifier: {type: S}
      Line:
        keys: {PK: "O#{id}", SK: "LINE#{n}"}
        item_size: 1KB
        count: 1000
        fields: {id: {type: S, format: uuid}, n: {type: S}}
    access_patterns:
      - name: put-small
        op: PutItem
        entity: Small
        rate: 100/s
      - name: get-big
        op: GetItem
        entity: Big
        key: {PK: "B#{id}", SK: BIG}
        rate: 100/s
      - name: filtered-lines
        op: Query
        entity: Line
        key: {PK: "O#{id}", SK: {begins_with: "LINE#"}}
        filter: {attributes: [status], selectivity: 10%}
        items: 10
        rate: 10/s
"""


def test_ddb302_unit_rounding_waste_on_writes_and_reads() -> None:
    """Small: 1.05 KB is 51.2 B over 1 KB, each put pays 2 WRU instead of 1: 100/s ×
    2,628,000 = 262,800,000 WRU × $0.625/M = $164.25. Big: 4.2 KB is 204.8 B over 4 KB,
    each eventually consistent GetItem pays 1 RRU instead of 0.5: 50 RRU/s × 2,628,000 =
    131,400,000 RRU × $0.125/M = $16.425."""
    small, big = findings(THINGS, "DDB302")
    assert (small.severity, big.severity) == (Severity.INFO, Severity.INFO)
    assert line(small) == line_of(THINGS, "item_size: 1.05KB")
    assert line(big) == line_of(THINGS, "item_size: 4.2KB")
    assert_dollars(small, 164.25)
    assert_dollars(big, 16.425)


def test_ddb304_unbounded_growth_storage_cost() -> None:
    """Log: 1 GB now (1,048,576 × 1,024 B), 12 × 1,048,576 more items in a year (a year
    is 12 months of 730 h): 13 GB. $0.25 now, 13 × $0.25 = $3.25 a month in 12 months."""
    finding = one(THINGS, "DDB304")
    assert finding.severity is Severity.INFO
    assert line(finding) == line_of(THINGS, "growth: 1_048_576/month")
    assert "from 1 GB to 13 GB in 12 months" in finding.message
    assert_dollars(finding, 0.25, 3.25)


def test_ddb305_long_attribute_name_storage_cost() -> None:
    """'customerIdentifier' is 18 bytes in each of 1,048,576 + 12,582,912 = 13,631,488
    items (the count in 12 months): 245,366,784 B = 0.228515625 GB × $0.25 = $0.0571."""
    finding = one(THINGS, "DDB305")
    assert finding.severity is Severity.INFO
    assert line(finding) == line_of(THINGS, "customerIdentifier:")
    assert "takes 18 bytes in each of 13.6M items" in finding.message
    assert_dollars(finding, 0.228515625 * 0.25)


def test_ddb501_daily_scan_cost() -> None:
    """10 GB of 924 B items: 9,240 pages × 128 RRU = 1,182,720 RRU a pass; 30.4167 passes a
    month = 35,974,400 RRU × $0.125/M = $4.4968 a month. Once a day is a warning."""
    spec = textwrap.dedent(DAILY_SCAN.format(consistent="false"))
    finding = one(spec, "DDB501")
    assert finding.severity is Severity.WARNING
    assert line(finding) == line_of(spec, "op: Scan")
    assert "each pass reads 1,182,720 RCU" in finding.message
    assert "36M read units a month" in finding.message
    assert_dollars(finding, 4.4968)


def test_ddb501_a_scan_twice_a_minute_is_an_error_with_its_cost() -> None:
    """2/min × 2,628,000 s / 60 = 87,600 passes × 1,182,720 RRU = 103,606,272,000 RRU ×
    $0.125/M = $12,950.78 a month."""
    spec = textwrap.dedent(DAILY_SCAN.format(consistent="false")).replace("rate: 1/day", "rate: 2/min")
    finding = one(spec, "DDB501")
    assert finding.severity is Severity.ERROR
    assert_dollars(finding, 12_950.784)


def test_ddb503_filter_waste_cost() -> None:
    """10 items kept of 100 read (10 %): the request reads 100 KB = 25 steps × 0.5 = 12.5
    RRU; the 10 kept items alone are 10 KB, rounded up to 12 KB = 3 steps × 0.5 = 1.5 RRU
    (facts 1.8). The waste, 11 RRU × 10/s × 2,628,000 = 289,080,000 RRU × $0.125/M =
    $36.135 a month."""
    finding = one(THINGS, "DDB503")
    assert finding.severity is Severity.WARNING
    assert line(finding) == line_of(THINGS, "filter:")
    assert "each request pays 12.5 RCU to return what 1.5 RCU would read" in finding.message
    assert_dollars(finding, 36.135)


def test_figures_of_a_global_table_count_every_region() -> None:
    """In a global table a write is paid in every Region (facts 6.7, 3.11), and so is
    storage: DDB205's key churn on ByEmail is 52,560,000 WRU in us-east-1 and again in
    us-east-2, 2 × $32.85 = $65.70; DDB202's unused ByDay costs 2 × ($16.425 of writes +
    $0.0386 of storage) = $32.93; DDB304's 1 GB → 13 GB (the item size + 100 B, without
    the 48 B of a global table) is stored in both Regions: $0.50 to $6.50."""
    spec = ORDERS.replace(
        "    key: {partition: PK}\n", "    key: {partition: PK}\n    replicas: [us-east-1, us-east-2]\n", 1
    )
    assert_dollars(one(spec, "DDB205"), 65.70)
    assert_dollars(one(spec, "DDB202"), 2 * (16.425 + 0.154296875 * 0.25))
    growing = THINGS.replace(
        "    key: {partition: PK, sort: SK}\n",
        "    key: {partition: PK, sort: SK}\n    replicas: [us-east-1, us-east-2]\n",
        1,
    )
    assert_dollars(one(growing, "DDB304"), 0.50, 6.50)


def test_ddb406_in_a_global_table_is_the_doubling_where_the_transaction_runs() -> None:
    """The replicas receive the committed item as a plain write (see the bill), so the
    doubling is paid once: 26,280,000 extra WRU × $0.625/M = $16.425."""
    spec = store(items=1).replace(
        "    key: {partition: PK}\n", "    key: {partition: PK}\n    replicas: [us-east-1, us-east-2]\n", 1
    )
    put, _get = findings(spec, "DDB406")
    assert_dollars(put, 16.425)


def test_ddb402_counts_the_free_tier_when_the_spec_does() -> None:
    """40 GB (41,943,040 items of 924 B) and 1 write/s: Standard $10 + 2,628,000 WRU ×
    $0.625/M = $11.6425, Standard-IA $4 + 2,628,000 × $0.78/M = $6.04984: IA is $5.59
    (48 %) cheaper. With the free tier, Standard's first 25 GB are free: $11.6425 −
    $6.25 = $5.3925, less than Standard-IA (which has no free tier): no finding."""
    spec = stored("class: standard", 1).replace("count: 104_857_600", "count: 41_943_040")
    assert_dollars(one(spec, "DDB402"), 6.04984, 11.6425)
    free = spec.replace("version: 1\n", "version: 1\npricing: {free_tier: true}\n", 1)
    assert findings(free, "DDB402") == []


def test_ddb401_counts_the_free_tier_when_the_spec_does() -> None:
    """10 GetItems a second: on demand 13,140,000 RRU × $0.125/M = $1.6425 (+ $0.000238
    of storage); provisioned at the peak, ceil(5 / 0.7) = 8 RCU ($0.7592) + 1 WCU
    ($0.4745) = $1.2337: $0.41 less, under $1, no finding. With the free tier the 8 RCU,
    the 1 WCU and the storage are free: $0.00 against $1.6425, $1.6425 (100 %) less."""
    spec = SPIKY.replace("rate: 100/s", "rate: 10/s").replace("PEAK", "10")
    assert findings(spec, "DDB401") == []
    free = spec.replace("version: 1\n", "version: 1\npricing: {free_tier: true}\n", 1)
    finding = one(free, "DDB401")
    assert "(free tier counted)" in finding.message
    assert_dollars(finding, 0.0, 1.6425, 1.6425)


def test_ddb403_an_index_on_the_table_capacity_is_judged_in_the_table_finding() -> None:
    """The GSI takes the table's 300 RCU (no capacity of its own) for a peak of 25 RCU
    (35.71 at 70 %): its excess is the table's setting, reported in the table's finding
    with the table's own excess (300 RCU for 100 RCU at peak)."""
    spec = textwrap.dedent(shop(billing="provisioned", capacity="capacity: {read: 300, write: 30}"))
    finding = one(spec, "DDB403")
    assert line(finding) == line_of(spec, "capacity: {read: 300")
    assert "reads: 300 RCU for a peak of 100" in finding.message
    assert "index ByCustomer (on the table's capacity) reads: 300 RCU for a peak of 25" in finding.message
    assert_dollars(finding, ((300 - 100 / 0.7) + (300 - 25 / 0.7)) * 730 * 0.00013)


def test_ddb407_region_priced_entirely_by_overrides_is_not_reported() -> None:
    every_price = (
        "pricing: {read_request_unit: 0.2, write_request_unit: 1.0, storage_gb_month: 0.3, "
        "replicated_write_request_unit: 1.0}"
    )
    assert findings(store(region="region: ap-southeast-1", pricing=every_price), "DDB407") == []
    partial = "pricing: {read_request_unit: 0.2}"
    assert [f.code for f in findings(store(region="region: ap-southeast-1", pricing=partial), "DDB407")] == [
        "DDB407"
    ]


def test_ddb401_and_ddb402_stay_quiet_when_no_pattern_can_be_priced() -> None:
    """The only pattern's key condition is an error (DDB004): the table's bill is storage
    alone, and comparing classes on it would be a second finding from the same mistake."""
    spec = textwrap.dedent(
        """\
        version: 1
        tables:
          Archive:
            key: {partition: PK}
            entities:
              Doc:
                keys: {PK: "DOC#{id}"}
                item_size: 4KB
                count: 100M
                fields: {id: {format: uuid}}
            access_patterns:
              - {name: get-doc, op: GetItem, entity: Doc, key: {Pk: "DOC#{id}"}, rate: 1/s}
        """
    )
    assert [f.code for f in findings(spec, "DDB004", "DDB401", "DDB402")] == ["DDB004"]
