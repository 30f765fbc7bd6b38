"""The applicant portal: one-time code by email, band and queue, bidding and withdrawing online."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from lettings_helpers import live_application, make_home, make_person

from hearth.lettings import portal, portal_views
from hearth.lettings import services as lettings
from hearth.lettings.models import Application, Bid, OnlineApplication, PortalCode

pytestmark = pytest.mark.django_db
P = "/lettings/portal/"


def code_from_outbox() -> str:
    match = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert match
    return match.group(1)


def signed_in(email: str) -> Client:
    c = Client()
    assert c.post(P, {"email": email}).status_code == 302
    assert c.post(P + "code/", {"code": code_from_outbox()}).status_code == 302
    return c


def test_code_by_email_then_home(senior: Any, wychavon: Any, household: Any) -> None:
    app = live_application(senior, wychavon, household.applicant, band="B")
    c = Client()
    assert c.get(P + "home/").status_code == 302  # not signed in
    r = c.post(P, {"email": "NADIA@example.org "})
    assert r.status_code == 302 and r["Location"] == P + "code/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nadia@example.org"]
    assert c.post(P + "code/", {"code": "12345"}).status_code == 400
    r = c.post(P + "code/", {"code": code_from_outbox()})
    assert r.status_code == 302
    home = c.get(P + "home/").content.decode()
    assert "Band B" in home and app.registration_date.strftime("%-d %B %Y") in home
    # the code worked once only
    c2 = Client()
    c2.post(P, {"email": "nadia@example.org"})
    c2.session.save()
    assert PortalCode.objects.filter(used_at__isnull=False).count() == 1


def test_unknown_email_gets_the_same_answer_and_no_mail(db: Any) -> None:
    c = Client()
    r = c.post(P, {"email": "nobody@example.org"})
    assert r.status_code == 302 and len(mail.outbox) == 0
    assert c.post(P + "code/", {"code": "123456"}).status_code == 400
    assert c.post(P, {"email": "not an email"}).status_code == 400


def test_wrong_codes_use_up_the_code(senior: Any, wychavon: Any, household: Any) -> None:
    live_application(senior, wychavon, household.applicant)
    c = Client()
    c.post(P, {"email": "nadia@example.org"})
    good = code_from_outbox()
    bad = "000000" if good != "000000" else "111111"
    for _ in range(portal.MAX_ATTEMPTS):
        r = c.post(P + "code/", {"code": bad})
        assert r.status_code == 400 and "wrong or has expired" in r.content.decode()
    assert c.post(P + "code/", {"code": good}).status_code == 400
    assert PortalCode.objects.get().attempts == portal.MAX_ATTEMPTS


def test_expired_code_is_refused(senior: Any, wychavon: Any, household: Any) -> None:
    live_application(senior, wychavon, household.applicant)
    portal.request_code(email="nadia@example.org", now=timezone.now() - dt.timedelta(minutes=30))
    with pytest.raises(Exception, match="wrong or has expired"):
        portal.verify_code(email="nadia@example.org", code=code_from_outbox())


def test_bid_withdraw_and_queue_position(senior: Any, wychavon: Any, household: Any, cycle: Any) -> None:
    app = live_application(senior, wychavon, household.applicant, band="C")  # needs 1 bedroom
    rival = live_application(senior, wychavon, make_person(senior, "Rival", 40), band="A")
    fits = [
        lettings.create_advert(
            actor=senior, cycle=cycle, property=make_home(senior, f"{n} Portal Way", 1), landlord=wychavon
        )
        for n in range(4)
    ]
    too_big = lettings.create_advert(
        actor=senior, cycle=cycle, property=make_home(senior, "9 Portal Way", 3), landlord=wychavon
    )
    c = signed_in("nadia@example.org")
    page = c.get(P + "adverts/").content.decode()
    assert "0 Portal Way" in page and "9 Portal Way" not in page
    assert c.post(P + f"adverts/{fits[0].pk}/bid/").status_code == 302
    bid = Bid.objects.get(application=app)
    assert bid.channel == "online" and bid.placed_by is None
    lettings.place_bid(actor=senior, application=rival, advert=fits[0])
    home = c.get(P + "home/").content.decode()
    assert "2 of 2" in home  # band A is ahead
    r = c.post(P + f"adverts/{too_big.pk}/bid/")
    assert r.status_code == 400 and "not eligible" in r.content.decode()
    for a in fits[1:3]:
        assert c.post(P + f"adverts/{a.pk}/bid/").status_code == 302
    r = c.post(P + f"adverts/{fits[3].pk}/bid/")
    assert r.status_code == 400 and "the limit is 3" in r.content.decode()
    assert c.post(P + f"bids/{bid.pk}/withdraw/").status_code == 302
    bid.refresh_from_db()
    assert bid.status == "withdrawn"
    # someone else's bid is not found
    other = Bid.objects.get(application=rival)
    assert c.post(P + f"bids/{other.pk}/withdraw/").status_code == 404
    assert c.get(P + "feedback/").status_code == 200
    c.post(P + "sign-out/")
    assert c.get(P + "home/").status_code == 302


def test_adverts_are_paged(senior: Any, wychavon: Any, household: Any, cycle: Any) -> None:
    live_application(senior, wychavon, household.applicant, band="C")
    for n in range(portal_views.ADVERTS_PER_PAGE + 2):
        lettings.create_advert(
            actor=senior, cycle=cycle, property=make_home(senior, f"{n} Paged Row", 1), landlord=wychavon
        )
    c = signed_in("nadia@example.org")
    first = c.get(P + "adverts/").content.decode()
    assert f"{portal_views.ADVERTS_PER_PAGE + 2} homes you can bid for" in first
    assert first.count("Bid for this home<") == portal_views.ADVERTS_PER_PAGE
    assert c.get(P + "adverts/?page=2").content.decode().count("Bid for this home<") == 2


def test_apply_online_then_an_officer_registers_it(senior: Any, wychavon: Any, malvern_officer: Any) -> None:
    c = Client()
    assert c.get(P + "apply/").status_code == 200
    r = c.post(P + "apply/", {"household": "Sam, Okafor, 31/02/2014, child, M"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "Select the council you are applying to." in body and "Enter your first name." in body
    assert "real date" in body
    assert not OnlineApplication.objects.exists()
    r = c.post(
        P + "apply/",
        {
            "council": wychavon.pk,
            "first_name": "Ines",
            "last_name": "Morales",
            "date_of_birth_0": "3",
            "date_of_birth_1": "4",
            "date_of_birth_2": "1991",
            "email": "ines@example.org",
            "current_housing": "family_friends",
            "current_address": "4 Mill Street, Pershore",
            "household": "Leo, Morales, 14/02/2014, child, M\nMia, Morales, 01/09/2018, child, F",
            "local_connections": "Wychavon",
            "residence_years": "6",
        },
    )
    assert r.status_code == 200 and "Application sent" in r.content.decode()
    assert mail.outbox[-1].to == ["ines@example.org"]
    sub = OnlineApplication.objects.get()
    officer = Client()
    officer.force_login(malvern_officer)
    assert officer.get(f"/lettings/online/{sub.pk}/").status_code == 404  # another partner's
    officer.force_login(senior)
    assert "Ines Morales" in officer.get("/lettings/online/").content.decode()
    r = officer.post(f"/lettings/online/{sub.pk}/", {"action": "reject", "reason": ""})
    assert r.status_code == 400 and "Enter why" in r.content.decode()
    r = officer.post(f"/lettings/online/{sub.pk}/", {"action": "register"})
    assert r.status_code == 302
    app = Application.objects.get()
    assert app.channel == "online" and app.members.count() == 2
    assert app.computed_bedrooms == 3  # the applicant, and a boy of 12 and a girl of 8 who cannot share
    sub.refresh_from_db()
    assert sub.status == "registered" and sub.application == app
    r = officer.post(f"/lettings/online/{sub.pk}/", {"action": "register"})
    assert r.status_code == 400 and "already registered" in r.content.decode()
