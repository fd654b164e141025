"""4xx rules that need prices: the cheaper capacity mode (DDB401) and table class
(DDB402), idle streams (DDB405), single-item transactions (DDB406), and what cannot be
priced (DDB407)."""

from __future__ import annotations

from collections.abc import Iterator

from ddb_architect.cost import units as u
from ddb_architect.cost.bill import MONTH_SECONDS, Scenario, TableCost
from ddb_architect.cost.design_bill import free_tier_credits, price_design
from ddb_architect.cost.money import format_usd
from ddb_architect.cost.prices import STANDARD, STANDARD_IA, price_data, price_keys
from ddb_architect.findings import Severity
from ddb_architect.rules.context import DesignContext, TableContext
from ddb_architect.rules.registry import Hit, design_check, rule
from ddb_architect.spec.analysis import did_you_mean
from ddb_architect.spec.quantities import format_count, format_units

# An alternative is worth a finding when it saves at least this much, both ways.
MIN_SAVING_SHARE = 0.10
MIN_SAVING_USD = 1.0


def _worth_it(current: float, alternative: float) -> bool:
    saving = current - alternative
    return saving >= MIN_SAVING_USD and saving >= MIN_SAVING_SHARE * current


def _effective(ctx: TableContext, cost: TableCost) -> float:
    """What the table costs a month as ``cost`` prices it, less what it adds to the
    design's free-tier credits when the spec counts the free tier: the allowances are per
    account and Region, shared by the tables, so the credits are those of the whole design
    with this table priced as ``cost``."""
    if not ctx.book.free_tier:
        return cost.monthly_usd
    others = [t for t in price_design(ctx.design).tables if t.name != ctx.table.name]
    with_table = free_tier_credits(ctx.book, [*others, cost])
    without = free_tier_credits(ctx.book, others)
    credit = sum(c.monthly_usd or 0.0 for c in with_table) - sum(c.monthly_usd or 0.0 for c in without)
    return cost.monthly_usd + credit


def _priced(ctx: TableContext) -> bool:
    """A table can be compared only when some access pattern can be priced (it has a rate
    and its units are known: a pattern whose key condition is an error is left out)."""
    return any(p.rate is not None and ctx.load(p) is not None for p in ctx.table.access_patterns)


def _capacity_text(cost: TableCost) -> str:
    read = sum(r for r, _ in cost.capacity.values())
    write = sum(w for _, w in cost.capacity.values())
    indexes = len(cost.capacity) - 1
    where = (
        f" across the table and its {indexes} global index{'es' if indexes != 1 else ''}" if indexes else ""
    )
    return f"{format_units(read)} RCU and {format_units(write)} WCU{where}"


