"""Succession on a tenant's death: a statutory succession (only one; the successor's qualifying
residence checked) is done at once, with a letter to the successor; a discretionary one (outside
the statutory rules, with a reason) waits for a senior officer other than the officer who asked
(`approvals.decide`) and does not count as the one succession."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import audit, permissions
from hearth.people.models import Person
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancy_processes import actions, rules, selectors
from hearth.tenancy_processes.common import (
    ask_for_approval,
    finish,
    kind_problem,
    make_tenant,
    raise_problems,
    tenants,
    waiting_problem,
)
from hearth.tenancy_processes.models import TenancyProcess


def succession_problems(
    *,
    tenancy: Tenancy,
    deceased: Person | None,
    successor: Person | None,
    relationship: str,
    resided_since: dt.date | None,
    date_of_death: dt.date | None,
    discretionary: bool = False,
    reason: str = "",
) -> dict[str, str]:
    """Everything wrong with a succession, field -> sentence (nothing is changed)."""
    refused = kind_problem(tenancy, "succession")
    if refused:
        return refused
    current = tenants(tenancy)
    if discretionary:
        problems = rules.discretionary_succession_problems(
            tenancy_kind=tenancy.kind,
            sole_tenant=len(current) == 1,
            relationship=relationship,
            resided_since=resided_since,
            date_of_death=date_of_death,
            reason=reason,
        )
    else:
        problems = rules.succession_problems(
            tenancy_kind=tenancy.kind,
            tenancy_start=tenancy.start_date,
            sole_tenant=len(current) == 1,
            previous_succession=selectors.succession_used(tenancy),
            relationship=relationship,
            resided_since=resided_since,
            date_of_death=date_of_death,
        )
        if relationship in rules.DISCRETIONARY_RELATIONSHIPS:
            problems["relationship"] = (
                "The law gives a carer or other member of the household no right to succeed; "
                "ask for a discretionary succession instead."
            )
    if deceased is None or deceased.pk not in {t.person_id for t in current}:
        problems["deceased"] = (
            problems.get("deceased") or "The person who died must be a tenant of this tenancy."
        )
    if successor is None:
        problems["successor"] = "Enter the successor's person reference."
    elif deceased is not None and successor.pk == deceased.pk:
        problems["successor"] = "The successor must be someone other than the tenant who died."
    return problems


def check_succession(
    *,
    tenancy: Tenancy,
    deceased: Person | None,
    successor: Person | None,
    relationship: str,
    resided_since: dt.date | None,
    date_of_death: dt.date | None,
    discretionary: bool = False,
    reason: str = "",
) -> None:
    """Every problem with a succession at once, including a discretionary one already waiting."""
    problems = succession_problems(
        tenancy=tenancy,
        deceased=deceased,
        successor=successor,
        relationship=relationship,
        resided_since=resided_since,
        date_of_death=date_of_death,
        discretionary=discretionary,
        reason=reason,
    )
    if discretionary and not problems:
        problems = waiting_problem(tenancy, TenancyProcess.Kind.SUCCESSION, "successor")
    raise_problems(problems)


def _pass_to(tenancy: Tenancy, deceased: Person, successor: Person, died: dt.date) -> None:
    """The deceased tenant's part ends on the date of death; the successor becomes the tenant."""
    TenancyParty.objects.filter(tenancy=tenancy, person=deceased).update(end_date=died)
    make_tenant(tenancy, successor, died + dt.timedelta(days=1))


