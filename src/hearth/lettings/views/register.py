"""The housing register: the list of applications with filters and export, registering an
application, and making live again the applications whose suspension has ended."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone

from hearth.core.permissions import capability_required
from hearth.lettings import selectors, services
from hearth.lettings.forms import ApplicationForm, ReasonForm
from hearth.lettings.models import Application
from hearth.lettings.views.records import FormPage, columns, int_param
from hearth.web.pages import list_page

APPLICATION_COLUMNS = columns(
    ("Reference", "reference"),
    ("Applicant", "applicant.full_name"),
    ("Council", "council.name"),
    ("Status", "get_status_display"),
    ("Band", "band"),
    ("Bedroom need", "need"),
    ("Registration date", "registration_date.isoformat"),
    ("Effective date", lambda a: a.effective_date.isoformat() if a.effective_date else ""),
)


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
        columns=APPLICATION_COLUMNS,
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


LIFT = FormPage(
    "Suspensions that have ended",
    button="Make them live again",
    back="lettings:register",
    template="lettings/confirm.html",
)
REGISTER = FormPage("Register an application", button="Register application", back="lettings:register")


@capability_required("lettings.decide")
def lift_suspensions(request: HttpRequest) -> HttpResponseBase:
    return LIFT.show(
        request,
        ReasonForm(request.POST or None),
        context={"question": "Make live again every application whose suspension has ended?"},
        run=lambda d: services.lift_ended_suspensions(actor=request.user),
        done=lambda lifted: f"{lifted} application{'s' if lifted != 1 else ''} live again.",
        then=lambda lifted: reverse("lettings:register"),
    )


@capability_required("lettings.edit")
def application_create(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None, councils=selectors.councils_for(request.user))
    return REGISTER.show(
        request,
        form,
        run=lambda d: services.register_application(actor=request.user, **form.service_data()),
        check=services.validate_application,
        done=lambda app: f"Application {app.reference} registered.",
        then=lambda app: app.get_absolute_url(),
    )
