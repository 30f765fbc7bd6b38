"""The applicant portal's services and reads: sign-in with a one-time code sent by email, the adverts an
applicant may bid for, and their live queue position on each bid."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.core import audit
from hearth.core.records import Errors, required_text
from hearth.lettings import domain, services
from hearth.lettings.models import Advert, Application, Bid, Cycle, OnlineApplication, PortalCode
from hearth.lettings.services.shortlists import RANKING_FIELDS
from hearth.people import services as people

CODE_MINUTES = 15
MAX_ATTEMPTS = 5
MAX_CODES_PER_WINDOW = 3
SIGNED_IN_STATUSES = [Application.Status.PENDING, Application.Status.LIVE, Application.Status.SUSPENDED]
# what an online submission says about the applicant, copied to their person record, and the facts it
# gives that the application holds
SUBMITTED_PERSON = ("first_name", "last_name", "date_of_birth", "email", "phone")
SUBMITTED_FACTS = (
    "current_housing",
    "current_address",
    "medical_needs",
    "welfare_needs",
    "needs_adapted",
    "local_connections",
    "residence_years",
    "work_months",
    "family_years",
    "exemptions",
)


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
                *RANKING_FIELDS,
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


# --- applying online ------------------------------------------------------------------------------


def _household(members: Any, errors: Any) -> list[dict[str, Any]]:
    out = []
    for n, m in enumerate(members or [], start=1):
        if not (m.get("first_name") and m.get("last_name")):
            errors.add("household", f"Person {n}: enter their first and last name.")
        if not isinstance(m.get("date_of_birth"), dt.date):
            errors.add("household", f"Person {n}: enter their date of birth.")
        elif m["date_of_birth"] > timezone.localdate():
            errors.add("household", f"Person {n}: the date of birth must be in the past.")
        if m.get("relationship") not in ("partner", "child", "other"):
            errors.add("household", f"Person {n}: say whether they are your partner, child or other.")
        if m.get("sex") not in ("F", "M"):
            errors.add("household", f"Person {n}: say whether they are female or male.")
        out.append(
            {
                **m,
                "date_of_birth": m["date_of_birth"].isoformat()
                if isinstance(m.get("date_of_birth"), dt.date)
                else None,
            }
        )
    return out


def validate_submission(data: dict[str, Any]) -> None:
    """The checks on an online application, on whichever fields are given (so a form whose other fields
    failed to parse still shows every problem at once)."""
    errors = Errors()
    if "council" in data and data["council"] is None:
        errors.add("council", "Select the council you are applying to.")
    if "first_name" in data and not (data["first_name"] or "").strip():
        errors.add("first_name", "Enter your first name.")
    if "last_name" in data and not (data["last_name"] or "").strip():
        errors.add("last_name", "Enter your last name.")
    if "date_of_birth" in data:
        if data["date_of_birth"] is None:
            errors.add("date_of_birth", "Enter your date of birth.")
        elif data["date_of_birth"] > timezone.localdate():
            errors.add("date_of_birth", "Your date of birth must be in the past.")
    if "email" in data:
        try:
            check_email(data["email"])
        except ValidationError as exc:
            for message in exc.message_dict["email"]:
                errors.add("email", message)
    if "current_housing" in data and data["current_housing"] not in Application.Housing.values:
        errors.add("current_housing", "Select where you live now.")
    if "current_address" in data and not (data["current_address"] or "").strip():
        errors.add("current_address", "Enter your current address.")
    if "household" in data:
        _household(data["household"], errors)
    if set(data.get("exemptions") or []) - set(domain.EXEMPTIONS):
        errors.add("exemptions", "Select from the list.")
    errors.raise_if_any()


@transaction.atomic
def submit_application(
    *,
    council: Any,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None,
    email: str,
    phone: str = "",
    current_housing: str,
    current_address: str,
    household: Any = (),
    medical_needs: str = "",
    welfare_needs: str = "",
    needs_adapted: bool = False,
    local_connections: Any = (),
    residence_years: int = 0,
    work_months: int = 0,
    family_years: int = 0,
    exemptions: Any = (),
) -> OnlineApplication:
    """An application made online by the applicant; an officer checks it and puts it on the register."""
    validate_submission(
        {
            "council": council,
            "first_name": first_name,
            "last_name": last_name,
            "date_of_birth": date_of_birth,
            "email": email,
            "current_housing": current_housing,
            "current_address": current_address,
            "household": list(household or []),
            "exemptions": list(exemptions or []),
        }
    )
    email = check_email(email)
    members = _household(household, Errors())
    submission = OnlineApplication.objects.create(
        council=council,
        submitted_at=timezone.now(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=cast(dt.date, date_of_birth),
        email=email,
        phone=(phone or "").strip(),
        current_housing=current_housing,
        current_address=current_address.strip(),
        household=members,
        medical_needs=(medical_needs or "").strip(),
        welfare_needs=(welfare_needs or "").strip(),
        needs_adapted=needs_adapted,
        local_connections=[a.strip() for a in local_connections or [] if a.strip()],
        residence_years=residence_years or 0,
        work_months=work_months or 0,
        family_years=family_years or 0,
        exemptions=sorted(set(exemptions or [])),
    )
    send_mail(
        subject="We have your housing application",
        message=(
            f"Thank you, {submission.first_name}. We have your application to {council.name}. An officer will "
            "check it and write to you. You may be asked for evidence of your circumstances.\n"
        ),
        from_email=None,
        recipient_list=[email],
    )
    return submission


def _locked(actor: Any, submission: OnlineApplication) -> OnlineApplication:
    """The online application, locked, once the officer may handle it (it is their partner's)."""
    records = OnlineApplication.objects.all()
    return services.locked_for_partner(actor, "lettings.edit", records, submission.pk, "council_id")


def _handled(actor: Any, sub: OnlineApplication, status: str, **values: Any) -> OnlineApplication:
    """Close the online application as `status` (with what goes with it), saying who and when."""
    values = {"status": status, **values, "handled_by": actor, "handled_at": timezone.now()}
    for name, value in values.items():
        setattr(sub, name, value)
    sub.save(update_fields=list(values))
    return sub


@transaction.atomic
def register_submission(*, actor: Any, submission: OnlineApplication) -> Application:
    """An officer puts an online application on the register: the people are added, then the application."""
    sub = _locked(actor, submission)
    if sub.status != OnlineApplication.Status.NEW:
        raise ValidationError(
            {"submission": [f"This online application is already {sub.get_status_display().lower()}."]}
        )
    applicant = people.create_person(
        actor=actor, preferred_contact="email", **{name: getattr(sub, name) for name in SUBMITTED_PERSON}
    )
    members = [
        services.MemberInput(
            people.create_person(
                actor=actor,
                first_name=m["first_name"],
                last_name=m["last_name"],
                date_of_birth=dt.date.fromisoformat(m["date_of_birth"]),
            ),
            m["relationship"],
            m["sex"],
        )
        for m in sub.household
    ]
    app = services.register_application(
        actor=actor,
        council=sub.council,
        applicant=applicant,
        registration_date=timezone.localtime(sub.submitted_at).date(),
        channel=Application.Channel.ONLINE,
        members=members,
        **{name: getattr(sub, name) for name in SUBMITTED_FACTS},
    )
    _handled(actor, sub, OnlineApplication.Status.REGISTERED, application=app)
    return app


@transaction.atomic
def reject_submission(*, actor: Any, submission: OnlineApplication, reason: str) -> OnlineApplication:
    """Not put on the register (for example a duplicate of an application already there)."""
    sub = _locked(actor, submission)
    reason = required_text(reason, "reason", "Enter why the application is not being registered.")
    if sub.status != OnlineApplication.Status.NEW:
        raise ValidationError(
            {"reason": [f"This online application is already {sub.get_status_display().lower()}."]}
        )
    return _handled(actor, sub, OnlineApplication.Status.REJECTED, reason=reason)
