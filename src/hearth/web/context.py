from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from hearth.core.permissions import capabilities


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "council_name": settings.HEARTH_COUNCIL_NAME,
        "caps": capabilities(user) if user is not None else set(),
    }
