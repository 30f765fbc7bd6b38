"""Processes that begin, swap or end an agreement: sign-up, mutual exchange, termination (from the
rent account or from the agreement), the letter a process leaves, and a senior officer's decision
on a process waiting for approval."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from hearth.core import files
from hearth.core.permissions import capability_required
from hearth.rents.models import RentAccount
from hearth.rents.views.common import account_or_404, decision_page, inline_pdf, long_date, officer_name
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import approvals as process_approvals
from hearth.tenancy_processes import exchange, kind_rules, letters, termination
from hearth.tenancy_processes import sign_up as sign_ups
from hearth.tenancy_processes.forms import (
    MAX_EXCHANGE_PARTIES,
    ExchangeForm,
    ProcessDecisionForm,
    SignUpForm,
    TerminationForm,
)
from hearth.tenancy_processes.models import TenancyProcess
from hearth.tenancy_processes.views.common import process_page


def _add_new_errors(form: forms.Form, exc: ValidationError) -> None:
    """Every sentence from the service that the form does not already show."""
    for field, msgs in exc.message_dict.items():
        for message in msgs:
            if field not in form.errors or message not in form.errors[field]:
                form.add_error(field if field in form.fields else None, message)


def _signed_up(process: TenancyProcess) -> tuple[RentAccount | None, str]:
    account = RentAccount.objects.filter(tenancy=process.tenancy).first()
    if account is None:
        return None, f"Agreement {process.tenancy.reference} signed up."
    return account, f"Tenancy {process.tenancy.reference} signed up with rent account {account.reference}."


@capability_required("tenancies.process")
def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)

    def then(process: TenancyProcess) -> str:
        account = _signed_up(process)[0]
        return account.get_absolute_url() if account else reverse("web:tenancy", args=[process.tenancy_id])

    return process_page(
        request,
        form=form,
        check=sign_ups.check_sign_up,
        run=lambda asked: sign_ups.sign_up(actor=request.user, request=asked),
        done=lambda process: _signed_up(process)[1],
        then=then,
        merge=_add_new_errors,
        back=reverse("rents:index"),
        title="Sign up a new tenancy",
        caption="",
        button="Sign up",
    )


def _parties(request: HttpRequest) -> int:
    raw = request.POST.get("parties", "2")
    count = int(raw) if raw.isdigit() else 2
    return count + 1 if "add_party" in request.POST else count


@capability_required("tenancies.approve")
def mutual_exchange(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    adding = posted and "add_party" in request.POST
    form = ExchangeForm(
        request.POST if posted and not adding else None, parties=_parties(request) if posted else 2
    )
    if adding:  # the form again with one more party, keeping what was typed, no errors yet
        form.initial = form.carry_over(request.POST)

    return process_page(
        request,
        form=form,
        handle_post=not adding,
        check=exchange.check_exchange,
        run=lambda asked: exchange.mutual_exchange(actor=request.user, request=asked),
        done=lambda done: "Exchange recorded: " + ", ".join(p.tenancy.reference for p in done) + ".",
        back=reverse("rents:index"),
        title="Mutual exchange",
        caption="",
        button="Record the exchange",
        context={
            "hidden": {"parties": form.parties},
            "extra_button": {"name": "add_party", "label": "Add another tenancy"}
            if form.parties < MAX_EXCHANGE_PARTIES
            else None,
        },
    )


@capability_required("tenancies.process")
def terminate(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_or_404(pk)
    return _termination_page(request, account.tenancy, account)


@capability_required("tenancies.process")
def terminate_agreement(request: HttpRequest, tenancy_pk: int) -> HttpResponse:
    """The same termination for an agreement reached from the Agreements page: with its rent account
    where it has one, and without the rent-side steps where it has none."""
    tenancy = get_object_or_404(Tenancy.objects.select_related("property"), pk=tenancy_pk)
    account = RentAccount.objects.filter(tenancy=tenancy).first()
    if account is not None:
        return redirect(reverse("tenancy_processes:terminate", args=[account.pk]))
    return _termination_page(request, tenancy, None)


def _termination_page(request: HttpRequest, tenancy: Tenancy, account: RentAccount | None) -> HttpResponse:
    rule = kind_rules.rule_for(tenancy.kind)
    form = TerminationForm(request.POST or None, reasons=rule.end_reasons)

    def check(asked: termination.TerminationRequest) -> None:
        termination.check_termination(
            tenancy, replace(asked, end_date=asked.end_date or timezone.localdate())
        )

    what = "Tenancy" if account is not None else "Agreement"
    return process_page(
        request,
        form=form,
        check=check,
        run=lambda asked: termination.terminate(actor=request.user, tenancy=tenancy, request=asked),
        done=lambda process: f"{what} {tenancy.reference} ends on {process.tenancy.end_date:%d %B %Y}.",
        back=account.get_absolute_url() if account is not None else reverse("web:tenancy", args=[tenancy.pk]),
        title="End a tenancy" if account is not None else "End an agreement",
        heading="End this tenancy"
        if account is not None
        else f"End this {tenancy.get_kind_display().lower()}",
        caption=f"Rent account {account.reference}" if account is not None else tenancy.property.address,
        intro=f"Notice needed: {rule.notice_label}."
        if rule.ends_by == "notice"
        else "This agreement ends by surrender or forfeiture, not by notice.",
        button="End tenancy" if account is not None else "End agreement",
    )


@capability_required("rents.view")
def process_letter(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_object_or_404(TenancyProcess.objects.select_related("tenancy", "tenancy__property"), pk=pk)
    if process.state != TenancyProcess.State.DONE:
        raise Http404("No letter: this process has not been carried out.")
    files.require_view(request.user, letters.letter_record(process))
    return inline_pdf(letters.letter_pdf(process), f"{process.kind}-{process.tenancy.reference}.pdf")


@capability_required("tenancies.approve")
def process_decide(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_object_or_404(
        TenancyProcess.objects.select_related("tenancy", "tenancy__property", "created_by"), pk=pk
    )
    account = RentAccount.objects.filter(tenancy=process.tenancy_id).first()
    asker = process.created_by
    done = "approved and carried out" if request.POST.get("decision") == "approve" else "refused"
    return decision_page(
        request,
        form=ProcessDecisionForm(request.POST or None),
        pending=process.state == TenancyProcess.State.PENDING,
        title=f"Decide: {process.get_kind_display()}",
        heading=process.get_kind_display(),
        caption=f"Tenancy {process.tenancy.reference}",
        summary=[
            ("Home", process.tenancy.property.address, account.get_absolute_url() if account else ""),
            ("What is asked", process.outcome, ""),
            ("Asked by", f"{officer_name(asker)} on {long_date(process.created_at)}", ""),
            ("State", process.get_state_display(), ""),
        ],
        run=lambda d: process_approvals.decide(
            actor=request.user, process=process, approve=d["decision"] == "approve", note=d["note"]
        ),
        done=f"{process.get_kind_display()} of {process.tenancy.reference} {done}.",
    )
