"""Registering an application and a change of circumstances: the household typed one member a line."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.lettings.forms.shared import ApplicantFactsForm, exemptions_initial, whole_number
from hearth.lettings.models import Application, Council
from hearth.lettings.services import CIRCUMSTANCE_FIELDS, MemberInput
from hearth.people.models import Person
from hearth.web.forms import GovDateField

MEMBER_LINE = re.compile(r"^\s*([A-Za-z]+\d+)\s*[,;]\s*(partner|child|other)\s*[,;]\s*([FMfm])\s*$")


def person_by_reference(value: str, label: str) -> Person:
    ref = (value or "").strip().upper()
    if not ref:
        raise ValidationError(f"Enter the {label}'s person reference.")
    person = Person.objects.filter(reference=ref).first()
    if person is None:
        raise ValidationError(f"No person has the reference {ref}.")
    return person


class ApplicationForm(ApplicantFactsForm):
    # the page's section headings, each shown before the field it names
    headings = {
        "medical_needs": "Needs",
        "local_connections": "Local connection",
        "domestic_abuse": "Exempt from the local connection test",
    }

    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.none(),
        empty_label="Select a council",
        required=False,
        error_messages={"invalid_choice": "Select the council the applicant is applying to."},
    )
    applicant = forms.CharField(
        label="Applicant's person reference",
        max_length=12,
        required=False,
        help_text="Add the person first if they are new. For example, P0000123",
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
    current_address = forms.CharField(label="Current address (optional)", max_length=300, required=False)
    members = forms.CharField(
        label="Household members (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="One a line: person reference, partner/child/other, F or M. For example, P0000124, child, F",
    )
    medical_needs = forms.CharField(label="Medical needs (optional)", required=False, widget=forms.Textarea)
    welfare_needs = forms.CharField(label="Welfare needs (optional)", required=False, widget=forms.Textarea)
    needs_adapted = forms.BooleanField(label="Needs an adapted home", required=False)
    housing_need = forms.BooleanField(label="Has a housing need", required=False, initial=True)
    local_connections = forms.CharField(
        label="Local connection areas (optional)",
        required=False,
        max_length=300,
        help_text="Separated by commas. For example, Wychavon, Malvern",
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

    def clean_council(self) -> Council:
        council = self.cleaned_data["council"]
        if council is None:
            raise ValidationError("Select the council the applicant is applying to.")
        return council

    def clean_applicant(self) -> Person:
        return person_by_reference(self.cleaned_data["applicant"], "applicant")

    def clean_registration_date(self) -> dt.date:
        return self.cleaned_data["registration_date"] or timezone.localdate()

    def clean_current_housing(self) -> str:
        if not self.cleaned_data["current_housing"]:
            raise ValidationError("Select the applicant's current housing.")
        return str(self.cleaned_data["current_housing"])

    def clean_members(self) -> list[MemberInput]:
        out = []
        for n, line in enumerate((self.cleaned_data["members"] or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = MEMBER_LINE.match(line)
            if not match:
                raise ValidationError(
                    f"Line {n}: write the person reference, partner/child/other and F or M, like P0000124, child, F."
                )
            person = person_by_reference(match.group(1), "household member")
            out.append(MemberInput(person, match.group(2).lower(), match.group(3).upper()))
        return out


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
