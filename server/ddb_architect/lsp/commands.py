"""Commands an editor runs with ``workspace/executeCommand``, each answering Markdown.

- ``ddb-architect.costReport`` ``[uri, options?]``: the spec's cost report, as
  ``ddb-architect cost --format markdown`` prints it, for the text the editor holds (the
  file on disk when the spec is not open). ``options`` may give ``region``, ``months``,
  ``compare`` and ``formulas``, as the ``cost`` command's flags do; without a ``region``,
  the ``region`` setting (else the spec's own) prices it, as hovers do. A document that is
  not a spec, a spec that cannot be read and a file that does not exist get a Markdown
  message saying so.
- ``ddb-architect.ruleDocumentation`` ``[code]``: the rule's page.

Arguments that do not fit (no URI, an unknown rule code, a bad option) answer an
``InvalidParams`` error with a message for the user. The server announces both commands
in ``executeCommandProvider``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from ddb_architect.lsp.client_log import ClientLog
from ddb_architect.lsp.configuration import Configuration
from ddb_architect.lsp.python_specs import SPEC_SUFFIXES
from ddb_architect.resources import rule_doc

if TYPE_CHECKING:
    from ddb_architect.output.spec_cost import CostOptions

# The engine is imported where it is used: the server answers ``initialize`` before loading it.

COST_REPORT = "ddb-architect.costReport"
RULE_DOCUMENTATION = "ddb-architect.ruleDocumentation"
COMMANDS = (COST_REPORT, RULE_DOCUMENTATION)

_OPTION_NAMES = ("region", "months", "compare", "formulas")


def shown_path(uri: str, root: str | None) -> str:
    """The name a report gives a document: its path relative to the workspace root when it
    lies inside it (as ``cost`` shows a path given from there), else its full path."""
    path = to_fs_path(uri)
    if path is None:
        return unquote(urlparse(uri).path) or uri
    if root:
        try:
            return str(Path(path).relative_to(Path(root)))
        except ValueError:
            pass
    return path


def cost_options(raw: Any) -> CostOptions:
    """The report options of the command's second argument (an object, or nothing)."""
    from ddb_architect.output.spec_cost import CostOptions
    from ddb_architect.spec.model import REGION

    if raw is None:
        return CostOptions()
    if not isinstance(raw, Mapping):
        raise JsonRpcInvalidParams(f"{COST_REPORT}: options must be an object, found {raw!r}")
    unknown = sorted(str(key) for key in raw if key not in _OPTION_NAMES)
    if unknown:
        raise JsonRpcInvalidParams(
            f"{COST_REPORT}: unknown option {', '.join(unknown)} (options: {', '.join(_OPTION_NAMES)})"
        )
    region = raw.get("region")
    if region is not None and not (isinstance(region, str) and REGION.match(region)):
        raise JsonRpcInvalidParams(f"{COST_REPORT}: {region!r} is not an AWS Region code such as eu-west-1")
    months = raw.get("months", 1)
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise JsonRpcInvalidParams(
            f"{COST_REPORT}: months must be a whole number, 1 or more, found {months!r}"
        )
    flags = {name: raw.get(name, False) for name in ("compare", "formulas")}
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise JsonRpcInvalidParams(f"{COST_REPORT}: {name} must be true or false, found {value!r}")
    return CostOptions(region=region, months=months, compare=flags["compare"], formulas=flags["formulas"])


def rule_page(arguments: Sequence[Any]) -> str:
    """The page of the rule named by the first argument."""
    from ddb_architect.output.report import describe_rule

    code = arguments[0] if arguments else None
    if not isinstance(code, str) or not code.strip():
        raise JsonRpcInvalidParams(
            f"{RULE_DOCUMENTATION} takes a rule code such as DDB102; `ddb-architect rules` lists them"
        )
    rule = describe_rule(code.strip().upper())
    if rule is None:
        raise JsonRpcInvalidParams(
            f"unknown rule {code.strip()!r}: rule codes look like DDB102; `ddb-architect rules` lists "
            "them all, and each diagnostic shows its code"
        )
    page = rule_doc(rule.code)
    if page is None:
        return f"# {rule.code} {rule.name} ({rule.severity_label})\n\n{rule.summary}\n"
    return page if page.endswith("\n") else page + "\n"


class CommandsFeature:
    """Registers the server's commands."""

    def __init__(self, server: LanguageServer, configuration: Configuration, log: ClientLog) -> None:
        self._server = server
        self._configuration = configuration
        self._log = log

    def register(self, server: LanguageServer) -> None:
        # Arguments arrive as they are sent (``*arguments``): pygls would otherwise try to
        # convert them to the annotated types and fail with a less helpful message.
        @server.command(COST_REPORT)
        async def cost_report(ls: LanguageServer, *arguments: Any) -> str:
            return await self.cost_report(arguments)

        @server.command(RULE_DOCUMENTATION)
        def rule_documentation(ls: LanguageServer, *arguments: Any) -> str:
            return rule_page(arguments)

    async def cost_report(self, arguments: Sequence[Any]) -> str:
        from ddb_architect.output.spec_cost import (
            not_a_spec_markdown,
            spec_cost_markdown,
            unreadable_markdown,
        )

        uri = arguments[0] if arguments else None
        if not isinstance(uri, str) or not uri:
            raise JsonRpcInvalidParams(f"{COST_REPORT} takes the URI of a design spec (*.ddb.yaml)")
        options = cost_options(arguments[1] if len(arguments) > 1 else None)
        if options.region is None:
            await self._configuration.wait_ready()
            options = replace(options, region=self._configuration.settings.region)
        shown = shown_path(uri, self._server.workspace.root_path)
        if not unquote(urlparse(uri).path).lower().endswith(SPEC_SUFFIXES):
            return not_a_spec_markdown(shown)
        document = self._server.workspace.text_documents.get(unquote(uri))
        try:
            if document is not None:
                text, undecodable = document.source, False
            else:
                source = self._read(uri)
                if isinstance(source, str):
                    return source
                text, undecodable = source
            return await asyncio.to_thread(spec_cost_markdown, text, shown, options, undecodable=undecodable)
        except Exception:
            self._log.error(f"the cost report of {shown} failed", exc_info=True)
            return unreadable_markdown(shown, "the server failed while pricing it; its log has the details")

    def _read(self, uri: str) -> tuple[str, bool] | str:
        """The text of a spec that is not open, or the message saying why there is none."""
        from ddb_architect.output.spec_cost import unreadable_markdown
        from ddb_architect.sources import decode_source

        shown = shown_path(uri, self._server.workspace.root_path)
        path = to_fs_path(uri)
        if path is None:
            return unreadable_markdown(shown, "it is not open in the editor and not a file")
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            return unreadable_markdown(shown, "no such file, and it is not open in the editor")
        except OSError as error:
            return unreadable_markdown(shown, f"cannot read it: {error.strerror or error}")
        text, undecodable = decode_source(data)
        return text, undecodable is not None
