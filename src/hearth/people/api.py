"""API for people, their protected alerts, and households. Thin: schemas in, services and selectors, schemas out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hearth.api.auth import actor
from hearth.api.capabilities import requires
from hearth.api.errors import BODY_ERRORS, ERRORS, fields_renamed
from hearth.api.records import Kind, Records
from hearth.api.references import resolve
from hearth.api.schemas import (
    Day,
    Id,
    InputSchema,
    QuerySchema,
    choice,
    label_of,
    omittable,
    read_along,
    text,
)
from hearth.people import selectors, services
from hearth.people.models import Alert, Household, HouseholdMember, Person

router = Router(tags=["people"])

NI_DESCRIPTION = "National Insurance number, e.g. AB 12 34 56 C"


# --- schemas ---------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    reference: str
    title: str
    first_name: str
    middle_names: str
    last_name: str
    preferred_name: str
    full_name: str
    date_of_birth: dt.date | None
    ni_number: str | None
    email: str
    phone: str
    address: str
    preferred_contact: str
    language: str
    interpreter_needed: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class MembershipOut(Schema):
    household_id: int
    household_reference: str
    household_name: str
    relationship: str
    joined: dt.date | None
    left: dt.date | None

    resolve_household_reference = read_along("household.reference")
    resolve_household_name = read_along("household.name")


class AlertOut(Schema):
    id: int
    kind: str
    kind_label: str
    category: str
    description: str
    start_date: dt.date
    end_date: dt.date | None
    recorded_at: dt.datetime

    resolve_kind_label = label_of("kind")


class PersonDetailOut(PersonOut):
    households: list[MembershipOut]
    alerts: list[AlertOut] | None = None  # present only for callers who may see protected data


class PersonIn(InputSchema):
    title: str = text(Person, "title", "")
    first_name: str = text(Person, "first_name")
    middle_names: str = text(Person, "middle_names", "")
    last_name: str = text(Person, "last_name")
    preferred_name: str = text(Person, "preferred_name", "")
    date_of_birth: Day | None = None
    ni_number: str | None = text(Person, "ni_number", None, max_length=20, description=NI_DESCRIPTION)
    email: str = text(Person, "email", "")
    phone: str = text(Person, "phone", "")
    address: str = text(Person, "address", "")
    preferred_contact: str = choice(Person, "preferred_contact", Person.ContactMethod.LETTER.value)
    language: str = text(Person, "language", "English")
    interpreter_needed: bool = False


class PersonPatch(InputSchema):
    title: str | None = text(Person, "title", None)
    first_name: str | None = text(Person, "first_name", None)
    middle_names: str | None = text(Person, "middle_names", None)
    last_name: str | None = text(Person, "last_name", None)
    preferred_name: str | None = text(Person, "preferred_name", None)
    date_of_birth: Day | None = None
    ni_number: str | None = text(Person, "ni_number", None, max_length=20, description=NI_DESCRIPTION)
    email: str | None = text(Person, "email", None)
    phone: str | None = text(Person, "phone", None)
    address: str | None = text(Person, "address", None)
    preferred_contact: str = choice(Person, "preferred_contact", None)
    language: str | None = text(Person, "language", None)
    interpreter_needed: bool = omittable(description="Interpreter needed")


class PersonFilters(QuerySchema):
    q: str = Field("", max_length=200, description="Words that start a first or last name, or a reference.")
    contact: str = choice(Person, "preferred_contact", "")
    has_ni: str = Field(
        "",
        description="yes or no: has a National Insurance number recorded.",
        json_schema_extra={"enum": ["", "yes", "no"]},
    )


class AlertIn(InputSchema):
    kind: str = choice(Alert, "kind")
    category: str = text(Alert, "category")
    description: str = Field("", max_length=5000, description="Details")
    start_date: Day | None = None
    end_date: Day | None = None


class HouseholdMemberOut(Schema):
    person_id: int
    person_reference: str
    person_name: str
    relationship: str
    joined: dt.date | None
    left: dt.date | None

    resolve_person_reference = read_along("person.reference")
    resolve_person_name = read_along("person.full_name")


class HouseholdOut(Schema):
    id: int
    reference: str
    name: str
    created_at: dt.datetime
    members: list[HouseholdMemberOut]


class HouseholdIn(InputSchema):
    name: str = text(Household, "name")
    lead_id: Id


class HouseholdMemberIn(InputSchema):
    person_id: Id
    relationship: str = choice(HouseholdMember, "relationship")
    joined: Day | None = None


class HouseholdFilters(QuerySchema):
    q: str = Field("", max_length=200, description="Words in the household's name, or its reference.")


# --- reads of households (no selector for them yet) ------------------------------------------


class HouseholdReads:
    """The reads of households, named as the people selectors would name them."""

    @staticmethod
    def household_list(*, q: str = "") -> QuerySet[Household]:
        """Households by name; each word of `q` is in the name or is the reference."""
        members = HouseholdMember.objects.select_related("person").order_by("id")
        households = Household.objects.prefetch_related(Prefetch("members", queryset=members))
        for word in q.split()[:4]:
            households = households.filter(Q(name__icontains=word) | Q(reference__iexact=word))
        return households.order_by("name", "id")

    @staticmethod
    def household_detail(pk: int) -> Household:
        return HouseholdReads.household_list().get(pk=pk)


# --- people and households ---------------------------------------------------------------------


def _person_detail(request: HttpRequest, person: Person) -> dict[str, Any]:
    """The person's fields, current households and, only for those allowed, `alerts` (absent otherwise)."""
    out: dict[str, Any] = {name: getattr(person, name) for name in PersonOut.model_fields}
    out["households"] = [m for m in person.memberships.all() if m.left is None]
    alerts = selectors.visible_alerts(person, actor(request))
    if alerts is not None:
        out["alerts"] = alerts
    return out


