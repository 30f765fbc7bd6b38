"""Service charges: a budget estimate for a block or estate, apportioned equally, by bedrooms or by
floor area to its homes; tenants pay a weekly charge element from the rent year's first Monday, leaseholders get
an annual estimate, and a leaseholder's share of major works above £250 is flagged for section 20
consultation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from hearth.core import audit, permissions
from hearth.core.actors import user_of
from hearth.core.money import MoneyError, format_money
from hearth.core.records import Errors
from hearth.properties.models import Block, Estate, Property
from hearth.rents import domain, selectors, services
from hearth.rents.models import (
    ChargeElement,
    ChargeKind,
    RentAccount,
    ServiceChargeBudget,
    ServiceChargeShare,
)
from hearth.rents.services.common import checked, money_given, read_rent_year, refuse
from hearth.tenancies.models import Tenancy


@dataclass(frozen=True)
class Draft:
    name: str
    year: int
    estate: Estate | None
    block: Block | None
    annual: Decimal
    method: str
    works: bool

    @property
    def starts(self) -> dt.date:
        return domain.first_monday_of_april(self.year)

    @property
    def area(self) -> str:
        return self.block.name if self.block else (self.estate.name if self.estate else "")


@dataclass(frozen=True)
class ShareLine:
    property: Property
    tenancy: Tenancy | None
    leaseholder: bool
    annual: Decimal
    weekly: Decimal | None
    section_20: bool


def draft(*, name: str, year: Any, area: str, annual: Any, method: str, works: bool) -> Draft:
    """Check a budget's figures; one ValidationError names every bad field."""
    errors = Errors()
    if not (name or "").strip():
        errors.add("name", "Enter a name for the budget, like Cleaning 2026/27.")
    year_n = read_rent_year(errors, year)
    code = (area or "").strip().upper()
    block = Block.objects.filter(code=code).first() if code else None
    estate = None if block else (Estate.objects.filter(code=code).first() if code else None)
    if not code:
        errors.add("area", "Enter the code of the block or estate.")
    elif block is None and estate is None:
        errors.add("area", f"No block or estate has the code {code}.")
    amount = None
    try:
        amount = money_given(annual)
        if amount <= 0:
            errors.add("annual", "Enter a budget more than £0.00.")
    except MoneyError as exc:
        errors.add("annual", str(exc))
    if method not in ServiceChargeBudget.Method.values:
        errors.add("method", "Select how the budget is shared.")
    if year_n is not None and (block or estate) and (name or "").strip():
        problem = already_applied(name.strip()[:120], year_n, estate, block)
        if problem:
            errors.add("name", problem)
    errors.raise_if_any()
    year_n, amount = checked(year_n), checked(amount)
    return Draft(name.strip()[:120], year_n, estate, block, amount, method, bool(works))


def already_applied(name: str, year: int, estate: Estate | None, block: Block | None) -> str | None:
    """Why a budget cannot be applied: one of the same name was applied to the same block or estate
    for the same rent year (applying it twice would charge the tenants twice)."""
    earlier = (
        ServiceChargeBudget.objects.filter(
            rent_year=year, block=block, estate=None if block else estate, name__iexact=name
        )
        .order_by("applied_at")
        .first()
    )
    if earlier is None:
        return None
    area = block.name if block else (estate.name if estate else "")
    return (
        f"The budget {earlier.name} for {area} in {domain.rent_year_label(year)} was already applied on "
        f"{earlier.applied_at:%d %B %Y}; nothing was stored. Give a new budget a different name."
    )


def homes(d: Draft) -> list[Property]:
    qs = Property.objects.filter(kind__in=Property.DWELLINGS)
    qs = qs.filter(block=d.block) if d.block else qs.filter(estate=d.estate)
    return list(qs.order_by("pk"))


def without_floor_area(found: list[Property]) -> list[Property]:
    return [p for p in found if p.floor_area is None or p.floor_area <= 0]


def missing_area_message(d: Draft, missing: list[Property]) -> str:
    named = ", ".join(f"{p.reference} {p.address_line_1}" for p in missing[:3])
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    homes_word = "home has" if len(missing) == 1 else "homes have"
    return (
        f"{len(missing)} {homes_word} no floor area recorded in {d.area} ({named}{more}). "
        "Record their floor areas or share the budget another way."
    )


def _weight(d: Draft, p: Property) -> Decimal | int:
    if d.method == ServiceChargeBudget.Method.FLOOR_AREA:
        return Decimal(p.floor_area or 0)
    if d.method == ServiceChargeBudget.Method.BEDROOMS:
        return max(p.bedrooms, 1)
    return 1