def succession(
    *,
    actor: Any,
    tenancy: Tenancy,
    deceased: Person | None,
    successor: Person | None,
    relationship: str,
    resided_since: dt.date | None,
    date_of_death: dt.date | None,
    discretionary: bool = False,
    reason: str = "",
) -> TenancyProcess:
    """The tenancy passes to the successor (statutory: at once, recorded as the one succession), or a
    discretionary succession is asked for (pending until a senior officer approves it)."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().select_related("property").get(pk=tenancy.pk)
        check_succession(
            tenancy=tenancy,
            deceased=deceased,
            successor=successor,
            relationship=relationship,
            resided_since=resided_since,
            date_of_death=date_of_death,
            discretionary=discretionary,
            reason=reason,
        )
        if successor is None or deceased is None or date_of_death is None or resided_since is None:
            raise ValidationError({"successor": ["Check the succession and try again."]})  # reported above
        if discretionary:
            return _ask(
                actor, tenancy, deceased, successor, relationship, resided_since, date_of_death, reason
            )
        _pass_to(tenancy, deceased, successor, date_of_death)
        label = rules.SUCCESSION_RELATIONSHIPS[relationship].lower()
        audit.record(
            actor=actor,
            obj=tenancy,
            action=actions.SUCCESSION,
            summary=f"{successor} ({label}) succeeded {deceased}, who died on {date_of_death:%d %B %Y}",
        )
        return finish(
            actor=actor,
            kind=TenancyProcess.Kind.SUCCESSION,
            tenancy=tenancy,
            heading="The tenancy has passed to you by succession",
            paragraphs=[
                f"Following the death of {deceased.full_name} on {date_of_death:%d %B %Y}, the "
                f"{tenancy.get_kind_display().lower()} of {tenancy.property.address} has passed to you by "
                f"succession ({label}).",
                f"We have checked that you were living at the home as your only or principal home "
                f"from {resided_since:%d %B %Y}.",
                "The law allows only one succession to a tenancy: this tenancy cannot pass by succession again.",
            ],
            to=[successor.full_name],
            details={"deceased": deceased.reference, "successor": successor.reference},
            effect=TenancyProcess.Effect.SUCCESSION,
        )


def _ask(
    actor: Any,
    tenancy: Tenancy,
    deceased: Person,
    successor: Person,
    relationship: str,
    resided_since: dt.date,
    date_of_death: dt.date,
    reason: str,
) -> TenancyProcess:
    label = rules.ALL_RELATIONSHIPS[relationship].lower()
    return ask_for_approval(
        actor=actor,
        tenancy=tenancy,
        kind=TenancyProcess.Kind.SUCCESSION,
        details={
            "discretionary": True,
            "deceased": deceased.reference,
            "deceased_id": deceased.pk,
            "successor": successor.reference,
            "successor_id": successor.pk,
            "relationship": relationship,
            "resided_since": resided_since.isoformat(),
            "date_of_death": date_of_death.isoformat(),
            "reason": reason.strip(),
            "outcome": f"Discretionary succession of {successor.full_name} ({label}) to "
            f"{deceased.full_name}: {reason.strip()}",
        },
        action=actions.SUCCESSION_WAITING,
        summary=f"Discretionary succession of {successor} waiting for a senior officer's approval",
    )


def carry_out(actor: Any, process: TenancyProcess) -> tuple[str, list[str], list[str] | None, str]:
    """An approved discretionary succession: checked again, and the tenancy passes to the successor.
    It is the landlord's discretion, so it does not count as the one succession the law allows."""
    d = process.details
    successor = Person.objects.get(pk=d["successor_id"])
    deceased = Person.objects.get(pk=d["deceased_id"])
    died = dt.date.fromisoformat(d["date_of_death"])
    resided_since = dt.date.fromisoformat(d["resided_since"])
    tenancy = process.tenancy
    raise_problems(
        succession_problems(
            tenancy=tenancy,
            deceased=deceased,
            successor=successor,
            relationship=d["relationship"],
            resided_since=resided_since,
            date_of_death=died,
            discretionary=True,
            reason=d["reason"],
        )
    )
    _pass_to(tenancy, deceased, successor, died)
    label = rules.ALL_RELATIONSHIPS[d["relationship"]].lower()
    audit.record(
        actor=actor,
        obj=tenancy,
        action=actions.DISCRETIONARY_SUCCESSION,
        summary=f"{successor} ({label}) granted the tenancy of {deceased}, who died on "
        f"{died:%d %B %Y}, at the landlord's discretion: {d['reason'].strip()}"[:300],
    )
    return (
        "The tenancy has passed to you",
        [
            f"Following the death of {deceased.full_name} on {died:%d %B %Y}, we have decided to let the "
            f"{tenancy.get_kind_display().lower()} of {tenancy.property.address} pass to you. The law did "
            f"not give you a right to succeed; this is a decision at our discretion.",
            f"We have checked that you were living at the home from {resided_since:%d %B %Y}.",
        ],
        [successor.full_name],
        TenancyProcess.Effect.NONE,
    )
