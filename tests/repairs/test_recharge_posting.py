"""A repair marked rechargeable reaches the tenant's rent account once, through the rents queue."""

from __future__ import annotations

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
