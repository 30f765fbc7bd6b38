"""Scheme rules and partners: the rules in force and their versions, the partners and their officers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from hearth.core.permissions import capability_required, require
from hearth.lettings import domain, services
from hearth.lettings.forms import OfficerForm, PartnerForm, SchemeForm
from hearth.lettings.models import Council, SchemePolicy
from hearth.lettings.views.records import FormPage, Post, forms_page

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
    back = lambda result: reverse("lettings:partners")  # noqa: E731
    posts = {
        "partner": Post(
            PartnerForm,
            lambda d: services.create_council(actor=request.user, **d),
            lambda council: f"{council.name} added.",
            back,
            shown_as="partner_form",
        ),
        "officer": Post(
            OfficerForm,
            lambda d: services.add_officer(actor=request.user, user=d["username"], council=d["council"]),
            "Officer added to the partner.",
            back,
            shown_as="officer_form",
        ),
    }
    return forms_page(
        request,
        "lettings/partners.html",
        posts,
        context={
            "partners": Council.objects.prefetch_related("staff__user").order_by("name"),
            "page_title": "Partners",
        },
    )
