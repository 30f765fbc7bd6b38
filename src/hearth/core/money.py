"""Money: Decimal, two places, ROUND_HALF_UP. Never float.

`parse_money` is the one reading of an amount an officer typed or a file holds: plain digits,
at most two decimal places, commas only as thousands separators (`1,250.00`), an optional pound
sign in front. Nothing else is an amount: not `1e6`, `1_000`, `12.345`, `١٢٣` or `Infinity`, all of
which Python's `Decimal` would accept.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
# The largest amount Hearth stores (the ledger's amount columns hold 10 digits, two after the point).
MAX_AMOUNT = Decimal("99999999.99")

_AMOUNT = re.compile(r"(?P<sign>-?)£?(?P<pounds>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<pence>[0-9]{1,2}))?")


class MoneyError(ValueError):
    """Text that is not an amount of money; the message is a sentence for the officer."""


def to_money(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money is never a float.")
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def parse_money(text: str, *, allow_negative: bool = False, maximum: Decimal = MAX_AMOUNT) -> Decimal:
    """The amount in `text`, or `MoneyError` with a sentence saying why it is not one."""
    cleaned = str(text).strip()
    if not cleaned:
        raise MoneyError("Enter an amount of money, like 95.50.")
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        if re.fullmatch(r"-?£?[0-9,]*\.[0-9]{3,}", cleaned):
            raise MoneyError("Enter an amount with no more than 2 decimal places, like 95.50.")
        raise MoneyError("Enter an amount of money in pounds and pence, like 95.50 or 1,250.00.")
    if match["sign"] and not allow_negative:
        raise MoneyError("Enter an amount that is not negative.")
    amount = Decimal(f"{match['sign']}{match['pounds'].replace(',', '')}.{match['pence'] or '0'}")
    if abs(amount) > maximum:
        raise MoneyError(f"Enter an amount no more than {format_money(maximum)}.")
    return to_money(amount)


def format_money(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(to_money(value)):,.2f}"
