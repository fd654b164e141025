"""0xx rules (DDB004–DDB012): the spec is valid. Each rule fires on a small story and
stays quiet on its nearest sound variant; every finding is checked for its code, its
severity, the line rules.md says it points at, and the figures in its message. The
loader's DDB001–DDB003 are tested with the loader."""

from __future__ import annotations

import pytest

from ddb_architect.findings import Severity
from tests.specs import at_lines, findings, line, line_of, one

# --------------------------------------------------------------------------- DDB004

PROFILES = """\
version: 1
tables:
  Profiles:
    key: {partition: PK, sort: SK}
    indexes:
      ByEmail:
        key: {partition: email}
        projection: keys-only
    entities:
      User:
        keys: {PK: "USER#{userId}", SK: PROFILE, email: "{email}"}
        item_size: 1KB
        count: 1M
        fields:
          userId: {type: S, format: uuid}
          email: {type: S, unique: true}
    access_patterns:
      - name: login
        op: Query
        index: INDEX
        key: {email: "{email}"}
        items: 1
        rate: 20/s
"""


def test_ddb004_an_index_that_is_not_declared_points_at_the_index_with_a_suggestion() -> None:
    spec = PROFILES.replace("INDEX", "ByMail")
    finding = one(spec, "DDB004")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "index: ByMail")
    assert "index 'ByMail' is not declared on table Profiles" in finding.message
    assert "did you mean 'ByEmail'?" in finding.message
    assert finding.data["suggestion"] == "ByEmail"


def test_ddb004_the_declared_index_is_not_reported() -> None:
    assert findings(PROFILES.replace("INDEX", "ByEmail"), "DDB004") == []


def test_ddb004_a_misspelt_key_attribute_points_at_the_attribute() -> None:
    spec = """
        version: 1
        tables:
          Profiles:
            key: {partition: PK, sort: SK}
            entities:
              User:
                keys: {PK: "USER#{userId}", SK: PROFILE}
                fields:
                  userId: {type: S, format: uuid}
            access_patterns:
              - name: get-user
                op: GetItem
                entity: User
                key:
                  PK: "USER#{userId}"
                  Sk: PROFILE
                rate: 10/s
    """
    finding = one(spec, "DDB004")
    assert line(finding) == line_of(spec, "Sk: PROFILE")
    assert "'Sk' is neither a key attribute of table Profiles" in finding.message
    assert "did you mean 'SK'?" in finding.message


def test_ddb004_a_field_of_an_entity_is_a_known_attribute() -> None:
    """A non-key field is known: the condition on it is judged by DDB502/DDB505, not DDB004."""
    spec = """
        version: 1
        tables:
          Profiles:
            key: {partition: PK, sort: SK}
            entities:
              User:
                keys: {PK: "USER#{userId}", SK: PROFILE}
                fields:
                  userId: {type: S, format: uuid}
                  nickname: {type: S}
            access_patterns:
              - name: by-nickname
                op: Query
                key: {nickname: "{nickname}"}
                rate: 1/s
    """
    assert [f.code for f in findings(spec, "DDB004", "DDB502")] == ["DDB502"]


BLOG = """\
version: 1
tables:
  Blog:
    key: {partition: PK, sort: SK}
    entities:
      User:
        keys: {PK: "USER#{userId}", SK: PROFILE}
        fields:
          userId: {type: S, format: uuid}
      Post:
        keys: {PK: "USER#{userId}", SK: "POST#{postId}"}
        fields:
          userId: {type: S, format: uuid}
          postId: {type: S, format: uuid}
    access_patterns:
      - name: user-page
        op: Query
        REFERENCE
        key: {PK: "USER#{userId}"}
        rate: 5/s
"""


@pytest.mark.parametrize(
    ("reference", "wrong"),
    [
        ("entity: Usr", "entity: Usr"),
        ("entities:\n          - User\n          - Psot", "- Psot"),
    ],
)
def test_ddb004_an_entity_that_is_not_declared_points_at_its_name(reference: str, wrong: str) -> None:
    spec = BLOG.replace("REFERENCE", reference)
    finding = one(spec, "DDB004")
    assert line(finding) == line_of(spec, wrong)
    assert "is not declared in table Blog" in finding.message
    assert "did you mean" in finding.message


