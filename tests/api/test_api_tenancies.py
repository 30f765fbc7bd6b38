"""Agreements over the API: create, list, get, end (by the termination process); errors, auth and audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from hearth.api import tokens
from hearth.core import audit, permissions
from hearth.properties.models import Property
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes.models import TenancyProcess

if TYPE_CHECKING:
    from conftest import ApiClient, World

pytestmark = pytest.mark.django_db


def _new_tenancy(world: World, **extra: object) -> dict[str, object]:
    return {
        "property_id": world.house.pk,
        "kind": "introductory",
        "start_date": (timezone.localdate() - dt.timedelta(days=7)).isoformat(),
        "tenant_ids": [world.adult.pk],
        **extra,
    }


def test_create_tenancy(api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]) -> None:
    before = row_counts()
    res = api.post("/tenancies", _new_tenancy(world, occupant_ids=[world.child.pk]))
    assert res.status == 201, res
    body = res.json
    assert body["reference"].startswith("T")
    assert body["property"] == {
        "id": world.house.pk,
        "reference": world.house.reference,
        "address": "12 Heron Way, Hearthton, HT1 2BB",
    }
    assert (body["kind"], body["kind_label"], body["live"]) == ("introductory", "Introductory tenancy", True)
    assert [t["name"] for t in body["tenants"]] == ["Dev Patel"]
    assert [o["reference"] for o in body["occupants"]] == [world.child.reference]
    after = row_counts()
    assert after["Tenancy"] == before["Tenancy"] + 1
    assert after["TenancyParty"] == before["TenancyParty"] + 2
    world.house.refresh_from_db()
    assert world.house.status == Property.Status.LET
    tenancy = Tenancy.objects.get(pk=body["id"])
    assert {e.actor for e in audit.history_for(tenancy)} == {api.user}  # type: ignore[attr-defined]


def test_create_tenancy_unknown_references_are_422_on_the_field(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    before = row_counts()
    res = api.post(
        "/tenancies",
        _new_tenancy(world, property_id=999999, tenant_ids=[world.adult.pk, 999998], occupant_ids=[999997]),
    )
    assert res.status == 422
    assert res.json["errors"] == {
        "property_id": ["There is no property with id 999999."],
        "tenant_ids": ["There is no person with id 999998."],
        "occupant_ids": ["There is no person with id 999997."],
    }
    assert row_counts() == before


def test_create_tenancy_rule_breaks_are_422_and_store_nothing(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    before = row_counts()
    far = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    res = api.post("/tenancies", _new_tenancy(world, start_date=far, tenant_ids=[]))
    assert res.status == 422
    assert res.json["errors"] == {
        "start_date": ["The start date must be within the next year."],
        "tenant_ids": ["Add at least one tenant."],
    }
    res = api.post(
        "/tenancies",
        _new_tenancy(
            world, property_id=world.garage.pk, tenant_ids=[world.child.pk], occupant_ids=[world.child.pk]
        ),
    )
    assert res.status == 422
    errors = res.json["errors"]
    assert errors["kind"] == [
        "A residential tenancy or licence must be of a home, not a garage, store, shop or communal area."
    ]
    assert errors["occupant_ids"] == ["A person can be listed only once on an agreement."]
    assert errors["tenant_ids"] == ["Zara Okafor is under 16 on the start date and cannot be a tenant."]
    res = api.post("/tenancies", _new_tenancy(world, property_id=world.flat.pk))  # already let
    assert res.status == 422
    assert list(res.json["errors"]) == ["start_date"]
    assert world.tenancy.reference in res.json["errors"]["start_date"][0]
    res = api.post("/tenancies", _new_tenancy(world, start_date="2024-02-30", kind=None))
    assert res.status == 422
    assert res.json["errors"] == {
        "start_date": ["Enter a real date in the format YYYY-MM-DD."],
        "kind": ["Enter text."],
    }
    assert row_counts() == before


def test_list_tenancies_filters_and_get(api: ApiClient, world: World) -> None:
    res = api.get("/tenancies")
    assert res.status == 200
    assert res.json["count"] == 1
    item = res.json["items"][0]
    assert item["reference"] == world.tenancy.reference
    assert [t["name"] for t in item["tenants"]] == ["Amina Okafor", "Tom Okafor"]
    assert [o["name"] for o in item["occupants"]] == ["Zara Okafor"]
    assert api.get("/tenancies", person_id=world.partner.pk).json["count"] == 1
    assert api.get("/tenancies", person_id=world.adult.pk).json["count"] == 0
    assert api.get("/tenancies", live="yes", property_id=world.flat.pk).json["count"] == 1
    assert api.get("/tenancies", kind="garage").json["count"] == 0
    assert api.get("/tenancies", started_from=timezone.localdate().isoformat()).json["count"] == 0
    detail = api.get(f"/tenancies/{world.tenancy.pk}")
    assert detail.status == 200
    assert detail.json == item
    assert api.get("/tenancies/999999").status == 404


def test_end_tenancy(api: ApiClient, world: World) -> None:
    today = timezone.localdate()
    res = api.post(
        f"/tenancies/{world.tenancy.pk}/end",
        {
            "end_date": today.isoformat(),
            "end_reason": "tenant_notice",
            "notice_received": (today - dt.timedelta(weeks=4)).isoformat(),
            "forwarding_address": "1 New Street, Hearthton",
        },
    )
    assert res.status == 200, res
    assert res.json["end_date"] == today.isoformat()
    assert res.json["end_reason"] == "Notice given by the tenant"
    assert all(t["end_date"] == today.isoformat() for t in res.json["tenants"])
    world.flat.refresh_from_db()
    assert world.flat.status == Property.Status.VOID
    ended = audit.history_for(world.tenancy).filter(action="ended").get()
    assert ended.actor == api.user  # type: ignore[attr-defined]
    process = TenancyProcess.objects.get(tenancy=world.tenancy, kind=TenancyProcess.Kind.TERMINATION)
    assert process.forwarding_address == "1 New Street, Hearthton"
    assert process.details["letter"] == "tenancy"
    again = api.post(
        f"/tenancies/{world.tenancy.pk}/end", {"end_date": today.isoformat(), "end_reason": "abandonment"}
    )
    assert again.status == 422
    assert again.json["errors"]["end_date"] == [f"This agreement already ended on {today:%d %B %Y}."]


def test_ending_by_api_credits_the_account_and_ends_the_charge(api: ApiClient, world: World) -> None:
    """The termination the page uses: days debited after the end are credited, the charge stops."""
    from hearth.rents import selectors as rent_selectors
    from hearth.rents import services as rents

    account = rents.open_account(
        actor=api.user,  # type: ignore[attr-defined]
        tenancy=world.tenancy,
        charges=[("rent", Decimal("70.00"), "")],
    )
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() + 14)  # a whole week well in the past
    rents.run_debits(weeks=[monday])
    assert rent_selectors.balance(account) == Decimal("70.00")
    res = api.post(
        f"/tenancies/{world.tenancy.pk}/end",
        {
            "end_date": monday.isoformat(),
            "end_reason": "tenant_notice",
            "notice_received": (monday - dt.timedelta(weeks=4)).isoformat(),
            "forwarding_address": "1 New Street, Hearthton",
        },
    )
    assert res.status == 200, res
    # the six days after the Monday end are credited: 70.00 x 6 / 7
    assert rent_selectors.balance(account) == Decimal("10.00")
    rents.run_debits(weeks=[monday + dt.timedelta(weeks=1)])  # the charge ended with the agreement
    assert rent_selectors.balance(account) == Decimal("10.00")
    process = TenancyProcess.objects.get(tenancy=world.tenancy, kind=TenancyProcess.Kind.TERMINATION)
    assert process.final_balance == Decimal("10.00")


def test_ending_by_api_on_less_than_the_notice_is_refused(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    today = timezone.localdate()
    before = row_counts()
    res = api.post(
        f"/tenancies/{world.tenancy.pk}/end",
        {
            "end_date": today.isoformat(),
            "end_reason": "tenant_notice",
            "notice_received": (today - dt.timedelta(weeks=2)).isoformat(),
            "forwarding_address": "1 New Street, Hearthton",
        },
    )
    assert res.status == 422
    earliest = today + dt.timedelta(weeks=2)
    assert res.json["errors"] == {
        "end_date": [
            f"A tenant's notice must be at least four weeks: the earliest end date is {earliest:%d %B %Y}."
        ]
    }
    missing = api.post(
        f"/tenancies/{world.tenancy.pk}/end", {"end_date": today.isoformat(), "end_reason": "tenant_notice"}
    )
    assert missing.status == 422
    assert missing.json["errors"] == {
        "notice_received": ["Enter the date the tenant's notice was received."],
        "forwarding_address": ["Enter the tenant's forwarding address."],
    }
    world.tenancy.refresh_from_db()
    assert world.tenancy.end_date is None
    assert not TenancyProcess.objects.filter(tenancy=world.tenancy).exists()
    assert row_counts() == before


def test_end_tenancy_bad_input_changes_nothing(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    before = row_counts()
    res = api.post(f"/tenancies/{world.tenancy.pk}/end", {"end_date": "2000-01-01", "end_reason": " "})
    assert res.status == 422
    assert res.json["errors"] == {
        "end_date": ["The end date must be on or after the start date."],
        "end_reason": ["Select why the agreement is ending."],
    }
    res = api.post(f"/tenancies/{world.tenancy.pk}/end", {"end_reason": "abandonment"})
    assert res.status == 422
    assert res.json["errors"] == {"end_date": ["This field is required."]}
    world.tenancy.refresh_from_db()
    assert world.tenancy.end_date is None
    assert row_counts() == before


def test_tenancy_writes_need_tenancies_edit_and_ending_needs_tenancy_processes(
    client_for: Callable[[str | None], ApiClient], world: World
) -> None:
    estates = client_for(permissions.ESTATE_SERVICES)
    res = estates.post(
        f"/tenancies/{world.tenancy.pk}/end", {"end_date": "2030-01-01", "end_reason": "abandonment"}
    )
    assert res.status == 403
    assert res.json["message"] == (
        "You do not have permission to carry out tenancy processes (sign-up, termination, exchange, succession)."
    )
    res = estates.post("/tenancies", {})
    assert res.status == 403
    assert res.json["message"] == "You do not have permission to add or change tenancies."
    assert estates.get("/tenancies").status == 200
    world.tenancy.refresh_from_db()
    assert world.tenancy.end_date is None


def test_revoked_token_and_no_auth_are_401(
    make_user: Callable[..., User],
    world: World,
    anonymous: ApiClient,
    with_token: Callable[[str], ApiClient],
    row_counts: Callable[[], dict[str, int]],
) -> None:
    token, secret = tokens.create_token(actor=None, user=make_user(permissions.INCOME), name="Rent sync")
    client = with_token(secret)
    assert client.get("/tenancies").status == 200
    tokens.revoke_token(actor=None, token=token)
    before = row_counts()
    assert client.post("/tenancies", _new_tenancy(world)).status == 401
    assert anonymous.post("/tenancies", _new_tenancy(world)).status == 401
    assert anonymous.get(f"/tenancies/{world.tenancy.pk}").json["code"] == "unauthenticated"
    assert row_counts() == before
