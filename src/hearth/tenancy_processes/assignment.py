"""Assignment of a sole tenancy (Housing Act 1985 s.91): by court order in family or matrimonial
proceedings, or to someone who would have been qualified to succeed, which then counts as the one
succession. Asked for by an officer; carried out when a senior officer other than the one who asked
approves it (`approvals.decide`)."""

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
    kind_problem,
    make_tenant,
    raise_problems,
    tenant_names,
    tenants,
    waiting_problem,
)
from hearth.tenancy_processes.models import TenancyProcess
from hearth.tenancy_processes.succession import claim


@dataclass(frozen=True)
class AssignmentRequest:
    """An assignment as an officer asks for it: the new tenant, the route (`rules.ASSIGNMENT_ROUTES`)
    and the date; to someone who would have succeeded, how they are related and since when they
    have lived at the home."""

    assignee: Person | None
    route: str
    relationship: str = ""
    resided_since: dt.date | None = None
    on: dt.date | None = None

    @classmethod
    def waiting(cls, details: Mapping[str, Any]) -> AssignmentRequest:
        """The assignment kept on a process waiting for approval."""
        since = details.get("resided_since")
        return cls(
            assignee=Person.objects.get(pk=details["assignee"]),
            route=details["route"],
            relationship=details.get("relationship") or "",
            resided_since=dt.date.fromisoformat(since) if since else None,
            on=dt.date.fromisoformat(details["on"]),
        )

    def checked(self) -> tuple[Person, dt.date]:
        """The new tenant and the date of the assignment, once the checks (which report each one
        missing) have passed."""
        if self.assignee is None or self.on is None:
            raise ValidationError({"assignee": ["Check the assignment and try again."]})
        return self.assignee, self.on


def assignment_problems(tenancy: Tenancy, request: AssignmentRequest) -> dict[str, str]:
    """Everything wrong with an assignment, field -> sentence (nothing is changed)."""
    refused = kind_problem(tenancy, "assignment")
    if refused:
        return refused
    current = tenants(tenancy)
    problems: dict[str, str] = {}
    if request.route not in rules.ASSIGNMENT_ROUTES:
        problems["route"] = "Select how the tenancy may be assigned."
    elif request.route == "would_succeed":
        as_succession = rules.succession_problems(
            claim(tenancy, current, request.relationship, request.resided_since, request.on),
            selectors.succession_used(tenancy),
        )
        as_succession.pop("date_of_death", None)
        problems = {
            ("assignee" if k in ("successor", "deceased") else k): v.replace(
                "when the tenant died", "on the date of the assignment"
            ).replace("before the death", "before the assignment")
            for k, v in as_succession.items()
        }
    if request.on is None:
        problems["on"] = "Enter the date of the assignment."
    if request.assignee is None:
        problems["assignee"] = "Enter the person reference of the new tenant."
    elif request.assignee.pk in {t.person_id for t in current}:
        problems["assignee"] = "This person is already a tenant."
    return problems


def check_assignment(tenancy: Tenancy, request: AssignmentRequest) -> None:
    """Every problem with an assignment at once, including one already waiting for approval."""
    problems = assignment_problems(tenancy, request)
    if not problems:
        problems = waiting_problem(tenancy, TenancyProcess.Kind.ASSIGNMENT, "assignee")
    raise_problems(problems)


def assignment(*, actor: Any, tenancy: Tenancy, request: AssignmentRequest) -> TenancyProcess:
    """Ask for an assignment; nothing changes until a senior officer approves it."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
        check_assignment(tenancy, request)
        assignee, on = request.checked()
        route = request.route
        details = {
            "assignee": assignee.pk,
            "assignee_reference": assignee.reference,
            "route": route,
            "relationship": request.relationship,
            "resided_since": request.resided_since.isoformat() if request.resided_since else None,
            "on": on.isoformat(),
            "outcome": f"Assignment to {assignee.full_name} ({assignee.reference}) from "
            f"{on:%d %B %Y}: {rules.ASSIGNMENT_ROUTES[route].lower()}",
        }
        waiting = f"Assignment to {assignee} waiting for a senior officer's approval"
        return ask_for_approval(
            actor,
            TenancyProcess.Kind.ASSIGNMENT,
            tenancy,
            details,
            Event(actions.ASSIGNMENT_WAITING, waiting),
        )


def carry_out(actor: Any, process: TenancyProcess) -> Outcome:
    """An approved assignment: checked again; the assignor's part ends the day before the assignee
    becomes tenant. To someone who could have succeeded, it counts as the one succession."""
    tenancy = process.tenancy
    asked = AssignmentRequest.waiting(process.details)
    raise_problems(assignment_problems(tenancy, asked))
    assignee, on = asked.checked()
    route = asked.route
    before = tenant_names(tenancy)
    TenancyParty.objects.filter(pk__in=[t.pk for t in tenants(tenancy)]).update(
        end_date=on - dt.timedelta(days=1)
    )
    make_tenant(tenancy, assignee, on)
    counts = route == "would_succeed"
    assigned = f"Assigned to {assignee} from {on:%d %B %Y} ({rules.ASSIGNMENT_ROUTES[route]})"
    paragraphs = [
        f"The tenancy of {tenancy.property.address} has been assigned to {assignee.full_name} from "
        f"{on:%d %B %Y} ({rules.ASSIGNMENT_ROUTES[route].lower()}).",
        f"{', '.join(before)} stopped being the tenant on {on - dt.timedelta(days=1):%d %B %Y}.",
    ]
    if counts:
        paragraphs.append(
            "Because the tenancy passed to someone who could have succeeded to it, this counts as the one "
            "succession the law allows: it cannot pass by succession again."
        )
    return Outcome(
        history=[Event(actions.SUCCESSION if counts else actions.ASSIGNED, assigned)],
        heading="Assignment of your tenancy",
        paragraphs=paragraphs,
        to=[*before, assignee.full_name],
        effect=TenancyProcess.Effect.SUCCESSION if counts else TenancyProcess.Effect.NONE,
    )
