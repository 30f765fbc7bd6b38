"""The housing register: the list of applications with filters and export, registering an
application, and making live again the applications whose suspension has ended."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from hearth.core.permissions import capability_required
from hearth.lettings import selectors, services
from hearth.lettings.forms import ApplicationForm, ReasonForm
from hearth.lettings.models import Application
from hearth.lettings.views.records import int_param
from hearth.web.forms import also_check, apply_service_errors
from hearth.web.pages import list_page


def _application_columns() -> list:
    return [
        ("Reference", lambda a: a.reference),
        ("Applicant", lambda a: a.applicant.full_name),
        ("Council", lambda a: a.council.name),
        ("Status", lambda a: a.get_status_display()),
        ("Band", lambda a: a.band),
        ("Bedroom need", lambda a: a.need),
        ("Registration date", lambda a: a.registration_date.isoformat()),
        ("Effective date", lambda a: a.effective_date.isoformat() if a.effective_date else ""),
    ]


@capability_required("lettings.view")
def register(request: HttpRequest) -> HttpResponseBase:
    status = request.GET.get("status", "")
    band = request.GET.get("band", "")
    bedrooms = int_param(request.GET.get("bedrooms"))
    council = int_param(request.GET.get("council"))
    q = request.GET.get("q", "").strip()
    qs = selectors.application_list(
        request.user,
        status=status if status in Application.Status.values else "",
        band=band,
        bedrooms=bedrooms,
        council=council,
        q=q,
        band_expired=request.GET.get("expired") == "yes",
        renewal_overdue=request.GET.get("renewal") == "overdue",
    )
    return list_page(
        request,
        template="lettings/register.html",
        qs=qs,
        export_name="housing-register",
        columns=_application_columns(),
        context={
            "page_title": "Housing register",
            "statuses": Application.Status.choices,
            "bands": services.current_policy().band_codes,
            "councils": selectors.councils_for(request.user),
            "status": status,
            "band": band,
            "bedrooms": bedrooms,
            "council": council,
            "q": q,
            "expired": request.GET.get("expired") == "yes",
            "renewal": request.GET.get("renewal") == "overdue",
            "today": timezone.localdate(),
            "cycle": selectors.open_cycle(),
        },
    )


@capability_required("lettings.decide")
def lift_suspensions(request: HttpRequest) -> HttpResponseBase:
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        lifted = services.lift_ended_suspensions(actor=request.user)
        messages.success(request, f"{lifted} application{'s' if lifted != 1 else ''} live again.")
        return redirect("lettings:register")
    return render(
        request,
        "lettings/confirm.html",
        {
            "form": form,
            "page_title": "Suspensions that have ended",
            "button": "Make them live again",
            "question": "Make live again every application whose suspension has ended?",
            "back": reverse("lettings:register"),
        },
    )


@capability_required("lettings.edit")
def application_create(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None, councils=selectors.councils_for(request.user))
    if request.method == "POST":
        if form.is_valid():
            try:
                app = services.register_application(actor=request.user, **form.service_data())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Application {app.reference} registered.")
                return redirect(app)
        else:
            also_check(form, services.validate_application)
    return render(
        request,
        "lettings/application_form.html",
        {"form": form, "page_title": "Register an application"},
        status=400 if form.errors else 200,
    )
