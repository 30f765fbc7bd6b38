"""The application record's tabs and what every lettings page shares: the record or 404 (and a
record of another partner's, 404), the record's caption and tabs, the form pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core.permissions import capability_required, has_capability, require
from hearth.lettings import selectors, services
from hearth.lettings.models import Application
from hearth.web.actions import action_page
from hearth.web.forms import apply_service_errors


def int_param(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _value(path: str) -> Callable[[Any], Any]:
    get = attrgetter(path)

    def value(row: Any) -> Any:
        found = get(row)
        return found() if callable(found) else found

    return value


def columns(*spec: tuple[str, str | Callable[[Any], Any]]) -> list[tuple[str, Callable[[Any], Any]]]:
    """The columns of a list and its export: a heading and the dotted path of the row's value (a method
    on the path is called, like get_status_display), or a function of the row."""
    return [(heading, _value(how) if isinstance(how, str) else how) for heading, how in spec]


def post_one(
    request: HttpRequest,
    form: forms.Form,
    *,
    run: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], str],
    then: Callable[[Any], str],
) -> HttpResponse | None:
    """One of the forms of a page that has several: parsed input runs the service, and success shows
    the banner and goes on; otherwise None, and the page shows the form with every problem on it."""
    if not form.is_valid():
        return None
    try:
        result = run(form.cleaned_data)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    messages.success(request, done(result))
    return redirect(then(result))


@dataclass(frozen=True)
class Post:
    """One of the forms of a page that has several, posted with its `action`: the form, the service it
    runs with the cleaned data, the banner, where success goes, and the name the page shows it by
    (its action unless told)."""

    form: type[forms.Form]
    run: Callable[[dict[str, Any]], Any]
    done: str | Callable[[Any], str]
    then: Callable[[Any], str]
    shown_as: str = ""


def forms_page(
    request: HttpRequest,
    template: str,
    posts: dict[str, Post],
    *,
    context: dict[str, Any],
    capability: str = "",
) -> HttpResponse:
    """A page with several forms (`posts`, by the action each posts): the posted one runs its service
    (once the officer has `capability`, when posting needs more than seeing the page) and goes on, or
    the page shows again with that form's problems (400)."""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    shown = {name: post.form() for name, post in posts.items()}
    failed: forms.Form | None = None
    if action in posts:
        if capability:
            require(request.user, capability)
        post = posts[action]
        failed = shown[action] = post.form(request.POST)
        done = post.done
        posted = post_one(
            request,
            failed,
            run=post.run,
            done=done if callable(done) else lambda result: done,
            then=post.then,
        )
        if posted is not None:
            return posted
    page = {**context, **{post.shown_as or name: shown[name] for name, post in posts.items()}, "form": failed}
    return render(request, template, page, status=400 if failed is not None and failed.errors else 200)


def application_or_404(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.application_detail(request.user, pk)
    except Application.DoesNotExist:
        raise Http404("No such application.") from None


def partners_or_404(request: HttpRequest, records: Any, pk: int, *partners: str, missing: str) -> Any:
    """The record with this id, or the not-found page when there is none or it belongs to none of the
    officer's partners (the partner ids at the dotted paths `partners`: an advert's landlord, an
    application's council)."""
    record = get_object_or_404(records, pk=pk)
    if not services.sees_partner(request.user, *(attrgetter(path)(record) for path in partners)):
        raise Http404(missing)
    return record


def of_application_or_404(request: HttpRequest, records: Any, pk: int) -> tuple[Any, Application]:
    """A record of an application (a bid, a review) and the application, or the not-found page when
    either is missing or the application is another partner's."""
    record = get_object_or_404(records, pk=pk)
    return record, application_or_404(request, record.application_id)


# the application record's tabs, each the key of its route (lettings:application_KEY) and its label;
# the details are the record's own page
TABS = {
    "details": "Details",
    "bands": "Bands",
    "bids": "Bids and offers",
    "files": "Evidence",
    "history": "History",
}


def _tabs(app: Application, current: str, request: HttpRequest) -> list[dict[str, Any]]:
    shown = [key for key in TABS if key != "history" or has_capability(request.user, "audit.view")]
    return [
        {
            "key": key,
            "label": TABS[key],
            "url": app.get_absolute_url()
            if key == "details"
            else reverse(f"lettings:application_{key}", args=[app.pk]),
            "current": key == current,
        }
        for key in shown
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


@dataclass(frozen=True)
class FormPage:
    """The fixed words of a form page: its title, its button, a sentence above the form, the route
    Back goes to (an application's own tab when the page is an application's) and its template."""

    title: str
    button: str = "Save"
    intro: str = ""
    back: str = ""
    template: str = "web/action.html"

    def show(
        self, request: HttpRequest, form: forms.Form, *, caption: str = "", **action: Any
    ) -> HttpResponse:
        """The page through the shared form-post page (`web.actions.action_page`)."""
        if "back" not in action:
            action["back"] = reverse(self.back)
        action.setdefault("template", self.template)
        return action_page(
            request,
            form=form,
            title=self.title,
            caption=caption,
            button=self.button,
            intro=self.intro,
            **action,
        )


def application_action(
    request: HttpRequest,
    app: Application,
    page: FormPage,
    form: forms.Form,
    *,
    context: dict[str, Any] | None = None,
    **action: Any,
) -> HttpResponse:
    """An action on an application: the application is the page's record, and Back and success go
    to it unless the page names another of its tabs."""
    back = reverse(page.back, args=[app.pk]) if page.back else app.get_absolute_url()
    return page.show(
        request,
        form,
        caption=f"Application {app.reference}",
        back=back,
        context={"obj": app, **(context or {})},
        **action,
    )


def application_form_view(
    capability: str,
    page: FormPage,
    form_class: type[forms.Form],
    service: Callable[..., Any],
    *,
    done: str | Callable[[Any], str],
    initial: Callable[[Application], dict[str, Any]] | None = None,
    then: str = "",
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The page of an action on an application that one service does with what the form parsed (its
    `service_data()` where it has one); `then` names the tab that success goes to."""

    @capability_required(capability)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        app = application_or_404(request, pk)
        form = form_class(request.POST or None, initial=initial(app) if initial else None)
        parsed = getattr(form, "service_data", None)

        def run(d: dict[str, Any]) -> Any:
            return service(actor=request.user, application=app, **(parsed() if parsed else d))

        return application_action(
            request, app, page, form, run=run, done=done, then=reverse(then, args=[app.pk]) if then else None
        )

    return view
