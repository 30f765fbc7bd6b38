"""Offers: offering the home to the next bidder, and the applicant's acceptance or refusal or the
landlord's withdrawal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from hearth.core.permissions import capability_required, require
from hearth.lettings import services
from hearth.lettings.forms import AcceptForm, OfferForm, ReasonForm, RefuseForm
from hearth.lettings.models import Advert, Offer
from hearth.lettings.views.records import FormPage, post_one


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
    advert = get_object_or_404(Advert, pk=pk)
    allowed = services.council_ids_for(request.user)
    if allowed is not None and advert.landlord_id not in allowed:
        raise Http404("No such advert of your landlord.")
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


def _offer(request: HttpRequest, pk: int) -> Offer:
    offer = get_object_or_404(
        Offer.objects.select_related("advert__property", "application__applicant", "tenancy"), pk=pk
    )
    allowed = services.council_ids_for(request.user)
    if (
        allowed is not None
        and offer.advert.landlord_id not in allowed
        and offer.application.council_id not in allowed
    ):
        raise Http404("No such offer.")
    return offer


@capability_required("lettings.view")
def offer_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    offer = _offer(request, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    to_advert = lambda result: reverse("lettings:advert", args=[offer.advert_id])  # noqa: E731
    posts: dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], Any], str, Callable[[Any], str]]] = {
        "accept": (
            AcceptForm,
            lambda d: services.accept_offer(actor=request.user, offer=offer, **d),
            "Offer accepted: the tenancy has been created.",
            lambda result: offer.get_absolute_url(),
        ),
        "refuse": (
            RefuseForm,
            lambda d: services.refuse_offer(actor=request.user, offer=offer, **d),
            "Refusal recorded.",
            to_advert,
        ),
        "withdraw": (
            ReasonForm,
            lambda d: services.withdraw_offer(actor=request.user, offer=offer, reason=d["reason"]),
            "Offer withdrawn by the landlord.",
            to_advert,
        ),
    }
    shown = {name: form_class() for name, (form_class, *_) in posts.items()}
    failed: forms.Form | None = None
    if action in posts:
        require(request.user, "lettings.edit")
        form_class, run, done, then = posts[action]
        failed = shown[action] = form_class(request.POST)
        posted = post_one(request, failed, run=run, done=lambda result: done, then=then)
        if posted is not None:
            return posted
    return render(
        request,
        "lettings/offer_detail.html",
        {"obj": offer, **shown, "form": failed, "page_title": f"Offer of {offer.advert.reference}"},
        status=400 if failed is not None and failed.errors else 200,
    )
