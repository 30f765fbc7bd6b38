"""Rent pages: arrears list, account, statement, payments, imports, suspense, debit run, approvals."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase

from hearth.core.models import Job
from hearth.rents import selectors, services
from hearth.rents.models import DebitRun, MoneyRequest, SuspenseItem, Transaction

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


def test_arrears_list_filters_and_export(make_account: Any, senior: Any, client_for: Any) -> None:
    owing = make_account()
    make_account()
    services.run_debits(weeks=[D(2025, 9, 1), D(2025, 9, 8)])
    services.post_payment(actor=senior, account=owing, amount="20.00", paid_on=D(2025, 9, 9), channel="cash")
    client = client_for(senior)
    page = client.get("/rents/?arrears=yes&min=100").content.decode()
    assert owing.reference in page and "Send arrears letter 1" in page
    assert client.get("/rents/?stage=court").content.decode().count("/rents/accounts/") == 0
    export = client.get("/rents/?export=csv")
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "Recommended action" in body and owing.reference in body
    bad = client.get("/rents/?min=lots")
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()


def test_account_page_and_statement(
    make_account: Any, senior: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    account = make_account()
    services.run_debits(weeks=[D(2025, 9, 1), D(2025, 9, 8)])
    client = client_for(senior)
    with django_assert_max_num_queries(25):
        page = client.get(f"/rents/accounts/{account.pk}/")
    assert page.status_code == 200 and "£191.00" in page.content.decode()
    st = client.get(f"/rents/accounts/{account.pk}/statement/?from=2025-09-01&to=2025-09-30")
    assert "Closing balance" in st.content.decode() and "£191.00" in st.content.decode()
    pdf = client.get(f"/rents/accounts/{account.pk}/statement/?from=2025-09-01&to=2025-09-30&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert (
        client.get(f"/rents/accounts/{account.pk}/statement/?from=2025-09-30&to=2025-09-01").status_code
        == 400
    )
    assert client.get(f"/rents/accounts/{account.pk}/history/").status_code == 200


def test_payment_form_shows_every_problem_and_stores_nothing(
    make_account: Any, senior: Any, client_for: Any
) -> None:
    account = make_account()
    client = client_for(senior)
    bad = client.post(
        f"/rents/accounts/{account.pk}/payment/",
        {"amount": "x", "paid_on_0": "", "paid_on_1": "", "paid_on_2": "", "channel": ""},
    )
    text = bad.content.decode()
    assert bad.status_code == 400
    assert (
        "Enter an amount of money" in text
        and "Enter the date paid" in text
        and "Select how the payment" in text
    )
    assert not Transaction.objects.exists()
    ok = client.post(
        f"/rents/accounts/{account.pk}/payment/",
        {
            "amount": "25.00",
            "paid_on_0": "8",
            "paid_on_1": "9",
            "paid_on_2": "2025",
            "channel": "cheque",
            "reference": "CHQ 100",
        },
    )
    assert ok.status_code == 302
    assert selectors.balance(account) == M("-25.00")


def test_import_page_reports_every_bad_row_and_posts_nothing(
    make_account: Any, senior: Any, client_for: Any
) -> None:
    account = make_account()
    client = client_for(senior)
    content = (
        f"Account,Amount,Date,Reference\n{account.reference},10.00,2025-09-08,A1\n"
        f"{account.reference},ten,2025-09-08,A2\n,5.00,2025-13-01,A3\n"
    ).encode()
    response = client.post(
        "/rents/payments/import/",
        {"channel": "bank", "file": SimpleUploadedFile("bank.csv", content, "text/csv")},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Line 3:" in text and "Line 4:" in text and "Nothing was posted" in text
    assert not Transaction.objects.exists()
    good = (
        f"Account,Amount,Date,Reference\n{account.reference},10.00,2025-09-08,A1\n"
        "UNKNOWN,5.00,2025-09-08,A2\n"
    ).encode()
    for _ in range(2):
        client.post(
            "/rents/payments/import/",
            {"channel": "bank", "file": SimpleUploadedFile("bank.csv", good, "text/csv")},
        )
    assert Transaction.objects.count() == 1 and SuspenseItem.objects.count() == 1
    missing = client.post("/rents/payments/import/", {"channel": ""})
    assert missing.status_code == 400


def test_suspense_is_cleared_from_its_page(make_account: Any, senior: Any, client_for: Any) -> None:
    account = make_account()
    services.import_payments(
        actor=senior,
        channel="bank",
        filename="b.csv",
        content=b"Account,Amount,Date,Reference\nX,30.00,2025-09-08,S1\n",
    )
    item = SuspenseItem.objects.get()
    client = client_for(senior)
    assert "S1" in client.get("/rents/suspense/").content.decode()
    assert client.post(f"/rents/suspense/{item.pk}/clear/", {"account": "R404"}).status_code == 400
    assert client.post(f"/rents/suspense/{item.pk}/clear/", {"account": account.reference}).status_code == 302
    assert selectors.balance(account) == M("-30.00")


def test_refund_above_limit_waits_for_a_different_approver(
    make_account: Any, senior: Any, approver: Any, admin_user: Any, client_for: Any
) -> None:
    account = make_account()
    services.post_payment(
        actor=admin_user,
        account=account,
        amount="300",
        paid_on=D(2025, 9, 10),
        channel="cash",
        reference="P1",
    )
    services.set_officer_limits(
        actor=admin_user, user=admin_user, refund=M("0"), write_off=M("0"), adjustment=M("0")
    )
    services.set_officer_limits(
        actor=admin_user, user=approver, refund=M("500"), write_off=M("500"), adjustment=M("500")
    )
    admin = client_for(admin_user)
    bad = admin.post(f"/rents/accounts/{account.pk}/money-out/", {"kind": "", "amount": "", "reason": ""})
    assert bad.status_code == 400 and "Enter the reason" in bad.content.decode()
    admin.post(
        f"/rents/accounts/{account.pk}/money-out/", {"kind": "refund", "amount": "300", "reason": "Overpaid"}
    )
    req = MoneyRequest.objects.get()
    assert req.state == "pending"
    assert req.reference in admin.get("/rents/approvals/").content.decode()
    own = admin.post(f"/rents/approvals/{req.pk}/", {"decision": "approve"})
    assert own.status_code == 400 and "someone other than" in own.content.decode()
    assert client_for(senior).post(f"/rents/approvals/{req.pk}/", {"decision": "approve"}).status_code == 403
    assert (
        client_for(approver).post(f"/rents/approvals/{req.pk}/", {"decision": "approve"}).status_code == 302
    )
    assert selectors.balance(account) == M("0.00")  # the credit refunded


def test_amendment_names_the_transaction_it_corrects(make_account: Any, senior: Any, client_for: Any) -> None:
    account = make_account()
    services.post_week(D(2025, 9, 8))
    debit = Transaction.objects.get()
    client = client_for(senior)
    bad = client.post(
        f"/rents/accounts/{account.pk}/money-out/",
        {"kind": "adjustment", "amount": "-5", "reason": "Wrong", "corrects": "99999"},
    )
    assert bad.status_code == 400 and "no transaction number 99999" in bad.content.decode()
    ok = client.post(
        f"/rents/accounts/{account.pk}/money-out/",
        {"kind": "adjustment", "amount": "-5", "reason": "Wrong", "corrects": str(debit.pk)},
    )
    assert ok.status_code == 302
    assert selectors.balance(account) == M("90.50")


@pytest.mark.django_db(transaction=True)  # the worker needs autocommit, as in production
def test_debit_run_page_starts_a_job_the_worker_completes(
    make_account: Any, senior: Any, client_for: Any
) -> None:
    account = make_account()
    client = client_for(senior)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    tuesday = monday + dt.timedelta(days=1)
    bad = client.post(
        "/rents/debit-run/", {"week_0": tuesday.day, "week_1": tuesday.month, "week_2": tuesday.year}
    )
    assert bad.status_code == 400 and "begins on a Monday" in bad.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            "/rents/debit-run/", {"week_0": monday.day, "week_1": monday.month, "week_2": monday.year}
        )
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.state == "succeeded" and job.done == job.total == 1
    assert DebitRun.objects.get(week=monday).posted == 1
    assert selectors.balance(account) == M("95.50")


def test_open_account_from_an_agreement(make_account: Any, senior: Any, client_for: Any) -> None:
    account = make_account()
    client = client_for(senior)
    assert client.get(f"/rents/open/{account.tenancy_id}/").status_code == 302  # already has one


def test_pages_need_their_capabilities(
    make_account: Any, approver: Any, income: Any, client_for: Any
) -> None:
    account = make_account()
    assert client_for(approver).get(f"/rents/accounts/{account.pk}/payment/").status_code == 403
    assert client_for(income).get("/rents/debit-run/").status_code == 403
    assert client_for(income).get("/rents/").status_code == 200


def shown(response: Any) -> tuple[str, str]:
    """The main heading of a page and the text of its main content, as the officer reads them."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    main = re.search(r"<main\b.*?</main>", html, re.S)
    assert main, "the page has no main content"
    heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", main.group(0), re.S)
    assert heading, "the page has no heading"

    def text(fragment: str) -> str:
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())

    return text(heading.group(1)), text(main.group(0))


