"""Awaab's Law hazard cases: their steps, clocks and statutory deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import clocks, references
from hearth.core.calendar import end_of_day, load_calendar, local_date, to_local
from hearth.core.models import Clock
from hearth.core.permissions import require
from hearth.core.records import Errors, create_audited, required_text
from hearth.properties.models import Property
from hearth.repairs.models import HazardCase, RepairOrder
from hearth.repairs.services.common import change_audited, format_when, given, in_future
from hearth.repairs.services.notes import add_note

HAZARD_STEPS = {
    # step -> (case field, clock kind stopped, label)
    "investigation_concluded": (
        "investigation_concluded_on",
        "awaab_significant.investigate",
        "Investigation concluded",
    ),
    "written_summary": ("written_summary_on", "awaab_significant.written_summary", "Written summary sent"),
    "safety_work": ("safety_work_on", "awaab_significant.safety_work", "Safety work done"),
    "supplementary_begun": (
        "supplementary_begun_on",
        "awaab_significant.supplementary_work",
        "Supplementary work begun",
    ),
}


def hazard_clocks(case: HazardCase) -> list[Clock]:
    ct = ContentType.objects.get_for_model(HazardCase)
    return list(Clock.objects.filter(content_type=ct, object_id=str(case.pk)).order_by("due_at", "id"))


def _case_clock(case: HazardCase, kind: str) -> Clock | None:
    ct = ContentType.objects.get_for_model(HazardCase)
    return Clock.objects.filter(content_type=ct, object_id=str(case.pk), kind=kind).first()


@transaction.atomic
def open_hazard_case(
    *,
    actor: Any,
    property: Property | None,
    severity: str,
    aware_at: dt.datetime | None,
    hazard: str = "Damp and mould",
    description: str = "",
    order: RepairOrder | None = None,
) -> HazardCase:
    """Open an Awaab's Law case and start its clocks: a significant hazard's investigation (10 working
    days), or an emergency's investigate-and-make-safe (24 hours)."""
    require(actor, "repairs.raise")
    errors = Errors()
    if property is None:
        errors.add("property", "Choose the home with the hazard.")
    if severity not in HazardCase.Severity.values:
        errors.add("severity", "Choose significant or emergency.")
    if aware_at is None:
        errors.add("aware_at", "Enter when the landlord became aware of the hazard.")
    elif in_future(aware_at):
        errors.add("aware_at", "The time the landlord became aware cannot be in the future.")
    if not hazard.strip():
        errors.add("hazard", "Enter the hazard, like damp and mould.")
    errors.raise_if_any()
    aware_at = given(aware_at)
    case = HazardCase(
        reference=references.next_reference("HZ", 6),
        property=property,
        severity=severity,
        aware_at=aware_at,
        hazard=hazard.strip()[:100],
        description=description.strip(),
        order=order,
        created_by=actor,
    )
    create_audited(
        actor=actor,
        obj=case,
        fields=["reference", "property", "hazard", "severity", "aware_at"],
        summary=f"{case.get_severity_display()} hazard case opened: {case.hazard}",
    )
    calendar = load_calendar()
    if severity == HazardCase.Severity.SIGNIFICANT:
        clocks.start_clock(
            owner=case,
            kind="awaab_significant.investigate",
            started_at=local_date(aware_at),
            actor=actor,
            calendar=calendar,
        )
    else:
        for kind in ("awaab_emergency.investigate", "awaab_emergency.make_safe"):
            clocks.start_clock(owner=case, kind=kind, started_at=aware_at, actor=actor, calendar=calendar)
    return case


CLOSED_CASE = "This case is already closed, so nothing more can be recorded on it."


def check_hazard_case_open(case: HazardCase) -> None:
    """A closed case takes no more steps: every hazard service and its page ask this first."""
    if case.closed:
        raise ValidationError(CLOSED_CASE)


def _lock_open_case(case: HazardCase) -> None:
    """Lock the case and refuse it when closed, even if this copy was read before it closed."""
    case.closed = HazardCase.objects.select_for_update().values_list("closed", flat=True).get(pk=case.pk)
    check_hazard_case_open(case)


def _check_case_date(
    errors: Errors, field: str, on: dt.date | None, case: HazardCase, *, missing: str | None
) -> None:
    """A date on the case (a step, an offer, an answer): given when `missing` says so, not in the
    future, not before the landlord became aware of the hazard."""
    if on is None:
        if missing:
            errors.add(field, missing)
    elif on > timezone.localdate():
        errors.add(field, "The date cannot be in the future.")
    elif on < local_date(case.aware_at):
        errors.add(field, "The date cannot be before the landlord became aware of the hazard.")


def _stop_case_clock(case: HazardCase, kind: str, when: dt.datetime, actor: Any) -> None:
    clock = _case_clock(case, kind)
    if clock is not None and clock.outcome == Clock.Outcome.RUNNING:
        clocks.stop_clock(clock=clock, stopped_at=max(when, clock.started_at), actor=actor)


