"""Payments: the same reference on different accounts, Housing Benefit schedules whose line numbers
restart, negative rows in benefit and Direct Debit files, and reversing a bounced cheque."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hearth.core import audit
from hearth.rents import selectors, services
from hearth.rents.models import MoneyRequest, SuspenseItem, Transaction

pytestmark = pytest.mark.django_db

D = dt.date
M = Decimal
HB_HEADER = "Rent account,Amount,Period start,Schedule line\n"
DD_HEADER = "Payer reference,Amount,Collection date,Transaction id\n"


def _cheque(account: Any, senior: Any, amount: str = "50.00", number: str = "100001") -> Transaction:
    return services.post_payment(
        actor=senior,
        account=account,
        amount=amount,
        paid_on=D(2025, 9, 8),
        channel="cheque",
        reference=number,
    )


# --- item: de-duplication --------------------------------------------------------------------


def test_two_tenants_cheques_with_the_same_number_both_post(make_account: Any, senior: Any) -> None:
    a, b = make_account(), make_account()
    _cheque(a, senior)
    _cheque(b, senior)
    assert selectors.balance(a) == M("-50.00") and selectors.balance(b) == M("-50.00")
    # the same cheque number again on the same account is refused on the reference field
    with pytest.raises(ValidationError) as exc:
        _cheque(a, senior, amount="20.00")
    assert exc.value.message_dict == {
        "reference": ["A payment with reference 100001 has already been posted to this account."]
    }
    assert selectors.balance(a) == M("-50.00")


def test_the_database_refuses_the_same_payment_twice(make_account: Any, senior: Any) -> None:
    a = make_account()
    first = _cheque(a, senior)
    twin = Transaction(
        account=a,
        kind="payment",
        amount=first.amount,
        posted_on=first.posted_on,
        channel="cheque",
        reference="100001",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    # a different amount is a different payment as far as the database is concerned
    Transaction(
        account=a,
        kind="payment",
        amount=M("-1.00"),
        posted_on=first.posted_on,
        channel="cheque",
        reference="100001",
    ).save()


def test_housing_benefit_schedules_with_restarting_line_numbers_all_post(
    make_account: Any, senior: Any
) -> None:
    a, b = make_account(), make_account()
    first = f"{HB_HEADER}{a.reference},80.00,2025-09-08,1\n{b.reference},60.00,2025-09-08,2\n"
    second = f"{HB_HEADER}{b.reference},60.00,2025-09-15,1\n{a.reference},80.00,2025-09-15,2\n"
    one = services.import_payments(actor=senior, channel="hb", filename="hb-1.csv", content=first.encode())
    two = services.import_payments(actor=senior, channel="hb", filename="hb-2.csv", content=second.encode())
    assert (one.rows, two.rows) == (2, 2)
    assert selectors.balance(a) == M("-160.00") and selectors.balance(b) == M("-120.00")
    # the first schedule again, inside a different file: every row was posted before, nothing twice
    again = first + f"{a.reference},5.00,2025-09-22,3\n"
    three = services.import_payments(actor=senior, channel="hb", filename="hb-3.csv", content=again.encode())
    assert (three.rows, three.suspense_rows) == (1, 0)
    assert selectors.balance(a) == M("-165.00") and selectors.balance(b) == M("-120.00")
    # the very same file twice is still refused whole
    with pytest.raises(ValidationError, match="already imported"):
        services.import_payments(actor=senior, channel="hb", filename="copy.csv", content=first.encode())


def test_suspense_rows_are_not_suspended_twice_but_a_different_payment_is(
    make_account: Any, senior: Any
) -> None:
    header = "Account,Amount,Date,Reference\n"
    services.import_payments(
        actor=senior,
        channel="bank",
        filename="b1.csv",
        content=f"{header}WRONG,30.00,2025-09-08,X1\n".encode(),
    )
    repeat = f"{header}WRONG,30.00,2025-09-08,X1\nWRONG,5.00,2025-09-08,X2\n"
    batch = services.import_payments(actor=senior, channel="bank", filename="b2.csv", content=repeat.encode())
    assert batch.suspense_rows == 1
    other = f"{header}WRONG,31.00,2025-09-09,X1\n"
    batch = services.import_payments(actor=senior, channel="bank", filename="b3.csv", content=other.encode())
    assert batch.suspense_rows == 1
    assert SuspenseItem.objects.count() == 3


def test_a_bad_file_still_lists_every_line_and_posts_nothing(make_account: Any, senior: Any) -> None:
    a = make_account()
    content = (
        f"{HB_HEADER}{a.reference},80.00,2025-09-08,1\n"
        f"{a.reference},0,2025-09-08,2\n"
        f"{a.reference},x,2025-09-08,3\n"
    )
    with pytest.raises(ValidationError) as exc:
        services.import_payments(actor=senior, channel="hb", filename="hb.csv", content=content.encode())
    lines = exc.value.message_dict["file"]
    assert lines[0].startswith("Line 3:") and "£0.00" in lines[0] and lines[1].startswith("Line 4:")
    assert not Transaction.objects.exists()


# --- item: negative rows and reversals ---------------------------------------------------------


def test_housing_benefit_overpayment_recovery_is_a_debit_with_its_description(
    make_account: Any, senior: Any
) -> None:
    a = make_account()
    content = f"{HB_HEADER}{a.reference},80.00,2025-09-08,1\n{a.reference},-25.00,2025-09-08,2\n"
    batch = services.import_payments(actor=senior, channel="hb", filename="hb.csv", content=content.encode())
    assert batch.rows == 2 and batch.total == M("55.00")
    recovery = Transaction.objects.get(amount=M("25.00"))
    assert recovery.kind == "hb" and recovery.description == "Housing Benefit overpayment recovered"
    assert selectors.balance(a) == M("-55.00")
    # schedule line numbers name no payment, so the recovery is not linked to one by its line
    later = f"{HB_HEADER}{a.reference},-80.00,2025-09-15,1\n"
    services.import_payments(actor=senior, channel="hb", filename="hb-2.csv", content=later.encode())
    assert Transaction.objects.get(amount=M("80.00")).corrects_id is None
    assert selectors.balance(a) == M("25.00")


def test_unpaid_direct_debit_corrects_the_collection(make_account: Any, senior: Any) -> None:
    a = make_account()
    collected = f"{DD_HEADER}{a.reference},95.50,2025-09-08,DD-77\n"
    services.import_payments(actor=senior, channel="dd", filename="dd.csv", content=collected.encode())
    unpaid = f"{DD_HEADER}{a.reference},-95.50,2025-09-12,DD-77\n"
    batch = services.import_payments(
        actor=senior, channel="dd", filename="arudd.csv", content=unpaid.encode()
    )
    assert batch.rows == 1
    payment = Transaction.objects.get(amount=M("-95.50"))
    returned = Transaction.objects.get(amount=M("95.50"))
    assert returned.description == "Direct Debit returned unpaid" and returned.corrects_id == payment.pk
    assert selectors.balance(a) == M("0.00")
    # the reversal is not reversed again by hand
    with pytest.raises(ValidationError, match="already reversed"):
        services.reverse_payment(actor=senior, payment=payment, reason="Unpaid", reversed_on=D(2025, 9, 12))


def test_negative_rows_on_bank_and_paypoint_files_are_refused_with_their_line(
    make_account: Any, senior: Any
) -> None:
    a = make_account()
    content = f"Account,Amount,Date,Reference\n{a.reference},10.00,2025-09-08,B1\n{a.reference},-10.00,2025-09-09,B2\n"
    with pytest.raises(ValidationError) as exc:
        services.import_payments(actor=senior, channel="bank", filename="bank.csv", content=content.encode())
    (message,) = exc.value.message_dict["file"]
    assert message.startswith("Line 3:") and "more than £0.00" in message
    paypoint = f"Client ref,Amount,Transaction date,Receipt\n{a.reference},-4.00,08/09/2025,P1\n"
    with pytest.raises(ValidationError, match="Line 2:"):
        services.import_payments(
            actor=senior, channel="paypoint", filename="pp.csv", content=paypoint.encode()
        )
    assert not Transaction.objects.exists()


def test_a_bounced_cheque_is_reversed_once_without_a_money_out_request(
    make_account: Any, senior: Any, income: Any
) -> None:
    a = make_account()
    cheque = _cheque(a, senior, amount="5000.00")  # far above any refund limit
    with pytest.raises(ValidationError) as exc:
        services.reverse_payment(actor=income, payment=cheque, reason="", reversed_on=D(2025, 9, 1))
    assert set(exc.value.message_dict) == {"reason", "reversed_on"}
    back = services.reverse_payment(
        actor=income, payment=cheque, reason="Cheque returned unpaid by the bank", reversed_on=D(2025, 9, 15)
    )
    assert back.amount == M("5000.00") and back.corrects_id == cheque.pk and back.created_by == income
    assert back.description == f"Payment no. {cheque.pk} reversed: Cheque returned unpaid by the bank"
    assert selectors.balance(a) == M("0.00")
    assert not MoneyRequest.objects.exists()
    assert any(e.action == "payment reversed" for e in audit.history_for(a))
    with pytest.raises(ValidationError) as again:
        services.reverse_payment(actor=income, payment=cheque, reason="Again", reversed_on=D(2025, 9, 15))
    assert f"already reversed by no. {back.pk}" in again.value.message_dict["reason"][0]
    # a rent debit is not a payment and cannot be reversed
    services.post_week(D(2025, 9, 8))
    debit = Transaction.objects.get(kind="rent")
    with pytest.raises(ValidationError, match="not a payment received"):
        services.reverse_payment(actor=income, payment=debit, reason="No", reversed_on=D(2025, 9, 15))
    assert selectors.balance(a) == M("95.50")


def test_reversing_a_payment_from_the_account_page(make_account: Any, income: Any, client_for: Any) -> None:
    a = make_account()
    cheque = _cheque(a, income)
    client = client_for(income)
    page = client.get(f"/rents/accounts/{a.pk}/").content.decode()
    url = f"/rents/accounts/{a.pk}/payments/{cheque.pk}/reverse/"
    assert url in page
    bad = client.post(url, {"reason": "", "reversed_on_0": "", "reversed_on_1": "", "reversed_on_2": ""})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Say why the payment is reversed" in text and "Enter the date" in text
    ok = client.post(
        url,
        {"reason": "Cheque bounced", "reversed_on_0": "15", "reversed_on_1": "9", "reversed_on_2": "2025"},
    )
    assert ok.status_code == 302
    assert selectors.balance(a) == M("0.00")
    page = client.get(f"/rents/accounts/{a.pk}/").content.decode()
    assert "Cheque bounced" in page and f"corrects no. {cheque.pk}" in page
    again = client.get(url)
    assert "already reversed" in again.content.decode()


def test_a_suspense_payment_already_on_the_account_is_not_posted_twice(
    make_account: Any, senior: Any
) -> None:
    a = make_account()
    header = "Account,Amount,Date,Reference\n"
    services.import_payments(
        actor=senior,
        channel="bank",
        filename="1.csv",
        content=f"{header}{a.reference},30.00,2025-09-08,X1\n".encode(),
    )
    services.import_payments(
        actor=senior,
        channel="bank",
        filename="2.csv",
        content=f"{header}WRONG,30.00,2025-09-08,X1\n".encode(),
    )
    item = SuspenseItem.objects.get()
    with pytest.raises(ValidationError) as exc:
        services.clear_suspense(actor=senior, item=item, account=a)
    assert exc.value.message_dict == {"account": [f"Payment X1 is already on account {a.reference}."]}
    assert selectors.balance(a) == M("-30.00")
