"""Who acts: the user a service acts for, or a label when no staff user did.

Services that check a capability take `actor: Actor`, the user as the request carries it
(`request.user` in a view, the token's user in the API). Work that may run without a staff user
(scheduled tasks, the applicant portal, management commands) takes `actor: ActorOrLabel`: a label
such as "daily status check" or "Applicant HR0000123 (online)", or None for the system. Audit
events keep the user when there is one, and the label otherwise (`AuditEvent.actor_label`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, cast

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

Actor: TypeAlias = "User | AnonymousUser"
ActorOrLabel: TypeAlias = "Actor | str | None"


def user_of(actor: ActorOrLabel) -> User | None:
    """The signed-in user behind `actor`; None for a label, the system or an anonymous visitor."""
    if actor is None or isinstance(actor, str) or not getattr(actor, "is_authenticated", False):
        return None
    return cast("User", actor)
