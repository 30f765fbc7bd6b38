"""The applicant portal's services and reads: sign-in with a one-time code sent by email, the adverts an
applicant may bid for, and their live queue position on each bid."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.core import audit
from hearth.lettings import domain, services
from hearth.lettings.models import Advert, Application, Bid, Cycle, PortalCode

CODE_MINUTES = 15
MAX_ATTEMPTS = 5
MAX_CODES_PER_WINDOW = 3
SIGNED_IN_STATUSES = [Application.Status.PENDING, Application.Status.LIVE, Application.Status.SUSPENDED]


def _hash(application_id: int, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{application_id}:{code}".encode(), hashlib.sha256).hexdigest()


def application_for_email(email: str) -> Application | None:
    email = (email or "").strip()
    if not email:
        return None
    return (
        Application.objects.filter(applicant__email__iexact=email, status__in=SIGNED_IN_STATUSES)
        .select_related("applicant")
        .order_by("-registration_date", "-id")
        .first()
    )


def check_email(email: str) -> str:
    text = (email or "").strip()
    if not text:
        raise ValidationError({"email": ["Enter your email address."]})
    if "@" not in text or "." not in text.split("@")[-1]:
        raise ValidationError(
            {"email": ["Enter an email address in the correct format, like name@example.com."]}
        )
    return text


@transaction.atomic
def request_code(*, email: str, now: dt.datetime | None = None) -> None:
    """Email a 6-digit code to the applicant with this address. Says nothing about whether the address
    is on the register (the page shows the same message either way)."""
    email = check_email(email)
    app = application_for_email(email)
    if app is None:
        return
    at = now or timezone.now()
    app = Application.objects.select_for_update().get(pk=app.pk)
    recent = PortalCode.objects.filter(
        application=app, created_at__gte=at - dt.timedelta(minutes=CODE_MINUTES)
    )
    if recent.count() >= MAX_CODES_PER_WINDOW:
        return
    code = f"{secrets.randbelow(10**6):06d}"
    PortalCode.objects.create(
        application=app,
        code_hash=_hash(app.pk, code),
        created_at=at,
        expires_at=at + dt.timedelta(minutes=CODE_MINUTES),
    )
    send_mail(
        subject="Your housing register sign-in code",
        message=(
            f"Your sign-in code is {code}.\n\nIt works once, for {CODE_MINUTES} minutes. "
            "If you did not ask for it, you can ignore this email.\n"
        ),
        from_email=None,
        recipient_list=[app.applicant.email],
    )


def verify_code(*, email: str, code: str, now: dt.datetime | None = None) -> Application:
    """The application whose applicant holds this code; the code is then used up. A wrong code counts
    against the code's attempts (kept even though the caller sees an error)."""
    wrong = ValidationError({"code": ["The code is wrong or has expired. Ask for a new code."]})
    text = "".join((code or "").split())
    if not text:
        raise ValidationError({"code": ["Enter the 6-digit code from the email."]})
    if not (text.isdigit() and len(text) == 6):
        raise ValidationError({"code": ["The code is 6 digits, like 123456."]})
    app = application_for_email(email)
    if app is None:
        raise wrong
    at = now or timezone.now()
    with transaction.atomic():
        candidate = (
            PortalCode.objects.select_for_update()
            .filter(application=app, used_at__isnull=True, expires_at__gt=at)
            .order_by("-created_at")
            .first()
        )
        if candidate is None or candidate.attempts >= MAX_ATTEMPTS:
            raise wrong
        if not hmac.compare_digest(candidate.code_hash, _hash(app.pk, text)):
            candidate.attempts += 1
            candidate.save(update_fields=["attempts"])
            accepted = False
        else:
            candidate.used_at = at
            candidate.save(update_fields=["used_at"])
            audit.record(
                actor=applicant_actor(app),
                obj=app,
                action="signed in",
                summary="Signed in to the applicant portal",
            )
            accepted = True
    if not accepted:
        raise wrong
    return app


def applicant_actor(app: Application) -> str:
    return f"Applicant {app.reference} (online)"


def eligible_adverts(app: Application, now: dt.datetime | None = None) -> list[Advert]:
    """Adverts open for bidding now that the applicant meets the criteria of."""
    at = now or timezone.now()
    need = app.bedroom_need
    qs = (
        Advert.objects.filter(
            status=Advert.Status.LIVE,
            cycle__status=Cycle.Status.OPEN,
            cycle__opens_at__lte=at,
            cycle__closes_at__gt=at,
            bedrooms=need,
        )
        .select_related("property", "cycle", "landlord")
        .order_by("cycle__closes_at", "reference")
    )
    if not app.needs_adapted:
        qs = qs.filter(adapted_only=False)
    areas = Q(local_connection="")
    for area in app.local_connections:
        areas |= Q(local_connection__iexact=area)
    qs = qs.filter(areas)
    return [a for a in qs if services.eligibility(app, a) is None]


@dataclass(frozen=True)
class LiveBid:
    bid: Bid
    position: int | None  # among the eligible bidders on the advert now; None if passed over
    bidders: int


def live_bids(app: Application) -> list[LiveBid]:
    """The applicant's live bids in open cycles, each with their current place in the queue."""
    bids = list(
        Bid.objects.filter(application=app, status=Bid.Status.LIVE, cycle__status=Cycle.Status.OPEN)
        .select_related("advert__property", "cycle")
        .order_by("cycle__closes_at", "id")
    )
    bands = services.current_policy().band_codes
    out = []
    for bid in bids:
        rivals = (
            Bid.objects.filter(advert_id=bid.advert_id, status=Bid.Status.LIVE)
            .select_related("application__applicant")
            .only(
                "id",
                "application__id",
                "application__reference",
                "application__band",
                "application__effective_date",
                "application__registration_date",
                "application__computed_bedrooms",
                "application__bedroom_override",
                "application__local_connections",
                "application__needs_adapted",
                "application__applicant__date_of_birth",
            )
        )
        bidders = [services.bidder_of(r.application, key=r.pk) for r in rivals if r.application.band in bands]
        result = domain.shortlist(
            bands=bands,
            criteria=services.criteria_of(bid.advert),
            bidders=bidders,
            closes_on=timezone.localtime(bid.cycle.closes_at).date(),
        )
        keys = [b.key for b in result.order]
        out.append(LiveBid(bid, keys.index(bid.pk) + 1 if bid.pk in keys else None, len(bidders)))
    return out


def place_bid(*, application: Application, advert: Advert) -> Bid:
    return services.place_bid(
        actor=applicant_actor(application), application=application, advert=advert, channel=Bid.Channel.ONLINE
    )


def withdraw_bid(*, application: Application, bid: Bid) -> Bid:
    if bid.application_id != application.pk:
        raise ValidationError({"bid": ["This is not your bid."]})
    return services.withdraw_bid(actor=applicant_actor(application), bid=bid, online=True)


def summary(app: Application) -> dict[str, Any]:
    policy = services.current_policy()
    return {
        "band": policy.band_name(app.band) if app.band else "",
        "effective_date": app.effective_date,
        "bedroom_need": app.bedroom_need,
        "status": app.get_status_display(),
    }
