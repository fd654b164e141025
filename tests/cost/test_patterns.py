"""Units per request of access patterns (``cost.patterns.pattern_load``), on small specs.

Sizes are chosen so that each rounding rule shows: an item of 5 KB is 2 read steps and 5
write steps, and index entries are estimated from the key templates (facts 2.9)."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddb_architect.cost import units as u
from ddb_architect.cost.patterns import PatternLoad
from ddb_architect.rules.context import TableContext
from ddb_architect.spec.loader import load_spec

KB = 1024

# A table with a keys-only GSI, an all-projection GSI, an LSI projecting one attribute,
# and a Post entity in all of them. Access patterns are appended per test.
BASE = """\
version: 1
tables:
  App:
    key: {partition: PK, sort: SK}
    indexes:
      ByTag:
        key: {partition: GSI1PK, sort: GSI1SK}
        projection: keys-only
      ByAuthor:
        key: {partition: GSI2PK}
        projection: all
      ByTitle:
        local: true
        key: {partition: PK, sort: title}
        projection: [summary]
    entities:
      Post:
        keys: {PK: "USER#{userId}", SK: "POST#{postId}", GSI1PK: "TAG#{tag}", GSI1SK: "{postId}", GSI2PK: "AUTHOR#{authorId}", title: "{title}"}
        item_size: 5KB
        count: 1000
        fields:
          userId: {type: S, cardinality: 10K}
          postId: {type: S, format: uuid}
          tag: {type: S, cardinality: 1K}
          authorId: {type: S, cardinality: 10K}
          title: {type: S, max_length: 16}
          summary: {type: S, max_length: 16}
          body: {type: S}
          likes: {type: N}
      Note:
        keys: {PK: "USER#{userId}", SK: "NOTE#{noteId}"}
        item_size: 500B
        count: 100
        fields:
          userId: {type: S, cardinality: 10K}
          noteId: {type: S, format: uuid}
    access_patterns:
