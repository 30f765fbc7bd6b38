"""Qualification, bands, the bedroom need and the application's status: the officer's decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from hearth.web.forms import GovDateField


class QualificationForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text="Anything the decision letter should add to the scheme's reasons",
    )


class BandForm(forms.Form):
    band = forms.ChoiceField(
        label="Band", widget=forms.RadioSelect, error_messages={"required": "Select a band."}
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea,
        help_text="For example, Overcrowded by two bedrooms; medical need assessed as high",
    )
    decided_on = GovDateField(label="Date of the decision", required=False, help_text="Leave blank for today")

    def __init__(self, *args: Any, bands: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = bands or []  # type: ignore[attr-defined]

    def clean_decided_on(self) -> dt.date:
        return self.cleaned_data["decided_on"] or timezone.localdate()


class BedroomForm(forms.Form):
    bedrooms = forms.IntegerField(
        label="Bedrooms needed",
        required=False,
        min_value=0,
        max_value=10,
        help_text="Leave blank to go back to the size criteria",
        error_messages={"invalid": "Enter a number of bedrooms from 0 to 10."},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=300,
        help_text="For example, Overnight carer; medical need for a separate room",
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Change the application to",
        choices=[("suspended", "Suspended"), ("cancelled", "Cancelled"), ("live", "Live (reinstate)")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select suspend, cancel or reinstate."},
    )
    reason = forms.CharField(label="Reason", required=False, max_length=300)
    until = GovDateField(label="Suspended until (optional)", required=False)
