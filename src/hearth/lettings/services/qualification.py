"""Qualification and bands: whether the applicant qualifies by the scheme's rules, the officer's
bedroom-need decision and the band, whose date sets the effective date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core.actors import user_of
from hearth.core.records import Errors, check_past_date
from hearth.lettings import domain
from hearth.lettings.models import Application, BandDecision
from hearth.lettings.services.applications import locked_for, update_application
from hearth.lettings.services.scheme import current_policy, qualification_rules


@transaction.atomic
def decide_qualification(
    *, actor: Any, application: Application, decided_on: dt.date | None = None, note: str = ""
) -> domain.Qualification:
    """Decide whether the applicant qualifies, by the scheme's rules; the reasons are recorded."""
    app = locked_for(actor, "lettings.decide", application)
    day = decided_on or timezone.localdate()
    if app.status in (Application.Status.CANCELLED, Application.Status.HOUSED):
        raise ValidationError({"status": [f"The application is {app.get_status_display().lower()}."]})
    policy = current_policy(day)
    facts = domain.ApplicantFacts(
        age=domain.age_on(app.applicant.date_of_birth, day) if app.applicant.date_of_birth else 0,
        residence_years=app.residence_years,
        work_months=app.work_months,
        family_years=app.family_years,
        exemptions=frozenset(app.exemptions),
        housing_need=app.housing_need,
    )
    result = domain.qualification(qualification_rules(policy), facts)
    reasons = " ".join(result.reasons + ([note.strip()] if note and note.strip() else []))
    status = app.status
    if result.qualifies and status in (Application.Status.PENDING, Application.Status.NOT_QUALIFIED):
        status = Application.Status.LIVE
    if not result.qualifies:
        status = Application.Status.NOT_QUALIFIED
    update_application(
        actor,
        app,
        summary="Qualifies for the register" if result.qualifies else "Does not qualify for the register",
        qualifies=result.qualifies,
        qualification_reasons=reasons,
        qualification_decided_on=day,
        status=status,
    )
    return result


@transaction.atomic
def override_bedroom_need(
    *, actor: Any, application: Application, bedrooms: int | None, reason: str
) -> Application:
    """An officer's decision on bedroom need (for example a carer's room); None returns to the computed need."""
    app = locked_for(actor, "lettings.decide", application)
    errors = Errors()
    reason = (reason or "").strip()
    if bedrooms is not None and (not isinstance(bedrooms, int) or bedrooms < 0 or bedrooms > 10):
        errors.add("bedrooms", "Enter a number of bedrooms from 0 to 10.")
    if bedrooms is not None and not reason:
        errors.add("reason", "Enter why the bedroom need differs from the size criteria.")
    errors.raise_if_any()
    return update_application(
        actor,
        app,
        summary="Bedroom need decided by an officer"
        if bedrooms is not None
        else "Bedroom need back to the size criteria",
        bedroom_override=bedrooms,
        bedroom_override_reason=reason if bedrooms is not None else "",
    )


def validate_band(data: dict[str, Any], bands: Sequence[str]) -> None:
    errors = Errors()
    band = data.get("band")
    if "band" in data and band not in bands:
        errors.add("band", "Select a band.")
    if "reason" in data and not (data.get("reason") or "").strip():
        errors.add("reason", "Enter the reason for the band, for example Overcrowded by two bedrooms.")
    if "decided_on" in data:
        check_past_date(
            errors,
            "decided_on",
            data["decided_on"],
            missing="Enter the date of the decision.",
            future="The decision date cannot be in the future.",
        )
    errors.raise_if_any()


@transaction.atomic
def decide_band(
    *, actor: Any, application: Application, band: str, reason: str, decided_on: dt.date | None = None
) -> BandDecision:
    """Place the application in a band. The effective date follows the scheme's rule."""
    app = locked_for(actor, "lettings.decide", application)
    day = decided_on or timezone.localdate()
    policy = current_policy(day)
    validate_band({"band": band, "reason": reason, "decided_on": day}, policy.band_codes)
    errors = Errors()
    if app.status not in (Application.Status.LIVE, Application.Status.SUSPENDED):
        errors.add("band", "Decide that the applicant qualifies before giving a band.")
    if day < app.registration_date:
        errors.add("decided_on", "The decision date cannot be before the registration date.")
    last = app.band_decisions.order_by("-decided_on", "-id").first()
    if last and day < last.decided_on:
        errors.add(
            "decided_on",
            f"The last band decision was on {last.decided_on:%d %B %Y}; this one cannot be earlier.",
        )
    errors.raise_if_any()
    decision = BandDecision.objects.create(
        application=app,
        band=band,
        reason=reason.strip(),
        decided_on=day,
        expires_on=domain.band_expiry(day, policy.band_time_limit(band)),
        decided_by=user_of(actor),
    )
    history = list(app.band_decisions.order_by("decided_on", "id").values_list("decided_on", "band"))
    effective = domain.effective_date(
        bands=policy.band_codes, registration_date=app.registration_date, history=history
    )
    update_application(
        actor,
        app,
        summary=f"Band {policy.band_name(band)}: {reason.strip()}"[:300],
        band=band,
        band_expires=decision.expires_on,
        effective_date=effective,
    )
    return decision
