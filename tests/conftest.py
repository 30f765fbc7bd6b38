"""Settings and fixtures for the whole suite: officers by role and signed-in clients. A folder's
conftest.py holds that folder's own fixtures (and may give a name its own meaning there); records come
from the factories in factories.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import settings

from hearth.core import permissions
from roles import make_user

# Property tests have no deadline: how long an example takes depends on the machine and the
# database, and timing is what the benches measure. `--hypothesis-profile` still overrides this.
settings.register_profile("hearth", deadline=None)
settings.load_profile("hearth")


@pytest.fixture
def user_with_role(db: Any) -> Callable[..., User]:
    """`make_user(username, role)`: one more officer."""
    return make_user


@pytest.fixture
def senior(db: Any) -> User:
    return make_user("senior", permissions.SENIOR)


@pytest.fixture
def income(db: Any) -> User:
    return make_user("income", permissions.INCOME)


@pytest.fixture
def approver(db: Any) -> User:
    return make_user("approver", permissions.FINANCE_APPROVER)


@pytest.fixture
def officer(db: Any) -> User:
    """An estate services officer."""
    return make_user("officer", permissions.ESTATE_SERVICES)


@pytest.fixture
def admin_user(db: Any) -> User:
    return make_user("admin", permissions.ADMINISTRATOR)


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def senior_client(senior: User, client_for: Callable[[User], Client]) -> Client:
    return client_for(senior)


@pytest.fixture
def officer_client(officer: User, client_for: Callable[[User], Client]) -> Client:
    return client_for(officer)
