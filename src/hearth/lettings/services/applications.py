"""Applications to the register: registration with the household, a change of circumstances, the
bedroom need, suspending, cancelling and reinstating, the annual renewal, ended suspensions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import audit, permissions
from hearth.core.records import Errors, check_past_date, create_audited, update_audited
from hearth.core.references import next_reference
from hearth.lettings import domain
from hearth.lettings.models import Application, ApplicationMember, Bid, Council, Cycle
from hearth.lettings.services.partners import locked_for_partner, of_partners, require_council
from hearth.people.models import Person

# the applicant's circumstances: what a change of circumstances may change
CIRCUMSTANCES = [
    "current_housing",
    "current_address",
    "medical_needs",
    "welfare_needs",
    "needs_adapted",
    "housing_need",
    "local_connections",
    "residence_years",
    "work_months",
    "family_years",
    "exemptions",
]
APPLICATION_FIELDS = [
    "reference",
    "council",
    "applicant",
    "channel",
    "registration_date",
    "status",
    "status_reason",
    "suspended_until",
    *CIRCUMSTANCES,
    "qualifies",
    "qualification_reasons",
    "computed_bedrooms",
    "bedroom_override",
    "bedroom_override_reason",
    "band",
    "band_expires",
    "effective_date",
    "renewal_due",
]
RENEWAL_MONTHS = 12


@dataclass(frozen=True)
class MemberInput:
    person: Person
    relationship: str  # partner, child, other
    sex: str  # F or M


def _occupants(
    applicant: Person, members: Iterable[tuple[Person, str, str]], on: dt.date
) -> list[domain.Occupant]:
    out = [
        domain.Occupant(
            domain.APPLICANT,
            domain.age_on(applicant.date_of_birth, on) if applicant.date_of_birth else 99,
            "F",
        )
    ]
    for person, relationship, sex in members:
        out.append(domain.Occupant(relationship, domain.age_on(person.date_of_birth, on), sex))  # type: ignore[arg-type]
    return out


def compute_bedrooms(application: Application, on: dt.date | None = None) -> int:
    """The household's bedroom need from its members' ages today (HB size criteria)."""
    day = on or timezone.localdate()
    members = [(m.person, m.relationship, m.sex) for m in application.members.select_related("person")]
    return domain.bedroom_need(_occupants(application.applicant, members, day))


def _check_members(errors: Errors, applicant: Person | None, members: Sequence[MemberInput]) -> None:
    seen = {applicant.pk} if applicant else set()
    partners = 0
    for m in members:
        if m.person.pk in seen:
            errors.add("members", f"{m.person} is listed more than once.")
        seen.add(m.person.pk)
        if m.relationship not in ApplicationMember.Relationship.values:
            errors.add("members", f"Select {m.person}'s relationship to the applicant.")
        if m.sex not in ApplicationMember.Sex.values:
            errors.add("members", f"Select {m.person}'s sex (it decides who may share a bedroom).")
        if m.person.date_of_birth is None:
            errors.add("members", f"Record {m.person}'s date of birth on their person record first.")
        partners += m.relationship == ApplicationMember.Relationship.PARTNER
    if partners > 1:
        errors.add("members", "An applicant can have only one partner on the application.")


def validate_application(data: dict[str, Any]) -> None:
    """The checks on an application's fields, for the form to show every problem at once."""
    errors = Errors()
    applicant = data.get("applicant")
    if "applicant" in data and applicant is None:
        errors.add("applicant", "Enter the applicant's person reference.")
    if applicant is not None and applicant.date_of_birth is None:
        errors.add("applicant", "Record the applicant's date of birth on their person record first.")
    if "council" in data and data.get("council") is None:
        errors.add("council", "Select the council the applicant is applying to.")
    if "registration_date" in data:
        check_past_date(
            errors,
            "registration_date",
            data["registration_date"],
            missing="Enter the registration date.",
            future="The registration date cannot be in the future.",
        )
    if "current_housing" in data and data.get("current_housing") not in Application.Housing.values:
        errors.add("current_housing", "Select the applicant's current housing.")
    if "channel" in data and data.get("channel") not in Application.Channel.values:
        errors.add("channel", "Select how the application was taken.")
    for name, label in (("residence_years", "years"), ("work_months", "months"), ("family_years", "years")):
        value = data.get(name)
        if value is not None and (not isinstance(value, int) or value < 0 or value > 120):
            errors.add(name, f"Enter a whole number of {label}, 0 or more.")
    unknown = set(data.get("exemptions") or []) - set(domain.EXEMPTIONS)
    if unknown:
        errors.add("exemptions", "Select exemptions from the list.")
    _check_members(errors, applicant, list(data.get("members") or []))
    errors.raise_if_any()


