"""Pure rules for tenancy processes (no ORM): introductory tenancy reviews, notice to end, eligibility
for sign-up and succession. The rules for each kind of agreement are in `agreement_rules`; the
processes themselves (one module each) read and write the records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from hearth.tenancies.domain import MIN_TENANT_AGE

INTRODUCTORY_MONTHS = 12
INTRODUCTORY_EXTENDED_MONTHS = 18
TENANT_NOTICE_DAYS = 28  # a tenant's notice to quit a home: at least four weeks

NOTICE_REASONS: dict[str, str] = {
    "tenant_notice": "Notice given by the tenant",
    "death": "Death of the sole tenant",
    "abandonment": "Abandonment",
    "eviction": "Eviction (possession order)",
    "transfer": "Transfer to another council home",
    "mutual_exchange": "Mutual exchange",
}
LEASE_REASONS: dict[str, str] = {
    "surrender": "Surrender of the lease",
    "forfeiture": "Forfeiture of the lease",
}
END_REASONS: dict[str, str] = {**NOTICE_REASONS, **LEASE_REASONS}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def introductory_trial_ends(start: dt.date, extended: bool = False) -> dt.date:
    """The last day of an introductory tenancy's trial period (12 months, or 18 once extended)."""
    months = INTRODUCTORY_EXTENDED_MONTHS if extended else INTRODUCTORY_MONTHS
    return add_months(start, months) - dt.timedelta(days=1)


def introductory_review_due(start: dt.date, extended: bool = False) -> dt.date:
    """Review eight weeks before the trial period ends, so any notice can be served in time."""
    return introductory_trial_ends(start, extended) - dt.timedelta(weeks=8)


EXTENSION_NOTICE = dt.timedelta(weeks=8)


def last_day_to_extend(start: dt.date) -> dt.date:
    """The last day notice of an extension may be given: 8 weeks before the tenancy would otherwise
    stop being introductory, 12 months after it started (Housing Act 1996 s.125A)."""
    return add_months(start, INTRODUCTORY_MONTHS) - EXTENSION_NOTICE


def sign_up_problems(
    *, id_checked: bool, eligibility_checked: bool, let_on: str = "", let_until: dt.date | None = None
) -> dict[str, str]:
    """The checks before a new tenancy is signed: field -> sentence. `let_on` names an agreement of the
    home still running on the start date (`let_until` its end date, if it has one)."""
    problems = {}
    if let_on and let_until is not None:
        problems["property_ref"] = (
            f"This home is let on {let_on} until {let_until:%d %B %Y}; a new agreement can start from "
            f"{let_until + dt.timedelta(days=1):%d %B %Y}."
        )
    elif let_on:
        problems["property_ref"] = f"This home is already let on {let_on}."
    if not id_checked:
        problems["id_checked"] = "Confirm the tenants' proof of identity has been seen."
    if not eligibility_checked:
        problems["eligibility_checked"] = (
            "Confirm the tenants' eligibility and immigration status have been checked."
        )
    return problems


REVIEW_OUTCOMES: dict[str, str] = {
    "confirm": "Becomes a secure tenancy",
    "extend": "Trial period extended to 18 months",
    "end": "Possession to be sought (notice of proceedings)",
}


def review_problem(
    *, outcome: str, start: dt.date, today: dt.date, extended_before: bool, reason: str
) -> dict[str, str]:
    """The checks on an introductory tenancy review: field -> sentence."""
    problems: dict[str, str] = {}
    if outcome not in REVIEW_OUTCOMES:
        problems["outcome"] = "Select the outcome of the review."
        return problems
    if outcome == "extend" and extended_before:
        problems["outcome"] = "The trial period has already been extended once; it cannot be extended again."
    elif outcome == "extend" and today > last_day_to_extend(start):
        problems["outcome"] = (
            f"Notice of an extension must be given at least 8 weeks before the first 12 months end "
            f"(Housing Act 1996 s.125A): the last day was {last_day_to_extend(start):%d %B %Y}."
        )
    if outcome == "confirm" and today < introductory_trial_ends(start, extended_before):
        ends = introductory_trial_ends(start, extended_before)
        problems["outcome"] = f"The trial period runs until {ends:%d %B %Y}; confirm the tenancy after that."
    if outcome in ("extend", "end") and not (reason or "").strip():
        problems["reason"] = "Enter the reason: the tenant is told it and may ask for a review."
    return problems


