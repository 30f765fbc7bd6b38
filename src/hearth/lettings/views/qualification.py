"""Qualification and bands: the officer's decisions on qualification, band, bedroom need and status."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import BandForm, BedroomForm, QualificationForm, StatusForm
from hearth.lettings.views.records import application_action, application_or_404

QUALIFY_INTRO = (
    "The scheme's rules are applied to the facts on the application: minimum age, a local connection "
    "(or a statutory exemption from it) and a housing need. The reasons are recorded with the decision."
)


@capability_required("lettings.decide")
def application_qualify(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = application_or_404(request, pk)
    # the banner says which way the decision went
    return application_action(
        request,
        app,
        form=QualificationForm(request.POST or None),
        title="Decide qualification",
        intro=QUALIFY_INTRO,
        button="Decide",
        run=lambda d: services.decide_qualification(actor=request.user, application=app, note=d["note"]),
        done=lambda result: "Qualifies for the register." if result.qualifies else "Does not qualify.",
    )


@capability_required("lettings.decide")
def application_band(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = application_or_404(request, pk)
    policy = services.current_policy()
    codes = policy.band_codes
    return application_action(
        request,
        app,
        form=BandForm(request.POST or None, bands=[(b["code"], b["name"]) for b in policy.bands]),
        title="Decide the band",
        button="Record band decision",
        back=reverse("lettings:application_bands", args=[app.pk]),
        run=lambda d: services.decide_band(actor=request.user, application=app, **d),
        check=lambda d: services.validate_band(d, codes),
        done="Band decision recorded.",
    )


@capability_required("lettings.decide")
def application_bedrooms(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = application_or_404(request, pk)
    return application_action(
        request,
        app,
        form=BedroomForm(request.POST or None, initial={"bedrooms": app.bedroom_override}),
        title="Decide the bedroom need",
        button="Save bedroom need",
        run=lambda d: services.override_bedroom_need(
            actor=request.user, application=app, bedrooms=d["bedrooms"], reason=d["reason"]
        ),
        done="Bedroom need recorded.",
    )


@capability_required("lettings.decide")
def application_status(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = application_or_404(request, pk)
    return application_action(
        request,
        app,
        form=StatusForm(request.POST or None),
        title="Suspend, cancel or reinstate",
        button="Change status",
        run=lambda d: services.set_status(actor=request.user, application=app, **d),
        done="Application status changed.",
    )
