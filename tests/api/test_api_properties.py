"""Estates, blocks and properties over the API: create, list, get, update; errors, auth and audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from hearth.api import tokens
from hearth.core import audit, permissions
from hearth.properties.models import Block, Estate, Property

if TYPE_CHECKING:
    from conftest import ApiClient, World

pytestmark = pytest.mark.django_db


# --- estates ---------------------------------------------------------------------------------


def test_estates_create_list_get_update(api: ApiClient, world: World) -> None:
    res = api.post("/estates", {"name": "Meadowbank", "ward": "Southgate"})
    assert res.status == 201, res
    estate_id = res.json["id"]
    assert res.json["code"].startswith("E")
    listed = api.get("/estates").json
    assert [e["name"] for e in listed["items"]] == ["Meadowbank", "Riverside"]
    assert listed["count"] == 2
    assert api.get(f"/estates/{estate_id}").json["ward"] == "Southgate"
    patched = api.patch(f"/estates/{estate_id}", {"ward": "Eastgate"})
    assert patched.status == 200, patched
    assert patched.json == {**res.json, "ward": "Eastgate"}
    event = audit.history_for(Estate.objects.get(pk=estate_id)).first()
    assert event is not None and event.action == "updated" and event.actor == api.user  # type: ignore[attr-defined]


def test_estate_duplicate_name_is_422(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    before = row_counts()
    res = api.post("/estates", {"name": "riverside"})
    assert res.status == 422
    assert res.json["errors"] == {"name": ["There is already an estate called riverside."]}
    assert row_counts() == before


# --- blocks ----------------------------------------------------------------------------------


def test_blocks_create_list_get_update(api: ApiClient, world: World) -> None:
    res = api.post(
        "/blocks",
        {
            "estate_id": world.estate.pk,
            "name": "Heron Court",
            "address_line_1": "2 Heron Way",
            "town": "Hearthton",
            "postcode": "ht12bb",
            "storeys": 4,
        },
    )
    assert res.status == 201, res
    assert res.json["postcode"] == "HT1 2BB"
    assert res.json["estate"] == {"id": world.estate.pk, "code": world.estate.code, "name": "Riverside"}
    block_id = res.json["id"]
    listed = api.get("/blocks", estate=world.estate.pk).json
    assert [b["name"] for b in listed["items"]] == ["Heron Court", "Kestrel House"]
    assert api.get(f"/blocks/{block_id}").json["storeys"] == 4
    patched = api.patch(f"/blocks/{block_id}", {"storeys": 5, "asbestos_present": True})
    assert patched.status == 200, patched
    assert (patched.json["storeys"], patched.json["asbestos_present"], patched.json["name"]) == (
        5,
        True,
        "Heron Court",
    )


def test_block_unknown_estate_and_bad_fields_are_422(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    before = row_counts()
    res = api.post(
        "/blocks",
        {
            "estate_id": 999999,
            "name": "Nowhere",
            "address_line_1": "1 Nowhere",
            "town": "Hearthton",
            "postcode": "HT1 1AA",
        },
    )
    assert res.status == 422
    assert res.json["errors"] == {"estate_id": ["There is no estate with id 999999."]}
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    res = api.post(
        "/blocks",
        {
            "estate_id": world.estate.pk,
            "name": "Future",
            "address_line_1": "1 Future Road",
            "town": "Hearthton",
            "postcode": "NOT A CODE",
            "storeys": 0,
            "fire_risk_assessed_on": tomorrow,
        },
    )
    assert res.status == 422
    assert res.json["errors"] == {"storeys": ["Enter a number that is 1 or more."]}
    res = api.post(
        "/blocks",
        {
            "estate_id": world.estate.pk,
            "name": "Future",
            "address_line_1": "1 Future Road",
            "town": "Hearthton",
            "postcode": "NOT A CODE",
            "fire_risk_assessed_on": tomorrow,
        },
    )
    assert res.status == 422
    assert res.json["errors"] == {
        "postcode": ["Enter a real UK postcode, like SW1A 1AA."],
        "fire_risk_assessed_on": ["The fire risk assessment date must be today or in the past."],
    }
    assert row_counts() == before


# --- properties ------------------------------------------------------------------------------


def test_create_property(api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]) -> None:
    before = row_counts()["Property"]
    res = api.post(
        "/properties",
        {
            "estate_id": world.estate.pk,
            "block_id": world.block.pk,
            "address_line_1": "Flat 4, Kestrel House",
            "town": "Hearthton",
            "postcode": "HT1 1AA",
            "kind": "flat",
            "bedrooms": 1,
            "floor": 2,
            "uprn": 100023336956,
        },
    )
    assert res.status == 201, res
    body = res.json
    assert body["reference"].startswith("PR")
    assert body["block"] == {"id": world.block.pk, "code": world.block.code, "name": "Kestrel House"}
    assert (body["kind"], body["kind_label"], body["status"], body["status_label"]) == (
        "flat",
        "Flat",
        "void",
        "Void",
    )
    assert body["address"] == "Flat 4, Kestrel House, Hearthton, HT1 1AA"
    assert row_counts()["Property"] == before + 1
    created = audit.history_for(Property.objects.get(pk=body["id"])).get()
    assert created.actor == api.user  # type: ignore[attr-defined]


def test_create_property_unknown_references_are_422_on_the_field(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    before = row_counts()
    res = api.post(
        "/properties",
        {
            "estate_id": 999998,
            "block_id": 999999,
            "address_line_1": "1 Nowhere",
            "town": "Hearthton",
            "postcode": "HT1 1AA",
            "kind": "house",
        },
    )
    assert res.status == 422
    assert res.json["errors"] == {
        "estate_id": ["There is no estate with id 999998."],
        "block_id": ["There is no block with id 999999."],
    }
    assert row_counts() == before


def test_create_property_rule_breaks_are_422_with_sentences(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    other = Estate.objects.create(code="E999", name="Elsewhere")
    before = row_counts()
    res = api.post(
        "/properties",
        {
            "estate_id": other.pk,
            "block_id": world.block.pk,
            "address_line_1": "Flat 9",
            "town": "Hearthton",
            "postcode": "HT1 1AA",
            "kind": "castle",
            "bedrooms": 40,
            "uprn": 0,
        },
    )
    assert res.status == 422
    errors = res.json["errors"]
    assert errors["block_id"] == ["Kestrel House is not on Elsewhere."]
    assert errors["kind"] == ["Select the type of property."]
    assert "Bedrooms must be a whole number from 0 to 15." in errors["bedrooms"]
    assert errors["uprn"] == ["A UPRN is a whole number of up to 12 digits."]
    assert row_counts() == before


def test_list_properties_filters(api: ApiClient, world: World) -> None:
    res = api.get("/properties", estate=world.estate.pk, kind="house")
    assert res.status == 200
    assert [p["reference"] for p in res.json["items"]] == [world.house.reference]
    assert api.get("/properties", status="let").json["count"] == 1
    assert api.get("/properties", postcode="HT1 2").json["count"] == 2
    assert api.get("/properties", bedrooms=2).json["items"][0]["id"] == world.flat.pk
    assert api.get("/properties", block=world.block.pk).json["count"] == 1
    bad = api.get("/properties", bedrooms="two")
    assert bad.status == 422
    assert bad.json["errors"] == {"bedrooms": ["Enter a whole number."]}


def test_get_property_and_404(api: ApiClient, world: World) -> None:
    res = api.get(f"/properties/{world.flat.pk}")
    assert res.status == 200
    assert res.json["estate"]["name"] == "Riverside"
    assert res.json["status"] == "let"
    missing = api.get("/properties/999999")
    assert missing.status == 404
    assert missing.json["code"] == "not_found"


def test_patch_property_only_fields_sent_with_audit(api: ApiClient, world: World) -> None:
    res = api.patch(f"/properties/{world.house.pk}", {"adapted": True, "gas_safety_due": "2030-01-31"})
    assert res.status == 200, res
    world.house.refresh_from_db()
    assert world.house.adapted is True
    assert world.house.gas_safety_due == dt.date(2030, 1, 31)
    assert (world.house.bedrooms, world.house.kind, world.house.postcode) == (3, "house", "HT1 2BB")
    event = audit.history_for(world.house).first()
    assert event is not None
    assert event.actor == api.user  # type: ignore[attr-defined]
    assert "adapted" in event.changes  # before -> after, as the history tab shows it


def test_patch_property_move_to_block_and_clear_it(api: ApiClient, world: World) -> None:
    res = api.patch(f"/properties/{world.house.pk}", {"block_id": world.block.pk})
    assert res.status == 200, res
    assert res.json["block"]["id"] == world.block.pk
    res = api.patch(f"/properties/{world.house.pk}", {"block_id": None})
    assert res.status == 200, res
    assert res.json["block"] is None


def test_patch_property_bad_input_changes_nothing(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    before = row_counts()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    res = api.patch(
        f"/properties/{world.garage.pk}",
        {
            "bedrooms": 2,
            "fire_risk_assessed_on": tomorrow,
            "estate_id": None,
            "address_line_1": "New address",
        },
    )
    assert res.status == 422
    assert res.json["errors"] == {"estate_id": ["Enter a whole number."]}
    res = api.patch(
        f"/properties/{world.garage.pk}",
        {
            "bedrooms": 2,
            "fire_risk_assessed_on": tomorrow,
            "address_line_1": "New address",
        },
    )
    assert res.status == 422
    assert res.json["errors"] == {
        "fire_risk_assessed_on": ["The fire risk assessment date must be today or in the past."],
        "bedrooms": ["Only homes have bedrooms; set bedrooms to 0 for this type."],
    }
    world.garage.refresh_from_db()
    assert world.garage.address_line_1 == "Garage 7, Heron Way"
    assert row_counts() == before


def test_writes_need_properties_edit(client_for: Callable[[str | None], ApiClient], world: World) -> None:
    income = client_for(permissions.INCOME)
    res = income.patch(f"/properties/{world.house.pk}", {"adapted": True})
    assert res.status == 403
    assert res.json == {
        "code": "forbidden",
        "message": "You do not have permission to add or change estates, blocks and properties.",
    }
    # the capability is checked before the body is read: a bad body is still 403, not 422
    assert income.post("/properties", {"nonsense": True}).status == 403
    assert income.get(f"/properties/{world.house.pk}").status == 200


def test_revoked_token_and_no_auth_are_401(
    make_user: Callable[..., User],
    world: World,
    anonymous: ApiClient,
    with_token: Callable[[str], ApiClient],
    row_counts: Callable[[], dict[str, int]],
) -> None:
    token, secret = tokens.create_token(actor=None, user=make_user(permissions.SENIOR), name="Asset sync")
    client = with_token(secret)
    assert client.patch(f"/estates/{world.estate.pk}", {"ward": "Westgate"}).status == 200
    tokens.revoke_token(actor=None, token=token)
    before = row_counts()
    assert client.patch(f"/estates/{world.estate.pk}", {"ward": "Northgate"}).status == 401
    assert anonymous.patch(f"/estates/{world.estate.pk}", {"ward": "Northgate"}).status == 401
    assert anonymous.get("/properties").json["code"] == "unauthenticated"
    assert row_counts() == before
    assert Estate.objects.get(pk=world.estate.pk).ward == "Westgate"
    assert Block.objects.count() == 1


def test_property_floor_area_is_set_checked_and_cleared(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    url = f"/properties/{world.house.pk}"
    assert api.get(url).json["floor_area"] is None
    res = api.patch(url, {"floor_area": "84.5"})
    assert res.status == 200, res
    assert res.json["floor_area"] == "84.50"
    before = row_counts()
    for bad in (0, -3, 1000.01, "big"):
        res = api.patch(url, {"floor_area": bad})
        assert res.status == 422, (bad, res)
        assert list(res.json["errors"]) == ["floor_area"]
    assert row_counts() == before
    assert api.get(url).json["floor_area"] == "84.50"
    assert api.patch(url, {"floor_area": None}).json["floor_area"] is None
