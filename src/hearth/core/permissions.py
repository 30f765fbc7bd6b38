"""Roles and what each may do. Every page and API endpoint names the capability it needs.

Roles are Django groups with these names; capabilities live here, in code, so that a test can
walk the whole role x endpoint matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# capability -> sentence shown when it is missing
CAPABILITIES: dict[str, str] = {
    "records.view": "view people, properties and tenancies",
    "people.edit": "add or change people and households",
    "people.view_protected": "see vulnerabilities and cautionary alerts",
    "people.edit_protected": "record vulnerabilities and cautionary alerts",
    "properties.edit": "add or change estates, blocks and properties",
    "tenancies.edit": "add or change tenancies",
    "files.attach": "attach files to records",
    "jobs.view": "see background jobs",
    "clocks.view": "see statutory clocks",
    "audit.view": "see the history of records",
    "export": "export lists",
    "admin": "administer users, roles and settings",
}

ESTATE_SERVICES = "estate_services_officer"
INCOME = "income_officer"
HOUSING_OPTIONS = "housing_options_officer"
SENIOR = "senior_officer"
FINANCE_APPROVER = "finance_approver"
AUDITOR = "auditor"
ADMINISTRATOR = "administrator"

_READ = {"records.view", "jobs.view", "clocks.view", "audit.view", "export"}
_CASEWORK = _READ | {"people.edit", "files.attach", "people.view_protected"}

ROLES: dict[str, tuple[str, set[str]]] = {
    ESTATE_SERVICES: ("Estate services officer", _CASEWORK | {"properties.edit"}),
    INCOME: ("Income officer", _CASEWORK | {"tenancies.edit"}),
    HOUSING_OPTIONS: ("Housing options officer", _CASEWORK | {"people.edit_protected"}),
    SENIOR: (
        "Senior officer",
        _CASEWORK | {"properties.edit", "tenancies.edit", "people.edit_protected"},
    ),
    FINANCE_APPROVER: ("Finance approver", set(_READ)),
    AUDITOR: ("Auditor (read-only)", set(_READ) | {"people.view_protected"}),
    ADMINISTRATOR: ("Administrator", set(CAPABILITIES)),
}


def role_names(user: Any) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_hearth_roles", None)
    if cached is None:
        cached = [n for n in user.groups.values_list("name", flat=True) if n in ROLES]
        user._hearth_roles = cached
    return list(cached)


def capabilities(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return set(CAPABILITIES)
    caps: set[str] = set()
    for name in role_names(user):
        caps |= ROLES[name][1]
    return caps


def has_capability(user: Any, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")
    return capability in capabilities(user)


def require(user: Any, capability: str) -> None:
    if not has_capability(user, capability):
        raise PermissionDenied(f"You do not have permission to {CAPABILITIES[capability]}.")


F = TypeVar("F", bound=Callable[..., HttpResponseBase])


def capability_required(capability: str) -> Callable[[F], F]:
    """View decorator: sign-in first, then the capability (403 with a sentence)."""
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, capability)
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: F) -> F:
    """Mark a view that needs no sign-in (login page, health check)."""
    view.required_capability = None  # type: ignore[attr-defined]
    return view


def ensure_role_groups() -> None:
    from django.contrib.auth.models import Group

    for name in ROLES:
        Group.objects.get_or_create(name=name)
