"""4xx capacity rules: DDB404 (under-provisioned) and DDB408 (on-demand scaling), each
with a case that fires (code, line, severity, figure) and a close case that must not.

Items are 1 KB: a GetItem is 0.5 RCU (eventually consistent), a PutItem 1 WCU plus 1 WCU
on the keys-only GSI (its entry is far under 1 KB)."""

from __future__ import annotations

import pytest

from ddb_architect.findings import Severity
from tests.specs import at_lines, findings, line_of


def provisioned(
    capacity: str,
    *,
    get: str = "20/s",
    put: str = "5/s",
    extra_patterns: str = "",
    gsi_capacity: str = "",
) -> str:
    return f"""\
version: 1
tables:
  App:
    billing: provisioned
    capacity: {capacity}
    key: {{partition: PK}}
    indexes:
      ByEmail:
        key: {{partition: email}}
        projection: keys-only
{gsi_capacity}    entities:
      User:
        keys: {{PK: "USER#{{userId}}", email: "{{email}}"}}
        item_size: 1KB
        count: 1M
        fields:
          userId: {{type: S, format: uuid}}
          email: {{type: S, unique: true}}
    access_patterns:
      - name: get-user
        op: GetItem
        entity: User
        key: {{PK: "USER#{{userId}}"}}
        rate: {get}
      - name: by-email
        op: Query
        index: ByEmail
        key: {{email: "{{email}}"}}
        items: 1
        rate: 1/s
      - name: create-user
        op: PutItem
        entity: User
        rate: {put}
{extra_patterns}"""


# --------------------------------------------------------------------------- DDB404


def test_ddb404_capacity_just_enough_is_fine() -> None:
    """20 GetItem/s × 0.5 = 10 RCU; 5 PutItem/s × 1 = 5 WCU on the table and on ByEmail;
    1 Query/s × 0.5 on ByEmail."""
    assert findings(provisioned("{read: 10, write: 5}"), "DDB404") == []


def test_ddb404_one_read_unit_short_fires_on_capacity() -> None:
    text = provisioned("{read: 9, write: 5}")
    (finding,) = findings(text, "DDB404")
    assert finding.span.start.line + 1 == line_of(text, "capacity:")
    assert finding.severity is Severity.ERROR
    assert "reads need 10 RCU (get-user 10) against 9" in finding.message
    assert "writes" not in finding.message.split("Requests")[0]


def test_ddb404_one_write_unit_short_fires_on_capacity() -> None:
    """The table's writes (5) and ByEmail's (5, against the table's capacity it takes as
    its own) are both short of 4: one finding."""
    text = provisioned("{read: 10, write: 4}")
    (finding,) = findings(text, "DDB404")
    assert finding.severity is Severity.ERROR
    assert "writes need 5 WCU (create-user 5) against 4" in finding.message
    assert "index ByEmail writes need 5" in finding.message


def test_ddb404_peak_is_what_counts() -> None:
    text = provisioned("{read: 10, write: 5}").replace("rate: 20/s\n", "rate: 20/s\n        peak: 30/s\n")
    (finding,) = findings(text, "DDB404")
    assert "reads need 15 RCU" in finding.message


def test_ddb404_autoscaling_max_covering_the_peak_is_fine() -> None:
    text = provisioned("{read: 5, write: 5, autoscaling: {read: {min: 5, max: 10}}}")
    assert findings(text, "DDB404") == []


def test_ddb404_autoscaling_max_below_the_peak_fires() -> None:
    text = provisioned("{read: 5, write: 5, autoscaling: {read: {min: 5, max: 9}}}")
    (finding,) = findings(text, "DDB404")
    assert "reads need 10 RCU (get-user 10) against 9" in finding.message


def test_ddb404_gsi_writes_count_against_the_gsis_own_capacity() -> None:
    """rules.md: GSI writes count against the GSI's capacity: ByEmail has 4 WCU for the
    5 WCU of the puts. The finding points at the index's capacity."""
    gsi = "        capacity: {read: 5, write: 4}\n"
    text = provisioned("{read: 10, write: 5}", gsi_capacity=gsi)
    (finding,) = findings(text, "DDB404")
    assert finding.span.start.line + 1 == line_of(text, "capacity: {read: 5, write: 4}")
    assert finding.severity is Severity.ERROR
    assert "index ByEmail" in finding.message
    assert "writes need 5 WCU (create-user 5) against 4" in finding.message


