"""Cycles: the bidding cycles, setting one up, closing one and placing automatic bids."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode

from hearth.core.permissions import capability_required, require
from hearth.lettings import selectors, services
from hearth.lettings.forms import CycleForm, ReasonForm
from hearth.lettings.models import Cycle
from hearth.web.actions import action_page
from hearth.web.pages import paginate


@capability_required("lettings.view")
def cycle_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        require(request.user, "lettings.edit")
    form = CycleForm(request.POST or None)
    return action_page(
        request,
        form=form,
        title="Bidding cycles",
        caption="",
        back=reverse("lettings:cycles"),
        template="lettings/cycles.html",
        context={"page": paginate(request, selectors.cycle_list())},
        run=lambda d: services.open_cycle(actor=request.user, **form.service_data()),
        done=lambda cycle: f"Cycle {cycle.reference} set up.",
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
    """A confirmation page for an action on a whole cycle; POST runs the service and the banner
    reports what it did (a count)."""
    cycle = get_object_or_404(Cycle, pk=pk)
    return action_page(
        request,
        form=ReasonForm(request.POST if request.method == "POST" else None),
        title=page_title,
        caption="",
        back=reverse("lettings:cycles"),
        button=button,
        template="lettings/confirm.html",
        context={"obj": cycle, "question": question.format(ref=cycle.reference)},
        run=lambda d: act(cycle),
        done=lambda result: done(cycle, result),
        then=lambda result: after(cycle),
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
