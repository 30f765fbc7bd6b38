"""Rent account services: ledger, debit run, payments, suspense, money out with approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.core import audit
from hearth.rents import domain, selectors, services
from hearth.rents.models import DebitRun, FreeWeek, MoneyRequest, SuspenseItem, Transaction

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


def debits(account: Any) -> list[tuple[dt.date, Decimal, str]]:
    return [
        (t.posted_on, t.amount, t.kind)
        for t in Transaction.objects.filter(account=account, scheduled=True).order_by(
            "posted_on", "element_id"
        )
    ]


# --- the ledger is append-only -----------------------------------------------------------------


def test_ledger_rows_cannot_be_changed_or_deleted(make_account: Any, senior: Any) -> None:
    account = make_account()
    tx = services.post_payment(
        actor=senior, account=account, amount="10.00", paid_on=D(2025, 1, 6), channel="cash"
    )
    tx.amount = M("1.00")
    with pytest.raises(TypeError, match="append-only"):
        tx.save()
    with pytest.raises(TypeError, match="append-only"):
        tx.delete()
    with pytest.raises(TypeError, match="append-only"):
        Transaction.objects.filter(pk=tx.pk).update(amount=1)
    with pytest.raises(TypeError, match="append-only"):
        Transaction.objects.filter(pk=tx.pk).delete()
    assert Transaction.objects.get(pk=tx.pk).amount == M("-10.00")


def test_accounts_and_charges_with_transactions_cannot_be_deleted(make_account: Any) -> None:
    from django.db import DatabaseError, connection, transaction
    from django.db.models import ProtectedError

    account = make_account()
    services.post_week(D(2025, 9, 8))
    element = account.elements.get()
    with pytest.raises(ProtectedError):
        account.delete()
    with pytest.raises(ProtectedError):
        element.delete()
    if connection.vendor == "postgresql":
        # the database itself refuses, whatever the route (the ledger's references are not
        # foreign keys there, to keep the weekly run fast)
        for table, pk in (("rents_chargeelement", element.pk), ("rents_rentaccount", account.pk)):
            with pytest.raises(DatabaseError, match="keeps its history"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
    assert Transaction.objects.filter(account=account, element=element).count() == 1


def test_the_database_refuses_to_change_the_ledger(make_account: Any, senior: Any) -> None:
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the ledger's database triggers are PostgreSQL's; on SQLite the models refuse (above)")
    account = make_account()
    tx = services.post_payment(
        actor=senior, account=account, amount="10.00", paid_on=D(2025, 1, 6), channel="cash"
    )
    for sql in (
        "UPDATE rents_transaction SET amount = 1 WHERE id = %s",
        "DELETE FROM rents_transaction WHERE id = %s",
        "UPDATE rents_transaction SET created_by_id = NULL WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [tx.pk])
    batch = services.import_payments(
        actor=senior,
        channel="bank",
        filename="bank.csv",
        content=f"Account,Amount,Date,Reference\n{account.reference},5.00,2025-01-07,B1\n".encode(),
    )
    with pytest.raises(DatabaseError, match="payment file"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM rents_paymentimport WHERE id = %s", [batch.pk])
    tx.refresh_from_db()
    assert tx.amount == M("-10.00") and selectors.balance(account) == M("-15.00")


# --- the debit run -----------------------------------------------------------------------------


def test_debit_run_posts_each_element_and_part_weeks(make_account: Any) -> None:
    whole = make_account(charges=(("rent", "90.00", ""), ("service", "5.50", "Cleaning")))
    starting = make_account(start=D(2025, 9, 10))  # Wednesday
    ending = make_account(start=D(2024, 1, 1), end=D(2025, 9, 10))
    ended = make_account(start=D(2024, 1, 1), end=D(2025, 9, 7))
    run = services.post_week(D(2025, 9, 8))
    assert debits(whole) == [(D(2025, 9, 8), M("90.00"), "rent"), (D(2025, 9, 8), M("5.50"), "service")]
    assert debits(starting) == [(D(2025, 9, 10), M("68.21"), "rent")]
    assert debits(ending) == [(D(2025, 9, 8), M("40.93"), "rent")]
    assert debits(ended) == []
    assert run.posted == 4 and run.total == M("204.64") and run.completed_at


def test_second_run_posts_nothing(make_account: Any) -> None:
    account = make_account(start=D(2025, 9, 10))
    services.run_debits(weeks=[D(2025, 9, 8), D(2025, 9, 15)])
    first = Transaction.objects.count()
    services.run_debits(weeks=[D(2025, 9, 8), D(2025, 9, 15)])
    assert Transaction.objects.count() == first == 2
    assert selectors.balance(account) == M("163.71")


def test_free_week_posts_nothing(make_account: Any) -> None:
    account = make_account(start=D(2025, 9, 10))
    FreeWeek.objects.create(monday=D(2025, 9, 8), rent_year=2025)
    services.run_debits(weeks=[D(2025, 9, 8), D(2025, 9, 15)])
    assert debits(account) == [(D(2025, 9, 15), M("95.50"), "rent")]


def test_run_killed_half_way_leaves_no_partial_week_and_rerun_posts_once(
    make_account: Any, monkeypatch: Any
) -> None:
    accounts = [make_account(), make_account(start=D(2025, 9, 17)), make_account(end=D(2025, 9, 16))]

    def crash(monday: dt.date) -> None:
        if monday == D(2025, 9, 15):
            raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "_between_phases", crash)
    with pytest.raises(RuntimeError):
        services.run_debits(weeks=[D(2025, 9, 8), D(2025, 9, 15), D(2025, 9, 22)])
    # the first week is complete, nothing of the second
    assert set(Transaction.objects.values_list("posted_on", flat=True)) == {D(2025, 9, 8)}
    assert not DebitRun.objects.filter(week=D(2025, 9, 15)).exists()
    monkeypatch.setattr(services, "_between_phases", None)
    services.run_debits(weeks=[D(2025, 9, 8), D(2025, 9, 15), D(2025, 9, 22)])
    keys = list(Transaction.objects.values_list("account_id", "element_id", "posted_on"))
    assert len(keys) == len(set(keys)) == 3 + 2 + 2  # the whole 3 weeks, the starter 2, the leaver 2
    assert selectors.balance(accounts[1]) == M("68.21") + M("95.50")
    assert selectors.balance(accounts[2]) == M("95.50") + M("27.29")
    assert selectors.balance(accounts[0]) == M("95.50") * 3


def test_payment_import_during_a_debit_run_leaves_the_right_balance(
    make_account: Any, senior: Any, monkeypatch: Any
) -> None:
    account = make_account()
    content = f"Account,Amount,Date,Reference\n{account.reference},50.00,2025-09-08,BANK1\n".encode()

    def import_meanwhile(monday: dt.date) -> None:
        services.import_payments(actor=senior, channel="bank", filename="bank.csv", content=content)

    monkeypatch.setattr(services, "_between_phases", import_meanwhile)
    services.post_week(D(2025, 9, 8))
    monkeypatch.setattr(services, "_between_phases", None)
    assert selectors.balance(account) == M("45.50")
    services.post_week(D(2025, 9, 8))
    assert selectors.balance(account) == M("45.50")


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start_offset=st.integers(min_value=-10, max_value=20),
    length=st.one_of(st.none(), st.integers(min_value=0, max_value=30)),
    weekly=st.decimals(min_value=M("0.01"), max_value=M("500"), places=2),
    free=st.booleans(),
)
def test_debit_run_agrees_with_the_domain_rules(
    make_account: Any, start_offset: int, length: int | None, weekly: Decimal, free: bool
) -> None:
    # each example on its own: the weeks an earlier example ran are rolled back
    with transaction.atomic():
        start = D(2025, 9, 1) + dt.timedelta(days=start_offset)
        end = start + dt.timedelta(days=length) if length is not None else None
        account = make_account(start=start, end=end, charges=(("rent", str(weekly), ""),))
        weeks = domain.mondays_between(D(2025, 8, 18), D(2025, 10, 20))
        free_weeks = {D(2025, 9, 8)} if free else set()
        FreeWeek.objects.filter(rent_year=2025).delete()
        for monday in free_weeks:
            FreeWeek.objects.create(monday=monday, rent_year=2025)
        services.run_debits(weeks=weeks)
        expected = domain.debits_between(
            weeks[0],
            weeks[-1] + dt.timedelta(days=6),
            weekly=weekly,
            start=start,
            end=end,
            free_mondays=free_weeks,
        )
        assert [(d, a) for d, a, _ in debits(account)] == [(x.date, x.amount) for x in expected]
        transaction.set_rollback(True)


def test_charge_change_applies_from_its_monday(make_account: Any, senior: Any) -> None:
    account = make_account()
    services.change_charge(
        actor=senior, account=account, kind="rent", weekly="100.00", effective_from=D(2025, 9, 15)
    )
    services.run_debits(weeks=[D(2025, 9, 8), D(2025, 9, 15)])
    assert [a for _, a, _ in debits(account)] == [M("95.50"), M("100.00")]
    with pytest.raises(ValidationError) as exc:
        services.change_charge(
            actor=senior, account=account, kind="rent", weekly="-1", effective_from=D(2025, 9, 16)
        )
    assert set(exc.value.message_dict) == {"weekly_amount", "effective_from"}


# --- payments ----------------------------------------------------------------------------------


def test_same_payment_file_twice_posts_once(make_account: Any, senior: Any) -> None:
    a, b = make_account(), make_account()
    content = (
        "Account,Amount,Date,Reference\n"
        f"{a.reference},100.00,2025-09-08,B1\n"
        f"{b.reference},20.00,2025-09-08,B2\n"
        "R9999999,5.00,2025-09-08,B3\n"
    ).encode()
    batch = services.import_payments(actor=senior, channel="bank", filename="bank.csv", content=content)
    assert (batch.rows, batch.suspense_rows, batch.total) == (2, 1, M("125.00"))
    with pytest.raises(ValidationError, match="already imported"):
        services.import_payments(actor=senior, channel="bank", filename="bank-again.csv", content=content)
    # a different file repeating the same rows posts only what is new
    again = content + f"{a.reference},7.00,2025-09-09,B4\n".encode()
    batch2 = services.import_payments(actor=senior, channel="bank", filename="bank2.csv", content=again)
    assert (batch2.rows, batch2.suspense_rows) == (1, 0)
    assert selectors.balance(a) == M("-107.00")
    assert selectors.balance(b) == M("-20.00")
    assert SuspenseItem.objects.count() == 1


def test_file_with_bad_rows_is_rejected_whole(make_account: Any, senior: Any) -> None:
    a = make_account()
    content = (
        "Account,Amount,Date,Reference\n"
        f"{a.reference},100.00,2025-09-08,B1\n"
        f"{a.reference},abc,2025-09-08,B2\n"
        f"{a.reference},5.00,08/09/2025,B3\n"
    ).encode()
    with pytest.raises(ValidationError) as exc:
        services.import_payments(actor=senior, channel="bank", filename="bank.csv", content=content)
    messages = exc.value.message_dict["file"]
    assert messages[0].startswith("Line 3:") and messages[1].startswith("Line 4:")
    assert Transaction.objects.count() == 0


def test_channel_mapping_and_hb_kind(make_account: Any, senior: Any) -> None:
    a = make_account()
    content = (
        f"Rent account,Amount,Period start,Schedule line\n{a.reference},80.00,2025-09-08,HB-1\n".encode()
    )
    services.import_payments(actor=senior, channel="hb", filename="hb.csv", content=content)
    assert Transaction.objects.get().kind == "hb"


def test_clear_suspense(make_account: Any, senior: Any) -> None:
    a = make_account()
    services.import_payments(
        actor=senior,
        channel="bank",
        filename="b.csv",
        content=b"Account,Amount,Date,Reference\nWRONG,30.00,2025-09-08,X1\n",
    )
    item = SuspenseItem.objects.get()
    services.clear_suspense(actor=senior, item=item, account=a)
    assert selectors.balance(a) == M("-30.00")
    with pytest.raises(ValidationError, match="already been cleared"):
        services.clear_suspense(actor=senior, item=item, account=a)


def test_manual_payment_validation(make_account: Any, senior: Any) -> None:
    a = make_account()
    with pytest.raises(ValidationError) as exc:
        services.post_payment(actor=senior, account=a, amount="0", paid_on=D(2099, 1, 1), channel="gold")
    assert set(exc.value.message_dict) == {"amount", "paid_on", "channel"}
    services.post_payment(
        actor=senior, account=a, amount="£1,000.00", paid_on=D(2025, 1, 6), channel="cheque", reference="CHQ1"
    )
    assert selectors.balance(a) == M("-1000.00")
    assert any(e.action == "payment posted" for e in audit.history_for(a))


# --- money out ---------------------------------------------------------------------------------


def test_refund_within_limit_posts_at_once(make_account: Any, senior: Any) -> None:
    a = make_account()
    services.post_payment(
        actor=senior, account=a, amount="50.00", paid_on=D(2025, 9, 10), channel="cash", reference="OVER1"
    )
    req = services.request_money_out(
        actor=senior, account=a, kind="refund", amount="50.00", reason="Overpaid"
    )
    assert req.state == MoneyRequest.State.POSTED
    assert selectors.balance(a) == M("0.00")


def test_refund_above_limit_needs_a_different_person(
    make_account: Any, senior: Any, approver: Any, admin_user: Any
) -> None:
    a = make_account()
    services.set_officer_limits(
        actor=admin_user, user=admin_user, refund=M("10"), write_off=M("10"), adjustment=M("10")
    )
    services.set_officer_limits(
        actor=admin_user, user=approver, refund=M("500"), write_off=M("500"), adjustment=M("500")
    )
    services.post_payment(
        actor=admin_user,
        account=a,
        amount="300.00",
        paid_on=D(2025, 9, 10),
        channel="cash",
        reference="OVER2",
    )
    req = services.request_money_out(
        actor=admin_user, account=a, kind="refund", amount="300.00", reason="Overpaid"
    )
    assert req.state == MoneyRequest.State.PENDING
    assert selectors.balance(a) == M("-300.00")
    with pytest.raises(ValidationError, match="someone other than"):
        services.decide_money_request(actor=admin_user, request=req, approve=True)
    with pytest.raises(PermissionDenied):
        services.decide_money_request(actor=senior, request=req, approve=True)
    services.decide_money_request(actor=approver, request=req, approve=True)
    req.refresh_from_db()
    assert req.state == MoneyRequest.State.POSTED and req.decided_by == approver
    assert selectors.balance(a) == M("0.00")
    with pytest.raises(ValidationError, match="already posted"):
        services.decide_money_request(actor=approver, request=req, approve=True)


def test_rejection_needs_a_reason(make_account: Any, senior: Any, approver: Any) -> None:
    a = make_account()
    for monday in (
        D(2025, 9, 1),
        D(2025, 9, 8),
        D(2025, 9, 15),
        D(2025, 9, 22),
        D(2025, 9, 29),
        D(2025, 10, 6),
    ):
        services.post_week(monday)
    req = services.request_money_out(
        actor=senior, account=a, kind="write_off", amount="500.00", reason="Deceased"
    )
    with pytest.raises(ValidationError):
        services.decide_money_request(actor=approver, request=req, approve=False)
    services.decide_money_request(actor=approver, request=req, approve=False, note="Estate may pay")
    assert selectors.balance(a) == M("573.00")


def test_amendment_references_the_debit_it_corrects(make_account: Any, senior: Any) -> None:
    a = make_account()
    services.post_week(D(2025, 9, 8))
    debit = Transaction.objects.get(account=a)
    with pytest.raises(ValidationError, match="Select the debit"):
        services.request_money_out(
            actor=senior, account=a, kind="adjustment", amount="-10.00", reason="Wrong rent"
        )
    req = services.request_money_out(
        actor=senior, account=a, kind="adjustment", amount="-10.00", reason="Wrong rent", corrects=debit
    )
    assert req.transaction is not None
    assert req.transaction.corrects == debit and req.transaction.amount == M("-10.00")
    assert selectors.balance(a) == M("85.50")


def test_capabilities(make_account: Any, approver: Any) -> None:
    a = make_account()
    with pytest.raises(PermissionDenied):
        services.post_payment(actor=approver, account=a, amount="1", paid_on=D(2025, 1, 1), channel="cash")


# --- reads -------------------------------------------------------------------------------------


def test_arrears_list_and_statement(make_account: Any, senior: Any) -> None:
    owing = make_account()
    clear = make_account()
    services.run_debits(weeks=domain.mondays_between(D(2025, 8, 4), D(2025, 9, 15)))  # 7 weeks
    services.post_payment(
        actor=senior, account=clear, amount="668.50", paid_on=D(2025, 9, 16), channel="cash"
    )
    rows = selectors.with_stage(selectors.account_list(in_arrears="yes"))
    assert [r.pk for r in rows] == [owing.pk]
    assert rows[0].balance == M("668.50") and rows[0].weeks_owed == M("7.0")
    assert rows[0].stage.code == "nosp"
    assert [r.pk for r in selectors.account_list(stage="nosp")] == [owing.pk]
    assert list(selectors.account_list(stage="court")) == []
    st_ = selectors.statement(clear, D(2025, 9, 1), D(2025, 9, 30))
    assert st_.opening == M("382.00") and st_.closing == 0
    assert [line.balance for line in st_.lines] == [M("477.50"), M("573.00"), M("668.50"), M("0.00")]


def test_recharge_posts_to_the_tenants_account(make_account: Any, senior: Any) -> None:
    a = make_account()
    with pytest.raises(ValidationError) as exc:
        services.post_recharge(actor=senior, account=a, amount="0", description="")
    assert set(exc.value.message_dict) == {"amount", "description"}
    tx = services.post_recharge(
        actor=senior,
        account=a,
        amount="120.00",
        description="Door replaced",
        reference="RO000123",
        charged_on=D(2025, 9, 9),
    )
    assert tx.kind == "recharge" and selectors.balance(a) == M("120.00")


def test_free_weeks_of_a_rent_year(make_account: Any, senior: Any) -> None:
    make_account()
    weeks = [D(2025, 12, 22), D(2025, 12, 29)]
    assert [f.monday for f in services.set_free_weeks(actor=senior, year=2025, mondays=weeks)] == weeks
    with pytest.raises(ValidationError) as exc:
        services.set_free_weeks(actor=senior, year=2025, mondays=[D(2025, 12, 23), D(2026, 4, 6)])
    assert len(exc.value.message_dict["mondays"]) == 2
    services.post_week(D(2025, 12, 15))
    with pytest.raises(ValidationError, match="already been debited"):
        services.set_free_weeks(actor=senior, year=2025, mondays=[*weeks, D(2025, 12, 15)])
    services.post_week(D(2025, 12, 22))
    assert not Transaction.objects.filter(posted_on=D(2025, 12, 22)).exists()


@pytest.mark.django_db(transaction=True)
def test_a_run_on_its_own_posts_whole_and_part_weeks_with_a_control_total_that_matches(
    make_account: Any,
) -> None:
    """As the background job runs it, outside any transaction of the caller's."""
    whole = make_account(charges=(("rent", "90.00", ""), ("service", "5.55", "Cleaning")))
    starting = make_account(start=D(2025, 9, 12), charges=(("rent", "100.00", ""),))  # Friday: 3 days
    ending = make_account(start=D(2024, 1, 1), end=D(2025, 9, 8), charges=(("rent", "70.00", ""),))
    run = services.post_week(D(2025, 9, 8))
    assert debits(whole) == [(D(2025, 9, 8), M("90.00"), "rent"), (D(2025, 9, 8), M("5.55"), "service")]
    assert debits(starting) == [(D(2025, 9, 12), M("42.86"), "rent")]
    assert debits(ending) == [(D(2025, 9, 8), M("10.00"), "rent")]
    week = Transaction.objects.filter(scheduled=True, posted_on__range=(D(2025, 9, 8), D(2025, 9, 14)))
    assert (run.posted, run.total) == (week.count(), sum(t.amount for t in week)) == (4, M("148.41"))
    assert Transaction.objects.get(account=starting, scheduled=True).description == "Part week, 3 days"
    again = services.post_week(D(2025, 9, 8))
    assert (again.posted, again.total) == (4, M("148.41")) and week.count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_runs_of_the_same_week_at_once_post_it_once(make_account: Any) -> None:
    """Two officers start the same week together: one posts it, the other finds it done (on
    PostgreSQL in two threads at once; SQLite allows one writer, so there one after the other)."""
    import threading

    from django.db import connection

    accounts = [make_account() for _ in range(3)]
    errors: list[BaseException] = []

    def run() -> None:
        try:
            services.post_week(D(2025, 9, 8))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        run()
        run()
    assert not errors
    assert [len(debits(a)) for a in accounts] == [1, 1, 1]
    run_row = DebitRun.objects.get(week=D(2025, 9, 8))
    assert (run_row.posted, run_row.total) == (3, M("286.50")) and run_row.completed_at is not None


