"""Reads for the register, adverts, shortlists and statistics, scoped to the partners an officer works for."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from hearth.core.queries import where_given
from hearth.lettings.models import (
    Advert,
    Application,
    BandDecision,
    Bid,
    Council,
    Cycle,
    Offer,
    ShortlistEntry,
)
from hearth.lettings.services import council_ids_for


def _scoped(qs: QuerySet[Any], user: Any, field: str) -> QuerySet[Any]:
    allowed = council_ids_for(user)
    return qs if allowed is None else qs.filter(**{f"{field}__in": allowed})


def may_see_application(user: Any, application: Application) -> bool:
    """Whether `application` is one of the partners' that `user` works for, as `application_detail`
    and the register scope it."""
    allowed = council_ids_for(user)
    return allowed is None or application.council_id in allowed


def councils_for(user: Any) -> QuerySet[Council]:
    return _scoped(Council.objects.all(), user, "pk")


def with_need(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.annotate(need=Coalesce(F("bedroom_override"), F("computed_bedrooms")))


def application_list(
    user: Any,
    *,
    status: str = "",
    band: str = "",
    bedrooms: int | None = None,
    council: int | None = None,
    q: str = "",
    band_expired: bool = False,
    renewal_overdue: bool = False,
) -> QuerySet[Application]:
    today = timezone.localdate()
    qs = where_given(
        with_need(_scoped(Application.objects.select_related("applicant", "council"), user, "council_id")),
        status=status,
        band=band,
        council_id=council or None,
        band_expires__lt=today if band_expired else None,  # time-limited bands past their end: for review
        renewal_due__lt=today if renewal_overdue else None,
        need=bedrooms,
    )
    if q:
        qs = qs.filter(
            Q(reference__iexact=q.strip())
            | Q(applicant__last_name__icontains=q.strip())
            | Q(applicant__reference__iexact=q.strip())
        )
    return qs.order_by("-registration_date", "-id")


def application_detail(user: Any, pk: int) -> Application:
    return _scoped(
        Application.objects.select_related("applicant", "council").prefetch_related("members__person"),
        user,
        "council_id",
    ).get(pk=pk)


def band_history(application: Application) -> QuerySet[BandDecision]:
    return application.band_decisions.select_related("decided_by").order_by("-decided_on", "-id")


def bids_of(application: Application) -> QuerySet[Bid]:
    return application.bids.select_related("advert__property", "cycle").order_by("-placed_at")


def offers_of(application: Application) -> QuerySet[Offer]:
    return application.offers.select_related("advert__property", "tenancy").order_by("-offered_on", "-id")


def cycle_list() -> QuerySet[Cycle]:
    return Cycle.objects.annotate(advert_count=Count("adverts")).order_by("-opens_at")


def advert_list(
    user: Any, *, cycle: int | None = None, status: str = "", bedrooms: int | None = None
) -> QuerySet[Advert]:
    qs = Advert.objects.select_related("property", "landlord", "cycle").annotate(
        bid_count=Count("bids", filter=Q(bids__status=Bid.Status.LIVE))
    )
    qs = where_given(qs, cycle_id=cycle or None, status=status, bedrooms=bedrooms)
    return qs.order_by("-cycle__opens_at", "reference")


def advert_detail(pk: int) -> Advert:
    return Advert.objects.select_related("property", "landlord", "cycle").get(pk=pk)


def shortlist_of(advert: Advert) -> list[ShortlistEntry]:
    return list(
        ShortlistEntry.objects.filter(advert=advert)
        .select_related("bid__application__applicant", "bypassed_by")
        .order_by("rank")
    )


def open_cycle() -> Cycle | None:
    return Cycle.objects.filter(status=Cycle.Status.OPEN).order_by("closes_at").first()


# --- statistics and published feedback ----------------------------------------------------------


def register_by_band_and_need(user: Any) -> list[dict[str, Any]]:
    """Live applications counted by band and bedroom need."""
    qs = with_need(_scoped(Application.objects.filter(status=Application.Status.LIVE), user, "council_id"))
    rows = qs.values("band", "need").annotate(count=Count("id")).order_by("band", "need")  # type: ignore[misc]
    return list(rows)


def lets_by_band(user: Any) -> list[dict[str, Any]]:
    qs = _scoped(Offer.objects.filter(status=Offer.Status.ACCEPTED), user, "advert__landlord_id")
    return list(qs.values(band=F("entry__band")).annotate(count=Count("id")).order_by("band"))


def lettings_feedback() -> list[dict[str, Any]]:
    """Published results of let homes: bids received, band and effective date of the successful
    bidder. No personal data."""
    lets = (
        Offer.objects.filter(status=Offer.Status.ACCEPTED)
        .select_related("advert__property", "entry", "advert__cycle")
        .annotate(bids=Count("advert__bids"))
        .order_by("-decided_on")
    )
    return [
        {
            "advert": o.advert.reference,
            "area": o.advert.property.town,
            "bedrooms": o.advert.bedrooms,
            "kind": o.advert.property.get_kind_display(),
            "cycle": o.advert.cycle.reference,
            "bids": o.bids,
            "band": o.entry.band,
            "effective_date": o.entry.effective_date,
        }
        for o in lets
    ]


def waiting_time_by_size(user: Any) -> list[dict[str, Any]]:
    """For homes let: how long the successful applicants had waited (registration to acceptance), by size."""
    qs = _scoped(Offer.objects.filter(status=Offer.Status.ACCEPTED), user, "advert__landlord_id")
    waits: dict[int, list[int]] = {}
    for bedrooms, registered, decided in qs.values_list(
        "advert__bedrooms", "application__registration_date", "decided_on"
    ):
        if decided is not None:
            waits.setdefault(bedrooms, []).append((decided - registered).days)
    return [
        {
            "bedrooms": size,
            "lets": len(days),
            "average_days": round(sum(days) / len(days)),
            "longest_days": max(days),
        }
        for size, days in sorted(waits.items())
    ]
