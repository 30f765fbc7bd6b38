"""Forms for the rent pages: parsing only; the services validate and decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from hearth.rents.models import ChargeKind, MoneyRequest
from hearth.rents.services import FILE_CHANNELS, MANUAL_CHANNELS
from hearth.web.forms import GovDateField, MoneyField

CHANNEL_LABELS = {
    "bank": "Bank transfer",
    "dd": "Direct Debit",
    "paypoint": "PayPoint / allpay",
    "hb": "Housing Benefit schedule",
    "uc": "Universal Credit managed payment",
    "cash": "Cash",
    "cheque": "Cheque",
    "card": "Card",
}


def _choices(values: tuple[str, ...], prompt: str) -> list[tuple[str, str]]:
    return [("", prompt), *[(v, CHANNEL_LABELS[v]) for v in values]]


def text(label: str, max_length: int, *, help_text: str = "") -> forms.CharField:
    """A line the officer types (a reference, a name, a figure); parsed only, the services check it."""
    return forms.CharField(label=label, required=False, max_length=max_length, help_text=help_text)


def text_area(label: str, *, max_length: int = 300, help_text: str = "") -> forms.CharField:
    """A few lines the officer writes (a reason, a note, an address); the services say when one is needed."""
    widget = forms.Textarea(attrs={"rows": 3})
    return forms.CharField(
        label=label, required=False, max_length=max_length, help_text=help_text, widget=widget
    )


def radios(label: str, choices: Any = (), **kwargs: Any) -> forms.ChoiceField:
    """One answer from a few, as radio buttons; the services say when none was chosen."""
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=False, **kwargs)


def _positive(amount: Decimal | None) -> Decimal:
    """An amount the officer must give, more than nothing; shown beside the other fields' problems
    (the service checks it again before anything is posted)."""
    if amount is None:
        raise forms.ValidationError("Enter an amount of money, like 95.50.")
    if amount <= 0:
        raise forms.ValidationError("Enter an amount more than £0.00.")
    return amount


class PaymentForm(forms.Form):
    amount = MoneyField(label="Amount (£)", required=False)
    paid_on = GovDateField(label="Date paid")
    channel = forms.ChoiceField(
        label="How it was paid", choices=_choices(MANUAL_CHANNELS, "Select"), required=False
    )
    reference = text("Reference (optional)", 60, help_text="For example, the cheque number")

    def clean_amount(self) -> Decimal:
        return _positive(self.cleaned_data.get("amount"))

    def clean_channel(self) -> str:
        channel = self.cleaned_data.get("channel", "")
        if not channel:
            raise forms.ValidationError("Select how the payment was made.")
        return str(channel)


class ReversePaymentForm(forms.Form):
    reversed_on = GovDateField(label="Date returned", required=False)
    reason = text_area(
        "Reason", max_length=150, help_text="For example, the cheque was returned unpaid by the bank"
    )


class ImportForm(forms.Form):
    channel = forms.ChoiceField(
        label="Where the file comes from", choices=_choices(FILE_CHANNELS, "Select"), required=False
    )
    file = forms.FileField(
        label="Payment file (CSV)",
        required=False,
        error_messages={"empty": "The selected file is empty.", "invalid": "Select a payment file."},
    )


class MoneyOutForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type", choices=[("", "Select"), *MoneyRequest.Kind.choices], required=False
    )
    amount = MoneyField(
        label="Amount (£)",
        required=False,
        allow_negative=True,
        help_text="For a rent debit amendment, a minus sign reduces what the tenant owes, e.g. -12.50",
    )
    corrects = text(
        "Transaction corrected (amendments only)",
        12,
        help_text="The number of the debit being amended, shown in the account's transactions",
    )
    reason = text_area("Reason")


class DecisionForm(forms.Form):
    """Approve or reject something waiting for a second officer; a subclass names its own choices."""

    choices: tuple[tuple[str, str], ...] = (("approve", "Approve and post"), ("reject", "Reject"))
    note_label = "Note (needed to reject)"
    missing = "Select whether to approve or reject the request."

    decision = radios("Decision")
    note = text("Note", 300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = list(self.choices)  # type: ignore[attr-defined]
        self.fields["note"].label = self.note_label

    def clean_decision(self) -> str:
        decision = str(self.cleaned_data.get("decision", ""))
        if not decision:
            raise forms.ValidationError(self.missing)
        return decision


class ClearSuspenseForm(forms.Form):
    account = text("Rent account reference", 12, help_text="For example, R0000123")


class DebitRunForm(forms.Form):
    week = GovDateField(label="Week beginning (a Monday)")


class ChargeForm(forms.Form):
    kind = forms.ChoiceField(label="Charge", choices=[("", "Select"), *ChargeKind.choices], required=False)
    weekly_amount = MoneyField(label="New weekly amount (£)", required=False)
    effective_from = GovDateField(label="From (a Monday)")
    description = text("Description (optional)", 100)


class OpenAccountForm(forms.Form):
    rent = MoneyField(label="Weekly rent (£)", required=False)
    service = MoneyField(label="Weekly service charge (£, optional)", required=False)
    water = MoneyField(label="Weekly water charge (£, optional)", required=False)


class StatementForm(forms.Form):
    first = GovDateField(label="From")
    last = GovDateField(label="To")


class RentChangeForm(forms.Form):
    year = text("Rent year (the year it starts)", 4, help_text="For example, 2026 for 2026/27")
    increase = text("Increase (%)", 6, help_text="For example, 4.8")
    cpi = text("September's CPI (%, only where the cap is CPI + 1%)", 6)
    include_other = forms.BooleanField(
        label="Also change garage, shop, commercial and leasehold rents, by the increase asked (the Rent "
        "Standard cap does not apply to them)",
        required=False,
    )


class ArrangementForm(forms.Form):
    weekly_amount = MoneyField(
        label="Weekly payment (£)",
        required=False,
        help_text="The rent plus the amount off the arrears each week",
    )
    start_date = GovDateField(label="First payment due")
    note = text("Note (optional)", 300)

    def clean_weekly_amount(self) -> Decimal:
        return _positive(self.cleaned_data.get("weekly_amount"))


class ServiceChargeForm(forms.Form):
    name = text("Name", 120, help_text="For example, Cleaning 2026/27")
    year = text("Rent year (the year it starts)", 4)
    area = text("Block or estate code", 16)
    annual = text("Annual budget (£)", 20)
    method = forms.ChoiceField(
        label="Share it",
        choices=[
            ("", "Select"),
            ("equal", "Equally"),
            ("bedrooms", "By bedrooms"),
            ("floor_area", "By floor area"),
        ],
        required=False,
    )
    works = forms.BooleanField(
        label="These are major works (leaseholders only; section 20 check)", required=False
    )


class ArrearsActionForm(forms.Form):
    stage = forms.ChoiceField(
        label="Action taken",
        required=False,
        error_messages={"invalid_choice": "Select the action that was taken."},
    )
    taken_on = GovDateField(label="Date taken")
    note = text_area("Note (optional)", help_text="For example, how the notice was served")

    def __init__(self, *args: Any, stages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "Select"), *stages]  # type: ignore[attr-defined]
        self.stage_codes = {code for code, _ in stages}

    def clean_stage(self) -> str:
        stage = str(self.cleaned_data.get("stage", "")).strip()
        if stage not in self.stage_codes:
            raise forms.ValidationError("Select the action that was taken.")
        return stage
