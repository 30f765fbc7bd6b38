"""The one way a page posts a form to a service: parse, call one service, show every problem or go on.

A GET shows the form. A POST whose fields parse calls `run` with the cleaned data: a
`ValidationError` from the service puts each sentence on its field (status 400, nothing stored);
success shows `done` (a sentence, or a function of what `run` returned) as a banner and redirects
to `then` (a URL, or a function of what `run` returned), else to `back`. When some fields do not
parse, `check` (the service's own check function) still runs on the others, so the officer sees
every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.web.forms import also_check, apply_service_errors

Then = str | Callable[[Any], str] | None


def action_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    title: str,
    back: str,
    run: Callable[[dict[str, Any]], Any],
    done: str | Callable[[Any], str],
    then: Then = None,
    caption: str = "",
    button: str = "Save",
    back_label: str = "Back",
    intro: str = "",
    check: Callable[[dict[str, Any]], Any] | None = None,
    template: str = "web/action.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """A form page for one action: 400 with every problem on bad input, nothing stored. The form's
    fields are shown in order, each as wide as the form's `widths` says (see `govuk_field`); the
    `caption` above the title names what the action is on (none for a page of its own)."""
    if request.method == "POST":
        if form.is_valid():
            try:
                result = run(form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, done(result) if callable(done) else done)
                target = then(result) if callable(then) else then
                return redirect(target or back)
        elif check is not None:
            also_check(form, check)
    page = {
        "form": form,
        "page_title": title,
        "caption": caption,
        "back": back,
        "back_label": back_label,
        "button": button,
        "intro": intro,
        "multipart": bool(getattr(form, "is_multipart", lambda: False)()),
        **(context or {}),
    }
    return render(request, template, page, status=400 if form.errors else 200)


def refusal_page(request: HttpRequest, *, title: str, caption: str, back: str, refusal: str) -> HttpResponse:
    """The page an action shows when its record refuses it (a closed case): the sentence, no form (409)."""
    page = {"refusal": refusal, "page_title": title, "caption": caption, "back": back}
    return render(request, "web/action.html", page, status=409)
