"""Offers: the next bidder in shortlist order is offered the home; acceptance creates the tenancy,
refusal may count towards the scheme's penalty, the landlord may withdraw.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import audit
from hearth.core.actors import user_of
from hearth.core.records import Errors, required_text, save_and_note
from hearth.lettings import domain
from hearth.lettings.models import Advert, Application, Offer, ShortlistEntry
from hearth.lettings.services.applications import update_application, withdraw_live_bids
from hearth.lettings.services.partners import locked_for_partner
from hearth.lettings.services.scheme import current_policy
from hearth.tenancies import services as tenancy_services


def next_in_line(advert: Advert) -> ShortlistEntry | None:
    """The highest eligible bidder not bypassed and not yet offered this home."""
    offered = Offer.objects.filter(advert=advert).values_list("entry_id", flat=True)
    return (
        ShortlistEntry.objects.filter(advert=advert, position__isnull=False, bypass_reason="")
        .exclude(pk__in=offered)
        .filter(bid__application__status=Application.Status.LIVE)  # not suspended, cancelled or housed
        .select_related("bid__application__applicant")
        .order_by("position")
        .first()
    )


@transaction.atomic
def make_offer(
    *, actor: Any, advert: Advert, viewing_at: dt.datetime | None = None, offered_on: dt.date | None = None
) -> Offer:
    """Offer the home to the next bidder in shortlist order (bypass with a reason to skip one)."""
    advert = locked_for_partner(actor, "lettings.edit", Advert.objects.all(), advert.pk, "landlord_id")
    errors = Errors()
    entry = None
    if advert.status != Advert.Status.SHORTLISTED:
        errors.add(
            "advert",
            f"The home is {advert.get_status_display().lower()}; it can be offered only once shortlisted.",
        )
    else:
        entry = next_in_line(advert)
        if entry is None:
            errors.add("advert", "No bidder is left on the shortlist; advertise the home again.")
    errors.raise_if_any()
    if entry is None:  # pragma: no cover - errors were raised above
        raise ValidationError({"advert": ["No bidder is left on the shortlist."]})
    offer = Offer.objects.create(
        advert=advert,
        application=entry.application,
        entry=entry,
        offered_on=offered_on or timezone.localdate(),
        viewing_at=viewing_at,
        made_by=user_of(actor),
    )
    save_and_note(
        actor,
        advert,
        action="offered",
        summary=f"Offered to {entry.application.reference}",
        status=Advert.Status.OFFERED,
    )
    audit.record(actor=actor, obj=entry.application, action="offered", summary=f"Offered {advert.reference}")
    return offer


def _open_offer(offer: Offer, actor: Any) -> Offer:
    """The offer, locked for the decision, once the officer may make it, while it is still open."""
    records = Offer.objects.select_related("advert__property", "application__applicant")
    offer = locked_for_partner(actor, "lettings.edit", records, offer.pk, "advert.landlord_id")
    if offer.status != Offer.Status.OFFERED:
        raise ValidationError(
            {"offer": [f"This offer has already been {offer.get_status_display().lower()}."]}
        )
    return offer


# what each decision on an offer makes of the advert, and the action on the advert's history
DECISIONS: dict[str, tuple[str, str]] = {
    Offer.Status.ACCEPTED: (Advert.Status.LET, "let"),
    Offer.Status.REFUSED: (Advert.Status.SHORTLISTED, "refused"),
    Offer.Status.WITHDRAWN: (Advert.Status.SHORTLISTED, "offer withdrawn"),
}


def _decide(actor: Any, offer: Offer, status: str, summary: str, **values: Any) -> dt.date:
    """Record the decision on an open offer, today (the day returned), with what goes with it; the
    advert is let or goes back to its shortlist, and its history says so."""
    advert_status, action = DECISIONS[status]
    day = timezone.localdate()
    save_and_note(
        actor, offer, on=offer.advert, action=action, summary=summary, status=status, decided_on=day, **values
    )
    Advert.objects.filter(pk=offer.advert_id).update(status=advert_status)
    return day


@transaction.atomic
def accept_offer(*, actor: Any, offer: Offer, start_date: dt.date, kind: str = "introductory") -> Offer:
    """The applicant accepts: the let creates the tenancy, the application is housed."""
    offer = _open_offer(offer, actor)
    if start_date is None:
        raise ValidationError({"start_date": ["Enter the tenancy start date."]})
    app = offer.application
    occupants = [m.person for m in app.members.select_related("person")]
    tenants = [app.applicant] + [
        m.person for m in app.members.select_related("person") if m.relationship == "partner"
    ]
    tenancy = tenancy_services.create_tenancy(
        actor=actor,
        property=offer.advert.property,
        kind=kind,
        start_date=start_date,
        tenants=tenants,
        occupants=[p for p in occupants if p not in tenants],
    )
    _decide(
        actor, offer, Offer.Status.ACCEPTED, f"Let to {app.reference} on {tenancy.reference}", tenancy=tenancy
    )
    app = Application.objects.select_for_update().get(pk=app.pk)
    update_application(
        actor,
        app,
        summary=f"Housed: tenancy {tenancy.reference}",
        status=Application.Status.HOUSED,
        status_reason=f"Housed in {offer.advert.property.reference}",
    )
    withdraw_live_bids(app)
    return offer


@transaction.atomic
def refuse_offer(*, actor: Any, offer: Offer, reason: str, unreasonable: bool) -> Offer:
    """The applicant refuses. An unreasonable refusal of a suitable offer counts towards the scheme's penalty."""
    offer = _open_offer(offer, actor)
    reason = required_text(reason, "reason", "Enter the applicant's reason for refusing.")
    day = _decide(
        actor,
        offer,
        Offer.Status.REFUSED,
        f"Refused by {offer.application.reference}",
        reason=reason,
        unreasonable=bool(unreasonable),
    )
    app = Application.objects.select_for_update().get(pk=offer.application_id)
    audit.record(
        actor=actor,
        obj=app,
        action="offer refused",
        summary=f"Refused {offer.advert.reference}{' (unreasonable)' if unreasonable else ''}: {offer.reason}"[
            :300
        ],
    )
    policy = current_policy(day)
    count = Offer.objects.filter(application=app, status=Offer.Status.REFUSED, unreasonable=True).count()
    until = domain.refusal_penalty(
        unreasonable_refusals=count,
        limit=policy.refusal_limit,
        suspension_months=policy.refusal_suspension_months,
        refused_on=day,
    )
    if until and app.status == Application.Status.LIVE:
        update_application(
            actor,
            app,
            summary=f"Suspended until {until:%d %B %Y} after {count} unreasonable refusals",
            status=Application.Status.SUSPENDED,
            suspended_until=until,
            status_reason=f"{count} unreasonable refusals of suitable offers",
        )
    return offer


@transaction.atomic
def withdraw_offer(*, actor: Any, offer: Offer, reason: str) -> Offer:
    """The landlord withdraws the offer. This is not a refusal and never counts against the applicant."""
    offer = _open_offer(offer, actor)
    reason = required_text(reason, "reason", "Enter why the landlord is withdrawing the offer.")
    _decide(actor, offer, Offer.Status.WITHDRAWN, f"Offer withdrawn: {reason}"[:300], reason=reason)
    return offer
