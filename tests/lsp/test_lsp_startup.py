"""The server answers ``initialize`` before loading the engine: importing it, or starting
it with ``python -m ddb_architect serve``, loads neither the engine nor botocore, boto3
and the price tables, which a background thread loads once after ``initialized``."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from ddb_architect.code.service_model import dynamo_model
from ddb_architect.cost.prices import price_data
from ddb_architect.lsp.server import load_engine

HEAVY = (
    "boto3",
    "botocore",
    "ddb_architect.cli",
    "ddb_architect.engine",
    "ddb_architect.spec.model",
    "ddb_architect.code.calls",
    "ddb_architect.cost.prices",
)


def loaded_after(code: str) -> list[str]:
    """Which of the heavy modules a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_the_server_module_loads_no_engine() -> None:
    assert loaded_after("import ddb_architect.lsp.server; ddb_architect.lsp.server.create_server()") == []


def test_serve_does_not_go_through_the_command_line() -> None:
    code = (
        "import ddb_architect.launch as launch\n"
        "import ddb_architect.lsp.server as server\n"
        "server.run = lambda tcp=None: None  # started, not served\n"
        "assert launch.main(['serve']) == 0"
    )
    assert loaded_after(code) == []


def test_the_server_module_loads_no_settings_model_and_no_yaml() -> None:
    """pydantic (the settings model) and PyYAML come after ``initialize`` is answered."""
    probe = (
        "import sys, json\n"
        "import ddb_architect.lsp.server as server\n"
        "server.create_server()\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml'})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_engine_and_its_data_are_loaded_once() -> None:
    try:
        load_engine()
        model, prices = dynamo_model(), price_data()
        load_engine()
        assert dynamo_model() is model
        assert price_data() is prices
    finally:
        gc.unfreeze()  # load_engine froze this test process's objects


def test_the_loaded_engine_is_frozen_out_of_the_collector() -> None:
    probe = (
        "import gc, json\n"
        "from ddb_architect.lsp.server import load_engine\n"
        "before = gc.get_freeze_count()\n"
        "load_engine()\n"
        "print(json.dumps([before, gc.get_freeze_count()]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    before, frozen = json.loads(done.stdout.strip().splitlines()[-1])
    assert before == 0
    assert frozen > 50_000  # botocore's model, the price tables, the engine's modules
