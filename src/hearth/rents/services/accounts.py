"""Rent accounts and their weekly charges: opening an account (with the debits of weeks already
run), charge elements, a charge changing from a Monday, the free weeks of a rent year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from hearth.core import audit, permissions
from hearth.core.actors import user_of
from hearth.core.money import MoneyError, format_money, to_money
from hearth.core.records import Errors, create_audited, record_change
from hearth.core.references import next_reference
from hearth.rents import domain
from hearth.rents.models import (
    ChargeElement,
    ChargeKind,
    DebitRun,
    FreeWeek,
    RentAccount,
    Transaction,
)
from hearth.rents.services.common import checked, money_given
from hearth.rents.services.debit_run import part_week_label, scheduled_debit
from hearth.tenancies.models import Tenancy

ACCOUNT_FIELDS = ["reference", "tenancy"]
ELEMENT_FIELDS = ["kind", "description", "weekly_amount", "effective_from", "effective_to"]


@transaction.atomic
def open_account(
    *,
    actor: Any,
    tenancy: Tenancy,
    charges: Sequence[tuple[str, Decimal, str]] = (),
    effective_from: dt.date | None = None,
    catch_up: bool = True,
) -> RentAccount:
    """The rent account of an agreement, with its weekly charge elements (kind, weekly, description).
    When the agreement starts in a week the debit run has already posted, that week's debits (and
    any later weeks already posted) are posted now (`post_catch_up_debits`); a caller adding more
    elements first passes `catch_up=False` and posts them itself."""
    permissions.require(actor, "tenancies.process")
    errors = Errors()
    if RentAccount.objects.filter(tenancy=tenancy).exists():
        errors.add("tenancy", f"Agreement {tenancy.reference} already has a rent account.")
    _check_charges(errors, charges)
    errors.raise_if_any()
    account = RentAccount(tenancy=tenancy, reference=next_reference("R", width=7))
    create_audited(
        actor=actor,
        obj=account,
        fields=ACCOUNT_FIELDS,
        summary=f"Rent account opened for {tenancy.reference}",
    )
    start = effective_from or tenancy.start_date
    for kind, weekly, description in charges:
        add_element(
            actor=actor,
            account=account,
            kind=kind,
            weekly=to_money(weekly),
            description=description,
            start=start,
        )
    if catch_up:
        post_catch_up_debits(actor=actor, account=account)
    return account


def completed_weeks(first: dt.date, last: dt.date | None = None) -> list[dt.date]:
    """The Mondays from the week holding `first` (to `last`) whose debit run has completed."""
    qs = DebitRun.objects.filter(week__gte=domain.week_monday(first), completed_at__isnull=False)
    if last is not None:
        qs = qs.filter(week__lte=last)
    return sorted(qs.values_list("week", flat=True))


def post_catch_up_debits(*, actor: Any, account: RentAccount) -> list[Transaction]:
    """Post the debits of the weeks the debit run completed before this account existed (a sign-up
    entered after its first week was run): the same debits the run would have posted, by the same
    rules (`domain.element_debits_for_week`), marked as the run's, so a rerun of those weeks skips
    them (one debit per account, element and date)."""
    tenancy = Tenancy.objects.get(pk=account.tenancy_id)
    weeks = completed_weeks(tenancy.start_date, tenancy.end_date)
    if not weeks:
        return []
    free = set(FreeWeek.objects.filter(monday__in=weeks).values_list("monday", flat=True))
    by_pk: dict[object, ChargeElement] = {
        e.pk: e for e in ChargeElement.objects.filter(account=account, weekly_amount__gt=0).order_by("id")
    }
    elements = [
        domain.Element(e.pk, e.weekly_amount, e.effective_from, e.effective_to) for e in by_pk.values()
    ]
    already = set(
        Transaction.objects.filter(account=account, element__isnull=False).values_list(
            "element_id", "posted_on"
        )
    )
    rows = []
    for monday in weeks:
        for key, debit in domain.element_debits_for_week(
            monday, elements, start=tenancy.start_date, end=tenancy.end_date, free_mondays=free
        ):
            element = by_pk[key]
            if (element.pk, debit.date) in already:
                continue
            part = f"{part_week_label(debit.days)}; " if debit.part_week else ""
            already_run = (
                f"{part}week beginning {monday:%d %B %Y} already run: posted when the account was opened"
            )
            rows.append(scheduled_debit(element, debit, already_run, created_by=user_of(actor)))
    for row in rows:
        row.save()
    if rows:
        total = sum((r.amount for r in rows), Decimal("0.00"))
        audit.record(
            actor=actor,
            obj=account,
            action="debits caught up",
            summary=f"{len(rows)} debit{'s' if len(rows) != 1 else ''} of {format_money(total)} for weeks "
            f"already run before the account was opened",
        )
    return rows


def _check_charges(errors: Errors, charges: Iterable[tuple[str, Any, str]]) -> None:
    for kind, weekly, _ in charges:
        if kind not in ChargeKind.values:
            errors.add("charges", "Select the kind of each charge.")
        try:
            amount = money_given(weekly)
        except MoneyError:
            errors.add("charges", "Enter each weekly charge as an amount of money, like 95.50.")
            continue
        if amount < 0:
            errors.add("charges", "A weekly charge cannot be less than £0.00.")


def add_element(
    *,
    actor: Any,
    account: RentAccount,
    kind: str,
    weekly: Decimal,
    description: str,
    start: dt.date,
    end: dt.date | None = None,
) -> ChargeElement:
    """One more charge element from `start` (to `end`), recorded on the account's history."""
    element = ChargeElement.objects.create(
        account=account,
        kind=kind,
        weekly_amount=weekly,
        description=description,
        effective_from=start,
        effective_to=end,
    )
    until = f" until {end:%d %B %Y}" if end else ""
    record_change(
        actor,
        element,
        on=account,
        action="charge added",
        before={},
        fields=ELEMENT_FIELDS,
        summary=f"{element.get_kind_display()} {format_money(weekly)} a week from {start:%d %B %Y}{until}",
    )
    return element


