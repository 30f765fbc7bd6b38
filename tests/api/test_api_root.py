"""The API root: tokens and their commands, the health check, and errors outside any one app."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from hearth.api.capabilities import REGISTRY
from hearth.api.models import ApiToken
from hearth.core import audit, permissions
from hearth.people import selectors

if TYPE_CHECKING:
    from conftest import ApiClient, World

pytestmark = pytest.mark.django_db


def test_create_api_token_command_prints_the_secret_once(
    make_user: Callable[..., User], with_token: Callable[[str], ApiClient]
) -> None:
    user = make_user(permissions.INCOME)
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "--user", user.username, "--name", "Rent sync", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert len(secret) >= 40
    token = ApiToken.objects.get()
    assert (token.name, token.user, token.prefix) == ("Rent sync", user, secret[:8])
    assert secret not in err.getvalue()
    assert "cannot be shown again" in err.getvalue()
    assert audit.history_for(token).get().action == "created"
    assert with_token(secret).get("/tenancies").status == 200


def test_create_api_token_command_refuses_unknown_users_and_blank_names(
    make_user: Callable[..., User],
) -> None:
    with pytest.raises(CommandError, match="There is no user called nobody."):
        call_command("create_api_token", "--user", "nobody", "--name", "x", stdout=io.StringIO())
    user = make_user(permissions.INCOME)
    with pytest.raises(CommandError, match="Enter a name"):
        call_command("create_api_token", "--user", user.username, "--name", " ", stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_only_administrators_create_tokens_for_others(make_user: Callable[..., User]) -> None:
    from django.core.exceptions import PermissionDenied

    from hearth.api import tokens

    officer = make_user(permissions.SENIOR)
    with pytest.raises(PermissionDenied):
        tokens.create_token(actor=officer, user=officer, name="Mine")
    token, _secret = tokens.create_token(
        actor=make_user(permissions.ADMINISTRATOR), user=officer, name="Theirs"
    )
    assert token.created_by is not None


def test_health_needs_no_auth(anonymous: ApiClient) -> None:
    assert anonymous.get("/health").json == {"status": "ok", "database": "ok"}


def test_wrong_method_and_unknown_path_are_json(api: ApiClient) -> None:
    res = api.call("DELETE", "/people")
    assert res.status == 405
    assert res.json["code"] == "method_not_allowed"
    assert res.raw["Allow"]
    res = api.get("/people/1/nonsense")
    assert res.status == 404
    assert res.json["code"] == "not_found"


def test_a_fault_is_a_500_json_without_a_traceback(
    api: ApiClient, world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "person_list", broken)
    res = api.get("/people")
    assert res.status == 500
    assert res.json["code"] == "server_error"
    assert "secret internals" not in res.raw.content.decode()
    assert "Traceback" not in res.raw.content.decode()
    assert "secret internals" in caplog.text  # logged for us, not shown to the caller


def test_schema_is_served(anonymous: ApiClient) -> None:
    res = anonymous.get("/openapi.json")
    assert res.status == 200
    assert res.json["info"]["title"] == "Hearth API"


@pytest.mark.parametrize("body", ["", "[1, 2]", '"text"', "null"])
def test_a_body_that_is_not_an_object_is_422(api: ApiClient, body: str) -> None:
    raw = api.client.post("/api/v1/people", body, content_type="application/json", headers=api.headers)
    assert raw.status_code == 422, raw.content
    assert raw.json()["errors"] == {"__all__": ["Send a JSON object in the request body."]}


def test_list_and_revoke_token_commands(
    make_user: Callable[..., User], with_token: Callable[[str], ApiClient]
) -> None:
    from hearth.api import tokens

    token, secret = tokens.create_token(actor=None, user=make_user(permissions.SENIOR), name="Repairs sync")
    listing = io.StringIO()
    call_command("list_api_tokens", stdout=listing)
    assert token.prefix in listing.getvalue()
    assert "Repairs sync" in listing.getvalue()
    assert secret not in listing.getvalue()
    call_command("revoke_api_token", token.prefix, stdout=io.StringIO())
    assert with_token(secret).get("/people").status == 401
    with pytest.raises(CommandError, match="No live token"):
        call_command("revoke_api_token", token.prefix, stdout=io.StringIO())


def test_token_prefixes_never_read_as_command_line_options(make_user: Callable[..., User]) -> None:
    from hearth.api import tokens

    user = make_user(permissions.SENIOR)
    secrets = [tokens.create_token(actor=None, user=user, name=f"Token {i}")[1] for i in range(300)]
    assert not [s for s in secrets if s[0] in "-_"]  # 1 in 32 would, by chance, without the rule


ODD_VALUES: list[object] = [None, "", "x", -1, 0, 2**80, 1.5, True, [], {"a": 1}, "9" * 300, "2024-02-30"]


def test_odd_values_in_any_patch_field_are_200_or_422_never_a_fault(api: ApiClient, world: World) -> None:
    """Walk every PATCH operation in the schema and send each odd value in each field, one at a time."""
    from hearth.api.urls import api as ninja_api

    schema = ninja_api.get_openapi_schema(path_prefix="")
    ids = {
        "person_id": world.adult.pk,
        "estate_id": world.estate.pk,
        "block_id": world.block.pk,
        "property_id": world.garage.pk,
    }
    faults: list[str] = []
    tried = 0
    for path, methods in schema["paths"].items():
        if "patch" not in methods:
            continue
        ref = methods["patch"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        fields = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["properties"]
        url = path.format(**ids)
        for field in fields:
            for value in ODD_VALUES:
                res = api.patch(url, {field: value})
                tried += 1
                if res.status not in (200, 422):
                    faults.append(f"PATCH {path} {{{field!r}: {value!r}}} -> {res.status} {res.json}")
    assert not faults, "\n".join(faults)
    assert tried > 300  # four PATCH operations, dozens of fields


def test_odd_values_in_any_post_field_are_201_or_422_never_a_fault(
    api: ApiClient,
    world: World,
    make_user: Callable[..., User],
    token_for: Callable[[User], str],
    with_token: Callable[[str], ApiClient],
) -> None:
    """Every POST operation, from a valid body, with each field in turn replaced by an odd value."""
    from hearth.api.urls import api as ninja_api

    today = dt.date.today().isoformat()
    valid: dict[str, dict[str, object]] = {
        "create_person": {"first_name": "Ada", "last_name": "Lovelace"},
        "add_person_alert": {"kind": "caution", "category": "Dog"},
        "create_household": {"name": "Lovelace household", "lead_id": world.adult.pk},
        "add_household_member": {"person_id": world.adult.pk, "relationship": "lodger"},
        "create_estate": {"name": "Hillside"},
        "create_block": {
            "estate_id": world.estate.pk,
            "name": "Wren House",
            "address_line_1": "3 Wren Road",
            "town": "Hearthton",
            "postcode": "HT1 3CC",
        },
        "create_property": {
            "estate_id": world.estate.pk,
            "address_line_1": "5 Wren Road",
            "town": "Hearthton",
            "postcode": "HT1 3CC",
            "kind": "house",
        },
        "create_tenancy": {
            "property_id": world.house.pk,
            "kind": "secure",
            "start_date": today,
            "tenant_ids": [world.adult.pk],
        },
        "end_tenancy": {"end_date": today, "end_reason": "abandonment"},
        "post_rent_payment": {"amount": "12.50", "paid_on": today, "channel": "cash"},
        "create_money_request": {"kind": "refund", "amount": "5.00", "reason": "Overpaid"},
        "decide_money_request": {"decision": "decline", "note": "Not evidenced"},
    }
    from hearth.rents import services as rents

    account = rents.open_account(actor=api.user, tenancy=world.tenancy)  # type: ignore[attr-defined]
    # a large overpayment, so there is a credit to refund; the refund is above any limit and waits
    rents.post_payment(
        actor=api.user,  # type: ignore[attr-defined]
        account=account,
        amount="50000",
        paid_on=dt.date.today(),
        channel="bank",
        reference="OVERPAID",
    )
    waiting = rents.request_money_out(
        actor=api.user,  # type: ignore[attr-defined]
        account=account,
        kind="refund",
        amount="50000",
        reason="Overpaid",
    )
    ids = {
        "person_id": world.adult.pk,
        "household_id": world.household.pk,
        "tenancy_id": world.tenancy.pk,
        "money_request_id": waiting.pk,
    }
    # operations the senior officer may not call are walked as the role that may (the contractor
    # API has its own suite)
    approver_user = make_user(permissions.FINANCE_APPROVER)
    approver = with_token(token_for(approver_user))
    schema = ninja_api.get_openapi_schema(path_prefix="")
    faults: list[str] = []
    walked: set[str] = set()
    for path, methods in schema["paths"].items():
        if "post" not in methods:
            continue
        op = methods["post"]
        client = api
        if REGISTRY.get(op["operationId"]) not in permissions.capabilities(api.user):  # type: ignore[attr-defined]
            if REGISTRY.get(op["operationId"]) not in permissions.capabilities(approver_user):
                continue  # an operation for another kind of user (the contractor API): its own suite walks it
            client = approver
        assert op["operationId"] in valid, f"add a valid body for {op['operationId']} to this test"
        walked.add(op["operationId"])
        ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        fields = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["properties"]
        for field in fields:
            for value in ODD_VALUES:
                res = client.post(path.format(**ids), {**valid[op["operationId"]], field: value})
                if res.status not in (200, 201, 422):
                    faults.append(f"POST {path} {{{field!r}: {value!r}}} -> {res.status} {res.json}")
    assert not faults, "\n".join(faults)
