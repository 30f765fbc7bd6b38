"""The annual rent change: previewed for every live agreement, capped by the Rent Standard, applied
once from the first Monday in April as new rent elements (the old ones end the day before)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from hearth.core import audit, permissions
from hearth.core.records import Errors
from hearth.rents import domain
from hearth.rents.models import ChargeElement, ChargeKind, RentChange

CHUNK = 5000


@dataclass(frozen=True)
class Plan:
    year: int
    effective_from: dt.date
    increase: Decimal
    cap: Decimal

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


def plan(*, year: Any, increase: Any, cpi: Any = None) -> Plan:
    """Check the figures and work out the cap; raises one ValidationError naming every bad field."""
    errors = Errors()
    year_n = None
    try:
        year_n = int(year)
        if not 2000 <= year_n <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("year", "Enter the rent year as the year it starts, like 2026.")
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
    errors.raise_if_any()
    if year_n is None or pct is None or cap is None:  # reported above
        raise ValidationError({"year": ["Check the rent change and try again."]})
    return Plan(year_n, domain.first_monday_of_april(year_n), pct, cap)


def elements_changing(p: Plan) -> QuerySet[ChargeElement]:
    """The rent elements in force on the day before the change, of agreements still running then."""
    day = p.effective_from
    return (
        ChargeElement.objects.filter(kind=ChargeKind.RENT, effective_from__lt=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .filter(Q(account__tenancy__end_date__isnull=True) | Q(account__tenancy__end_date__gte=day))
        .select_related("account", "account__tenancy", "account__tenancy__property")
        .order_by("account_id", "id")
    )


def lines(p: Plan, qs: Any = None) -> Iterator[Line]:
    for e in qs if qs is not None else elements_changing(p).iterator(chunk_size=CHUNK):
        yield Line(e, e.weekly_amount, domain.changed_rent(e.weekly_amount, p.increase, p.cap))


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
            applied_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        try:
            with transaction.atomic():
                change.save()
        except Exception:
            raise ValidationError(
                {"year": [f"The rent change for {domain.rent_year_label(p.year)} has already been applied."]}
            ) from None
        day_before = p.effective_from - dt.timedelta(days=1)
        count = 0
        all_ids = list(elements_changing(p).values_list("pk", flat=True))
        for i in range(0, len(all_ids), CHUNK):
            chunk = ChargeElement.objects.filter(pk__in=all_ids[i : i + CHUNK]).order_by("pk")
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
