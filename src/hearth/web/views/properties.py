from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core import files
from hearth.core.permissions import capability_required
from hearth.properties import selectors, services
from hearth.properties.models import Block, Estate, Property
from hearth.tenancies.selectors import tenancies_of_property
from hearth.web.forms import GovDateField, also_check, apply_service_errors
from hearth.web.pages import list_page, record_tabs


class PropertyForm(forms.Form):
    estate = forms.ModelChoiceField(
        label="Estate",
        queryset=Estate.objects.order_by("name"),
        required=False,
        empty_label="Select an estate",
    )
    block = forms.ModelChoiceField(
        label="Block (optional)",
        queryset=Block.objects.order_by("name"),
        required=False,
        empty_label="Not in a block",
    )
    address_line_1 = forms.CharField(label="Address line 1", max_length=120, required=False)
    address_line_2 = forms.CharField(label="Address line 2 (optional)", max_length=120, required=False)
    town = forms.CharField(label="Town or city", max_length=80, required=False)
    postcode = forms.CharField(
        label="Postcode",
        max_length=40,
        required=False,
        error_messages={"max_length": "Enter a real UK postcode, like SW1A 1AA."},
    )
    uprn = forms.CharField(
        label="UPRN (optional)",
        max_length=14,
        required=False,
        help_text="Unique Property Reference Number, up to 12 digits",
    )
    kind = forms.ChoiceField(
        label="Type", choices=[("", "Select a type"), *Property.Kind.choices], required=False
    )
    bedrooms = forms.IntegerField(
        label="Bedrooms",
        min_value=0,
        max_value=15,
        initial=0,
        error_messages={
            "invalid": "Bedrooms must be a whole number from 0 to 15.",
            "min_value": "Bedrooms must be a whole number from 0 to 15.",
            "max_value": "Bedrooms must be a whole number from 0 to 15.",
            "required": "Enter the number of bedrooms.",
        },
    )
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


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@capability_required("records.view")
def property_list(request: HttpRequest) -> HttpResponseBase:
    g = request.GET
    filters: dict[str, Any] = {
        "estate": _int(g.get("estate")),
        "kind": g.get("kind", "") if g.get("kind") in Property.Kind.values else "",
        "status": g.get("status", "") if g.get("status") in Property.Status.values else "",
        "bedrooms": _int(g.get("bedrooms")),
        "postcode": g.get("postcode", "").strip()[:8],
    }
    qs = selectors.property_list(**filters)
    return list_page(
        request,
        template="web/properties/list.html",
        qs=qs,
        export_name="properties",
        columns=_property_columns(),
        context={
            "filters": filters,
            "estates": Estate.objects.order_by("name"),
            "kinds": Property.Kind.choices,
            "statuses": Property.Status.choices,
            "page_title": "Properties",
        },
    )


@capability_required("records.view")
def property_detail(request: HttpRequest, pk: int) -> HttpResponse:
    prop = get_object_or_404(Property.objects.select_related("estate", "block"), pk=pk)
    return render(
        request,
        "web/properties/detail.html",
        {
            "obj": prop,
            "record_title": prop.address_line_1,
            "record_caption": f"Property {prop.reference}",
            "tabs": record_tabs(request, prop, prop.get_absolute_url(), "details"),
            "tenancies": tenancies_of_property(prop.pk),
            "page_title": prop.address,
        },
    )


def _property_form_context(form: PropertyForm, obj: Property | None) -> dict[str, Any]:
    return {"form": form, "obj": obj, "page_title": f"Change {obj.reference}" if obj else "Add a property"}


