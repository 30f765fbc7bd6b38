"""API for the housing register and choice-based lettings: applications, adverts and bids (read).

One list operation serves both a search and a single record (`?reference=HR0000123`). Officers see
only their own partners' applications.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from hearth.api.auth import actor
from hearth.api.capabilities import requires
from hearth.api.errors import ERRORS
from hearth.api.pagination import PageQuery, page_of, paginate
from hearth.api.schemas import QuerySchema, choice, read_along
from hearth.lettings import selectors, services
from hearth.lettings.models import Advert, Application, ApplicationMember, Bid

router = Router(tags=["lettings"])


# --- schemas ---------------------------------------------------------------------------------


class MemberOut(Schema):
    person_id: int
    name: str
    relationship: str
    sex: str

    resolve_name = read_along("person.full_name")


class ApplicationOut(Schema):
    id: int
    reference: str
    council: str
    applicant_id: int
    applicant_name: str
    status: str
    registration_date: dt.date
    band: str
    band_expires: dt.date | None
    effective_date: dt.date | None
    bedroom_need: int
    computed_bedrooms: int
    bedroom_override_reason: str
    qualifies: bool | None
    qualification_reasons: str
    local_connections: list[str]
    needs_adapted: bool
    members: list[MemberOut]

    resolve_council = read_along("council.code")
    resolve_applicant_name = read_along("applicant.full_name")

    @staticmethod
    def resolve_members(obj: Application) -> list[ApplicationMember]:
        return list(obj.members.all())


class ApplicationFilters(QuerySchema):
    reference: str = Field("", max_length=12, description="One application by its reference.")
    status: str = choice(Application, "status", "")
    band: str = Field("", max_length=20)
    bedrooms: int | None = Field(None, ge=0, le=10, description="Bedroom need.")


class AdvertOut(Schema):
    id: int
    reference: str
    cycle: str
    closes_at: dt.datetime
    property_reference: str
    address: str
    landlord: str
    bedrooms: int
    min_age: int | None
    local_connection: str
    adapted_only: bool
    status: str
    bid_count: int

    resolve_cycle = read_along("cycle.reference")
    resolve_closes_at = read_along("cycle.closes_at")
    resolve_property_reference = read_along("property.reference")
    resolve_address = read_along("property.address")
    resolve_landlord = read_along("landlord.code")


class AdvertFilters(QuerySchema):
    cycle_id: int | None = Field(None, ge=1, le=2**63 - 1)
    status: str = choice(Advert, "status", "")
    bedrooms: int | None = Field(None, ge=0, le=10)


class BidOut(Schema):
    id: int
    application_id: int
    advert_id: int
    advert_reference: str
    channel: str
    status: str
    placed_at: dt.datetime
    withdrawn_at: dt.datetime | None

    resolve_advert_reference = read_along("advert.reference")


class BidFilters(QuerySchema):
    application_id: int = Field(..., ge=1, le=2**63 - 1)


# --- endpoints -------------------------------------------------------------------------------


@router.get("/lettings/applications", response={200: page_of(ApplicationOut), **ERRORS})
@requires("lettings.view")
def list_applications(
    request: HttpRequest, filters: Query[ApplicationFilters], page: Query[PageQuery]
) -> Any:
    """Applications on the register of the partners the caller works for, newest first."""
    qs = selectors.application_list(
        actor(request), status=filters.status, band=filters.band, bedrooms=filters.bedrooms
    ).prefetch_related("members__person")
    if filters.reference:
        qs = qs.filter(reference=filters.reference.strip().upper())
    return paginate(qs, page)


@router.get("/lettings/adverts", response={200: page_of(AdvertOut), **ERRORS})
@requires("lettings.view")
def list_adverts(request: HttpRequest, filters: Query[AdvertFilters], page: Query[PageQuery]) -> Any:
    """Adverts, newest cycle first, with their live bid counts."""
    qs = selectors.advert_list(
        actor(request), cycle=filters.cycle_id, status=filters.status, bedrooms=filters.bedrooms
    )
    return paginate(qs, page)


@router.get("/lettings/bids", response={200: page_of(BidOut), **ERRORS})
@requires("lettings.view")
def list_bids(request: HttpRequest, filters: Query[BidFilters], page: Query[PageQuery]) -> Any:
    """An application's bids, newest first."""
    app = get_object_or_404(Application, pk=filters.application_id)
    services.require_council(actor(request), app.council_id)
    qs = Bid.objects.filter(application=app).select_related("advert").order_by("-placed_at")
    return paginate(qs, page)
