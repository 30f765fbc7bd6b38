"""An application's record: its details, bands, bids and offers, evidence and history tabs, and a
change of circumstances."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.core import audit, files
from hearth.core.permissions import capability_required, require
from hearth.lettings import domain, selectors, services
from hearth.lettings.forms import BidForm, CircumstancesForm
from hearth.lettings.models import Application
from hearth.lettings.views.records import (
    FormPage,
    application_action,
    application_form_view,
    application_or_404,
    record_context,
)
from hearth.web.forms import UploadForm
from hearth.web.pages import paginate


def _tab(request: HttpRequest, app: Application, tab: str, template: str = "", **parts: Any) -> HttpResponse:
    """One tab of the application's record: its caption and tabs, and what the tab shows."""
    context = {**record_context(request, app, tab), **parts}
    return render(request, template or f"lettings/application_{tab}.html", context)


@capability_required("lettings.view")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = application_or_404(request, pk)
    exemptions = [domain.EXEMPTIONS[e] for e in app.exemptions if e in domain.EXEMPTIONS]
    reviews = list(app.reviews.select_related("decided_by"))
    return _tab(
        request,
        app,
        "details",
        "lettings/application_detail.html",
        members=list(app.members.all()),
        exemptions=exemptions,
        reviews=reviews,
    )


@capability_required("lettings.view")
def application_bands(request: HttpRequest, pk: int) -> HttpResponse:
    app = application_or_404(request, pk)
    return _tab(request, app, "bands", decisions=list(selectors.band_history(app)))


@capability_required("lettings.view")
def application_bids(request: HttpRequest, pk: int) -> HttpResponse:
    app = application_or_404(request, pk)
    bids, offers = list(selectors.bids_of(app)), list(selectors.offers_of(app))
    return _tab(request, app, "bids", bids=bids, offers=offers, form=BidForm())


@capability_required("lettings.view")
def application_files(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence documents: proof of identity, address, medical evidence, local connection."""
    app = application_or_404(request, pk)
    if request.method == "POST":
        require(request.user, "files.attach")
        require(request.user, "lettings.edit")
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    context = record_context(request, app, "files")
    context["attachments"] = list(files.visible_attachments(request.user, app))
    return application_action(
        request,
        app,
        FormPage(context["page_title"], template="web/files.html", back="lettings:application_files"),
        form,
        context=context,
        run=lambda d: files.attach(
            actor=request.user, record=app, upload=d["file"], description=d["description"]
        ),
        done="File attached.",
    )


@capability_required("audit.view")
def application_history(request: HttpRequest, pk: int) -> HttpResponse:
    app = application_or_404(request, pk)
    return _tab(
        request,
        app,
        "history",
        "web/history.html",
        events=paginate(request, audit.history_for(app), per_page=50),
    )


# a change of circumstances; the bedroom need is computed again
application_circumstances = application_form_view(
    "lettings.edit",
    FormPage("Change of circumstances", button="Save changes"),
    CircumstancesForm,
    services.change_circumstances,
    initial=CircumstancesForm.initial_from,
    done="Change of circumstances recorded.",
)
