"""Bids: an officer bids for the applicant (assisted bidding) or withdraws a bid."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import BidForm, ReasonForm
from hearth.lettings.models import Bid
from hearth.lettings.views.records import (
    FormPage,
    application_action,
    application_form_view,
    of_application_or_404,
)

# assisted bidding: an officer bids for the applicant; the banner names the advert bid on
application_bid = application_form_view(
    "lettings.edit",
    FormPage("Place a bid for the applicant", button="Place bid"),
    BidForm,
    services.place_bid,
    done=lambda bid: f"Bid placed on {bid.advert.reference}.",
    then="lettings:application_bids",
)
WITHDRAW = FormPage(
    "Withdraw the bid",
    button="Withdraw bid",
    back="lettings:application_bids",
    template="lettings/confirm.html",
)


@capability_required("lettings.edit")
def bid_withdraw(request: HttpRequest, pk: int) -> HttpResponseBase:
    bid, app = of_application_or_404(request, Bid.objects.select_related("application"), pk)
    return application_action(
        request,
        app,
        WITHDRAW,
        ReasonForm(request.POST if request.method == "POST" else None),
        context={"question": "Withdraw this bid?"},
        run=lambda d: services.withdraw_bid(actor=request.user, bid=bid),
        done="Bid withdrawn.",
    )
