"""Staff users by role, for fixtures and tests that need one more officer."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from hearth.core import permissions


def make_user(username: str, role: str | None) -> User:
    permissions.ensure_role_groups()
    user = User.objects.create_user(
        username=username, password="correct horse battery", first_name=username.title(), last_name="Officer"
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user
