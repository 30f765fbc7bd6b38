"""Payment arrangements: making one on an account, and the list of arrangements that are broken."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.core.permissions import capability_required
from hearth.rents import forms, selectors, services
from hearth.rents.views.common import account_action_view

arrangement_create = account_action_view(
    "rents.post",
    form=forms.ArrangementForm,
    title="Payment arrangement",
    heading="Make a payment arrangement",
    run=lambda actor, account, d: services.make_arrangement(actor=actor, account=account, **d),
    done="Payment arrangement recorded.",
    button="Save",
)


@capability_required("rents.view")
def broken_arrangements(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "rents/broken.html",
        {"rows": selectors.broken_arrangements(), "page_title": "Broken arrangements"},
    )
