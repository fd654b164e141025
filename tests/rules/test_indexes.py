"""2xx rules — indexes: DDB201–DDB208, each with a case that fires (code, line, severity,
figure) and a close case that must not."""

from __future__ import annotations

from ddb_architect.findings import Severity
from tests.specs import at_lines, findings, line_of

# A table with a keys-only GSI, an all-projection GSI and an LSI projecting `summary`.
# Post entries: table key PK (2 + 5 + 16 B) and SK (2 + 5 + 36 B); ByTag adds GSI1PK
# (6 + 4 + 16) and GSI1SK (6 + 36) = 134 B; ByTitle adds title (5 + 16) and summary
# (7 + 16) = 110 B; ByAuthor holds the whole 5 KB item.
HEAD = """\
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
        count: 1M
        fields:
          userId: {type: S, cardinality: 10K}
          postId: {type: S, format: uuid}
          tag: {type: S, cardinality: 1K}
          authorId: {type: S, cardinality: 10K}
          title: {type: S, max_length: 16}
          summary: {type: S, max_length: 16}
          body: {type: S}
          likes: {type: N}
    access_patterns:
"""

USES = """\
      - name: by-tag
        op: Query
        index: ByTag
        key: {GSI1PK: "TAG#{tag}"}
        items: 10
        rate: 10/s
      - name: by-author
        op: Query
        index: ByAuthor
        key: {GSI2PK: "AUTHOR#{authorId}"}
        items: 10
        rate: 10/s
      - name: by-title
        op: Query
        index: ByTitle
        key: {PK: "USER#{userId}"}
        items: 4
        rate: 10/s
"""


def spec(patterns: str = "", *, uses: str = USES, head: str = HEAD) -> str:
    return head + uses + patterns


def test_the_base_spec_is_quiet_on_indexes() -> None:
    assert findings(spec(), "DDB2") == []


# --------------------------------------------------------------------------- DDB201


def gsis(count: int) -> str:
    """A table with ``count`` GSIs, each named by a pattern, an entity in all of them."""
    indexes = "".join(
        f"      G{i}x:\n        key: {{partition: P{i}}}\n        projection: keys-only\n"
        for i in range(count)
    )
    keys = ", ".join(f'P{i}: "V{i}#{{id}}"' for i in range(count))
    patterns = "".join(
        f'      - name: q{i}\n        op: Query\n        index: G{i}x\n        key: {{P{i}: "V{i}#{{id}}"}}\n'
        for i in range(count)
    )
    return (
        "version: 1\ntables:\n  App:\n    key: {partition: PK}\n    indexes:\n"
        + indexes
        + "    entities:\n      Item:\n"
        + f'        keys: {{PK: "ITEM#{{id}}", {keys}}}\n'
        + "        item_size: 1KB\n        fields:\n          id: {type: S, format: uuid}\n"
        + "    access_patterns:\n"
        + patterns
    )


def test_ddb201_six_gsis_fire_on_the_tables_indexes() -> None:
    text = gsis(6)
    (finding,) = findings(text, "DDB201")
    assert (finding.code, finding.span.start.line + 1) == ("DDB201", line_of(text, "indexes:"))
    assert finding.severity is Severity.WARNING
    assert "6 global indexes" in finding.message
    assert "fan out to 6 index writes" in finding.message


def test_ddb201_five_gsis_are_fine() -> None:
    assert findings(gsis(5), "DDB201") == []


def test_ddb201_local_indexes_do_not_count() -> None:
    """Five GSIs and an LSI: still five global indexes."""
    text = gsis(5).replace("    key: {partition: PK}\n", "    key: {partition: PK, sort: SK}\n", 1)
    text = text.replace(
        "    indexes:\n",
        "    indexes:\n      Local1:\n        local: true\n        key: {partition: PK, sort: L1}\n"
        "        projection: keys-only\n",
    )
    assert findings(text, "DDB201") == []


# --------------------------------------------------------------------------- DDB202


