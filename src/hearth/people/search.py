"""What the global search knows about a person: the one place that builds a person's entry.

Services call this whenever a person is created or changed; the demo generator calls it in bulk.
"""

from __future__ import annotations

import re

from hearth.core.search import Entry
from hearth.people.models import Person

# the last UK-postcode-shaped run of characters in a free-text address
_POSTCODE_IN_ADDRESS = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\s*$", re.IGNORECASE)


def postcode_of(address: str) -> str:
    """The postcode at the end of a free-text address, upper-case, or ''."""
    match = _POSTCODE_IN_ADDRESS.search((address or "").strip())
    return match.group(1).upper() if match else ""


def person_entry(person: Person) -> Entry:
    name = " ".join(p for p in (person.title, person.first_name, person.last_name) if p)
    postcode = postcode_of(person.address)
    detail = " · ".join(p for p in (person.reference, person.address) if p)
    words = (
        person.first_name,
        person.middle_names,
        person.last_name,
        person.preferred_name,
        person.reference,
        person.ni_number,
        postcode,
        person.email,
    )
    return Entry(
        kind="person",
        object_id=person.pk,
        title=name,
        detail=detail,
        words=tuple(w for w in words if w),
        key=person.reference,
        postcode=postcode,
    )
