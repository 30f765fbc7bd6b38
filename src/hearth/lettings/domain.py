"""Pure rules of the housing register and choice-based lettings (no ORM).

The rules are written out in the shared domain rules, section 5: bedroom need (Housing Benefit size
criteria, HB Regulations 2006 reg. B13), effective dates, shortlist order and the reasons a bidder
is passed over, qualification, bidding limits and refusal penalties. Pages, the API, the cycle
close batch and the acceptance runner all call these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# --- ages ---------------------------------------------------------------------------------------


def age_on(born: dt.date, day: dt.date) -> int:
    """Age in whole years on `day` (a person born on 29 February turns a year older on 1 March)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# --- bedroom need -------------------------------------------------------------------------------

APPLICANT = "applicant"
PARTNER = "partner"
CHILD = "child"
OTHER = "other"
RELATIONSHIPS = (APPLICANT, PARTNER, CHILD, OTHER)
SEXES = ("F", "M")
ADULT_AGE = 16  # a person of 16 or over has a bedroom of their own
SAME_SEX_SHARE_UNDER = 16  # two children under 16 of the same sex share
ANY_SEX_SHARE_UNDER = 10  # two children under 10 of any sex share


@dataclass(frozen=True)
class Occupant:
    relationship: str  # applicant, partner, child, other
    age: int
    sex: str  # F or M


def can_share(a: Occupant, b: Occupant) -> bool:
    """May two children share a bedroom under the size criteria?"""
    if a.age >= SAME_SEX_SHARE_UNDER or b.age >= SAME_SEX_SHARE_UNDER:
        return False
    if a.age < ANY_SEX_SHARE_UNDER and b.age < ANY_SEX_SHARE_UNDER:
        return True
    return a.sex == b.sex


def _child_kind(person: Occupant) -> tuple[bool, str]:
    """A child's class for sharing: (under 10, sex). Sharing depends on nothing else."""
    return person.age < ANY_SEX_SHARE_UNDER, person.sex


@lru_cache(maxsize=4096)
def _fewest_rooms(older_f: int, older_m: int, young_f: int, young_m: int) -> int:
    """Fewest bedrooms for children aged 10-15 (by sex) and under 10 (by sex): an exact maximum
    matching. Whether two children may share depends only on their class, so the counts per class
    are the whole state; the first child left either sleeps alone or shares with one child of a
    class it may share with, and every choice is tried."""
    counts = [older_f, older_m, young_f, young_m]
    if not any(counts):
        return 0
    first = next(i for i, c in enumerate(counts) if c)
    # classes: 0 older F, 1 older M, 2 young F, 3 young M
    partners = {0: (0, 2), 1: (1, 3), 2: (0, 2, 3), 3: (1, 2, 3)}[first]
    rest = list(counts)
    rest[first] -= 1
    best = 1 + _fewest_rooms(*rest)
    for other in partners:
        if rest[other]:
            paired = list(rest)
            paired[other] -= 1
            best = min(best, 1 + _fewest_rooms(*paired))
    return best


def children_bedrooms(children: Iterable[Occupant]) -> int:
    counts = [0, 0, 0, 0]
    for child in children:
        young, sex = _child_kind(child)
        counts[(2 if young else 0) + (0 if sex == "F" else 1)] += 1
    return _fewest_rooms(*counts)


def bedroom_need(household: Sequence[Occupant]) -> int:
    """Bedrooms a household needs: one for the applicant and partner together, one for each other
    person aged 16 or over, and the children under 16 paired to need the fewest rooms."""
    for person in household:
        if person.relationship not in RELATIONSHIPS:
            raise ValueError(f"Unknown relationship {person.relationship!r}.")
        if person.sex not in SEXES:
            raise ValueError(f"Unknown sex {person.sex!r}.")
        if person.age < 0:
            raise ValueError("An age cannot be negative.")
    couple = [p for p in household if p.relationship in (APPLICANT, PARTNER)]
    others = [p for p in household if p.relationship not in (APPLICANT, PARTNER)]
    rooms = 0
    has_applicant = any(p.relationship == APPLICANT for p in couple)
    partners = [p for p in couple if p.relationship == PARTNER]
    if has_applicant:
        rooms += 1  # the applicant, with a partner if there is one
        extra_couple = [p for p in couple if p.relationship == APPLICANT][1:] + partners[1:]
    else:
        rooms += 1 if partners else 0
        extra_couple = partners[1:]
    # anyone beyond the one couple is counted as another member of the household
    others = others + extra_couple
    rooms += sum(1 for p in others if p.age >= ADULT_AGE)
    rooms += children_bedrooms(p for p in others if p.age < ADULT_AGE)
    return rooms


