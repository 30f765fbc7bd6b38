"""Repairs pages: each page answers, forms show every problem at once and store nothing, journeys work."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from hearth.core import permissions
from hearth.repairs import services
from hearth.repairs.models import (
    HazardCase,
    IncidentReport,
    OfficerLimit,
    PostInspection,
    RateLine,
    RepairOrder,
)

pytestmark = pytest.mark.django_db


def _raise(world: Any, actor: Any, **extra: Any) -> RepairOrder:
    return services.raise_order(
        actor=actor,
        contract=world.contract,
        property=world.flat,
        description="Sink blocked",
        priority="urgent",
        lines=[world.line("100020")],
        **extra,
    )


def _repairs_patterns() -> list[URLPattern]:
    """Every repairs page, those written under a record's path (`web.routes.under`) too."""

    def walk(patterns: list[Any]) -> list[URLPattern]:
        found: list[URLPattern] = []
        for p in patterns:
            found += walk(p.url_patterns) if isinstance(p, URLResolver) else [p]
        return found

    for p in get_resolver().url_patterns:
        if isinstance(p, URLResolver) and p.namespace == "repairs":
            return walk(p.url_patterns)
    raise AssertionError("repairs URLs are not mounted")


def test_every_repairs_page_declares_a_capability() -> None:
    patterns = _repairs_patterns()
    assert {"order_inspect", "contractor_user", "contract_uplift", "hazard_step"} <= {
        p.name for p in patterns
    }
    for pattern in patterns:
        assert getattr(pattern.callback, "required_capability", None) in permissions.CAPABILITIES, (
            pattern.name
        )


def _urls(world: Any, order: RepairOrder, case: HazardCase, inspection: PostInspection) -> list[str]:
    o, k = order.pk, world.contract.pk
    return [
        "/repairs/",
        "/repairs/?status=open&q=HT1",
        "/repairs/call/",
        "/repairs/call/?q=HT1",
        f"/repairs/orders/new/?property={world.flat.pk}",
        "/repairs/orders/new/",
        f"/repairs/orders/{o}/",
        f"/repairs/orders/{o}/history/",
        f"/repairs/orders/{o}/appoint/",
        f"/repairs/orders/{o}/cancel/",
        f"/repairs/orders/{o}/vary/",
        f"/repairs/orders/{o}/complete/",
        f"/repairs/orders/{o}/chase/",
        f"/repairs/orders/{o}/target/",
        f"/repairs/orders/{o}/recharge/",
        f"/repairs/orders/{o}/note/",
        f"/repairs/orders/{o}/start/",
        f"/repairs/orders/{o}/inspect/",
        f"/repairs/orders/{o}/approve/",
        "/repairs/approvals/",
        "/repairs/overdue/?within=72",
        "/repairs/inspections/",
        "/repairs/inspections/sample/",
        f"/repairs/inspections/{inspection.pk}/",
        "/repairs/performance/",
        "/repairs/contractors/",
        "/repairs/contractors/new/",
        f"/repairs/contractors/{world.contractor.pk}/",
        "/repairs/contracts/new/",
        f"/repairs/contracts/{k}/",
        f"/repairs/contracts/{k}/import/",
        f"/repairs/contracts/{k}/uplift/",
        "/repairs/hazards/",
        f"/repairs/hazards/new/?property={world.flat.pk}",
        f"/repairs/hazards/{case.pk}/",
        f"/repairs/hazards/{case.pk}/history/",
        f"/repairs/hazards/{case.pk}/investigation_concluded/",
        f"/repairs/hazards/{case.pk}/accommodation/",
        f"/repairs/hazards/{case.pk}/made_safe/",
        f"/repairs/hazards/{case.pk}/close/",
        f"/repairs/orders/{o}/files/",
        f"/repairs/orders/{o}/extension/",
        "/repairs/settings/",
        "/repairs/limits/",
        "/repairs/incidents/",
        "/repairs/incidents/?open=yes",
        "/repairs/incidents/new/",
        f"/repairs/incidents/new/?property={world.flat.pk}",
        f"/repairs/contractors/{world.contractor.pk}/contacts/new/",
        f"/repairs/contractors/{world.contractor.pk}/users/new/",
    ]


