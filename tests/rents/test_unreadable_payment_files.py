"""A payment file whose quoting, line endings or encoding is wrong is refused whole, with the line
at fault, by the service and on the import page: nothing is posted, and once corrected the file
imports."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hearth.rents import selectors, services
from hearth.rents.models import PaymentImport, SuspenseItem, Transaction

pytestmark = pytest.mark.django_db

M = Decimal
HEADER = b"Account,Amount,Date,Reference"
# The bank file as it came: the quote opened on line 2 is never closed, so the reference of line 2
# used to swallow line 3 and the £5.00 to R0000002 was never posted.
UNTERMINATED = (
    b"Account,Amount,Date,Reference\n"
    b'R0000001,10.00,2026-11-20,"unterminated\n'
    b"R0000002,5.00,2026-11-17,FZ000118859022\n"
)


@pytest.fixture
def refused(senior: Any) -> Callable[[bytes], str]:
    """Import `content` as a bank file; it must be refused whole. Returns the one message."""

    def run(content: bytes) -> str:
        with pytest.raises(ValidationError) as exc:
            services.import_payments(actor=senior, channel="bank", filename="bank.csv", content=content)
        assert set(exc.value.message_dict) == {"file"}
        (message,) = exc.value.message_dict["file"]
        assert "Nothing was posted." in message
        assert not Transaction.objects.exists() and not SuspenseItem.objects.exists()
        assert not PaymentImport.objects.exists()
        return message

    return run


def test_the_file_with_an_unterminated_quote_is_refused_naming_line_2(
    make_account: Any, refused: Callable[[bytes], str], senior: Any
) -> None:
    first, second = make_account(), make_account()
    assert (first.reference, second.reference) == ("R0000001", "R0000002")
    message = refused(UNTERMINATED)
    assert "line 2 opens a quoted field that is not closed on that line" in message
    # corrected, the same file posts both payments
    fixed = UNTERMINATED.replace(b'"unterminated', b'"unterminated"')
    batch = services.import_payments(actor=senior, channel="bank", filename="bank.csv", content=fixed)
    assert batch.rows == 2
    assert selectors.balance(first) == M("-10.00") and selectors.balance(second) == M("-5.00")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (HEADER + b"\rR0000001,10.00,2026-11-20,B1\r", "line 1 ends with a carriage return alone"),
        (
            HEADER + b"\r\nR0000001,10.00,2026-11-20,B1\nR0000001,4.00,2026-11-20,B2\r\n",
            "line 2 ends with a line feed alone but line 1 ends with CRLF",
        ),
        (
            HEADER + b"\nR0000001,10.00,2026-11-20,B1\r\n",
            "line 2 ends with CRLF but line 1 ends with a line feed",
        ),
        (HEADER + b"\nR0000001,10.00,2026-11-20,B\r1\n", "line 2 holds a carriage return inside it"),
        (
            HEADER + b"\nR0000001,10.00,2026-11-20,B1\nR0000001,4.00,2026-11-20,Caf\xe9 \xa35\n",
            "line 3 is not UTF-8 text",
        ),
        (
            HEADER + b"\nR0000001,10.00,2026-11-20,B1\n\xff\xfe\x00\x81\x9d random \x00\n",
            "line 3 is not UTF-8 text",
        ),
        (
            HEADER + b'\nR0000001,10"00,2026-11-20,B1\n',
            "line 2 has a quote inside a field that does not start",
        ),
        (
            HEADER + b'\nR0000001,"10.00"x,2026-11-20,B1\n',
            "on line 2 a quoted field is followed by more text",
        ),
        (HEADER + b"\nR0000001,10.00,2026-11-20,B\x001\n", "line 2 holds a control character (U+0000)"),
    ],
    ids=[
        "cr-only",
        "lf-in-crlf",
        "crlf-in-lf",
        "cr-inside",
        "windows-1252",
        "random-bytes",
        "stray-quote",
        "text-after-quote",
        "nul",
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole_naming_its_line(
    make_account: Any, refused: Callable[[bytes], str], content: bytes, words: str
) -> None:
    make_account()
    assert words in refused(content)


def test_a_consistent_crlf_file_with_a_bom_and_quoted_fields_still_imports(
    make_account: Any, senior: Any
) -> None:
    a, b = make_account(), make_account()
    content = (
        "\ufeffAccount,Amount,Date,Reference\r\n"
        f'{a.reference},"£1,050.00",2026-11-20,"B ""1"""\r\n'
        "\r\n"
        f"{b.reference},5.00,2026-11-17,B2"
    ).encode()
    batch = services.import_payments(actor=senior, channel="bank", filename="bank.csv", content=content)
    assert batch.rows == 2
    assert selectors.balance(a) == M("-1050.00") and selectors.balance(b) == M("-5.00")
    assert Transaction.objects.get(account=a).reference == 'B "1"'


def test_the_import_page_shows_why_the_file_was_refused_and_posts_nothing(
    make_account: Any, senior: Any, client_for: Any
) -> None:
    make_account()
    make_account()
    client = client_for(senior)
    response = client.post(
        "/rents/payments/import/",
        {"channel": "bank", "file": SimpleUploadedFile("bank.csv", UNTERMINATED, "text/csv")},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in text
    assert (
        '<a href="#id_file">The file cannot be read: line 2 opens a quoted field that is not closed' in text
    )
    assert "Nothing was posted." in text
    assert not Transaction.objects.exists() and not SuspenseItem.objects.exists()
    for junk in (b"\x89PNG\r\n\x1a\n\x00\x00\rIHDR\xff\xd8", bytes(range(256)) * 4):
        page = client.post(
            "/rents/payments/import/",
            {"channel": "hb", "file": SimpleUploadedFile("hb.csv", junk, "text/csv")},
        )
        assert page.status_code == 400 and "The file cannot be read" in page.content.decode()
    assert not Transaction.objects.exists()
