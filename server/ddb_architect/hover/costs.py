"""Hovers on the things a bill is made of: a table (its monthly bill), an index (its write
amplification and cost), an entity (item size, storage now and in a year, its cost), an
access pattern (units per request, the formula, requests a month, dollars), the Region and
a price override."""

from __future__ import annotations

from ddb_architect.cost import units as u
from ddb_architect.cost.bill import PatternCost
from ddb_architect.cost.money import format_usd
from ddb_architect.cost.patterns import PatternLoad
from ddb_architect.hover import markdown as md
from ddb_architect.hover.context import (
    HoverContext,
    cost_table,
    missing_prices,
    monthly,
    over_a_month,
    price_text,
    share_text,
)
from ddb_architect.spec.model import AccessPattern, Entity, Index, Table
from ddb_architect.spec.quantities import format_bytes, format_count, format_units

MAX_ITEM = "400 KB"


# --------------------------------------------------------------------------- table


def table_hover(ctx: HoverContext, table: Table) -> str:
    cost = ctx.table_cost(table)
    head = f"{md.bold(md.text(table.name))} · table, {table.billing}, {table.table_class} class"
    if cost is None:  # pragma: no cover - every loaded table is priced
        return md.blocks(head, ctx.footer())
    priced = [line for line in cost.lines if line.priced]
    head += " — " + (monthly(cost.monthly_usd, unpriced=len(cost.unpriced)) if priced else "not priced")
    if not cost.lines:
        body = (
            "Nothing to price yet: give entities an `item_size` and a `count`, and access patterns a `rate`."
        )
        return md.blocks(head, body, ctx.footer())
    capacity = None
    if cost.capacity:
        capacity = "Capacity: " + "; ".join(
            f"{md.text(pool)} {format_units(read)} RCU / {format_units(write)} WCU"
            for pool, (read, write) in cost.capacity.items()
        )
    missing = missing_prices(cost.unpriced)
    notes = [md.text(note) for note in cost.notes] + ([missing] if missing else [])
    basis = "requests at the declared rates" if cost.billing == "on-demand" else "capacity for 730 hours"
    storage = (
        f"Storage is the average over month {ctx.bill.month}; {basis}."
        if any(line.category == "storage" for line in cost.lines)
        else f"Prices {basis}."
    )
    return md.blocks(
        head,
        cost_table(cost.lines, table.name, total=True),
        capacity,
        storage,
        md.bullets(notes) if notes else None,
        ctx.footer(unconfirmed=any(line.unconfirmed for line in cost.lines)),
    )


# --------------------------------------------------------------------------- index


def index_hover(ctx: HoverContext, table: Table, index: Index) -> str:
    cost = ctx.index_cost(table, index.name)
    kind = "local" if index.local else "global"
    projection = (
        index.projection if isinstance(index.projection, str) else "projects " + ", ".join(index.projection)
    )
    head = f"{md.bold(md.text(index.name))} · {kind} index of {md.text(table.name)}, {md.text(projection)}"
    if cost is None:  # pragma: no cover - every loaded index is priced
        return md.blocks(head, ctx.footer())
    if cost.lines:
        head += " — " + monthly(cost.monthly_usd)
    amplification = (
        "Write amplification, per base-table write of an item in the index:\n"
        + md.bullets(md.text(line) for line in cost.amplification)
        if cost.amplification
        else "No entity is written to it (no entity's `keys` give its key attributes)."
    )
    writes = _index_writes(ctx, table, index.name)
    if writes:
        writes_text = (
            f"Index writes a month: {md.text(format_count(cost.write_units_per_month))} WCU\n"
            + md.bullets(writes)
        )
    else:
        writes_text = "No access pattern with a rate writes to it."
    storage = (
        f"Entries stored (average over month {ctx.bill.month}): {md.text(format_bytes(cost.storage_bytes))}"
        if cost.storage_bytes
        else None
    )
    return md.blocks(
        head,
        amplification,
        writes_text,
        cost_table(cost.lines, index.name, total=True) if cost.lines else None,
        storage,
        ctx.footer(unconfirmed=any(line.unconfirmed for line in cost.lines)),
    )


