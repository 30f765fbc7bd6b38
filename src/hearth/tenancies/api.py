"""API for agreements (tenancies, licences, leases): create, list, read. Ending one is a tenancy
process (`hearth.tenancy_processes.api`)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema

from hearth.api.records import Kind, Records
from hearth.api.references import IdFields
from hearth.api.schemas import Day, Id, InputSchema, QuerySchema, choice, label_of, read_along
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.tenancies import selectors, services
from hearth.tenancies.models import Tenancy, TenancyParty

router = Router(tags=["tenancies"])

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
    start_date: Day
    end_date: dt.date | None
    end_reason: str
    live: bool
    tenants: list[PartyOut]
    occupants: list[PartyOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    resolve_kind_label = label_of("kind")

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
    start_date: Day
    end_date: Day | None = None
    tenant_ids: list[Id] = Field(
        ..., max_length=10, description="People who hold the agreement (at least one)."
    )
    occupant_ids: list[Id] = Field([], max_length=30, description="Other people living there.")


class TenancyFilters(QuerySchema):
    kind: str = choice(Tenancy, "kind", "")
    live: str = Field(
        "",
        description="yes: running today; no: already ended.",
        json_schema_extra={"enum": ["", "yes", "no"]},
    )
    property_id: int | None = Field(None, ge=1, le=2**63 - 1)
    person_id: int | None = Field(None, ge=1, le=2**63 - 1, description="Agreements this person is party to.")
    started_from: Day | None = None
    started_to: Day | None = None


# --- endpoints: list_tenancies, create_tenancy, get_tenancy ---------------------------------

# the id fields of the body: the API's field -> the service's field and the model
IDS: IdFields = {
    "property_id": ("property", Property),
    "tenant_ids": ("tenants", Person),
    "occupant_ids": ("occupants", Person),
}

records = Records(
    router,
    reads=selectors,
    writes=services,
    edit="tenancies.edit",
    ids=IDS,
    descriptions={
        "list_tenancies": "Agreements, newest first.",
        "create_tenancy": "A new agreement on a property, with its tenants and any other occupants.",
    },
)
records.add(Kind("tenancy", "tenancies", TenancyOut, TenancyIn, filters=TenancyFilters))
