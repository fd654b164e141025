"""Entry point for ``python -m ddb_architect``."""

from ddb_architect.launch import main

raise SystemExit(main())
