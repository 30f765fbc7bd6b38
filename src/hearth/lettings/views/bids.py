"""Bids: an officer bids for the applicant (assisted bidding) or withdraws a bid."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import BidForm, ReasonForm
from hearth.lettings.models import Bid
from hearth.lettings.views.records import application_action, application_or_404


@capability_required("lettings.edit")
def application_bid(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Assisted bidding: an officer bids for the applicant; the banner names the advert bid on."""
    app = application_or_404(request, pk)
    return application_action(
        request,
        app,
        form=BidForm(request.POST or None),
        title="Place a bid for the applicant",
        button="Place bid",
        run=lambda d: services.place_bid(actor=request.user, application=app, advert=d["advert"]),
        done=lambda bid: f"Bid placed on {bid.advert.reference}.",
        then=reverse("lettings:application_bids", args=[app.pk]),
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
