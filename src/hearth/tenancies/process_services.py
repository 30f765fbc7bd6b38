"""Writes for tenancy processes that change the agreement itself (introductory tenancy reviews)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import audit, permissions
from hearth.people.models import Person
from hearth.tenancies import domain, processes
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancies.services import reindex_tenancy


def extended_before(tenancy: Tenancy) -> bool:
    return audit.history_for(tenancy).filter(action="introductory trial extended").exists()


def review_problems(*, tenancy: Tenancy, outcome: str, reason: str, today: dt.date | None) -> dict[str, str]:
    """Everything wrong with an introductory review, field -> sentence (nothing is changed)."""
    if tenancy.kind != Tenancy.Kind.INTRODUCTORY:
        return {"outcome": "Only an introductory tenancy is reviewed."}
    return processes.review_problem(
        outcome=outcome,
        start=tenancy.start_date,
        today=today or timezone.localdate(),
        extended_before=extended_before(tenancy),
        reason=reason,
    )


@transaction.atomic
def _second_person(actor: Any, requested_by: Any, field: str) -> None:
    """Decisions the policy gives to a second senior officer: the one approving is not the one who asked."""
    if requested_by is None or getattr(requested_by, "pk", None) == getattr(actor, "pk", None):
        raise ValidationError(
            {field: ["Another senior officer must approve this, not the officer who asked for it."]}
        )


def review_introductory(
    *,
    actor: Any,
    tenancy: Tenancy,
    outcome: str,
    reason: str = "",
    today: dt.date | None = None,
    requested_by: Any = None,
) -> Tenancy:
    """Record an introductory tenancy review. Confirming it makes the tenancy secure; extending it
    (once, to 18 months) or deciding to seek possession needs a reason and a senior officer other
    than the one who held the review (`requested_by`) to approve it."""
    permissions.require(actor, "tenancies.process")
    if outcome in ("extend", "end"):
        permissions.require(actor, "tenancies.approve")
    tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
    problems = review_problems(tenancy=tenancy, outcome=outcome, reason=reason, today=today)
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    if outcome in ("extend", "end"):
        _second_person(actor, requested_by, "outcome")
    if outcome == "confirm":
        tenancy.kind = Tenancy.Kind.SECURE
        tenancy.save(update_fields=["kind", "updated_at"])
        audit.record(
            actor=actor,
            obj=tenancy,
            action="introductory trial confirmed",
            changes={"type": ["Introductory tenancy", "Secure tenancy"]},
            summary="Introductory review: becomes a secure tenancy",
        )
    elif outcome == "extend":
        ends = processes.introductory_trial_ends(tenancy.start_date, extended=True)
        audit.record(
            actor=actor,
            obj=tenancy,
            action="introductory trial extended",
            summary=f"Trial period extended to {ends:%d %B %Y}: {reason.strip()}"[:300],
        )
    else:
        audit.record(
            actor=actor,
            obj=tenancy,
            action="introductory review: seek possession",
            summary=f"Possession to be sought: {reason.strip()}"[:300],
        )
    return tenancy


SUCCESSION_ACTIONS = ("succession", "survivorship")


def previous_succession(tenancy: Tenancy) -> bool:
    """Has the tenancy already passed once: a statutory succession, an assignment to someone who could
    have succeeded, or a joint tenant's death leaving the others as tenants (survivorship)?"""
    return audit.history_for(tenancy).filter(action__in=SUCCESSION_ACTIONS).exists()


