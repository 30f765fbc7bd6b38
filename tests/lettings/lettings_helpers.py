"""Helpers for the lettings tests: users with a role and a partner, people, void homes, live applications."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Group, User
from django.utils import timezone

from hearth.core import permissions
from hearth.lettings import services as lettings
from hearth.lettings.models import Council, StaffCouncil
from hearth.people import services as people
from hearth.properties import services as properties


def make_user(username: str, role: str | None, council: Council | None = None) -> User:
    permissions.ensure_role_groups()
    user = User.objects.create_user(
        username=username, password="correct horse battery", first_name=username.title(), last_name="Officer"
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    if council is not None:
        StaffCouncil.objects.create(user=user, council=council)
    return user


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - dt.timedelta(days=days)


def make_person(actor: Any, first: str, age: int) -> Any:
    return people.create_person(
        actor=actor, first_name=first, last_name="Bidder", date_of_birth=years_ago(age)
    )


def make_home(actor: Any, name: str, bedrooms: int = 2, kind: str = "flat") -> Any:
    estate = properties.create_estate(actor=actor, name=f"{name} Estate", ward="Riverside")
    return properties.create_property(
        actor=actor,
        estate=estate,
        address_line_1=name,
        town="Pershore",
        postcode="WR10 1AB",
        kind=kind,
        bedrooms=bedrooms,
        ownership="council",
        status="void",
    )


def live_application(
    actor: Any, council: Council, person: Any, band: str = "C", members: Any = (), **kw: Any
) -> Any:
    values: dict[str, Any] = {
        "current_housing": "private_rented",
        "local_connections": ["Wychavon"],
        "residence_years": 3,
        "registration_date": timezone.localdate() - dt.timedelta(days=400),
    }
    values.update(kw)
    app = lettings.register_application(
        actor=actor, council=council, applicant=person, members=members, **values
    )
    lettings.decide_qualification(actor=actor, application=app)
    lettings.decide_band(
        actor=actor,
        application=app,
        band=band,
        reason="Assessed need",
        decided_on=values["registration_date"],
    )
    app.refresh_from_db()
    return app
