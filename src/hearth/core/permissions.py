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
    # repairs and contractors (issue 3)
    "repairs.view": "see repair orders, contractors and their performance",
    "repairs.raise": "take repair requests and raise, vary, appoint and chase orders",
    "repairs.approve": "approve repair orders and variations over an officer's limit",
    "contractors.manage": "manage contractors, contracts and schedules of rates",
    "repairs.contractor": "act for a contractor on its own repair orders",
    # tenancy processes and rent accounts (issue 4)
    "rents.view": "see rent accounts, charges and arrears",
    "rents.post": "post payments, import payment files and record adjustments",
    "rents.approve": "approve refunds, write-offs and amendments over an officer's limit",
    "rents.run": "run the weekly debit run and the annual rent change",
    "tenancies.process": "carry out tenancy processes (sign-up, termination, exchange, succession)",
    "tenancies.approve": "make tenancy decisions that need a senior officer (extending or ending a trial tenancy)",
    # housing register and lettings (issue 5)
    "lettings.view": "see housing register applications, adverts and shortlists",
    "lettings.edit": "take applications, record bids and make offers",
    "lettings.decide": "decide qualification and bands, bypass bidders on a shortlist",
    "lettings.configure": "change the lettings scheme's rules",
}

ESTATE_SERVICES = "estate_services_officer"
INCOME = "income_officer"
HOUSING_OPTIONS = "housing_options_officer"
SENIOR = "senior_officer"
FINANCE_APPROVER = "finance_approver"
AUDITOR = "auditor"
ADMINISTRATOR = "administrator"
CONTRACTOR = "contractor"  # a contractor's own staff: the contractor API only, for their company's orders

_READ = {
    "records.view",
    "jobs.view",
    "clocks.view",
    "audit.view",
    "export",
    "repairs.view",
    "rents.view",
    "lettings.view",
}
_CASEWORK = _READ | {"people.edit", "files.attach", "people.view_protected"}

ROLES: dict[str, tuple[str, set[str]]] = {
    ESTATE_SERVICES: ("Estate services officer", _CASEWORK | {"properties.edit", "repairs.raise"}),
    INCOME: ("Income officer", _CASEWORK | {"tenancies.edit", "tenancies.process", "rents.post"}),
    HOUSING_OPTIONS: ("Housing options officer", _CASEWORK | {"people.edit_protected", "lettings.edit"}),
    SENIOR: (
        "Senior officer",
        _CASEWORK
        | {
            "properties.edit",
            "tenancies.edit",
            "people.edit_protected",
            "repairs.raise",
            "repairs.approve",
            "contractors.manage",
            "tenancies.process",
            "tenancies.approve",
            "rents.post",
            "rents.run",
            "lettings.edit",
            "lettings.decide",
        },
    ),
    FINANCE_APPROVER: ("Finance approver", set(_READ) | {"rents.approve", "repairs.approve"}),
    AUDITOR: ("Auditor (read-only)", set(_READ) | {"people.view_protected"}),
    ADMINISTRATOR: ("Administrator", set(CAPABILITIES)),
    CONTRACTOR: ("Contractor", {"repairs.contractor"}),
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