def shares(d: Draft) -> list[ShareLine]:
    """Each home's share; the agreement is the one running on the rent year's first Monday. Sharing
    by floor area needs every home's floor area: a ValidationError on `method` names those without."""
    found = homes(d)
    if d.method == ServiceChargeBudget.Method.FLOOR_AREA:
        missing = without_floor_area(found)
        if missing:
            refuse("method", missing_area_message(d, missing))
    weights: dict[object, Decimal | int] = {p.pk: _weight(d, p) for p in found}
    split = domain.apportion(d.annual, weights)
    day = d.starts
    live = {t.property_id: t for t in Tenancy.objects.filter(property__in=found).live_on(day)}
    out = []
    for p in found:
        tenancy = live.get(p.pk)
        leaseholder = p.ownership == Property.Ownership.LEASEHOLD or (
            tenancy is not None and tenancy.kind == "leasehold"
        )
        annual = split[p.pk]
        weekly = None
        if not leaseholder and not d.works and tenancy is not None:
            weekly = domain.weekly_from_annual(annual, d.year, selectors.free_mondays(d.year))
        out.append(
            ShareLine(
                p,
                tenancy,
                leaseholder,
                annual,
                weekly,
                leaseholder and d.works and domain.section_20_needed(annual),
            )
        )
    return out


@transaction.atomic
def apply(*, actor: Any, d: Draft) -> ServiceChargeBudget:
    """Record the budget and its shares, and add each tenant's weekly charge from the rent year's
    first Monday."""
    permissions.require(actor, "rents.run")
    # one application at a time per area, so the same budget cannot go in twice at once
    if d.block is not None:
        Block.objects.select_for_update().filter(pk=d.block.pk).first()
    elif d.estate is not None:
        Estate.objects.select_for_update().filter(pk=d.estate.pk).first()
    problem = already_applied(d.name, d.year, d.estate, d.block)
    if problem:
        refuse("name", problem)
    lines = shares(d)
    if not lines:
        refuse("area", f"{d.area} has no homes to share the budget between.")
    budget = ServiceChargeBudget.objects.create(
        name=d.name,
        rent_year=d.year,
        estate=d.estate,
        block=d.block,
        annual_amount=d.annual,
        method=d.method,
        works=d.works,
        applied_by=user_of(actor),
    )
    ServiceChargeShare.objects.bulk_create(
        [
            ServiceChargeShare(budget=budget, **vars(s))  # a share line holds the fields of a share
            for s in lines
        ]
    )
    accounts = dict(
        RentAccount.objects.filter(tenancy__in=[s.tenancy for s in lines if s.tenancy]).values_list(
            "tenancy_id", "id"
        )
    )
    ChargeElement.objects.bulk_create(
        [
            ChargeElement(
                account_id=accounts[s.tenancy.pk],
                kind=ChargeKind.SERVICE,
                description=d.name[:100],
                weekly_amount=s.weekly,
                effective_from=d.starts,
                effective_to=domain.rent_year_bounds(d.year)[1],
            )
            for s in lines
            if s.weekly and s.tenancy is not None and s.tenancy.pk in accounts
        ]
    )
    flagged = sum(s.section_20 for s in lines)
    audit.record(
        actor=actor,
        obj=budget,
        action="applied",
        summary=f"{format_money(d.annual)} shared {budget.get_method_display().lower()} between "
        f"{len(lines)} homes" + (f"; {flagged} need section 20 consultation" if flagged else ""),
    )
    return budget


def tenant_weekly(annual: Decimal, year: int) -> Decimal:
    """A tenant's weekly share of a budget's annual share (as `shares` works it out)."""
    return domain.weekly_from_annual(annual, year, selectors.free_mondays(year))


def add_budget_charges(*, actor: Any, account: RentAccount) -> list[ChargeElement]:
    """A tenant signed up after a budget was applied to their home's block or estate gets its weekly
    charge from their start (or the rent year's first Monday, if later) to the end of the rent year.
    Leasehold homes and major works budgets are billed to leaseholders, not weekly."""
    tenancy = Tenancy.objects.select_related("property").get(pk=account.tenancy_id)
    prop = tenancy.property
    if prop.ownership == Property.Ownership.LEASEHOLD or tenancy.kind == "leasehold":
        return []
    budgets = ServiceChargeBudget.objects.filter(
        works=False, rent_year__gte=domain.rent_year_of(tenancy.start_date)
    )
    budgets = budgets.filter(
        Q(block_id=prop.block_id, block__isnull=False) | Q(block__isnull=True, estate_id=prop.estate_id)
    )
    shares_of = {
        s.budget_id: s
        for s in ServiceChargeShare.objects.filter(budget__in=budgets, property=prop).select_related("budget")
    }
    out = []
    for share in sorted(shares_of.values(), key=lambda s: (s.budget.rent_year, s.budget_id)):
        budget = share.budget
        first = max(tenancy.start_date, domain.first_monday_of_april(budget.rent_year))
        last = domain.rent_year_bounds(budget.rent_year)[1]
        if tenancy.end_date is not None and tenancy.end_date < first:
            continue
        weekly = share.weekly if share.weekly else tenant_weekly(share.annual, budget.rent_year)
        if not weekly or weekly <= 0:
            continue
        out.append(
            services.add_element(
                actor=actor,
                account=account,
                kind=ChargeKind.SERVICE,
                weekly=weekly,
                description=budget.name[:100],
                start=first,
                end=last,
            )
        )
    return out
