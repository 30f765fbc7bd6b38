"""The API reads its input strictly: text no longer than its column, no null for a field that cannot
be empty, filters only with their listed values and real dates, an unknown record in a list's subject
a 404, and a query cut off by the time limit a 503 with its own code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError

from hearth.api.schemas import InputSchema, text
from hearth.core import permissions
from hearth.properties.models import Estate

pytestmark = pytest.mark.django_db

OPENAPI = json.loads((Path(__file__).resolve().parents[2] / "openapi.json").read_text())


def _body_schemas() -> dict[str, Any]:
    """The schemas of the request bodies, by name."""
    names = set()
    for path in OPENAPI["paths"].values():
        for operation in path.values():
            ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            if "$ref" in ref.get("schema", {}):
                names.add(ref["schema"]["$ref"].rsplit("/", 1)[-1])
    return {name: OPENAPI["components"]["schemas"][name] for name in names}


def test_every_text_field_of_every_body_has_its_longest_value_in_the_schema() -> None:
    """Text, that is: not a choice (enum, const), a date, or a decimal number (a number or its string)."""
    missing = []
    for name, schema in _body_schemas().items():
        for field, spec in schema["properties"].items():
            kinds = spec.get("anyOf", [spec])
            if "enum" in spec or "const" in spec or any(kind.get("type") == "number" for kind in kinds):
                continue
            for kind in kinds:
                if kind.get("type") == "string" and not {"maxLength", "format", "pattern"} & set(kind):
                    missing.append(f"{name}.{field}")
    assert missing == []


def test_a_text_field_without_a_longest_value_stops_the_app_loading() -> None:
    with pytest.raises(TypeError, match="max_length"):

        class Loose(InputSchema):
            name: str

    class Bounded(InputSchema):
        name: str = text(Estate, "name")

    assert Bounded(name="Riverside").name == "Riverside"


def test_a_long_text_is_a_422_on_its_field(api: Any, world: Any) -> None:
    res = api.post("/estates", {"name": "x" * 5000})
    assert res.status == 422 and list(res.json["errors"]) == ["name"]
    assert res.json["errors"]["name"] == [
        f"Enter no more than {Estate._meta.get_field('name').max_length} characters."
    ]
    res = api.patch(f"/properties/{world.house.pk}", {"address_line_1": "x" * 5000, "postcode": "y" * 5000})
    assert res.status == 422 and set(res.json["errors"]) == {"address_line_1", "postcode"}


@pytest.mark.parametrize("field", ["status", "kind", "ownership"])
def test_null_for_a_choice_that_cannot_be_empty_is_a_422(api: Any, world: Any, field: str) -> None:
    res = api.patch(f"/properties/{world.house.pk}", {field: None})
    assert res.status == 422 and list(res.json["errors"]) == [field]


def test_null_for_a_person_s_contact_method_is_a_422(api: Any, world: Any) -> None:
    res = api.patch(f"/people/{world.adult.pk}", {"preferred_contact": None})
    assert res.status == 422 and list(res.json["errors"]) == ["preferred_contact"]


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("/people", {"has_ni": "maybe"}, "has_ni"),
        ("/tenancies", {"live": "sometimes"}, "live"),
        ("/tenancies", {"started_to": "0"}, "started_to"),
        ("/tenancies", {"started_from": "1700000000"}, "started_from"),
        ("/properties", {"status": "haunted"}, "status"),
        ("/rent-accounts", {"in_arrears": "perhaps"}, "in_arrears"),
    ],
)
def test_a_filter_outside_its_values_is_a_422_naming_it(
    api: Any, world: Any, path: str, params: Any, name: str
) -> None:
    res = api.get(path, **params)
    assert res.status == 422 and list(res.json["errors"]) == [name], res


def test_filters_with_their_listed_values_still_work(api: Any, world: Any) -> None:
    assert api.get("/people", has_ni="yes").status == 200
    assert api.get("/people", has_ni="").status == 200
    assert api.get("/tenancies", started_to="2030-01-01", live="yes").status == 200


def test_the_bids_of_an_unknown_application_are_a_404(client_for: Callable[..., Any]) -> None:
    res = client_for(permissions.ADMINISTRATOR).get("/lettings/bids", application_id=999999)
    assert res.status == 404 and res.json["code"] == "not_found"


def test_the_400_answer_is_in_the_schema_of_every_operation_with_a_body() -> None:
    for path, operations in OPENAPI["paths"].items():
        for method, operation in operations.items():
            assert ("400" in operation["responses"]) == ("requestBody" in operation), (method, path)
            assert "503" in operation["responses"] or path == "/api/v1/health", (method, path)


def test_a_body_that_is_not_json_is_a_400(api: Any, world: Any) -> None:
    raw = api.client.post(
        "/api/v1/estates", "{not json", content_type="application/json", headers=api.headers
    )
    assert raw.status_code == 400 and json.loads(raw.content)["code"] == "bad_request"


class Cancelled(Exception):
    sqlstate = "57014"


def test_a_query_stopped_by_the_time_limit_is_a_503_too_slow(api: Any, monkeypatch: Any) -> None:
    def too_slow(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("canceling statement due to statement timeout") from Cancelled()

    monkeypatch.setattr("hearth.rents.selectors.account_list", too_slow)
    res = api.get("/rent-accounts")
    assert res.status == 503 and res.json["code"] == "too_slow"
    assert "seconds" in res.json["message"]
