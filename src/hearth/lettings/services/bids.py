"""Bids: by the applicant online, by an officer for them, and automatic bids for the top band."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.core import audit, permissions
from hearth.core.actors import user_of
from hearth.core.records import Errors, create_and_note, save_and_note
from hearth.lettings import domain
from hearth.lettings.models import Advert, Application, Bid, Cycle
from hearth.lettings.services.adverts import eligibility
from hearth.lettings.services.partners import locked_for_partner, of_partners
from hearth.lettings.services.scheme import current_policy


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
    # lock the application first so two bids at once count each other
    officer = None if channel == Bid.Channel.ONLINE else "lettings.edit"
    records = Application.objects.select_related("applicant")
    app = locked_for_partner(actor, officer, records, application.pk, "council_id")
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
    return create_and_note(
        actor,
        Bid,
        on=app,
        action="bid placed",
        summary=f"Bid on {advert.reference} ({Bid.Channel(channel).label.lower()})",
        advert=advert,
        application=app,
        cycle=advert.cycle,
        channel=channel,
        placed_at=at,
        placed_by=user_of(actor),
    )


@transaction.atomic
def withdraw_bid(*, actor: Any, bid: Bid, online: bool = False, now: dt.datetime | None = None) -> Bid:
    records = Bid.objects.select_related("cycle", "advert", "application")
    bid = locked_for_partner(
        actor, None if online else "lettings.edit", records, bid.pk, "application.council_id"
    )
    at = now or timezone.now()
    errors = Errors()
    if bid.status != Bid.Status.LIVE:
        errors.add("bid", "This bid has already been withdrawn.")
    elif at >= bid.cycle.closes_at or bid.cycle.status == Cycle.Status.CLOSED:
        errors.add("bid", "Bidding has closed; the bid can no longer be withdrawn.")
    errors.raise_if_any()
    return save_and_note(
        actor,
        bid,
        on=bid.application,
        action="bid withdrawn",
        summary=f"Bid on {bid.advert.reference} withdrawn",
        status=Bid.Status.WITHDRAWN,
        withdrawn_at=at,
    )


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
    apps = of_partners(actor, apps)
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
