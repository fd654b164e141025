"""5xx rules (DDB501–DDB508): access patterns, and the judgement of key conditions that
rules.md orders as DDB004 → DDB502 → DDB504 → DDB505 with only the first reported. Each
rule fires on a small story and stays quiet on its nearest sound variant; every finding is
checked for its code, its severity, the line rules.md says it points at, and the figures
in its message."""

from __future__ import annotations

import pytest

from ddb_architect.findings import Severity
from tests.specs import at_lines, findings, line, line_of, one

KEY_CONDITION_RULES = ("DDB004", "DDB502", "DDB504", "DDB505")
LOAD_AND_KEY_RULES = (*KEY_CONDITION_RULES, "DDB102", "DDB404")


# A shop's orders: one table keyed by customer, a global index by status with a
# multi-attribute key, and a local index by total.
SHOP = """\
version: 1
tables:
  Shop:
    key: {partition: PK, sort: SK}
    attributes: {PK: S, SK: S, total: N}
    indexes:
      ByStatus:
        key: {partition: [status, region], sort: [day, placedAt]}
        projection: keys-only
      ByTotal:
        local: true
        key: {partition: PK, sort: total}
        projection: all
    entities:
      Order:
        keys: {PK: "CUSTOMER#{customerId}", SK: "ORDER#{orderId}", status: "{status}", region: "{region}", day: "{day}", placedAt: "{placedAt}", total: "{total}"}
        item_size: 2KB
        count: 10M
        fields:
          customerId: {type: S, cardinality: 1M}
          orderId: {type: S, format: uuid}
          status: {type: S, values: [OPEN, PAID, SHIPPED]}
          region: {type: S, cardinality: 20}
          day: {type: S, format: date}
          placedAt: {type: S, format: iso8601}
          total: {type: N}
          coupon: {type: S}
    access_patterns:
      - name: the-pattern
        PATTERN
        rate: 5/s
"""


def shop(pattern: str) -> str:
    """The shop with the access pattern whose lines (after its name) are ``pattern``."""
    return SHOP.replace("PATTERN", pattern.strip().replace("\n", "\n        "))


def pattern_line(spec: str, text: str) -> int:
    """1-based line of the first line of the access pattern containing ``text``."""
    start = line_of(spec, "- name: the-pattern")
    for number, text_line in enumerate(spec.splitlines()[start:], start=start + 1):
        if text in text_line:
            return number
    raise AssertionError(f"{text!r} not in the access pattern")


# --------------------------------------------------------------------------- key conditions: the order


def key_condition_codes(spec: str) -> list[str]:
    return [f.code for f in findings(spec, *KEY_CONDITION_RULES)]


def test_an_unknown_index_is_only_ddb004() -> None:
    """The index is misspelt and the key names none of its attributes: only the index is
    reported, no key checks against an index that does not exist."""
    spec = shop("op: Query\nindex: ByStatuss\nkey: {coupon: SPRING}")
    assert key_condition_codes(spec) == ["DDB004"]
    finding = one(spec, "DDB004")
    assert line(finding) == pattern_line(spec, "index: ByStatuss")
    assert "did you mean 'ByStatus'?" in finding.message


def test_an_unknown_attribute_is_only_ddb004() -> None:
    spec = shop("op: Query\nkey: {cupon: SPRING}")
    assert key_condition_codes(spec) == ["DDB004"]
    assert "did you mean 'coupon'?" in one(spec, "DDB004").message


def test_a_non_key_field_with_no_index_named_is_only_ddb502() -> None:
    spec = shop("op: Query\nkey: {coupon: SPRING}")
    assert key_condition_codes(spec) == ["DDB502"]


def test_a_named_index_without_partition_equality_is_only_ddb504() -> None:
    """The key also tests coupon, which is no key of ByStatus: DDB504 comes first."""
    spec = shop("op: Query\nindex: ByStatus\nkey: {status: OPEN, coupon: SPRING}")
    assert key_condition_codes(spec) == ["DDB504"]


def test_a_wrong_sort_attribute_is_only_ddb505() -> None:
    spec = shop('op: Query\nkey: {PK: "CUSTOMER#{customerId}", coupon: SPRING}')
    assert key_condition_codes(spec) == ["DDB505"]


def test_a_sound_key_condition_gets_none_of_them() -> None:
    spec = shop('op: Query\nkey: {PK: "CUSTOMER#{customerId}", SK: {begins_with: "ORDER#"}}\nitems: 10')
    assert key_condition_codes(spec) == []


