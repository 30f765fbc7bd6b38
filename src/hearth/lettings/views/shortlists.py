"""Shortlists: bypassing a bidder for a recorded reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import ReasonForm
from hearth.lettings.models import ShortlistEntry
from hearth.web.forms import apply_service_errors


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
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.bypass(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{entry.application.reference} bypassed.")
            return redirect("lettings:advert", pk=entry.advert_id)
    return render(
        request,
        "lettings/confirm.html",
        {
            "form": form,
            "obj": entry,
            "page_title": "Bypass a bidder",
            "button": "Bypass bidder",
            "show_reason": True,
            "back": reverse("lettings:advert", args=[entry.advert_id]),
            "question": f"Bypass {entry.application.applicant.full_name} ({entry.application.reference})?",
        },
        status=400 if form.errors else 200,
    )
