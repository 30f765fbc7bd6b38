"""A property's floor area: optional, more than 0 and up to 1000 square metres, shown on its page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.core.models import AuditEvent
from hearth.properties import services

pytestmark = pytest.mark.django_db

MESSAGE = "Floor area must be a number of square metres more than 0 and up to 1000, like 62.5."


def _edit_data(client: Any, pk: int) -> dict[str, Any]:
    form = client.get(f"/properties/{pk}/edit/").context["form"]
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(field.widget, "decompress"):
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else str(value)
    return data


@pytest.mark.parametrize("bad", ["0", "-12", "1000.5", "lots"])
def test_implausible_floor_area_is_refused_on_the_field_and_changes_nothing(
    senior_client: Any, estate: Any, bad: str
) -> None:
    flat = estate.flat
    data = _edit_data(senior_client, flat.pk)
    data["floor_area"] = bad
    before = AuditEvent.objects.count()
    response = senior_client.post(f"/properties/{flat.pk}/edit/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["floor_area"] == [MESSAGE]
    flat.refresh_from_db()
    assert flat.floor_area is None
    assert AuditEvent.objects.count() == before


def test_floor_area_is_saved_shown_and_on_the_fact_sheet(senior_client: Any, estate: Any) -> None:
    flat = estate.flat
    data = _edit_data(senior_client, flat.pk)
    data["floor_area"] = "62.5"
    response = senior_client.post(f"/properties/{flat.pk}/edit/", data, follow=True)
    assert "Details saved." in response.content.decode()
    flat.refresh_from_db()
    assert flat.floor_area == Decimal("62.50")
    page = senior_client.get(f"/properties/{flat.pk}/").content.decode()
    assert "62.5 m²" in page
    assert senior_client.get(f"/properties/{flat.pk}/factsheet.pdf").content.startswith(b"%PDF-")
    event = AuditEvent.objects.filter(action="updated").latest("at")
    assert event.changes == {"floor area (m²)": [None, "62.50"]}
    assert "62.50" in senior_client.get(f"/properties/{flat.pk}/history/").content.decode()
    # cleared again: it is optional
    data["floor_area"] = ""
    senior_client.post(f"/properties/{flat.pk}/edit/", data)
    flat.refresh_from_db()
    assert flat.floor_area is None


def test_service_refuses_floor_area_out_of_range(senior: Any, estate: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.update_property(actor=senior, prop=estate.house, floor_area="1001")
    assert exc.value.message_dict == {"floor_area": [MESSAGE]}
    prop = services.update_property(actor=senior, prop=estate.house, floor_area=Decimal("1000"))
    assert prop.floor_area == Decimal("1000.00")