def test_every_page_renders(make_account: Any, senior: Any, approver: Any, client_for: Any) -> None:
    """Each rent page shows its heading and the record or figures it is about, not just a 200."""
    account = make_account()
    services.import_payments(
        actor=senior,
        channel="bank",
        filename="b.csv",
        content=b"Account,Amount,Date,Reference\nX,30.00,2025-09-08,S1\n",
    )
    services.post_payment(
        actor=senior, account=account, amount="900", paid_on=D(2025, 9, 10), channel="cash", reference="P1"
    )
    req = services.request_money_out(
        actor=senior, account=account, kind="refund", amount="900", reason="Overpaid"
    )
    suspense = SuspenseItem.objects.get()
    ref, agreement, home = account.reference, account.tenancy.reference, "1 Birch Lane, Hearthton, HT1 3DE"
    account_url = f"/rents/accounts/{account.pk}"
    pages: list[tuple[str, str, list[str]]] = [
        (
            "/rents/",
            "Rent accounts and arrears",
            ["1 request waiting for approval", "1 payment in suspense", "1 account", ref, home, "-£900.00"],
        ),
        ("/rents/payments/import/", "Import a payment file", ["Recent imports", "b.csv"]),
        (
            "/rents/suspense/",
            "Payments in suspense",
            ["1 payment to clear", "8 Sep 2025 S1 X Bank transfer £30.00"],
        ),
        ("/rents/approvals/", "Approvals", [f"{req.reference} {ref} Refund £900.00 Overpaid Senior Officer"]),
        ("/rents/debit-run/", "Weekly debit run", ["Week beginning (a Monday)", "No weeks posted yet."]),
        (
            f"{account_url}/",
            f"Rent account {ref}",
            [
                f"Agreement {agreement}",
                "Balance -£900.00 in credit",
                "Weekly charge £95.50",
                home,
                "Tenants Tenant1 Okafor",
                "Rent £95.50 6 Apr 2020",
                f"{req.reference} Refund £900.00 Waiting for approval",
                "10 Sep 2025 Payment (Cash) P1",
            ],
        ),
        (f"{account_url}/payment/", "Post a payment", [f"Rent account {ref}", "Post payment"]),
        (f"{account_url}/money-out/", "Refund, write-off or amendment", [f"Rent account {ref}", "Reason"]),
        (
            f"{account_url}/charges/",
            "Change a weekly charge",
            [f"Rent account {ref}", "New weekly amount (£)"],
        ),
        (f"{account_url}/files/", ref, [f"Rent account {agreement}", "Files No files are attached."]),
        (
            f"/rents/suspense/{suspense.pk}/clear/",
            "Clear payment S1 from suspense",
            ["Amount £30.00 paid 8 September 2025", "Account given X", "Channel Bank transfer"],
        ),
    ]
    client = client_for(senior)
    for url, heading, facts in pages:
        seen_heading, seen = shown(client.get(url))
        assert seen_heading == heading, url
        for fact in facts:
            assert fact in seen, (url, fact)
    seen_heading, seen = shown(client_for(approver).get(f"/rents/approvals/{req.pk}/"))
    assert seen_heading == "Refund of £900.00"
    assert (
        f"Request {req.reference} Refund of £900.00 Account {ref} Reason Overpaid Requested by Senior Officer"
        in seen
    )
    assert "Approve and post" in seen


