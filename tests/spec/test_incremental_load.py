"""Loading a spec again after an edit reuses the tables whose text did not change (the
language server's loads), and what was worked out from them: the findings are exactly
those of a fresh check, and only the edited table is built, checked and priced again."""

from __future__ import annotations

import random
from typing import Any

import pytest
from bench.generators import spec_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddb_architect import engine
from ddb_architect.cost import table_costing
from ddb_architect.cost.design_bill import price_design
from ddb_architect.engine import check_spec
from ddb_architect.findings import Finding
from ddb_architect.hover import SpecHovers
from ddb_architect.options import RuleSelection
from ddb_architect.rules.context import TableContext
from ddb_architect.spec.loader import SpecDocument, TableReuse, load_spec
from tests.fuzz.strategies import edited, example_texts

PATH = "/specs/shop.ddb.yaml"


def _findings(findings: list[Finding]) -> list[tuple[Any, ...]]:
    return [(f.code, f.severity, f.span, f.message, f.data) for f in findings]


def _bill(document: SpecDocument) -> Any:
    if document.design is None:
        return None
    bill = price_design(document.design)
    return (
        bill.total_monthly_usd,
        [(t.name, t.monthly_usd, [line.formula for line in t.lines], t.notes) for t in bill.tables],
        [line.formula for line in bill.credits],
    )


def _same_as_fresh(text: str, reuse: TableReuse, selection: RuleSelection | None = None) -> SpecDocument:
    """Load ``text`` through ``reuse`` and check it: the same as a fresh load and check."""
    document = load_spec(text, PATH, reuse=reuse)
    fresh = load_spec(text, PATH)
    assert _findings(document.findings) == _findings(fresh.findings)
    incremental = check_spec(text, PATH, selection, document=document)
    assert incremental.document is document
    assert _findings(incremental.findings) == _findings(check_spec(text, PATH, selection).findings)
    if fresh.design is not None:
        assert document.design is not None
        assert document.design.model_dump(warnings=False) == fresh.design.model_dump(warnings=False)
        for name, table in fresh.design.tables.items():
            reused = document.design.tables[name]
            assert reused.name_span == table.name_span
            assert [p.span("name") for p in reused.access_patterns] == [
                p.span("name") for p in table.access_patterns
            ]
        assert _bill(document) == _bill(fresh)
    return document


def _edit(text: str, rng: random.Random) -> str:
    """One edit as a user makes it: a character typed or deleted, a line added, removed
    or duplicated."""
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    line = lines[index]
    operation = rng.choice(
        ["type", "type", "type", "delete-char", "new-line", "delete-line", "duplicate-line"]
    )
    if operation == "type":
        at = rng.randint(0, len(line))
        lines[index] = line[:at] + rng.choice(["x", "1", " ", ":", "#", "-", "{", "K"]) + line[at:]
    elif operation == "delete-char" and line:
        at = rng.randrange(len(line))
        lines[index] = line[:at] + line[at + 1 :]
    elif operation == "new-line":
        lines.insert(index, "")
    elif operation == "delete-line":
        del lines[index]
    else:
        lines.insert(index, line)
    return "\n".join(lines)


SPECS = [*example_texts(".ddb.yaml"), spec_text(6)]


@pytest.mark.parametrize("seed", range(6))
def test_seeded_edits_check_exactly_as_a_fresh_check(seed: int) -> None:
    rng = random.Random(seed)
    for base in SPECS:
        reuse = TableReuse()
        text = base
        _same_as_fresh(text, reuse)
        for _ in range(8):
            text = _edit(text, rng)
            _same_as_fresh(text, reuse)
            # typing on: most edits leave the other tables as they were
            text = _edit(text, rng) if rng.random() < 0.3 else text


def test_edits_with_the_free_tier_and_other_rule_selections_check_as_fresh() -> None:
    rng = random.Random(7)
    base = spec_text(4).replace("region: us-east-1\n", "region: us-east-1\npricing: {free_tier: true}\n", 1)
    assert "free_tier" in base
    reuse = TableReuse()
    text = base
    for step in range(6):
        selection = RuleSelection(ignore=("DDB401",)) if step % 2 else None
        _same_as_fresh(text, reuse, selection)
        text = _edit(text, rng)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SPECS),
    st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=3),
    edited(st.sampled_from(SPECS), ["x", "\n", "  ", "- ", ": ", "{", "}", "#", "tables:\n"], max_edits=3),
)
def test_any_edited_spec_checks_as_fresh_after_any_other(base: str, seeds: list[int], other: str) -> None:
    reuse = TableReuse()
    _same_as_fresh(base, reuse)
    text = base
    for seed in seeds:
        text = _edit(text, random.Random(seed))
        _same_as_fresh(text, reuse)
    _same_as_fresh(other, reuse)
    _same_as_fresh(base, reuse)


def _typed_into_a_description(text: str, table: str) -> str:
    start = text.index(f"  {table}:\n")
    at = text.index("description:", start)
    end = text.index("\n", at)
    return text[:end] + " and more" + text[end:]


