"""Control characters (NUL and the rest) typed or pasted into a search box or a form are left out,
on the pages and the API alike, instead of failing on PostgreSQL; text areas keep their line breaks
and uploaded files are stored as sent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hearth.core.models import Attachment
from hearth.people.models import Alert, Person

pytestmark = pytest.mark.django_db

SEARCH_BOXES = [
    ("/people/", "q"),
    ("/rents/", "q"),
    ("/api/v1/people", "q"),
    ("/api/v1/households", "q"),
    ("/api/v1/properties", "postcode"),
]


@pytest.mark.parametrize(("url", "field"), SEARCH_BOXES)
@pytest.mark.parametrize("typed", ["\x00", "ab\x00cd", "\x01\x1f\x7f\t\n"])
def test_a_control_character_in_a_search_box_does_not_fail(
    senior_client: Any, estate: Any, url: str, field: str, typed: str
) -> None:
    response = senior_client.get(url, {field: typed})
    assert response.status_code == 200, response.content[:300]


def _items(client: Any, url: str, params: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get(url, params)
    assert response.status_code == 200
    items: list[dict[str, Any]] = json.loads(response.content)["items"]
    return items


def test_the_search_finds_what_was_typed_around_the_control_characters(
    senior_client: Any, estate: Any
) -> None:
    page = senior_client.get("/people/", {"q": "Oka\x00for"}).content.decode()
    assert "Nadia" in page and 'value="Okafor"' in page
    assert [p["first_name"] for p in _items(senior_client, "/api/v1/people", {"q": "na\x00dia"})] == ["Nadia"]
    # a tab pasted from a spreadsheet keeps the words apart
    assert [p["first_name"] for p in _items(senior_client, "/api/v1/people", {"q": "Nadia\tOkafor"})] == [
        "Nadia"
    ]
    homes = _items(senior_client, "/api/v1/properties", {"postcode": "HT1\x00 3DE"})
    assert [h["address_line_1"] for h in homes] == ["12 Birch Lane"]
    assert 'value="Tom"' in senior_client.get("/people/", {"q\x00": "Tom"}).content.decode()


def test_a_form_saves_text_without_its_control_characters(senior_client: Any) -> None:
    response = senior_client.post(
        "/people/new/",
        {
            "first_name": "Ru\x00th",
            "last_name": "Ev\x0bans",
            "preferred_contact": "letter",
            "language": "English\x1b",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(last_name="Evans")
    assert (person.first_name, person.language) == ("Ruth", "English")


def test_a_text_area_keeps_its_line_breaks(senior_client: Any, estate: Any) -> None:
    senior_client.post(
        f"/people/{estate.person.pk}/alerts/new/",
        {
            "kind": "caution",
            "category": "Dog\x00 at property",
            "description": "Visit in pairs\r\n\tRing first\x00",
        },
    )
    alert = Alert.objects.get(person=estate.person)
    assert alert.category == "Dog at property"
    assert alert.description == "Visit in pairs\r\n\tRing first"


def test_an_uploaded_file_is_stored_as_sent(senior_client: Any, estate: Any) -> None:
    content = b"signed\x1bcopy\x01\r\n"  # text (an upload with a NUL is not text, and is refused)
    senior_client.post(
        f"/people/{estate.person.pk}/files/",
        {"file": SimpleUploadedFile("agreement.txt", content), "description": "Signed\x00 agreement"},
    )
    attachment = Attachment.objects.get()
    assert attachment.description == "Signed agreement"
    download = senior_client.get(f"/files/{attachment.pk}/")
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert body == content
