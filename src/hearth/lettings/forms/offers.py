"""Offers: the viewing, and the applicant's acceptance (the tenancy's start and type) or refusal."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from hearth.lettings.forms.shared import clock_time
from hearth.tenancies.models import Tenancy
from hearth.web.forms import GovDateField


class OfferForm(forms.Form):
    viewing_on = GovDateField(label="Viewing date (optional)", required=False)
    viewing_time = forms.CharField(
        label="Viewing time (optional)", max_length=5, required=False, help_text="24-hour time, like 14:30"
    )

    def clean_viewing_time(self) -> dt.time | None:
        value = self.cleaned_data["viewing_time"]
        return clock_time(value, "viewing time") if (value or "").strip() else None

    def viewing_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("viewing_on")
        if day is None:
            return None
        at = self.cleaned_data.get("viewing_time") or dt.time(10, 0)
        return dt.datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


class AcceptForm(forms.Form):
    start_date = GovDateField(label="Tenancy start date")
    kind = forms.ChoiceField(
        label="Type of tenancy",
        choices=[
            (k, label) for k, label in Tenancy.Kind.choices if k in ("introductory", "secure", "flexible")
        ],
        widget=forms.RadioSelect,
        initial="introductory",
        error_messages={"required": "Select the type of tenancy."},
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(label="Applicant's reason for refusing", required=False, max_length=300)
    unreasonable = forms.BooleanField(
        label="The offer was suitable and the refusal is unreasonable", required=False
    )
