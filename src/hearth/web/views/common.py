"""What the shared-record pages have in common: the page that adds a record and the page that
changes one, both through the shared action page, with Cancel back to where the officer came from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from hearth.web.actions import action_page

Validate = Callable[..., Any]  # a service's check: the answers, and the record they change (None when new)


def add_record_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    back: str,
    create: Callable[..., Any],
    done: str | Callable[[Any], str],
    validate: Validate | None = None,
    button: str = "Save",
) -> HttpResponse:
    """The page that adds a record: `create` (the service) makes it from the officer's answers, and
    `validate` (its check) finds every problem in them; then on to the new record's page. Cancel
    goes back to the list (`back`)."""
    return action_page(
        request,
        form=form,
        title=title,
        back=back,
        back_label="Cancel",
        run=lambda data: create(actor=request.user, **data),
        done=done,
        then=lambda record: record.get_absolute_url(),
        check=(lambda data: validate(data, instance=None)) if validate else None,
        button=button,
    )


def change_record_page(
    request: HttpRequest,
    form: forms.Form,
    record: Model,
    *,
    title: str,
    run: Callable[[dict[str, Any]], Any],
    caption: str = "",
    validate: Validate | None = None,
) -> HttpResponse:
    """The page that changes `record`: `run` calls the service that saves the officer's answers, and
    `validate` (its check) finds every problem in them; saving and Cancel both go back to the
    record's page."""
    return action_page(
        request,
        form=form,
        title=title,
        caption=caption,
        back=record.get_absolute_url(),  # type: ignore[attr-defined]
        back_label="Cancel",
        run=run,
        done="Details saved.",
        check=(lambda data: validate(data, instance=record)) if validate else None,
    )
