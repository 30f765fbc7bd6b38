"""The approvals queue, decisions on variations and extensions, targets, and the overdue list."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from hearth.core.calendar import to_local
from hearth.core.permissions import capability_required, has_capability
from hearth.repairs import forms as f
from hearth.repairs import selectors, services
from hearth.repairs.models import Contractor, RepairOrder, TargetChange, Variation
from hearth.repairs.views.common import int_param, order_columns, post_data
from hearth.web.actions import action_page
from hearth.web.pages import list_page


@capability_required("repairs.approve")
def approvals(request: HttpRequest) -> HttpResponse:
    orders, variations = selectors.approvals()
    return render(
        request,
        "repairs/approvals.html",
        {
            "orders": list(orders),
            "variations": list(variations),
            "extensions": list(selectors.extension_requests()),
            "page_title": "Approvals",
        },
    )


@capability_required("repairs.approve")
def variation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    variation = get_object_or_404(Variation.objects.select_related("order"), pk=pk)
    form = forms.Form(post_data(request))
    approve = request.POST.get("decision") == "approve"
    return action_page(
        request,
        form=form,
        title="Decide the variation",
        caption=variation.order.reference,
        back=reverse("repairs:approvals"),
        button="Approve" if approve else "Reject",
        run=lambda d: services.decide_variation(actor=request.user, variation=variation, approve=approve),
        done=f"Variation {'approved' if approve else 'rejected'}.",
    )


@capability_required("repairs.approve")
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(TargetChange.objects.select_related("order"), pk=pk)
    grant = request.POST.get("decision") == "grant"
    return action_page(
        request,
        form=forms.Form(post_data(request)),
        title="Decide the extension",
        caption=change.order.reference,
        back=reverse("repairs:approvals"),
        button="Grant" if grant else "Refuse",
        run=lambda d: services.decide_extension(actor=request.user, change=change, grant=grant),
        done=f"Extension {'granted' if grant else 'refused'}.",
    )


@capability_required("repairs.raise")
def order_extension(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.TargetForm(post_data(request)),
        title="Ask for more time",
        caption=order.reference,
        back=order.get_absolute_url(),
        button="Ask for the extension",
        intro=f"The target is {to_local(order.due_at):%-d %B %Y at %H:%M}. A senior officer decides.",
        run=lambda d: services.request_extension(
            actor=request.user,
            order=order,
            new_due_at=f.combine(d["new_due"], d["new_time"]),
            reason=d["reason"],
        ),
        done="Extension asked for.",
    )


@capability_required("repairs.approve")
def order_target(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.TargetForm(post_data(request)),
        title="Change the target",
        caption=order.reference,
        back=order.get_absolute_url(),
        button="Change the target",
        intro=f"The target is {to_local(order.due_at):%-d %B %Y at %H:%M}.",
        run=lambda d: services.change_target(
            actor=request.user,
            order=order,
            new_due_at=f.combine(d["new_due"], d["new_time"]),
            reason=d["reason"],
        ),
        done="Target changed.",
    )


@capability_required("repairs.view")
def overdue(request: HttpRequest) -> HttpResponseBase:
    within = int_param(request.GET.get("within")) or 0
    contractor = int_param(request.GET.get("contractor"))
    return list_page(
        request,
        template="repairs/overdue.html",
        qs=selectors.overdue(within_hours=min(within, 24 * 14), contractor=contractor),
        export_name="overdue-repairs",
        columns=order_columns(),
        context={
            "within": within,
            "contractor": contractor,
            "now": timezone.now(),
            "contractors": Contractor.objects.order_by("name"),
            "page_title": "Overdue repairs",
            "can_raise": has_capability(request.user, "repairs.raise"),
            "can_approve": has_capability(request.user, "repairs.approve"),
        },
    )
