"""Offers: the viewing, and the applicant's acceptance (the tenancy's start and type) or refusal."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from hearth.lettings.forms.shared import clock_time, radios, text
from hearth.tenancies.models import Tenancy
from hearth.web.forms import GovDateField


class OfferForm(forms.Form):
    viewing_on = GovDateField(label="Viewing date (optional)", required=False)
    viewing_time = text("Viewing time (optional)", max_length=5, help_text="24-hour time, like 14:30")

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
    kind = radios(
        "Type of tenancy",
        [(k, label) for k, label in Tenancy.Kind.choices if k in ("introductory", "secure", "flexible")],
        missing="Select the type of tenancy.",
        initial="introductory",
    )


class RefuseForm(forms.Form):
    reason = text("Applicant's reason for refusing")
    unreasonable = forms.BooleanField(
        label="The offer was suitable and the refusal is unreasonable", required=False
    )