# --------------------------------------------------------------------------- DDB501

EXPORT = """\
version: 1
tables:
  Orders:
    key: {partition: orderId}
    entities:
      Order:
        keys: {orderId: "{orderId}"}
        item_size: 2KB
        count: 1M
        fields:
          orderId: {type: S, format: uuid}
    access_patterns:
      - name: export-orders
        op: OPERATION
        RATE
"""
# 1M items of 2 KB: 2,000,000 KB read in 4 KB steps at 0.5 = 250,000 read units a pass.


@pytest.mark.parametrize(
    ("rate", "severity", "how_often"),
    [
        ("rate: 2/min", Severity.ERROR, "at 2/min whole-table passes"),
        ("rate: 61/h", Severity.ERROR, "at 1.02/min"),
        ("rate: 1/min", Severity.WARNING, "at 1/min whole-table passes"),
        ("rate: 60/h", Severity.WARNING, "at 1/min"),
        ("rate: 1/day", Severity.WARNING, "at 1/day"),
        ("", Severity.WARNING, "at an unknown rate (no rate given)"),
    ],
)
def test_ddb501_a_scan_is_an_error_more_often_than_once_a_minute(
    rate: str, severity: Severity, how_often: str
) -> None:
    spec = EXPORT.replace("OPERATION", "Scan").replace("RATE", rate)
    finding = one(spec, "DDB501")
    assert finding.severity is severity
    assert line(finding) == line_of(spec, "op: Scan")
    assert how_often in finding.message
    assert "each pass reads 250,000 RCU" in finding.message


def test_ddb501_gives_the_monthly_read_units() -> None:
    """2 passes a minute × 250,000 units × 43,800 minutes a month = 21.9B."""
    finding = one(EXPORT.replace("OPERATION", "Scan").replace("RATE", "rate: 2/min"), "DDB501")
    assert "21.9B read units a month" in finding.message


def test_ddb501_a_partiql_statement_without_a_key_is_a_scan() -> None:
    spec = EXPORT.replace("OPERATION", "ExecuteStatement").replace("RATE", "rate: 1/s")
    finding = one(spec, "DDB501")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "op: ExecuteStatement")
    assert "(a PartiQL statement without a key condition)" in finding.message


@pytest.mark.parametrize(
    "operation",
    ['Query\n        key: {orderId: "{orderId}"}', 'ExecuteStatement\n        key: {orderId: "{orderId}"}'],
)
def test_ddb501_a_keyed_read_is_no_scan(operation: str) -> None:
    spec = EXPORT.replace("OPERATION", operation).replace("RATE", "rate: 100/s")
    assert findings(spec, "DDB501") == []


def test_ddb501_not_reported_on_a_scan_of_an_unknown_index() -> None:
    spec = EXPORT.replace("OPERATION", "Scan\n        index: ByStatus").replace("RATE", "rate: 1/s")
    assert [f.code for f in findings(spec, "DDB004", "DDB501")] == ["DDB004"]


# --------------------------------------------------------------------------- DDB502


def test_ddb502_a_condition_no_key_can_serve_points_at_the_key() -> None:
    spec = shop("op: Query\nkey: {coupon: SPRING}")
    finding = one(spec, "DDB502")
    assert finding.severity is Severity.ERROR
    assert line(finding) == pattern_line(spec, "key: {coupon")
    assert "no key of table Shop or of its indexes covers coupon" in finding.message
    assert "add an index keyed on coupon" in finding.message


def test_ddb502_not_reported_when_an_index_is_keyed_on_it() -> None:
    spec = SHOP.replace("[status, region]", "[coupon]").replace(
        'status: "{status}", region: "{region}"', 'coupon: "{coupon}"'
    )
    spec = spec.replace("PATTERN", "op: Query\n        index: ByStatus\n        key: {coupon: SPRING}")
    assert findings(spec, "DDB502") == []


# --------------------------------------------------------------------------- DDB503

FILTERED = """
op: Query
key: {PK: "CUSTOMER#{customerId}", SK: {begins_with: "ORDER#"}}
filter: {attributes: [coupon], selectivity: SELECTIVITY}
items: 10
"""