@pytest.mark.parametrize("reference", ["entity: User", "entities: [User, Post]"])
def test_ddb004_declared_entities_pass(reference: str) -> None:
    assert findings(BLOG.replace("REFERENCE", reference), "DDB004") == []


def test_ddb004_declared_entities_are_not_reported() -> None:
    spec = """
        version: 1
        tables:
          Blog:
            key: {partition: PK, sort: SK}
            entities:
              User:
                keys: {PK: "USER#{userId}", SK: PROFILE}
                fields:
                  userId: {type: S, format: uuid}
            access_patterns:
              - name: get-user
                op: GetItem
                entity: User
                key: {PK: "USER#{userId}", SK: PROFILE}
                rate: 5/s
    """
    assert findings(spec, "DDB004") == []


def test_ddb004_not_reported_for_an_index_already_reported_as_invalid() -> None:
    """One root cause, one finding: the index is declared but broken (DDB002)."""
    spec = """
        version: 1
        tables:
          Profiles:
            key: {partition: PK, sort: SK}
            indexes:
              ByEmail:
                key: {sort: email}
            access_patterns:
              - name: login
                op: Query
                index: ByEmail
                key: {email: "{email}"}
                rate: 20/s
    """
    assert [f.code for f in findings(spec, "DDB0")] == ["DDB002"]


def test_ddb004_not_reported_for_an_attribute_of_an_index_already_reported_as_invalid() -> None:
    spec = """
        version: 1
        tables:
          Profiles:
            key: {partition: PK, sort: SK}
            indexes:
              ByEmail:
                key: {sort: email}
            access_patterns:
              - name: login
                op: Query
                key: {email: "{email}"}
                rate: 20/s
    """
    assert [f.code for f in findings(spec, "DDB0", "DDB5")] == ["DDB002"]


def test_ddb004_not_reported_for_an_entity_already_reported_as_invalid() -> None:
    spec = """
        version: 1
        tables:
          Profiles:
            key: {partition: PK, sort: SK}
            entities:
              User:
                item_size: 1KB
                fields:
                  nickname: {type: S}
            access_patterns:
              - name: get-user
                op: GetItem
                entity: User
                key: {PK: "USER#{userId}", SK: PROFILE}
                rate: 5/s
              - name: by-nickname
                op: Query
                key: {PK: "USER#{userId}", nickname: bob}
                rate: 1/s
    """
    found = findings(spec, "DDB0")
    assert [f.code for f in found] == ["DDB002"], [f.message for f in found]
    assert "missing required field 'keys'" in found[0].message


def test_ddb004_not_reported_when_the_indexes_and_entities_are_not_mappings() -> None:
    """Both sections are lists (DDB002), so nothing can be looked up in them."""
    spec = """
        version: 1
        tables:
          Profiles:
            key: {partition: PK, sort: SK}
            indexes: [ByEmail]
            entities: [User]
            access_patterns:
              - name: login
                op: Query
                index: ByEmail
                entity: User
                key: {email: "{email}"}
                rate: 20/s
    """
    assert [f.code for f in findings(spec, "DDB0")] == ["DDB002", "DDB002"]


# --------------------------------------------------------------------------- DDB005

NAMED = """\
version: 1
tables:
  TABLE:
    key: {partition: PK}
    indexes:
      INDEX:
        key: {partition: GSI1PK}
        projection: keys-only
"""


@pytest.mark.parametrize(
    ("table", "index", "wrong", "reason"),
    [
        ("ab", "GSI1", "ab:", "'ab' is 2 characters long; DynamoDB needs 3 to 255"),
        ("Orders", "by status", "by status:", "contains ' '"),
        ("Orders", "x" * 256, "x" * 256, "is 256 characters long; DynamoDB allows at most 255"),
        ('"Orders\\n"', "GSI1", "Orders\\n", "contains '\\n'"),
        ("Commandes-été", "GSI1", "Commandes", "contains 'é'"),
    ],
)
def test_ddb005_a_name_dynamodb_rejects_points_at_the_name(
    table: str, index: str, wrong: str, reason: str
) -> None:
    spec = NAMED.replace("TABLE", table).replace("INDEX", index)
    finding = one(spec, "DDB005")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, wrong)
    assert reason in finding.message


