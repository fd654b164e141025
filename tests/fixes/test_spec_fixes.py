"""Quick fixes in design specs, each applied to a real document."""

from __future__ import annotations

import textwrap

from ddb_architect.engine import check_spec
from ddb_architect.fixes.engine import fix_all
from ddb_architect.spec.loader import load_spec
from tests.fixes.harness import apply_fix, offered_fixes

PADDED = """\
version: 1
tables:
  Scores:
    key: {partition: PK, sort: SK}
    entities:
      Score:
        keys: {PK: "GAME#{game}", SK: "SCORE#{points}"}  # points sort as text
        fields: {game: {cardinality: 1M}, points: {type: N}}
"""


def test_ddb106_pads_the_number_and_keeps_the_comment() -> None:
    fixed, fix = apply_fix(PADDED, "spec", "DDB106", title="Zero-pad")
    assert '"SCORE#{points:010d}"}  # points sort as text' in fixed
    assert fix.safe


TYPO = """\
version: 1
tables:
  Orders:
    key: {partition: PK}
    indexes:
      ByCustomer: {key: {partition: customerId}, projection: keys-only}
    entities:
      Order:
        keys: {PK: "ORDER#{id}", customerId: "{customerId}"}
        fields: {id: {format: uuid}, customerId: {cardinality: 1M}}
    access_patterns:
      - {name: by-customer, op: Query, index: ByCustomr, key: {customerId: "{customerId}"}, rate: 1/s}
"""


def test_ddb004_changes_to_the_name_it_meant() -> None:
    fixed, fix = apply_fix(TYPO, "spec", "DDB004", title="Change to 'ByCustomer'")
    assert "index: ByCustomer," in fixed
    assert not fix.safe


# --------------------------------------------------------------------------- DDB002


UNKNOWN_FIELD_BLOCK = """\
version: 1
tables:
  Things:
    key: {partition: PK}
    pitrr: true  # backups on
    entities:
      Thing:
        keys: {PK: "THING#{id}"}
        fields: {id: {format: uuid}}
"""


def test_ddb002_renames_an_unknown_field_and_keeps_the_comment() -> None:
    fixed, fix = apply_fix(UNKNOWN_FIELD_BLOCK, "spec", "DDB002", title="Rename 'pitrr' to 'pitr'")
    assert "    pitr: true  # backups on\n" in fixed
    assert not fix.safe


def test_ddb002_renames_an_unknown_field_in_a_flow_mapping() -> None:
    text = """\
    version: 1
    tables:
      Things:
        key: {partition: PK}
        entities:
          Thing: {keys: {PK: "THING#{id}"}, fields: {id: {format: uuid}}, item_sise: 1KB}  # sized
    """
    fixed, _ = apply_fix(text, "spec", "DDB002", title="Rename 'item_sise' to 'item_size'")
    assert 'Thing: {keys: {PK: "THING#{id}"}, fields: {id: {format: uuid}}, item_size: 1KB}  # sized' in fixed


def test_ddb002_changes_a_value_to_the_one_it_resembles() -> None:
    text = """\
    version: 1
    tables:
      Things:
        key: {partition: PK}
        stream: {view: "new-and-old-image", consumers: [indexer]}  # to search
    """
    fixed, fix = apply_fix(text, "spec", "DDB002", title="Change to 'new-and-old-images'")
    assert 'stream: {view: "new-and-old-images", consumers: [indexer]}  # to search' in fixed
    assert not fix.safe


def test_ddb002_no_rename_onto_a_field_already_there_or_that_the_value_does_not_suit() -> None:
    twice = UNKNOWN_FIELD_BLOCK.replace("    pitrr: true", "    pitr: false\n    pitrr: true")
    assert [f.title for f in offered_fixes(twice, "spec", "DDB002")] == []
    unsuited = UNKNOWN_FIELD_BLOCK.replace("pitrr: true", "capacty: lots")
    assert [f.title for f in offered_fixes(unsuited, "spec", "DDB002")] == []


# --------------------------------------------------------------------------- DDB003


def test_ddb003_removes_the_earlier_key_lines_in_block_style() -> None:
    text = """\
    version: 1
    tables:
      Things:
        key: {partition: PK}
        stream:  # the first try
          view: keys-only
          consumers: [a]
        pitr: true
        stream: {view: new-image, consumers: [indexer]}  # what we meant
    """
    fixed, fix = apply_fix(text, "spec", "DDB003", title="Remove the earlier 'stream' (line 5)")
    assert fixed == textwrap.dedent(text).replace(
        "    stream:  # the first try\n      view: keys-only\n      consumers: [a]\n", ""
    )
    assert not fix.safe  # a whole block may have been meant under another name


def test_ddb003_a_scalar_duplicate_goes_in_fix_all() -> None:
    text = textwrap.dedent(
        """\
        version: 1
        tables:
          Things:
            key: {partition: PK}
            pitr: false
            pitr: true  # on
        """
    )
    result = fix_all(
        text,
        "s.ddb.yaml",
        "spec",
        lambda t: check_spec(t, "s.ddb.yaml").findings,
        lambda t: load_spec(t, "s.ddb.yaml"),
    )
    assert result.text == text.replace("    pitr: false\n", "")
    assert [f.code for f in result.applied] == ["DDB003"]


