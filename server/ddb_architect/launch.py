"""The way in for ``python -m ddb_architect``: ``serve`` starts the language server
without importing the command line's engine (check, cost, rules, ...), which the server
loads after it has answered the editor's ``initialize``; every other command goes to
:mod:`ddb_architect.cli`."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

PROG = "ddb-architect"
EXIT_OK, EXIT_ERROR = 0, 2
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ServeError(Exception):
    """The server cannot start (a usage mistake, or a missing dependency)."""


def tcp_address(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT such as 127.0.0.1:2087, found {text!r}")
    return host, int(port)


def add_serve_arguments(serve: argparse.ArgumentParser) -> None:
    """The options of ``serve`` (shared by the command line's parser)."""
    serve.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default)")
    serve.add_argument("--tcp", type=tcp_address, metavar="HOST:PORT", help="listen on a TCP port")
    serve.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        default="WARNING",
        metavar="LEVEL",
        help=f"{', '.join(LOG_LEVELS)} (default: WARNING)",
    )
    serve.add_argument("--log-file", metavar="FILE", help="log to FILE instead of stderr")


def _configure_logging(level: str, log_file: str | None) -> None:
    handler: logging.Handler
    try:
        handler = (
            logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler(sys.stderr)
        )
    except OSError as error:
        raise ServeError(f"--log-file {log_file}: {error.strerror or error}") from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=getattr(logging, level), handlers=[handler], force=True)


def serve(args: argparse.Namespace) -> int:
    """Run the language server with the options of ``serve``; raises ServeError."""
    # stdout is the protocol from here on: everything else goes to stderr or the log file.
    _configure_logging(args.log_level, args.log_file)
    from ddb_architect.startup_cache import compiled_code_cache

    try:
        # Imported here so that the other commands never load pygls; the code attrs
        # generates for lsprotocol's classes comes from the start-up cache.
        with compiled_code_cache() as cache:
            from ddb_architect.lsp.server import run
    except ImportError as error:
        raise ServeError(f"the language server cannot start: {error}") from None
    logging.getLogger(__name__).debug(
        "start-up cache %s: %d compiled, %d from the cache", cache.path, cache.misses, cache.hits
    )
    run(tcp=args.tcp)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ddb-architect``; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] != ["serve"]:
        from ddb_architect.cli import main as cli_main

        return cli_main(arguments)
    parser = argparse.ArgumentParser(
        prog=f"{PROG} serve", description="Run the language server, over stdio unless --tcp is given."
    )
    add_serve_arguments(parser)
    try:
        args = parser.parse_args(arguments[1:])
    except SystemExit as exit_:  # --help and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    try:
        return serve(args)
    except ServeError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
