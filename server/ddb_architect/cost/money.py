"""Dollar amounts as the bill and the messages print them."""

from __future__ import annotations


def format_usd(amount: float) -> str:
    """``$1,234.56``; amounts under a cent keep two significant digits (``$0.0042``)."""
    if amount < 0:
        return "-" + format_usd(-amount)
    if amount == 0:
        return "$0.00"
    if amount < 0.01:
        return f"${amount:.2g}" if amount >= 1e-4 else "<$0.0001"
    return f"${amount:,.2f}"


def round_cents(amount: float) -> float:
    return round(amount + 0.0, 2)
