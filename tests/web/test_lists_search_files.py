"""Lists export what they show, search finds records however an officer types them, files attach,
long jobs report progress, PDFs render, sign-in is throttled."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from hearth.core.models import Attachment, Job, SearchEntry
from hearth.people import services as people
from hearth.tenancies import services as tenancies

pytestmark = pytest.mark.django_db


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_people_csv_export_has_every_filtered_row(senior_client: Any, estate: Any) -> None:
    people.create_person(actor=_user(senior_client), first_name="=cmd", last_name="Zed")
    response = senior_client.get("/people/?q=okafor&export=csv")
    text = _body(response).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Reference,Title,First name,Last name")
    assert len(lines) == 3 and all("Okafor" in line for line in lines[1:])
    assert response["Content-Disposition"].startswith('attachment; filename="people-')
    everyone = _body(senior_client.get("/people/?export=csv")).decode("utf-8-sig")
    assert "'=cmd" in everyone  # a formula is never handed to a spreadsheet


def test_properties_excel_export_opens_with_the_rows(senior_client: Any, estate: Any) -> None:
    from openpyxl import load_workbook

    response = senior_client.get("/properties/?kind=flat&export=xlsx")
    book = load_workbook(io.BytesIO(_body(response)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Reference", "UPRN", "Address line 1")
    assert [r[0] for r in rows[1:]] == [estate.flat.reference]


def test_list_filters_and_pagination(senior_client: Any, estate: Any) -> None:
    page = senior_client.get("/properties/?kind=house").content.decode()
    assert "12 Birch Lane" in page and "Flat 3" not in page
    assert "1 property" in page


@pytest.mark.parametrize("query", ["okafor", "OKAFOR nadia", "ab123456c", "AB 12 34 56 C"])
def test_search_finds_a_person(senior_client: Any, estate: Any, query: str) -> None:
    page = senior_client.get("/search/", {"q": query}).content.decode()
    assert "Nadia Okafor" in page


@pytest.mark.parametrize("query", ["ht12ab", "HT1 2AB", "100012345678", "alder", "flat 3 alder"])
def test_search_finds_a_property(senior_client: Any, estate: Any, query: str) -> None:
    page = senior_client.get("/search/", {"q": query}).content.decode()
    assert f"/properties/{estate.flat.pk}/" in page


def test_search_by_reference_puts_the_exact_match_first(senior_client: Any, estate: Any) -> None:
    response = senior_client.get("/search/", {"q": estate.tenancy.reference.lower()})
    assert response.context["results"][0].url == f"/tenancies/{estate.tenancy.pk}/"


def test_search_as_you_type_returns_only_the_results_fragment(senior_client: Any, estate: Any) -> None:
    response = senior_client.get("/search/", {"q": "okaf"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Nadia Okafor" in page and "<html" not in page


def test_search_says_when_nothing_matches(senior_client: Any, estate: Any) -> None:
    assert "No results for" in senior_client.get("/search/", {"q": "zzzqqq"}).content.decode()


def test_renaming_a_person_updates_the_search(senior_client: Any, estate: Any) -> None:
    people.update_person(actor=_user(senior_client), person=estate.person, last_name="Adeyemi")
    assert "Adeyemi" in senior_client.get("/search/", {"q": "adeyemi"}).content.decode()


@pytest.mark.parametrize("url", ["person", "flat", "tenancy"])
def test_record_pages_use_a_fixed_number_of_queries(senior_client: Any, estate: Any, url: str) -> None:
    target = {
        "person": f"/people/{estate.person.pk}/",
        "flat": f"/properties/{estate.flat.pk}/",
        "tenancy": f"/tenancies/{estate.tenancy.pk}/",
    }[url]
    senior_client.get(target)
    with CaptureQueriesContext(connection) as first:
        senior_client.get(target)
    user = _user(senior_client)
    for i in range(6):  # more agreements and people hanging off the same records
        other = people.create_person(actor=user, first_name=f"Extra{i}", last_name="Okafor")
        tenancies.create_tenancy(
            actor=user,
            property=estate.flat,
            kind="secure",
            start_date=dt.date(2010 + i, 1, 1),
            end_date=dt.date(2010 + i, 12, 31),
            tenants=[estate.person, other],
        )
    with CaptureQueriesContext(connection) as second:
        senior_client.get(target)
    assert len(second) == len(first), [q["sql"] for q in second.captured_queries]


def test_attach_a_file_then_download_it(senior_client: Any, estate: Any) -> None:
    url = f"/people/{estate.person.pk}/files/"
    response = senior_client.post(
        url,
        {
            "file": SimpleUploadedFile("tenancy-agreement.txt", b"signed copy"),
            "description": "Signed agreement",
        },
        follow=True,
    )
    assert "File attached." in response.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.filename == "tenancy-agreement.txt" and attachment.size == 11
    download = senior_client.get(f"/files/{attachment.pk}/")
    assert _body(download) == b"signed copy"
    assert (
        "Attached tenancy-agreement.txt"
        in senior_client.get(f"/people/{estate.person.pk}/history/").content.decode()
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Select a file to attach."),
        (SimpleUploadedFile("empty.txt", b""), "The selected file is empty."),
        (SimpleUploadedFile("run.exe", b"MZ..."), "The selected file must not be a program or script."),
    ],
)
def test_bad_attachments_are_refused(senior_client: Any, estate: Any, upload: Any, message: str) -> None:
    data = {"description": "x"}
    if upload is not None:
        data["file"] = upload
    response = senior_client.post(f"/people/{estate.person.pk}/files/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_property_fact_sheet_is_a_pdf(senior_client: Any, estate: Any) -> None:
    response = senior_client.get(f"/properties/{estate.flat.pk}/factsheet.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


@pytest.mark.django_db(transaction=True)  # the worker needs autocommit, as in production
def test_rebuild_search_index_job_runs_in_the_worker_and_reports(estate: Any, user_with_role: Any) -> None:
    admin = Client()
    admin.force_login(user_with_role("admin", "administrator"))
    SearchEntry.objects.all().delete()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin.post("/jobs/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == "queued"
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.state == "succeeded" and job.done == job.total == 7
    assert "100%" in admin.get(f"/jobs/{job.pk}/").content.decode()
    assert SearchEntry.objects.count() == 7


def test_only_an_administrator_can_start_a_rebuild(senior_client: Any) -> None:
    assert senior_client.post("/jobs/").status_code == 403
    assert not Job.objects.exists()


def test_sign_in_is_throttled_after_repeated_failures(estate: Any, user_with_role: Any) -> None:
    user_with_role("clerk", "income_officer")
    client = Client()
    for _ in range(5):
        response = client.post("/login/", {"username": "clerk", "password": "wrong password"})
        assert "The username or password is not right." in response.content.decode()
    response = client.post("/login/", {"username": "clerk", "password": "correct horse battery"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_then_out(user_with_role: Any) -> None:
    user_with_role("clerk", "income_officer")
    client = Client()
    response = client.post(
        "/login/", {"username": "clerk", "password": "correct horse battery", "next": "/people/"}
    )
    assert response["Location"] == "/people/"
    assert client.get("/people/").status_code == 200
    client.post("/logout/")
    assert client.get("/people/").status_code == 302


def test_sign_in_never_redirects_off_site(user_with_role: Any) -> None:
    user_with_role("clerk", "income_officer")
    response = Client().post(
        "/login/", {"username": "clerk", "password": "correct horse battery", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_pages_send_a_content_security_policy(senior_client: Any) -> None:
    response = senior_client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "'nonce-" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def _user(client: Client) -> Any:
    from django.contrib.auth.models import User

    return User.objects.get(pk=client.session["_auth_user_id"])


def test_renaming_a_tenant_updates_the_agreement_in_search(senior_client: Any, estate: Any) -> None:
    people.update_person(actor=_user(senior_client), person=estate.partner, last_name="Mensah")
    response = senior_client.get("/search/", {"q": "mensah"})
    urls = [r.url for r in response.context["results"]]
    assert f"/tenancies/{estate.tenancy.pk}/" in urls and f"/people/{estate.partner.pk}/" in urls
