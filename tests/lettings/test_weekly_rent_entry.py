"""The weekly rent an officer types on an advert is read by the one money parser: plain digits, at most
two decimal places, commas as thousands separators; anything else is refused on the field. A negative
rent is refused by the advert's own check, with any other problem with the advert."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from lettings_helpers import make_home

from hearth.lettings.models import Advert

pytestmark = pytest.mark.django_db


def post_advert(client: Client, cycle: Any, council: Any, home: Any, weekly_rent: str) -> Any:
    return client.post(
        "/lettings/adverts/new/",
        {
            "cycle": cycle.pk,
            "property_ref": home.reference,
            "landlord": council.pk,
            "weekly_rent": weekly_rent,
        },
    )


def field_error(body: str, field: str) -> str:
    match = re.search(rf'<p id="id_{field}-error" class="govuk-error-message">(.*?)</p>', body, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("12.345", "Enter an amount with no more than 2 decimal places, like 95.50."),
        ("1e5", "Enter an amount of money in pounds and pence, like 95.50 or 1,250.00."),
        ("1_000", "Enter an amount of money in pounds and pence, like 95.50 or 1,250.00."),
        ("98,50", "Enter an amount of money in pounds and pence, like 95.50 or 1,250.00."),
        ("1,000,000.00", "Enter an amount no more than £999,999.99."),
        ("-5", "The weekly rent cannot be negative."),
    ],
)
def test_a_weekly_rent_that_is_not_an_amount_is_refused_on_the_field(
    senior: Any, senior_client: Client, wychavon: Any, cycle: Any, typed: str, sentence: str
) -> None:
    r = post_advert(senior_client, cycle, wychavon, make_home(senior, "4 Rent Row", 1), typed)
    assert r.status_code == 400
    assert field_error(r.content.decode(), "weekly_rent") == f"Error: {sentence}"
    assert Advert.objects.count() == 0


@pytest.mark.parametrize(("typed", "stored"), [("98.50", "98.50"), ("1,250.00", "1250.00"), ("£97", "97.00")])
def test_a_weekly_rent_in_pounds_and_pence_is_stored(
    senior: Any, senior_client: Client, wychavon: Any, cycle: Any, typed: str, stored: str
) -> None:
    r = post_advert(senior_client, cycle, wychavon, make_home(senior, "6 Rent Row", 1), typed)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Advert.objects.get().weekly_rent == Decimal(stored)
