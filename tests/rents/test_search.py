"""The rent accounts list finds an account however an officer types it: account or agreement
reference, a tenant's name, a word of the address, or the postcode with or without its space."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from hearth.api import tokens
from hearth.rents.models import RentAccount

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_accounts(make_account: Any) -> tuple[RentAccount, RentAccount]:
    wanted = make_account(first_name="Ada", last_name="Lovelace", street="Juniper Close", postcode="HT2 7QX")
    other = make_account(first_name="Omar", last_name="Okafor", street="Birch Lane", postcode="HT1 3DE")
    return wanted, other


def _queries(account: RentAccount) -> list[str]:
    return [
        "Lovelace",
        "ada lovelace",
        "lovel",  # still being typed
        "Juniper",
        "juniper close",
        account.reference,
        account.reference.lower(),
        account.tenancy.reference,
        "HT2 7QX",
        "ht27qx",
        "HT2",
    ]


def _api_references(user: User, q: str) -> list[str]:
    _, secret = tokens.create_token(actor=None, user=user, name="test")
    raw = Client().get("/api/v1/rent-accounts", {"q": q}, headers={"Authorization": f"Bearer {secret}"})
    assert raw.status_code == 200, (q, raw.content)
    return [item["reference"] for item in json.loads(raw.content)["items"]]


def test_the_list_page_finds_the_account_typed(
    two_accounts: tuple[RentAccount, RentAccount], senior: User, client_for: Any
) -> None:
    wanted, other = two_accounts
    client = client_for(senior)
    for q in _queries(wanted):
        response = client.get("/rents/", {"q": q})
        assert response.status_code == 200, q
        page = response.content.decode()
        assert wanted.reference in page and other.reference not in page, q
    page = client.get("/rents/", {"q": "okafor birch"}).content.decode()
    assert other.reference in page and wanted.reference not in page
    page = client.get("/rents/", {"q": "Nobody Here"}).content.decode()
    assert wanted.reference not in page and other.reference not in page


def test_the_api_finds_the_account_typed(two_accounts: tuple[RentAccount, RentAccount], senior: User) -> None:
    wanted, other = two_accounts
    for q in _queries(wanted):
        assert _api_references(senior, q) == [wanted.reference], q
    assert _api_references(senior, "HT1 3DE") == [other.reference]
    assert _api_references(senior, other.tenancy.reference) == [other.reference]
    assert set(_api_references(senior, "")) == {wanted.reference, other.reference}
