"""Users: one per role, with the published demo password."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password

from hearth.core import permissions

DEMO_PASSWORD = "warm-hearth-demo"  # noqa: S105 - a published demo password, never production
DEMO_URL = "http://127.0.0.1:8000/"

# username, role group, first name, last name
DEMO_USERS: list[tuple[str, str, str, str]] = [
    ("estates", permissions.ESTATE_SERVICES, "Denise", "Okoro"),
    ("income", permissions.INCOME, "Gareth", "Pryce"),
    ("options", permissions.HOUSING_OPTIONS, "Shazia", "Rahman"),
    ("senior", permissions.SENIOR, "Margaret", "Halloran"),
    ("finance", permissions.FINANCE_APPROVER, "Tomasz", "Wiśniewski"),
    ("auditor", permissions.AUDITOR, "Helen", "Ashworth"),
    ("admin", permissions.ADMINISTRATOR, "Kwame", "Mensah"),
]


def ensure_users() -> list[tuple[str, str, str]]:
    """One user per role, each in the role's group, with the demo password. Returns the sign-ins."""
    permissions.ensure_role_groups()
    User = get_user_model()
    encoded = make_password(DEMO_PASSWORD)  # hashed once: the same published password for every user
    out = []
    for username, role, first, last in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@hearth.invalid"
        user.is_active = True
        user.is_staff = role == permissions.ADMINISTRATOR
        validate_password(DEMO_PASSWORD, user)
        user.password = encoded
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        out.append((username, permissions.ROLES[role][0], DEMO_PASSWORD))
    return out


def logins() -> list[tuple[str, str, str]]:
    return [(u, permissions.ROLES[r][0], DEMO_PASSWORD) for u, r, _, _ in DEMO_USERS]