records = Records(
    router,
    reads=selectors,
    writes=services,
    edit="people.edit",
    ids={"lead_id": ("lead", Person)},
    descriptions={
        "list_people": (
            "People, by last name then first name. `q` matches the start of names, or a reference exactly."
        ),
        "get_person": (
            "A person with their current households. "
            "`alerts` appears only for callers who may see protected data."
        ),
        "update_person": "Change only the fields sent. The change is recorded on the person's history.",
        "create_household": "A household with its lead member.",
    },
)
# list_people, create_person, get_person, update_person; list_households, create_household, get_household
records.add(
    Kind("person", "people", PersonOut, PersonIn, PersonPatch, PersonFilters, PersonDetailOut),
    shown=_person_detail,
)
records.add(
    Kind("household", "households", HouseholdOut, HouseholdIn, filters=HouseholdFilters), reads=HouseholdReads
)


# --- protected alerts and household members ---------------------------------------------------


@router.get("/people/{person_id}/alerts", response={200: list[AlertOut], **ERRORS})
@requires("people.view_protected")
def list_person_alerts(request: HttpRequest, person_id: Id) -> Any:
    """The person's live vulnerabilities and cautionary alerts (protected data)."""
    person = selectors.person_detail(person_id)
    return selectors.visible_alerts(person, actor(request)) or []


@router.post("/people/{person_id}/alerts", response={201: AlertOut, **BODY_ERRORS})
@requires("people.edit_protected")
def add_person_alert(request: HttpRequest, person_id: Id, payload: AlertIn) -> Any:
    person = selectors.person_detail(person_id)
    alert = services.add_alert(actor=actor(request), person=person, **payload.model_dump(exclude_unset=True))
    return Status(201, alert)


@router.post("/households/{household_id}/members", response={201: HouseholdOut, **BODY_ERRORS})
@requires("people.edit")
def add_household_member(request: HttpRequest, household_id: Id, payload: HouseholdMemberIn) -> Any:
    household = HouseholdReads.household_detail(household_id)
    person = resolve(Person, payload.person_id, "person_id")
    with transaction.atomic(), fields_renamed({"person": "person_id"}):
        services.add_household_member(
            actor=actor(request),
            household=household,
            person=person,
            relationship=payload.relationship,
            joined=payload.joined,
        )
    return Status(201, HouseholdReads.household_detail(household_id))
