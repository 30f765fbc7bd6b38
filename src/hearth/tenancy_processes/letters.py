"""Letters for tenancy processes: one plain letter per process, made as a PDF and kept with the
agreement's rent account (its Files tab), or with the agreement when it has no account. The sign-up
and termination letters are made when asked for, from the account (its charges, its final balance)
where there is one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from hearth.core import files
from hearth.core.models import Attachment
from hearth.rents import selectors as rent_selectors
from hearth.rents.models import RentAccount
from hearth.tenancies.models import TenancyParty
from hearth.tenancy_processes import rules
from hearth.tenancy_processes.models import TenancyProcess

TEMPLATE = "tenancy_processes/letter.html"
ACCOUNT_TEMPLATE = "tenancy_processes/account_letter.html"
ENDED_HEADINGS = {
    "tenancy": "Your tenancy has ended",
    "licence": "Your licence has ended",
    "lease": "Your lease has ended",
}


def current_tenant_names(tenancy_id: int) -> list[str]:
    parties = TenancyParty.objects.filter(tenancy=tenancy_id).tenants().current().select_related("person")
    return [p.person.full_name for p in parties]


def addressees(process: TenancyProcess) -> str:
    """The tenants the letter is to: those named when the process was recorded, else the current ones."""
    named = process.details.get("to")
    if named:
        return ", ".join(str(n) for n in named)
    return ", ".join(current_tenant_names(process.tenancy_id))


def letter_context(process: TenancyProcess) -> dict[str, Any]:
    tenancy = process.tenancy
    return {
        "process": process,
        "tenancy": tenancy,
        "to": addressees(process),
        "address": process.details.get("address") or tenancy.property.address,
        "heading": process.details.get("heading") or process.get_kind_display(),
        "paragraphs": process.details.get("outcome_paragraphs") or [process.outcome],
        "council_name": settings.HEARTH_COUNCIL_NAME,
        "today": timezone.localdate(),
    }


def account_letter_context(process: TenancyProcess) -> dict[str, Any]:
    """The sign-up letter (the weekly charge and its elements) or the termination letter (the end and
    the final balance), with the rent account where the agreement has one."""
    tenancy = process.tenancy
    found = RentAccount.objects.filter(tenancy=tenancy).first()
    account = rent_selectors.account_detail(found.pk) if found is not None else None
    weekly = rent_selectors.weekly_charge(account, tenancy.start_date) if account is not None else None
    return {
        "process": process,
        "obj": account,
        "tenants": ", ".join(current_tenant_names(tenancy.pk)),
        "weekly": weekly,
        "elements": [e for e in account.elements.all() if e.effective_from <= tenancy.start_date]
        if account is not None
        else [],
        "uc_monthly": rent_selectors.uc_monthly(weekly, tenancy.start_date) if weekly is not None else None,
        "council_name": settings.HEARTH_COUNCIL_NAME,
        "review_due": rules.introductory_review_due(tenancy.start_date)
        if tenancy.kind == "introductory"
        else None,
        "end_reason": rules.END_REASONS.get(process.end_reason, ""),
        "ended_heading": ENDED_HEADINGS.get(
            str(process.details.get("letter", "tenancy")), ENDED_HEADINGS["tenancy"]
        ),
        "today": timezone.localdate(),
    }


def letter_pdf(process: TenancyProcess) -> bytes:
    if process.kind in (TenancyProcess.Kind.SIGN_UP, TenancyProcess.Kind.TERMINATION):
        return files.render_pdf(ACCOUNT_TEMPLATE, account_letter_context(process))
    return files.render_pdf(TEMPLATE, letter_context(process))


def letter_record(process: TenancyProcess) -> models.Model:
    account = RentAccount.objects.filter(tenancy=process.tenancy_id).first()
    return account if account is not None else process.tenancy


def attach_letter(*, actor: Any, process: TenancyProcess) -> Attachment:
    """Make the process's letter and keep it on the record's Files tab."""
    pdf = letter_pdf(process)
    name = f"{process.kind.replace('_', '-')}-{process.tenancy.reference}-{process.pk}.pdf"
    upload = SimpleUploadedFile(name, pdf, content_type="application/pdf")
    return files.attach(
        actor=actor,
        record=letter_record(process),
        upload=upload,
        description=f"{process.get_kind_display()} letter",
        made_here=True,
    )
