"""Offers: offering the home to the next bidder, and the applicant's acceptance or refusal or the
landlord's withdrawal."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import AcceptForm, OfferForm, ReasonForm, RefuseForm
from hearth.lettings.models import Advert, Offer
from hearth.lettings.views.records import FormPage, Post, forms_page, partners_or_404


def _next_bidder(nxt: Any) -> str:
    if nxt is None:
        return "No bidder is left on the shortlist."
    app = nxt.application
    return (
        f"The next bidder in shortlist order is {app.applicant.full_name} ({app.reference}, position "
        f"{nxt.position}). To pass them over, go back and bypass them with a reason."
    )


@capability_required("lettings.edit")
def advert_offer(request: HttpRequest, pk: int) -> HttpResponseBase:
    advert = partners_or_404(request, Advert, pk, "landlord_id", missing="No such advert of your landlord.")
    form = OfferForm(request.POST or None)
    page = FormPage("Make an offer", button="Make offer", intro=_next_bidder(services.next_in_line(advert)))
    return page.show(
        request,
        form,
        caption=f"Advert {advert.reference}",
        back=advert.get_absolute_url(),
        run=lambda d: services.make_offer(actor=request.user, advert=advert, viewing_at=form.viewing_at()),
        done=lambda offer: f"Offered to {offer.application.reference}.",
        then=lambda offer: offer.get_absolute_url(),
    )


@capability_required("lettings.view")
def offer_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    offer = partners_or_404(
        request,
        Offer.objects.select_related("advert__property", "application__applicant", "tenancy"),
        pk,
        "advert.landlord_id",
        "application.council_id",
        missing="No such offer.",
    )
    to_advert = lambda result: reverse("lettings:advert", args=[offer.advert_id])  # noqa: E731
    posts = {
        "accept": Post(
            AcceptForm,
            lambda d: services.accept_offer(actor=request.user, offer=offer, **d),
            "Offer accepted: the tenancy has been created.",
            lambda result: offer.get_absolute_url(),
        ),
        "refuse": Post(
            RefuseForm,
            lambda d: services.refuse_offer(actor=request.user, offer=offer, **d),
            "Refusal recorded.",
            to_advert,
        ),
        "withdraw": Post(
            ReasonForm,
            lambda d: services.withdraw_offer(actor=request.user, offer=offer, reason=d["reason"]),
            "Offer withdrawn by the landlord.",
            to_advert,
        ),
    }
    return forms_page(
        request,
        "lettings/offer_detail.html",
        posts,
        context={"obj": offer, "page_title": f"Offer of {offer.advert.reference}"},
        capability="lettings.edit",
    )
