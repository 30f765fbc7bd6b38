"""The cells of an imported file read strictly: a date in the file's format with ASCII digits inside
the window the field allows, and a text no longer than the model field it is saved in."""

from __future__ import annotations

import datetime as dt

import pytest

from hearth.core import calendar, csvfiles
from hearth.rents.models import SuspenseItem

EARLIEST = calendar.EARLIEST_PAYMENT_DAY


@pytest.mark.parametrize(
    ("text", "date_format", "day"),
    [(" 2000-01-01 ", "%Y-%m-%d", dt.date(2000, 1, 1)), ("03/11/2025", "%d/%m/%Y", dt.date(2025, 11, 3))],
)
def test_a_date_in_the_window_reads(text: str, date_format: str, day: dt.date) -> None:
    assert csvfiles.read_date(text, date_format, earliest=EARLIEST, latest=dt.date(2025, 11, 3)) == day


@pytest.mark.parametrize(
    ("text", "date_format", "words"),
    [
        ("0001-01-01", "%Y-%m-%d", "the date 0001-01-01 is before 1 January 2000"),
        ("31/12/1999", "%d/%m/%Y", "the date 31/12/1999 is before 1 January 2000"),
        ("2025-11-04", "%Y-%m-%d", "the date 2025-11-04 is in the future"),
        ("٢٠٢٥-١١-٠٣", "%Y-%m-%d", "is not a date"),
        ("٠٣/١١/٢٠٢٥", "%d/%m/%Y", "is not a date"),
        ("2024-W01-1", "%Y-%m-%d", "is not a date"),
        ("20251103", "%Y-%m-%d", "is not a date"),
        ("2025-02-29", "%Y-%m-%d", "is not a date"),
    ],
)
def test_a_date_outside_the_window_or_not_plain_is_refused(text: str, date_format: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        csvfiles.read_date(text, date_format, earliest=EARLIEST, latest=dt.date(2025, 11, 3))


def test_a_text_longer_than_its_field_is_named_with_both_lengths() -> None:
    limit = csvfiles.field_length(SuspenseItem, "reference")
    assert limit == 60 and csvfiles.too_long("x" * 60, limit, "payment reference") == ""
    assert csvfiles.too_long("x" * 1234, limit, "payment reference") == (
        "the payment reference is 1,234 characters long, more than the 60 it may have"
    )
    with pytest.raises(TypeError):
        csvfiles.field_length(SuspenseItem, "amount")


def test_a_long_cell_is_cut_short_where_a_sentence_quotes_it() -> None:
    assert csvfiles.shown("2025-11-03") == "'2025-11-03'"
    assert csvfiles.shown("9" * 5000) == repr("9" * 40 + "…")
    with pytest.raises(ValueError, match="^the date '9{40}…' is not a date$"):
        csvfiles.read_date("9" * 5000, earliest=EARLIEST, latest=None)
