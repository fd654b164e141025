"""Reusing tables across versions of a spec keeps no old version alive: a reused table's
model keeps what was worked out from it (its analysis, bills, rule findings), and none of
that may hold the design of the version it was first worked out in."""

from __future__ import annotations

import gc
import random

from bench.generators import spec_with_lines

from ddb_architect.engine import check_spec
from ddb_architect.spec.loader import TableReuse, load_spec
from ddb_architect.spec.model import Design


def _designs_alive() -> int:
    gc.collect()
    return sum(1 for item in gc.get_objects() if isinstance(item, Design))


def test_edits_in_one_table_after_another_keep_only_the_newest_design() -> None:
    text, _plans = spec_with_lines(600, seed=7)
    lines = text.split("\n")
    descriptions = [number for number, line in enumerate(lines) if "description:" in line]
    assert len(descriptions) > 10
    reuse = TableReuse()
    path = "/project/design.ddb.yaml"
    before = _designs_alive()
    chooser = random.Random(3)
    for _ in range(12):
        line = chooser.choice(descriptions)
        lines[line] += " more"
        edited = "\n".join(lines)
        document = load_spec(edited, path, reuse=reuse)
        check_spec(edited, path, document=document)
    assert reuse.reused > 0  # the edits did reuse tables
    assert _designs_alive() - before == 1  # the newest, held by ``document``
    del document
    assert _designs_alive() == before


def test_an_edit_leaves_no_cyclic_garbage() -> None:
    """What a replaced table had worked out is forgotten with it (``loader.release``), so
    editing a spec leaves nothing that only a full garbage collection would free."""
    text, _plans = spec_with_lines(600, seed=11)
    lines = text.split("\n")
    descriptions = [number for number, line in enumerate(lines) if "description:" in line]
    reuse = TableReuse()
    path = "/project/design.ddb.yaml"
    chooser = random.Random(5)

    def edit() -> None:
        line = chooser.choice(descriptions)
        lines[line] += " more"
        edited = "\n".join(lines)
        check_spec(edited, path, document=load_spec(edited, path, reuse=reuse))

    edit()
    gc.collect()
    gc.disable()
    try:
        gc.set_debug(gc.DEBUG_SAVEALL)
        for _ in range(8):
            edit()
        unreachable = gc.collect()
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert reuse.reused > 0
    assert unreachable == 0