EXCHANGEABLE = {"secure", "flexible"}


def exchange_party_problems(
    *, reference: str, kind: str, arrears: object, live: bool, possession_sought: bool
) -> list[str]:
    """The checks on one party to a mutual exchange (of two or more tenancies), as sentences."""
    problems = []
    if not live:
        problems.append(f"{reference} is not a live tenancy.")
    if kind not in EXCHANGEABLE:
        problems.append(f"{reference} is not a secure or flexible tenancy, so it cannot be exchanged.")
    if arrears:
        problems.append(f"{reference} has rent arrears of £{arrears}; they must be cleared first.")
    if possession_sought:
        problems.append(f"Possession of {reference} is being sought, so it cannot be exchanged.")
    return problems


NAME_EVIDENCE: dict[str, str] = {
    "deed_poll": "Deed poll",
    "marriage": "Marriage or civil partnership certificate",
    "decree": "Decree absolute or final order of divorce or dissolution",
    "other": "Other evidence (described in the note)",
}


def name_change_problems(
    *, evidence: str, note: str, first_name: str, last_name: str, unchanged: bool
) -> dict[str, str]:
    """The checks on a tenant's change of name: field -> sentence."""
    problems: dict[str, str] = {}
    if evidence not in NAME_EVIDENCE:
        problems["evidence"] = "Select the evidence of the change of name you have seen."
    elif evidence == "other" and not (note or "").strip():
        problems["note"] = "Describe the evidence you have seen."
    if not (first_name or "").strip():
        problems["first_name"] = "Enter the new first name."
    if not (last_name or "").strip():
        problems["last_name"] = "Enter the new last name."
    if unchanged and not problems:
        problems["last_name"] = "The new name is the same as the name we hold."
    return problems


SUCCESSION_RELATIONSHIPS: dict[str, str] = {
    "spouse": "Husband or wife",
    "civil_partner": "Civil partner",
    "partner": "Living together as a couple",
    "family": "Other member of the family",
}
LOCALISM_ACT_START = dt.date(2012, 4, 1)
FAMILY_RESIDENCE_MONTHS = 12
SUCCEEDABLE = {"secure", "introductory", "flexible"}


JOINT_TENANT_DIED = (
    "The tenant was a joint tenant: the tenancy passes to the other joint tenant by survivorship"
)


@dataclass(frozen=True)
class Claim:
    """A claim to take a tenancy over as its tenant's successor, as the succession rules read it: the
    kind of tenancy and when it started, whether the tenant was its only tenant, and the claimant's
    relationship to the tenant, since when they lived at the home and the day of the death (or of an
    assignment to someone who would have been qualified to succeed)."""

    tenancy_kind: str
    tenancy_start: dt.date
    sole_tenant: bool
    relationship: str
    resided_since: dt.date | None
    date_of_death: dt.date | None


def _successor_problems(claim: Claim, joint: str, relationships: Mapping[str, str]) -> dict[str, str]:
    """What every succession needs, by law or at the landlord's discretion: a kind of tenancy that can
    be succeeded to, a sole tenant (`joint` says why a joint tenancy passes otherwise) who died on a
    date, a relationship among `relationships`, and a successor living at the home at the death."""
    resided_since, date_of_death = claim.resided_since, claim.date_of_death
    problems: dict[str, str] = {}
    if claim.tenancy_kind not in SUCCEEDABLE:
        problems["tenancy"] = "Only a secure, flexible or introductory tenancy can be succeeded to."
    if not claim.sole_tenant:
        problems["deceased"] = joint
    if date_of_death is None:
        problems["date_of_death"] = "Enter the date of death."
    if claim.relationship not in relationships:
        problems["relationship"] = "Select the successor's relationship to the tenant."
    if resided_since is None:
        problems["resided_since"] = "Enter the date the successor started living at the home."
    elif date_of_death is not None and resided_since > date_of_death:
        problems["resided_since"] = "The successor must have been living at the home when the tenant died."
    return problems


