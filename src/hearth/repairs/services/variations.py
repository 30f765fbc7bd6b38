"""Variations: work added to an order, approved when over the officer's vary limit."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import audit
from hearth.core.money import to_money
from hearth.core.permissions import require
from hearth.core.records import Errors
from hearth.repairs import domain
from hearth.repairs.models import RepairOrder, Variation
from hearth.repairs.services.common import (
    change_audited,
    locked_for_work,
    locked_order,
    refresh_order,
    undecided,
)
from hearth.repairs.services.lines import LineRequest, add_order_lines, check_lines, price_lines
from hearth.repairs.services.policy import limits_for


@transaction.atomic
def vary_order(*, actor: Any, order: RepairOrder, lines: Sequence[LineRequest], reason: str) -> Variation:
    """Add work to an order; the original lines are kept. An increase over the officer's vary limit
    waits for approval."""
    locked = locked_for_work(actor, order)
    errors = Errors()
    if not locked.is_open:
        errors.add("lines", f"This order is {locked.get_status_display().lower()}, so it cannot be varied.")
    if not reason.strip():
        errors.add("reason", "Enter the reason for the variation.")
    check_lines(errors, lines, locked.contract)
    errors.raise_if_any()
    priced = price_lines(locked.contract, lines)
    increase = to_money(sum((t for _, _, t in priced), Decimal("0")))
    _, vary_limit = limits_for(actor)
    pending = domain.needs_approval(increase, vary_limit)
    variation = Variation.objects.create(
        order=locked,
        reason=reason.strip()[:500],
        increase=increase,
        requested_by=actor,
        requested_at=timezone.now(),
        status=Variation.Status.PENDING if pending else Variation.Status.APPROVED,
    )
    add_order_lines(locked, priced, variation=variation)
    if pending:
        audit.record(
            actor=actor,
            obj=locked,
            action="variation_requested",
            summary=f"Variation of £{increase} waiting for approval (over the vary limit of £{vary_limit}): "
            f"{variation.reason}",
        )
    else:
        _apply_variation(locked, variation, actor)
    refresh_order(order, locked)
    return variation


def _apply_variation(order: RepairOrder, variation: Variation, actor: Any) -> None:
    change_audited(
        actor=actor,
        obj=order,
        action="varied",
        summary=f"Varied by £{variation.increase}: {variation.reason}",
        total=to_money(order.total + variation.increase),
    )


@transaction.atomic
def decide_variation(*, actor: Any, variation: Variation, approve: bool) -> Variation:
    require(actor, "repairs.approve")
    order = locked_order(variation.order)
    variation = undecided(variation, Variation.Status.PENDING, "variation")
    if variation.requested_by_id == getattr(actor, "pk", None):
        raise ValidationError("You asked for this variation, so another officer must decide it.")
    variation.status = Variation.Status.APPROVED if approve else Variation.Status.REJECTED
    variation.decided_by, variation.decided_at = actor, timezone.now()
    variation.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        _apply_variation(order, variation, actor)
    else:
        audit.record(
            actor=actor,
            obj=order,
            action="variation_rejected",
            summary=f"Variation of £{variation.increase} rejected",
        )
    return variation
