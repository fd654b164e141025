"""Quantities in a spec: sizes, counts, rates, durations and shares.

Sizes use DynamoDB's binary units (1 KB = 1024 bytes). Counts take K, M and B (billion)
suffixes or underscores. Rates are a count per s, min, h, day or month (730 hours).
Durations take s, m, h, d, w and y. Shares are percentages or fractions in [0, 1].
Each parser returns the number in base units (bytes, items, per second, seconds, fraction)
or raises ``QuantityError`` with what was expected, what was found and an example.
"""

from __future__ import annotations

import math
import re
from typing import Any

SECONDS_PER_MONTH = 730 * 3600
SECONDS_PER_DAY = 86_400

_SIZE_UNITS = {
    "b": 1,
    "kb": 1024,
    "kib": 1024,
    "mb": 1024**2,
    "mib": 1024**2,
    "gb": 1024**3,
    "gib": 1024**3,
    "tb": 1024**4,
    "tib": 1024**4,
}
_COUNT_SUFFIXES = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9}
_RATE_PERIODS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "day": SECONDS_PER_DAY,
    "d": SECONDS_PER_DAY,
    "week": 7 * SECONDS_PER_DAY,
    "month": SECONDS_PER_MONTH,
}
_DURATION_UNITS = {
    "s": 1,
    "m": 60,
    "min": 60,
    "h": 3600,
    "d": SECONDS_PER_DAY,
    "w": 7 * SECONDS_PER_DAY,
    "y": 365 * SECONDS_PER_DAY,
}

_NUMBER = r"(?P<number>\d+(?:_\d+)*(?:\.\d+)?|\.\d+)"
_SIZE_RE = re.compile(rf"^{_NUMBER}\s*(?P<unit>[a-zA-Z]*)$")
_COUNT_RE = re.compile(rf"^{_NUMBER}\s*(?P<suffix>[kKmMbB]?)$")
_RATE_RE = re.compile(rf"^{_NUMBER}\s*(?P<suffix>[kKmMbB]?)\s*/\s*(?P<period>[a-zA-Z]+)$")
_DURATION_RE = re.compile(rf"^{_NUMBER}\s*(?P<unit>[a-zA-Z]+)$")
_SHARE_RE = re.compile(rf"^{_NUMBER}\s*%$")


class QuantityError(ValueError):
    """A value that is not a valid quantity of the expected kind."""

    def __init__(self, kind: str, found: Any, expected: str, example: str) -> None:
        self.kind = kind
        self.found = found
        self.expected = expected
        self.example = example
        super().__init__(f"expected {expected}, found {_show(found)}; for example {example}")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a mapping"
    return repr(value)


def _number(text: str) -> float:
    return float(text.replace("_", ""))


