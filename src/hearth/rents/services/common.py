"""What the rent services share: today's date, saving a new record of an account, an amount read
from what an officer, a file or a caller gives, the size of a chunk of rows read or written at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.core import audit
from hearth.core.actors import user_of
from hearth.core.money import MAX_AMOUNT, MoneyError, format_money, parse_money, to_money
from hearth.core.records import Errors
from hearth.rents.models import Arrangement, Transaction

CHUNK = 5000
Entry = TypeVar("Entry", Transaction, Arrangement)
T = TypeVar("T")


def today() -> dt.date:
    return timezone.localdate()


def refuse(field: str, message: str) -> NoReturn:
    """Stop with one problem on a field, reported as every check reports its problems
    (`core.records.Errors`): for what is found only as the work is done (the same payment posted by
    someone else at the same moment, a week that is not a week)."""
    errors = Errors()
    errors.add(field, message)
    errors.raise_if_any()
    raise AssertionError("raise_if_any raises when a problem was added")


def checked(value: T | None) -> T:
    """A value the checks before it required, each problem already reported on its field
    (`Errors.raise_if_any()`): here it is known to be given."""
    if value is None:
        refuse(NON_FIELD_ERRORS, "Check the details and try again.")
    return value


def save_and_record(
    actor: Any, row: Entry, *, action: str, summary: str, duplicate: tuple[str, str] | None = None
) -> Entry:
    """Save a new record of an account (a ledger row, an arrangement) as made by `actor`, and say so
    on the account's history. With `duplicate` (field, sentence): a row the ledger refuses as one it
    holds already (the same payment posted by someone else at the same moment) is that problem on
    the field."""
    row.created_by = user_of(actor)
    if duplicate is None:
        row.save()
    else:
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            refuse(*duplicate)
    audit.record(actor=actor, obj=row.account, action=action, summary=summary)
    return row


def read_rent_year(errors: Errors, value: Any) -> int | None:
    """The rent year given (the year it starts), or None with the problem on `year`."""
    try:
        year = int(value)
        if not 2000 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("year", "Enter the rent year as the year it starts, like 2026.")
        return None
    return year


def money_given(value: Any) -> Decimal:
    """An amount given to a service, or `MoneyError` saying why it is not one. Text (typed by an
    officer, sent by a caller) is read by `core.money.parse_money`, the one reading: plain digits, at
    most two decimal places, commas only as thousands separators; either sign. A number already read
    (a form's or a record's Decimal) is taken to the penny."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        number = Decimal(value)
        if not number.is_finite():
            raise MoneyError("Enter an amount of money, like 95.50.")
        if abs(number) > MAX_AMOUNT:
            raise MoneyError(f"Enter an amount no more than {format_money(MAX_AMOUNT)}.")
        return to_money(number)
    return parse_money(str(value), allow_negative=True)


def read_amount(errors: Errors, field: str, value: Any, *, allow_negative: bool = False) -> Decimal | None:
    """The amount given for `field` (`money_given`), or None with the problem added to `errors` on
    that field: not an amount, £0.00, negative where it may not be, or more than Hearth stores."""
    try:
        amount = money_given(value)
    except MoneyError as exc:
        errors.add(field, str(exc))
        return None
    if amount == 0 or (amount < 0 and not allow_negative):
        errors.add(
            field,
            "Enter an amount more than £0.00." if not allow_negative else "Enter an amount other than £0.00.",
        )
        return None
    return amount
