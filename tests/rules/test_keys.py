"""1xx rules (DDB101–DDB107): keys. Each rule fires on a small story and stays quiet on its
nearest sound variant; every finding is checked for its code, its severity, the line
rules.md says it points at, and the figures in its message.

DDB102's arithmetic is the hot-partition math of rules.md: per partition key value,
peak requests/s × units per request × the share of the traffic on the busiest key
(``hot_key_share``, else 1 / the key's cardinality; 1 for a constant key, and for new
writes on a key built from time or a counter). Over 3,000 read or 1,000 write units/s is
an error; over half of that a warning."""

from __future__ import annotations

import pytest

from ddb_architect.findings import Severity
from tests.specs import findings, line, line_of, one

# --------------------------------------------------------------------------- DDB101

TICKETS = """\
version: 1
tables:
  Tickets:
    key: {partition: PK, sort: SK}
    indexes:
      ByQueue:
        key: {partition: queue, sort: openedAt}
        projection: keys-only
      ByRegionAndTier:
        key: {partition: [region, tier], sort: openedAt}
        projection: keys-only
    entities:
      Ticket:
        keys: {PK: "TICKET#{ticketId}", SK: META, queue: "{queue}", openedAt: "{openedAt}", region: "{region}", tier: "{tier}"}
        item_size: 1KB
        count: 1M
        fields:
          ticketId: {type: S, format: uuid}
          queue: {type: S, cardinality: QUEUES}
          openedAt: {type: S, format: iso8601}
          region: {type: S, cardinality: 10}
          tier: {type: S, values: [TIERS]}
"""
TEN_TIERS = "gold, silver, bronze, free, trial, edu, gov, ngo, oem, beta"
NINE_TIERS = "gold, silver, bronze, free, trial, edu, gov, ngo, oem"


def test_ddb101_99_queues_is_too_few_for_an_index_partition_key() -> None:
    spec = TICKETS.replace("QUEUES", "99").replace("TIERS", TEN_TIERS)
    finding = one(spec, "DDB101")
    assert finding.severity is Severity.WARNING
    assert line(finding) == line_of(spec, "key: {partition: queue")
    assert "global index ByQueue: the partition key takes only 99 distinct values" in finding.message
    assert "fewer than 100" in finding.message


def test_ddb101_a_multi_attribute_key_counts_the_product_of_its_attributes() -> None:
    """10 regions × 9 tiers = 90 values."""
    spec = TICKETS.replace("QUEUES", "100").replace("TIERS", NINE_TIERS)
    finding = one(spec, "DDB101")
    assert line(finding) == line_of(spec, "key: {partition: [region, tier]")
    assert "takes only 90 distinct values for Ticket (from region, tier)" in finding.message


def test_ddb101_100_values_are_enough() -> None:
    """99 queues vs 100, and 10 regions × 10 tiers = 100."""
    spec = TICKETS.replace("QUEUES", "100").replace("TIERS", TEN_TIERS)
    assert findings(spec, "DDB101") == []


def test_ddb101_a_table_keyed_by_status_points_at_the_table_key() -> None:
    spec = """
        version: 1
        tables:
          Orders:
            key: {partition: status, sort: orderId}
            entities:
              Order:
                keys: {status: "{status}", orderId: "{orderId}"}
                count: 5M
                fields:
                  status: {type: S, values: [PENDING, PAID, SHIPPED, DELIVERED]}
                  orderId: {type: S, format: uuid}
    """
    finding = one(spec, "DDB101")
    assert line(finding) == line_of(spec, "key: {partition: status")
    assert "table Orders: the partition key takes only 4 distinct values" in finding.message
    sound = spec.replace("key: {partition: status, sort: orderId}", "key: {partition: orderId, sort: status}")
    assert findings(sound, "DDB101") == []


