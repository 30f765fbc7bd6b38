"""Mutual exchange of two or more tenancies in a ring: party 1 moves into party 2's home, party 2 into
party 3's, ..., and the last party into party 1's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import permissions
from hearth.core.records import Errors
from hearth.rents import selectors as rent_selectors
from hearth.rents import services as rent_services
from hearth.rents.models import ChargeElement, RentAccount
from hearth.tenancies import services as tenancy_services
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import actions, rules, selectors
from hearth.tenancy_processes.common import Event, Outcome, finish, kind_problem
from hearth.tenancy_processes.models import TenancyProcess
from hearth.tenancy_processes.rent_side import credit_debits_after_end


@dataclass(frozen=True)
class ExchangeRequest:
    """A mutual exchange as a senior officer records it: the tenancies in the ring (party 1 moves
    into party 2's home, ..., the last into party 1's), the date, and that no tenant faces possession
    proceedings (one confirmation for all, or one for each party)."""

    tenancies: Sequence[Tenancy | None]
    exchange_date: dt.date | None
    proceedings_checked: bool | Sequence[bool]


def check_exchange(request: ExchangeRequest) -> None:
    """Every problem with an exchange at once, each party's on that party's field (`party_1`,
    `party_2`, ...): each must be a live secure or flexible tenancy with no arrears, whose possession
    is not being sought, and each tenant confirmed as not facing possession proceedings."""
    chain, exchange_date = list(request.tenancies), request.exchange_date
    proceedings_checked = request.proceedings_checked
    errors = Errors()
    ids = [t.pk for t in chain if t is not None]
    found = {t.pk: t for t in Tenancy.objects.filter(pk__in=ids)}
    accounts = {a.tenancy_id: a for a in RentAccount.objects.filter(tenancy__in=list(found))}
    sought = selectors.possession_sought(found)
    day = timezone.localdate()
    checked = (
        [bool(proceedings_checked)] * len(chain)
        if isinstance(proceedings_checked, bool)
        else list(proceedings_checked)
    )
    if len(chain) < 2:
        errors.add("party_2", "An exchange needs at least two tenancies.")
    seen: dict[int, int] = {}
    for n, given in enumerate(chain, start=1):
        field = f"party_{n}"
        if given is None or given.pk not in found:
            errors.add(field, "Enter the tenancy reference.")
            continue
        t = found[given.pk]
        if t.pk in seen:
            errors.add(field, f"{t.reference} is already party {seen[t.pk]} to this exchange.")
            continue
        seen[t.pk] = n
        messages = rules.exchange_party_problems(
            reference=t.reference,
            kind=t.kind,
            arrears=rent_selectors.arrears(accounts[t.pk]) if t.pk in accounts else None,
            live=t.end_date is None or t.end_date >= day,
            possession_sought=t.pk in sought,
        )
        refused = kind_problem(t, "exchange")  # the law allows it, but the rules for the kind do not
        for message in messages or [f"{t.reference}: {m}" for m in refused.values()]:
            errors.add(field, message)
        if not isinstance(proceedings_checked, bool) and not (n <= len(checked) and checked[n - 1]):
            errors.add(
                f"proceedings_{n}",
                f"Confirm that the tenant of {t.reference} is not facing possession proceedings.",
            )
    if isinstance(proceedings_checked, bool) and not proceedings_checked:
        errors.add("proceedings_checked", "Confirm that no tenant is facing possession proceedings.")
    if exchange_date is None:
        errors.add("exchange_date", "Enter the date of the exchange.")
    elif any(exchange_date <= t.start_date for t in found.values()):
        errors.add(
            "exchange_date",
            "The exchange must be after both tenancies started."
            if len(chain) == 2
            else "The exchange must be after all the tenancies started.",
        )
    errors.raise_if_any()


def mutual_exchange(*, actor: Any, request: ExchangeRequest) -> list[TenancyProcess]:
    """Tenants swap homes, two or more in a ring. Each agreement ends the day before the exchange;
    each household takes a new agreement of the same type at its new home from the exchange date,
    with a rent account charging that home's current charges (the rent follows the home)."""
    permissions.require(actor, "tenancies.process")
    permissions.require(actor, "tenancies.approve")
    chain, exchange_date = request.tenancies, request.exchange_date
    with transaction.atomic():
        ids = [t.pk for t in chain if t is not None]
        list(Tenancy.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        check_exchange(request)
        locked = {t.pk: t for t in Tenancy.objects.filter(pk__in=ids).select_related("property")}
        ring = [locked[t.pk] for t in chain if t is not None]
        if exchange_date is None or len(ring) < 2:  # reported above
            raise ValidationError({"party_2": ["An exchange needs at least two tenancies."]})
        return _carry_out(actor, ring, exchange_date)


def _carry_out(actor: Any, ring: list[Tenancy], exchange_date: dt.date) -> list[TenancyProcess]:
    accounts = {a.tenancy_id: a for a in RentAccount.objects.filter(tenancy__in=ring)}
    before = exchange_date - dt.timedelta(days=1)
    in_force = {
        t.pk: list(
            ChargeElement.objects.filter(account=accounts[t.pk], effective_from__lte=exchange_date).filter(
                rent_selectors.in_force_on(exchange_date)
            )
        )
        if t.pk in accounts
        else []
        for t in ring
    }
    # every charge running on or after the exchange (a change already scheduled for a later
    # Monday too) follows the home, from the later of its own start and the exchange date
    running = {
        t.pk: list(
            ChargeElement.objects.filter(account=accounts[t.pk])
            .filter(rent_selectors.in_force_on(exchange_date))
            .order_by("effective_from", "id")
        )
        if t.pk in accounts
        else []
        for t in ring
    }
    moves = []
    for i, old in enumerate(ring):
        other = ring[(i + 1) % len(ring)]
        parties = list(old.parties.remaining().select_related("person"))
        moves.append(
            (
                old,
                other,
                [p.person for p in parties if p.role == "tenant"],
                [p.person for p in parties if p.role == "occupant"],
            )
        )
    for old, _, _, _ in moves:
        tenancy_services.end_tenancy(
            actor=actor, tenancy=old, end_date=before, reason=rules.END_REASONS["mutual_exchange"]
        )
        ChargeElement.objects.filter(pk__in=[e.pk for e in in_force[old.pk]]).update(effective_to=before)
        if old.pk in accounts:
            credit_debits_after_end(actor=actor, account=accounts[old.pk], end_date=before)
    refs = [t.reference for t in ring]
    out = []
    for old, other, tenants, occupants in moves:
        new = tenancy_services.create_tenancy(
            actor=actor,
            property=other.property,
            kind=old.kind,
            start_date=exchange_date,
            tenants=tenants,
            occupants=occupants,
        )
        account = rent_services.open_account(
            actor=actor, tenancy=new, charges=[], effective_from=exchange_date, catch_up=False
        )
        ChargeElement.objects.bulk_create(
            [
                ChargeElement(
                    account=account,
                    kind=e.kind,
                    description=e.description,
                    weekly_amount=e.weekly_amount,
                    effective_from=max(e.effective_from, exchange_date),
                    effective_to=e.effective_to,
                )
                for e in running[other.pk]
            ]
        )
        rent_services.post_catch_up_debits(actor=actor, account=account)
        weekly = sum((e.weekly_amount for e in in_force[other.pk]), Decimal("0.00"))
        moved = (
            f"Mutual exchange from {old.reference} at {old.property.address}; charges of {other.reference} "
            f"carried to account {account.reference}"
        )
        new = Tenancy.objects.select_related("property").get(pk=new.pk)
        outcome = Outcome(
            history=[Event(actions.MUTUAL_EXCHANGE, moved)],
            heading="Your mutual exchange",
            paragraphs=[
                f"Your mutual exchange has been agreed. From {exchange_date:%d %B %Y} you are the "
                f"tenants of {new.property.address} under a {new.get_kind_display().lower()}, "
                f"reference {new.reference}.",
                f"Your tenancy {old.reference} of {old.property.address} ended on {before:%d %B %Y}.",
                f"Your weekly charge at your new home is £{weekly:.2f}, due every Monday; your new "
                f"rent account is {account.reference}.",
                f"The exchange is between {len(ring)} tenancies: {', '.join(refs)}.",
            ],
            to=[p.full_name for p in tenants],
            details={"from": old.reference, "parties": refs},
        )
        out.append(finish(actor, TenancyProcess.Kind.EXCHANGE, new, outcome))
    TenancyProcess.objects.filter(pk__in=[p.pk for p in out]).update(
        id_checked=True, eligibility_checked=True
    )
    return out
