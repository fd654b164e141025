"""What a user of the editor waits for, measured through a real stdio client: the cold
start to ``initialize``, ``didChange`` → ``publishDiagnostics`` while typing, hovers and
completions, on a generated 3,000-line spec and a 3,000-line Python file against it."""

from __future__ import annotations

import asyncio
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.generators import DEFAULT_SEED, python_text, spec_with_lines
from bench.lsp_client import SERVER_COMMAND, BenchClient, Document
from bench.report import Figure, Target, latency_details, median, print_progress

DIAGNOSTICS_TARGET = Target(50.0, "ms", "p95")
REQUEST_TARGET = Target(20.0, "ms", "p95")
INITIALIZE_TARGET = Target(400.0, "ms", "median")

SPEC_COMPLETION_MODULE = "ddb_architect.completion.spec"

DEFAULTS: dict[str, object] = {}
"""Settings for the latency figures: the server's defaults, what users get."""

FAST = {"debounceMs": 0}
"""No quiet time after an edit, whatever the default (the workspace benchmark)."""

BURST_KEYSTROKES = 8
BURST_GAP_S = 0.08
"""A fast typist: eight keystrokes 80 ms apart, then a pause."""


@dataclass(frozen=True)
class Sizes:
    spec_lines: int
    python_lines: int
    edits: int
    bursts: int
    requests: int
    first_hovers: int
    initialize_runs: int


FULL = Sizes(
    spec_lines=3_000,
    python_lines=3_000,
    edits=100,
    bursts=30,
    requests=100,
    first_hovers=20,
    initialize_runs=7,
)
QUICK = Sizes(
    spec_lines=300,
    python_lines=300,
    edits=10,
    bursts=3,
    requests=10,
    first_hovers=3,
    initialize_runs=2,
)


# --------------------------------------------------------------------------- positions


Position = tuple[int, int]


def _spread(positions: Sequence[Position], count: int, seed: int) -> list[Position]:
    """``count`` positions taken in a seeded order over the whole file, repeating when
    there are fewer."""
    if not positions:
        return []
    order = list(positions)
    random.Random(seed).shuffle(order)
    return [order[i % len(order)] for i in range(count)]


def spec_typing_positions(lines: Sequence[str]) -> list[Position]:
    """Ends of ``description:`` lines: typing a word into a description."""
    return [(n, len(line)) for n, line in enumerate(lines) if line.lstrip().startswith("description:")]


def python_typing_positions(lines: Sequence[str]) -> list[Position]:
    """Inside one-line docstrings, before the closing quotes: typing into a docstring."""
    found = []
    for n, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith('"""') and stripped.endswith('"""') and len(stripped) > 6:
            found.append((n, len(line) - 3))
    return found


_SPEC_HOVERS = (
    re.compile(r"^  ([A-Za-z][\w.-]+):$"),  # a table
    re.compile(r"^      (GSI\d|ByStatus):$"),  # an index
    re.compile(r"^      ([A-Z]\w+):$"),  # an entity
    re.compile(r"^      - name: ([\w-]+)$"),  # an access pattern
    re.compile(r"^        (?:rate|peak): (\S+)$"),  # a quantity
    re.compile(r"^        item_size: (\S+)$"),
)


def _positions_by_kind(lines: Sequence[str], patterns: Sequence[re.Pattern[str]]) -> list[Position]:
    """Just inside group 1 of the first of ``patterns`` each line matches, the kinds of
    place (one per pattern) taken in turn."""
    by_kind: list[list[Position]] = [[] for _ in patterns]
    for n, line in enumerate(lines):
        for kind, pattern in enumerate(patterns):
            match = pattern.search(line)
            if match:
                by_kind[kind].append((n, match.start(1) + 1))
                break
    return _interleave(by_kind)