def test_ddb202_an_index_no_pattern_names_fires_on_its_name_with_its_cost() -> None:
    uses = USES.replace("index: ByTag\n", "index: ByAuthor\n").replace(
        'key: {GSI1PK: "TAG#{tag}"}', 'key: {GSI2PK: "AUTHOR#{authorId}"}'
    )
    text = spec(
        """\
      - name: create-post
        op: PutItem
        entity: Post
        rate: 10/s
""",
        uses=uses,
    )
    (finding,) = findings(text, "DDB202")
    assert finding.span.start.line + 1 == line_of(text, "ByTag:")
    assert finding.severity is Severity.WARNING
    assert "index ByTag" in finding.message
    # 10 puts/s × 1 write of a 134 B entry; 1M entries of 134 + 100 B = 223 MB
    assert "10 write units/s" in finding.message
    assert "223 MB of storage" in finding.message
    assert finding.data["write_units_per_second"] == 10
    assert finding.data["storage_bytes"] == 1_000_000 * 234


def test_ddb202_an_index_named_by_a_pattern_is_used() -> None:
    text = spec(
        """\
      - name: create-post
        op: PutItem
        entity: Post
        rate: 10/s
"""
    )
    assert findings(text, "DDB202") == []


def test_ddb202_an_unused_local_index_fires_too() -> None:
    uses = USES.split("      - name: by-title")[0]
    text = spec(uses=uses)
    assert at_lines(text, "DDB202") == [("DDB202", line_of(text, "ByTitle:"))]


# --------------------------------------------------------------------------- DDB203


def test_ddb203_all_projection_whose_patterns_need_little_fires_on_projection() -> None:
    uses = USES.replace(
        'key: {GSI2PK: "AUTHOR#{authorId}"}\n', 'key: {GSI2PK: "AUTHOR#{authorId}"}\n        needs: [title]\n'
    )
    text = spec(uses=uses)
    (finding,) = findings(text, "DDB203")
    assert finding.span.start.line + 1 == line_of(text, "projection: all")
    assert finding.severity is Severity.INFO
    assert "projection: [title]" in finding.message
    # 1M entries of 5 KB instead of 116 B (keys 95 B + title 21 B)
    assert "4.66 GB of index storage" in finding.message
    assert finding.data["projection"] == ["title"]


def test_ddb203_saving_counts_the_write_units_of_every_write() -> None:
    """The writes saved are each write pattern's units on the index now minus with the
    narrow projection: a 10/s put (5 → 1 WCU), a 1/s batch of 10 puts (50 → 10) and a
    1/s update of `likes` (5 → 0: likes is not projected in [title])."""
    uses = USES.replace(
        'key: {GSI2PK: "AUTHOR#{authorId}"}\n', 'key: {GSI2PK: "AUTHOR#{authorId}"}\n        needs: [title]\n'
    )
    text = spec(
        """\
      - name: create-post
        op: PutItem
        entity: Post
        rate: 10/s
      - name: import-posts
        op: BatchWriteItem
        entity: Post
        items: 10
        rate: 1/s
      - name: like
        op: UpdateItem
        entity: Post
        changes: [likes]
        rate: 1/s
""",
        uses=uses,
    )
    (finding,) = findings(text, "DDB203")
    assert "85 write units/s" in finding.message
    assert finding.data["write_units_per_second"] == 10 * 4 + 1 * 40 + 1 * 5


def test_ddb203_a_pattern_without_needs_keeps_the_all_projection() -> None:
    """One pattern on the index says what it needs, another does not: the index may be
    serving the whole item, so no narrower projection is proposed."""
    uses = USES.replace(
        'key: {GSI2PK: "AUTHOR#{authorId}"}\n', 'key: {GSI2PK: "AUTHOR#{authorId}"}\n        needs: [title]\n'
    )
    text = spec(
        """\
      - name: author-posts
        op: Query
        index: ByAuthor
        key: {GSI2PK: "AUTHOR#{authorId}"}
        items: 10
""",
        uses=uses,
    )
    assert findings(text, "DDB203") == []
    assert findings(spec(), "DDB203") == []


def test_ddb203_a_narrow_projection_is_not_reported() -> None:
    uses = USES.replace(
        'key: {GSI1PK: "TAG#{tag}"}\n', 'key: {GSI1PK: "TAG#{tag}"}\n        needs: [GSI1SK]\n'
    )
    assert findings(spec(uses=uses), "DDB203") == []


# --------------------------------------------------------------------------- DDB204


def test_ddb204_consistent_read_on_a_gsi_fires_on_consistent() -> None:
    uses = USES.replace(
        'key: {GSI2PK: "AUTHOR#{authorId}"}\n',
        'key: {GSI2PK: "AUTHOR#{authorId}"}\n        consistent: true  # here\n',
    )
    text = spec(uses=uses)
    (finding,) = findings(text, "DDB204")
    assert finding.span.start.line + 1 == line_of(text, "consistent: true  # here")
    assert finding.severity is Severity.ERROR
    assert "ByAuthor" in finding.message
    assert "ValidationException" in finding.message


