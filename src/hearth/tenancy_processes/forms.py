"""Forms for the tenancy process pages of this app: parsing only; the services validate and decide."""

from __future__ import annotations

from django import forms

from hearth.tenancy_processes.agreement_rules import OPTIONAL_PROCESSES
from hearth.tenancy_processes.models import AgreementKindRule


class KindRuleForm(forms.Form):
    notice_period = forms.CharField(
        label="Notice period", required=False, max_length=4, help_text="The least notice a tenant may give"
    )
    notice_unit = forms.ChoiceField(
        label="Notice in",
        choices=AgreementKindRule.NoticeUnit.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    end_on_sunday = forms.BooleanField(
        label="An agreement ended by notice must end on a Sunday, the last day of a rent week", required=False
    )
    ends_by = forms.ChoiceField(
        label="How the agreement ends",
        choices=AgreementKindRule.EndsBy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    processes = forms.MultipleChoiceField(
        label="Processes that apply",
        choices=list(OPTIONAL_PROCESSES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select processes from the list."},
    )
    rent_side = forms.BooleanField(
        label="Rent account steps apply: an account at sign-up; at the end, charges stop and days debited after "
        "the end are credited",
        required=False,
    )
    letter = forms.ChoiceField(
        label="Letter when the agreement ends", choices=AgreementKindRule.Letter.choices, required=False
    )
