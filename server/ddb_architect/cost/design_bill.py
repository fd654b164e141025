"""A whole design's bill: every table priced in one Region with the design's overrides, and the free tier taken off the total when the spec asks for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ddb_architect.cost.bill import (
    HOURS_PER_MONTH,
    Bill,
    CostLine,
    Scenario,
    TableCost,
)
from ddb_architect.cost.money import format_usd
from ddb_architect.cost.prices import STANDARD, Price, PriceBook, price_data
from ddb_architect.cost.table_memo import priced_table
from ddb_architect.spec.model import Design
from ddb_architect.spec.quantities import (
    format_count,
    format_units,
)


def book_for(design: Design, region: str | None = None) -> PriceBook:
    """The prices a design is costed with: its region's (or ``region``), its overrides."""
    pricing = design.pricing
    overrides = dict(pricing.__pydantic_extra__ or {}) if pricing is not None else {}
    return PriceBook.for_region(
        region or design.region, overrides, free_tier=bool(pricing and pricing.free_tier)
    )


def price_design(
    design: Design, *, region: str | None = None, month: int = 1, scenario: Scenario | None = None
) -> Bill:
    """The design's bill for ``month`` (1: the coming month)."""
    book = book_for(design, region)
    scenario = replace(scenario or Scenario(), month=month)
    tables = []
    for table in design.tables.values():
        tables.append(priced_table(design, table, book, scenario))
    name = book.table.name if book.table is not None else book.region
    bill = Bill(book.region, name, book.as_of, price_data().currency, month, tables)
    if book.free_tier:
        bill.credits = free_tier_credits(book, tables)
    if not book.known:
        bill.notes.append(f"no price table for {book.region}: only prices given under pricing: are used")
    return bill


def free_tier_credits(book: PriceBook, tables: Iterable[TableCost]) -> list[CostLine]:
    """The always-free allowances, taken off the whole design (per account and Region)."""
    tables = list(tables)
    free = price_data().free_tier
    credits = []

    def credit(
        subject: str, used: float, allowance: float, unit: str, price: Price | None, per_month: float = 1.0
    ) -> None:
        taken = min(used, allowance)
        if taken <= 0 or price is None:
            return
        usd = -taken * per_month * price.per_unit
        credits.append(
            CostLine(
                "free-tier",
                subject,
                taken,
                unit,
                usd,
                f"free tier: {format_units(taken)} {unit}"
                + (f" × {format_count(per_month)} h" if per_month != 1 else "")
                + f" × {price.text} = {format_usd(usd)}",
            )
        )

    # The free allowances are for the Standard class only (facts 5, 6.6).
    standard = [t for t in tables if t.table_class == STANDARD]
    storage = sum(
        line.quantity for t in standard for line in t.lines if line.category in ("storage", "index-storage")
    )
    credit("storage", storage, free.storage_gb, "GB-month", book.get("storage_gb_month"))
    # 25 GB are free in each Region (facts 5), so a replica's Region has its own.
    replicas: dict[str, float] = {}
    for t in standard:
        for line in t.lines:
            if line.category == "replication" and line.unit == "GB-month":
                replicas[line.subject] = replicas.get(line.subject, 0.0) + line.quantity
    for region, size in replicas.items():
        replica_book = PriceBook.for_region(region, book.overrides)
        credit(
            f"storage in {region}", size, free.storage_gb, "GB-month", replica_book.get("storage_gb_month")
        )

    # 25 RCU and 25 WCU are a free band of the standard provisioned rate (18,600 unit-hours
    # in the Price List, 25 × 730 h here): capacity bought as reserved capacity or billed as
    # replicated writes (rWCU) is not in that band, nor are replica Regions (per-Region
    # scope unconfirmed, facts 5).
    def standard_units(categories: tuple[str, ...], unit: str) -> float:
        hours = sum(
            line.quantity
            for t in standard
            if t.billing == "provisioned"
            for line in t.lines
            if line.category in categories and line.unit == unit
        )
        return hours / HOURS_PER_MONTH

    credit(
        "provisioned reads",
        standard_units(("reads", "index-reads"), "RCU-hours"),
        free.read_capacity_units,
        "RCU",
        book.get("read_capacity_unit_hour"),
        HOURS_PER_MONTH,
    )
    credit(
        "provisioned writes",
        standard_units(("writes", "index-writes"), "WCU-hours"),
        free.write_capacity_units,
        "WCU",
        book.get("write_capacity_unit_hour"),
        HOURS_PER_MONTH,
    )
    stream_calls = sum(line.quantity for t in tables for line in t.lines if line.category == "streams")
    credit(
        "stream reads",
        stream_calls,
        free.streams_read_request_units,
        "read request units",
        book.get("streams_read_request_unit"),
    )
    return credits
