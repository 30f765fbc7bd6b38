"""Files attached to any record, and PDF rendering of any template (WeasyPrint)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.loader import render_to_string

from hearth.core import audit
from hearth.core.models import Attachment

BLOCKED_EXTENSIONS = {".exe", ".bat", ".cmd", ".com", ".js", ".msi", ".scr", ".vbs", ".ps1", ".sh"}


def attach(*, actor: Any, record: models.Model, upload: UploadedFile, description: str = "") -> Attachment:
    name = (upload.name or "file").rsplit("/", 1)[-1]
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": "The selected file is empty."})
    if upload.size > settings.HEARTH_MAX_ATTACHMENT_BYTES:
        limit = settings.HEARTH_MAX_ATTACHMENT_BYTES // (1024 * 1024)
        raise ValidationError({"file": f"The selected file must be smaller than {limit} MB."})
    if any(name.lower().endswith(ext) for ext in BLOCKED_EXTENSIONS):
        raise ValidationError({"file": "The selected file must not be a program or script."})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
            object_id=str(record.pk),
            filename=name[:255],
            content_type_name=(getattr(upload, "content_type", "") or "")[:120],
            size=upload.size,
            sha256=digest.hexdigest(),
            description=description[:300],
            uploaded_by=actor,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        audit.record(actor=actor, obj=record, action="file attached", summary=f"Attached {name}")
    return attachment


def attachments_for(record: models.Model) -> models.QuerySet[Attachment]:
    ct = ContentType.objects.get_for_model(record, for_concrete_model=False)
    return Attachment.objects.filter(content_type=ct, object_id=str(record.pk)).select_related("uploaded_by")


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a Django template to PDF bytes. Only local files are fetched (no network)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    html = render_to_string(template_name, context)
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf()
    return pdf
