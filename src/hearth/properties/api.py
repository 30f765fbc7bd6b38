"""API for estates, blocks and properties. Thin: schemas in, services and selectors, schemas out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Router, Schema

from hearth.api.records import Kind, Records
from hearth.api.references import IdFields
from hearth.api.schemas import Day, Id, InputSchema, QuerySchema, choice, label_of, omittable, text
from hearth.properties import selectors, services
from hearth.properties.models import Block, Estate, Property

router = Router(tags=["properties"])


def _postcode(default: Any) -> Any:
    return Field(
        default, max_length=12, description="A UK postcode; stored in the standard form, like SW1A 1AA."
    )


# --- schemas ---------------------------------------------------------------------------------


class EstateOut(Schema):
    id: int
    code: str
    name: str
    ward: str


class EstateRef(Schema):
    id: int
    code: str
    name: str


class EstateIn(InputSchema):
    name: str = text(Estate, "name")
    ward: str = text(Estate, "ward", "")


class EstatePatch(InputSchema):
    name: str | None = text(Estate, "name", None)
    ward: str = text(Estate, "ward", None)


class BlockOut(Schema):
    id: int
    code: str
    estate: EstateRef
    name: str
    address_line_1: str
    town: str
    postcode: str
    storeys: int
    asbestos_present: bool
    fire_risk_assessed_on: dt.date | None


class BlockRef(Schema):
    id: int
    code: str
    name: str


class BlockIn(InputSchema):
    estate_id: Id
    name: str = text(Block, "name")
    address_line_1: str = text(Block, "address_line_1")
    town: str = text(Block, "town")
    postcode: str = _postcode(...)
    storeys: int = Field(1, ge=1, le=100, description="Storeys")
    asbestos_present: bool = False
    fire_risk_assessed_on: Day | None = None


class BlockPatch(InputSchema):
    # fields that may be left out but not set to null are typed without None (their default is unset)
    estate_id: Id = omittable()
    name: str | None = text(Block, "name", None)
    address_line_1: str | None = text(Block, "address_line_1", None)
    town: str | None = text(Block, "town", None)
    postcode: str | None = _postcode(None)
    storeys: int = omittable(ge=1, le=100, description="Storeys")
    asbestos_present: bool = omittable()
    fire_risk_assessed_on: Day | None = None


class BlockFilters(QuerySchema):
    estate: int | None = Field(None, ge=1, le=2**63 - 1, description="Only blocks on this estate (id).")


class PropertyOut(Schema):
    id: int
    reference: str
    uprn: int | None
    estate: EstateRef
    block: BlockRef | None
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    address: str
    kind: str
    kind_label: str
    bedrooms: int
    floor: int | None
    floor_area: Decimal | None = Field(description="Internal floor area in square metres, if recorded.")
    adapted: bool
    ownership: str
    status: str
    status_label: str
    asbestos_present: bool
    fire_risk_assessed_on: dt.date | None
    gas_safety_due: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime

    resolve_kind_label = label_of("kind")

    resolve_status_label = label_of("status")


class PropertyIn(InputSchema):
    estate_id: Id
    block_id: Id | None = None
    uprn: int | None = Field(None, description="Unique Property Reference Number (up to 12 digits).")
    address_line_1: str = text(Property, "address_line_1")
    address_line_2: str = text(Property, "address_line_2", "")
    town: str = text(Property, "town")
    postcode: str = _postcode(...)
    kind: str = choice(Property, "kind")
    bedrooms: int = Field(0, description="Bedrooms (0 to 15; 0 for garages, stores, shops).")
    floor: int | None = Field(None, ge=-10, le=200, description="Floor (0 is the ground floor).")
    floor_area: Decimal | None = Field(
        None, description="Internal floor area in square metres (more than 0, up to 1000)."
    )
    adapted: bool = False
    ownership: str = choice(Property, "ownership", Property.Ownership.COUNCIL.value)
    status: str = choice(Property, "status", Property.Status.VOID.value)
    asbestos_present: bool = False
    fire_risk_assessed_on: Day | None = None
    gas_safety_due: Day | None = None


class PropertyPatch(InputSchema):
    # fields that may be left out but not set to null are typed without None (their default is unset)
    estate_id: Id = omittable()
    block_id: Id | None = None
    uprn: int | None = Field(None, description="Unique Property Reference Number (up to 12 digits).")
    address_line_1: str | None = text(Property, "address_line_1", None)
    address_line_2: str | None = text(Property, "address_line_2", None)
    town: str | None = text(Property, "town", None)
    postcode: str | None = _postcode(None)
    kind: str = choice(Property, "kind", None)
    bedrooms: int | None = Field(None, description="Bedrooms (0 to 15; 0 for garages, stores, shops).")
    floor: int | None = Field(None, ge=-10, le=200, description="Floor (0 is the ground floor).")
    floor_area: Decimal | None = Field(
        None, description="Internal floor area in square metres (more than 0, up to 1000)."
    )
    adapted: bool = omittable()
    ownership: str = choice(Property, "ownership", None)
    status: str = choice(Property, "status", None)
    asbestos_present: bool = omittable()
    fire_risk_assessed_on: Day | None = None
    gas_safety_due: Day | None = None


class PropertyFilters(QuerySchema):
    estate: int | None = Field(None, ge=1, le=2**63 - 1, description="Estate id.")
    block: int | None = Field(None, ge=1, le=2**63 - 1, description="Block id.")
    kind: str = choice(Property, "kind", "")
    status: str = choice(Property, "status", "")
    ownership: str = choice(Property, "ownership", "")
    bedrooms: int | None = Field(None, ge=0, le=15)
    postcode: str = Field("", max_length=12, description="The start of the postcode, e.g. SW1A.")


# --- endpoints ------------------------------------------------------------------------------

# the id fields of the bodies: the API's field -> the service's field and the model
IDS: IdFields = {"estate_id": ("estate", Estate), "block_id": ("block", Block)}

records = Records(
    router,
    reads=selectors,
    writes=services,
    edit="properties.edit",
    ids=IDS,
    descriptions={
        "list_properties": "Properties by postcode and address.",
        "update_property": "Change only the fields sent. The change is recorded on the property's history.",
    },
)
# list_estates, create_estate, get_estate, update_estate; likewise for blocks and properties
records.add(Kind("estate", "estates", EstateOut, EstateIn, EstatePatch))
records.add(Kind("block", "blocks", BlockOut, BlockIn, BlockPatch, BlockFilters))
records.add(
    Kind("property", "properties", PropertyOut, PropertyIn, PropertyPatch, PropertyFilters, argument="prop")
)
