"""The actions on an order: approve, cancel, book, start, note, vary, complete, chase, recharge.

Each is a declaration read by one view (`action_view`): what the officer sees, and the service it calls.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.repairs import domain, services
from hearth.repairs import forms as f
from hearth.repairs.models import RateLine, RepairOrder, Variation
from hearth.repairs.views.common import Action, action_view, record_action, target_sentence


def _vary(actor: Any, order: RepairOrder, d: dict[str, Any]) -> Variation:
    """Read the one variation line against the order's contract, then vary the order."""
    errors: dict[str, list[str]] = {}
    rate = RateLine.objects.filter(contract=order.contract, code=(d["code"] or "").strip()).first()
    if rate is None:
        errors["code"] = [
            f"There is no code {d['code'] or '(blank)'} in the contract {order.contract.reference}."
        ]
    qty = domain.parse_quantity(d["quantity"] or "")
    if qty is None:
        errors["quantity"] = ["Enter the quantity as a number, like 1 or 2.5."]
    if errors:
        if not d["reason"].strip():
            errors["reason"] = ["Enter the reason for the variation."]
        raise ValidationError(errors)
    assert rate is not None and qty is not None  # noqa: S101 - checked just above
    return services.vary_order(
        actor=actor, order=order, lines=[services.LineRequest(rate, qty)], reason=d["reason"]
    )


def _recharge_choices(order: RepairOrder) -> dict[str, Any]:
    """Whom to recharge, when the tenant may have left: the officer says which agreement."""
    live, last_ended = services.recharge_agreements(order)
    choices = []
    if last_ended is not None:
        if live is not None:
            choices.append(("current", f"The current tenant (agreement {live.reference})"))
        ended = f"agreement {last_ended.reference}, ended {last_ended.end_date:%-d %B %Y}"
        choices.append(("former", f"The former tenant ({ended})"))
    return {"choices": choices}


APPROVE = Action(
    title="Approve the order",
    button="Approve and issue",
    intro=lambda o: f"£{o.total} for {o.location}. It is issued to {o.contractor.name} at once.",
    run=lambda actor, order, d: services.approve_order(actor=actor, order=order),
    done=lambda o: f"Order {o.reference} approved and issued.",
)
CANCEL = Action(
    title="Cancel the order",
    form=f.ReasonForm,
    button="Cancel the order",
    run=lambda actor, order, d: services.cancel_order(actor=actor, order=order, reason=d["reason"]),
    done=lambda o: f"Order {o.reference} cancelled.",
)
APPOINT = Action(
    title="Book an appointment",
    form=f.AppointmentForm,
    button="Book",
    intro=target_sentence,
    run=lambda actor, order, d: services.book_appointment(
        actor=actor, order=order, date=d["date"], slot=d["slot"], later_reason=d["later_reason"]
    ),
    check=services.validate_appointment,
    done="Appointment booked.",
)
START = Action(
    title="Record that work has started",
    button="Work has started",
    run=lambda actor, order, d: services.start_work(actor=actor, order=order),
    done="Work started.",
)
NOTE = Action(
    title="Add a job note",
    form=f.NoteForm,
    button="Add note",
    run=lambda actor, order, d: services.add_note(actor=actor, order=order, text=d["text"]),
    done="Note added.",
)
VARY = Action(
    title="Vary the order",
    form=f.VariationForm,
    button="Add to the order",
    intro="The original lines are kept; the variation adds to them.",
    run=_vary,
    done="Variation recorded.",
)
COMPLETE = Action(
    title="Record completion",
    form=f.CompletionForm,
    button="Complete the order",
    run=lambda actor, order, d: services.complete_order(
        actor=actor,
        order=order,
        completed_at=f.combine(d["completed_on"], d["completed_time"]),
        first_time_fix=d["first_time_fix"],
        notes=d["notes"],
    ),
    done=lambda o: f"Order {o.reference} completed.",
)
CHASE = Action(
    title="Chase the contractor",
    form=f.NoteForm,
    button="Send chase",
    intro=lambda o: f"An email goes to {o.contractor.email or o.contractor.name}; the chase is logged.",
    run=lambda actor, order, d: services.chase_order(actor=actor, order=order, message=d["text"]),
    done=lambda o: f"{o.contractor.name} chased about {o.reference}.",
)
RECHARGE = Action(
    title="Recharge the tenant",
    form=f.RechargeForm,
    form_options=_recharge_choices,
    button="Mark rechargeable",
    run=lambda actor, order, d: services.mark_rechargeable(
        actor=actor,
        order=order,
        amount=d["recharge_amount"],
        evidence=d["recharge_evidence"],
        former=d.get("recharge_to") == "former",
    ),
    done="Order marked rechargeable.",
)

order_approve = action_view("repairs.approve", RepairOrder, APPROVE)
order_cancel = action_view("repairs.raise", RepairOrder, CANCEL)
order_appoint = action_view("repairs.raise", RepairOrder, APPOINT)
order_start = action_view("repairs.raise", RepairOrder, START)
order_note = action_view("repairs.raise", RepairOrder, NOTE)
order_complete = action_view("repairs.raise", RepairOrder, COMPLETE)
order_recharge = action_view("repairs.raise", RepairOrder, RECHARGE)


@capability_required("repairs.raise")
def order_vary(request: HttpRequest, pk: int) -> HttpResponse:
    """Vary the order; an increase over the officer's vary limit waits for approval, and says so."""
    order = get_object_or_404(RepairOrder.objects.select_related("contract"), pk=pk)

    def run(actor: Any, order: RepairOrder, d: dict[str, Any]) -> None:
        variation = _vary(actor, order, d)
        if variation.status == Variation.Status.PENDING:
            messages.info(
                request,
                f"The increase of £{variation.increase} is over your vary limit: it is waiting for approval.",
            )

    return record_action(request, order, replace(VARY, run=run), caption=order.reference)


@capability_required("repairs.raise")
def order_chase(request: HttpRequest, pk: int) -> HttpResponse:
    """Chase the contractor, from the order or from the overdue list (and back there)."""
    order = get_object_or_404(
        RepairOrder.objects.select_related("contractor", "property", "block", "estate"), pk=pk
    )
    overdue = reverse("repairs:overdue")
    back = overdue if request.POST.get("next") == overdue else None
    return record_action(request, order, CHASE, caption=order.reference, back=back)
