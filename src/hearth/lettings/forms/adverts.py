"""Cycles and adverts: a bidding cycle's window, and a void home advertised with its criteria."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.lettings.forms.shared import clock_time
from hearth.lettings.models import Council, Cycle
from hearth.properties.models import Property
from hearth.web.forms import GovDateField, MoneyField

WEEKLY_RENT_MAX = Decimal("999999.99")


class CycleForm(forms.Form):
    opens_on = GovDateField(label="Bidding opens on")
    opens_time = forms.CharField(
        label="Opens at", max_length=5, required=False, initial="00:01", help_text="24-hour time, like 00:01"
    )
    closes_on = GovDateField(label="Bidding closes on")
    closes_time = forms.CharField(
        label="Closes at", max_length=5, required=False, initial="23:59", help_text="24-hour time, like 23:59"
    )

    def clean_opens_time(self) -> dt.time:
        return clock_time(self.cleaned_data["opens_time"], "opening time")

    def clean_closes_time(self) -> dt.time:
        return clock_time(self.cleaned_data["closes_time"], "closing time")

    def service_data(self) -> dict[str, dt.datetime]:
        """The window as the service takes it: when bidding opens and when it closes."""
        d = self.cleaned_data
        tz = timezone.get_current_timezone()
        return {
            "opens_at": dt.datetime.combine(d["opens_on"], d["opens_time"], tzinfo=tz),
            "closes_at": dt.datetime.combine(d["closes_on"], d["closes_time"], tzinfo=tz),
        }


class AdvertForm(forms.Form):
    # the page's section headings, each shown before the field it names
    headings = {"bedrooms": "Who may bid", "weekly_rent": "About the home"}

    cycle = forms.ModelChoiceField(
        label="Cycle", queryset=Cycle.objects.none(), empty_label="Select a cycle", required=False
    )
    property_ref = forms.CharField(
        label="Property reference", max_length=12, required=False, help_text="For example, PR0001234"
    )
    landlord = forms.ModelChoiceField(
        label="Landlord", queryset=Council.objects.none(), empty_label="Select the landlord", required=False
    )
    bedrooms = forms.IntegerField(
        label="Bedrooms (optional)",
        required=False,
        min_value=0,
        max_value=10,
        help_text="Leave blank to use the property's bedrooms",
        error_messages={"invalid": "Enter a number of bedrooms from 0 to 10."},
    )
    min_age = forms.IntegerField(
        label="Minimum age (optional)",
        required=False,
        error_messages={"invalid": "Enter a minimum age from 16 to 100, or leave it blank."},
    )
    local_connection = forms.CharField(
        label="Local connection area (optional)", max_length=80, required=False
    )
    adapted_only = forms.BooleanField(label="Only for households needing an adapted home", required=False)
    preferred_band = forms.CharField(
        label="Band quota (optional)",
        max_length=20,
        required=False,
        help_text="A band whose bidders are offered this home first. For example, D",
    )
    # read by the one money parser, at most what the column holds; a negative rent is the service's
    # to refuse, so that its sentence comes with every other problem with the advert at once
    weekly_rent = MoneyField(
        label="Weekly rent (optional)", required=False, allow_negative=True, maximum=WEEKLY_RENT_MAX
    )
    description = forms.CharField(label="Description (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, councils: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.filter(status=Cycle.Status.OPEN)  # type: ignore[attr-defined]
        self.fields["landlord"].queryset = councils if councils is not None else Council.objects.all()  # type: ignore[attr-defined]

    def clean_cycle(self) -> Cycle:
        if self.cleaned_data["cycle"] is None:
            raise ValidationError("Select the cycle.")
        return self.cleaned_data["cycle"]

    def clean_landlord(self) -> Council:
        if self.cleaned_data["landlord"] is None:
            raise ValidationError("Select the landlord.")
        return self.cleaned_data["landlord"]

    def clean_property_ref(self) -> Property:
        ref = (self.cleaned_data["property_ref"] or "").strip().upper()
        if not ref:
            raise ValidationError("Enter the property reference.")
        prop = Property.objects.filter(reference=ref).first()
        if prop is None:
            raise ValidationError(f"No property has the reference {ref}.")
        return prop
