"""How many items an entity holds over time: grown by ``growth``, capped by ``retention``
(TTL expires as many as are added once the steady state is reached), averaged over a
month as storage is billed (facts 2.11)."""

from __future__ import annotations

from ddb_architect.spec.model import Entity


def count_at(entity: Entity, seconds_from_now: float) -> float | None:
    """Items of the entity ``seconds_from_now``: grown by ``growth``, and with a
    ``retention`` never more than the steady state (growth × retention)."""
    if entity.count is None:
        return None
    grown = entity.count + (entity.growth or 0.0) * max(seconds_from_now, 0.0)
    cap = _steady_state(entity)
    return min(grown, cap) if cap is not None else grown


def _steady_state(entity: Entity) -> float | None:
    """The most items an entity with ``retention`` holds: growth × retention (or its
    count now when that is more); None when nothing bounds it."""
    if entity.count is None or entity.retention is None or not entity.growth:
        return None
    return max(entity.count, entity.growth * entity.retention)


def _cap_reached(entity: Entity) -> float | None:
    """Seconds from now when the entity reaches its steady state; None when never."""
    cap = _steady_state(entity)
    if cap is None or entity.count is None or not entity.growth:
        return None
    return (cap - entity.count) / entity.growth


def average_count(entity: Entity, start: float, end: float) -> float | None:
    """Items of the entity on average between ``start`` and ``end`` seconds from now, as
    storage is billed (facts 2.11: a continuous average). The count grows linearly, so
    its average is the count half-way, until retention caps it: a month in which the cap
    is reached averages the rising part and the flat part."""
    if entity.count is None:
        return None
    if end <= start:
        return count_at(entity, start)
    growth = entity.growth or 0.0
    reach = _cap_reached(entity)
    if reach is None or end <= reach:
        return entity.count + growth * (start + end) / 2
    cap = _steady_state(entity)
    assert cap is not None
    if start >= reach:
        return cap
    rising = (reach - start) * (entity.count + growth * (start + reach) / 2)
    return (rising + (end - reach) * cap) / (end - start)


def expirations(entity: Entity, start: float, end: float) -> float:
    """Items of the entity that expire between ``start`` and ``end`` seconds from now:
    at the steady state as many expire as are added (``growth``); before it, none."""
    reach = _cap_reached(entity)
    if reach is None or not entity.growth:
        return 0.0
    return entity.growth * max(0.0, end - max(start, reach))
