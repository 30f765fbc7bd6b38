"""An application's record: its details, bands, bids and offers, evidence and history tabs, and a
change of circumstances."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from hearth.core import audit, files
from hearth.core.permissions import capability_required, require
from hearth.lettings import domain, selectors, services
from hearth.lettings.forms import BidForm, CircumstancesForm
from hearth.lettings.views.records import action_form_page, application_or_404, record_context
from hearth.web.forms import UploadForm, apply_service_errors
from hearth.web.pages import paginate


@capability_required("lettings.view")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = application_or_404(request, pk)
    context = record_context(request, app, "details")
    context["members"] = list(app.members.all())
    context["exemptions"] = [domain.EXEMPTIONS[e] for e in app.exemptions if e in domain.EXEMPTIONS]
    context["reviews"] = list(app.reviews.select_related("decided_by"))
    return render(request, "lettings/application_detail.html", context)


@capability_required("lettings.view")
def application_bands(request: HttpRequest, pk: int) -> HttpResponse:
    app = application_or_404(request, pk)
    context = record_context(request, app, "bands")
    context["decisions"] = list(selectors.band_history(app))
    return render(request, "lettings/application_bands.html", context)


@capability_required("lettings.view")
def application_bids(request: HttpRequest, pk: int) -> HttpResponse:
    app = application_or_404(request, pk)
    context = record_context(request, app, "bids")
    context["bids"] = list(selectors.bids_of(app))
    context["offers"] = list(selectors.offers_of(app))
    context["form"] = BidForm()
    return render(request, "lettings/application_bids.html", context)


@capability_required("lettings.view")
def application_files(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence documents: proof of identity, address, medical evidence, local connection."""
    app = application_or_404(request, pk)
    form = UploadForm()
    if request.method == "POST":
        require(request.user, "files.attach")
        require(request.user, "lettings.edit")
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                files.attach(
                    actor=request.user,
                    record=app,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "File attached.")
                return redirect("lettings:application_files", pk=app.pk)
    context = record_context(request, app, "files")
    context.update({"form": form, "attachments": list(files.visible_attachments(request.user, app))})
    return render(request, "web/files.html", context, status=400 if form.errors else 200)


@capability_required("audit.view")
def application_history(request: HttpRequest, pk: int) -> HttpResponse:
    app = application_or_404(request, pk)
    context = record_context(request, app, "history")
    context["events"] = paginate(request, audit.history_for(app), per_page=50)
    return render(request, "web/history.html", context)


@capability_required("lettings.edit")
def application_circumstances(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A change of circumstances; the bedroom need is computed again."""
    app = application_or_404(request, pk)
    form = CircumstancesForm(request.POST or None, initial=CircumstancesForm.initial_from(app))
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        members = data.pop("members")
        try:
            services.change_circumstances(actor=request.user, application=app, members=members, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Change of circumstances recorded.")
            return redirect(app)
    return action_form_page(
        request, app, form, "lettings/simple_form.html", "Change of circumstances", {"button": "Save changes"}
    )
