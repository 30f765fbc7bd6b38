"""Sign-in throttling: too many failures for a username or an address locks sign-in for a while."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from hearth.core.models import FailedLogin


def client_address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def is_locked(username: str, address: str | None) -> bool:
    since = timezone.now() - dt.timedelta(minutes=settings.HEARTH_LOGIN_WINDOW_MINUTES)
    recent = FailedLogin.objects.filter(at__gte=since)
    limit = settings.HEARTH_LOGIN_MAX_FAILURES
    if recent.filter(username=username.lower()).count() >= limit:
        return True
    return bool(address) and recent.filter(address=address).count() >= limit * 4


def record_failure(username: str, address: str | None) -> None:
    FailedLogin.objects.create(username=username.lower()[:150], address=address)


def clear_failures(username: str) -> None:
    FailedLogin.objects.filter(username=username.lower()).delete()