def test_ddb204_consistent_scan_on_a_gsi_fires_too() -> None:
    """facts 3.4: Scan has the same rule."""
    text = spec(
        """\
      - name: export-tags
        op: Scan
        index: ByTag
        consistent: true
        rate: 1/day
"""
    )
    assert at_lines(text, "DDB204") == [("DDB204", line_of(text, "consistent: true"))]


def test_ddb204_consistent_read_on_an_lsi_is_allowed() -> None:
    uses = USES.replace(
        'key: {PK: "USER#{userId}"}\n', 'key: {PK: "USER#{userId}"}\n        consistent: true\n'
    )
    assert findings(spec(uses=uses), "DDB204") == []


def test_ddb204_consistent_read_on_the_table_is_allowed() -> None:
    text = spec(
        """\
      - name: get-post
        op: GetItem
        entity: Post
        key: {PK: "USER#{userId}", SK: "POST#{postId}"}
        consistent: true
"""
    )
    assert findings(text, "DDB204") == []


# --------------------------------------------------------------------------- DDB205


def test_ddb205_changing_an_index_key_fires_on_changes_with_the_cost() -> None:
    text = spec(
        """\
      - name: retag
        op: UpdateItem
        entity: Post
        changes: [tag]
        rate: 10/s
"""
    )
    (finding,) = findings(text, "DDB205")
    assert finding.span.start.line + 1 == line_of(text, "changes: [tag]")
    assert finding.severity is Severity.INFO
    # a delete and a put of a 134 B ByTag entry: 2 WCU per write, 20 WCU/s at 10/s
    assert "ByTag (2 WCU per write)" in finding.message
    assert "20 write units/s" in finding.message
    assert finding.data["indexes"] == ["ByTag"]


def test_ddb205_changing_an_lsi_key_fires_too() -> None:
    text = spec(
        """\
      - name: rename
        op: UpdateItem
        entity: Post
        changes: [title]
        rate: 1/s
"""
    )
    (finding,) = findings(text, "DDB205")
    assert "ByTitle (2 WCU per write)" in finding.message


def test_ddb205_a_put_that_moves_an_index_key_is_priced_as_two_writes() -> None:
    """A Put over an item whose `tag` changed moves its ByTag entry: the figure says two
    writes, 2 WCU."""
    text = spec(
        """\
      - name: repost
        op: PutItem
        entity: Post
        changes: [GSI1PK]
        rate: 5/s
"""
    )
    (finding,) = findings(text, "DDB205")
    assert "ByTag (2 WCU per write)" in finding.message
    assert "10 write units/s" in finding.message


def test_ddb205_changing_a_non_key_attribute_is_quiet() -> None:
    text = spec(
        """\
      - name: like
        op: UpdateItem
        entity: Post
        changes: [likes, summary]
        rate: 10/s
"""
    )
    assert findings(text, "DDB205") == []


def test_ddb205_a_delete_changes_no_key() -> None:
    text = spec(
        """\
      - name: delete-post
        op: DeleteItem
        entity: Post
        changes: [tag]
        rate: 10/s
"""
    )
    assert findings(text, "DDB205") == []


# --------------------------------------------------------------------------- DDB206


def test_ddb206_two_indexes_with_the_same_key_fire_on_the_later_name() -> None:
    head = HEAD.replace(
        "      ByTitle:\n",
        "      ByAuthorAgain:\n        key: {partition: GSI2PK}\n        projection: keys-only\n      ByTitle:\n",
    )
    uses = USES + (
        "      - name: by-author-again\n        op: Query\n        index: ByAuthorAgain\n"
        '        key: {GSI2PK: "AUTHOR#{authorId}"}\n'
    )
    text = spec(uses=uses, head=head)
    (finding,) = findings(text, "DDB206")
    assert finding.span.start.line + 1 == line_of(text, "ByAuthorAgain:")
    assert finding.severity is Severity.WARNING
    assert "same key as ByAuthor (GSI2PK)" in finding.message


