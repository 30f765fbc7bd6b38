"""A schedule of rates file whose quoting, line endings or encoding is wrong, or that is not text at
all, is refused whole with the line at fault; nothing is imported. A cell of an Excel schedule may
not hold a line break either."""

from __future__ import annotations

import io
import random
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from hearth.repairs import imports
from hearth.repairs.models import RateLine

pytestmark = pytest.mark.django_db

HEADER = b"code,description,unit,rate,trade"


def _refused(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as exc:
        imports.read_rate_file(name, io.BytesIO(content))
    (message,) = exc.value.message_dict["file"]
    return message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (
            HEADER + b'\n500010,"Ease door\n500020,Renew lock,each,40.00,Joinery\n',
            "line 2 opens a quoted field that is not closed on that line",
        ),
        (
            HEADER + b'\n500010,"Ease and\nadjust door",each,31.50,Joinery\n',
            "line 2 opens a quoted field that is not closed on that line",
        ),
        (HEADER + b"\r500010,Ease door,each,31.50,Joinery\r", "line 1 ends with a carriage return alone"),
        (HEADER + b"\n500010,Ease door \x96 front,each,\xa331.50,Joinery\n", "line 2 is not UTF-8 text"),
        (HEADER + b'\n500010,Ease 2" door,each,31.50,Joinery\n', "line 2 has a quote inside a field"),
    ],
    ids=["unterminated", "line-break-in-field", "cr-only", "windows-1252", "stray-quote"],
)
def test_a_csv_schedule_that_cannot_be_read_is_refused_naming_its_line(content: bytes, words: str) -> None:
    message = _refused("rates.csv", content)
    assert words in message and "Nothing was imported." in message


def test_random_bytes_are_refused_as_a_schedule_of_rates(senior_client: Client, world: Any) -> None:
    before = RateLine.objects.count()
    url = f"/repairs/contracts/{world.contract.pk}/import/"
    noise = random.Random(7)  # noqa: S311 - test data
    for n in range(20):
        junk = bytes(noise.randrange(256) for _ in range(64 + n * 50))
        response = senior_client.post(url, {"file": SimpleUploadedFile("rates.csv", junk, "text/csv")})
        assert response.status_code == 400
        assert "The file cannot be read" in response.content.decode()
    assert RateLine.objects.count() == before


def test_the_import_page_shows_why_the_schedule_was_refused(senior_client: Client, world: Any) -> None:
    url = f"/repairs/contracts/{world.contract.pk}/import/"
    content = HEADER + b'\r\n500010,"Ease door,each,31.50,Joinery\r\n500020,Renew lock,each,40.00,Joinery\r\n'
    response = senior_client.post(url, {"file": SimpleUploadedFile("rates.csv", content, "text/csv")})
    html = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in html
    assert '<a href="#id_file">The file cannot be read: line 2 opens a quoted field' in html
    assert not RateLine.objects.filter(code__in=["500010", "500020"]).exists()
    good = (
        HEADER + b'\r\n500010,"Ease door, front",each,31.50,Joinery\r\n500020,Renew lock,each,40.00,Joinery'
    )
    done = senior_client.post(url, {"file": SimpleUploadedFile("rates.csv", good, "text/csv")})
    assert done.status_code == 302
    assert RateLine.objects.get(contract=world.contract, code="500010").description == "Ease door, front"
    assert RateLine.objects.filter(contract=world.contract, code="500020").exists()


def test_an_excel_schedule_with_a_line_break_in_a_cell_is_refused() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "description", "unit", "rate", "trade"])
    sheet.append([600010, "Paint wall", "m2", 12.5, "Painting"])
    sheet.append([600020, "Paint\nceiling", "m2", 14.5, "Painting"])
    buffer = io.BytesIO()
    book.save(buffer)
    message = _refused("rates.xlsx", buffer.getvalue())
    assert "line 3" in message and "line break" in message and "Nothing was imported." in message
