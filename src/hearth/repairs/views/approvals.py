"""The approvals queue, decisions on variations and extensions, targets, and the overdue list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from hearth.core.permissions import capability_required, has_capability
from hearth.repairs import forms as f
from hearth.repairs import selectors, services
from hearth.repairs.models import Contractor, RepairOrder, TargetChange, Variation
from hearth.repairs.views.common import (
    Action,
    action_view,
    int_param,
    order_columns,
    record_action,
    target_sentence,
)
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


def decision_view(
    records: QuerySet[Any],
    *,
    title: str,
    noun: str,
    answers: tuple[str, str],
    said: tuple[str, str],
    decide: Any,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A senior officer's yes or no on a request: the posted decision names the first answer for yes."""

    @capability_required("repairs.approve")
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        record = get_object_or_404(records, pk=pk)
        yes = request.POST.get("decision") == answers[0].lower()
        action = Action(
            title=title,
            button=answers[0] if yes else answers[1],
            run=lambda actor, record, d: decide(actor, record, yes),
            done=f"{noun} {said[0] if yes else said[1]}.",
        )
        return record_action(
            request, record, action, caption=record.order.reference, back=reverse("repairs:approvals")
        )

    return view


variation_decide = decision_view(
    Variation.objects.select_related("order"),
    title="Decide the variation",
    noun="Variation",
    answers=("Approve", "Reject"),
    said=("approved", "rejected"),
    decide=lambda actor, variation, yes: services.decide_variation(
        actor=actor, variation=variation, approve=yes
    ),
)
extension_decide = decision_view(
    TargetChange.objects.select_related("order"),
    title="Decide the extension",
    noun="Extension",
    answers=("Grant", "Refuse"),
    said=("granted", "refused"),
    decide=lambda actor, change, yes: services.decide_extension(actor=actor, change=change, grant=yes),
)


def _new_target(change: Any) -> Callable[[Any, RepairOrder, dict[str, Any]], Any]:
    """Ask for, or make, a new target from the target form."""
    return lambda actor, order, d: change(
        actor=actor, order=order, new_due_at=f.combine(d["new_due"], d["new_time"]), reason=d["reason"]
    )


order_extension = action_view(
    "repairs.raise",
    RepairOrder,
    Action(
        title="Ask for more time",
        form=f.TargetForm,
        button="Ask for the extension",
        intro=lambda o: f"{target_sentence(o)} A senior officer decides.",
        run=_new_target(services.request_extension),
        done="Extension asked for.",
    ),
)
order_target = action_view(
    "repairs.approve",
    RepairOrder,
    Action(
        title="Change the target",
        form=f.TargetForm,
        button="Change the target",
        intro=target_sentence,
        run=_new_target(services.change_target),
        done="Target changed.",
    ),
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