def _index_writes(ctx: HoverContext, table: Table, name: str) -> list[str]:
    cost = ctx.table_cost(table)
    items = []
    for pattern_cost in cost.patterns if cost is not None else []:
        load, requests = pattern_cost.load, pattern_cost.requests_per_month
        if load is None or requests is None:
            continue
        units = load.gsi_write_units.get(name, 0.0) + load.lsi_write_units.get(name, 0.0)
        if not units:
            continue
        case = load.index_cases.get(name)
        how = f"{case.value}, " if case is not None else ""
        items.append(
            md.text(
                f"{pattern_cost.name}: {how}{format_units(units)} WCU × {format_count(requests)} requests"
                f" = {format_count(units * requests)} WCU"
            )
        )
    return items


# --------------------------------------------------------------------------- entity


def entity_hover(ctx: HoverContext, table: Table, entity: Entity) -> str:
    cost = ctx.entity_cost(table, entity.name)
    head = f"{md.bold(md.text(entity.name))} · entity in {md.text(table.name)}"
    if cost is not None and cost.monthly_usd is not None:
        head += " — " + monthly(cost.monthly_usd) + " of storage"
    facts = []
    if entity.item_size is not None:
        size = entity.item_size
        facts.append(
            md.text(
                f"item: {format_bytes(size)} = {share_text(size, u.MAX_ITEM_BYTES)} of the {MAX_ITEM} item limit; "
                f"a write {u.write_units(size)} WCU, a read {format_units(u.read_units(size))} RCU "
                f"(strongly consistent {format_units(u.read_units(size, u.Consistency.STRONG))})"
            )
        )
    else:
        facts.append("item size unknown: give `item_size` to price it")
    if entity.max_item_size is not None:
        largest = entity.max_item_size
        over = " — over the limit" if largest > u.MAX_ITEM_BYTES else ""
        facts.append(
            md.text(
                f"largest item: {format_bytes(largest)} = {share_text(largest, u.MAX_ITEM_BYTES)} of the limit{over}"
            )
        )
    storage = None
    if (
        cost is not None
        and cost.storage_bytes_now is not None
        and cost.storage_bytes_in_12_months is not None
    ):
        storage = md.table(
            ["", "now", "in 12 months"],
            [
                [
                    "items",
                    md.text(format_count(cost.count_now or 0)),
                    md.text(format_count(cost.count_in_12_months or 0)),
                ],
                [
                    "storage",
                    md.text(format_bytes(cost.storage_bytes_now)),
                    md.text(format_bytes(cost.storage_bytes_in_12_months)),
                ],
            ],
            "lrr",
        )
    formula = None
    if cost is not None:
        formula = md.text(cost.formula[:1].upper() + cost.formula[1:])
        if cost.monthly_usd is not None:
            formula = f"This month: {md.text(cost.formula)}"
    patterns = _entity_patterns(ctx, table, entity)
    return md.blocks(
        head,
        md.bullets(facts),
        storage,
        formula,
        ("Requests are priced on its access patterns: " + ", ".join(patterns)) if patterns else None,
        ctx.footer(unconfirmed=_storage_unconfirmed(ctx, table)),
    )


def _entity_patterns(ctx: HoverContext, table: Table, entity: Entity) -> list[str]:
    found = []
    for pattern in table.access_patterns:
        if not any(e is entity for e in ctx.pattern_entities(pattern)):
            continue
        pattern_cost = ctx.pattern_cost(pattern)
        usd = pattern_cost.monthly_usd if pattern_cost is not None else None
        found.append(md.text(pattern.name) + (f" {md.text(format_usd(usd))}" if usd is not None else ""))
    return found


def _storage_unconfirmed(ctx: HoverContext, table: Table) -> bool:
    price = ctx.book.get(ctx.price_key(table, "storage_gb_month"))
    return bool(price is not None and price.unconfirmed)


# --------------------------------------------------------------------------- access pattern


