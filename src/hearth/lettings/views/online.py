"""Online applications waiting to be checked: registering one or closing it without registering."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from hearth.core.permissions import capability_required
from hearth.lettings import portal, services
from hearth.lettings.forms import ReasonForm
from hearth.lettings.models import OnlineApplication
from hearth.lettings.views.records import partners_or_404
from hearth.web.forms import apply_service_errors
from hearth.web.pages import paginate


@capability_required("lettings.edit")
def online_list(request: HttpRequest) -> HttpResponse:
    qs = OnlineApplication.objects.filter(status=OnlineApplication.Status.NEW).select_related("council")
    qs = services.of_partners(request.user, qs)
    return render(
        request,
        "lettings/online_list.html",
        {
            "page": paginate(request, qs.order_by("submitted_at")),
            "page_title": "Online applications to check",
        },
    )


@capability_required("lettings.edit")
def online_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    records = OnlineApplication.objects.select_related("council")
    sub = partners_or_404(request, records, pk, "council_id", missing="No such online application.")
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "register":
                app = portal.register_submission(actor=request.user, submission=sub)
                messages.success(request, f"Application {app.reference} registered.")
                return redirect(app)
            if form.is_valid():
                portal.reject_submission(
                    actor=request.user, submission=sub, reason=form.cleaned_data["reason"]
                )
                messages.success(request, "Online application closed without registering.")
                return redirect("lettings:online_list")
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(
        request,
        "lettings/online_detail.html",
        {"form": form, "obj": sub, "page_title": f"Online application from {sub.first_name} {sub.last_name}"},
        status=400 if form.errors else 200,
    )
