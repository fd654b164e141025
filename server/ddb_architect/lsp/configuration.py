"""The settings in force: initialization options, then the editor's ``workspace/configuration``,
laid over the project's ``pyproject.toml``; kept current on ``didChangeConfiguration``.

Settings are read when the client initializes the server, again once it is initialized
(when the client answers ``workspace/configuration``), and whenever the client says they
changed. Every change is announced to the listeners (the diagnostics feature checks the
open documents again). A bad setting is logged and replaced by its default.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from ddb_architect.config import ProjectConfig, load_project_config
from ddb_architect.lsp import SECTION
from ddb_architect.lsp.client_log import ClientLog
from ddb_architect.options import RuleSelection

if TYPE_CHECKING:
    from ddb_architect.lsp.settings import ServerSettings

# The settings model (pydantic) is imported when the settings are first read, after the
# server has answered ``initialize``: importing pydantic is a fifth of a start.


READY_TIMEOUT_S = 2.0
"""How long a check waits for the editor's settings before using what it has."""

CLIENT_REQUEST_TIMEOUT_S = 5.0

Listener = Callable[[], None]
Startup = Callable[[], Awaitable[None]]


class Configuration:
    """The server's settings and the project configuration of each folder."""

    def __init__(self, server: LanguageServer, log: ClientLog) -> None:
        self._server = server
        self._log = log
        self._settings: ServerSettings | None = None
        """None until read: the first use reads them (see :attr:`settings`)."""
        self._initialization_options: Any = None
        self._client_settings: Any = None
        self._reported_settings: set[str] = set()
        self._reported_projects: set[str] = set()
        self._ready = asyncio.Event()
        self._listeners: list[Listener] = []
        self._startups: list[Startup] = []

    # ----- protocol

    def register(self, server: LanguageServer) -> None:
        @server.feature(types.INITIALIZE)
        def initialize(ls: LanguageServer, params: types.InitializeParams) -> None:
            self._initialization_options = params.initialization_options
            self._settings = None  # read at first use, once ``initialize`` is answered

        @server.feature(types.INITIALIZED)
        async def initialized(ls: LanguageServer, params: types.InitializedParams) -> None:
            await self.refresh()
            await self._register_for_changes()
            for startup in self._startups:
                try:
                    await startup()
                except Exception:
                    self._log.error("a step after initialization failed", exc_info=True)

        @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
        async def did_change_configuration(
            ls: LanguageServer, params: types.DidChangeConfigurationParams
        ) -> None:
            from ddb_architect.lsp.settings import section_of

            pushed = params.settings
            # Clients without workspace/configuration push the settings themselves.
            if isinstance(pushed, Mapping) and section_of(pushed) is not pushed:
                self._client_settings = section_of(pushed)
            await self.refresh()

    @property
    def settings(self) -> ServerSettings:
        """The settings in force (read, and their problems logged, at first use)."""
        if self._settings is None:
            self._apply()
        assert self._settings is not None
        return self._settings

    def on_change(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def after_initialized(self, startup: Startup) -> None:
        """Run ``startup`` once the client is initialized and the settings are read (to
        register more capabilities; ``initialized`` has one handler, this one)."""
        self._startups.append(startup)

    @property
    def _supports_pull(self) -> bool:
        workspace = self._server.client_capabilities.workspace
        return bool(workspace is not None and workspace.configuration)

    async def refresh(self) -> None:
        """Read the editor's settings again and, when they changed, tell the listeners."""
        if self._supports_pull:
            self._client_settings = await self._pull()
        before = self.settings
        self._apply()
        self._ready.set()
        if self.settings == before:
            return
        for listener in self._listeners:
            try:
                listener()
            except Exception:
                self._log.error("a settings listener failed", exc_info=True)

    async def _pull(self) -> Any:
        root = self._server.workspace.root_uri
        params = types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION, scope_uri=root)])
        try:
            result = await asyncio.wait_for(
                self._server.workspace_configuration_async(params), CLIENT_REQUEST_TIMEOUT_S
            )
        except Exception as error:
            self._log.warning(f"could not read the editor's {SECTION} settings: {error!r}")
            return self._client_settings
        return result[0] if result else None

    async def _register_for_changes(self) -> None:
        """Ask the client to tell us when our settings change (the client must register
        the notification for VS Code to send it)."""
        workspace = self._server.client_capabilities.workspace
        dynamic = workspace.did_change_configuration if workspace is not None else None
        if dynamic is None or not dynamic.dynamic_registration:
            return
        registration = types.Registration(
            id=str(uuid.uuid4()),
            method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
            register_options=types.DidChangeConfigurationRegistrationOptions(section=SECTION),
        )
        try:
            await asyncio.wait_for(
                self._server.client_register_capability_async(
                    types.RegistrationParams(registrations=[registration])
                ),
                CLIENT_REQUEST_TIMEOUT_S,
            )
        except Exception as error:
            self._log.info(f"the client did not register settings changes: {error!r}")

    # ----- the settings

    def _apply(self) -> None:
        from ddb_architect.lsp.settings import ServerSettings, merge_raw, parse_settings, section_of

        try:
            raw, problems = merge_raw(section_of(self._initialization_options), self._client_settings)
            settings, more = parse_settings(raw)
            problems += more
        except Exception:  # the parser is lenient by design; this is the last resort
            self._log.error("could not read the settings; using the defaults", exc_info=True)
            settings, problems = ServerSettings(), []
        for problem in problems:
            if problem not in self._reported_settings:
                self._log.warning(f"{SECTION} settings: {problem}")
        self._reported_settings = set(problems)
        self._settings = settings
        self._reported_projects.clear()

    async def wait_ready(self) -> None:
        """Wait (briefly) until the editor's settings have been read once."""
        if self._ready.is_set():
            return
        # asyncio.wait, not wait_for: before Python 3.12 wait_for can swallow the
        # cancellation of a check that a newer version replaced.
        waiter = asyncio.ensure_future(self._ready.wait())
        try:
            done, _ = await asyncio.wait({waiter}, timeout=READY_TIMEOUT_S)
        finally:
            waiter.cancel()
        if not done:
            self._log.info("the editor's settings are late; checking with those known so far")
            self._ready.set()

    def project_for(self, path: str) -> ProjectConfig:
        """The ``pyproject.toml`` configuration that applies to a document, read afresh
        (a few small reads) so an edit to it counts at the next check. Its problems are
        logged once."""
        document = Path(path)
        root = self._server.workspace.root_path
        if document.is_absolute():
            start = document.parent
        elif root:
            start = Path(root)
        else:
            return ProjectConfig()
        try:
            project = load_project_config(start)
        except Exception:
            self._log.error(f"cannot read the project configuration at {start}", exc_info=True)
            return ProjectConfig()
        for problem in project.problems:
            if problem not in self._reported_projects:
                self._reported_projects.add(problem)
                self._log.warning(problem)
        return project

    def selection_for(self, path: str) -> tuple[RuleSelection, ProjectConfig]:
        """The rules to run on a document, and the project it belongs to."""
        from ddb_architect.lsp.settings import rule_selection

        project = self.project_for(path)
        return rule_selection(self.settings, project), project