def pattern_hover(ctx: HoverContext, table: Table, pattern: AccessPattern) -> str:
    cost = ctx.pattern_cost(pattern)
    load = cost.load if cost is not None else None
    where = (
        load.target.label
        if load is not None
        else (f"index {pattern.index}" if pattern.index else f"table {table.name}")
    )
    head = f"{md.bold(md.text(pattern.name))} · {pattern.op} on {md.text(where)}"
    if cost is not None and cost.monthly_usd is not None:
        head += " — " + monthly(cost.monthly_usd)
    elif cost is not None and cost.lines:
        head += " — not priced"
    if cost is None or load is None:
        reason = (
            "Units unknown: an entity, its item size or the key condition is missing or wrong "
            "(see the diagnostics)."
        )
        return md.blocks(head, reason, ctx.footer())
    facts = [f"per request: {md.text(units_per_request(load))}"]
    facts += [md.text(step) for step in load.steps]
    facts.append(_requests_line(pattern, cost))
    facts += [md.text(line.formula) for line in cost.lines]
    facts += [f"assumes {md.text(assumption)}" for assumption in load.assumptions]
    return md.blocks(
        head,
        md.bullets(facts),
        ctx.footer(unconfirmed=any(line.unconfirmed for line in cost.lines)),
    )


def units_per_request(load: PatternLoad) -> str:
    """``5 RCU``, ``2 WCU on the table + 1 WCU on GSI1``."""
    parts = []
    if load.read_units or not (load.write_units or load.gsi_write_units):
        parts.append(f"{format_units(load.read_units)} RCU")
    if load.write_units:
        parts.append(f"{format_units(load.write_units)} WCU on the table")
    parts += [
        f"{format_units(units)} WCU on {index}" for index, units in load.gsi_write_units.items() if units
    ]
    return " + ".join(parts)


def _requests_line(pattern: AccessPattern, cost: PatternCost) -> str:
    if pattern.rate is None or cost.requests_per_month is None:
        return "requests a month unknown: give a `rate` (e.g. `rate: 100/s`) to price it"
    return md.text(
        f"a month: {over_a_month(pattern, 'rate', pattern.rate)} = "
        f"{format_count(cost.requests_per_month)} requests"
    )


# --------------------------------------------------------------------------- Region and prices

REGION_PRICES = (
    ("read_request_unit", "read request unit", 1_000_000),
    ("write_request_unit", "write request unit", 1_000_000),
    ("read_capacity_unit_hour", "RCU-hour", 1.0),
    ("write_capacity_unit_hour", "WCU-hour", 1.0),
    ("storage_gb_month", "GB-month stored", 1.0),
)


def region_hover(ctx: HoverContext) -> str:
    bill = ctx.bill
    head = md.bold(md.text(bill.region)) + (
        f" · {md.text(bill.region_name)}" if ctx.book.known else " · no price table for this Region"
    )
    rows = []
    unconfirmed = False
    for key, label, per in REGION_PRICES:
        for suffix, kind in (("", "standard"), ("_ia", "standard-ia")):
            price = ctx.book.get(key + suffix)
            if price is None:
                rows.append([md.text(f"{label}, {kind}"), "unknown"])
                continue
            unconfirmed |= price.unconfirmed
            rows.append(
                [
                    md.text(f"{label}, {kind}"),
                    price_text(price.per_unit, per) + (" †" if price.unconfirmed else ""),
                ]
            )
    prices = md.table(["price", "USD"], rows, "lr") if any(row[1] != "unknown" for row in rows) else None
    tables = [f"{md.text(t.name)} {md.text(format_usd(t.monthly_usd))}" for t in bill.tables]
    total = (
        f"Design: {md.bold(md.text(format_usd(bill.total_monthly_usd)) + ' a month')}"
        + (f" ({', '.join(tables)})" if len(tables) > 1 else "")
        if bill.priced
        else None
    )
    credits = [md.text(line.formula) for line in bill.credits]
    return md.blocks(
        head,
        prices,
        total,
        md.bullets(credits) if credits else None,
        md.bullets(md.text(note) for note in bill.notes) if bill.notes else None,
        ctx.footer(unconfirmed=unconfirmed),
    )


def pricing_hover(ctx: HoverContext, key: str) -> str | None:
    """A ``pricing:`` override: the price it sets, and the Region's own it replaces."""
    price = ctx.book.get(key)
    if price is None:
        return None
    base = ctx.book.table.prices.get(key) if ctx.book.table is not None else None
    text = f"{md.bold(md.text(key))}: {md.text(price.text)} ({md.text(price.unit)})"
    if base is not None:
        text += f", instead of {md.text(ctx.bill.region_name)}'s {md.text(base.text)}"
    else:
        text += f"; {md.text(ctx.bill.region_name)} has no price of its own for it"
    return md.blocks(text, ctx.footer())
