"""Rent pages: arrears list, account, statement (page and PDF), payments, suspense, imports, the
debit run, money out and the approvals queue. Thin: forms parse, services decide."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from hearth.core import files
from hearth.core.money import format_money
from hearth.core.permissions import capability_required, has_capability
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.rents import domain, forms, selectors, services
from hearth.rents import rent_change as rent_changes
from hearth.rents import service_charges as sc
from hearth.rents.models import (
    DebitRun,
    FreeWeek,
    MoneyRequest,
    OfficerLimit,
    RentAccount,
    RentChange,
    ServiceChargeBudget,
    SuspenseItem,
    Transaction,
)
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancy_processes import approvals as process_approvals
from hearth.tenancy_processes import assignment as assignments
from hearth.tenancy_processes import exchange, kind_rules, letters, termination
from hearth.tenancy_processes import joint as joint_changes
from hearth.tenancy_processes import name_change as name_changes
from hearth.tenancy_processes import review as reviews
from hearth.tenancy_processes import rules as tenancy_rules
from hearth.tenancy_processes import selectors as process_selectors
from hearth.tenancy_processes import sign_up as sign_ups
from hearth.tenancy_processes import succession as successions
from hearth.tenancy_processes.models import TenancyProcess
from hearth.web.forms import also_check, apply_service_errors, merge_service_errors
from hearth.web.pages import list_page, paginate, query_without, record_tabs

SEGMENT = "rents/accounts"


def _base(account: RentAccount) -> str:
    return f"/rents/accounts/{account.pk}/"


def _account(pk: int) -> RentAccount:
    get_object_or_404(RentAccount, pk=pk)
    return selectors.account_detail(pk)


def _tenants(account: RentAccount) -> str:
    """The current tenants: not one who died, left a joint tenancy or assigned it."""
    parties = (
        TenancyParty.objects.filter(tenancy=account.tenancy_id).tenants().current().select_related("person")
    )
    return ", ".join(p.person.full_name for p in parties)


# --- arrears list ------------------------------------------------------------------------------


def _arrears_columns() -> list[Any]:
    policy = selectors.stages()

    def stage(a: Any) -> str:
        s = domain.next_stage(a.due, a.weekly, policy, a.last_action_stage)
        return s.action if s else ""

    def last_action(a: Any) -> str:
        if not a.last_action_stage:
            return ""
        return f"{domain.stage_label(a.last_action_stage, policy)} {a.last_action_on.isoformat()}"

    return [
        ("Account", lambda a: a.reference),
        ("Agreement", lambda a: a.tenancy.reference),
        ("Property", lambda a: a.tenancy.property.address),
        ("Balance including charges not yet due", lambda a: f"{a.balance:.2f}"),
        ("Arrears", lambda a: f"{max(a.due, Decimal('0.00')):.2f}"),
        ("Weekly charge", lambda a: f"{a.weekly:.2f}"),
        ("Weeks owed", lambda a: f"{domain.weeks_owed_shown(a.due, a.weekly)}"),
        ("Last payment", lambda a: a.last_payment.isoformat() if a.last_payment else ""),
        ("Last action", last_action),
        ("Recommended action", stage),
    ]


@capability_required("rents.view")
def account_list(request: HttpRequest) -> HttpResponseBase:
    q = request.GET.get("q", "").strip()
    in_arrears = request.GET.get("arrears", "")
    stage = request.GET.get("stage", "")
    live = request.GET.get("live", "")
    raw_min = request.GET.get("min", "").strip()
    minimum = None
    min_error = ""
    if raw_min:
        try:
            minimum = Decimal(raw_min.replace("£", "").replace(",", ""))
        except InvalidOperation:
            min_error = "Enter the smallest balance as an amount of money, like 250.00."
    policy = selectors.stages()
    qs = selectors.account_list(
        q=q,
        in_arrears=in_arrears if in_arrears in ("yes", "no") else "",
        min_balance=minimum,
        live=live if live in ("yes", "no") else "",
        stage=stage if stage in {s.code for s in policy} else "",
    )
    context = {
        "q": q,
        "arrears": in_arrears,
        "stage": stage,
        "live": live,
        "min": raw_min,
        "min_error": min_error,
        "stages": policy,
        "page_title": "Rent accounts and arrears",
    }
    if request.GET.get("export") in ("csv", "xlsx"):
        return list_page(
            request,
            template="rents/list.html",
            qs=qs,
            export_name="rent-accounts",
            columns=_arrears_columns(),
            context=context,
        )
    page = paginate(request, qs)
    response = render(
        request,
        "rents/list.html",
        {
            **context,
            "page": page,
            "rows": selectors.with_stage(page.object_list),
            "querystring": query_without(request, "page", "export"),
            "can_export": has_capability(request.user, "export"),
            "pending": selectors.pending_requests().count(),
            "suspense": selectors.open_suspense().count(),
        },
    )
    if min_error:
        response.status_code = 400
    return response


# --- account page ------------------------------------------------------------------------------


@capability_required("rents.view")
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    balance = selectors.balance(account)
    arrears = selectors.arrears(account)
    weekly = selectors.weekly_charge(account)
    today = timezone.localdate()
    policy = selectors.stages()
    last_action = selectors.last_arrears_action(account)
    return render(
        request,
        "rents/account.html",
        {
            "obj": account,
            "record_title": f"Rent account {account.reference}",
            "record_caption": f"Agreement {account.tenancy.reference}",
            "tabs": record_tabs(request, account, _base(account), "details"),
            "tenants": _tenants(account),
            "balance": balance,
            "weekly": weekly,
            "arrears": arrears,
            "due_balance": selectors.balance(account, today),
            "weeks_owed": domain.weeks_owed_shown(arrears, weekly),
            "uc_monthly": selectors.uc_monthly(weekly, today),
            "stage": domain.next_stage(arrears, weekly, policy, last_action.stage if last_action else None),
            "last_action": last_action,
            "last_action_label": domain.stage_label(last_action.stage, policy) if last_action else "",
            "page": paginate(request, selectors.transactions(account), per_page=50),
            "querystring": "",
            "statement_from": (today - dt.timedelta(days=90)).isoformat(),
            "statement_to": today.isoformat(),
            "requests": account.money_requests.select_related("requested_by").order_by("-requested_at")[:10],
            "tenancy_processes": process_selectors.processes_of(account.tenancy_id),
            "kind_rule": kind_rules.rule_for(account.tenancy.kind),
            "arrangement": selectors.arrangement_status(account),
            "rent_changes": list(
                RentChange.objects.filter(effective_from__gte=account.tenancy.start_date)[:3]
            ),
            "page_title": f"Rent account {account.reference}",
        },
    )


def _statement_dates(request: HttpRequest) -> tuple[dt.date, dt.date] | None:
    try:
        first = dt.date.fromisoformat(request.GET.get("from", ""))
        last = dt.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        return None
    return (first, last) if first <= last else None


@capability_required("rents.view")
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    files.require_view(request.user, account)
    dates = _statement_dates(request)
    if dates is None:
        today = timezone.localdate()
        return render(
            request,
            "rents/statement.html",
            {
                "obj": account,
                "error": "Enter the statement's dates as From and To, From no later than To.",
                "first": request.GET.get("from", ""),
                "last": request.GET.get("to", ""),
                "default_first": (today - dt.timedelta(days=90)).isoformat(),
                "default_last": today.isoformat(),
                "page_title": "Statement",
            },
            status=400,
        )
    st = selectors.statement(account, *dates)
    context = {
        "obj": account,
        "st": st,
        "tenants": _tenants(account),
        "page_title": "Statement",
        "first": dates[0].isoformat(),
        "last": dates[1].isoformat(),
        "council_name": settings.HEARTH_COUNCIL_NAME,
    }
    if request.GET.get("format") == "pdf":
        pdf = files.render_pdf("rents/statement_pdf.html", context)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="statement-{account.reference}.pdf"'
        return response
    return render(request, "rents/statement.html", context)


def _form_page(request: HttpRequest, template: str, context: dict[str, Any], form: Any) -> HttpResponse:
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@capability_required("rents.post")
def payment_create(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    form = forms.PaymentForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.post_payment(
                    actor=request.user,
                    account=account,
                    amount=data["amount"],
                    paid_on=data["paid_on"],
                    channel=data["channel"],
                    reference=data["reference"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Payment posted.")
                return redirect(_base(account))
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": account,
            "page_title": "Post a payment",
            "heading": "Post a payment",
            "button": "Post payment",
        },
        form,
    )


@capability_required("rents.post")
def arrears_action_create(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    policy = selectors.stages()
    form = forms.ArrearsActionForm(request.POST or None, stages=[(s.code, s.action) for s in policy])
    if request.method == "POST" and not form.is_valid():
        also_check(
            form,
            lambda d: services.validate_arrears_action(
                account=account, stage=d.get("stage", ""), taken_on=d.get("taken_on"), note=d.get("note", "")
            ),
        )
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            services.record_arrears_action(
                actor=request.user,
                account=account,
                stage=data["stage"],
                taken_on=data["taken_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Arrears action recorded.")
            return redirect(_base(account))
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": account,
            "page_title": "Record an arrears action",
            "heading": "Record an arrears action",
            "button": "Record action",
        },
        form,
    )


@capability_required("rents.post")
def payment_reverse(request: HttpRequest, pk: int, tx: int) -> HttpResponse:
    """Take back a payment that did not arrive (a bounced cheque); not money out, so no approval."""
    account = _account(pk)
    payment = get_object_or_404(
        Transaction, pk=tx, account=account, kind__in=services.PAYMENT_KINDS, amount__lt=0
    )
    earlier = services.payment_reversal(payment)
    form = forms.ReversePaymentForm(request.POST or None)
    if request.method == "POST" and earlier is None:
        valid = form.is_valid()
        data = form.cleaned_data
        try:
            services.reverse_payment(
                actor=request.user,
                payment=payment,
                reason=data.get("reason", ""),
                reversed_on=data.get("reversed_on") if valid else None,
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if valid:  # (an unparsed date always leaves the service refusing, above)
                messages.success(request, f"Payment no. {payment.pk} reversed.")
                return redirect(_base(account))
    what = f"{payment.get_channel_display() if payment.channel else payment.get_kind_display()} payment"
    intro = (
        f"No. {payment.pk}: {what} of {format_money(-payment.amount)} on {payment.posted_on:%d %B %Y}"
        f"{' (' + payment.reference + ')' if payment.reference else ''}. Reversing it adds the amount back "
        "to what the tenant owes."
    )
    if earlier is not None:
        intro = f"Payment no. {payment.pk} was already reversed by no. {earlier.pk} on {earlier.posted_on:%d %B %Y}."
    return render(
        request,
        "rents/form.html",
        {
            "obj": account,
            "form": None if earlier is not None else form,
            "intro": intro,
            "page_title": "Reverse a payment",
            "heading": "Reverse a payment",
            "button": "Reverse payment",
        },
        status=400 if form.errors else 200,
    )


@capability_required("rents.post")
def money_out_create(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    form = forms.MoneyOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ref = data["corrects"].strip().lstrip("#")
        corrects = None
        if ref:
            corrects = Transaction.objects.filter(
                pk=int(ref) if ref.isdigit() else 0, account=account
            ).first()
        try:
            if ref and corrects is None:
                errors, _ = services.check_money_request(
                    account=account, kind=data["kind"], amount=data["amount"], reason=data["reason"]
                )
                errors.by_field["corrects"] = [f"There is no transaction number {ref} on this account."]
                errors.raise_if_any()
            req = services.request_money_out(
                actor=request.user,
                account=account,
                kind=data["kind"],
                amount=data["amount"],
                reason=data["reason"],
                corrects=corrects,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if req.state == MoneyRequest.State.POSTED:
                messages.success(request, f"{req.get_kind_display()} {req.reference} posted.")
            else:
                messages.success(
                    request,
                    f"{req.get_kind_display()} {req.reference} is above your limit "
                    "and is waiting for approval by another officer.",
                )
            return redirect(_base(account))
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": account,
            "page_title": "Refund, write-off or amendment",
            "heading": "Refund, write-off or amendment",
            "button": "Continue",
        },
        form,
    )


@capability_required("rents.run")
def charge_change(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    form = forms.ChargeForm(request.POST or None)
    if request.method == "POST":
        valid = form.is_valid()
        data = getattr(form, "cleaned_data", {})
        if valid:
            try:
                services.change_charge(
                    actor=request.user,
                    account=account,
                    kind=data["kind"],
                    weekly=data["weekly_amount"],
                    effective_from=data["effective_from"],
                    description=data["description"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Charge changed.")
                return redirect(_base(account))
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": account,
            "page_title": "Change a charge",
            "heading": "Change a weekly charge",
            "button": "Save",
        },
        form,
    )


# --- opening an account (sign-up) --------------------------------------------------------------


@capability_required("tenancies.process")
def account_open(request: HttpRequest, tenancy_pk: int) -> HttpResponse:
    tenancy = get_object_or_404(Tenancy, pk=tenancy_pk)
    existing = RentAccount.objects.filter(tenancy=tenancy).first()
    if existing:
        return redirect(_base(existing))
    form = forms.OpenAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        charges = []
        for kind, field in (("rent", "rent"), ("service", "service"), ("water", "water")):
            raw = data[field].strip().replace("£", "")
            if not raw and field != "rent":
                continue
            try:
                charges.append((kind, Decimal(raw), ""))
            except InvalidOperation:
                form.add_error(field, "Enter the weekly amount as money, like 95.50.")
        if not form.errors:
            try:
                account = services.open_account(actor=request.user, tenancy=tenancy, charges=charges)
            except ValidationError as exc:
                apply_service_errors(form, exc)
                if "charges" in exc.message_dict:
                    form.add_error("rent", " ".join(exc.message_dict["charges"]))
            else:
                messages.success(request, f"Rent account {account.reference} opened.")
                return redirect(_base(account))
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": None,
            "tenancy": tenancy,
            "page_title": "Open a rent account",
            "heading": f"Open a rent account for {tenancy.reference}",
            "button": "Open account",
        },
        form,
    )


# --- payment files and suspense ----------------------------------------------------------------


@capability_required("rents.post")
def payment_import(request: HttpRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    line_errors: list[str] = []
    if request.method == "POST":
        valid = form.is_valid()
        upload = form.cleaned_data.get("file") if valid else None
        if valid and not upload:
            form.add_error("file", "Select a payment file.")
        if valid and not form.cleaned_data.get("channel"):
            form.add_error("channel", "Select where the payment file comes from.")
        if not form.errors and upload is not None:
            try:
                batch = services.import_payments(
                    actor=request.user,
                    channel=form.cleaned_data["channel"],
                    filename=upload.name or "payments.csv",
                    content=upload.read(),
                )
            except ValidationError as exc:
                messages_ = exc.message_dict.get("file", [])
                line_errors = [m for m in messages_ if m.startswith("Line ")]
                if line_errors:
                    rows = f"{len(line_errors)} row{'s have' if len(line_errors) != 1 else ' has'} problems"
                    form.add_error(
                        "file",
                        f"The file was not imported: {rows}. Nothing was posted. "
                        "Correct every row listed and import it again.",
                    )
                    exc.error_dict.pop("file")
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"{batch.rows} payments posted, {batch.suspense_rows} to suspense.")
                return redirect("/rents/payments/import/")
    return render(
        request,
        "rents/import.html",
        {
            "form": form,
            "line_errors": line_errors,
            "imports": selectors.imports()[:20],
            "mappings": services.DEFAULT_MAPPINGS,
            "page_title": "Import a payment file",
        },
        status=400 if form.errors else 200,
    )


@capability_required("rents.view")
def suspense_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "rents/suspense.html",
        {
            "page": paginate(request, selectors.open_suspense()),
            "querystring": "",
            "page_title": "Payments in suspense",
        },
    )


@capability_required("rents.post")
def suspense_clear(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(SuspenseItem, pk=pk)
    form = forms.ClearSuspenseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ref = form.cleaned_data["account"].strip()
        account = selectors.account_by_reference(ref) if ref else None
        if ref and account is None:
            form.add_error("account", f"No rent account has the reference {ref.upper()}.")
        else:
            try:
                services.clear_suspense(actor=request.user, item=item, account=account)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Payment {item.reference} posted to {account}.")
                return redirect("/rents/suspense/")
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": None,
            "item": item,
            "page_title": "Clear a payment",
            "heading": f"Clear payment {item.reference} from suspense",
            "button": "Post to account",
        },
        form,
    )


# --- debit run and approvals -------------------------------------------------------------------


@capability_required("rents.run")
def debit_run(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = forms.DebitRunForm(request.POST or None, initial={"week": domain.week_monday(today)})
    if request.method == "POST":
        valid = form.is_valid()
        week = form.cleaned_data.get("week") if valid else None
        if valid:
            try:
                job = services.start_debit_run(actor=request.user, week=week)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "The debit run has started.")
                return redirect(f"/jobs/{job.pk}/")
    return render(
        request,
        "rents/debit_run.html",
        {"form": form, "runs": DebitRun.objects.all()[:20], "page_title": "Weekly debit run"},
        status=400 if form.errors else 200,
    )


@capability_required("rents.view")
def approvals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "rents/approvals.html",
        {
            "page": paginate(request, selectors.pending_requests()),
            "querystring": "",
            "can_approve": has_capability(request.user, "rents.approve"),
            "processes": list(process_approvals.pending()[:50]),
            "can_approve_processes": has_capability(request.user, "tenancies.approve"),
            "page_title": "Approvals",
        },
    )


@capability_required("rents.approve")
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(MoneyRequest.objects.select_related("account", "requested_by", "corrects"), pk=pk)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        if not decision:
            form.add_error("decision", "Select whether to approve or reject the request.")
        else:
            try:
                services.decide_money_request(
                    actor=request.user,
                    request=req,
                    approve=decision == "approve",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, f"Request {req.reference} {'approved' if decision == 'approve' else 'rejected'}."
                )
                return redirect("/rents/approvals/")
    return _form_page(
        request, "rents/decide.html", {"req": req, "page_title": f"Decide {req.reference}"}, form
    )


# --- tenancy processes -------------------------------------------------------------------------


def _people(value: str, label: str) -> tuple[list[Person], str]:
    refs = [r.upper() for r in re.split(r"[\s,;]+", value or "") if r]
    found = {p.reference: p for p in Person.objects.filter(reference__in=refs)}
    missing = [r for r in refs if r not in found]
    if missing:
        return [], f"No person has the reference {', '.join(missing)}. Check the {label}."
    return [found[r] for r in refs], ""


@capability_required("tenancies.process")
def sign_up(request: HttpRequest) -> HttpResponse:
    form = forms.SignUpForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        ref = (data.get("property_ref") or "").strip().upper()
        prop = Property.objects.filter(reference=ref).first() if ref else None
        field_errors: dict[str, str] = {}
        if not ref:
            field_errors["property_ref"] = "Enter the property reference."
        elif prop is None:
            field_errors["property_ref"] = f"No property has the reference {ref}."
        tenants, problem = _people(data.get("tenants", ""), "tenants")
        if problem:
            field_errors["tenants"] = problem
        occupants, problem = _people(data.get("occupants", ""), "occupants")
        if problem:
            field_errors["occupants"] = problem
        charges = [
            (k, (data.get(k) or "").strip().replace("£", "") or "0", "") for k in ("rent", "service", "water")
        ]
        if not (data.get("rent") or "").strip():
            charges = charges[1:]
        for field, message in field_errors.items():
            form.add_error(field, message)
        try:
            asked: dict[str, Any] = {
                "property": prop,
                "kind": data.get("kind", ""),
                "start_date": data.get("start_date"),
                "tenants": tenants,
                "occupants": occupants,
                "charges": charges,
                "id_checked": data.get("id_checked", False),
                "eligibility_checked": data.get("eligibility_checked", False),
            }
            if prop is None or form.errors:  # show the other problems too, and change nothing
                sign_ups.check_sign_up(**asked)
            else:
                process = sign_ups.sign_up(actor=request.user, **asked)
                account = RentAccount.objects.filter(tenancy=process.tenancy).first()
                if account is None:
                    messages.success(request, f"Agreement {process.tenancy.reference} signed up.")
                    return redirect(reverse("web:tenancy", args=[process.tenancy_id]))
                messages.success(
                    request,
                    f"Tenancy {process.tenancy.reference} signed up with rent account {account.reference}.",
                )
                return redirect(_base(account))
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                for message in msgs:
                    if field not in form.errors or message not in form.errors[field]:
                        form.add_error(field if field in form.fields else None, message)
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": None,
            "page_title": "Sign up a new tenancy",
            "heading": "Sign up a new tenancy",
            "button": "Sign up",
        },
        form,
    )


@capability_required("tenancies.process")
def terminate(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    return _termination_page(request, account.tenancy, account)


@capability_required("tenancies.process")
def terminate_agreement(request: HttpRequest, tenancy_pk: int) -> HttpResponse:
    """The same termination for an agreement reached from the Agreements page: with its rent account
    where it has one, and without the rent-side steps where it has none."""
    tenancy = get_object_or_404(Tenancy.objects.select_related("property"), pk=tenancy_pk)
    account = RentAccount.objects.filter(tenancy=tenancy).first()
    if account is not None:
        return redirect(reverse("rents:terminate", args=[account.pk]))
    return _termination_page(request, tenancy, None)


def _termination_page(request: HttpRequest, tenancy: Tenancy, account: RentAccount | None) -> HttpResponse:
    rule = kind_rules.rule_for(tenancy.kind)
    form = forms.TerminationForm(request.POST or None, reasons=rule.end_reasons)
    back = _base(account) if account is not None else reverse("web:tenancy", args=[tenancy.pk])
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        asked = {
            "tenancy": tenancy,
            "notice_received": data.get("notice_received"),
            "reason": data.get("end_reason", ""),
            "forwarding_address": data.get("forwarding_address", ""),
        }
        try:
            if form.errors:  # show the other problems too, and change nothing
                termination.check_termination(end_date=data.get("end_date") or timezone.localdate(), **asked)
            else:
                process = termination.terminate(actor=request.user, end_date=data.get("end_date"), **asked)
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if not form.errors:
                messages.success(
                    request,
                    f"{'Tenancy' if account is not None else 'Agreement'} {tenancy.reference} ends on "
                    f"{process.tenancy.end_date:%d %B %Y}.",
                )
                return redirect(back)
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": account,
            "tenancy": tenancy,
            "page_title": "End a tenancy" if account is not None else "End an agreement",
            "heading": "End this tenancy"
            if account is not None
            else f"End this {tenancy.get_kind_display().lower()}",
            "intro": f"Notice needed: {rule.notice_label}."
            if rule.ends_by == "notice"
            else "This agreement ends by surrender or forfeiture, not by notice.",
            "button": "End tenancy" if account is not None else "End agreement",
        },
        form,
    )


@capability_required("rents.view")
def process_letter(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_object_or_404(TenancyProcess.objects.select_related("tenancy", "tenancy__property"), pk=pk)
    if process.state != TenancyProcess.State.DONE:
        raise Http404("No letter: this process has not been carried out.")
    files.require_view(request.user, letters.letter_record(process))
    response = HttpResponse(letters.letter_pdf(process), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{process.kind}-{process.tenancy.reference}.pdf"'
    return response


# --- annual rent change ------------------------------------------------------------------------


@capability_required("rents.run")
def rent_change(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else (request.GET if "year" in request.GET else None)
    form = forms.RentChangeForm(data)
    context: dict[str, Any] = {"page_title": "Annual rent change", "changes": RentChange.objects.all()[:10]}
    if data is not None and form.is_valid():
        try:
            plan = rent_changes.plan(**form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if request.method == "POST":
                change = rent_changes.apply(actor=request.user, p=plan)
                messages.success(
                    request,
                    f"Rents changed from {change.effective_from:%d %B %Y} on {change.accounts:,} accounts.",
                )
                return redirect("/rents/rent-change/")
            qs = rent_changes.elements_changing(plan)
            context.update(
                {
                    "plan": plan,
                    "count": qs.count(),
                    "sample": list(rent_changes.lines(plan, qs[:50])),
                    "year_label": domain.rent_year_label(plan.year),
                }
            )
    context["form"] = form
    return render(request, "rents/rent_change.html", context, status=400 if form.errors else 200)


def _rent_change_letter(account: RentAccount, change: RentChange) -> dict[str, Any]:
    day = change.effective_from
    elements = list(account.elements.all())
    as_rules = [domain.Element(e.pk, e.weekly_amount, e.effective_from, e.effective_to) for e in elements]
    after = domain.weekly_charge(as_rules, day)
    return {
        "obj": account,
        "tenants": _tenants(account),
        "before": domain.weekly_charge(as_rules, day - dt.timedelta(days=1)),
        "after": after,
        "elements": [
            e
            for e in elements
            if e.effective_from <= day and (e.effective_to is None or e.effective_to >= day)
        ],
        "uc_monthly": selectors.uc_monthly(after, day),
    }


def _letters_pdf(change: RentChange, letters: list[dict[str, Any]], filename: str) -> HttpResponse:
    pdf = files.render_pdf(
        "rents/rent_change_letter.html",
        {
            "letters": letters,
            "change": change,
            "year_label": domain.rent_year_label(change.rent_year),
            "council_name": settings.HEARTH_COUNCIL_NAME,
            "today": timezone.localdate(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


LETTERS_PER_PDF = 100


@capability_required("rents.view")
def rent_change_letters(request: HttpRequest, year: int) -> HttpResponse:
    """Every tenant's rent change letter, 100 to a PDF (?page=2 for the next hundred)."""
    change = get_object_or_404(RentChange, rent_year=year)
    ids = (
        RentAccount.objects.filter(elements__kind="rent", elements__effective_from=change.effective_from)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    page = paginate(request, ids, per_page=LETTERS_PER_PDF)
    accounts = (
        RentAccount.objects.filter(pk__in=list(page.object_list))
        .select_related("tenancy", "tenancy__property")
        .prefetch_related(selectors._parties(), "elements")
        .order_by("pk")
    )
    letters = [_rent_change_letter(a, change) for a in accounts]
    return _letters_pdf(change, letters, f"rent-change-{year}-letters-{page.number}.pdf")


@capability_required("rents.view")
def rent_change_letter(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    files.require_view(request.user, account)
    change = (
        RentChange.objects.filter(rent_year=request.GET.get("year", "")).first()
        if request.GET.get("year", "").isdigit()
        else RentChange.objects.first()
    )
    if change is None:
        raise Http404("No rent change has been applied.")
    return _letters_pdf(
        change,
        [_rent_change_letter(account, change)],
        f"rent-change-{change.rent_year}-{account.reference}.pdf",
    )


# --- payment arrangements ----------------------------------------------------------------------


@capability_required("rents.post")
def arrangement_create(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    form = forms.ArrangementForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.make_arrangement(
                    actor=request.user,
                    account=account,
                    weekly_amount=data["weekly_amount"],
                    start_date=data["start_date"],
                    note=data["note"],
                )
            except ValidationError as exc:
                merge_service_errors(form, exc)
            else:
                messages.success(request, "Payment arrangement recorded.")
                return redirect(_base(account))
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": account,
            "page_title": "Payment arrangement",
            "heading": "Make a payment arrangement",
            "button": "Save",
        },
        form,
    )


@capability_required("rents.view")
def broken_arrangements(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "rents/broken.html",
        {"rows": selectors.broken_arrangements(), "page_title": "Broken arrangements"},
    )


# --- service charges ---------------------------------------------------------------------------


@capability_required("rents.run")
def service_charges(request: HttpRequest) -> HttpResponse:
    form = forms.ServiceChargeForm(request.POST or None)
    context: dict[str, Any] = {
        "page_title": "Service charges",
        "budgets": ServiceChargeBudget.objects.all()[:20],
    }
    if request.method == "POST" and form.is_valid():
        try:
            d = sc.draft(**form.cleaned_data)
            if request.POST.get("action") == "apply":
                budget = sc.apply(actor=request.user, d=d)
                messages.success(request, f"{budget.name} applied to {budget.shares.count()} homes.")
                return redirect(f"/rents/service-charges/{budget.pk}/")
            lines = sc.shares(d)
            context.update({"draft": d, "lines": lines, "flagged": sum(s.section_20 for s in lines)})
        except ValidationError as exc:
            apply_service_errors(form, exc)
    context["form"] = form
    return render(request, "rents/service_charges.html", context, status=400 if form.errors else 200)


@capability_required("rents.view")
def service_charge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    budget = get_object_or_404(ServiceChargeBudget.objects.select_related("estate", "block"), pk=pk)
    lines = list(budget.shares.select_related("property", "tenancy"))
    if request.GET.get("format") == "pdf":
        pdf = files.render_pdf(
            "rents/estimates_pdf.html",
            {
                "budget": budget,
                "lines": [s for s in lines if s.leaseholder],
                "total_area": format(
                    sum((Decimal(s.property.floor_area or 0) for s in lines), Decimal(0)).normalize(), "f"
                ),
                "year_label": domain.rent_year_label(budget.rent_year),
                "council_name": settings.HEARTH_COUNCIL_NAME,
                "today": timezone.localdate(),
            },
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="estimates-{budget.pk}.pdf"'
        return response
    return render(
        request, "rents/service_charge.html", {"budget": budget, "lines": lines, "page_title": budget.name}
    )


@capability_required("tenancies.process")
def introductory_review(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    tenancy = account.tenancy
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = reviews.review(
                actor=request.user,
                tenancy=tenancy,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Review of {tenancy.reference} sent to a senior officer for approval."
                if done.state == TenancyProcess.State.PENDING
                else f"Review of {tenancy.reference} recorded; the letter is on the Files tab.",
            )
            return redirect(_base(account))
    ends = tenancy_rules.introductory_trial_ends(
        tenancy.start_date, process_selectors.trial_extended(tenancy)
    )
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": account,
            "page_title": "Introductory tenancy review",
            "heading": f"Review introductory tenancy {tenancy.reference} (trial ends {ends:%d %B %Y})",
            "button": "Record the review",
        },
        form,
    )


def _parties(request: HttpRequest) -> int:
    raw = request.POST.get("parties", "2")
    count = int(raw) if raw.isdigit() else 2
    return count + 1 if "add_party" in request.POST else count


@capability_required("tenancies.approve")
def mutual_exchange(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    count = _parties(request) if posted else 2
    adding = posted and "add_party" in request.POST
    form = forms.ExchangeForm(request.POST if posted and not adding else None, parties=count)
    if adding:  # the form again with one more party, keeping what was typed, no errors yet
        form.initial = form.carry_over(request.POST)
    elif posted:
        form.is_valid()
        data = form.cleaned_data
        chain: list[Tenancy | None] = []
        for n in range(1, form.parties + 1):
            field = f"party_{n}"
            ref = (data.get(field) or "").strip().upper()
            tenancy = Tenancy.objects.filter(reference=ref).first() if ref else None
            if ref and tenancy is None:
                form.add_error(field, f"No tenancy has the reference {ref}.")
            chain.append(tenancy)
        try:
            done = exchange.mutual_exchange(
                actor=request.user,
                tenancies=chain,
                exchange_date=data.get("exchange_date"),
                proceedings_checked=[data.get(f"proceedings_{n}", False) for n in range(1, form.parties + 1)],
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            messages.success(
                request, "Exchange recorded: " + ", ".join(p.tenancy.reference for p in done) + "."
            )
            return redirect("/rents/")
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": None,
            "page_title": "Mutual exchange",
            "heading": "Mutual exchange",
            "button": "Record the exchange",
            "hidden": {"parties": form.parties},
            "extra_button": {"name": "add_party", "label": "Add another tenancy"}
            if form.parties < forms.MAX_EXCHANGE_PARTIES
            else None,
        },
        form,
    )


@capability_required("tenancies.process")
def succession(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    form = forms.SuccessionForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        people = {
            f: Person.objects.filter(reference=(data.get(f) or "").strip().upper()).first()
            for f in ("deceased", "successor")
        }
        for field, found in people.items():
            ref = (data.get(field) or "").strip().upper()
            if ref and found is None and field not in form.errors:
                form.add_error(field, f"No person has the reference {ref}.")
        asked = {
            "tenancy": account.tenancy,
            "deceased": people["deceased"],
            "successor": people["successor"],
            "relationship": data.get("relationship", ""),
            "resided_since": data.get("resided_since"),
            "date_of_death": data.get("date_of_death"),
            "discretionary": data.get("discretionary", False),
            "reason": data.get("reason", ""),
        }
        try:
            if form.errors:  # show the other problems too, and change nothing
                successions.check_succession(**asked)
            else:
                done = successions.succession(actor=request.user, **asked)
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if not form.errors:
                messages.success(
                    request,
                    f"Discretionary succession to {account.tenancy.reference} sent to a senior officer."
                    if done.state == TenancyProcess.State.PENDING
                    else f"Succession to {account.tenancy.reference} recorded; the letter is on the Files tab.",
                )
                return redirect(_base(account))
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": account,
            "page_title": "Succession",
            "heading": "Record a succession",
            "button": "Record succession",
        },
        form,
    )


