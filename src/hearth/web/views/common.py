"""What the shared-record pages have in common: the page that adds a record (and the record it is
added from) and the page that changes one, each declared once for its view, through the shared
action page with Cancel back to where the officer came from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.web.actions import action_page
from hearth.web.forms import changed_only

View = Callable[..., HttpResponse]
Validate = Callable[..., Any]  # a service's check: the answers, and the record they change (None when new)


def given_record(request: HttpRequest, name: str, records: type[Model] | QuerySet[Any]) -> Any:
    """The record whose id the page was given as `?name=`: None when it is not given, not a number,
    or no record has it."""
    value = request.GET.get(name, "")
    if not value.isdigit():
        return None
    queryset = records._default_manager.all() if isinstance(records, type) else records
    return queryset.filter(pk=value).first()


def add_record_view(
    capability: str,
    *,
    form: type[forms.Form],
    title: str,
    back: str,
    create: Callable[..., Any],
    done: str | Callable[[Any], str],
    validate: Validate | None = None,
    initial: Callable[[HttpRequest], dict[str, Any]] = lambda request: {},
    button: str = "Save",
) -> View:
    """The view of the page that adds a record: the form starts from `initial` (what the page was
    given), `create` (the service) makes the record from the officer's answers and `validate` (its
    check) finds every problem in them; then on to the new record's page. Cancel goes back to the
    list (`back`, its URL name)."""

    @capability_required(capability)
    def view(request: HttpRequest) -> HttpResponse:
        return action_page(
            request,
            form=form(request.POST or None, initial=initial(request)),
            title=title,
            back=reverse(back),
            back_label="Cancel",
            run=lambda data: create(actor=request.user, **data),
            done=done,
            then=lambda record: record.get_absolute_url(),
            check=(lambda data: validate(data, instance=None)) if validate else None,
            button=button,
        )

    return view


def change_record_view(
    capability: str,
    records: type[Model],
    *,
    form: type[forms.Form],
    fields: Sequence[str],
    title: Callable[[Any], str],
    save: Callable[[Any, Any, dict[str, Any]], Any],
    validate: Validate | None = None,
    caption: Callable[[Any], str] = lambda record: "",
) -> View:
    """The view of the page that changes the record with the id in the path: the form starts from the
    record's `fields`, `save` calls the service with (the officer, the record, the answers the
    officer changed) and `validate` (its check) finds every problem in them; saving and Cancel both
    go back to the record's page."""

    @capability_required(capability)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        record = get_object_or_404(records, pk=pk)
        bound = form(request.POST or None, initial=model_to_dict(record, fields=fields))
        return action_page(
            request,
            form=bound,
            title=title(record),
            caption=caption(record),
            back=record.get_absolute_url(),  # type: ignore[attr-defined]
            back_label="Cancel",
            run=lambda data: save(request.user, record, changed_only(bound, data)),
            done="Details saved.",
            check=(lambda data: validate(data, instance=record)) if validate else None,
        )

    return view