def test_ddb503_a_filter_keeping_24_percent_points_at_the_filter() -> None:
    """10 items returned at 24 % means 41.7 read: 83.3 KB, 21 steps × 0.5 = 10.5 RCU."""
    spec = shop(FILTERED.replace("SELECTIVITY", "24%"))
    finding = one(spec, "DDB503")
    assert finding.severity is Severity.WARNING
    assert line(finding) == pattern_line(spec, "filter:")
    assert "keeps 24% of what it reads" in finding.message
    assert "4× the returned items are read and paid for" in finding.message
    assert "each request pays 10.5 RCU" in finding.message


@pytest.mark.parametrize("selectivity", ["25%", "0.25", "90%"])
def test_ddb503_a_filter_keeping_a_quarter_or_more_is_sound(selectivity: str) -> None:
    assert findings(shop(FILTERED.replace("SELECTIVITY", selectivity)), "DDB503") == []


# --------------------------------------------------------------------------- DDB504


@pytest.mark.parametrize(
    ("pattern", "missing"),
    [
        ("op: Query\nindex: ByStatus\nkey: {status: OPEN}", "global index ByStatus (region)"),
        (
            "op: Query\nindex: ByStatus\nkey: {day: {begins_with: '2024'}}",
            "global index ByStatus (status, region)",
        ),
        ('op: Query\nkey: {PK: {begins_with: "CUSTOMER#"}}', "table Shop (PK)"),
        ('op: Query\nkey: {SK: "ORDER#{orderId}"}', "table Shop (PK)"),
    ],
)
def test_ddb504_no_equality_on_the_partition_key_points_at_the_key(pattern: str, missing: str) -> None:
    spec = shop(pattern)
    finding = one(spec, "DDB504")
    assert finding.severity is Severity.ERROR
    assert line(finding) == pattern_line(spec, "key: {")
    assert f"no equality on the partition key of {missing}" in finding.message


def test_ddb504_a_query_without_a_key_points_at_its_op() -> None:
    spec = shop("op: Query\nindex: ByTotal")
    finding = one(spec, "DDB504")
    assert line(finding) == pattern_line(spec, "op: Query")
    assert "a Query needs a key condition with equality on the partition key (PK)" in finding.message


def test_ddb504_equality_on_every_partition_attribute_is_sound() -> None:
    spec = shop("op: Query\nindex: ByStatus\nkey: {status: OPEN, region: EU}\nitems: 10")
    assert findings(spec, "DDB504") == []


# --------------------------------------------------------------------------- DDB505


@pytest.mark.parametrize(
    ("pattern", "wrong", "message"),
    [
        (
            'op: Query\nkey:\n  PK: "CUSTOMER#{customerId}"\n  coupon: SPRING',
            "coupon: SPRING",
            "'coupon' is not the sort key of table Shop (SK)",
        ),
        (
            'op: Query\nindex: ByTotal\nkey:\n  PK: "CUSTOMER#{customerId}"\n  total: {begins_with: "1"}',
            "total: {begins_with",
            "begins_with works on String and Binary sort keys, and 'total' is a Number",
        ),
        (
            "op: Query\nindex: ByStatus\nkey:\n  status: OPEN\n  region: EU\n  placedAt: {'>': '2024'}",
            "placedAt:",
            "a condition on 'placedAt' needs one on 'day' first",
        ),
        (
            "op: Query\nindex: ByStatus\nkey:\n  status: OPEN\n  region: EU\n  day: {'>': '2024-01-01'}\n  placedAt: {'>': '2024'}",
            "day: {'>'",
            "only the last sort attribute given may use a range; 'day' needs equality",
        ),
    ],
)
def test_ddb505_a_condition_the_sort_key_cannot_serve_points_at_it(
    pattern: str, wrong: str, message: str
) -> None:
    spec = shop(pattern)
    finding = one(spec, "DDB505")
    assert finding.severity is Severity.ERROR
    assert line(finding) == pattern_line(spec, wrong)
    assert message in finding.message


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ('op: GetItem\nentity: Order\nkey: {PK: "CUSTOMER#{customerId}"}', "the sort key (SK) is missing"),
        (
            'op: GetItem\nentity: Order\nkey: {PK: "CUSTOMER#{customerId}", SK: {begins_with: "ORDER#"}}',
            "the sort key (SK) is a range",
        ),
        (
            "op: GetItem\nentity: Order\nindex: ByStatus\nkey: {status: OPEN, region: EU}",
            "GetItem reads items by the table's primary key and cannot target index ByStatus",
        ),
    ],
)
def test_ddb505_a_get_item_needs_the_whole_primary_key(pattern: str, message: str) -> None:
    spec = shop(pattern)
    finding = one(spec, "DDB505")
    assert line(finding) == pattern_line(spec, "key: {")
    assert message in finding.message


