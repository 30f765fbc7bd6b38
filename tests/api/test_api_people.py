"""People, alerts and households over the API: create, list, get, update; errors, auth and audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from hearth.api import tokens
from hearth.api.models import ApiToken
from hearth.core import audit, permissions
from hearth.people.models import Alert, Household, Person

if TYPE_CHECKING:
    from conftest import ApiClient, World

pytestmark = pytest.mark.django_db


# --- create ----------------------------------------------------------------------------------


def test_create_person(api: ApiClient, row_counts: Callable[[], dict[str, int]]) -> None:
    before = row_counts()["Person"]
    res = api.post(
        "/people",
        {
            "first_name": " Grace ",
            "last_name": "Hopper",
            "date_of_birth": "1970-12-09",
            "ni_number": "ce 12 34 56 a",
            "email": "grace@example.org",
            "preferred_contact": "email",
        },
    )
    assert res.status == 201, res
    body = res.json
    assert body["reference"].startswith("P")
    assert body["first_name"] == "Grace"
    assert body["ni_number"] == "CE123456A"
    assert body["preferred_contact"] == "email"
    assert body["language"] == "English"  # the model's default, not sent
    assert row_counts()["Person"] == before + 1
    person = Person.objects.get(pk=body["id"])
    created = audit.history_for(person).get()
    assert created.action == "created"
    assert created.actor == api.user  # type: ignore[attr-defined]


def test_create_person_with_bad_fields_is_422_with_sentences_and_stores_nothing(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    before = row_counts()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    res = api.post(
        "/people",
        {
            "first_name": "Ada",
            "last_name": "  ",
            "date_of_birth": tomorrow.isoformat(),
            "ni_number": "AB123456C",  # the tenant's
            "email": "not-an-email",
        },
    )
    assert res.status == 422, res
    assert res.json["code"] == "invalid"
    errors = res.json["errors"]
    assert errors["last_name"] == ["Enter the last name."]
    assert errors["date_of_birth"] == ["Date of birth must be in the past."]
    assert errors["ni_number"] == [
        f"This National Insurance number is already recorded for {world.tenant.reference}."
    ]
    assert errors["email"] == ["Enter an email address in the correct format, like name@example.com."]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("body", "field", "sentence"),
    [
        ({"last_name": "Lovelace"}, "first_name", "This field is required."),
        (
            {"first_name": "Ada", "last_name": "Lovelace", "date_of_birth": "1815-13-10"},
            "date_of_birth",
            "Enter a real date in the format YYYY-MM-DD.",
        ),
        (
            {"first_name": "Ada", "last_name": "Lovelace", "shoe_size": 5},
            "shoe_size",
            "This field cannot be set here.",
        ),
        ({"first_name": "Ada", "last_name": "x" * 101}, "last_name", "Enter no more than 100 characters."),
        (
            {"first_name": "Ada", "last_name": "Lovelace", "interpreter_needed": "perhaps"},
            "interpreter_needed",
            "Enter true or false.",
        ),
        (
            {"first_name": "Ada\x00", "last_name": "Lovelace"},
            "first_name",
            "Remove the invalid character (NUL) from this field.",
        ),
    ],
)
def test_schema_errors_are_422_sentences_on_the_field(
    api: ApiClient,
    row_counts: Callable[[], dict[str, int]],
    body: dict[str, object],
    field: str,
    sentence: str,
) -> None:
    before = row_counts()
    res = api.post("/people", body)
    assert res.status == 422, res
    assert res.json["code"] == "invalid"
    assert res.json["message"]
    assert sentence in res.json["errors"][field], res.json
    assert row_counts() == before


def test_a_body_that_is_not_json_is_400(api: ApiClient) -> None:
    raw = api.client.post("/api/v1/people", "{not json", content_type="application/json", headers=api.headers)
    assert raw.status_code == 400
    assert raw.json()["code"] == "bad_request"


# --- list and get ----------------------------------------------------------------------------


def test_list_people_filters_and_paginates(api: ApiClient, world: World) -> None:
    res = api.get("/people", q="okafor", limit=2)
    assert res.status == 200, res
    assert res.json["count"] == 3
    assert res.json["limit"] == 2
    assert res.json["offset"] == 0
    assert [p["first_name"] for p in res.json["items"]] == ["Amina", "Tom"]
    page2 = api.get("/people", q="okafor", limit=2, offset=2).json
    assert [p["first_name"] for p in page2["items"]] == ["Zara"]
    with_ni = api.get("/people", has_ni="yes").json
    assert [p["reference"] for p in with_ni["items"]] == [world.tenant.reference]


def test_list_limit_is_at_most_200(api: ApiClient, world: World) -> None:
    assert api.get("/people", limit=200).status == 200
    res = api.get("/people", limit=201)
    assert res.status == 422
    assert res.json["errors"] == {"limit": ["Enter a number that is 200 or less."]}
    assert api.get("/people", offset=-1).json["errors"] == {"offset": ["Enter a number that is 0 or more."]}


def test_get_person_shows_households_and_alerts_to_permitted_roles(api: ApiClient, world: World) -> None:
    res = api.get(f"/people/{world.tenant.pk}")
    assert res.status == 200, res
    body = res.json
    assert body["full_name"] == "Amina Okafor"
    assert [(h["household_reference"], h["relationship"]) for h in body["households"]] == [
        (world.household.reference, "lead")
    ]
    assert [(a["kind"], a["category"]) for a in body["alerts"]] == [("vulnerability", "Mobility")]
    assert body["middle_names"] == ""
    assert body["date_of_birth"] == "1985-04-02"


def test_get_person_omits_alerts_for_roles_without_protected_access(
    client_for: Callable[[str | None], ApiClient], world: World
) -> None:
    finance = client_for(permissions.FINANCE_APPROVER)
    body = finance.get(f"/people/{world.tenant.pk}").json
    assert "alerts" not in body
    assert body["reference"] == world.tenant.reference
    assert finance.get(f"/people/{world.tenant.pk}/alerts").status == 403
    auditor = client_for(permissions.AUDITOR)
    assert [a["category"] for a in auditor.get(f"/people/{world.tenant.pk}").json["alerts"]] == ["Mobility"]


def test_unknown_person_is_404_json(api: ApiClient, world: World) -> None:
    res = api.get("/people/999999")
    assert res.status == 404
    assert res.json == {"code": "not_found", "message": "There is no person with that id."}
    huge = api.get(f"/people/{2**70}")
    assert huge.status == 422
    assert huge.json["errors"]["person_id"]


def test_unknown_endpoint_is_404_json(api: ApiClient) -> None:
    res = api.get("/no-such-thing")
    assert res.status == 404
    assert res.json["code"] == "not_found"


# --- update ----------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent_and_records_an_audit_event(api: ApiClient, world: World) -> None:
    person = world.adult
    res = api.patch(f"/people/{person.pk}", {"phone": "07700 900123", "preferred_contact": "text"})
    assert res.status == 200, res
    assert res.json["phone"] == "07700 900123"
    assert res.json["preferred_contact"] == "text"
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.date_of_birth) == (
        "Dev",
        "Patel",
        dt.date(1990, 1, 20),
    )
    event = audit.history_for(person).first()
    assert event is not None
    assert event.action == "updated"
    assert event.actor == api.user  # type: ignore[attr-defined]
    assert event.changes["preferred contact method"] == ["Letter", "Text message"]


def test_patch_with_nothing_changed_records_nothing(api: ApiClient, world: World) -> None:
    events = audit.history_for(world.adult).count()
    res = api.patch(f"/people/{world.adult.pk}", {"first_name": "Dev"})
    assert res.status == 200
    assert audit.history_for(world.adult).count() == events


def test_patch_bad_input_is_422_and_changes_nothing(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    before = row_counts()
    res = api.patch(f"/people/{world.adult.pk}", {"first_name": "", "preferred_contact": "email"})
    assert res.status == 422
    assert res.json["errors"] == {
        "first_name": ["Enter the first name."],
        "email": ["Enter an email address, or choose another contact method."],
    }
    world.adult.refresh_from_db()
    assert world.adult.first_name == "Dev"
    assert row_counts() == before


# --- alerts ----------------------------------------------------------------------------------


def test_alerts_list_and_add(api: ApiClient, world: World) -> None:
    res = api.post(f"/people/{world.adult.pk}/alerts", {"kind": "caution", "category": "Violent behaviour"})
    assert res.status == 201, res
    assert res.json["kind_label"] == "Cautionary alert"
    assert res.json["start_date"] == timezone.localdate().isoformat()
    listed = api.get(f"/people/{world.adult.pk}/alerts").json
    assert [a["category"] for a in listed] == ["Violent behaviour"]


def test_add_alert_bad_input(api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]) -> None:
    before = row_counts()
    res = api.post(
        f"/people/{world.adult.pk}/alerts",
        {
            "kind": "grumpy",
            "category": " ",
            "start_date": "2024-05-01",
            "end_date": "2024-04-01",
        },
    )
    assert res.status == 422
    assert set(res.json["errors"]) == {"kind", "category", "end_date"}
    assert row_counts() == before


def test_add_alert_needs_edit_protected(client_for: Callable[[str | None], ApiClient], world: World) -> None:
    auditor = client_for(permissions.AUDITOR)  # may see alerts, not record them
    res = auditor.post(f"/people/{world.adult.pk}/alerts", {"kind": "caution", "category": "Dog"})
    assert res.status == 403
    assert res.json == {
        "code": "forbidden",
        "message": "You do not have permission to record vulnerabilities and cautionary alerts.",
    }
    assert not Alert.objects.filter(person=world.adult).exists()


# --- households ------------------------------------------------------------------------------


def test_households_create_add_member_get_list(api: ApiClient, world: World) -> None:
    res = api.post("/households", {"name": "Patel household", "lead_id": world.adult.pk})
    assert res.status == 201, res
    household_id = res.json["id"]
    assert [(m["person_name"], m["relationship"]) for m in res.json["members"]] == [("Dev Patel", "lead")]
    added = api.post(
        f"/households/{household_id}/members", {"person_id": world.child.pk, "relationship": "child"}
    )
    assert added.status == 201, added
    assert [m["relationship"] for m in added.json["members"]] == ["lead", "child"]
    assert api.get(f"/households/{household_id}").json["name"] == "Patel household"
    listed = api.get("/households", q="patel").json
    assert [h["id"] for h in listed["items"]] == [household_id]


def test_household_unknown_person_is_422_on_the_field(
    api: ApiClient, world: World, row_counts: Callable[[], dict[str, int]]
) -> None:
    before = row_counts()
    res = api.post("/households", {"name": "Ghosts", "lead_id": 999999})
    assert res.status == 422
    assert res.json["errors"] == {"lead_id": ["There is no person with id 999999."]}
    res = api.post(
        f"/households/{world.household.pk}/members", {"person_id": 999999, "relationship": "child"}
    )
    assert res.status == 422
    assert res.json["errors"] == {"person_id": ["There is no person with id 999999."]}
    res = api.post(
        f"/households/{world.household.pk}/members",
        {"person_id": world.partner.pk, "relationship": "partner"},
    )
    assert res.status == 422
    assert res.json["errors"] == {"person_id": ["Tom Okafor is already a member of this household."]}
    assert row_counts() == before
    assert Household.objects.count() == 1


# --- authentication --------------------------------------------------------------------------


def test_no_auth_is_401(anonymous: ApiClient, world: World) -> None:
    for res in (anonymous.get("/people"), anonymous.post("/people", {"first_name": "A", "last_name": "B"})):
        assert res.status == 401
        assert res.json["code"] == "unauthenticated"
        assert "Bearer" in res.json["message"]


def test_bad_and_revoked_tokens_are_401(
    make_user: Callable[..., User],
    world: World,
    row_counts: Callable[[], dict[str, int]],
    with_token: Callable[[str], ApiClient],
) -> None:
    ApiClient = with_token  # noqa: N806
    user = make_user(permissions.SENIOR)
    token, secret = tokens.create_token(actor=None, user=user, name="Sync")
    assert ApiClient(secret).get("/people").status == 200
    assert ApiClient(secret + "x").get("/people").status == 401
    tokens.revoke_token(actor=None, token=token)
    before = row_counts()
    for res in (
        ApiClient(secret).get("/people"),
        ApiClient(secret).post("/people", {"first_name": "A", "last_name": "B"}),
    ):
        assert res.status == 401
        assert res.json["code"] == "unauthenticated"
    assert row_counts() == before


def test_token_of_an_inactive_user_is_401(
    make_user: Callable[..., User], world: World, with_token: Callable[[str], ApiClient]
) -> None:
    ApiClient = with_token  # noqa: N806
    user = make_user(permissions.SENIOR)
    _token, secret = tokens.create_token(actor=None, user=user, name="Sync")
    user.is_active = False
    user.save()
    assert ApiClient(secret).get("/people").status == 401


def test_token_is_stored_only_as_a_hash_and_records_last_use(
    make_user: Callable[..., User], world: World, with_token: Callable[[str], ApiClient]
) -> None:
    user = make_user(permissions.SENIOR)
    token, secret = tokens.create_token(actor=None, user=user, name="Sync")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.prefix == secret[:8]
    assert secret not in {stored.key_hash, stored.name, stored.prefix}
    assert stored.last_used_at is None
    with_token(secret).get("/people")
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_session_auth_works_and_keeps_csrf_for_unsafe_methods(
    make_user: Callable[..., User], world: World, with_session: Callable[[Client], ApiClient]
) -> None:
    user = make_user(permissions.SENIOR)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    session = with_session(browser)
    assert session.get("/people").status == 200
    res = session.post("/people", {"first_name": "Ada", "last_name": "Lovelace"})
    assert res.status == 403
    assert res.json["code"] == "csrf_failed"
    assert not Person.objects.filter(last_name="Lovelace").exists()
    # with the CSRF cookie and the X-CSRFToken header, as the web app's htmx calls send them
    from django.middleware.csrf import _get_new_csrf_string

    csrf = _get_new_csrf_string()
    browser.cookies["csrftoken"] = csrf
    raw = browser.post(
        "/api/v1/people",
        '{"first_name": "Ada", "last_name": "Lovelace"}',
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert raw.status_code == 201, raw.content
    person = Person.objects.get(last_name="Lovelace")
    assert audit.history_for(person).get().actor == user


def test_a_bad_token_does_not_fall_back_to_the_session(make_user: Callable[..., User], world: World) -> None:
    browser = Client()
    browser.force_login(make_user(permissions.SENIOR))
    raw = browser.get("/api/v1/people", headers={"Authorization": "Bearer nonsense"})
    assert raw.status_code == 401


def test_health_is_public(anonymous: ApiClient, db: None) -> None:
    res = anonymous.get("/health")
    assert res.status == 200
    assert res.json == {"status": "ok", "database": "ok"}