def _finite_non_negative(kind: str, value: Any, expected: str, example: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise QuantityError(kind, value, expected, example)
    if math.isnan(value) or math.isinf(value) or value < 0:
        raise QuantityError(kind, value, expected, example)
    return float(value)


SIZE_EXPECTED = "a size in bytes or with a unit B, KB, MB, GB or TB (1 KB = 1024 bytes)"
SIZE_EXAMPLE = "1.5KB"


def parse_size(value: Any) -> float:
    """Bytes in a size: ``512B``, ``1.5KB``, ``2MB``, ``10GB`` or a plain number of bytes."""
    if not isinstance(value, str):
        return _finite_non_negative("size", value, SIZE_EXPECTED, SIZE_EXAMPLE)
    match = _SIZE_RE.match(value.strip())
    if not match:
        raise QuantityError("size", value, SIZE_EXPECTED, SIZE_EXAMPLE)
    unit = match["unit"].lower() or "b"
    if unit not in _SIZE_UNITS:
        raise QuantityError("size", value, SIZE_EXPECTED, SIZE_EXAMPLE)
    return _number(match["number"]) * _SIZE_UNITS[unit]


COUNT_EXPECTED = "a count: a number, optionally with K, M or B (billion), or with underscores"
COUNT_EXAMPLE = "10M or 50_000"


def parse_count(value: Any) -> float:
    """Items in a count: ``10M``, ``40K``, ``2B`` (a billion), ``50_000`` or a plain number."""
    if not isinstance(value, str):
        return _finite_non_negative("count", value, COUNT_EXPECTED, COUNT_EXAMPLE)
    match = _COUNT_RE.match(value.strip())
    if not match:
        raise QuantityError("count", value, COUNT_EXPECTED, COUNT_EXAMPLE)
    return _number(match["number"]) * _COUNT_SUFFIXES[match["suffix"].lower()]


RATE_EXPECTED = "a rate: a count per s, min, h, day or month"
RATE_EXAMPLE = "900/s or 20K/day"


def parse_rate(value: Any) -> float:
    """Events per second in a rate such as ``900/s``, ``10/min``, ``20K/day``, ``1M/month``."""
    if not isinstance(value, str):
        raise QuantityError("rate", value, RATE_EXPECTED, RATE_EXAMPLE)
    match = _RATE_RE.match(value.strip())
    if not match:
        raise QuantityError("rate", value, RATE_EXPECTED, RATE_EXAMPLE)
    period = match["period"].lower()
    if period.endswith("s") and period[:-1] in _RATE_PERIODS and period != "s":
        period = period[:-1]
    if period not in _RATE_PERIODS:
        raise QuantityError("rate", value, RATE_EXPECTED, RATE_EXAMPLE)
    count = _number(match["number"]) * _COUNT_SUFFIXES[match["suffix"].lower()]
    return count / _RATE_PERIODS[period]


DURATION_EXPECTED = "a duration with a unit s, m, h, d, w or y"
DURATION_EXAMPLE = "90d"


def parse_duration(value: Any) -> float:
    """Seconds in a duration: ``30s``, ``15m``, ``24h``, ``90d``, ``1y`` (365 days)."""
    if not isinstance(value, str):
        raise QuantityError("duration", value, DURATION_EXPECTED, DURATION_EXAMPLE)
    match = _DURATION_RE.match(value.strip())
    if not match or match["unit"].lower() not in _DURATION_UNITS:
        raise QuantityError("duration", value, DURATION_EXPECTED, DURATION_EXAMPLE)
    return _number(match["number"]) * _DURATION_UNITS[match["unit"].lower()]


SHARE_EXPECTED = "a share: a percentage up to 100% or a fraction between 0 and 1"
SHARE_EXAMPLE = "5%"


def parse_share(value: Any) -> float:
    """A fraction in [0, 1] from ``5%`` or ``0.05``."""
    if isinstance(value, str):
        match = _SHARE_RE.match(value.strip())
        if not match:
            raise QuantityError("share", value, SHARE_EXPECTED, SHARE_EXAMPLE)
        share = _number(match["number"]) / 100
    else:
        share = _finite_non_negative("share", value, SHARE_EXPECTED, SHARE_EXAMPLE)
    if share > 1:
        raise QuantityError("share", value, SHARE_EXPECTED, SHARE_EXAMPLE)
    return share


def format_bytes(size: float) -> str:
    """A byte count the way the spec writes it: ``512 B``, ``1.5 KB``, ``2.3 GB``."""
    for unit, factor in (("TB", 1024**4), ("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{_trim(size / factor)} {unit}"
    return f"{_trim(size)} B"


def format_count(count: float) -> str:
    """A count the way the spec writes it: exact below 10,000 (``3,001``), else with a
    suffix (``20K``, ``2.5M``)."""
    if count < 10_000:
        return f"{count:,.0f}" if float(count).is_integer() else _trim(count)
    for suffix, factor in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if count >= factor:
            return f"{_trim(count / factor)}{suffix}"
    return _trim(count)


def format_rate(per_second: float) -> str:
    """A rate in the most readable period: ``900/s``, ``10/min``, ``1/day``."""
    for period, seconds in (("s", 1), ("min", 60), ("h", 3600), ("day", SECONDS_PER_DAY)):
        amount = per_second * seconds
        if amount >= 1 or period == "day":
            return f"{format_count(amount)}/{period}"
    return f"{_trim(per_second)}/s"  # pragma: no cover - unreachable


def format_units(units: float) -> str:
    """Capacity units with at most two decimals and thousands separators."""
    if units >= 100 or float(units).is_integer():
        return f"{units:,.0f}"
    return f"{units:,.2f}".rstrip("0").rstrip(".")


def _trim(number: float) -> str:
    if float(number).is_integer():
        return f"{number:.0f}"
    if number >= 100:
        return f"{number:.0f}"
    return f"{number:.2f}".rstrip("0").rstrip(".") if number < 10 else f"{number:.1f}".rstrip("0").rstrip(".")
