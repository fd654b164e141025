"""``ddb-architect cost``: exit codes, the JSON shape, figures equal to the bill's, Regions,
months, --compare, and the text and Markdown layouts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ddb_architect.cost.bill import Scenario
from ddb_architect.cost.design_bill import price_design
from tests.cli.cli_support import CliRunner, write
from tests.cli.cost_support import (
    BROKEN_SPEC,
    NOTES_SPEC,
    PROVISIONED_SPEC,
    SOCIAL,
    bill_of,
    design_of,
)

needs_social = pytest.mark.skipif(not SOCIAL.is_file(), reason="../shared/examples is not present")

NUMBER = (int, float)
OPTIONAL_NUMBER = (int, float, type(None))


def cost_json(cli: CliRunner, *args: str) -> dict[str, Any]:
    run = cli("cost", *args, "--format", "json")
    assert run.code == 0, run.err
    document = run.json()
    assert isinstance(document, dict)
    return document


def by_name(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(item for item in items if item["name"] == name)


def line_of(table: dict[str, Any], category: str, subject: str | None = None) -> dict[str, Any]:
    return next(
        line
        for line in table["lines"]
        if line["category"] == category and (subject is None or line["subject"] == subject)
    )


# --------------------------------------------------------------------------- the shared example


@needs_social
def test_social_text_report(cli: CliRunner) -> None:
    run = cli("cost", str(SOCIAL))
    assert run.code == 0, run.err
    assert run.err == ""
    out = run.out
    assert out.startswith(f"Cost of social-app ({SOCIAL})\n")
    assert "us-east-1 (US East (N. Virginia)) · prices as of 2026-08-15 · the coming month · USD" in out
    bill = price_design(design_of(SOCIAL.read_text(encoding="utf-8")))
    total = f"{bill.total_monthly_usd:,.2f}"
    assert re.search(rf"^SocialApp — on-demand, Standard +\${total} a month$", out, re.M)
    assert f"Total: ${total} a month · us-east-1 (US East (N. Virginia)) · prices as of 2026-08-15" in out
    for category, subject in (
        ("reads", "SocialApp"),
        ("writes", "SocialApp"),
        ("storage", "SocialApp"),
        ("index-storage", "GSI1"),
        ("backups", "point-in-time recovery"),
    ):
        assert re.search(rf"^  {category} +{re.escape(subject)} ", out, re.M), category
    assert "$0.125/M" in out
    assert "$0.625/M" in out
    # Every access pattern, most expensive first.
    table = bill.tables[0]
    expected = [p.name for p in sorted(table.patterns, key=lambda p: -(p.monthly_usd or 0.0))]
    shown = [line.split()[0] for line in out.splitlines() if line.split()[:1] and line.split()[0] in expected]
    assert shown == expected
    assert all(len(line) <= 100 for line in out.splitlines()), max(out.splitlines(), key=len)


@needs_social
def test_social_json_matches_the_bill(cli: CliRunner) -> None:
    document = cost_json(cli, str(SOCIAL))
    bill = price_design(design_of(SOCIAL.read_text(encoding="utf-8")))
    assert document["region"] == "us-east-1"
    assert document["prices_as_of"] == bill.prices_as_of
    assert document["total_monthly_usd"] == pytest.approx(bill.total_monthly_usd)
    (table,) = document["tables"]
    assert table["name"] == "SocialApp"
    assert table["monthly_usd"] == pytest.approx(bill.tables[0].monthly_usd)
    expected = {(p.table, p.name): p for p in bill.tables[0].patterns}
    assert {(p["table"], p["name"]) for p in document["access_patterns"]} == set(expected)
    for pattern in document["access_patterns"]:
        cost = expected[(pattern["table"], pattern["name"])]
        assert pattern["read_units_per_request"] == cost.read_units_per_request
        assert pattern["write_units_per_request"] == cost.write_units_per_request
        assert pattern["requests_per_month"] == pytest.approx(cost.requests_per_month)
        assert pattern["monthly_usd"] == pytest.approx(cost.monthly_usd)
    recent = by_name(document["access_patterns"], "recent-posts")
    assert recent["read_units_per_request"] == 5  # 20 × 2 KB = 40 KB → 10 × 4 KB, eventually consistent
    assert recent["requests_per_month"] == 250 * 730 * 3600


# --------------------------------------------------------------------------- the JSON shape


def check_line(line: dict[str, Any]) -> None:
    assert set(line) >= {"category", "subject", "monthly_usd", "formula"}
    assert isinstance(line["category"], str)
    assert isinstance(line["subject"], str)
    assert isinstance(line["monthly_usd"], OPTIONAL_NUMBER)
    assert isinstance(line["formula"], str)
    assert line["formula"]
    assert isinstance(line["quantity"], NUMBER)
    assert isinstance(line["unit"], str)
    assert isinstance(line["unconfirmed"], bool)


def check_shape(document: dict[str, Any]) -> None:
    assert set(document) >= {"region", "prices_as_of", "total_monthly_usd", "tables", "access_patterns"}
    assert isinstance(document["region"], str)
    assert isinstance(document["prices_as_of"], (str, type(None)))
    assert isinstance(document["total_monthly_usd"], NUMBER)
    assert document["currency"] == "USD"
    assert isinstance(document["month"], int)
    assert isinstance(document["complete"], bool)
    assert isinstance(document["notes"], list)
    assert isinstance(document["tables"], list)
    for table in document["tables"]:
        assert set(table) >= {"name", "monthly_usd", "lines"}
        assert isinstance(table["name"], str)
        assert isinstance(table["monthly_usd"], NUMBER)
        assert table["billing"] in ("on-demand", "provisioned")
        assert table["class"] in ("standard", "standard-ia")
        assert isinstance(table["lines"], list)
        for line in table["lines"]:
            check_line(line)
        # A table's figure is the sum of its priced lines.
        assert table["monthly_usd"] == pytest.approx(
            sum(line["monthly_usd"] or 0.0 for line in table["lines"])
        )
    for line in document["credits"]:
        check_line(line)
    for pattern in document["access_patterns"]:
        assert set(pattern) >= {
            "table",
            "name",
            "read_units_per_request",
            "write_units_per_request",
            "requests_per_month",
            "monthly_usd",
        }
        assert isinstance(pattern["table"], str)
        assert isinstance(pattern["name"], str)
        for key in ("read_units_per_request", "write_units_per_request", "requests_per_month", "monthly_usd"):
            assert isinstance(pattern[key], OPTIONAL_NUMBER), key
    # The total is the sum of the tables and the free-tier credits.
    assert document["total_monthly_usd"] == pytest.approx(
        sum(t["monthly_usd"] for t in document["tables"])
        + sum(c["monthly_usd"] or 0.0 for c in document["credits"])
    )


@pytest.mark.parametrize("spec", [NOTES_SPEC, PROVISIONED_SPEC, BROKEN_SPEC])
def test_json_shape(cli: CliRunner, workdir: Path, spec: str) -> None:
    write(workdir, "design.ddb.yaml", spec)
    document = cost_json(cli, "design.ddb.yaml")
    check_shape(document)
    assert "compare" not in document
    json.dumps(document, allow_nan=False)  # no NaN or infinity


@needs_social
def test_json_shape_of_the_shared_example(cli: CliRunner) -> None:
    document = cost_json(cli, str(SOCIAL), "--compare")
    check_shape(document)
    assert document["total_monthly_usd"] == pytest.approx(sum(t["monthly_usd"] for t in document["tables"]))


def test_totals_without_the_free_tier_are_the_sum_of_the_tables(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    document = cost_json(cli, "notes.ddb.yaml")
    assert document["credits"] == []
    assert document["total_monthly_usd"] == sum(t["monthly_usd"] for t in document["tables"])


def test_free_tier_credits_come_off_the_total(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "ledger.ddb.yaml", PROVISIONED_SPEC)
    document = cost_json(cli, "ledger.ddb.yaml")
    bill = bill_of(PROVISIONED_SPEC)
    subjects = {c["subject"] for c in document["credits"]}
    assert {"storage", "provisioned reads", "provisioned writes"} <= subjects
    assert all(c["monthly_usd"] < 0 for c in document["credits"])
    assert document["total_monthly_usd"] == pytest.approx(bill.total_monthly_usd)
    assert document["total_monthly_usd"] < document["tables"][0]["monthly_usd"]
    text = cli("cost", "ledger.ddb.yaml").out
    assert "Free tier (pricing: free_tier: true)" in text
    assert "always-free tier" not in text


def test_patterns_and_lines_match_the_bill(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    document = cost_json(cli, "notes.ddb.yaml")
    bill = bill_of(NOTES_SPEC)
    (table,) = document["tables"]
    assert len(table["lines"]) == len(bill.tables[0].lines)
    for cost in bill.tables[0].lines:
        line = line_of(table, cost.category, cost.subject)
        assert line["monthly_usd"] == cost.monthly_usd
        assert line["quantity"] == cost.quantity
        assert line["formula"] == cost.formula
    assert line_of(table, "index-writes", "ByTag")["monthly_usd"] > 0
    for priced in bill.tables[0].patterns:
        pattern = by_name(document["access_patterns"], priced.name)
        assert pattern["monthly_usd"] == priced.monthly_usd
        assert pattern["read_units_per_request"] == priced.read_units_per_request
        assert pattern["write_units_per_request"] == priced.write_units_per_request
        assert pattern["requests_per_month"] == priced.requests_per_month
    save = by_name(document["access_patterns"], "save-note")
    assert save["write_units_per_request"] == 4  # 3 KB on the table + a keys-only GSI entry
    assert save["index"] is None
    assert by_name(document["access_patterns"], "notes-by-tag")["index"] == "ByTag"
    # On demand, the patterns add up to the reads and writes.
    throughput = sum(
        line["monthly_usd"]
        for line in table["lines"]
        if line["category"] in ("reads", "writes", "index-writes")
    )
    assert sum(p["monthly_usd"] for p in document["access_patterns"]) == pytest.approx(throughput)


# --------------------------------------------------------------------------- Regions and months


def test_region_option_changes_the_region_and_the_prices(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    home = cost_json(cli, "notes.ddb.yaml")
    ohio = cost_json(cli, "notes.ddb.yaml", "--region", "us-east-2")
    ireland = cost_json(cli, "notes.ddb.yaml", "--region", "eu-west-1")
    assert home["region"] == "us-east-1"
    assert ohio["region"] == "us-east-2"
    assert ohio["region_name"] == "US East (Ohio)"
    assert ohio["prices_as_of"] == bill_of(NOTES_SPEC, region="us-east-2").prices_as_of
    assert ohio["prices_as_of"] != home["prices_as_of"]
    assert ireland["region"] == "eu-west-1"
    assert ireland["total_monthly_usd"] == pytest.approx(
        bill_of(NOTES_SPEC, region="eu-west-1").total_monthly_usd
    )
    assert ireland["total_monthly_usd"] > home["total_monthly_usd"]
    reads = line_of(ireland["tables"][0], "reads")
    assert reads["unconfirmed"] is True
    assert "$0.1415/M" in reads["formula"]
    text = cli("cost", "notes.ddb.yaml", "--region", "eu-west-1").out
    assert "eu-west-1 (Europe (Ireland))" in text
    assert "$0.1415/M" in text
    assert re.search(r"\$\d+\.\d\d\*", text)  # unconfirmed prices are marked
    assert "* unconfirmed price" in text


def test_a_region_without_prices_is_reported_not_failed(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    run = cli("cost", "notes.ddb.yaml", "--region", "ap-southeast-1")
    assert run.code == 0
    assert "no price table for ap-southeast-1" in run.err
    assert "ap-southeast-1 · no price table" in run.out
    assert "Total: not priced" in run.out
    assert "No price table for ap-southeast-1" in run.out
    assert re.search(r"^Notes — on-demand, Standard +not priced$", run.out, re.M)
    assert re.search(r"^  reads +Notes +[\d.]+M RRU +not priced$", run.out, re.M)
    document = cost_json(cli, "notes.ddb.yaml", "--region", "ap-southeast-1")
    check_shape(document)
    assert document["region"] == "ap-southeast-1"
    assert document["prices_as_of"] is None
    assert document["complete"] is False
    assert document["total_monthly_usd"] == 0
    assert all(line["monthly_usd"] is None for line in document["tables"][0]["lines"])
    assert all(p["monthly_usd"] is None for p in document["access_patterns"])
    # The quantities are still there.
    assert by_name(document["access_patterns"], "get-note")["read_units_per_request"] == 0.5


def test_spec_region_without_prices(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC.replace("region: us-east-1", "region: sa-east-1"))
    run = cli("cost", "notes.ddb.yaml", "--format", "markdown")
    assert run.code == 0
    assert "no price table for sa-east-1" in run.err
    assert "**Total: not priced**" in run.out


def test_partially_priced_region(cli: CliRunner, workdir: Path) -> None:
    # eu-west-1 has no provisioned-capacity prices: those lines stay unpriced.
    write(workdir, "ledger.ddb.yaml", PROVISIONED_SPEC)
    run = cli("cost", "ledger.ddb.yaml", "--region", "eu-west-1")
    assert run.code == 0
    assert "2 lines of the bill not priced" in run.err
    assert "write_capacity_unit_hour" in run.err
    assert "+ 2 lines not priced" in run.out
    document = cost_json(cli, "ledger.ddb.yaml", "--region", "eu-west-1")
    assert document["complete"] is False
    assert document["unpriced_lines"] == 2
    assert line_of(document["tables"][0], "storage")["monthly_usd"] > 0


@pytest.mark.parametrize("region", ["mars", "us_east_1", "US-EAST-1", "us-east", ""])
def test_a_region_that_is_no_region_code_is_a_usage_error(cli: CliRunner, workdir: Path, region: str) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    run = cli("cost", "notes.ddb.yaml", "--region", region)
    assert run.code == 2
    assert "not an AWS Region code" in run.err
    assert run.out == ""


def test_months_grow_storage(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    first = cost_json(cli, "notes.ddb.yaml")
    later = cost_json(cli, "notes.ddb.yaml", "--months", "12")
    assert first["month"] == 1
    assert later["month"] == 12
    before, after = first["tables"][0], later["tables"][0]
    assert line_of(after, "storage")["quantity"] > line_of(before, "storage")["quantity"]
    assert line_of(after, "index-storage")["quantity"] > line_of(before, "index-storage")["quantity"]
    assert line_of(after, "backups")["monthly_usd"] > line_of(before, "backups")["monthly_usd"]
    assert line_of(after, "reads")["monthly_usd"] == line_of(before, "reads")["monthly_usd"]
    assert later["total_monthly_usd"] == pytest.approx(bill_of(NOTES_SPEC, month=12).total_monthly_usd)
    # 5M items + 50K/day over 11.5 months: 22.5M items of 3 KB + 100 B on average in month 12.
    grown = next(line for line in bill_of(NOTES_SPEC, month=12).tables[0].lines if line.category == "storage")
    assert line_of(after, "storage")["quantity"] == grown.quantity
    assert grown.quantity == pytest.approx((5e6 + 50e3 * 11.5 * 730 / 24) * (3 * 1024 + 100) / 1024**3)
    text = cli("cost", "notes.ddb.yaml", "--months", "12").out
    assert "month 12 from now" in text
    assert "average of month 12" in text


@pytest.mark.parametrize("months", ["0", "-1", "1.5", "twelve"])
def test_months_must_be_a_positive_whole_number(cli: CliRunner, workdir: Path, months: str) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    run = cli("cost", "notes.ddb.yaml", f"--months={months}")
    assert run.code == 2
    assert "--months" in run.err


# --------------------------------------------------------------------------- --compare


def alternative(comparison: dict[str, Any], group: str, key: str) -> dict[str, Any]:
    return next(a for a in comparison[group] if a["scenario"] == key)


def test_compare_on_demand_table(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    document = cost_json(cli, "notes.ddb.yaml", "--compare")
    (comparison,) = document["compare"]
    assert comparison["table"] == "Notes"
    assert [a["scenario"] for a in comparison["capacity_mode"]] == [
        "on-demand",
        "provisioned",
        "provisioned-reserved",
    ]
    assert [a["scenario"] for a in comparison["table_class"]] == ["standard", "standard-ia"]
    current = alternative(comparison, "capacity_mode", "on-demand")
    assert current["current"] is True
    assert current["monthly_usd"] == document["tables"][0]["monthly_usd"]
    design = design_of(NOTES_SPEC)
    for group, key, scenario in (
        ("capacity_mode", "provisioned", Scenario(billing="provisioned", derive_capacity=True)),
        (
            "capacity_mode",
            "provisioned-reserved",
            Scenario(billing="provisioned", derive_capacity=True, reserved=True),
        ),
        ("table_class", "standard-ia", Scenario(table_class="standard-ia")),
    ):
        expected = price_design(design, scenario=scenario).tables[0]
        found = alternative(comparison, group, key)
        assert found["monthly_usd"] == pytest.approx(expected.monthly_usd), key
        assert found["current"] is False
        assert found["throughput_usd"] + found["storage_usd"] + found["other_usd"] == pytest.approx(
            found["monthly_usd"]
        )
    provisioned = alternative(comparison, "capacity_mode", "provisioned")
    assert provisioned["billing"] == "provisioned"
    assert provisioned["capacity"]["Notes"]["read"] > 0
    assert alternative(comparison, "capacity_mode", "provisioned-reserved")["reserved"] is True
    assert alternative(comparison, "table_class", "standard-ia")["class"] == "standard-ia"

    text = cli("cost", "notes.ddb.yaml", "--compare").out
    for label in (
        "on-demand (now)",
        "provisioned at peaks ÷ 70%",
        "same, 1-year reserved",
        "Standard (now)",
        "Standard-IA",
    ):
        assert re.search(rf"^  {re.escape(label)} +\$", text, re.M), label
    ia = alternative(comparison, "table_class", "standard-ia")["monthly_usd"]
    assert f"+${ia - current['monthly_usd']:,.2f}" in text
    assert all(len(line) <= 100 for line in text.splitlines())


def test_compare_provisioned_table_uses_its_declared_capacity(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "ledger.ddb.yaml", PROVISIONED_SPEC)
    (comparison,) = cost_json(cli, "ledger.ddb.yaml", "--compare")["compare"]
    keys = [a["scenario"] for a in comparison["capacity_mode"]]
    assert keys == ["provisioned-declared", "provisioned-reserved", "provisioned", "on-demand"]
    design = design_of(PROVISIONED_SPEC)
    reserved = alternative(comparison, "capacity_mode", "provisioned-reserved")
    expected = price_design(design, scenario=Scenario(billing="provisioned", reserved=True)).tables[0]
    assert reserved["monthly_usd"] == pytest.approx(expected.monthly_usd)
    assert reserved["capacity"] == {"Ledger": {"read": 300, "write": 250}}
    assert any(line["unit"] == "reserved RCU" for line in reserved["lines"])
    assert (
        reserved["monthly_usd"]
        < alternative(comparison, "capacity_mode", "provisioned-declared")["monthly_usd"]
    )
    on_demand = alternative(comparison, "capacity_mode", "on-demand")
    expected = price_design(design, scenario=Scenario(billing="on-demand")).tables[0]
    assert on_demand["monthly_usd"] == pytest.approx(expected.monthly_usd)
    text = cli("cost", "ledger.ddb.yaml", "--compare").out
    assert "provisioned, as declared (now)" in text
    assert "capacity: Ledger 300 RCU / 250 WCU" in text


def test_compare_standard_ia_table_offers_no_reserved_capacity(cli: CliRunner, workdir: Path) -> None:
    spec = NOTES_SPEC.replace("pitr: true", "pitr: true\n    class: standard-ia")
    write(workdir, "notes.ddb.yaml", spec)
    (comparison,) = cost_json(cli, "notes.ddb.yaml", "--compare")["compare"]
    assert [a["scenario"] for a in comparison["capacity_mode"]] == ["on-demand", "provisioned"]
    assert alternative(comparison, "table_class", "standard-ia")["current"] is True
    assert "reserved capacity is not sold for the Standard-IA class" in comparison["notes"]


@needs_social
def test_compare_on_the_shared_example(cli: CliRunner) -> None:
    run = cli("cost", str(SOCIAL), "--compare")
    assert run.code == 0
    assert "on-demand (now)" in run.out
    assert "provisioned at peaks" in run.out
    assert "Standard-IA" in run.out
    assert "1-year reserved" in run.out


# --------------------------------------------------------------------------- layouts


def test_markdown_renders_tables(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    run = cli("cost", "notes.ddb.yaml", "--format", "markdown", "--compare")
    assert run.code == 0
    out = run.out
    assert out.startswith("# Cost of notes\n")
    assert "## Notes — on-demand, Standard: $" in out
    assert "| Category | Subject | Quantity | Unit price | $/month |" in out
    assert "| --- | --- | ---: | ---: | ---: |" in out
    assert "### Access patterns" in out
    assert "| Access pattern | Operation |" in out
    assert "### Alternatives" in out
    assert "| on-demand (now) |" in out
    assert "prices as of 2026-08-15" in out
    # Every table row has as many cells as its header.
    tables = re.findall(r"((?:^\|.*\|\n)+)", out, re.M)
    assert len(tables) >= 4
    for block in tables:
        widths = {row.count(" | ") for row in block.splitlines()}
        assert len(widths) == 1, block
    formulas = cli("cost", "notes.ddb.yaml", "--format", "markdown", "--formulas").out
    assert "| Formula |" in formulas


def test_text_formulas_switch(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    plain = cli("cost", "notes.ddb.yaml").out
    verbose = cli("cost", "notes.ddb.yaml", "-v").out
    bill = bill_of(NOTES_SPEC)
    reads = next(line for line in bill.tables[0].lines if line.category == "reads")
    assert reads.formula not in plain
    assert "      " + reads.formula in verbose  # short enough to stay on one line
    assert "PutItem of a 3 KB Note item" in verbose
    assert all(len(line) <= 100 for line in verbose.splitlines())


def test_text_layout_is_aligned(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    lines = cli("cost", "notes.ddb.yaml").out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("  category "))
    rows = lines[header : header + 7]
    # The dollar column ends in the same place on every row of the table.
    ends = {len(row.rstrip("*")) for row in rows}
    assert len(ends) == 1, rows
    patterns = next(i for i, line in enumerate(lines) if line.startswith("  access pattern (by cost)"))
    figures = [float(line.split("$")[-1].replace(",", "")) for line in lines[patterns + 1 : patterns + 4]]
    assert figures == sorted(figures, reverse=True)


def test_output_to_a_file(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    run = cli("cost", "notes.ddb.yaml", "--format", "json", "-o", "cost.json")
    assert run.code == 0
    assert run.out == ""
    saved = json.loads((workdir / "cost.json").read_text(encoding="utf-8"))
    assert saved["tables"][0]["name"] == "Notes"
    assert cli("cost", "notes.ddb.yaml", "-o", "missing/cost.txt").code == 2


def test_spec_from_stdin(cli: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(NOTES_SPEC.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    run = cli("cost", "-")
    assert run.code == 0, run.err
    assert "Cost of notes (<stdin>)" in run.out


# --------------------------------------------------------------------------- errors


def test_spec_with_errors_prices_what_it_can(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "broken.ddb.yaml", BROKEN_SPEC)
    run = cli("cost", "broken.ddb.yaml")
    assert run.code == 0
    assert "1 error in the spec" in run.err
    assert "ddb-architect check broken.ddb.yaml" in run.err
    assert "get-task" in run.out
    assert "The spec has 1 error" in run.out
    document = cost_json(cli, "broken.ddb.yaml")
    assert document["spec_errors"] == 1
    assert [p["name"] for p in document["access_patterns"]] == ["get-task"]
    assert document["total_monthly_usd"] > 0


def test_unreadable_specs_are_usage_errors(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "bad.ddb.yaml", "tables: [unclosed\n")
    run = cli("cost", "bad.ddb.yaml")
    assert run.code == 2
    assert "cannot be priced" in run.err
    assert run.out == ""
    missing = cli("cost", "missing.ddb.yaml")
    assert missing.code == 2
    assert "no such file" in missing.err
    (workdir / "designs").mkdir()
    directory = cli("cost", "designs")
    assert directory.code == 2
    assert "is a directory" in directory.err
    assert cli("cost").code == 2  # SPEC is required
    assert cli("cost", "bad.ddb.yaml", "--format", "sarif").code == 2


def test_invalid_utf8_counts_as_an_error(cli: CliRunner, workdir: Path) -> None:
    (workdir / "latin1.ddb.yaml").write_bytes(
        NOTES_SPEC.replace("name: notes\n", "name: caf\xe9\n", 1).encode("latin-1")
    )
    run = cli("cost", "latin1.ddb.yaml")
    assert run.code == 0
    assert "1 error in the spec" in run.err


def test_empty_design_costs_nothing(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "empty.ddb.yaml", "version: 1\nname: empty\n")
    run = cli("cost", "empty.ddb.yaml")
    assert run.code == 0
    assert "No tables to price." in run.out
    assert "Total: $0.00 a month" in run.out
    document = cost_json(cli, "empty.ddb.yaml")
    assert document["tables"] == []
    assert document["total_monthly_usd"] == 0


def test_the_other_commands_still_work(cli: CliRunner, workdir: Path) -> None:
    write(workdir, "notes.ddb.yaml", NOTES_SPEC)
    assert cli("check", "notes.ddb.yaml").code == 0
    assert cli("rules", "DDB101").code == 0
    assert "cost" in cli("--help").out
