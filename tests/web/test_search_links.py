"""Search results link to each record's page, worked out from the record's kind when shown, and
the shared records name their own pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_script_prefix, set_script_prefix

from hearth.core.models import SearchEntry
from hearth.people import services as people

pytestmark = pytest.mark.django_db


def _links(page: str) -> dict[str, str]:
    """Result title -> href, for every linked result on a search page."""
    return {
        title: href
        for href, title in re.findall(r'<a class="govuk-link" href="([^"]*)">([^<]+)</a><br>', page)
    }


@pytest.mark.parametrize(
    ("query", "title", "record", "path", "shows"),
    [
        ("nadia okafor", "Nadia Okafor", "person", "people", "Nadia Okafor"),
        ("100012345678", "Flat 3, Alder House, Hearthton, HT1 2AB", "flat", "properties", "Flat 3"),
        ("alder house", "Alder House", "block", "blocks", "Alder House"),
        ("riverside", "Brook Estate", "estate", "estates", "Riverside"),
    ],
)
def test_each_kind_of_result_opens_its_record(
    senior_client: Any, estate: Any, query: str, title: str, record: str, path: str, shows: str
) -> None:
    page = senior_client.get("/search/", {"q": query}).content.decode()
    href = _links(page)[title]
    assert href == f"/{path}/{getattr(estate, record).pk}/"
    opened = senior_client.get(href)
    assert opened.status_code == 200 and shows in opened.content.decode()


def test_an_agreement_result_opens_the_agreement(senior_client: Any, estate: Any) -> None:
    page = senior_client.get("/search/", {"q": estate.tenancy.reference}).content.decode()
    [href] = [h for t, h in _links(page).items() if t.startswith(estate.tenancy.reference)]
    assert href == f"/tenancies/{estate.tenancy.pk}/"
    assert estate.tenancy.reference in senior_client.get(href).content.decode()


def test_a_result_of_a_kind_with_no_page_is_listed_without_a_link(senior_client: Any, estate: Any) -> None:
    SearchEntry.objects.create(kind="noticeboard", object_id=1, title="Zebra crossing notice", text="zebra")
    response = senior_client.get("/search/", {"q": "zebra"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Zebra crossing notice" in page
    assert "Zebra crossing notice" not in _links(page)
    assert 'href=""' not in page


def test_the_index_holds_no_addresses_of_pages() -> None:
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "core_searchentry")}
    assert {"kind", "object_id", "title"} <= columns
    assert "url" not in columns


def test_linking_a_page_of_results_costs_no_queries(senior_client: Any, estate: Any, senior: Any) -> None:
    senior_client.get("/search/", {"q": "okafor"})
    with CaptureQueriesContext(connection) as few:
        senior_client.get("/search/", {"q": "okafor"})
    for i in range(30):
        people.create_person(actor=senior, first_name=f"Extra{i}", last_name="Okafor")
    with CaptureQueriesContext(connection) as many:
        page = senior_client.get("/search/", {"q": "okafor"}).content.decode()
    assert len(_links(page)) == 33
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_shared_records_name_their_own_pages(senior_client: Any, estate: Any) -> None:
    for obj, shows in [
        (estate.person, "Nadia Okafor"),
        (estate.flat, "Flat 3"),
        (estate.block, "Alder House"),
        (estate.estate, "Brook Estate"),
        (estate.tenancy, estate.tenancy.reference),
    ]:
        response = senior_client.get(obj.get_absolute_url())
        assert response.status_code == 200 and shows in response.content.decode()
        assert response.context["tabs"][0]["url"] == obj.get_absolute_url()


@pytest.fixture
def served_under_prefix() -> Any:
    """The app mounted at /hearth/ (SCRIPT_NAME), as behind a reverse proxy sharing a host."""
    set_script_prefix("/hearth/")
    yield "/hearth/"
    clear_script_prefix()


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "search",
        "clocks",
        "people",
        "person",
        "properties",
        "flat",
        "estates",
        "estate",
        "block",
        "tenancies",
        "tenancy",
        "person_edit",
        "alert",
        "member",
        "property_edit",
        "estate_edit",
        "block_edit",
        "block_new",
        "tenancy_new",
    ],
)
def test_record_pages_link_within_the_app_wherever_it_is_mounted(
    senior_client: Any, estate: Any, served_under_prefix: str, page: str
) -> None:
    path = {
        "home": "/",
        "search": "/search/?q=okafor",
        "clocks": "/clocks/",
        "people": "/people/",
        "person": f"/people/{estate.person.pk}/",
        "properties": "/properties/",
        "flat": f"/properties/{estate.flat.pk}/",
        "estates": "/estates/",
        "estate": f"/estates/{estate.estate.pk}/",
        "block": f"/blocks/{estate.block.pk}/",
        "tenancies": "/tenancies/",
        "tenancy": f"/tenancies/{estate.tenancy.pk}/",
        "person_edit": f"/people/{estate.person.pk}/edit/",
        "alert": f"/people/{estate.person.pk}/alerts/new/",
        "member": f"/people/{estate.person.pk}/household/add/",
        "property_edit": f"/properties/{estate.flat.pk}/edit/",
        "estate_edit": f"/estates/{estate.estate.pk}/edit/",
        "block_edit": f"/blocks/{estate.block.pk}/edit/",
        "block_new": "/blocks/new/",
        "tenancy_new": "/tenancies/new/",
    }[page]
    response = senior_client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    links = re.findall(r'(?:href|action)="(/[^"]*)"', html)
    assert links
    outside = [u for u in links if not u.startswith((served_under_prefix, "/static/"))]
    assert outside == []


def test_the_old_end_page_leads_to_the_termination_within_the_app(
    senior_client: Any, estate: Any, served_under_prefix: str
) -> None:
    response = senior_client.get(f"/tenancies/{estate.tenancy.pk}/end/")
    assert response.status_code == 302
    assert response["Location"].startswith(served_under_prefix)
    assert "terminate" in response["Location"]
