"""Hovers in a spec: each kind of node shows what it costs, with the formula, the Region
and the date of the prices. Figures are computed here by hand or read from the bill."""

from __future__ import annotations

import time
from typing import Any

import pytest

from ddb_architect.cost.bill import Bill
from ddb_architect.cost.design_bill import price_design
from ddb_architect.cost.money import format_usd
from ddb_architect.cost.prices import PriceBook
from ddb_architect.findings import Position
from ddb_architect.hover import hover_at, hovers_for
from ddb_architect.hover import markdown as md
from ddb_architect.spec.loader import SpecDocument
from ddb_architect.spec.model import Design, Table
from ddb_architect.spec.quantities import format_bytes, format_count
from tests.hover.hovers import GB, MONTH_S, bill_of, document, hover, no_hover, position

SHOP = """\
    version: 1
    name: shop
    region: us-east-1
    tables:
      Shop:
        billing: on-demand
        key: {partition: PK, sort: SK}
        ttl: expiresAt
        indexes:
          ByEmail:
            key: {partition: GSI1PK}
            projection: keys-only
        entities:
          Customer:
            keys: {PK: "C#{customerId}", SK: PROFILE, GSI1PK: "E#{email}"}
            item_size: 1.5KB
            max_item_size: 10KB
            count: 1M
            growth: 1K/day
            retention: 365d
            fields:
              customerId: {type: S, format: uuid, cardinality: 1M}
              email: {type: S, unique: true, max_length: 254}
        access_patterns:
          - name: get-customer
            op: GetItem
            entity: Customer
            key: {PK: "C#{customerId}", SK: PROFILE}
            rate: 900/s
            peak: 3000/s
          - name: recent-orders
            op: Query
            entity: Customer
            key: {PK: "C#{customerId}"}
            items: 20
            filter: {attributes: [status], selectivity: 50%}
            rate: 10/s
            hot_key_share: 10%
          - name: create-customer
            op: PutItem
            entity: Customer
            rate: 10/s
      Ledger:
        billing: provisioned
        capacity:
          read: 100
          write: 50
          autoscaling:
            read: {min: 5, max: 500, target: 70%}
        key: {partition: PK}
    """


@pytest.fixture(scope="module")
def shop() -> SpecDocument:
    doc = document(SHOP)
    assert doc.design is not None
    assert not doc.findings, [(f.code, f.message) for f in doc.findings]
    return doc


def us_east_1(key: str) -> float:
    price = PriceBook.for_region("us-east-1").get(key)
    assert price is not None
    return price.per_unit


def shop_table(doc: SpecDocument) -> Table:
    assert doc.design is not None
    return doc.design.tables["Shop"]


FOOTER = "US East (N. Virginia) (us-east-1) · prices as of "


def assert_footer(markdown: str, as_of: str) -> None:
    assert markdown.rstrip().splitlines()[-1].startswith(FOOTER + as_of)


# --------------------------------------------------------------------------- tables


def test_a_table_name_shows_its_monthly_bill(shop: SpecDocument) -> None:
    result = hover(shop, "Shop:")
    bill = bill_of(shop)
    cost = next(t for t in bill.tables if t.name == "Shop")

    assert result.span == shop_table(shop).name_span
    assert f"**{format_usd(cost.monthly_usd)} a month**" in result.markdown
    for line in cost.lines:
        assert line.monthly_usd is not None
        assert format_usd(line.monthly_usd) in result.markdown
    # The reads of the table, by hand: 900/s GetItem of 1.5 KB at 0.5 RRU, and 10/s of the
    # query reading 40 items of 1.5 KB (60 KB: 15 × 4 KB × 0.5 = 7.5 RRU).
    reads = (900 * 0.5 + 10 * 7.5) * MONTH_S
    assert (
        f"{format_count(reads)} RRU × $0.125/M | {format_usd(reads * us_east_1('read_request_unit'))} |"
        in (result.markdown)
    )
    assert_footer(result.markdown, bill.prices_as_of)


