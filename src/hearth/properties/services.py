"""Writes for estates, blocks and properties, with audit and search index in one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import permissions, search
from hearth.core.actors import Actor
from hearth.core.records import (
    Errors,
    create_audited,
    reject_unknown,
    required,
    save_changes,
    update_audited,
)
from hearth.core.references import next_reference
from hearth.core.validators import normalise_postcode, validate_uprn
from hearth.properties.models import Block, Estate, Property
from hearth.properties.search import block_entry, estate_entry, property_entry

PROPERTY_FIELDS = [
    "uprn",
    "estate",
    "block",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "kind",
    "bedrooms",
    "floor",
    "floor_area",
    "adapted",
    "ownership",
    "status",
    "asbestos_present",
    "fire_risk_assessed_on",
    "gas_safety_due",
]
AUDITED_PROPERTY_FIELDS = ["reference", *PROPERTY_FIELDS]
BLOCK_FIELDS = [
    "estate",
    "name",
    "address_line_1",
    "town",
    "postcode",
    "storeys",
    "asbestos_present",
    "fire_risk_assessed_on",
]
ESTATE_FIELDS = ["name", "ward"]


LABELS = {
    "estate": "estate",
    "name": "name",
    "address_line_1": "first line of the address",
    "town": "town",
    "postcode": "postcode",
    "kind": "type of property",
}


def _missing(errors: Errors, data: dict[str, Any], fields: tuple[str, ...]) -> None:
    for field in fields:
        if data.get(field) in (None, "") and field not in errors.by_field:
            verb = "Select" if field in ("estate", "kind") else "Enter"
            errors.add(field, f"{verb} the {LABELS[field]}.")


def _choice(choices: list[str], message: str) -> Any:
    def check(value: str) -> str:
        if value not in choices:
            raise ValidationError(message)
        return value

    return check


def _not_future(label: str) -> Any:
    def check(value: dt.date | None) -> dt.date | None:
        if value and value > timezone.localdate():
            raise ValidationError(f"The {label} must be today or in the past.")
        return value

    return check


def _uprn(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError("A UPRN is a whole number of up to 12 digits.") from None
    validate_uprn(number)
    return number


def _bedrooms(value: Any) -> int:
    if not isinstance(value, int) or not 0 <= value <= 15:
        raise ValidationError("Bedrooms must be a whole number from 0 to 15.")
    return value


FLOOR_AREA_MESSAGE = "Floor area must be a number of square metres more than 0 and up to 1000, like 62.5."


def _floor_area(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        area = Decimal(str(value).strip().lower().removesuffix("m²").removesuffix("m2").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(FLOOR_AREA_MESSAGE) from None
    if not area.is_finite() or not 0 < area <= 1000:
        raise ValidationError(FLOOR_AREA_MESSAGE)
    return area.quantize(Decimal("0.01"))


def validate_property(data: dict[str, Any], *, instance: Property | None) -> dict[str, Any]:
    reject_unknown(data, PROPERTY_FIELDS)
    data = dict(data)
    if "address_line_2" in data:
        data["address_line_2"] = (data["address_line_2"] or "").strip()
    errors = Errors()
    errors.clean(data, "address_line_1", required("first line of the address"))
    errors.clean(data, "town", required("town"))
    errors.clean(data, "postcode", normalise_postcode)
    errors.clean(data, "uprn", _uprn)
    errors.clean(data, "kind", _choice(Property.Kind.values, "Select the type of property."))
    errors.clean(data, "ownership", _choice(Property.Ownership.values, "Select who owns the property."))
    errors.clean(data, "status", _choice(Property.Status.values, "Select the property's status."))
    errors.clean(data, "bedrooms", _bedrooms)
    errors.clean(data, "floor_area", _floor_area)
    errors.clean(data, "fire_risk_assessed_on", _not_future("fire risk assessment date"))
    if instance is None:
        _missing(errors, data, ("estate", "address_line_1", "town", "postcode", "kind"))
    errors.unique(
        data,
        "uprn",
        Property,
        instance,
        lambda other: f"UPRN {other.uprn} is already used by {other.reference}, {other.address}.",
    )
    estate = data.get("estate", instance.estate if instance else None)
    block = data.get("block", instance.block if instance else None)
    if block is not None and estate is not None and block.estate_id != estate.pk:
        errors.add("block", f"{block} is not on {estate}.")
    kind = data.get("kind", instance.kind if instance else None)
    if kind and kind not in Property.DWELLINGS and data.get("bedrooms"):
        errors.add("bedrooms", "Only homes have bedrooms; set bedrooms to 0 for this type.")
    errors.raise_if_any()
    return data


@transaction.atomic
def create_property(*, actor: Actor, **data: Any) -> Property:
    permissions.require(actor, "properties.edit")
    clean = validate_property(data, instance=None)
    prop = Property(reference=next_reference("PR", width=7), **clean)
    create_audited(actor=actor, obj=prop, fields=AUDITED_PROPERTY_FIELDS, summary="Property added")
    search.index(property_entry(prop))
    return prop


@transaction.atomic
def update_property(*, actor: Actor, prop: Property, **data: Any) -> Property:
    permissions.require(actor, "properties.edit")
    return save_changes(
        actor=actor,
        obj=prop,
        data=validate_property(data, instance=prop),
        fields=AUDITED_PROPERTY_FIELDS,
        index=lambda saved: search.index(property_entry(saved)),
        search_kind="property",
    )


def validate_block(data: dict[str, Any], *, instance: Block | None) -> dict[str, Any]:
    reject_unknown(data, BLOCK_FIELDS)
    data = dict(data)
    errors = Errors()
    errors.clean(data, "name", required("name of the block"))
    errors.clean(data, "address_line_1", required("first line of the address"))
    errors.clean(data, "town", required("town"))
    errors.clean(data, "postcode", normalise_postcode)
    errors.clean(data, "fire_risk_assessed_on", _not_future("fire risk assessment date"))
    if instance is None:
        _missing(errors, data, ("estate", "name", "address_line_1", "town", "postcode"))
    errors.raise_if_any()
    return data


@transaction.atomic
def create_block(*, actor: Actor, **data: Any) -> Block:
    permissions.require(actor, "properties.edit")
    clean = validate_block(data, instance=None)
    block = Block(code=next_reference("B", width=4), **clean)
    create_audited(actor=actor, obj=block, fields=["code", *BLOCK_FIELDS], summary="Block added")
    search.index(block_entry(block))
    return block


@transaction.atomic
def update_block(*, actor: Actor, block: Block, **data: Any) -> Block:
    permissions.require(actor, "properties.edit")
    clean = validate_block(data, instance=block)
    update_audited(
        actor=actor, obj=block, data=clean, fields=["code", *BLOCK_FIELDS], summary="Details changed"
    )
    search.index(block_entry(block))
    return block


@transaction.atomic
def create_estate(*, actor: Actor, name: str, ward: str = "") -> Estate:
    permissions.require(actor, "properties.edit")
    errors = Errors()
    data = {"name": name, "ward": (ward or "").strip()}
    errors.clean(data, "name", required("name of the estate"))
    if "name" not in errors.by_field and Estate.objects.filter(name__iexact=data["name"]).exists():
        errors.add("name", f"There is already an estate called {data['name']}.")
    errors.raise_if_any()
    estate = Estate(code=next_reference("E", width=3), **data)
    create_audited(actor=actor, obj=estate, fields=["code", *ESTATE_FIELDS], summary="Estate added")
    search.index(estate_entry(estate))
    return estate


@transaction.atomic
def update_estate(*, actor: Actor, estate: Estate, **data: Any) -> Estate:
    permissions.require(actor, "properties.edit")
    reject_unknown(data, ESTATE_FIELDS)
    errors = Errors()
    errors.clean(data, "name", required("name of the estate"))
    errors.raise_if_any()
    update_audited(
        actor=actor, obj=estate, data=data, fields=["code", *ESTATE_FIELDS], summary="Details changed"
    )
    search.index(estate_entry(estate))
    return estate
