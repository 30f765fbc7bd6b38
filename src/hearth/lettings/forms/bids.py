"""Bids: an officer bids for the applicant on an advert named by its reference."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from hearth.lettings.models import Advert


class BidForm(forms.Form):
    advert = forms.CharField(
        label="Advert reference", max_length=12, required=False, help_text="For example, AD000123"
    )

    def clean_advert(self) -> Any:
        ref = (self.cleaned_data["advert"] or "").strip().upper()
        if not ref:
            raise ValidationError("Enter the advert reference.")
        advert = Advert.objects.filter(reference=ref).first()
        if advert is None:
            raise ValidationError(f"No advert has the reference {ref}.")
        return advert