@pytest.mark.parametrize(
    ("table", "index"),
    [("abc", "GSI1"), ("Orders", "by-status.v2_1"), ("Orders", "x" * 255), ("a" * 255, "abc")],
)
def test_ddb005_names_of_3_to_255_allowed_characters_pass(table: str, index: str) -> None:
    assert findings(NAMED.replace("TABLE", table).replace("INDEX", index), "DDB005") == []


# --------------------------------------------------------------------------- DDB006

TEMPLATES = """\
version: 1
tables:
  Leaderboard:
    key: {partition: PK, sort: SK}
    entities:
      Player:
        keys: {PK: "PLAYER#{playerId}", SK: "TEMPLATE"}
        fields:
          playerId: {type: S, format: uuid}
          score: {type: N}
"""


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("SCORE#{score", "unbalanced '{'"),
        ("SCORE#score}", "unbalanced '}'"),
        ("SCORE#{}", "empty '{}'"),
        ("SCORE#{score:zz}", "bad format spec 'zz'"),
        ("SCORE#{1st}", "'1st' is not a variable name"),
        ("SCORE#{scores}", "variable {scores} in the template for SK is not a field; did you mean 'score'?"),
    ],
)
def test_ddb006_a_broken_template_points_at_the_template(template: str, problem: str) -> None:
    spec = TEMPLATES.replace("TEMPLATE", template)
    finding = one(spec, "DDB006")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "keys:")
    assert problem in finding.message
    assert "entity Player" in finding.message


@pytest.mark.parametrize("template", ["SCORE#{score:010d}", "SCORE#{score}", "{{literal}}#{score}", "TOP"])
def test_ddb006_sound_templates_pass(template: str) -> None:
    assert findings(TEMPLATES.replace("TEMPLATE", template), "DDB006") == []


def test_ddb006_a_pattern_key_condition_is_checked_against_its_entity_fields() -> None:
    spec = """
        version: 1
        tables:
          Leaderboard:
            key: {partition: PK, sort: SK}
            entities:
              Player:
                keys: {PK: "PLAYER#{playerId}", SK: PROFILE}
                fields:
                  playerId: {type: S, format: uuid}
            access_patterns:
              - name: get-player
                op: GetItem
                entity: Player
                key: {PK: "PLAYER#{playerID}", SK: PROFILE}
                rate: 5/s
    """
    finding = one(spec, "DDB006")
    assert line(finding) == line_of(spec, 'key: {PK: "PLAYER#{playerID}"')
    assert "access pattern get-player: variable {playerID}" in finding.message
    assert "did you mean 'playerId'?" in finding.message
    assert findings(spec.replace("{playerID}", "{playerId}"), "DDB006") == []


def test_ddb006_not_reported_for_a_field_already_reported_as_invalid() -> None:
    """The field is declared, with a value the loader rejected (DDB002): one root cause."""
    spec = """
        version: 1
        tables:
          Leaderboard:
            key: {partition: PK, sort: SK}
            entities:
              Player:
                keys: {PK: "PLAYER#{playerId}", SK: PROFILE}
                fields:
                  playerId: S
            access_patterns:
              - name: get-player
                op: GetItem
                entity: Player
                key: {PK: "PLAYER#{playerId}", SK: PROFILE}
                rate: 5/s
    """
    assert [f.code for f in findings(spec, "DDB0")] == ["DDB002"]


# --------------------------------------------------------------------------- DDB007


def _gsis(count: int) -> str:
    return "".join(
        f"      ByAttr{n:02d}:\n        key: {{partition: attr{n}}}\n        projection: keys-only\n"
        for n in range(count)
    )


