"""The rent-side steps of a process that ends an agreement: stop its charges after the end date,
credit days already debited after it, and work out the final balance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hearth.core import audit
from hearth.core.money import format_money
from hearth.rents import domain, selectors
from hearth.rents.models import ChargeElement, DebitRun, FreeWeek, RentAccount, Transaction
from hearth.tenancy_processes import actions
from hearth.tenancy_processes.common import user


def projected_final_balance(account: RentAccount, end_date: dt.date) -> Decimal:
    """The balance once every debit up to the end date is posted: what is posted now, plus the debits
    of weeks the debit run has not yet posted."""
    tenancy = account.tenancy
    today = timezone.localdate()
    first = domain.week_monday(min(today, end_date))
    mondays = domain.mondays_between(first, end_date)
    run = set(
        DebitRun.objects.filter(week__in=mondays, completed_at__isnull=False).values_list("week", flat=True)
    )
    free = set(FreeWeek.objects.filter(monday__in=mondays).values_list("monday", flat=True))
    elements = [
        domain.Element(e.pk, e.weekly_amount, e.effective_from, e.effective_to)
        for e in ChargeElement.objects.filter(account=account)
    ]
    extra = Decimal("0.00")
    for monday in mondays:
        if monday in run:
            continue
        for _, debit in domain.element_debits_for_week(
            monday, elements, start=tenancy.start_date, end=end_date, free_mondays=free
        ):
            extra += debit.amount
    return selectors.balance(account) + extra


def credit_debits_after_end(*, actor: Any, account: RentAccount, end_date: dt.date) -> list[Transaction]:
    """An agreement ended inside (or before) a week the debit run already posted: credit each debit
    for the days it charged after the end date (weekly x days after the end / 7, half up to the
    penny, as `domain.prorate`), each adjustment naming the debit it corrects. Debits already
    corrected are left alone, so a second call posts nothing."""
    debits = (
        Transaction.objects.filter(
            account=account,
            element__isnull=False,
            amount__gt=0,
            posted_on__gte=domain.week_monday(end_date),
        )
        .exclude(corrections__isnull=False)
        .select_related("element")
        .order_by("posted_on", "id")
    )
    today = timezone.localdate()
    out = []
    for debit in debits:
        sunday = domain.week_sunday(debit.posted_on)
        if end_date >= sunday:
            continue
        days_after = (sunday - max(end_date, debit.posted_on - dt.timedelta(days=1))).days
        weekly = debit.element.weekly_amount if debit.element is not None else debit.amount
        amount = min(domain.prorate(weekly, days_after), debit.amount)
        if amount <= 0:
            continue
        row = Transaction(
            account=account,
            kind=Transaction.Kind.ADJUSTMENT,
            amount=-amount,
            posted_on=max(today, debit.posted_on),
            corrects=debit,
            description=f"{days_after} day{'s' if days_after != 1 else ''} of the "
            f"{debit.get_kind_display().lower()} debit of {debit.posted_on:%d %B %Y} after the agreement "
            f"ended on {end_date:%d %B %Y}",
            created_by=user(actor),
        )
        row.save()
        out.append(row)
    if out:
        total = sum((-r.amount for r in out), Decimal("0.00"))
        audit.record(
            actor=actor,
            obj=account,
            action=actions.DEBITS_AFTER_END_CREDITED,
            summary=f"{format_money(total)} credited for days debited after the agreement ended on "
            f"{end_date:%d %B %Y}",
        )
    return out


def stop_charges(*, account: RentAccount, end_date: dt.date) -> None:
    """No charge element runs past the end date."""
    ChargeElement.objects.filter(account=account, effective_to__isnull=True).update(effective_to=end_date)
    ChargeElement.objects.filter(account=account, effective_to__gt=end_date).update(effective_to=end_date)


def end_account(*, actor: Any, account: RentAccount, end_date: dt.date) -> Decimal:
    """Stop the charges, credit the days debited after the end, and return the final balance."""
    account.tenancy.end_date = end_date
    stop_charges(account=account, end_date=end_date)
    credit_debits_after_end(actor=actor, account=account, end_date=end_date)
    return projected_final_balance(account, end_date)