@transaction.atomic
def register_application(
    *,
    actor: Any,
    council: Council,
    applicant: Person,
    registration_date: dt.date | None = None,
    channel: str = "phone",
    current_housing: str,
    current_address: str = "",
    medical_needs: str = "",
    welfare_needs: str = "",
    needs_adapted: bool = False,
    housing_need: bool = True,
    local_connections: Sequence[str] = (),
    residence_years: int = 0,
    work_months: int = 0,
    family_years: int = 0,
    exemptions: Sequence[str] = (),
    members: Sequence[MemberInput] = (),
) -> Application:
    permissions.require(actor, "lettings.edit")
    if council is not None:
        require_council(actor, council.pk)
    registration_date = registration_date or timezone.localdate()
    validate_application(
        {
            "council": council,
            "applicant": applicant,
            "registration_date": registration_date,
            "channel": channel,
            "current_housing": current_housing,
            "residence_years": residence_years,
            "work_months": work_months,
            "family_years": family_years,
            "exemptions": list(exemptions),
            "members": list(members),
        }
    )
    live = Application.objects.filter(
        applicant=applicant,
        status__in=[Application.Status.PENDING, Application.Status.LIVE, Application.Status.SUSPENDED],
    ).first()
    if live:
        raise ValidationError(
            {"applicant": [f"{applicant} already has application {live.reference} on the register."]}
        )
    application = Application(
        reference=next_reference("HR", width=7),
        council=council,
        applicant=applicant,
        channel=channel,
        registration_date=registration_date,
        current_housing=current_housing,
        current_address=(current_address or "").strip(),
        medical_needs=(medical_needs or "").strip(),
        welfare_needs=(welfare_needs or "").strip(),
        needs_adapted=needs_adapted,
        housing_need=housing_need,
        local_connections=sorted({a.strip() for a in local_connections if a and a.strip()}),
        residence_years=residence_years,
        work_months=work_months,
        family_years=family_years,
        exemptions=sorted(set(exemptions)),
        renewal_due=domain.add_months(registration_date, RENEWAL_MONTHS),
    )
    application.computed_bedrooms = domain.bedroom_need(
        _occupants(applicant, [(m.person, m.relationship, m.sex) for m in members], timezone.localdate())
    )
    create_audited(actor=actor, obj=application, fields=APPLICATION_FIELDS, summary="Application registered")
    if members:
        _add_household(actor, application, members, action="household recorded")
    return application


def _add_household(actor: Any, app: Application, members: Sequence[MemberInput], *, action: str) -> None:
    """Put the household's members on the application and say who they are on its history."""
    ApplicationMember.objects.bulk_create(
        [
            ApplicationMember(application=app, person=m.person, relationship=m.relationship, sex=m.sex)
            for m in members
        ]
    )
    audit.record(
        actor=actor,
        obj=app,
        action=action,
        summary="Household: "
        + (", ".join(f"{m.person} ({m.relationship})" for m in members) or "applicant only"),
    )


def update_application(actor: Any, app: Application, *, summary: str, **data: Any) -> Application:
    """Set and audit what changed on the application (its fields as `APPLICATION_FIELDS` names them)."""
    return update_audited(actor=actor, obj=app, data=data, fields=APPLICATION_FIELDS, summary=summary)


def withdraw_live_bids(app: Application) -> None:
    """Withdraw the application's live bids in open cycles (it is housed, cancelled or suspended)."""
    Bid.objects.filter(application=app, status=Bid.Status.LIVE, cycle__status=Cycle.Status.OPEN).update(
        status=Bid.Status.WITHDRAWN, withdrawn_at=timezone.now()
    )


