"""Cycles: the bidding cycles, setting one up, closing one and placing automatic bids."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from hearth.core.permissions import capability_required, require
from hearth.lettings import selectors, services
from hearth.lettings.forms import CycleForm, ReasonForm
from hearth.lettings.models import Cycle
from hearth.web.forms import apply_service_errors
from hearth.web.pages import paginate


@capability_required("lettings.view")
def cycle_list(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "lettings.edit")
        if form.is_valid():
            opens_at, closes_at = form.times()
            try:
                cycle = services.open_cycle(actor=request.user, opens_at=opens_at, closes_at=closes_at)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Cycle {cycle.reference} set up.")
                return redirect("lettings:cycles")
    return render(
        request,
        "lettings/cycles.html",
        {"form": form, "page": paginate(request, selectors.cycle_list()), "page_title": "Bidding cycles"},
        status=400 if form.errors else 200,
    )


def _cycle_action(
    request: HttpRequest,
    pk: int,
    *,
    act: Any,
    done: Any,
    after: Any,
    page_title: str,
    button: str,
    question: str,
) -> HttpResponseBase:
    """A confirmation page for an action on a whole cycle; POST runs the service and reports what it
    did (a count the banner names, which is why this is not the shared form-post page)."""
    cycle = get_object_or_404(Cycle, pk=pk)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            result = act(cycle)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, done(cycle, result))
            return redirect(after(cycle))
    return render(
        request,
        "lettings/confirm.html",
        {
            "form": form,
            "obj": cycle,
            "page_title": page_title,
            "button": button,
            "back": reverse("lettings:cycles"),
            "question": question.format(ref=cycle.reference),
        },
        status=400 if form.errors else 200,
    )


@capability_required("lettings.edit")
def cycle_close(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _cycle_action(
        request,
        pk,
        act=lambda cycle: services.close_cycle(actor=request.user, cycle=cycle),
        done=lambda cycle, made: f"Cycle {cycle.reference} closed: {made} shortlist entries made.",
        after=lambda cycle: f"{reverse('lettings:adverts')}?{urlencode({'cycle': cycle.pk})}",
        page_title="Close the cycle",
        button="Close and shortlist",
        question="Close cycle {ref} and shortlist its adverts?",
    )


@capability_required("lettings.edit")
def cycle_auto_bids(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _cycle_action(
        request,
        pk,
        act=lambda cycle: services.place_automatic_bids(actor=request.user, cycle=cycle),
        done=lambda cycle, placed: f"{placed} automatic bid{'s' if placed != 1 else ''} placed.",
        after=lambda cycle: reverse("lettings:cycles"),
        page_title="Automatic bids",
        button="Place automatic bids",
        question="Place automatic bids in cycle {ref} for the top band?",
    )