def test_ddb101_a_constant_partition_template_points_at_the_entity_keys() -> None:
    """Every user in one GSI partition: the entity's template is the cause."""
    spec = """
        version: 1
        tables:
          Users:
            key: {partition: PK}
            indexes:
              AllUsers:
                key: {partition: GSI1PK, sort: GSI1SK}
                projection: keys-only
            entities:
              User:
                keys: {PK: "USER#{userId}", GSI1PK: USERS, GSI1SK: "{signedUpAt}"}
                count: 2M
                fields:
                  userId: {type: S, format: uuid}
                  signedUpAt: {type: S, format: iso8601}
    """
    finding = one(spec, "DDB101")
    assert finding.severity is Severity.WARNING
    assert line(finding) == line_of(spec, "keys: {PK:")
    assert "every item (2M items) has the same global index AllUsers partition key 'USERS'" in finding.message
    sharded = spec.replace("GSI1PK: USERS", 'GSI1PK: "USERS#{shard}"').replace(
        "signedUpAt: {type: S, format: iso8601}",
        "signedUpAt: {type: S, format: iso8601}\n          shard: {type: N, cardinality: 100}",
    )
    assert findings(sharded, "DDB101") == []


# --------------------------------------------------------------------------- DDB102: reads

CONFIG = """\
version: 1
tables:
  Settings:
    key: {partition: PK}
    entities:
      Config:
        keys: {PK: CONFIG}
        item_size: 4KB
        count: 1
    access_patterns:
      - name: get-config
        op: GetItem
        entity: Config
        key: {PK: CONFIG}
        consistent: true
        rate: 100/s
        peak: PEAK
"""


@pytest.mark.parametrize(
    ("peak", "severity", "units"),
    [
        ("3001/s", Severity.ERROR, "3,001"),
        ("3000/s", Severity.WARNING, "3,000"),
        ("1501/s", Severity.WARNING, "1,501"),
    ],
)
def test_ddb102_a_constant_key_takes_every_read(peak: str, severity: Severity, units: str) -> None:
    """A strongly consistent read of a 4 KB item is 1 unit; every request reads CONFIG."""
    spec = CONFIG.replace("PEAK", peak)
    finding = one(spec, "DDB102")
    assert finding.severity is severity
    assert line(finding) == line_of(spec, "key: {PK: CONFIG}")
    assert f"sends {units} read units/s to one partition key value of table Settings" in finding.message
    assert "1 read unit per request" in finding.message
    assert f"at its peak of {units}/s" in finding.message
    assert "every request reads the same key (CONFIG)" in finding.message


def test_ddb102_half_the_partition_limit_is_still_sound() -> None:
    assert findings(CONFIG.replace("PEAK", "1500/s"), "DDB102") == []


def test_ddb102_eventually_consistent_reads_cost_half() -> None:
    """The same 3,001/s, eventually consistent: 0.5 unit per request, 1,500.5 units/s."""
    spec = CONFIG.replace("PEAK", "3001/s").replace("consistent: true", "consistent: false")
    finding = one(spec, "DDB102")
    assert finding.severity is Severity.WARNING
    assert "0.5 read units per request" in finding.message
    assert findings(spec.replace("3001/s", "3000/s"), "DDB102") == []


def test_ddb102_uses_the_peak_and_the_rate_only_when_no_peak_is_given() -> None:
    """A peak of 1,400/s is sound whatever the rate says; without a peak, the rate is it."""
    assert findings(CONFIG.replace("PEAK", "1400/s").replace("rate: 100/s", "rate: 5000/s"), "DDB102") == []
    no_peak = CONFIG.replace("        peak: PEAK\n", "").replace("rate: 100/s", "rate: 3001/s")
    assert one(no_peak, "DDB102").severity is Severity.ERROR


PROFILES = """\
version: 1
tables:
  Profiles:
    key: {partition: PK}
    entities:
      User:
        keys: {PK: "USER#{userId}"}
        item_size: 4KB
        count: 1M
        fields:
          userId: {type: S, format: uuid}
    access_patterns:
      - name: get-profile
        op: GetItem
        entity: User
        key: {PK: "USER#{userId}"}
        consistent: true
        rate: 1000/s
        peak: 10000/s
        SHARE
"""


@pytest.mark.parametrize(
    ("share", "severity", "units"),
    [("31%", Severity.ERROR, "3,100"), ("20%", Severity.WARNING, "2,000")],
)
def test_ddb102_hot_key_share_concentrates_the_traffic(share: str, severity: Severity, units: str) -> None:
    """A celebrity profile: 10,000 reads/s × 1 unit × the share on the busiest user."""
    spec = PROFILES.replace("SHARE", f"hot_key_share: {share}")
    finding = one(spec, "DDB102")
    assert finding.severity is severity
    assert line(finding) == line_of(spec, 'key: {PK: "USER#{userId}"}')
    assert f"sends {units} read units/s" in finding.message
    assert "(hot_key_share)" in finding.message