def test_a_table_setting_shows_the_table_bill(shop: SpecDocument) -> None:
    assert hover(shop, "on-demand").markdown == hover(shop, "Shop:").markdown


def test_a_provisioned_table_bills_its_capacity(shop: SpecDocument) -> None:
    result = hover(shop, "Ledger:")
    cost = next(t for t in bill_of(shop).tables if t.name == "Ledger")

    assert "provisioned" in result.markdown
    assert f"**{format_usd(cost.monthly_usd)} a month**" in result.markdown
    assert "capacity for 730 hours" in result.markdown


# --------------------------------------------------------------------------- indexes


def test_an_index_name_shows_its_write_amplification_and_cost(shop: SpecDocument) -> None:
    result = hover(shop, "ByEmail:")
    cost = next(t for t in bill_of(shop).tables if t.name == "Shop")
    index = next(i for i in cost.indexes if i.name == "ByEmail")

    assert result.span == shop_table(shop).indexes["ByEmail"].name_span
    assert "global index of Shop, keys-only" in result.markdown
    for line in index.amplification:
        assert md.text(line) in result.markdown
    assert index.monthly_usd is not None
    assert format_usd(index.monthly_usd) in result.markdown
    # create-customer puts a new entry: 1 WCU for each of its 10/s.
    assert f"create-customer: new entry, 1 WCU × {format_count(10 * MONTH_S)} requests" in result.markdown


def test_anything_in_an_index_shows_the_index(shop: SpecDocument) -> None:
    assert hover(shop, "keys-only").markdown == hover(shop, "ByEmail:").markdown
    assert hover(shop, "GSI1PK}", nth=0).markdown == hover(shop, "ByEmail:").markdown


# --------------------------------------------------------------------------- entities


def test_an_entity_name_shows_size_storage_and_cost(shop: SpecDocument) -> None:
    result = hover(shop, "Customer:")
    cost = next(t for t in bill_of(shop).tables if t.name == "Shop")
    entity = next(e for e in cost.entities if e.name == "Customer")

    assert "1.5 KB = 0.38% of the 400 KB item limit" in result.markdown  # 1,536 / 409,600
    assert "a write 2 WCU, a read 0.5 RCU" in result.markdown
    # 1M now; 1K/day for 365 days, capped by retention at 1K/day × 365 d = 365K: still 1M.
    assert f"| items | {format_count(1_000_000)} | {format_count(1_000_000)} |" in result.markdown
    assert entity.storage_bytes_now is not None
    assert entity.monthly_usd is not None
    assert format_bytes(entity.storage_bytes_now) in result.markdown
    assert f"**{format_usd(entity.monthly_usd)} a month** of storage" in result.markdown
    assert "get-customer" in result.markdown
    assert "create-customer" in result.markdown


def test_an_entity_that_grows_shows_the_count_in_a_year() -> None:
    doc = document(SHOP.replace("retention: 365d", "description: no retention"))
    result = hover(doc, "Customer:")
    assert f"| items | 1M | {format_count(1_000_000 + 1000 * 365)} |" in result.markdown


def test_the_entity_keys_show_the_entity(shop: SpecDocument) -> None:
    assert hover(shop, "PROFILE", nth=0).markdown == hover(shop, "Customer:").markdown


# --------------------------------------------------------------------------- access patterns


def test_an_access_pattern_shows_units_formula_requests_and_dollars(shop: SpecDocument) -> None:
    result = hover(shop, "get-customer")
    requests = 900 * MONTH_S
    usd = requests * 0.5 * us_east_1("read_request_unit")

    assert result.span == shop_table(shop).access_patterns[0].span("name")
    assert f"**{format_usd(usd)} a month**" in result.markdown
    assert "per request: 0.5 RCU" in result.markdown
    assert "GetItem of a 1.5 KB item: 1 × 4 KB, eventually consistent (×0.5) = 0.5 RCU" in result.markdown
    assert f"900/s × 2,628,000 s = {format_count(requests)} requests" in result.markdown
    pattern = next(p for t in bill_of(shop).tables for p in t.patterns if p.name == "get-customer")
    assert pattern.monthly_usd == pytest.approx(usd)


