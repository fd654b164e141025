"""Entry point for ``python -m ddb_architect``."""

from ddb_architect.cli import main

raise SystemExit(main())
