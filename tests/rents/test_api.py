"""Rent API: accounts, transactions, payments, payment files, money out and decisions."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from hearth.api import tokens
from hearth.rents import services

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


def call(user: User, method: str, path: str, body: Any = None, **params: Any) -> tuple[int, Any]:
    _, secret = tokens.create_token(actor=None, user=user, name="test")
    client = Client()
    headers = {"Authorization": f"Bearer {secret}"}
    if method == "GET":
        raw = client.get("/api/v1" + path, params, headers=headers)
    else:
        raw = client.post(
            "/api/v1" + path, json.dumps(body or {}), content_type="application/json", headers=headers
        )
    return raw.status_code, json.loads(raw.content) if raw.content else None


def test_account_and_transactions(make_account: Any, senior: Any, django_assert_max_num_queries: Any) -> None:
    account = make_account(charges=(("rent", "90.00", ""), ("water", "5.50", "")))
    services.post_week(D(2025, 9, 8))
    status, body = call(senior, "GET", f"/tenancies/{account.tenancy_id}/rent-account")
    assert status == 200
    assert body["reference"] == account.reference and M(body["balance"]) == M("95.50")
    assert len(body["elements"]) == 2 and M(body["uc_monthly"]) == M("413.83")
    status, body = call(senior, "GET", f"/tenancies/{account.tenancy_id}/rent-account/transactions")
    assert status == 200 and body["count"] == 2
    status, body = call(senior, "GET", "/rent-accounts", in_arrears="yes")
    assert status == 200 and body["items"][0]["reference"] == account.reference
    assert body["items"][0]["recommended_action"] == ""


def test_payments_files_and_requests(make_account: Any, senior: Any, income: Any) -> None:
    account = make_account()
    services.post_week(D(2025, 9, 8))
    content = f"Account,Amount,Date,Reference\n{account.reference},10.00,2025-09-08,F1\n".encode()
    services.import_payments(actor=senior, channel="bank", filename="f.csv", content=content)
    services.request_money_out(
        actor=senior, account=account, kind="write_off", amount="400", reason="Old debt"
    )
    base = f"/tenancies/{account.tenancy_id}/rent-account"
    status, body = call(income, "GET", base + "/transactions", kind="payment")
    assert status == 200 and body["count"] == 1 and M(body["items"][0]["amount"]) == M("-10.00")
    status, body = call(income, "GET", base + "/transactions", first="2025-09-09")
    assert body["count"] == 0
    status, body = call(income, "GET", "/payment-files")
    assert status == 200 and body["items"][0]["rows"] == 1
    status, body = call(income, "GET", base + "/money-requests")
    assert (
        status == 200
        and body["items"][0]["state"] == "pending"
        and body["items"][0]["requested_by"] == "senior"
    )


def test_no_account_is_404(make_account: Any, senior: Any) -> None:
    assert call(senior, "GET", "/tenancies/999999/rent-account")[0] == 404