@pytest.mark.parametrize("share", ["", "hot_key_share: 15%"])
def test_ddb102_traffic_spread_over_a_million_users_is_sound(share: str) -> None:
    """Without hot_key_share, 10,000/s over 1M users is 0.01 unit/s per key; 15% is 1,500."""
    assert findings(PROFILES.replace("SHARE", share), "DDB102") == []


def test_ddb102_a_read_without_a_key_on_a_time_keyed_table_is_not_monotonic() -> None:
    """Only new writes land on the current time key; reads of the entity spread over its
    keys, whose cardinality is unknown here, so the rule stays quiet."""
    spec = """
        version: 1
        tables:
          Events:
            key: {partition: day, sort: eventId}
            entities:
              Event:
                keys: {day: "{day}", eventId: "{eventId}"}
                item_size: 1KB
                count: 10M
                fields:
                  day: {type: S, format: date}
                  eventId: {type: S, format: ulid}
            access_patterns:
              - name: read-event
                op: GetItem
                entity: Event
                rate: 4000/s
    """
    assert findings(spec, "DDB102") == []


def test_ddb102_a_scan_is_left_out_of_the_load_checks() -> None:
    spec = """
        version: 1
        tables:
          Settings:
            key: {partition: PK}
            entities:
              Config:
                keys: {PK: CONFIG}
                item_size: 4KB
                count: 1
            access_patterns:
              - name: dump-config
                op: Scan
                rate: 1/day
                peak: 10000/s
    """
    assert findings(spec, "DDB102") == []


# --------------------------------------------------------------------------- DDB102: writes

EVENTS = """\
version: 1
tables:
  Events:
    key: {partition: day, sort: eventId}
    entities:
      Event:
        keys: {day: "DAY_TEMPLATE", eventId: "{eventId}"}
        item_size: 1KB
        count: 10M
        fields:
          day: {type: S, format: date, cardinality: 365}
          eventId: {type: S, format: ulid}
          shard: {type: N, cardinality: 10}
    access_patterns:
      - name: record-event
        op: PutItem
        entity: Event
        rate: RATE
"""


@pytest.mark.parametrize(
    ("rate", "severity", "units"),
    [
        ("1001/s", Severity.ERROR, "1,001"),
        ("1000/s", Severity.WARNING, "1,000"),
        ("501/s", Severity.WARNING, "501"),
    ],
)
def test_ddb102_new_writes_on_a_date_key_all_land_on_today(rate: str, severity: Severity, units: str) -> None:
    spec = EVENTS.replace("DAY_TEMPLATE", "{day}").replace("RATE", rate)
    finding = one(spec, "DDB102")
    assert finding.severity is severity
    assert line(finding) == line_of(spec, "entity: Event")  # the pattern has no key
    assert f"sends {units} write units/s to one partition key value of table Events" in finding.message
    assert "the key is built from time or a counter, so new writes share one key" in finding.message


@pytest.mark.parametrize(
    ("template", "rate"),
    [("{day}", "500/s"), ("{day}#{shard}", "1001/s")],
)
def test_ddb102_fewer_writes_or_a_sharded_key_is_sound(template: str, rate: str) -> None:
    """500/s is half the limit; ten shards a day spread 1,001/s over 3,650 keys."""
    spec = EVENTS.replace("DAY_TEMPLATE", template).replace("RATE", rate)
    assert findings(spec, "DDB102") == []


def test_ddb102_a_counter_updated_on_one_key() -> None:
    spec = """
        version: 1
        tables:
          Stats:
            key: {partition: PK}
            entities:
              PageViews:
                keys: {PK: PAGEVIEWS}
                item_size: 200B
                count: 1
            access_patterns:
              - name: count-view
                op: UpdateItem
                entity: PageViews
                key: {PK: PAGEVIEWS}
                rate: 300/s
                peak: 1200/s
    """
    finding = one(spec, "DDB102")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "key: {PK: PAGEVIEWS}")
    assert "sends 1,200 write units/s" in finding.message
    assert findings(spec.replace("peak: 1200/s", "peak: 500/s"), "DDB102") == []


