"""A schedule of rates file is held to what a schedule line holds: a cell longer than its field is
refused by line before any row is checked, a rate over the largest amount is refused by line, and a
workbook openpyxl cannot read (whatever it raises) is refused on the file, never an error page."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from hearth.repairs import imports, services
from hearth.repairs.models import Contract, RateLine

pytestmark = pytest.mark.django_db

HEADER = "code,description,unit,rate,trade\n"


def _refused(name: str, content: bytes) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        imports.read_rate_file(name, io.BytesIO(content))
    return exc.value.message_dict["file"]


def test_a_cell_longer_than_its_field_is_refused_by_line() -> None:
    text = HEADER + f"500010,{'D' * 5000},each,1.00,Joinery\n500020,Door,each,1.00,{'J' * 61}\n"
    assert _refused("rates.csv", text.encode()) == [
        "Line 2: the description is 5,000 characters long, more than the 300 it may have.",
        "Line 3: the trade is 61 characters long, more than the 60 it may have.",
    ]


def test_a_rate_the_column_cannot_hold_is_refused_by_line(senior: object) -> None:
    contract = Contract.objects.none()  # the rows are refused before a contract is looked at
    rows = imports.read_rate_file(
        "rates.csv", io.BytesIO((HEADER + "500010,Door,each,99999999999999,Joinery\n").encode())
    )
    with pytest.raises(ValidationError) as exc:
        services.import_rates(actor=senior, contract=contract, rows=rows)  # type: ignore[arg-type]
    assert exc.value.message_dict["file"] == ["Line 2: the rate 99999999999999 is more than £99,999,999.99."]
    assert not RateLine.objects.exists()


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "description", "unit", "rate", "trade"])
    sheet.append([600010, "Paint wall", "m2", 12.5, "Painting"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_sheet(old: bytes, new: bytes) -> bytes:
    """The workbook with `old` replaced by `new` in its first sheet's XML."""
    source, out = zipfile.ZipFile(io.BytesIO(_workbook())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        _workbook()[:900],
        _with_sheet(b"</sheetData>", b""),
        _with_sheet(b"<v>600010</v>", b"<v>1e999</v>"),
        b"PK\x03\x04" + bytes(range(256)) * 4,
    ],
    ids=["truncated", "bad-xml", "infinite-code", "zip-signature-then-noise"],
)
def test_a_workbook_that_cannot_be_read_is_refused_on_the_file(content: bytes) -> None:
    assert _refused("rates.xlsx", content) == ["The file is not an Excel workbook that can be read."]


def test_a_code_in_other_digits_than_0_to_9_is_refused() -> None:
    from hearth.repairs import domain

    assert domain.CODE_PATTERN.match("500010")
    assert not domain.CODE_PATTERN.match("١٢٣٤٥٦")  # Arabic-Indic digits are digits to Python's \d
