"""Reading the editor's settings: typed, defaulted, lenient setting by setting."""

from __future__ import annotations

from typing import Any

import pytest

from ddb_architect.config import ProjectConfig
from ddb_architect.findings import Severity
from ddb_architect.lsp.settings import (
    DEFAULT_DEBOUNCE_MS,
    ServerSettings,
    merge_raw,
    parse_settings,
    rule_selection,
    section_of,
)


def test_no_settings_are_the_defaults() -> None:
    settings, problems = parse_settings(None)
    assert settings == ServerSettings()
    assert settings.debounce_ms == DEFAULT_DEBOUNCE_MS
    assert settings.select == settings.ignore == settings.spec == []
    assert settings.severity == {}
    assert settings.docs_base_url is None
    assert problems == []


def test_camel_case_and_snake_case_keys() -> None:
    settings, problems = parse_settings(
        {"docsBaseUrl": "https://x.test/rules/", "debounce_ms": 40, "spec": "design.ddb.yaml"}
    )
    assert problems == []
    assert settings.docs_base_url == "https://x.test/rules"
    assert settings.debounce_ms == 40
    assert settings.spec == ["design.ddb.yaml"]


def test_a_region_is_a_region_name() -> None:
    assert parse_settings({"region": " EU-West-1 "}) == (ServerSettings(region="eu-west-1"), [])
    assert parse_settings({"region": "us-gov-west-1"})[0].region == "us-gov-west-1"
    assert parse_settings({"region": ""}) == (ServerSettings(), [])


def test_codes_and_severities_are_normalized() -> None:
    settings, problems = parse_settings(
        {"select": "ddb1", "ignore": [" ddb101 ", ""], "severity": {"ddb101": "E", "DDB2": "warn"}}
    )
    assert problems == []
    assert settings.select == ["DDB1"]
    assert settings.ignore == ["DDB101"]
    assert settings.severity == {"DDB101": "error", "DDB2": "warning"}


FIELD = {
    "select": "select",
    "ignore": "ignore",
    "severity": "severity",
    "debounceMs": "debounce_ms",
    "docsBaseUrl": "docs_base_url",
    "region": "region",
}


@pytest.mark.parametrize(
    ("raw", "setting"),
    [
        ({"select": 42}, "select"),
        ({"ignore": [1, 2]}, "ignore"),
        ({"severity": {"DDB101": "fatal"}}, "severity"),
        ({"severity": ["DDB101"]}, "severity"),
        ({"debounceMs": "soon"}, "debounceMs"),
        ({"debounceMs": -5}, "debounceMs"),
        ({"docsBaseUrl": 3}, "docsBaseUrl"),
        ({"region": "Ireland"}, "region"),
        ({"region": 1}, "region"),
    ],
)
def test_a_bad_setting_keeps_its_default_and_says_so(raw: dict[str, Any], setting: str) -> None:
    other = "select" if setting == "ignore" else "ignore"
    settings, problems = parse_settings({**raw, other: ["DDB3"]})

    field = FIELD[setting]
    assert getattr(settings, field) == getattr(ServerSettings(), field)
    [problem] = problems
    assert f"'{setting}'" in problem
    assert "default" in problem
    assert getattr(settings, other) == ["DDB3"]


def test_null_means_not_set_and_client_keys_are_not_ours() -> None:
    settings, problems = parse_settings({"debounceMs": None, "trace": {"server": "verbose"}})
    assert settings == ServerSettings()
    assert problems == []


def test_unknown_settings_are_reported() -> None:
    settings, problems = parse_settings({"ignroe": ["DDB101"]})
    assert settings == ServerSettings()
    assert problems == ["unknown setting 'ignroe' ignored"]


def test_settings_that_are_not_an_object() -> None:
    settings, problems = parse_settings(["DDB101"])
    assert settings == ServerSettings()
    assert len(problems) == 1


@pytest.mark.parametrize(
    "options",
    [
        {"ignore": ["DDB1"]},
        {"ddb-architect": {"ignore": ["DDB1"]}},
        {"ddbArchitect": {"ignore": ["DDB1"]}},
    ],
)
def test_the_section_may_be_nested_in_initialization_options(options: dict[str, Any]) -> None:
    assert section_of(options) == {"ignore": ["DDB1"]}


def test_later_layers_win_key_by_key() -> None:
    merged, problems = merge_raw({"select": ["DDB1"], "ignore": ["DDB101"]}, None, {"ignore": []})
    assert merged == {"select": ["DDB1"], "ignore": []}
    assert problems == []
    _, problems = merge_raw("oops", {"ignore": []})
    assert len(problems) == 1


def test_editor_settings_lie_over_the_project() -> None:
    project = ProjectConfig(
        select=["DDB1", "DDB2"],
        ignore=["DDB201"],
        severity={"DDB101": Severity.INFO, "DDB202": Severity.ERROR},
    )
    settings = ServerSettings(ignore=["DDB202"], severity={"DDB101": "warning"})

    selection = rule_selection(settings, project)

    assert selection.select == ("DDB1", "DDB2")
    assert selection.ignore == ("DDB201", "DDB202")
    assert selection.severity == {"DDB101": Severity.WARNING, "DDB202": Severity.ERROR}
    assert rule_selection(ServerSettings(select=["DDB3"]), project).select == ("DDB3",)
