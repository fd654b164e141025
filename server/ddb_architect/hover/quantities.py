"""Hovers on quantities: what a size, count, growth, retention, rate, peak, item count,
share or capacity written in the spec means in DynamoDB's units, and what it costs."""

from __future__ import annotations

from ddb_architect.cost import units as u
from ddb_architect.cost.bill import HOURS_PER_MONTH, MONTH_SECONDS, YEAR_SECONDS, gigabytes
from ddb_architect.cost.capacity import TARGET_UTILIZATION
from ddb_architect.cost.growth import count_at
from ddb_architect.cost.money import format_usd
from ddb_architect.hover import markdown as md
from ddb_architect.hover.context import HoverContext, exact, over_a_month, share_text, written
from ddb_architect.hover.costs import units_per_request
from ddb_architect.spec.model import AccessPattern, Entity, SpecModel, Table
from ddb_architect.spec.quantities import SECONDS_PER_DAY, format_bytes, format_count, format_units


def _head(model: SpecModel, field: str, label: str | None = None) -> str:
    value = written(model, field)
    return md.code(f"{label or field}: {value}") if value is not None else md.code(label or field)


def _done(ctx: HoverContext, head: str, facts: list[str], *, unconfirmed: bool = False) -> str:
    return md.blocks(head, md.bullets(facts) if facts else None, ctx.footer(unconfirmed=unconfirmed))


def _global_table(ctx: HoverContext, table: Table) -> bool:
    return bool(table.replicas) and len(set(table.replicas) | {ctx.bill.region}) > 1


# --------------------------------------------------------------------------- entities


def size_hover(ctx: HoverContext, table: Table, entity: Entity, field: str) -> str:
    """``item_size`` or ``max_item_size``: bytes, units per write and read, stored bytes."""
    size = getattr(entity, field)
    head = f"{_head(entity, field)} = {exact(size)} bytes"
    writes, reads = u.write_steps(size), u.read_steps(size)
    global_table = _global_table(ctx, table)
    stored = u.item_storage_bytes(size, global_table=global_table)
    overhead = stored - size
    facts = [
        md.text(
            f"a write: ⌈{exact(size)} ÷ 1,024⌉ = {writes} WCU (1 KB steps); transactional {exact(2 * writes)}"
        ),
        md.text(
            f"a read: ⌈{exact(size)} ÷ 4,096⌉ = {reads} × 4 KB = {format_units(u.read_units(size))} RCU "
            f"eventually consistent, {format_units(u.read_units(size, u.Consistency.STRONG))} strongly, "
            f"{format_units(u.read_units(size, u.Consistency.TRANSACTIONAL))} transactional"
        ),
        md.text(f"stored: {exact(size)} + {exact(overhead)} B overhead = {exact(stored)} B an item"),
    ]
    limit = f"{share_text(size, u.MAX_ITEM_BYTES)} of the 400 KB item limit"
    if size > u.MAX_ITEM_BYTES:
        limit += " — over it: DynamoDB rejects such items"
    facts.append(md.text(limit))
    unconfirmed = False
    if field == "item_size" and entity.count is not None:
        price = ctx.book.get(ctx.price_key(table, "storage_gb_month"))
        total = entity.count * stored
        text = f"{format_count(entity.count)} items × {exact(stored)} B = {format_bytes(total)} now"
        if price is not None:
            unconfirmed = price.unconfirmed
            text += f" × {price.text}/GB-month = {format_usd(gigabytes(total) * price.per_unit)} a month (items only)"
        facts.append(md.text(text))
    return _done(ctx, head, facts, unconfirmed=unconfirmed)


def count_hover(ctx: HoverContext, table: Table, entity: Entity) -> str:
    count = entity.count or 0.0
    head = f"{_head(entity, 'count')} = {exact(count)} items now"
    facts = []
    later = count_at(entity, YEAR_SECONDS)
    if entity.growth and later is not None:
        facts.append(
            md.text(f"in 12 months: {format_count(later)} items (growth {written(entity, 'growth')})")
        )
    cost = ctx.entity_cost(table, entity.name)
    if cost is not None and cost.storage_bytes_now is not None:
        facts.append(
            md.text(f"stored now: {format_bytes(cost.storage_bytes_now)} (items + 100 B each, index entries)")
        )
        facts.append(md.text(f"this month: {cost.formula}"))
    elif entity.item_size is None:
        facts.append("give `item_size` to price its storage")
    return _done(ctx, head, facts)


