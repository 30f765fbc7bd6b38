"""The approvals queue, decisions on variations and extensions, targets, and the overdue list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    model: type[Variation | TargetChange], noun: str, yes: tuple[str, str], no: tuple[str, str], decide: Any
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A senior officer's yes or no on a request (a variation, an extension): each answer is a button and
    what the banner then says; the posted decision is the button's word in lower case."""

    @capability_required("repairs.approve")
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        record: Any = get_object_or_404(model.objects.select_related("order"), pk=pk)
        said = yes if request.POST.get("decision") == yes[0].lower() else no
        action = Action(
            title=f"Decide the {noun}",
            button=said[0],
            run=lambda actor, record, d: decide(actor, record, said is yes),
            done=f"{noun.capitalize()} {said[1]}.",
        )
        return record_action(
            request, record, action, caption=record.order.reference, back=reverse("repairs:approvals")
        )

    return view


def _decide_variation(actor: Any, variation: Variation, approve: bool) -> Any:
    return services.decide_variation(actor=actor, variation=variation, approve=approve)


def _decide_extension(actor: Any, change: TargetChange, grant: bool) -> Any:
    return services.decide_extension(actor=actor, change=change, grant=grant)


variation_decide = decision_view(
    Variation, "variation", ("Approve", "approved"), ("Reject", "rejected"), _decide_variation
)
extension_decide = decision_view(
    TargetChange, "extension", ("Grant", "granted"), ("Refuse", "refused"), _decide_extension
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
