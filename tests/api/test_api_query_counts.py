"""Every list endpoint uses the same number of queries for a page of 5 rows as for a page of 50."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.people import services as people
from hearth.properties import services as properties
from hearth.tenancies import services as tenancies

if TYPE_CHECKING:
    from conftest import ApiClient

pytestmark = pytest.mark.django_db

# auth (token + the user's roles) + COUNT + the page + its prefetches; generous but fixed
BUDGET = 6


def _add(kind: str, actor: User, start: int, stop: int) -> None:
    """Rows numbered start..stop-1 for the list `kind`, made through the services."""
    estate = (
        properties.create_estate(actor=actor, name=f"Estate {kind} {start}") if kind != "people" else None
    )
    for i in range(start, stop):
        if kind == "people":
            person = people.create_person(actor=actor, first_name=f"Person{i}", last_name="Example")
            household = people.create_household(actor=actor, name=f"Household {i}", lead=person)
            del household
        elif kind == "estates":
            properties.create_estate(actor=actor, name=f"Estate number {i}")
        elif kind == "blocks":
            properties.create_block(
                actor=actor,
                estate=estate,
                name=f"Block {i}",
                address_line_1=f"{i} High St",
                town="Hearthton",
                postcode="HT1 1AA",
            )
        else:
            block = properties.create_block(
                actor=actor,
                estate=estate,
                name=f"Block {i}",
                address_line_1=f"{i} High St",
                town="Hearthton",
                postcode="HT1 1AA",
            )
            prop = properties.create_property(
                actor=actor,
                estate=estate,
                block=block,
                address_line_1=f"Flat {i}",
                town="Hearthton",
                postcode="HT1 1AA",
                kind="flat",
                bedrooms=1,
            )
            if kind == "tenancies":
                tenant = people.create_person(actor=actor, first_name=f"Tenant{i}", last_name="Example")
                partner = people.create_person(actor=actor, first_name=f"Partner{i}", last_name="Example")
                child = people.create_person(actor=actor, first_name=f"Child{i}", last_name="Example")
                tenancies.create_tenancy(
                    actor=actor,
                    property=prop,
                    kind="secure",
                    start_date=timezone.localdate() - dt.timedelta(days=30),
                    tenants=[tenant, partner],
                    occupants=[child],
                )


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/people", "people"),
        ("/households", "people"),
        ("/estates", "estates"),
        ("/blocks", "blocks"),
        ("/properties", "properties"),
        ("/tenancies", "tenancies"),
    ],
)
def test_list_queries_do_not_grow_with_the_page(
    path: str, kind: str, api: ApiClient, admin: User, make_user: Callable[..., User]
) -> None:
    _add(kind, admin, 0, 5)
    api.get("/health")
    api.get(path)  # the token's first use records last_used_at; measure from the second

    with CaptureQueriesContext(connection) as five:
        small = api.get(path, limit=200)
    assert small.status == 200
    assert len(small.json["items"]) >= 5

    _add(kind, admin, 5, 50)
    with CaptureQueriesContext(connection) as fifty:
        large = api.get(path, limit=200)
    assert large.status == 200
    assert len(large.json["items"]) >= 50

    assert len(fifty) == len(five), "\n".join(q["sql"] for q in fifty.captured_queries)
    assert len(five) <= BUDGET, "\n".join(q["sql"] for q in five.captured_queries)
