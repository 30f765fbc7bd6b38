"""Tenancy processes that touch the rent account: sign-up (agreement, account and charges in one go)
and termination (notice, end date, reason, forwarding address, void, final account)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.core import audit, permissions
from hearth.core.money import to_money
from hearth.core.records import Errors
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.rents import domain, selectors, services
from hearth.rents.models import ChargeElement, DebitRun, FreeWeek, RentAccount, TenancyProcess
from hearth.tenancies import processes as rules
from hearth.tenancies import services as tenancy_services
from hearth.tenancies.models import Tenancy


def _merge(errors: Errors, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                errors.add(rename.get(field, field), message)
    else:
        for message in exc.messages:
            errors.add("__all__", message)


def check_sign_up(
    *,
    property: Property | None,
    charges: Sequence[tuple[str, Any, str]],
    id_checked: bool,
    eligibility_checked: bool,
) -> Errors:
    errors = Errors()
    for field, message in rules.sign_up_problems(
        property_status=property.status if property else "",
        id_checked=id_checked,
        eligibility_checked=eligibility_checked,
    ).items():
        errors.add(field, message)
    rent = [c for c in charges if c[0] == "rent"]
    if not rent:
        errors.add("rent", "Enter the weekly rent.")
    for kind, weekly, _ in charges:
        try:
            amount = to_money(weekly)
        except Exception:
            errors.add(kind, "Enter the weekly amount as money, like 95.50.")
            continue
        if amount < 0 or (kind == "rent" and amount == 0):
            errors.add(
                kind,
                "Enter a weekly amount more than £0.00."
                if kind == "rent"
                else "A weekly charge cannot be less than £0.00.",
            )
    return errors


def sign_up(
    *,
    actor: Any,
    property: Property,
    kind: str,
    start_date: dt.date,
    tenants: Sequence[Person],
    occupants: Sequence[Person] = (),
    charges: Sequence[tuple[str, Any, str]],
    id_checked: bool,
    eligibility_checked: bool,
) -> TenancyProcess:
    """Sign up a new tenancy: the agreement, its rent account and weekly charges, and the record of
    the checks made. Every problem is reported at once; nothing is stored unless all is well."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        errors = check_sign_up(
            property=property, charges=charges, id_checked=id_checked, eligibility_checked=eligibility_checked
        )
        tenancy = None
        try:
            tenancy = tenancy_services.create_tenancy(
                actor=actor,
                property=property,
                kind=kind,
                start_date=start_date,
                tenants=tenants,
                occupants=occupants,
            )
        except ValidationError as exc:
            _merge(errors, exc, {"property": "property_ref"})
        errors.raise_if_any()  # rolls back the agreement too
        if tenancy is None:  # create_tenancy either returns or raises
            raise ValidationError({"__all__": ["The agreement could not be created."]})
        account = services.open_account(
            actor=actor,
            tenancy=tenancy,
            charges=[(k, to_money(w), d) for k, w, d in charges if to_money(w) > 0 or k == "rent"],
        )
        process = TenancyProcess.objects.create(
            kind=TenancyProcess.Kind.SIGN_UP,
            tenancy=tenancy,
            id_checked=True,
            eligibility_checked=True,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            actor=actor,
            obj=tenancy,
            action="signed up",
            summary=f"Signed up; rent account {account.reference}; identity and eligibility checked",
        )
    return process


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


def check_termination(
    *,
    tenancy: Tenancy,
    notice_received: dt.date | None,
    end_date: dt.date | None,
    reason: str,
    forwarding_address: str,
) -> Errors:
    errors = Errors()
    if end_date is None:
        errors.add("end_date", "Enter the last day of the agreement.")
    else:
        problem = rules.notice_problem(reason, notice_received, end_date)
        if problem:
            errors.add(
                "notice_received"
                if "notice was received" in problem
                else ("end_reason" if reason not in rules.END_REASONS else "end_date"),
                problem,
            )
    if reason in ("tenant_notice", "transfer", "mutual_exchange") and not (forwarding_address or "").strip():
        errors.add("forwarding_address", "Enter the tenant's forwarding address.")
    if len(forwarding_address or "") > 300:
        errors.add("forwarding_address", "The forwarding address must be 300 characters or fewer.")
    return errors