def debited_weeks_problem(account: RentAccount, effective_from: dt.date) -> str | None:
    """Why a charge cannot change from `effective_from`: a week from then on that the account's
    agreement runs in has already been debited (a completed debit run) at the old amount."""
    tenancy = account.tenancy
    weeks = completed_weeks(max(effective_from, tenancy.start_date), tenancy.end_date)
    weeks = [w for w in weeks if w >= effective_from]
    if not weeks:
        return None
    first, last = weeks[0], weeks[-1]
    which = (
        f"The week beginning {first:%d %B %Y} has"
        if first == last
        else f"The weeks beginning {first:%d %B %Y} to {last:%d %B %Y} have"
    )
    return (
        f"{which} already been debited at the old amount. Start the new charge from "
        f"{last + dt.timedelta(days=7):%d %B %Y}, and post a rent debit amendment for each week already "
        f"debited."
    )


@transaction.atomic
def change_charge(
    *,
    actor: Any,
    account: RentAccount,
    kind: str,
    weekly: Decimal | str,
    effective_from: dt.date,
    description: str = "",
) -> ChargeElement:
    """A new weekly amount for one element from a Monday; the element in force ends the day before."""
    permissions.require(actor, "rents.run")
    errors = Errors()
    if kind not in ChargeKind.values:
        errors.add("kind", "Select the kind of charge.")
    amount = None
    try:
        amount = money_given(weekly)
        if amount < 0:
            errors.add("weekly_amount", "A weekly charge cannot be less than £0.00.")
    except MoneyError as exc:
        errors.add("weekly_amount", str(exc))
    if effective_from is None:
        errors.add("effective_from", "Enter the date the new charge starts.")
    elif effective_from.weekday() != 0:
        errors.add("effective_from", "A charge changes on a Monday, the first day of a rent week.")
    else:
        problem = debited_weeks_problem(account, effective_from)
        if problem:
            errors.add("effective_from", problem)
    current = (
        ChargeElement.objects.select_for_update()
        .filter(account=account, kind=kind, effective_to__isnull=True)
        .order_by("-effective_from")
        .first()
    )
    if current is not None and effective_from is not None and current.effective_from >= effective_from:
        errors.add("effective_from", "The new charge must start after the one in force now.")
    errors.raise_if_any()
    amount = checked(amount)
    if current is not None:
        before = audit.snapshot(current, ELEMENT_FIELDS)
        current.effective_to = effective_from - dt.timedelta(days=1)
        current.save(update_fields=["effective_to"])
        record_change(
            actor,
            current,
            on=account,
            action="charge ended",
            before=before,
            fields=ELEMENT_FIELDS,
            summary=f"{current.get_kind_display()} ends {current.effective_to:%d %B %Y}",
        )
    return add_element(
        actor=actor,
        account=account,
        kind=kind,
        weekly=amount,
        description=description or (current.description if current else ""),
        start=effective_from,
    )


@transaction.atomic
def set_free_weeks(*, actor: Any, year: int, mondays: Sequence[dt.date]) -> list[FreeWeek]:
    """The free (non-debit) weeks of a rent year, replacing those not yet debited."""
    permissions.require(actor, "rents.run")
    first, last = domain.rent_year_bounds(year)
    errors = Errors()
    for monday in mondays:
        if monday.weekday() != 0:
            errors.add("mondays", f"{monday:%d %B %Y} is not a Monday.")
        elif not first <= monday <= last:
            errors.add("mondays", f"{monday:%d %B %Y} is not in rent year {domain.rent_year_label(year)}.")
    run_weeks = set(
        DebitRun.objects.filter(week__range=(first, last), completed_at__isnull=False).values_list(
            "week", flat=True
        )
    )
    existing = set(FreeWeek.objects.filter(rent_year=year).values_list("monday", flat=True))
    changed = (existing ^ set(mondays)) & run_weeks
    if changed:
        errors.add(
            "mondays",
            "The week beginning "
            + ", ".join(f"{d:%d %B %Y}" for d in sorted(changed))
            + " has already been debited and cannot change.",
        )
    errors.raise_if_any()
    label = domain.rent_year_label(year)
    for row in FreeWeek.objects.filter(rent_year=year).exclude(monday__in=mondays).order_by("monday"):
        audit.record(
            actor=actor,
            obj=row,
            action="free week removed",
            changes={"monday": [row.monday.isoformat(), None]},
            summary=f"Week beginning {row.monday:%d %B %Y} is no longer a free week in {label}",
        )
    FreeWeek.objects.filter(rent_year=year).exclude(monday__in=mondays).delete()
    added = FreeWeek.objects.bulk_create(
        [FreeWeek(monday=m, rent_year=year) for m in sorted(set(mondays) - existing)]
    )
    for row in FreeWeek.objects.filter(monday__in=[r.monday for r in added]).order_by("monday"):
        audit.record(
            actor=actor,
            obj=row,
            action="free week added",
            changes={"monday": [None, row.monday.isoformat()]},
            summary=f"Week beginning {row.monday:%d %B %Y} made a free week in {label}",
        )
    return list(FreeWeek.objects.filter(rent_year=year))
