"""GOV.UK-style form pieces: a date field in three boxes with the Design System's messages,
and a helper that maps a service's ValidationError onto the form's fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from hearth.core.money import MAX_AMOUNT, MoneyError, parse_money


class GovDateWidget(forms.MultiWidget):
    is_date = True
    template_name = "web/includes/date_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-4",
                }
            ),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovDateField(forms.MultiValueField):
    widget = GovDateWidget

    def __init__(self, *, label: str, required: bool = True, **kwargs: Any) -> None:
        self.label_text = label
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields, required=required, require_all_fields=False, label=label, **kwargs)

    def clean(self, value: Any) -> dt.date | None:
        day, month, year = [(v or "").strip() for v in (value or ["", "", ""])]
        name = self.label_text[0].upper() + self.label_text[1:]
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter the {self.label_text.lower()}.")
            return None
        missing = [part for part, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise ValidationError(f"{name} must include a {' and a '.join(missing)}.")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"{name} must be a real date.")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{name} must be a real date.") from None

    def compress(self, data_list: list[Any]) -> Any:  # pragma: no cover - clean() does the work
        return data_list


def whole_number(label: str, low: int, high: int, **kwargs: Any) -> forms.IntegerField:
    """A count typed by an officer, from `low` to `high`, with one sentence for every way it is wrong."""
    wrong = f"{label} must be a whole number from {low} to {high}."
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        error_messages={
            "invalid": wrong,
            "min_value": wrong,
            "max_value": wrong,
            "required": f"Enter the number of {label.lower()}.",
        },
        **kwargs,
    )


def text_field(label: str, *, max_length: int, **kwargs: Any) -> forms.CharField:
    """A line the officer types, which the form lets through blank: the service says when it is
    needed (an optional one says so in its label)."""
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def postcode_field() -> forms.CharField:
    """A postcode: the service checks its shape; anything far too long is refused here."""
    return text_field(
        "Postcode",
        max_length=40,
        error_messages={"max_length": "Enter a real UK postcode, like SW1A 1AA."},
    )


def record_by_reference(model: type[models.Model], value: str, *, noun: str, missing: str) -> Any:
    """The record whose reference an officer typed (in any case, spaces around it ignored)."""
    ref = (value or "").strip().upper()
    if not ref:
        raise ValidationError(missing)
    found = model._default_manager.filter(reference=ref).first()
    if found is None:
        raise ValidationError(f"No {noun} has the reference {ref}.")
    return found


class ReferenceField(forms.CharField):
    """A record typed by its reference, like PR0001234: cleaning gives the record itself."""

    def __init__(self, model: Any, *, label: str, help_text: str, missing: str, noun: str) -> None:
        self.model, self.missing, self.noun = model, missing, noun
        super().__init__(label=label, max_length=12, required=False, help_text=help_text)

    def clean(self, value: Any) -> Any:
        return record_by_reference(self.model, super().clean(value), missing=self.missing, noun=self.noun)


def chosen(value: Any, missing: str) -> str:
    """A drop-down's choice, refused with `missing` when the officer left it on "Select ..."."""
    if not value:
        raise ValidationError(missing)
    return str(value)


class SelectField(forms.ChoiceField):
    """A drop-down the officer must answer: left on its first option ("Select ..."), it says `missing`."""

    def __init__(self, *, label: str, choices: Any, missing: str) -> None:
        self.missing = missing
        super().__init__(label=label, choices=choices, required=False)

    def clean(self, value: Any) -> str:
        return chosen(super().clean(value), self.missing)


def changed_only(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    """The cleaned values of the fields the officer changed (an edit sends only those to the service)."""
    return {k: v for k, v in data.items() if k in form.changed_data}


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put each sentence from a service on its field (or the form when the field isn't shown)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def merge_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Like apply_service_errors, but a field that already shows a parsing error keeps only that one."""
    if not hasattr(exc, "error_dict"):
        apply_service_errors(form, exc)
        return
    for field, errors in exc.message_dict.items():
        if field in form.errors:
            continue
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def also_check(form: forms.Form, validate: Callable[[dict[str, Any]], Any]) -> None:
    """When some fields failed to parse, still run the service's checks on the others, so the officer
    sees every problem at once rather than one round at a time. A form posted with no fields at all is
    not bound (`request.POST or None`), so it is shown afresh, without errors."""
    if not form.is_bound:
        return
    parsed = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    try:
        validate(parsed)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                if field in form.fields and field not in form.errors:
                    for message in errors:
                        form.add_error(field, message)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Choose a file",
        error_messages={
            "required": "Select a file to attach.",
            "empty": "The selected file is empty.",
            "invalid": "Select a file to attach.",
        },
    )
    description = text_field("Description (optional)", max_length=300)


class MoneyField(forms.CharField):
    """An amount of money typed by an officer, read by `core.money.parse_money` (the one reading)."""

    def __init__(self, *, allow_negative: bool = False, maximum: Decimal = MAX_AMOUNT, **kwargs: Any) -> None:
        self.allow_negative = allow_negative
        self.maximum = maximum
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return None
        if len(text) > 40:
            raise ValidationError("Enter an amount of money, like 95.50.", code="money")
        try:
            return parse_money(text, allow_negative=self.allow_negative, maximum=self.maximum)
        except MoneyError as exc:
            raise ValidationError(str(exc), code="money") from None
