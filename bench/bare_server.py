"""The floor of ``initialize``: a pygls server with no features at all, started the same
way (a new Python process on stdio). Run as a script: ``python bench/bare_server.py``."""

from __future__ import annotations

from pygls.lsp.server import LanguageServer


def main() -> None:
    LanguageServer("bare", "0").start_io()


if __name__ == "__main__":
    main()
