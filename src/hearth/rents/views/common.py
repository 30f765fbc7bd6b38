"""What the rent pages share: finding the account, its current tenants, and the two form pages
(an action on an account, declared once for its view by `account_action_view`, and a second
officer's decision), both through the shared action page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone

from hearth.core import files
from hearth.core.permissions import capability_required
from hearth.rents import selectors
from hearth.rents.models import RentAccount
from hearth.tenancies.models import TenancyParty
from hearth.web.actions import action_page
from hearth.web.pages import paginate

SEGMENT = "rents/accounts"
FORM_TEMPLATE = "rents/form.html"


def account_or_404(pk: int) -> RentAccount:
    """The account with what its pages show (one query and its prefetches), or 404."""
    try:
        return selectors.account_detail(pk)
    except RentAccount.DoesNotExist:
        raise Http404("No rent account has that id.") from None


def tenants(account: RentAccount) -> str:
    """The current tenants: not one who died, left a joint tenancy or assigned it."""
    parties = getattr(account.tenancy, "current_tenants", None)  # read with the account (account_detail)
    if parties is None:
        parties = (
            TenancyParty.objects.filter(tenancy=account.tenancy_id)
            .tenants()
            .current()
            .select_related("person")
        )
    return ", ".join(p.person.full_name for p in parties)


def long_date(value: dt.date | dt.datetime) -> str:
    """A day as the pages show it, like 3 December 2026 (a moment on its local day)."""
    day = timezone.localtime(value).date() if isinstance(value, dt.datetime) else value
    return dateformat.format(day, "j F Y")


def officer_name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def account_action(
    request: HttpRequest,
    account: RentAccount,
    *,
    title: str,
    heading: str = "",
    context: dict[str, Any] | None = None,
    **options: Any,
) -> HttpResponse:
    """An action on one rent account: the shared action page (`web.actions.action_page`, given the
    form, `run`, `done`, `button` and the rest as `options`), captioned with the account, going back
    to it, under `heading` (the title unless given)."""
    return action_page(
        request,
        title=title,
        caption=f"Rent account {account.reference}",
        back=account.get_absolute_url(),
        template=FORM_TEMPLATE,
        context={"heading": heading or title, **(context or {})},
        **options,
    )


def account_action_view(
    capability: str,
    *,
    form: Callable[[Any], forms.Form],
    title: str,
    run: Callable[[Any, RentAccount, dict[str, Any]], Any],
    done: str | Callable[[Any], str],
    button: str,
    heading: str = "",
    check: Callable[[RentAccount, dict[str, Any]], Any] | None = None,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The view of one action on the rent account with the id in the path: `form` is made from what
    was posted, `run` calls the service with (the officer, the account, the answers) and `check` the
    service's check with (the account, the answers)."""

    @capability_required(capability)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        account = account_or_404(pk)
        return account_action(
            request,
            account,
            form=form(request.POST or None),
            title=title,
            heading=heading,
            run=lambda d: run(request.user, account, d),
            check=(lambda d: check(account, d)) if check else None,
            done=done,
            button=button,
        )

    return view


Summary = list[tuple[str, str, str]]


def decision_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    pending: bool,
    title: str,
    heading: str,
    caption: str,
    summary: Summary,
    run: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A second officer's decision on something waiting in the approvals queue: what was asked, as
    `summary` rows (label, value, link), then the decision while it is still pending."""
    return action_page(
        request,
        form=form,
        title=title,
        caption=caption,
        back=reverse("rents:approvals"),
        run=run,
        done=done,
        button="Save decision",
        template=FORM_TEMPLATE,
        context={
            "heading": heading,
            "summary": summary,
            "form": form if pending else None,
            "back_label": "Back to approvals",
        },
    )


def queue_page(request: HttpRequest, template: str, rows: Any, *, title: str, **context: Any) -> HttpResponse:
    """A list of things waiting for the rent office (payments in suspense, requests for approval), a
    page at a time."""
    page = {"page": paginate(request, rows), "querystring": "", "page_title": title, **context}
    return render(request, template, page)


def inline_pdf(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF the browser shows (and the officer may save as `filename`)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def council_pdf(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    """A PDF from the council to a tenant or leaseholder: the council's name and today's date on it."""
    dated = {"council_name": settings.HEARTH_COUNCIL_NAME, "today": timezone.localdate(), **context}
    return inline_pdf(files.render_pdf(template, dated), filename)