@capability_required("tenancies.process")
def joint_tenants(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    form = forms.JointForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        ref = (data.get("person") or "").strip().upper()
        person = Person.objects.filter(reference=ref).first() if ref else None
        try:
            if ref and person is None:
                raise ValidationError({"person": [f"No person has the reference {ref}."]})
            chosen = data.get("change", "")
            death = chosen == "death"  # a joint tenant leaving on their death: survivorship
            asked: dict[str, Any] = {
                "tenancy": account.tenancy,
                "change": "remove" if death else chosen,
                "person": person,
            }
            if form.errors:  # show the other problems too, and change nothing
                joint_changes.check_joint_change(on=data.get("on"), reason=data.get("reason", ""), **asked)
            else:
                joint_changes.joint_change(
                    actor=request.user, on=data.get("on"), reason=data.get("reason", ""), death=death, **asked
                )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if not form.errors:
                messages.success(request, f"Tenants of {account.tenancy.reference} changed.")
                return redirect(_base(account))
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": account,
            "page_title": "Joint tenants",
            "heading": "Sole to joint or joint to sole",
            "button": "Save",
        },
        form,
    )


@capability_required("tenancies.process")
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    form = forms.AssignmentForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        ref = (data.get("assignee") or "").strip().upper()
        person = Person.objects.filter(reference=ref).first() if ref else None
        try:
            if ref and person is None:
                raise ValidationError({"assignee": [f"No person has the reference {ref}."]})
            asked = {
                "tenancy": account.tenancy,
                "assignee": person,
                "route": data.get("route", ""),
                "relationship": data.get("relationship", ""),
                "resided_since": data.get("resided_since"),
                "on": data.get("on"),
            }
            if form.errors:  # show the other problems too, and change nothing
                assignments.check_assignment(**asked)
            else:
                assignments.assignment(actor=request.user, **asked)
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if not form.errors:
                messages.success(
                    request,
                    f"Assignment of {account.tenancy.reference} sent to a senior officer for approval.",
                )
                return redirect(_base(account))
    return _form_page(
        request,
        "rents/form.html",
        {"obj": account, "page_title": "Assignment", "heading": "Assign the tenancy", "button": "Assign"},
        form,
    )


