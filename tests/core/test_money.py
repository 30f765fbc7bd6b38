"""The one reading of an amount of money typed by an officer or held in a file."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from hearth.core.money import MoneyError, format_money, parse_money
from hearth.web.forms import MoneyField


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("95.50", "95.50"),
        ("95.5", "95.50"),
        ("95", "95.00"),
        (" 0.07 ", "0.07"),
        ("1,250.00", "1250.00"),
        ("1,234,567", "1234567.00"),
        ("£12.40", "12.40"),
        ("007", "7.00"),
    ],
)
def test_plain_amounts_are_read(text: str, amount: str) -> None:
    assert parse_money(text) == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("", "Enter an amount of money"),
        ("١٢٣", "in pounds and pence"),  # Arabic-Indic digits, which Decimal reads as 123
        ("1_000", "in pounds and pence"),
        ("1e6", "in pounds and pence"),
        ("Infinity", "in pounds and pence"),
        ("NaN", "in pounds and pence"),
        ("12.345", "no more than 2 decimal places"),
        ("1,25.00", "in pounds and pence"),  # a comma that is not a thousands separator
        ("12,50", "in pounds and pence"),  # a decimal comma
        ("1 000", "in pounds and pence"),
        ("12.", "in pounds and pence"),
        ("+5", "in pounds and pence"),
        ("-5.00", "not negative"),
        ("100000000", "no more than £99,999,999.99"),
    ],
)
def test_anything_else_is_refused_with_a_sentence(text: str, sentence: str) -> None:
    with pytest.raises(MoneyError, match=sentence):
        parse_money(text)


def test_negative_amounts_only_where_allowed() -> None:
    assert parse_money("-5.25", allow_negative=True) == Decimal("-5.25")
    assert parse_money("-£1,000", allow_negative=True) == Decimal("-1000.00")


@given(st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2))
def test_what_hearth_shows_reads_back_as_the_same_amount(amount: Decimal) -> None:
    assert parse_money(format_money(amount), allow_negative=True) == amount
    assert parse_money(f"{amount:.2f}", allow_negative=True) == amount


def test_the_form_field_puts_the_sentence_on_the_field() -> None:
    field = MoneyField(label="Amount")
    assert field.clean("1,250.5") == Decimal("1250.50")
    with pytest.raises(ValidationError, match="no more than 2 decimal places"):
        field.clean("12.345")
    assert MoneyField(required=False).clean("") is None
