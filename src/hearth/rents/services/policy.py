"""Arrears actions and the settings administrators keep: the arrears stage policy and the columns
of each channel's payment file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from hearth.core import audit, permissions
from hearth.core.records import Errors, check_past_date
from hearth.rents import domain, selectors
from hearth.rents.models import (
    ArrearsAction,
    ArrearsStage,
    ChannelMapping,
    RentAccount,
)
from hearth.rents.services.common import checked
from hearth.rents.services.imports import FILE_CHANNELS

ARREARS_ACTION_REPEAT_DAYS = 28


def validate_arrears_action(
    *, account: RentAccount, stage: str, taken_on: dt.date | None, note: str = ""
) -> None:
    """Every problem with recording this arrears action, keyed by field (stores nothing)."""
    errors = Errors()
    policy = selectors.stages()
    stage = (stage or "").strip()
    if stage not in {s.code for s in policy}:
        errors.add("stage", "Select the action that was taken.")
    check_past_date(
        errors,
        "taken_on",
        taken_on,
        missing="Enter the date the action was taken.",
        future="The date the action was taken must be today or in the past.",
    )
    if len((note or "").strip()) > 300:
        errors.add("note", "The note must be 300 characters or fewer.")
    if taken_on is not None and "stage" not in errors.by_field:
        window = dt.timedelta(days=ARREARS_ACTION_REPEAT_DAYS)
        earlier = (
            ArrearsAction.objects.filter(
                account=account, stage=stage, taken_on__gt=taken_on - window, taken_on__lt=taken_on + window
            )
            .order_by("-taken_on")
            .first()
        )
        if earlier is not None:
            errors.add(
                "stage",
                f"{domain.stage_label(stage, policy)} was already recorded on "
                f"{earlier.taken_on.day} {earlier.taken_on:%B %Y}: the same action cannot be recorded "
                f"again within {ARREARS_ACTION_REPEAT_DAYS} days.",
            )
    errors.raise_if_any()


@transaction.atomic
def record_arrears_action(
    *, actor: Any, account: RentAccount, stage: str, taken_on: dt.date | None, note: str = ""
) -> ArrearsAction:
    """Record that an arrears action (a stage of the policy) was taken on the account, so the
    recommended next action moves on. The same stage is refused within 28 days of itself."""
    permissions.require(actor, "rents.post")
    RentAccount.objects.select_for_update().filter(pk=account.pk).first()  # one recorder at a time
    stage = (stage or "").strip()
    note = (note or "").strip()
    validate_arrears_action(account=account, stage=stage, taken_on=taken_on, note=note)
    taken_on = checked(taken_on)
    action = ArrearsAction.objects.create(
        account=account, stage=stage, taken_on=taken_on, note=note, created_by=actor
    )
    label = domain.stage_label(stage, selectors.stages())
    audit.record(
        actor=actor,
        obj=account,
        action="arrears action recorded",
        summary=f"{label} on {taken_on.day} {taken_on:%B %Y}" + (f": {note}" if note else ""),
    )
    return action


@transaction.atomic
def set_arrears_stages(*, actor: Any, stages: Sequence[tuple[str, str, Any]]) -> list[ArrearsStage]:
    """Replace the arrears stage policy: (code, recommended action, weeks of rent owed), rising weeks."""
    permissions.require(actor, "admin")
    errors = Errors()
    cleaned: list[tuple[str, str, Decimal]] = []
    for code, action, weeks in stages:
        try:
            value = Decimal(str(weeks).strip())
        except Exception:
            errors.add(f"weeks_{code}", "Enter the weeks of rent owed as a number, like 4.")
            continue
        if value <= 0 or value > 520:
            errors.add(f"weeks_{code}", "Enter a number of weeks more than 0.")
        if not (action or "").strip():
            errors.add(f"action_{code}", "Enter the recommended action.")
        cleaned.append((code, (action or "").strip()[:120], value))
    weeks_in_order = [w for _, _, w in cleaned]
    if weeks_in_order != sorted(weeks_in_order) or len(set(weeks_in_order)) != len(weeks_in_order):
        errors.add("stages", "Each stage must need more weeks of rent owed than the one before.")
    errors.raise_if_any()
    before = {s.code: f"{s.action} ({s.min_weeks} weeks)" for s in ArrearsStage.objects.all()}
    ArrearsStage.objects.all().delete()
    rows = ArrearsStage.objects.bulk_create(
        [ArrearsStage(code=c, action=a, min_weeks=w) for c, a, w in cleaned]
    )
    after = {c: f"{a} ({w} weeks)" for c, a, w in cleaned}
    for row in ArrearsStage.objects.all():
        audit.record(
            actor=actor,
            obj=row,
            action="updated",
            changes={row.code: [before.get(row.code), after.get(row.code)]},
            summary="Arrears stage policy changed",
        )
    return rows


@transaction.atomic
def set_channel_mapping(
    *, actor: Any, channel: str, account: str, amount: str, date: str, reference: str, date_format: str
) -> ChannelMapping:
    """The columns of a channel's payment file."""
    permissions.require(actor, "admin")
    errors = Errors()
    if channel not in FILE_CHANNELS:
        errors.add("channel", "Select the channel.")
    for field, value in (("account", account), ("amount", amount), ("date", date), ("reference", reference)):
        if not (value or "").strip():
            errors.add(field, "Enter the name of the column, as in the file's first line.")
    try:
        dt.datetime.strptime(dt.date(2025, 1, 31).strftime(date_format or ""), date_format or "")
        if not date_format or "%d" not in date_format or "%m" not in date_format:
            raise ValueError
    except ValueError:
        errors.add("date_format", "Enter a date format with day, month and year, like %d/%m/%Y.")
    errors.raise_if_any()
    row, _ = ChannelMapping.objects.update_or_create(
        channel=channel,
        defaults={
            "account_column": account.strip(),
            "amount_column": amount.strip(),
            "date_column": date.strip(),
            "reference_column": reference.strip(),
            "date_format": date_format.strip(),
        },
    )
    audit.record(
        actor=actor,
        obj=row,
        action="updated",
        summary=f"Columns for {row.get_channel_display()}: {account}, {amount}, {date} ({date_format}), "
        f"{reference}",
    )
    return row
