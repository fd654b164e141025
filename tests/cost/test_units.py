"""The capacity-unit arithmetic of ``ddb_architect.cost.units`` against every worked
example of ``dynamodb-facts.md`` §1–3. Each test names the fact it reproduces."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ddb_architect.cost import units as u
from ddb_architect.cost.units import Consistency, IndexWrite

KB = 1024
MB = 1024 * KB

EVENTUAL = Consistency.EVENTUAL
STRONG = Consistency.STRONG
TRANSACTIONAL = Consistency.TRANSACTIONAL


# --------------------------------------------------------------------------- §1 units


def test_fact_1_1_a_write_unit_covers_1_kb_rounded_up() -> None:
    """1.1: a 500-byte item costs what a 1 KB item costs; 1.6 KB becomes 2 KB."""
    assert u.write_units(500) == u.write_units(1 * KB) == 1
    assert u.write_units(1.6 * KB) == 2
    assert u.write_units(1 * KB + 1) == 2


def test_fact_1_2_3500_bytes_count_as_4_kb() -> None:
    """1.2: 3,500 B is one 4 KB step, so one strongly consistent read unit."""
    assert u.read_steps(3500) == 1
    assert u.read_units(3500, STRONG) == 1


def test_fact_1_2_10_kb_counts_as_12_kb() -> None:
    """1.2: 10 KB is rounded up to 12 KB, three read units."""
    assert u.read_steps(10 * KB) == 3
    assert u.read_units(10 * KB, STRONG) == 3


def test_fact_1_2_exact_multiples_are_not_rounded_further() -> None:
    """1.2: 4 KB is one step; one byte more is two."""
    assert u.read_steps(4 * KB) == 1
    assert u.read_steps(4 * KB + 1) == 2


def test_fact_1_3_eventually_consistent_reads_cost_half() -> None:
    """1.3: 0.5 unit per 4 KB, and it is the default."""
    assert u.read_units(4 * KB, EVENTUAL) == 0.5
    assert u.read_units(4 * KB) == 0.5
    assert u.get_item(4 * KB) == 0.5


def test_fact_1_4_transaction_of_three_500_byte_items_needs_6_wcu() -> None:
    """1.4: one transaction a second writing three 500-byte items needs 6 WCU."""
    assert u.transact_write_items([500, 500, 500]) == 6


def test_fact_1_4_transactional_reads_cost_two_per_4_kb() -> None:
    """1.4: two read units per 4 KB in a transaction, rounded per item."""
    assert u.transact_get_items([4 * KB]) == 2
    assert u.transact_get_items([500, 5 * KB]) == 2 + 4


def test_fact_1_5_8_kb_read_strong_2_eventual_1_transactional_4() -> None:
    """1.5: a strongly consistent read of an 8 KB item = 2 units; eventually = 1;
    transactional = 4."""
    assert u.get_item(8 * KB, STRONG) == 2
    assert u.get_item(8 * KB, EVENTUAL) == 1
    assert u.get_item(8 * KB, TRANSACTIONAL) == 4
    assert u.transact_get_items([8 * KB]) == 4


def test_fact_1_5_3_kb_write_is_3_wru_and_6_transactional() -> None:
    """1.5: a 3 KB write = 3 WRU; transactional = 6 WRU."""
    assert u.write_units(3 * KB) == 3
    assert u.put_item(3 * KB) == 3
    assert u.write_units(3 * KB, transactional=True) == 6
    assert u.put_item(3 * KB, transactional=True) == 6
    assert u.transact_write_items([3 * KB]) == 6


def test_fact_1_6_get_item_rounds_the_item_up_to_4_kb() -> None:
    """1.6: GetItem rounds the item up to 4 KB; eventually consistent is half."""
    assert u.get_item(5 * KB, STRONG) == 2
    assert u.get_item(5 * KB, EVENTUAL) == 1


def test_fact_1_7_batch_get_rounds_each_item_1_5_kb_plus_6_5_kb_is_12_kb() -> None:
    """1.7: BatchGetItem of 1.5 KB + 6.5 KB counts as 4 KB + 8 KB = 12 KB (3 strongly
    consistent units), not the 8 KB of the summed sizes (2 units)."""
    assert u.batch_get_item([1.5 * KB, 6.5 * KB], STRONG) == 3
    assert u.query((1.5 + 6.5) * KB, STRONG) == 2
    assert u.batch_get_item([1.5 * KB, 6.5 * KB], EVENTUAL) == 1.5


def test_fact_1_8_query_of_10_items_totalling_40_8_kb_counts_as_44_kb() -> None:
    """1.8: Query sums the items, then rounds once: 40.8 KB → 44 KB = 11 steps."""
    assert u.query(40.8 * KB, STRONG) == 11
    assert u.query(40.8 * KB, EVENTUAL) == 5.5
    # ten items of 4.08 KB each, rounded one by one, would be 20 steps
    assert u.batch_get_item([4.08 * KB] * 10, STRONG) == 20


def test_fact_1_8_query_of_1500_items_of_64_bytes_is_96_kb() -> None:
    """1.8: 1,500 items of 64 B give a cumulative 96 KB (96,000 B rounded up): 24 steps."""
    assert 1500 * 64 == 96_000
    assert u.query(1500 * 64, STRONG) == 24
    assert u.query(1500 * 64, STRONG) * 4 * KB == 96 * KB


def test_fact_1_9_scan_pays_for_everything_it_evaluates() -> None:
    """1.9: Scan is charged on the items evaluated: the bytes given are the whole table,
    whatever a filter keeps. 100 items of 4 KB = 100 steps."""
    assert u.scan(100 * 4 * KB, STRONG) == 100
    assert u.scan(100 * 4 * KB, EVENTUAL) == 50


def test_fact_1_9_a_filtered_query_pays_for_what_it_reads() -> None:
    """1.9: the units depend only on the bytes read; 5 items kept of 100 read of 1 KB each
    cost the 100 KB read, not the 5 KB returned."""
    assert u.query(100 * KB, STRONG) == 25
    assert u.query(100 * KB, STRONG) > u.query(5 * KB, STRONG)


def test_fact_1_10_a_projection_does_not_reduce_the_item_size() -> None:
    """1.10: reading a subset of attributes (or only a count) is metered on the whole
    item: the arithmetic takes only the item size, so a 6 KB item always costs 2 steps."""
    assert u.get_item(6 * KB, STRONG) == 2
    assert u.query(6 * KB, STRONG) == 2


def test_fact_1_11_a_read_that_finds_nothing_costs_1_or_half() -> None:
    """1.11: a missing item still costs 1 unit (strongly consistent) or 0.5 (eventually)."""
    assert u.get_item(0, STRONG) == 1
    assert u.get_item(0, EVENTUAL) == 0.5
    assert u.query(0, STRONG) == 1
    assert u.query(0, EVENTUAL) == 0.5


def test_fact_1_12_put_item_pays_for_the_larger_of_old_and_new() -> None:
    """1.12: PutItem replacing a 5 KB item with a 1 KB one pays 5 WCU; the other way too."""
    assert u.put_item(1 * KB, old_item_bytes=5 * KB) == 5
    assert u.put_item(5 * KB, old_item_bytes=1 * KB) == 5
    assert u.put_item(1 * KB) == 1


def test_fact_1_13_update_item_pays_for_the_larger_of_before_and_after() -> None:
    """1.13: UpdateItem of one attribute on a 7.5 KB item still pays 8 WCU."""
    assert u.update_item(7.5 * KB, 7.5 * KB + 10) == 8
    assert u.update_item(7.5 * KB, 2 * KB) == 8
    assert u.update_item(2 * KB, 7.5 * KB) == 8
    assert u.update_item(2 * KB, 2 * KB, transactional=True) == 4


def test_fact_1_14_delete_item_pays_for_the_deleted_item() -> None:
    """1.14: deleting a 2.5 KB item costs 3 WCU."""
    assert u.delete_item(2.5 * KB) == 3
    assert u.delete_item(2.5 * KB, transactional=True) == 6


def test_fact_1_15_batch_write_500_bytes_plus_3_5_kb_is_5_wcu() -> None:
    """1.15: BatchWriteItem rounds per item: 500 B + 3.5 KB = 1 KB + 4 KB = 5 WCU."""
    assert u.batch_write_item([500, 3.5 * KB]) == 5
    # summed first, they would have been 4 WCU: per-item rounding is what DynamoDB does
    assert u.write_units(500 + 3.5 * KB) == 4


def test_fact_1_16_a_failed_conditional_write_still_pays_310_kb() -> None:
    """1.16: a conditional put of a 310 KB item over a 300 KB one consumes 310 KB of write
    units, whether or not the condition holds."""
    assert u.put_item(310 * KB, old_item_bytes=300 * KB) == 310


def test_fact_1_17_a_full_1_mb_page_is_256_strong_or_128_eventual() -> None:
    """1.17: 1024 KB / 4 KB = 256 units strongly consistent, 128 eventually."""
    assert u.query(1 * MB, STRONG) == 256
    assert u.query(1 * MB, EVENTUAL) == 128
    assert u.scan(1 * MB, STRONG) == 256
    assert u.scan(1 * MB, EVENTUAL) == 128


def test_fact_1_17_reads_past_a_page_take_another_call() -> None:
    """1.17: 1 MB and 4 bytes read is a full page plus one step on the next call."""
    assert u.query(1 * MB + 4, STRONG) == 257
    assert u.scan(3 * MB, EVENTUAL) == 3 * 128


# --------------------------------------------------------------------------- §2 sizes


def test_fact_2_7_shirt_item_is_23_bytes() -> None:
    """2.7: {"shirt-color": "R", "shirt-size": "M"} = 11 + 1 + 10 + 1 = 23 bytes."""
    assert u.item_bytes({"shirt-color": "R", "shirt-size": "M"}) == 23


def test_fact_2_1_attribute_names_count_in_utf8_bytes() -> None:
    """2.1: names count by their UTF-8 bytes: "é" is two bytes."""
    assert u.item_bytes({"é": "a"}) == 2 + 1
    assert u.item_bytes({}) == 0


def test_fact_2_2_string_is_its_utf8_bytes() -> None:
    """2.2: a String is its UTF-8 bytes: "héllo" is 6, "日本" is 6."""
    assert u.attribute_value_bytes("héllo") == 6
    assert u.attribute_value_bytes("日本") == 6
    assert u.item_bytes({"name": "日本"}) == 4 + 6


def test_fact_2_3_number_is_one_byte_per_two_significant_digits_plus_one() -> None:
    """2.3: a Number takes 1 byte per 2 significant digits plus 1; leading and trailing
    zeros are not significant."""
    assert u.number_bytes(12345) == 3 + 1
    assert u.number_bytes(12) == 1 + 1
    assert u.number_bytes(1000) == 1 + 1  # one significant digit
    assert u.number_bytes(Decimal("0.00123")) == 2 + 1  # 123
    assert u.number_bytes(1005) == 2 + 1  # inner zeros count
    assert u.number_bytes(10**37) == 1 + 1
    assert u.attribute_value_bytes(3) == 2
    assert u.attribute_value_bytes(Decimal("12345678")) == 4 + 1


def test_fact_2_4_binary_is_its_raw_bytes() -> None:
    """2.4: Binary counts its decoded bytes."""
    assert u.attribute_value_bytes(b"\x00\x01\x02") == 3
    assert u.attribute_value_bytes(bytearray(10)) == 10
    assert u.item_bytes({"blob": b"abcd"}) == 4 + 4


def test_fact_2_5_null_and_boolean_are_one_byte() -> None:
    """2.5: Null and Boolean take 1 byte besides the name."""
    assert u.attribute_value_bytes(None) == 1
    assert u.attribute_value_bytes(True) == 1
    assert u.attribute_value_bytes(False) == 1
    assert u.item_bytes({"ok": True}) == 2 + 1


def test_fact_2_6_list_and_map_take_3_bytes_plus_1_per_element() -> None:
    """2.6: a List or Map is its elements + 3 bytes + 1 byte per element; empty = 3."""
    assert u.attribute_value_bytes([]) == 3
    assert u.attribute_value_bytes({}) == 3
    assert u.attribute_value_bytes(["ab", "c"]) == 3 + (2 + 1) + (1 + 1)
    # a map's elements carry their names
    assert u.attribute_value_bytes({"a": "xy", "bc": True}) == 3 + (1 + 2 + 1) + (2 + 1 + 1)
    assert u.item_bytes({"tags": []}) == 4 + 3


def test_fact_2_6_nested_lists_and_maps_add_up() -> None:
    """2.6 applied recursively: a map holding a list."""
    inner = 3 + (1 + 1)  # ["x"]
    assert u.attribute_value_bytes({"l": ["x"]}) == 3 + (1 + inner + 1)


def test_values_that_are_not_dynamodb_types_are_rejected() -> None:
    with pytest.raises(TypeError):
        u.attribute_value_bytes(object())


def test_fact_2_8_each_item_stores_100_bytes_of_overhead() -> None:
    """2.8: 100 bytes per item, plus 48 bytes in a global table."""
    assert u.item_storage_bytes(1000) == 1100
    assert u.item_storage_bytes(1000, global_table=True) == 1148
    assert u.ITEM_STORAGE_OVERHEAD == 100
    assert u.GLOBAL_TABLE_ITEM_OVERHEAD == 48


def test_fact_2_9_index_entry_is_table_key_index_key_projection_plus_100() -> None:
    """2.9: an index entry stores the table key + the index key + the projected
    attributes, plus 100 bytes of overhead."""
    assert u.index_entry_bytes(40, 30, 200) == 270
    assert u.index_entry_storage_bytes(40, 30, 200) == 370
    assert u.INDEX_ENTRY_OVERHEAD == 100


# --------------------------------------------------------------------------- §3 indexes


@pytest.mark.parametrize(
    ("case", "writes"),
    [
        (IndexWrite.ABSENT, 0),
        (IndexWrite.NEW_ENTRY, 1),
        (IndexWrite.REMOVED, 1),
        (IndexWrite.PROJECTED_CHANGE, 1),
        (IndexWrite.KEY_CHANGE, 2),
    ],
)
def test_fact_3_2_index_write_counts(case: IndexWrite, writes: int) -> None:
    """3.2: new entry 1 write, key change 2 (delete + put), key removed 1, only projected
    attributes changed 1, in the index neither before nor after 0."""
    assert case.writes == writes
    assert u.index_write_units(300, case) == writes


def test_fact_3_2_index_writes_are_sized_by_the_entry_rounded_to_1_kb() -> None:
    """3.2: "larger index entries require additional write capacity units": a 1.5 KB
    entry is 2 WCU per index write, so a key change costs 4."""
    assert u.index_write_units(1.5 * KB, IndexWrite.NEW_ENTRY) == 2
    assert u.index_write_units(1.5 * KB, IndexWrite.KEY_CHANGE) == 4
    assert u.index_write_units(1.5 * KB, IndexWrite.ABSENT) == 0
    # sized by the entry, not the item: a 200-byte entry of a 10 KB item is 1 WCU
    assert u.index_write_units(200, IndexWrite.NEW_ENTRY) == 1


def test_fact_3_5_gsi_query_8_entries_of_2000_bytes_is_2_rcu() -> None:
    """3.5: 8 × 2,000 B = 16,000 B, rounded to 16 KB, × 0.5 = 2 RCU."""
    assert u.gsi_query([2000] * 8) == 2


def test_fact_3_4_gsi_queries_are_eventually_consistent_only() -> None:
    """3.4: a GSI query is metered eventually consistent: 16 KB is 2, never 4."""
    assert u.gsi_query([4 * KB] * 4) == u.query(16 * KB, EVENTUAL) == 2


def test_fact_3_6_lsi_query_with_fetches_is_20_kb_5_strongly_consistent() -> None:
    """3.6: 4 matches, 200 B projected, 300 B items: 4 KB for the index (rounded once) +
    4 × 4 KB for the fetches = 20 KB = 5 strongly consistent units."""
    assert u.lsi_query([200] * 4, [300] * 4, STRONG) == 5
    assert u.lsi_query([200] * 4, [300] * 4, EVENTUAL) == 2.5


def test_fact_3_6_lsi_query_without_fetches_is_rounded_once() -> None:
    """3.6: without fetches, only the projected entries are read."""
    assert u.lsi_query([200] * 4, [], STRONG) == 1


# --------------------------------------------------------------------------- properties

sizes = st.floats(min_value=0, max_value=8 * MB, allow_nan=False, allow_infinity=False)
item_sizes = st.floats(min_value=1, max_value=400 * KB, allow_nan=False, allow_infinity=False)
consistencies = st.sampled_from([EVENTUAL, STRONG, TRANSACTIONAL])


@given(sizes, sizes, consistencies)
def test_reads_are_monotonic_in_size(a: float, b: float, consistency: Consistency) -> None:
    small, large = sorted((a, b))
    assert u.read_units(small, consistency) <= u.read_units(large, consistency)
    assert u.query(small, consistency) <= u.query(large, consistency)
    assert u.scan(small, consistency) <= u.scan(large, consistency)


@given(sizes, sizes)
def test_writes_are_monotonic_in_size(a: float, b: float) -> None:
    small, large = sorted((a, b))
    assert u.write_units(small) <= u.write_units(large)
    assert u.put_item(small) <= u.put_item(large)
    assert u.delete_item(small) <= u.delete_item(large)


@given(sizes)
def test_eventually_consistent_is_half_of_strong(size: float) -> None:
    """1.3: eventually = half of strong; 1.4: transactional = twice strong."""
    assert u.read_units(size, EVENTUAL) * 2 == u.read_units(size, STRONG)
    assert u.read_units(size, TRANSACTIONAL) == 2 * u.read_units(size, STRONG)
    assert u.query(size, EVENTUAL) * 2 == u.query(size, STRONG)
    assert u.scan(size, EVENTUAL) * 2 == u.scan(size, STRONG)


@given(sizes)
def test_transactional_writes_are_twice_standard(size: float) -> None:
    """1.4."""
    assert u.write_units(size, transactional=True) == 2 * u.write_units(size)


@given(st.lists(item_sizes, min_size=1, max_size=100), consistencies)
def test_batch_get_costs_at_least_a_query_of_the_same_items(items: list[float], c: Consistency) -> None:
    """1.7 vs 1.8: per-item rounding never costs less than summing and rounding once."""
    assert u.batch_get_item(items, c) >= u.query(sum(items), c)


@given(st.lists(item_sizes, min_size=1, max_size=25))
def test_batch_write_is_the_sum_of_single_writes(items: list[float]) -> None:
    """1.15: per item, then summed; never less than the summed size rounded once."""
    assert u.batch_write_item(items) == sum(u.put_item(s) for s in items)
    assert u.batch_write_item(items) >= u.write_units(sum(items))


@given(st.lists(item_sizes, min_size=1, max_size=100))
def test_transactions_cost_twice_the_plain_operations(items: list[float]) -> None:
    """1.4."""
    assert u.transact_write_items(items) == 2 * u.batch_write_item(items)
    assert u.transact_get_items(items) == 2 * u.batch_get_item(items, STRONG)


@given(sizes, consistencies)
def test_units_cover_the_bytes_and_waste_less_than_one_step(size: float, c: Consistency) -> None:
    """1.1/1.2: rounding is up, to the next step, never further."""
    steps = u.read_steps(size)
    assert steps * u.READ_UNIT_BYTES >= size
    assert steps == 1 or (steps - 1) * u.READ_UNIT_BYTES < size
    w = u.write_steps(size)
    assert w * u.WRITE_UNIT_BYTES >= size
    assert w == 1 or (w - 1) * u.WRITE_UNIT_BYTES < size


@given(sizes, consistencies)
def test_a_query_is_its_size_in_4_kb_steps_across_pages(size: float, c: Consistency) -> None:
    """1.8/1.17: a 1 MB page is a whole number of 4 KB steps, so paging adds nothing."""
    assert u.query(size, c) == u.read_steps(size) * c.value


@given(sizes, sizes)
def test_put_and_update_pay_for_the_larger_item(old: float, new: float) -> None:
    """1.12/1.13: symmetric in old and new."""
    assert u.put_item(new, old) == u.put_item(old, new) == u.write_units(max(old, new))
    assert u.update_item(old, new) == u.update_item(new, old)


@given(st.lists(st.floats(min_value=0, max_value=64 * KB), min_size=1, max_size=50))
def test_gsi_query_never_costs_more_than_a_strong_table_query(entries: list[float]) -> None:
    """3.4/3.5."""
    assert u.gsi_query(entries) * 2 == u.query(sum(entries), STRONG)


@given(
    st.lists(st.floats(min_value=0, max_value=4 * KB), min_size=1, max_size=20),
    st.lists(item_sizes, max_size=20),
    consistencies,
)
def test_lsi_fetches_only_add(entries: list[float], fetched: list[float], c: Consistency) -> None:
    """3.6: the fetches are rounded per item and added to the index read."""
    base = u.lsi_query(entries, [], c)
    assert u.lsi_query(entries, fetched, c) == base + u.batch_get_item(fetched, c)


@given(st.floats(min_value=0, max_value=16 * KB), st.sampled_from(list(IndexWrite)))
def test_index_writes_scale_with_the_case(entry: float, case: IndexWrite) -> None:
    """3.2."""
    assert u.index_write_units(entry, case) == case.writes * u.write_units(entry)


@given(st.dictionaries(st.text(min_size=1, max_size=10), st.text(max_size=20), max_size=10))
def test_item_size_is_names_plus_values(item: dict[str, str]) -> None:
    """2.1/2.2."""
    expected = sum(len(k.encode()) + len(v.encode()) for k, v in item.items())
    assert u.item_bytes(item) == expected


@given(st.integers(min_value=-(10**38) + 1, max_value=10**38 - 1))
def test_number_size_is_bounded_by_38_digits(value: int) -> None:
    """2.3: at most 38 significant digits → at most 20 bytes."""
    assert 2 <= u.number_bytes(value) <= 20
