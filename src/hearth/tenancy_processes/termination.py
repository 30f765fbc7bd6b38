"""Termination: the one way an agreement ends (from the rent account or from the Agreements page).
The notice, the end date and the reason follow the rules for its kind; the agreement ends, and where
it has a rent account its charges stop after the end date, days already debited after it are
credited and the final account is worked out; the home becomes void once the day has passed; the
letter follows the rules too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import audit, permissions
from hearth.core.records import Errors
from hearth.rents.models import RentAccount
from hearth.tenancies import services as tenancy_services
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import actions, agreement_rules, kind_rules, rent_side
from hearth.tenancy_processes.common import merge, user
from hearth.tenancy_processes.models import TenancyProcess

NEEDS_FORWARDING_ADDRESS = ("tenant_notice", "transfer", "mutual_exchange")


@dataclass(frozen=True, kw_only=True)
class TerminationRequest:
    """Ending an agreement as an officer (or a caller of the API) asks for it: when the tenant's
    notice was received, the last day, why it ends (`rules.END_REASONS`) and where the tenant has
    gone."""

    notice_received: dt.date | None = None
    end_date: dt.date | None
    reason: str
    forwarding_address: str = ""


def check_termination(tenancy: Tenancy, request: TerminationRequest) -> None:
    """Every problem with ending the agreement at once (nothing is changed)."""
    end_date, reason, forwarding_address = request.end_date, request.reason, request.forwarding_address
    errors = Errors()
    rule = kind_rules.rule_for(tenancy.kind)
    if tenancy.end_date is not None:
        errors.add("end_date", f"This agreement already ended on {tenancy.end_date:%d %B %Y}.")
    elif end_date is None:
        errors.add("end_date", "Enter the last day of the agreement.")
    else:
        if end_date < tenancy.start_date:
            errors.add("end_date", "The end date must be on or after the start date.")
        problem = agreement_rules.notice_problem(reason, request.notice_received, end_date, rule)
        if problem:
            errors.add(
                "notice_received"
                if "notice was received" in problem
                else ("end_reason" if reason not in rule.end_reasons else "end_date"),
                problem,
            )
    if reason in NEEDS_FORWARDING_ADDRESS and not (forwarding_address or "").strip():
        errors.add("forwarding_address", "Enter the tenant's forwarding address.")
    if len(forwarding_address or "") > 300:
        errors.add("forwarding_address", "The forwarding address must be 300 characters or fewer.")
    errors.raise_if_any()


def terminate(*, actor: Any, tenancy: Tenancy, request: TerminationRequest) -> TenancyProcess:
    """End an agreement: it ends on the end date, and (where its kind has the rent-side steps and it
    has a rent account) its charges stop after that day, the days debited after it are credited and
    the final balance is recorded. The home becomes void once the day has passed."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
        end_date, reason, forwarding_address = request.end_date, request.reason, request.forwarding_address
        errors = Errors()
        try:
            check_termination(tenancy, request)
        except ValidationError as exc:
            merge(errors, exc)
        reason_label = agreement_rules.END_REASONS.get(reason, "")
        if end_date is not None and not errors.by_field:
            try:
                tenancy_services.end_tenancy(
                    actor=actor, tenancy=tenancy, end_date=end_date, reason=reason_label
                )
            except ValidationError as exc:
                merge(errors, exc)
        errors.raise_if_any()
        if end_date is None:  # refused above
            raise ValidationError({"end_date": ["Enter the last day of the agreement."]})
        tenancy.refresh_from_db()
        rule = kind_rules.rule_for(tenancy.kind)
        account = RentAccount.objects.filter(tenancy=tenancy).select_related("tenancy").first()
        final = None
        if account is not None and rule.rent_side:
            final = rent_side.end_account(actor=actor, account=account, end_date=end_date)
        process = TenancyProcess.objects.create(
            kind=TenancyProcess.Kind.TERMINATION,
            tenancy=tenancy,
            notice_received=request.notice_received,
            end_reason=reason,
            forwarding_address=forwarding_address.strip(),
            final_balance=final,
            created_by=user(actor),
            details={"letter": rule.letter, "outcome": f"Ends on {end_date:%d %B %Y}: {reason_label}"},
        )
        audit.record(
            actor=actor,
            obj=tenancy,
            action=actions.TERMINATED,
            summary=f"Terminated: {reason_label}; forwarding address recorded"
            if forwarding_address.strip()
            else f"Terminated: {reason_label}",
        )
    return process
