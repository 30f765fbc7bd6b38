"""API for estates, blocks and properties. Thin: schemas in, services and selectors, schemas out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hearth.api.auth import actor
from hearth.api.capabilities import requires
from hearth.api.errors import ERRORS, fields_renamed
from hearth.api.pagination import Page, PageQuery, paginate
from hearth.api.references import References
from hearth.api.schemas import Id, InputSchema, choice, omittable, text
from hearth.properties import selectors, services
from hearth.properties.models import Block, Estate, Property

router = Router(tags=["properties"])

# service field -> API field
RENAMED = {"estate": "estate_id", "block": "block_id"}


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
    fire_risk_assessed_on: dt.date | None = None


class BlockPatch(InputSchema):
    # fields that may be left out but not set to null are typed without None (their default is unset)
    estate_id: Id = omittable()
    name: str | None = text(Block, "name", None)
    address_line_1: str | None = text(Block, "address_line_1", None)
    town: str | None = text(Block, "town", None)
    postcode: str | None = _postcode(None)
    storeys: int = omittable(ge=1, le=100, description="Storeys")
    asbestos_present: bool = omittable()
    fire_risk_assessed_on: dt.date | None = None


class BlockFilters(Schema):
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

    @staticmethod
    def resolve_kind_label(obj: Property) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj: Property) -> str:
        return obj.get_status_display()


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
    fire_risk_assessed_on: dt.date | None = None
    gas_safety_due: dt.date | None = None


class PropertyPatch(InputSchema):
    # fields that may be left out but not set to null are typed without None (their default is unset)
    estate_id: Id = omittable()
    block_id: Id | None = None
    uprn: int | None = Field(None, description="Unique Property Reference Number (up to 12 digits).")
    address_line_1: str | None = text(Property, "address_line_1", None)
    address_line_2: str | None = text(Property, "address_line_2", None)
    town: str | None = text(Property, "town", None)
    postcode: str | None = _postcode(None)
    kind: str | None = choice(Property, "kind", None)
    bedrooms: int | None = Field(None, description="Bedrooms (0 to 15; 0 for garages, stores, shops).")
    floor: int | None = Field(None, ge=-10, le=200, description="Floor (0 is the ground floor).")
    floor_area: Decimal | None = Field(
        None, description="Internal floor area in square metres (more than 0, up to 1000)."
    )
    adapted: bool = omittable()
    ownership: str | None = choice(Property, "ownership", None)
    status: str | None = choice(Property, "status", None)
    asbestos_present: bool = omittable()
    fire_risk_assessed_on: dt.date | None = None
    gas_safety_due: dt.date | None = None


class PropertyFilters(Schema):
    estate: int | None = Field(None, ge=1, le=2**63 - 1, description="Estate id.")
    block: int | None = Field(None, ge=1, le=2**63 - 1, description="Block id.")
    kind: str = choice(Property, "kind", "")
    status: str = choice(Property, "status", "")
    ownership: str = choice(Property, "ownership", "")
    bedrooms: int | None = Field(None, ge=0, le=15)
    postcode: str = Field("", max_length=12, description="The start of the postcode, e.g. SW1A.")


def _references(data: dict[str, Any]) -> dict[str, Any]:
    """estate_id / block_id in a body -> the estate and block objects the services take."""
    refs = References()
    if "estate_id" in data:
        data["estate"] = refs.one(Estate, data.pop("estate_id"), "estate_id")
    if "block_id" in data:
        data["block"] = refs.one(Block, data.pop("block_id"), "block_id")
    refs.raise_if_any()
    return data


def _write(request: HttpRequest, payload: Schema, service: Callable[..., Any], **record: Any) -> Any:
    """Call a create or update service with the fields sent (estate and block ids looked up first);
    its problems are reported under the API's field names."""
    data = _references(payload.model_dump(exclude_unset=True))
    with fields_renamed(RENAMED):
        return service(actor=actor(request), **record, **data)


class EstatePage(Page[EstateOut]):
    pass


class BlockPage(Page[BlockOut]):
    pass


class PropertyPage(Page[PropertyOut]):
    pass


# --- estates ---------------------------------------------------------------------------------


@router.get("/estates", response={200: EstatePage, **ERRORS})
@requires("records.view")
def list_estates(request: HttpRequest, page: Query[PageQuery]) -> Any:
    return paginate(selectors.estate_list(), page)


@router.post("/estates", response={201: EstateOut, **ERRORS})
@requires("properties.edit")
def create_estate(request: HttpRequest, payload: EstateIn) -> Any:
    return Status(201, services.create_estate(actor=actor(request), name=payload.name, ward=payload.ward))


@router.get("/estates/{estate_id}", response={200: EstateOut, **ERRORS})
@requires("records.view")
def get_estate(request: HttpRequest, estate_id: Id) -> Any:
    return selectors.estate_detail(estate_id)


@router.patch("/estates/{estate_id}", response={200: EstateOut, **ERRORS})
@requires("properties.edit")
def update_estate(request: HttpRequest, estate_id: Id, payload: EstatePatch) -> Any:
    """Change only the fields sent."""
    estate = selectors.estate_detail(estate_id)
    return services.update_estate(
        actor=actor(request), estate=estate, **payload.model_dump(exclude_unset=True)
    )


# --- blocks ----------------------------------------------------------------------------------


@router.get("/blocks", response={200: BlockPage, **ERRORS})
@requires("records.view")
def list_blocks(request: HttpRequest, filters: Query[BlockFilters], page: Query[PageQuery]) -> Any:
    return paginate(selectors.block_list(estate=filters.estate), page)


@router.post("/blocks", response={201: BlockOut, **ERRORS})
@requires("properties.edit")
def create_block(request: HttpRequest, payload: BlockIn) -> Any:
    block = _write(request, payload, services.create_block)
    return Status(201, selectors.block_detail(block.pk))


@router.get("/blocks/{block_id}", response={200: BlockOut, **ERRORS})
@requires("records.view")
def get_block(request: HttpRequest, block_id: Id) -> Any:
    return selectors.block_detail(block_id)


@router.patch("/blocks/{block_id}", response={200: BlockOut, **ERRORS})
@requires("properties.edit")
def update_block(request: HttpRequest, block_id: Id, payload: BlockPatch) -> Any:
    """Change only the fields sent."""
    _write(request, payload, services.update_block, block=selectors.block_detail(block_id))
    return selectors.block_detail(block_id)


# --- properties ------------------------------------------------------------------------------


@router.get("/properties", response={200: PropertyPage, **ERRORS})
@requires("records.view")
def list_properties(request: HttpRequest, filters: Query[PropertyFilters], page: Query[PageQuery]) -> Any:
    """Properties by postcode and address."""
    return paginate(selectors.property_list(**filters.model_dump()), page)


@router.post("/properties", response={201: PropertyOut, **ERRORS})
@requires("properties.edit")
def create_property(request: HttpRequest, payload: PropertyIn) -> Any:
    prop = _write(request, payload, services.create_property)
    return Status(201, selectors.property_detail(prop.pk))


@router.get("/properties/{property_id}", response={200: PropertyOut, **ERRORS})
@requires("records.view")
def get_property(request: HttpRequest, property_id: Id) -> Any:
    return selectors.property_detail(property_id)


@router.patch("/properties/{property_id}", response={200: PropertyOut, **ERRORS})
@requires("properties.edit")
def update_property(request: HttpRequest, property_id: Id, payload: PropertyPatch) -> Any:
    """Change only the fields sent. The change is recorded on the property's history."""
    _write(request, payload, services.update_property, prop=selectors.property_detail(property_id))
    return selectors.property_detail(property_id)
