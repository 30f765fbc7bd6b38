"""Succession on a tenant's death: a statutory succession (only one; the successor's qualifying
residence checked) is done at once, with a letter to the successor; a discretionary one (outside
the statutory rules, with a reason) waits for a senior officer other than the officer who asked
(`approvals.decide`) and does not count as the one succession."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import permissions
from hearth.people.models import Person
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancy_processes import actions, rules, selectors
from hearth.tenancy_processes.common import (
    Event,
    Outcome,
    ask_for_approval,
    finish,
    kind_problem,
    make_tenant,
    raise_problems,
    tenants,
    waiting_problem,
)
from hearth.tenancy_processes.models import TenancyProcess


@dataclass(frozen=True)
class SuccessionRequest:
    """A succession as an officer asks for it: the tenant who died and when, the successor, how they
    were related and since when they lived at the home; a discretionary succession (outside the
    statutory rules) with the reason for it."""

    deceased: Person | None
    successor: Person | None
    relationship: str
    resided_since: dt.date | None
    date_of_death: dt.date | None
    discretionary: bool = False
    reason: str = ""

    @classmethod
    def waiting(cls, details: Mapping[str, Any]) -> SuccessionRequest:
        """The discretionary succession kept on a process waiting for approval."""
        return cls(
            deceased=Person.objects.get(pk=details["deceased_id"]),
            successor=Person.objects.get(pk=details["successor_id"]),
            relationship=details["relationship"],
            resided_since=dt.date.fromisoformat(details["resided_since"]),
            date_of_death=dt.date.fromisoformat(details["date_of_death"]),
            discretionary=True,
            reason=details["reason"],
        )

    @property
    def label(self) -> str:
        """How the successor was related to the tenant, as the history and the letter say it."""
        return rules.ALL_RELATIONSHIPS[self.relationship].lower()

    def checked(self) -> tuple[Person, Person, dt.date, dt.date]:
        """The tenant who died, the successor, the date of death and since when the successor lived at
        the home, once the checks (which report each one missing) have passed."""
        if (
            self.deceased is None
            or self.successor is None
            or self.date_of_death is None
            or self.resided_since is None
        ):
            raise ValidationError({"successor": ["Check the succession and try again."]})
        return self.deceased, self.successor, self.date_of_death, self.resided_since


def claim(
    tenancy: Tenancy,
    current: list[TenancyParty],
    relationship: str,
    since: dt.date | None,
    on: dt.date | None,
) -> rules.Claim:
    """A claim to take the tenancy over on a day as a successor, as the succession rules read it: on
    the tenant's death, or by an assignment to someone who would have been qualified to succeed."""
    return rules.Claim(
        tenancy_kind=tenancy.kind,
        tenancy_start=tenancy.start_date,
        sole_tenant=len(current) == 1,
        relationship=relationship,
        resided_since=since,
        date_of_death=on,
    )


def succession_problems(tenancy: Tenancy, request: SuccessionRequest) -> dict[str, str]:
    """Everything wrong with a succession, field -> sentence (nothing is changed)."""
    refused = kind_problem(tenancy, "succession")
    if refused:
        return refused
    current = tenants(tenancy)
    asked = claim(tenancy, current, request.relationship, request.resided_since, request.date_of_death)
    if request.discretionary:
        problems = rules.discretionary_succession_problems(asked, request.reason)
    else:
        problems = rules.succession_problems(asked, selectors.succession_used(tenancy))
        if request.relationship in rules.DISCRETIONARY_RELATIONSHIPS:
            problems["relationship"] = (
                "The law gives a carer or other member of the household no right to succeed; "
                "ask for a discretionary succession instead."
            )
    deceased, successor = request.deceased, request.successor
    if deceased is None or deceased.pk not in {t.person_id for t in current}:
        problems["deceased"] = (
            problems.get("deceased") or "The person who died must be a tenant of this tenancy."
        )
    if successor is None:
        problems["successor"] = "Enter the successor's person reference."
    elif deceased is not None and successor.pk == deceased.pk:
        problems["successor"] = "The successor must be someone other than the tenant who died."
    return problems


def check_succession(tenancy: Tenancy, request: SuccessionRequest) -> None:
    """Every problem with a succession at once, including a discretionary one already waiting."""
    problems = succession_problems(tenancy, request)
    if request.discretionary and not problems:
        problems = waiting_problem(tenancy, TenancyProcess.Kind.SUCCESSION, "successor")
    raise_problems(problems)


