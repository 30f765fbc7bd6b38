"""Files attached to any record, who may see them, and PDF rendering of any template (WeasyPrint).

A file is served only to someone who may see the record it belongs to. Each app says, at start, who
may see its kinds of record (`viewable_with`): the record module's capability and, where the module
scopes its records (a lettings partner's applications), a test of the one record. A kind of record
that has not said is shown to nobody: the rule fails closed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.http import Http404
from django.template.loader import render_to_string

from hearth.core import audit, permissions, uploads
from hearth.core.models import Attachment


def attach(
    *,
    actor: Any,
    record: models.Model,
    upload: UploadedFile,
    description: str = "",
    types: Collection[str] | None = None,
    made_here: bool = False,
) -> Attachment:
    """Keep `upload` on `record`'s Files tab, if it is one of the types attachments may be (`types`
    narrows them, as advert photos do; see `core.uploads`) and holds no virus. A file Hearth made itself
    (`made_here`, a letter) is checked for its type but not sent to the virus scanner."""
    name = (upload.name or "file").rsplit("/", 1)[-1].rstrip(" .") or "file"
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": "The selected file is empty."})
    if upload.size > settings.HEARTH_MAX_ATTACHMENT_BYTES:
        limit = settings.HEARTH_MAX_ATTACHMENT_BYTES // (1024 * 1024)
        raise ValidationError({"file": f"The selected file must be smaller than {limit} MB."})
    file_type = uploads.check(upload.name or name, upload, types=types, scanned=not made_here)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
            object_id=str(record.pk),
            filename=name[:255],
            content_type_name=file_type.content_type,
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


def visible_attachments(user: Any, record: models.Model) -> models.QuerySet[Attachment]:
    """The files of `record` for `user` to see listed: as `require_view`, then `attachments_for`."""
    require_view(user, record)
    return attachments_for(record)


# --- who may see a record, and so its files -------------------------------------------------------


@dataclass(frozen=True)
class ViewRule:
    capability: str
    visible: Callable[[Any, Any], bool] | None = None


_rules: dict[type[models.Model], ViewRule] = {}


def viewable_with(
    model: type[models.Model], *, capability: str, visible: Callable[[Any, Any], bool] | None = None
) -> None:
    """Who may see records of `model` (and their files): those with `capability` and, when `visible` is
    given, only those for whom `visible(user, record)` is true. Called from each app's `ready()`."""
    if capability not in permissions.CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")
    _rules[model] = ViewRule(capability, visible)


def require_view(user: Any, record: models.Model) -> None:
    """Refuse `user` a record they may not see: 403 (with the sentence) without its module's capability,
    404 when it is not one of theirs (another partner's) or its kind has no rule."""
    rule = _rules.get(type(record))
    if rule is None:
        raise Http404("No such record.")
    permissions.require(user, rule.capability)
    if rule.visible is not None and not rule.visible(user, record):
        raise Http404("No such record.")


def may_view(user: Any, record: models.Model) -> bool:
    try:
        require_view(user, record)
    except (PermissionDenied, Http404):
        return False
    return True


def record_of(attachment: Attachment) -> models.Model | None:
    """The record a file is attached to; None when that record is gone."""
    model = attachment.content_type.model_class()
    if model is None:
        return None
    try:
        return model._default_manager.filter(pk=attachment.object_id).first()
    except (ValueError, ValidationError):
        return None


def can_view(user: Any, attachment: Attachment) -> bool:
    record = record_of(attachment)
    return record is not None and may_view(user, record)


def attachment_for(user: Any, pk: int) -> Attachment:
    """The file `pk` for `user` to download: 404 when there is none or its record is not one the user
    may see, 403 without the record's capability (as `require_view`)."""
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    record = record_of(attachment) if attachment is not None else None
    if attachment is None or record is None:
        raise Http404("No such file.")
    require_view(user, record)
    return attachment


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a Django template to PDF bytes. Only local files are fetched (no network)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    html = render_to_string(template_name, context)
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf()
    return pdf
