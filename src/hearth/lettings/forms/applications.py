"""Registering an application and a change of circumstances: the household typed one member a line."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.lettings.forms.shared import (
    ApplicantFactsForm,
    each_line,
    exemptions_initial,
    long_text,
    record_choice,
    text,
    whole_number,
)
from hearth.lettings.models import Application, Council
from hearth.lettings.services import CIRCUMSTANCE_FIELDS, MemberInput
from hearth.people.models import Person
from hearth.web.forms import GovDateField, ReferenceField, record_by_reference

MEMBER_LINE = re.compile(r"^\s*([A-Za-z]+\d+)\s*[,;]\s*(partner|child|other)\s*[,;]\s*([FMfm])\s*$")


def person_by_reference(value: str, label: str) -> Person:
    return record_by_reference(Person, value, missing=f"Enter the {label}'s person reference.", noun="person")


def _member(n: int, line: str) -> MemberInput:
    match = MEMBER_LINE.match(line)
    if not match:
        raise ValidationError(
            f"Line {n}: write the person reference, partner/child/other and F or M, like P0000124, child, F."
        )
    person = person_by_reference(match.group(1), "household member")
    return MemberInput(person, match.group(2).lower(), match.group(3).upper())


class ApplicationForm(ApplicantFactsForm):
    # the page's section headings, each shown before the field it names
    headings = {
        "medical_needs": "Needs",
        "local_connections": "Local connection",
        "domestic_abuse": "Exempt from the local connection test",
    }

    council = record_choice(
        "Council",
        Council.objects.none(),
        empty_label="Select a council",
        missing="Select the council the applicant is applying to.",
        invalid="Select the council the applicant is applying to.",
    )
    applicant = ReferenceField(
        Person,
        label="Applicant's person reference",
        help_text="Add the person first if they are new. For example, P0000123",
        missing="Enter the applicant's person reference.",
        noun="person",
    )
    channel = forms.ChoiceField(
        label="How was the application taken?",
        choices=Application.Channel.choices,
        widget=forms.RadioSelect,
        initial="phone",
    )
    registration_date = GovDateField(
        label="Registration date", required=False, help_text="Leave blank for today"
    )
    current_housing = forms.ChoiceField(
        label="Current housing",
        choices=[("", "Select current housing"), *Application.Housing.choices],
        required=False,
    )
    current_address = text("Current address (optional)")
    members = long_text(
        "Household members (optional)",
        help_text="One a line: person reference, partner/child/other, F or M. For example, P0000124, child, F",
    )
    medical_needs = long_text("Medical needs (optional)")
    welfare_needs = long_text("Welfare needs (optional)")
    needs_adapted = forms.BooleanField(label="Needs an adapted home", required=False)
    housing_need = forms.BooleanField(label="Has a housing need", required=False, initial=True)
    local_connections = text(
        "Local connection areas (optional)", help_text="Separated by commas. For example, Wychavon, Malvern"
    )
    residence_years = whole_number("Years living in the area", unit="years", maximum=120, initial=0)
    work_months = whole_number("Months working in the area", unit="months", maximum=1200, initial=0)
    family_years = whole_number(
        "Years immediate family has lived in the area", unit="years", maximum=120, initial=0
    )
    domestic_abuse = forms.BooleanField(label="Victim of domestic abuse", required=False)
    care_leaver = forms.BooleanField(label="Care leaver under 25", required=False)
    armed_forces = forms.BooleanField(label="Member or former member of the armed forces", required=False)

    def __init__(self, *args: Any, councils: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils if councils is not None else Council.objects.all()  # type: ignore[attr-defined]

    def clean_registration_date(self) -> dt.date:
        return self.cleaned_data["registration_date"] or timezone.localdate()

    def clean_current_housing(self) -> str:
        if not self.cleaned_data["current_housing"]:
            raise ValidationError("Select the applicant's current housing.")
        return str(self.cleaned_data["current_housing"])

    def clean_members(self) -> list[MemberInput]:
        return each_line(self.cleaned_data["members"], _member)


class CircumstancesForm(ApplicationForm):
    """A change of circumstances: the same facts as registration, without council, applicant and dates."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("council", "applicant", "channel", "registration_date"):
            del self.fields[name]

    @staticmethod
    def initial_from(app: Application) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(app, name) for name in CIRCUMSTANCE_FIELDS - {"local_connections", "exemptions"}
        }
        initial["members"] = "\n".join(
            f"{m.person.reference}, {m.relationship}, {m.sex}" for m in app.members.select_related("person")
        )
        initial["local_connections"] = ", ".join(app.local_connections)
        initial.update(exemptions_initial(app.exemptions))
        return initial
