"""The one way a process page posts: parse the form, find the records it names, then check or carry
out the process, showing every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.tenancy_processes.forms import ProcessForm
from hearth.web.forms import merge_service_errors

FORM_TEMPLATE = "rents/form.html"
Message = str | Callable[[Any], str]


def process_page(
    request: HttpRequest,
    *,
    form: ProcessForm,
    check: Callable[[Any], Any],
    run: Callable[[Any], Any],
    done: Message,
    back: str,
    title: str,
    caption: str,
    button: str,
    heading: str = "",
    intro: str = "",
    then: Callable[[Any], str] | None = None,
    merge: Callable[[forms.Form, ValidationError], None] = merge_service_errors,
    context: dict[str, Any] | None = None,
    handle_post: bool = True,
) -> HttpResponse:
    """A process's form page. On a post, the form's `asked` turns what parsed into the process's
    request (finding the records named; a name nobody has goes on its field). Where any field has a
    problem, `check` runs the process's own checks on the rest and nothing changes; otherwise `run`
    carries the process out, `done` (a sentence, or a function of what `run` returned) shows as a
    banner and the officer goes to `then(result)`, else `back`. `handle_post=False` shows a posted
    form again without acting on it, as is a post with no fields at all (the form is not bound)."""
    if request.method == "POST" and handle_post and form.is_bound:
        form.is_valid()
        result = None
        try:
            arguments = form.asked(form.cleaned_data)
            if form.errors:  # show the other problems too, and change nothing
                check(arguments)
            else:
                result = run(arguments)
        except ValidationError as exc:
            merge(form, exc)
        else:
            if not form.errors:
                messages.success(request, done(result) if callable(done) else done)
                return redirect(then(result) if then is not None else back)
    page = {
        "form": form,
        "page_title": title,
        "heading": heading or title,
        "caption": caption,
        "back": back,
        "button": button,
        "intro": intro,
        **(context or {}),
    }
    return render(request, FORM_TEMPLATE, page, status=400 if form.errors else 200)
