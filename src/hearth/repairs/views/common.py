"""What the repairs pages share: the posted data, number parameters, an order's tabs and columns,
and the table-driven action pages (one declaration an action, one view that reads it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from hearth.core.calendar import to_local
from hearth.core.permissions import capability_required, has_capability
from hearth.repairs import selectors
from hearth.repairs.models import RepairOrder
from hearth.web.actions import action_page
from hearth.web.pages import history_context

S = RepairOrder.Status
T = TypeVar("T")


def post_data(request: HttpRequest) -> Any:
    """The posted data, even when empty (a confirmation button posts nothing but the CSRF token)."""
    return request.POST if request.method == "POST" else None


Words = str | Callable[[Any], str]  # a sentence, or one made from the record


@dataclass(frozen=True)
class Action:
    """One action on a record as the officer sees it: its title, form and button, the sentence
    above the form, and the service it calls with (the officer, the record, the cleaned data)."""

    title: str
    run: Callable[[Any, Any, dict[str, Any]], Any]
    done: Words
    form: Callable[..., forms.Form] = forms.Form
    button: str = "Save"
    intro: Words = ""
    check: Callable[[Any, dict[str, Any]], Any] | None = None
    form_options: Callable[[Any], dict[str, Any]] | None = None  # extra form arguments from the record
    then: Callable[[Any], str] | None = None  # where to go with what the service returned


def adding(noun: str, form: Callable[..., forms.Form], create: Any, check: Any, model: Any) -> Action:
    """Adding a record (a contractor, a contract): `create` makes it from the form, `check` finds every
    problem in what was typed, and the officer goes on to the new record's page."""
    return Action(
        title=f"Add a {noun}",
        form=form,
        button=f"Add {noun}",
        run=lambda actor, _none, d: create(actor=actor, **d),
        check=lambda _none, d: check(d),
        done=f"{noun.capitalize()} added.",
        then=model.get_absolute_url,
    )


def _words(words: Words, record: Any) -> str:
    return words(record) if callable(words) else words


def record_action(
    request: HttpRequest,
    record: Any,
    action: Action,
    *,
    caption: str,
    back: str | None = None,
    form: forms.Form | None = None,
) -> HttpResponse:
    """The action's page for this record (None for a new one): back to the record unless told otherwise."""
    options = action.form_options(record) if action.form_options else {}
    check = action.check
    return action_page(
        request,
        form=form if form is not None else action.form(post_data(request), **options),
        title=action.title,
        caption=caption,
        back=back or record.get_absolute_url(),
        button=action.button,
        intro=_words(action.intro, record),
        run=lambda d: action.run(request.user, record, d),
        check=(lambda d: check(record, d)) if check else None,
        done=_words(action.done, record),
        then=action.then,
    )


def action_view(
    capability: str,
    records: type[Model] | QuerySet[Any],
    action: Action,
    caption: Callable[[Any], str] = lambda record: record.reference,
    back: Callable[[Any], str] | None = None,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The view for one action on the record with the id in the path."""

    @capability_required(capability)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        record = get_object_or_404(records, pk=pk)
        return record_action(
            request, record, action, caption=caption(record), back=back(record) if back else None
        )

    return view


def managing_view(
    records: type[Model] | QuerySet[Any], action: Action
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The view for one action on a contractor or a contract: for those who manage contractors, under
    the record's name."""
    return action_view("contractors.manage", records, action, caption=lambda record: record.name)


def adding_page(request: HttpRequest, action: Action, form: forms.Form | None = None) -> HttpResponse:
    """The page adding a contractor or a contract (see `adding`): under Contractors, back to their list."""
    return record_action(
        request, None, action, caption="Contractors", back=reverse("repairs:contractors"), form=form
    )


def target_sentence(order: RepairOrder) -> str:
    """The order's target as the officer reads it above a form."""
    return f"The target is {to_local(order.due_at):%-d %B %Y at %H:%M}."


def int_param(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def record_in_query(request: HttpRequest, records: type[Model] | QuerySet[Any], name: str) -> Any:
    """The record whose id the page was given as `?name=` (404 if there is none), or None when not given."""
    if not request.GET.get(name):
        return None
    return get_object_or_404(records, pk=int_param(request.GET.get(name)))


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


def found_or_404(find: Callable[[int], T], pk: int, missing: str) -> T:
    """The record `find` reads by `pk` (with what its page shows), or the not-found page."""
    try:
        return find(pk)
    except ObjectDoesNotExist:
        raise Http404(missing) from None


def order_or_404(pk: int) -> RepairOrder:
    return found_or_404(selectors.order_detail, pk, "No such order")


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
