"""Bids: an officer bids for the applicant on an advert named by its reference."""

from __future__ import annotations

from django import forms

from hearth.lettings.forms.shared import ReferenceField
from hearth.lettings.models import Advert


class BidForm(forms.Form):
    advert = ReferenceField(
        Advert,
        label="Advert reference",
        help_text="For example, AD000123",
        missing="Enter the advert reference.",
        noun="advert",
    )
