"""Sign-up: the agreement, its rent account and weekly charges in one go, with the checks made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import audit, permissions
from hearth.core.money import to_money
from hearth.core.records import Errors
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.rents import rent_change, service_charges, services
from hearth.tenancies import services as tenancy_services
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import actions, kind_rules, rules
from hearth.tenancy_processes.common import add_problems, merge, user
from hearth.tenancy_processes.models import TenancyProcess

Charges = Sequence[tuple[str, Any, str]]


def _charge_problems(errors: Errors, charges: Charges) -> None:
    if not [c for c in charges if c[0] == "rent"]:
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


@dataclass(frozen=True, kw_only=True)
class SignUpRequest:
    """A new tenancy as the officer signing it up enters it: the home, the kind of agreement, the
    start date, the tenants and other occupants, the weekly charges (kind, amount, description) and
    the checks of identity and eligibility made."""

    property: Property | None
    kind: str
    start_date: dt.date | None
    tenants: Sequence[Person]
    occupants: Sequence[Person] = ()
    charges: Charges
    id_checked: bool
    eligibility_checked: bool


def check_sign_up(request: SignUpRequest) -> None:
    """Every problem with a sign-up at once (nothing is stored). Whether the home is free follows its
    agreements' dates: it may be signed up from the day after the last agreement ends, even while that
    agreement still runs."""
    property, kind, start_date = request.property, request.kind, request.start_date
    errors = Errors()
    day = start_date or timezone.localdate()
    other = tenancy_services.agreement_in_the_way(property, day) if property is not None else None
    add_problems(
        errors,
        rules.sign_up_problems(
            id_checked=request.id_checked,
            eligibility_checked=request.eligibility_checked,
            let_on=other.reference if other is not None else "",
            let_until=other.end_date if other is not None else None,
        ),
    )
    if not kind:
        errors.add("kind", "Select the type of tenancy.")
    if kind not in Tenancy.Kind.values or kind_rules.rule_for(kind).rent_side:
        _charge_problems(errors, request.charges)
    if property is not None:
        agreement = Tenancy(property=property, kind=kind)
        if start_date is not None:  # one the page could not read stays missing, and is reported so
            agreement.start_date = start_date
        problems = tenancy_services.tenancy_problems(agreement, request.tenants, request.occupants)
        if errors.by_field.get("property_ref"):  # the same overlap, said once on the home
            problems.by_field.pop("start_date", None)
        if errors.by_field.get("kind"):
            problems.by_field.pop("kind", None)
        merge(errors, ValidationError(problems.by_field), {"property": "property_ref"})
    errors.raise_if_any()


def sign_up(*, actor: Any, request: SignUpRequest) -> TenancyProcess:
    """Sign up a new tenancy: the agreement, its rent account and weekly charges (where the rules for
    its kind have the rent-side steps), and the record of the checks made. Every problem is reported
    at once; nothing is stored unless all is well."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        check_sign_up(request)
        kind, start_date = request.kind, request.start_date
        if request.property is None or start_date is None:  # the page reports a home nobody has
            raise ValidationError({"property_ref": ["Enter the property reference."]})
        tenancy = tenancy_services.create_tenancy(
            actor=actor,
            property=request.property,
            kind=kind,
            start_date=start_date,
            tenants=request.tenants,
            occupants=request.occupants,
        )
        summary = "Signed up; identity and eligibility checked"
        if kind_rules.rule_for(kind).rent_side:
            account = services.open_account(
                actor=actor,
                tenancy=tenancy,
                charges=[
                    (k, to_money(w), d) for k, w, d in request.charges if to_money(w) > 0 or k == "rent"
                ],
                catch_up=False,
            )
            # what the home's tenants were given before this agreement was entered: the service charge
            # budgets applied to its block or estate, and the rent changes from a Monday after the start
            service_charges.add_budget_charges(actor=actor, account=account)
            rent_change.catch_up(actor=actor, account=account)
            services.post_catch_up_debits(actor=actor, account=account)
            summary = f"Signed up; rent account {account.reference}; identity and eligibility checked"
        process = TenancyProcess.objects.create(
            kind=TenancyProcess.Kind.SIGN_UP,
            tenancy=tenancy,
            id_checked=True,
            eligibility_checked=True,
            created_by=user(actor),
        )
        audit.record(actor=actor, obj=tenancy, action=actions.SIGNED_UP, summary=summary)
    return process
