"""API for agreements (tenancies, licences, leases): create, list, read. Ending one is a tenancy
process (`hearth.tenancy_processes.api`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from hearth.api.auth import actor
from hearth.api.capabilities import requires
from hearth.api.errors import ERRORS, fields_renamed
from hearth.api.pagination import Page, PageQuery, paginate
from hearth.api.references import References
from hearth.api.schemas import Id, InputSchema, choice, read_along
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.tenancies import selectors, services
from hearth.tenancies.models import Tenancy, TenancyParty

router = Router(tags=["tenancies"])

RENAMED = {"property": "property_id", "tenants": "tenant_ids", "occupants": "occupant_ids"}


# --- schemas ---------------------------------------------------------------------------------


class PropertyRef(Schema):
    id: int
    reference: str
    address: str


class PartyOut(Schema):
    person_id: int
    reference: str
    name: str
    start_date: dt.date | None
    end_date: dt.date | None

    resolve_reference = read_along("person.reference")
    resolve_name = read_along("person.full_name")


class TenancyOut(Schema):
    id: int
    reference: str
    property: PropertyRef
    kind: str
    kind_label: str
    start_date: dt.date
    end_date: dt.date | None
    end_reason: str
    live: bool
    tenants: list[PartyOut]
    occupants: list[PartyOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_kind_label(obj: Tenancy) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_live(obj: Tenancy) -> bool:
        return selectors.is_live(obj)

    @staticmethod
    def resolve_tenants(obj: Tenancy) -> list[TenancyParty]:
        return [p for p in obj.parties.all() if p.role == TenancyParty.Role.TENANT]

    @staticmethod
    def resolve_occupants(obj: Tenancy) -> list[TenancyParty]:
        return [p for p in obj.parties.all() if p.role == TenancyParty.Role.OCCUPANT]


class TenancyIn(InputSchema):
    property_id: Id
    kind: str = choice(Tenancy, "kind")
    start_date: dt.date
    end_date: dt.date | None = None
    tenant_ids: list[Id] = Field(
        ..., max_length=10, description="People who hold the agreement (at least one)."
    )
    occupant_ids: list[Id] = Field([], max_length=30, description="Other people living there.")


class TenancyFilters(Schema):
    kind: str = choice(Tenancy, "kind", "")
    live: str = Field(
        "",
        description="yes: running today; no: already ended.",
        json_schema_extra={"enum": ["", "yes", "no"]},
    )
    property_id: int | None = Field(None, ge=1, le=2**63 - 1)
    person_id: int | None = Field(None, ge=1, le=2**63 - 1, description="Agreements this person is party to.")
    started_from: dt.date | None = None
    started_to: dt.date | None = None


class TenancyPage(Page[TenancyOut]):
    pass


# --- endpoints -------------------------------------------------------------------------------


@router.get("/tenancies", response={200: TenancyPage, **ERRORS})
@requires("records.view")
def list_tenancies(request: HttpRequest, filters: Query[TenancyFilters], page: Query[PageQuery]) -> Any:
    """Agreements, newest first."""
    return paginate(selectors.tenancy_list(**filters.model_dump()), page)


@router.post("/tenancies", response={201: TenancyOut, **ERRORS})
@requires("tenancies.edit")
def create_tenancy(request: HttpRequest, payload: TenancyIn) -> Any:
    """A new agreement on a property, with its tenants and any other occupants."""
    refs = References()
    prop = refs.one(Property, payload.property_id, "property_id")
    tenants = refs.many(Person, payload.tenant_ids, "tenant_ids")
    occupants = refs.many(Person, payload.occupant_ids, "occupant_ids")
    refs.raise_if_any()
    with fields_renamed(RENAMED):
        tenancy = services.create_tenancy(
            actor=actor(request),
            property=cast(Property, prop),
            kind=payload.kind,
            start_date=payload.start_date,
            end_date=payload.end_date,
            tenants=tenants,
            occupants=occupants,
        )
    return Status(201, selectors.tenancy_detail(tenancy.pk))


@router.get("/tenancies/{tenancy_id}", response={200: TenancyOut, **ERRORS})
@requires("records.view")
def get_tenancy(request: HttpRequest, tenancy_id: Id) -> Any:
    return selectors.tenancy_detail(tenancy_id)
