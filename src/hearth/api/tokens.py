"""Creating, checking and revoking API tokens. The secret is shown once and never stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.api.models import ApiToken
from hearth.core import audit, permissions

PREFIX_LENGTH = 8
# last_used_at is written at most this often per token, so reads stay reads
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def create_token(*, actor: Any, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token acting as `user`. Returns the token and its secret; the secret cannot be recovered later.

    `actor` is the person creating it (needs `admin`), or None for an operator at the command line.
    """
    if actor is not None:
        permissions.require(actor, "admin")
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Enter a name that says what the token is for."]
    elif len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        errors["name"] = ["The name must be 100 characters or fewer."]
    if not user.is_active:
        errors["user"] = [f"{user.get_username()} is not an active user."]
    if errors:
        raise ValidationError(errors)
    secret = secrets.token_urlsafe(32)
    while secret[0] in "-_":  # a prefix typed on a command line must not read as an option
        secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        user=user,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_secret(secret),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, obj=token, action="created", summary=f"API token {token} created for {user}")
    return token, secret


@transaction.atomic
def revoke_token(*, actor: Any, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, obj=token, action="revoked", summary=f"API token {token} revoked")
    return token


def user_for_secret(secret: str) -> Any | None:
    """The active user a live token acts as, or None. Records when the token was last used."""
    if not secret or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_secret(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def find_user(username: str) -> Any:
    """The user with this username; ValidationError with a sentence when there is none."""
    User = get_user_model()
    try:
        return User.objects.get(**{User.USERNAME_FIELD: username})
    except User.DoesNotExist:
        raise ValidationError({"user": [f"There is no user called {username}."]}) from None
