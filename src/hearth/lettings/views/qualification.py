"""Qualification and bands: the officer's decisions on qualification, band, bedroom need and status."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import BandForm, BedroomForm, QualificationForm, StatusForm
from hearth.lettings.views.records import (
    FormPage,
    application_action,
    application_form_view,
    application_or_404,
)

QUALIFY = FormPage(
    "Decide qualification",
    button="Decide",
    intro="The scheme's rules are applied to the facts on the application: minimum age, a local connection "
    "(or a statutory exemption from it) and a housing need. The reasons are recorded with the decision.",
)
BAND = FormPage("Decide the band", button="Record band decision", back="lettings:application_bands")

# the banner says which way the decision went
application_qualify = application_form_view(
    "lettings.decide",
    QUALIFY,
    QualificationForm,
    services.decide_qualification,
    done=lambda result: "Qualifies for the register." if result.qualifies else "Does not qualify.",
)
application_bedrooms = application_form_view(
    "lettings.decide",
    FormPage("Decide the bedroom need", button="Save bedroom need"),
    BedroomForm,
    services.override_bedroom_need,
    initial=lambda app: {"bedrooms": app.bedroom_override},
    done="Bedroom need recorded.",
)
application_status = application_form_view(
    "lettings.decide",
    FormPage("Suspend, cancel or reinstate", button="Change status"),
    StatusForm,
    services.set_status,
    done="Application status changed.",
)


@capability_required("lettings.decide")
def application_band(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The band is one of the scheme's bands in force; a reason is needed whichever is chosen."""
    app = application_or_404(request, pk)
    policy = services.current_policy()
    form = BandForm(request.POST or None, bands=[(b["code"], b["name"]) for b in policy.bands])
    return application_action(
        request,
        app,
        BAND,
        form,
        run=lambda d: services.decide_band(actor=request.user, application=app, **d),
        check=lambda d: services.validate_band(d, policy.band_codes),
        done="Band decision recorded.",
    )
