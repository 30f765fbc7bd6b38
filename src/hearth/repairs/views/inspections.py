"""Post-inspections: selecting and recording them, the list and the monthly sample."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone

from hearth.core.permissions import capability_required
from hearth.repairs import forms as f
from hearth.repairs import selectors, services
from hearth.repairs.models import Contractor, PostInspection, RepairOrder
from hearth.repairs.views.common import Action, action_view, int_param, post_data
from hearth.web.actions import action_page
from hearth.web.pages import list_page

order_inspect = action_view(
    "repairs.raise",
    RepairOrder,
    Action(
        title="Post-inspection",
        form=f.InspectionForm,
        intro="Leave the outcome blank to select the order for inspection later.",
        run=lambda actor, order, d: services.inspect_order(
            actor=actor, order=order, result=services.InspectionResult(**d)
        ),
        done="Post-inspection saved.",
    ),
)


@capability_required("repairs.view")
def inspections(request: HttpRequest) -> HttpResponseBase:
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in ("pending", "failed", "pass") else ""
    contractor = int_param(request.GET.get("contractor"))
    return list_page(
        request,
        template="repairs/inspections.html",
        qs=selectors.inspections(outcome=outcome, contractor=contractor),
        export_name="post-inspections",
        columns=[
            ("Order", lambda i: i.order.reference),
            ("Contractor", lambda i: i.order.contractor.name),
            ("Selected because", lambda i: i.get_reason_display()),
            ("Outcome", lambda i: i.get_outcome_display()),
            ("Inspected on", lambda i: i.inspected_on),
        ],
        context={
            "outcome": outcome,
            "contractor": contractor,
            "contractors": Contractor.objects.order_by("name"),
            "page_title": "Post-inspections",
            "last_month": (timezone.localdate().replace(day=1) - dt.timedelta(days=1)),
        },
    )


@capability_required("repairs.raise")
def inspection_sample(request: HttpRequest) -> HttpResponse:
    return action_page(
        request,
        form=f.SampleMonthForm(post_data(request)),
        title="Pick the monthly sample",
        caption="Repairs",
        back=f"{reverse('repairs:inspections')}?outcome=pending",
        button="Pick the sample",
        intro="Each contractor's sample of the month's completed orders; picking again adds nothing.",
        run=lambda d: services.select_monthly_sample(actor=request.user, month=d["month"]),
        done="Sample picked.",
    )


inspection_record = action_view(
    "repairs.raise",
    PostInspection.objects.select_related("order"),
    Action(
        title="Record the post-inspection",
        form=f.InspectionForm,
        run=lambda actor, inspection, d: services.record_post_inspection(
            actor=actor, inspection=inspection, result=services.InspectionResult(**d)
        ),
        check=lambda _inspection, d: services.validate_inspection(services.InspectionResult(**d)),
        done="Post-inspection recorded.",
    ),
    caption=lambda inspection: inspection.order.reference,
    back=lambda inspection: inspection.order.get_absolute_url(),
)