# --- bands and effective dates ------------------------------------------------------------------


def band_rank(bands: Sequence[str], band: str) -> int:
    """0 for the highest band. Unknown bands are an error, not a silent last place."""
    try:
        return list(bands).index(band)
    except ValueError:
        raise ValueError(f"{band!r} is not one of the scheme's bands ({', '.join(bands)}).") from None


def is_promotion(bands: Sequence[str], before: str, after: str) -> bool:
    return band_rank(bands, after) < band_rank(bands, before)


def effective_date(
    *, bands: Sequence[str], registration_date: dt.date, history: Sequence[tuple[dt.date, str]]
) -> dt.date:
    """The date that orders an applicant within their band: the registration date at first; on
    promotion to a higher band, the date of that decision; on demotion or an unchanged band it stays.

    `history` is the band decisions oldest first; the first is the band given at registration."""
    effective = registration_date
    previous: str | None = None
    for decided_on, band in history:
        band_rank(bands, band)
        if previous is not None and is_promotion(bands, previous, band):
            effective = decided_on
        previous = band
    return effective


def band_expiry(decided_on: dt.date, months: int | None) -> dt.date | None:
    """The last day of a time-limited band (None: not time-limited)."""
    if not months:
        return None
    return add_months(decided_on, months)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError("unreachable")  # pragma: no cover


# --- shortlists ---------------------------------------------------------------------------------

BEDROOM_SIZE = "bedroom_size"
AGE_RESTRICTION = "age_restriction"
LOCAL_CONNECTION = "local_connection"
ADAPTED_NEED = "adapted_need"
PASS_OVER_REASONS = {
    BEDROOM_SIZE: "The home's size does not match the household's bedroom need.",
    AGE_RESTRICTION: "The applicant has not reached the advert's minimum age on the day the cycle closes.",
    LOCAL_CONNECTION: "The applicant has no local connection to the advert's area.",
    ADAPTED_NEED: "The home is adapted and the household does not need adaptations.",
}


@dataclass(frozen=True)
class Criteria:
    """What an advert asks of bidders."""

    bedrooms: int
    min_age: int | None = None
    local_connection: str | None = None
    adapted_only: bool = False
    preferred_band: str | None = None  # a band quota: this band's bidders come first


@dataclass(frozen=True)
class Bidder:
    key: Hashable  # the bid or application this stands for
    reference: str  # application reference: the last tie-break
    band: str
    effective_date: dt.date
    registration_date: dt.date
    bedroom_need: int
    date_of_birth: dt.date
    local_connections: frozenset[str] = field(default_factory=frozenset)
    needs_adapted: bool = False


def normalise_area(area: str) -> str:
    return " ".join(area.split()).casefold()


def pass_over_reason(criteria: Criteria, bidder: Bidder, closes_on: dt.date) -> str | None:
    """None if the bidder meets the advert's criteria; else the first reason, checked in order:
    bedroom size, age restriction (age reached on the close date), local connection, adapted need."""
    if bidder.bedroom_need != criteria.bedrooms:
        return BEDROOM_SIZE
    if criteria.min_age is not None and age_on(bidder.date_of_birth, closes_on) < criteria.min_age:
        return AGE_RESTRICTION
    if criteria.local_connection:
        wanted = normalise_area(criteria.local_connection)
        if wanted not in {normalise_area(a) for a in bidder.local_connections}:
            return LOCAL_CONNECTION
    if criteria.adapted_only and not bidder.needs_adapted:
        return ADAPTED_NEED
    return None


def priority_key(
    bands: Sequence[str], bidder: Bidder, preferred_band: str | None = None
) -> tuple[int, int, dt.date, dt.date, str]:
    """Band (highest first), effective date, registration date (earliest first), reference. An advert
    with a band quota puts its preferred band's bidders first, in that same order."""
    return (
        0 if preferred_band is not None and bidder.band == preferred_band else 1,
        band_rank(bands, bidder.band),
        bidder.effective_date,
        bidder.registration_date,
        bidder.reference,
    )


@dataclass(frozen=True)
class Shortlist:
    order: list[Bidder]  # those who meet the criteria, in the order offers go to them
    skipped: list[tuple[Bidder, str]]  # passed over, with the reason, in priority order


def ranked(
    *, bands: Sequence[str], criteria: Criteria, bidders: Iterable[Bidder], closes_on: dt.date
) -> list[tuple[Bidder, str | None]]:
    """Every bidder in priority order, each with the reason they are passed over (None: eligible)."""
    ordered = sorted(bidders, key=lambda b: priority_key(bands, b, criteria.preferred_band))
    return [(bidder, pass_over_reason(criteria, bidder, closes_on)) for bidder in ordered]


