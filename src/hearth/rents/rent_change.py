"""The annual rent change: previewed for every live agreement, capped by the Rent Standard, applied
once from the first Monday in April as new rent elements (the old ones end the day before)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from hearth.core import audit, periods, permissions
from hearth.core.actors import user_of
from hearth.core.records import Errors
from hearth.rents import domain, selectors
from hearth.rents.models import ChargeElement, ChargeKind, DebitRun, RentAccount, RentChange
from hearth.rents.services.common import checked, read_rent_year, refuse
from hearth.tenancies.models import Tenancy

CHUNK = 5000


# the tenancies whose rents the Rent Standard covers, and so caps; the others (garage licences,
# commercial leases, leasehold, non-secure and temporary licences) are left out of the change unless
# asked for (`include_other`), and then get the increase asked without the cap
CAPPED_KINDS = (Tenancy.Kind.SECURE, Tenancy.Kind.INTRODUCTORY, Tenancy.Kind.FLEXIBLE)


@dataclass(frozen=True)
class Plan:
    year: int
    effective_from: dt.date
    increase: Decimal
    cap: Decimal
    include_other: bool = False

    @property
    def capped(self) -> bool:
        return self.increase > self.cap

    @property
    def applied_percent(self) -> Decimal:
        return min(self.increase, self.cap)


@dataclass(frozen=True)
class Line:
    element: ChargeElement
    current: Decimal
    new: Decimal


def plan(*, year: Any, increase: Any, cpi: Any = None, include_other: bool = False) -> Plan:
    """Check the figures and work out the cap; raises one ValidationError naming every bad field."""
    errors = Errors()
    year_n = read_rent_year(errors, year)
    pct = None
    try:
        pct = Decimal(str(increase).strip().rstrip("%"))
        if not Decimal("-20") <= pct <= Decimal("20"):
            errors.add("increase", "Enter an increase between -20% and 20%.")
    except InvalidOperation:
        errors.add("increase", "Enter the increase as a percentage, like 4.8.")
    cpi_value = None
    if cpi not in (None, ""):
        try:
            cpi_value = Decimal(str(cpi).strip().rstrip("%"))
        except InvalidOperation:
            errors.add("cpi", "Enter September's CPI as a percentage, like 3.8.")
    cap = None
    if year_n is not None and not errors.by_field.get("cpi"):
        try:
            cap = domain.rent_standard_cap(year_n, cpi_value)
        except ValueError:
            errors.add(
                "cpi", f"Enter September's CPI: the cap for {domain.rent_year_label(year_n)} is CPI + 1%."
            )
    if year_n is not None and RentChange.objects.filter(rent_year=year_n).exists():
        errors.add("year", f"The rent change for {domain.rent_year_label(year_n)} has already been applied.")
    elif year_n is not None:
        problem = debited_problem(domain.first_monday_of_april(year_n))
        if problem:
            errors.add("year", problem)
    errors.raise_if_any()
    year_n, pct, cap = checked(year_n), checked(pct), checked(cap)
    return Plan(year_n, domain.first_monday_of_april(year_n), pct, cap, bool(include_other))


def debited_problem(monday: dt.date) -> str | None:
    """Why the change cannot start on `monday`: the debit run has already posted that week (or a later
    one) at the old rents."""
    weeks = sorted(
        DebitRun.objects.filter(week__gte=monday, completed_at__isnull=False).values_list("week", flat=True)
    )
    if not weeks:
        return None
    which = (
        f"the week beginning {weeks[0]:%d %B %Y} has"
        if len(weeks) == 1
        else f"the weeks beginning {weeks[0]:%d %B %Y} to {weeks[-1]:%d %B %Y} have"
    )
    return (
        f"The rent change starts on {monday:%d %B %Y}, but {which} already been debited at the old rents. "
        f"Apply the change before the first April debit run; now, change each rent from the next week not "
        f"yet debited and post a rent debit amendment for each week already debited."
    )


def elements_changing(p: Plan) -> QuerySet[ChargeElement]:
    """The rent elements in force on the day before the change, of agreements still running then."""
    day = p.effective_from
    return (
        ChargeElement.objects.filter(kind=ChargeKind.RENT, effective_from__lt=day)
        .filter(selectors.in_force_on(day))
        .filter(periods.live_on(day, through="account__tenancy__"))
        .filter(Q() if p.include_other else Q(account__tenancy__kind__in=CAPPED_KINDS))
        .select_related("account", "account__tenancy", "account__tenancy__property")
        .order_by("account_id", "id")
    )


def lines(p: Plan, qs: Any = None) -> Iterator[Line]:
    for e in qs if qs is not None else elements_changing(p).iterator(chunk_size=CHUNK):
        yield Line(e, e.weekly_amount, new_rent(e.weekly_amount, e.account.tenancy.kind, p.increase, p.cap))


def new_rent(current: Decimal, kind: str, increase: Decimal, cap: Decimal) -> Decimal:
    """The changed rent: capped by the Rent Standard for social tenancies, the increase asked for the
    others."""
    return domain.changed_rent(current, increase, cap if kind in CAPPED_KINDS else increase)


def apply(*, actor: Any, p: Plan) -> RentChange:
    """End each rent element the day before the change and add the new amount from that Monday,
    chunk by chunk inside one transaction; recorded once per rent year."""
    permissions.require(actor, "rents.run")
    with transaction.atomic():
        change = RentChange(
            rent_year=p.year,
            effective_from=p.effective_from,
            increase_percent=p.increase,
            cap_percent=p.cap,
            applied_by=user_of(actor),
        )
        try:
            with transaction.atomic():
                change.save()
        except Exception:
            refuse("year", f"The rent change for {domain.rent_year_label(p.year)} has already been applied.")
        day_before = p.effective_from - dt.timedelta(days=1)
        count = 0
        all_ids = list(elements_changing(p).values_list("pk", flat=True))
        for i in range(0, len(all_ids), CHUNK):
            chunk = (
                ChargeElement.objects.filter(pk__in=all_ids[i : i + CHUNK])
                .select_related("account__tenancy")
                .order_by("pk")
            )
            new = [
                ChargeElement(
                    account_id=line.element.account_id,
                    kind=line.element.kind,
                    description=line.element.description,
                    weekly_amount=line.new,
                    effective_from=p.effective_from,
                    effective_to=line.element.effective_to,
                )
                for line in lines(p, chunk)
            ]
            ChargeElement.objects.filter(pk__in=all_ids[i : i + CHUNK]).update(effective_to=day_before)
            ChargeElement.objects.bulk_create(new)
            count += len(new)
        change.accounts = count
        change.save(update_fields=["accounts"])
        audit.record(
            actor=actor,
            obj=change,
            action="applied",
            summary=f"Rents changed by {p.applied_percent}% from {p.effective_from:%d %B %Y} on {count:,} "
            f"accounts (cap {p.cap}%)",
        )
    return change


def catch_up(*, actor: Any, account: RentAccount) -> list[ChargeElement]:
    """A sign-up entered after a rent change was applied, for an agreement starting before that
    change's Monday: its rent changes from that Monday as everyone else's did. Only the capped
    (social) kinds: whether a change included the others is not recorded, so theirs stay as entered."""
    tenancy = account.tenancy
    if tenancy.kind not in CAPPED_KINDS:
        return []
    out = []
    for change in RentChange.objects.filter(effective_from__gt=tenancy.start_date).order_by("effective_from"):
        day = change.effective_from
        if tenancy.end_date is not None and tenancy.end_date < day:
            break
        for e in ChargeElement.objects.filter(
            account=account, kind=ChargeKind.RENT, effective_from__lt=day
        ).filter(selectors.in_force_on(day)):
            new = ChargeElement(
                account=account,
                kind=e.kind,
                description=e.description,
                weekly_amount=new_rent(
                    e.weekly_amount, tenancy.kind, change.increase_percent, change.cap_percent
                ),
                effective_from=day,
                effective_to=e.effective_to,
            )
            ChargeElement.objects.filter(pk=e.pk).update(effective_to=day - dt.timedelta(days=1))
            new.save()
            out.append(new)
            audit.record(
                actor=actor,
                obj=account,
                action="charge added",
                summary=f"Rent change {domain.rent_year_label(change.rent_year)} (applied before this "
                f"sign-up was entered): rent £{e.weekly_amount} becomes £{new.weekly_amount} a week from "
                f"{day:%d %B %Y}",
            )
    return out
