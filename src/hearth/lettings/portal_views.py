"""The applicant portal: sign in with a code sent by email; see band, effective date and bedroom need;
bid for and withdraw from adverts; see live queue positions and published lettings results.

These pages are for applicants, not staff: they are public (no staff sign-in) and act only on the
application held in the portal session."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from hearth.core.models import Attachment
from hearth.core.permissions import public
from hearth.lettings import portal, selectors, services
from hearth.lettings.forms import OnlineApplicationForm
from hearth.lettings.forms.shared import email_address, text
from hearth.lettings.models import Advert, Application, Bid

SESSION_KEY = "lettings_portal_application"
EMAIL_KEY = "lettings_portal_email"


class EmailForm(forms.Form):
    email = email_address("The email address on your housing application")


class CodeForm(forms.Form):
    code = text(
        "Sign-in code",
        max_length=12,
        help_text="The 6-digit code in the email we sent you",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


def _errors_on(form: forms.Form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def applicant_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        pk = request.session.get(SESSION_KEY)
        app = (
            Application.objects.select_related("applicant", "council")
            .filter(pk=pk, status__in=portal.SIGNED_IN_STATUSES)
            .first()
            if pk
            else None
        )
        if app is None:
            return redirect("lettings:portal_sign_in")
        request.applicant_application = app  # type: ignore[attr-defined]
        return view(request, app, *args, **kwargs)

    return public(wrapped)


@public
def sign_in(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            portal.request_code(email=form.cleaned_data["email"])
        except ValidationError as exc:
            _errors_on(form, exc)
        else:
            request.session[EMAIL_KEY] = form.cleaned_data["email"].strip()
            return redirect("lettings:portal_code")
    return render(
        request,
        "lettings/portal/sign_in.html",
        {"form": form, "page_title": "Sign in to your housing application"},
        status=400 if form.errors else 200,
    )


@public
def enter_code(request: HttpRequest) -> HttpResponseBase:
    email = request.session.get(EMAIL_KEY)
    if not email:
        return redirect("lettings:portal_sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = portal.verify_code(email=email, code=form.cleaned_data["code"])
        except ValidationError as exc:
            _errors_on(form, exc)
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = app.pk
            request.session.pop(EMAIL_KEY, None)
            return redirect("lettings:portal_home")
    return render(
        request,
        "lettings/portal/code.html",
        {"form": form, "email": email, "page_title": "Enter your sign-in code"},
        status=400 if form.errors else 200,
    )


@public
def sign_out(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        request.session.pop(SESSION_KEY, None)
    return redirect("lettings:portal_sign_in")


def _home_page(
    request: HttpRequest, app: Application, problems: list[str], status: int = 200
) -> HttpResponse:
    return render(
        request,
        "lettings/portal/home.html",
        {
            "app": app,
            "summary": portal.summary(app),
            "bids": portal.live_bids(app),
            "problems": problems,
            "page_title": "Your housing application",
        },
        status=status,
    )


def _problems(exc: ValidationError) -> list[str]:
    return [m for ms in exc.message_dict.values() for m in ms]


@applicant_required
def home(request: HttpRequest, app: Application) -> HttpResponse:
    return _home_page(request, app, [])


@public
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A photo of an advertised home: public while the home is advertised, like the advert itself."""
    attachment = Attachment.objects.filter(
        pk=pk, content_type=ContentType.objects.get_for_model(Advert)
    ).first()
    if attachment is None or not services.is_photo(attachment):
        raise Http404("No such photo.")
    if not Advert.objects.filter(
        pk=int(attachment.object_id), status__in=[Advert.Status.LIVE, Advert.Status.SHORTLISTED]
    ).exists():
        raise Http404("No such photo.")
    return FileResponse(attachment.file.open("rb"), filename=attachment.filename)


def _with_photos(adverts: list[Advert]) -> list[Advert]:
    photos = services.advert_photos(adverts)
    for advert in adverts:
        advert.photos = photos.get(advert.pk, [])  # type: ignore[attr-defined]
    return adverts


ADVERTS_PER_PAGE = 20


@applicant_required
def adverts(request: HttpRequest, app: Application) -> HttpResponse:
    page = Paginator(portal.eligible_adverts(app), ADVERTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "lettings/portal/adverts.html",
        {
            "app": app,
            "page": page,
            "querystring": "",
            "adverts": _with_photos(list(page.object_list)),
            "page_title": "Homes you can bid for",
            "can_bid": app.status == Application.Status.LIVE and bool(app.band),
        },
    )


@applicant_required
def bid(request: HttpRequest, app: Application, pk: int) -> HttpResponseBase:
    advert = Advert.objects.filter(pk=pk).select_related("property", "cycle").first()
    if advert is None:
        raise Http404("No such advert.")
    if request.method != "POST":
        return redirect("lettings:portal_adverts")
    try:
        portal.place_bid(application=app, advert=advert)
    except ValidationError as exc:
        return render(
            request,
            "lettings/portal/adverts.html",
            {
                "app": app,
                "adverts": _with_photos(portal.eligible_adverts(app)),
                "problems": _problems(exc),
                "page_title": "Homes you can bid for",
                "can_bid": True,
            },
            status=400,
        )
    messages.success(request, f"You have bid for {advert.property.address_line_1}.")
    return redirect("lettings:portal_home")


@applicant_required
def withdraw(request: HttpRequest, app: Application, pk: int) -> HttpResponseBase:
    the_bid = Bid.objects.filter(pk=pk, application=app).first()
    if the_bid is None:
        raise Http404("No such bid.")
    if request.method == "POST":
        try:
            portal.withdraw_bid(application=app, bid=the_bid)
        except ValidationError as exc:
            return _home_page(request, app, _problems(exc), status=400)
        else:
            messages.success(request, "Your bid has been withdrawn.")
    return redirect("lettings:portal_home")


@applicant_required
def feedback(request: HttpRequest, app: Application) -> HttpResponse:
    return render(
        request,
        "lettings/portal/feedback.html",
        {"feedback": selectors.lettings_feedback()[:100], "page_title": "Recent lettings results"},
    )


@public
def apply(request: HttpRequest) -> HttpResponse:
    form = OnlineApplicationForm(request.POST or None)
    if form.is_bound:  # a post with no fields at all shows the form afresh
        if form.is_valid():
            try:
                portal.submit_application(**form.service_data())
            except ValidationError as exc:
                _errors_on(form, exc)
            else:
                return render(request, "lettings/portal/applied.html", {"page_title": "Application sent"})
        else:  # show every problem at once: the checks on the fields that did parse
            parsed = {k: v for k, v in form.cleaned_data.items() if k not in form.errors and k in form.fields}
            try:
                portal.validate_submission(parsed)
            except ValidationError as exc:
                for field, messages_ in exc.message_dict.items():
                    if field in form.fields and field not in form.errors:
                        for message in messages_:
                            form.add_error(field, message)
    return render(
        request,
        "lettings/portal/apply.html",
        {"form": form, "page_title": "Apply to join the housing register"},
        status=400 if form.errors else 200,
    )