def _lsis(count: int) -> str:
    return "".join(
        f"      Local{n}:\n        local: true\n        key: {{partition: PK, sort: sort{n}}}\n"
        "        projection: keys-only\n"
        for n in range(count)
    )


QUOTA = """\
version: 1
tables:
  Catalog:
    key: {partition: PK, sort: SK}
    indexes:
"""


@pytest.mark.parametrize(
    ("indexes", "message"),
    [
        (_gsis(21), "has 21 global secondary indexes; the default quota is 20"),
        (_lsis(6), "has 6 local secondary indexes; DynamoDB allows at most 5"),
    ],
)
def test_ddb007_too_many_indexes_points_at_the_tables_indexes(indexes: str, message: str) -> None:
    spec = QUOTA + indexes
    finding = one(spec, "DDB007")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "indexes:")
    assert message in finding.message


@pytest.mark.parametrize("indexes", [_gsis(20), _lsis(5), _gsis(20) + _lsis(5)])
def test_ddb007_20_global_and_5_local_indexes_are_allowed(indexes: str) -> None:
    assert findings(QUOTA + indexes, "DDB007") == []


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("{partition: [tenant, region, country, city, shop]}", "the partition key has 5 attributes"),
        (
            "{partition: tenant, sort: [year, month, day, hour, minute]}",
            "the sort key has 5 attributes",
        ),
    ],
)
def test_ddb007_a_multi_attribute_key_of_5_points_at_the_key(key: str, message: str) -> None:
    spec = QUOTA + f"      ByPlace:\n        key: {key}\n"
    finding = one(spec, "DDB007")
    assert line(finding) == line_of(spec, f"key: {key}")
    assert message in finding.message
    assert "at most 4" in finding.message


def test_ddb007_a_multi_attribute_key_of_4_is_allowed() -> None:
    spec = (
        QUOTA
        + "      ByPlace:\n        key: {partition: [tenant, region, country, city], sort: [a, b, c, d]}\n"
    )
    assert findings(spec, "DDB007") == []


# --------------------------------------------------------------------------- DDB008


def _projecting(first: int, second: int) -> str:
    a = ", ".join(f"a{n}" for n in range(first))
    b = ", ".join(f"b{n}" for n in range(second))
    return QUOTA + (
        f"      ByA:\n        key: {{partition: A}}\n        projection: [{a}]\n"
        f"      ByB:\n        key: {{partition: B}}\n        projection: [{b}]\n"
        "      ByC:\n        key: {partition: C}\n        projection: all\n"
    )


def test_ddb008_101_projected_attributes_across_indexes_points_at_the_indexes() -> None:
    spec = _projecting(60, 41)
    finding = one(spec, "DDB008")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "indexes:")
    assert "projects 101 non-key attributes" in finding.message
    assert "at most 100" in finding.message


def test_ddb008_100_projected_attributes_are_allowed() -> None:
    assert findings(_projecting(60, 40), "DDB008") == []


# --------------------------------------------------------------------------- DDB009

CHATS = """\
version: 1
tables:
  Chats:
    key: TABLE_KEY
    indexes:
      ByAuthor:
        local: true
        key: INDEX_KEY
        projection: keys-only
"""


@pytest.mark.parametrize(
    ("table_key", "index_key", "problem"),
    [
        ("{partition: chatId}", "{partition: chatId, sort: author}", "table Chats has no sort key"),
        (
            "{partition: chatId, sort: sentAt}",
            "{partition: author, sort: sentAt}",
            "must be the table's (chatId)",
        ),
        ("{partition: chatId, sort: sentAt}", "{partition: chatId}", "it needs a sort key"),
        (
            "{partition: chatId, sort: sentAt}",
            "{partition: chatId, sort: [author, sentAt]}",
            "single attribute",
        ),
    ],
)
def test_ddb009_an_invalid_local_index_points_at_its_key(
    table_key: str, index_key: str, problem: str
) -> None:
    spec = CHATS.replace("TABLE_KEY", table_key).replace("INDEX_KEY", index_key)
    finding = one(spec, "DDB009")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, f"key: {index_key}")
    assert "local index ByAuthor" in finding.message
    assert problem in finding.message


