"""5xx rules: access patterns — scans, key conditions no target can serve, filters that
throw away most of what they read, pages, batch limits and orderings."""

from __future__ import annotations

from collections.abc import Iterator

from ddb_architect.cost import units as u
from ddb_architect.cost.money import format_usd
from ddb_architect.findings import Severity
from ddb_architect.rules.context import TableContext
from ddb_architect.rules.registry import Check, Hit, rule
from ddb_architect.spec.model import AccessPattern
from ddb_architect.spec.quantities import (
    SECONDS_PER_MONTH,
    format_bytes,
    format_count,
    format_rate,
    format_units,
)

SCAN_ERROR_RATE = 1 / 60  # more often than once a minute
FILTER_KEEPS_AT_LEAST = 0.25


def _verdict_rule(code: str) -> Check:
    """A rule reporting one code of the shared key-condition judgement (see analysis)."""

    def check(ctx: TableContext) -> Iterator[Hit]:
        for pattern in ctx.table.access_patterns:
            verdict = ctx.analysis.verdict(pattern)
            if verdict.code == code and verdict.span is not None:
                yield Hit(verdict.span, verdict.message, data=dict(verdict.data))

    return check


@rule(
    "DDB501",
    "scan-access-pattern",
    Severity.ERROR,
    "Access pattern served by Scan: error more often than once a minute, else warning",
    also=Severity.WARNING,
)
def scan_access_pattern(ctx: TableContext) -> Iterator[Hit]:
    for pattern in ctx.table.access_patterns:
        if not pattern.valid("op") or not ctx.analysis.verdict(pattern).ok:
            continue
        load = ctx.load(pattern)
        scanned = pattern.op == "Scan" or (load is not None and load.metered_as == "Scan")
        if not scanned:
            continue
        rate = pattern.rate
        severity = Severity.ERROR if rate is not None and rate > SCAN_ERROR_RATE else Severity.WARNING
        how_often = (
            f"{format_rate(rate)} whole-table passes"
            if rate is not None
            else "an unknown rate (no rate given)"
        )
        figure = ""
        if load is not None:
            figure = f"; each pass reads {format_units(load.read_units)} RCU ({load.formula})"
            if rate is not None:
                per_month = load.read_units * rate * SECONDS_PER_MONTH
                usd = ctx.pricing.usd_for_reads(per_month)
                money = f", {format_usd(usd)} a month" if usd is not None else ""
                figure += f", {format_count(per_month)} read units a month{money}"
        via = " (a PartiQL statement without a key condition)" if pattern.op == "ExecuteStatement" else ""
        yield Hit(
            pattern.span("op"),
            f"access pattern {pattern.name} is served by a Scan{via} at {how_often}: a Scan reads and "
            f"pays for every item, whatever it returns{figure}. Serve it with a Query on a key or an "
            "index; for exports use export to S3",
            severity=severity,
            data={"pattern": pattern.name},
        )


unserved = rule(
    "DDB502",
    "unserved-access-pattern",
    Severity.ERROR,
    "No key of the table or its indexes can serve the access pattern's key condition",
)(_verdict_rule("DDB502"))


@rule(
    "DDB503",
    "filter-amplification",
    Severity.WARNING,
    "A filter that keeps less than 25% of what it reads",
)
def filter_amplification(ctx: TableContext) -> Iterator[Hit]:
    for pattern in ctx.table.access_patterns:
        flt = pattern.filter
        if flt is None or flt.selectivity is None or flt.selectivity >= FILTER_KEEPS_AT_LEAST:
            continue
        if not ctx.analysis.verdict(pattern).ok:
            continue
        load = ctx.load(pattern)
        if pattern.op == "Scan" or (load is not None and load.metered_as == "Scan"):
            continue  # a Scan pays for everything whatever it filters: DDB501's to report
        figure = ""
        if load is not None and pattern.items is not None:
            returned_only = _returned_only_units(
                ctx, pattern, load.read_units, load.fetch_units, flt.selectivity
            )
            figure = (
                f": each request pays {format_units(load.read_units)} RCU to return what "
                f"{format_units(returned_only)} RCU would read"
            )
            if pattern.rate is not None:
                wasted = (load.read_units - returned_only) * pattern.rate * SECONDS_PER_MONTH
                usd = ctx.pricing.usd_for_reads(wasted)
                if usd is not None:
                    figure += f"; the reads the filter throws away cost {format_usd(usd)} a month"
        yield Hit(
            pattern.span("filter"),
            f"access pattern {pattern.name} keeps {flt.selectivity:.0%} of what it reads; the filter runs "
            f"after the read, so {1 / flt.selectivity if flt.selectivity else float('inf'):.0f}× the "
            f"returned items are read and paid for{figure}. Put the filtered attribute in the sort key "
            "or a sparse index",
            data={"pattern": pattern.name, "selectivity": flt.selectivity},
        )


def _returned_only_units(
    ctx: TableContext, pattern: AccessPattern, read_units: float, fetch_units: float, selectivity: float
) -> float:
    """Read units of a request that read only the items the filter keeps: their size
    summed and rounded up to 4 KB once, as any Query (facts 1.8), plus the kept items'
    fetches from a local index (3.6); the kept share of ``read_units`` when the sizes
    are unknown."""
    read = _read_bytes(ctx, pattern)
    target = ctx.analysis.pattern_target(pattern)
    if read is None or target is None:
        return max(read_units * selectivity, 0.5)
    strong = pattern.consistent and target.kind != "gsi"
    consistency = u.Consistency.STRONG if strong else u.Consistency.EVENTUAL
    return u.query(read * selectivity, consistency) + fetch_units * selectivity


