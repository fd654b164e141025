"""The language server (pygls): diagnostics for design specs in the editor.

``create_server()`` builds it and ``run()`` serves a client; see ``server.py``.
"""

SECTION = "ddb-architect"
"""The settings section, in ``workspace/configuration`` and in initialization options."""
