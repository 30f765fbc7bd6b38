"""The pages that add a record start from what they were given; the pages that change one start
from the record, save what the officer changed and go back to the record's page."""

from __future__ import annotations

from typing import Any

import pytest

from hearth.properties.models import Estate

pytestmark = pytest.mark.django_db


def test_a_property_added_from_a_block_page_starts_in_that_block(senior_client: Any, estate: Any) -> None:
    block = estate.block
    form = senior_client.get(f"/properties/new/?block={block.pk}").context["form"]
    assert form.initial == {
        "ownership": "council",
        "status": "void",
        "bedrooms": 0,
        "block": block.pk,
        "estate": block.estate_id,
        "address_line_2": block.name,
        "town": block.town,
        "postcode": block.postcode,
    }


@pytest.mark.parametrize("given", ["", "?block=abc", "?block=999999"])
def test_a_property_added_from_nowhere_starts_void(senior_client: Any, estate: Any, given: str) -> None:
    form = senior_client.get(f"/properties/new/{given}").context["form"]
    assert form.initial == {"ownership": "council", "status": "void", "bedrooms": 0}


def test_a_block_added_from_an_estate_page_is_on_that_estate(senior_client: Any, estate: Any) -> None:
    form = senior_client.get(f"/blocks/new/?estate={estate.estate.pk}").context["form"]
    assert form.initial == {"storeys": 1, "estate": estate.estate.pk}


def test_an_agreement_made_from_a_property_page_is_for_that_property(senior_client: Any, estate: Any) -> None:
    form = senior_client.get(f"/tenancies/new/?property={estate.house.pk}").context["form"]
    assert form.initial == {"property_ref": estate.house.reference}
    assert senior_client.get("/tenancies/new/?property=999999").context["form"].initial == {}


def test_the_change_pages_start_from_the_record(senior_client: Any, estate: Any) -> None:
    block_form = senior_client.get(f"/blocks/{estate.block.pk}/edit/").context["form"]
    assert block_form.initial["estate"] == estate.estate.pk
    assert block_form.initial["name"] == estate.block.name
    estate_form = senior_client.get(f"/estates/{estate.estate.pk}/edit/").context["form"]
    assert estate_form.initial == {"name": estate.estate.name, "ward": estate.estate.ward}


def test_changing_an_estate_saves_it_and_goes_back_to_it(senior_client: Any, estate: Any) -> None:
    url = f"/estates/{estate.estate.pk}/edit/"
    response = senior_client.post(url, {"name": estate.estate.name, "ward": "Docks"})
    assert response.status_code == 302
    assert response["Location"] == f"/estates/{estate.estate.pk}/"
    saved = Estate.objects.get(pk=estate.estate.pk)
    assert (saved.name, saved.ward) == (estate.estate.name, "Docks")
    bad = senior_client.post(url, {"name": "", "ward": "Docks"})
    assert bad.status_code == 400
    assert "Enter the name of the estate." in bad.content.decode()
    assert Estate.objects.get(pk=estate.estate.pk).name == estate.estate.name
