"""Who a change is put down to: the signed-in user, a label naming who acted, or the system."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User

from hearth.core import audit
from hearth.core.actors import user_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> User:
    return User.objects.create_user("officer", first_name="Ada", last_name="Okafor")


def test_only_a_signed_in_user_is_a_user(officer: User) -> None:
    assert user_of(officer) == officer
    assert user_of(AnonymousUser()) is None
    assert user_of("Applicant HR0000001 (online)") is None
    assert user_of(None) is None


def test_audit_events_name_the_user_the_label_or_the_system(officer: User) -> None:
    by_user = audit.record(actor=officer, obj=officer, action="updated")
    by_label = audit.record(actor="daily status check", obj=officer, action="updated")
    by_system = audit.record(actor=None, obj=officer, action="updated")
    assert (by_user.actor, by_user.actor_label) == (officer, "Ada Okafor")
    assert (by_label.actor, by_label.actor_label) == (None, "daily status check")
    assert (by_system.actor, by_system.actor_label) == (None, "system")