def succession_problems(claim: Claim, previous_succession: bool) -> dict[str, str]:
    """The statutory succession checks (Housing Act 1985 ss. 86A-89 as amended), the law allowing
    only one succession: field -> sentence."""
    problems = _successor_problems(
        claim, f"{JOINT_TENANT_DIED}, which counts as the one succession.", SUCCESSION_RELATIONSHIPS
    )
    relationship, resided_since, date_of_death = claim.relationship, claim.resided_since, claim.date_of_death
    if previous_succession:
        problems["successor"] = (
            "There has already been a succession to this tenancy; the law allows only one."
        )
    if relationship == "family" and claim.tenancy_start >= LOCALISM_ACT_START:
        problems["relationship"] = (
            "For a tenancy granted since 1 April 2012 only a husband, wife, civil partner or partner can succeed."
        )
    if "resided_since" in problems or resided_since is None or date_of_death is None:
        return problems
    less_than_twelve_months = resided_since > add_months(date_of_death, -FAMILY_RESIDENCE_MONTHS)
    if relationship == "family" and less_than_twelve_months:
        problems["resided_since"] = (
            "A family member must have lived at the home for the 12 months before the death."
        )
    elif relationship == "partner" and claim.tenancy_start < LOCALISM_ACT_START and less_than_twelve_months:
        # Housing Act 1985 s.113: a partner living together as a couple is a member of the family;
        # only a spouse or civil partner needs no period of residence
        problems["resided_since"] = (
            "For a tenancy granted before 1 April 2012 a partner who was not a husband, wife or civil "
            "partner must have lived at the home for the 12 months before the death."
        )
    return problems


DISCRETIONARY_RELATIONSHIPS: dict[str, str] = {
    "carer": "Carer who gave up a home to care for the tenant",
    "household": "Other member of the household",
}
ALL_RELATIONSHIPS = {**SUCCESSION_RELATIONSHIPS, **DISCRETIONARY_RELATIONSHIPS}


def discretionary_succession_problems(claim: Claim, reason: str) -> dict[str, str]:
    """A succession the law does not give (a second succession, a family member of a tenancy granted
    since April 2012 or of less than 12 months' residence, a carer): the landlord's discretion, for a
    senior officer to approve. The successor must still have been living at the home at the death."""
    problems = _successor_problems(claim, f"{JOINT_TENANT_DIED}.", ALL_RELATIONSHIPS)
    if not (reason or "").strip():
        problems["reason"] = "Enter why a discretionary succession should be granted."
    return problems


def joint_change_problems(
    *, change: str, current_tenants: int, is_tenant: bool, age: int | None, on: dt.date | None
) -> dict[str, str]:
    """Sole to joint (add a tenant) or joint to sole (a joint tenant leaves): field -> sentence."""
    problems: dict[str, str] = {}
    if on is None:
        problems["on"] = "Enter the date of the change."
    if change == "add":
        if is_tenant:
            problems["person"] = "This person is already a tenant."
        if age is not None and age < MIN_TENANT_AGE:
            problems["person"] = f"A tenant must be at least {MIN_TENANT_AGE}."
    elif change == "remove":
        if not is_tenant:
            problems["person"] = "This person is not a tenant of this tenancy."
        elif current_tenants < 2:
            problems["person"] = "A sole tenant cannot leave this way; end the tenancy instead."
    else:
        problems["change"] = "Select whether a tenant joins or leaves."
    return problems


ASSIGNMENT_ROUTES: dict[str, str] = {
    "court_order": "Court order in family or matrimonial proceedings",
    "would_succeed": "To someone who would have been qualified to succeed",
}
