"""The lettings API (read): applications, adverts, bids, scoped to the caller's partners."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from lettings_helpers import live_application, make_home, make_person

from hearth.lettings import services as lettings

pytestmark = pytest.mark.django_db
BASE = "/api/v1/lettings"


def test_applications_list_and_one_by_reference(
    senior: Any, senior_client: Client, wychavon: Any, household: Any
) -> None:
    members = [
        lettings.MemberInput(household.partner, "partner", "M"),
        lettings.MemberInput(household.son, "child", "M"),
        lettings.MemberInput(household.daughter, "child", "F"),
    ]
    app = live_application(senior, wychavon, household.applicant, band="B", members=members)
    live_application(senior, wychavon, make_person(senior, "Other", 30), band="A")
    everything = senior_client.get(f"{BASE}/applications").json()
    assert everything["count"] == 2
    one = senior_client.get(f"{BASE}/applications", {"reference": app.reference.lower()}).json()
    assert one["count"] == 1
    item = one["items"][0]
    assert item["bedroom_need"] == 3 and item["band"] == "B" and item["council"] == "WYC"
    assert item["effective_date"] == str(app.registration_date) and len(item["members"]) == 3
    assert senior_client.get(f"{BASE}/applications", {"band": "A"}).json()["count"] == 1
    assert senior_client.get(f"{BASE}/applications", {"status": "housed"}).json()["count"] == 0


def test_adverts_and_bids(senior: Any, senior_client: Client, wychavon: Any, cycle: Any) -> None:
    app = live_application(senior, wychavon, make_person(senior, "Api", 30))
    adverts = [
        lettings.create_advert(
            actor=senior, cycle=cycle, property=make_home(senior, f"{n} Api Lane", 1), landlord=wychavon
        )
        for n in range(2)
    ]
    lettings.place_bid(actor=senior, application=app, advert=adverts[0])
    listed = senior_client.get(f"{BASE}/adverts", {"cycle_id": cycle.pk}).json()
    assert listed["count"] == 2
    assert {a["bid_count"] for a in listed["items"]} == {0, 1}
    bids = senior_client.get(f"{BASE}/bids", {"application_id": app.pk}).json()
    assert bids["count"] == 1 and bids["items"][0]["advert_reference"] == adverts[0].reference


def test_other_partner_sees_nothing(senior: Any, malvern_officer: Any, wychavon: Any, household: Any) -> None:
    app = live_application(senior, wychavon, household.applicant)
    c = Client()
    c.force_login(malvern_officer)
    assert c.get(f"{BASE}/applications").json()["count"] == 0
    r = c.get(f"{BASE}/bids", {"application_id": app.pk})
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
