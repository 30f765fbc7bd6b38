"""The contractor API: a token sees and touches only its own contractor's orders."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hearth.api import tokens
from hearth.core import permissions
from hearth.core.models import Clock
from hearth.repairs import services
from hearth.repairs.api import NOT_YOURS
from hearth.repairs.models import RepairOrder

pytestmark = pytest.mark.django_db
BASE = "/api/v1/repairs/contractor"


class Api:
    def __init__(self, secret: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path: str, **params: Any) -> tuple[int, Any]:
        raw = self.client.get(BASE + path, params, headers=self.headers)
        return raw.status_code, json.loads(raw.content)

    def post(self, path: str, body: Any) -> tuple[int, Any]:
        raw = self.client.post(
            BASE + path, json.dumps(body), content_type="application/json", headers=self.headers
        )
        return raw.status_code, json.loads(raw.content)


def _token(user: Any) -> str:
    _t, secret = tokens.create_token(actor=None, user=user, name=f"token for {user.username}")
    return secret


@pytest.fixture
def orders(world: Any, senior: Any) -> tuple[RepairOrder, RepairOrder]:
    ours = services.raise_order(
        actor=senior,
        contract=world.contract,
        property=world.flat,
        description="Sink",
        priority="urgent",
        lines=[world.line("100020")],
        raised_at=timezone.now() - dt.timedelta(hours=3),
    )
    theirs = services.raise_order(
        actor=senior,
        contract=world.other_contract,
        property=world.house,
        description="Tap",
        priority="routine",
        lines=[world.line("100010", "1", world.other_contract)],
    )
    return ours, theirs


@pytest.fixture
def api(world: Any, senior: Any, user_with_role: Any) -> Api:
    user = user_with_role("brightfix-api", permissions.CONTRACTOR)
    services.link_contractor_user(actor=senior, user=user, contractor=world.contractor)
    return Api(_token(user))


def test_a_contractor_sees_only_its_orders(api: Api, orders: Any) -> None:
    ours, theirs = orders
    status, body = api.get("/orders")
    assert status == 200 and [o["reference"] for o in body["items"]] == [ours.reference]
    status, body = api.get("/order", reference=theirs.reference)
    assert status == 404 and body["code"] == "not_found"
    status, body = api.get("/order", reference=ours.reference)
    assert status == 200 and body["lines"][0]["code"] == "100020" and body["asbestos"] is True


def test_a_contractor_cannot_touch_another_contractors_order(api: Api, orders: Any) -> None:
    _ours, theirs = orders
    for path, body in [
        ("/accept", {"reference": theirs.reference}),
        ("/appoint", {"reference": theirs.reference, "date": str(timezone.localdate()), "slot": "am"}),
        ("/status", {"reference": theirs.reference, "status": "in_progress"}),
        ("/note", {"reference": theirs.reference, "text": "hello"}),
        (
            "/complete",
            {
                "reference": theirs.reference,
                "completed_at": timezone.now().isoformat(),
                "first_time_fix": True,
            },
        ),
    ]:
        status, reply = api.post(path, body)
        assert status == 422 and reply["errors"] == {"reference": [NOT_YOURS]}, (path, reply)
    theirs.refresh_from_db()
    assert theirs.status == "issued" and theirs.accepted_at is None and not theirs.notes.exists()


def test_the_contractor_works_an_order_through(api: Api, orders: Any) -> None:
    ours, _ = orders
    status, body = api.post("/accept", {"reference": ours.reference})
    assert status == 200 and body["accepted_at"]
    late = timezone.localtime(ours.due_at).date() + dt.timedelta(days=3)
    status, body = api.post("/appoint", {"reference": ours.reference, "date": str(late), "slot": "pm"})
    assert status == 422 and "after the target" in body["errors"]["later_reason"][0]
    status, body = api.post(
        "/appoint", {"reference": ours.reference, "date": str(timezone.localdate()), "slot": "am"}
    )
    assert status == 200 and body["status"] == "appointed" and body["appointments"][0]["slot"] == "am"
    status, body = api.post(
        "/status", {"reference": ours.reference, "status": "in_progress", "note": "On site"}
    )
    assert status == 200 and body["status"] == "in_progress"
    status, body = api.post(
        "/complete",
        {"reference": ours.reference, "completed_at": timezone.now().isoformat(), "first_time_fix": True},
    )
    assert status == 200 and body["status"] == "completed"
    ours.refresh_from_db()
    assert Clock.objects.get(pk=ours.clock_id or 0).outcome == Clock.Outcome.MET


def test_orders_waiting_for_approval_are_not_shown(api: Api, world: Any, senior: Any, officer: Any) -> None:
    from decimal import Decimal

    services.set_officer_limits(actor=senior, user=officer, raise_limit=Decimal("1"), vary_limit=Decimal("1"))
    waiting = services.raise_order(
        actor=officer,
        contract=world.contract,
        property=world.flat,
        description="x",
        priority="routine",
        lines=[world.line("100010")],
    )
    assert waiting.status == "awaiting_approval"
    assert api.get("/order", reference=waiting.reference)[0] == 404


def test_officers_and_unlinked_users(world: Any, orders: Any, user_with_role: Any, senior: Any) -> None:
    officer_api = Api(_token(user_with_role("eso", permissions.ESTATE_SERVICES)))
    status, body = officer_api.get("/orders")
    assert status == 403 and body["code"] == "forbidden"
    unlinked = Api(_token(user_with_role("nobody", permissions.CONTRACTOR)))
    status, body = unlinked.get("/orders")
    assert status == 200 and body["items"] == []
    assert Client().get(BASE + "/orders").status_code == 401


def test_bad_input_is_json_422(api: Api, orders: Any) -> None:
    ours, _ = orders
    status, body = api.post("/complete", {"reference": ours.reference, "completed_at": "yesterday"})
    assert status == 422 and set(body["errors"]) == {"completed_at", "first_time_fix"}


ODD_VALUES: list[object] = [None, "", "x", -1, 0, 2**80, 1.5, True, [], {"a": 1}, "9" * 300, "2024-02-30"]


def test_odd_values_in_any_contractor_field_are_200_or_422_never_a_fault(api: Api, orders: Any) -> None:
    from hearth.api.urls import api as ninja_api

    ours, _ = orders
    today = timezone.localdate().isoformat()
    valid: dict[str, dict[str, object]] = {
        "accept_contractor_order": {"reference": ours.reference},
        "appoint_contractor_order": {"reference": ours.reference, "date": today, "slot": "am"},
        "update_contractor_order_status": {"reference": ours.reference, "status": "in_progress"},
        "add_contractor_order_note": {"reference": ours.reference, "text": "On site"},
        "complete_contractor_order": {
            "reference": ours.reference,
            "completed_at": timezone.now().isoformat(),
            "first_time_fix": True,
        },
        "request_contractor_order_extension": {
            "reference": ours.reference,
            "reason": "Parts",
            "new_due_at": (timezone.now() + dt.timedelta(days=9)).isoformat(),
        },
    }
    schema = ninja_api.get_openapi_schema(path_prefix="")
    faults: list[str] = []
    for path, methods in schema["paths"].items():
        if "post" not in methods or not path.startswith("/repairs/contractor/"):
            continue
        op = methods["post"]
        ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        for field in schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["properties"]:
            for value in ODD_VALUES:
                status, reply = api.post(
                    path.removeprefix("/repairs/contractor"), {**valid[op["operationId"]], field: value}
                )
                if status not in (200, 422):
                    faults.append(f"POST {path} {{{field!r}: {value!r}}} -> {status} {reply}")
    assert not faults, "\n".join(faults)


def test_a_contractor_asks_for_more_time(api: Api, orders: Any) -> None:
    ours, theirs = orders
    later = (ours.due_at + dt.timedelta(days=5)).isoformat()
    status, body = api.post(
        "/extension", {"reference": theirs.reference, "new_due_at": later, "reason": "Parts"}
    )
    assert status == 422 and body["errors"] == {"reference": [NOT_YOURS]}
    status, body = api.post(
        "/extension", {"reference": ours.reference, "new_due_at": later, "reason": "Parts"}
    )
    assert status == 200 and ours.target_changes.get().status == "requested"


def test_the_order_list_costs_the_same_for_5_or_50_orders(api: Api, world: Any, senior: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hearth.repairs.models import RepairOrder

    for _ in range(50):
        services.raise_order(
            actor=senior,
            contract=world.contract,
            property=world.flat,
            description="x",
            priority="routine",
            lines=[world.line("100010")],
        )
    assert RepairOrder.objects.count() == 50
    api.get("/orders", limit=1)  # the token's first use is recorded once
    counts = []
    for limit in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            status, body = api.get("/orders", limit=limit)
        assert status == 200 and len(body["items"]) == limit
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= 6