def test_ddb404_gsi_with_enough_of_its_own_capacity_is_fine() -> None:
    gsi = "        capacity: {read: 1, write: 5}\n"
    assert findings(provisioned("{read: 10, write: 5}", gsi_capacity=gsi), "DDB404") == []


def test_ddb404_gsi_reads_do_not_draw_on_the_tables_reads() -> None:
    """The table has 10 RCU for get-user's 10; by-email's 0.5 RCU are on ByEmail (which
    takes the table's 10 as its own default)."""
    assert findings(provisioned("{read: 10, write: 5}"), "DDB404") == []


def test_ddb404_lsi_writes_are_charged_to_the_table() -> None:
    """facts 3.3: a put of an item in a keys-only LSI costs 1 WCU more on the table."""
    text = provisioned("{read: 10, write: 9}", put="5/s")
    text = text.replace("    key: {partition: PK}\n", "    key: {partition: PK, sort: SK}\n")
    text = text.replace(
        "    indexes:\n",
        "    indexes:\n      ByAge:\n        local: true\n        key: {partition: PK, sort: age}\n"
        "        projection: keys-only\n",
    )
    text = text.replace(
        'keys: {PK: "USER#{userId}", email: "{email}"}',
        'keys: {PK: "USER#{userId}", SK: PROFILE, email: "{email}", age: "{age}"}',
    )
    text = text.replace('key: {PK: "USER#{userId}"}', 'key: {PK: "USER#{userId}", SK: PROFILE}')
    text = text.replace(
        "          email: {type: S, unique: true}\n",
        "          email: {type: S, unique: true}\n          age: {type: S, max_length: 3}\n",
    )
    text += '      - name: by-age\n        op: Query\n        index: ByAge\n        key: {PK: "USER#{userId}"}\n        items: 1\n        rate: 1/s\n'
    (finding,) = findings(text, "DDB404")
    # 5 × (1 + 1) = 10 WCU against 9; the GSI's own 5 WCU fit its copy of the 9
    assert "writes need 10 WCU (create-user 10) against 9" in finding.message
    assert "index ByEmail" not in finding.message


def test_ddb404_scans_are_left_out() -> None:
    scan = "      - name: export\n        op: Scan\n        rate: 100/s\n"
    assert findings(provisioned("{read: 10, write: 5}", extra_patterns=scan), "DDB404") == []


def test_ddb404_a_statement_metered_as_a_scan_is_left_out() -> None:
    """A PartiQL statement without a key condition is a Scan (rules.md: scans are left
    out of every load check)."""
    statement = "      - name: select-all\n        op: ExecuteStatement\n        rate: 100/s\n"
    assert findings(provisioned("{read: 10, write: 5}", extra_patterns=statement), "DDB404") == []


def test_ddb404_a_statement_metered_as_a_get_counts() -> None:
    statement = (
        "      - name: select-user\n        op: ExecuteStatement\n        entity: User\n"
        '        key: {PK: "USER#{userId}"}\n        rate: 2/s\n'
    )
    (finding,) = findings(provisioned("{read: 10, write: 5}", extra_patterns=statement), "DDB404")
    assert "reads need 11 RCU (get-user 10, select-user 1) against 10" in finding.message


def test_ddb404_patterns_with_a_broken_key_condition_are_left_out() -> None:
    bad = (
        "      - name: bad\n        op: Query\n        index: Nope\n"
        '        key: {email: "{email}"}\n        rate: 10000/s\n'
    )
    text = provisioned("{read: 10, write: 5}", extra_patterns=bad)
    assert findings(text, "DDB404") == []
    assert at_lines(text, "DDB004") == [("DDB004", line_of(text, "index: Nope"))]


def test_ddb404_only_for_provisioned_tables() -> None:
    text = provisioned("{read: 1, write: 1}").replace(
        "    billing: provisioned\n    capacity: {read: 1, write: 1}\n", "    billing: on-demand\n"
    )
    assert findings(text, "DDB404") == []


# --------------------------------------------------------------------------- DDB408


