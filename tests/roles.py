"""Staff users by role, for fixtures and tests that need one more officer."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from factories import UserFactory


def make_user(username: str, role: str | None, council: Any = None) -> User:
    """A staff user `username` in `role` (None: no role), working for the lettings partner `council`."""
    return UserFactory(username=username, role=role, council=council)