def locked_for(actor: Any, capability: str, application: Application) -> Application:
    """The application, locked for the change, once the actor may make it (the capability, and their
    partner's application)."""
    records = Application.objects.select_related("applicant", "council")
    return locked_for_partner(actor, capability, records, application.pk, "council_id")


CIRCUMSTANCE_FIELDS = set(CIRCUMSTANCES)


@transaction.atomic
def change_circumstances(
    *, actor: Any, application: Application, members: Sequence[MemberInput] | None = None, **changes: Any
) -> Application:
    """A change of circumstances: new facts, a new household; bedroom need is computed again."""
    app = locked_for(actor, "lettings.edit", application)
    errors = Errors()
    for name in set(changes) - CIRCUMSTANCE_FIELDS:
        errors.add(name, "This cannot be changed here.")
    errors.raise_if_any()
    check = dict(changes)
    if members is not None:
        check["members"] = list(members)
        check["applicant"] = app.applicant
    validate_application(check)
    if "local_connections" in changes:
        changes["local_connections"] = sorted(
            {a.strip() for a in changes["local_connections"] if a and a.strip()}
        )
    if "exemptions" in changes:
        changes["exemptions"] = sorted(set(changes["exemptions"]))
    if members is not None:
        app.members.all().delete()
        _add_household(actor, app, members, action="household changed")
    changes["computed_bedrooms"] = compute_bedrooms(app)
    return update_application(actor, app, summary="Change of circumstances", **changes)


@transaction.atomic
def set_status(
    *, actor: Any, application: Application, status: str, reason: str, until: dt.date | None = None
) -> Application:
    """Suspend, cancel or reinstate an application (housed is set by an accepted offer)."""
    app = locked_for(actor, "lettings.decide", application)
    errors = Errors()
    allowed = {Application.Status.SUSPENDED, Application.Status.CANCELLED, Application.Status.LIVE}
    if status not in allowed:
        errors.add("status", "Select suspend, cancel or reinstate.")
    if not (reason or "").strip():
        errors.add("reason", "Enter the reason.")
    if app.status == Application.Status.HOUSED:
        errors.add("status", "The applicant has been housed; the application is closed.")
    if status == Application.Status.LIVE and app.qualifies is not True:
        errors.add("status", "Only an application that qualifies can be live.")
    if until is not None and until <= timezone.localdate():
        errors.add("until", "The suspension must end after today.")
    errors.raise_if_any()
    update_application(
        actor,
        app,
        summary=f"{Application.Status(status).label}: {reason.strip()}"[:300],
        status=status,
        status_reason=reason.strip(),
        suspended_until=until if status == Application.Status.SUSPENDED else None,
    )
    if status in (Application.Status.CANCELLED, Application.Status.SUSPENDED):
        withdraw_live_bids(app)
    return app


@transaction.atomic
def renew_application(*, actor: Any, application: Application, on: dt.date | None = None) -> Application:
    """The annual renewal: the applicant confirms they still want housing; bedroom need is checked again."""
    app = locked_for(actor, "lettings.edit", application)
    day = on or timezone.localdate()
    return update_application(
        actor,
        app,
        summary="Application renewed",
        renewal_due=domain.add_months(day, RENEWAL_MONTHS),
        computed_bedrooms=compute_bedrooms(app, day),
    )


@transaction.atomic
def lift_ended_suspensions(*, actor: Any, on: dt.date | None = None) -> int:
    """Make live again every application whose suspension ended before `on` (default today). Set-based
    and idempotent: a second run finds nothing to do. Returns how many were reinstated."""
    permissions.require(actor, "lettings.decide")
    day = on or timezone.localdate()
    ended = Application.objects.select_for_update().filter(
        status=Application.Status.SUSPENDED,
        suspended_until__isnull=False,
        suspended_until__lt=day,
        qualifies=True,
    )
    apps = list(of_partners(actor, ended).only("pk", "reference", "suspended_until"))
    for app in apps:
        audit.record(
            actor=actor,
            obj=app,
            action="updated",
            changes={"status": ["Suspended", "Live"]},
            summary=f"Suspension ended {app.suspended_until:%d %B %Y}: live again",
        )
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(
        status=Application.Status.LIVE,
        suspended_until=None,
        status_reason="Suspension ended",
        updated_at=timezone.now(),
    )
    return len(apps)
