"""Every page of every module answers each role, an officer with no role and a visitor who has not signed
in exactly as the capability the page declares allows, to a GET and to an empty POST; and no answer but
a static asset may be kept by a browser or a proxy.

What a page should answer is worked out from its declared capability (`required_capability`, set by
`capability_required` or `public`), never written down page by page: without the capability 403, with
it never 403 and never a server error; signed out, the sign-in page. The record ids in the URLs are
those of one fixture world (`route_world`) holding a record of each kind a page takes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pytest
from django.conf import settings
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from factories import CouncilFactory
from hearth.core import files, permissions
from hearth.core.models import Attachment, Job
from hearth.lettings.models import Bid, Offer, OnlineApplication, ReviewRequest, ShortlistEntry
from hearth.rents.models import MoneyRequest, RentChange, ServiceChargeBudget, SuspenseItem, Transaction
from hearth.repairs.models import PostInspection, TargetChange, Variation
from hearth.tenancy_processes.models import TenancyProcess
from roles import make_user

# the JSON API has its own walk (tests/api/test_api_permissions.py)
NOT_PAGES = {"api"}
# the pages anyone may open: signing in and out, the health check, the GOV.UK assets, the applicant portal
PUBLIC = {
    "web:login",
    "web:logout",
    "web:health",
    "web:assets",
    *(f"lettings:portal_{page}" for page in ("sign_in", "apply", "code", "sign_out", "home", "adverts")),
    *(f"lettings:portal_{page}" for page in ("bid", "withdraw", "feedback", "photo")),
}
# what a view that neither checks a capability nor is marked public declares
UNDECLARED = "(no capability declared)"
# a static asset keeps its own caching
STATIC = {"web:assets"}
# these end the session they are called in
SIGN_OUT = {"web:logout"}
# what an empty POST may get from a page one may open: the form again, refused as a bad form, a
# redirect, a record not there or a state that does not allow it; never a server error (and a refusal
# only for a form that asks for a further capability, see the walk)
POST_ANSWERS = {200, 302, 400, 404, 405, 409, 422}


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    capability: str | None  # None: a public page


def _routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns: list[Any], namespace: str | None, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and namespace not in NOT_PAGES:
                declared = getattr(p.callback, "required_capability", UNDECLARED)
                found.append(Route(f"{namespace}:{p.name}", prefix + str(p.pattern), declared))

    walk(get_resolver().url_patterns, None, "")
    return found


ROUTES = _routes()


def _first(records: Any) -> int:
    """The id of the first of `records`, or an id no record has."""
    record = records.order_by("pk").first()
    return record.pk if record is not None else 0


def _record_ids(world: Any) -> dict[str, Callable[[], object]]:
    """The id a URL takes after each word of a path (`orders/<pk>`): a record of that kind in `world`."""
    estate = world.estate
    return {
        "people": lambda: estate.person.pk,
        "properties": lambda: estate.flat.pk,
        "estates": lambda: estate.estate.pk,
        "blocks": lambda: estate.block.pk,
        "tenancies": lambda: estate.tenancy.pk,
        "jobs": lambda: _first(Job.objects.all()),
        "files": lambda: _first(Attachment.objects.all()),
        "orders": lambda: world.order.pk,
        "extensions": lambda: _first(TargetChange.objects.all()),
        "variations": lambda: _first(Variation.objects.all()),
        "inspections": lambda: _first(PostInspection.objects.all()),
        "contractors": lambda: world.order.contract.contractor_id,
        "contracts": lambda: world.order.contract_id,
        "hazards": lambda: world.hazard.pk,
        "accounts": lambda: world.account.pk,
        "payments": lambda: _first(Transaction.objects.filter(account=world.account, amount__lt=0)),
        "open": lambda: world.unaccounted.pk,
        "agreements": lambda: estate.tenancy.pk,
        "suspense": lambda: _first(SuspenseItem.objects.all()),
        "service-charges": lambda: _first(ServiceChargeBudget.objects.all()),
        "approvals": lambda: _first(MoneyRequest.objects.all()),
        "processes": lambda: _first(TenancyProcess.objects.all()),
        "rent-change": lambda: (
            RentChange.objects.order_by("rent_year").values_list("rent_year", flat=True).first()
            or dt.date.today().year
        ),
        "online": lambda: _first(OnlineApplication.objects.all()),
        "applications": lambda: world.application.pk,
        "reviews": lambda: _first(ReviewRequest.objects.all()),
        "bids": lambda: _first(Bid.objects.all()),
        "cycles": lambda: world.cycle.pk,
        "adverts": lambda: world.advert.pk,
        "shortlist": lambda: _first(ShortlistEntry.objects.all()),
        "offers": lambda: _first(Offer.objects.all()),
        "photos": lambda: _first(files.attachments_for(world.advert)),
    }


# the words a URL takes that are not record ids
WORDS = {"step": "investigation_concluded", "kind": "secure", "segment": "properties"}
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def _url(route: Route, ids: dict[str, Callable[[], object]]) -> str:
    if route.path.startswith("^"):  # the assets: one real asset file
        return "/assets/images/favicon.ico"
    parts: list[str] = []
    for part in route.path.split("/"):
        found = PARAMETER.fullmatch(part)
        if found is None:
            parts.append(part)
        elif found.group(1) in WORDS:
            parts.append(WORDS[found.group(1)])
        else:
            parts.append(str(ids[parts[-1]]()))
    return "/" + "/".join(parts)


def _answers(client: Client, url: str) -> Iterator[tuple[str, HttpResponseBase]]:
    yield "GET", client.get(url)
    yield "POST", client.post(url, {})


def _kept(response: HttpResponseBase) -> bool:
    return "no-store" not in response.get("Cache-Control", "")


def _walk(
    client: Client,
    world: Any,
    judge: Callable[[Route, str, HttpResponseBase], bool],
    again: Callable[[], None],
) -> list[str]:
    """Every page, GET and empty POST: what `judge` refuses, what a browser may keep, what failed."""
    ids = _record_ids(world)
    wrong: list[str] = []
    for route in ROUTES:
        url = _url(route, ids)
        for method, response in _answers(client, url):
            status = response.status_code
            if not judge(route, method, response):
                wrong.append(f"{method} {url} ({route.name}, needs {route.capability}): {status}")
            if route.name not in STATIC and _kept(response):
                wrong.append(f"{method} {url} ({route.name}): {status} without Cache-Control: no-store")
            if route.name in SIGN_OUT:
                again()
    return wrong


ROLES = [*sorted(permissions.ROLES), None]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "no_role")
def test_every_route_answers_a_role_as_its_capability_says(role: str | None, route_world: Any) -> None:
    user = make_user(f"walker-{role or 'none'}", role, route_world.council)
    caps = permissions.capabilities(user)
    client = Client(raise_request_exception=False)
    client.force_login(user)

    def judge(route: Route, method: str, response: HttpResponseBase) -> bool:
        status = response.status_code
        if status >= 500:
            return False
        if route.capability is None:
            return True
        if route.capability not in caps:
            return status == 403
        if method == "GET":  # every record in the URL is there and the officer's partner's
            return status not in (403, 404)
        # a page's form may ask for a further capability than the page (attaching a file to a record
        # one may see); an officer who holds every capability is never turned away
        return status in POST_ANSWERS or (status == 403 and caps != set(permissions.CAPABILITIES))

    wrong = _walk(client, route_world, judge, lambda: client.force_login(user))
    assert not wrong, f"{len(wrong)} wrong answers for {role or 'no role'}:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_every_route_sends_a_signed_out_visitor_to_sign_in(route_world: Any) -> None:
    def judge(route: Route, method: str, response: HttpResponseBase) -> bool:
        if route.capability is None:
            return response.status_code < 500
        return response.status_code == 302 and response["Location"].startswith(
            resolve_url(settings.LOGIN_URL)
        )

    client = Client(raise_request_exception=False)
    wrong = _walk(client, route_world, judge, lambda: None)
    assert not wrong, "\n".join(wrong)


def test_every_route_checks_a_capability_or_is_one_of_the_public_pages() -> None:
    for route in ROUTES:
        if route.name in PUBLIC:
            assert route.capability is None, f"{route.name} is public but checks {route.capability}"
        else:
            assert route.capability in permissions.CAPABILITIES, f"{route.name}: {route.capability}"


def test_the_walk_covers_every_module() -> None:
    namespaces = {route.name.split(":")[0] for route in ROUTES}
    assert namespaces == {"web", "repairs", "rents", "lettings", "tenancy_processes"}


@pytest.mark.django_db
def test_a_user_with_no_role_can_do_nothing(estate: Any, user_with_role: Any) -> None:
    client = Client()
    client.force_login(user_with_role("norole", None))
    assert client.get("/").status_code == 403
    assert client.get(f"/people/{estate.person.pk}/").status_code == 403


@pytest.mark.django_db
def test_refusal_page_says_what_the_role_cannot_do(estate: Any, user_with_role: Any) -> None:
    client = Client()
    client.force_login(user_with_role("aud", permissions.AUDITOR))
    response = client.get(f"/properties/{estate.flat.pk}/edit/")
    assert response.status_code == 403
    assert (
        "You do not have permission to add or change estates, blocks and properties."
        in response.content.decode()
    )


# the kinds of lettings record that belong to one partner (an application's council, through it its
# reviews, bids and shortlist places, an online application's council, an offer's landlord): another
# partner's officer is told there is no such record
PARTNER_RECORDS = {"applications", "reviews", "bids", "online", "shortlist", "offers"}


def _of_a_partner(route: Route) -> bool:
    words = route.path.split("/")
    offering = words[-2:] == ["offer", ""]  # an advert's offer is made by its landlord's officers
    return offering or any(
        word in PARTNER_RECORDS and PARAMETER.fullmatch(after) for word, after in pairwise(words)
    )


@pytest.mark.django_db
def test_an_officer_of_another_partner_is_told_its_lettings_records_are_not_there(
    route_world: Any, admin_user: Any
) -> None:
    user = make_user("walker-other", permissions.SENIOR, CouncilFactory(actor=admin_user))
    caps = permissions.capabilities(user)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    ids = _record_ids(route_world)
    wrong = []
    for route in ROUTES:
        if route.name.startswith("lettings:") and route.capability in caps:
            status = client.get(_url(route, ids)).status_code
            expected = status == 404 if _of_a_partner(route) else status not in (403, 404) and status < 500
            if not expected:
                wrong.append(f"{route.name}: {status}")
    assert not wrong, wrong
