"""What the rent services share: today's date, the signed-in user behind an actor, an amount read
from what an officer, a file or a caller gives, the size of a chunk of rows read or written at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hearth.core.money import to_money
from hearth.core.records import Errors

CHUNK = 5000


def today() -> dt.date:
    return timezone.localdate()


def user_of(actor: Any) -> Any:
    """The signed-in user behind an actor, or None for a label ("debit run", "import")."""
    return actor if getattr(actor, "is_authenticated", False) else None


def read_amount(errors: Errors, field: str, value: Any, *, allow_negative: bool = False) -> Decimal | None:
    """The amount given for `field`, or None with the problem added to `errors` on that field."""
    try:
        amount = to_money(str(value).strip().replace("£", "").replace(",", ""))
    except Exception:
        errors.add(field, "Enter an amount of money, like 95.50.")
        return None
    if amount == 0 or (amount < 0 and not allow_negative):
        errors.add(
            field,
            "Enter an amount more than £0.00." if not allow_negative else "Enter an amount other than £0.00.",
        )
        return None
    if abs(amount) >= Decimal("100000000"):
        errors.add(field, "The amount is too large.")
        return None
    return amount
