"""Hover in Python code: the engine's code hover (a DynamoDB call's access pattern, units
and monthly cost; a table's or index's spec definition) for an open Python document.

A document is read once per version and set of specs (in a worker thread, off the
protocol's event loop); the specs come from ``specs_for``'s sources, open specs as the
editor holds them, and each spec's design is priced once while its text is unchanged.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

from pygls.lsp.server import LanguageServer

from ddb_architect.config import ProjectConfig
from ddb_architect.lsp.configuration import Configuration
from ddb_architect.lsp.python_specs import python_specs, same_specs

if TYPE_CHECKING:
    from ddb_architect.code.specs import SpecSet
    from ddb_architect.hover import HoverResult
    from ddb_architect.hover.code import CodeHovers
    from ddb_architect.lsp.settings import ServerSettings
    from ddb_architect.rules.code_context import CodeContext

# The engine is imported where it is used: the server answers ``initialize`` before loading it.


KEPT_READINGS = 8
"""How many documents' check readings are kept for their first hover (the last checked)."""


@dataclass(frozen=True)
class _Read:
    """A Python document's hovers for one version of its text and one set of specs."""

    version: int | None
    text: str
    specs: SpecSet
    region: str | None
    hovers: CodeHovers | None


class PythonHovers:
    """Hovers of open Python documents, kept per document."""

    def __init__(self, server: LanguageServer, configuration: Configuration) -> None:
        self._server = server
        self._configuration = configuration
        self._read: dict[str, _Read] = {}
        self._checked: dict[str, tuple[str, CodeContext]] = {}
        """The reading of each document's latest check, by URI, with its text: the first
        hover after an edit reuses it instead of reading the file again."""
        # Hovers are read and priced one at a time: the caches below are not shared
        # between threads.
        self._lock = threading.Lock()

    def checked(self, uri: str, text: str, context: CodeContext | None) -> None:
        """In the diagnostics' worker, once a check is done with its reading: keep it for
        hovers on the same text (one reading per text)."""
        self._checked.pop(uri, None)
        if context is None:
            return
        self._checked[uri] = (text, context)
        # Readings are large (a 500-line file's is a few megabytes, with its specs): only
        # those of the documents checked last are kept; a hover elsewhere reads again.
        while len(self._checked) > KEPT_READINGS:
            self._checked.pop(next(iter(self._checked)))

    async def at(
        self, uri: str, path: str, version: int | None, text: str, line: int, column: int
    ) -> HoverResult | None:
        """The hover at a 0-based line and code-point column of the document's text."""
        await self._configuration.wait_ready()
        settings = self._configuration.settings
        project = self._configuration.project_for(path)
        open_uris = set(self._server.workspace.text_documents)
        return await asyncio.to_thread(
            self._at, uri, path, version, text, settings, project, line, column, open_uris
        )

    def _at(
        self,
        uri: str,
        path: str,
        version: int | None,
        text: str,
        settings: ServerSettings,
        project: ProjectConfig,
        line: int,
        column: int,
        open_uris: set[str],
    ) -> HoverResult | None:
        with self._lock:
            for closed in [u for u in self._read if unquote(u) not in open_uris]:
                del self._read[closed]
            for closed in [u for u in list(self._checked) if unquote(u) not in open_uris]:
                self._checked.pop(closed, None)
            hovers = self._hovers(uri, path, version, text, settings, project)
            return hovers.at(line, column) if hovers is not None else None

    def _hovers(
        self,
        uri: str,
        path: str,
        version: int | None,
        text: str,
        settings: ServerSettings,
        project: ProjectConfig,
    ) -> CodeHovers | None:
        from ddb_architect.engine import read_python
        from ddb_architect.hover.code import CodeHovers, priced_in

        found = python_specs(self._server, path, settings, project)
        read = self._read.get(uri)
        if (
            read is not None
            and read.version == version
            and read.text == text
            and read.region == settings.region
            and same_specs(read.specs, found.specs)
        ):
            return read.hovers
        checked = self._checked.get(uri)
        if checked is not None and checked[0] == text and same_specs(checked[1].specs, found.specs):
            context: CodeContext | None = checked[1]
        else:
            context = read_python(text, path, found.specs)
        hovers = (
            CodeHovers(context, origin=found.origin, priced=priced_in(settings.region))
            if context is not None
            else None
        )
        if hovers is not None:
            hovers.prepare()
        self._read[uri] = _Read(version, text, found.specs, settings.region, hovers)
        return hovers