def test_a_write_shows_the_index_writes_it_causes(shop: SpecDocument) -> None:
    result = hover(shop, "create-customer", nth=0)
    # PutItem of 1.5 KB: 2 WCU; its keys-only entry in ByEmail: 1 WCU.
    assert "per request: 2 WCU on the table + 1 WCU on ByEmail" in result.markdown
    usd = 10 * MONTH_S * 3 * us_east_1("write_request_unit")
    assert f"**{format_usd(usd)} a month**" in result.markdown


def test_anywhere_in_an_access_pattern_shows_it(shop: SpecDocument) -> None:
    expected = hover(shop, "get-customer").markdown
    assert hover(shop, "GetItem").markdown == expected
    assert hover(shop, "entity: Customer", offset=9, nth=0).markdown == expected
    assert hover(shop, "- name: get-customer", offset=3).markdown == expected


# --------------------------------------------------------------------------- quantities


def test_an_item_size_says_what_it_means_in_units(shop: SpecDocument) -> None:
    result = hover(shop, "1.5KB")
    assert result.markdown.startswith("`item_size: 1.5KB` = 1,536 bytes")
    assert "⌈1,536 ÷ 1,024⌉ = 2 WCU" in result.markdown
    assert "0.5 RCU eventually consistent, 1 strongly, 2 transactional" in result.markdown
    assert "1,536 + 100 B overhead = 1,636 B an item" in result.markdown
    stored = 1_000_000 * 1636
    usd = stored / GB * us_east_1("storage_gb_month")
    assert f"= {format_bytes(stored)} now × $0.25/GB-month = {format_usd(usd)} a month" in result.markdown
    assert result.span.start == Position(*position(shop, "1.5KB"))


def test_a_max_item_size_over_the_limit_says_so() -> None:
    doc = document(SHOP.replace("max_item_size: 10KB", "max_item_size: 500KB"))
    result = hover(doc, "500KB")
    assert "125% of the 400 KB item limit — over it" in result.markdown
    assert "500 WCU" in result.markdown


def test_the_key_of_a_quantity_explains_it_too(shop: SpecDocument) -> None:
    assert hover(shop, "item_size", offset=2).markdown == hover(shop, "1.5KB").markdown


def test_count_growth_and_retention(shop: SpecDocument) -> None:
    assert hover(shop, "count: 1M", offset=7).markdown.startswith("`count: 1M` = 1,000,000 items now")
    growth = hover(shop, "1K/day").markdown
    assert growth.startswith("`growth: 1K/day` = 1,000 new items a day")
    assert f"{format_count(1000 * MONTH_S / 86_400)} new items a month" in growth
    assert "never more than growth × retention = 365K" in growth
    retention = hover(shop, "365d").markdown
    assert retention.startswith("`retention: 365d` = 365 days (31,536,000 s)")
    assert "growth × retention = 1,000/day × 365 d = 365K items" in retention


def test_a_rate_says_requests_a_month_and_dollars(shop: SpecDocument) -> None:
    result = hover(shop, "900/s")
    requests = 900 * MONTH_S
    assert result.markdown.startswith(f"`rate: 900/s` = {format_count(requests)} requests a month")
    assert "900/s × 2,628,000 s" in result.markdown
    assert format_usd(requests * 0.5 * us_east_1("read_request_unit")) in result.markdown


def test_a_peak_says_units_a_second(shop: SpecDocument) -> None:
    result = hover(shop, "3000/s")
    assert "3.33× the average 900/s" in result.markdown
    assert "at peak: 3,000 × 0.5 RCU = 1,500 RCU/s" in result.markdown


def test_items_selectivity_and_hot_key_share(shop: SpecDocument) -> None:
    items = hover(shop, "items: 20", offset=7).markdown
    # 20 returned at 50% selectivity: 40 items of 1.5 KB = 60 KB read, 15 × 4 KB, ×0.5 = 7.5 RCU.
    assert items.startswith("`items: 20` = 20 items per request")
    assert "per request: 7.5 RCU" in items
    selectivity = hover(shop, "50%").markdown
    assert "20 returned ÷ 50% = 40 read" in selectivity
    hot = hover(shop, "10%").markdown
    assert "at peak: 10/s × 10% = 1/s on one key, 7.5 RCU each" in hot


