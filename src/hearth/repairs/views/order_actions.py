"""The actions on an order: approve, cancel, book, start, note, vary, complete, chase, recharge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from hearth.core.calendar import to_local
from hearth.core.permissions import capability_required
from hearth.repairs import domain, services
from hearth.repairs import forms as f
from hearth.repairs.models import RateLine, RepairOrder, Variation
from hearth.repairs.views.common import post_data
from hearth.web.actions import action_page


@capability_required("repairs.approve")
def order_approve(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=forms.Form(post_data(request)),
        title="Approve the order",
        caption=order.reference,
        back=order.get_absolute_url(),
        button="Approve and issue",
        intro=f"£{order.total} for {order.location}. It is issued to {order.contractor.name} at once.",
        run=lambda d: services.approve_order(actor=request.user, order=order),
        done=f"Order {order.reference} approved and issued.",
    )


@capability_required("repairs.raise")
def order_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.ReasonForm(post_data(request)),
        title="Cancel the order",
        caption=order.reference,
        back=order.get_absolute_url(),
        button="Cancel the order",
        run=lambda d: services.cancel_order(actor=request.user, order=order, reason=d["reason"]),
        done=f"Order {order.reference} cancelled.",
    )


@capability_required("repairs.raise")
def order_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.AppointmentForm(post_data(request)),
        title="Book an appointment",
        caption=order.reference,
        back=order.get_absolute_url(),
        button="Book",
        intro=f"The target is {to_local(order.due_at):%-d %B %Y at %H:%M}.",
        run=lambda d: services.book_appointment(
            actor=request.user, order=order, date=d["date"], slot=d["slot"], later_reason=d["later_reason"]
        ),
        check=lambda d: services.validate_appointment(order, d),
        done="Appointment booked.",
    )


@capability_required("repairs.raise")
def order_start(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=forms.Form(post_data(request)),
        title="Record that work has started",
        caption=order.reference,
        back=order.get_absolute_url(),
        button="Work has started",
        run=lambda d: services.start_work(actor=request.user, order=order),
        done="Work started.",
    )


@capability_required("repairs.raise")
def order_note(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.NoteForm(post_data(request)),
        title="Add a job note",
        caption=order.reference,
        back=order.get_absolute_url(),
        button="Add note",
        run=lambda d: services.add_note(actor=request.user, order=order, text=d["text"]),
        done="Note added.",
    )


@capability_required("repairs.raise")
def order_vary(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder.objects.select_related("contract"), pk=pk)

    def run(d: dict[str, Any]) -> None:
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
        variation = services.vary_order(
            actor=request.user, order=order, lines=[services.LineRequest(rate, qty)], reason=d["reason"]
        )
        if variation.status == Variation.Status.PENDING:
            messages.info(
                request,
                f"The increase of £{variation.increase} is over your vary limit: it is waiting for approval.",
            )

    return action_page(
        request,
        form=f.VariationForm(post_data(request)),
        title="Vary the order",
        caption=order.reference,
        back=order.get_absolute_url(),
        button="Add to the order",
        intro="The original lines are kept; the variation adds to them.",
        run=run,
        done="Variation recorded.",
    )


@capability_required("repairs.raise")
def order_complete(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.CompletionForm(post_data(request)),
        title="Record completion",
        caption=order.reference,
        back=order.get_absolute_url(),
        button="Complete the order",
        run=lambda d: services.complete_order(
            actor=request.user,
            order=order,
            completed_at=f.combine(d["completed_on"], d["completed_time"]),
            first_time_fix=d["first_time_fix"],
            notes=d["notes"],
        ),
        done=f"Order {order.reference} completed.",
    )


@capability_required("repairs.raise")
def order_chase(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(
        RepairOrder.objects.select_related("contractor", "property", "block", "estate"), pk=pk
    )
    overdue = reverse("repairs:overdue")
    back = overdue if request.POST.get("next") == overdue else order.get_absolute_url()
    return action_page(
        request,
        form=f.NoteForm(post_data(request)),
        title="Chase the contractor",
        caption=order.reference,
        back=back,
        button="Send chase",
        intro=f"An email goes to {order.contractor.email or order.contractor.name}; the chase is logged.",
        run=lambda d: services.chase_order(actor=request.user, order=order, message=d["text"]),
        done=f"{order.contractor.name} chased about {order.reference}.",
    )


@capability_required("repairs.raise")
def order_recharge(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    live, last_ended = services.recharge_agreements(order)
    choices = []
    if last_ended is not None:  # the tenant may have left: the officer says whom to recharge
        if live is not None:
            choices.append(("current", f"The current tenant (agreement {live.reference})"))
        choices.append(
            (
                "former",
                f"The former tenant (agreement {last_ended.reference}, "
                f"ended {last_ended.end_date:%-d %B %Y})",
            )
        )
    return action_page(
        request,
        form=f.RechargeForm(post_data(request), choices=choices),
        title="Recharge the tenant",
        caption=order.reference,
        back=order.get_absolute_url(),
        button="Mark rechargeable",
        run=lambda d: services.mark_rechargeable(
            actor=request.user,
            order=order,
            amount=d["recharge_amount"],
            evidence=d["recharge_evidence"],
            former=d.get("recharge_to") == "former",
        ),
        done="Order marked rechargeable.",
    )
