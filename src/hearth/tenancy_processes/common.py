"""Pieces every tenancy process uses: reporting problems, the acting user, the tenants of an
agreement, refusing a second request while one waits, and recording a process as done with its
letter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def finish(
    *,
    actor: Any,
    kind: str,
    tenancy: Tenancy,
    heading: str,
    paragraphs: Sequence[str],
    to: Sequence[str] | None = None,
    details: dict[str, Any] | None = None,
    process: TenancyProcess | None = None,
    effect: str = "",
) -> TenancyProcess:
    """Record a process as done on the agreement (with its legal effect, if any) and attach the letter
    to the tenants."""
    paragraphs = [p for p in paragraphs if p]
    text = {
        "heading": heading,
        "outcome": paragraphs[0],
        "outcome_paragraphs": list(paragraphs),
        "to": list(to) if to is not None else tenant_names(tenancy),
    }
    if process is None:
        process = TenancyProcess.objects.create(
            kind=kind,
            tenancy=tenancy,
            created_by=user(actor),
            effect=effect,
            details={**(details or {}), **text},
        )
    else:
        process.state = TenancyProcess.State.DONE
        process.effect = effect
        process.details = {**process.details, **(details or {}), **text}
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
    *, actor: Any, tenancy: Tenancy, kind: str, details: dict[str, Any], action: str, summary: str
) -> TenancyProcess:
    """Record a process waiting for a senior officer's approval, with what to carry out once approved."""
    process = TenancyProcess.objects.create(
        kind=kind,
        tenancy=tenancy,
        created_by=user(actor),
        state=TenancyProcess.State.PENDING,
        details=details,
    )
    audit.record(actor=actor, obj=tenancy, action=action, summary=summary)
    return process
