"""A new charge, arrangement, recharge or payment on an account: who made it, and the one line it
leaves on the account's history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hearth.core import audit
from hearth.rents import services

pytestmark = pytest.mark.django_db

D = dt.date


def _latest(account: Any) -> Any:
    return audit.history_for(account).order_by("-id").first()


def test_a_charge_changed_from_a_monday_is_on_the_account_history_with_what_it_is(
    make_account: Any, senior: Any
) -> None:
    account = make_account()
    element = services.change_charge(
        actor=senior, account=account, kind="rent", weekly="99.00", effective_from=D(2030, 4, 1)
    )
    event = _latest(account)
    assert (event.action, event.actor, event.summary) == (
        "charge added",
        senior,
        "Rent £99.00 a week from 01 April 2030",
    )
    assert event.changes == {
        "charge": [None, "Rent"],
        "weekly amount": [None, "99.00"],
        "in force from": [None, "2030-04-01"],
    }
    assert element.account == account and element.effective_to is None


def test_an_arrangement_and_a_recharge_record_the_officer_who_made_them(
    make_account: Any, senior: Any
) -> None:
    account = make_account()
    today = dt.date.today()
    arrangement = services.make_arrangement(
        actor=senior, account=account, weekly_amount="10.00", start_date=today
    )
    assert arrangement.created_by == senior
    event = _latest(account)
    assert (event.action, event.actor, event.changes) == ("arrangement made", senior, {})
    recharge = services.post_recharge(actor=senior, account=account, amount="40.00", description="Door")
    assert recharge.created_by == senior
    event = _latest(account)
    assert (event.action, event.summary, event.changes) == ("recharge posted", "Recharge £40.00: Door", {})
