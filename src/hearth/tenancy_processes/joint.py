"""Sole to joint (a person becomes a joint tenant) and joint to sole (a joint tenant leaves and the
others carry on), with a letter to every tenant concerned. A joint tenant leaving on their death
passes the tenancy by survivorship, which counts as the one succession the law allows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import permissions
from hearth.people.models import Person
from hearth.tenancies import domain
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancies.services import reindex_tenancy
from hearth.tenancy_processes import actions, rules
from hearth.tenancy_processes.common import (
    Event,
    Outcome,
    finish,
    kind_problem,
    make_tenant,
    raise_problems,
    tenant_names,
    tenants,
)
from hearth.tenancy_processes.models import TenancyProcess

REASON_LIMIT = 200


@dataclass(frozen=True)
class JointChangeRequest:
    """A change of joint tenants as an officer asks for it: a person joins (`change="add"`) or leaves
    (`"remove"`; on their `death`, by survivorship) on a day, with an optional reason."""

    change: str
    person: Person | None
    on: dt.date | None
    reason: str = ""
    death: bool = False

    def checked(self) -> tuple[Person, dt.date]:
        """The person joining or leaving and the day, once the checks (which report each one missing)
        have passed."""
        if self.person is None or self.on is None:
            raise ValidationError({"person": ["Check the change and try again."]})
        return self.person, self.on


def check_joint_change(tenancy: Tenancy, request: JointChangeRequest) -> None:
    """Every problem with a sole-to-joint or joint-to-sole change at once (nothing is changed)."""
    person, on = request.person, request.on
    problems = kind_problem(tenancy, "joint_sole")
    if not problems:
        current = tenants(tenancy)
        is_tenant = person is not None and person.pk in {t.person_id for t in current}
        age = (
            domain.age_on(person.date_of_birth, on)
            if person is not None and person.date_of_birth and on
            else None
        )
        problems = rules.joint_change_problems(
            change=request.change, current_tenants=len(current), is_tenant=is_tenant, age=age, on=on
        )
        if person is None:
            problems["person"] = "Enter the person reference."
    if len((request.reason or "").strip()) > REASON_LIMIT:
        problems["reason"] = f"The reason must be {REASON_LIMIT} characters or fewer."
    raise_problems(problems)


def joint_change(*, actor: Any, tenancy: Tenancy, request: JointChangeRequest) -> TenancyProcess:
    """Sole to joint (`change="add"`) or joint to sole (`change="remove"`); a joint tenant leaving on
    their death (`death`) passes the tenancy to the others by survivorship, the one succession."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().select_related("property").get(pk=tenancy.pk)
        check_joint_change(tenancy, request)
        person, on = request.checked()
        change, reason, before = request.change, request.reason.strip(), tenant_names(tenancy)
        if change == "add":
            make_tenant(tenancy, person, on)
            summary = f"Sole to joint: {person} becomes a joint tenant from {on:%d %B %Y}"
        else:
            TenancyParty.objects.filter(tenancy=tenancy, person=person).remaining().update(end_date=on)
            reindex_tenancy(Tenancy.objects.select_related("property").get(pk=tenancy.pk))
            summary = f"Joint to sole: {person} leaves the tenancy on {on:%d %B %Y}"
        history = [
            Event(actions.JOINT_TENANTS_CHANGED, (f"{summary} ({reason})" if reason else summary)[:300])
        ]
        survivorship = change == "remove" and request.death
        if survivorship:
            history.append(
                Event(
                    actions.SURVIVORSHIP,
                    f"{person} died; the tenancy passed by survivorship to the other joint tenants, which "
                    f"counts as the one succession",
                )
            )
        after = tenant_names(tenancy)
        if change == "add":
            heading = "You are now joint tenants"
            text = (
                f"From {on:%d %B %Y} {person.full_name} is a joint tenant of {tenancy.property.address} "
                f"with {', '.join(n for n in after if n != person.full_name)}. Each joint tenant is "
                f"responsible for all the rent and for keeping to the tenancy agreement."
            )
        else:
            heading = "The tenancy is now in a sole name"
            text = (
                f"From {on:%d %B %Y} {person.full_name} is no longer a tenant of "
                f"{tenancy.property.address}; {', '.join(after)} carries on as the tenant."
            )
        outcome = Outcome(
            history=history,
            heading=heading,
            paragraphs=[
                text,
                "Because the tenancy passed to you on a joint tenant's death, this counts as the one "
                "succession the law allows: it cannot pass by succession again."
                if survivorship
                else "",
            ],
            to=list(dict.fromkeys([*before, *after])),
            details={
                "change": change,
                "person": person.reference,
                "on": on.isoformat(),
                "death": survivorship,
            },
            effect=TenancyProcess.Effect.SUCCESSION if survivorship else TenancyProcess.Effect.NONE,
        )
        return finish(actor, TenancyProcess.Kind.JOINT_SOLE, tenancy, outcome)
