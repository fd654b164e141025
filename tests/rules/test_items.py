"""3xx rules — items and storage: DDB301–DDB305, each with a case that fires (code, line,
severity, figure) and a close case that must not."""

from __future__ import annotations

from ddb_architect.findings import Severity
from tests.specs import at_lines, findings, line_of


def table(entity: str, *, indexes: str = "", extra: str = "", patterns: str = "") -> str:
    """A table keyed PK/SK with one entity ``Doc`` (its body given) and optional parts."""
    return (
        "version: 1\ntables:\n  App:\n    key: {partition: PK, sort: SK}\n"
        + extra
        + (f"    indexes:\n{indexes}" if indexes else "")
        + "    entities:\n      Doc:\n"
        + '        keys: {PK: "DOC#{docId}", SK: "V#{version}"}\n'
        + entity
        + "        fields:\n          docId: {type: S, format: uuid}\n          version: {type: N}\n"
        + (f"    access_patterns:\n{patterns}" if patterns else "")
    )


# --------------------------------------------------------------------------- DDB301


def test_ddb301_an_item_of_exactly_300_kb_is_fine() -> None:
    assert findings(table("        item_size: 300KB\n"), "DDB301") == []


def test_ddb301_an_item_over_300_kb_is_a_warning_on_item_size() -> None:
    text = table("        item_size: 301KB\n")
    (finding,) = findings(text, "DDB301")
    assert finding.span.start.line + 1 == line_of(text, "item_size: 301KB")
    assert finding.severity is Severity.WARNING
    assert "an item of 301 KB" in finding.message
    assert finding.data["bytes"] == 301 * 1024


def test_ddb301_an_item_of_exactly_400_kb_is_only_a_warning() -> None:
    """facts 6.1: the limit is 400 KB; an item of 400 KB is allowed."""
    (finding,) = findings(table("        item_size: 400KB\n"), "DDB301")
    assert finding.severity is Severity.WARNING


def test_ddb301_an_item_over_400_kb_is_an_error() -> None:
    text = table("        item_size: 401KB\n")
    (finding,) = findings(text, "DDB301")
    assert finding.span.start.line + 1 == line_of(text, "item_size: 401KB")
    assert finding.severity is Severity.ERROR
    assert "an item of 401 KB" in finding.message
    assert "400 KB item limit" in finding.message


def test_ddb301_max_item_size_is_checked_and_reported_once() -> None:
    text = table("        item_size: 350KB\n        max_item_size: 401KB\n")
    (finding,) = findings(text, "DDB301")
    assert finding.span.start.line + 1 == line_of(text, "max_item_size: 401KB")
    assert finding.severity is Severity.ERROR


def test_ddb301_a_small_average_with_a_large_maximum_points_at_the_maximum() -> None:
    text = table("        item_size: 4KB\n        max_item_size: 310KB\n")
    assert at_lines(text, "DDB301") == [("DDB301", line_of(text, "max_item_size"))]


LSI_KEYS_ONLY = "      ByDate:\n        local: true\n        key: {partition: PK, sort: day}\n        projection: keys-only\n"
LSI_ALL = (
    "      ByDate:\n        local: true\n        key: {partition: PK, sort: day}\n        projection: all\n"
)
DOC_IN_LSI = '        keys: {PK: "DOC#{docId}", SK: "V#{version}", day: "{day}"}\n'


def with_lsi(entity: str, lsi: str) -> str:
    text = table(entity, indexes=lsi)
    text = text.replace('        keys: {PK: "DOC#{docId}", SK: "V#{version}"}\n', DOC_IN_LSI)
    return text.replace(
        "          version: {type: N}\n",
        "          version: {type: N}\n          day: {type: S, format: date}\n",
    )


def test_ddb301_lsi_entries_count_toward_the_item() -> None:
    """facts 6.1: an item of 300 KB is fine alone, but with its LSI entry (the table key,
    the LSI key: 2 + 4 + 36 + 2 + 2 + 8 + 3 + 10 = 67 B) it is over 300 KB."""
    assert findings(table("        item_size: 300KB\n", indexes=LSI_KEYS_ONLY), "DDB301") == []
    text = with_lsi("        item_size: 300KB\n", LSI_KEYS_ONLY)
    (finding,) = findings(text, "DDB301")
    assert finding.severity is Severity.WARNING
    assert "67 B of local-index entries" in finding.message
    assert finding.data["bytes"] == 300 * 1024 + 67