def shortlist(
    *, bands: Sequence[str], criteria: Criteria, bidders: Iterable[Bidder], closes_on: dt.date
) -> Shortlist:
    order: list[Bidder] = []
    skipped: list[tuple[Bidder, str]] = []
    for bidder, reason in ranked(bands=bands, criteria=criteria, bidders=bidders, closes_on=closes_on):
        if reason is None:
            order.append(bidder)
        else:
            skipped.append((bidder, reason))
    return Shortlist(order=order, skipped=skipped)


# --- bidding ------------------------------------------------------------------------------------


def bid_refusal(
    *,
    now: dt.datetime,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    live_bids_in_cycle: int,
    bid_limit: int,
    already_bid: bool,
    pass_over: str | None,
) -> tuple[str, str] | None:
    """None if a bid may be placed; else (field, sentence) saying why not."""
    if now < opens_at:
        return "advert", "Bidding for this cycle has not opened yet."
    if now >= closes_at:
        return "advert", "Bidding for this cycle has closed."
    if already_bid:
        return "advert", "The applicant has already bid for this home."
    if live_bids_in_cycle >= bid_limit:
        return "advert", (
            f"The applicant already has {live_bids_in_cycle} live bids in this cycle; the limit is {bid_limit}. "
            "Withdraw a bid to make another."
        )
    if pass_over is not None:
        return "advert", "The applicant is not eligible for this home. " + PASS_OVER_REASONS[pass_over]
    return None


# --- qualification ------------------------------------------------------------------------------

DOMESTIC_ABUSE = "domestic_abuse"
CARE_LEAVER = "care_leaver"
ARMED_FORCES = "armed_forces"
EXEMPTIONS = {
    DOMESTIC_ABUSE: "Victim of domestic abuse",
    CARE_LEAVER: "Care leaver under 25",
    ARMED_FORCES: "Member or former member of the armed forces",
}
CARE_LEAVER_UNDER = 25


@dataclass(frozen=True)
class QualificationRules:
    minimum_age: int = 16
    residence_years: int = 2
    work_months: int = 6
    family_years: int = 5
    exemptions: frozenset[str] = frozenset(EXEMPTIONS)


@dataclass(frozen=True)
class ApplicantFacts:
    age: int
    residence_years: int = 0
    work_months: int = 0
    family_years: int = 0
    exemptions: frozenset[str] = frozenset()
    housing_need: bool = True


@dataclass(frozen=True)
class Qualification:
    qualifies: bool
    reasons: list[str]


def has_local_connection(rules: QualificationRules, facts: ApplicantFacts) -> bool:
    return (
        facts.residence_years >= rules.residence_years
        or facts.work_months >= rules.work_months
        or facts.family_years >= rules.family_years
    )


def exempt_from_local_connection(rules: QualificationRules, facts: ApplicantFacts) -> list[str]:
    out = []
    for code in sorted(facts.exemptions & rules.exemptions):
        if code == CARE_LEAVER and facts.age >= CARE_LEAVER_UNDER:
            continue
        out.append(code)
    return out


def qualification(rules: QualificationRules, facts: ApplicantFacts) -> Qualification:
    """Does the applicant qualify for the register, and why (or why not)?

    Since 10 July 2025 a victim of domestic abuse and a care leaver under 25 must not be refused for
    lack of local connection (SI 2025/706); the armed forces are exempt too."""
    reasons: list[str] = []
    ok = True
    if facts.age < rules.minimum_age:
        ok = False
        reasons.append(f"The applicant is under {rules.minimum_age}.")
    if has_local_connection(rules, facts):
        reasons.append("The applicant has a local connection.")
    else:
        exempt = exempt_from_local_connection(rules, facts)
        if exempt:
            names = ", ".join(EXEMPTIONS[e].lower() for e in exempt)
            reasons.append(f"No local connection is needed: {names}.")
        else:
            ok = False
            reasons.append(
                f"The applicant has no local connection ({rules.residence_years} years' residence, "
                f"{rules.work_months} months' work or family resident {rules.family_years} years)."
            )
    if not facts.housing_need:
        ok = False
        reasons.append("The applicant has no housing need.")
    return Qualification(qualifies=ok, reasons=reasons)


# --- refusals -----------------------------------------------------------------------------------


def refusal_penalty(
    *, unreasonable_refusals: int, limit: int, suspension_months: int, refused_on: dt.date
) -> dt.date | None:
    """The date a suspension ends when the applicant has refused `limit` suitable offers
    unreasonably; None when no penalty applies. A landlord-withdrawn offer is never counted."""
    if limit <= 0 or unreasonable_refusals < limit:
        return None
    return add_months(refused_on, suspension_months)
