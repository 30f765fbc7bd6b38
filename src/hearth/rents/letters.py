"""Letters for tenancy processes: one plain letter per process, made as a PDF and kept with the
agreement's rent account (its Files tab), or with the agreement when it has no account."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from hearth.core import files
from hearth.core.models import Attachment
from hearth.rents.models import RentAccount, TenancyProcess
from hearth.tenancies.models import TenancyParty


def addressees(process: TenancyProcess) -> str:
    """The tenants the letter is to: those named when the process was recorded, else the current ones."""
    named = process.details.get("to")
    if named:
        return ", ".join(str(n) for n in named)
    parties = TenancyParty.objects.filter(
        tenancy=process.tenancy, role=TenancyParty.Role.TENANT, end_date__isnull=True
    ).select_related("person")
    return ", ".join(p.person.full_name for p in parties)


TEMPLATE = "rents/process_letter.html"


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


def letter_pdf(process: TenancyProcess) -> bytes:
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
    )