@pytest.fixture
def records(world: Any, senior: Any) -> tuple[RepairOrder, HazardCase, PostInspection]:
    order = _raise(world, senior)
    done = _raise(world, senior)
    services.complete_order(actor=senior, order=done, completed_at=timezone.now(), first_time_fix=True)
    inspection = services.request_post_inspection(actor=senior, order=done)
    case = services.open_hazard_case(
        actor=senior,
        property=world.flat,
        severity="significant",
        aware_at=timezone.now() - dt.timedelta(days=1),
    )
    return order, case, inspection


@pytest.mark.parametrize("role", sorted(permissions.ROLES))
def test_role_page_matrix(role: str, world: Any, records: Any, user_with_role: Any) -> None:
    user = user_with_role(f"u-{role}", role)
    client = Client()
    client.force_login(user)
    caps = permissions.capabilities(user)
    resolver = get_resolver()
    for url in _urls(world, *records):
        needed = resolver.resolve(url.split("?")[0]).func.required_capability  # type: ignore[attr-defined]
        status = client.get(url).status_code
        if needed in caps:
            assert status == 200, f"{role} {url}: {status}"
        else:
            assert status == 403, f"{role} {url}: {status}"


def test_signed_out_goes_to_sign_in(world: Any, records: Any) -> None:
    response = Client().get("/repairs/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_call_shows_the_facts_before_issue(senior_client: Client, world: Any) -> None:
    found = senior_client.get("/repairs/call/?q=HT1 2AB").content.decode()
    assert f"/repairs/orders/new/?property={world.flat.pk}" in found
    page = senior_client.get(f"/repairs/orders/new/?property={world.flat.pk}").content.decode()
    assert "Asbestos is recorded in Alder House." in page
    assert "Dog at property" in page and "fire risk assessment" in page.lower()


def _order_post(world: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "channel": "phone",
        "service_type": "repair",
        "contract": world.contract.pk,
        "description": "Sink blocked",
        "rtr_defect": "sink",
        "priority": "",
        "code_0": "100020",
        "qty_0": "2",
        "reported_by": world.person.pk,
        "action": "raise",
    }
    data.update(extra)
    return data


def test_raise_an_order_from_the_page(senior_client: Client, world: Any) -> None:
    url = f"/repairs/orders/new/?property={world.flat.pk}"
    preview = senior_client.post(url, _order_post(world, action="check"))
    assert preview.status_code == 200 and "£84.00" in preview.content.decode()
    assert "Suggested priority: <strong>Urgent</strong>" in preview.content.decode()
    assert not RepairOrder.objects.exists()
    response = senior_client.post(url, _order_post(world))
    order = RepairOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/repairs/orders/{order.pk}/"
    assert order.priority == "urgent" and order.total == Decimal("84.00") and order.right_to_repair
    page = senior_client.get(response["Location"]).content.decode()
    assert order.reference in page and "Issued" in page


def test_bad_order_input_is_400_with_every_problem_and_nothing_stored(
    senior_client: Client, world: Any
) -> None:
    url = f"/repairs/orders/new/?property={world.flat.pk}"
    response = senior_client.post(
        url,
        _order_post(
            world, contract="", description="", code_0="999999", qty_0="-1", code_1="100010", qty_1="lots"
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    for sentence in (
        "Choose the contract.",
        "Describe the repair.",
        "must be more than 0",
        "Enter the quantity for line 2 as a number",
    ):
        assert sentence in html, sentence
    assert "There is a problem" in html and not RepairOrder.objects.exists()
    response = senior_client.post(url, _order_post(world, code_0="999999"))
    assert response.status_code == 400 and "There is no code 999999" in response.content.decode()


def test_appointment_completion_and_inspection_pages(senior_client: Client, world: Any, senior: Any) -> None:
    order = _raise(world, senior, raised_at=timezone.now() - dt.timedelta(hours=1))
    late = timezone.localtime(order.due_at).date() + dt.timedelta(days=2)
    bad = senior_client.post(
        f"/repairs/orders/{order.pk}/appoint/",
        {"date_0": late.day, "date_1": late.month, "date_2": late.year, "slot": "am"},
    )
    assert bad.status_code == 400 and "after the target" in bad.content.decode()
    today = timezone.localdate()
    ok = senior_client.post(
        f"/repairs/orders/{order.pk}/appoint/",
        {"date_0": today.day, "date_1": today.month, "date_2": today.year, "slot": "pm"},
    )
    assert ok.status_code == 302
    now = timezone.localtime()
    done = senior_client.post(
        f"/repairs/orders/{order.pk}/complete/",
        {
            "completed_on_0": now.day,
            "completed_on_1": now.month,
            "completed_on_2": now.year,
            "completed_time": now.strftime("%H:%M"),
            "first_time_fix": "yes",
        },
    )
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.status == "completed" and order.first_time_fix
    inspected = senior_client.post(
        f"/repairs/orders/{order.pk}/inspect/",
        {
            "method": "telephone",
            "inspected_on_0": today.day,
            "inspected_on_1": today.month,
            "inspected_on_2": today.year,
            "outcome": "pass",
        },
    )
    assert inspected.status_code == 302
    assert PostInspection.objects.get(order=order).outcome == "pass"
    perf = senior_client.get(f"/repairs/performance/?month={today:%Y-%m}")
    assert world.contractor.name in perf.content.decode()
    xlsx = senior_client.get(f"/repairs/performance/?month={today:%Y-%m}&export=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Contractor" and rows[1][0] == world.contractor.name and rows[1][2] == 1


def test_overdue_chase_is_one_click(senior_client: Client, world: Any, senior: Any) -> None:
    order = _raise(world, senior, raised_at=timezone.now() - dt.timedelta(days=30))
    page = senior_client.get("/repairs/overdue/").content.decode()
    assert order.reference in page
    response = senior_client.post(
        f"/repairs/orders/{order.pk}/chase/", {"next": "/repairs/overdue/", "text": ""}
    )
    assert response.status_code == 302 and response["Location"] == "/repairs/overdue/"
    assert order.notes.get().kind == "chase"


def test_target_change_needs_a_reason(senior_client: Client, world: Any, senior: Any) -> None:
    order = _raise(world, senior)
    new = timezone.localdate() + dt.timedelta(days=40)
    bad = senior_client.post(
        f"/repairs/orders/{order.pk}/target/",
        {
            "new_due_0": new.day,
            "new_due_1": new.month,
            "new_due_2": new.year,
            "new_time": "10:00",
            "reason": "",
        },
    )
    assert bad.status_code == 400 and "Enter the reason for changing the target." in bad.content.decode()
    order.refresh_from_db()
    assert not order.target_changes.exists()


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("rates.csv", text.encode(), content_type="text/csv")


def test_schedule_import_page(senior_client: Client, world: Any) -> None:
    url = f"/repairs/contracts/{world.contract.pk}/import/"
    bad = senior_client.post(
        url,
        {
            "file": _csv(
                "code,description,unit,rate,trade\n500010,Ok,each,1.00,Joinery\n"
                "5000,Bad code,each,1.00,Joinery\n500030,,each,x,Joinery\n"
            )
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 400
    assert "Line 3: the code &#x27;5000&#x27; is not 6 digits." in html
    assert "Line 4: the description is missing; the rate &#x27;x&#x27; is not an amount of money." in html
    assert not RateLine.objects.filter(code="500010").exists()
    good = "code,description,unit,rate,trade\n500010,Ease and adjust door,each,31.50,Joinery\n"
    assert senior_client.post(url, {"file": _csv(good)}).status_code == 302
    assert senior_client.post(url, {"file": _csv(good)}).status_code == 302
    assert RateLine.objects.filter(code="500010").count() == 1
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "description", "unit", "rate", "trade"])
    sheet.append([600010, "Excel line", "m", 12.5, "Painting"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("rates.xlsx", buffer.getvalue())
    assert senior_client.post(url, {"file": upload}).status_code == 302
    assert RateLine.objects.get(code="600010").rate == Decimal("12.50")
    header = senior_client.post(url, {"file": _csv("code,name\n1,2\n")})
    assert header.status_code == 400 and "missing: description, unit, rate, trade" in header.content.decode()


def test_hazard_case_pages(senior_client: Client, world: Any) -> None:
    now = timezone.localtime() - dt.timedelta(hours=2)
    response = senior_client.post(
        f"/repairs/hazards/new/?property={world.flat.pk}",
        {
            "severity": "emergency",
            "hazard": "Damp and mould",
            "aware_on_0": now.day,
            "aware_on_1": now.month,
            "aware_on_2": now.year,
            "aware_time": now.strftime("%H:%M"),
        },
    )
    assert response.status_code == 302
    case = HazardCase.objects.get()
    page = senior_client.get(f"/repairs/hazards/{case.pk}/").content.decode()
    assert "Make safe" in page or "make safe" in page.lower()
    today = timezone.localdate()
    offer = senior_client.post(
        f"/repairs/hazards/{case.pk}/accommodation/",
        {
            "accommodation_offered_on_0": today.day,
            "accommodation_offered_on_1": today.month,
            "accommodation_offered_on_2": today.year,
            "accommodation_details": "",
            "accommodation_answer": "accepted",
        },
    )
    assert offer.status_code == 400
    html = offer.content.decode()
    assert "Describe the accommodation offered." in html and "Enter the date the tenant answered." in html


def test_approvals_queue(world: Any, senior: Any, officer: Any, senior_client: Client) -> None:
    services.set_officer_limits(
        actor=senior, user=officer, raise_limit=Decimal("10"), vary_limit=Decimal("10")
    )
    order = _raise(world, officer)
    assert order.reference in senior_client.get("/repairs/approvals/").content.decode()
    assert senior_client.post(f"/repairs/orders/{order.pk}/approve/").status_code == 302
    order.refresh_from_db()
    assert order.status == "issued"


def _text(html: str) -> str:
    """The words a reader sees in rendered HTML: tags dropped, entities decoded, spaces squeezed."""
    return " ".join(unescape(re.sub(r"<style.*?</style>|<[^>]+>", " ", html, flags=re.S)).split())


def test_order_pdf_shows_the_contractor_the_work_and_the_approved_lines_only(
    senior_client: Client, world: Any, senior: Any, officer: Any
) -> None:
    order = _raise(world, senior)
    services.vary_order(actor=senior, order=order, lines=[world.line("100010", "2")], reason="Washers too")
    services.set_officer_limits(actor=senior, user=officer, raise_limit=Decimal("0"), vary_limit=Decimal("0"))
    pending = services.vary_order(actor=officer, order=order, lines=[world.line("200010")], reason="Socket")
    assert pending.status == "pending"

    response = senior_client.get(f"/repairs/orders/{order.pk}/order.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{order.reference}.pdf"'
    assert response.content.startswith(b"%PDF-")
    # what the PDF was made from: the page WeasyPrint laid out for this request
    assert [t.name for t in response.templates] == ["repairs/order_pdf.html"]
    shown = _text(render_to_string("repairs/order_pdf.html", response.context.flatten()))
    due = timezone.localtime(order.due_at)
    assert shown.startswith(
        f"Repair order {order.reference} Hearth Borough Council Repair order {order.reference}"
    )
    assert f"Contractor Brightfix Repairs Ltd (contract {world.contract.reference})" in shown
    assert f"Location {world.flat.address}" in shown and "Priority Urgent" in shown  # the home's address
    assert f"Complete by {due.day} {due:%B %Y %H:%M}" in shown
    assert "Asbestos is recorded at this location." in shown
    assert "Work Sink blocked" in shown
    assert "100020 Clear blocked sink waste each 1.00 £42.00 £42.00" in shown
    assert "100010 Renew tap washer each 2.00 £18.40 £36.80" in shown
    assert "Order total £78.80" in shown
    assert "200010" not in shown and "socket" not in shown.lower()  # waiting for approval: not on the order


def _settings_post(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "sample_percent": "15",
        "inspect_over": "800",
        "default_raise_limit": "400",
        "default_vary_limit": "100",
    }
    for p, unit, count in (
        ("immediate", "hours", 2),
        ("emergency", "hours", 24),
        ("urgent", "working_days", 3),
        ("routine", "working_days", 21),
    ):
        data[f"{p}_unit"], data[f"{p}_count"] = unit, str(count)
    data.update(extra)
    return data


def test_settings_and_limits_pages(senior_client: Client, world: Any, officer: Any) -> None:
    bad = senior_client.post("/repairs/settings/", _settings_post(sample_percent="150", urgent_count="x"))
    assert bad.status_code == 400
    assert "Enter a whole percentage from 0 to 100." in bad.content.decode()
    assert services.get_settings().pk is None
    assert senior_client.post("/repairs/settings/", _settings_post()).status_code == 302
    policy = services.get_settings()
    assert policy.sample_percent == 15 and policy.priority_periods["urgent"] == {
        "unit": "working_days",
        "count": 3,
    }
    assert services.limits_for(officer) == (Decimal("400.00"), Decimal("100.00"))
    missing = senior_client.post(
        "/repairs/limits/", {"username": "nobody", "raise_limit": "1", "vary_limit": "1"}
    )
    assert missing.status_code == 400 and "There is no user with that username." in missing.content.decode()
    ok = senior_client.post(
        "/repairs/limits/", {"username": "officer", "raise_limit": "900", "vary_limit": "90"}
    )
    assert ok.status_code == 302
    assert services.limits_for(officer) == (Decimal("900.00"), Decimal("90.00"))


def test_a_limit_is_read_as_pounds_and_pence(senior_client: Client, world: Any, officer: Any) -> None:
    """The limits form reads amounts the one way money is read: `1e6` is not an amount (the
    number field took it as a million pounds); thousands separators are."""
    refused = senior_client.post(
        "/repairs/limits/", {"username": "officer", "raise_limit": "1e6", "vary_limit": "12.345"}
    )
    assert refused.status_code == 400
    html = unescape(refused.content.decode())
    assert "Enter an amount of money in pounds and pence, like 95.50 or 1,250.00." in html
    assert "Enter an amount with no more than 2 decimal places, like 95.50." in html
    assert not OfficerLimit.objects.exists()
    accepted = senior_client.post(
        "/repairs/limits/", {"username": "officer", "raise_limit": "1,250.00", "vary_limit": "£250"}
    )
    assert accepted.status_code == 302
    assert services.limits_for(officer) == (Decimal("1250.00"), Decimal("250.00"))
    page = senior_client.get("/repairs/limits/").content.decode()
    assert "Limits saved for officer." in page and "£1250.00" in page and "£250.00" in page


def test_a_quantity_that_is_not_a_finite_number_is_refused(
    senior_client: Client, world: Any, senior: Any
) -> None:
    order = _raise(world, senior)
    for quantity in ("Infinity", "NaN", "-inf"):
        response = senior_client.post(
            f"/repairs/orders/{order.pk}/vary/", {"code": "100010", "quantity": quantity, "reason": "More"}
        )
        assert response.status_code == 400
        assert "Enter the quantity as a number, like 1 or 2.5." in response.content.decode()
    assert not order.variations.exists()


def test_a_quantity_too_large_to_price_is_refused_not_a_failure(
    senior_client: Client, world: Any, senior: Any
) -> None:
    order = _raise(world, senior)
    vary = senior_client.post(
        f"/repairs/orders/{order.pk}/vary/", {"code": "100010", "quantity": "1e30", "reason": "More"}
    )
    assert vary.status_code == 400
    assert "The quantity for 100010 must be less than 100,000,000." in vary.content.decode()
    assert not order.variations.exists()
    url = f"/repairs/orders/new/?property={world.flat.pk}"
    for qty, sentence in (
        ("1e30", "The quantity for line 1 must be less than 100,000,000."),
        ("1.005", "The quantity for line 1 can have at most 2 decimal places."),
    ):
        preview = senior_client.post(url, _order_post(world, qty_0=qty, action="check"))
        assert preview.status_code == 400 and sentence in preview.content.decode(), qty
    assert RepairOrder.objects.count() == 1


def test_contacts_users_and_files(
    senior_client: Client, world: Any, senior: Any, user_with_role: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    url = f"/repairs/contractors/{world.contractor.pk}/"
    assert senior_client.post(url + "contacts/new/", {"name": ""}).status_code == 400
    assert (
        senior_client.post(url + "contacts/new/", {"name": "Pat Foreman", "role": "Supervisor"}).status_code
        == 302
    )
    assert "Pat Foreman" in senior_client.get(url).content.decode()
    user_with_role("kestrel", permissions.CONTRACTOR)
    refused = senior_client.post(url + "users/new/", {"username": "senior"})
    assert refused.status_code == 400 and "council officer" in refused.content.decode()
    assert senior_client.post(url + "users/new/", {"username": "kestrel"}).status_code == 302
    order = _raise(world, senior)
    photo = SimpleUploadedFile(
        "before.jpg", b"\xff\xd8\xff\xe0 not really a photo", content_type="image/jpeg"
    )
    response = senior_client.post(
        f"/repairs/orders/{order.pk}/files/", {"file": photo, "description": "Before"}
    )
    assert response.status_code == 302
    assert "before.jpg" in senior_client.get(f"/repairs/orders/{order.pk}/files/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/repairs/",
        "/repairs/overdue/?within=999",
        "/repairs/inspections/",
        "/repairs/contractors/",
        "/repairs/performance/",
        "/repairs/approvals/",
    ],
)
def test_list_pages_cost_a_fixed_number_of_queries(
    url: str, senior_client: Client, world: Any, senior: Any, django_assert_max_num_queries: Any
) -> None:
    def fill(n: int) -> None:
        for _ in range(n):
            order = _raise(world, senior, raised_at=timezone.now() - dt.timedelta(days=40))
            services.request_post_inspection(actor=senior, order=order)

    fill(2)
    senior_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        senior_client.get(url)
    fill(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert senior_client.get(url).status_code == 200


def test_an_out_of_hours_report_is_logged_and_turned_into_an_order(senior_client: Client, world: Any) -> None:
    now = timezone.localtime() - dt.timedelta(hours=1)
    bad = senior_client.post(
        "/repairs/incidents/new/",
        {
            "received_on_0": now.day,
            "received_on_1": now.month,
            "received_on_2": now.year,
            "received_time": "25:00",
            "description": "",
            "location": "",
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 400 and "24-hour time" in html and "Describe what was reported." in html
    assert "Choose the home or describe where the incident is." in html
    ok = senior_client.post(
        f"/repairs/incidents/new/?property={world.flat.pk}",
        {
            "received_on_0": now.day,
            "received_on_1": now.month,
            "received_on_2": now.year,
            "received_time": now.strftime("%H:%M"),
            "description": "Water pouring through ceiling",
            "caller": "Neighbour",
        },
    )
    assert ok.status_code == 302
    report = IncidentReport.objects.get()
    url = f"/repairs/orders/new/?incident={report.pk}&property={world.flat.pk}"
    assert "Water pouring through ceiling" in senior_client.get(url).content.decode()
    response = senior_client.post(
        url,
        _order_post(
            world,
            description="Water pouring through ceiling",
            channel="emergency_control",
            rtr_defect="water_leak",
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    order = RepairOrder.objects.get()
    assert report.order == order and order.channel == "emergency_control" and order.priority == "emergency"
    assert senior_client.get(url).status_code == 404  # already turned into an order


def test_extension_pages(
    world: Any, senior: Any, officer: Any, officer_client: Client, senior_client: Client
) -> None:
    order = _raise(world, officer)
    new = timezone.localdate() + dt.timedelta(days=60)
    asked = officer_client.post(
        f"/repairs/orders/{order.pk}/extension/",
        {
            "new_due_0": new.day,
            "new_due_1": new.month,
            "new_due_2": new.year,
            "new_time": "17:00",
            "reason": "Scaffold needed",
        },
    )
    assert asked.status_code == 302
    assert "Scaffold needed" in senior_client.get("/repairs/approvals/").content.decode()
    change = order.target_changes.get()
    assert (
        senior_client.post(f"/repairs/extensions/{change.pk}/decide/", {"decision": "grant"}).status_code
        == 302
    )
    order.refresh_from_db()
    assert timezone.localtime(order.due_at).date() == new


def test_an_order_for_a_hazard_case(senior_client: Client, world: Any, senior: Any) -> None:
    case = services.open_hazard_case(
        actor=senior,
        property=world.flat,
        severity="significant",
        aware_at=timezone.now() - dt.timedelta(days=2),
    )
    url = f"/repairs/orders/new/?hazard={case.pk}&property={world.flat.pk}"
    assert case.reference in senior_client.get(url).content.decode()
    response = senior_client.post(url, _order_post(world, description="Mould wash", channel="inspection"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.order == RepairOrder.objects.get()
    assert case.order.reference in senior_client.get(f"/repairs/hazards/{case.pk}/").content.decode()


def test_pre_inspection_request(senior_client: Client, world: Any, senior: Any) -> None:
    order = _raise(world, senior)
    url = f"/repairs/orders/new/?follow_on={order.pk}&service=pre_inspection"
    page = senior_client.get(url).content.decode()
    assert "Pre-inspection: Sink blocked" in page and 'value="pre_inspection" selected' in page
    response = senior_client.post(
        url, _order_post(world, service_type="pre_inspection", description="Pre-inspection: survey the sink")
    )
    assert response.status_code == 302
    follow = RepairOrder.objects.exclude(pk=order.pk).get()
    assert follow.follow_on_of == order and follow.service_type == "pre_inspection"


def test_a_bad_inspection_stores_nothing(senior_client: Client, world: Any, senior: Any) -> None:
    order = _raise(world, senior, raised_at=timezone.now() - dt.timedelta(hours=2))
    services.complete_order(actor=senior, order=order, completed_at=timezone.now(), first_time_fix=True)
    response = senior_client.post(f"/repairs/orders/{order.pk}/inspect/", {"outcome": "fail_workmanship"})
    html = response.content.decode()
    assert (
        response.status_code == 400
        and "Describe what failed." in html
        and "Choose site visit or telephone." in html
    )
    assert not PostInspection.objects.exists()


def test_recording_an_inspection_with_an_unreadable_date_still_names_the_other_problems(
    senior_client: Client, world: Any, senior: Any
) -> None:
    order = _raise(world, senior, raised_at=timezone.now() - dt.timedelta(hours=2))
    services.complete_order(actor=senior, order=order, completed_at=timezone.now(), first_time_fix=True)
    inspection = services.request_post_inspection(actor=senior, order=order)
    response = senior_client.post(
        f"/repairs/inspections/{inspection.pk}/",
        {
            "inspected_on_0": "31",
            "inspected_on_1": "2",
            "inspected_on_2": "2025",
            "outcome": "fail_workmanship",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose site visit or telephone." in html and "Describe what failed." in html
    assert "Enter the date of the inspection." not in html  # the date's own problem is the form's
    inspection.refresh_from_db()
    assert inspection.outcome == "pending"


def test_performance_for_a_quarter(senior_client: Client, world: Any, senior: Any) -> None:
    order = _raise(world, senior, raised_at=timezone.now() - dt.timedelta(hours=3))
    services.complete_order(actor=senior, order=order, completed_at=timezone.now(), first_time_fix=True)
    start = (timezone.localdate().replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    page = senior_client.get(f"/repairs/performance/?month={start:%Y-%m}&months=3").content.decode()
    assert world.contractor.name in page and " to " in page
    xlsx = senior_client.get(f"/repairs/performance/?month={start:%Y-%m}&months=3&export=xlsx")
    assert "3-months" in xlsx["Content-Disposition"]