def test_ddb009_a_local_index_on_a_table_with_a_sort_key_is_valid() -> None:
    spec = CHATS.replace("TABLE_KEY", "{partition: chatId, sort: sentAt}").replace(
        "INDEX_KEY", "{partition: chatId, sort: author}"
    )
    assert findings(spec, "DDB009") == []


def test_ddb009_a_global_index_may_have_any_key() -> None:
    spec = CHATS.replace("TABLE_KEY", "{partition: chatId}").replace("local: true", "local: false")
    assert findings(spec.replace("INDEX_KEY", "{partition: author}"), "DDB009") == []


# --------------------------------------------------------------------------- DDB010

BILLING = """\
version: 1
tables:
  Metrics:
    BILLING
    key: {partition: PK}
    indexes:
      ByHost:
        key: {partition: host}
        projection: keys-only
        INDEX_CAPACITY
"""


@pytest.mark.parametrize(
    ("billing", "index_capacity", "wrong", "message"),
    [
        ("billing: provisioned", "", "billing: provisioned", "is provisioned but declares no capacity"),
        (
            "billing: on-demand\n    capacity: {read: 5, write: 5}",
            "",
            "capacity: {read: 5",
            "is on-demand, so its capacity is never used",
        ),
        ("capacity: {read: 5, write: 5}", "", "capacity: {read: 5", "is on-demand"),
        (
            "billing: on-demand",
            "capacity: {read: 5, write: 5}",
            "    capacity: {read: 5",
            "index ByHost declares capacity on on-demand table Metrics",
        ),
        (
            "billing: provisioned\n    capacity: {read: 5, write: 5}",
            "local: true\n        capacity: {read: 5, write: 5}",
            "        capacity: {read: 5",
            "local index ByHost uses the table's capacity",
        ),
    ],
)
def test_ddb010_billing_and_capacity_that_disagree(
    billing: str, index_capacity: str, wrong: str, message: str
) -> None:
    spec = BILLING.replace("BILLING", billing).replace("INDEX_CAPACITY", index_capacity)
    finding = one(spec, "DDB010")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, wrong)
    assert message in finding.message


@pytest.mark.parametrize(
    ("billing", "index_capacity"),
    [
        ("billing: provisioned\n    capacity: {read: 5, write: 5}", ""),
        ("billing: provisioned\n    capacity: {read: 5, write: 5}", "capacity: {read: 2, write: 2}"),
        ("billing: on-demand", ""),
        ("", ""),
    ],
)
def test_ddb010_billing_and_capacity_that_agree(billing: str, index_capacity: str) -> None:
    spec = BILLING.replace("BILLING", billing).replace("INDEX_CAPACITY", index_capacity)
    assert findings(spec, "DDB010") == []


# --------------------------------------------------------------------------- DDB011

SCORES = """\
version: 1
tables:
  Scores:
    key: {partition: PK, sort: score}
    attributes: ATTRIBUTES
    ttl: expiresAt
    entities:
      Score:
        keys: {PK: "GAME#{gameId}", score: "TEMPLATE"}
        fields:
          gameId: {type: S, format: uuid}
          points: {type: N}
          nickname: {type: S}
          postedAt: {format: epoch-seconds}
          day: {format: date}
          expiresAt: {type: N}
"""


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("POINTS#{points}", "mixes text with variables"),
        ("{nickname}", "feeds it with nickname, a S field"),
        ("{day}", "feeds it with day, a S field"),
        ("TOP", "is a text constant"),
    ],
)
def test_ddb011_a_number_key_fed_with_text_points_at_the_template(template: str, reason: str) -> None:
    spec = SCORES.replace("ATTRIBUTES", "{PK: S, score: N}").replace("TEMPLATE", template)
    finding = one(spec, "DDB011")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "keys:")
    assert "score is typed N in attributes" in finding.message
    assert reason in finding.message


@pytest.mark.parametrize("template", ["{points}", "{postedAt}", "42"])
def test_ddb011_a_number_key_fed_with_a_number_passes(template: str) -> None:
    spec = SCORES.replace("ATTRIBUTES", "{PK: S, score: N}").replace("TEMPLATE", template)
    assert findings(spec, "DDB011") == []


