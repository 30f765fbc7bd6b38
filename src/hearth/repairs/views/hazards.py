"""Awaab's Law hazard cases: the list, opening one, its page, its steps and history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from hearth.core.calendar import to_local
from hearth.core.permissions import capability_required, has_capability
from hearth.properties.models import Property
from hearth.repairs import forms as f
from hearth.repairs import selectors, services
from hearth.repairs.models import HazardCase
from hearth.repairs.views.common import (
    Action,
    history_page,
    post_data,
    record_action,
    record_in_query,
)
from hearth.web.actions import action_page, refusal_page
from hearth.web.pages import list_page


@capability_required("repairs.view")
def hazard_list(request: HttpRequest) -> HttpResponseBase:
    return list_page(
        request,
        template="repairs/hazards.html",
        qs=selectors.hazard_list(open_only=request.GET.get("all") != "yes"),
        export_name="hazard-cases",
        columns=[
            ("Reference", lambda c: c.reference),
            ("Property", lambda c: c.property.address),
            ("Hazard", lambda c: c.hazard),
            ("Severity", lambda c: c.get_severity_display()),
            ("Aware", lambda c: to_local(c.aware_at).strftime("%Y-%m-%d %H:%M")),
        ],
        context={
            "page_title": "Hazard cases (Awaab's Law)",
            "can_raise": has_capability(request.user, "repairs.raise"),
        },
    )


@capability_required("repairs.raise")
def hazard_new(request: HttpRequest) -> HttpResponse:
    prop = record_in_query(request, Property, "property")
    if prop is None:
        messages.info(request, "Find the home first, then open the hazard case from it.")
        return redirect("repairs:call")
    return action_page(
        request,
        form=f.HazardForm(post_data(request), initial={"hazard": "Damp and mould"}),
        title="Open a hazard case",
        caption=prop.address,
        back=f"{reverse('repairs:call')}?{urlencode({'q': prop.reference})}",
        button="Open the case",
        run=lambda d: services.open_hazard_case(
            actor=request.user,
            property=prop,
            severity=d["severity"],
            aware_at=f.combine(d["aware_on"], d["aware_time"]),
            hazard=d["hazard"] or "",
            description=d["description"],
        ),
        done="Hazard case opened; its clocks are running.",
        then=HazardCase.get_absolute_url,
    )


@capability_required("repairs.view")
def hazard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(HazardCase.objects.select_related("property", "order"), pk=pk)
    deadlines = {
        name.removesuffix("_by").replace("_", " ").capitalize(): when
        for name, when in services.hazard_deadlines(case).items()
    }
    return render(
        request,
        "repairs/hazard.html",
        {
            "case": case,
            "clocks": services.hazard_clocks(case),
            "deadlines": deadlines,
            "steps": [
                (key, label, getattr(case, field))
                for key, (field, _kind, label) in services.HAZARD_STEPS.items()
            ],
            "page_title": f"Hazard case {case.reference}",
            "can_record": has_capability(request.user, "repairs.raise") and not case.closed,
        },
    )


def _dated_step(step: str, label: str) -> Action:
    """A step the case records by its date alone (investigation concluded, works started, ...)."""
    return Action(
        title=label,
        form=f.HazardStepForm,
        run=lambda actor, case, d: services.record_hazard_step(actor=actor, case=case, step=step, on=d["on"]),
        done=f"{label}: recorded.",
    )


HAZARD_ACTIONS = {
    "made_safe": Action(
        title="Record the home made safe",
        form=f.MadeSafeForm,
        run=lambda actor, case, d: services.record_made_safe(
            actor=actor, case=case, at=f.combine(d["on"], d["at_time"])
        ),
        done="Recorded.",
    ),
    "accommodation": Action(
        title="Alternative accommodation",
        form=f.AccommodationForm,
        run=lambda actor, case, d: services.record_accommodation_offer(
            actor=actor,
            case=case,
            offered_on=d["accommodation_offered_on"],
            details=d["accommodation_details"],
            answer=d["accommodation_answer"],
            answered_on=d["accommodation_answered_on"],
        ),
        done="Offer recorded.",
    ),
    "close": Action(
        title="Close the case",
        form=f.ReasonForm,
        button="Close the case",
        intro="A clock already overdue stops now as breached; other clocks still running "
        "are cancelled with this reason.",
        run=lambda actor, case, d: services.close_hazard_case(actor=actor, case=case, reason=d["reason"]),
        done="Case closed.",
    ),
}


@capability_required("repairs.raise")
def hazard_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = get_object_or_404(HazardCase, pk=pk)
    back = case.get_absolute_url()
    try:
        services.check_hazard_case_open(case)
    except ValidationError as exc:
        return refusal_page(
            request,
            title=f"Hazard case {case.reference}",
            caption=case.property.address,
            back=back,
            refusal=" ".join(exc.messages),
        )
    if step in HAZARD_ACTIONS:
        action = HAZARD_ACTIONS[step]
    elif step in services.HAZARD_STEPS:
        action = _dated_step(step, services.HAZARD_STEPS[step][2])
    else:
        raise Http404("No such step")
    return record_action(request, case, action, caption=case.reference, back=back)


@capability_required("audit.view")
def hazard_history(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(HazardCase, pk=pk)
    tabs = [
        {"key": "details", "label": "Details", "url": case.get_absolute_url(), "current": False},
        {
            "key": "history",
            "label": "History",
            "url": reverse("repairs:hazard_history", args=[pk]),
            "current": True,
        },
    ]
    return history_page(request, case, f"Hazard case {case.reference}", tabs)
