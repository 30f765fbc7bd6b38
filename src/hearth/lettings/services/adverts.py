"""Cycles and adverts: bidding cycles, void homes advertised in them with their criteria and photos,
and who may bid for an advert.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from hearth.core import files, permissions
from hearth.core.models import Attachment
from hearth.core.records import Errors, create_audited
from hearth.core.references import next_reference
from hearth.lettings import domain
from hearth.lettings.models import Advert, Application, Council, Cycle
from hearth.lettings.services.partners import require_council
from hearth.lettings.services.scheme import current_policy
from hearth.properties.models import Property

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


PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
PHOTO_UPLOAD_TYPES = ("jpeg", "png", "webp")  # what a photo must hold, by content (`core.uploads`)


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
    return files.attach(
        actor=actor, record=advert, upload=upload, description=description.strip(), types=PHOTO_UPLOAD_TYPES
    )


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
