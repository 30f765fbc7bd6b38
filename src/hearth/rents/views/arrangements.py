"""Payment arrangements: making one on an account, and the list of arrangements that are broken."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.core.permissions import capability_required
from hearth.rents import forms, selectors, services
from hearth.rents.views.common import (
    account_action,
    account_or_404,
)


@capability_required("rents.post")
def arrangement_create(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_or_404(pk)
    return account_action(
        request,
        account,
        form=forms.ArrangementForm(request.POST or None),
        title="Payment arrangement",
        heading="Make a payment arrangement",
        run=lambda d: services.make_arrangement(actor=request.user, account=account, **d),
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
