"""Completion in design specs, at many cursor positions, in half-typed YAML: the fields of
the node under the cursor, enum values, references, the key-template library, a template's
variables and whole-block snippets that load cleanly once inserted."""

from __future__ import annotations

import textwrap
import time

import pytest

from ddb_architect.completion.python import Completion
from ddb_architect.completion.snippets import Tabstops, expand, template_snippet, to_plain
from ddb_architect.completion.spec import apply_completion, complete_spec
from ddb_architect.completion.spec_cursor import locate_cursor, narrow, scan_line
from ddb_architect.library import key_patterns
from ddb_architect.spec.loader import load_spec

CURSOR = "§"

SPEC = """\
version: 1
name: social-app
region: us-east-1

tables:
  SocialApp:
    billing: on-demand            # on-demand | provisioned
    key: {partition: PK, sort: SK}
    attributes: {PK: S, SK: S, GSI1PK: S, GSI1SK: S}
    ttl: expiresAt
    indexes:
      GSI1:
        key: {partition: GSI1PK, sort: GSI1SK}
        projection: keys-only
    entities:
      User:
        keys: {PK: "USER#{userId}", SK: PROFILE, GSI1PK: "EMAIL#{email}", GSI1SK: USER}
        item_size: 1.5KB
        count: 10M
        fields:
          userId: {type: S, format: uuid}
          email: {type: S, unique: true}
          expiresAt: {type: N, format: epoch-seconds}
      Post:
        keys: {PK: "USER#{userId}", SK: "POST#{createdAt}#{postId}"}
        item_size: 3KB
        count: 800M
        fields:
          createdAt: {type: S, format: iso8601}
          postId: {type: S, format: ulid}
    access_patterns:
      - name: get-user
        op: GetItem
        entity: User
        key: {PK: "USER#{userId}", SK: PROFILE}
        rate: 900/s
      - name: user-by-email
        op: Query
        index: GSI1
        key: {GSI1PK: "EMAIL#{email}"}
        rate: 20/s
"""


def at(text: str) -> tuple[str, int]:
    """The text without its cursor mark, and the cursor's offset."""
    assert text.count(CURSOR) == 1, "mark the cursor once"
    return text.replace(CURSOR, ""), text.index(CURSOR)


def edit(old: str, new: str, spec: str = SPEC) -> str:
    """The spec with ``old`` (once) replaced by ``new``, which marks the cursor."""
    assert spec.count(old) == 1, old
    return spec.replace(old, new)


def complete(marked: str) -> list[Completion]:
    text, offset = at(marked)
    items = complete_spec(text, offset)
    for item in items:
        assert 0 <= item.replace_from <= offset
    return items


def labels(marked: str) -> list[str]:
    return [item.label for item in complete(marked)]


def item(marked: str, label: str) -> Completion:
    found = [c for c in complete(marked) if c.label == label]
    assert found, f"{label!r} not offered: {labels(marked)}"
    return found[0]


def typed(marked: str, completion: Completion) -> str:
    """The text the completion replaces: exactly what was typed before the cursor."""
    text, offset = at(marked)
    return text[completion.replace_from : offset]


def accepted(marked: str, label: str) -> str:
    """The document once ``label`` is accepted (placeholders at their defaults)."""
    text, offset = at(marked)
    return apply_completion(text, offset, item(marked, label))


def load_errors(text: str) -> list[tuple[str, int, str]]:
    document = load_spec(text, "test.ddb.yaml")
    return [
        (f.code, f.span.start.line + 1, f.message)
        for f in document.findings
        if f.code in ("DDB001", "DDB002")
    ]


# --------------------------------------------------------------------------- keys of the node


def test_top_level_fields_not_yet_written() -> None:
    offered = labels(f"version: 1\n{CURSOR}")
    assert offered[:5] == ["name", "description", "region", "pricing", "tables"]
    assert "version" not in offered


def test_top_level_typed_prefix_is_replaced() -> None:
    marked = f"version: 1\nta{CURSOR}"
    tables = item(marked, "tables")
    assert typed(marked, tables) == "ta"
    assert tables.snippet
    assert tables.text == "tables:\n  $0"
    assert tables.documentation.startswith("Table name → table.")