@rule(
    "DDB401",
    "capacity-mode",
    Severity.INFO,
    "The other capacity mode would be cheaper for the declared rates, with both monthly figures",
)
def capacity_mode(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    if not _priced(ctx) or not table.valid("billing", "capacity"):
        return
    if table.billing == "provisioned" and table.capacity is None:
        return  # DDB010
    current = ctx.costs
    if table.billing == "on-demand":
        other = ctx.alternative(Scenario(billing="provisioned", derive_capacity=True))
        if any(max(side) > u.TABLE_QUOTA_UNITS for side in other.capacity.values()):
            return  # the capacity it would take passes the default quota of 40,000 units
        how = f"provisioned at your peaks with 70 % headroom ({_capacity_text(other)})"
    else:
        other = ctx.alternative(Scenario(billing="on-demand"))
        how = "on-demand at the declared rates"
    if not current.complete or not other.complete:
        return
    now, then = _effective(ctx, current), _effective(ctx, other)
    if not _worth_it(now, then):
        return
    saving = now - then
    free = " (free tier counted)" if ctx.book.free_tier else ""
    data: dict[str, object] = {
        "table": table.name,
        "billing": "provisioned" if table.billing == "on-demand" else "on-demand",
        "monthly_usd": then,
        "current_monthly_usd": now,
    }
    if table.billing == "on-demand":
        # The capacity priced above, for the quick fix that switches: the table's, and each
        # global index's own (an index without one would take the table's).
        read, write = other.capacity.get(table.name, (1.0, 1.0))
        data["capacity"] = {"read": int(read), "write": int(write)}
        data["index_capacity"] = {
            name: {"read": int(other.capacity[name][0]), "write": int(other.capacity[name][1])}
            for name in table.global_indexes
            if name in other.capacity
        }
    yield Hit(
        table.span("billing"),
        f"table {table.name}: {how} would cost {format_usd(then)} a month against "
        f"{format_usd(now)} {table.billing}{free}, {format_usd(saving)} "
        f"({saving / now:.0%}) less. On-demand pays per request and suits spiky or "
        "low traffic; provisioned pays for capacity and wins above about 29 % average utilization",
        data=data,
    )


def _storage_share(cost: TableCost) -> float:
    storage = sum(
        line.monthly_usd or 0.0
        for line in cost.lines
        if line.category in ("storage", "index-storage", "backups")
    )
    return storage / cost.monthly_usd if cost.monthly_usd else 0.0


@rule(
    "DDB402",
    "table-class",
    Severity.INFO,
    "Standard-IA would be cheaper (storage dominates), or Standard-IA costs more than Standard",
)
def table_class(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    if not _priced(ctx) or not table.valid("class"):
        return
    current = ctx.costs
    other_class = STANDARD_IA if table.table_class == STANDARD else STANDARD
    other = ctx.alternative(Scenario(table_class=other_class))
    if not current.complete or not other.complete:
        return
    now, then = _effective(ctx, current), _effective(ctx, other)
    if not _worth_it(now, then):
        return
    label = {STANDARD: "Standard", STANDARD_IA: "Standard-IA"}
    why = (
        "storage dominates the bill, and Standard-IA stores for about 60 % less while reads and "
        "writes cost about 25 % more"
        if other_class == STANDARD_IA
        else "reads and writes dominate the bill, and they cost about 25 % more on Standard-IA"
    )
    yield Hit(
        table.span("class") if table.given("class") else table.name_span,
        f"table {table.name}: {label[other_class]} would cost {format_usd(then)} a month "
        f"against {format_usd(now)} on {label[table.table_class]}"
        + (" (free tier counted)" if ctx.book.free_tier else "")
        + f": storage is {_storage_share(current):.0%} of the bill, so {why}. The class can change "
        "twice in 30 days",
        data={
            "table": table.name,
            "class": other_class,
            "monthly_usd": then,
            "current_monthly_usd": now,
        },
    )


@rule(
    "DDB405",
    "stream-without-consumer",
    Severity.INFO,
    "Stream enabled with no consumer declared",
)
def stream_without_consumer(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    if table.stream is None or table.stream.consumers or not table.valid("stream"):
        return
    writes = sum(p.rate or 0.0 for p in table.access_patterns if p.is_write)
    figure = (
        f" (about {format_count(writes * MONTH_SECONDS)} writes a month at the declared rates)"
        if writes
        else ""
    )
    yield Hit(
        table.span("stream"),
        f"table {table.name} has a stream but no consumer is declared: every write is recorded for 24 "
        f"hours for nobody{figure}. An idle stream costs nothing, but a consumer added later pays "
        "for its reads: declare it (consumers: [name]) or turn the stream off",
        data={"table": table.name},
    )


@rule(
    "DDB406",
    "single-item-transaction",
    Severity.INFO,
    "Transaction of one item: twice the cost for no atomicity gain",
)
def single_item_transaction(ctx: TableContext) -> Iterator[Hit]:
    for pattern in ctx.table.access_patterns:
        if not pattern.op.startswith("Transact") or pattern.items != 1 or not pattern.valid("items"):
            continue
        plain = (
            "PutItem, UpdateItem or DeleteItem with a ConditionExpression"
            if pattern.op == "TransactWriteItems"
            else "GetItem with ConsistentRead"
        )
        figure = ""
        extra_units = 0.0
        load = ctx.load(pattern)
        if load is not None and pattern.rate is not None:
            requests = pattern.rate * MONTH_SECONDS
            if pattern.op == "TransactWriteItems":
                extra_units = (load.write_units - sum(load.lsi_write_units.values())) / 2 * requests
                usd = ctx.pricing.usd_for_writes(extra_units, every_region=False)
            else:
                extra_units = load.read_units / 2 * requests
                usd = ctx.pricing.usd_for_reads(extra_units)
            figure = f"; the doubling costs {format_count(extra_units)} extra units a month" + (
                f" ({format_usd(usd)})" if usd is not None else ""
            )
        yield Hit(
            pattern.span("items"),
            f"access pattern {pattern.name} is a {pattern.op} of one item: a transaction reads or "
            f"writes each item twice (prepare and commit){figure}. A single {plain} is just as "
            "atomic",
            data={"pattern": pattern.name, "extra_units_per_month": extra_units},
        )


@rule(
    "DDB407",
    "missing-volume",
    Severity.INFO,
    "Table or access pattern without rate or count, so it cannot be priced",
)
def missing_volume(ctx: TableContext) -> Iterator[Hit]:
    table = ctx.table
    for pattern in table.access_patterns:
        if pattern.rate is None and pattern.valid("rate"):
            yield Hit(
                pattern.span("name"),
                f"access pattern {pattern.name} has no rate, so its cost and load are unknown (and it "
                "is left out of the capacity and hot-partition checks); add rate: (and peak:), for "
                "example rate: 50/s",
                data={"pattern": pattern.name},
            )
    unsized = [
        e.name
        for e in table.entities.values()
        if (e.count is None and e.valid("count")) or (e.item_size is None and e.valid("item_size"))
    ]
    if unsized:
        yield Hit(
            table.name_span,
            f"table {table.name}: {', '.join(unsized)} without count or item_size, so their storage "
            "(and what scans and index entries cost) cannot be priced; add count: and item_size:",
            data={"table": table.name, "entities": unsized},
        )


@design_check("DDB407")
def unpriced_region(ctx: DesignContext) -> Iterator[Hit]:
    if ctx.book.known:
        return
    if ctx.book.overrides and all(t.complete for t in price_design(ctx.design).tables):
        return  # pricing: gives every price this design needs
    priced = ", ".join(sorted(price_data().regions))
    yield Hit(
        ctx.design.span("region"),
        f"there is no price table for {ctx.book.region} (priced Regions: {priced}), so nothing in this "
        "spec can be priced unless pricing: gives the prices (same keys as schemas/prices.json)",
        data={"region": ctx.book.region},
    )


@design_check("DDB004")
def unknown_price_key(ctx: DesignContext) -> Iterator[Hit]:
    pricing = ctx.design.pricing
    if pricing is None or not pricing.__pydantic_extra__:
        return
    keys = price_keys()
    for key in pricing.__pydantic_extra__:
        if key in keys:
            continue
        guess = did_you_mean(key, keys)
        hint = f"; did you mean '{guess}'?" if guess else ""
        yield Hit(
            pricing.span(key, key=True),
            f"pricing: '{key}' is not a price key{hint} (the keys are those of schemas/prices.json, "
            "e.g. write_request_unit, storage_gb_month)",
            data={"reference": key, "kind": "price", "suggestion": guess},
        )