def spec_hover_positions(lines: Sequence[str]) -> list[Position]:
    """On tables, indexes, entities, access pattern names and quantities, in turn."""
    return _positions_by_kind(lines, _SPEC_HOVERS)  # its patterns are anchored with ^


_PYTHON_HOVERS = (
    re.compile(r"\.(get_item|query|put_item|update_item|delete_item|scan|batch_get_item)\("),
    re.compile(r"\b(transact_write_items|paginate|batch_writer)\("),
    re.compile(r'IndexName="(\w+)"'),
    re.compile(r"dynamodb\.(Table)\("),
)


def python_hover_positions(lines: Sequence[str]) -> list[Position]:
    """On DynamoDB calls, index names and ``Table`` constructions, in turn."""
    return _positions_by_kind(lines, _PYTHON_HOVERS)


_KEYWORD_ARGUMENT = re.compile(
    r"^\s+(IndexName|KeyConditionExpression|ExpressionAttributeValues|ExpressionAttributeNames|Key|Item"
    r"|ConditionExpression|UpdateExpression|TableName|Limit|ScanIndexForward|TransactItems|RequestItems)="
)
_INDEX_VALUE = re.compile(r'IndexName="(\w*)')


def python_completion_positions(lines: Sequence[str]) -> list[Position]:
    """Keyword arguments of DynamoDB calls, three letters typed; and index names inside
    ``IndexName="``."""
    keywords: list[Position] = []
    values: list[Position] = []
    for n, line in enumerate(lines):
        match = _KEYWORD_ARGUMENT.match(line)
        if match:
            keywords.append((n, match.start(1) + min(3, len(match.group(1)))))
            continue
        value = _INDEX_VALUE.search(line)
        if value:
            values.append((n, value.start(1)))
    return _interleave([keywords, keywords, keywords, values])


_SPEC_COMPLETIONS = (
    re.compile(r"^        op: ()\w"),  # an operation
    re.compile(r"^        entity: ()\w"),  # an entity name
    re.compile(r"^        index: ()\w"),  # an index name
    re.compile(r"^        ()rate: "),  # a field of an access pattern
    re.compile(r"^    ()billing: "),  # a field of a table
)


def spec_completion_positions(lines: Sequence[str]) -> list[Position]:
    """Field values (operation, entity, index) and field names, nothing typed yet."""
    by_kind: list[list[Position]] = [[] for _ in _SPEC_COMPLETIONS]
    for n, line in enumerate(lines):
        for kind, pattern in enumerate(_SPEC_COMPLETIONS):
            match = pattern.match(line)
            if match:
                by_kind[kind].append((n, match.start(1)))
                break
    return _interleave(by_kind)


def _interleave(groups: Sequence[Sequence[Position]]) -> list[Position]:
    found: list[Position] = []
    longest = max((len(g) for g in groups), default=0)
    for i in range(longest):
        found.extend(group[i] for group in groups if i < len(group))
    return found


# --------------------------------------------------------------------------- the inputs


@dataclass(frozen=True)
class LatencyFiles:
    root: Path
    spec: Path
    spec_text: str
    python: Path
    python_text: str


def write_latency_files(root: Path, sizes: Sizes, seed: int = DEFAULT_SEED) -> LatencyFiles:
    """A project with a spec of ``sizes.spec_lines`` lines and, beside it, a Python file of
    ``sizes.python_lines`` lines implementing its tables."""
    spec_text, plans = spec_with_lines(sizes.spec_lines, seed)
    code = python_text(sizes.python_lines, plans, seed, "The service's data access.")
    (root / "pyproject.toml").write_text('[project]\nname = "latency"\nversion = "0"\n', encoding="utf-8")
    spec = root / "design.ddb.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    python = root / "service.py"
    python.write_text(code, encoding="utf-8")
    return LatencyFiles(root, spec, spec_text, python, code)


# --------------------------------------------------------------------------- measuring


