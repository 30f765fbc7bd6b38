"""Qualification and bands: the officer's decisions on qualification, band, bedroom need and status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import BandForm, BedroomForm, QualificationForm, StatusForm
from hearth.lettings.views.records import action_form_page, application_or_404
from hearth.web.forms import also_check, apply_service_errors


@capability_required("lettings.decide")
def application_qualify(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = application_or_404(request, pk)
    form = QualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.decide_qualification(
                actor=request.user, application=app, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, "Qualifies for the register." if result.qualifies else "Does not qualify."
            )
            return redirect(app)
    return action_form_page(request, app, form, "lettings/qualify.html", "Decide qualification")


@capability_required("lettings.decide")
def application_band(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = application_or_404(request, pk)
    policy = services.current_policy()
    codes = policy.band_codes
    form = BandForm(request.POST or None, bands=[(b["code"], b["name"]) for b in policy.bands])
    if request.method == "POST":
        if form.is_valid():
            try:
                services.decide_band(actor=request.user, application=app, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Band decision recorded.")
                return redirect("lettings:application_bands", pk=app.pk)
        else:
            also_check(form, lambda data: services.validate_band(data, codes))
    return action_form_page(request, app, form, "lettings/band_form.html", "Decide the band")


@capability_required("lettings.decide")
def application_bedrooms(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = application_or_404(request, pk)
    form = BedroomForm(request.POST or None, initial={"bedrooms": app.bedroom_override})
    if request.method == "POST" and form.is_valid():
        try:
            services.override_bedroom_need(
                actor=request.user,
                application=app,
                bedrooms=form.cleaned_data["bedrooms"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Bedroom need recorded.")
            return redirect(app)
    return action_form_page(
        request,
        app,
        form,
        "lettings/simple_form.html",
        "Decide the bedroom need",
        {"button": "Save bedroom need"},
    )


@capability_required("lettings.decide")
def application_status(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = application_or_404(request, pk)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_status(actor=request.user, application=app, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Application status changed.")
            return redirect(app)
    return action_form_page(
        request,
        app,
        form,
        "lettings/simple_form.html",
        "Suspend, cancel or reinstate",
        {"button": "Change status"},
    )