# --------------------------------------------------------------------------- DDB102: patterns together

ORDERS = """\
version: 1
tables:
  Orders:
    key: {partition: orderId}
    indexes:
      ByDay:
        key: {partition: day}
        projection: keys-only
    entities:
      Order:
        keys: {orderId: "{orderId}", day: "{day}"}
        item_size: 2KB
        count: 10M
        fields:
          orderId: {type: S, format: uuid}
          day: {type: S, format: date}
    access_patterns:
      - name: place-order
        op: PutItem
        entity: Order
        rate: PLACE
      - name: reschedule-order
        op: UpdateItem
        entity: Order
        changes: [day]
        rate: 150/s
"""


def test_ddb102_entity_writes_add_up_on_the_index_key() -> None:
    """Every new order goes to today's ByDay entry: 300 puts + 150 key changes × 2 writes
    (a delete and a put) = 600 write units/s on one key, over half of 1,000."""
    spec = ORDERS.replace("PLACE", "300/s")
    finding = one(spec, "DDB102")
    assert finding.severity is Severity.WARNING
    assert line(finding) == line_of(spec, "key: {partition: day}")
    assert (
        "global index ByDay: at peak, the access patterns together send 600 write units/s" in finding.message
    )
    assert "(place-order 300, reschedule-order 300)" in finding.message


def test_ddb102_one_pattern_over_the_limit_on_an_index_points_at_the_index_key() -> None:
    spec = ORDERS.replace("PLACE", "800/s")
    finding = one(spec, "DDB102")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "key: {partition: day}")
    assert "1,100 write units/s" in finding.message


def test_ddb102_index_writes_below_half_the_limit_are_sound() -> None:
    assert findings(ORDERS.replace("PLACE", "100/s"), "DDB102") == []


def test_ddb102_index_writes_spread_over_the_index_key_cardinality() -> None:
    """4,004 orders/s over 4 statuses: 1,001 write units/s on each ByStatus key."""
    spec = """
        version: 1
        tables:
          Orders:
            key: {partition: orderId}
            indexes:
              ByStatus:
                key: {partition: status}
                projection: keys-only
            entities:
              Order:
                keys: {orderId: "{orderId}", status: "{status}"}
                item_size: 2KB
                count: 10M
                fields:
                  orderId: {type: S, format: uuid}
                  status: {type: S, values: [PENDING, PAID, SHIPPED, DELIVERED]}
            access_patterns:
              - name: place-order
                op: PutItem
                entity: Order
                rate: 4004/s
    """
    finding = one(spec, "DDB102")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "key: {partition: status}")
    assert "1,001 write units/s" in finding.message
    assert findings(spec.replace("4004/s", "2000/s"), "DDB102") == []


SETTINGS = """\
version: 1
tables:
  Settings:
    key: {partition: PK}
    entities:
      Flags:
        keys: {PK: FLAGS}
        item_size: 1KB
        count: 1
      Limits:
        keys: {PK: LIMITS}
        item_size: 1KB
        count: 1
    access_patterns:
      - name: get-flags
        op: GetItem
        entity: Flags
        key: {PK: FLAGS}
        rate: 2000/s
      - name: get-flags-again
        op: GetItem
        entity: ENTITY
        key: {PK: KEY}
        rate: 2000/s
"""


def test_ddb102_reads_of_the_same_constant_key_add_up() -> None:
    """Two pages read the flags: 1,000 + 1,000 read units/s on FLAGS."""
    spec = SETTINGS.replace("ENTITY", "Flags").replace("KEY", "FLAGS")
    finding = one(spec, "DDB102")
    assert finding.severity is Severity.WARNING
    assert line(finding) == line_of(spec, "key: {partition: PK}")
    assert (
        "send 2,000 read units/s to the partition key value FLAGS (get-flags 1,000, get-flags-again 1,000)"
        in finding.message
    )


def test_ddb102_reads_of_two_different_constant_keys_do_not_add_up() -> None:
    """FLAGS and LIMITS are two partition key values, each with 1,000 read units/s."""
    spec = SETTINGS.replace("ENTITY", "Limits").replace("KEY", "LIMITS")
    assert findings(spec, "DDB102") == []


