"""Bad input gets a sentence on the field and changes nothing; good input is recorded with its history."""

from __future__ import annotations

from typing import Any

import pytest

from hearth.core.models import AuditEvent
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.tenancies.models import Tenancy

pytestmark = pytest.mark.django_db

PERSON_OK = {"first_name": "Ruth", "last_name": "Evans", "preferred_contact": "letter", "language": "English"}


def test_add_person_with_bad_values_shows_each_error_and_stores_nothing(senior_client: Any) -> None:
    before = Person.objects.count()
    response = senior_client.post(
        "/people/new/",
        {
            **PERSON_OK,
            "last_name": "",
            "ni_number": "QQ 12 34 56 X",
            "email": "not-an-email",
            "date_of_birth_0": "31",
            "date_of_birth_1": "2",
            "date_of_birth_2": "1990",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Enter the last name." in page
    assert "Enter a National Insurance number in the right format" in page
    assert "Enter an email address in the correct format" in page
    assert "Date of birth must be a real date." in page
    assert Person.objects.count() == before


def test_date_of_birth_in_the_future_is_refused(senior_client: Any) -> None:
    response = senior_client.post(
        "/people/new/",
        {
            **PERSON_OK,
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": "2999",
        },
    )
    assert response.status_code == 400
    assert "Date of birth must be in the past." in response.content.decode()
    assert not Person.objects.filter(last_name="Evans").exists()


def test_partial_date_names_the_missing_part(senior_client: Any) -> None:
    response = senior_client.post(
        "/people/new/", {**PERSON_OK, "date_of_birth_0": "1", "date_of_birth_2": "1990"}
    )
    assert "Date of birth must include a month." in response.content.decode()


def test_duplicate_ni_number_names_the_other_person(senior_client: Any, estate: Any) -> None:
    response = senior_client.post("/people/new/", {**PERSON_OK, "ni_number": "ab 12 34 56 c"})
    assert response.status_code == 400
    assert f"already recorded for {estate.person.reference}" in response.content.decode()


def test_add_person_then_see_them_with_a_reference(senior_client: Any) -> None:
    response = senior_client.post("/people/new/", {**PERSON_OK, "ni_number": "ce 10 20 30 a"}, follow=True)
    person = Person.objects.get(last_name="Evans")
    assert person.reference.startswith("P") and person.ni_number == "CE102030A"
    assert "Ruth Evans added as" in response.content.decode()
    assert "CE 10 20 30 A" in response.content.decode()


def test_property_edit_with_bad_postcode_changes_nothing(senior_client: Any, estate: Any) -> None:
    flat = estate.flat
    form = senior_client.get(f"/properties/{flat.pk}/edit/").context["form"]
    data = _as_post(form)
    data["postcode"] = "NOT A POSTCODE"
    events_before = AuditEvent.objects.count()
    response = senior_client.post(f"/properties/{flat.pk}/edit/", data)
    assert response.status_code == 400
    assert "Enter a real UK postcode, like SW1A 1AA." in response.content.decode()
    flat.refresh_from_db()
    assert flat.postcode == "HT1 2AB"
    assert AuditEvent.objects.count() == events_before


def test_property_edit_is_on_the_history_tab_with_before_and_after(senior_client: Any, estate: Any) -> None:
    flat = estate.flat
    data = _as_post(senior_client.get(f"/properties/{flat.pk}/edit/").context["form"])
    data["postcode"] = "ht12ad"
    data["bedrooms"] = "3"
    response = senior_client.post(f"/properties/{flat.pk}/edit/", data, follow=True)
    assert "Details saved." in response.content.decode()
    flat.refresh_from_db()
    assert (flat.postcode, flat.bedrooms) == ("HT1 2AD", 3)
    history = senior_client.get(f"/properties/{flat.pk}/history/").content.decode()
    assert "HT1 2AB" in history and "HT1 2AD" in history
    assert "Senior Officer" in history
    event = AuditEvent.objects.filter(action="updated").latest("at")
    assert event.changes == {"postcode": ["HT1 2AB", "HT1 2AD"], "bedrooms": [2, 3]}


def test_saving_an_unchanged_form_records_no_event(senior_client: Any, estate: Any) -> None:
    data = _as_post(senior_client.get(f"/properties/{estate.flat.pk}/edit/").context["form"])
    before = AuditEvent.objects.count()
    senior_client.post(f"/properties/{estate.flat.pk}/edit/", data)
    assert AuditEvent.objects.count() == before


def test_uprn_must_be_unique(senior_client: Any, estate: Any) -> None:
    data = _as_post(senior_client.get(f"/properties/{estate.house.pk}/edit/").context["form"])
    data["uprn"] = str(estate.flat.uprn)
    response = senior_client.post(f"/properties/{estate.house.pk}/edit/", data)
    assert f"is already used by {estate.flat.reference}" in response.content.decode()


def test_agreement_with_unknown_references_is_refused(senior_client: Any, estate: Any) -> None:
    before = Tenancy.objects.count()
    response = senior_client.post(
        "/tenancies/new/",
        {
            "property_ref": "PR9999999",
            "kind": "secure",
            "start_date_0": "1",
            "start_date_1": "4",
            "start_date_2": "2024",
            "tenants": "P7777777",
        },
    )
    page = response.content.decode()
    assert "No property has the reference PR9999999." in page
    assert "No person has the reference P7777777." in page
    assert Tenancy.objects.count() == before


def test_agreement_on_a_let_property_for_overlapping_dates_is_refused(
    senior_client: Any, estate: Any
) -> None:
    response = senior_client.post(
        "/tenancies/new/",
        {
            "property_ref": estate.flat.reference,
            "kind": "secure",
            "start_date_0": "1",
            "start_date_1": "4",
            "start_date_2": "2024",
            "tenants": estate.person.reference,
        },
    )
    assert f"already has agreement {estate.tenancy.reference}" in response.content.decode()


def test_garage_licence_on_a_house_is_refused_with_the_reason(senior_client: Any, estate: Any) -> None:
    response = senior_client.post(
        "/tenancies/new/",
        {
            "property_ref": estate.house.reference,
            "kind": "garage",
            "start_date_0": "1",
            "start_date_1": "4",
            "start_date_2": "2024",
            "tenants": estate.person.reference,
        },
    )
    assert "A garage licence must be of a garage or a store." in response.content.decode()


def test_create_and_end_an_agreement_lets_then_voids_the_home(senior_client: Any, estate: Any) -> None:
    response = senior_client.post(
        "/tenancies/new/",
        {
            "property_ref": estate.house.reference,
            "kind": "introductory",
            "start_date_0": "6",
            "start_date_1": "1",
            "start_date_2": "2025",
            "tenants": estate.partner.reference,
        },
        follow=True,
    )
    tenancy = Tenancy.objects.get(property=estate.house)
    assert "created" in response.content.decode()
    assert Property.objects.get(pk=estate.house.pk).status == "let"
    ending = senior_client.get(f"/tenancies/{tenancy.pk}/end/")  # ends through the termination process
    assert ending.status_code == 302
    bad = senior_client.post(
        ending["Location"],
        {"end_date_0": "1", "end_date_1": "1", "end_date_2": "2024", "end_reason": ""},
    )
    assert "The end date must be on or after the start date." in bad.content.decode()
    assert "Select why the agreement is ending." in bad.content.decode()
    senior_client.post(
        ending["Location"],
        {
            "end_date_0": "2",
            "end_date_1": "3",
            "end_date_2": "2025",
            "end_reason": "tenant_notice",
            "notice_received_0": "1",
            "notice_received_1": "2",
            "notice_received_2": "2025",
            "forwarding_address": "1 New Street, Hearthton",
        },
    )
    tenancy.refresh_from_db()
    assert str(tenancy.end_date) == "2025-03-02"
    assert Property.objects.get(pk=estate.house.pk).status == "void"
    history = senior_client.get(f"/properties/{estate.house.pk}/history/").content.decode()
    assert "Void after" in history


def test_alerts_are_protected(senior_client: Any, estate: Any, user_with_role: Any) -> None:
    response = senior_client.post(
        f"/people/{estate.person.pk}/alerts/new/",
        {
            "kind": "caution",
            "category": "Violent behaviour",
            "description": "Visit in pairs",
        },
        follow=True,
    )
    assert "Alert recorded." in response.content.decode()
    assert "Visit in pairs" in senior_client.get(f"/people/{estate.person.pk}/").content.decode()
    from django.test import Client

    finance = Client()
    finance.force_login(user_with_role("fin", "finance_approver"))
    page = finance.get(f"/people/{estate.person.pk}/").content.decode()
    assert "Visit in pairs" not in page and "Violent behaviour" not in page


def _as_post(form: Any) -> dict[str, Any]:
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


def test_add_an_estate_then_a_block_on_it(senior_client: Any, estate: Any) -> None:
    bad = senior_client.post("/estates/new/", {"name": "brook estate"})
    assert "There is already an estate called brook estate." in bad.content.decode()
    response = senior_client.post("/estates/new/", {"name": "Canal Estate", "ward": "Docks"}, follow=True)
    assert "Estate added." in response.content.decode()
    from hearth.properties.models import Block, Estate

    canal = Estate.objects.get(name="Canal Estate")
    bad_block = senior_client.post(
        "/blocks/new/",
        {
            "estate": canal.pk,
            "name": "",
            "address_line_1": "1 Canal St",
            "town": "Hearthton",
            "postcode": "HT9",
            "storeys": "0",
        },
    )
    page = bad_block.content.decode()
    assert "Enter the name of the block." in page
    assert "Enter a real UK postcode, like SW1A 1AA." in page
    assert "Storeys must be a whole number from 1 to 60." in page
    assert not Block.objects.filter(estate=canal).exists()
    senior_client.post(
        "/blocks/new/",
        {
            "estate": canal.pk,
            "name": "Lock House",
            "address_line_1": "1 Canal St",
            "town": "Hearthton",
            "postcode": "HT9 1AA",
            "storeys": "4",
        },
    )
    block = Block.objects.get(estate=canal)
    assert (block.name, block.postcode, block.code[:1]) == ("Lock House", "HT9 1AA", "B")
    senior_client.post(
        f"/blocks/{block.pk}/edit/",
        {
            "estate": canal.pk,
            "name": "Lock House",
            "address_line_1": "1 Canal Street",
            "town": "Hearthton",
            "postcode": "HT9 1AA",
            "storeys": "4",
        },
    )
    history = senior_client.get(f"/blocks/{block.pk}/history/").content.decode()
    assert "1 Canal St" in history and "1 Canal Street" in history


def test_add_household_members_creates_the_household_once(senior_client: Any, estate: Any) -> None:
    url = f"/people/{estate.person.pk}/household/add/"
    bad = senior_client.post(url, {"person": "P9999999", "relationship": ""})
    assert "No person has the reference P9999999." in bad.content.decode()
    assert "Select the person&#x27;s relationship to the household." in bad.content.decode()
    self_add = senior_client.post(url, {"person": estate.person.reference, "relationship": "partner"})
    assert "Choose someone other than the person themselves." in self_add.content.decode()
    senior_client.post(url, {"person": estate.partner.reference, "relationship": "partner"})
    twice = senior_client.post(url, {"person": estate.partner.reference, "relationship": "partner"})
    assert "is already a member of this household." in twice.content.decode()
    page = senior_client.get(f"/people/{estate.partner.pk}/").content.decode()
    assert "Partner" in page and "Lead member" in page and "Nadia Okafor" in page
