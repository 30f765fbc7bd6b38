"""Fixtures for the API suites: users in roles, their tokens, a JSON client, and a small world of records
made by the factories."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from factories import (
    AlertFactory,
    BlockFactory,
    EstateFactory,
    HouseholdFactory,
    PersonFactory,
    PropertyFactory,
    TenancyFactory,
    UserFactory,
)
from hearth.api import tokens
from hearth.core import permissions
from hearth.people.models import Alert, Household, Person
from hearth.properties.models import Block, Estate, Property
from hearth.tenancies.models import Tenancy

BASE = "/api/v1"


class Response:
    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.status = raw.status_code
        self.json: Any = json.loads(raw.content) if raw.content else None

    def __repr__(self) -> str:
        return f"<{self.status} {self.json!r}>"


class ApiClient:
    """Calls /api/v1 with JSON bodies and (optionally) a bearer token."""

    def __init__(self, secret: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Response:
        url = path if path.startswith(BASE) else BASE + path
        kwargs: dict[str, Any] = {"headers": self.headers}
        if method == "GET":
            raw = self.client.get(url, params, **kwargs)
        else:
            data = json.dumps(body if body is not None else {})
            raw = getattr(self.client, method.lower())(url, data, content_type="application/json", **kwargs)
        return Response(raw)

    def get(self, path: str, **params: Any) -> Response:
        return self.call("GET", path, **params)

    def post(self, path: str, body: Any = None) -> Response:
        return self.call("POST", path, body)

    def patch(self, path: str, body: Any = None) -> Response:
        return self.call("PATCH", path, body)


@pytest.fixture
def with_token() -> Callable[[str], ApiClient]:
    """An ApiClient sending this secret as its bearer token."""
    return ApiClient


@pytest.fixture
def with_session() -> Callable[[Client], ApiClient]:
    """An ApiClient over a (signed-in) Django test client, with no token."""
    return lambda client: ApiClient(client=client)


@pytest.fixture
def roles(db: None) -> None:
    permissions.ensure_role_groups()


@pytest.fixture
def make_user(roles: None) -> Callable[..., User]:
    """`make_user(role)`: a new user in `role` (None: in no role), with a name of its own."""
    counter = iter(range(1, 10_000))

    def make(role: str | None = None, **extra: Any) -> User:
        return UserFactory(
            username=f"{role or 'norole'}_{next(counter)}", first_name="Test", role=role, **extra
        )

    return make


@pytest.fixture
def token_for() -> Callable[[User], str]:
    def make(user: User) -> str:
        _token, secret = tokens.create_token(actor=None, user=user, name=f"Test token for {user.username}")
        return secret

    return make


@pytest.fixture
def client_for(make_user: Callable[..., User], token_for: Callable[[User], str]) -> Callable[..., ApiClient]:
    """An ApiClient with a token of a new user in `role` (None: a user in no role)."""

    def make(role: str | None) -> ApiClient:
        return ApiClient(token_for(make_user(role)))

    return make


@pytest.fixture
def admin(admin_user: User) -> User:
    return admin_user


@pytest.fixture
def api(senior: User, token_for: Callable[[User], str]) -> ApiClient:
    client = ApiClient(token_for(senior))
    client.user = senior  # type: ignore[attr-defined]
    return client


@pytest.fixture
def anonymous() -> ApiClient:
    return ApiClient()


@dataclass
class World:
    estate: Estate
    block: Block
    flat: Property  # let on `tenancy`
    house: Property  # void, free for a new tenancy
    garage: Property
    tenant: Person
    partner: Person
    child: Person
    adult: Person  # on no agreement
    household: Household
    tenancy: Tenancy
    alert: Alert


@pytest.fixture
def world(admin: User) -> World:
    """A few records made through the services, as an administrator: the Okafors' flat in Kestrel House
    (Amina and Tom the tenants, Zara an occupant), a void house and a garage, and Dev Patel on no agreement."""
    today = timezone.localdate()
    estate = EstateFactory(actor=admin, name="Riverside", ward="Northgate")
    block = BlockFactory(
        actor=admin,
        estate=estate,
        name="Kestrel House",
        address_line_1="1 Kestrel Road",
        postcode="HT1 1AA",
        storeys=6,
    )
    flat = PropertyFactory(
        actor=admin,
        estate=estate,
        block=block,
        address_line_1="Flat 3, Kestrel House",
        postcode="HT1 1AA",
        kind="flat",
        floor=1,
    )
    house = PropertyFactory(
        actor=admin, estate=estate, address_line_1="12 Heron Way", postcode="HT1 2BB", bedrooms=3
    )
    garage = PropertyFactory(
        actor=admin,
        estate=estate,
        address_line_1="Garage 7, Heron Way",
        postcode="HT1 2BB",
        kind="garage",
        bedrooms=0,
    )
    tenant = PersonFactory(
        actor=admin, first_name="Amina", date_of_birth=dt.date(1985, 4, 2), ni_number="AB123456C"
    )
    partner = PersonFactory(actor=admin, first_name="Tom", date_of_birth=dt.date(1983, 9, 12))
    child = PersonFactory(
        actor=admin, first_name="Zara", date_of_birth=today.replace(year=today.year - 8, day=1)
    )
    adult = PersonFactory(
        actor=admin, first_name="Dev", last_name="Patel", date_of_birth=dt.date(1990, 1, 20)
    )
    household = HouseholdFactory(
        actor=admin, name="Okafor household", lead=tenant, members=[(partner, "partner")]
    )
    tenancy = TenancyFactory(
        actor=admin,
        property=flat,
        start_date=today - dt.timedelta(days=400),
        tenants=[tenant, partner],
        occupants=[child],
    )
    alert = AlertFactory(
        actor=admin,
        person=tenant,
        kind="vulnerability",
        category="Mobility",
        description="Uses a wheelchair.",
    )
    return World(
        estate=estate,
        block=block,
        flat=flat,
        house=house,
        garage=garage,
        tenant=tenant,
        partner=partner,
        child=child,
        adult=adult,
        household=household,
        tenancy=tenancy,
        alert=alert,
    )


ROW_MODELS = (Person, Household, Alert, Estate, Block, Property, Tenancy)


@pytest.fixture
def row_counts() -> Callable[[], dict[str, int]]:
    """Rows in every table a write could touch (audit events, search entries and references included)."""
    from hearth.core.models import AuditEvent, SearchEntry, Sequence
    from hearth.people.models import HouseholdMember
    from hearth.tenancies.models import TenancyParty

    models = (*ROW_MODELS, HouseholdMember, TenancyParty, AuditEvent, SearchEntry)

    def counts() -> dict[str, int]:
        out = {m.__name__: m.objects.count() for m in models}
        out["sequence values"] = sum(Sequence.objects.values_list("value", flat=True))
        return out

    return counts
