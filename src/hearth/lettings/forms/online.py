"""The applicant's own application form on the portal: the household typed one person a line."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from hearth.lettings.forms.shared import (
    ApplicantFactsForm,
    each_line,
    email_address,
    long_text,
    text,
    whole_number,
)
from hearth.lettings.models import Application, Council
from hearth.web.forms import GovDateField

HOUSEHOLD_LINE = re.compile(
    r"^\s*([^,]+?)\s*,\s*([^,]+?)\s*,\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*,\s*(partner|child|other)\s*,\s*([FMfm])\s*$"
)


def _household_member(n: int, line: str) -> dict[str, Any]:
    m = HOUSEHOLD_LINE.match(line)
    if not m:
        raise ValidationError(
            f"Line {n}: write first name, last name, date of birth, partner/child/other and F or M, "
            "like Sam, Okafor, 14/02/2014, child, M."
        )
    try:
        born = dt.date(int(m.group(5)), int(m.group(4)), int(m.group(3)))
    except ValueError:
        raise ValidationError(f"Line {n}: the date of birth must be a real date.") from None
    return {
        "first_name": m.group(1),
        "last_name": m.group(2),
        "date_of_birth": born,
        "relationship": m.group(6).lower(),
        "sex": m.group(7).upper(),
    }


class OnlineApplicationForm(ApplicantFactsForm):
    """The applicant's own application form on the portal."""

    # the page's section headings, each shown before the field it names
    headings = {
        "first_name": "About you",
        "household": "Your household",
        "local_connections": "Your connection to the area",
    }

    council = forms.ModelChoiceField(
        label="Which council are you applying to?",
        queryset=Council.objects.filter(kind="council"),
        empty_label="Select a council",
        required=False,
    )
    first_name = text("First name", max_length=100)
    last_name = text("Last name", max_length=100)
    date_of_birth = GovDateField(label="Date of birth", required=False, help_text="For example, 27 3 1990")
    email = email_address()
    phone = text("Phone number (optional)", max_length=30)
    current_housing = forms.ChoiceField(
        label="Where do you live now?", choices=[("", "Select"), *Application.Housing.choices], required=False
    )
    current_address = text("Your current address")
    household = long_text(
        "Who would live with you? (optional)",
        help_text="One person a line: first name, last name, date of birth, partner/child/other, F or M. "
        "For example, Sam, Okafor, 14/02/2014, child, M",
    )
    medical_needs = long_text("Medical needs (optional)")
    welfare_needs = long_text("Other needs or support (optional)")
    needs_adapted = forms.BooleanField(label="Someone in my household needs an adapted home", required=False)
    local_connections = text(
        "Areas you have a connection with (optional)",
        help_text="Separated by commas. For example, Wychavon, Malvern",
    )
    residence_years = whole_number("Years you have lived in the area", unit="years", maximum=120)
    work_months = whole_number("Months you have worked in the area", unit="months", maximum=1200)
    family_years = whole_number("Years your close family have lived in the area", unit="years", maximum=120)
    domestic_abuse = forms.BooleanField(label="I am a victim of domestic abuse", required=False)
    care_leaver = forms.BooleanField(label="I am a care leaver under 25", required=False)
    armed_forces = forms.BooleanField(label="I serve or have served in the armed forces", required=False)

    def clean_household(self) -> list[dict[str, Any]]:
        return each_line(self.cleaned_data["household"], _household_member)