def test_table_fields_with_documentation_and_detail() -> None:
    marked = edit("    billing: on-demand            # on-demand | provisioned\n", f"    {CURSOR}\n")
    offered = complete(marked)
    names = [c.label for c in offered]
    assert "billing" in names
    assert "class" in names
    assert "stream" in names
    assert not {"key", "attributes", "ttl", "indexes", "entities", "access_patterns"} & set(names)
    billing = next(c for c in offered if c.label == "billing")
    assert billing.text == "billing: "
    assert billing.detail == "billing: on-demand | provisioned (default on-demand)"
    assert billing.documentation.startswith("on-demand (PAY_PER_REQUEST, the default) or provisioned.")


def test_half_typed_key_in_a_table() -> None:
    marked = edit("    billing: on-demand            # on-demand | provisioned\n", f"    bil{CURSOR}\n")
    billing = item(marked, "billing")
    assert typed(marked, billing) == "bil"


def test_a_line_with_only_spaces_completes_the_mapping_of_its_indentation() -> None:
    marked = edit("        count: 10M\n", f"        count: 10M\n        {CURSOR}\n")
    offered = labels(marked)
    assert "growth" in offered
    assert "retention" in offered
    assert "count" not in offered
    assert "keys" not in offered


def test_cursor_before_a_comment_still_completes() -> None:
    marked = edit(
        "    billing: on-demand            # on-demand | provisioned\n", f"    {CURSOR}  # a note\n"
    )
    assert "billing" in labels(marked)


def test_nothing_in_a_comment_or_after_a_closed_value() -> None:
    assert labels(edit("# on-demand | provisioned", f"# on-dem{CURSOR}and | provisioned")) == []
    assert labels(edit("GSI1SK: USER}\n", f"GSI1SK: USER}}{CURSOR}\n")) == []
    assert labels(edit("    ttl: expiresAt\n", f"    {CURSOR}ttl: expiresAt\n")) == []


def test_block_collections_open_their_block() -> None:
    marked = f"version: 1\ntables:\n  Orders:\n    key: {{partition: id}}\n    {CURSOR}\n"
    offered = {c.label: c for c in complete(marked)}
    assert offered["entities"].text == "entities:\n  $0"
    assert offered["indexes"].text == "indexes:\n  $0"
    assert offered["access_patterns"].text == "access_patterns:\n  - $0"
    result = accepted(marked, "entities")
    assert "    entities:\n      \n" in result


def test_new_entity_fields_and_required_first() -> None:
    marked = edit("      Post:\n", f"      Order:\n        {CURSOR}\n      Post:\n")
    offered = complete(marked)
    assert offered[0].label == "keys" or min(offered, key=lambda c: c.sort).label == "keys"
    assert [c.label for c in offered][:3] == ["keys", "item_size", "max_item_size"]
    fields = next(c for c in offered if c.label == "fields")
    assert fields.text == "fields:\n  $0"


def test_field_spec_keys_in_a_flow_mapping() -> None:
    marked = edit("userId: {type: S, format: uuid}", f"userId: {{type: S, {CURSOR}}}")
    offered = labels(marked)
    assert "cardinality" in offered
    assert "unique" in offered
    assert "max_length" in offered
    assert "type" not in offered
    assert item(marked, "unique").text == "unique: "


def test_access_pattern_item_after_a_dash() -> None:
    marked = edit("      - name: get-user\n", f"      - {CURSOR}\n      - name: get-user\n")
    offered = complete(marked)
    names = [c.label for c in offered]
    assert names[:3] == ["name", "description", "op"]
    assert "access pattern (GetItem)" in names
    assert "access pattern (Query)" in names


def test_access_pattern_fields_not_yet_written() -> None:
    marked = edit("        rate: 900/s\n", f"        rate: 900/s\n        {CURSOR}\n")
    offered = labels(marked)
    assert "peak" in offered
    assert "consistent" in offered
    assert "index" in offered
    assert not {"name", "op", "entity", "key", "rate"} & set(offered)


def test_a_dash_typed_without_its_space() -> None:
    marked = edit("      - name: get-user\n", f"      -{CURSOR}\n      - name: get-user\n")
    name = item(marked, "name")
    assert name.text == " name: "
    text, offset = at(marked)
    result = apply_completion(text, offset, item(marked, "access pattern (Query)"))
    assert "      - name: list-items\n        op: Query\n" in result
    assert load_errors(result) == []


