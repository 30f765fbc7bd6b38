"""Writes for the housing register and choice-based lettings. Each is one transaction: capability,
the partner the officer works for, validation with a sentence per field, the change, its audit event.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from hearth.core import audit, files, permissions
from hearth.core.models import Attachment
from hearth.core.records import Errors, create_audited, update_audited
from hearth.core.references import next_reference
from hearth.lettings import domain
from hearth.lettings.models import (
    Advert,
    Application,
    ApplicationMember,
    BandDecision,
    Bid,
    Council,
    Cycle,
    Offer,
    ReviewRequest,
    SchemePolicy,
    ShortlistEntry,
    StaffCouncil,
)
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.tenancies import services as tenancy_services

APPLICATION_FIELDS = [
    "reference",
    "council",
    "applicant",
    "channel",
    "registration_date",
    "status",
    "status_reason",
    "suspended_until",
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
ADVERT_FIELDS = [
    "reference",
    "cycle",
    "property",
    "landlord",
    "bedrooms",
    "min_age",
    "local_connection",
    "adapted_only",
    "preferred_band",
    "weekly_rent",
    "description",
    "status",
]
RENEWAL_MONTHS = 12

# --- the scheme ---------------------------------------------------------------------------------

DEFAULT_BANDS = [
    {"code": "A", "name": "Band A (urgent need)", "time_limit_months": 3},
    {"code": "B", "name": "Band B (high need)", "time_limit_months": 6},
    {"code": "C", "name": "Band C (medium need)", "time_limit_months": None},
    {"code": "D", "name": "Band D (low need)", "time_limit_months": None},
]


def default_policy() -> SchemePolicy:
    """The rules the product ships with, used until the partnership records its own."""
    return SchemePolicy(
        effective_from=dt.date(2000, 1, 1),
        bands=DEFAULT_BANDS,
        bid_limit=3,
        cycle_opens_weekday=3,
        cycle_opens_time=dt.time(0, 1),
        cycle_length_days=4,
        cycle_closes_time=dt.time(23, 59),
        minimum_age=16,
        residence_years=2,
        work_months=6,
        family_years=5,
        exemptions=sorted(domain.EXEMPTIONS),
        refusal_limit=3,
        refusal_suspension_months=12,
    )


def current_policy(on: dt.date | None = None) -> SchemePolicy:
    day = on or timezone.localdate()
    return SchemePolicy.objects.filter(effective_from__lte=day).order_by("-effective_from").first() or (
        default_policy()
    )


def qualification_rules(policy: SchemePolicy) -> domain.QualificationRules:
    return domain.QualificationRules(
        minimum_age=policy.minimum_age,
        residence_years=policy.residence_years,
        work_months=policy.work_months,
        family_years=policy.family_years,
        exemptions=frozenset(policy.exemptions),
    )


def validate_bands(bands: Any) -> list[dict[str, Any]]:
    if not isinstance(bands, list) or not bands:
        raise ValidationError("List at least one band, highest priority first.")
    out, seen = [], set()
    for band in bands:
        code = str((band or {}).get("code", "")).strip()
        if not code:
            raise ValidationError("Every band needs a code, for example A.")
        if code in seen:
            raise ValidationError(f"Band {code} is listed twice.")
        seen.add(code)
        months = band.get("time_limit_months")
        if months is not None and (not isinstance(months, int) or months <= 0):
            raise ValidationError(f"Band {code}'s time limit must be a whole number of months, or none.")
        out.append({"code": code, "name": str(band.get("name") or code), "time_limit_months": months})
    return out


@transaction.atomic
def set_policy(*, actor: Any, effective_from: dt.date, **rules: Any) -> SchemePolicy:
    """Record a new version of the scheme's rules, in force from a date. Earlier versions are kept."""
    permissions.require(actor, "lettings.configure")
    base = current_policy(effective_from)
    allowed = {f.name for f in SchemePolicy._meta.fields} - {"id", "effective_from", "created_at"}
    errors = Errors()
    for name in set(rules) - allowed:
        errors.add(name, "This rule cannot be set here.")
    if "bands" in rules:
        errors.clean(rules, "bands", validate_bands)
    for name in ("exemptions",):
        unknown = set(rules.get(name) or []) - set(domain.EXEMPTIONS)
        if unknown:
            errors.add(name, f"Unknown exemption: {', '.join(sorted(unknown))}.")
    if rules.get("bid_limit") is not None and rules["bid_limit"] < 1:
        errors.add("bid_limit", "The bid limit must be at least 1.")
    if effective_from is None:
        errors.add("effective_from", "Enter the date the rules come into force.")
    elif SchemePolicy.objects.filter(effective_from=effective_from).exists():
        errors.add("effective_from", "Rules already start on this date; choose another date.")
    errors.raise_if_any()
    values = {f: getattr(base, f) for f in allowed}
    values.update(rules)
    policy = SchemePolicy(effective_from=effective_from, **values)
    policy.save()
    audit.record(
        actor=actor,
        obj=policy,
        action="created",
        changes={name: [None, str(getattr(policy, name))] for name in ["effective_from", *sorted(allowed)]},
        summary=f"Scheme rules from {effective_from:%d %B %Y}",
    )
    return policy


# --- partners and officers ----------------------------------------------------------------------