async def start_session(root: Path, settings: Mapping[str, object]) -> BenchClient:
    """A started, initialized server on the folder ``root``, its first index scan done."""
    client = BenchClient(dict(settings))
    await client.start(root)
    await client.initialize_workspace(root, dict(settings) or None)
    client.send_initialized()
    await client.progress_end()
    return client


async def open_and_wait(client: BenchClient, path: Path, text: str) -> tuple[Document, float]:
    """Open a document; it and the milliseconds to its first diagnostics."""
    sent = time.perf_counter()
    document = client.open(path, text)
    published = await client.diagnostics(document.uri, document.version)
    return document, (published.at - sent) * 1000


async def typing_latencies(
    client: BenchClient, document: Document, positions: Sequence[Position], text: str = "x"
) -> list[float]:
    """For each position: type ``text`` there, and wait for the diagnostics of that
    version; the milliseconds each took."""
    latencies = []
    for line, character in positions:
        version, sent = client.type_text(document, line, character, text)
        published = await client.diagnostics(document.uri, version)
        latencies.append((published.at - sent) * 1000)
    return latencies


async def burst_latencies(
    client: BenchClient, document: Document, positions: Sequence[Position], bursts: int
) -> list[float]:
    """Bursts of ``BURST_KEYSTROKES`` characters typed ``BURST_GAP_S`` apart at one
    position, without waiting for diagnostics between them: for each burst, the
    milliseconds from its last ``didChange`` to the diagnostics of that version (whatever
    the server was still checking when it arrived)."""
    latencies = []
    for line, character in positions[:bursts]:
        version, sent = 0, 0.0
        for keystroke in range(BURST_KEYSTROKES):
            if keystroke:
                await asyncio.sleep(BURST_GAP_S)
            version, sent = client.type_text(document, line, character + keystroke, "x")
        published = await client.diagnostics(document.uri, version)
        latencies.append((published.at - sent) * 1000)
    return latencies


async def hover_latencies(
    client: BenchClient, document: Document, positions: Sequence[Position]
) -> list[float]:
    latencies = []
    for line, character in positions:
        elapsed, _answer = await client.timed_hover(document, line, character)
        latencies.append(elapsed)
    return latencies


async def first_hover_latencies(
    client: BenchClient,
    document: Document,
    typing: Sequence[Position],
    hovers: Sequence[Position],
) -> list[float]:
    """The first hover after each edit (hovers are priced once per document version)."""
    latencies = []
    for (line, character), (hover_line, hover_character) in zip(typing, hovers, strict=False):
        version, _sent = client.type_text(document, line, character, "x")
        await client.diagnostics(document.uri, version)
        # The typed character may shift a hover on the same line; hovers are on other lines.
        elapsed, _answer = await client.timed_hover(document, hover_line, hover_character)
        latencies.append(elapsed)
    return latencies


async def completion_latencies(
    client: BenchClient, document: Document, positions: Sequence[Position]
) -> tuple[list[float], int]:
    """Milliseconds of each completion, and at how many positions nothing was offered."""
    latencies = []
    empty = 0
    for line, character in positions:
        elapsed, items = await client.timed_completion(document, line, character)
        latencies.append(elapsed)
        empty += items == 0
    return latencies, empty


def latency_figure(
    key: str, group: str, title: str, samples: list[float], target: Target | None, note: str = ""
) -> Figure:
    details = latency_details(samples)
    return Figure(key, group, title, "ms", details["p95_ms"], target, details, note)


def _spec_completion_available() -> bool:
    import importlib.util

    return importlib.util.find_spec(SPEC_COMPLETION_MODULE) is not None


# --------------------------------------------------------------------------- benchmarks


BARE_SERVER_COMMAND = (sys.executable, str(Path(__file__).with_name("bare_server.py")))
"""A pygls server with no features: the floor of ``initialize`` (Python and pygls)."""


