"""On PostgreSQL no query of a page runs past its limit: the officer gets a page saying it took too long
(503), not an error; exports and heavy reports have the longer limit; the limit stays with the session
that served the page, and connections of the worker and management commands, which serve no page, have
none. SQLite has no query limit.

The tests run outside a transaction (`transaction=True`), as pages do in production."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import path

from factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="statement_timeout is PostgreSQL's; on SQLite a page's queries run as long as they take",
)
TOO_SLOW = "This page took too long"


def _sleep(seconds: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [seconds])


def sleep(request: HttpRequest) -> HttpResponse:
    _sleep(float(request.GET.get("seconds", "1")))
    return HttpResponse("awake")


def sleep_in_a_transaction(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        PersonFactory._meta.model.objects.exists()
        _sleep(1)
    return HttpResponse("awake")


def sleep_while_streaming(request: HttpRequest) -> StreamingHttpResponse:
    def lines() -> Iterator[bytes]:
        yield b"first line\n"
        _sleep(1)
        yield b"last line\n"

    return StreamingHttpResponse(lines())


def show_limit(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return HttpResponse(cursor.fetchone()[0])


def cancelled(request: HttpRequest) -> HttpResponse:
    raise OperationalError("canceling statement due to statement timeout") from psycopg.errors.QueryCanceled()


class SlowPages:
    urlpatterns = [
        path("sleep/", sleep),
        path("transaction/", sleep_in_a_transaction),
        path("stream/", sleep_while_streaming),
        path("limit/", show_limit),
        path("report/", sleep, name="report"),
        path("cancelled/", cancelled),
    ]


@pytest.fixture
def pages(settings: Any) -> Iterator[Client]:
    settings.ROOT_URLCONF = SlowPages
    settings.HEARTH_PAGE_STATEMENT_TIMEOUT_MS = 100
    settings.HEARTH_REPORT_STATEMENT_TIMEOUT_MS = 5000
    settings.HEARTH_REPORT_PAGES = {"report"}
    yield Client()
    connection.close()  # the pages' short limit stays with the session that served them


def session_limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return str(cursor.fetchone()[0])


@postgresql_only
def test_a_query_past_the_page_limit_gives_the_too_slow_page(pages: Client) -> None:
    for url in ("/sleep/", "/transaction/"):
        response = pages.get(url)
        assert response.status_code == 503, url
        text = response.content.decode()
        assert TOO_SLOW in text and "stopped looking after 0.1 seconds" in text
    assert pages.get("/limit/").content == b"100ms"
    assert pages.get("/sleep/", {"seconds": "0.01"}).content == b"awake"


@postgresql_only
def test_exports_and_reports_have_the_longer_limit(pages: Client) -> None:
    assert pages.get("/sleep/", {"seconds": "0.3", "export": "csv"}).content == b"awake"
    assert pages.get("/report/", {"seconds": "0.3"}).content == b"awake"
    assert pages.get("/limit/", {"export": "xlsx"}).content == b"5s"


@postgresql_only
def test_a_streamed_export_is_held_to_its_limit_while_it_is_sent(pages: Client) -> None:
    response = pages.get("/stream/")
    assert response.status_code == 200
    with pytest.raises(OperationalError, match="statement timeout"):
        b"".join(response.streaming_content)  # type: ignore[arg-type]


@postgresql_only
def test_work_outside_pages_has_no_limit(pages: Client) -> None:
    pages.get("/sleep/")
    assert pages.get("/limit/").content == b"100ms"
    connection.close()  # the worker and management commands have connections of their own
    assert session_limit() == "0"
    _sleep(0.3)  # as the worker and management commands run: no limit
    assert pages.get("/limit/").content == b"100ms"  # a new connection gets the limit with its first page


def test_a_list_exports_every_row_under_the_limit(senior: User, senior_client: Client) -> None:
    PersonFactory(actor=senior, first_name="Adaeze", last_name="Nwosu")
    response = senior_client.get("/people/", {"export": "csv"})
    assert "Nwosu" in b"".join(response.streaming_content).decode()  # type: ignore[arg-type]


def test_a_query_cancelled_for_taking_too_long_gives_the_too_slow_page(pages: Client) -> None:
    response = pages.get("/cancelled/")
    assert response.status_code == 503 and TOO_SLOW in response.content.decode()