def terminate(
    *,
    actor: Any,
    tenancy: Tenancy,
    notice_received: dt.date | None,
    end_date: dt.date | None,
    reason: str,
    forwarding_address: str = "",
) -> TenancyProcess:
    """End a tenancy: the agreement ends, its charges stop after the end date, the home becomes void
    once the day has passed, and the final account is worked out."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        errors = check_termination(
            tenancy=tenancy,
            notice_received=notice_received,
            end_date=end_date,
            reason=reason,
            forwarding_address=forwarding_address,
        )
        if end_date is not None and not errors.by_field:
            try:
                tenancy_services.end_tenancy(
                    actor=actor, tenancy=tenancy, end_date=end_date, reason=rules.END_REASONS[reason]
                )
            except ValidationError as exc:
                _merge(errors, exc)
        errors.raise_if_any()
        if end_date is None:  # refused above
            raise ValidationError({"end_date": ["Enter the last day of the agreement."]})
        tenancy.refresh_from_db()
        account = RentAccount.objects.filter(tenancy=tenancy).select_related("tenancy").first()
        final = None
        if account is not None:
            account.tenancy.end_date = end_date
            ChargeElement.objects.filter(account=account, effective_to__isnull=True).update(
                effective_to=end_date
            )
            ChargeElement.objects.filter(account=account, effective_to__gt=end_date).update(
                effective_to=end_date
            )
            final = projected_final_balance(account, end_date)
        process = TenancyProcess.objects.create(
            kind=TenancyProcess.Kind.TERMINATION,
            tenancy=tenancy,
            notice_received=notice_received,
            end_reason=reason,
            forwarding_address=forwarding_address.strip(),
            final_balance=final,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            actor=actor,
            obj=tenancy,
            action="terminated",
            summary=f"Terminated: {rules.END_REASONS[reason]}; forwarding address recorded"
            if forwarding_address.strip()
            else f"Terminated: {rules.END_REASONS[reason]}",
        )
    return process


def mutual_exchange(
    *, actor: Any, first: Tenancy, second: Tenancy, exchange_date: dt.date | None, proceedings_checked: bool
) -> list[TenancyProcess]:
    """Two tenants swap homes: each agreement ends the day before the exchange, each household takes
    a new agreement of the same type at the other home from the exchange date, with a rent account
    charging that home's current charges (the rent follows the home)."""
    permissions.require(actor, "tenancies.process")
    permissions.require(actor, "tenancies.approve")
    with transaction.atomic():
        pair = list(Tenancy.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk"))
        day = timezone.localdate()
        accounts = {a.tenancy_id: a for a in RentAccount.objects.filter(tenancy__in=pair)}
        errors = Errors()
        for field, messages in rules.exchange_problems(
            kinds={t.reference: t.kind for t in pair},
            arrears={
                t.reference: selectors.arrears(accounts[t.pk]) if t.pk in accounts else None for t in pair
            },
            live={t.reference: t.end_date is None or t.end_date >= day for t in pair},
            proceedings_checked=proceedings_checked,
        ).items():
            for message in messages:
                errors.add(field, message)
        if exchange_date is None:
            errors.add("exchange_date", "Enter the date of the exchange.")
        elif any(exchange_date <= t.start_date for t in pair):
            errors.add("exchange_date", "The exchange must be after both tenancies started.")
        errors.raise_if_any()
        if exchange_date is None or len(pair) != 2:  # reported above
            raise ValidationError({"tenancies": ["An exchange needs two different tenancies."]})
        a, b = pair
        before = exchange_date - dt.timedelta(days=1)
        in_force = {
            t.pk: list(
                ChargeElement.objects.filter(
                    account=accounts[t.pk], effective_from__lte=exchange_date
                ).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=exchange_date))
            )
            if t.pk in accounts
            else []
            for t in pair
        }
        moves = []
        for old, other in ((a, b), (b, a)):
            parties = list(old.parties.select_related("person"))
            moves.append(
                (
                    old,
                    other,
                    [p.person for p in parties if p.role == "tenant"],
                    [p.person for p in parties if p.role == "occupant" and p.end_date is None],
                )
            )
        for old, _, _, _ in moves:
            tenancy_services.end_tenancy(
                actor=actor, tenancy=old, end_date=before, reason=rules.END_REASONS["mutual_exchange"]
            )
            ChargeElement.objects.filter(pk__in=[e.pk for e in in_force[old.pk]]).update(effective_to=before)
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
            account = services.open_account(
                actor=actor, tenancy=new, charges=[], effective_from=exchange_date
            )
            ChargeElement.objects.bulk_create(
                [
                    ChargeElement(
                        account=account,
                        kind=e.kind,
                        description=e.description,
                        weekly_amount=e.weekly_amount,
                        effective_from=exchange_date,
                        effective_to=e.effective_to,
                    )
                    for e in in_force[other.pk]
                ]
            )
            out.append(
                TenancyProcess.objects.create(
                    kind=TenancyProcess.Kind.EXCHANGE,
                    tenancy=new,
                    id_checked=True,
                    eligibility_checked=True,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
            )
            audit.record(
                actor=actor,
                obj=new,
                action="mutual exchange",
                summary=f"Mutual exchange from {old.reference} at {old.property.address}; charges of "
                f"{other.reference} carried to account {account.reference}",
            )
    return out