def test_provisioned_capacity_says_what_it_serves_and_costs(shop: SpecDocument) -> None:
    read = hover(shop, "read: 100", offset=6).markdown
    usd = 100 * 730 * us_east_1("read_capacity_unit_hour")
    assert f"100 × 730 h = 73,000 RCU-hours × $0.00013 = {format_usd(usd)} a month" in read
    write = hover(shop, "write: 50", offset=7).markdown
    assert "serves 50 writes of up to 1 KB a second" in write
    low = hover(shop, "min: 5", offset=5).markdown
    assert "never sets read capacity below 5 RCU" in low
    assert "utilization near 70%" in hover(shop, "70%").markdown


def test_field_cardinality_and_max_length(shop: SpecDocument) -> None:
    assert "1,000,000 distinct values of customerId" in hover(shop, "cardinality: 1M", offset=13).markdown
    assert "254 bytes at most in email" in hover(shop, "254").markdown


# --------------------------------------------------------------------------- Region and prices


def test_every_hover_ends_with_the_region_and_the_price_date(shop: SpecDocument) -> None:
    as_of = bill_of(shop).prices_as_of
    for needle in ("Shop:", "ByEmail:", "Customer:", "get-customer", "1.5KB", "900/s", "365d", "region: "):
        assert_footer(hover(shop, needle).markdown, as_of)


def test_the_region_shows_its_prices_and_the_design_total(shop: SpecDocument) -> None:
    result = hover(shop, "us-east-1").markdown
    assert "| read request unit, standard | $0.125/M |" in result
    assert f"Design: **{format_usd(bill_of(shop).total_monthly_usd)} a month**" in result


def test_another_region_prices_the_design_there(shop: SpecDocument) -> None:
    result = hover(shop, "get-customer", region="eu-west-1").markdown
    bill = bill_of(shop, region="eu-west-1")
    pattern = next(p for t in bill.tables for p in t.patterns if p.name == "get-customer")
    assert pattern.monthly_usd is not None
    assert format_usd(pattern.monthly_usd) in result
    assert "Europe (Ireland) (eu-west-1) · prices as of" in result


def test_a_region_without_a_price_table_says_how_to_give_prices() -> None:
    doc = document(SHOP.replace("region: us-east-1", "region: ap-south-1"))
    table = hover(doc, "Shop:").markdown
    assert "not priced" in table
    assert "prices unknown: no price table for this Region" in table
    assert "give them under `pricing:`" in table
    assert "prices as of" not in table
    pattern = hover(doc, "get-customer").markdown
    assert "not priced" in pattern
    assert "ap-south-1 · prices unknown" in pattern


def test_a_price_override_shows_the_price_it_replaces() -> None:
    doc = document(
        SHOP.replace("region: us-east-1", "region: us-east-1\n    pricing: {read_request_unit: 0.1}")
    )
    result = hover(doc, "read_request_unit", offset=1).markdown
    assert result.startswith(r"**read\_request\_unit**: $0.10/M")
    assert "instead of US East (N. Virginia)'s $0.125/M" in result
    assert "1 price(s) from `pricing:`" in result
    assert format_usd(900 * MONTH_S * 0.5 * 0.1 / 1e6) in hover(doc, "get-customer").markdown


def test_unconfirmed_prices_are_marked() -> None:
    doc = document(SHOP.replace("billing: provisioned", "billing: provisioned\n        class: standard-ia"))
    result = hover(doc, "Ledger:").markdown
    assert "† unconfirmed price" in result
    assert " † |" in result


# --------------------------------------------------------------------------- nothing there