@pytest.mark.parametrize(
    "pattern",
    [
        'op: Query\nindex: ByTotal\nkey: {PK: "CUSTOMER#{customerId}", total: {between: [100, 500]}}',
        "op: Query\nindex: ByStatus\nkey: {status: OPEN, region: EU, day: '2024-06-01', placedAt: {'>': '2024'}}",
        "op: Query\nindex: ByStatus\nkey: {status: OPEN, region: EU, day: {begins_with: '2024-06'}}",
        'op: GetItem\nentity: Order\nkey: {PK: "CUSTOMER#{customerId}", SK: "ORDER#{orderId}"}',
    ],
)
def test_ddb505_conditions_the_sort_key_serves(pattern: str) -> None:
    assert findings(shop(pattern), "DDB505") == []


# --------------------------------------------------------------------------- DDB506

HISTORY = """
op: Query
key: {PK: "CUSTOMER#{customerId}", SK: {begins_with: "ORDER#"}}
items: ITEMS
"""


def test_ddb506_a_result_over_1_mb_points_at_items() -> None:
    """513 orders of 2 KB are 1,026 KB: two pages."""
    spec = shop(HISTORY.replace("ITEMS", "513"))
    finding = one(spec, "DDB506")
    assert finding.severity is Severity.INFO
    assert line(finding) == pattern_line(spec, "items: 513")
    assert "it takes 2 pages" in finding.message
    assert "LastEvaluatedKey" in finding.message


def test_ddb506_a_result_of_exactly_1_mb_fits_one_page() -> None:
    assert findings(shop(HISTORY.replace("ITEMS", "512")), "DDB506") == []


# --------------------------------------------------------------------------- DDB507

BULK = """\
version: 1
tables:
  Catalog:
    key: {partition: PK}
    entities:
      Product:
        keys: {PK: "PRODUCT#{productId}"}
        item_size: SIZE
        count: 10M
        fields:
          productId: {type: S, format: uuid}
    access_patterns:
      - name: bulk
        op: OPERATION
        entity: Product
        items: ITEMS
        rate: 1/s
"""


def bulk(operation: str, items: int, size: str = "1KB") -> str:
    return BULK.replace("OPERATION", operation).replace("ITEMS", str(items)).replace("SIZE", size)


@pytest.mark.parametrize(
    ("operation", "items", "why"),
    [
        ("BatchWriteItem", 26, "BatchWriteItem takes at most 25 put or delete requests"),
        ("BatchGetItem", 101, "BatchGetItem takes at most 100 keys"),
        ("TransactWriteItems", 101, "a transaction takes at most 100 items"),
        ("TransactGetItems", 101, "a transaction takes at most 100 items"),
    ],
)
def test_ddb507_a_batch_over_its_limit_points_at_items(operation: str, items: int, why: str) -> None:
    spec = bulk(operation, items)
    finding = one(spec, "DDB507")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, f"items: {items}")
    assert f"{items} items per request, but {why}" in finding.message


@pytest.mark.parametrize(
    ("operation", "items"),
    [
        ("BatchWriteItem", 25),
        ("BatchGetItem", 100),
        ("TransactWriteItems", 100),
        ("TransactGetItems", 100),
        ("Query", 1000),
    ],
)
def test_ddb507_a_batch_at_its_limit_is_accepted(operation: str, items: int) -> None:
    assert findings(bulk(operation, items), "DDB507") == []


@pytest.mark.parametrize("operation", ["TransactWriteItems", "TransactGetItems"])
def test_ddb507_a_transaction_over_4_mb(operation: str) -> None:
    """100 items of 41 KB are 4,100 KB, over 4 MB (4,096 KB); 40 KB items make 4,000 KB."""
    spec = bulk(operation, 100, "41KB")
    finding = one(spec, "DDB507")
    assert line(finding) == line_of(spec, "items: 100")
    assert (
        "100 items of 41 KB make 4,100 KB, over the 4 MB (4,096 KB) a transaction may carry"
        in finding.message
    )
    assert findings(bulk(operation, 100, "40KB"), "DDB507") == []


# --------------------------------------------------------------------------- DDB508