def test_ddb301_an_all_projection_lsi_doubles_the_item() -> None:
    """facts 6.1: 250 KB in the table and 250 KB in the LSI: 500 KB, over the limit."""
    text = with_lsi("        item_size: 250KB\n", LSI_ALL)
    (finding,) = findings(text, "DDB301")
    assert finding.severity is Severity.ERROR
    assert "500 KB" in finding.message


def test_ddb301_the_largest_item_counts_its_own_lsi_entry() -> None:
    """facts 6.1: with an all-projection LSI, the 250 KB maximum item has a 250 KB entry
    (not the 10 KB entry of an average item): 500 KB, over the limit."""
    text = with_lsi("        item_size: 10KB\n        max_item_size: 250KB\n", LSI_ALL)
    (finding,) = findings(text, "DDB301")
    assert finding.span.start.line + 1 == line_of(text, "max_item_size: 250KB")
    assert finding.severity is Severity.ERROR
    assert "500 KB" in finding.message


def test_ddb301_an_item_not_in_the_lsi_has_no_entry_there() -> None:
    """facts 2.10: Doc gives no `day`, so it is not in ByDate."""
    text = table("        item_size: 250KB\n", indexes=LSI_ALL)
    assert findings(text, "DDB301") == []


# --------------------------------------------------------------------------- DDB302

PUT = "      - name: put-doc\n        op: PutItem\n        entity: Doc\n        rate: 10/s\n"


def test_ddb302_a_write_heavy_item_just_over_1_kb_fires_on_item_size() -> None:
    text = table("        item_size: 1100B\n", patterns=PUT)
    (finding,) = findings(text, "DDB302")
    assert finding.span.start.line + 1 == line_of(text, "item_size: 1100B")
    assert finding.severity is Severity.INFO
    assert "76 B over a 1 KB write step" in finding.message
    assert "10 write units/s" in finding.message


def test_ddb302_the_saving_counts_each_item_of_a_batch_and_transactions_twice() -> None:
    """facts 1.15, 1.4: a 25-item batch at 2/s saves 50 units/s; a 3-item transaction at
    1/s saves 3 × 2 = 6; the put at 10/s saves 10."""
    patterns = (
        PUT
        + "      - name: import\n        op: BatchWriteItem\n        entity: Doc\n        items: 25\n        rate: 2/s\n"
        + "      - name: move\n        op: TransactWriteItems\n        entity: Doc\n        items: 3\n        rate: 1/s\n"
    )
    (finding,) = findings(table("        item_size: 1100B\n", patterns=patterns), "DDB302")
    assert "66 write units/s" in finding.message


def test_ddb302_a_strongly_consistent_read_saves_a_whole_unit() -> None:
    """facts 1.2: trimming a 4.2 KB item to 4 KB saves one step, 1 unit per strongly
    consistent read (0.5 per eventually consistent one): 10/s + 0.5 × 10/s = 15."""
    patterns = (
        '      - name: get-doc\n        op: GetItem\n        entity: Doc\n        key: {PK: "DOC#{docId}", SK: "V#{version}"}\n'
        "        consistent: true\n        rate: 10/s\n"
        '      - name: peek-doc\n        op: GetItem\n        entity: Doc\n        key: {PK: "DOC#{docId}", SK: "V#{version}"}\n'
        "        rate: 10/s\n"
    )
    text = table("        item_size: 4300B\n", patterns=patterns)
    (finding,) = findings(text, "DDB302")
    assert "204 B over a 4 KB read step" in finding.message
    assert "15 read units/s" in finding.message


def test_ddb302_an_all_projection_index_entry_is_trimmed_too() -> None:
    """facts 3.2: the GSI entry copies the 1,100 B item, so each put saves a step on the
    table and one on the index: 20 write units/s at 10 puts/s."""
    gsi = "      ByVersion:\n        key: {partition: GV}\n        projection: all\n"
    text = table("        item_size: 1100B\n", indexes=gsi, patterns=PUT).replace(
        'SK: "V#{version}"}', 'SK: "V#{version}", GV: "{version}"}'
    )
    (finding,) = findings(text, "DDB302")
    assert "20 write units/s" in finding.message
    assert finding.data["units_per_second"] == 20


def test_ddb302_an_item_well_past_the_step_is_quiet() -> None:
    assert findings(table("        item_size: 1300B\n", patterns=PUT), "DDB302") == []


