"""Helpers for the lettings tests: users with a role and a partner, people, void homes, live applications."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

import roles
from factories import EstateFactory, PersonFactory, PropertyFactory
from hearth.lettings import services as lettings
from hearth.lettings.models import Council


def make_user(username: str, role: str | None, council: Council | None = None) -> User:
    """A staff user of `role`, working for the lettings partner `council`: the suite's one way."""
    return roles.make_user(username, role, council)


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - dt.timedelta(days=days)


def make_person(actor: Any, first: str, age: int) -> Any:
    return PersonFactory(actor=actor, first_name=first, last_name="Bidder", date_of_birth=years_ago(age))


def make_home(actor: Any, name: str, bedrooms: int = 2, kind: str = "flat") -> Any:
    estate = EstateFactory(actor=actor, name=f"{name} Estate", ward="Riverside")
    return PropertyFactory(
        actor=actor,
        estate=estate,
        address_line_1=name,
        town="Pershore",
        postcode="WR10 1AB",
        kind=kind,
        bedrooms=bedrooms,
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
