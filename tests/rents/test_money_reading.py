"""Money given to the rent services as text (a payment typed by an officer, an arrangement, a charge,
a payment file's amount column) is read by the one money parser: plain digits, at most two decimal
places, commas only as thousands separators. Anything else is refused on its field, with a sentence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.rents import domain, selectors, services
from hearth.rents.models import Transaction

pytestmark = pytest.mark.django_db

D = dt.date
M = Decimal
MAPPING = domain.ColumnMapping("Account", "Amount", "Date", "Reference")


def _pay(account: Any, senior: Any, amount: Any) -> Transaction:
    return services.post_payment(
        actor=senior, account=account, amount=amount, paid_on=D(2025, 9, 8), channel="cash"
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [("95.50", M("-95.50")), ("1,250.00", M("-1250.00")), ("£12", M("-12.00")), (" 7.5 ", M("-7.50"))],
)
def test_a_payment_typed_as_money_posts(make_account: Any, senior: Any, text: str, amount: Decimal) -> None:
    account = make_account()
    assert _pay(account, senior, text).amount == amount
    assert selectors.balance(account) == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12.345", "Enter an amount with no more than 2 decimal places, like 95.50."),
        ("1,0000", "Enter an amount of money in pounds and pence, like 95.50 or 1,250.00."),
        ("98,50", "Enter an amount of money in pounds and pence, like 95.50 or 1,250.00."),
        ("1e3", "Enter an amount of money in pounds and pence, like 95.50 or 1,250.00."),
        ("1_000", "Enter an amount of money in pounds and pence, like 95.50 or 1,250.00."),
        ("Infinity", "Enter an amount of money in pounds and pence, like 95.50 or 1,250.00."),
        ("", "Enter an amount of money, like 95.50."),
        ("0.00", "Enter an amount more than £0.00."),
        ("-5.00", "Enter an amount more than £0.00."),
        ("100,000,000.00", "Enter an amount no more than £99,999,999.99."),
    ],
)
def test_a_payment_that_is_not_money_is_refused_on_its_field(
    make_account: Any, senior: Any, text: str, message: str
) -> None:
    account = make_account()
    with pytest.raises(ValidationError) as exc:
        _pay(account, senior, text)
    assert exc.value.message_dict["amount"] == [message]
    assert not Transaction.objects.exists()


def test_a_number_already_read_is_taken_to_the_penny_and_a_huge_one_refused(
    make_account: Any, senior: Any
) -> None:
    account = make_account()
    assert _pay(account, senior, M("20.5")).amount == M("-20.50")
    with pytest.raises(ValidationError) as exc:
        _pay(account, senior, M("1e40"))
    assert exc.value.message_dict["amount"] == ["Enter an amount no more than £99,999,999.99."]


def test_an_arrangement_and_a_charge_read_their_amounts_the_same_way(make_account: Any, senior: Any) -> None:
    account = make_account()
    with pytest.raises(ValidationError) as exc:
        services.make_arrangement(
            actor=senior, account=account, weekly_amount="10.005", start_date=dt.date.today()
        )
    assert exc.value.message_dict["weekly_amount"] == [
        "Enter an amount with no more than 2 decimal places, like 95.50."
    ]
    made = services.make_arrangement(
        actor=senior, account=account, weekly_amount="1,010.00", start_date=dt.date.today()
    )
    assert made.weekly_amount == M("1010.00")
    with pytest.raises(ValidationError) as exc:
        services.change_charge(
            actor=senior, account=account, kind="rent", weekly="95,5", effective_from=D(2030, 4, 1)
        )
    assert exc.value.message_dict["weekly_amount"] == [
        "Enter an amount of money in pounds and pence, like 95.50 or 1,250.00."
    ]


def test_a_payment_file_reads_each_amount_with_the_one_parser() -> None:
    text = (
        "Account,Amount,Date,Reference\n"
        'R1,"1,250.00",2025-11-03,A\n'
        "R2,12.345,2025-11-03,B\n"
        'R3,"1,0000",2025-11-03,C\n'
        "R4,1e3,2025-11-03,D\n"
        "R5,£5.00,2025-11-03,E\n"
    )
    parsed = domain.parse_payment_file(text, MAPPING, today=D(2025, 12, 1))
    assert [(r.account, r.amount) for r in parsed.rows] == [("R1", M("1250.00")), ("R5", M("5.00"))]
    problems = dict(parsed.errors)
    assert sorted(problems) == [3, 4, 5]
    assert problems[3] == (
        "The amount '12.345' is not a sum of money "
        "(enter an amount with no more than 2 decimal places, like 95.50)."
    )
    assert "'1,0000' is not a sum of money" in problems[4]
    assert "'1e3' is not a sum of money" in problems[5]


def test_a_charge_change_reports_every_problem_at_once(make_account: Any, senior: Any) -> None:
    account = make_account(start=D(2020, 4, 6))
    with pytest.raises(ValidationError) as exc:
        services.change_charge(
            actor=senior, account=account, kind="rent", weekly="x", effective_from=D(2020, 4, 6)
        )
    assert exc.value.message_dict == {
        "weekly_amount": ["Enter an amount of money in pounds and pence, like 95.50 or 1,250.00."],
        "effective_from": ["The new charge must start after the one in force now."],
    }
