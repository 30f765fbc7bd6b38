"""A payment file's rows are read within the limits of what the ledger holds: an amount only as
`parse_money` reads one, a date between 1 January 2000 and today, an account or reference no longer
than its field, a file's total no more than a payment file's total holds. An optional control line
(`TOTAL,<payments>,<their total>`) must match the rows. A file that breaks any of these is refused
whole, every wrong row named by its line, and nothing is posted."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.rents import selectors, services
from hearth.rents.models import PaymentImport, SuspenseItem, Transaction

pytestmark = pytest.mark.django_db

M = Decimal
HEADER = "Account,Amount,Date,Reference\n"


@pytest.fixture
def refused(senior: Any) -> Callable[[str], list[str]]:
    """Import `text` as a bank file; it must be refused whole. Returns its sentences."""

    def run(text: str) -> list[str]:
        with pytest.raises(ValidationError) as exc:
            services.import_payments(actor=senior, channel="bank", filename="bank.csv", content=text.encode())
        assert not Transaction.objects.exists() and not SuspenseItem.objects.exists()
        assert not PaymentImport.objects.exists()
        return exc.value.message_dict["file"]

    return run


def test_amounts_python_would_read_are_refused_by_line(refused: Callable[[str], list[str]]) -> None:
    rows = ["R1,١٢٣,2025-11-03,A", "R1,1_000,2025-11-03,B", "R1,1e6,2025-11-03,C", "R1,12.345,2025-11-03,D"]
    rows.append("R1,99999999999999,2025-11-03,E")  # more than the ledger's amount column holds
    problems = refused(HEADER + "\n".join(rows) + "\n")
    assert [p.split(":")[0] for p in problems] == ["Line 2", "Line 3", "Line 4", "Line 5", "Line 6"]
    assert all("is not a sum of money" in p for p in problems)
    assert "no more than 2 decimal places" in problems[3]
    assert "(enter an amount no more than £99,999,999.99)" in problems[4]


def test_dates_outside_the_window_are_refused_by_line(refused: Callable[[str], list[str]]) -> None:
    future = timezone.localdate().replace(year=timezone.localdate().year + 1).isoformat()
    rows = [
        "R1,5.00,0001-01-01,A",
        "R1,5.00,1900-01-01,B",
        f"R1,5.00,{future},C",
        "R1,5.00,2024-W01-1,D",
        "R1,5.00,٢٠٢٥-١١-٠٣,E",
        "R1,5.00,2025-02-30,F",
    ]
    problems = refused(HEADER + "\n".join(rows) + "\n")
    assert problems[:3] == [
        "Line 2: The date 0001-01-01 is before 1 January 2000.",
        "Line 3: The date 1900-01-01 is before 1 January 2000.",
        f"Line 4: The date {future} is in the future.",
    ]
    assert all("is not a date" in p for p in problems[3:]) and len(problems) == 6


def test_a_field_longer_than_the_ledger_holds_is_refused_by_line(
    refused: Callable[[str], list[str]],
) -> None:
    problems = refused(HEADER + f"{'A' * 5000},5.00,2025-11-03,R1\nR0000001,5.00,2025-11-03,{'9' * 61}\n")
    assert problems == [
        "Line 2: The account reference is 5,000 characters long, more than the 60 it may have.",
        "Line 3: The payment reference is 61 characters long, more than the 60 it may have.",
    ]


def test_a_file_whose_total_the_ledger_cannot_hold_is_refused(refused: Callable[[str], list[str]]) -> None:
    rows = "".join(f"R1,99999999.99,2025-11-03,X{n}\n" for n in range(101))
    assert refused(HEADER + rows) == [
        "The file's payments add up to more than £9,999,999,999.99: split it in two. Nothing was posted."
    ]


def test_a_control_line_that_matches_posts_the_file_once(make_account: Any, senior: Any) -> None:
    account = make_account()
    text = HEADER + f"{account.reference},10.00,2025-11-03,A\nNOBODY,2.50,2025-11-03,B\nTOTAL,2,12.50\n"
    batch = services.import_payments(actor=senior, channel="bank", filename="b.csv", content=text.encode())
    assert (batch.rows, batch.suspense_rows, batch.total) == (1, 1, M("12.50"))
    assert selectors.balance(account) == M("-10.00")
    with pytest.raises(ValidationError, match="already imported"):
        services.import_payments(actor=senior, channel="bank", filename="b.csv", content=text.encode())
    assert Transaction.objects.count() == 1 and SuspenseItem.objects.count() == 1


def test_a_control_line_that_does_not_match_refuses_the_file_with_both_figures(
    refused: Callable[[str], list[str]],
) -> None:
    text = HEADER + "R1,10.00,2025-11-03,A\nR2,2.50,2025-11-03,B\n"
    assert refused(text + "TOTAL,3,12.50\n") == [
        "The file's control line (line 4) says 3 payments totalling £12.50, but the file holds "
        "2 payments totalling £12.50. Nothing was posted."
    ]
    assert refused(text + "total,2,12.49\n")[0].startswith(
        "The file's control line (line 4) says 2 payments totalling £12.49, but the file holds "
        "2 payments totalling £12.50."
    )


def test_a_control_line_must_be_last_and_well_formed(refused: Callable[[str], list[str]]) -> None:
    problems = refused(HEADER + "R1,10.00,2025-11-03,A\nTOTAL,1,10.00\nR2,2.50,2025-11-03,B\nTOTAL,two,x\n")
    assert problems == [
        "Line 3: The control line (TOTAL) must be the last line of the file.",
        "Line 5: The control line must read TOTAL, the number of payments and their total, like TOTAL,3,150.00.",
    ]


def test_the_import_page_shows_the_control_sentence(senior_client: Client) -> None:
    content = (HEADER + "R1,10.00,2025-11-03,A\nTOTAL,1,11.00\n").encode()
    response = senior_client.post(
        reverse("rents:import"),
        {"channel": "bank", "file": SimpleUploadedFile("bank.csv", content, "text/csv")},
    )
    assert response.status_code == 400
    assert "says 1 payment totalling £11.00, but the file holds 1 payment totalling £10.00" in (
        response.content.decode()
    )
    assert not PaymentImport.objects.exists()
