"""Partners and their officers: the councils and housing associations that share the register, and
which partner's records an officer may see and act on.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from hearth.core import audit, permissions
from hearth.core.records import Errors, create_audited
from hearth.lettings.models import Council, StaffCouncil


def sees_all_partners(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or permissions.has_capability(
        user, "lettings.configure"
    )


def council_ids_for(user: Any) -> set[int] | None:
    """The partners whose records `user` may see and act on; None means every partner."""
    if sees_all_partners(user):
        return None
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_lettings_councils", None)
    if cached is None:
        cached = set(StaffCouncil.objects.filter(user=user).values_list("council_id", flat=True))
        user._lettings_councils = cached
    return set(cached)


def require_council(user: Any, council_id: int) -> None:
    allowed = council_ids_for(user)
    if allowed is not None and council_id not in allowed:
        raise PermissionDenied("You can act only on your own council's applications and homes.")


@transaction.atomic
def create_council(*, actor: Any, code: str, name: str, kind: str = "council", area: str = "") -> Council:
    permissions.require(actor, "lettings.configure")
    errors = Errors()
    code = (code or "").strip().upper()
    if not code:
        errors.add("code", "Enter a short code for the partner, for example WYC.")
    elif Council.objects.filter(code=code).exists():
        errors.add("code", f"A partner already has the code {code}.")
    if not (name or "").strip():
        errors.add("name", "Enter the partner's name.")
    if kind not in Council.Kind.values:
        errors.add("kind", "Select whether the partner is a council or a housing association.")
    errors.raise_if_any()
    council = Council(code=code, name=name.strip(), kind=kind, area=(area or "").strip())
    return create_audited(
        actor=actor, obj=council, fields=["code", "name", "kind", "area"], summary="Partner added"
    )


@transaction.atomic
def add_officer(*, actor: Any, user: Any, council: Council) -> StaffCouncil:
    permissions.require(actor, "lettings.configure")
    link, created = StaffCouncil.objects.get_or_create(user=user, council=council)
    if created:
        audit.record(
            actor=actor, obj=council, action="officer added", summary=f"{user.get_username()} works here"
        )
    return link
