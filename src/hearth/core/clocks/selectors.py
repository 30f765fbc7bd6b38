"""Selectors on `Clock` records: the clocks due soon, overdue and breached, for a user or everyone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from hearth.core.calendar import (
    add_days,
    end_of_day,
    local_date,
)
from hearth.core.models import Clock


def _running(user: Any = None) -> QuerySet[Clock]:
    qs = Clock.objects.filter(outcome=Clock.Outcome.RUNNING, paused_at__isnull=True)
    if user is not None:
        qs = qs.filter(assigned_to=user)
    return qs.select_related("content_type", "assigned_to").order_by("due_at", "id")


def clocks_due(user: Any = None, within_days: int = 7, *, now: dt.datetime | None = None) -> QuerySet[Clock]:
    """Running clocks (not paused) due from now to the end of the day `within_days` days ahead."""
    now = now or timezone.now()
    horizon = end_of_day(add_days(local_date(now), within_days))
    return _running(user).filter(due_at__gte=now, due_at__lte=horizon)


def overdue_clocks(user: Any = None, *, now: dt.datetime | None = None) -> QuerySet[Clock]:
    """Running clocks (not paused) whose due time has passed."""
    return _running(user).filter(due_at__lt=now or timezone.now())


def breached_clocks(user: Any = None) -> QuerySet[Clock]:
    """Clocks that ended after their due time, the most recently ended first."""
    qs = Clock.objects.filter(outcome=Clock.Outcome.BREACHED)
    if user is not None:
        qs = qs.filter(assigned_to=user)
    return qs.select_related("content_type", "assigned_to").order_by("-stopped_at", "-id")
