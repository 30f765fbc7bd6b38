"""Rent API input read strictly: an amount is what core.money.parse_money reads (a string, or a JSON
number with at most two decimals and no exponent), and a payment date is not before the earliest day."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from hearth.api import tokens
from hearth.core.calendar import EARLIEST_PAYMENT_DAY
from hearth.rents.models import Transaction

pytestmark = pytest.mark.django_db


def post_payment(user: Any, tenancy_id: int, raw_body: str) -> tuple[int, Any]:
    """POST a payment body as written (so a JSON number keeps its spelling)."""
    _, secret = tokens.create_token(actor=None, user=user, name="test")
    raw = Client().post(
        f"/api/v1/tenancies/{tenancy_id}/rent-account/payments",
        raw_body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    return raw.status_code, json.loads(raw.content)


def payment(amount: str, paid_on: str = "") -> str:
    """A payment body with `amount` written into the JSON as given (quote it for a string)."""
    day = paid_on or dt.date.today().isoformat()
    return (
        f'{{"amount": {amount}, "paid_on": "{day}", "channel": "cash", "reference": "R-{abs(hash(amount))}"}}'
    )


@pytest.mark.parametrize(
    "amount",
    [
        '"١٢٣"',
        '"1_000"',
        '"1e6"',
        '"12.345"',
        '"Infinity"',
        '"NaN"',
        "1e6",
        "1E2",
        "12.345",
        "true",
        '""',
        "null",
    ],
)
def test_an_amount_that_is_not_pounds_and_pence_is_refused(
    make_account: Any, income: Any, amount: str
) -> None:
    account = make_account()
    status, out = post_payment(income, account.tenancy_id, payment(amount))
    assert status == 422 and set(out["errors"]) == {"amount"}, out
    assert not Transaction.objects.filter(account=account, kind="payment").exists()


@pytest.mark.parametrize(
    ("amount", "posted"),
    [('"95.50"', "95.50"), ('"£1,250.00"', "1250.00"), ("95.5", "95.50"), ("40", "40.00")],
)
def test_an_amount_with_pence_is_taken(make_account: Any, income: Any, amount: str, posted: str) -> None:
    account = make_account()
    status, out = post_payment(income, account.tenancy_id, payment(amount))
    assert status == 201, out
    assert out["amount"] == "-" + posted  # a payment is a credit on the ledger


@pytest.mark.parametrize(
    "day", ["0001-01-01", "1900-01-01", (EARLIEST_PAYMENT_DAY - dt.timedelta(days=1)).isoformat()]
)
def test_a_payment_dated_before_the_earliest_day_is_refused(make_account: Any, income: Any, day: str) -> None:
    account = make_account()
    status, out = post_payment(income, account.tenancy_id, payment('"10.00"', day))
    assert status == 422 and set(out["errors"]) == {"paid_on"}, out


def test_a_payment_in_the_future_is_refused_with_the_other_problems(make_account: Any, income: Any) -> None:
    account = make_account()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    status, out = post_payment(income, account.tenancy_id, payment('"-5"', tomorrow))
    assert status == 422 and set(out["errors"]) == {"amount", "paid_on"}, out


def test_a_money_request_amount_is_read_the_same_way(make_account: Any, income: Any) -> None:
    account = make_account()
    _, secret = tokens.create_token(actor=None, user=income, name="test")
    raw = Client().post(
        f"/api/v1/tenancies/{account.tenancy_id}/rent-account/money-requests",
        '{"kind": "write_off", "amount": 1e2, "reason": "Old debt"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert raw.status_code == 422 and set(json.loads(raw.content)["errors"]) == {"amount"}
