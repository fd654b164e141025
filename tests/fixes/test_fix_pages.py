"""Rule pages say which findings have a quick fix, and name it.

Each page's header line ends with ``Quick fix: …``. A rule with a fixer says what the fix
does there, and its "How to fix" section has a ``**Quick fix:**`` paragraph that names the
fixes by the titles the editor shows for the page's own example (up to any parenthesis,
where a figure may change), and says when ``check --fix`` applies them: when they are
safe. A rule without one says ``none yet``, maybe with ``(planned: …)``, and claims no
quick fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ddb_architect.code.specs import SpecSet
from ddb_architect.engine import check_python, check_spec, read_python
from ddb_architect.findings import Finding
from ddb_architect.fixes.engine import fixes_for
from ddb_architect.fixes.model import Fix
from ddb_architect.fixes.registry import FixContext, fixable_codes
from ddb_architect.resources import rule_docs_dir
from ddb_architect.rules.drift import unimplemented_patterns
from ddb_architect.rules.registry import get_rule
from ddb_architect.spec.loader import load_spec

HEADER = re.compile(r"^Severity: .+ · Family: .+ · Quick fix: (?P<fix>.+)$", re.MULTILINE)
NONE_YET = re.compile(r"^none yet( \(planned: .+\))?$")
PARAGRAPH = re.compile(r"^\*\*Quick fix:\*\*(?P<text>.+?)(?:\n\n|\Z)", re.MULTILINE | re.DOTALL)

PAGES = sorted(rule_docs_dir().glob("DDB[0-9][0-9][0-9].md"))
FIXABLE = fixable_codes()


def code_of(page: Path) -> str:
    return page.stem


def quick_fix_line(text: str) -> str:
    match = HEADER.search(text)
    assert match, "no 'Severity: … · Family: … · Quick fix: …' line"
    return match["fix"].strip()


def how_to_fix(text: str) -> str:
    assert "## How to fix" in text
    return text.split("## How to fix", 1)[1].split("\n## ", 1)[0]


def _fenced(text: str) -> list[tuple[str, str]]:
    return re.findall(r"```(\w*)\n(.*?)```", text, flags=re.DOTALL)


def example_fixes(code: str, text: str) -> list[Fix]:
    """The fixes (suppression left out) of the findings the page's example produces: a
    spec rule's first ```yaml block, a code rule's first ```python block with the
    ```yaml block before it as its spec."""
    example = text.split("## How to fix", 1)[0].split("## Example", 1)[-1]
    blocks = _fenced(example)
    rule = get_rule(code)
    scope = rule.scope if rule is not None else "spec"
    spec = next((body for language, body in blocks if language == "yaml"), None)
    python = next((body for language, body in blocks if language == "python"), None)
    findings: list[Finding]
    if scope == "spec" or python is None:
        if spec is None:
            return []
        path = f"{code}.ddb.yaml"
        findings = check_spec(spec, path).findings
        context = FixContext(spec, path, "spec", load_spec(spec, path))
    else:
        documents = [load_spec(spec, f"{code}.ddb.yaml")] if spec is not None else []
        specs = SpecSet(documents)
        path = f"{code.lower()}.py"
        read = read_python(python, path, specs)
        if scope == "workspace":
            assert spec is not None
            assert read is not None
            found = unimplemented_patterns(documents, [read])
            findings = [f for fs in found.values() for f in fs]
            context = FixContext(spec, f"{code}.ddb.yaml", "spec", documents[0])
        else:
            findings = check_python(python, path, specs).findings
            context = FixContext(python, path, "python", read)
    return [fix for f in findings if f.code == code for fix in fixes_for(context, f, suppress=False)]


def test_every_rule_with_a_fixer_has_a_page() -> None:
    codes = {code_of(page) for page in PAGES}
    assert set(FIXABLE) <= codes, sorted(set(FIXABLE) - codes)


@pytest.mark.parametrize("page", PAGES, ids=code_of)
def test_the_page_says_whether_the_rule_has_a_quick_fix(page: Path) -> None:
    code = code_of(page)
    text = page.read_text(encoding="utf-8")
    line = quick_fix_line(text)
    paragraphs = PARAGRAPH.findall(how_to_fix(text))
    if code not in FIXABLE:
        assert NONE_YET.match(line), f"{code} has no fixer: its page must say 'none yet', not {line!r}"
        assert not paragraphs, f"{code} has no fixer, yet its page describes one"
        return
    assert not line.startswith("none yet"), f"{code} has a fixer: its page's 'Quick fix:' must name it"
    assert len(line.split()) >= 2, f"{code}: say what the quick fix does, not {line!r}"
    assert len(paragraphs) == 1, f"{code}: 'How to fix' needs one '**Quick fix:**' paragraph"
    paragraph = " ".join(paragraphs[0].split())
    for fix in example_fixes(code, text):
        # Named up to any parenthesis: what follows it (a saving in dollars) may change.
        name = fix.title.split("(", 1)[0].strip()
        assert name in paragraph, f"{code}: the page does not name the fix {name!r}"
        if fix.safe:
            assert "check --fix" in paragraph, f"{code}: say that `check --fix` applies {fix.title!r}"
