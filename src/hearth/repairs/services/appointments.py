"""Appointments with the resident: booking one within the target, and its outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import audit
from hearth.core.calendar import local_date
from hearth.core.records import Errors, save_and_note
from hearth.repairs import domain
from hearth.repairs.models import Appointment, RepairOrder
from hearth.repairs.services.common import (
    S,
    given,
    locked_for_work,
    refresh_order,
    transition,
)


def validate_appointment(order: RepairOrder, data: dict[str, Any]) -> dict[str, Any]:
    errors = Errors()
    if order.status in (S.RAISED, S.AWAITING_APPROVAL):
        errors.add("date", "An appointment cannot be booked until the order is approved and issued.")
    elif not order.is_open:
        errors.add("date", f"This order is {order.get_status_display().lower()}, so it cannot be appointed.")
    day = data.get("date")
    if "date" in data and not day:
        errors.add("date", "Enter the appointment date.")
    if "slot" in data and data.get("slot") not in Appointment.Slot.values:
        errors.add("slot", "Choose morning or afternoon.")
    if day:
        if day < local_date(order.raised_at):
            errors.add("date", "The appointment cannot be before the order was raised.")
        problem = domain.appointment_problem(day, order.due_at, str(data.get("later_reason") or ""))
        if problem:
            errors.add("later_reason", problem)
    errors.raise_if_any()
    return data


@transaction.atomic
def book_appointment(
    *, actor: Any, order: RepairOrder, date: dt.date | None, slot: str, later_reason: str = ""
) -> Appointment:
    locked = locked_for_work(actor, order)
    validate_appointment(locked, {"date": date, "slot": slot, "later_reason": later_reason})
    date = given(date)
    locked.appointments.filter(outcome=Appointment.Outcome.BOOKED).update(
        outcome=Appointment.Outcome.CANCELLED
    )
    appt = Appointment.objects.create(
        order=locked, date=date, slot=slot, later_reason=later_reason.strip(), booked_by=actor
    )
    summary = f"Appointment booked for {date:%-d %b %Y} ({appt.get_slot_display()})"
    if appt.later_reason:
        summary += f", after the target at the resident's request: {appt.later_reason}"
    if locked.status == S.ISSUED:
        transition(locked, actor, S.APPOINTED, summary)
    else:
        audit.record(actor=actor, obj=locked, action="appointed", summary=summary)
    refresh_order(order, locked)
    return appt


@transaction.atomic
def record_appointment_outcome(*, actor: Any, appointment: Appointment, outcome: str) -> Appointment:
    order = locked_for_work(actor, appointment.order)
    if outcome not in (Appointment.Outcome.KEPT, Appointment.Outcome.MISSED, Appointment.Outcome.CANCELLED):
        raise ValidationError({"outcome": "Choose kept, missed or cancelled."})
    return save_and_note(
        actor,
        appointment,
        on=order,
        action="appointment_outcome",
        summary=f"Appointment on {appointment.date:%-d %b %Y}: {Appointment.Outcome(outcome).label.lower()}",
        outcome=outcome,
    )
