"""Completing an order: the time, first-time fix, the target met or missed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from hearth.core.records import Errors
from hearth.repairs import domain
from hearth.repairs.models import Completion, PostInspection, RepairOrder, Variation
from hearth.repairs.services.common import (
    WORKING,
    S,
    format_when,
    given,
    in_future,
    locked_for_work,
    refresh_order,
    stop_order_clock,
    transition,
)
from hearth.repairs.services.inspections import select_for_inspection
from hearth.repairs.services.policy import get_settings


def validate_completion(order: RepairOrder, data: dict[str, Any]) -> dict[str, Any]:
    errors = Errors()
    if order.status not in WORKING:
        errors.add(
            "completed_at", f"This order is {order.get_status_display().lower()}, so it cannot be completed."
        )
    when = data.get("completed_at")
    if "completed_at" in data and not when:
        errors.add("completed_at", "Enter the date and time the work was completed.")
    elif when:
        if when < order.raised_at:
            errors.add("completed_at", "The work cannot be completed before the order was raised.")
        if in_future(when):
            errors.add("completed_at", "The completion time cannot be in the future.")
    if "first_time_fix" in data and data.get("first_time_fix") is None:
        errors.add("first_time_fix", "Say whether the repair was fixed first time.")
    if order.variations.filter(status=Variation.Status.PENDING).exists():
        errors.add(
            "completed_at", "A variation is waiting for approval; decide it before completing the order."
        )
    errors.raise_if_any()
    return data


@transaction.atomic
def complete_order(
    *,
    actor: Any,
    order: RepairOrder,
    completed_at: dt.datetime | None,
    first_time_fix: bool | None,
    notes: str = "",
) -> RepairOrder:
    locked = locked_for_work(actor, order)
    validate_completion(locked, {"completed_at": completed_at, "first_time_fix": first_time_fix})
    completed_at, first_time_fix = given(completed_at), given(first_time_fix)
    Completion.objects.create(
        order=locked,
        completed_at=completed_at,
        first_time_fix=first_time_fix,
        notes=notes.strip(),
        recorded_by=actor,
    )
    met = domain.target_met(completed_at, locked.due_at)
    transition(
        locked,
        actor,
        S.COMPLETED,
        f"Completed {format_when(completed_at)}, target {'met' if met else 'missed'}"
        f"{', fixed first time' if first_time_fix else ''}",
        completed_at=completed_at,
        first_time_fix=first_time_fix,
    )
    stop_order_clock(locked, completed_at, actor)
    if locked.total > get_settings().inspect_over:
        select_for_inspection(locked, PostInspection.Reason.OVER_THRESHOLD, actor)
    return refresh_order(order, locked)
