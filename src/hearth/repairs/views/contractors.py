"""Contractors: the list, adding one, its page, its contacts and the users who act for it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from hearth.core.permissions import capability_required, has_capability
from hearth.repairs import forms as f
from hearth.repairs import selectors, services
from hearth.repairs.models import Contractor
from hearth.repairs.views.common import post_data, user_named
from hearth.web.actions import action_page
from hearth.web.pages import list_page


@capability_required("repairs.view")
def contractor_list(request: HttpRequest) -> HttpResponseBase:
    return list_page(
        request,
        template="repairs/contractors.html",
        qs=selectors.contractors(),
        export_name="contractors",
        columns=[
            ("Reference", lambda c: c.reference),
            ("Name", lambda c: c.name),
            ("Email", lambda c: c.email),
            ("Trades", lambda c: ", ".join(c.trades)),
            ("Areas", lambda c: ", ".join(c.areas)),
            ("Open orders", lambda c: c.open_orders),
        ],
        context={
            "page_title": "Contractors",
            "can_manage": has_capability(request.user, "contractors.manage"),
        },
    )


@capability_required("contractors.manage")
def contractor_new(request: HttpRequest) -> HttpResponse:
    return action_page(
        request,
        form=f.ContractorForm(post_data(request)),
        title="Add a contractor",
        caption="Contractors",
        back=reverse("repairs:contractors"),
        button="Add contractor",
        run=lambda d: services.create_contractor(actor=request.user, **d),
        check=services.validate_contractor,
        done="Contractor added.",
        then=Contractor.get_absolute_url,
    )


@capability_required("repairs.view")
def contractor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        contractor = selectors.contractor_detail(pk)
    except Contractor.DoesNotExist:
        from django.http import Http404

        raise Http404("No such contractor") from None
    month = timezone.localdate().replace(day=1)
    return render(
        request,
        "repairs/contractor.html",
        {
            "contractor": contractor,
            "contracts": list(contractor.contracts.all()),
            "contacts": list(contractor.contacts.all()),
            "month": month,
            "performance": selectors.performance(month, contractor=contractor.pk),
            "page_title": contractor.name,
            "can_manage": has_capability(request.user, "contractors.manage"),
        },
    )


@capability_required("contractors.manage")
def contractor_contact(request: HttpRequest, pk: int) -> HttpResponse:
    contractor = get_object_or_404(Contractor, pk=pk)
    return action_page(
        request,
        form=f.ContactForm(post_data(request)),
        title="Add a contact",
        caption=contractor.name,
        back=contractor.get_absolute_url(),
        button="Add contact",
        run=lambda d: services.add_contact(actor=request.user, contractor=contractor, **d),
        done="Contact added.",
    )


@capability_required("contractors.manage")
def contractor_user(request: HttpRequest, pk: int) -> HttpResponse:
    contractor = get_object_or_404(Contractor, pk=pk)

    def run(d: dict[str, Any]) -> None:
        user = user_named(d["username"])
        if has_capability(user, "records.view"):
            raise ValidationError(
                {"username": ["This is a council officer: link only the contractor's own staff."]}
            )
        services.link_contractor_user(actor=request.user, user=user, contractor=contractor)

    return action_page(
        request,
        form=f.UserLinkForm(post_data(request)),
        title="Link a contractor user",
        caption=contractor.name,
        back=contractor.get_absolute_url(),
        button="Link",
        intro="The user needs the Contractor role; their API token then sees only this contractor's orders.",
        run=run,
        done="User linked.",
    )