def test_ddb206_same_partition_different_sort_is_not_a_duplicate() -> None:
    head = HEAD.replace(
        "      ByTitle:\n",
        "      ByAuthorTag:\n        key: {partition: GSI2PK, sort: GSI1PK}\n        projection: keys-only\n"
        "      ByTitle:\n",
    )
    uses = USES + (
        "      - name: by-author-tag\n        op: Query\n        index: ByAuthorTag\n"
        '        key: {GSI2PK: "AUTHOR#{authorId}"}\n'
    )
    assert findings(spec(uses=uses, head=head), "DDB206") == []


# --------------------------------------------------------------------------- DDB207


def test_ddb207_lsi_read_needing_unprojected_attributes_fires_on_needs() -> None:
    uses = USES.replace(
        'key: {PK: "USER#{userId}"}\n',
        'key: {PK: "USER#{userId}"}\n        needs: [title, body]\n        consistent: true\n',
    )
    text = spec(uses=uses)
    (finding,) = findings(text, "DDB207")
    assert finding.span.start.line + 1 == line_of(text, "needs: [title, body]")
    assert finding.severity is Severity.INFO
    assert "needs body" in finding.message
    # facts 3.6: 4 entries of 110 B → 1 RCU, plus 4 fetches of the 5 KB item, 2 RCU each
    assert "9 RCU per request" in finding.message
    assert "90 RCU/s" in finding.message
    assert finding.data["missing"] == ["body"]


def test_ddb207_needs_covered_by_the_lsi_projection_are_quiet() -> None:
    uses = USES.replace(
        'key: {PK: "USER#{userId}"}\n', 'key: {PK: "USER#{userId}"}\n        needs: [title, summary, SK]\n'
    )
    assert findings(spec(uses=uses), "DDB207") == []


def test_ddb207_is_not_about_global_indexes() -> None:
    uses = USES.replace('key: {GSI1PK: "TAG#{tag}"}\n', 'key: {GSI1PK: "TAG#{tag}"}\n        needs: [body]\n')
    assert findings(spec(uses=uses), "DDB207") == []


# --------------------------------------------------------------------------- DDB208


def test_ddb208_gsi_read_needing_unprojected_attributes_fires_on_needs() -> None:
    uses = USES.replace(
        'key: {GSI1PK: "TAG#{tag}"}\n', 'key: {GSI1PK: "TAG#{tag}"}\n        needs: [GSI1SK, body]\n'
    )
    text = spec(uses=uses)
    (finding,) = findings(text, "DDB208")
    assert finding.span.start.line + 1 == line_of(text, "needs: [GSI1SK, body]")
    assert finding.severity is Severity.WARNING
    assert "needs body" in finding.message
    assert "ByTag" in finding.message
    assert finding.data["missing"] == ["body"]


def test_ddb208_needs_covered_by_a_projection_list_are_quiet() -> None:
    head = HEAD.replace("        projection: keys-only\n", "        projection: [title, summary]\n", 1)
    uses = USES.replace(
        'key: {GSI1PK: "TAG#{tag}"}\n', 'key: {GSI1PK: "TAG#{tag}"}\n        needs: [title, PK, GSI1SK]\n'
    )
    assert findings(spec(uses=uses, head=head), "DDB208") == []


def test_ddb208_an_all_projection_covers_every_need() -> None:
    uses = USES.replace(
        'key: {GSI2PK: "AUTHOR#{authorId}"}\n', 'key: {GSI2PK: "AUTHOR#{authorId}"}\n        needs: [body]\n'
    )
    assert findings(spec(uses=uses), "DDB208") == []


def test_ddb208_is_not_about_local_indexes() -> None:
    uses = USES.replace('key: {PK: "USER#{userId}"}\n', 'key: {PK: "USER#{userId}"}\n        needs: [body]\n')
    assert findings(spec(uses=uses), "DDB208") == []


def test_ddb202_not_reported_on_the_index_a_misspelt_name_meant() -> None:
    spec = """\
version: 1
tables:
  Things:
    key: {partition: PK}
    indexes:
      ByEmail: {key: {partition: email}}
    entities:
      Thing:
        keys: {PK: "T#{id}", email: "{email}"}
        item_size: 1KB
        count: 1M
        fields: {id: {format: uuid}, email: {unique: true}}
    access_patterns:
      - {name: by-email, op: Query, index: ByEmial, key: {email: "{email}"}, rate: 1/s}
"""
    assert [code for code, _ in at_lines(spec, "DDB004", "DDB202")] == ["DDB004"]
