from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from hearth.core import files
from hearth.core.permissions import capability_required
from hearth.properties import selectors, services
from hearth.properties.models import Block, Estate, Property
from hearth.tenancies.selectors import tenancies_of_property
from hearth.web.forms import GovDateField, postcode_field, text_field, whole_number
from hearth.web.pages import Filters, add_button, list_page, record_page
from hearth.web.views.common import add_record_view, change_record_view, given_record


def estate_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Estate",
        queryset=Estate.objects.order_by("name"),
        required=False,
        empty_label="Select an estate",
    )


class PropertyForm(forms.Form):
    widths = {
        "address_line_1": "30",
        "address_line_2": "30",
        "town": "20",
        "postcode": "10",
        "uprn": "10",
        "bedrooms": "2",
        "floor": "2",
        "floor_area": "5",
    }

    estate = estate_field()
    block = forms.ModelChoiceField(
        label="Block (optional)",
        queryset=Block.objects.order_by("name"),
        required=False,
        empty_label="Not in a block",
    )
    address_line_1 = text_field("Address line 1", max_length=120)
    address_line_2 = text_field("Address line 2 (optional)", max_length=120)
    town = text_field("Town or city", max_length=80)
    postcode = postcode_field()
    uprn = text_field(
        "UPRN (optional)",
        max_length=14,
        help_text="Unique Property Reference Number, up to 12 digits",
    )
    kind = forms.ChoiceField(
        label="Type", choices=[("", "Select a type"), *Property.Kind.choices], required=False
    )
    bedrooms = whole_number("Bedrooms", 0, 15, initial=0)
    floor = forms.IntegerField(
        label="Floor (optional)",
        required=False,
        min_value=-2,
        max_value=60,
        help_text="0 for the ground floor",
        error_messages={"invalid": "Floor must be a whole number, like 0 for the ground floor."},
    )
    floor_area = forms.DecimalField(
        label="Floor area in square metres (optional)",
        required=False,
        help_text="The internal floor area, used to share service charges by floor area",
        error_messages={"invalid": services.FLOOR_AREA_MESSAGE},
    )
    adapted = forms.BooleanField(label="Adapted for a disabled person", required=False)
    ownership = forms.ChoiceField(
        label="Ownership", choices=Property.Ownership.choices, widget=forms.RadioSelect
    )
    status = forms.ChoiceField(label="Status", choices=Property.Status.choices)
    asbestos_present = forms.BooleanField(label="Asbestos present", required=False)
    fire_risk_assessed_on = GovDateField(label="Fire risk assessment date", required=False)
    gas_safety_due = GovDateField(label="Gas safety check due", required=False)

    def clean_uprn(self) -> Any:
        return self.cleaned_data["uprn"].strip() or None


def _property_columns() -> list:
    return [
        ("Reference", lambda p: p.reference),
        ("UPRN", lambda p: p.uprn),
        ("Address line 1", lambda p: p.address_line_1),
        ("Address line 2", lambda p: p.address_line_2),
        ("Town", lambda p: p.town),
        ("Postcode", lambda p: p.postcode),
        ("Estate", lambda p: p.estate.name),
        ("Block", lambda p: p.block.name if p.block else ""),
        ("Type", lambda p: p.get_kind_display()),
        ("Bedrooms", lambda p: p.bedrooms),
        ("Status", lambda p: p.get_status_display()),
        ("Ownership", lambda p: p.get_ownership_display()),
    ]


@capability_required("records.view")
def property_list(request: HttpRequest) -> HttpResponseBase:
    filters = Filters(request)
    qs = selectors.property_list(
        estate=filters.record("estate", "Estate", Estate.objects.order_by("name").values_list("pk", "name")),
        kind=filters.choice("kind", "Type", Property.Kind.choices),
        status=filters.choice("status", "Status", Property.Status.choices),
        bedrooms=filters.number("bedrooms", "Bedrooms", width="3"),
        postcode=filters.text("postcode", "Postcode starts", width="10", longest=8),
    )
    return list_page(
        request,
        template="web/properties/list.html",
        qs=qs,
        export_name="properties",
        columns=_property_columns(),
        context={
            "filters": filters.shown,
            "filter_column": "one-quarter",
            "add": add_button(request, "properties.edit", "web:property_create", "Add a property"),
            "page_title": "Properties",
        },
    )


@capability_required("records.view")
def property_detail(request: HttpRequest, pk: int) -> HttpResponse:
    prop = get_object_or_404(Property.objects.select_related("estate", "block"), pk=pk)
    return record_page(
        request,
        "web/properties/detail.html",
        prop,
        title=prop.address_line_1,
        caption=f"Property {prop.reference}",
        page_title=prop.address,
        tenancies=tenancies_of_property(prop.pk),
    )