async def _initialize_ms(root: Path, command: Sequence[str], env: Mapping[str, str] | None = None) -> float:
    client = BenchClient()
    await client.start(root, command, env)
    _result, seconds = await client.initialize_workspace(root)
    client.send_initialized()
    await client.stop_server()
    return seconds * 1000


async def initialize_figure(quick: bool) -> Figure:
    """Process start → ``initialize`` result, each run a new server on an empty folder;
    and the same for a pygls server without features, in turn.

    The server keeps the code attrs generates for lsprotocol in a start-up cache
    (``ddb_architect.startup_cache``), filled by the first start after an install: the
    runs use a cache directory of their own, the first run (empty cache) is reported on
    its own, and the median is of the runs after it, as users start the server."""
    sizes = QUICK if quick else FULL
    samples = []
    floor = []
    with (
        tempfile.TemporaryDirectory(prefix="ddb-bench-init-") as folder,
        tempfile.TemporaryDirectory(prefix="ddb-bench-cache-") as cache,
    ):
        root = Path(folder)
        env = {**os.environ, "DDB_ARCHITECT_CACHE_DIR": cache}
        env.pop("DDB_ARCHITECT_NO_CACHE", None)
        print_progress("lsp: initialize, first start (empty start-up cache)")
        first_start = await _initialize_ms(root, SERVER_COMMAND, env)
        for run in range(sizes.initialize_runs):
            print_progress(f"lsp: initialize, run {run + 1} of {sizes.initialize_runs}")
            floor.append(await _initialize_ms(root, BARE_SERVER_COMMAND))
            samples.append(await _initialize_ms(root, SERVER_COMMAND, env))
    value = median(samples)
    bare = median(floor)
    return Figure(
        "lsp.initialize",
        "initialize",
        f"initialize: process start → result (new process, median of {len(samples)})",
        "ms",
        value,
        INITIALIZE_TARGET,
        {
            "samples_ms": samples,
            "max_ms": max(samples),
            "min_ms": min(samples),
            "bare_pygls_ms": bare,
            "bare_pygls_samples_ms": floor,
            "first_start_ms": first_start,
        },
        note=f"a pygls server with no features starts in {bare:.0f} ms (median) on this machine: "
        f"ours is {value / bare:.2f}× that ({value - bare:+.0f} ms); the first start after an "
        f"install, with an empty start-up cache, took {first_start:.0f} ms",
    )


async def editing_figures(quick: bool, groups: set[str]) -> list[Figure]:
    """Typing, hovers and completions on the 3,000-line spec and Python file, with the
    server's default settings."""
    sizes = QUICK if quick else FULL
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="ddb-bench-edit-") as folder:
        files = write_latency_files(Path(folder), sizes)
        spec_lines = files.spec_text.split("\n")
        python_lines = files.python_text.split("\n")
        spec_name = f"{len(spec_lines):,}-line spec"
        python_name = f"{len(python_lines):,}-line Python file"
        print_progress(f"lsp: editing session on a {spec_name} and a {python_name}")
        client = await start_session(files.root, DEFAULTS)
        try:
            spec, opened_ms = await open_and_wait(client, files.spec, files.spec_text)
            figures.append(
                latency_figure(
                    "lsp.open.spec", "diagnostics", f"didOpen → diagnostics, {spec_name}", [opened_ms], None
                )
            )
            if "diagnostics" in groups:
                figures += await _typing_figures(
                    client, spec, "spec", spec_name, spec_typing_positions, sizes
                )
            figures += await _request_figures(
                client,
                spec,
                "spec",
                spec_name,
                sizes,
                groups,
                hovers=spec_hover_positions(spec.lines),
                typing=spec_typing_positions(spec.lines),
                completions=spec_completion_positions(spec.lines) if _spec_completion_available() else None,
            )
            python, opened_ms = await open_and_wait(client, files.python, files.python_text)
            figures.append(
                latency_figure(
                    "lsp.open.python",
                    "diagnostics",
                    f"didOpen → diagnostics, {python_name}",
                    [opened_ms],
                    None,
                )
            )
            if "diagnostics" in groups:
                figures += await _typing_figures(
                    client, python, "python", python_name, python_typing_positions, sizes
                )
            figures += await _request_figures(
                client,
                python,
                "python",
                python_name,
                sizes,
                groups,
                hovers=python_hover_positions(python.lines),
                typing=python_typing_positions(python.lines),
                completions=python_completion_positions(python.lines),
            )
        finally:
            await client.stop_server()
    return figures