"""


def loads(patterns: str, base: str = BASE) -> dict[str, PatternLoad | None]:
    """Load ``base`` with ``patterns`` (YAML list items) appended; the load of each
    pattern by name. The spec must load without findings."""
    text = base + textwrap.indent(textwrap.dedent(patterns), "      ")
    document = load_spec(text, "test.ddb.yaml")
    assert document.design is not None
    assert not document.findings, document.findings
    design = document.design
    table = next(iter(design.tables.values()))
    ctx = TableContext.of(design, table)
    return {p.name: ctx.load(p) for p in table.access_patterns}


def load(patterns: str, base: str = BASE) -> PatternLoad:
    (result,) = loads(patterns, base).values()
    assert result is not None
    return result


def entry(*attrs_and_bytes: tuple[str, float]) -> float:
    """An index entry size: the UTF-8 name bytes of each attribute plus its value bytes."""
    return sum(len(name.encode()) + value for name, value in attrs_and_bytes)


# Typical bytes of the Post keys (templates.py: a uuid is 36, an unbounded string 16, a
# string with max_length 16 is 16): the table key, and each index's key.
PK = ("PK", len("USER#") + 16)
SK = ("SK", len("POST#") + 36)
GSI1PK = ("GSI1PK", len("TAG#") + 16)
GSI1SK = ("GSI1SK", 36)
TITLE = ("title", 16)
SUMMARY = ("summary", 16)
BY_TAG_ENTRY = entry(PK, SK, GSI1PK, GSI1SK)
BY_TITLE_ENTRY = entry(PK, SK, TITLE, SUMMARY)


def test_the_entry_sizes_used_below() -> None:
    assert BY_TAG_ENTRY == 134
    assert BY_TITLE_ENTRY == 110


# --------------------------------------------------------------------------- reads


def test_get_item_rounds_the_item_to_4_kb_eventually_consistent() -> None:
    """facts 1.6, 1.3: 5 KB → 8 KB → 2 steps × 0.5."""
    result = load(
        """\
        - name: get-post
          op: GetItem
          entity: Post
          key: {PK: "USER#{userId}", SK: "POST#{postId}"}
        """
    )
    assert result.metered_as == "GetItem"
    assert result.read_units == 1.0
    assert result.write_units == 0
    assert result.target.kind == "table"
    assert result.reads_on_table == 1.0


def test_consistent_get_item_costs_twice() -> None:
    """facts 1.2: strongly consistent, 2 steps × 1."""
    result = load(
        """\
        - name: get-post
          op: GetItem
          entity: Post
          key: {PK: "USER#{userId}", SK: "POST#{postId}"}
          consistent: true
        """
    )
    assert result.read_units == 2.0


def test_query_on_the_table_sums_items_then_rounds_once() -> None:
    """facts 1.8: 10 × 5 KB = 50 KB → 52 KB = 13 steps × 0.5."""
    result = load(
        """\
        - name: user-posts
          op: Query
          entity: Post
          key: {PK: "USER#{userId}", SK: {begins_with: "POST#"}}
          items: 10
        """
    )
    assert result.metered_as == "Query"
    assert result.read_units == 6.5
    assert result.reads_on_table == 6.5


def test_query_without_items_assumes_one_and_says_so() -> None:
    result = load(
        """\
        - name: user-posts
          op: Query
          entity: Post
          key: {PK: "USER#{userId}"}
        """
    )
    assert result.read_units == 1.0
    assert any("items not given" in a for a in result.assumptions)


def test_query_on_a_keys_only_gsi_reads_the_projected_entries() -> None:
    """facts 3.5: 20 entries of 134 B = 2,680 B → one 4 KB step, × 0.5; the 5 KB items
    are not read."""
    result = load(
        """\
        - name: by-tag
          op: Query
          index: ByTag
          key: {GSI1PK: "TAG#{tag}"}
          items: 20
        """
    )
    assert result.target.kind == "gsi"
    assert result.read_units == u.gsi_query([BY_TAG_ENTRY] * 20) == 0.5
    assert result.reads_on_table == 0
    assert "index entries" in result.formula


def test_query_on_an_all_projection_gsi_reads_whole_items() -> None:
    """facts 3.5: an all projection carries the item: 10 × 5 KB → 13 steps × 0.5."""
    result = load(
        """\
        - name: by-author
          op: Query
          index: ByAuthor
          key: {GSI2PK: "AUTHOR#{authorId}"}
          items: 10
        """
    )
    assert result.read_units == 6.5


def test_query_on_a_gsi_is_eventually_consistent_even_when_asked_otherwise() -> None:
    """facts 3.4: DynamoDB rejects the strong read (DDB204); the load stays eventual."""
    text = textwrap.indent(
        textwrap.dedent(
            """\
            - name: by-author
              op: Query
              index: ByAuthor
              key: {GSI2PK: "AUTHOR#{authorId}"}
              items: 10
              consistent: true
            """
        ),
        "      ",
    )
    document = load_spec(BASE + text)
    assert document.design is not None
    table = document.design.tables["App"]
    result = TableContext.of(document.design, table).load(table.access_patterns[0])
    assert result is not None
    assert result.read_units == 6.5


def test_query_on_an_lsi_that_needs_unprojected_attributes_fetches_each_item() -> None:
    """facts 3.6: 4 entries of 110 B → 4 KB once, strongly consistent = 1; plus 4 fetches
    of the 5 KB item, each rounded to 8 KB = 4 × 2 = 8; 9 RCU on the table's capacity."""
    result = load(
        """\
        - name: by-title
          op: Query
          index: ByTitle
          key: {PK: "USER#{userId}", title: {begins_with: "A"}}
          items: 4
          needs: [title, body]
          consistent: true
        """
    )
    assert result.target.kind == "lsi"
    assert result.read_units == u.lsi_query([BY_TITLE_ENTRY] * 4, [5 * KB] * 4, u.Consistency.STRONG) == 9
    assert result.reads_on_table == 9
    assert "fetches" in result.formula


def test_query_on_an_lsi_whose_projection_covers_the_needs_does_not_fetch() -> None:
    """facts 3.6: summary is projected, title is the index key: no fetch."""
    result = load(
        """\
        - name: by-title
          op: Query
          index: ByTitle
          key: {PK: "USER#{userId}"}
          items: 4
          needs: [title, summary, SK]
          consistent: true
        """
    )
    assert result.read_units == 1.0
    assert "fetches" not in result.formula


