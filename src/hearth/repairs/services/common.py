"""The helpers every repairs service shares: the order's status names, locking and refreshing an
order, moving it on with an audit entry, stopping its clock, and who may act on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone

from hearth.core import audit, clocks
from hearth.core.calendar import to_local
from hearth.core.models import Clock
from hearth.core.permissions import require
from hearth.core.records import record_change
from hearth.repairs.models import ContractorUser, RepairOrder

S = RepairOrder.Status


WORKING = (S.ISSUED, S.APPOINTED, S.IN_PROGRESS)


def given(value: Any) -> Any:
    """A value the validation above has already required."""
    if value is None:
        raise ValidationError("Something required is missing.")
    return value


def in_future(when: dt.datetime) -> bool:
    """Whether a time an officer or contractor gives is still to come: up to five minutes ahead
    counts as now, for a device whose clock runs a little fast."""
    return when > timezone.now() + dt.timedelta(minutes=5)


def format_when(when: dt.datetime) -> str:
    return f"{to_local(when):%-d %b %Y %H:%M}"


def change_audited(*, actor: Any, obj: Model, action: str, summary: str, **values: Any) -> None:
    """Set `values` on `obj`, save those fields (and the order's `updated_at`), and record the
    change, before and after, as `action`."""
    fields = list(values)
    before = audit.snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*fields, "updated_at"] if isinstance(obj, RepairOrder) else fields)
    record_change(actor, obj, action=action, before=before, fields=fields, summary=summary)


def transition(order: RepairOrder, actor: Any, status: str, summary: str, **extra: Any) -> None:
    change_audited(actor=actor, obj=order, action=status, summary=summary, status=status, **extra)


def locked_order(order: RepairOrder) -> RepairOrder:
    return RepairOrder.objects.select_for_update().select_related("contractor", "contract").get(pk=order.pk)


def locked_for_work(actor: Any, order: RepairOrder) -> RepairOrder:
    """The order, locked, once the actor may work on it: the contractor it is issued to (no other),
    or an officer who raises orders."""
    locked = locked_order(order)
    require_contractor_or(actor, locked, "repairs.raise")
    return locked


def undecided(request: Any, waiting: str, noun: str) -> Any:
    """The request (a variation, an extension), locked, while it still waits for a decision."""
    locked = type(request).objects.select_for_update().get(pk=request.pk)
    if locked.status != waiting:
        raise ValidationError(f"This {noun} has already been decided.")
    return locked


def refresh_order(target: RepairOrder, source: RepairOrder) -> RepairOrder:
    for f in RepairOrder._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    return target


def stop_order_clock(order: RepairOrder, when: dt.datetime, actor: Any, cancel_reason: str = "") -> None:
    if order.clock_id is None:
        return
    clock = Clock.objects.get(pk=order.clock_id)
    if clock.outcome != Clock.Outcome.RUNNING:
        return
    if cancel_reason:
        clocks.cancel_clock(clock=clock, reason=cancel_reason, actor=actor)
    else:
        clocks.stop_clock(clock=clock, stopped_at=max(when, clock.started_at), actor=actor)


def require_contractor_or(actor: Any, order: RepairOrder, capability: str) -> None:
    link = ContractorUser.objects.filter(user_id=getattr(actor, "pk", None) or 0).first()
    if link is not None:
        if link.contractor_id != order.contractor_id:
            raise ValidationError("This order belongs to another contractor.")
        return
    require(actor, capability)