def sees_all_partners(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or permissions.has_capability(
        user, "lettings.configure"
    )


def council_ids_for(user: Any) -> set[int] | None:
    """The partners whose records `user` may see and act on; None means every partner."""
    if sees_all_partners(user):
        return None
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_lettings_councils", None)
    if cached is None:
        cached = set(StaffCouncil.objects.filter(user=user).values_list("council_id", flat=True))
        user._lettings_councils = cached
    return set(cached)


def require_council(user: Any, council_id: int) -> None:
    allowed = council_ids_for(user)
    if allowed is not None and council_id not in allowed:
        raise PermissionDenied("You can act only on your own council's applications and homes.")


@transaction.atomic
def create_council(*, actor: Any, code: str, name: str, kind: str = "council", area: str = "") -> Council:
    permissions.require(actor, "lettings.configure")
    errors = Errors()
    code = (code or "").strip().upper()
    if not code:
        errors.add("code", "Enter a short code for the partner, for example WYC.")
    elif Council.objects.filter(code=code).exists():
        errors.add("code", f"A partner already has the code {code}.")
    if not (name or "").strip():
        errors.add("name", "Enter the partner's name.")
    if kind not in Council.Kind.values:
        errors.add("kind", "Select whether the partner is a council or a housing association.")
    errors.raise_if_any()
    council = Council(code=code, name=name.strip(), kind=kind, area=(area or "").strip())
    return create_audited(
        actor=actor, obj=council, fields=["code", "name", "kind", "area"], summary="Partner added"
    )


@transaction.atomic
def add_officer(*, actor: Any, user: Any, council: Council) -> StaffCouncil:
    permissions.require(actor, "lettings.configure")
    link, created = StaffCouncil.objects.get_or_create(user=user, council=council)
    if created:
        audit.record(
            actor=actor, obj=council, action="officer added", summary=f"{user.get_username()} works here"
        )
    return link


# --- applications -------------------------------------------------------------------------------


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
    reg = data.get("registration_date")
    if "registration_date" in data and reg is None:
        errors.add("registration_date", "Enter the registration date.")
    elif reg is not None and reg > timezone.localdate():
        errors.add("registration_date", "The registration date cannot be in the future.")
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
    ApplicationMember.objects.bulk_create(
        [
            ApplicationMember(
                application=application, person=m.person, relationship=m.relationship, sex=m.sex
            )
            for m in members
        ]
    )
    if members:
        audit.record(
            actor=actor,
            obj=application,
            action="household recorded",
            summary="Household: " + ", ".join(f"{m.person} ({m.relationship})" for m in members),
        )
    return application


def _locked(application: Application, actor: Any) -> Application:
    app = (
        Application.objects.select_for_update().select_related("applicant", "council").get(pk=application.pk)
    )
    require_council(actor, app.council_id)
    return app


CIRCUMSTANCE_FIELDS = {
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
}


@transaction.atomic
def change_circumstances(
    *, actor: Any, application: Application, members: Sequence[MemberInput] | None = None, **changes: Any
) -> Application:
    """A change of circumstances: new facts, a new household; bedroom need is computed again."""
    permissions.require(actor, "lettings.edit")
    app = _locked(application, actor)
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
        ApplicationMember.objects.bulk_create(
            [
                ApplicationMember(application=app, person=m.person, relationship=m.relationship, sex=m.sex)
                for m in members
            ]
        )
        audit.record(
            actor=actor,
            obj=app,
            action="household changed",
            summary="Household: "
            + (", ".join(f"{m.person} ({m.relationship})" for m in members) or "applicant only"),
        )
    changes["computed_bedrooms"] = compute_bedrooms(app)
    update_audited(
        actor=actor, obj=app, data=changes, fields=APPLICATION_FIELDS, summary="Change of circumstances"
    )
    return app


@transaction.atomic
def decide_qualification(
    *, actor: Any, application: Application, decided_on: dt.date | None = None, note: str = ""
) -> domain.Qualification:
    """Decide whether the applicant qualifies, by the scheme's rules; the reasons are recorded."""
    permissions.require(actor, "lettings.decide")
    app = _locked(application, actor)
    day = decided_on or timezone.localdate()
    if app.status in (Application.Status.CANCELLED, Application.Status.HOUSED):
        raise ValidationError({"status": [f"The application is {app.get_status_display().lower()}."]})
    policy = current_policy(day)
    facts = domain.ApplicantFacts(
        age=domain.age_on(app.applicant.date_of_birth, day) if app.applicant.date_of_birth else 0,
        residence_years=app.residence_years,
        work_months=app.work_months,
        family_years=app.family_years,
        exemptions=frozenset(app.exemptions),
        housing_need=app.housing_need,
    )
    result = domain.qualification(qualification_rules(policy), facts)
    reasons = " ".join(result.reasons + ([note.strip()] if note and note.strip() else []))
    status = app.status
    if result.qualifies and status in (Application.Status.PENDING, Application.Status.NOT_QUALIFIED):
        status = Application.Status.LIVE
    if not result.qualifies:
        status = Application.Status.NOT_QUALIFIED
    update_audited(
        actor=actor,
        obj=app,
        data={
            "qualifies": result.qualifies,
            "qualification_reasons": reasons,
            "qualification_decided_on": day,
            "status": status,
        },
        fields=APPLICATION_FIELDS,
        summary="Qualifies for the register" if result.qualifies else "Does not qualify for the register",
    )
    return result


@transaction.atomic
def override_bedroom_need(
    *, actor: Any, application: Application, bedrooms: int | None, reason: str
) -> Application:
    """An officer's decision on bedroom need (for example a carer's room); None returns to the computed need."""
    permissions.require(actor, "lettings.decide")
    app = _locked(application, actor)
    errors = Errors()
    reason = (reason or "").strip()
    if bedrooms is not None and (not isinstance(bedrooms, int) or bedrooms < 0 or bedrooms > 10):
        errors.add("bedrooms", "Enter a number of bedrooms from 0 to 10.")
    if bedrooms is not None and not reason:
        errors.add("reason", "Enter why the bedroom need differs from the size criteria.")
    errors.raise_if_any()
    update_audited(
        actor=actor,
        obj=app,
        data={
            "bedroom_override": bedrooms,
            "bedroom_override_reason": reason if bedrooms is not None else "",
        },
        fields=APPLICATION_FIELDS,
        summary="Bedroom need decided by an officer"
        if bedrooms is not None
        else "Bedroom need back to the size criteria",
    )
    return app


def validate_band(data: dict[str, Any], bands: Sequence[str]) -> None:
    errors = Errors()
    band = data.get("band")
    if "band" in data and band not in bands:
        errors.add("band", "Select a band.")
    if "reason" in data and not (data.get("reason") or "").strip():
        errors.add("reason", "Enter the reason for the band, for example Overcrowded by two bedrooms.")
    decided = data.get("decided_on")
    if "decided_on" in data and decided is None:
        errors.add("decided_on", "Enter the date of the decision.")
    elif decided is not None and decided > timezone.localdate():
        errors.add("decided_on", "The decision date cannot be in the future.")
    errors.raise_if_any()


@transaction.atomic
def decide_band(
    *, actor: Any, application: Application, band: str, reason: str, decided_on: dt.date | None = None
) -> BandDecision:
    """Place the application in a band. The effective date follows the scheme's rule."""
    permissions.require(actor, "lettings.decide")
    app = _locked(application, actor)
    day = decided_on or timezone.localdate()
    policy = current_policy(day)
    validate_band({"band": band, "reason": reason, "decided_on": day}, policy.band_codes)
    errors = Errors()
    if app.status not in (Application.Status.LIVE, Application.Status.SUSPENDED):
        errors.add("band", "Decide that the applicant qualifies before giving a band.")
    if day < app.registration_date:
        errors.add("decided_on", "The decision date cannot be before the registration date.")
    last = app.band_decisions.order_by("-decided_on", "-id").first()
    if last and day < last.decided_on:
        errors.add(
            "decided_on",
            f"The last band decision was on {last.decided_on:%d %B %Y}; this one cannot be earlier.",
        )
    errors.raise_if_any()
    decision = BandDecision.objects.create(
        application=app,
        band=band,
        reason=reason.strip(),
        decided_on=day,
        expires_on=domain.band_expiry(day, policy.band_time_limit(band)),
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    history = list(app.band_decisions.order_by("decided_on", "id").values_list("decided_on", "band"))
    effective = domain.effective_date(
        bands=policy.band_codes, registration_date=app.registration_date, history=history
    )
    update_audited(
        actor=actor,
        obj=app,
        data={"band": band, "band_expires": decision.expires_on, "effective_date": effective},
        fields=APPLICATION_FIELDS,
        summary=f"Band {policy.band_name(band)}: {reason.strip()}"[:300],
    )
    return decision


@transaction.atomic
def set_status(
    *, actor: Any, application: Application, status: str, reason: str, until: dt.date | None = None
) -> Application:
    """Suspend, cancel or reinstate an application (housed is set by an accepted offer)."""
    permissions.require(actor, "lettings.decide")
    app = _locked(application, actor)
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
    update_audited(
        actor=actor,
        obj=app,
        data={
            "status": status,
            "status_reason": reason.strip(),
            "suspended_until": until if status == Application.Status.SUSPENDED else None,
        },
        fields=APPLICATION_FIELDS,
        summary=f"{Application.Status(status).label}: {reason.strip()}"[:300],
    )
    if status in (Application.Status.CANCELLED, Application.Status.SUSPENDED):
        Bid.objects.filter(application=app, status=Bid.Status.LIVE, cycle__status=Cycle.Status.OPEN).update(
            status=Bid.Status.WITHDRAWN, withdrawn_at=timezone.now()
        )
    return app


@transaction.atomic
def renew_application(*, actor: Any, application: Application, on: dt.date | None = None) -> Application:
    """The annual renewal: the applicant confirms they still want housing; bedroom need is checked again."""
    permissions.require(actor, "lettings.edit")
    app = _locked(application, actor)
    day = on or timezone.localdate()
    update_audited(
        actor=actor,
        obj=app,
        data={
            "renewal_due": domain.add_months(day, RENEWAL_MONTHS),
            "computed_bedrooms": compute_bedrooms(app, day),
        },
        fields=APPLICATION_FIELDS,
        summary="Application renewed",
    )
    return app


# --- cycles and adverts -------------------------------------------------------------------------


@transaction.atomic
def open_cycle(*, actor: Any, opens_at: dt.datetime, closes_at: dt.datetime) -> Cycle:
    permissions.require(actor, "lettings.edit")
    errors = Errors()
    if opens_at is None:
        errors.add("opens_at", "Enter when bidding opens.")
    if closes_at is None:
        errors.add("closes_at", "Enter when bidding closes.")
    if opens_at and closes_at and closes_at <= opens_at:
        errors.add("closes_at", "Bidding must close after it opens.")
    errors.raise_if_any()
    cycle = Cycle(reference=next_reference("CY", width=5), opens_at=opens_at, closes_at=closes_at)
    return create_audited(
        actor=actor, obj=cycle, fields=["reference", "opens_at", "closes_at"], summary="Cycle set up"
    )


def validate_advert(data: dict[str, Any]) -> None:
    errors = Errors()
    prop = data.get("property")
    if "property" in data and prop is None:
        errors.add("property", "Enter the property reference.")
    if prop is not None:
        if prop.kind not in Property.DWELLINGS:
            errors.add(
                "property", "Only a home can be advertised, not a garage, store, shop or communal area."
            )
        elif prop.status != Property.Status.VOID:
            errors.add(
                "property", f"{prop.reference} is not void (it is {prop.get_status_display().lower()})."
            )
        elif Advert.objects.filter(property=prop, status__in=["live", "shortlisted", "offered"]).exists():
            errors.add("property", f"{prop.reference} is already advertised.")
    cycle = data.get("cycle")
    if "cycle" in data and cycle is None:
        errors.add("cycle", "Select the cycle.")
    if cycle is not None and (cycle.status != Cycle.Status.OPEN or cycle.closes_at <= timezone.now()):
        errors.add("cycle", "Adverts can be added only to a cycle that has not closed.")
    if "landlord" in data and data.get("landlord") is None:
        errors.add("landlord", "Select the landlord.")
    bedrooms = data.get("bedrooms")
    if bedrooms is not None and (bedrooms < 0 or bedrooms > 10):
        errors.add("bedrooms", "Enter a number of bedrooms from 0 to 10.")
    min_age = data.get("min_age")
    if min_age is not None and (min_age < 16 or min_age > 100):
        errors.add("min_age", "Enter a minimum age from 16 to 100, or leave it blank.")
    rent = data.get("weekly_rent")
    if rent is not None and rent < 0:
        errors.add("weekly_rent", "The weekly rent cannot be negative.")
    preferred = (data.get("preferred_band") or "").strip()
    if preferred and preferred not in current_policy().band_codes:
        errors.add("preferred_band", "Select one of the scheme's bands, or none.")
    errors.raise_if_any()


@transaction.atomic
def create_advert(
    *,
    actor: Any,
    cycle: Cycle,
    property: Property,
    landlord: Council,
    bedrooms: int | None = None,
    min_age: int | None = None,
    local_connection: str = "",
    adapted_only: bool = False,
    preferred_band: str = "",
    weekly_rent: Decimal | None = None,
    description: str = "",
) -> Advert:
    """Advertise a void home in a cycle, with its criteria. A partner advertises only its own homes."""
    permissions.require(actor, "lettings.edit")
    if landlord is not None:
        require_council(actor, landlord.pk)
    if property is not None:
        property = Property.objects.select_for_update().get(pk=property.pk)
    validate_advert(
        {
            "cycle": cycle,
            "property": property,
            "landlord": landlord,
            "bedrooms": bedrooms,
            "min_age": min_age,
            "weekly_rent": weekly_rent,
            "preferred_band": preferred_band,
        }
    )
    advert = Advert(
        reference=next_reference("AD", width=6),
        cycle=cycle,
        property=property,
        landlord=landlord,
        bedrooms=property.bedrooms if bedrooms is None else bedrooms,
        min_age=min_age,
        local_connection=(local_connection or "").strip(),
        adapted_only=adapted_only,
        preferred_band=(preferred_band or "").strip(),
        weekly_rent=weekly_rent,
        description=(description or "").strip(),
    )
    return create_audited(actor=actor, obj=advert, fields=ADVERT_FIELDS, summary="Home advertised")


def criteria_of(advert: Advert) -> domain.Criteria:
    return domain.Criteria(
        bedrooms=advert.bedrooms,
        min_age=advert.min_age,
        local_connection=advert.local_connection or None,
        adapted_only=advert.adapted_only,
        preferred_band=advert.preferred_band or None,
    )


def bidder_of(application: Application, key: Any = None) -> domain.Bidder:
    return domain.Bidder(
        key=key if key is not None else application.pk,
        reference=application.reference,
        band=application.band,
        effective_date=application.effective_date or application.registration_date,
        registration_date=application.registration_date,
        bedroom_need=application.bedroom_need,
        date_of_birth=application.applicant.date_of_birth or dt.date(1900, 1, 1),
        local_connections=frozenset(application.local_connections),
        needs_adapted=application.needs_adapted,
    )


def eligibility(application: Application, advert: Advert) -> str | None:
    """None if the applicant may bid for the home; else the pass-over reason (its key)."""
    return domain.pass_over_reason(
        criteria_of(advert), bidder_of(application), timezone.localtime(advert.cycle.closes_at).date()
    )


# --- bids ---------------------------------------------------------------------------------------


@transaction.atomic
def place_bid(
    *,
    actor: Any,
    application: Application,
    advert: Advert,
    channel: str = "assisted",
    now: dt.datetime | None = None,
) -> Bid:
    """A bid by the applicant online or by an officer for them: within the cycle's window, up to the
    bid limit, and only for a home the applicant is eligible for."""
    if channel != Bid.Channel.ONLINE:
        permissions.require(actor, "lettings.edit")
    # lock the application first so two bids at once count each other
    app = Application.objects.select_for_update().select_related("applicant").get(pk=application.pk)
    if channel != Bid.Channel.ONLINE:
        require_council(actor, app.council_id)
    advert = Advert.objects.select_related("cycle").get(pk=advert.pk)
    at = now or timezone.now()
    errors = Errors()
    if app.status != Application.Status.LIVE or not app.band:
        errors.add("application", "Only a live application with a band can bid.")
    elif advert.status != Advert.Status.LIVE:
        errors.add("advert", "This home is no longer advertised.")
    else:
        policy = current_policy(timezone.localtime(at).date())
        live_bids = Bid.objects.filter(application=app, cycle=advert.cycle, status=Bid.Status.LIVE)
        refusal = domain.bid_refusal(
            now=at,
            opens_at=advert.cycle.opens_at,
            closes_at=advert.cycle.closes_at,
            live_bids_in_cycle=live_bids.count(),
            bid_limit=policy.bid_limit,
            already_bid=live_bids.filter(advert=advert).exists(),
            pass_over=eligibility(app, advert),
        )
        if refusal:
            errors.add(*refusal)
    errors.raise_if_any()
    bid = Bid.objects.create(
        advert=advert,
        application=app,
        cycle=advert.cycle,
        channel=channel,
        placed_at=at,
        placed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        obj=app,
        action="bid placed",
        summary=f"Bid on {advert.reference} ({Bid.Channel(channel).label.lower()})",
    )
    return bid


@transaction.atomic
def withdraw_bid(*, actor: Any, bid: Bid, online: bool = False, now: dt.datetime | None = None) -> Bid:
    if not online:
        permissions.require(actor, "lettings.edit")
    bid = Bid.objects.select_for_update().select_related("cycle", "advert", "application").get(pk=bid.pk)
    if not online:
        require_council(actor, bid.application.council_id)
    at = now or timezone.now()
    errors = Errors()
    if bid.status != Bid.Status.LIVE:
        errors.add("bid", "This bid has already been withdrawn.")
    elif at >= bid.cycle.closes_at or bid.cycle.status == Cycle.Status.CLOSED:
        errors.add("bid", "Bidding has closed; the bid can no longer be withdrawn.")
    errors.raise_if_any()
    bid.status = Bid.Status.WITHDRAWN
    bid.withdrawn_at = at
    bid.save(update_fields=["status", "withdrawn_at"])
    audit.record(
        actor=actor,
        obj=bid.application,
        action="bid withdrawn",
        summary=f"Bid on {bid.advert.reference} withdrawn",
    )
    return bid


@transaction.atomic
def place_automatic_bids(*, actor: Any, cycle: Cycle, now: dt.datetime | None = None) -> int:
    """Automatic bids for the top band: an applicant who has been in the top band for the scheme's set
    number of days (by effective date) and has no live bid in this cycle is bid for, on the homes they
    are eligible for, up to the bid limit. Running it again changes nothing. Returns the bids placed."""
    permissions.require(actor, "lettings.edit")
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    at = now or timezone.now()
    day = timezone.localtime(at).date()
    policy = current_policy(day)
    errors = Errors()
    if not policy.auto_bid_top_band_after_days:
        errors.add(
            "cycle", "The scheme does not bid automatically: set the number of days in the scheme rules."
        )
    if cycle.status != Cycle.Status.OPEN or not (cycle.opens_at <= at < cycle.closes_at):
        errors.add("cycle", "Automatic bids can be placed only while the cycle is open for bidding.")
    errors.raise_if_any()
    cutoff = day - dt.timedelta(days=policy.auto_bid_top_band_after_days or 0)
    bidding = Bid.objects.filter(cycle=cycle, status=Bid.Status.LIVE).values("application_id")
    apps = (
        Application.objects.filter(
            status=Application.Status.LIVE, band=policy.band_codes[0], effective_date__lte=cutoff
        )
        .exclude(pk__in=bidding)
        .select_related("applicant")
        .order_by("effective_date", "registration_date", "reference")
    )
    allowed = council_ids_for(actor)
    if allowed is not None:
        apps = apps.filter(council_id__in=allowed)
    adverts = list(
        Advert.objects.filter(cycle=cycle, status=Advert.Status.LIVE)
        .select_related("cycle")
        .order_by("reference")
    )
    placed: list[Bid] = []
    for app in apps:
        homes = [a for a in adverts if eligibility(app, a) is None][: policy.bid_limit]
        for advert in homes:
            placed.append(
                Bid(advert=advert, application=app, cycle=cycle, channel=Bid.Channel.AUTOMATIC, placed_at=at)
            )
        if homes:
            audit.record(
                actor=actor,
                obj=app,
                action="bid placed",
                summary="Automatic bids on " + ", ".join(a.reference for a in homes),
            )
    Bid.objects.bulk_create(placed, batch_size=2000)
    return len(placed)


# --- closing a cycle: shortlists ----------------------------------------------------------------


ENTRY_COLUMNS = (
    "advert_id",
    "bid_id",
    "rank",
    "position",
    "skipped_reason",
    "band",
    "effective_date",
    "bedroom_need",
    "bypass_reason",
)


def _copy_text(value: Any) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _insert_entries(entries: list[tuple[Any, ...]]) -> None:
    """Write shortlist rows set-based: COPY on PostgreSQL, batched inserts elsewhere."""
    if not entries:
        return
    if connection.vendor == "postgresql":
        table = ShortlistEntry._meta.db_table
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(ENTRY_COLUMNS)}) FROM STDIN") as copy:
                copy.write("".join("\t".join(map(_copy_text, row)) + "\n" for row in entries))
        return
    ShortlistEntry.objects.bulk_create(
        [ShortlistEntry(**dict(zip(ENTRY_COLUMNS, row, strict=True))) for row in entries], batch_size=2000
    )


