"""Rebuild the global search index from the records, in chunks, reporting progress to a Job.

Used after an import or a bulk correction, and when a name change must reach the agreements
that show it. Safe to run twice: each kind's entries are replaced chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import Model, Prefetch, QuerySet

from hearth.core import jobs
from hearth.core.models import SearchEntry
from hearth.core.search import Entry, index_many
from hearth.people.models import Person
from hearth.people.search import person_entry
from hearth.properties.models import Block, Estate, Property
from hearth.properties.search import block_entry, estate_entry, property_entry
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancies.search import tenancy_entry

CHUNK = 5000


def _tenancy_entry(t: Tenancy) -> Entry:
    names = [p.person.full_name for p in t.parties.all() if p.role == TenancyParty.Role.TENANT]
    return tenancy_entry(t, names, t.property.address)


SOURCES: list[tuple[str, Callable[[], QuerySet[Any]], Callable[[Any], Entry]]] = [
    ("estate", lambda: Estate.objects.all(), estate_entry),
    ("block", lambda: Block.objects.all(), block_entry),
    ("property", lambda: Property.objects.all(), property_entry),
    ("person", lambda: Person.objects.all(), person_entry),
    (
        "tenancy",
        lambda: Tenancy.objects.select_related("property").prefetch_related(
            Prefetch("parties", queryset=TenancyParty.objects.select_related("person"))
        ),
        _tenancy_entry,
    ),
]


def _chunks(qs: QuerySet[Model]) -> Iterator[list[Model]]:
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def rebuild_search_index(job_id: int | None = None) -> int:
    total = sum(make().count() for _, make, _ in SOURCES)
    if job_id:
        jobs.begin(job_id, total=total)
    done = 0
    for kind, make, build in SOURCES:
        for rows in _chunks(make()):
            with transaction.atomic():
                SearchEntry.objects.filter(kind=kind, object_id__in=[r.pk for r in rows]).delete()
                index_many(build(r) for r in rows)
            done += len(rows)
            if job_id:
                jobs.progress(job_id, done)
        # entries whose record no longer exists
        SearchEntry.objects.filter(kind=kind).exclude(object_id__in=make().values("pk")).delete()
    if job_id:
        jobs.finish(job_id, f"Indexed {done:,} records.")
    return done