def test_ddb003_removes_the_earlier_key_and_its_comma_in_flow_style() -> None:
    text = """\
    version: 1
    tables:
      Things: {key: {partition: PK}, pitr: false, pitr: true}  # backups
    """
    fixed, _ = apply_fix(text, "spec", "DDB003")
    assert "Things: {key: {partition: PK}, pitr: true}  # backups" in fixed


def test_ddb003_on_the_first_line_of_a_list_item() -> None:
    text = """\
    version: 1
    tables:
      Things:
        key: {partition: PK}
        entities:
          Thing: {keys: {PK: "THING#{id}"}, fields: {id: {format: uuid}}}
        access_patterns:
          - op: Query  # first guess
            name: get-thing
            op: GetItem
            entity: Thing
            key: {PK: "THING#{id}"}
    """
    fixed, _ = apply_fix(text, "spec", "DDB003")
    assert "      - name: get-thing\n        op: GetItem\n" in fixed


# --------------------------------------------------------------------------- DDB202

ORDERS = """\
version: 1
tables:
  Orders:
    key: {partition: PK, sort: SK}
    attributes: {PK: S, SK: S, GSI1PK: S, sku: S}  # key types
    indexes:
      # customers' orders
      GSI1:
        key: {partition: GSI1PK, sort: SK}
        projection: keys-only
      BySku:  # nobody reads it
        key: {partition: sku}
        projection: all
      # end of indexes
    entities:
      Order:
        keys: {PK: "ORDER#{orderId}", SK: ORDER, GSI1PK: "CUSTOMER#{customerId}", sku: "{sku}"}
        item_size: 1KB
        count: 1M
        fields:
          orderId: {format: uuid}
          customerId: {cardinality: 100K}
          sku: {cardinality: 10K}
          email: {cardinality: 1M}
          total: {type: N}
    access_patterns:
      - name: customer-orders
        op: Query
        index: GSI1
        key: {GSI1PK: "CUSTOMER#{customerId}"}
        items: 10
        rate: 5/s
"""


def test_ddb202_removes_the_index_lines_and_the_attribute_only_it_used() -> None:
    fixed, fix = apply_fix(ORDERS, "spec", "DDB202", title="Remove index BySku (saves $")
    assert "attributes: {PK: S, SK: S, GSI1PK: S}  # key types\n" in fixed
    assert "BySku" not in fixed
    assert "        projection: keys-only\n      # end of indexes\n    entities:\n" in fixed
    assert not fix.safe


def test_ddb202_in_flow_style_and_the_last_index_leaves_an_empty_mapping() -> None:
    text = """\
    version: 1
    tables:
      Orders:
        key: {partition: PK}
        attributes: {PK: S, sku: S}
        indexes: {BySku: {key: {partition: sku}, projection: keys-only}}  # unused
        entities:
          Order: {keys: {PK: "ORDER#{id}", sku: "{sku}"}, fields: {id: {format: uuid}, sku: {cardinality: 1K}}}
    """
    fixed, _ = apply_fix(text, "spec", "DDB202", title="Remove index BySku")
    assert "    attributes: {PK: S}\n    indexes: {}  # unused\n" in fixed


def test_ddb202_last_block_index_leaves_an_empty_mapping_and_keeps_the_comment() -> None:
    text = """\
    version: 1
    tables:
      Orders:
        key: {partition: PK}
        indexes:  # one for now
          BySku:
            key: {partition: sku}
            projection: keys-only
        entities:
          Order: {keys: {PK: "ORDER#{id}", sku: "{sku}"}, fields: {id: {format: uuid}, sku: {cardinality: 1K}}}
    """
    fixed, _ = apply_fix(text, "spec", "DDB202")
    assert "    indexes: {}  # one for now\n    entities:\n" in fixed


def test_ddb202_keeps_an_attribute_another_index_still_uses() -> None:
    text = ORDERS.replace(
        "key: {partition: GSI1PK, sort: SK}", "key: {partition: GSI1PK, sort: sku}"
    ).replace(
        'key: {GSI1PK: "CUSTOMER#{customerId}"}',
        'key: {GSI1PK: "CUSTOMER#{customerId}", sku: {begins_with: A}}',
    )
    fixed, _ = apply_fix(text, "spec", "DDB202", title="Remove index BySku")
    assert "attributes: {PK: S, SK: S, GSI1PK: S, sku: S}" in fixed


# --------------------------------------------------------------------------- DDB203