def _bid_rows(cycle: Cycle, advert_ids: list[int]) -> Iterable[tuple[Any, ...]]:
    """The live bids of a cycle with what ranking needs, as plain tuples (areas as JSON text). On
    PostgreSQL the ORM's query runs on the raw cursor, which returns dates as dates already."""
    qs = (
        Bid.objects.filter(cycle=cycle, status=Bid.Status.LIVE, advert_id__in=advert_ids)
        .annotate(areas=Cast("application__local_connections", models.TextField()))
        .order_by()  # the rule orders them; no sort needed here
        .values_list(
            "id",
            "advert_id",
            "application__reference",
            "application__band",
            "application__effective_date",
            "application__registration_date",
            "application__computed_bedrooms",
            "application__bedroom_override",
            "application__applicant__date_of_birth",
            "areas",
            "application__needs_adapted",
        )
    )
    if connection.vendor != "postgresql":
        return qs.iterator(chunk_size=10000)
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@transaction.atomic
def close_cycle(*, actor: Any, cycle: Cycle, now: dt.datetime | None = None) -> int:
    """Close a cycle and shortlist every advert in it, in rule order, keeping each passed-over
    bidder's reason. The cycle row is locked: a second close at the same time waits, then finds the
    cycle closed and changes nothing. Returns the number of shortlist entries made."""
    permissions.require(actor, "lettings.edit")
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == Cycle.Status.CLOSED:
        return 0
    at = now or timezone.now()
    if at < cycle.closes_at:
        raise ValidationError(
            {
                "cycle": [
                    f"Bidding closes at {timezone.localtime(cycle.closes_at):%H:%M on %d %B %Y}; shortlist after that."
                ]
            }
        )
    closes_on = timezone.localtime(cycle.closes_at).date()
    bands = current_policy(closes_on).band_codes
    adverts = {a.pk: a for a in Advert.objects.filter(cycle=cycle, status=Advert.Status.LIVE)}
    # plain rows, not model instances: a cycle can hold a few hundred thousand bids
    by_advert: dict[int, list[domain.Bidder]] = defaultdict(list)
    known_bands = set(bands)
    needs_areas = {pk for pk, a in adverts.items() if a.local_connection}
    for (
        bid_id,
        advert_id,
        ref,
        band,
        effective,
        registered,
        computed,
        override,
        born,
        areas,
        adapted,
    ) in _bid_rows(cycle, list(adverts)):
        if band not in known_bands:
            continue  # no band yet: cannot be ranked (a bid needs a band, so only after a scheme change)
        by_advert[advert_id].append(
            domain.Bidder(
                key=bid_id,
                reference=ref,
                band=band,
                effective_date=effective or registered,
                registration_date=registered,
                bedroom_need=computed if override is None else override,
                date_of_birth=born or dt.date(1900, 1, 1),
                # areas are read only where the advert asks for a local connection
                local_connections=frozenset(json.loads(areas or "[]"))
                if advert_id in needs_areas
                else frozenset(),
                needs_adapted=adapted,
            )
        )
    entries: list[tuple[Any, ...]] = []
    for advert_id, bidders in by_advert.items():
        position = 0
        ranking = domain.ranked(
            bands=bands, criteria=criteria_of(adverts[advert_id]), bidders=bidders, closes_on=closes_on
        )
        for rank, (bidder, reason) in enumerate(ranking, start=1):
            if reason is None:
                position += 1
            entries.append(
                (
                    advert_id,
                    bidder.key,
                    rank,
                    position if reason is None else None,
                    reason or "",
                    bidder.band,
                    bidder.effective_date,
                    bidder.bedroom_need,
                    "",
                )
            )
    _insert_entries(entries)
    Advert.objects.filter(pk__in=list(adverts)).update(status=Advert.Status.SHORTLISTED)
    cycle.status = Cycle.Status.CLOSED
    cycle.closed_at = at
    cycle.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    cycle.save(update_fields=["status", "closed_at", "closed_by"])
    audit.record(
        actor=actor,
        obj=cycle,
        action="closed",
        changes={"status": ["Open", "Closed"]},
        summary=f"Closed: {len(adverts)} adverts shortlisted from {len(entries)} bids",
    )
    return len(entries)