def _pass_to(tenancy: Tenancy, request: SuccessionRequest) -> tuple[Person, Person, dt.date, dt.date]:
    """The deceased tenant's part ends on the date of death; the successor becomes the tenant. Returns
    the deceased, the successor, the date of death and since when the successor lived at the home."""
    deceased, successor, died, resided_since = request.checked()
    TenancyParty.objects.filter(tenancy=tenancy, person=deceased).update(end_date=died)
    make_tenant(tenancy, successor, died + dt.timedelta(days=1))
    return deceased, successor, died, resided_since


def succession(*, actor: Any, tenancy: Tenancy, request: SuccessionRequest) -> TenancyProcess:
    """The tenancy passes to the successor (statutory: at once, recorded as the one succession), or a
    discretionary succession is asked for (pending until a senior officer approves it)."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().select_related("property").get(pk=tenancy.pk)
        check_succession(tenancy, request)
        if request.discretionary:
            return _ask(actor, tenancy, request)
        deceased, successor, died, resided_since = _pass_to(tenancy, request)
        label = request.label
        succeeded = f"{successor} ({label}) succeeded {deceased}, who died on {died:%d %B %Y}"
        return finish(
            actor,
            TenancyProcess.Kind.SUCCESSION,
            tenancy,
            Outcome(
                history=[Event(actions.SUCCESSION, succeeded)],
                heading="The tenancy has passed to you by succession",
                paragraphs=[
                    f"Following the death of {deceased.full_name} on {died:%d %B %Y}, the "
                    f"{tenancy.get_kind_display().lower()} of {tenancy.property.address} has passed to you "
                    f"by succession ({label}).",
                    f"We have checked that you were living at the home as your only or principal home "
                    f"from {resided_since:%d %B %Y}.",
                    "The law allows only one succession to a tenancy: this tenancy cannot pass by succession "
                    "again.",
                ],
                to=[successor.full_name],
                details={"deceased": deceased.reference, "successor": successor.reference},
                effect=TenancyProcess.Effect.SUCCESSION,
            ),
        )


def _ask(actor: Any, tenancy: Tenancy, request: SuccessionRequest) -> TenancyProcess:
    deceased, successor, died, resided_since = request.checked()
    reason = request.reason.strip()
    details = {
        "discretionary": True,
        "deceased": deceased.reference,
        "deceased_id": deceased.pk,
        "successor": successor.reference,
        "successor_id": successor.pk,
        "relationship": request.relationship,
        "resided_since": resided_since.isoformat(),
        "date_of_death": died.isoformat(),
        "reason": reason,
        "outcome": f"Discretionary succession of {successor.full_name} ({request.label}) to "
        f"{deceased.full_name}: {reason}",
    }
    waiting = f"Discretionary succession of {successor} waiting for a senior officer's approval"
    return ask_for_approval(
        actor, TenancyProcess.Kind.SUCCESSION, tenancy, details, Event(actions.SUCCESSION_WAITING, waiting)
    )


def carry_out(actor: Any, process: TenancyProcess) -> Outcome:
    """An approved discretionary succession: checked again, and the tenancy passes to the successor.
    It is the landlord's discretion, so it does not count as the one succession the law allows."""
    tenancy = process.tenancy
    asked = SuccessionRequest.waiting(process.details)
    raise_problems(succession_problems(tenancy, asked))
    deceased, successor, died, resided_since = _pass_to(tenancy, asked)
    granted = (
        f"{successor} ({asked.label}) granted the tenancy of {deceased}, who died on {died:%d %B %Y}, at "
        f"the landlord's discretion: {asked.reason.strip()}"
    )
    return Outcome(
        history=[Event(actions.DISCRETIONARY_SUCCESSION, granted[:300])],
        heading="The tenancy has passed to you",
        paragraphs=[
            f"Following the death of {deceased.full_name} on {died:%d %B %Y}, we have decided to let the "
            f"{tenancy.get_kind_display().lower()} of {tenancy.property.address} pass to you. The law did "
            f"not give you a right to succeed; this is a decision at our discretion.",
            f"We have checked that you were living at the home from {resided_since:%d %B %Y}.",
        ],
        to=[successor.full_name],
    )