def test_capacity_and_autoscaling_keys() -> None:
    marked = edit(
        "    billing: on-demand            # on-demand | provisioned\n",
        f"    billing: provisioned\n    capacity:\n      read: 5\n      {CURSOR}\n",
    )
    assert labels(marked) == ["write", "autoscaling"]
    nested = edit(
        "    billing: on-demand            # on-demand | provisioned\n",
        f"    capacity: {{read: 5, write: 5, autoscaling: {{read: {{{CURSOR}}}}}}}\n",
    )
    assert labels(nested) == ["min", "max", "target"]


def test_pricing_takes_free_tier_and_price_keys() -> None:
    offered = labels(f"version: 1\npricing:\n  {CURSOR}\n")
    assert "free_tier" in offered
    assert "read_request_unit" in offered or any("request_unit" in name for name in offered)


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("line", "marked_line", "expected"),
    [
        (
            "    billing: on-demand            # on-demand | provisioned\n",
            f"    billing: {CURSOR}\n",
            ["on-demand", "provisioned"],
        ),
        (
            "    billing: on-demand            # on-demand | provisioned\n",
            f"    class: {CURSOR}\n",
            ["standard", "standard-ia"],
        ),
        (
            "        projection: keys-only\n",
            f"        projection: {CURSOR}\n",
            ["all", "keys-only", "[attributes]"],
        ),
        (
            "userId: {type: S, format: uuid}",
            f"userId: {{type: S, format: {CURSOR}}}",
            ["uuid", "ulid", "iso8601", "date", "epoch-seconds", "epoch-millis", "counter"],
        ),
        (
            "userId: {type: S, format: uuid}",
            f"userId: {{type: {CURSOR}}}",
            ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"],
        ),
        ("        op: GetItem\n", f"        order: {CURSOR}\n", ["asc", "desc"]),
        ("        op: GetItem\n", f"        consistent: {CURSOR}\n", ["true", "false"]),
        ("    ttl: expiresAt\n", f"    pitr: {CURSOR}\n", ["true", "false"]),
        (
            "    ttl: expiresAt\n",
            f"    stream: {{view: {CURSOR}}}\n",
            ["keys-only", "new-image", "old-image", "new-and-old-images"],
        ),
        (
            "attributes: {PK: S, SK: S, GSI1PK: S, GSI1SK: S}",
            f"attributes: {{PK: {CURSOR}}}",
            ["S", "N", "B"],
        ),
        ("version: 1\n", f"version: {CURSOR}\n", ["1"]),
    ],
)
def test_enum_and_boolean_values(line: str, marked_line: str, expected: list[str]) -> None:
    assert labels(edit(line, marked_line)) == expected


def test_op_values_after_a_space_and_half_typed() -> None:
    marked = edit("        op: GetItem\n", f"        op: {CURSOR}\n")
    offered = labels(marked)
    assert offered[:3] == ["GetItem", "Query", "Scan"]
    assert "TransactWriteItems" in offered
    half = edit("        op: GetItem\n", f"        op: Qu{CURSOR}\n")
    query = item(half, "Query")
    assert typed(half, query) == "Qu"
    assert query.text == "Query"


def test_a_value_right_after_the_colon_gets_its_space() -> None:
    marked = edit("        op: GetItem\n", f"        op:{CURSOR}\n")
    query = item(marked, "Query")
    assert query.text == " Query"
    assert typed(marked, query) == ""
    assert "op: Query\n" in accepted(marked, "Query")


def test_quantities_suggest_examples() -> None:
    item_size = labels(edit("        item_size: 1.5KB\n", f"        item_size: {CURSOR}\n"))
    assert item_size[:2] == ["1.5KB", "1KB"]
    assert "512B" in item_size
    rate = item(edit("        rate: 900/s\n", f"        rate: 9{CURSOR}\n"), "900/s")
    assert rate.detail == "rate: rate"
    retention = labels(edit("        count: 800M\n", f"        count: 800M\n        retention: {CURSOR}\n"))
    assert "90d" in retention
    share = labels(edit("        rate: 900/s\n", f"        rate: 900/s\n        hot_key_share: {CURSOR}\n"))
    assert "20%" in share


def test_region_from_the_price_table() -> None:
    offered = complete(edit("region: us-east-1\n", f"region: {CURSOR}\n"))
    assert next(c.label for c in offered) == "us-east-1"
    assert "eu-west-1" in [c.label for c in offered]