@transaction.atomic
def bypass(*, actor: Any, entry: ShortlistEntry, reason: str) -> ShortlistEntry:
    """Pass over a bidder at the top of a shortlist for a recorded reason (for example rent arrears)."""
    permissions.require(actor, "lettings.decide")
    entry = (
        ShortlistEntry.objects.select_for_update()
        .select_related("advert", "bid__application")
        .get(pk=entry.pk)
    )
    require_council(actor, entry.advert.landlord_id)
    errors = Errors()
    if not (reason or "").strip():
        errors.add("reason", "Enter why this bidder is bypassed.")
    if entry.position is None:
        errors.add("reason", "This bidder was already passed over by the advert's criteria.")
    elif entry.bypass_reason:
        errors.add("reason", "This bidder has already been bypassed.")
    errors.raise_if_any()
    entry.bypass_reason = reason.strip()
    entry.bypassed_by = actor if getattr(actor, "is_authenticated", False) else None
    entry.save(update_fields=["bypass_reason", "bypassed_by"])
    audit.record(
        actor=actor,
        obj=entry.advert,
        action="bypassed",
        summary=f"{entry.application.reference} bypassed: {entry.bypass_reason}"[:300],
    )
    return entry


# --- offers -------------------------------------------------------------------------------------


def next_in_line(advert: Advert) -> ShortlistEntry | None:
    """The highest eligible bidder not bypassed and not yet offered this home."""
    offered = Offer.objects.filter(advert=advert).values_list("entry_id", flat=True)
    return (
        ShortlistEntry.objects.filter(advert=advert, position__isnull=False, bypass_reason="")
        .exclude(pk__in=offered)
        .filter(bid__application__status=Application.Status.LIVE)  # not suspended, cancelled or housed
        .select_related("bid__application__applicant")
        .order_by("position")
        .first()
    )


