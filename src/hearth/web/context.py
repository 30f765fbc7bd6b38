from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, resolve

from hearth.core.permissions import capabilities

NAV = [
    ("Your work", "/", "records.view"),
    ("People", "/people/", "records.view"),
    ("Properties", "/properties/", "records.view"),
    ("Estates", "/estates/", "records.view"),
    ("Agreements", "/tenancies/", "records.view"),
    ("Repairs", "/repairs/", "repairs.view"),
    ("Rents", "/rents/", "rents.view"),
    ("Lettings", "/lettings/", "lettings.view"),
    ("Clocks", "/clocks/", "clocks.view"),
    ("Jobs", "/jobs/", "jobs.view"),
]


@lru_cache(maxsize=64)
def _exists(url: str) -> bool:
    """Modules still being built have no pages yet; their tab appears when they do."""
    try:
        resolve(url)
    except Resolver404:
        return False
    return True


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    caps = capabilities(user) if user is not None else set()
    path = request.path
    items = []
    for label, url, cap in NAV:
        if cap in caps and _exists(url):
            current = path == "/" if url == "/" else path.startswith(url)
            items.append({"label": label, "url": url, "current": current})
    return {"council_name": settings.HEARTH_COUNCIL_NAME, "caps": caps, "nav_items": items}
