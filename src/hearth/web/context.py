from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from hearth.core.permissions import capabilities

NAV = [
    ("Your work", "/", "records.view"),
    ("People", "/people/", "records.view"),
    ("Properties", "/properties/", "records.view"),
    ("Estates", "/estates/", "records.view"),
    ("Agreements", "/tenancies/", "records.view"),
    ("Clocks", "/clocks/", "clocks.view"),
    ("Jobs", "/jobs/", "jobs.view"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    caps = capabilities(user) if user is not None else set()
    path = request.path
    items = []
    for label, url, cap in NAV:
        if cap in caps:
            current = path == "/" if url == "/" else path.startswith(url)
            items.append({"label": label, "url": url, "current": current})
    return {"council_name": settings.HEARTH_COUNCIL_NAME, "caps": caps, "nav_items": items}