def succession_check(
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
    tenants = list(
        TenancyParty.objects.filter(tenancy=tenancy, role=TenancyParty.Role.TENANT, end_date__isnull=True)
    )
    if discretionary:
        problems = processes.discretionary_succession_problems(
            tenancy_kind=tenancy.kind,
            sole_tenant=len(tenants) == 1,
            relationship=relationship,
            resided_since=resided_since,
            date_of_death=date_of_death,
            reason=reason,
        )
    else:
        problems = processes.succession_problems(
            tenancy_kind=tenancy.kind,
            tenancy_start=tenancy.start_date,
            sole_tenant=len(tenants) == 1,
            previous_succession=previous_succession(tenancy),
            relationship=relationship,
            resided_since=resided_since,
            date_of_death=date_of_death,
        )
        if relationship in processes.DISCRETIONARY_RELATIONSHIPS:
            problems["relationship"] = (
                "The law gives a carer or other member of the household no right to succeed; "
                "ask for a discretionary succession instead."
            )
    if deceased is None or deceased.pk not in {t.person_id for t in tenants}:
        problems["deceased"] = (
            problems.get("deceased") or "The person who died must be a tenant of this tenancy."
        )
    if successor is None:
        problems["successor"] = "Enter the successor's person reference."
    elif deceased is not None and successor.pk == deceased.pk:
        problems["successor"] = "The successor must be someone other than the tenant who died."
    return problems


@transaction.atomic
def succeed(
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
) -> Tenancy:
    """The tenancy passes to the successor: the deceased tenant's part ends on the date of death and the
    successor becomes the tenant of the same tenancy. Only one statutory succession is allowed; a
    discretionary one (outside the statutory rules, with a reason) needs a senior officer and does not
    count as it."""
    permissions.require(actor, "tenancies.process")
    if discretionary:
        permissions.require(actor, "tenancies.approve")
    tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
    problems = succession_check(
        tenancy=tenancy,
        deceased=deceased,
        successor=successor,
        relationship=relationship,
        resided_since=resided_since,
        date_of_death=date_of_death,
        discretionary=discretionary,
        reason=reason,
    )
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    if successor is None or deceased is None or date_of_death is None:  # reported above
        raise ValidationError({"successor": ["Check the succession and try again."]})
    TenancyParty.objects.filter(tenancy=tenancy, person=deceased).update(end_date=date_of_death)
    existing = TenancyParty.objects.filter(tenancy=tenancy, person=successor).first()
    if existing is not None:
        TenancyParty.objects.filter(pk=existing.pk).update(role=TenancyParty.Role.TENANT, end_date=None)
    else:
        TenancyParty.objects.create(
            tenancy=tenancy,
            person=successor,
            role=TenancyParty.Role.TENANT,
            start_date=date_of_death + dt.timedelta(days=1),
        )
    reindex_tenancy(Tenancy.objects.select_related("property").get(pk=tenancy.pk))
    label = processes.ALL_RELATIONSHIPS[relationship].lower()
    if discretionary:
        audit.record(
            actor=actor,
            obj=tenancy,
            action="discretionary succession",
            summary=f"{successor} ({label}) granted the tenancy of {deceased}, who died on "
            f"{date_of_death:%d %B %Y}, at the landlord's discretion: {reason.strip()}"[:300],
        )
    else:
        audit.record(
            actor=actor,
            obj=tenancy,
            action="succession",
            summary=f"{successor} ({label}) succeeded {deceased}, who died on {date_of_death:%d %B %Y}",
        )
    return tenancy


def joint_change_check(
    *, tenancy: Tenancy, change: str, person: Person | None, on: dt.date | None
) -> dict[str, str]:
    """Everything wrong with a sole-to-joint or joint-to-sole change, field -> sentence."""
    tenants = list(
        TenancyParty.objects.filter(tenancy=tenancy, role=TenancyParty.Role.TENANT, end_date__isnull=True)
    )
    is_tenant = person is not None and person.pk in {t.person_id for t in tenants}
    age = (
        domain.age_on(person.date_of_birth, on)
        if person is not None and person.date_of_birth and on
        else None
    )
    problems = processes.joint_change_problems(
        change=change, current_tenants=len(tenants), is_tenant=is_tenant, age=age, on=on
    )
    if person is None:
        problems["person"] = "Enter the person reference."
    return problems


@transaction.atomic
def change_joint_tenants(
    *,
    actor: Any,
    tenancy: Tenancy,
    change: str,
    person: Person | None,
    on: dt.date | None,
    reason: str = "",
    death: bool = False,
) -> Tenancy:
    """Sole to joint (`change="add"`: the person becomes a joint tenant) or joint to sole
    (`change="remove"`: a joint tenant leaves and the others carry on). A joint tenant leaving by
    death (`death`, or a reason saying so) passes the tenancy by survivorship, which counts as the one
    succession the law allows."""
    permissions.require(actor, "tenancies.process")
    tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
    problems = joint_change_check(tenancy=tenancy, change=change, person=person, on=on)
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    if person is None or on is None:  # reported above
        raise ValidationError({"person": ["Check the change and try again."]})
    if change == "add":
        existing = TenancyParty.objects.filter(tenancy=tenancy, person=person).first()
        if existing is not None:
            TenancyParty.objects.filter(pk=existing.pk).update(role=TenancyParty.Role.TENANT, end_date=None)
        else:
            TenancyParty.objects.create(
                tenancy=tenancy, person=person, role=TenancyParty.Role.TENANT, start_date=on
            )
        summary = f"Sole to joint: {person} becomes a joint tenant from {on:%d %B %Y}"
    else:
        TenancyParty.objects.filter(tenancy=tenancy, person=person, end_date__isnull=True).update(end_date=on)
        summary = f"Joint to sole: {person} leaves the tenancy on {on:%d %B %Y}"
    if reason.strip():
        summary += f" ({reason.strip()})"
    reindex_tenancy(Tenancy.objects.select_related("property").get(pk=tenancy.pk))
    audit.record(actor=actor, obj=tenancy, action="joint tenants changed", summary=summary[:300])
    if change == "remove" and death:
        audit.record(
            actor=actor,
            obj=tenancy,
            action="survivorship",
            summary=f"{person} died; the tenancy passed by survivorship to the other joint tenants, which "
            f"counts as the one succession",
        )
    return tenancy


def assignment_problems(
    *,
    tenancy: Tenancy,
    assignee: Person | None,
    route: str,
    relationship: str = "",
    resided_since: dt.date | None = None,
    on: dt.date | None = None,
) -> dict[str, str]:
    """Everything wrong with an assignment, field -> sentence (nothing is changed)."""
    tenants = list(
        TenancyParty.objects.filter(tenancy=tenancy, role=TenancyParty.Role.TENANT, end_date__isnull=True)
    )
    problems: dict[str, str] = {}
    if route not in processes.ASSIGNMENT_ROUTES:
        problems["route"] = "Select how the tenancy may be assigned."
    elif route == "would_succeed":
        problems.update(
            processes.succession_problems(
                tenancy_kind=tenancy.kind,
                tenancy_start=tenancy.start_date,
                sole_tenant=len(tenants) == 1,
                previous_succession=previous_succession(tenancy),
                relationship=relationship,
                resided_since=resided_since,
                date_of_death=on,
            )
        )
        problems.pop("date_of_death", None)
        problems = {
            ("assignee" if k in ("successor", "deceased") else k): v.replace(
                "when the tenant died", "on the date of the assignment"
            ).replace("before the death", "before the assignment")
            for k, v in problems.items()
        }
    if on is None:
        problems["on"] = "Enter the date of the assignment."
    if assignee is None:
        problems["assignee"] = "Enter the person reference of the new tenant."
    elif assignee.pk in {t.person_id for t in tenants}:
        problems["assignee"] = "This person is already a tenant."
    return problems


@transaction.atomic
def assign(
    *,
    actor: Any,
    tenancy: Tenancy,
    assignee: Person | None,
    route: str,
    relationship: str = "",
    resided_since: dt.date | None = None,
    on: dt.date | None = None,
    requested_by: Any = None,
) -> Tenancy:
    """Assignment of a sole tenancy (Housing Act 1985 s. 91): by court order (family or matrimonial
    proceedings), or to someone who would have been qualified to succeed, which then counts as the
    one succession. The assignor's part ends the day before the assignee becomes tenant. Approved by
    a senior officer other than the one who asked for it (`requested_by`)."""
    permissions.require(actor, "tenancies.process")
    permissions.require(actor, "tenancies.approve")
    tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
    tenants = list(
        TenancyParty.objects.filter(tenancy=tenancy, role=TenancyParty.Role.TENANT, end_date__isnull=True)
    )
    problems = assignment_problems(
        tenancy=tenancy,
        assignee=assignee,
        route=route,
        relationship=relationship,
        resided_since=resided_since,
        on=on,
    )
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    _second_person(actor, requested_by, "assignee")
    if assignee is None or on is None:  # reported above
        raise ValidationError({"assignee": ["Check the assignment and try again."]})
    before = on - dt.timedelta(days=1)
    TenancyParty.objects.filter(pk__in=[t.pk for t in tenants]).update(end_date=before)
    existing = TenancyParty.objects.filter(tenancy=tenancy, person=assignee).first()
    if existing is not None:
        TenancyParty.objects.filter(pk=existing.pk).update(role=TenancyParty.Role.TENANT, end_date=None)
    else:
        TenancyParty.objects.create(
            tenancy=tenancy, person=assignee, role=TenancyParty.Role.TENANT, start_date=on
        )
    reindex_tenancy(Tenancy.objects.select_related("property").get(pk=tenancy.pk))
    # an assignment to someone who could have succeeded counts as the succession
    action = "succession" if route == "would_succeed" else "assigned"
    audit.record(
        actor=actor,
        obj=tenancy,
        action=action,
        summary=f"Assigned to {assignee} from {on:%d %B %Y} ({processes.ASSIGNMENT_ROUTES[route]})",
    )
    return tenancy
