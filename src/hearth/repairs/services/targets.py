"""An order's target: extensions asked for and decided, and changes by a permitted role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core.models import Clock
from hearth.core.permissions import require
from hearth.core.records import Errors, create_and_note, save_and_note
from hearth.repairs.models import RepairOrder, TargetChange
from hearth.repairs.services.common import (
    change_audited,
    format_when,
    given,
    locked_for_work,
    locked_order,
    refresh_order,
    undecided,
)


def _check_target(locked: RepairOrder, new_due_at: dt.datetime | None, reason: str) -> None:
    errors = Errors()
    if not reason.strip():
        errors.add("reason", "Enter the reason for changing the target.")
    if new_due_at is None:
        errors.add("new_due", "Enter the new target date.")
    elif new_due_at <= locked.raised_at:
        errors.add("new_due", "The new target must be after the order was raised.")
    if not locked.is_open:
        errors.add("new_due", "The target of a finished order cannot change.")
    errors.raise_if_any()


@transaction.atomic
def request_extension(
    *, actor: Any, order: RepairOrder, new_due_at: dt.datetime | None, reason: str
) -> TargetChange:
    """Ask for more time (the contractor's reason, recorded by an officer or sent through the API)."""
    locked = locked_for_work(actor, order)
    _check_target(locked, new_due_at, reason)
    if locked.target_changes.filter(status=TargetChange.Status.REQUESTED).exists():
        raise ValidationError({"new_due": ["An extension is already waiting for a decision."]})
    new_due_at, reason = given(new_due_at), reason.strip()[:300]
    return create_and_note(
        actor,
        TargetChange,
        on=locked,
        action="extension_requested",
        summary=f"Extension to {format_when(new_due_at)} asked for: {reason}",
        order=locked,
        old_due_at=locked.due_at,
        new_due_at=new_due_at,
        reason=reason,
        status=TargetChange.Status.REQUESTED,
        requested_by=actor,
        at=timezone.now(),
    )


@transaction.atomic
def decide_extension(*, actor: Any, change: TargetChange, grant: bool) -> TargetChange:
    require(actor, "repairs.approve")
    locked = locked_order(change.order)
    change = undecided(change, TargetChange.Status.REQUESTED, "extension")
    if not grant:
        return save_and_note(
            actor,
            change,
            on=locked,
            action="extension_refused",
            summary=f"Extension refused: {change.reason}",
            status=TargetChange.Status.REFUSED,
            changed_by=actor,
            at=timezone.now(),
        )
    change.changed_by, change.at = actor, timezone.now()
    _check_target(locked, change.new_due_at, change.reason)
    change.status = TargetChange.Status.GRANTED
    change.old_due_at = locked.due_at
    change.save(update_fields=["status", "changed_by", "at", "old_due_at"])
    _apply_target(locked, change, actor)
    return change


def _apply_target(locked: RepairOrder, change: TargetChange, actor: Any) -> None:
    new_due_at = change.new_due_at
    change_audited(
        actor=actor,
        obj=locked,
        action="target_changed",
        summary=f"Target changed: {change.reason}",
        due_at=new_due_at,
    )
    if locked.clock_id:
        Clock.objects.filter(pk=locked.clock_id, outcome=Clock.Outcome.RUNNING).update(due_at=new_due_at)


@transaction.atomic
def change_target(
    *, actor: Any, order: RepairOrder, new_due_at: dt.datetime | None, reason: str
) -> TargetChange:
    """Extend (or bring forward) an order's target: a permitted role, with a reason."""
    require(actor, "repairs.approve")
    locked = locked_order(order)
    _check_target(locked, new_due_at, reason)
    new_due_at = given(new_due_at)
    change = TargetChange.objects.create(
        order=locked,
        old_due_at=locked.due_at,
        new_due_at=new_due_at,
        reason=reason.strip()[:300],
        changed_by=actor,
        at=timezone.now(),
    )
    _apply_target(locked, change, actor)
    refresh_order(order, locked)
    return change