# --------------------------------------------------------------------------- references


def test_index_names_in_a_pattern() -> None:
    marked = edit("        index: GSI1\n", f"        index: {CURSOR}\n")
    gsi = item(marked, "GSI1")
    assert gsi.kind == "index"
    assert gsi.detail == "global index: GSI1PK, GSI1SK (keys-only)"


def test_entity_names_in_a_pattern() -> None:
    assert labels(edit("        entity: User\n", f"        entity: {CURSOR}\n")) == ["User", "Post"]
    marked = edit("        entity: User\n", f"        entities: [User, {CURSOR}]\n")
    assert labels(marked) == ["Post"]


def test_key_attributes_in_a_pattern_key() -> None:
    marked = edit('        key: {PK: "USER#{userId}", SK: PROFILE}\n', f"        key: {{{CURSOR}}}\n")
    assert labels(marked) == ["PK", "SK"]
    on_index = edit('key: {GSI1PK: "EMAIL#{email}"}', f'key: {{GSI1PK: "EMAIL#{{email}}", {CURSOR}}}')
    assert labels(on_index) == ["GSI1SK"]


def test_pattern_key_snippets_from_the_entity_templates() -> None:
    marked = edit('        key: {PK: "USER#{userId}", SK: PROFILE}\n', f"        key: {CURSOR}\n")
    offered = complete(marked)
    assert [c.label for c in offered] == ['{PK: "USER#{userId}", SK: PROFILE}']
    assert offered[0].text == '{PK: "USER#{${1:userId}\\}", SK: PROFILE\\}'
    result = accepted(marked, '{PK: "USER#{userId}", SK: PROFILE}')
    assert load_errors(result) == []


def test_query_key_snippets_with_begins_with() -> None:
    marked = edit(
        "      - name: get-user\n",
        f"      - name: posts\n        op: Query\n        entity: Post\n        key: {CURSOR}\n      - name: get-user\n",
    )
    offered = labels(marked)
    assert offered == ['{PK: "USER#{userId}"}', '{PK: "USER#{userId}", SK: {begins_with: "POST#"}}']
    assert load_errors(accepted(marked, offered[1])) == []


def test_changes_and_needs_offer_attributes_and_fields() -> None:
    marked = edit("        rate: 20/s\n", f"        rate: 20/s\n        changes: [email, {CURSOR}]\n")
    offered = complete(marked)
    names = [c.label for c in offered]
    assert names[:4] == ["PK", "SK", "GSI1PK", "GSI1SK"]
    assert "email" not in names
    needs = labels(edit("        rate: 900/s\n", f"        rate: 900/s\n        needs: {CURSOR}\n"))
    assert needs == ["userId", "email", "expiresAt"]
    block = complete(
        edit("        rate: 900/s\n", f"        rate: 900/s\n        needs:\n          - {CURSOR}\n")
    )
    assert [c.label for c in block] == ["userId", "email", "expiresAt"]
    assert block[0].text == "userId"


def test_ttl_offers_the_epoch_seconds_fields_first() -> None:
    offered = complete(edit("    ttl: expiresAt\n", f"    ttl: {CURSOR}\n"))
    assert offered[0].label == "expiresAt"
    assert offered[0].detail == "epoch-seconds field of User"


def test_index_key_attributes() -> None:
    marked = edit(
        "        key: {partition: GSI1PK, sort: GSI1SK}\n", f"        key: {{partition: {CURSOR}}}\n"
    )
    assert "GSI1PK" in labels(marked)


def test_a_new_entity_keys_offers_the_key_attributes() -> None:
    marked = edit("      Post:\n", f"      Order:\n        keys:\n          {CURSOR}\n      Post:\n")
    offered = complete(marked)
    attributes = [c for c in offered if c.kind == "attribute"]
    assert [c.label for c in attributes] == ["PK", "SK", "GSI1PK", "GSI1SK"]
    assert attributes[0].detail == "partition key of table SocialApp"
    assert attributes[2].detail == "partition key of index GSI1"


# --------------------------------------------------------------------------- the key-template library

LIBRARY = [pattern.name for pattern in key_patterns()]


