"""How long the fuzz tests run: a bounded number of examples in the default (CI) run, as
many as asked for with ``DDB_FUZZ_EXAMPLES=N`` or ``DDB_FUZZ_LONG=1``. For a run of a
given length that keeps going past crashes, use ``python -m tests.fuzz.long_run``."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

CI_EXAMPLES = 200
LONG_EXAMPLES = 20_000

settings.register_profile(
    "ddb-fuzz-ci",
    max_examples=CI_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
settings.register_profile(
    "ddb-fuzz-long",
    max_examples=LONG_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def fuzz_settings(share: float = 1.0) -> settings:
    """The settings of one fuzz test; ``share`` scales its number of examples (a slow
    target takes fewer in the default run)."""
    if os.environ.get("DDB_FUZZ_EXAMPLES"):
        examples = int(os.environ["DDB_FUZZ_EXAMPLES"])
    elif os.environ.get("DDB_FUZZ_LONG") == "1":
        examples = LONG_EXAMPLES
    else:
        examples = max(1, int(CI_EXAMPLES * share))
    return settings(settings.get_profile("ddb-fuzz-ci"), max_examples=examples)
