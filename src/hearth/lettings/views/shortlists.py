"""Shortlists: bypassing a bidder for a recorded reason."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import ReasonForm
from hearth.lettings.models import ShortlistEntry
from hearth.lettings.views.records import partners_or_404
from hearth.web.actions import action_page


@capability_required("lettings.decide")
def shortlist_bypass(request: HttpRequest, pk: int) -> HttpResponseBase:
    entry = partners_or_404(
        request,
        ShortlistEntry.objects.select_related("advert", "bid__application__applicant"),
        pk,
        "advert.landlord_id",
        missing="No such shortlist entry.",
    )
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
