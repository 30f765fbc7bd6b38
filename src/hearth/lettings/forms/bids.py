"""Bids: an officer bids for the applicant on an advert named by its reference."""

from __future__ import annotations

from django import forms

from hearth.lettings.models import Advert
from hearth.web.forms import ReferenceField


class BidForm(forms.Form):
    advert = ReferenceField(
        Advert,
        label="Advert reference",
        help_text="For example, AD000123",
        missing="Enter the advert reference.",
        noun="advert",
    )
