"""Scheme rules and partners: a new version of the rules, a partner, an officer added to a partner."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from hearth.lettings.forms.shared import exemptions_initial, pop_exemptions
from hearth.lettings.models import Council
from hearth.web.forms import GovDateField


def _bands_text(bands: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{b['code']} | {b.get('name') or b['code']} | {b.get('time_limit_months') or ''}" for b in bands
    )


class SchemeForm(forms.Form):
    effective_from = GovDateField(label="In force from")
    bands = forms.CharField(
        label="Bands, highest priority first",
        widget=forms.Textarea,
        required=False,
        help_text="One a line: code | name | time limit in months (blank for none). For example, A | Priority | 3",
    )
    bid_limit = forms.IntegerField(
        label="Bids per applicant per cycle",
        min_value=1,
        max_value=20,
        error_messages={"invalid": "Enter a whole number.", "required": "Enter the bid limit."},
    )
    minimum_age = forms.IntegerField(
        label="Minimum age to join the register",
        min_value=16,
        max_value=100,
        error_messages={"invalid": "Enter a whole number."},
    )
    residence_years = forms.IntegerField(
        label="Local connection: years living in the area",
        min_value=0,
        max_value=50,
        error_messages={"invalid": "Enter a whole number."},
    )
    work_months = forms.IntegerField(
        label="Local connection: months working in the area",
        min_value=0,
        max_value=600,
        error_messages={"invalid": "Enter a whole number."},
    )
    family_years = forms.IntegerField(
        label="Local connection: years immediate family has lived in the area",
        min_value=0,
        max_value=50,
        error_messages={"invalid": "Enter a whole number."},
    )
    domestic_abuse = forms.BooleanField(
        label="Victims of domestic abuse need no local connection", required=False
    )
    care_leaver = forms.BooleanField(label="Care leavers under 25 need no local connection", required=False)
    armed_forces = forms.BooleanField(
        label="The armed forces and veterans need no local connection", required=False
    )
    refusal_limit = forms.IntegerField(
        label="Unreasonable refusals before a penalty (0 for none)",
        min_value=0,
        max_value=10,
        error_messages={"invalid": "Enter a whole number."},
    )
    refusal_suspension_months = forms.IntegerField(
        label="Suspension after that many refusals (months)",
        min_value=0,
        max_value=60,
        error_messages={"invalid": "Enter a whole number."},
    )
    auto_bid_top_band_after_days = forms.IntegerField(
        label="Bid automatically for the top band after (days, optional)",
        required=False,
        min_value=1,
        max_value=365,
        error_messages={"invalid": "Enter a whole number of days."},
    )

    @staticmethod
    def initial_from(policy: Any) -> dict[str, Any]:
        initial = {
            name: getattr(policy, name)
            for name in (
                "bid_limit",
                "minimum_age",
                "residence_years",
                "work_months",
                "family_years",
                "refusal_limit",
                "refusal_suspension_months",
                "auto_bid_top_band_after_days",
            )
        }
        initial["bands"] = _bands_text(policy.bands)
        initial.update(exemptions_initial(policy.exemptions))
        return initial

    def clean_bands(self) -> list[dict[str, Any]]:
        out = []
        for n, line in enumerate((self.cleaned_data["bands"] or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) > 3 or not parts[0]:
                raise ValidationError(
                    f"Line {n}: write the code, the name and the time limit, like A | Priority | 3."
                )
            months = parts[2] if len(parts) == 3 else ""
            if months and not months.isdigit():
                raise ValidationError(f"Line {n}: the time limit must be a whole number of months, or blank.")
            out.append(
                {
                    "code": parts[0],
                    "name": parts[1] if len(parts) > 1 and parts[1] else parts[0],
                    "time_limit_months": int(months) if months else None,
                }
            )
        if not out:
            raise ValidationError("List at least one band, highest priority first.")
        return out

    def service_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["exemptions"] = pop_exemptions(d)
        return d


class PartnerForm(forms.Form):
    code = forms.CharField(label="Code", max_length=12, required=False, help_text="For example, WYC")
    name = forms.CharField(label="Name", max_length=120, required=False)
    kind = forms.ChoiceField(
        label="Type",
        choices=Council.Kind.choices,
        widget=forms.RadioSelect,
        initial="council",
        error_messages={"required": "Select the type of partner."},
    )
    area = forms.CharField(label="Local connection area (optional)", max_length=80, required=False)


class OfficerForm(forms.Form):
    username = forms.CharField(label="Officer's username", max_length=150, required=False)
    council = forms.ModelChoiceField(
        label="Partner", queryset=Council.objects.all(), empty_label="Select a partner", required=False
    )

    def clean_username(self) -> Any:
        name = (self.cleaned_data["username"] or "").strip()
        if not name:
            raise ValidationError("Enter the officer's username.")
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise ValidationError(f"No user has the username {name}.")
        return user

    def clean_council(self) -> Council:
        if self.cleaned_data["council"] is None:
            raise ValidationError("Select the partner the officer works for.")
        return self.cleaned_data["council"]
