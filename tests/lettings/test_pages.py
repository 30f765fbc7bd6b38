"""Officer pages: the journey from application to let, bad input, partner scoping, roles, export."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from lettings_helpers import live_application, make_home, make_person, make_user

from hearth.core import permissions
from hearth.lettings import selectors
from hearth.lettings import services as lettings
from hearth.lettings.models import Advert, Application, BandDecision, Bid, Council, Offer, StaffCouncil

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_register_band_bid_close_offer_accept(
    senior: Any, senior_client: Client, wychavon: Any, household: Any
) -> None:
    c = senior_client
    r = c.post(
        "/lettings/applications/new/",
        {
            "council": wychavon.pk,
            "applicant": household.applicant.reference,
            "channel": "phone",
            "current_housing": "private_rented",
            "members": f"{household.partner.reference}, partner, M",
            "housing_need": "on",
            "local_connections": "Wychavon",
            "residence_years": "3",
            "work_months": "0",
            "family_years": "0",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    app = Application.objects.get()
    assert app.computed_bedrooms == 1 and app.members.count() == 1
    assert c.post(f"/lettings/applications/{app.pk}/qualify/", {"note": ""}).status_code == 302
    r = c.post(f"/lettings/applications/{app.pk}/band/", {"band": "B", "reason": "Overcrowded"})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.band == "B" and app.status == "live"
    for tab in ("", "bands/", "bids/", "history/"):
        page = c.get(f"/lettings/applications/{app.pk}/{tab}")
        assert page.status_code == 200
    assert "Overcrowded" in c.get(f"/lettings/applications/{app.pk}/bands/").content.decode()

    today = timezone.localdate()
    r = c.post(
        "/lettings/cycles/",
        {
            **date_fields("opens_on", today - dt.timedelta(days=1)),
            "opens_time": "00:01",
            **date_fields("closes_on", today + dt.timedelta(days=3)),
            "closes_time": "23:59",
        },
    )
    assert r.status_code == 302
    home = make_home(senior, "2 Church Street", 1)
    cycle = selectors.open_cycle()
    assert cycle is not None
    r = c.post(
        "/lettings/adverts/new/",
        {
            "cycle": cycle.pk,
            "property_ref": home.reference,
            "landlord": wychavon.pk,
            "local_connection": "Wychavon",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    advert = Advert.objects.get()
    r = c.post(f"/lettings/applications/{app.pk}/bid/", {"advert": advert.reference})
    assert r.status_code == 302
    assert Bid.objects.filter(application=app, status="live").count() == 1
    # close for real once the window has passed
    lettings.close_cycle(actor=senior, cycle=cycle, now=cycle.closes_at + dt.timedelta(minutes=1))
    advert_page = c.get(f"/lettings/adverts/{advert.pk}/").content.decode()
    assert "Eligible" in advert_page and app.reference in advert_page
    r = c.post(
        f"/lettings/adverts/{advert.pk}/offer/", {**date_fields("viewing_on", today), "viewing_time": "14:30"}
    )
    assert r.status_code == 302
    offer = Offer.objects.get()
    r = c.post(
        f"/lettings/offers/{offer.pk}/",
        {"action": "accept", **date_fields("start_date", today), "kind": "introductory"},
    )
    assert r.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted" and offer.tenancy is not None
    assert "accepted" in c.get(f"/lettings/offers/{offer.pk}/").content.decode().lower()
    history = c.get(f"/lettings/adverts/{advert.pk}/history/").content.decode()
    assert "Let to" in history and "Offered to" in history
    stats = c.get("/lettings/statistics/")
    assert stats.status_code == 200 and "Lets by band" in stats.content.decode()
    xlsx = c.get("/lettings/statistics/?export=xlsx")
    assert xlsx.status_code == 200 and "spreadsheet" in xlsx["Content-Type"]


def test_band_without_reason_shows_error_summary_and_stores_nothing(
    senior: Any, senior_client: Client, wychavon: Any, household: Any
) -> None:
    app = live_application(senior, wychavon, household.applicant)
    r = senior_client.post(f"/lettings/applications/{app.pk}/band/", {"band": "A", "reason": " "})
    assert r.status_code == 400
    body = r.content.decode()
    assert "There is a problem" in body and "Enter the reason for the band" in body
    assert BandDecision.objects.filter(application=app).count() == 1
    # nothing chosen: both problems at once
    r = senior_client.post(f"/lettings/applications/{app.pk}/band/", {"reason": ""})
    assert r.status_code == 400
    assert "Select a band." in r.content.decode() and "Enter the reason for the band" in r.content.decode()


def test_bad_application_form_shows_every_problem(senior_client: Client, wychavon: Any) -> None:
    r = senior_client.post(
        "/lettings/applications/new/", {"council": "", "applicant": "P9999999", "members": "nonsense"}
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert "Select the council" in body
    assert "No person has the reference P9999999" in body
    assert "Select the applicant&#x27;s current housing" in body
    assert "Line 1" in body
    assert Application.objects.count() == 0


def test_fourth_bid_and_override_without_reason_on_pages(
    senior: Any, senior_client: Client, wychavon: Any, cycle: Any
) -> None:
    app = live_application(senior, wychavon, make_person(senior, "Kit", 30))
    adverts = [
        lettings.create_advert(
            actor=senior, cycle=cycle, property=make_home(senior, f"{n} Elm Row", 1), landlord=wychavon
        )
        for n in range(4)
    ]
    for a in adverts[:3]:
        lettings.place_bid(actor=senior, application=app, advert=a)
    r = senior_client.post(f"/lettings/applications/{app.pk}/bid/", {"advert": adverts[3].reference})
    assert r.status_code == 400 and "the limit is 3" in r.content.decode()
    assert Bid.objects.filter(application=app).count() == 3
    r = senior_client.post(f"/lettings/applications/{app.pk}/bedrooms/", {"bedrooms": "2", "reason": ""})
    assert r.status_code == 400 and "Enter why the bedroom need differs" in r.content.decode()


def test_other_partners_records_are_hidden(
    senior: Any, malvern_officer: Any, wychavon: Any, household: Any
) -> None:
    app = live_application(senior, wychavon, household.applicant)
    c = client_for(malvern_officer)
    assert c.get(f"/lettings/applications/{app.pk}/").status_code == 404
    assert app.reference not in c.get("/lettings/").content.decode()
    assert app.reference in client_for(senior).get("/lettings/").content.decode()


def test_register_export(senior: Any, senior_client: Client, wychavon: Any, household: Any) -> None:
    live_application(senior, wychavon, household.applicant, band="A")
    r = senior_client.get("/lettings/?export=csv&band=A")
    body = b"".join(r.streaming_content).decode()  # type: ignore[attr-defined]
    assert "Bedroom need" in body and household.applicant.last_name in body


def _lettings_patterns() -> list[URLPattern]:
    found: list[URLPattern] = []

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif namespace == "lettings":
                found.append(p)

    walk(get_resolver().url_patterns, None)
    return found


def test_every_page_declares_a_capability() -> None:
    patterns = _lettings_patterns()
    assert len(patterns) >= 20
    for p in patterns:
        assert hasattr(p.callback, "required_capability"), p.name
        if (p.name or "").startswith("portal_"):
            assert p.callback.required_capability is None  # the applicant portal has no staff sign-in
        else:
            assert p.callback.required_capability in permissions.CAPABILITIES, p.name


@pytest.mark.parametrize("role", sorted(permissions.ROLES))
def test_role_page_matrix(role: str, senior: Any, wychavon: Any, household: Any, cycle: Any) -> None:
    app = live_application(senior, wychavon, household.applicant)
    advert = lettings.create_advert(
        actor=senior, cycle=cycle, property=make_home(senior, "5 Oak Road", 1), landlord=wychavon
    )
    bid = lettings.place_bid(actor=senior, application=app, advert=advert)
    user = make_user(f"user-{role}", role, wychavon)
    c = client_for(user)
    caps = permissions.capabilities(user)
    ids = {"applications": app.pk, "adverts": advert.pk, "cycles": cycle.pk, "bids": bid.pk}
    for p in _lettings_patterns():
        route = str(p.pattern)
        if route.startswith("portal/"):
            continue  # applicants' pages: see test_portal
        if "<int:pk>" in route and route.split("/")[0] not in ids:
            continue  # shortlist entries and offers exist only after a close; covered above
        url = "/lettings/" + route.replace("<int:pk>", str(ids.get(route.split("/")[0], 0)))
        status = c.get(url).status_code
        if getattr(p.callback, "required_capability", None) in caps:
            assert status != 403, f"{role} should reach {url}"
        else:
            assert status == 403, f"{role} must not reach {url} (got {status})"


def test_scheme_page_records_new_rules(admin_user: Any, senior_client: Client) -> None:
    assert senior_client.get("/lettings/scheme/").status_code == 200
    # a senior officer sees the rules but cannot change them
    assert senior_client.post("/lettings/scheme/", {}).status_code == 403
    c = client_for(admin_user)
    today = timezone.localdate()
    data = {
        **date_fields("effective_from", today),
        "bands": "P | Priority | 3\nG | Gold | 12\nS | Silver |",
        "bid_limit": "2",
        "minimum_age": "18",
        "residence_years": "2",
        "work_months": "6",
        "family_years": "5",
        "domestic_abuse": "on",
        "care_leaver": "on",
        "armed_forces": "on",
        "refusal_limit": "3",
        "refusal_suspension_months": "12",
    }
    r = c.post("/lettings/scheme/", {**data, "bands": "P | Priority | three"})
    assert r.status_code == 400 and "whole number of months" in r.content.decode()
    assert c.post("/lettings/scheme/", data).status_code == 302
    policy = lettings.current_policy()
    assert (
        policy.band_codes == ["P", "G", "S"] and policy.bid_limit == 2 and policy.band_time_limit("G") == 12
    )
    assert "Gold" in c.get("/lettings/scheme/").content.decode()


def test_partners_page(admin_user: Any, wychavon: Any, senior: Any) -> None:
    c = client_for(admin_user)
    assert "Wychavon District Council" in c.get("/lettings/partners/").content.decode()
    r = c.post("/lettings/partners/", {"action": "partner", "code": "", "name": "", "kind": "council"})
    assert r.status_code == 400 and "Enter a short code" in r.content.decode()
    assert (
        c.post(
            "/lettings/partners/",
            {"action": "partner", "code": "bro", "name": "Bromsgrove Homes", "kind": "housing_association"},
        ).status_code
        == 302
    )
    r = c.post("/lettings/partners/", {"action": "officer", "username": "nobody", "council": wychavon.pk})
    assert r.status_code == 400 and "No user has the username nobody" in r.content.decode()
    bro = Council.objects.get(code="BRO")
    assert (
        c.post(
            "/lettings/partners/", {"action": "officer", "username": "senior", "council": bro.pk}
        ).status_code
        == 302
    )
    assert StaffCouncil.objects.filter(user=senior, council=bro).exists()
    assert client_for(senior).get("/lettings/partners/").status_code == 403


def test_evidence_files_tab(
    senior: Any, senior_client: Client, wychavon: Any, household: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    app = live_application(senior, wychavon, household.applicant)
    upload = SimpleUploadedFile("tenancy-agreement.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    r = senior_client.post(
        f"/lettings/applications/{app.pk}/files/", {"file": upload, "description": "Proof of address"}
    )
    assert r.status_code == 302
    page = senior_client.get(f"/lettings/applications/{app.pk}/files/").content.decode()
    assert "tenancy-agreement.pdf" in page and "Proof of address" in page


def test_review_request_pages(senior: Any, senior_client: Client, wychavon: Any, household: Any) -> None:
    app = live_application(senior, wychavon, household.applicant)
    r = senior_client.post(f"/lettings/applications/{app.pk}/reviews/new/", {"grounds": ""})
    assert r.status_code == 400 and "Select the decision to be reviewed." in r.content.decode()
    r = senior_client.post(
        f"/lettings/applications/{app.pk}/reviews/new/",
        {"decision": "bedrooms", "grounds": "Needs a carer's room"},
    )
    assert r.status_code == 302
    assert "Needs a carer" in senior_client.get(f"/lettings/applications/{app.pk}/").content.decode()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_advert_photos(
    senior: Any, senior_client: Client, wychavon: Any, cycle: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    advert = lettings.create_advert(
        actor=senior, cycle=cycle, property=make_home(senior, "3 Photo Lane", 1), landlord=wychavon
    )
    url = f"/lettings/adverts/{advert.pk}/"
    r = senior_client.post(url, {"file": SimpleUploadedFile("plan.txt", b"text"), "description": ""})
    assert r.status_code == 400
    body = r.content.decode()
    assert "JPEG, PNG or WebP" in body and "Describe the photo" in body
    r = senior_client.post(
        url, {"file": SimpleUploadedFile("lounge.png", PNG, "image/png"), "description": "Lounge"}
    )
    assert r.status_code == 302
    page = senior_client.get(url).content.decode()
    match = re.search(r'src="(/lettings/portal/photos/\d+/)" alt="Lounge"', page)
    assert match
    anonymous = Client()
    photo = anonymous.get(match.group(1))
    assert photo.status_code == 200 and b"".join(photo.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    Advert.objects.filter(pk=advert.pk).update(status="let")
    assert anonymous.get(match.group(1)).status_code == 404


def test_register_lists_expired_bands(
    senior: Any, senior_client: Client, wychavon: Any, household: Any
) -> None:
    old = live_application(
        senior,
        wychavon,
        household.applicant,
        band="A",
        registration_date=timezone.localdate() - dt.timedelta(days=200),
    )  # band A lasts 3 months by default: expired
    fresh = live_application(
        senior,
        wychavon,
        make_person(senior, "Fresh", 30),
        band="A",
        registration_date=timezone.localdate() - dt.timedelta(days=10),
    )
    body = senior_client.get("/lettings/?expired=yes").content.decode()
    assert old.reference in body and fresh.reference not in body and "Expired" in body


def test_register_and_shortlist_pages_cost_a_fixed_number_of_queries(
    senior: Any, senior_client: Client, wychavon: Any, cycle: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    advert = lettings.create_advert(
        actor=senior, cycle=cycle, property=make_home(senior, "8 Count Road", 1), landlord=wychavon
    )

    def counts() -> tuple[int, int]:
        out = []
        for url in ("/lettings/", f"/lettings/adverts/{advert.pk}/"):
            with CaptureQueriesContext(connection) as ctx:
                assert senior_client.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out[0], out[1]

    for n in range(3):
        app = live_application(senior, wychavon, make_person(senior, f"Few{n}", 30))
        lettings.place_bid(actor=senior, application=app, advert=advert)
    few = counts()
    for n in range(6):
        app = live_application(senior, wychavon, make_person(senior, f"More{n}", 30))
        lettings.place_bid(actor=senior, application=app, advert=advert)
    assert counts() == few


def test_change_of_circumstances_page(
    senior: Any, senior_client: Client, wychavon: Any, household: Any
) -> None:
    app = live_application(senior, wychavon, household.applicant)
    url = f"/lettings/applications/{app.pk}/circumstances/"
    form = senior_client.get(url).content.decode()
    assert "Wychavon" in form  # the current facts are filled in
    data = {
        "current_housing": "family_friends",
        "members": f"{household.partner.reference}, partner, M\n{household.son.reference}, child, M\n"
        f"{household.daughter.reference}, child, F",
        "housing_need": "on",
        "local_connections": "Wychavon",
        "residence_years": "3",
        "work_months": "0",
        "family_years": "0",
    }
    r = senior_client.post(url, {**data, "members": "P1, cousin, Q"})
    assert r.status_code == 400 and "Line 1" in r.content.decode()
    assert senior_client.post(url, data).status_code == 302
    app.refresh_from_db()
    assert app.computed_bedrooms == 3 and app.current_housing == "family_friends"


def test_pages_link_to_records_by_their_named_routes(
    senior: Any, senior_client: Client, wychavon: Any, household: Any, cycle: Any
) -> None:
    app = live_application(senior, wychavon, household.applicant)
    advert = lettings.create_advert(
        actor=senior, cycle=cycle, property=make_home(senior, "7 Link Lane", 1), landlord=wychavon
    )
    assert app.get_absolute_url() == f"/lettings/applications/{app.pk}/"
    assert advert.get_absolute_url() == f"/lettings/adverts/{advert.pk}/"
    register = senior_client.get("/lettings/").content.decode()
    assert f'href="/lettings/applications/{app.pk}/"' in register
    page = senior_client.get(app.get_absolute_url()).content.decode()
    for tab in ("bands/", "bids/", "files/", "history/"):
        assert f'href="/lettings/applications/{app.pk}/{tab}"' in page
    assert f'href="/people/{household.applicant.pk}/"' in page
    r = senior_client.post(f"/lettings/applications/{app.pk}/bid/", {"advert": advert.reference})
    assert r.status_code == 302 and r["Location"] == f"/lettings/applications/{app.pk}/bids/"
    bids = senior_client.get(r["Location"]).content.decode()
    assert f'href="/lettings/adverts/{advert.pk}/"' in bids
    lettings.close_cycle(actor=senior, cycle=cycle, now=cycle.closes_at + dt.timedelta(minutes=1))
    r = senior_client.post(f"/lettings/adverts/{advert.pk}/offer/", {"viewing_time": ""})
    offer = Offer.objects.get()
    assert (
        r.status_code == 302 and r["Location"] == offer.get_absolute_url() == f"/lettings/offers/{offer.pk}/"
    )
    assert (
        f'href="/lettings/offers/{offer.pk}/"'
        in senior_client.get(advert.get_absolute_url()).content.decode()
    )
