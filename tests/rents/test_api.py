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
from hearth.rents.models import MoneyRequest, Transaction

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
    services.post_week(D(2025, 9, 1))
    services.post_week(D(2025, 9, 8))
    content = f"Account,Amount,Date,Reference\n{account.reference},10.00,2025-09-08,F1\n".encode()
    services.import_payments(actor=senior, channel="bank", filename="f.csv", content=content)
    services.request_money_out(
        actor=senior, account=account, kind="write_off", amount="150", reason="Old debt"
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


def _balance(user: User, tenancy_id: int) -> Decimal:
    status, body = call(user, "GET", f"/tenancies/{tenancy_id}/rent-account")
    assert status == 200
    return M(body["balance"])


def test_posting_a_payment_reduces_the_balance(make_account: Any, income: Any) -> None:
    account = make_account()
    services.post_week(D(2025, 9, 8))
    base = f"/tenancies/{account.tenancy_id}/rent-account"
    assert _balance(income, account.tenancy_id) == M("95.50")
    body = {"amount": "40.00", "paid_on": "2025-09-10", "channel": "cash", "reference": "RCPT-1"}
    status, out = call(income, "POST", base + "/payments", body)
    assert status == 201, out
    assert M(out["amount"]) == M("-40.00") and out["kind"] == "payment" and out["channel"] == "cash"
    assert M(out["balance"]) == M("55.50")
    assert _balance(income, account.tenancy_id) == M("55.50")
    status, listed = call(income, "GET", base + "/transactions", kind="payment")
    assert listed["count"] == 1 and listed["items"][0]["reference"] == "RCPT-1"
    # the same receipt twice is refused on its field
    status, out = call(income, "POST", base + "/payments", body)
    assert status == 422 and "already been posted" in out["errors"]["reference"][0]
    assert _balance(income, account.tenancy_id) == M("55.50")


def test_bad_payment_names_each_field_and_posts_nothing(make_account: Any, income: Any) -> None:
    account = make_account()
    base = f"/tenancies/{account.tenancy_id}/rent-account"
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    status, out = call(
        income, "POST", base + "/payments", {"amount": "-5", "paid_on": tomorrow, "channel": "gold"}
    )
    assert status == 422 and out["code"] == "invalid"
    assert set(out["errors"]) == {"amount", "paid_on", "channel"}
    assert out["errors"]["paid_on"] == ["The payment date must be today or in the past."]
    status, out = call(income, "POST", base + "/payments", {"amount": "ten", "channel": "cash"})
    assert status == 422 and {"amount", "paid_on"} <= set(out["errors"])
    status, out = call(
        income,
        "POST",
        base + "/payments",
        {"amount": "5", "paid_on": "2025-09-10", "channel": "cash", "extra": 1},
    )
    assert status == 422 and "extra" in out["errors"]
    assert not Transaction.objects.filter(account=account).exists()
    assert (
        call(
            income,
            "POST",
            "/tenancies/999999/rent-account/payments",
            {"amount": "5", "paid_on": "2025-09-10", "channel": "cash"},
        )[0]
        == 404
    )


def test_money_request_waits_then_a_different_person_approves(
    make_account: Any, income: Any, approver: Any, admin_user: Any
) -> None:
    account = make_account()
    services.post_week(D(2025, 9, 8))
    services.post_week(D(2025, 9, 15))
    services.set_officer_limits(
        actor=admin_user, user=approver, refund=M("1000"), write_off=M("1000"), adjustment=M("1000")
    )
    base = f"/tenancies/{account.tenancy_id}/rent-account"
    status, req = call(
        income,
        "POST",
        base + "/money-requests",
        {"kind": "write_off", "amount": "150", "reason": "Debt relief order"},
    )
    assert status == 201, req
    assert req["state"] == "pending" and req["kind"] == "write_off" and req["requested_by"] == "income"
    assert _balance(income, account.tenancy_id) == M("191.00")
    decision = f"/money-requests/{req['id']}/decision"
    # the officer who asked cannot approve it: no capability
    assert call(income, "POST", decision, {"decision": "approve"})[0] == 403
    status, out = call(approver, "POST", decision, {"decision": "approve", "note": "Checked the order"})
    assert status == 200, out
    assert out["state"] == "posted" and out["decided_by"] == "approver" and out["transaction_id"]
    assert _balance(income, account.tenancy_id) == M("41.00")
    status, out = call(approver, "POST", decision, {"decision": "decline", "note": "Too late"})
    assert status == 422 and out["errors"]["decision"] == ["This request is already posted."]


def test_approval_by_the_person_who_asked_is_refused(make_account: Any, admin_user: Any) -> None:
    account = make_account()
    base = f"/tenancies/{account.tenancy_id}/rent-account"
    services.post_payment(
        actor=admin_user,
        account=account,
        amount="20",
        paid_on=D(2025, 9, 10),
        channel="cash",
        reference="HB1",
    )
    services.set_officer_limits(
        actor=admin_user, user=admin_user, refund=M("0"), write_off=M("0"), adjustment=M("0")
    )
    status, req = call(
        admin_user,
        "POST",
        base + "/money-requests",
        {"kind": "hb_refund", "amount": "20", "reason": "Overpaid Housing Benefit"},
    )
    assert status == 201 and req["state"] == "pending", req
    status, out = call(admin_user, "POST", f"/money-requests/{req['id']}/decision", {"decision": "approve"})
    assert status == 422
    assert out["errors"]["decision"] == [
        "A request must be approved by someone other than the officer who made it."
    ]
    assert MoneyRequest.objects.get(pk=req["id"]).state == "pending"
    assert not Transaction.objects.filter(account=account, kind="hb_refund").exists()


def test_within_the_officers_limit_a_request_is_posted_at_once(make_account: Any, income: Any) -> None:
    account = make_account()
    services.post_payment(
        actor=income, account=account, amount="10", paid_on=D(2025, 9, 10), channel="card", reference="C1"
    )
    base = f"/tenancies/{account.tenancy_id}/rent-account"
    status, req = call(
        income,
        "POST",
        base + "/money-requests",
        {"kind": "refund", "amount": "10", "reason": "Overpaid by card"},
    )
    assert status == 201 and req["state"] == "posted", req
    assert _balance(income, account.tenancy_id) == M("0.00")


def test_bad_money_request_and_decision_name_their_fields(
    make_account: Any, income: Any, approver: Any
) -> None:
    account = make_account()
    other = make_account()
    services.post_week(D(2025, 9, 8))
    elsewhere = Transaction.objects.filter(account=other).first()
    assert elsewhere is not None
    base = f"/tenancies/{account.tenancy_id}/rent-account"
    status, out = call(
        income, "POST", base + "/money-requests", {"kind": "bonus", "amount": "0", "reason": " "}
    )
    assert status == 422 and set(out["errors"]) == {"kind", "amount", "reason"}
    status, out = call(
        income,
        "POST",
        base + "/money-requests",
        {"kind": "adjustment", "amount": "-3", "reason": "Wrong week"},
    )
    assert status == 422 and out["errors"]["corrects_id"] == ["Select the debit this amendment corrects."]
    status, out = call(
        income,
        "POST",
        base + "/money-requests",
        {"kind": "adjustment", "amount": "-3", "reason": "Wrong week", "corrects_id": elsewhere.pk},
    )
    assert status == 422
    assert out["errors"]["corrects_id"] == ["The transaction corrected must be on the same account."]
    status, out = call(
        income,
        "POST",
        base + "/money-requests",
        {"kind": "adjustment", "amount": "-3", "reason": "Wrong week", "corrects_id": 99999999},
    )
    assert status == 422 and "corrects_id" in out["errors"]
    assert not MoneyRequest.objects.exists()
    req = services.request_money_out(
        actor=income, account=account, kind="write_off", amount="95.50", reason="Old debt"
    )
    assert req.state == MoneyRequest.State.POSTED
    services.post_week(D(2025, 9, 15))
    req = services.request_money_out(
        actor=income, account=account, kind="write_off", amount="95.50", reason="Old debt"
    )
    assert req.state == MoneyRequest.State.PENDING
    status, out = call(approver, "POST", f"/money-requests/{req.pk}/decision", {"decision": "maybe"})
    assert status == 422 and out["errors"]["decision"] == ["Enter approve or decline."]
    status, out = call(approver, "POST", f"/money-requests/{req.pk}/decision", {"decision": "decline"})
    assert status == 422 and out["errors"]["note"] == ["Enter why the request is rejected."]
    status, out = call(
        approver, "POST", f"/money-requests/{req.pk}/decision", {"decision": "decline", "note": "No evidence"}
    )
    assert status == 200 and out["state"] == "rejected"
    assert Transaction.objects.filter(account=account, kind="write_off").count() == 1
    assert call(approver, "POST", "/money-requests/99999999/decision", {"decision": "approve"})[0] == 404
