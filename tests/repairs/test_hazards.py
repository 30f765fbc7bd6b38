"""Awaab's Law hazard cases: their clocks come from the shared clock rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from hearth.core.calendar import end_of_day, make_local
from hearth.core.models import Clock
from hearth.repairs import services
from hearth.repairs.models import HazardCase

pytestmark = pytest.mark.django_db


def _clocks(case: Any) -> dict[str, Clock]:
    return {c.kind: c for c in services.hazard_clocks(case)}


def test_significant_hazard_clocks(world: Any, senior: Any) -> None:
    with time_machine.travel(make_local(dt.datetime(2026, 1, 20, 12, 0)), tick=False):
        case = services.open_hazard_case(
            actor=senior,
            property=world.flat,
            severity="significant",
            aware_at=make_local(dt.datetime(2026, 1, 5, 9, 0)),
        )
        investigate = _clocks(case)["awaab_significant.investigate"]
        assert investigate.due_at == end_of_day(dt.date(2026, 1, 19))  # 10 working days after 5 January
        with pytest.raises(ValidationError, match="Record the end of the investigation first"):
            services.record_hazard_step(actor=senior, case=case, step="safety_work", on=dt.date(2026, 1, 16))
        services.record_hazard_step(
            actor=senior, case=case, step="investigation_concluded", on=dt.date(2026, 1, 16)
        )
        clocks = _clocks(case)
        assert clocks["awaab_significant.investigate"].outcome == Clock.Outcome.MET
        assert clocks["awaab_significant.written_summary"].due_at == end_of_day(dt.date(2026, 1, 21))
        assert clocks["awaab_significant.safety_work"].due_at == end_of_day(dt.date(2026, 1, 23))
        assert clocks["awaab_significant.supplementary_work"].due_at == end_of_day(dt.date(2026, 4, 10))
        deadlines = services.hazard_deadlines(case)
        assert deadlines["written_summary_by"] == dt.date(2026, 1, 21)
        services.record_hazard_step(actor=senior, case=case, step="written_summary", on=dt.date(2026, 1, 20))
        with pytest.raises(ValidationError, match="already recorded"):
            services.record_hazard_step(
                actor=senior, case=case, step="written_summary", on=dt.date(2026, 1, 20)
            )
    assert _clocks(case)["awaab_significant.written_summary"].outcome == Clock.Outcome.MET


def test_emergency_hazard_24_hours_and_accommodation(world: Any, senior: Any) -> None:
    aware = make_local(dt.datetime(2026, 3, 28, 12, 0))
    with time_machine.travel(make_local(dt.datetime(2026, 3, 30, 12, 0)), tick=False):
        case = services.open_hazard_case(
            actor=senior, property=world.flat, severity="emergency", aware_at=aware
        )
        make_safe = _clocks(case)["awaab_emergency.make_safe"]
        assert make_safe.due_at == make_local(
            dt.datetime(2026, 3, 29, 13, 0)
        )  # 24 elapsed hours, clocks forward
        services.record_accommodation_offer(
            actor=senior,
            case=case,
            offered_on=dt.date(2026, 3, 29),
            details="Furnished flat at 2 Oak Court",
            answer="accepted",
            answered_on=dt.date(2026, 3, 29),
        )
        services.record_made_safe(actor=senior, case=case, at=make_local(dt.datetime(2026, 3, 30, 9, 0)))
    assert case.accommodation_answer == "accepted"
    assert _clocks(case)["awaab_emergency.make_safe"].outcome == Clock.Outcome.BREACHED


def test_opening_a_case_checks_its_input(world: Any, senior: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.open_hazard_case(actor=senior, property=None, severity="bad", aware_at=None, hazard=" ")
    assert set(exc.value.message_dict) == {"property", "severity", "aware_at", "hazard"}


def test_closing_a_case_cancels_clocks_not_yet_due(world: Any, senior: Any) -> None:
    with time_machine.travel(make_local(dt.datetime(2026, 1, 12, 10, 0)), tick=False):
        case = services.open_hazard_case(
            actor=senior,
            property=world.flat,
            severity="significant",
            aware_at=make_local(dt.datetime(2026, 1, 5, 9, 0)),
        )
        with pytest.raises(ValidationError):
            services.close_hazard_case(actor=senior, case=case, reason="")
        services.close_hazard_case(actor=senior, case=case, reason="No hazard found on investigation")
    assert case.closed
    assert {c.outcome for c in services.hazard_clocks(case)} == {Clock.Outcome.CANCELLED}


AWARE = make_local(dt.datetime(2026, 8, 21, 14, 0))
TODAY = make_local(dt.datetime(2026, 12, 2, 11, 0))


def test_closing_a_case_keeps_an_overdue_clock_as_breached(
    world: Any, senior: Any, senior_client: Client
) -> None:
    with time_machine.travel(TODAY, tick=False):
        case = services.open_hazard_case(
            actor=senior, property=world.flat, severity="significant", aware_at=AWARE
        )
        assert _clocks(case)["awaab_significant.investigate"].due_at == end_of_day(dt.date(2026, 9, 7))
        services.close_hazard_case(actor=senior, case=case, reason="Tenant moved out")
        investigate = _clocks(case)["awaab_significant.investigate"]
        assert investigate.outcome == Clock.Outcome.BREACHED
        assert investigate.stopped_at == TODAY
        page = senior_client.get(f"/repairs/hazards/{case.pk}/").content.decode()
        breached = senior_client.get("/clocks/?show=breached").content.decode()
    assert "Investigate significant hazard" in page and "Breached" in page and "Cancelled" not in page
    assert f"/repairs/hazards/{case.pk}/" in breached and "Investigate significant hazard" in breached
    assert "7 Sep 2026" in breached and "2 Dec 2026" in breached


def _closed_case(world: Any, senior: Any, severity: str = "significant") -> HazardCase:
    case = services.open_hazard_case(actor=senior, property=world.flat, severity=severity, aware_at=AWARE)
    services.close_hazard_case(actor=senior, case=case, reason="Tenant moved out")
    return case


def _state(case: HazardCase) -> tuple[Any, ...]:
    fresh = HazardCase.objects.get(pk=case.pk)
    clock_states = sorted((c.kind, c.outcome) for c in services.hazard_clocks(fresh))
    return (
        fresh.investigation_concluded_on,
        fresh.written_summary_on,
        fresh.safety_work_on,
        fresh.supplementary_begun_on,
        fresh.made_safe_at,
        fresh.accommodation_offered_on,
        fresh.accommodation_answer,
        fresh.order_id,
        clock_states,
    )


CLOSED = "This case is already closed, so nothing more can be recorded on it."


def test_a_closed_case_refuses_every_step(world: Any, senior: Any) -> None:
    with time_machine.travel(TODAY, tick=False):
        case = _closed_case(world, senior)
        before = _state(case)
        attempts = [
            lambda step=step: services.record_hazard_step(
                actor=senior, case=case, step=step, on=dt.date(2026, 12, 1)
            )
            for step in services.HAZARD_STEPS
        ] + [
            lambda: services.record_made_safe(
                actor=senior, case=case, at=make_local(dt.datetime(2026, 12, 1, 9))
            ),
            lambda: services.record_accommodation_offer(
                actor=senior,
                case=case,
                offered_on=dt.date(2026, 12, 1),
                details="Flat at 2 Oak Court",
                answer="accepted",
                answered_on=dt.date(2026, 12, 1),
            ),
            lambda: services.link_hazard_order(actor=senior, case=case, order=_order(world, senior)),
            lambda: services.close_hazard_case(actor=senior, case=case, reason="Again"),
        ]
        for attempt in attempts:
            with pytest.raises(ValidationError) as caught:
                attempt()
            assert caught.value.messages == [CLOSED]
        # a stale copy of the case, loaded before it closed, is refused too
        stale = services.open_hazard_case(
            actor=senior, property=world.flat, severity="significant", aware_at=AWARE
        )
        services.close_hazard_case(actor=senior, case=HazardCase.objects.get(pk=stale.pk), reason="Duplicate")
        with pytest.raises(ValidationError, match="already closed"):
            services.record_hazard_step(
                actor=senior, case=stale, step="investigation_concluded", on=dt.date(2026, 12, 1)
            )
    assert _state(case) == before
    assert not [c for c in services.hazard_clocks(stale) if c.outcome == Clock.Outcome.RUNNING]


def _order(world: Any, senior: Any) -> Any:
    return services.raise_order(
        actor=senior,
        contract=world.contract,
        property=world.flat,
        description="Treat mould",
        priority="urgent",
        lines=[world.line("100020")],
    )


def test_a_closed_case_page_offers_no_steps(world: Any, senior: Any, senior_client: Client) -> None:
    with time_machine.travel(TODAY, tick=False):
        case = _closed_case(world, senior)
        page = senior_client.get(f"/repairs/hazards/{case.pk}/").content.decode()
        assert "Closed" in page
        for link in [*services.HAZARD_STEPS, "made_safe", "accommodation", "close"]:
            assert f"/repairs/hazards/{case.pk}/{link}/" not in page, link
        assert f"/repairs/orders/new/?hazard={case.pk}" not in page
        for step in [*services.HAZARD_STEPS, "made_safe", "accommodation", "close"]:
            shown = senior_client.get(f"/repairs/hazards/{case.pk}/{step}/")
            html = shown.content.decode()
            assert (
                shown.status_code == 409 and CLOSED in html and '<form method="post" novalidate' not in html
            ), step
        posted = senior_client.post(
            f"/repairs/hazards/{case.pk}/investigation_concluded/",
            {"on_0": "1", "on_1": "12", "on_2": "2026"},
        )
        assert posted.status_code == 409 and CLOSED in posted.content.decode()
    assert HazardCase.objects.get(pk=case.pk).investigation_concluded_on is None
    assert len(services.hazard_clocks(case)) == 1


def test_an_open_case_page_still_offers_its_steps(world: Any, senior: Any, senior_client: Client) -> None:
    with time_machine.travel(TODAY, tick=False):
        case = services.open_hazard_case(
            actor=senior, property=world.flat, severity="significant", aware_at=AWARE
        )
        page = senior_client.get(f"/repairs/hazards/{case.pk}/").content.decode()
        form = senior_client.get(f"/repairs/hazards/{case.pk}/investigation_concluded/")
    for link in ["investigation_concluded", "made_safe", "accommodation", "close"]:
        assert f"/repairs/hazards/{case.pk}/{link}/" in page
    assert form.status_code == 200 and '<form method="post" novalidate' in form.content.decode()


@pytest.mark.parametrize(
    ("offered", "answered", "field", "message"),
    [
        (
            dt.date(2026, 12, 20),
            dt.date(2026, 12, 21),
            "accommodation_offered_on",
            "The date cannot be in the future.",
        ),
        (
            dt.date(2026, 12, 1),
            dt.date(2026, 12, 21),
            "accommodation_answered_on",
            "The date cannot be in the future.",
        ),
        (
            dt.date(2026, 8, 20),
            dt.date(2026, 8, 22),
            "accommodation_offered_on",
            "The date cannot be before the landlord became aware of the hazard.",
        ),
        (
            dt.date(2026, 12, 1),
            dt.date(2026, 11, 30),
            "accommodation_answered_on",
            "The answer cannot be before the offer.",
        ),
    ],
)
def test_accommodation_dates_follow_the_step_date_rules(
    world: Any, senior: Any, offered: dt.date, answered: dt.date, field: str, message: str
) -> None:
    with time_machine.travel(TODAY, tick=False):
        case = services.open_hazard_case(
            actor=senior, property=world.flat, severity="significant", aware_at=AWARE
        )
        with pytest.raises(ValidationError) as caught:
            services.record_accommodation_offer(
                actor=senior,
                case=case,
                offered_on=offered,
                details="Flat at 2 Oak Court",
                answer="accepted",
                answered_on=answered,
            )
    assert message in caught.value.message_dict[field]
    fresh = HazardCase.objects.get(pk=case.pk)
    assert fresh.accommodation_offered_on is None and fresh.accommodation_answer == ""


def test_a_future_accommodation_offer_is_refused_on_the_page(
    world: Any, senior: Any, senior_client: Client
) -> None:
    with time_machine.travel(TODAY, tick=False):
        case = services.open_hazard_case(
            actor=senior, property=world.flat, severity="significant", aware_at=AWARE
        )
        response = senior_client.post(
            f"/repairs/hazards/{case.pk}/accommodation/",
            {
                "accommodation_offered_on_0": "20",
                "accommodation_offered_on_1": "12",
                "accommodation_offered_on_2": "2026",
                "accommodation_details": "Flat at 2 Oak Court",
                "accommodation_answer": "accepted",
                "accommodation_answered_on_0": "21",
                "accommodation_answered_on_1": "12",
                "accommodation_answered_on_2": "2026",
            },
        )
        page = senior_client.get(f"/repairs/hazards/{case.pk}/").content.decode()
    assert response.status_code == 400 and "The date cannot be in the future." in response.content.decode()
    assert "Not offered" in page and "20 December 2026" not in page
