"""Pieces every tenancy process uses: reporting problems, the acting user, the tenants of an
agreement, refusing a second request while one waits, asking for a senior officer's approval, and
recording a process as done (`Outcome`: the lines on the agreement's history, the letter, the legal
effect)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from hearth.core import audit
from hearth.core.records import Errors
from hearth.people.models import Person
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancies.services import reindex_tenancy
from hearth.tenancy_processes import kind_rules, letters
from hearth.tenancy_processes.models import TenancyProcess


def user(actor: Any) -> Any:
    """The user to record as having acted, if the actor is a signed-in user."""
    return actor if getattr(actor, "is_authenticated", False) else None


def add_problems(errors: Errors, problems: Mapping[str, str]) -> None:
    for field, message in problems.items():
        errors.add(field, message)


def merge(errors: Errors, exc: ValidationError, rename: Mapping[str, str] | None = None) -> None:
    """Add the problems a lower service raised, on their fields (renamed where the page calls them
    something else)."""
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                if message not in errors.by_field.get(rename.get(field, field), []):
                    errors.add(rename.get(field, field), message)
    else:
        for message in exc.messages:
            errors.add("__all__", message)


def raise_problems(problems: Mapping[str, str]) -> None:
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})


def tenants(tenancy: Tenancy) -> list[TenancyParty]:
    """The tenants a process acts on: those whose part of the agreement has no end recorded."""
    return list(TenancyParty.objects.filter(tenancy=tenancy).tenants().remaining().select_related("person"))


def tenant_names(tenancy: Tenancy) -> list[str]:
    return [p.person.full_name for p in tenants(tenancy)]


def kind_problem(tenancy: Tenancy, process: str) -> dict[str, str]:
    """The refusal, on the whole form, when the rules for this kind of agreement leave the process out."""
    problem = kind_rules.refusal(tenancy.kind, process)
    return {"__all__": problem} if problem else {}


def waiting_problem(tenancy: Tenancy, kind: str, field: str) -> dict[str, str]:
    if TenancyProcess.objects.pending().filter(tenancy=tenancy, kind=kind).exists():
        return {field: "One is already waiting for a senior officer's approval; decide that first."}
    return {}


@dataclass(frozen=True)
class Event:
    """A line on an agreement's history: what happened (one of `actions`), in a sentence, with the
    values it changed where it changed any."""

    action: str
    summary: str
    changes: Mapping[str, list[Any]] | None = None


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What a process carried out leaves on the agreement: the lines on its history (in order), the
    letter (its heading and paragraphs, an empty one left out, to the agreement's tenants unless
    `to` names others), the legal effect, and what the process keeps in its details."""

    history: Sequence[Event]
    heading: str
    paragraphs: Sequence[str]
    to: Sequence[str] | None = None
    effect: str = ""
    details: Mapping[str, Any] = dataclasses.field(default_factory=dict)


def record(actor: Any, tenancy: Tenancy, history: Sequence[Event]) -> None:
    """Say on the agreement's history what a process did, line by line."""
    for event in history:
        audit.record(
            actor=actor, obj=tenancy, action=event.action, changes=event.changes, summary=event.summary
        )


def finish(
    actor: Any, kind: str, tenancy: Tenancy, outcome: Outcome, process: TenancyProcess | None = None
) -> TenancyProcess:
    """Record a process as done on the agreement (its history, its legal effect, if any) and attach
    the letter to the tenants; `process`, one that waited for approval, is the one done."""
    record(actor, tenancy, outcome.history)
    paragraphs = [p for p in outcome.paragraphs if p]
    text = {
        "heading": outcome.heading,
        "outcome": paragraphs[0],
        "outcome_paragraphs": list(paragraphs),
        "to": list(outcome.to) if outcome.to is not None else tenant_names(tenancy),
    }
    if process is None:
        process = TenancyProcess.objects.create(
            kind=kind,
            tenancy=tenancy,
            created_by=user(actor),
            effect=outcome.effect,
            details={**outcome.details, **text},
        )
    else:
        process.state = TenancyProcess.State.DONE
        process.effect = outcome.effect
        process.details = {**process.details, **outcome.details, **text}
        process.save(
            update_fields=["state", "effect", "details", "decided_by", "decided_at", "decision_note"]
        )
    letters.attach_letter(actor=actor, process=process)
    return process


def make_tenant(tenancy: Tenancy, person: Person, start_date: Any) -> None:
    """The person becomes a tenant of the agreement from a date (already a party: as a tenant again)."""
    existing = TenancyParty.objects.filter(tenancy=tenancy, person=person).first()
    if existing is not None:
        TenancyParty.objects.filter(pk=existing.pk).update(role=TenancyParty.Role.TENANT, end_date=None)
    else:
        TenancyParty.objects.create(
            tenancy=tenancy, person=person, role=TenancyParty.Role.TENANT, start_date=start_date
        )
    reindex_tenancy(Tenancy.objects.select_related("property").get(pk=tenancy.pk))


def ask_for_approval(
    actor: Any, kind: str, tenancy: Tenancy, details: dict[str, Any], event: Event
) -> TenancyProcess:
    """Record a process waiting for a senior officer's approval, with what to carry out once approved."""
    process = TenancyProcess.objects.create(
        kind=kind,
        tenancy=tenancy,
        created_by=user(actor),
        state=TenancyProcess.State.PENDING,
        details=details,
    )
    record(actor, tenancy, [event])
    return process
