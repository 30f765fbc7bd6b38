"""A repair marked rechargeable reaches the tenant's rent account once, through the rents queue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from hearth.rents import selectors as rent_selectors
from hearth.rents import services as rents
from hearth.repairs import services

pytestmark = pytest.mark.django_db


def test_rechargeable_repair_is_posted_to_the_account_once(
    world: Any, senior: Any, senior_client: Client
) -> None:
    account = rents.open_account(actor=senior, tenancy=world.tenancy, charges=[])
    order = services.raise_order(
        actor=senior,
        contract=world.contract,
        lines=[world.line("100010")],
        description="Front door kicked in",
        priority="routine",
        property=world.flat,
    )
    page = senior_client.get("/rents/recharges/").content.decode()
    assert order.reference not in page  # not rechargeable yet
    services.mark_rechargeable(actor=senior, order=order, amount=Decimal("75.50"), evidence="Door kicked in")
    page = senior_client.get("/rents/recharges/").content.decode()
    assert order.reference in page and "Door kicked in" in page and "£75.50" in page

    response = senior_client.post("/rents/recharges/", {"order": order.pk}, follow=True)
    assert f"Recharge of £75.50 posted to account {account.reference}." in response.content.decode()
    assert rent_selectors.balance(account) == Decimal("75.50")
    assert order.reference not in senior_client.get("/rents/recharges/").content.decode()

    again = senior_client.post("/rents/recharges/", {"order": order.pk}, follow=True)
    assert f"The recharge for order {order.reference} is already on the account." in again.content.decode()
    assert rent_selectors.balance(account) == Decimal("75.50")


def test_damage_found_after_the_tenant_left_is_recharged_to_the_former_agreement(
    world: Any, senior: Any, senior_client: Client
) -> None:
    from hearth.tenancies import services as tenancies

    former = tenancies.create_tenancy(
        actor=senior,
        property=world.house,
        kind="secure",
        start_date=dt.date(2020, 4, 6),
        end_date=dt.date(2025, 3, 30),
        tenants=[world.person],
    )
    account = rents.open_account(actor=senior, tenancy=former, charges=[])
    order = services.raise_order(
        actor=senior,
        contract=world.contract,
        lines=[world.line("100010")],
        description="Kitchen door smashed",
        priority="routine",
        property=world.house,
    )
    form = senior_client.get(f"/repairs/orders/{order.pk}/recharge/").content.decode()
    assert f"The former tenant (agreement {former.reference}, ended 30 March 2025)" in form
    # nobody lives there: without choosing the former tenant the recharge would reach no one
    refused = senior_client.post(
        f"/repairs/orders/{order.pk}/recharge/",
        {"recharge_amount": "120.00", "recharge_evidence": "Void inspection photos"},
    )
    assert (
        refused.status_code == 400
        and "No one has a live agreement for this home now" in refused.content.decode()
    )
    order.refresh_from_db()
    assert not order.rechargeable
    done = senior_client.post(
        f"/repairs/orders/{order.pk}/recharge/",
        {"recharge_amount": "120.00", "recharge_evidence": "Void inspection photos", "recharge_to": "former"},
    )
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.recharge_tenancy == former

    queue = senior_client.get("/rents/recharges/").content.decode()
    assert order.reference in queue and former.reference in queue
    posted = senior_client.post("/rents/recharges/", {"order": order.pk}, follow=True)
    assert f"Recharge of £120.00 posted to account {account.reference}." in posted.content.decode()
    assert rent_selectors.balance(account) == Decimal("120.00")


def test_a_home_with_a_tenant_and_a_former_one_asks_whom_to_recharge(world: Any, senior: Any) -> None:
    from hearth.tenancies import services as tenancies

    former = tenancies.create_tenancy(
        actor=senior,
        property=world.flat,
        kind="secure",
        start_date=dt.date(2015, 4, 6),
        end_date=dt.date(2020, 4, 5),
        tenants=[world.person],
    )
    order = services.raise_order(
        actor=senior,
        contract=world.contract,
        lines=[world.line("100010")],
        description="Door",
        priority="routine",
        property=world.flat,
    )
    services.mark_rechargeable(actor=senior, order=order, amount=Decimal("10"), evidence="Photos")
    assert order.recharge_tenancy == world.tenancy  # the current tenant unless the former one is chosen
    other = services.raise_order(
        actor=senior,
        contract=world.contract,
        lines=[world.line("100010")],
        description="Door",
        priority="routine",
        property=world.flat,
    )
    services.mark_rechargeable(
        actor=senior, order=other, amount=Decimal("10"), evidence="Photos", former=True
    )
    assert other.recharge_tenancy == former
