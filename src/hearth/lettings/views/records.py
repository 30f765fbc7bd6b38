"""The application record's tabs and what every lettings page shares: the record or 404, the
record's caption and tabs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from hearth.core.permissions import has_capability
from hearth.lettings import selectors, services
from hearth.lettings.models import Application
from hearth.web.actions import action_page


def int_param(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def application_or_404(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.application_detail(request.user, pk)
    except Application.DoesNotExist:
        raise Http404("No such application.") from None


# the application record's tabs: key, label and the name of the route
TABS = [
    ("details", "Details", "lettings:application"),
    ("bands", "Bands", "lettings:application_bands"),
    ("bids", "Bids and offers", "lettings:application_bids"),
    ("files", "Evidence", "lettings:application_files"),
    ("history", "History", "lettings:application_history"),
]


def _tabs(app: Application, current: str, request: HttpRequest) -> list[dict[str, Any]]:
    shown = [t for t in TABS if t[0] != "history" or has_capability(request.user, "audit.view")]
    return [
        {"key": key, "label": label, "url": reverse(route, args=[app.pk]), "current": key == current}
        for key, label, route in shown
    ]


def record_context(request: HttpRequest, app: Application, tab: str) -> dict[str, Any]:
    policy = services.current_policy()
    return {
        "obj": app,
        "record_title": app.applicant.full_name,
        "record_caption": f"Application {app.reference} · {app.council.name}",
        "tabs": _tabs(app, tab, request),
        "page_title": f"{tab.capitalize()} – application {app.reference}",
        "band_name": policy.band_name(app.band) if app.band else "",
    }


def application_action(
    request: HttpRequest,
    app: Application,
    *,
    form: forms.Form,
    title: str,
    template: str = "lettings/simple_form.html",
    back: str = "",
    context: dict[str, Any] | None = None,
    **action: Any,
) -> HttpResponse:
    """An action on an application through the shared form-post page (`web.actions.action_page`):
    the application is the page's record, and Cancel and success go back to it unless `back` says."""
    return action_page(
        request,
        form=form,
        title=title,
        caption=f"Application {app.reference}",
        back=back or app.get_absolute_url(),
        template=template,
        context={"obj": app, **(context or {})},
        **action,
    )
