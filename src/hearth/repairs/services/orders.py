"""Raising a repair order, approving, issuing, cancelling, accepting and starting it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import clocks, jobs, references
from hearth.core.calendar import load_calendar, local_date
from hearth.core.models import Clock
from hearth.core.money import to_money
from hearth.core.permissions import require
from hearth.core.records import Errors, create_audited, required_text, save_and_note
from hearth.people.models import Person
from hearth.properties.models import Block, Estate, Property
from hearth.repairs import domain
from hearth.repairs.models import Contract, RepairOrder
from hearth.repairs.services.common import (
    WORKING,
    S,
    change_audited,
    locked_for_work,
    locked_order,
    refresh_order,
    stop_order_clock,
    transition,
)
from hearth.repairs.services.lines import LineRequest, add_order_lines, check_lines, price_lines
from hearth.repairs.services.policy import get_settings, limits_for, target_for

ORDER_EMAIL_JOB = "repairs.order_email"
ORDER_FIELDS = (
    "reference",
    "property",
    "block",
    "estate",
    "reported_by",
    "channel",
    "service_type",
    "description",
    "priority",
    "raised_at",
    "due_at",
    "status",
    "contractor",
    "contract",
    "total",
    "right_to_repair",
    "rtr_defect",
    "rtr_period_days",
    "follow_on_of",
)


def validate_order(data: dict[str, Any]) -> dict[str, Any]:
    """The order's checks, for pages to show every problem at once."""
    errors = Errors()
    places = [data.get(k) for k in ("property", "block", "estate")]
    if "property" in data and not any(places):
        errors.add("property", "Choose the home, or the block or estate for a communal repair.")
    elif sum(1 for p in places if p) > 1:
        errors.add("property", "Choose one place: a home, a block or an estate.")
    if "description" in data and not str(data.get("description") or "").strip():
        errors.add("description", "Describe the repair.")
    if "priority" in data and data.get("priority") not in domain.PRIORITIES:
        errors.add("priority", "Choose the priority.")
    contract = data.get("contract")
    if "contract" in data and not contract:
        errors.add("contract", "Choose the contract.")
    elif contract is not None:
        if not contract.contractor.active:
            errors.add("contract", f"{contract.contractor.name} is not an active contractor.")
        raised_on = local_date(data.get("raised_at") or timezone.now())
        if contract.start_date > raised_on or (contract.end_date and contract.end_date < raised_on):
            errors.add(
                "contract", f"The contract {contract.reference} is not in force on {raised_on:%-d %B %Y}."
            )
    if "lines" in data:
        check_lines(errors, data.get("lines") or [], contract if isinstance(contract, Contract) else None)
    defect = data.get("rtr_defect") or ""
    if defect and defect not in domain.DEFECTS:
        errors.add("rtr_defect", "Choose a qualifying defect from the list.")
    errors.raise_if_any()
    return data


def _secure_tenant(prop: Property | None) -> bool:
    if prop is None:
        return False
    from hearth.tenancies.selectors import is_live, tenancies_of_property

    return any(t.kind == "secure" and is_live(t) for t in tenancies_of_property(prop.pk))


def _start_order_clock(order: RepairOrder, actor: Any) -> None:
    policy = get_settings()
    clock = clocks.start_clock(
        owner=order,
        kind=clocks.repair_clock_key(order.priority),
        started_at=order.raised_at,
        actor=actor,
        label=f"Repair target ({order.priority})",
        calendar=load_calendar(),
        registry=domain.priority_registry(policy.priority_periods or None),
    )
    order.clock = clock
    order.save(update_fields=["clock"])
    if clock.due_at != order.due_at:  # an extended target moves the clock with it
        Clock.objects.filter(pk=clock.pk).update(due_at=order.due_at)


def _issue(order: RepairOrder, actor: Any) -> None:
    transition(order, actor, S.ISSUED, f"Issued to {order.contractor.name}", issued_at=timezone.now())
    queue_order_email(order=order, actor=actor)


def queue_order_email(*, order: RepairOrder, actor: Any) -> None:
    """E-mail the order to its contractor once the transaction commits. The job is the e-mail's
    outbox row, kept in the same transaction as the issue: it is sent even if the worker stops, and
    once (`repairs.tasks.email_order_task`)."""
    from hearth.repairs.tasks import email_order_task

    jobs.start(
        name=f"E-mail repair order {order.reference} to {order.contractor.name}",
        kind=ORDER_EMAIL_JOB,
        params={"order_id": order.pk},
        actor=actor,
        task=email_order_task,
        restartable=True,  # its one step is the sending, counted the moment the e-mail is sent
    )


