"""Shortlists: bypassing a bidder for a recorded reason."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import ReasonForm
from hearth.lettings.models import ShortlistEntry
from hearth.web.actions import action_page


def _entry(request: HttpRequest, pk: int) -> ShortlistEntry:
    entry = get_object_or_404(
        ShortlistEntry.objects.select_related("advert", "bid__application__applicant"), pk=pk
    )
    allowed = services.council_ids_for(request.user)
    if allowed is not None and entry.advert.landlord_id not in allowed:
        raise Http404("No such shortlist entry.")
    return entry


@capability_required("lettings.decide")
def shortlist_bypass(request: HttpRequest, pk: int) -> HttpResponseBase:
    entry = _entry(request, pk)
    app = entry.application
    return action_page(
        request,
        form=ReasonForm(request.POST or None),
        title="Bypass a bidder",
        caption=f"Advert {entry.advert.reference}",
        back=reverse("lettings:advert", args=[entry.advert_id]),
        button="Bypass bidder",
        template="lettings/confirm.html",
        context={
            "obj": entry,
            "show_reason": True,
            "question": f"Bypass {app.applicant.full_name} ({app.reference})?",
        },
        run=lambda d: services.bypass(actor=request.user, entry=entry, reason=d["reason"]),
        done=f"{app.reference} bypassed.",
    )