def test_typing_keys_colon_under_a_new_entity_offers_the_library() -> None:
    marked = edit("      Post:\n", f"      Order:\n        keys:{CURSOR}\n      Post:\n")
    offered = complete(marked)
    assert [c.label for c in offered] == LIBRARY
    by_id = offered[0]
    assert by_id.kind == "template"
    assert by_id.snippet
    assert by_id.text == ' {PK: "USER#{${1:userId}\\}", SK: PROFILE\\}'
    assert "**Entity by unique id**" in by_id.documentation
    assert "**When to use it:**" in by_id.documentation
    assert typed(marked, by_id) == ""


@pytest.mark.parametrize("name", LIBRARY)
def test_every_library_template_loads_once_inserted(name: str) -> None:
    marked = edit(
        "      Post:\n", f"      Order:\n        keys: {CURSOR}\n        item_size: 1KB\n      Post:\n"
    )
    result = accepted(marked, name)
    assert load_errors(result) == []
    block = edit(
        "      Post:\n",
        f"      Order:\n        keys:\n          {CURSOR}\n        item_size: 1KB\n      Post:\n",
    )
    assert load_errors(accepted(block, name)) == []
    inner = edit(
        "      Post:\n", f"      Order:\n        keys: {{{CURSOR}}}\n        item_size: 1KB\n      Post:\n"
    )
    assert load_errors(accepted(inner, name)) == []


def test_library_after_keys_brace() -> None:
    marked = edit("      Post:\n", f"      Order:\n        keys: {{{CURSOR}\n      Post:\n")
    offered = complete(marked)
    assert "one-to-many" in [c.label for c in offered]
    one_to_many = next(c for c in offered if c.label == "one-to-many")
    assert one_to_many.text.startswith('PK: "CUSTOMER#{${1:customerId}\\}", SK: "ORDER#{${2:orderedAt}')
    assert not one_to_many.text.startswith("{")


def test_library_maps_pk_and_sk_to_the_table_key() -> None:
    spec = "version: 1\ntables:\n  Orders:\n    key: {partition: pk, sort: sk}\n    entities:\n      Order:\n        keys: §\n"
    by_id = item(spec, "entity-by-id")
    assert by_id.text == '{pk: "USER#{${1:userId}\\}", sk: PROFILE\\}'
    assert "pk: `USER#{userId}`" in by_id.documentation


def test_library_block_under_keys() -> None:
    marked = edit("      Post:\n", f"      Order:\n        keys:\n          {CURSOR}\n      Post:\n")
    result = accepted(marked, "one-to-many")
    assert (
        '        keys:\n          PK: "CUSTOMER#{customerId}"\n          SK: "ORDER#{orderedAt}#{orderId}"\n'
        in result
    )


def test_template_suggestions_for_one_key_attribute() -> None:
    marked = edit("      Post:\n", f"      Order:\n        keys: {{PK: {CURSOR}}}\n      Post:\n")
    offered = complete(marked)
    assert offered[0].label == "USER#{userId}"
    assert offered[0].kind == "template"
    assert offered[0].text == '"USER#{${1:userId}\\}"'
    quoted = edit("      Post:\n", f'      Order:\n        keys: {{PK: "{CURSOR}"}}\n      Post:\n')
    assert item(quoted, "USER#{userId}").text == "USER#{${1:userId}\\}"


# --------------------------------------------------------------------------- variables inside {


def test_inside_a_template_after_brace_offers_the_entity_fields() -> None:
    marked = edit('GSI1PK: "EMAIL#{email}", GSI1SK', f'GSI1PK: "EMAIL#{{{CURSOR}", GSI1SK')
    offered = complete(marked)
    assert [c.label for c in offered] == ["userId", "email", "expiresAt"]
    assert all(c.kind == "variable" for c in offered)
    email = offered[1]
    assert email.text == "email}"
    assert email.detail == "field of User: S, unique"
    assert typed(marked, email) == ""


def test_the_variable_closes_its_brace_only_when_needed() -> None:
    marked = edit('GSI1PK: "EMAIL#{email}", GSI1SK', f'GSI1PK: "EMAIL#{{em{CURSOR}}}", GSI1SK')
    email = item(marked, "email")
    assert email.text == "email"
    assert typed(marked, email) == "em"


