"""Contractors: the list, adding one, its page, its contacts and the users who act for it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from hearth.core.permissions import capability_required, has_capability
from hearth.repairs import forms as f
from hearth.repairs import selectors, services
from hearth.repairs.models import Contractor
from hearth.repairs.views.common import Action, adding, adding_page, found_or_404, managing_view, user_named
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
    return adding_page(request, NEW_CONTRACTOR)


@capability_required("repairs.view")
def contractor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contractor = found_or_404(selectors.contractor_detail, pk, "No such contractor")
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


def _link_user(actor: Any, contractor: Contractor, d: dict[str, Any]) -> None:
    """Link one of the contractor's own staff (never a council officer) to the contractor."""
    user = user_named(d["username"])
    if has_capability(user, "records.view"):
        raise ValidationError(
            {"username": ["This is a council officer: link only the contractor's own staff."]}
        )
    services.link_contractor_user(actor=actor, user=user, contractor=contractor)


NEW_CONTRACTOR = adding(
    "contractor", f.ContractorForm, services.create_contractor, services.validate_contractor, Contractor
)
contractor_contact = managing_view(
    Contractor,
    Action(
        title="Add a contact",
        form=f.ContactForm,
        button="Add contact",
        run=lambda actor, contractor, d: services.add_contact(actor=actor, contractor=contractor, **d),
        done="Contact added.",
    ),
)
contractor_user = managing_view(
    Contractor,
    Action(
        title="Link a contractor user",
        form=f.UserLinkForm,
        button="Link",
        intro="The user needs the Contractor role; their API token then sees only this contractor's orders.",
        run=_link_user,
        done="User linked.",
    ),
)