def test_payment_arrangement_kept_then_broken(make_account: Any, senior: Any, client_for: Any) -> None:
    account = make_account()
    client = client_for(senior)
    today = dt.date.today()
    bad = client.post(f"/rents/accounts/{account.pk}/arrangement/", {"weekly_amount": "nothing"})
    assert bad.status_code == 400 and "Enter an amount of money" in bad.content.decode()
    start = today - dt.timedelta(days=14)  # three instalments due
    ok = client.post(
        f"/rents/accounts/{account.pk}/arrangement/",
        {
            "weekly_amount": "100.00",
            "start_date_0": start.day,
            "start_date_1": start.month,
            "start_date_2": start.year,
        },
    )
    assert ok.status_code == 302
    services.post_payment(actor=senior, account=account, amount="200.00", paid_on=start, channel="cash")
    assert "Kept" in client.get(f"/rents/accounts/{account.pk}/").content.decode()
    assert account.reference not in client.get("/rents/arrangements/broken/").content.decode()
    unpaid = make_account()
    services.make_arrangement(actor=senior, account=unpaid, weekly_amount="100.00", start_date=start)
    broken = client.get("/rents/arrangements/broken/").content.decode()
    assert unpaid.reference in broken and "£300.00" in broken
    assert "Broken" in client.get(f"/rents/accounts/{unpaid.pk}/").content.decode()