def test_variables_of_the_attribute_come_first() -> None:
    marked = edit('SK: "POST#{createdAt}#{postId}"', f'SK: "POST#{{createdAt}}#{{{CURSOR}"')
    offered = complete(marked)
    assert [c.label for c in offered][:3] == ["createdAt", "postId", "userId"]
    assert offered[2].detail == "variable of Post's keys (not in its fields)"


def test_variables_in_an_unclosed_template_and_in_block_style() -> None:
    marked = edit('SK: "POST#{createdAt}#{postId}"}', f'SK: "POST#{{cr{CURSOR}')
    created = item(marked, "createdAt")
    assert typed(marked, created) == "cr"
    assert created.text == "createdAt}"
    block = edit(
        '        keys: {PK: "USER#{userId}", SK: "POST#{createdAt}#{postId}"}\n',
        f'        keys:\n          PK: "USER#{{userId}}"\n          SK: POST#{{{CURSOR}\n',
    )
    assert "postId" in labels(block)


def test_variables_in_an_access_pattern_key() -> None:
    marked = edit('key: {PK: "USER#{userId}", SK: PROFILE}', f'key: {{PK: "USER#{{{CURSOR}"}}')
    assert labels(marked) == ["userId", "email", "expiresAt"]


def test_a_literal_double_brace_is_not_a_variable() -> None:
    offered = complete(edit("SK: PROFILE, GSI1PK", f'SK: "X{{{{{CURSOR}", GSI1PK'))
    assert not [c for c in offered if c.kind == "variable"]


# --------------------------------------------------------------------------- whole blocks


def sound(marked: str, label: str) -> str:
    result = accepted(marked, label)
    assert load_errors(result) == [], result
    return result


def test_table_snippet_under_tables() -> None:
    marked = edit("tables:\n", f"tables:\n  {CURSOR}\n")
    table = item(marked, "table")
    assert table.kind == "snippet"
    assert table.snippet
    assert table.text.startswith("${1:Orders}:\n  key: {partition: ${2:PK}, sort: ${3:SK}\\}\n")
    assert "attributes: {${2:PK}: S, ${3:SK}: S\\}" in table.text  # mirrored tab stops
    result = sound(marked, "table")
    assert "\n  Orders:\n    key: {partition: PK, sort: SK}\n" in result


def test_index_snippets_under_indexes() -> None:
    marked = edit("    indexes:\n", f"    indexes:\n      {CURSOR}\n")
    assert labels(marked) == ["global index", "local index"]
    result = sound(marked, "global index")
    assert "      GSI2:\n        key: {partition: GSI2PK, sort: GSI2SK}\n        projection: all\n" in result
    result = sound(marked, "local index")
    assert "      LSI2:\n        local: true\n        key: {partition: PK, sort: createdAt}\n" in result


def test_entity_snippet_under_entities_with_a_new_name_typed() -> None:
    marked = edit("      Post:\n", f"      Order{CURSOR}\n      Post:\n")
    entity = item(marked, "Order: entity")
    assert typed(marked, entity) == "Order"
    assert entity.text.startswith("${1:Order}:\n")
    result = sound(marked, "Order: entity")
    assert '      Order:\n        keys: {PK: "ORDER#{orderId}", SK: META}\n' in result
    assert "          orderId: {type: S, format: uuid}\n" in result
    blank = edit("      Post:\n", f"      {CURSOR}\n      Post:\n")
    assert '      Item:\n        keys: {PK: "ITEM#{itemId}", SK: META}\n' in sound(blank, "entity")


def test_entity_snippet_follows_the_table_key() -> None:
    spec = "version: 1\ntables:\n  Orders:\n    key: {partition: orderId}\n    entities:\n      Ord§\n"
    result = sound(spec, "Ord: entity")
    assert '      Ord:\n        keys: {orderId: "ORD#{ordId}"}\n' in result


def test_access_pattern_snippets_under_access_patterns() -> None:
    marked = edit("      - name: get-user\n", f"      {CURSOR}\n      - name: get-user\n")
    assert labels(marked) == ["access pattern (GetItem)", "access pattern (Query)"]
    result = sound(marked, "access pattern (GetItem)")
    assert (
        "      - name: get-item\n        op: GetItem\n        entity: User\n"
        '        key: {PK: "USER#{userId}", SK: PROFILE}\n        rate: 10/s\n'
    ) in result
    sound(marked, "access pattern (Query)")