def test_ddb102_not_reported_for_a_pattern_whose_key_condition_is_an_error() -> None:
    """One root cause, one finding: the GetItem misses the sort key (DDB505)."""
    spec = """
        version: 1
        tables:
          Settings:
            key: {partition: PK, sort: SK}
            entities:
              Config:
                keys: {PK: CONFIG, SK: CURRENT}
                item_size: 4KB
                count: 1
            access_patterns:
              - name: get-config
                op: GetItem
                entity: Config
                key: {PK: CONFIG}
                consistent: true
                rate: 5000/s
    """
    assert [f.code for f in findings(spec, "DDB102", "DDB505")] == ["DDB505"]
    sound = spec.replace("key: {PK: CONFIG}", "key: {PK: CONFIG, SK: CURRENT}")
    assert [f.code for f in findings(sound, "DDB102", "DDB505")] == ["DDB102"]


# --------------------------------------------------------------------------- DDB103

CHATS = """\
version: 1
tables:
  Chats:
    key: {partition: chatId, sort: sentAt}
    indexes:
      BySender:
        local: true
        key: {partition: chatId, sort: senderId}
        projection: all
    entities:
      Message:
        keys: {chatId: "{chatId}", sentAt: "{sentAt}", senderId: "{senderId}"}
        item_size: 924B
        count: COUNT
        fields:
          chatId: {type: S, cardinality: 10}
          sentAt: {type: S, format: iso8601}
          senderId: {type: S, format: uuid}
"""
# Each message stores 924 B + 100 B, and its local-index entry (projection all) as much:
# 2,048 bytes, so 10 GiB is 5,242,880 messages per chat, 52,428,800 over 10 chats.


def test_ddb103_an_item_collection_over_10_gib_points_at_the_cardinality() -> None:
    spec = CHATS.replace("COUNT", "60M")
    finding = one(spec, "DDB103")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "chatId: {type: S, cardinality: 10}")
    assert "Message put 11.4 GB under one value now (10 values of chatId" in finding.message
    assert "ItemCollectionSizeLimitExceededException" in finding.message


@pytest.mark.parametrize(("count", "fires"), [("52_428_800", False), ("52_428_810", True)])
def test_ddb103_the_limit_is_10_gib_per_partition_key_value(count: str, fires: bool) -> None:
    assert bool(findings(CHATS.replace("COUNT", count), "DDB103")) is fires


def test_ddb103_without_a_local_index_there_is_no_collection_limit() -> None:
    spec = CHATS.replace("COUNT", "60M").replace("local: true", "local: false")
    assert findings(spec, "DDB103") == []


def test_ddb103_growth_without_retention_passes_the_limit_within_a_year() -> None:
    """20M messages now (3.8 GiB a chat) + 100K a day for 365 days = 56.5M (10.8 GiB)."""
    spec = CHATS.replace("COUNT", "20M\n        growth: 100K/day")
    finding = one(spec, "DDB103")
    assert line(finding) == line_of(spec, "cardinality: 10")
    assert "10.8 GB under one value within 12 months of the declared growth" in finding.message
    retained = CHATS.replace("COUNT", "20M\n        growth: 100K/day\n        retention: 30d")
    assert findings(retained, "DDB103") == []


def test_ddb103_points_at_the_count_when_no_cardinality_is_declared() -> None:
    """Two rooms (a closed set): 11M messages × 2,048 B / 2 = 10.5 GiB each."""
    spec = CHATS.replace("COUNT", "11M").replace(
        "chatId: {type: S, cardinality: 10}", "chatId: {type: S, values: [lobby, support]}"
    )
    finding = one(spec, "DDB103")
    assert line(finding) == line_of(spec, "count: 11M")
    assert "2 partition key values" in finding.message


# --------------------------------------------------------------------------- DDB104

READINGS = """\
version: 1
tables:
  Readings:
    key: {partition: PK, sort: SK}
    indexes:
      ByDevice:
        key: {partition: deviceId, sort: SK}
        projection: keys-only
    entities:
      Reading:
        keys: {PK: "TEMPLATE", SK: "{readingId}", deviceId: "{deviceId}"}
        fields:
          readingId: {type: S, format: ulid}
          deviceId: {type: S, cardinality: 50K}
          when: {type: S, format: FORMAT}
"""