WIDE = """\
version: 1
tables:
  Posts:
    key: {partition: PK, sort: SK}
    indexes:
      ByAuthor:
        key: {partition: authorId, sort: SK}
        projection: all  # everything, for now
    entities:
      Post:
        keys: {PK: "POST#{postId}", SK: POST, authorId: "{authorId}"}
        item_size: 8KB
        count: 10M
        growth: 50K/day
        fields: {postId: {format: uuid}, authorId: {cardinality: 1M}, title: {}, createdAt: {format: iso8601}}
    access_patterns:
      - name: author-posts
        op: Query
        index: ByAuthor
        key: {authorId: "{authorId}"}
        needs: [title, createdAt]
        items: 20
        rate: 50/s
      - name: write-post
        op: PutItem
        entity: Post
        rate: 10/s
"""


def test_ddb203_narrows_a_block_projection_to_what_the_patterns_need() -> None:
    fixed, fix = apply_fix(WIDE, "spec", "DDB203", title="Project createdAt, title (saves $")
    assert "        projection: [createdAt, title]  # everything, for now\n" in fixed
    assert not fix.safe


def test_ddb203_adds_the_projection_an_index_left_to_its_default() -> None:
    text = WIDE.replace(
        "      ByAuthor:\n        key: {partition: authorId, sort: SK}\n        projection: all  # everything, for now\n",
        "      ByAuthor: {key: {partition: authorId, sort: SK}}  # default projection\n",
    ).replace("needs: [title, createdAt]", "needs: [authorId]")
    fixed, _ = apply_fix(text, "spec", "DDB203", title="Project keys only")
    assert (
        "ByAuthor: {key: {partition: authorId, sort: SK}, projection: keys-only}  # default projection"
        in fixed
    )


# --------------------------------------------------------------------------- DDB204

CONSISTENT = """\
version: 1
tables:
  Orders:
    key: {partition: PK}
    indexes:
      ByCustomer: {key: {partition: customerId}, projection: keys-only}
    entities:
      Order:
        keys: {PK: "ORDER#{id}", customerId: "{customerId}"}
        fields: {id: {format: uuid}, customerId: {cardinality: 1M}}
    access_patterns:
      - name: by-customer
        op: Query
        index: ByCustomer
        key: {customerId: "{customerId}"}
        consistent: true  # must be fresh
        rate: 1/s
"""


def test_ddb204_removes_the_consistent_line() -> None:
    fixed, fix = apply_fix(CONSISTENT, "spec", "DDB204", title="Remove consistent: true")
    assert fixed == CONSISTENT.replace("        consistent: true  # must be fresh\n", "")
    assert fix.safe


def test_ddb204_removes_the_entry_and_its_comma_in_flow_style() -> None:
    text = CONSISTENT.replace(
        '      - name: by-customer\n        op: Query\n        index: ByCustomer\n        key: {customerId: "{customerId}"}\n'
        "        consistent: true  # must be fresh\n        rate: 1/s\n",
        '      - {name: by-customer, op: Query, index: ByCustomer, consistent: true, key: {customerId: "{customerId}"}}\n'
        "      - {name: by-customer-fresh, op: Query, index: ByCustomer, key: {customerId: x}, consistent: true}  # last\n",
    )
    fixed, _ = apply_fix(text, "spec", "DDB204")
    assert '{name: by-customer, op: Query, index: ByCustomer, key: {customerId: "{customerId}"}}\n' in fixed
    fixed, _ = apply_fix(fixed, "spec", "DDB204")
    assert "{name: by-customer-fresh, op: Query, index: ByCustomer, key: {customerId: x}}  # last\n" in fixed


# --------------------------------------------------------------------------- DDB303

RETAINED = """\
version: 1
tables:
  Sessions:
    key: {partition: PK}  # one item per session
    attributes: {PK: S}
    # sessions expire
    entities:
      Session:
        keys: {PK: "SESSION#{id}"}
        retention: 30d
        fields: {id: {format: uuid}}
"""


def test_ddb303_adds_the_ttl_and_types_it_where_the_table_types_its_attributes() -> None:
    fixed, fix = apply_fix(RETAINED, "spec", "DDB303", title="Add ttl: expiresAt to table Sessions")
    assert "    attributes: {PK: S, expiresAt: N}\n    ttl: expiresAt\n    # sessions expire\n" in fixed
    assert not fix.safe


def test_ddb303_in_a_flow_table_without_attributes() -> None:
    text = """\
    version: 1
    tables:
      Sessions: {key: {partition: PK}, entities: {Session: {keys: {PK: "S#{id}"}, retention: 1d, fields: {id: {format: uuid}}}}}
    """
    fixed, _ = apply_fix(text, "spec", "DDB303")
    assert "Sessions: {key: {partition: PK}, ttl: expiresAt, entities:" in fixed


def test_ddb303_picks_a_name_no_key_uses() -> None:
    text = (
        RETAINED.replace("key: {partition: PK}", "key: {partition: expiresAt}")
        .replace("attributes: {PK: S}", "attributes: {expiresAt: S}")
        .replace('keys: {PK: "SESSION#{id}"}', 'keys: {expiresAt: "SESSION#{id}"}')
    )
    fixed, _ = apply_fix(text, "spec", "DDB303", title="Add ttl: expires_at")
    assert "attributes: {expiresAt: S, expires_at: N}\n    ttl: expires_at\n" in fixed
