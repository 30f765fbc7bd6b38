"""Helpers: sharing out, weighted picks, dates, and the texts the generator draws from."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from hearth.people.models import HouseholdMember
from hearth.properties.models import Property
from hearth.tenancies.models import Tenancy

K = Property.Kind
TK = Tenancy.Kind
ST = Property.Status
REL = HouseholdMember.Relationship


def spread(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to weights that add up to exactly `total` (cumulative rounding)."""
    s = float(sum(weights))
    if total <= 0 or not weights:
        return [0] * len(weights)
    if s <= 0:
        weights = [1.0] * len(weights)
        s = float(len(weights))
    out, acc, prev = [], 0.0, 0
    for w in weights:
        acc += w
        cur = round(acc / s * total)
        out.append(cur - prev)
        prev = cur
    return out


def pick(rng: random.Random, options: Sequence[tuple[Any, float]]) -> Any:
    r = rng.random() * sum(w for _, w in options)
    for value, w in options:
        r -= w
        if r < 0:
            return value
    return options[-1][0]


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def years(n: float) -> timedelta:
    return timedelta(days=int(n * 365.25))


def add_years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


VULNERABILITIES = [
    ("Mental health", "Anxiety and depression; prefers a phone call before any visit."),
    ("Physical disability", "Limited mobility; needs ground-floor access and extra time at the door."),
    ("Learning disability", "Letters should be explained; support worker can attend appointments."),
    ("Sight loss", "Letters in large print (24 point) please."),
    ("Hearing loss", "Uses text messages rather than phone calls."),
    ("Older person living alone", "Check on welfare during cold weather and after repairs."),
    ("Domestic abuse", "Do not share address details; contact only on the recorded number."),
    ("Long-term illness", "Home oxygen in use; priority for heating and power repairs."),
    ("Hoarding", "Support plan agreed with adult social care."),
    ("Care leaver", "Supported by the leaving care team until age 25."),
    ("Uses a wheelchair", "Needs level access; lift outages affect this resident."),
    ("Substance misuse", "Engaged with local recovery service."),
]
CAUTIONS = [
    ("Verbal abuse towards staff", "Visit in pairs; do not enter alone."),
    ("Dog at the property", "Ask for the dog to be secured before entering."),
    ("Threatening behaviour", "Two officers to attend; meet in the office where possible."),
    ("Risk to lone workers", "Check in with the office before and after visiting."),
]
END_REASONS = [
    ("Tenant died", 22),
    ("Moved out: gave notice", 26),
    ("Moved into residential care", 8),
    ("Possession order: rent arrears", 7),
    ("Abandoned the home", 4),
    ("Bought a home", 4),
    ("Moved in with family", 5),
]
MOVE_REASONS = [("Transferred to another council home", 24), ("Mutual exchange", 8)]
INTRO_DONE = "Introductory period completed: became a secure tenancy"
