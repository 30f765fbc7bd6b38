"""Cycles and adverts: a bidding cycle's window, and a void home advertised with its criteria."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from hearth.lettings.forms.shared import (
    bedroom_count,
    clock_time,
    long_text,
    number,
    record_choice,
    text,
)
from hearth.lettings.models import Council, Cycle
from hearth.properties.models import Property
from hearth.web.forms import GovDateField, MoneyField, ReferenceField

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

    cycle = record_choice(
        "Cycle", Cycle.objects.none(), empty_label="Select a cycle", missing="Select the cycle."
    )
    property_ref = ReferenceField(
        Property,
        label="Property reference",
        help_text="For example, PR0001234",
        missing="Enter the property reference.",
        noun="property",
    )
    landlord = record_choice(
        "Landlord", Council.objects.none(), empty_label="Select the landlord", missing="Select the landlord."
    )
    bedrooms = bedroom_count("Bedrooms (optional)", help_text="Leave blank to use the property's bedrooms")
    min_age = number(
        "Minimum age (optional)",
        invalid="Enter a minimum age from 16 to 100, or leave it blank.",
        required=False,
    )
    local_connection = text("Local connection area (optional)", max_length=80)
    adapted_only = forms.BooleanField(label="Only for households needing an adapted home", required=False)
    preferred_band = text(
        "Band quota (optional)",
        max_length=20,
        help_text="A band whose bidders are offered this home first. For example, D",
    )
    # read by the one money parser, at most what the column holds; a negative rent is the service's
    # to refuse, so that its sentence comes with every other problem with the advert at once
    weekly_rent = MoneyField(
        label="Weekly rent (optional)", required=False, allow_negative=True, maximum=WEEKLY_RENT_MAX
    )
    description = long_text("Description (optional)")

    def __init__(self, *args: Any, councils: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.filter(status=Cycle.Status.OPEN)  # type: ignore[attr-defined]
        self.fields["landlord"].queryset = councils if councils is not None else Council.objects.all()  # type: ignore[attr-defined]
