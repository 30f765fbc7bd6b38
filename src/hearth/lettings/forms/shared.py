"""Pieces several lettings forms share: the reason box, a 24-hour time, whole numbers of years or
months, local connection areas and the exemptions from the local connection test."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
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


def each_line(text: str | None, read: Callable[[int, str], Any]) -> list[Any]:
    """What each line typed in a box says, read by `read` with the line's number (for its sentence);
    blank lines are passed over."""
    return [read(n, line) for n, line in enumerate((text or "").splitlines(), start=1) if line.strip()]


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


# field constructors: the declarations the lettings forms repeat, each made in one place


def text(label: str, *, max_length: int = 300, **kwargs: Any) -> forms.CharField:
    """A line of text that may be left blank (the service says when it must not be)."""
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def email_address(help_text: str = "") -> forms.CharField:
    """An email address, which the browser may fill in."""
    return text(
        "Email address",
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def long_text(label: str, **kwargs: Any) -> forms.CharField:
    """A box of several lines that may be left blank."""
    return forms.CharField(label=label, required=False, widget=forms.Textarea, **kwargs)


def radios(label: str, choices: Any = (), *, missing: str, **kwargs: Any) -> forms.ChoiceField:
    """One of a few choices, shown as radios; `missing` is the sentence when none is chosen."""
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": missing}, **kwargs
    )


def record_choice(
    label: str, queryset: Any, *, empty_label: str, missing: str, invalid: str | None = None
) -> forms.ModelChoiceField:
    """A record chosen from a list; `missing` is the sentence when none is chosen, `invalid` when the
    choice is not one on the list (Django's own sentence unless given)."""
    messages = {"required": missing, **({"invalid_choice": invalid} if invalid else {})}
    return forms.ModelChoiceField(
        label=label, queryset=queryset, empty_label=empty_label, error_messages=messages
    )


def number(label: str, *, invalid: str = "Enter a whole number.", **kwargs: Any) -> forms.IntegerField:
    """A whole number; `invalid` is the sentence when what was typed is not one."""
    messages = {"invalid": invalid, **kwargs.pop("error_messages", {})}
    return forms.IntegerField(label=label, error_messages=messages, **kwargs)


def bedroom_count(label: str, *, help_text: str) -> forms.IntegerField:
    """A number of bedrooms from 0 to 10 that may be left blank."""
    return number(
        label,
        invalid="Enter a number of bedrooms from 0 to 10.",
        required=False,
        min_value=0,
        max_value=10,
        help_text=help_text,
    )
