"""Forms for the rent pages: parsing only; the services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.core.money import to_money
from hearth.rents.models import ChargeKind, MoneyRequest
from hearth.rents.services import FILE_CHANNELS, MANUAL_CHANNELS
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes.rules import (
    ALL_RELATIONSHIPS,
    ASSIGNMENT_ROUTES,
    END_REASONS,
    NAME_EVIDENCE,
    REVIEW_OUTCOMES,
    SUCCESSION_RELATIONSHIPS,
)
from hearth.web.forms import GovDateField

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


def _positive_money(value: str) -> str:
    """Parse a sum of money typed by an officer, so the form can show the problem beside the other
    fields' problems; the service checks it again before anything is posted."""
    text = (value or "").strip().replace("£", "").replace(",", "")
    try:
        amount = to_money(text)
        positive = amount > 0
    except Exception:
        raise forms.ValidationError("Enter an amount of money, like 95.50.") from None
    if not positive:
        raise forms.ValidationError("Enter an amount more than £0.00.")
    return value


class PaymentForm(forms.Form):
    amount = forms.CharField(label="Amount (£)", required=False, max_length=20)
    paid_on = GovDateField(label="Date paid")
    channel = forms.ChoiceField(
        label="How it was paid", choices=_choices(MANUAL_CHANNELS, "Select"), required=False
    )
    reference = forms.CharField(
        label="Reference (optional)",
        required=False,
        max_length=60,
        help_text="For example, the cheque number",
    )

    def clean_amount(self) -> str:
        return _positive_money(self.cleaned_data.get("amount", ""))

    def clean_channel(self) -> str:
        channel = self.cleaned_data.get("channel", "")
        if not channel:
            raise forms.ValidationError("Select how the payment was made.")
        return str(channel)


