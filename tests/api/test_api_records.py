"""The building blocks of the standard record operations: page schemas, id fields, and the names a
kind's reads and writes are found by."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from ninja import Router, Schema

from hearth.api.pagination import page_of
from hearth.api.records import Kind, Records
from hearth.api.references import renamed_ids, with_records
from hearth.people.models import Person
from hearth.properties.models import Block, Estate

if TYPE_CHECKING:
    from conftest import World

IDS = {"estate_id": ("estate", Estate), "block_id": ("block", Block), "tenant_ids": ("tenants", Person)}


class ThingOut(Schema):
    id: int


def test_a_page_schema_is_named_after_its_items_and_made_once() -> None:
    assert page_of(ThingOut).__name__ == "ThingPage"
    assert page_of(ThingOut) is page_of(ThingOut)
    assert set(page_of(ThingOut).model_fields) == {"count", "limit", "offset", "items"}


@pytest.mark.django_db
def test_ids_sent_become_records_and_ids_left_out_stay_out(world: World) -> None:
    data = with_records({"estate_id": world.estate.pk, "tenant_ids": [world.tenant.pk], "name": "x"}, IDS)
    assert data == {"name": "x", "estate": world.estate, "tenants": [world.tenant]}
    assert with_records({"block_id": None}, IDS) == {"block": None}


@pytest.mark.django_db
def test_every_unknown_id_is_reported_at_once_on_its_field(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        with_records(
            {"estate_id": 999_999, "block_id": 999_998, "tenant_ids": [world.tenant.pk, 999_997]}, IDS
        )
    assert raised.value.message_dict == {
        "estate_id": ["There is no estate with id 999999."],
        "block_id": ["There is no block with id 999998."],
        "tenant_ids": ["There is no person with id 999997."],
    }


def test_service_problems_are_renamed_to_the_api_fields() -> None:
    assert renamed_ids(IDS) == {"estate": "estate_id", "block": "block_id", "tenants": "tenant_ids"}


def test_a_kind_whose_reads_are_missing_is_refused_when_the_routes_are_made() -> None:
    records = Records(Router(), reads=SimpleNamespace(), writes=SimpleNamespace(), edit="properties.edit")
    with pytest.raises(AttributeError, match="thing_list"):
        records.add(Kind("thing", "things", ThingOut))