async def _typing_figures(
    client: BenchClient,
    document: Document,
    kind: str,
    name: str,
    positions: Callable[[Sequence[str]], list[Position]],
    sizes: Sizes,
) -> list[Figure]:
    """One character typed at a time, each waiting for its diagnostics; then bursts."""
    seed = {"spec": 1, "python": 2}[kind]
    print_progress(f"lsp: typing {sizes.edits} characters into the {kind}, one at a time")
    samples = await typing_latencies(client, document, _spread(positions(document.lines), sizes.edits, seed))
    single = latency_figure(
        f"lsp.diagnostics.{kind}",
        "diagnostics",
        f"didChange → diagnostics, {name}, one keystroke at a time",
        samples,
        DIAGNOSTICS_TARGET,
    )
    print_progress(f"lsp: {sizes.bursts} bursts of {BURST_KEYSTROKES} keystrokes into the {kind}")
    samples = await burst_latencies(
        client, document, _spread(positions(document.lines), sizes.bursts, seed + 10), sizes.bursts
    )
    burst = latency_figure(
        f"lsp.diagnostics.{kind}.burst",
        "diagnostics",
        f"last didChange → diagnostics, {name}, bursts of {BURST_KEYSTROKES} keystrokes "
        f"{BURST_GAP_S * 1000:.0f} ms apart",
        samples,
        DIAGNOSTICS_TARGET,
    )
    return [single, burst]


async def _request_figures(
    client: BenchClient,
    document: Document,
    kind: str,
    name: str,
    sizes: Sizes,
    groups: set[str],
    hovers: list[Position],
    typing: list[Position],
    completions: list[Position] | None,
) -> list[Figure]:
    figures = []
    if "hover" in groups:
        print_progress(f"lsp: {sizes.requests} hovers in the {kind}")
        positions = _spread(hovers, sizes.requests, 3)
        samples = await hover_latencies(client, document, positions)
        figures.append(
            latency_figure(f"lsp.hover.{kind}", "hover", f"hover, {name}", samples, REQUEST_TARGET)
        )
        hover_lines = {line for line, _ in hovers}
        typing_elsewhere = [p for p in typing if p[0] not in hover_lines]
        samples = await first_hover_latencies(
            client,
            document,
            _spread(typing_elsewhere, sizes.first_hovers, 4),
            _spread(hovers, sizes.first_hovers, 5),
        )
        figures.append(
            latency_figure(
                f"lsp.hover.{kind}.first",
                "hover",
                f"first hover after an edit, {name}",
                samples,
                REQUEST_TARGET,
            )
        )
    if "completion" in groups:
        title = f"completion, {name}"
        if completions is None:
            figures.append(
                Figure(
                    f"lsp.completion.{kind}",
                    "completion",
                    title,
                    "ms",
                    None,
                    REQUEST_TARGET,
                    note=f"not available ({SPEC_COMPLETION_MODULE} does not exist yet)",
                )
            )
        else:
            print_progress(f"lsp: {sizes.requests} completions in the {kind}")
            samples, empty = await completion_latencies(
                client, document, _spread(completions, sizes.requests, 6)
            )
            note = f"no items at {empty} of {len(samples)} positions" if empty else ""
            figures.append(
                latency_figure(f"lsp.completion.{kind}", "completion", title, samples, REQUEST_TARGET, note)
            )
    return figures
