"""{% govuk_field form.name %} renders a field the GOV.UK way; a few display filters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from hearth.core.money import format_money
from hearth.core.pages import page_url as _page_url
from hearth.core.validators import format_ni_number

register = template.Library()


def _kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if getattr(widget, "is_date", False):
        return "date"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.simple_tag
def govuk_field(field: forms.BoundField, width: str = "", hint: str = "") -> SafeString:
    """One field the Design System's way; its width (in characters) as given, else from the form's
    `widths` declaration (field name -> width)."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "text")
    return render_to_string(
        "web/includes/field.html",
        {
            "field": field,
            "kind": _kind(field),
            "input_type": input_type if input_type != "number" else "text",
            "width": width or getattr(field.form, "widths", {}).get(field.name, ""),
            "hint": hint or field.help_text,
            "value": "" if input_type == "password" or field.value() is None else field.value(),
        },
    )


@register.filter
def money(value: Decimal | None) -> str:
    return "" if value is None else format_money(value)


@register.filter
def ni(value: str | None) -> str:
    return format_ni_number(value) if value else ""


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.simple_tag
def page_url(url_name: str, pk: Any) -> str:
    """`{% url url_name pk %}` for a route taking one id, cheap enough for every row of a long list."""
    url = _page_url(url_name, pk)
    if url is None:
        raise template.TemplateSyntaxError(f"No page route is named {url_name}.")
    return url
