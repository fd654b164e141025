"""The SARIF 2.1.0 format, as GitHub code scanning reads it: one run whose driver lists
every rule of the catalog with its documentation, and one result per finding with a
1-based region and a fingerprint that survives lines moving."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ddb_architect import __version__
from ddb_architect.findings import Severity
from ddb_architect.output.report import (
    Report,
    ReportedFinding,
    catalog_codes,
    describe_rule,
    rule_docs_url,
)
from ddb_architect.resources import PROJECT_URL, rule_doc
from ddb_architect.rules.registry import Rule, all_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SOURCE_ROOT = "%SRCROOT%"
FINGERPRINT_KEY = "ddbArchitect/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _first_paragraph(page: str) -> str | None:
    """The first paragraph of a rule page that is not a heading."""
    paragraph: list[str] = []
    for line in page.splitlines():
        stripped = line.strip()
        if not stripped:
            if paragraph:
                break
            continue
        if stripped.startswith("#") and not paragraph:
            continue
        paragraph.append(stripped)
    return " ".join(paragraph) or None


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    page = rule_doc(rule.code)
    url = rule_docs_url(rule.code)
    help_markdown = page if page else f"{rule.summary}\n\nSee [{rule.code}]({url})."
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": (_first_paragraph(page) if page else None) or rule.summary},
        "help": {"text": page or f"{rule.summary}. See {url}", "markdown": help_markdown},
        "helpUri": url,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["dynamodb", rule.family]},
    }


def _catalog(report: Report) -> list[Rule]:
    """Every rule of the catalog, and any rule a finding names that it lacks."""
    rules = {rule.code: rule for rule in all_rules()}
    for code in (set(catalog_codes()) | set(report.by_code())) - set(rules):
        rules[code] = describe_rule(code) or Rule(code, code.lower(), Severity.ERROR, code)
    return [rules[code] for code in sorted(rules)]


def artifact_location(path: str, root: Path) -> dict[str, str]:
    """A file's URI relative to ``root`` (the source root) when it lies under it, else an
    absolute ``file:`` URI."""
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(root.resolve())
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": SOURCE_ROOT}


def _line_text(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line].rstrip("\r") if 0 <= line < len(lines) else ""


def fingerprint(entry: ReportedFinding, uri: str) -> str:
    """A hash of what identifies a finding apart from its line number."""
    finding = entry.finding
    line_text = _line_text(entry.file.text, finding.span.start.line).strip()
    material = "\0".join((finding.code, uri, finding.message, line_text))
    return hashlib.sha256(material.encode("utf-8", errors="surrogatepass")).hexdigest()[:32]


def _result(entry: ReportedFinding, rule_index: int, root: Path, seen: Counter[str]) -> dict[str, Any]:
    finding = entry.finding
    location = artifact_location(entry.path, root)
    key = fingerprint(entry, location["uri"])
    seen[key] += 1
    start, end = finding.span.start, finding.span.end
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": {
                        "startLine": start.line + 1,
                        "startColumn": start.column + 1,
                        "endLine": end.line + 1,
                        "endColumn": end.column + 1,
                    },
                }
            }
        ],
        # Identical findings on identical lines of a file are told apart by their order.
        "partialFingerprints": {FINGERPRINT_KEY: f"{key}:{seen[key]}"},
    }


def _directory_uri(directory: Path) -> str:
    uri = directory.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def sarif_log(report: Report, root: Path | None = None) -> dict[str, Any]:
    """The SARIF log of a report; URIs are relative to ``root`` (default: the current
    directory), which ``%SRCROOT%`` stands for."""
    root = root or Path.cwd()
    rules = _catalog(report)
    index = {rule.code: i for i, rule in enumerate(rules)}
    seen: Counter[str] = Counter()
    results = [_result(entry, index[entry.finding.code], root, seen) for entry in report.findings]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ddb-architect",
                        "informationUri": PROJECT_URL,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [rule_descriptor(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {SOURCE_ROOT: {"uri": _directory_uri(root)}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(report: Report, root: Path | None = None) -> str:
    return json.dumps(sarif_log(report, root), indent=2, ensure_ascii=False) + "\n"
