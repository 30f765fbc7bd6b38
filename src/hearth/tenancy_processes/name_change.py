"""A tenant's change of name, on the evidence seen (deed poll, marriage or civil partnership
certificate, decree, or other evidence described): the person's name changes with its history, and
each of their live agreements records the change with a letter."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import audit, permissions
from hearth.people import services as people_services
from hearth.people.models import Person
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancy_processes import actions, rules
from hearth.tenancy_processes.common import Event, Outcome, finish, raise_problems
from hearth.tenancy_processes.models import TenancyProcess

NAME_LIMITS = {"title": 20, "first_name": 100, "middle_names": 100, "last_name": 100, "note": 200}
NAME_FIELDS = ("title", "first_name", "middle_names", "last_name")


def live_agreements(person: Person) -> list[Tenancy]:
    """The agreements the person is still a tenant of, not ended before today."""
    parties = TenancyParty.objects.filter(person=person).tenants().remaining()
    return list(
        Tenancy.objects.filter(pk__in=parties.values("tenancy_id"))
        .not_ended_by()
        .select_related("property")
        .order_by("pk")
    )


@dataclass(frozen=True, kw_only=True)
class NameChangeRequest:
    """A tenant's change of name as an officer records it: the person, the new name and the evidence
    of the change seen (`rules.NAME_EVIDENCE`; other evidence described in the note)."""

    person: Person | None
    title: str = ""
    first_name: str
    middle_names: str = ""
    last_name: str
    evidence: str
    note: str = ""

    def names(self) -> dict[str, str]:
        """The parts of the new name, trimmed, as the person record keeps them."""
        return {field: (getattr(self, field) or "").strip() for field in NAME_FIELDS}


def check_name_change(request: NameChangeRequest) -> None:
    """Every problem with a change of name at once (nothing is changed). Without the person (not yet
    chosen on the page) the rest is still checked."""
    person = request.person
    values = request.names()
    unchanged = person is not None and all(getattr(person, k) == v for k, v in values.items())
    problems = rules.name_change_problems(
        evidence=request.evidence,
        note=request.note,
        first_name=values["first_name"],
        last_name=values["last_name"],
        unchanged=unchanged,
    )
    for field, limit in NAME_LIMITS.items():
        value = request.note if field == "note" else values[field]
        if len(value or "") > limit and field not in problems:
            problems[field] = f"This must be {limit} characters or fewer."
    if person is not None and not problems and not live_agreements(person):
        problems["__all__"] = (
            f"{person.full_name} is not a tenant of a live agreement; change the name on their person record."
        )
    raise_problems(problems)


def change_name(*, actor: Any, request: NameChangeRequest) -> list[TenancyProcess]:
    """Change a tenant's name and record it, with a letter, on each of their live agreements."""
    permissions.require(actor, "tenancies.process")
    permissions.require(actor, "people.edit")
    if request.person is None:
        raise ValidationError({"person": ["Select the tenant whose name has changed."]})
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=request.person.pk)
        check_name_change(replace(request, person=person))
        old = person.full_name
        agreements = live_agreements(person)
        people_services.update_person(actor=actor, person=person, **request.names())
        person.refresh_from_db()
        new = person.full_name
        note = request.note.strip()
        evidence_label = rules.NAME_EVIDENCE[request.evidence] + (f" ({note})" if note else "")
        audit.record(
            actor=actor,
            obj=person,
            action=actions.NAME_CHANGED,
            changes={"name": [old, new]},
            summary=f"Name changed from {old} to {new}; evidence seen: {evidence_label}",
        )
        outcome = Outcome(
            history=[Event(actions.TENANTS_NAME_CHANGED, f"{person.reference}: {old} is now {new}")],
            heading="Change of name",
            paragraphs=[
                f"We have changed the name on your tenancy from {old} to {new}.",
                f"We saw this evidence of the change: {evidence_label}.",
                "Your tenancy and your rent are not otherwise affected.",
            ],
            to=[new],
            details={
                "person": person.reference,
                "from": old,
                "to_name": new,
                "evidence": request.evidence,
                "evidence_note": note,
            },
        )
        return [finish(actor, TenancyProcess.Kind.NAME_CHANGE, tenancy, outcome) for tenancy in agreements]