def test_an_edit_in_one_table_builds_checks_and_prices_only_that_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = spec_text(12)
    tables = list(load_spec(text).design.tables)  # type: ignore[union-attr]
    assert len(tables) == 12
    contexts: list[str] = []
    priced: list[str] = []
    real_of = TableContext.of.__func__  # type: ignore[attr-defined]
    real_compute = table_costing.TableCosting.compute

    def counting_of(cls: type[TableContext], design: Any, table: Any, book: Any = None) -> TableContext:
        contexts.append(table.name)
        return real_of(cls, design, table, book)  # type: ignore[no-any-return]

    def counting_compute(self: table_costing.TableCosting) -> Any:
        priced.append(self.table.name)
        return real_compute(self)

    monkeypatch.setattr(engine.TableContext, "of", classmethod(counting_of))
    monkeypatch.setattr(table_costing.TableCosting, "compute", counting_compute)

    reuse = TableReuse()
    first = _same_as_fresh(text, reuse)
    SpecHovers(first).prepare()
    assert (reuse.reused, reuse.built) == (0, 12)

    edited_text = _typed_into_a_description(text, tables[4])
    contexts.clear()
    priced.clear()
    document = load_spec(edited_text, PATH, reuse=reuse)
    assert (reuse.reused, reuse.built) == (11, 13)  # one more table built, eleven reused
    report = check_spec(edited_text, PATH, document=document)
    assert contexts == [tables[4]]  # the rules ran on the edited table only
    hovers = SpecHovers(document)
    hovers.prepare()
    # The edited table priced as declared and for DDB401/DDB402; the hovers price nothing.
    assert set(priced) == {tables[4]}
    assert _findings(report.findings) == _findings(check_spec(edited_text, PATH).findings)
    assert document.design is not None
    assert first.design is not None
    for name in tables:
        reused = document.design.tables[name] is first.design.tables[name]
        assert reused == (name != tables[4])


def test_a_new_line_reuses_only_the_tables_before_it() -> None:
    text = spec_text(5)
    tables = list(load_spec(text).design.tables)  # type: ignore[union-attr]
    reuse = TableReuse()
    first = _same_as_fresh(text, reuse)
    at = text.index(f"  {tables[2]}:\n")
    moved = text[:at] + "\n" + text[at:]
    document = _same_as_fresh(moved, reuse)
    assert document.design is not None
    assert first.design is not None
    assert [document.design.tables[n] is first.design.tables[n] for n in tables] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_anchors_and_aliases_turn_reuse_off() -> None:
    text = spec_text(3) + "\nx-common: &common {billing: on-demand}\n"
    reuse = TableReuse()
    _same_as_fresh(text, reuse)
    _same_as_fresh(text + "\n", reuse)
    assert reuse.reused == 0


def test_hovers_on_reused_tables_are_those_of_a_fresh_load() -> None:
    text = spec_text(3)
    tables = list(load_spec(text).design.tables)  # type: ignore[union-attr]
    reuse = TableReuse()
    _same_as_fresh(text, reuse)
    edited_text = _typed_into_a_description(text, tables[1])
    document = load_spec(edited_text, PATH, reuse=reuse)
    assert reuse.reused == 2
    check_spec(edited_text, PATH, document=document)
    incremental, fresh = SpecHovers(document), SpecHovers(load_spec(edited_text, PATH))
    hovered = 0
    for line, content in enumerate(edited_text.splitlines()):
        for column in {len(content) - len(content.lstrip()), content.find(": ") + 2, len(content) - 2}:
            if 0 <= column < len(content):
                expected = fresh.at(line, column)
                assert incremental.at(line, column) == expected
                hovered += expected is not None
    assert hovered > 100


def test_the_language_servers_spec_analyzer_reuses_the_unchanged_tables(tmp_path: Any) -> None:
    from ddb_architect.config import ProjectConfig
    from ddb_architect.lsp.analyzers import AnalysisRequest, analyze_spec
    from ddb_architect.lsp.settings import ServerSettings
    from ddb_architect.spec import loader

    path = tmp_path / "shop.ddb.yaml"
    text = spec_text(4)
    tables = list(load_spec(text).design.tables)  # type: ignore[union-attr]

    def request(text: str) -> AnalysisRequest:
        return AnalysisRequest(
            path.as_uri(), str(path), text, RuleSelection(), ServerSettings(), ProjectConfig()
        )

    edited_text = _typed_into_a_description(text, tables[2])
    saved = loader._TABLE_REUSE
    loader.reuse_tables(None)
    try:
        fresh = [_findings(check_spec(t, str(path)).findings) for t in (text, edited_text)]
        assert _findings(analyze_spec(request(text))) == fresh[0]
        reuse = loader.table_reuse()  # turned on by the analyzer
        assert loader._TABLE_REUSE is reuse
        before = reuse.reused
        findings = analyze_spec(request(edited_text))
        assert reuse.reused - before == 3
        assert _findings(findings) == fresh[1]
    finally:
        loader.reuse_tables(saved)