missing_partition_key_condition = rule(
    "DDB504",
    "missing-partition-key-condition",
    Severity.ERROR,
    "Key condition without equality on the target's partition key",
)(_verdict_rule("DDB504"))

invalid_sort_key_condition = rule(
    "DDB505",
    "invalid-sort-key-condition",
    Severity.ERROR,
    "Key condition on an attribute that is not the sort key, or with an operator not allowed there",
)(_verdict_rule("DDB505"))


def _read_bytes(ctx: TableContext, pattern: AccessPattern) -> float | None:
    target = ctx.analysis.pattern_target(pattern)
    if target is None or pattern.items is None:
        return None
    entities = ctx.analysis.pattern_entities(pattern)
    sizes = [s for s in (ctx.analysis.entry_bytes(e, target) for e in entities) if s is not None]
    if not sizes:
        return None
    selectivity = pattern.filter.selectivity if pattern.filter is not None else None
    items = pattern.items / selectivity if selectivity else pattern.items
    return items * sum(sizes) / len(sizes)


@rule(
    "DDB506",
    "result-needs-pagination",
    Severity.INFO,
    "Results larger than the 1 MB page: the caller must follow LastEvaluatedKey",
)
def result_needs_pagination(ctx: TableContext) -> Iterator[Hit]:
    for pattern in ctx.table.access_patterns:
        if pattern.op != "Query" or not ctx.analysis.verdict(pattern).ok:
            continue
        read = _read_bytes(ctx, pattern)
        if read is None or read <= u.PAGE_BYTES:
            continue
        pages = -(-read // u.PAGE_BYTES)
        yield Hit(
            pattern.span("items"),
            f"access pattern {pattern.name} reads about {format_bytes(read)} per request, over the 1 MB "
            f"a Query returns per call: it takes {pages:.0f} pages, and the code must follow "
            "LastEvaluatedKey (or use a paginator)",
            data={"pattern": pattern.name, "pages": pages},
        )


@rule(
    "DDB507",
    "batch-limit",
    Severity.ERROR,
    "Batch over 25 writes or 100 reads, or a transaction over 100 items or 4 MB",
)
def batch_limit(ctx: TableContext) -> Iterator[Hit]:
    limits = {
        "BatchWriteItem": (u.BATCH_WRITE_LIMIT, "BatchWriteItem takes at most 25 put or delete requests"),
        "BatchGetItem": (u.BATCH_GET_LIMIT, "BatchGetItem takes at most 100 keys"),
        "TransactWriteItems": (u.TRANSACTION_ITEM_LIMIT, "a transaction takes at most 100 items"),
        "TransactGetItems": (u.TRANSACTION_ITEM_LIMIT, "a transaction takes at most 100 items"),
    }
    for pattern in ctx.table.access_patterns:
        if pattern.op not in limits or pattern.items is None or not pattern.valid("items"):
            continue
        limit, why = limits[pattern.op]
        if pattern.items > limit:
            yield Hit(
                pattern.span("items"),
                f"access pattern {pattern.name}: {format_count(pattern.items)} items per request, but "
                f"{why}; DynamoDB rejects the call. Split it into chunks of {limit}",
                data={"pattern": pattern.name, "limit": limit},
            )
            continue
        if pattern.op.startswith("Transact"):
            sizes = [e.item_size for e in ctx.analysis.pattern_entities(pattern) if e.item_size is not None]
            if sizes:
                total = pattern.items * sum(sizes) / len(sizes)
                if total > u.TRANSACTION_BYTES_LIMIT:
                    kb = u.KB
                    yield Hit(
                        pattern.span("items"),
                        f"access pattern {pattern.name}: {format_count(pattern.items)} items of "
                        f"{format_bytes(sum(sizes) / len(sizes))} make {total / kb:,.0f} KB, over the "
                        f"4 MB ({u.TRANSACTION_BYTES_LIMIT / kb:,.0f} KB) a transaction may carry; "
                        "DynamoDB rejects it",
                        data={"pattern": pattern.name, "bytes": total},
                    )


@rule(
    "DDB508",
    "unsupported-order",
    Severity.WARNING,
    "order_by is not the target's sort key, or order on a target without a sort key",
)
def unsupported_order(ctx: TableContext) -> Iterator[Hit]:
    for pattern in ctx.table.access_patterns:
        if pattern.order is None and pattern.order_by is None:
            continue
        verdict = ctx.analysis.verdict(pattern)
        if verdict.code == "DDB004" or verdict.silent:
            continue
        target = ctx.analysis.pattern_target(pattern)
        if target is None:
            continue
        if pattern.op == "Scan":
            field = "order_by" if pattern.order_by is not None else "order"
            yield Hit(
                pattern.span(field),
                f"access pattern {pattern.name}: a Scan returns items in no useful order; sort them "
                "yourself, or Query a target whose sort key gives the order",
                data={"pattern": pattern.name},
            )
            continue
        if pattern.order_by is not None and pattern.order_by not in target.sort_attrs:
            sort = f"sorts by {', '.join(target.sort_attrs)}" if target.sort_attrs else "has no sort key"
            yield Hit(
                pattern.span("order_by"),
                f"access pattern {pattern.name} needs results ordered by {pattern.order_by}, but "
                f"{target.label} {sort}; DynamoDB returns items only in sort-key order. "
                f"Use an index whose sort key is {pattern.order_by}",
                data={"pattern": pattern.name, "order_by": pattern.order_by},
            )
        elif pattern.order is not None and not target.sort_attrs:
            yield Hit(
                pattern.span("order"),
                f"access pattern {pattern.name} asks for {pattern.order} order, but {target.label} has "
                "no sort key, so there is nothing to order by",
                data={"pattern": pattern.name},
            )
