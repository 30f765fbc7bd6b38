"""History and files tabs, shared by every record page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hearth.core import files
from hearth.core.permissions import capability_required, require
from hearth.web.forms import UploadForm, apply_service_errors
from hearth.web.pages import files_context, history_context, record_tabs
from hearth.web.records import KINDS, record_url, tab_url


def _record(request: HttpRequest, segment: str, pk: int):
    """The record, refused (403 or 404) as its own module refuses it to this user."""
    kind = KINDS.get(segment)
    if kind is None:
        raise Http404("No such kind of record.")
    obj = get_object_or_404(kind.model, pk=pk)
    files.require_view(request.user, obj)
    return kind, obj


def _context(request: HttpRequest, segment: str, pk: int, tab: str) -> dict:
    kind, obj = _record(request, segment, pk)
    base = record_url(segment, pk)
    return {
        "obj": obj,
        "kind": kind,
        "record_title": kind.title(obj),
        "record_caption": f"{kind.noun} {kind.caption(obj)}",
        "tabs": record_tabs(request, obj, base, tab),
        "base_url": base,
        "page_title": f"{tab.capitalize()} – {kind.title(obj)}",
    }


@capability_required("audit.view")
def history(request: HttpRequest, segment: str, pk: int) -> HttpResponse:
    context = _context(request, segment, pk, "history")
    context.update(history_context(context["obj"], request))
    return render(request, "web/history.html", context)


@capability_required("records.view")
def record_files(request: HttpRequest, segment: str, pk: int) -> HttpResponse:
    context = _context(request, segment, pk, "files")
    form = UploadForm()
    if request.method == "POST":
        require(request.user, "files.attach")
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                files.attach(
                    actor=request.user,
                    record=context["obj"],
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "File attached.")
                return redirect(tab_url(context["obj"], "files"))
    context.update(files_context(context["obj"], request.user))
    context["form"] = form
    return render(request, "web/files.html", context, status=400 if form.errors else 200)


@capability_required("records.view")
def download(request: HttpRequest, pk: int) -> FileResponse:
    """A file, only to staff who may see its record (its module's capability and partner)."""
    attachment = files.attachment_for(request.user, pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.filename)