@transaction.atomic
def record_hazard_step(  # noqa: C901 - one check per rule of the regulations
    *, actor: Any, case: HazardCase, step: str, on: dt.date | None
) -> HazardCase:
    """Record a significant hazard's step; concluding the investigation starts the later clocks."""
    require(actor, "repairs.raise")
    if step not in HAZARD_STEPS:
        raise ValidationError({"step": "Choose a step of the case."})
    field, kind, label = HAZARD_STEPS[step]
    _lock_open_case(case)
    errors = Errors()
    if case.severity != HazardCase.Severity.SIGNIFICANT:
        errors.add("on", "This step belongs to a significant hazard; record an emergency as made safe.")
    _check_case_date(errors, "on", on, case, missing=f"Enter the date: {label.lower()}.")
    if step != "investigation_concluded" and case.investigation_concluded_on is None:
        errors.add("on", "Record the end of the investigation first.")
    elif (
        on
        and case.investigation_concluded_on
        and step != "investigation_concluded"
        and on < case.investigation_concluded_on
    ):
        errors.add("on", "The date cannot be before the investigation concluded.")
    if getattr(case, field) is not None:
        errors.add("on", f"{label} is already recorded.")
    errors.raise_if_any()
    on = given(on)
    change_audited(actor=actor, obj=case, action=step, summary=f"{label} on {on:%-d %b %Y}", **{field: on})
    _stop_case_clock(case, kind, end_of_day(on) if on < timezone.localdate() else timezone.now(), actor)
    if step == "investigation_concluded":
        calendar = load_calendar()
        for later in (
            "awaab_significant.written_summary",
            "awaab_significant.safety_work",
            "awaab_significant.supplementary_work",
        ):
            clocks.start_clock(owner=case, kind=later, started_at=on, actor=actor, calendar=calendar)
    return case


@transaction.atomic
def record_made_safe(*, actor: Any, case: HazardCase, at: dt.datetime | None) -> HazardCase:
    require(actor, "repairs.raise")
    _lock_open_case(case)
    if at is None:
        raise ValidationError({"at": "Enter when the home was made safe."})
    if at < case.aware_at or in_future(at):
        raise ValidationError(
            {"at": "The time must be after the landlord became aware and not in the future."}
        )
    change_audited(
        actor=actor, obj=case, action="made_safe", summary=f"Made safe {format_when(at)}", made_safe_at=at
    )
    for kind in ("awaab_emergency.investigate", "awaab_emergency.make_safe", "awaab_significant.safety_work"):
        _stop_case_clock(case, kind, at, actor)
    return case


@transaction.atomic
def record_accommodation_offer(
    *,
    actor: Any,
    case: HazardCase,
    offered_on: dt.date | None,
    details: str,
    answer: str = "waiting",
    answered_on: dt.date | None = None,
) -> HazardCase:
    """The offer of suitable alternative accommodation when the home cannot be made safe in time."""
    require(actor, "repairs.raise")
    _lock_open_case(case)
    errors = Errors()
    _check_case_date(
        errors,
        "accommodation_offered_on",
        offered_on,
        case,
        missing="Enter the date the accommodation was offered.",
    )
    answered = answer in ("accepted", "refused")
    _check_case_date(
        errors,
        "accommodation_answered_on",
        answered_on if answered else None,
        case,
        missing="Enter the date the tenant answered." if answered else None,
    )
    if not details.strip():
        errors.add("accommodation_details", "Describe the accommodation offered.")
    if answer not in ("waiting", "accepted", "refused"):
        errors.add("accommodation_answer", "Choose the tenant's answer.")
    if (
        answered
        and answered_on
        and offered_on
        and answered_on < offered_on
        and "accommodation_answered_on" not in errors.by_field
    ):
        errors.add("accommodation_answered_on", "The answer cannot be before the offer.")
    errors.raise_if_any()
    change_audited(
        actor=actor,
        obj=case,
        action="accommodation_offer",
        summary=f"Alternative accommodation: {HazardCase.Answer(answer).label.lower()}",
        accommodation_offered_on=offered_on,
        accommodation_details=details.strip()[:300],
        accommodation_answer=answer,
        accommodation_answered_on=answered_on if answer != "waiting" else None,
    )
    return case


@transaction.atomic
def link_hazard_order(*, actor: Any, case: HazardCase, order: RepairOrder) -> HazardCase:
    """The works order for a hazard case (investigation, safety or supplementary work)."""
    require(actor, "repairs.raise")
    _lock_open_case(case)
    change_audited(
        actor=actor, obj=case, action="order_raised", summary=f"Order {order.reference} raised", order=order
    )
    add_note(actor=actor, order=order, text=f"Raised for Awaab's Law hazard case {case.reference}.")
    return case


@transaction.atomic
def close_hazard_case(*, actor: Any, case: HazardCase, reason: str) -> HazardCase:
    """Close a case (work done, or no hazard found). A clock still running that is already overdue
    stops now as breached, so the missed deadline stays on the record; one not yet due is cancelled
    with the reason."""
    require(actor, "repairs.raise")
    _lock_open_case(case)
    reason = required_text(reason, "reason", "Enter the reason for closing the case.")
    change_audited(actor=actor, obj=case, action="closed", summary=f"Case closed: {reason}", closed=True)
    closed_at = timezone.now()
    for clock in hazard_clocks(case):
        if clock.outcome == Clock.Outcome.RUNNING:
            clocks.end_clock(clock=clock, reason=f"Case closed: {reason}", actor=actor, at=closed_at)
    return case


def hazard_deadlines(case: HazardCase) -> dict[str, Any]:
    """The case's statutory deadlines from the shared clock rules (as the acceptance cases pin them)."""
    if case.severity == HazardCase.Severity.EMERGENCY:
        return clocks.awaab_emergency_deadlines(to_local(case.aware_at), calendar=load_calendar())
    return clocks.awaab_significant_deadlines(
        local_date(case.aware_at), case.investigation_concluded_on, calendar=load_calendar()
    )