@transaction.atomic
def raise_order(
    *,
    actor: Any,
    contract: Contract,
    lines: Sequence[LineRequest],
    description: str,
    priority: str,
    property: Property | None = None,
    block: Block | None = None,
    estate: Estate | None = None,
    reported_by: Person | None = None,
    channel: str = RepairOrder.Channel.PHONE,
    service_type: str = RepairOrder.ServiceType.REPAIR,
    rtr_defect: str = "",
    raised_at: dt.datetime | None = None,
    follow_on_of: RepairOrder | None = None,
) -> RepairOrder:
    """Raise an order: priced from the schedule, target from the priority policy. Above the raiser's
    limit it waits for approval; otherwise it is issued to the contractor (PDF by email)."""
    require(actor, "repairs.raise")
    raised_at = raised_at or timezone.now()
    data = {
        "property": property,
        "block": block,
        "estate": estate,
        "description": description,
        "priority": priority,
        "contract": contract,
        "lines": list(lines),
        "rtr_defect": rtr_defect,
        "raised_at": raised_at,
    }
    errors = Errors()
    try:
        validate_order(data)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for m in messages:
                errors.add(field, m)
    if channel not in RepairOrder.Channel.values:
        errors.add("channel", "Choose how the repair was reported.")
    if service_type not in RepairOrder.ServiceType.values:
        errors.add("service_type", "Choose the kind of service.")
    errors.raise_if_any()
    priced = price_lines(contract, lines)
    total = to_money(sum((t for _, _, t in priced), Decimal("0")))
    rtr = domain.right_to_repair_applies(rtr_defect, secure_tenant=_secure_tenant(property), total=total)
    order = RepairOrder(
        reference=references.next_reference("RO", 7),
        property=property,
        block=block,
        estate=estate,
        reported_by=reported_by,
        channel=channel,
        service_type=service_type,
        description=description.strip(),
        priority=priority,
        raised_at=raised_at,
        raised_by=actor,
        due_at=target_for(priority, raised_at),
        status=S.RAISED,
        contractor=contract.contractor,
        contract=contract,
        total=total,
        right_to_repair=rtr,
        rtr_defect=rtr_defect if rtr else "",
        rtr_period_days=domain.DEFECTS[rtr_defect].days if rtr else None,
        follow_on_of=follow_on_of,
    )
    if block is None and property is not None:
        order.block = None
    create_audited(
        actor=actor, obj=order, fields=ORDER_FIELDS, summary=f"Order raised: {order.description[:120]}"
    )
    add_order_lines(order, priced)
    _start_order_clock(order, actor)
    raise_limit, _ = limits_for(actor)
    if domain.needs_approval(total, raise_limit):
        transition(
            order,
            actor,
            S.AWAITING_APPROVAL,
            f"Waiting for approval: £{total} is over the raiser's limit of £{raise_limit}",
        )
    else:
        _issue(order, actor)
    return order


@transaction.atomic
def approve_order(*, actor: Any, order: RepairOrder) -> RepairOrder:
    require(actor, "repairs.approve")
    locked = locked_order(order)
    if locked.status != S.AWAITING_APPROVAL:
        raise ValidationError("This order is not waiting for approval.")
    if locked.raised_by_id == getattr(actor, "pk", None):
        raise ValidationError("You raised this order, so another officer must approve it.")
    save_and_note(actor, locked, on=locked, action="approved", summary="Order approved", approved_by=actor)
    _issue(locked, actor)
    return refresh_order(order, locked)


@transaction.atomic
def cancel_order(*, actor: Any, order: RepairOrder, reason: str) -> RepairOrder:
    require(actor, "repairs.raise")
    locked = locked_order(order)
    reason = required_text(reason, "reason", "Enter the reason for cancelling the order.")
    if not locked.is_open:
        raise ValidationError(f"This order is already {locked.get_status_display().lower()}.")
    transition(locked, actor, S.CANCELLED, f"Cancelled: {reason}", cancel_reason=reason[:300])
    stop_order_clock(locked, timezone.now(), actor, cancel_reason=reason)
    return refresh_order(order, locked)


@transaction.atomic
def accept_order(*, actor: Any, order: RepairOrder) -> RepairOrder:
    locked = locked_for_work(actor, order)
    if locked.status not in WORKING:
        raise ValidationError("Only an issued order can be accepted.")
    if locked.accepted_at is None:
        change_audited(
            actor=actor,
            obj=locked,
            action="accepted",
            summary="Accepted by the contractor",
            accepted_at=timezone.now(),
        )
    return refresh_order(order, locked)


@transaction.atomic
def start_work(*, actor: Any, order: RepairOrder) -> RepairOrder:
    locked = locked_for_work(actor, order)
    if locked.status not in (S.ISSUED, S.APPOINTED):
        raise ValidationError("Only an issued or appointed order can be started.")
    transition(locked, actor, S.IN_PROGRESS, "Work started")
    return refresh_order(order, locked)
