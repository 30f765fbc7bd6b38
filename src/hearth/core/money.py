"""Money: Decimal, two places, ROUND_HALF_UP. Never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def to_money(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money is never a float.")
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def format_money(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(to_money(value)):,.2f}"
