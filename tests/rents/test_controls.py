"""Rent controls: arrears count only what is due, collection weeks, money-out limits, the debit run's
earliest week, the stage matching its filter, audited free weeks and forms that post nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.core import audit
from hearth.core.models import AuditEvent
from hearth.rents import domain, selectors, services
from hearth.rents.models import FreeWeek, MoneyRequest, Transaction

from .test_api import call

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


def _this_monday() -> dt.date:
    today = dt.date.today()
    return today - dt.timedelta(days=today.weekday())


def _pay(actor: Any, account: Any, amount: str, ref: str) -> None:
    services.post_payment(
        actor=actor, account=account, amount=amount, paid_on=D(2025, 9, 10), channel="cash", reference=ref
    )


# --- 4: arrears count only what is due by today ------------------------------------------------


def test_rent_posted_ahead_is_not_arrears(make_account: Any, senior: Any, client_for: Any) -> None:
    account = make_account()
    next_monday = _this_monday() + dt.timedelta(days=7)
    services.post_week(next_monday)  # the run may post up to four weeks ahead
    assert selectors.balance(account) == M("95.50")
    assert selectors.arrears(account) == M("0.00")
    client = client_for(senior)
    page = client.get(f"/rents/accounts/{account.pk}/").content.decode()
    assert "Balance including charges not yet due" in page
    assert "Recommended action" in page and "Send arrears letter" not in page
    listed = client.get("/rents/?arrears=yes").content.decode()
    assert account.reference not in listed
    assert account.reference not in client.get("/rents/?min=50").content.decode()
    status, body = call(senior, "GET", "/rent-accounts", min_balance="50")
    assert status == 200 and body["count"] == 0
    status, body = call(senior, "GET", f"/tenancies/{account.tenancy_id}/rent-account")
    assert status == 200
    assert M(body["balance"]) == M("95.50") and M(body["arrears"]) == M("0.00")
    assert M(body["weeks_owed"]) == 0 and body["recommended_action"] == ""


def test_weeks_already_due_still_count(make_account: Any, senior: Any) -> None:
    account = make_account()
    for monday in (D(2025, 9, 1), D(2025, 9, 8)):
        services.post_week(monday)
    services.post_week(_this_monday() + dt.timedelta(days=7))
    assert selectors.arrears(account) == M("191.00")
    row = selectors.with_stage(selectors.account_list(in_arrears="yes"))[0]
    assert row.arrears == M("191.00") and row.weeks_owed == M("2.0")
    assert row.stage is not None and row.stage.code == "letter_1"


def test_exchange_is_not_blocked_by_rent_not_yet_due(make_account: Any, senior: Any) -> None:
    from hearth.tenancy_processes import exchange

    one, two = make_account(), make_account()
    services.post_week(_this_monday() + dt.timedelta(days=7))  # both owe next week's rent, not yet due
    with pytest.raises(ValidationError) as exc:
        exchange.mutual_exchange(
            actor=senior,
            request=exchange.ExchangeRequest(
                tenancies=[one.tenancy, two.tenancy], exchange_date=dt.date.today(), proceedings_checked=False
            ),
        )
    assert "proceedings_checked" in exc.value.message_dict
    assert "party_1" not in exc.value.message_dict and "party_2" not in exc.value.message_dict


# --- 5 and 6: the rent year's collection weeks -------------------------------------------------


def _free_mondays_ahead(n: int) -> tuple[int, list[dt.date]]:
    """n Mondays of the current rent year that are after today (so not yet debited)."""
    year = domain.rent_year_of(dt.date.today())
    ahead = [m for m in domain.rent_year_mondays(year) if m > dt.date.today()]
    if len(ahead) < n:  # late March: use next year
        year += 1
        ahead = domain.rent_year_mondays(year)
    return year, ahead[-n:]


def test_universal_credit_figure_leaves_out_free_weeks(
    make_account: Any, senior: Any, client_for: Any
) -> None:
    account = make_account(charges=(("rent", "120.00", ""),))
    year, free = _free_mondays_ahead(2)
    services.set_free_weeks(actor=senior, year=year, mondays=free)
    weeks = domain.weeks_in_rent_year(year) - 2
    expected = domain.uc_monthly(M("120.00"), weeks)
    assert weeks in (50, 51)
    if year == domain.rent_year_of(dt.date.today()):
        page = client_for(senior).get(f"/rents/accounts/{account.pk}/").content.decode()
        assert f"£{expected:,}" in page
        status, body = call(senior, "GET", f"/tenancies/{account.tenancy_id}/rent-account")
        assert M(body["uc_monthly"]) == expected
    assert selectors.uc_monthly(M("120.00"), free[0]) == expected
    assert expected == (M("120.00") * weeks / 12).quantize(M("0.01"))


def test_service_charge_weekly_amount_spreads_over_collection_weeks() -> None:
    year = 2025  # 52 Mondays
    free = domain.rent_year_mondays(year)[-2:]
    assert domain.collection_weeks(year, free) == 50
    assert domain.weekly_from_annual(M("500.00"), year, free) == M("10.00")
    assert domain.weekly_from_annual(M("520.00"), year) == M("10.00")


def test_block_service_charge_weekly_share_leaves_out_free_weeks(
    make_account: Any, senior: Any, estate: Any
) -> None:
    from hearth.rents import service_charges as sc

    make_account()
    make_account()
    year = 2029  # 52 Mondays
    services.set_free_weeks(actor=senior, year=year, mondays=domain.rent_year_mondays(year)[-2:])
    d = sc.draft(
        name="Cleaning", year=str(year), area=estate.code, annual="1000.00", method="equal", works=False
    )
    assert [s.weekly for s in sc.shares(d)] == [M("10.00"), M("10.00")]  # £500 over 50 weeks
    assert sc.tenant_weekly(M("500.00"), year) == M("10.00")


# --- 7: money out ------------------------------------------------------------------------------


def test_refund_cannot_be_more_than_the_credit(make_account: Any, senior: Any) -> None:
    account = make_account()
    with pytest.raises(ValidationError) as exc:
        services.request_money_out(actor=senior, account=account, kind="refund", amount="100", reason="x")
    assert "not in credit" in exc.value.message_dict["amount"][0]
    _pay(senior, account, "40", "R1")
    with pytest.raises(ValidationError) as exc:
        services.request_money_out(actor=senior, account=account, kind="hb_refund", amount="50", reason="x")
    assert exc.value.message_dict["amount"] == [
        "A refund can be no more than the account's credit of £40.00."
    ]
    assert not MoneyRequest.objects.exists()
    assert selectors.balance(account) == M("-40.00")
    services.request_money_out(actor=senior, account=account, kind="refund", amount="40", reason="Overpaid")
    assert selectors.balance(account) == M("0.00")


def test_write_off_cannot_be_more_than_the_arrears(make_account: Any, senior: Any) -> None:
    account = make_account()
    with pytest.raises(ValidationError) as exc:
        services.request_money_out(actor=senior, account=account, kind="write_off", amount="10", reason="x")
    assert exc.value.message_dict["amount"] == ["The account has no arrears to write off."]
    services.post_week(D(2025, 9, 8))
    with pytest.raises(ValidationError) as exc:
        services.request_money_out(actor=senior, account=account, kind="write_off", amount="96", reason="x")
    assert "£95.50" in exc.value.message_dict["amount"][0]
    assert not Transaction.objects.filter(kind="write_off").exists()


def test_approver_limit_must_cover_the_amount(
    make_account: Any, senior: Any, approver: Any, admin_user: Any, client_for: Any
) -> None:
    account = make_account()
    for week in range(60):
        services.post_week(D(2024, 4, 1) + dt.timedelta(weeks=week))
    services.set_officer_limits(
        actor=admin_user, user=approver, refund=M("10"), write_off=M("10"), adjustment=M("10")
    )
    req = services.request_money_out(
        actor=senior, account=account, kind="write_off", amount="5000", reason="Debt relief order"
    )
    assert req.state == MoneyRequest.State.PENDING
    page = client_for(approver).post(f"/rents/approvals/{req.pk}/", {"decision": "approve"})
    assert page.status_code == 400 and "Your own limit for write-offs is £10.00" in page.content.decode()
    status, out = call(approver, "POST", f"/money-requests/{req.pk}/decision", {"decision": "approve"})
    assert status == 422 and "Your own limit" in out["errors"]["decision"][0]
    req.refresh_from_db()
    assert req.state == MoneyRequest.State.PENDING
    assert not Transaction.objects.filter(kind="write_off").exists()
    services.set_officer_limits(
        actor=admin_user, user=approver, refund=M("10"), write_off=M("5000"), adjustment=M("10")
    )
    services.decide_money_request(actor=approver, request=req, approve=True)
    assert Transaction.objects.get(kind="write_off").amount == M("-5000.00")


def test_split_requests_count_towards_the_limit(make_account: Any, senior: Any) -> None:
    account = make_account()
    _pay(senior, account, "1000", "BIG")
    states = [
        services.request_money_out(
            actor=senior, account=account, kind="refund", amount="99", reason="x"
        ).state
        for _ in range(5)
    ]
    # £250 limit: £99 and £198 post; £297 and more wait for someone else
    assert states == ["posted", "posted", "pending", "pending", "pending"]
    assert selectors.balance(account) == M("-802.00")


# --- 13: the debit run's earliest week ---------------------------------------------------------


def test_debit_run_refuses_a_week_long_ago(senior: Any, client_for: Any) -> None:
    old = _this_monday() - dt.timedelta(weeks=14)
    with pytest.raises(ValidationError) as exc:
        services.check_debit_run(old)
    assert "no more than 13 weeks ago" in exc.value.message_dict["week"][0]
    services.check_debit_run(_this_monday() - dt.timedelta(weeks=13))
    typo = old.replace(year=old.year - 10)
    typo -= dt.timedelta(days=typo.weekday())
    page = client_for(senior).post(
        "/rents/debit-run/", {"week_0": typo.day, "week_1": typo.month, "week_2": typo.year}
    )
    assert page.status_code == 400 and "13 weeks ago" in page.content.decode()


# --- 14: the stage uses the exact weeks owed, like its filter -----------------------------------


def test_stage_and_filter_agree_at_the_edge(make_account: Any, senior: Any, client_for: Any) -> None:
    account = make_account(charges=(("rent", "100.00", ""),))
    services.post_week(D(2025, 9, 1))
    services.post_week(D(2025, 9, 8))
    _pay(senior, account, "5", "P1")  # 195.00 owed: 1.95 weeks
    row = selectors.with_stage(selectors.account_list())[0]
    assert row.weeks_owed == M("2.0")  # shown half up
    assert row.stage is None
    client = client_for(senior)
    assert account.reference not in client.get("/rents/?stage=letter_1").content.decode()
    services.post_week(D(2025, 9, 15))  # 295.00: 2.95 weeks
    row = selectors.with_stage(selectors.account_list())[0]
    assert row.stage is not None and row.stage.code == "letter_1"
    assert account.reference in client.get("/rents/?stage=letter_1").content.decode()
    assert domain.weeks_owed_shown(M("1.25"), M("1")) == M("1.3")


# --- 15: free weeks are audited ----------------------------------------------------------------


def test_free_week_changes_are_recorded(senior: Any) -> None:
    first, second, third = domain.rent_year_mondays(2030)[-3:]
    services.set_free_weeks(actor=senior, year=2030, mondays=[first, second])
    services.set_free_weeks(actor=senior, year=2030, mondays=[second, third])
    kept = [e for row in FreeWeek.objects.all() for e in audit.history_for(row)]
    assert {e.action for e in kept} == {"free week added"}
    assert all(e.actor == senior for e in kept)
    removed = AuditEvent.objects.filter(action="free week removed")
    assert [e.changes["monday"] for e in removed] == [[first.isoformat(), None]]
    assert AuditEvent.objects.filter(action="free week added").count() == 3


# --- 16: a form with a problem posts nothing ---------------------------------------------------


def test_payment_with_a_too_long_reference_posts_nothing(
    make_account: Any, senior: Any, client_for: Any
) -> None:
    account = make_account()
    page = client_for(senior).post(
        f"/rents/accounts/{account.pk}/payment/",
        {
            "amount": "25.00",
            "paid_on_0": "10",
            "paid_on_1": "9",
            "paid_on_2": "2025",
            "channel": "cash",
            "reference": "R" * 61,
        },
    )
    assert page.status_code == 400
    assert not Transaction.objects.filter(account=account).exists()


def test_arrangement_with_a_bad_date_records_nothing(make_account: Any, senior: Any, client_for: Any) -> None:
    account = make_account()
    page = client_for(senior).post(
        f"/rents/accounts/{account.pk}/arrangement/",
        {
            "weekly_amount": "20",
            "start_date_0": "31",
            "start_date_1": "2",
            "start_date_2": "2025",
            "note": "x",
        },
    )
    assert page.status_code == 400
    assert not account.arrangements.exists()


def test_an_approver_without_a_limit_of_their_own_can_approve_what_an_officer_cannot(
    make_account: Any, senior: Any, approver: Any
) -> None:
    from hearth.rents.models import OfficerLimit

    assert not OfficerLimit.objects.filter(user=approver).exists()
    assert services.limit_for(senior, "write_off") == M("100.00")
    assert services.limit_for(approver, "write_off") == M("1000.00")
    account = make_account()
    services.post_week(D(2025, 9, 8))
    services.post_week(D(2025, 9, 15))  # 191.00 owed
    asked = services.request_money_out(
        actor=senior, account=account, kind="write_off", amount="150.00", reason="Debt relief order"
    )
    assert asked.state == "pending"
    services.decide_money_request(actor=approver, request=asked, approve=True)
    asked.refresh_from_db()
    assert asked.state == "posted"


def test_a_reversed_cheque_is_not_the_last_payment_on_the_arrears_list(
    make_account: Any, senior: Any
) -> None:
    account = make_account()
    services.post_week(D(2025, 9, 8))
    paid = services.post_payment(
        actor=senior, account=account, amount="50.00", paid_on=D(2025, 9, 9), channel="cash"
    )
    cheque = services.post_payment(
        actor=senior,
        account=account,
        amount="45.50",
        paid_on=D(2025, 9, 12),
        channel="cheque",
        reference="100001",
    )
    services.reverse_payment(
        actor=senior, payment=cheque, reason="Returned unpaid", reversed_on=D(2025, 9, 19)
    )
    row = selectors.account_list().get(pk=account.pk)
    assert row.last_payment == cheque.posted_on != paid.posted_on  # the reversal on the 19th is not a payment
