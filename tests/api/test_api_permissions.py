"""The role x endpoint matrix, walked from the API object itself so a new endpoint is covered automatically.

For every operation and every role: 403 exactly when the role lacks the operation's capability.
Writes get an empty body: a 422 (or a no-op 200 for PATCH) still proves the permission gate let it through.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI, Router

from hearth.api import capabilities
from hearth.api.capabilities import REGISTRY, operations, requires
from hearth.api.urls import api
from hearth.core.permissions import CAPABILITIES, ROLES

if TYPE_CHECKING:
    from conftest import ApiClient, World

PUBLIC = {"health"}
OPERATIONS = operations(api)
WRITES = {"POST", "PATCH", "PUT", "DELETE"}


def _money_request(world: World) -> int:
    """A rent account on the world's agreement, with a write-off waiting for approval."""
    from django.contrib.auth.models import User

    from hearth.core.permissions import ADMINISTRATOR
    from hearth.rents import services as rents

    admin = User.objects.filter(groups__name=ADMINISTRATOR).first()
    account = rents.open_account(actor=admin, tenancy=world.tenancy, charges=[("rent", Decimal("95.50"), "")])
    # a large overpayment, so there is a credit to refund; the refund is above any limit and waits
    rents.post_payment(
        actor=admin,
        account=account,
        amount="50000",
        paid_on=dt.date.today(),
        channel="bank",
        reference="OVERPAID",
    )
    request = rents.request_money_out(
        actor=admin, account=account, kind="refund", amount="50000", reason="Overpaid"
    )
    return request.pk


def _path_ids(world: World) -> dict[str, int]:
    """A real record for every path parameter the API uses."""
    return {
        "money_request_id": _money_request(world),
        "person_id": world.tenant.pk,
        "household_id": world.household.pk,
        "estate_id": world.estate.pk,
        "block_id": world.block.pk,
        "property_id": world.flat.pk,
        "tenancy_id": world.tenancy.pk,
    }


def _fill(path: str, ids: dict[str, int]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        assert name in ids, (
            f"Add a real record for the path parameter {{{name}}} to _path_ids() in this test."
        )
        return str(ids[name])

    return re.sub(r"\{([^}]+)\}", one, path)


def test_the_api_has_operations_to_check() -> None:
    assert len(OPERATIONS) >= 20
    assert {o.operation_id for o in OPERATIONS} >= {"list_people", "create_tenancy", "end_tenancy", "health"}


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda o: f"{o.method} {o.path}")
def test_every_operation_declares_a_capability(op: capabilities.OperationInfo) -> None:
    assert op.declared, f"{op.operation_id} has neither @requires(capability) nor @public"
    if op.operation_id in PUBLIC:
        assert op.capability is None
    else:
        assert op.capability in CAPABILITIES, (
            f"{op.operation_id} must name a capability from core.permissions"
        )
    assert REGISTRY[op.operation_id] == op.capability


def test_the_schema_shows_each_operations_capability() -> None:
    schema = api.get_openapi_schema(path_prefix="")
    seen = {
        details["operationId"]: details.get("x-capability", "missing")
        for methods in schema["paths"].values()
        for details in methods.values()
    }
    assert seen == {o.operation_id: o.capability for o in OPERATIONS}


def test_an_operation_without_a_capability_is_refused() -> None:
    router = Router()

    @router.get("/forgotten")
    def forgotten_endpoint(request: Any) -> dict[str, str]:
        return {}

    @router.get("/remembered")
    @requires("records.view")
    def remembered_endpoint(request: Any) -> dict[str, str]:
        return {}

    loose = NinjaAPI(urls_namespace="loose-api-check")
    loose.add_router("/", router)
    with pytest.raises(ImproperlyConfigured, match="forgotten_endpoint"):
        capabilities.check(loose)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, None], ids=lambda r: r or "no_role")
def test_role_endpoint_matrix(
    role: str | None, client_for: Callable[[str | None], ApiClient], world: World
) -> None:
    client = client_for(role)
    granted = ROLES[role][1] if role else set()
    ids = _path_ids(world)
    wrong: list[str] = []
    for op in OPERATIONS:
        body = {} if op.method in WRITES else None
        res = client.call(op.method, _fill(op.path, ids), body)
        allowed = op.capability is None or op.capability in granted
        if allowed and (res.status in (401, 403) or res.status >= 500):
            wrong.append(f"{op.method} {op.path} ({op.capability}): {res.status} {res.json}, expected access")
        if not allowed and (res.status != 403 or res.json.get("code") != "forbidden"):
            wrong.append(f"{op.method} {op.path} ({op.capability}): {res.status}, expected 403 forbidden")
    assert not wrong, f"role {role or 'none'}:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_every_operation_needs_authentication_except_public_ones(anonymous: ApiClient, world: World) -> None:
    ids = _path_ids(world)
    for op in OPERATIONS:
        res = anonymous.call(op.method, _fill(op.path, ids), {} if op.method in WRITES else None)
        if op.operation_id in PUBLIC:
            assert res.status == 200, op
        else:
            assert res.status == 401, op
            assert res.json["code"] == "unauthenticated"
