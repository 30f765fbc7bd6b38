"""Awaab's Law hazard cases: the list, opening one, its page, its steps and history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
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
from hearth.repairs.views.common import history_page, int_param, post_data
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
    prop = (
        get_object_or_404(Property, pk=int_param(request.GET.get("property")))
        if request.GET.get("property")
        else None
    )
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
    if step == "made_safe":
        return action_page(
            request,
            form=f.MadeSafeForm(post_data(request)),
            title="Record the home made safe",
            caption=case.reference,
            back=back,
            button="Save",
            run=lambda d: services.record_made_safe(
                actor=request.user, case=case, at=f.combine(d["on"], d["at_time"])
            ),
            done="Recorded.",
        )
    if step == "accommodation":
        return action_page(
            request,
            form=f.AccommodationForm(post_data(request)),
            title="Alternative accommodation",
            caption=case.reference,
            back=back,
            button="Save",
            run=lambda d: services.record_accommodation_offer(
                actor=request.user,
                case=case,
                offered_on=d["accommodation_offered_on"],
                details=d["accommodation_details"],
                answer=d["accommodation_answer"],
                answered_on=d["accommodation_answered_on"],
            ),
            done="Offer recorded.",
        )
    if step == "close":
        return action_page(
            request,
            form=f.ReasonForm(post_data(request)),
            title="Close the case",
            caption=case.reference,
            back=back,
            button="Close the case",
            intro="A clock already overdue stops now as breached; other clocks still running "
            "are cancelled with this reason.",
            run=lambda d: services.close_hazard_case(actor=request.user, case=case, reason=d["reason"]),
            done="Case closed.",
        )
    if step not in services.HAZARD_STEPS:
        from django.http import Http404

        raise Http404("No such step")
    label = services.HAZARD_STEPS[step][2]
    return action_page(
        request,
        form=f.HazardStepForm(post_data(request)),
        title=label,
        caption=case.reference,
        back=back,
        button="Save",
        run=lambda d: services.record_hazard_step(actor=request.user, case=case, step=step, on=d["on"]),
        done=f"{label}: recorded.",
    )


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
