"""Quantities: each form the spec format allows, and a clear error for each bad one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ddb_architect.spec import quantities as q


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("512B", 512),
        ("1.5KB", 1536),
        ("1KB", 1024),
        ("2MB", 2 * 1024**2),
        ("10GB", 10 * 1024**3),
        ("1TB", 1024**4),
        ("1.5 KB", 1536),
        ("4kb", 4096),
        ("2KiB", 2048),
        (300, 300),
        (1.5, 1.5),
    ],
)
def test_sizes_use_binary_units(text: object, size: float) -> None:
    assert q.parse_size(text) == size


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("10M", 10_000_000),
        ("40K", 40_000),
        ("2B", 2_000_000_000),
        ("50_000", 50_000),
        ("1.5M", 1_500_000),
        (7, 7),
    ],
)
def test_counts_take_suffixes_and_underscores(text: object, count: float) -> None:
    assert q.parse_count(text) == count


@pytest.mark.parametrize(
    ("text", "per_second"),
    [
        ("900/s", 900),
        ("10/min", 10 / 60),
        ("3/h", 3 / 3600),
        ("20K/day", 20_000 / 86_400),
        ("1M/month", 1_000_000 / (730 * 3600)),
        ("5 / sec", 5),
        ("2/hours", 2 / 3600),
    ],
)
def test_rates_are_a_count_per_period(text: str, per_second: float) -> None:
    assert q.parse_rate(text) == pytest.approx(per_second)


def test_a_month_is_730_hours() -> None:
    assert q.parse_rate("730/month") == pytest.approx(1 / 3600)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("15m", 900),
        ("24h", 86_400),
        ("90d", 90 * 86_400),
        ("1y", 365 * 86_400),
        ("2w", 14 * 86_400),
    ],
)
def test_durations(text: str, seconds: float) -> None:
    assert q.parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "share"), [("5%", 0.05), ("100%", 1.0), ("0%", 0.0), (0.25, 0.25), ("12.5%", 0.125)]
)
def test_shares(text: object, share: float) -> None:
    assert q.parse_share(text) == pytest.approx(share)


@pytest.mark.parametrize(
    ("parser", "bad", "example"),
    [
        (q.parse_size, "1.5 kilo", "1.5KB"),
        (q.parse_size, "-1KB", "1.5KB"),
        (q.parse_size, True, "1.5KB"),
        (q.parse_count, "10X", "10M"),
        (q.parse_count, "ten", "10M"),
        (q.parse_rate, "900", "900/s"),
        (q.parse_rate, 900, "900/s"),
        (q.parse_rate, "5/fortnight", "900/s"),
        (q.parse_duration, "90", "90d"),
        (q.parse_duration, "3 months", "90d"),
        (q.parse_share, "120%", "5%"),
        (q.parse_share, 1.5, "5%"),
        (q.parse_share, "five percent", "5%"),
    ],
)
def test_bad_values_say_what_was_expected_found_and_an_example(
    parser: object, bad: object, example: str
) -> None:
    with pytest.raises(q.QuantityError) as raised:
        parser(bad)  # type: ignore[operator]
    message = str(raised.value)
    assert message.startswith("expected ")
    assert "found" in message
    assert example in message


def test_formatting_reads_like_the_spec() -> None:
    assert q.format_bytes(1536) == "1.5 KB"
    assert q.format_bytes(512) == "512 B"
    assert q.format_count(2_500_000) == "2.5M"
    assert q.format_rate(10 / 60) == "10/min"
    assert q.format_rate(1 / 86_400) == "1/day"
    assert q.format_units(2500) == "2,500"
    assert q.format_units(12.5) == "12.5"


@given(st.integers(min_value=0, max_value=10**12))
def test_counts_round_trip_plain_numbers(n: int) -> None:
    assert q.parse_count(str(n)) == n
    assert q.parse_count(f"{n:_}") == n


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_size_in_kb_is_1024_bytes(kb: float) -> None:
    assert q.parse_size(f"{kb:.3f}KB") == pytest.approx(float(f"{kb:.3f}") * 1024)