@pytest.mark.parametrize("fmt", ["date", "iso8601", "epoch-seconds", "epoch-millis", "counter"])
def test_ddb104_a_partition_key_of_time_or_a_counter_points_at_the_key(fmt: str) -> None:
    spec = READINGS.replace("TEMPLATE", "DAY#{when}").replace("FORMAT", fmt)
    finding = one(spec, "DDB104")
    assert finding.severity is Severity.WARNING
    assert line(finding) == line_of(spec, "key: {partition: PK")
    assert f"table Readings: Reading's partition key is built only from when ({fmt})" in finding.message
    assert "Shard the key" in finding.message


@pytest.mark.parametrize(
    ("template", "fmt"),
    [("{deviceId}#{when}", "date"), ("{when}", "uuid"), ("{when}", "ulid")],
)
def test_ddb104_a_key_led_by_an_id_is_sound(template: str, fmt: str) -> None:
    spec = READINGS.replace("TEMPLATE", template).replace("FORMAT", fmt)
    assert findings(spec, "DDB104") == []


def test_ddb104_an_index_keyed_by_date_points_at_the_index_key() -> None:
    spec = (
        READINGS.replace("TEMPLATE", "{readingId}")
        .replace("FORMAT", "date")
        .replace('deviceId: "{deviceId}"', 'deviceId: "{when}"')
    )
    finding = one(spec, "DDB104")
    assert line(finding) == line_of(spec, "key: {partition: deviceId")
    assert "global index ByDevice" in finding.message


# --------------------------------------------------------------------------- DDB105

ACCOUNTS = """\
version: 1
tables:
  Accounts:
    key: {partition: PK, sort: SK}
    entities:
      User:
        keys: {PK: "USER#{userId}", SK: PROFILE}
        fields:
          userId: {type: S, format: uuid}
      Preferences:
        keys: {PK: "USER#{userId}", SK: PREFERENCES_SK}
        fields:
          userId: {type: S, format: uuid}
"""


def test_ddb105_two_entities_with_the_same_key_points_at_the_later_entity() -> None:
    spec = ACCOUNTS.replace("PREFERENCES_SK", "PROFILE")
    finding = one(spec, "DDB105")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "Preferences:") + 1  # the later entity's keys
    assert "entities User" in finding.message
    assert "and Preferences" in finding.message
    assert "can produce the same primary key" in finding.message


def test_ddb105_a_distinct_literal_sort_key_keeps_them_apart() -> None:
    assert findings(ACCOUNTS.replace("PREFERENCES_SK", "PREFERENCES"), "DDB105") == []


@pytest.mark.parametrize(("legacy_format", "fires"), [("", True), (", format: uuid", False)])
def test_ddb105_a_bare_variable_can_produce_another_entitys_prefix(legacy_format: str, fires: bool) -> None:
    """A legacy key of a bare {id} can be "USER#..." unless it is a uuid, which holds no '#'."""
    spec = (
        ACCOUNTS.replace("PREFERENCES_SK", "PREFERENCES")
        + '      Legacy:\n        keys: {PK: "{id}", SK: PROFILE}\n'
        + f"        fields:\n          id: {{type: S{legacy_format}}}\n"
    )
    found = findings(spec, "DDB105")
    assert bool(found) is fires
    if fires:
        assert line(found[0]) == line_of(spec, 'keys: {PK: "{id}"')


# --------------------------------------------------------------------------- DDB106

BOARD = """\
version: 1
tables:
  Board:
    key: {partition: PK, sort: SK}
    attributes: {PK: S, SK: SK_TYPE}
    entities:
      Score:
        keys: {PK: "GAME#{gameId}", SK: "TEMPLATE"}
        fields:
          gameId: {type: S, format: uuid}
          points: {type: N}
          sequence: {format: counter}
          postedAt: {format: epoch-seconds}
"""