def test_query_on_an_lsi_without_needs_does_not_fetch() -> None:
    """spec format: without `needs`, what the target returns is taken as enough."""
    result = load(
        """\
        - name: by-title
          op: Query
          index: ByTitle
          key: {PK: "USER#{userId}"}
          items: 4
        """
    )
    assert result.read_units == 0.5


def test_a_filter_pays_for_what_it_reads_not_what_it_keeps() -> None:
    """facts 1.9: 2 items returned at 10 % selectivity means 20 read: 100 KB = 25 steps."""
    result = load(
        """\
        - name: popular-posts
          op: Query
          entity: Post
          key: {PK: "USER#{userId}"}
          items: 2
          filter: {attributes: [likes], selectivity: 10%}
        """
    )
    assert result.read_units == 12.5
    assert "filter keeping 10%" in result.formula


def test_a_filter_without_selectivity_reads_what_it_returns() -> None:
    result = load(
        """\
        - name: popular-posts
          op: Query
          entity: Post
          key: {PK: "USER#{userId}"}
          items: 2
          filter: {attributes: [likes]}
        """
    )
    assert result.read_units == u.query(2 * 5 * KB) == 1.5


def test_needs_on_the_table_do_not_reduce_the_read() -> None:
    """facts 1.10: a projection expression does not reduce the item size."""
    result = load(
        """\
        - name: post-titles
          op: Query
          entity: Post
          key: {PK: "USER#{userId}"}
          items: 10
          needs: [title]
        """
    )
    assert result.read_units == 6.5


def test_scan_reads_every_item_of_the_target() -> None:
    """facts 1.9, 1.17: 1,000 Posts × 5 KB + 100 Notes × 500 B, in 1 MB pages, every byte
    rounded to 4 KB steps, eventually consistent."""
    result = load(
        """\
        - name: export
          op: Scan
          rate: 1/day
        """
    )
    total = 1000 * 5 * KB + 100 * 500  # 5,170,000 B = 1,262.2 steps of 4 KB
    assert result.metered_as == "Scan"
    assert result.read_units == u.scan(total) == 1263 * 0.5


def test_scan_of_a_keys_only_gsi_reads_its_entries_only() -> None:
    """facts 3.5: a GSI scan reads the projected entries of the entities in it (Notes are
    not in ByTag)."""
    result = load(
        """\
        - name: export-tags
          op: Scan
          index: ByTag
        """
    )
    assert result.read_units == u.scan(1000 * BY_TAG_ENTRY) == 33 * 0.5


def test_a_scan_filter_does_not_reduce_the_scan() -> None:
    """facts 1.9."""
    plain = load("- name: export\n  op: Scan\n")
    filtered = load("- name: export\n  op: Scan\n  filter: {attributes: [likes], selectivity: 1%}\n")
    assert filtered.read_units == plain.read_units


def test_batch_get_rounds_each_item() -> None:
    """facts 1.7: 10 items of 5 KB: each 8 KB = 2 steps × 0.5 = 1; 10 in all, not the 6.5
    of one Query over the same 50 KB."""
    result = load(
        """\
        - name: get-posts
          op: BatchGetItem
          entity: Post
          items: 10
        """
    )
    assert result.metered_as == "BatchGetItem"
    assert result.read_units == 10.0
    assert result.read_units > u.query(10 * 5 * KB)


def test_batch_get_of_small_items_still_rounds_each_to_4_kb() -> None:
    """facts 1.7: 30 Notes of 500 B are 30 steps, not one."""
    result = load(
        """\
        - name: get-notes
          op: BatchGetItem
          entity: Note
          items: 30
          consistent: true
        """
    )
    assert result.read_units == 30.0


def test_transact_get_items_costs_two_units_per_step() -> None:
    """facts 1.4: 3 × 5 KB = 3 × 2 steps × 2."""
    result = load(
        """\
        - name: read-posts
          op: TransactGetItems
          entity: Post
          items: 3
        """
    )
    assert result.read_units == 12.0


# --------------------------------------------------------------------------- writes


def test_put_item_writes_the_item_and_a_new_entry_in_every_index() -> None:
    """facts 1.1, 3.1–3.3: 5 KB item = 5 WCU; ByTag (134 B entry) 1 WCU and ByAuthor (all:
    5 KB entry) 5 WCU on the global indexes; ByTitle (110 B) 1 WCU on the table."""
    result = load(
        """\
        - name: create-post
          op: PutItem
          entity: Post
        """
    )
    assert result.metered_as == "PutItem"
    assert result.read_units == 0
    assert result.gsi_write_units == {"ByTag": 1, "ByAuthor": 5}
    assert result.lsi_write_units == {"ByTitle": 1}
    assert result.write_units == 5 + 1  # the LSI entry is charged to the table


