"""Writes for tenancy processes that change the agreement itself (introductory tenancy reviews)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import audit, permissions
from hearth.tenancies import processes
from hearth.tenancies.models import Tenancy


def extended_before(tenancy: Tenancy) -> bool:
    return audit.history_for(tenancy).filter(action="introductory trial extended").exists()


@transaction.atomic
def review_introductory(
    *, actor: Any, tenancy: Tenancy, outcome: str, reason: str = "", today: dt.date | None = None
) -> Tenancy:
    """Record an introductory tenancy review. Confirming it makes the tenancy secure; extending it
    (once, to 18 months) or deciding to seek possession needs a senior officer, with a reason."""
    permissions.require(actor, "tenancies.process")
    if outcome in ("extend", "end"):
        permissions.require(actor, "tenancies.approve")
    tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
    day = today or timezone.localdate()
    if tenancy.kind != Tenancy.Kind.INTRODUCTORY:
        raise ValidationError({"outcome": ["Only an introductory tenancy is reviewed."]})
    problems = processes.review_problem(
        outcome=outcome,
        start=tenancy.start_date,
        today=day,
        extended_before=extended_before(tenancy),
        reason=reason,
    )
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    if outcome == "confirm":
        tenancy.kind = Tenancy.Kind.SECURE
        tenancy.save(update_fields=["kind", "updated_at"])
        audit.record(
            actor=actor,
            obj=tenancy,
            action="introductory trial confirmed",
            changes={"type": ["Introductory tenancy", "Secure tenancy"]},
            summary="Introductory review: becomes a secure tenancy",
        )
    elif outcome == "extend":
        ends = processes.introductory_trial_ends(tenancy.start_date, extended=True)
        audit.record(
            actor=actor,
            obj=tenancy,
            action="introductory trial extended",
            summary=f"Trial period extended to {ends:%d %B %Y}: {reason.strip()}"[:300],
        )
    else:
        audit.record(
            actor=actor,
            obj=tenancy,
            action="introductory review: seek possession",
            summary=f"Possession to be sought: {reason.strip()}"[:300],
        )
    return tenancy
