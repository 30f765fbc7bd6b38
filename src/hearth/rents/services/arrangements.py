"""Payment arrangements: a weekly amount towards the arrears from a start date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from hearth.core import permissions
from hearth.core.money import format_money
from hearth.core.records import Errors
from hearth.rents.models import (
    Arrangement,
    RentAccount,
)
from hearth.rents.services.common import checked, read_amount, save_and_record, today


@transaction.atomic
def make_arrangement(
    *,
    actor: Any,
    account: RentAccount,
    weekly_amount: Decimal | str,
    start_date: dt.date | None,
    note: str = "",
) -> Arrangement:
    """A new arrangement; any arrangement still running on the account ends the day before."""
    permissions.require(actor, "rents.post")
    errors = Errors()
    value = read_amount(errors, "weekly_amount", weekly_amount)
    if start_date is None:
        errors.add("start_date", "Enter the date the first payment is due.")
    elif start_date < today() - dt.timedelta(days=28):
        errors.add("start_date", "The first payment must be due within the last four weeks or later.")
    errors.raise_if_any()
    value, start_date = checked(value), checked(start_date)
    Arrangement.objects.filter(account=account, end_date__isnull=True).update(
        end_date=start_date - dt.timedelta(days=1)
    )
    arrangement = Arrangement(
        account=account,
        weekly_amount=value,
        start_date=start_date,
        note=note.strip()[:300],
    )
    return save_and_record(
        actor,
        arrangement,
        action="arrangement made",
        summary=f"Arrangement: {format_money(value)} a week from {start_date:%d %B %Y}",
    )