def test_put_item_of_an_entity_outside_the_indexes_writes_only_the_table() -> None:
    """facts 2.10: a Note gives no index keys, so it is in no index (ByTitle needs title)."""
    result = load(
        """\
        - name: create-note
          op: PutItem
          entity: Note
        """
    )
    assert result.write_units == 1
    assert result.gsi_write_units == {}
    assert result.lsi_write_units == {}


def test_update_changing_an_index_key_attribute_is_two_writes_there() -> None:
    """facts 3.2: changing GSI1PK deletes the ByTag entry and puts a new one; ByAuthor
    (all) and ByTitle ([summary]) see no change of what they hold."""
    result = load(
        """\
        - name: retag
          op: UpdateItem
          entity: Post
          changes: [GSI1PK]
        """
    )
    assert result.gsi_write_units["ByTag"] == 2
    assert result.index_cases["ByTag"] is u.IndexWrite.KEY_CHANGE
    assert result.lsi_write_units == {}
    assert result.write_units == 5  # facts 1.13: the whole 5 KB item, however little changes


def test_update_changing_a_variable_of_an_index_key_is_two_writes_there() -> None:
    """facts 3.2: `tag` feeds GSI1PK's template, so changing it changes the key."""
    result = load(
        """\
        - name: retag
          op: UpdateItem
          entity: Post
          changes: [tag]
        """
    )
    assert result.gsi_write_units["ByTag"] == 2
    # ByAuthor projects all, so the changed tag is in its entry: one write of 5 KB
    assert result.gsi_write_units["ByAuthor"] == 5
    assert "ByTitle" not in result.lsi_write_units


def test_update_changing_an_lsi_key_is_two_writes_on_the_table() -> None:
    """facts 3.3: LSI key changes are a delete and a put, on the table's capacity."""
    result = load(
        """\
        - name: rename
          op: UpdateItem
          entity: Post
          changes: [title]
        """
    )
    assert result.lsi_write_units == {"ByTitle": 2}
    assert result.write_units == 5 + 2
    assert "ByTitle" not in result.gsi_write_units


def test_update_of_a_projected_attribute_is_one_write() -> None:
    """facts 3.2: summary is projected into ByTitle only: 1 write there; keys-only ByTag
    sees nothing; all-projection ByAuthor rewrites its entry once."""
    result = load(
        """\
        - name: resummarize
          op: UpdateItem
          entity: Post
          changes: [summary]
        """
    )
    assert result.lsi_write_units == {"ByTitle": 1}
    assert "ByTag" not in result.gsi_write_units
    assert result.gsi_write_units == {"ByAuthor": 5}
    assert result.write_units == 5 + 1


def test_update_of_an_attribute_no_index_projects_writes_no_index_entry() -> None:
    """facts 3.2: in the index before and after, nothing it holds changed → 0 (ByTag and
    ByTitle); ByAuthor projects all, so it still takes one write."""
    result = load(
        """\
        - name: like
          op: UpdateItem
          entity: Post
          changes: [likes]
        """
    )
    assert "ByTag" not in result.gsi_write_units
    assert result.index_cases["ByTag"] is u.IndexWrite.ABSENT
    assert result.lsi_write_units == {}
    assert result.write_units == 5


def test_update_without_changes_skips_keys_only_indexes_and_says_what_it_assumed() -> None:
    result = load(
        """\
        - name: edit
          op: UpdateItem
          entity: Post
        """
    )
    assert "ByTag" not in result.gsi_write_units
    assert result.gsi_write_units["ByAuthor"] == 5
    assert result.lsi_write_units == {"ByTitle": 1}
    assert any("without `changes`" in a for a in result.assumptions)


