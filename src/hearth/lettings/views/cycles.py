"""Cycles: the bidding cycles, setting one up, closing one and placing automatic bids."""

from __future__ import annotations

from collections.abc import Callable
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
from hearth.lettings.views.records import FormPage
from hearth.web.pages import paginate

CYCLES = FormPage("Bidding cycles", back="lettings:cycles", template="lettings/cycles.html")
# a confirmation of an action on a whole cycle, back to the cycles
CONFIRM = {"back": "lettings:cycles", "template": "lettings/confirm.html"}


@capability_required("lettings.view")
def cycle_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        require(request.user, "lettings.edit")
    form = CycleForm(request.POST or None)
    return CYCLES.show(
        request,
        form,
        context={"page": paginate(request, selectors.cycle_list())},
        run=lambda d: services.open_cycle(actor=request.user, **form.service_data()),
        done=lambda cycle: f"Cycle {cycle.reference} set up.",
    )


def cycle_action(
    service: Callable[..., Any],
    page: FormPage,
    question: str,
    *,
    done: Callable[[Cycle, Any], str],
    then: Callable[[Cycle], str],
) -> Callable[[HttpRequest, int], HttpResponseBase]:
    """The confirmation page of an action on a whole cycle (`question` names the cycle as {ref}): a
    POST runs the service on the cycle, and the banner reports what it did (a count)."""

    @capability_required("lettings.edit")
    def view(request: HttpRequest, pk: int) -> HttpResponseBase:
        cycle = get_object_or_404(Cycle, pk=pk)
        return page.show(
            request,
            ReasonForm(request.POST if request.method == "POST" else None),
            context={"obj": cycle, "question": question.format(ref=cycle.reference)},
            run=lambda d: service(actor=request.user, cycle=cycle),
            done=lambda result: done(cycle, result),
            then=lambda result: then(cycle),
        )

    return view


cycle_close = cycle_action(
    services.close_cycle,
    FormPage("Close the cycle", button="Close and shortlist", **CONFIRM),
    "Close cycle {ref} and shortlist its adverts?",
    done=lambda cycle, made: f"Cycle {cycle.reference} closed: {made} shortlist entries made.",
    then=lambda cycle: f"{reverse('lettings:adverts')}?{urlencode({'cycle': cycle.pk})}",
)
cycle_auto_bids = cycle_action(
    services.place_automatic_bids,
    FormPage("Automatic bids", button="Place automatic bids", **CONFIRM),
    "Place automatic bids in cycle {ref} for the top band?",
    done=lambda cycle, placed: f"{placed} automatic bid{'s' if placed != 1 else ''} placed.",
    then=lambda cycle: reverse("lettings:cycles"),
)
