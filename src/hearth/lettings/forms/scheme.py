"""Scheme rules and partners: a new version of the rules, a partner, an officer added to a partner."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from hearth.lettings.forms.shared import (
    each_line,
    exemptions_initial,
    long_text,
    number,
    pop_exemptions,
    radios,
    record_choice,
    text,
)
from hearth.lettings.models import Council
from hearth.web.forms import GovDateField


def _bands_text(bands: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{b['code']} | {b.get('name') or b['code']} | {b.get('time_limit_months') or ''}" for b in bands
    )


def _band(n: int, line: str) -> dict[str, Any]:
    parts = [p.strip() for p in line.split("|")]
    if len(parts) > 3 or not parts[0]:
        raise ValidationError(
            f"Line {n}: write the code, the name and the time limit, like A | Priority | 3."
        )
    months = parts[2] if len(parts) == 3 else ""
    if months and not months.isdigit():
        raise ValidationError(f"Line {n}: the time limit must be a whole number of months, or blank.")
    return {
        "code": parts[0],
        "name": parts[1] if len(parts) > 1 and parts[1] else parts[0],
        "time_limit_months": int(months) if months else None,
    }


class SchemeForm(forms.Form):
    effective_from = GovDateField(label="In force from")
    bands = long_text(
        "Bands, highest priority first",
        help_text="One a line: code | name | time limit in months (blank for none). For example, A | Priority | 3",
    )
    bid_limit = number(
        "Bids per applicant per cycle",
        min_value=1,
        max_value=20,
        error_messages={"required": "Enter the bid limit."},
    )
    minimum_age = number("Minimum age to join the register", min_value=16, max_value=100)
    residence_years = number("Local connection: years living in the area", min_value=0, max_value=50)
    work_months = number("Local connection: months working in the area", min_value=0, max_value=600)
    family_years = number(
        "Local connection: years immediate family has lived in the area", min_value=0, max_value=50
    )
    domestic_abuse = forms.BooleanField(
        label="Victims of domestic abuse need no local connection", required=False
    )
    care_leaver = forms.BooleanField(label="Care leavers under 25 need no local connection", required=False)
    armed_forces = forms.BooleanField(
        label="The armed forces and veterans need no local connection", required=False
    )
    refusal_limit = number("Unreasonable refusals before a penalty (0 for none)", min_value=0, max_value=10)
    refusal_suspension_months = number(
        "Suspension after that many refusals (months)", min_value=0, max_value=60
    )
    auto_bid_top_band_after_days = number(
        "Bid automatically for the top band after (days, optional)",
        invalid="Enter a whole number of days.",
        required=False,
        min_value=1,
        max_value=365,
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
        out = each_line(self.cleaned_data["bands"], _band)
        if not out:
            raise ValidationError("List at least one band, highest priority first.")
        return out

    def service_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["exemptions"] = pop_exemptions(d)
        return d


class PartnerForm(forms.Form):
    code = text("Code", max_length=12, help_text="For example, WYC")
    name = text("Name", max_length=120)
    kind = radios("Type", Council.Kind.choices, missing="Select the type of partner.", initial="council")
    area = text("Local connection area (optional)", max_length=80)


class OfficerForm(forms.Form):
    username = text("Officer's username", max_length=150)
    council = record_choice(
        "Partner",
        Council.objects.all(),
        empty_label="Select a partner",
        missing="Select the partner the officer works for.",
    )

    def clean_username(self) -> Any:
        name = (self.cleaned_data["username"] or "").strip()
        if not name:
            raise ValidationError("Enter the officer's username.")
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise ValidationError(f"No user has the username {name}.")
        return user