def test_ddb011_an_attribute_no_key_uses_points_at_the_attributes_entry() -> None:
    spec = SCORES.replace("ATTRIBUTES", "{PK: S, score: N, nickname: S}").replace("TEMPLATE", "{points}")
    finding = one(spec, "DDB011")
    assert line(finding) == line_of(spec, "attributes:")
    assert "attribute nickname (S) is typed in attributes but no key" in finding.message


def test_ddb011_the_ttl_attribute_may_be_typed() -> None:
    spec = SCORES.replace("ATTRIBUTES", "{PK: S, score: N, expiresAt: N}").replace("TEMPLATE", "{points}")
    assert findings(spec, "DDB011") == []


def test_ddb011_a_key_attribute_of_an_index_already_reported_as_invalid_is_not_unused() -> None:
    spec = """
        version: 1
        tables:
          Scores:
            key: {partition: PK, sort: SK}
            attributes: {PK: S, SK: S, player: S}
            indexes:
              ByPlayer:
                key: {sort: player}
    """
    assert [f.code for f in findings(spec, "DDB0")] == ["DDB002"]


# --------------------------------------------------------------------------- DDB012


@pytest.mark.parametrize(
    ("attributes", "expires", "message"),
    [
        ("{PK: S, score: N, expiresAt: S}", "{type: N}", "the TTL attribute expiresAt is typed S"),
        ("{PK: S, score: N}", "{type: S}", "entity Score declares the TTL attribute expiresAt as S"),
        ("{PK: S, score: N}", "{format: iso8601}", "as iso8601"),
        ("{PK: S, score: N}", "{format: epoch-millis}", "as epoch-millis"),
        ("{PK: S, score: N}", "{type: N, format: epoch-millis}", "as epoch-millis"),
    ],
)
def test_ddb012_a_ttl_that_is_not_epoch_seconds_points_at_ttl(
    attributes: str, expires: str, message: str
) -> None:
    spec = (
        SCORES.replace("ATTRIBUTES", attributes)
        .replace("TEMPLATE", "{points}")
        .replace("expiresAt: {type: N}", f"expiresAt: {expires}")
    )
    finding = one(spec, "DDB012")
    assert finding.severity is Severity.ERROR
    assert line(finding) == line_of(spec, "ttl: expiresAt")
    assert message in finding.message
    assert "never expire" in finding.message


@pytest.mark.parametrize(
    ("attributes", "expires"),
    [
        ("{PK: S, score: N, expiresAt: N}", "{type: N}"),
        ("{PK: S, score: N}", "{format: epoch-seconds}"),
        ("{PK: S, score: N}", "{type: N, format: epoch-seconds}"),
        ("{PK: S, score: N}", "{description: when the score is dropped}"),
    ],
)
def test_ddb012_a_number_of_epoch_seconds_passes(attributes: str, expires: str) -> None:
    spec = (
        SCORES.replace("ATTRIBUTES", attributes)
        .replace("TEMPLATE", "{points}")
        .replace("expiresAt: {type: N}", f"expiresAt: {expires}")
    )
    assert findings(spec, "DDB012") == []


def test_a_query_on_an_impossible_local_index_is_only_ddb009() -> None:
    spec = """\
version: 1
tables:
  Things:
    key: {partition: PK, sort: SK}
    indexes:
      ByOwner: {local: true, key: {partition: owner, sort: at}}
    entities:
      Thing:
        keys: {PK: "T#{id}", SK: "T#{id}", owner: "{owner}", at: "{at}"}
        item_size: 1KB
        count: 1M
        fields: {id: {format: uuid}, owner: {cardinality: 1M}, at: {format: iso8601}}
    access_patterns:
      - {name: by-owner, op: Query, index: ByOwner, key: {owner: "{owner}"}, rate: 1/s}
"""
    assert [code for code, _ in at_lines(spec) if code.startswith(("DDB0", "DDB5"))] == ["DDB009"]