@capability_required("properties.edit")
def property_create(request: HttpRequest) -> HttpResponse:
    initial = {"ownership": "council", "status": "void", "bedrooms": 0}
    if request.GET.get("block") and request.GET["block"].isdigit():
        block = Block.objects.filter(pk=request.GET["block"]).select_related("estate").first()
        if block:
            initial.update(
                block=block.pk,
                estate=block.estate_id,
                address_line_2=block.name,
                town=block.town,
                postcode=block.postcode,
            )
    form = PropertyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            prop = services.create_property(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Property {prop.reference} added.")
            return redirect(prop)
    elif request.method == "POST":
        also_check(form, lambda data: services.validate_property(data, instance=None))
    return render(
        request,
        "web/properties/form.html",
        _property_form_context(form, None),
        status=400 if form.errors else 200,
    )


@capability_required("properties.edit")
def property_edit(request: HttpRequest, pk: int) -> HttpResponse:
    prop = get_object_or_404(Property, pk=pk)
    initial = {f: getattr(prop, f) for f in services.PROPERTY_FIELDS}
    initial["estate"], initial["block"] = prop.estate_id, prop.block_id
    form = PropertyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        try:
            services.update_property(actor=request.user, prop=prop, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Details saved.")
            return redirect(prop)
    elif request.method == "POST":
        also_check(form, lambda data: services.validate_property(data, instance=prop))
    return render(
        request,
        "web/properties/form.html",
        _property_form_context(form, prop),
        status=400 if form.errors else 200,
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
        context={"page_title": "Estates"},
    )


@capability_required("records.view")
def estate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    estate = get_object_or_404(Estate, pk=pk)
    return render(
        request,
        "web/properties/estate.html",
        {
            "obj": estate,
            "record_title": estate.name,
            "record_caption": f"Estate {estate.code}",
            "tabs": record_tabs(request, estate, estate.get_absolute_url(), "details"),
            "blocks": selectors.block_list(estate=estate.pk),
            "street_homes": Property.objects.filter(estate=estate, block__isnull=True).count(),
            "page_title": estate.name,
        },
    )


@capability_required("records.view")
def block_detail(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(Block.objects.select_related("estate"), pk=pk)
    homes = selectors.property_list(block=block.pk)
    return render(
        request,
        "web/properties/block.html",
        {
            "obj": block,
            "record_title": block.name,
            "record_caption": f"Block {block.code}",
            "tabs": record_tabs(request, block, block.get_absolute_url(), "details"),
            "homes": homes[:500],
            "home_count": homes.count(),
            "page_title": block.name,
        },
    )


class EstateForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120, required=False)
    ward = forms.CharField(label="Ward (optional)", max_length=120, required=False)


class BlockForm(forms.Form):
    estate = forms.ModelChoiceField(
        label="Estate",
        queryset=Estate.objects.order_by("name"),
        required=False,
        empty_label="Select an estate",
    )
    name = forms.CharField(label="Name", max_length=120, required=False)
    address_line_1 = forms.CharField(label="Address", max_length=120, required=False)
    town = forms.CharField(label="Town or city", max_length=80, required=False)
    postcode = forms.CharField(
        label="Postcode",
        max_length=40,
        required=False,
        error_messages={"max_length": "Enter a real UK postcode, like SW1A 1AA."},
    )
    storeys = forms.IntegerField(
        label="Storeys",
        min_value=1,
        max_value=60,
        initial=1,
        error_messages={
            "invalid": "Storeys must be a whole number from 1 to 60.",
            "min_value": "Storeys must be a whole number from 1 to 60.",
            "max_value": "Storeys must be a whole number from 1 to 60.",
            "required": "Enter the number of storeys.",
        },
    )
    asbestos_present = forms.BooleanField(label="Asbestos present", required=False)
    fire_risk_assessed_on = GovDateField(label="Fire risk assessment date", required=False)


def _save_form(
    request: HttpRequest,
    form: forms.Form,
    save: Any,
    done: str,
    template: str,
    context: dict[str, Any],
    validate: Any = None,
) -> HttpResponse:
    """Run `save(cleaned_data)` (a service call); redirect to its record or show every error."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(obj)
    elif request.method == "POST" and validate is not None:
        also_check(form, validate)
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@capability_required("properties.edit")
def estate_create(request: HttpRequest) -> HttpResponse:
    form = EstateForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda d: services.create_estate(actor=request.user, **d),
        "Estate added.",
        "web/properties/simple_form.html",
        {"heading": "Add an estate", "cancel": reverse("web:estates"), "page_title": "Add an estate"},
    )


@capability_required("properties.edit")
def estate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    estate = get_object_or_404(Estate, pk=pk)
    form = EstateForm(request.POST or None, initial={"name": estate.name, "ward": estate.ward})
    return _save_form(
        request,
        form,
        lambda d: services.update_estate(actor=request.user, estate=estate, **d),
        "Details saved.",
        "web/properties/simple_form.html",
        {
            "heading": f"Change {estate.name}",
            "cancel": estate.get_absolute_url(),
            "page_title": f"Change {estate.name}",
        },
    )


@capability_required("properties.edit")
def block_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"storeys": 1}
    if request.GET.get("estate", "").isdigit():
        initial["estate"] = int(request.GET["estate"])
    form = BlockForm(request.POST or None, initial=initial)
    return _save_form(
        request,
        form,
        lambda d: services.create_block(actor=request.user, **d),
        "Block added.",
        "web/properties/simple_form.html",
        {"heading": "Add a block", "cancel": reverse("web:estates"), "page_title": "Add a block"},
        validate=lambda d: services.validate_block(d, instance=None),
    )


@capability_required("properties.edit")
def block_edit(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(Block, pk=pk)
    initial = {f: getattr(block, f) for f in services.BLOCK_FIELDS}
    initial["estate"] = block.estate_id
    form = BlockForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Block:
        changed = {k: v for k, v in data.items() if k in form.changed_data}
        return services.update_block(actor=request.user, block=block, **changed)

    return _save_form(
        request,
        form,
        save,
        "Details saved.",
        "web/properties/simple_form.html",
        {
            "heading": f"Change {block.name}",
            "cancel": block.get_absolute_url(),
            "page_title": f"Change {block.name}",
        },
        validate=lambda d: services.validate_block(d, instance=block),
    )
