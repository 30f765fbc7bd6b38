"""Closing a cycle: the shortlist of every advert in rule order, written set-based; bypassing a
bidder for a recorded reason.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from hearth.core import permissions
from hearth.core.actors import user_of
from hearth.core.records import Errors, save_and_note
from hearth.lettings import domain
from hearth.lettings.models import Advert, Bid, Cycle, ShortlistEntry
from hearth.lettings.services.adverts import criteria_of
from hearth.lettings.services.partners import locked_for_partner
from hearth.lettings.services.scheme import current_policy

# what the shortlist rule reads of a bid's application to rank it, in the order the rows hold them
RANKING_FIELDS = (
    "application__reference",
    "application__band",
    "application__effective_date",
    "application__registration_date",
    "application__computed_bedrooms",
    "application__bedroom_override",
)
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
            *RANKING_FIELDS,
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
    save_and_note(
        actor,
        cycle,
        action="closed",
        summary=f"Closed: {len(adverts)} adverts shortlisted from {len(entries)} bids",
        changes={"status": ["Open", "Closed"]},
        status=Cycle.Status.CLOSED,
        closed_at=at,
        closed_by=user_of(actor),
    )
    return len(entries)


@transaction.atomic
def bypass(*, actor: Any, entry: ShortlistEntry, reason: str) -> ShortlistEntry:
    """Pass over a bidder at the top of a shortlist for a recorded reason (for example rent arrears)."""
    records = ShortlistEntry.objects.select_related("advert", "bid__application")
    entry = locked_for_partner(actor, "lettings.decide", records, entry.pk, "advert.landlord_id")
    errors = Errors()
    if not (reason or "").strip():
        errors.add("reason", "Enter why this bidder is bypassed.")
    if entry.position is None:
        errors.add("reason", "This bidder was already passed over by the advert's criteria.")
    elif entry.bypass_reason:
        errors.add("reason", "This bidder has already been bypassed.")
    errors.raise_if_any()
    return save_and_note(
        actor,
        entry,
        on=entry.advert,
        action="bypassed",
        summary=f"{entry.application.reference} bypassed: {reason.strip()}"[:300],
        bypass_reason=reason.strip(),
        bypassed_by=user_of(actor),
    )
