"""Unit prices by Region, read once from ``schemas/prices.json``, with a design's own
``pricing:`` overrides laid over them.

Every price keeps its unit, sources and as-of date, and whether the project's fact sheet
could confirm it; a cost computed from an unconfirmed price says so. A price the table
does not have is missing, never guessed: the lines that need it stay unpriced and say why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ddb_architect.resources import schemas_dir

PRICES_FILE = "prices.json"

# The price keys a table's class and capacity mode select.
STANDARD = "standard"
STANDARD_IA = "standard-ia"


@dataclass(frozen=True)
class Price:
    """One unit price: ``price`` USD per ``per`` units."""

    key: str
    price: float
    per: float
    unit: str
    sources: tuple[str, ...]
    as_of: str
    unconfirmed: bool = False
    note: str | None = None
    overridden: bool = False

    @property
    def per_unit(self) -> float:
        """USD for one unit (one request unit, one GB-month, one unit-hour)."""
        return self.price / self.per

    @property
    def text(self) -> str:
        """The price as people write it: ``$0.625 per million``, ``$0.00065 per hour``."""
        amount = f"${self.price:,.2f}" if round(self.price, 2) == self.price else f"${self.price:g}"
        if self.per == 1_000_000:
            return f"{amount}/M"
        if self.per == 100_000:
            return f"{amount}/100K"
        if self.per == 100:
            return f"{amount}/100 units"
        return amount


@dataclass(frozen=True)
class PriceTable:
    """The prices of one Region."""

    region: str
    name: str
    as_of: str
    prices: Mapping[str, Price]
    note: str | None = None


@dataclass(frozen=True)
class FreeTier:
    storage_gb: float
    read_capacity_units: float
    write_capacity_units: float
    streams_read_request_units: float


@dataclass(frozen=True)
class PriceData:
    currency: str
    month_hours: float
    gb_bytes: float
    gb_note: str
    sources: Mapping[str, str]
    free_tier: FreeTier
    regions: Mapping[str, PriceTable]


@cache
def price_data() -> PriceData:
    """The price tables, loaded once."""
    raw = json.loads((schemas_dir() / PRICES_FILE).read_text(encoding="utf-8"))
    regions = {}
    for region, table in raw["regions"].items():
        prices = {
            key: Price(
                key,
                float(entry["price"]),
                float(entry["per"]),
                entry["unit"],
                tuple(entry["sources"]),
                entry["as_of"],
                bool(entry.get("unconfirmed", False)),
                entry.get("note"),
            )
            for key, entry in table["prices"].items()
        }
        regions[region] = PriceTable(region, table["name"], table["as_of"], prices, table.get("note"))
    allowances = raw["free_tier"]["allowances"]
    free = FreeTier(
        float(allowances["storage_gb"]["amount"]),
        float(allowances["read_capacity_units"]["amount"]),
        float(allowances["write_capacity_units"]["amount"]),
        float(allowances["streams_read_request_units"]["amount"]),
    )
    return PriceData(
        raw["currency"],
        float(raw["month_hours"]),
        float(raw["gb_bytes"]),
        raw["gb_note"],
        raw["sources"],
        free,
        regions,
    )


def price_keys() -> list[str]:
    """Every price key any Region's table has: what ``pricing:`` may override."""
    keys: set[str] = set()
    for table in price_data().regions.values():
        keys.update(table.prices)
    return sorted(keys)


@dataclass
class PriceBook:
    """The prices a design is costed with: one Region's table and the overrides."""

    region: str
    table: PriceTable | None
    overrides: Mapping[str, float] = field(default_factory=dict)
    free_tier: bool = False

    @classmethod
    def for_region(
        cls, region: str, overrides: Mapping[str, Any] | None = None, *, free_tier: bool = False
    ) -> PriceBook:
        table = price_data().regions.get(region)
        numbers = {k: float(v) for k, v in (overrides or {}).items() if isinstance(v, (int, float))}
        return cls(region, table, numbers, free_tier)

    @property
    def known(self) -> bool:
        return self.table is not None

    @property
    def as_of(self) -> str:
        return self.table.as_of if self.table is not None else "unknown"

    def get(self, key: str) -> Price | None:
        """The price for ``key``: the override when the design gives one, else the
        Region's; None when neither has it."""
        base = self.table.prices.get(key) if self.table is not None else None
        if key in self.overrides:
            per = base.per if base is not None else _default_per(key)
            unit = base.unit if base is not None else key
            return Price(key, self.overrides[key], per, unit, ("pricing override",), "spec", overridden=True)
        return base

    def missing(self, key: str) -> str:
        """Why ``key`` has no price, and how to give it one."""
        if self.table is None:
            return f"no price table for {self.region}; give prices under pricing: ({key}: ...)"
        return f"no {key} price for {self.region} in the price table; give it under pricing: ({key}: ...)"


def _default_per(key: str) -> float:
    """The unit an override of a key no Region has is read in."""
    if key.endswith(("request_unit", "request_unit_ia", "_unit")) and "streams" not in key:
        return 1_000_000
    if key.startswith("streams_"):
        return 100_000
    if key.startswith("reserved_"):
        return 100
    return 1