class ReversePaymentForm(forms.Form):
    reversed_on = GovDateField(label="Date returned", required=False)
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=150,
        help_text="For example, the cheque was returned unpaid by the bank",
        widget=forms.Textarea(attrs={"rows": 3}),
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
    amount = forms.CharField(
        label="Amount (£)",
        required=False,
        max_length=20,
        help_text="For a rent debit amendment, a minus sign reduces what the tenant owes, e.g. -12.50",
    )
    corrects = forms.CharField(
        label="Transaction corrected (amendments only)",
        required=False,
        max_length=12,
        help_text="The number of the debit being amended, shown in the account's transactions",
    )
    reason = forms.CharField(
        label="Reason", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve and post"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(label="Note (needed to reject)", required=False, max_length=300)


class ClearSuspenseForm(forms.Form):
    account = forms.CharField(
        label="Rent account reference", required=False, max_length=12, help_text="For example, R0000123"
    )


class DebitRunForm(forms.Form):
    week = GovDateField(label="Week beginning (a Monday)")


class ChargeForm(forms.Form):
    kind = forms.ChoiceField(label="Charge", choices=[("", "Select"), *ChargeKind.choices], required=False)
    weekly_amount = forms.CharField(label="New weekly amount (£)", required=False, max_length=20)
    effective_from = GovDateField(label="From (a Monday)")
    description = forms.CharField(label="Description (optional)", required=False, max_length=100)


class OpenAccountForm(forms.Form):
    rent = forms.CharField(label="Weekly rent (£)", required=False, max_length=20)
    service = forms.CharField(label="Weekly service charge (£, optional)", required=False, max_length=20)
    water = forms.CharField(label="Weekly water charge (£, optional)", required=False, max_length=20)


class StatementForm(forms.Form):
    first = GovDateField(label="From")
    last = GovDateField(label="To")


class SignUpForm(forms.Form):
    property_ref = forms.CharField(
        label="Property reference", max_length=12, required=False, help_text="For example, PR0001234"
    )
    kind = forms.ChoiceField(
        label="Type of tenancy", choices=[("", "Select a type"), *Tenancy.Kind.choices], required=False
    )
    start_date = GovDateField(label="Start date")
    tenants = forms.CharField(
        label="Tenants",
        required=False,
        max_length=200,
        help_text="Person references, separated by commas. For example, P0000123",
    )
    occupants = forms.CharField(label="Other occupants (optional)", required=False, max_length=400)
    rent = forms.CharField(label="Weekly rent (£)", required=False, max_length=20)
    service = forms.CharField(label="Weekly service charge (£, optional)", required=False, max_length=20)
    water = forms.CharField(label="Weekly water charge (£, optional)", required=False, max_length=20)
    id_checked = forms.BooleanField(label="I have seen each tenant's proof of identity", required=False)
    eligibility_checked = forms.BooleanField(
        label="I have checked each tenant's eligibility and immigration status", required=False
    )


class TerminationForm(forms.Form):
    end_reason = forms.ChoiceField(
        label="Reason",
        choices=[("", "Select a reason"), *END_REASONS.items()],
        required=False,
        error_messages={"invalid_choice": "Select why the agreement is ending."},
    )
    notice_received = GovDateField(label="Date the notice was received", required=False)
    end_date = GovDateField(label="Last day of the tenancy")
    forwarding_address = forms.CharField(
        label="Forwarding address", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, reasons: dict[str, str] | None = None, **kwargs: Any) -> None:
        """`reasons`: the ways the kind of agreement ends (by notice, or by surrender or forfeiture)."""
        super().__init__(*args, **kwargs)
        if reasons is not None:
            field = self.fields["end_reason"]
            if isinstance(field, forms.ChoiceField):
                field.choices = [("", "Select a reason"), *reasons.items()]


class RentChangeForm(forms.Form):
    year = forms.CharField(
        label="Rent year (the year it starts)",
        max_length=4,
        required=False,
        help_text="For example, 2026 for 2026/27",
    )
    increase = forms.CharField(
        label="Increase (%)", max_length=6, required=False, help_text="For example, 4.8"
    )
    cpi = forms.CharField(
        label="September's CPI (%, only where the cap is CPI + 1%)", max_length=6, required=False
    )
    include_other = forms.BooleanField(
        label="Also change garage, shop, commercial and leasehold rents, by the increase asked (the Rent "
        "Standard cap does not apply to them)",
        required=False,
    )


class ArrangementForm(forms.Form):
    weekly_amount = forms.CharField(
        label="Weekly payment (£)",
        required=False,
        max_length=20,
        help_text="The rent plus the amount off the arrears each week",
    )
    start_date = GovDateField(label="First payment due")
    note = forms.CharField(label="Note (optional)", required=False, max_length=300)

    def clean_weekly_amount(self) -> str:
        return _positive_money(self.cleaned_data.get("weekly_amount", ""))


class ServiceChargeForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=120, required=False, help_text="For example, Cleaning 2026/27"
    )
    year = forms.CharField(label="Rent year (the year it starts)", max_length=4, required=False)
    area = forms.CharField(label="Block or estate code", max_length=16, required=False)
    annual = forms.CharField(label="Annual budget (£)", max_length=20, required=False)
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


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome", choices=list(REVIEW_OUTCOMES.items()), widget=forms.RadioSelect, required=False
    )
    reason = forms.CharField(
        label="Reason (needed to extend or end)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


MAX_EXCHANGE_PARTIES = 12


class ExchangeForm(forms.Form):
    """Two or more tenancies in a ring: each party moves into the next party's home, the last into
    the first's. "Add another tenancy" posts the form back with one more party (no JavaScript)."""

    def __init__(self, *args: Any, parties: int = 2, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = max(2, min(parties, MAX_EXCHANGE_PARTIES))
        for n in range(1, self.parties + 1):
            moves = f"party {n + 1}" if n < self.parties else "party 1"
            self.fields[f"party_{n}"] = forms.CharField(
                label=f"Tenancy reference of party {n}",
                max_length=12,
                required=False,
                help_text=f"This household moves into the home of {moves}. For example, T0000123",
            )
            self.fields[f"proceedings_{n}"] = forms.BooleanField(
                label=f"I have checked that the tenant of party {n} is not facing possession proceedings",
                required=False,
            )
        self.fields["exchange_date"] = GovDateField(label="Date of the exchange")

    def carry_over(self, data: Any) -> dict[str, Any]:
        """What was typed before "Add another tenancy", as the new form's initial values."""
        initial: dict[str, Any] = {}
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(data, {}, name)
            try:
                initial[name] = field.clean(value)
            except forms.ValidationError:
                initial[name] = None
        return initial


class SuccessionForm(forms.Form):
    deceased = forms.CharField(label="Person reference of the tenant who died", max_length=12, required=False)
    date_of_death = GovDateField(label="Date of death")
    successor = forms.CharField(label="Person reference of the successor", max_length=12, required=False)
    relationship = forms.ChoiceField(
        label="Relationship to the tenant",
        choices=[("", "Select"), *ALL_RELATIONSHIPS.items()],
        required=False,
    )
    resided_since = GovDateField(label="Living at the home since")
    discretionary = forms.BooleanField(
        label="Ask for a discretionary succession (outside the statutory rules; a senior officer decides)",
        required=False,
    )
    reason = forms.CharField(
        label="Reason (needed for a discretionary succession)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class JointForm(forms.Form):
    change = forms.ChoiceField(
        label="Change",
        choices=[
            ("add", "Sole to joint: a tenant joins"),
            ("remove", "Joint to sole: a joint tenant leaves"),
            ("death", "Joint to sole: a joint tenant has died (this counts as the one succession)"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    person = forms.CharField(
        label="Person reference", max_length=12, required=False, help_text="For example, P0000123"
    )
    on = GovDateField(label="Date of the change")
    reason = forms.CharField(label="Reason (optional)", max_length=200, required=False)


class AssignmentForm(forms.Form):
    route = forms.ChoiceField(
        label="Assignment", choices=list(ASSIGNMENT_ROUTES.items()), widget=forms.RadioSelect, required=False
    )
    assignee = forms.CharField(label="Person reference of the new tenant", max_length=12, required=False)
    on = GovDateField(label="Date of the assignment")
    relationship = forms.ChoiceField(
        label="Relationship to the tenant (if they would have succeeded)",
        choices=[("", "Select"), *SUCCESSION_RELATIONSHIPS.items()],
        required=False,
    )
    resided_since = GovDateField(
        label="Living at the home since (if they would have succeeded)", required=False
    )


class NameChangeForm(forms.Form):
    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        if isinstance(field, forms.ChoiceField):
            field.choices = people

    person = forms.ChoiceField(label="Whose name has changed", widget=forms.RadioSelect, required=False)
    title = forms.CharField(label="New title (optional)", max_length=20, required=False)
    first_name = forms.CharField(label="New first name", max_length=100, required=False)
    middle_names = forms.CharField(label="New middle names (optional)", max_length=100, required=False)
    last_name = forms.CharField(label="New last name", max_length=100, required=False)
    evidence = forms.ChoiceField(
        label="Evidence of the change you have seen",
        choices=list(NAME_EVIDENCE.items()),
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label="Describe the evidence (needed for other evidence)", max_length=200, required=False
    )


class ProcessDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve and carry out"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(label="Note (needed to refuse)", required=False, max_length=300)


class ArrearsActionForm(forms.Form):
    stage = forms.ChoiceField(
        label="Action taken",
        required=False,
        error_messages={"invalid_choice": "Select the action that was taken."},
    )
    taken_on = GovDateField(label="Date taken")
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text="For example, how the notice was served",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, stages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "Select"), *stages]  # type: ignore[attr-defined]
        self.stage_codes = {code for code, _ in stages}

    def clean_stage(self) -> str:
        stage = str(self.cleaned_data.get("stage", "")).strip()
        if stage not in self.stage_codes:
            raise forms.ValidationError("Select the action that was taken.")
        return stage