@pytest.mark.parametrize(
    ("template", "variable"), [("SCORE#{points}", "points"), ("SEQ#{sequence}", "sequence")]
)
def test_ddb106_an_unpadded_number_in_a_string_sort_key_points_at_the_template(
    template: str, variable: str
) -> None:
    spec = BOARD.replace("SK_TYPE", "S").replace("TEMPLATE", template)
    finding = one(spec, "DDB106")
    assert finding.severity is Severity.WARNING
    assert line(finding) == line_of(spec, "keys:")
    assert f"{{{variable}}} is a number in the string sort key SK" in finding.message
    assert f"{{{variable}:010d}}" in finding.message
    assert finding.data["replacement"] == template.replace(f"{{{variable}}}", f"{{{variable}:010d}}")


@pytest.mark.parametrize(
    ("sk_type", "template"),
    [("S", "SCORE#{points:010d}"), ("S", "SCORE#{points:0>10}"), ("S", "AT#{postedAt}"), ("N", "{points}")],
)
def test_ddb106_padded_fixed_width_or_number_typed_sort_keys_sort_right(sk_type: str, template: str) -> None:
    spec = BOARD.replace("SK_TYPE", sk_type).replace("TEMPLATE", template)
    assert findings(spec, "DDB106") == []


def test_ddb106_applies_to_an_index_sort_key() -> None:
    spec = """
        version: 1
        tables:
          Board:
            key: {partition: PK}
            indexes:
              TopScores:
                key: {partition: gameId, sort: GSI1SK}
                projection: keys-only
            entities:
              Score:
                keys: {PK: "SCORE#{scoreId}", gameId: "{gameId}", GSI1SK: "{points}"}
                fields:
                  scoreId: {type: S, format: uuid}
                  gameId: {type: S, format: uuid}
                  points: {type: N}
    """
    finding = one(spec, "DDB106")
    assert "string sort key GSI1SK" in finding.message


# --------------------------------------------------------------------------- DDB107

DOCS = """\
version: 1
tables:
  Docs:
    key: {partition: PK, sort: SK}
    entities:
      Doc:
        keys: {PK: "PK_TEMPLATE", SK: "SK_TEMPLATE"}
        fields:
          path: {type: S, max_length: 2048}
          title: {type: S, max_length: 1024}
          docId: {type: S, format: uuid}
          note: {type: S}
"""


@pytest.mark.parametrize(
    ("pk", "sk", "message"),
    [
        (
            "/{path}",
            "{title}",
            "PK can be 2,049 bytes long, over the 2,048-byte limit of a partition key value",
        ),
        ("{path}", "#{title}", "SK can be 1,025 bytes long, over the 1,024-byte limit of a sort key value"),
        ("/{path}{note}", "{docId}", "(not counting note, which nothing bounds)"),
    ],
)
def test_ddb107_a_key_that_can_pass_its_limit_points_at_the_template(pk: str, sk: str, message: str) -> None:
    spec = DOCS.replace("PK_TEMPLATE", pk).replace("SK_TEMPLATE", sk)
    finding = one(spec, "DDB107")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "keys:")
    assert message in finding.message


@pytest.mark.parametrize(
    ("pk", "sk"), [("{path}", "{title}"), ("{path}{note}", "{docId}"), ("{note}", "{note}")]
)
def test_ddb107_keys_within_their_limits_or_unbounded_are_not_reported(pk: str, sk: str) -> None:
    assert findings(DOCS.replace("PK_TEMPLATE", pk).replace("SK_TEMPLATE", sk), "DDB107") == []


def test_ddb107_an_attribute_that_is_a_sort_key_anywhere_gets_the_sort_key_limit() -> None:
    """GSI1PK partitions one index and sorts another: its values must fit 1,024 bytes."""
    spec = """
        version: 1
        tables:
          Docs:
            key: {partition: PK}
            indexes:
              ByFolder:
                key: {partition: GSI1PK}
                projection: keys-only
              ByOwner:
                key: {partition: owner, sort: GSI1PK}
                projection: keys-only
            entities:
              Doc:
                keys: {PK: "{docId}", GSI1PK: "/{folder}", owner: "{owner}"}
                fields:
                  docId: {type: S, format: uuid}
                  folder: {type: S, max_length: 1024}
                  owner: {type: S}
    """
    finding = one(spec, "DDB107")
    assert "GSI1PK can be 1,025 bytes long, over the 1,024-byte limit of a sort key value" in finding.message
    assert findings(spec.replace('"/{folder}"', '"{folder}"'), "DDB107") == []
