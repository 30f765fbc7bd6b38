"""Pieces several lettings forms share: the reason box, a 24-hour time, whole numbers of years or
months, local connection areas and the exemptions from the local connection test."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from hearth.lettings import domain

# the exemptions from the local connection test, each a tick box named by its code
EXEMPTION_FIELDS = tuple(domain.EXEMPTIONS)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", required=False, max_length=300)


def clock_time(value: str, label: str) -> dt.time:
    text = (value or "").strip()
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError(f"Enter the {label} as a 24-hour time, like 23:59.")
    return dt.time(int(match.group(1)), int(match.group(2)))


def whole_number(label: str, *, unit: str, maximum: int, **kwargs: Any) -> forms.IntegerField:
    """A number of years or months, 0 or more, that may be left blank."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=maximum,
        error_messages={"invalid": f"Enter a whole number of {unit}."},
        **kwargs,
    )


def areas(text: str) -> list[str]:
    """Local connection areas typed separated by commas."""
    return [a.strip() for a in (text or "").split(",") if a.strip()]


def pop_exemptions(data: dict[str, Any]) -> list[str]:
    """The exemptions ticked, taken out of the form's data."""
    return [e for e in EXEMPTION_FIELDS if data.pop(e, False)]


def exemptions_initial(codes: Any) -> dict[str, bool]:
    return {code: code in codes for code in EXEMPTION_FIELDS}


class ApplicantFactsForm(forms.Form):
    """The facts an application holds, whether an officer or the applicant types them: the areas and
    exemptions of the local connection test, and counts of years and months (blank is 0)."""

    def clean_local_connections(self) -> list[str]:
        return areas(self.cleaned_data["local_connections"])

    def service_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["exemptions"] = pop_exemptions(d)
        for name in ("residence_years", "work_months", "family_years"):
            d[name] = d.get(name) or 0
        return d
