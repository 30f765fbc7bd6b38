"""Who is calling: an integration with `Authorization: Bearer <token>`, or the signed-in staff web app.

Each operation's auth objects also carry the capability it needs (see `capabilities.requires`), so the
permission check runs straight after authentication and before the request body is read: a caller
without the capability gets 403 whatever it sends.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from hearth.api import tokens
from hearth.core import permissions


class CsrfFailed(Exception):
    """A session-authenticated unsafe request without a valid CSRF token."""


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the request acts as the token's user."""

    def __init__(self, capability: str | None = None) -> None:
        self.capability = capability
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = tokens.user_for_secret(token.strip())
        if user is None:
            return None
        request.user = user
        if self.capability:
            permissions.require(user, self.capability)
        return user


class SessionAuth(APIKeyCookie):
    """The staff web app's own calls (htmx): the Django session, with CSRF checked on unsafe methods.

    Never used when an Authorization header is sent, so a bad token is a 401 rather than falling back.
    """

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self, capability: str | None = None) -> None:
        self.capability = capability
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any | None:
        if request.headers.get("Authorization"):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if self.csrf and check_csrf(request) is not None:
            raise CsrfFailed()
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def _get_key(self, request: HttpRequest) -> str | None:  # pragma: no cover - __call__ handles it
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = request.user
        if self.capability:
            permissions.require(user, self.capability)
        return user


def actor(request: HttpRequest) -> Any:
    """The user the request acts as: the token's user, or the signed-in user. Pass it to services."""
    return request.auth  # type: ignore[attr-defined]  # set by ninja after authentication


def auth_for(capability: str | None) -> list[Any]:
    """The auth callbacks for an operation needing `capability` (None: signed in, no capability)."""
    return [TokenAuth(capability), SessionAuth(capability)]