def on_demand(get: str, put: str, *, warm: str = "", extra_patterns: str = "") -> str:
    """An on-demand table; a 1 KB GetItem is 0.5 RRU, a 1 KB PutItem 1 WRU (no index)."""
    return f"""\
version: 1
tables:
  App:
    billing: on-demand
{warm}    key: {{partition: PK}}
    entities:
      User:
        keys: {{PK: "USER#{{userId}}"}}
        item_size: 1KB
        count: 1M
        fields:
          userId: {{type: S, format: uuid}}
    access_patterns:
      - name: get-user
        op: GetItem
        entity: User
        key: {{PK: "USER#{{userId}}"}}
        rate: 100/s
        peak: {get}
      - name: create-user
        op: PutItem
        entity: User
        rate: 10/s
        peak: {put}
{extra_patterns}"""


def test_ddb408_just_under_the_new_table_throughput_is_fine() -> None:
    """10,000 RRU / 12,000 + 600 WRU / 4,000 = 0.83 + 0.15 = 0.98."""
    assert findings(on_demand(get="20000/s", put="600/s"), "DDB408") == []


def test_ddb408_just_over_fires_on_billing() -> None:
    """10,000 / 12,000 + 700 / 4,000 = 0.83 + 0.175 = 1.01."""
    text = on_demand(get="20000/s", put="700/s")
    (finding,) = findings(text, "DDB408")
    assert finding.span.start.line + 1 == line_of(text, "billing: on-demand")
    assert finding.severity is Severity.WARNING
    assert "10,000 read and 700 write units/s" in finding.message
    assert "101%" in finding.message
    assert finding.data["utilization"] == pytest.approx(10_000 / 12_000 + 700 / 4_000)


@pytest.mark.parametrize(
    ("get", "put", "fires"),
    [
        ("23992/s", "1/s", False),  # 11,996 / 12,000 + 1 / 4,000 = 0.99992
        ("24000/s", "1/s", True),  # 1.00025: the two sides add up
        ("2/s", "3999/s", False),  # 1 / 12,000 + 3,999 / 4,000 = 0.99983
        ("2/s", "4001/s", True),
    ],
)
def test_ddb408_each_side_alone(get: str, put: str, fires: bool) -> None:
    assert bool(findings(on_demand(get=get, put=put), "DDB408")) is fires


def test_ddb408_warm_throughput_covering_the_peak_is_fine() -> None:
    warm = "    warm_throughput: {read: 10000, write: 700}\n"
    assert findings(on_demand(get="20000/s", put="700/s", warm=warm), "DDB408") == []


def test_ddb408_warm_throughput_above_both_sides_is_fine() -> None:
    """20,000 RRU and 3,000 WRU at peak, pre-warmed to 25,000 and 5,000: covered."""
    warm = "    warm_throughput: {read: 25000, write: 5000}\n"
    assert findings(on_demand(get="40000/s", put="3000/s", warm=warm), "DDB408") == []


def test_ddb408_warm_throughput_below_the_peak_fires() -> None:
    warm = "    warm_throughput: {read: 15000, write: 5000}\n"
    text = on_demand(get="40000/s", put="3000/s", warm=warm)
    (finding,) = findings(text, "DDB408")
    assert "20,000 read and 3,000 write units/s" in finding.message
    assert "warm_throughput (15,000 reads, 5,000 writes) does not cover it" in finding.message


def test_ddb408_warm_throughput_on_one_side_only_leaves_the_other_at_the_default() -> None:
    """Warm reads 25,000 cover 20,000 RRU; the 4,500 WRU pass the default 4,000."""
    warm = "    warm_throughput: {read: 25000}\n"
    assert findings(on_demand(get="40000/s", put="4500/s", warm=warm), "DDB408")
    assert not findings(on_demand(get="40000/s", put="3500/s", warm=warm), "DDB408")


def test_ddb408_scans_are_left_out() -> None:
    scan = "      - name: export\n        op: Scan\n        rate: 1/s\n        peak: 1000/s\n"
    assert findings(on_demand(get="20000/s", put="600/s", extra_patterns=scan), "DDB408") == []


def test_ddb408_only_for_on_demand_tables() -> None:
    text = on_demand(get="40000/s", put="6000/s").replace(
        "    billing: on-demand\n", "    billing: provisioned\n    capacity: {read: 20000, write: 6000}\n"
    )
    assert findings(text, "DDB408") == []