def growth_hover(ctx: HoverContext, table: Table, entity: Entity) -> str:
    growth = entity.growth or 0.0
    per_day = growth * SECONDS_PER_DAY
    head = f"{_head(entity, 'growth')} = {md.text(format_count(per_day))} new items a day"
    month = growth * MONTH_SECONDS
    facts = [
        md.text(
            f"{format_count(month)} new items a month (730 h), {format_count(growth * YEAR_SECONDS)} a year"
        )
    ]
    later = count_at(entity, YEAR_SECONDS)
    if later is not None:
        text = f"in 12 months: {format_count(entity.count or 0)} → {format_count(later)} items"
        if entity.retention is not None:
            text += f", never more than growth × retention = {format_count(growth * entity.retention)}"
        facts.append(md.text(text))
    if entity.item_size is not None:
        wcu = u.write_units(entity.item_size)
        text = f"writing them: {format_count(month)} × {wcu} WCU = {format_count(month * wcu)} WCU a month"
        price = ctx.book.get(ctx.price_key(table, "write_request_unit"))
        if table.billing == "on-demand" and price is not None:
            text += f" ≈ {format_usd(month * wcu * price.per_unit)}"
        facts.append(md.text(text + " (priced on the access patterns that write them)"))
    return _done(ctx, head, facts)


def retention_hover(ctx: HoverContext, table: Table, entity: Entity) -> str:
    seconds = entity.retention or 0.0
    head = f"{_head(entity, 'retention')} = {exact(seconds / SECONDS_PER_DAY)} days ({exact(seconds)} s)"
    facts = ["items expire through the table's TTL; TTL deletes cost no write units"]
    if entity.growth:
        facts.append(
            md.text(
                f"steady state: growth × retention = {format_count(entity.growth * SECONDS_PER_DAY)}/day × "
                f"{exact(seconds / SECONDS_PER_DAY)} d = {format_count(entity.growth * seconds)} items"
            )
        )
    if table.ttl is None:
        facts.append("the table has no `ttl` attribute yet: nothing expires without one")
    return _done(ctx, head, facts)


def field_count_hover(ctx: HoverContext, owner: SpecModel, field: str, name: str) -> str:
    value = getattr(owner, field) or 0.0
    return _done(ctx, f"{_head(owner, field)} = {exact(value)} distinct values of {md.text(name)}", [])


def field_size_hover(ctx: HoverContext, owner: SpecModel, field: str, name: str) -> str:
    value = getattr(owner, field) or 0.0
    return _done(ctx, f"{_head(owner, field)} = {exact(value)} bytes at most in {md.text(name)}", [])


# --------------------------------------------------------------------------- access patterns


def rate_hover(ctx: HoverContext, table: Table, pattern: AccessPattern) -> str:
    rate = pattern.rate or 0.0
    requests = rate * MONTH_SECONDS
    what = "whole-table passes" if pattern.op == "Scan" else "requests"
    head = f"{_head(pattern, 'rate')} = {md.text(format_count(requests))} {what} a month"
    month = over_a_month(pattern, "rate", rate)
    facts = [md.text(month if "730 h" in month else f"{month} (a month is 730 h)")]
    cost = ctx.pattern_cost(pattern)
    unconfirmed = False
    if cost is not None and cost.load is not None:
        facts.append(md.text(f"at {units_per_request(cost.load)} per request"))
        facts += [md.text(line.formula) for line in cost.lines]
        unconfirmed = any(line.unconfirmed for line in cost.lines)
        if cost.monthly_usd is not None and len(cost.lines) > 1:
            facts.append(f"in all {md.bold(md.text(format_usd(cost.monthly_usd)) + ' a month')}")
    else:
        facts.append("units per request unknown (see the access pattern's diagnostics)")
    return _done(ctx, head, facts, unconfirmed=unconfirmed)


def peak_hover(ctx: HoverContext, table: Table, pattern: AccessPattern) -> str:
    peak = pattern.peak or 0.0
    head = f"{_head(pattern, 'peak')} = {exact(peak)} requests a second at peak"
    facts = []
    if pattern.rate:
        facts.append(md.text(f"{exact(peak / pattern.rate)}× the average {written(pattern, 'rate')}"))
    cost = ctx.pattern_cost(pattern)
    load = cost.load if cost is not None else None
    if load is not None:
        writes = load.write_units + sum(load.gsi_write_units.values())
        for units, kind in ((load.read_units, "RCU"), (writes, "WCU")):
            if not units:
                continue
            text = f"at peak: {exact(peak)} × {format_units(units)} {kind} = {format_units(peak * units)} {kind}/s"
            if table.billing == "provisioned":
                text += f", {format_units(peak * units / TARGET_UTILIZATION)} {kind} provisioned at {TARGET_UTILIZATION:.0%}"
            facts.append(md.text(text))
        facts.append(md.text("one partition serves up to 3,000 RCU/s and 1,000 WCU/s"))
    return _done(ctx, head, facts)


def items_hover(ctx: HoverContext, table: Table, pattern: AccessPattern) -> str:
    items = pattern.items or 0.0
    per = "items per page" if pattern.op == "Scan" else "items per request"
    head = f"{_head(pattern, 'items')} = {exact(items)} {per}"
    cost = ctx.pattern_cost(pattern)
    facts = []
    if cost is not None and cost.load is not None:
        facts += [md.text(step) for step in cost.load.steps]
        facts.append(md.text(f"per request: {units_per_request(cost.load)}"))
    return _done(ctx, head, facts)


