"""Forms for the repairs pages: they parse what the officer typed; the services decide."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from hearth.core.calendar import make_local
from hearth.people.models import Person
from hearth.properties.models import Block, Estate
from hearth.repairs import domain
from hearth.repairs.models import Appointment, Contract, Contractor, HazardCase, PostInspection, RepairOrder
from hearth.web.forms import GovDateField, MoneyField

LINE_ROWS = 6
TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_time(value: str, label: str) -> dt.time:
    match = TIME.match(value or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError(f"Enter the {label} as a 24-hour time, like 14:30.")
    return dt.time(int(match.group(1)), int(match.group(2)))


def combine(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    if day is None or time is None:
        return None
    return make_local(dt.datetime.combine(day, time))


def optional_text(label: str, max_length: int | None = None, *, rows: int = 0) -> forms.CharField:
    """A text box the officer may leave empty (the service says when it is needed); `rows` makes it a text area."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, max_length=max_length, required=False, widget=widget)


def optional_email(label: str) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com."},
    )


def radios(
    label: str, choices: Any, *, missing: str | None = None, required: bool = True
) -> forms.ChoiceField:
    """One of a few answers, shown as radio buttons; `missing` is the sentence when none is chosen."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": missing} if missing else None,
    )


def pick(label: str, queryset: Any, empty_label: str) -> forms.ModelChoiceField:
    """An optional choice of a record from a list."""
    return forms.ModelChoiceField(label=label, queryset=queryset, required=False, empty_label=empty_label)


def percentage(label: str, **options: Any) -> forms.DecimalField:
    """A percentage like 2.5."""
    messages = {"invalid": "Enter the uplift as a percentage, like 2.5.", **options.pop("error_messages", {})}
    return forms.DecimalField(label=label, max_digits=6, decimal_places=2, error_messages=messages, **options)


class TimeField(forms.CharField):
    def __init__(self, *, label: str, **kwargs: Any) -> None:
        self.time_label = label.lower()
        super().__init__(
            label=label,
            max_length=5,
            help_text="24-hour time, like 14:30",
            error_messages={"required": f"Enter the {label.lower()}."},
            **kwargs,
        )

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value:
            return None
        return parse_time(value, self.time_label)


def _priority_choices() -> list[tuple[str, str]]:
    return [(p, domain.PRIORITY_LABELS.get(p, p.title())) for p in domain.PRIORITIES]


def _defect_choices() -> list[tuple[str, str]]:
    return [
        ("", "Not a qualifying repair"),
        *[
            (d.key, f"{d.label} ({d.days} working day{'s' if d.days > 1 else ''})")
            for d in domain.QUALIFYING_DEFECTS
        ],
    ]


class OrderForm(forms.Form):
    block = pick("Block (communal repair)", Block.objects.order_by("name"), "Not a block")
    estate = pick("Estate (communal repair)", Estate.objects.order_by("name"), "Not an estate")
    reported_by = pick("Reported by (optional)", Person.objects.none(), "Not recorded")
    channel = forms.ChoiceField(label="How was it reported?", choices=RepairOrder.Channel.choices)
    service_type = forms.ChoiceField(label="Service", choices=RepairOrder.ServiceType.choices)
    contract = pick("Contract", Contract.objects.none(), "Select a contract")
    description = optional_text("Describe the repair", 4000, rows=4)
    rtr_defect = forms.ChoiceField(
        label="Right to Repair qualifying defect", choices=_defect_choices, required=False
    )
    priority = forms.ChoiceField(
        label="Priority", choices=[("", "Use the suggested priority"), *_priority_choices()], required=False
    )

    def __init__(self, *args: Any, contracts: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]
        self.fields["reported_by"].queryset = people  # type: ignore[attr-defined]
        for i in range(LINE_ROWS):
            self.fields[f"code_{i}"] = forms.CharField(
                label=f"Line {i + 1} code", required=False, max_length=6
            )
            self.fields[f"qty_{i}"] = forms.CharField(
                label=f"Line {i + 1} quantity", required=False, max_length=12
            )

    def line_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"code_{i}"], self[f"qty_{i}"]) for i in range(LINE_ROWS)]

    def raw_lines(self) -> list[tuple[int, str, str]]:
        data = getattr(self, "cleaned_data", {})
        out = []
        for i in range(LINE_ROWS):
            code = str(data.get(f"code_{i}") or "").strip()
            qty = str(data.get(f"qty_{i}") or "").strip()
            if code or qty:
                out.append((i, code, qty))
        return out


class AppointmentForm(forms.Form):
    date = GovDateField(label="Appointment date")
    slot = radios("Slot", Appointment.Slot.choices, missing="Choose morning or afternoon.")
    later_reason = optional_text("If after the target: the resident's reason (optional)", 300)


class ReasonForm(forms.Form):
    reason = optional_text("Reason", 300)


class NoteForm(forms.Form):
    text = optional_text("Note", 4000, rows=3)


class CompletionForm(forms.Form):
    completed_on = GovDateField(label="Date completed")
    completed_time = TimeField(label="Time completed")
    first_time_fix = forms.TypedChoiceField(
        label="Fixed on the first visit?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        error_messages={"required": "Say whether the repair was fixed first time."},
    )
    notes = optional_text("Notes (optional)", rows=3)


class VariationForm(forms.Form):
    code = optional_text("Schedule code", 6)
    quantity = optional_text("Quantity", 12)
    reason = optional_text("Reason for the variation", 500)


class TargetForm(forms.Form):
    new_due = GovDateField(label="New target date")
    new_time = TimeField(label="New target time")
    reason = optional_text("Reason", 300)


class RechargeForm(forms.Form):
    recharge_amount = MoneyField(label="Amount to recharge (£)", required=False)
    recharge_evidence = optional_text("Evidence", 500)
    recharge_to = radios("Who is recharged", [], required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choices:  # the home's current and former agreements; without a former one, not asked
            field = self.fields["recharge_to"]
            if isinstance(field, forms.ChoiceField):
                field.choices = choices
        else:
            del self.fields["recharge_to"]


class InspectionForm(forms.Form):
    method = radios("How was it inspected?", PostInspection.Method.choices, required=False)
    inspected_on = GovDateField(label="Date inspected", required=False)
    outcome = radios(
        "Outcome", [c for c in PostInspection.Outcome.choices if c[0] != "pending"], required=False
    )
    notes = optional_text("Notes", rows=3)


class SampleMonthForm(forms.Form):
    month = forms.CharField(label="Month (YYYY-MM)", max_length=7)

    def clean_month(self) -> dt.date:
        try:
            return dt.datetime.strptime(self.cleaned_data["month"].strip(), "%Y-%m").date()
        except ValueError:
            raise ValidationError("Enter the month like 2025-06.") from None


class ContractorForm(forms.Form):
    name = optional_text("Name", 200)
    email = optional_email("Order email address (optional)")
    phone = optional_text("Phone number (optional)", 30)
    address = optional_text("Address (optional)", 300)
    trades = forms.CharField(label="Trades", max_length=500, required=False, help_text="Separate with commas")
    areas = forms.CharField(label="Areas", max_length=500, required=False, help_text="Separate with commas")


class ContractForm(forms.Form):
    contractor = pick("Contractor", Contractor.objects.order_by("name"), "Select a contractor")
    name = optional_text("Name", 200)
    start_date = GovDateField(label="Start date")
    end_date = GovDateField(label="End date (optional)", required=False)
    uplift_percent = percentage("Price uplift (%)", initial=0)


class UpliftForm(forms.Form):
    uplift_percent = percentage(
        "New price uplift (%)", error_messages={"required": "Enter the uplift as a percentage."}
    )
    reason = optional_text("Reason", 300)


class RateImportForm(forms.Form):
    file = forms.FileField(
        label="Schedule of rates file (CSV or Excel)",
        help_text="Columns: code, description, unit, rate, trade",
        error_messages={"required": "Select a file to import.", "empty": "The selected file is empty."},
    )


class HazardForm(forms.Form):
    severity = radios("Severity", HazardCase.Severity.choices, missing="Choose significant or emergency.")
    hazard = forms.CharField(label="Hazard", max_length=100, initial="Damp and mould", required=False)
    aware_on = GovDateField(label="Date the landlord became aware")
    aware_time = TimeField(label="Time the landlord became aware")
    description = optional_text("Description (optional)", rows=3)


class HazardStepForm(forms.Form):
    on = GovDateField(label="Date")


class MadeSafeForm(forms.Form):
    on = GovDateField(label="Date made safe")
    at_time = TimeField(label="Time made safe")


class AccommodationForm(forms.Form):
    accommodation_offered_on = GovDateField(label="Date offered")
    accommodation_details = optional_text("Accommodation offered", 300)
    accommodation_answer = radios(
        "Tenant's answer",
        [("waiting", "Waiting for an answer"), ("accepted", "Accepted"), ("refused", "Refused")],
    )
    accommodation_answered_on = GovDateField(label="Date answered (if answered)", required=False)


class LimitsForm(forms.Form):
    raise_limit = MoneyField(
        label="Raise limit (£)", error_messages={"required": "Enter the raise limit, like 500."}
    )
    vary_limit = MoneyField(
        label="Vary limit (£)", error_messages={"required": "Enter the vary limit, like 250."}
    )


PERIOD_UNITS = [("hours", "hours (elapsed)"), ("working_days", "working days"), ("days", "calendar days")]


class SettingsForm(forms.Form):
    sample_percent = forms.IntegerField(
        label="Post-inspection sample (% of each contractor's completed orders)",
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": "Enter a whole percentage from 0 to 100.",
            "min_value": "Enter a whole percentage from 0 to 100.",
            "max_value": "Enter a whole percentage from 0 to 100.",
        },
    )
    inspect_over = MoneyField(
        label="Inspect every order over (£)",
        error_messages={"required": "Enter the amount over which every order is inspected, like 1000."},
    )
    default_raise_limit = MoneyField(
        label="Default raise limit (£)",
        error_messages={"required": "Enter the default raise limit, like 500."},
    )
    default_vary_limit = MoneyField(
        label="Default vary limit (£)", error_messages={"required": "Enter the default vary limit, like 250."}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for p in domain.PRIORITIES:
            self.fields[f"{p}_count"] = forms.IntegerField(
                label=f"{p.title()} target",
                min_value=1,
                max_value=400,
                error_messages={
                    "invalid": f"Enter the {p} target as a whole number.",
                    "min_value": f"The {p} target must be at least 1.",
                    "max_value": f"The {p} target must be 400 or less.",
                    "required": f"Enter the {p} target.",
                },
            )
            self.fields[f"{p}_unit"] = forms.ChoiceField(
                label=f"{p.title()} target unit", choices=PERIOD_UNITS
            )

    def periods(self) -> dict[str, dict[str, Any]]:
        d = self.cleaned_data
        return {p: {"unit": d[f"{p}_unit"], "count": d[f"{p}_count"]} for p in domain.PRIORITIES}


class OfficerLimitForm(LimitsForm):
    username = forms.CharField(label="Username", max_length=150)

    field_order = ["username", "raise_limit", "vary_limit"]


class ContactForm(forms.Form):
    name = optional_text("Name", 150)
    role = optional_text("Role (optional)", 100)
    email = optional_email("Email address (optional)")
    phone = optional_text("Phone number (optional)", 30)


class UserLinkForm(forms.Form):
    username = forms.CharField(label="Username of the contractor's member of staff", max_length=150)


class IncidentForm(forms.Form):
    received_on = GovDateField(label="Date received")
    received_time = TimeField(label="Time received")
    caller = optional_text("Caller (optional)", 150)
    caller_phone = optional_text("Caller's phone number (optional)", 30)
    location = optional_text("Where (if not a home found by search)", 300)
    description = optional_text("What was reported", rows=4)
    action_taken = optional_text("Action taken (optional)", rows=3)