@transaction.atomic
def make_offer(
    *, actor: Any, advert: Advert, viewing_at: dt.datetime | None = None, offered_on: dt.date | None = None
) -> Offer:
    """Offer the home to the next bidder in shortlist order (bypass with a reason to skip one)."""
    permissions.require(actor, "lettings.edit")
    advert = Advert.objects.select_for_update().get(pk=advert.pk)
    require_council(actor, advert.landlord_id)
    errors = Errors()
    entry = None
    if advert.status != Advert.Status.SHORTLISTED:
        errors.add(
            "advert",
            f"The home is {advert.get_status_display().lower()}; it can be offered only once shortlisted.",
        )
    else:
        entry = next_in_line(advert)
        if entry is None:
            errors.add("advert", "No bidder is left on the shortlist; advertise the home again.")
    errors.raise_if_any()
    if entry is None:  # pragma: no cover - errors were raised above
        raise ValidationError({"advert": ["No bidder is left on the shortlist."]})
    offer = Offer.objects.create(
        advert=advert,
        application=entry.application,
        entry=entry,
        offered_on=offered_on or timezone.localdate(),
        viewing_at=viewing_at,
        made_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    advert.status = Advert.Status.OFFERED
    advert.save(update_fields=["status"])
    audit.record(
        actor=actor, obj=advert, action="offered", summary=f"Offered to {entry.application.reference}"
    )
    audit.record(actor=actor, obj=entry.application, action="offered", summary=f"Offered {advert.reference}")
    return offer


def _open_offer(offer: Offer, actor: Any) -> Offer:
    offer = (
        Offer.objects.select_for_update()
        .select_related("advert__property", "application__applicant")
        .get(pk=offer.pk)
    )
    require_council(actor, offer.advert.landlord_id)
    if offer.status != Offer.Status.OFFERED:
        raise ValidationError(
            {"offer": [f"This offer has already been {offer.get_status_display().lower()}."]}
        )
    return offer


@transaction.atomic
def accept_offer(*, actor: Any, offer: Offer, start_date: dt.date, kind: str = "introductory") -> Offer:
    """The applicant accepts: the let creates the tenancy, the application is housed."""
    permissions.require(actor, "lettings.edit")
    offer = _open_offer(offer, actor)
    if start_date is None:
        raise ValidationError({"start_date": ["Enter the tenancy start date."]})
    app = offer.application
    occupants = [m.person for m in app.members.select_related("person")]
    tenants = [app.applicant] + [
        m.person for m in app.members.select_related("person") if m.relationship == "partner"
    ]
    tenancy = tenancy_services.create_tenancy(
        actor=actor,
        property=offer.advert.property,
        kind=kind,
        start_date=start_date,
        tenants=tenants,
        occupants=[p for p in occupants if p not in tenants],
    )
    offer.status = Offer.Status.ACCEPTED
    offer.decided_on = timezone.localdate()
    offer.tenancy = tenancy
    offer.save(update_fields=["status", "decided_on", "tenancy"])
    Advert.objects.filter(pk=offer.advert_id).update(status=Advert.Status.LET)
    audit.record(
        actor=actor, obj=offer.advert, action="let", summary=f"Let to {app.reference} on {tenancy.reference}"
    )
    app = Application.objects.select_for_update().get(pk=app.pk)
    update_audited(
        actor=actor,
        obj=app,
        data={
            "status": Application.Status.HOUSED,
            "status_reason": f"Housed in {offer.advert.property.reference}",
        },
        fields=APPLICATION_FIELDS,
        summary=f"Housed: tenancy {tenancy.reference}",
    )
    Bid.objects.filter(application=app, status=Bid.Status.LIVE, cycle__status=Cycle.Status.OPEN).update(
        status=Bid.Status.WITHDRAWN, withdrawn_at=timezone.now()
    )
    return offer


@transaction.atomic
def refuse_offer(*, actor: Any, offer: Offer, reason: str, unreasonable: bool) -> Offer:
    """The applicant refuses. An unreasonable refusal of a suitable offer counts towards the scheme's penalty."""
    permissions.require(actor, "lettings.edit")
    offer = _open_offer(offer, actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Enter the applicant's reason for refusing."]})
    day = timezone.localdate()
    offer.status = Offer.Status.REFUSED
    offer.decided_on = day
    offer.reason = reason.strip()
    offer.unreasonable = bool(unreasonable)
    offer.save(update_fields=["status", "decided_on", "reason", "unreasonable"])
    Advert.objects.filter(pk=offer.advert_id).update(status=Advert.Status.SHORTLISTED)
    audit.record(
        actor=actor, obj=offer.advert, action="refused", summary=f"Refused by {offer.application.reference}"
    )
    app = Application.objects.select_for_update().get(pk=offer.application_id)
    audit.record(
        actor=actor,
        obj=app,
        action="offer refused",
        summary=f"Refused {offer.advert.reference}{' (unreasonable)' if unreasonable else ''}: {offer.reason}"[
            :300
        ],
    )
    policy = current_policy(day)
    count = Offer.objects.filter(application=app, status=Offer.Status.REFUSED, unreasonable=True).count()
    until = domain.refusal_penalty(
        unreasonable_refusals=count,
        limit=policy.refusal_limit,
        suspension_months=policy.refusal_suspension_months,
        refused_on=day,
    )
    if until and app.status == Application.Status.LIVE:
        update_audited(
            actor=actor,
            obj=app,
            data={
                "status": Application.Status.SUSPENDED,
                "suspended_until": until,
                "status_reason": f"{count} unreasonable refusals of suitable offers",
            },
            fields=APPLICATION_FIELDS,
            summary=f"Suspended until {until:%d %B %Y} after {count} unreasonable refusals",
        )
    return offer


@transaction.atomic
def withdraw_offer(*, actor: Any, offer: Offer, reason: str) -> Offer:
    """The landlord withdraws the offer. This is not a refusal and never counts against the applicant."""
    permissions.require(actor, "lettings.edit")
    offer = _open_offer(offer, actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Enter why the landlord is withdrawing the offer."]})
    offer.status = Offer.Status.WITHDRAWN
    offer.decided_on = timezone.localdate()
    offer.reason = reason.strip()
    offer.save(update_fields=["status", "decided_on", "reason"])
    Advert.objects.filter(pk=offer.advert_id).update(status=Advert.Status.SHORTLISTED)
    audit.record(
        actor=actor,
        obj=offer.advert,
        action="offer withdrawn",
        summary=f"Offer withdrawn: {offer.reason}"[:300],
    )
    return offer


# --- reviews ------------------------------------------------------------------------------------

REVIEW_DAYS = 21  # the time to ask for a review, as most allocation schemes set it


@transaction.atomic
def request_review(*, actor: Any, application: Application, decision: str, grounds: str) -> ReviewRequest:
    """Record an applicant's request for a review of a decision (Housing Act 1996 s.166A(9))."""
    permissions.require(actor, "lettings.edit")
    app = _locked(application, actor)
    errors = Errors()
    if decision not in ReviewRequest.Decision.values:
        errors.add("decision", "Select the decision to be reviewed.")
    if not (grounds or "").strip():
        errors.add("grounds", "Enter the applicant's grounds for the review.")
    if (
        decision
        and ReviewRequest.objects.filter(
            application=app, decision=decision, outcome=ReviewRequest.Outcome.PENDING
        ).exists()
    ):
        errors.add("decision", "A review of this decision is already waiting.")
    errors.raise_if_any()
    review = ReviewRequest.objects.create(
        application=app,
        decision=decision,
        grounds=grounds.strip(),
        requested_on=timezone.localdate(),
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        obj=app,
        action="review requested",
        summary=f"Review requested: {review.get_decision_display().lower()}",
    )
    return review


@transaction.atomic
def decide_review(*, actor: Any, review: ReviewRequest, outcome: str, reason: str) -> ReviewRequest:
    """Decide a review. The reviewer is not the officer who made the last band decision under review."""
    permissions.require(actor, "lettings.decide")
    review = ReviewRequest.objects.select_for_update().select_related("application").get(pk=review.pk)
    require_council(actor, review.application.council_id)
    errors = Errors()
    if review.outcome != ReviewRequest.Outcome.PENDING:
        errors.add("outcome", "This review has already been decided.")
    if outcome not in (ReviewRequest.Outcome.UPHELD, ReviewRequest.Outcome.CHANGED):
        errors.add("outcome", "Select whether the decision is upheld or changed.")
    if not (reason or "").strip():
        errors.add("reason", "Enter the reasons for the review decision.")
    if review.decision == ReviewRequest.Decision.BAND:
        last = review.application.band_decisions.order_by("-decided_on", "-id").first()
        if (
            last is not None
            and last.decided_by_id is not None
            and last.decided_by_id == getattr(actor, "pk", None)
        ):
            errors.add(
                "outcome", "A review must be decided by an officer who did not make the band decision."
            )
    errors.raise_if_any()
    review.outcome = outcome
    review.outcome_reason = reason.strip()
    review.decided_on = timezone.localdate()
    review.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    review.save(update_fields=["outcome", "outcome_reason", "decided_on", "decided_by"])
    audit.record(
        actor=actor,
        obj=review.application,
        action="review decided",
        summary=f"Review of {review.get_decision_display().lower()}: {review.get_outcome_display().lower()}",
    )
    return review


# --- photos on adverts ----------------------------------------------------------------------------

PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def is_photo(attachment: Any) -> bool:
    name = attachment.filename.lower()
    return any(name.endswith(ext) for ext in PHOTO_TYPES)


@transaction.atomic
def add_advert_photo(*, actor: Any, advert: Advert, upload: Any, description: str) -> Any:
    """A photo of an advertised home, with the words that describe it to people who cannot see it."""
    permissions.require(actor, "lettings.edit")
    permissions.require(actor, "files.attach")
    require_council(actor, advert.landlord_id)
    errors = Errors()
    name = (getattr(upload, "name", "") or "").lower()
    if upload is None:
        errors.add("file", "Select a photo.")
    elif not any(name.endswith(ext) for ext in PHOTO_TYPES):
        errors.add("file", "The photo must be a JPEG, PNG or WebP image.")
    if not (description or "").strip():
        errors.add(
            "description",
            "Describe the photo for people who cannot see it, for example Living room with a large window.",
        )
    errors.raise_if_any()
    return files.attach(actor=actor, record=advert, upload=upload, description=description.strip())


def advert_photos(adverts: Sequence[Advert]) -> dict[int, list[Any]]:
    """Each advert's photos, in one query."""
    ct = ContentType.objects.get_for_model(Advert)
    out: dict[int, list[Any]] = {a.pk: [] for a in adverts}
    rows = Attachment.objects.filter(content_type=ct, object_id__in=[str(a.pk) for a in adverts]).order_by(
        "id"
    )
    for attachment in rows:
        if is_photo(attachment):
            out.setdefault(int(attachment.object_id), []).append(attachment)
    return out


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
    allowed = council_ids_for(actor)
    if allowed is not None:
        ended = ended.filter(council_id__in=allowed)
    apps = list(ended.only("pk", "reference", "suspended_until"))
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
