"""Writes for people, households and protected alerts. Each is one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from hearth.core import audit, permissions, search
from hearth.core.actors import Actor, user_of
from hearth.core.records import Errors, create_audited, reject_unknown, required, save_changes
from hearth.core.references import next_reference
from hearth.core.validators import normalise_ni_number
from hearth.people.models import Alert, Household, HouseholdMember, Person
from hearth.people.search import person_entry

PERSON_FIELDS = [
    "title",
    "first_name",
    "middle_names",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "ni_number",
    "email",
    "phone",
    "address",
    "preferred_contact",
    "language",
    "interpreter_needed",
]
AUDITED_PERSON_FIELDS = ["reference", *PERSON_FIELDS]


def _date_of_birth(value: dt.date | None) -> dt.date | None:
    if value is None:
        return None
    if value > timezone.localdate():
        raise ValidationError("Date of birth must be in the past.")
    if value < dt.date(1900, 1, 1):
        raise ValidationError("Date of birth must be after 1 January 1900.")
    return value


def _ni(value: str | None) -> str | None:
    return normalise_ni_number(value) if value and value.strip() else None


def _email(value: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                "Enter an email address in the correct format, like name@example.com."
            ) from None
    return value


def _contact(value: str) -> str:
    if value not in Person.ContactMethod.values:
        raise ValidationError("Select how the person prefers to be contacted.")
    return value


def validate_person(data: dict[str, Any], *, instance: Person | None) -> dict[str, Any]:
    reject_unknown(data, PERSON_FIELDS)
    data = dict(data)
    for text_field in ("title", "middle_names", "preferred_name", "phone", "address", "language"):
        if text_field in data:
            data[text_field] = (data[text_field] or "").strip()
    errors = Errors()
    errors.clean(data, "first_name", required("first name"))
    errors.clean(data, "last_name", required("last name"))
    errors.clean(data, "date_of_birth", _date_of_birth)
    errors.clean(data, "ni_number", _ni)
    errors.clean(data, "email", _email)
    errors.clean(data, "preferred_contact", _contact)
    if instance is None:
        for field, label in (("first_name", "first name"), ("last_name", "last name")):
            if field not in data:
                errors.add(field, f"Enter the {label}.")
    errors.unique(
        data,
        "ni_number",
        Person,
        instance,
        lambda other: f"This National Insurance number is already recorded for {other.reference}.",
    )
    contact = data.get("preferred_contact", instance.preferred_contact if instance else None)
    email = data.get("email", instance.email if instance else "")
    phone = data.get("phone", instance.phone if instance else "")
    if contact == Person.ContactMethod.EMAIL and not email and "email" not in errors.by_field:
        errors.add("email", "Enter an email address, or choose another contact method.")
    if contact in (Person.ContactMethod.PHONE, Person.ContactMethod.TEXT) and not phone:
        errors.add("phone", "Enter a phone number, or choose another contact method.")
    errors.raise_if_any()
    return data


def reindex_person(person: Person) -> None:
    search.index(person_entry(person))


@transaction.atomic
def create_person(*, actor: Actor, **data: Any) -> Person:
    permissions.require(actor, "people.edit")
    clean = validate_person(data, instance=None)
    person = Person(reference=next_reference("P", width=7), **clean)
    create_audited(actor=actor, obj=person, fields=AUDITED_PERSON_FIELDS, summary="Person added")
    reindex_person(person)
    return person


@transaction.atomic
def update_person(*, actor: Actor, person: Person, **data: Any) -> Person:
    permissions.require(actor, "people.edit")
    return save_changes(
        actor=actor,
        obj=person,
        data=validate_person(data, instance=person),
        fields=AUDITED_PERSON_FIELDS,
        index=reindex_person,
        search_kind="person",
    )


@transaction.atomic
def add_alert(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    category: str,
    description: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> Alert:
    permissions.require(actor, "people.edit_protected")
    errors = Errors()
    if kind not in Alert.Kind.values:
        errors.add("kind", "Select whether this is a vulnerability or a cautionary alert.")
    if not (category or "").strip():
        errors.add("category", "Enter a category, for example Mobility or Violent behaviour.")
    start = start_date or timezone.localdate()
    if end_date and end_date < start:
        errors.add("end_date", "The end date must be on or after the start date.")
    errors.raise_if_any()
    alert = Alert.objects.create(
        person=person,
        kind=kind,
        category=category.strip(),
        description=(description or "").strip(),
        start_date=start,
        end_date=end_date,
        recorded_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        obj=person,
        action="alert added",
        summary=f"{alert.get_kind_display()} recorded (protected)",
    )
    return alert


@transaction.atomic
def create_household(*, actor: Actor, name: str, lead: Person) -> Household:
    permissions.require(actor, "people.edit")
    if not (name or "").strip():
        raise ValidationError({"name": ["Enter a name for the household."]})
    household = Household.objects.create(reference=next_reference("H", width=7), name=name.strip())
    HouseholdMember.objects.create(
        household=household,
        person=lead,
        relationship=HouseholdMember.Relationship.LEAD,
        joined=timezone.localdate(),
    )
    audit.record(actor=actor, obj=household, action="created", summary=f"Household created with {lead}")
    return household


@transaction.atomic
def add_to_household_of(
    *, actor: Actor, person: Person, member: Person, relationship: str
) -> HouseholdMember:
    """Add `member` to `person`'s current household, creating one led by `person` if there is none."""
    permissions.require(actor, "people.edit")
    if member.pk == person.pk:
        raise ValidationError({"person": ["Choose someone other than the person themselves."]})
    current = person.memberships.filter(left__isnull=True).select_related("household").first()
    household = (
        current.household
        if current
        else create_household(actor=actor, name=f"{person.last_name} household", lead=person)
    )
    return add_household_member(actor=actor, household=household, person=member, relationship=relationship)


@transaction.atomic
def add_household_member(
    *, actor: Actor, household: Household, person: Person, relationship: str, joined: dt.date | None = None
) -> HouseholdMember:
    permissions.require(actor, "people.edit")
    errors = Errors()
    if relationship not in HouseholdMember.Relationship.values:
        errors.add("relationship", "Select the person's relationship to the household.")
    if household.members.filter(person=person, left__isnull=True).exists():
        errors.add("person", f"{person} is already a member of this household.")
    if joined and joined > timezone.localdate():
        errors.add("joined", "The date joined must be today or in the past.")
    errors.raise_if_any()
    member = HouseholdMember.objects.create(
        household=household, person=person, relationship=relationship, joined=joined or timezone.localdate()
    )
    audit.record(
        actor=actor,
        obj=household,
        action="member added",
        summary=f"{person} joined as {member.get_relationship_display().lower()}",
    )
    audit.record(actor=actor, obj=person, action="household joined", summary=f"Joined {household}")
    return member