def _new_property(request: HttpRequest) -> dict[str, Any]:
    """A new home starts void and the council's; added from a block's page, it is in that block."""
    initial: dict[str, Any] = {"ownership": "council", "status": "void", "bedrooms": 0}
    block = given_record(request, "block", Block.objects.select_related("estate"))
    if block:
        initial.update(
            block=block.pk,
            estate=block.estate_id,
            address_line_2=block.name,
            town=block.town,
            postcode=block.postcode,
        )
    return initial


property_create = add_record_view(
    "properties.edit",
    form=PropertyForm,
    initial=_new_property,
    title="Add a property",
    back="web:properties",
    create=services.create_property,
    done=lambda prop: f"Property {prop.reference} added.",
    validate=services.validate_property,
)

property_edit = change_record_view(
    "properties.edit",
    Property,
    form=PropertyForm,
    fields=services.PROPERTY_FIELDS,
    title=lambda prop: f"Change {prop.address_line_1}",
    caption=lambda prop: prop.reference,
    save=lambda actor, prop, answers: services.update_property(actor=actor, prop=prop, **answers),
    validate=services.validate_property,
)


@capability_required("records.view")
def property_factsheet(request: HttpRequest, pk: int) -> HttpResponse:
    prop = get_object_or_404(Property.objects.select_related("estate", "block"), pk=pk)
    files.require_view(request.user, prop)
    pdf = files.render_pdf(
        "web/properties/factsheet_pdf.html",
        {
            "obj": prop,
            "tenancies": tenancies_of_property(prop.pk),
            "council_name": settings.HEARTH_COUNCIL_NAME,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{prop.reference}.pdf"'
    return response


@capability_required("records.view")
def estate_list(request: HttpRequest) -> HttpResponseBase:
    qs = selectors.estate_list()
    return list_page(
        request,
        template="web/properties/estates.html",
        qs=qs,
        export_name="estates",
        columns=[
            ("Code", lambda e: e.code),
            ("Name", lambda e: e.name),
            ("Ward", lambda e: e.ward),
            ("Blocks", lambda e: e.block_count),
        ],
        context={
            "add": add_button(request, "properties.edit", "web:estate_create", "Add an estate"),
            "page_title": "Estates",
        },
    )


@capability_required("records.view")
def estate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    estate = get_object_or_404(Estate, pk=pk)
    return record_page(
        request,
        "web/properties/estate.html",
        estate,
        title=estate.name,
        caption=f"Estate {estate.code}",
        blocks=selectors.block_list(estate=estate.pk),
        street_homes=Property.objects.filter(estate=estate, block__isnull=True).count(),
    )


@capability_required("records.view")
def block_detail(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(Block.objects.select_related("estate"), pk=pk)
    homes = selectors.property_list(block=block.pk)
    return record_page(
        request,
        "web/properties/block.html",
        block,
        title=block.name,
        caption=f"Block {block.code}",
        homes=homes[:500],
        home_count=homes.count(),
    )


class EstateForm(forms.Form):
    widths = {"name": "20", "ward": "20"}

    name = text_field("Name", max_length=120)
    ward = text_field("Ward (optional)", max_length=120)


class BlockForm(forms.Form):
    widths = {"name": "20", "address_line_1": "20", "town": "20", "postcode": "20", "storeys": "20"}

    estate = estate_field()
    name = text_field("Name", max_length=120)
    address_line_1 = text_field("Address", max_length=120)
    town = text_field("Town or city", max_length=80)
    postcode = postcode_field()
    storeys = whole_number("Storeys", 1, 60, initial=1)
    asbestos_present = forms.BooleanField(label="Asbestos present", required=False)
    fire_risk_assessed_on = GovDateField(label="Fire risk assessment date", required=False)


estate_create = add_record_view(
    "properties.edit",
    form=EstateForm,
    title="Add an estate",
    back="web:estates",
    create=services.create_estate,
    done="Estate added.",
)

estate_edit = change_record_view(
    "properties.edit",
    Estate,
    form=EstateForm,
    fields=services.ESTATE_FIELDS,
    title=lambda estate: f"Change {estate.name}",
    save=lambda actor, estate, answers: services.update_estate(actor=actor, estate=estate, **answers),
)


def _new_block(request: HttpRequest) -> dict[str, Any]:
    """A new block, added from an estate's page, is on that estate."""
    initial: dict[str, Any] = {"storeys": 1}
    if request.GET.get("estate", "").isdigit():
        initial["estate"] = int(request.GET["estate"])
    return initial


block_create = add_record_view(
    "properties.edit",
    form=BlockForm,
    initial=_new_block,
    title="Add a block",
    back="web:estates",
    create=services.create_block,
    done="Block added.",
    validate=services.validate_block,
)

block_edit = change_record_view(
    "properties.edit",
    Block,
    form=BlockForm,
    fields=services.BLOCK_FIELDS,
    title=lambda block: f"Change {block.name}",
    save=lambda actor, block, answers: services.update_block(actor=actor, block=block, **answers),
    validate=services.validate_block,
)
