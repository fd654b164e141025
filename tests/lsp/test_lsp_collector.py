"""The server's full garbage collections: made when due and nobody types; while someone
types, when typing pauses or when far overdue."""

from __future__ import annotations

import gc

import pytest

from ddb_architect.lsp.collector import DUE, NEVER, OVERDUE, QUIET_S, Collector


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def due(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many middle-generation collections are pending (set by the test); a full
    collection resets it, as Python's does."""
    pending = [0]
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, pending[0]))

    def collect(generation: int = 2) -> int:
        pending[0] = 0
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    return pending


def test_nothing_is_collected_before_it_is_due(due: list[int]) -> None:
    collector = Collector(Clock())
    due[0] = DUE - 1
    assert not collector.maybe_collect()
    assert collector.full_collections == 0


def test_a_due_collection_is_made_at_once_when_nobody_types(due: list[int]) -> None:
    collector = Collector(Clock())
    due[0] = DUE
    assert collector.maybe_collect()
    assert collector.full_collections == 1
    assert due[0] == 0


def test_while_someone_types_a_due_collection_waits_for_a_pause(due: list[int]) -> None:
    clock = Clock()
    collector = Collector(clock)
    collector.edited()
    due[0] = DUE
    assert not collector.maybe_collect()
    assert collector.deferred == 1
    clock.now += QUIET_S / 2
    collector.edited()
    clock.now += QUIET_S / 2
    assert not collector.maybe_collect()
    clock.now += QUIET_S
    assert collector.maybe_collect()
    assert collector.full_collections == 1


def test_a_far_overdue_collection_is_made_even_while_someone_types(due: list[int]) -> None:
    collector = Collector(Clock())
    collector.edited()
    due[0] = OVERDUE
    assert collector.maybe_collect()


def test_install_takes_full_collections_over_and_uninstall_gives_them_back() -> None:
    saved = gc.get_threshold()
    collector = Collector()
    try:
        collector.install()
        assert gc.get_threshold() == (saved[0], saved[1], NEVER)
        collector.install()  # twice: the thresholds saved are still Python's
    finally:
        collector.uninstall()
    assert gc.get_threshold() == saved