def test_put_item_that_replaces_an_item_with_a_changed_index_key_is_two_writes_there() -> None:
    """facts 3.2, 1.12: a Put over an existing item whose `tag` changes moves its ByTag
    entry (a delete and a put); the other indexes take their usual single write."""
    result = load(
        """\
        - name: repost
          op: PutItem
          entity: Post
          changes: [tag]
        """
    )
    assert result.gsi_write_units == {"ByTag": 2, "ByAuthor": 5}
    assert result.lsi_write_units == {"ByTitle": 1}
    assert result.index_cases["ByTag"] is u.IndexWrite.KEY_CHANGE
    assert result.index_cases["ByAuthor"] is u.IndexWrite.NEW_ENTRY


def test_batch_write_that_changes_an_index_key_is_two_writes_per_item() -> None:
    result = load(
        """\
        - name: repost-all
          op: BatchWriteItem
          entity: Post
          items: 3
          changes: [GSI1PK]
        """
    )
    assert result.gsi_write_units["ByTag"] == 3 * 2


def test_delete_item_removes_every_index_entry() -> None:
    """facts 1.14, 3.2: the 5 KB item, and one write per index entry removed."""
    result = load(
        """\
        - name: delete-post
          op: DeleteItem
          entity: Post
        """
    )
    assert result.metered_as == "DeleteItem"
    assert result.gsi_write_units == {"ByTag": 1, "ByAuthor": 5}
    assert result.lsi_write_units == {"ByTitle": 1}
    assert result.write_units == 5 + 1


def test_batch_write_rounds_each_item() -> None:
    """facts 1.15: 25 Notes of 500 B are 25 WCU, not the 13 of 12.5 KB summed."""
    result = load(
        """\
        - name: import-notes
          op: BatchWriteItem
          entity: Note
          items: 25
        """
    )
    assert result.write_units == 25


def test_batch_write_multiplies_the_index_writes_too() -> None:
    result = load(
        """\
        - name: import-posts
          op: BatchWriteItem
          entity: Post
          items: 10
        """
    )
    assert result.write_units == 10 * (5 + 1)
    assert result.gsi_write_units == {"ByTag": 10, "ByAuthor": 50}


def test_transact_write_items_doubles_the_table_writes() -> None:
    """facts 1.4: 2 Posts of 5 KB in a transaction = 2 × 5 × 2 = 20 WCU on the table;
    index writes are counted once (facts 3.10, stated as an assumption)."""
    result = load(
        """\
        - name: move-posts
          op: TransactWriteItems
          entity: Post
          items: 2
        """
    )
    assert result.metered_as == "TransactWriteItems"
    assert result.write_units == 2 * 5 * 2 + 2 * 1
    assert result.gsi_write_units == {"ByTag": 2, "ByAuthor": 10}
    assert any("counted once" in a for a in result.assumptions)


def test_transact_write_of_small_items_is_six_for_three() -> None:
    """facts 1.4: three 500-byte items in one transaction need 6 WCU."""
    result = load(
        """\
        - name: save-notes
          op: TransactWriteItems
          entity: Note
          items: 3
        """
    )
    assert result.write_units == 6


# --------------------------------------------------------------------------- PartiQL


@pytest.mark.parametrize(
    ("pattern", "metered_as", "read_units"),
    [
        (
            '- name: q\n  op: ExecuteStatement\n  entity: Post\n  key: {PK: "USER#{userId}", SK: "POST#{postId}"}\n',
            "GetItem",
            1.0,
        ),
        (
            '- name: q\n  op: ExecuteStatement\n  entity: Post\n  key: {PK: "USER#{userId}"}\n  items: 10\n',
            "Query",
            6.5,
        ),
        (
            '- name: q\n  op: ExecuteStatement\n  index: ByAuthor\n  entity: Post\n  key: {GSI2PK: "AUTHOR#{authorId}"}\n  items: 10\n',
            "Query",
            6.5,
        ),
        ("- name: q\n  op: ExecuteStatement\n", "Scan", 631.5),
    ],
    ids=["full-key-is-get", "partition-key-is-query", "index-key-is-query", "no-key-is-scan"],
)
def test_execute_statement_is_metered_as_what_it_does(
    pattern: str, metered_as: str, read_units: float
) -> None:
    result = load(pattern)
    assert result.metered_as == metered_as
    assert result.read_units == read_units
    assert any(f"metered as a {metered_as}" in a for a in result.assumptions)


# --------------------------------------------------------------------------- nothing to price


