"""Qualification, bands, the bedroom need and the application's status: the officer's decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from hearth.lettings.forms.shared import bedroom_count, long_text, radios, text
from hearth.web.forms import GovDateField


class QualificationForm(forms.Form):
    note = text(
        "Note (optional)", help_text="Anything the decision letter should add to the scheme's reasons"
    )


class BandForm(forms.Form):
    band = radios("Band", missing="Select a band.")
    reason = long_text(
        "Reason", help_text="For example, Overcrowded by two bedrooms; medical need assessed as high"
    )
    decided_on = GovDateField(label="Date of the decision", required=False, help_text="Leave blank for today")

    def __init__(self, *args: Any, bands: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = bands or []  # type: ignore[attr-defined]

    def clean_decided_on(self) -> dt.date:
        return self.cleaned_data["decided_on"] or timezone.localdate()


class BedroomForm(forms.Form):
    bedrooms = bedroom_count("Bedrooms needed", help_text="Leave blank to go back to the size criteria")
    reason = text("Reason", help_text="For example, Overnight carer; medical need for a separate room")


class StatusForm(forms.Form):
    status = radios(
        "Change the application to",
        [("suspended", "Suspended"), ("cancelled", "Cancelled"), ("live", "Live (reinstate)")],
        missing="Select suspend, cancel or reinstate.",
    )
    reason = text("Reason")
    until = GovDateField(label="Suspended until (optional)", required=False)