def test_whole_spec_in_an_empty_file() -> None:
    offered = labels(CURSOR)
    assert offered[:5] == ["version", "name", "description", "region", "pricing"]
    assert "design spec" in offered
    result = sound(CURSOR, "design spec")
    assert result.startswith("version: 1\nname: my-app\n")


def test_snippets_follow_the_document_indentation() -> None:
    spec = "version: 1\ntables:\n    T:\n        key: {partition: id}\n        entities:\n            §\n"
    result = sound(spec, "entity")
    assert "            Item:\n                keys: {id: " in result
    assert "                fields:\n                    itemId: {type: S, format: uuid}" in result


SNIPPET_PLACES = [
    f"{CURSOR}",
    edit("tables:\n", f"tables:\n  {CURSOR}\n"),
    edit("    indexes:\n", f"    indexes:\n      {CURSOR}\n"),
    edit("    entities:\n", f"    entities:\n      {CURSOR}\n"),
    edit("      - name: get-user\n", f"      {CURSOR}\n      - name: get-user\n"),
    edit("      - name: get-user\n", f"      - {CURSOR}\n      - name: get-user\n"),
    edit(
        "          postId: {type: S, format: ulid}\n",
        f"          postId: {{type: S, format: ulid}}\n          {CURSOR}\n",
    ),
    edit("          postId: {type: S, format: ulid}\n", f"          postId: {CURSOR}\n"),
    edit('        key: {PK: "USER#{userId}", SK: PROFILE}\n', f"        key: {CURSOR}\n"),
    edit("        key: {partition: GSI1PK, sort: GSI1SK}\n", f"        key: {CURSOR}\n"),
    edit("    attributes: {PK: S, SK: S, GSI1PK: S, GSI1SK: S}\n", f"    attributes: {CURSOR}\n"),
    edit("    key: {partition: PK, sort: SK}\n", f"    {CURSOR}\n"),
]


@pytest.mark.parametrize("marked", SNIPPET_PLACES)
def test_every_snippet_loads_once_its_placeholders_keep_their_defaults(marked: str) -> None:
    # A field that opens a block (`entities:` and the lines under it) is not a whole unit.
    snippets = [c for c in complete(marked) if c.snippet and (c.kind != "field" or c.label == "key")]
    assert snippets
    for snippet in snippets:
        text, offset = at(marked)
        result = apply_completion(text, offset, snippet)
        assert load_errors(result) == [], (snippet.label, result)


# --------------------------------------------------------------------------- broken documents


def test_a_syntax_error_elsewhere_does_not_stop_completion() -> None:
    broken = edit("    ttl: expiresAt\n", "    ttl: [expiresAt\n")
    assert load_spec(at(edit("    pitr", "§", broken + "    pitr"))[0]).findings[0].code == "DDB001"
    assert labels(edit("        op: GetItem\n", f"        op: Qu{CURSOR}\n", broken))[:2] == [
        "GetItem",
        "Query",
    ]
    assert labels(edit("        index: GSI1\n", f"        index: {CURSOR}\n", broken)) == ["GSI1"]
    tab = edit("region: us-east-1\n", "region: us-east-1\n\tbad: tab\n")
    assert "User" in labels(edit("        entity: User\n", f"        entity: {CURSOR}\n", tab))


def test_an_unclosed_quote_elsewhere() -> None:
    broken = edit("        rate: 20/s\n", '        description: "never closed\n        rate: 20/s\n')
    marked = edit("        item_size: 3KB\n", f"        item_size: 3KB\n        {CURSOR}\n", broken)
    assert "growth" in labels(marked)


def test_the_last_line_of_the_file_without_a_newline() -> None:
    marked = SPEC + f"      - name: list-posts\n        op: Query\n        entity: Po{CURSOR}"
    post = item(marked, "Post")
    assert typed(marked, post) == "Po"
    last = labels(SPEC.rstrip("\n") + f"\n    {CURSOR}")
    assert "capacity" in last
    assert "billing" not in last


