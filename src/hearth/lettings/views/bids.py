"""Bids: an officer bids for the applicant (assisted bidding) or withdraws a bid."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import BidForm, ReasonForm
from hearth.lettings.models import Bid
from hearth.lettings.views.records import application_action, application_or_404
from hearth.web.forms import apply_service_errors


@capability_required("lettings.edit")
def application_bid(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Assisted bidding: an officer bids for the applicant."""
    app = application_or_404(request, pk)
    form = BidForm(request.POST or None)
    # the banner names the advert bid on, so this page reports it itself
    if request.method == "POST" and form.is_valid():
        try:
            bid = services.place_bid(actor=request.user, application=app, advert=form.cleaned_data["advert"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Bid placed on {bid.advert.reference}.")
            return redirect("lettings:application_bids", pk=app.pk)
    return render(
        request,
        "lettings/simple_form.html",
        {"form": form, "obj": app, "page_title": "Place a bid for the applicant", "button": "Place bid"},
        status=400 if form.errors else 200,
    )


@capability_required("lettings.edit")
def bid_withdraw(request: HttpRequest, pk: int) -> HttpResponseBase:
    bid = get_object_or_404(Bid.objects.select_related("application"), pk=pk)
    app = application_or_404(request, bid.application_id)
    return application_action(
        request,
        app,
        form=ReasonForm(request.POST if request.method == "POST" else None),
        title="Withdraw the bid",
        template="lettings/confirm.html",
        back=reverse("lettings:application_bids", args=[app.pk]),
        button="Withdraw bid",
        context={"question": "Withdraw this bid?"},
        run=lambda d: services.withdraw_bid(actor=request.user, bid=bid),
        done="Bid withdrawn.",
    )
