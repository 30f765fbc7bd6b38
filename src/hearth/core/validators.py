"""Validation of UK identifiers, each failing with a sentence an officer understands."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y])[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_postcode(value: str) -> str:
    """'sw1a1aa' -> 'SW1A 1AA'. Raises ValidationError when it is not a UK postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not compact:
        raise ValidationError("Enter the postcode.", code="required")
    if not _POSTCODE.match(compact):
        raise ValidationError("Enter a real UK postcode, like SW1A 1AA.", code="invalid_postcode")
    return f"{compact[:-3]} {compact[-3:]}"


def compact_postcode(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


_NI = re.compile(r"^([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])([0-9]{6})([A-D])$")
_NI_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def normalise_ni_number(value: str) -> str:
    """'ab 12 34 56 c' -> 'AB123456C'; rejects numbers HMRC never issues."""
    compact = re.sub(r"\s+", "", value or "").upper()
    match = _NI.match(compact)
    if not match or match.group(1) in _NI_BAD_PREFIXES:
        raise ValidationError(
            "Enter a National Insurance number in the right format, like AB 12 34 56 C.",
            code="invalid_ni_number",
        )
    return compact


def format_ni_number(value: str) -> str:
    if len(value) != 9:
        return value
    return f"{value[:2]} {value[2:4]} {value[4:6]} {value[6:8]} {value[8]}"


def validate_uprn(value: int | None) -> None:
    if value is None:
        return
    if not (0 < int(value) < 10**12):
        raise ValidationError("A UPRN is a whole number of up to 12 digits.", code="invalid_uprn")
