"""Reads for agreements."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from hearth.core.queries import where_given
from hearth.tenancies.models import Tenancy, TenancyParty


def _parties() -> Prefetch:
    return Prefetch("parties", queryset=TenancyParty.objects.select_related("person").order_by("role", "id"))


def tenancy_list(
    *,
    kind: str = "",
    live: str = "",
    property_id: int | None = None,
    person_id: int | None = None,
    started_from: dt.date | None = None,
    started_to: dt.date | None = None,
) -> QuerySet[Tenancy]:
    qs = where_given(
        Tenancy.objects.select_related("property").prefetch_related(_parties()),
        kind=kind,
        property_id=property_id or None,
        parties__person_id=person_id or None,
        start_date__gte=started_from,
        start_date__lte=started_to,
    )
    today = timezone.localdate()
    if live == "yes":
        qs = qs.live_on(today)
    elif live == "no":
        qs = qs.filter(end_date__lt=today)
    return qs.order_by("-start_date", "-id")


def tenancy_detail(pk: int, *, also: tuple[str, ...] = ()) -> Tenancy:
    """The agreement with its home and parties in one fixed set of queries; `also` joins more
    one-to-one records a page shows (a module above names its own, like the rent account)."""
    return (
        Tenancy.objects.select_related("property", "property__estate", "property__block", *also)
        .prefetch_related(_parties())
        .get(pk=pk)
    )


def tenancies_of_property(property_id: int) -> list[Tenancy]:
    return list(tenancy_list(property_id=property_id))


def tenancies_of_person(person_id: int) -> list[Tenancy]:
    return list(tenancy_list(person_id=person_id))


def is_live(tenancy: Tenancy, on: dt.date | None = None) -> bool:
    day = on or timezone.localdate()
    return tenancy.start_date <= day and (tenancy.end_date is None or tenancy.end_date >= day)
