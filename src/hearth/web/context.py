from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from hearth.core.permissions import capabilities

NAV = [
    ("Your work", "web:home", "records.view"),
    ("People", "web:people", "records.view"),
    ("Properties", "web:properties", "records.view"),
    ("Estates", "web:estates", "records.view"),
    ("Agreements", "web:tenancies", "records.view"),
    ("Repairs", "repairs:index", "repairs.view"),
    ("Rents", "rents:index", "rents.view"),
    ("Lettings", "lettings:register", "lettings.view"),
    ("Clocks", "web:clocks", "clocks.view"),
    ("Jobs", "web:jobs", "jobs.view"),
]


_section_urls: dict[tuple[str, str, str], str | None] = {}


def _url(name: str) -> str | None:
    """A section's page, reversed once for where the app is mounted (every page shows the row).
    Modules still being built have no pages yet; their tab appears when they do."""
    key = (name, get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    if key not in _section_urls:
        try:
            _section_urls[key] = reverse(name)
        except NoReverseMatch:
            _section_urls[key] = None
    return _section_urls[key]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    caps = capabilities(user) if user is not None else set()
    path = request.path
    home = _url("web:home")
    items = []
    for label, name, cap in NAV:
        url = _url(name) if cap in caps else None
        if url:
            current = path == url if url == home else path.startswith(url)
            items.append({"label": label, "url": url, "current": current})
    return {"council_name": settings.HEARTH_COUNCIL_NAME, "caps": caps, "nav_items": items}