def test_an_unparsable_cursor_line_falls_back_to_the_indentation() -> None:
    # A plain template in a flow mapping is not valid YAML: the path comes from the lines above.
    marked = edit('SK: "POST#{createdAt}#{postId}"', f"SK: POST#{{{CURSOR}")
    text, offset = at(marked)
    cursor = locate_cursor(text, offset)
    assert cursor is not None
    assert cursor.by_outline
    assert cursor.path == ("tables", "SocialApp", "entities", "Post", "keys", "SK")
    assert labels(marked)[:2] == ["createdAt", "postId"]
    dash = edit(
        "        rate: 20/s\n",
        f"        rate: 20/s\n      - name: x\n        op: [[[\n        entity: {{{{ {CURSOR}\n",
    )
    text, offset = at(dash)
    cursor = locate_cursor(text, offset)
    assert cursor is not None
    assert cursor.path[:4] == ("tables", "SocialApp", "access_patterns", 2)


def test_windows_line_breaks() -> None:
    marked = edit("        op: GetItem\n", f"        op: Qu{CURSOR}\n").replace("\n", "\r\n")
    assert labels(marked)[:2] == ["GetItem", "Query"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "   ",
        "- a\n- b",
        "just text",
        "{",
        "[",
        "key: {",
        '"',
        "tables: [",
        "tables:\n  T: 5\n  ",
        "a: b: c",
        "\t",
    ],
)
def test_odd_documents_never_raise(text: str) -> None:
    for offset in range(len(text) + 1):
        complete_spec(text, offset)


def test_every_position_of_the_example_completes_without_error() -> None:
    for offset in range(0, len(SPEC), 7):
        for item_ in complete_spec(SPEC[:offset] + SPEC[offset:], offset):
            assert 0 <= item_.replace_from <= offset


# --------------------------------------------------------------------------- where the cursor is


@pytest.mark.parametrize(
    ("before", "key", "flows", "expect", "typed_"),
    [
        ("    bil", None, [], "key", "bil"),
        ("    op: Qu", "op", [], "value", "Qu"),
        ('    keys: {PK: "USER#{', "keys", [("{", "PK")], "value", "USER#{"),
        ("    keys: {PK: X, ", "keys", [("{", None)], "key", ""),
        ("    needs: [a, b", "needs", [("[", None)], "value", "b"),
        ("      - na", None, [], "key", "na"),
        ("    op:", "op", [], "value", ""),
    ],
)
def test_the_cursor_line_is_read_lexically(
    before: str, key: str | None, flows: list[tuple[str, str | None]], expect: str, typed_: str
) -> None:
    state = scan_line(before)
    assert state.block_key == key
    assert [(f.char, f.key) for f in state.flows] == flows
    assert state.expect == expect
    start = state.typed_from
    assert (before[start:] if start is not None else "") == typed_


def test_a_long_spec_is_narrowed_to_the_cursor_table() -> None:
    body = SPEC.split("tables:\n")[1]
    tables = "".join(body.replace("SocialApp", f"Table{n}") for n in range(60))
    long_spec = "version: 1\ntables:\n" + tables
    lines = long_spec.split("\n")
    line_no = next(n for n, line in enumerate(lines) if line == "  Table30:") + 3
    narrowed = narrow(lines, line_no)
    kept = [line for line in narrowed if line.startswith("  Table")]
    assert kept == ["  Table30:"]
    marked = long_spec.replace("  Table31:\n", f"      - op: {CURSOR}\n  Table31:\n")
    started = time.perf_counter()
    assert labels(marked)[:2] == ["GetItem", "Query"]
    assert time.perf_counter() - started < 0.5
    text, offset = at(marked)
    cursor = locate_cursor(text, offset)
    assert cursor is not None
    assert cursor.path == ("tables", "Table30", "access_patterns", 2, "op")


# --------------------------------------------------------------------------- snippet text


def test_snippet_helpers() -> None:
    tabstops = Tabstops()
    assert template_snippet("USER#{userId}#{userId}", tabstops) == "USER#{${1:userId}\\}#{${1:userId}\\}"
    assert template_snippet("SCORE#{score:010d}", tabstops) == "SCORE#{${2:score}:010d\\}"
    assert template_snippet("A{{B}}", Tabstops()) == "A{{B\\}\\}"
    assert to_plain('{PK: "USER#{${1:userId}\\}", SK: ${2|a,b|}\\}$0') == '{PK: "USER#{userId}", SK: a}'
    assert to_plain("cost: \\$5 ${1:x${2:y}z} $3") == "cost: $5 xyz "
    assert expand("a:\n  b\n\n  c", "    ") == "a:\n      b\n\n      c"
    assert textwrap.dedent(to_plain("x")) == "x"