def test_free_weeks_page(make_account: Any, senior: Any, client_for: Any) -> None:
    from hearth.rents.models import FreeWeek

    make_account()
    client = client_for(senior)
    page = client.get("/rents/free-weeks/?year=2025").content.decode()
    assert "52 Mondays" in page and "Monday 22 December 2025" in page
    ok = client.post("/rents/free-weeks/", {"year": "2025", "mondays": ["2025-12-22", "2025-12-29"]})
    assert ok.status_code == 302
    assert "collected over 50 weeks" in client.get("/rents/free-weeks/?year=2025").content.decode()
    services.post_week(D(2025, 12, 15))
    bad = client.post("/rents/free-weeks/", {"year": "2025", "mondays": ["2025-12-15"]})
    assert bad.status_code == 400 and "already been debited" in bad.content.decode()
    assert set(FreeWeek.objects.values_list("monday", flat=True)) == {D(2025, 12, 22), D(2025, 12, 29)}


def test_settings_change_the_policy(make_account: Any, admin_user: Any, senior: Any, client_for: Any) -> None:
    client = client_for(admin_user)
    assert client_for(senior).get("/rents/settings/").status_code == 403
    assert client.get("/rents/settings/").status_code == 200
    codes = ["letter_1", "letter_2", "nosp", "court"]
    stages = {
        "section": "stages",
        "code": codes,
        "action_letter_1": "Phone the tenant",
        "weeks_letter_1": "1",
        "action_letter_2": "Letter 2",
        "weeks_letter_2": "3",
        "action_nosp": "NOSP",
        "weeks_nosp": "6",
        "action_court": "Court",
        "weeks_court": "8",
    }
    assert client.post("/rents/settings/", stages).status_code == 302
    account = make_account()
    services.post_week(D(2025, 9, 8))
    assert "Phone the tenant" in client.get(f"/rents/accounts/{account.pk}/").content.decode()
    bad = client.post("/rents/settings/", {**stages, "weeks_letter_2": "0.5"})
    assert bad.status_code == 400 and "more weeks of rent owed" in bad.content.decode()
    mapping = {
        "section": "mapping",
        "channel": "bank",
        "account": "Acct",
        "amount": "Paid",
        "date": "When",
        "reference": "Ref",
        "date_format": "%d/%m/%Y",
    }
    assert client.post("/rents/settings/", mapping).status_code == 302
    services.import_payments(
        actor=admin_user,
        channel="bank",
        filename="b.csv",
        content=f"Acct,Paid,When,Ref\n{account.reference},5.00,08/09/2025,X1\n".encode(),
    )
    assert selectors.balance(account) == M("90.50")
    assert client.post("/rents/settings/", {**mapping, "date_format": "nonsense"}).status_code == 400
    assert (
        client.post(
            "/rents/settings/",
            {"section": "limits", "username": "senior", "refund": "10", "write_off": "0", "adjustment": "0"},
        ).status_code
        == 302
    )
    services.post_payment(
        actor=senior, account=account, amount="200", paid_on=D(2025, 9, 10), channel="cash", reference="P9"
    )
    req = services.request_money_out(
        actor=senior, account=account, kind="refund", amount="20", reason="Overpaid"
    )
    assert req.state == "pending"
    assert client.post("/rents/settings/", {"section": "limits", "username": "nobody"}).status_code == 400
