"""Offers: offering the home to the next bidder, and the applicant's acceptance or refusal or the
landlord's withdrawal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from hearth.core.permissions import capability_required, require
from hearth.lettings import services
from hearth.lettings.forms import AcceptForm, OfferForm, ReasonForm, RefuseForm
from hearth.lettings.models import Advert, Offer
from hearth.web.forms import apply_service_errors


@capability_required("lettings.edit")
def advert_offer(request: HttpRequest, pk: int) -> HttpResponseBase:
    advert = get_object_or_404(Advert, pk=pk)
    allowed = services.council_ids_for(request.user)
    if allowed is not None and advert.landlord_id not in allowed:
        raise Http404("No such advert of your landlord.")
    nxt = services.next_in_line(advert)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.make_offer(actor=request.user, advert=advert, viewing_at=form.viewing_at())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Offered to {offer.application.reference}.")
            return redirect(offer)
    return render(
        request,
        "lettings/offer_form.html",
        {"form": form, "obj": advert, "next": nxt, "page_title": "Make an offer"},
        status=400 if form.errors else 200,
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
    accept, refuse, withdraw = AcceptForm(), RefuseForm(), ReasonForm()
    failed: Any = None
    if action:
        require(request.user, "lettings.edit")
        try:
            if action == "accept":
                accept = AcceptForm(request.POST)
                failed = accept
                if accept.is_valid():
                    services.accept_offer(actor=request.user, offer=offer, **accept.cleaned_data)
                    messages.success(request, "Offer accepted: the tenancy has been created.")
                    return redirect(offer)
            elif action == "refuse":
                refuse = RefuseForm(request.POST)
                failed = refuse
                if refuse.is_valid():
                    services.refuse_offer(actor=request.user, offer=offer, **refuse.cleaned_data)
                    messages.success(request, "Refusal recorded.")
                    return redirect("lettings:advert", pk=offer.advert_id)
            elif action == "withdraw":
                withdraw = ReasonForm(request.POST)
                failed = withdraw
                if withdraw.is_valid():
                    services.withdraw_offer(
                        actor=request.user, offer=offer, reason=withdraw.cleaned_data["reason"]
                    )
                    messages.success(request, "Offer withdrawn by the landlord.")
                    return redirect("lettings:advert", pk=offer.advert_id)
        except ValidationError as exc:
            apply_service_errors(failed, exc)
    return render(
        request,
        "lettings/offer_detail.html",
        {
            "obj": offer,
            "accept": accept,
            "refuse": refuse,
            "withdraw": withdraw,
            "form": failed,
            "page_title": f"Offer of {offer.advert.reference}",
        },
        status=400 if failed is not None and failed.errors else 200,
    )
