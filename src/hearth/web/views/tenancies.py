from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.rents.models import RentAccount
from hearth.tenancies import selectors, services
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import selectors as process_selectors
from hearth.web.forms import GovDateField, ReferenceField, SelectField
from hearth.web.pages import Filters, add_button, list_page, record_page
from hearth.web.views.common import add_record_view, given_record


def _people(value: str, label: str) -> list[Person]:
    refs = [r.upper() for r in re.split(r"[\s,;]+", value or "") if r]
    found = {p.reference: p for p in Person.objects.filter(reference__in=refs)}
    missing = [r for r in refs if r not in found]
    if missing:
        raise ValidationError(f"No person has the reference {', '.join(missing)}. Check the {label}.")
    return [found[r] for r in refs]


class TenancyForm(forms.Form):
    widths = {"property_ref": "10", "tenants": "30", "occupants": "30"}

    property_ref = ReferenceField(
        Property,
        label="Property reference",
        help_text="For example, PR0001234",
        noun="property",
        missing="Enter the property reference.",
    )
    kind = SelectField(
        label="Type of agreement",
        choices=[("", "Select a type"), *Tenancy.Kind.choices],
        missing="Select the type of agreement.",
    )
    start_date = GovDateField(label="Start date")
    tenants = forms.CharField(
        label="Tenants",
        required=False,
        help_text="Person references, separated by commas. For example, P0000123, P0000124",
    )
    occupants = forms.CharField(
        label="Other occupants (optional)",
        required=False,
        help_text="Person references of household members who are not tenants",
    )

    def clean_tenants(self) -> list[Person]:
        people = _people(self.cleaned_data["tenants"], "tenants")
        if not people:
            raise ValidationError("Add at least one tenant.")
        return people

    def clean_occupants(self) -> list[Person]:
        return _people(self.cleaned_data["occupants"], "occupants")


def _tenancy_columns() -> list:
    return [
        ("Reference", lambda t: t.reference),
        ("Type", lambda t: t.get_kind_display()),
        ("Property", lambda t: t.property.address),
        ("Tenants", lambda t: ", ".join(p.person.full_name for p in t.parties.all() if p.role == "tenant")),
        ("Start date", lambda t: t.start_date.isoformat()),
        ("End date", lambda t: t.end_date.isoformat() if t.end_date else ""),
    ]


@capability_required("records.view")
def tenancy_list(request: HttpRequest) -> HttpResponseBase:
    filters = Filters(request)
    qs = selectors.tenancy_list(
        kind=filters.choice("kind", "Type", Tenancy.Kind.choices),
        live=filters.choice("live", "Live today", [("yes", "Live"), ("no", "Ended")]),
    )
    return list_page(
        request,
        template="web/tenancies/list.html",
        qs=qs,
        export_name="agreements",
        columns=_tenancy_columns(),
        context={
            "filters": filters.shown,
            "add": add_button(request, "tenancies.edit", "web:tenancy_create", "Create an agreement"),
            "page_title": "Agreements",
        },
    )


@capability_required("records.view")
def tenancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        tenancy = selectors.tenancy_detail(pk, also=("rent_account",))
    except Tenancy.DoesNotExist:
        raise Http404("No agreement has that id.") from None
    return record_page(
        request,
        "web/tenancies/detail.html",
        tenancy,
        title=tenancy.reference,
        caption=tenancy.get_kind_display(),
        page_title=f"Agreement {tenancy.reference}",
        live=selectors.is_live(tenancy),
        end_url=termination_url(tenancy),
        processes=process_selectors.processes_of(tenancy.pk),
    )


def _new_tenancy(request: HttpRequest) -> dict[str, Any]:
    """A new agreement, made from a property's page, is for that property."""
    prop = given_record(request, "property", Property)
    return {"property_ref": prop.reference} if prop else {}


tenancy_create = add_record_view(
    "tenancies.edit",
    form=TenancyForm,
    initial=_new_tenancy,
    title="Create an agreement",
    back="web:tenancies",
    button="Create agreement",
    # the form's property field holds the property its reference names; the other answers (kind,
    # start date, tenants, occupants) keep their names
    create=lambda actor, property_ref, **answers: services.create_tenancy(
        actor=actor, property=property_ref, **answers
    ),
    done=lambda tenancy: f"Agreement {tenancy.reference} created.",
)


def termination_url(tenancy: Tenancy) -> str:
    """An agreement ends through the termination process: from its rent account where it has one."""
    try:
        account: RentAccount | None = tenancy.rent_account  # joined already on the agreement's page
    except RentAccount.DoesNotExist:
        account = None
    if account is not None:
        return reverse("tenancy_processes:terminate", args=[account.pk])
    return reverse("tenancy_processes:terminate_agreement", args=[tenancy.pk])


@capability_required("tenancies.process")
def tenancy_end(request: HttpRequest, pk: int) -> HttpResponse:
    """The old way to end an agreement, which skipped the notice rules and the rent account: it now
    leads to the termination process."""
    return redirect(termination_url(get_object_or_404(Tenancy, pk=pk)))