def test_ddb302_an_item_of_exactly_one_step_is_quiet() -> None:
    assert findings(table("        item_size: 1KB\n", patterns=PUT), "DDB302") == []


def test_ddb302_an_item_nothing_writes_or_reads_is_quiet() -> None:
    assert findings(table("        item_size: 1100B\n"), "DDB302") == []


# --------------------------------------------------------------------------- DDB303


def test_ddb303_retention_without_ttl_fires_on_retention() -> None:
    text = table("        item_size: 1KB\n        retention: 90d\n")
    (finding,) = findings(text, "DDB303")
    assert finding.span.start.line + 1 == line_of(text, "retention: 90d")
    assert finding.severity is Severity.WARNING
    assert "retention of 90 days" in finding.message
    assert "no ttl attribute" in finding.message


def test_ddb303_retention_with_ttl_is_fine() -> None:
    text = table(
        "        item_size: 1KB\n        retention: 90d\n",
        extra="    ttl: expiresAt\n    attributes: {expiresAt: N}\n",
    )
    assert findings(text, "DDB303") == []


def test_ddb303_no_retention_no_ttl_needed() -> None:
    assert findings(table("        item_size: 1KB\n"), "DDB303") == []


# --------------------------------------------------------------------------- DDB304


def test_ddb304_growth_without_retention_fires_on_growth_with_12_months_of_storage() -> None:
    """1M items of 1 KB + 100 B = 1.05 GB now; 1K/day adds 365K items: 1.43 GB."""
    text = table("        item_size: 1KB\n        count: 1M\n        growth: 1K/day\n")
    (finding,) = findings(text, "DDB304")
    assert finding.span.start.line + 1 == line_of(text, "growth: 1K/day")
    assert finding.severity is Severity.INFO
    assert "365K items a year" in finding.message
    assert "from 1.05 GB to 1.43 GB" in finding.message
    assert finding.data["bytes_now"] == 1_000_000 * 1124
    assert finding.data["bytes_in_12_months"] == 1_365_000 * 1124


def test_ddb304_index_entries_are_counted_in_the_storage() -> None:
    """facts 2.9: each item's keys-only LSI entry adds 67 B + 100 B of overhead."""
    text = with_lsi("        item_size: 1KB\n        count: 1M\n        growth: 1K/day\n", LSI_KEYS_ONLY)
    (finding,) = findings(text, "DDB304")
    assert finding.data["bytes_now"] == 1_000_000 * (1124 + 167)


def test_ddb304_growth_with_retention_is_bounded() -> None:
    text = table(
        "        item_size: 1KB\n        count: 1M\n        growth: 1K/day\n        retention: 90d\n",
        extra="    ttl: expiresAt\n    attributes: {expiresAt: N}\n",
    )
    assert findings(text, "DDB304") == []


def test_ddb304_no_growth_no_finding() -> None:
    assert findings(table("        item_size: 1KB\n        count: 1M\n"), "DDB304") == []


# --------------------------------------------------------------------------- DDB305


def long_name(count: str) -> str:
    text = table(f"        item_size: 1KB\n        count: {count}\n")
    return text.replace(
        "          version: {type: N}\n",
        "          version: {type: N}\n          customerEmailAddress: {type: S}\n",
    )


def test_ddb305_a_long_name_on_a_high_volume_entity_fires_on_the_attribute() -> None:
    text = long_name("2M")
    (finding,) = findings(text, "DDB305")
    assert finding.span.start.line + 1 == line_of(text, "customerEmailAddress:")
    assert finding.severity is Severity.INFO
    assert "takes 20 bytes" in finding.message
    assert "2M items (38.1 MB stored" in finding.message
    assert finding.data["bytes"] == 20 * 2_000_000


def test_ddb305_a_long_name_on_a_small_entity_is_quiet() -> None:
    assert findings(long_name("500K"), "DDB305") == []


def test_ddb305_short_names_are_quiet() -> None:
    assert findings(table("        item_size: 1KB\n        count: 100M\n"), "DDB305") == []


def test_ddb305_growth_counts_toward_the_volume() -> None:
    """500K now + 2K/day for a year = 1.23M items."""
    text = long_name("500K").replace("        count: 500K\n", "        count: 500K\n        growth: 2K/day\n")
    (finding,) = findings(text, "DDB305")
    assert "1.23M items" in finding.message