@pytest.mark.django_db(transaction=True)
def test_payment_import_and_debit_run_at_the_same_time(make_account: Any, senior: Any) -> None:
    """On PostgreSQL in two threads at once (SQLite allows one writer, so there one after the other)."""
    import threading

    from django.db import connection

    account = make_account()
    content = f"Account,Amount,Date,Reference\n{account.reference},50.00,2025-09-08,SAME-TIME-1\n".encode()
    errors: list[BaseException] = []

    def in_thread(fn: Any) -> None:
        try:
            fn()
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    jobs = [
        lambda: services.post_week(D(2025, 9, 8)),
        lambda: services.import_payments(actor=senior, channel="bank", filename="b.csv", content=content),
    ]
    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=in_thread, args=(job,)) for job in jobs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for job in jobs:
            job()
    assert not errors
    assert selectors.balance(account) == M("45.50")


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start_offset=st.integers(min_value=-10, max_value=20),
    length=st.one_of(st.none(), st.integers(min_value=0, max_value=40)),
    rent=st.decimals(min_value=M("0.01"), max_value=M("300"), places=2),
    service=st.decimals(min_value=M("0.00"), max_value=M("30"), places=2),
    new_rent=st.decimals(min_value=M("0.01"), max_value=M("300"), places=2),
    change_week=st.integers(min_value=0, max_value=8),
)
def test_debit_run_agrees_with_the_domain_rules_for_several_elements_and_a_change(
    make_account: Any,
    senior: Any,
    start_offset: int,
    length: int | None,
    rent: Decimal,
    service: Decimal,
    new_rent: Decimal,
    change_week: int,
) -> None:
    # each example on its own: the weeks an earlier example ran are rolled back
    with transaction.atomic():
        from hearth.rents.models import ChargeElement

        start = D(2025, 9, 1) + dt.timedelta(days=start_offset)
        end = start + dt.timedelta(days=length) if length is not None else None
        account = make_account(
            start=start, end=end, charges=(("rent", str(rent), ""), ("service", str(service), ""))
        )
        change_on = D(2025, 9, 1) + dt.timedelta(weeks=change_week)
        if change_on > start:
            services.change_charge(
                actor=senior, account=account, kind="rent", weekly=new_rent, effective_from=change_on
            )
        weeks = domain.mondays_between(D(2025, 8, 18), D(2025, 11, 3))
        services.run_debits(weeks=weeks)
        elements = [
            domain.Element(e.pk, e.weekly_amount, e.effective_from, e.effective_to)
            for e in ChargeElement.objects.filter(account=account)
        ]
        expected = sorted(
            (debit.date, key, debit.amount)
            for monday in weeks
            for key, debit in domain.element_debits_for_week(monday, elements, start=start, end=end)
        )
        got = sorted(
            Transaction.objects.filter(account=account).values_list("posted_on", "element_id", "amount")
        )
        assert got == expected
        transaction.set_rollback(True)
