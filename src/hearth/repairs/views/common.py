"""What the repairs pages share: the posted data, number parameters, an order's tabs and columns."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from hearth.core.calendar import to_local
from hearth.core.permissions import has_capability
from hearth.repairs import selectors
from hearth.repairs.models import RepairOrder
from hearth.web.pages import history_context

S = RepairOrder.Status


def post_data(request: HttpRequest) -> Any:
    """The posted data, even when empty (a confirmation button posts nothing but the CSRF token)."""
    return request.POST if request.method == "POST" else None


def int_param(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def order_tabs(order: RepairOrder, current: str, request: HttpRequest) -> list[dict[str, Any]]:
    tabs: list[dict[str, Any]] = [{"key": "details", "label": "Details", "url": order.get_absolute_url()}]
    if has_capability(request.user, "audit.view"):
        tabs.append(
            {"key": "history", "label": "History", "url": reverse("repairs:order_history", args=[order.pk])}
        )
    tabs.append({"key": "files", "label": "Files", "url": reverse("repairs:order_files", args=[order.pk])})
    for tab in tabs:
        tab["current"] = tab["key"] == current
    return tabs


def order_or_404(pk: int) -> RepairOrder:
    try:
        return selectors.order_detail(pk)
    except RepairOrder.DoesNotExist:
        from django.http import Http404

        raise Http404("No such order") from None


def order_columns() -> list[Any]:
    return [
        ("Reference", lambda o: o.reference),
        ("Location", lambda o: o.location),
        ("Contractor", lambda o: o.contractor.name),
        ("Priority", lambda o: o.priority),
        ("Status", lambda o: o.get_status_display()),
        ("Raised", lambda o: to_local(o.raised_at).strftime("%Y-%m-%d %H:%M")),
        ("Target", lambda o: to_local(o.due_at).strftime("%Y-%m-%d %H:%M")),
        ("Total", lambda o: o.total),
    ]


def user_named(username: str) -> Any:
    """The user with this username, or the sentence on the username field."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username.strip()).first()
    if user is None:
        raise ValidationError({"username": ["There is no user with that username."]})
    return user


def history_page(request: HttpRequest, record: Any, title: str, tabs: list[dict[str, Any]]) -> HttpResponse:
    """The record's audit history, under its title and tabs."""
    return render(
        request,
        "web/history.html",
        {
            **history_context(record, request),
            "record_title": title,
            "record_caption": "History",
            "tabs": tabs,
            "page_title": f"History of {record.reference}",
        },
    )
