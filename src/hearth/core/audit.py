"""Audit: every business change is attributable (who, when, before -> after) and append-only.

Services call `record()` inside their own transaction; pages show `history_for()` on the
record's history tab.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from hearth.core.actors import ActorOrLabel, user_of
from hearth.core.models import AuditEvent

Snapshot = dict[str, Any]


def _plain(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> Snapshot:
    """The values of `fields` as shown to a person (foreign keys by their name, choices by label)."""
    out: Snapshot = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if getattr(field, "choices", None):
            value = getattr(obj, f"get_{name}_display")() if getattr(obj, name) not in (None, "") else ""
        else:
            value = getattr(obj, name)
        out[str(getattr(field, "verbose_name", name))] = _plain(value)
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def record(
    *,
    actor: ActorOrLabel,
    obj: models.Model,
    action: str,
    changes: Mapping[str, list[Any]] | None = None,
    summary: str = "",
    at: dt.datetime | None = None,
) -> AuditEvent:
    user = user_of(actor)
    label = (user.get_full_name() or user.get_username()) if user else str(actor or "system")
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        action=action,
        actor=user,
        actor_label=label[:150],
        at=at or timezone.now(),
        summary=summary[:300],
        changes=dict(changes or {}),
    )


def history_for(obj: models.Model) -> models.QuerySet[AuditEvent]:
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