def test_no_load_for_a_pattern_whose_key_condition_is_an_error() -> None:
    """rules.md: no capacity finding from a pattern whose key condition is an error."""
    text = BASE + textwrap.indent(
        '- name: bad\n  op: Query\n  index: Nope\n  key: {PK: "USER#{userId}"}\n', "      "
    )
    document = load_spec(text)
    assert document.design is not None
    table = document.design.tables["App"]
    assert TableContext.of(document.design, table).load(table.access_patterns[0]) is None


def test_no_load_without_an_item_size() -> None:
    base = BASE.replace("        item_size: 5KB\n", "")
    results = loads(
        """\
        - name: get-post
          op: GetItem
          entity: Post
          key: {PK: "USER#{userId}", SK: "POST#{postId}"}
        """,
        base,
    )
    assert results["get-post"] is None


# --------------------------------------------------------------------------- properties

SIMPLE = """\
version: 1
tables:
  T1:
    key: {{partition: PK, sort: SK}}
    entities:
      Row:
        keys: {{PK: "P#{{p}}", SK: "S#{{s}}"}}
        item_size: {size}B
        fields:
          p: {{type: S, cardinality: 1K}}
          s: {{type: S, format: uuid}}
    access_patterns:
      - name: batch
        op: BatchGetItem
        entity: Row
        items: {items}
        consistent: {consistent}
      - name: query
        op: Query
        entity: Row
        key: {{PK: "P#{{p}}"}}
        items: {items}
        consistent: {consistent}
      - name: put
        op: BatchWriteItem
        entity: Row
        items: {items}
      - name: txn
        op: TransactWriteItems
        entity: Row
        items: {items}
"""


def all_loads(text: str) -> dict[str, PatternLoad]:
    found = loads("", text)
    result = {name: value for name, value in found.items() if value is not None}
    assert result.keys() == found.keys()
    return result


@settings(max_examples=40, deadline=None)
@given(
    size=st.integers(min_value=1, max_value=400 * KB),
    items=st.integers(min_value=1, max_value=25),
)
def test_pattern_loads_follow_the_unit_rules(size: int, items: int) -> None:
    """facts 1.7 vs 1.8: a batch never costs less than a query of the same items; 1.3:
    strong reads cost twice eventual ones; 1.4: a transaction writes twice a batch."""
    strong = all_loads(SIMPLE.format(size=size, items=items, consistent="true"))
    eventual = all_loads(SIMPLE.format(size=size, items=items, consistent="false"))
    for result in (strong, eventual):
        assert result["batch"].read_units >= result["query"].read_units
        assert result["put"].write_units == u.batch_write_item([size] * items)
        assert result["txn"].write_units == 2 * result["put"].write_units
    assert strong["batch"].read_units == u.batch_get_item([size] * items, u.Consistency.STRONG)
    assert strong["query"].read_units == u.query(size * items, u.Consistency.STRONG)
    assert strong["batch"].read_units == 2 * eventual["batch"].read_units
    assert strong["query"].read_units == 2 * eventual["query"].read_units


def test_a_transaction_of_several_entities_spreads_its_items_evenly() -> None:
    """An order (1.8 KB) and its lines (350 B) in one 4-item transaction: 2 of each,
    each item rounded on its own and doubled (facts 1.4, 1.15): 2 × 2 × 2 WCU + 2 × 1 × 2
    WCU = 12 WCU on the table."""
    spec = textwrap.dedent(
        """\
        version: 1
        tables:
          Shop:
            key: {partition: PK, sort: SK}
            entities:
              Order:
                keys: {PK: "ORDER#{id}", SK: ORDER}
                item_size: 1.8KB
                fields: {id: {format: uuid}}
              OrderLine:
                keys: {PK: "ORDER#{id}", SK: "LINE#{n:03d}"}
                item_size: 350B
                fields: {id: {format: uuid}, n: {type: N}}
            access_patterns:
              - {name: place-order, op: TransactWriteItems, entities: [Order, OrderLine], items: 4, rate: 1/s}
        """
    )
    design = load_spec(spec).design
    assert design is not None
    table = design.tables["Shop"]
    result = TableContext.of(design, table).load(table.access_patterns[0])
    assert result is not None
    assert result.write_units == 12
    assert "the 4 items are spread evenly over Order, OrderLine" in result.assumptions
