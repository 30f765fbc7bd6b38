"""Partners and their officers: the councils and housing associations that share the register, and
which partner's records an officer may see and act on.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet

from hearth.core import audit, permissions
from hearth.core.records import Errors, create_audited
from hearth.lettings.models import Council, StaffCouncil

M = TypeVar("M", bound=models.Model)


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
    if not sees_partner(user, council_id):
        raise PermissionDenied("You can act only on your own council's applications and homes.")


def sees_partner(user: Any, *council_ids: int) -> bool:
    """Whether a record of these partners (an advert's landlord, an application's council) is one
    that `user` may see: they work for one of them, or see every partner."""
    allowed = council_ids_for(user)
    return allowed is None or any(council_id in allowed for council_id in council_ids)


def of_partners(user: Any, records: QuerySet[M], field: str = "council_id") -> QuerySet[M]:
    """Only the records whose partner (the id in `field`) `user` may see and act on."""
    allowed = council_ids_for(user)
    return records if allowed is None else records.filter(**{f"{field}__in": allowed})


def locked_for_partner(actor: Any, capability: str | None, records: QuerySet[M], pk: int, partner: str) -> M:
    """The record with id `pk`, locked for the change, once the actor may make it: the capability, and
    the record's partner (the id at the dotted path `partner`) is theirs. Without a capability (the
    applicant acting online) neither is asked."""
    if capability:
        permissions.require(actor, capability)
    record = records.select_for_update().get(pk=pk)
    if capability:
        require_council(actor, attrgetter(partner)(record))
    return record


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
