"""Helpers every page uses: pagination, list pages with filters and export (`web/list.html`),
record tabs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from hearth.core import audit, files
from hearth.core.permissions import has_capability, require
from hearth.web.export import Column, export_response
from hearth.web.records import tab_url


def paginate(request: HttpRequest, qs: QuerySet[Any] | Sequence[Any], per_page: int | None = None) -> Page:
    paginator = Paginator(qs, per_page or settings.HEARTH_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *drop: str) -> str:
    params = [(k, v) for k, values in request.GET.lists() for v in values if k not in drop and v != ""]
    return urlencode(params)


def list_page(
    request: HttpRequest,
    *,
    template: str,
    qs: QuerySet[Any],
    export_name: str,
    columns: Sequence[Column],
    context: dict[str, Any],
) -> HttpResponse | StreamingHttpResponse:
    """A filtered list: HTML with pagination, or every filtered row as CSV/Excel (?export=csv|xlsx)."""
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        require(request.user, "export")
        return export_response(
            fmt,
            export_name,
            columns,
            qs.iterator(chunk_size=2000),
        )
    page = paginate(request, qs)
    return render(
        request,
        template,
        {
            **context,
            "page": page,
            "querystring": query_without(request, "page", "export"),
            "can_export": has_capability(request.user, "export"),
        },
    )


def filter_choice(
    name: str, label: str, options: Iterable[tuple[Any, str]], value: Any, *, wide: bool = False
) -> dict[str, Any]:
    """A list page's drop-down filter (its first option is "Any")."""
    return {
        "name": name,
        "label": label,
        "options": [(str(v), text) for v, text in options],
        "value": "" if value is None else str(value),
        "wide": wide,
    }


def filter_text(
    name: str, label: str, value: Any, *, width: str = "", numeric: bool = False
) -> dict[str, Any]:
    """A list page's typed filter."""
    return {
        "name": name,
        "label": label,
        "options": None,
        "value": "" if value is None else str(value),
        "width": width,
        "numeric": numeric,
    }


class Filters:
    """A list page's filters, each read from the query string and shown above the list (`shown`,
    for `web/list.html`) in the order the view reads them."""

    def __init__(self, request: HttpRequest) -> None:
        self.query = request.GET
        self.shown: list[dict[str, Any]] = []

    def choice(self, name: str, label: str, options: Iterable[tuple[Any, str]]) -> str:
        """A drop-down: the option given, or "" (any) when what was given is not one of them."""
        offered = [(str(v), text) for v, text in options]
        value = self.query.get(name, "")
        value = value if value in {v for v, _ in offered} else ""
        self.shown.append(filter_choice(name, label, offered, value))
        return value

    def record(self, name: str, label: str, options: Iterable[tuple[Any, str]]) -> int | None:
        """A drop-down of records (a wide one), by id: any id given is kept, so one that no record
        has finds nothing."""
        value = self.query.get(name, "")
        pk = int(value) if value.isdigit() else None
        self.shown.append(filter_choice(name, label, options, pk, wide=True))
        return pk

    def text(self, name: str, label: str, *, width: str = "", longest: int | None = None) -> str:
        """A typed filter: what was given, without spaces around it (and cut to `longest`)."""
        value = self.query.get(name, "").strip()[:longest]
        self.shown.append(filter_text(name, label, value, width=width))
        return value

    def number(self, name: str, label: str, *, width: str) -> int | None:
        """A typed whole number (None when what was given is not one)."""
        value = self.query.get(name, "")
        number = int(value) if value.isdigit() else None
        self.shown.append(filter_text(name, label, number, width=width, numeric=True))
        return number


def add_button(request: HttpRequest, capability: str, url_name: str, label: str) -> dict[str, str] | None:
    """A list page's button to add a record, for an officer who may."""
    return {"url": reverse(url_name), "label": label} if has_capability(request.user, capability) else None


def record_tabs(request: HttpRequest, obj: Model, base_url: str, current: str) -> list[dict[str, Any]]:
    """The Details tab (`base_url`, the record's page) and the shared History and Files tabs."""
    tabs: list[dict[str, Any]] = [{"key": "details", "label": "Details", "url": base_url}]
    if has_capability(request.user, "audit.view"):
        tabs.append({"key": "history", "label": "History", "url": tab_url(obj, "history")})
    tabs.append({"key": "files", "label": "Files", "url": tab_url(obj, "files")})
    for tab in tabs:
        tab["current"] = tab["key"] == current
    return tabs


def record_page(
    request: HttpRequest,
    template: str,
    obj: Model,
    *,
    title: str,
    caption: str,
    page_title: str = "",
    **context: Any,
) -> HttpResponse:
    """A record's Details tab: its title and caption over the record's tabs, and what the page shows."""
    return render(
        request,
        template,
        {
            "obj": obj,
            "record_title": title,
            "record_caption": caption,
            "tabs": record_tabs(request, obj, obj.get_absolute_url(), "details"),  # type: ignore[attr-defined]
            "page_title": page_title or title,
            **context,
        },
    )


def history_context(obj: Model, request: HttpRequest) -> dict[str, Any]:
    return {"events": paginate(request, audit.history_for(obj), per_page=50)}


def files_context(obj: Model, user: Any) -> dict[str, Any]:
    """The record's files, for a user who may see the record (refused otherwise, 403 or 404)."""
    return {"attachments": list(files.visible_attachments(user, obj))}