def test_nothing_under_the_cursor_has_no_hover(shop: SpecDocument) -> None:
    assert no_hover(shop, "version")
    assert no_hover(shop, "tables:")
    assert no_hover(shop, "key: {partition: PK, sort: SK}", offset=7)  # the table's key
    assert no_hover(shop, "    indexes:", offset=2)  # indentation
    assert hover_at(shop, 0, 200) is None  # past the end of a line
    assert hover_at(shop, 10_000, 0) is None  # past the end of the document
    assert hover_at(shop, -1, 0) is None


def test_a_spec_that_is_not_yaml_has_no_hover() -> None:
    doc = document("tables: [unclosed\n")
    assert doc.design is None
    assert hover_at(doc, 0, 2) is None


# --------------------------------------------------------------------------- a half-broken spec

BROKEN = """\
    version: 1
    tables:
      Good:
        key: {partition: PK, sort: SK}
        entities:
          Thing:
            keys: {PK: "T#{id}", SK: X}
            item_size: 1.5 KBB
            count: 10K
          Other:
            keys: {PK: "O#{id}", SK: Y}
            item_size: 2KB
          Broken:
            item_size: 2KB
        access_patterns:
          - name: get-other
            op: GetItem
            entity: Other
            key: {PK: "O#{id}", SK: Y}
            rate: 900/s
          - name: get-thing
            op: GetItem
            entity: Thing
            key: {PK: "T#{id}", SK: X}
            rate: fast
          - name: nope
            op: Bogus
      Bad:
        billing: provisioned
    """


def test_a_half_broken_spec_still_hovers_its_valid_parts() -> None:
    doc = document(BROKEN)
    assert {f.code for f in doc.findings} == {"DDB002"}
    assert len(doc.findings) == 5

    other = hover(doc, "get-other").markdown
    assert format_usd(900 * MONTH_S * 0.5 * us_east_1("read_request_unit")) in other
    assert hover(doc, "2KB", nth=0).markdown.startswith("`item_size: 2KB` = 2,048 bytes")
    assert "$" in hover(doc, "Good:").markdown
    # A pattern whose entity has no valid size: its units are unknown, and it says so.
    assert "Units unknown" in hover(doc, "get-thing").markdown
    # Invalid values, broken units and broken tables have no hover.
    assert no_hover(doc, "1.5 KBB")
    assert no_hover(doc, "fast")
    assert no_hover(doc, "Broken:")
    assert no_hover(doc, "nope")
    assert no_hover(doc, "Bad:")


# --------------------------------------------------------------------------- Markdown and speed


def test_names_are_escaped_in_markdown() -> None:
    doc = document(SHOP.replace("Shop:", "My_Shop*1:"))
    assert hover(doc, "My_Shop").markdown.startswith(r"**My\_Shop\*1** · table")


def test_the_design_is_priced_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = document(SHOP)
    calls: list[int] = []

    def counting(design: Design, **options: Any) -> Bill:
        calls.append(1)
        return price_design(design, **options)

    monkeypatch.setattr("ddb_architect.hover.context.price_design", counting)
    for needle in ("Shop:", "get-customer", "ByEmail:", "Customer:", "900/s"):
        hover(doc, needle)
    assert len(calls) == 1
    assert hovers_for(doc) is hovers_for(doc)


def test_hovers_on_a_priced_spec_are_fast(shop: SpecDocument) -> None:
    hovers = hovers_for(shop)
    hovers.prepare()
    lines = shop.text.splitlines()
    started = time.perf_counter()
    count = 0
    for number, line in enumerate(lines):
        for column in range(0, len(line), 3):
            hovers.at(number, column)
            count += 1
    mean_ms = (time.perf_counter() - started) * 1000 / count
    assert mean_ms < 5, f"{mean_ms:.2f} ms a hover"


def test_a_rate_not_per_second_is_spread_over_the_month() -> None:
    doc = document(SHOP.replace("rate: 900/s", "rate: 900/day"))
    requests = 900 * MONTH_S / 86_400
    assert f"a month: 900/day over a month of 730 h = {format_count(requests)} requests" in (
        hover(doc, "get-customer").markdown
    )
    assert hover(doc, "900/day").markdown.startswith(f"`rate: 900/day` = {format_count(requests)} requests")