@capability_required("rents.run")
def free_weeks(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("year") or request.GET.get("year") or ""
    year = (
        int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else domain.rent_year_of(timezone.localdate())
    )
    mondays = domain.rent_year_mondays(year)
    chosen = set(FreeWeek.objects.filter(rent_year=year).values_list("monday", flat=True))
    error = ""
    if request.method == "POST":
        picked = []
        for value in request.POST.getlist("mondays"):
            try:
                picked.append(dt.date.fromisoformat(value))
            except ValueError:
                error = "Select Mondays from the list."
        if not error:
            try:
                services.set_free_weeks(actor=request.user, year=year, mondays=picked)
            except ValidationError as exc:
                error = " ".join(exc.message_dict.get("mondays", exc.messages))
            else:
                messages.success(request, f"Free weeks for {domain.rent_year_label(year)} saved.")
                return redirect(f"/rents/free-weeks/?year={year}")
        chosen = set(picked)
    return render(
        request,
        "rents/free_weeks.html",
        {
            "year": year,
            "label": domain.rent_year_label(year),
            "mondays": mondays,
            "chosen": chosen,
            "error": error,
            "collection_weeks": len(mondays) - len(chosen),
            "page_title": "Free weeks",
        },
        status=400 if error else 200,
    )


# --- policy settings ---------------------------------------------------------------------------


@capability_required("admin")
def policy_settings(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import get_user_model

    errors: dict[str, list[str]] = {}
    section = request.POST.get("section", "")
    if request.method == "POST":
        try:
            if section == "stages":
                codes = request.POST.getlist("code")
                services.set_arrears_stages(
                    actor=request.user,
                    stages=[
                        (c, request.POST.get(f"action_{c}", ""), request.POST.get(f"weeks_{c}", ""))
                        for c in codes
                    ],
                )
            elif section == "mapping":
                services.set_channel_mapping(
                    actor=request.user,
                    channel=request.POST.get("channel", ""),
                    account=request.POST.get("account", ""),
                    amount=request.POST.get("amount", ""),
                    date=request.POST.get("date", ""),
                    reference=request.POST.get("reference", ""),
                    date_format=request.POST.get("date_format", ""),
                )
            elif section == "limits":
                name = request.POST.get("username", "").strip()
                user = get_user_model().objects.filter(username=name).first()
                amounts = {}
                for field in ("refund", "write_off", "adjustment"):
                    try:
                        amounts[field] = Decimal(request.POST.get(field, "").replace("£", "").strip())
                    except InvalidOperation:
                        errors.setdefault(field, []).append("Enter an amount of money, like 250.00.")
                if user is None:
                    errors.setdefault("username", []).append(
                        f"No user is called {name!r}." if name else "Enter the officer's username."
                    )
                if not errors and user is not None:
                    services.set_officer_limits(actor=request.user, user=user, **amounts)
            else:
                errors["section"] = ["Choose a setting to change."]
        except ValidationError as exc:
            errors = exc.message_dict
        if not errors:
            messages.success(request, "Settings saved.")
            return redirect("/rents/settings/")
    mappings = {c: services.mapping_for(c) for c in services.FILE_CHANNELS}
    limits = OfficerLimit.objects.select_related("user").order_by("user__username")
    return render(
        request,
        "rents/settings.html",
        {
            "stages": selectors.stages(),
            "mappings": mappings,
            "labels": forms.CHANNEL_LABELS,
            "limits": limits,
            "defaults": domain.DEFAULT_LIMITS,
            "approver_defaults": domain.DEFAULT_APPROVER_LIMITS,
            "errors": errors,
            "section": section,
            "post": request.POST,
            "page_title": "Rent settings",
        },
        status=400 if errors else 200,
    )


@capability_required("rents.view")
def recharges(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            order_id = int(request.POST.get("order", ""))
        except ValueError:
            order_id = 0
        try:
            tx = services.post_repair_recharge(actor=request.user, order_id=order_id)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except ObjectDoesNotExist:
            messages.error(request, "That repair order no longer exists.")
        else:
            messages.success(
                request, f"Recharge of {format_money(tx.amount)} posted to account {tx.account.reference}."
            )
        return redirect("rents:recharges")
    return render(
        request,
        "rents/recharges.html",
        {"orders": list(services.recharges_to_post()[:200]), "page_title": "Recharges to post"},
    )


@capability_required("tenancies.approve")
def process_decide(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_object_or_404(
        TenancyProcess.objects.select_related("tenancy", "tenancy__property", "created_by"), pk=pk
    )
    form = forms.ProcessDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        if not decision:
            form.add_error("decision", "Select whether to approve or refuse.")
        else:
            try:
                process_approvals.decide(
                    actor=request.user,
                    process=process,
                    approve=decision == "approve",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                done = "approved and carried out" if decision == "approve" else "refused"
                messages.success(
                    request, f"{process.get_kind_display()} of {process.tenancy.reference} {done}."
                )
                return redirect("/rents/approvals/")
    account = RentAccount.objects.filter(tenancy=process.tenancy_id).first()
    return _form_page(
        request,
        "rents/process_decide.html",
        {"process": process, "account": account, "page_title": f"Decide: {process.get_kind_display()}"},
        form,
    )


@capability_required("tenancies.process")
def name_change(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    tenants = [p.person for p in account.tenancy.parties.all() if p.role == "tenant" and p.end_date is None]
    choices = [(p.reference, f"{p.full_name} ({p.reference})") for p in tenants]
    form = forms.NameChangeForm(request.POST or None, people=choices)
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        person = next((p for p in tenants if p.reference == data.get("person")), None)
        if person is None and "person" not in form.errors:
            form.add_error("person", "Select the tenant whose name has changed.")
        try:
            if form.errors or person is None:  # report the other problems too; change nothing
                name_changes.check_name_change(
                    person=None,
                    evidence=data.get("evidence", ""),
                    note=data.get("note", ""),
                    first_name=data.get("first_name", "x"),
                    last_name=data.get("last_name", "x"),
                )
            else:
                name_changes.change_name(
                    actor=request.user,
                    person=person,
                    title=data.get("title", ""),
                    first_name=data.get("first_name", ""),
                    middle_names=data.get("middle_names", ""),
                    last_name=data.get("last_name", ""),
                    evidence=data.get("evidence", ""),
                    note=data.get("note", ""),
                )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if not form.errors and person is not None:
                messages.success(request, "Name changed; the letter is on the Files tab.")
                return redirect(_base(account))
    return _form_page(
        request,
        "rents/form.html",
        {
            "obj": account,
            "page_title": "Change of name",
            "heading": "Record a tenant's change of name",
            "button": "Change the name",
        },
        form,
    )
