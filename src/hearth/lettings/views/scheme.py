"""Scheme rules and partners: the rules in force and their versions, the partners and their officers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from hearth.core.permissions import capability_required, require
from hearth.lettings import domain, services
from hearth.lettings.forms import OfficerForm, PartnerForm, SchemeForm
from hearth.lettings.models import Council, SchemePolicy
from hearth.lettings.views.records import FormPage, post_one

SCHEME = FormPage("Scheme rules", back="lettings:scheme", template="lettings/scheme.html")


@capability_required("lettings.view")
def scheme(request: HttpRequest) -> HttpResponse:
    policy = services.current_policy()
    if request.method == "POST":
        require(request.user, "lettings.configure")
    form = SchemeForm(request.POST or None, initial=SchemeForm.initial_from(policy))
    return SCHEME.show(
        request,
        form,
        context={
            "policy": policy,
            "versions": SchemePolicy.objects.order_by("-effective_from")[:50],
            "exemptions": [domain.EXEMPTIONS[e] for e in policy.exemptions if e in domain.EXEMPTIONS],
        },
        run=lambda d: services.set_policy(actor=request.user, **form.service_data()),
        done="New scheme rules recorded.",
    )


@capability_required("lettings.configure")
def partners(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    partner_form = PartnerForm(request.POST if action == "partner" else None)
    officer_form = OfficerForm(request.POST if action == "officer" else None)
    form: Any = {"partner": partner_form, "officer": officer_form}.get(action)
    back = lambda result: reverse("lettings:partners")  # noqa: E731
    posted = None
    if action == "partner":
        posted = post_one(
            request,
            partner_form,
            run=lambda d: services.create_council(actor=request.user, **d),
            done=lambda council: f"{council.name} added.",
            then=back,
        )
    elif action == "officer":
        posted = post_one(
            request,
            officer_form,
            run=lambda d: services.add_officer(actor=request.user, user=d["username"], council=d["council"]),
            done=lambda result: "Officer added to the partner.",
            then=back,
        )
    if posted is not None:
        return posted
    return render(
        request,
        "lettings/partners.html",
        {
            "form": form,
            "partner_form": partner_form,
            "officer_form": officer_form,
            "partners": Council.objects.prefetch_related("staff__user").order_by("name"),
            "page_title": "Partners",
        },
        status=400 if form is not None and form.errors else 200,
    )
