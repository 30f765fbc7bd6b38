"""Processes that wait for a senior officer: an extension of the introductory trial or a decision to
seek possession, a discretionary succession, an assignment. The officer who asked cannot decide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from hearth.core import permissions
from hearth.tenancy_processes import actions, assignment, review, selectors, succession
from hearth.tenancy_processes.common import Event, Outcome, finish, record, user
from hearth.tenancy_processes.models import TenancyProcess

CarryOut = Callable[[Any, TenancyProcess], Outcome]
CARRY_OUT: dict[str, CarryOut] = {
    TenancyProcess.Kind.ASSIGNMENT: assignment.carry_out,
    TenancyProcess.Kind.SUCCESSION: succession.carry_out,
    TenancyProcess.Kind.REVIEW: review.carry_out,
}


def pending() -> QuerySet[TenancyProcess]:
    return selectors.pending()


def check_decision(*, actor: Any, process: TenancyProcess, approve: bool, note: str = "") -> None:
    """Every problem with deciding a process at once."""
    problems: dict[str, list[str]] = {}
    if process.state != TenancyProcess.State.PENDING:
        problems["decision"] = ["This is not waiting for approval."]
    elif process.created_by_id is not None and process.created_by_id == getattr(actor, "pk", None):
        problems["decision"] = ["You asked for this, so another senior officer must approve it."]
    if not approve and not (note or "").strip():
        problems["note"] = ["Enter the reason for refusing."]
    if problems:
        raise ValidationError(problems)


def decide(*, actor: Any, process: TenancyProcess, approve: bool, note: str = "") -> TenancyProcess:
    """A senior officer approves (the process is carried out and the letter made) or refuses (with a
    reason) a process waiting for approval."""
    permissions.require(actor, "tenancies.approve")
    with transaction.atomic():
        process = (
            TenancyProcess.objects.select_for_update(of=("self",))
            .select_related("tenancy", "tenancy__property")
            .get(pk=process.pk)
        )
        check_decision(actor=actor, process=process, approve=approve, note=note)
        process.decided_by = user(actor)
        process.decided_at = timezone.now()
        process.decision_note = (note or "").strip()[:300]
        label = process.get_kind_display().lower()
        if not approve:
            process.state = TenancyProcess.State.REFUSED
            process.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
            refused = Event(actions.PROCESS_REFUSED, f"The {label} was refused: {process.decision_note}")
            record(actor, process.tenancy, [refused])
            return process
        carry_out = CARRY_OUT.get(process.kind)
        if carry_out is None:  # pragma: no cover - only these wait for approval
            raise ValidationError({"decision": ["This process does not need approval."]})
        outcome = carry_out(actor, process)
        approved = Event(
            actions.PROCESS_APPROVED,
            f"The {label} asked for by {process.created_by or 'an officer'} was approved",
        )
        outcome = replace(outcome, history=[*outcome.history, approved])
        return finish(actor, process.kind, process.tenancy, outcome, process)