def selectivity_hover(ctx: HoverContext, table: Table, pattern: AccessPattern) -> str:
    assert pattern.filter is not None
    share = pattern.filter.selectivity or 0.0
    head = f"{_head(pattern.filter, 'selectivity')} = the filter keeps {share:.0%} of the items read"
    facts = ["a filter does not reduce the read units: every item read is paid for"]
    if pattern.items and share:
        facts.append(
            md.text(
                f"{exact(pattern.items)} returned ÷ {share:.0%} = {format_count(pattern.items / share)} read"
            )
        )
    cost = ctx.pattern_cost(pattern)
    if cost is not None and cost.load is not None:
        facts += [md.text(step) for step in cost.load.steps]
    return _done(ctx, head, facts)


def hot_key_hover(ctx: HoverContext, table: Table, pattern: AccessPattern) -> str:
    share = pattern.hot_key_share or 0.0
    head = f"{_head(pattern, 'hot_key_share')} = {share:.0%} of the traffic goes to its busiest key"
    facts = []
    peak = pattern.peak_rate
    cost = ctx.pattern_cost(pattern)
    if peak is not None:
        hot = peak * share
        text = f"at peak: {exact(peak)}/s × {share:.0%} = {exact(hot)}/s on one key"
        if cost is not None and cost.load is not None:
            text += f", {units_per_request(cost.load)} each"
        facts.append(md.text(text))
    facts.append(md.text("one partition serves up to 3,000 RCU/s and 1,000 WCU/s"))
    return _done(ctx, head, facts)


# --------------------------------------------------------------------------- capacity


_SIDES = {
    "read": ("RCU", "strongly consistent reads of up to 4 KB a second (twice as many eventually consistent)"),
    "write": ("WCU", "writes of up to 1 KB a second"),
}


def capacity_hover(ctx: HoverContext, table: Table, owner: SpecModel, side: str, whose: str) -> str:
    """A provisioned ``read`` or ``write`` (the table's, an index's, or an auto-scaling
    bound): what it serves and what it costs a month."""
    units = float(getattr(owner, side))
    kind, serves = _SIDES[side]
    head = f"{_head(owner, side)} = {exact(units)} {kind} of {md.text(whose)}"
    facts = [md.text(f"serves {exact(units)} {serves}")]
    key = ctx.price_key(table, f"{side}_capacity_unit_hour")
    price = ctx.book.get(key)
    hours = units * HOURS_PER_MONTH
    text = f"{exact(units)} × 730 h = {exact(hours)} {kind}-hours"
    if price is not None:
        text += f" × {price.text} = {format_usd(hours * price.per_unit)} a month"
    else:
        text += f"; not priced: {ctx.book.missing(key)}"
    facts.append(md.text(text))
    if table.billing != "provisioned":
        facts.append(
            "the table bills on demand: provisioned capacity applies only with `billing: provisioned`"
        )
    return _done(ctx, head, facts, unconfirmed=bool(price is not None and price.unconfirmed))


def bound_hover(ctx: HoverContext, table: Table, owner: SpecModel, field: str, side: str) -> str:
    """An auto-scaling ``min`` or ``max``."""
    units = float(getattr(owner, field))
    kind, _ = _SIDES[side]
    word = "below" if field == "min" else "above"
    head = f"{_head(owner, field)} = auto scaling never sets {side} capacity {word} {exact(units)} {kind}"
    key = ctx.price_key(table, f"{side}_capacity_unit_hour")
    price = ctx.book.get(key)
    if price is not None:
        usd = units * HOURS_PER_MONTH * price.per_unit
        facts = [md.text(f"{exact(units)} {kind} × 730 h × {price.text} = {format_usd(usd)} a month")]
    else:
        facts = [md.text(f"not priced: {ctx.book.missing(key)}")]
    return _done(ctx, head, facts, unconfirmed=bool(price is not None and price.unconfirmed))


def target_hover(ctx: HoverContext, owner: SpecModel) -> str:
    target = float(getattr(owner, "target", TARGET_UTILIZATION))
    head = f"{_head(owner, 'target')} = auto scaling keeps utilization near {target:.0%}"
    facts = [md.text(f"provisioned capacity = average load ÷ {target:.0%}, within min and max")]
    return _done(ctx, head, facts)


def warm_hover(ctx: HoverContext, owner: SpecModel, side: str) -> str:
    units = float(getattr(owner, side) or 0.0)
    head = f"{_head(owner, side)} = pre-warmed to {exact(units)} {side} units a second"
    facts = [
        "the table serves that much at once, without ramping up; warming is charged once, not in this monthly bill"
    ]
    return _done(ctx, head, facts)
