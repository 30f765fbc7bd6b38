"""Shared mechanics for services that create and change records with an audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from hearth.core import audit
from hearth.core.actors import ActorOrLabel

M = TypeVar("M", bound=models.Model)
Cleaner = Callable[[Any], Any]


class Errors:
    """Collects field errors; raises one ValidationError naming every bad field."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def clean(self, data: dict[str, Any], field: str, cleaner: Cleaner) -> None:
        if field not in data:
            return
        try:
            data[field] = cleaner(data[field])
        except ValidationError as exc:
            for message in exc.messages:
                self.add(field, message)

    def unique(
        self,
        data: Mapping[str, Any],
        field: str,
        records: type[models.Model],
        instance: models.Model | None,
        sentence: Callable[[Any], str],
    ) -> None:
        """A problem on `field` when a record of `records` other than `instance` (the record being
        changed; None for a new one) already holds the value given for it, like an NI number or a
        UPRN: `sentence(other)`. Nothing is looked up when no value is given or it is already wrong."""
        value = data.get(field)
        if not value or field in self.by_field:
            return
        others = records._default_manager.filter(**{field: value})
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        other = others.first()
        if other is not None:
            self.add(field, sentence(other))

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def required(label: str) -> Cleaner:
    """The cleaner of a text that must be given (`Errors.clean`): the text without the space around
    it, or the problem "Enter the `label`." when it is blank."""

    def check(value: Any) -> str:
        text = (value or "").strip()
        if not text:
            raise ValidationError(f"Enter the {label}.")
        return text

    return check


def required_text(value: str | None, field: str, sentence: str) -> str:
    """The text given for `field` without the space around it, or the one problem `sentence` on that
    field when it is blank (a reason, a note, a name)."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: [sentence]})
    return text


def check_past_date(errors: Errors, field: str, day: dt.date | None, *, missing: str, future: str) -> bool:
    """Add the problem with a date that must be given and be today or earlier (a payment's, a
    decision's, an inspection's); True when it is."""
    if day is None:
        errors.add(field, missing)
    elif day > timezone.localdate():
        errors.add(field, future)
    else:
        return True
    return False


def reject_unknown(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError({f: ["This field cannot be set here."] for f in unknown})


def create_audited(*, actor: ActorOrLabel, obj: M, fields: Iterable[str], summary: str) -> M:
    obj.save()
    after = audit.snapshot(obj, fields)
    audit.record(actor=actor, obj=obj, action="created", changes=audit.diff({}, after), summary=summary)
    return obj


def update_audited(
    *, actor: ActorOrLabel, obj: M, data: Mapping[str, Any], fields: Iterable[str], summary: str
) -> M:
    """Set `data` on `obj`, save the fields that changed, record before -> after. No change, no event."""
    fields = list(fields)
    before = audit.snapshot(obj, fields)
    changed = [name for name, value in data.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, data[name])
    if not changed:
        return obj
    update_fields = changed + (["updated_at"] if hasattr(obj, "updated_at") else [])
    obj.save(update_fields=update_fields)
    after = audit.snapshot(obj, fields)
    audit.record(actor=actor, obj=obj, action="updated", changes=audit.diff(before, after), summary=summary)
    return obj


def save_changes(
    *,
    actor: ActorOrLabel,
    obj: M,
    data: Mapping[str, Any],
    fields: Iterable[str],
    index: Callable[[M], Any],
    search_kind: str,
    summary: str = "Details changed",
) -> M:
    """Lock the record's row, set and audit what changed (see `update_audited`), then refresh its
    search entry and the entries that show it. The locked, changed copy is returned."""
    from hearth.core import search

    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    update_audited(actor=actor, obj=locked, data=data, fields=fields, summary=summary)
    index(locked)
    search.changed(search_kind, locked.pk)
    return locked


def save_and_note(
    actor: ActorOrLabel,
    row: M,
    *,
    on: models.Model | None = None,
    action: str,
    summary: str,
    changes: Mapping[str, list[Any]] | None = None,
    **values: Any,
) -> M:
    """Set `values` on `row` (an appointment's outcome, a bid withdrawn, a review decided), save only
    those fields, and say so on the history of `on` (the record the row belongs to; the row itself
    when not given): one line, without a before and after unless `changes` gives them."""
    for name, value in values.items():
        setattr(row, name, value)
    row.save(update_fields=list(values))
    audit.record(actor=actor, obj=row if on is None else on, action=action, summary=summary, changes=changes)
    return row


def create_and_note(
    actor: ActorOrLabel,
    model: type[M],
    *,
    on: models.Model,
    action: str,
    summary: str,
    changes: Mapping[str, list[Any]] | None = None,
    **values: Any,
) -> M:
    """Make a row that belongs to a record (a bid, a review request, a contact, an extension asked
    for) and say so on the history of that record, `on`: one line, as `save_and_note` writes it."""
    row = model._default_manager.create(**values)
    audit.record(actor=actor, obj=on, action=action, summary=summary, changes=changes)
    return row


def record_change(
    actor: ActorOrLabel,
    obj: models.Model,
    *,
    action: str,
    before: Mapping[str, Any],
    fields: Iterable[str],
    summary: str,
    on: models.Model | None = None,
) -> None:
    """Say on the history of `on` (else `obj`) how `obj` changed since `before`, its snapshot then
    (empty for a record just made), in the `fields` the snapshot holds."""
    changes = audit.diff(before, audit.snapshot(obj, fields))
    audit.record(actor=actor, obj=obj if on is None else on, action=action, changes=changes, summary=summary)