@pytest.mark.parametrize(
    ("pattern", "wrong", "message"),
    [
        (
            'op: Query\nkey: {PK: "CUSTOMER#{customerId}"}\norder_by: total',
            "order_by: total",
            "needs results ordered by total, but table Shop sorts by SK",
        ),
        (
            "op: Scan\norder: desc",
            "order: desc",
            "a Scan returns items in no useful order",
        ),
    ],
)
def test_ddb508_an_order_the_target_cannot_give_points_at_it(pattern: str, wrong: str, message: str) -> None:
    spec = shop(pattern)
    finding = one(spec, "DDB508")
    assert finding.severity is Severity.WARNING
    assert line(finding) == pattern_line(spec, wrong)
    assert message in finding.message


@pytest.mark.parametrize(
    "pattern",
    [
        'op: Query\nindex: ByTotal\nkey: {PK: "CUSTOMER#{customerId}"}\norder_by: total',
        'op: Query\nkey: {PK: "CUSTOMER#{customerId}"}\norder_by: SK\norder: desc',
    ],
)
def test_ddb508_the_sort_key_gives_the_order(pattern: str) -> None:
    assert findings(shop(pattern), "DDB508") == []


SESSIONS = """\
version: 1
tables:
  Sessions:
    key: KEY
    entities:
      Session:
        keys: {sessionId: "{sessionId}"}
        fields:
          sessionId: {type: S, format: uuid}
    access_patterns:
      - name: get-session
        op: Query
        key: {sessionId: "{sessionId}"}
        ORDERING
        rate: 5/s
"""


@pytest.mark.parametrize(
    ("ordering", "message"),
    [
        ("order: desc", "asks for desc order, but table Sessions has no sort key"),
        ("order_by: createdAt", "needs results ordered by createdAt, but table Sessions has no sort key"),
    ],
)
def test_ddb508_an_order_on_a_target_without_a_sort_key(ordering: str, message: str) -> None:
    spec = SESSIONS.replace("KEY", "{partition: sessionId}").replace("ORDERING", ordering)
    finding = one(spec, "DDB508")
    assert line(finding) == line_of(spec, ordering)
    assert message in finding.message


def test_ddb508_order_on_a_target_with_a_sort_key_is_sound() -> None:
    spec = (
        SESSIONS.replace("KEY", "{partition: sessionId, sort: createdAt}")
        .replace(
            'keys: {sessionId: "{sessionId}"}', 'keys: {sessionId: "{sessionId}", createdAt: "{createdAt}"}'
        )
        .replace("format: uuid}", "format: uuid}\n          createdAt: {type: S, format: iso8601}")
        .replace("ORDERING", "order: desc")
    )
    assert findings(spec, "DDB508") == []


# --------------------------------------------------------------------------- one root cause, one finding

CONFIG = """\
version: 1
tables:
  Settings:
    billing: provisioned
    capacity: {read: 5, write: 5}
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
        KEY
        consistent: true
        rate: 5000/s
"""


@pytest.mark.parametrize(
    ("key", "error"),
    [
        ("key: {PK: CONFIG}", "DDB505"),
        ("key: {PK: CONFIG, Sk: CURRENT}", "DDB004"),
        ("index: Current\n        key: {PK: CONFIG, SK: CURRENT}", "DDB004"),
    ],
)
def test_a_key_condition_error_produces_no_load_finding(key: str, error: str) -> None:
    """5,000 strongly consistent 4 KB reads/s on one key would be DDB102 and DDB404; with
    the key condition already an error, only that error is reported."""
    spec = CONFIG.replace("KEY", key)
    assert [code for code, _ in at_lines(spec, *LOAD_AND_KEY_RULES)] == [error]


def test_the_sound_key_condition_gets_its_load_findings() -> None:
    spec = CONFIG.replace("KEY", "key: {PK: CONFIG, SK: CURRENT}")
    assert sorted(code for code, _ in at_lines(spec, *LOAD_AND_KEY_RULES)) == ["DDB102", "DDB404"]


def test_ddb503_not_reported_on_a_scan_whose_cost_ddb501_already_gives() -> None:
    spec = """\
version: 1
tables:
  Things:
    key: {partition: PK}
    entities:
      Thing:
        keys: {PK: "THING#{id}"}
        item_size: 1KB
        count: 1M
        fields: {id: {format: uuid}}
    access_patterns:
      - name: open-things
        op: Scan
        filter: {selectivity: 5%}
        rate: 1/day
"""
    assert at_lines(spec, "DDB501", "DDB503") == [("DDB501", line_of(spec, "op: Scan"))]
