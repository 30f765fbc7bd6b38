"""Repairs services: validation sentences, the lifecycle, limits, clocks, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hearth.core import audit
from hearth.core.calendar import make_local
from hearth.core.models import Clock
from hearth.core.permissions import ESTATE_SERVICES, FINANCE_APPROVER
from hearth.repairs import documents, selectors, services
from hearth.repairs.models import Appointment, PostInspection, RateLine, RepairOrder, Variation

pytestmark = pytest.mark.django_db
S = RepairOrder.Status


def raise_simple(
    world: Any, actor: Any, *, quantity: str = "1", code: str = "100020", **extra: Any
) -> RepairOrder:
    data: dict[str, Any] = {
        "property": world.flat,
        "reported_by": world.person,
        "description": "Kitchen sink blocked",
        "priority": "urgent",
    }
    data.update(extra)
    return services.raise_order(
        actor=actor, contract=world.contract, lines=[world.line(code, quantity)], **data
    )


def test_raising_prices_the_order_computes_the_target_and_issues_it(
    world: Any, senior: Any, django_capture_on_commit_callbacks: Any
) -> None:
    raised_at = make_local(dt.datetime(2025, 4, 17, 10, 0))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = raise_simple(world, senior, quantity="2", raised_at=raised_at, rtr_defect="sink")
    assert order.status == S.ISSUED and order.issued_at is not None
    assert order.total == Decimal("84.00")
    assert order.due_at == make_local(dt.datetime(2025, 4, 28, 10, 0))  # Easter bank holidays skipped
    assert order.right_to_repair and order.rtr_period_days == 3
    assert order.reference.startswith("RO")
    clock = Clock.objects.get(pk=order.clock_id or 0)
    assert clock.due_at == order.due_at and clock.outcome == Clock.Outcome.RUNNING
    actions = [e.action for e in audit.history_for(order)]
    assert {"created", "issued", "clock_started"} <= set(actions)
    assert len(callbacks) == 1  # the order goes to the contractor once the transaction commits


def test_the_uplift_prices_new_orders(world: Any, senior: Any) -> None:
    services.set_uplift(
        actor=senior, contract=world.contract, uplift_percent=Decimal("10"), reason="Annual review"
    )
    order = raise_simple(world, senior)
    assert order.lines.get().rate == Decimal("46.20") and order.total == Decimal("46.20")


def test_every_problem_is_named(world: Any, senior: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.raise_order(
            actor=senior,
            contract=world.contract,
            lines=[world.line("100020", "0")],
            description=" ",
            priority="soon",
        )
    errors = exc.value.message_dict
    assert errors["property"] == ["Choose the home, or the block or estate for a communal repair."]
    assert errors["description"] == ["Describe the repair."]
    assert errors["priority"] == ["Choose the priority."]
    assert errors["lines"] == ["The quantity for 100020 must be more than 0."]
    assert not RepairOrder.objects.exists()


def test_negative_quantity_and_wrong_contract_are_refused(world: Any, senior: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.raise_order(
            actor=senior,
            contract=world.contract,
            property=world.flat,
            description="x",
            priority="routine",
            lines=[world.line("100020", "-1"), world.line("100010", "1", world.other_contract)],
        )
    assert exc.value.message_dict["lines"] == [
        "The quantity for 100020 must be more than 0.",
        f"The line 100010 is not in the contract {world.contract.reference}.",
    ]


def test_a_communal_order(world: Any, senior: Any) -> None:
    order = services.raise_order(
        actor=senior,
        contract=world.contract,
        block=world.block,
        description="Graffiti",
        priority="routine",
        service_type="graffiti",
        lines=[world.line("100010")],
    )
    assert order.location == "Communal: Alder House" and not order.right_to_repair


def test_needs_the_capability(world: Any, user_with_role: Any) -> None:
    approver = user_with_role("fin", FINANCE_APPROVER)
    with pytest.raises(PermissionDenied):
        raise_simple(world, approver)


def test_over_the_raise_limit_waits_for_someone_elses_approval(world: Any, senior: Any, officer: Any) -> None:
    services.set_officer_limits(
        actor=senior, user=officer, raise_limit=Decimal("100"), vary_limit=Decimal("50")
    )
    order = raise_simple(world, officer, code="300010", quantity="2")
    assert order.status == S.AWAITING_APPROVAL and order.total == Decimal("240.00")
    with pytest.raises(ValidationError) as exc:
        services.book_appointment(actor=officer, order=order, date=timezone.localdate(), slot="am")
    assert exc.value.message_dict["date"] == [
        "An appointment cannot be booked until the order is approved and issued."
    ]
    with pytest.raises(PermissionDenied):
        services.approve_order(actor=officer, order=order)
    services.approve_order(actor=senior, order=order)
    assert order.status == S.ISSUED and order.approved_by == senior
    with pytest.raises(ValidationError, match="not waiting for approval"):
        services.approve_order(actor=senior, order=order)


def test_an_approver_cannot_approve_their_own_order(world: Any, senior: Any) -> None:
    services.set_officer_limits(
        actor=senior, user=senior, raise_limit=Decimal("10"), vary_limit=Decimal("10")
    )
    order = raise_simple(world, senior)
    with pytest.raises(ValidationError, match="another officer must approve"):
        services.approve_order(actor=senior, order=order)


def test_appointments_on_or_before_target_unless_the_resident_asks(world: Any, senior: Any) -> None:
    order = raise_simple(world, senior)
    late = timezone.localtime(order.due_at).date() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        services.book_appointment(actor=senior, order=order, date=late, slot="pm")
    assert "after the target" in exc.value.message_dict["later_reason"][0]
    appt = services.book_appointment(
        actor=senior, order=order, date=late, slot="pm", later_reason="Resident is in hospital until then"
    )
    assert order.status == S.APPOINTED and appt.later_reason
    again = services.book_appointment(actor=senior, order=order, date=timezone.localdate(), slot="am")
    appt.refresh_from_db()
    assert appt.outcome == Appointment.Outcome.CANCELLED and again.outcome == Appointment.Outcome.BOOKED


def test_variation_keeps_original_lines_and_waits_over_the_vary_limit(
    world: Any, senior: Any, officer: Any, user_with_role: Any
) -> None:
    services.set_officer_limits(
        actor=senior, user=officer, raise_limit=Decimal("1000"), vary_limit=Decimal("50")
    )
    order = raise_simple(world, officer)
    small = services.vary_order(
        actor=officer, order=order, lines=[world.line("100010", "1")], reason="Washer too"
    )
    assert small.status == Variation.Status.APPROVED and order.total == Decimal("60.40")
    big = services.vary_order(
        actor=officer, order=order, lines=[world.line("300010", "1")], reason="Roof as well"
    )
    assert big.status == Variation.Status.PENDING
    order.refresh_from_db()
    assert order.total == Decimal("60.40") and order.lines.count() == 3
    with pytest.raises(ValidationError, match="variation is waiting"):
        services.complete_order(actor=officer, order=order, completed_at=timezone.now(), first_time_fix=True)
    with pytest.raises(ValidationError) as exc:
        services.vary_order(actor=officer, order=order, lines=[world.line("100010", "0")], reason="")
    assert set(exc.value.message_dict) == {"reason", "lines"}
    services.decide_variation(actor=senior, variation=big, approve=True)
    order.refresh_from_db()
    assert order.total == Decimal("180.40")
    assert selectors.order_value(order) == Decimal("180.40")


def test_completion_stops_the_clock_met_or_breached(world: Any, senior: Any) -> None:
    with time_machine.travel(make_local(dt.datetime(2025, 3, 3, 9, 0)), tick=False):
        order = raise_simple(world, senior, priority="emergency")
    with time_machine.travel(make_local(dt.datetime(2025, 3, 5, 9, 0)), tick=False):
        late = make_local(dt.datetime(2025, 3, 4, 9, 30))
        services.start_work(actor=senior, order=order)
        services.complete_order(actor=senior, order=order, completed_at=late, first_time_fix=False)
    assert order.status == S.COMPLETED and order.first_time_fix is False
    assert Clock.objects.get(pk=order.clock_id or 0).outcome == Clock.Outcome.BREACHED
    assert order.completion.completed_at == late
    with pytest.raises(ValidationError, match="cannot be completed"):
        services.complete_order(actor=senior, order=order, completed_at=late, first_time_fix=True)


def test_completion_in_time_is_met_and_big_orders_are_inspected(world: Any, senior: Any) -> None:
    services.set_officer_limits(
        actor=senior, user=senior, raise_limit=Decimal("5000"), vary_limit=Decimal("500")
    )
    order = raise_simple(world, senior, code="300010", quantity="9")  # £1,080
    assert order.status == S.ISSUED
    services.complete_order(actor=senior, order=order, completed_at=timezone.now(), first_time_fix=True)
    assert Clock.objects.get(pk=order.clock_id or 0).outcome == Clock.Outcome.MET
    assert order.post_inspection.reason == PostInspection.Reason.OVER_THRESHOLD


def test_completion_validation(world: Any, senior: Any) -> None:
    order = raise_simple(world, senior)
    with pytest.raises(ValidationError) as exc:
        services.complete_order(
            actor=senior,
            order=order,
            completed_at=order.raised_at - dt.timedelta(hours=1),
            first_time_fix=None,
        )
    assert exc.value.message_dict == {
        "completed_at": ["The work cannot be completed before the order was raised."],
        "first_time_fix": ["Say whether the repair was fixed first time."],
    }


def test_cancel_needs_a_reason_and_cancels_the_clock(world: Any, senior: Any) -> None:
    order = raise_simple(world, senior)
    with pytest.raises(ValidationError):
        services.cancel_order(actor=senior, order=order, reason=" ")
    services.cancel_order(actor=senior, order=order, reason="Resident fixed it")
    assert order.status == S.CANCELLED
    assert Clock.objects.get(pk=order.clock_id or 0).outcome == Clock.Outcome.CANCELLED


def test_target_changes_need_a_permitted_role_and_a_reason(world: Any, senior: Any, officer: Any) -> None:
    order = raise_simple(world, officer)
    new = order.due_at + dt.timedelta(days=5)
    with pytest.raises(PermissionDenied):
        services.change_target(actor=officer, order=order, new_due_at=new, reason="Parts on order")
    with pytest.raises(ValidationError) as exc:
        services.change_target(actor=senior, order=order, new_due_at=new, reason="")
    assert exc.value.message_dict == {"reason": ["Enter the reason for changing the target."]}
    services.change_target(actor=senior, order=order, new_due_at=new, reason="Parts on order")
    assert order.due_at == new and order.target_changes.get().reason == "Parts on order"
    assert Clock.objects.get(pk=order.clock_id or 0).due_at == new


def test_chase_emails_the_contractor_and_logs_it(
    world: Any, senior: Any, django_capture_on_commit_callbacks: Any
) -> None:
    order = raise_simple(world, senior)
    with django_capture_on_commit_callbacks(execute=True):
        note = services.chase_order(actor=senior, order=order)
    assert note.kind == "chase" and "emailed to orders@brightfix.test" in note.text
    assert [m.to for m in mail.outbox] == [["orders@brightfix.test"]]


def test_the_issued_order_email_carries_the_pdf(world: Any, senior: Any) -> None:
    order = raise_simple(world, senior)
    assert documents.email_order(order.pk)
    message = mail.outbox[-1]
    assert message.to == ["orders@brightfix.test"] and order.reference in message.subject
    name, content, kind = message.attachments[0]
    assert name == f"{order.reference}.pdf" and content.startswith(b"%PDF") and kind == "application/pdf"


def test_monthly_sample_is_ten_percent_per_contractor_and_idempotent(world: Any, senior: Any) -> None:
    when = make_local(dt.datetime(2025, 5, 6, 9, 0))
    with time_machine.travel(when, tick=False):
        orders = [raise_simple(world, senior, code="100010") for _ in range(12)]
        for order in orders:
            services.complete_order(actor=senior, order=order, completed_at=when, first_time_fix=True)
        assert services.select_monthly_sample(actor=senior, month=dt.date(2025, 5, 1)) == 2  # ceil(10% of 12)
        assert services.select_monthly_sample(actor=senior, month=dt.date(2025, 5, 1)) == 0
    assert set(PostInspection.objects.values_list("reason", flat=True)) == {"sample"}


def test_post_inspection_outcome(world: Any, senior: Any) -> None:
    order = raise_simple(world, senior)
    services.complete_order(actor=senior, order=order, completed_at=timezone.now(), first_time_fix=True)
    inspection = services.request_post_inspection(actor=senior, order=order)
    with pytest.raises(ValidationError) as exc:
        services.record_post_inspection(
            actor=senior,
            inspection=inspection,
            result=services.InspectionResult("drone", None, "fail_workmanship", ""),
        )
    assert set(exc.value.message_dict) == {"method", "inspected_on", "notes"}
    services.record_post_inspection(
        actor=senior,
        inspection=inspection,
        result=services.InspectionResult(
            "site", timezone.localdate(), "fail_over_claimed", "Two washers claimed, one fitted"
        ),
    )
    assert inspection.failed


def test_rates_import_is_all_or_nothing_and_idempotent(world: Any, senior: Any) -> None:
    rows = [
        {"code": "400010", "description": "Ease door", "unit": "each", "rate": "30.00", "trade": "Joinery"},
        {"code": "40001", "description": "Short code", "unit": "each", "rate": "1", "trade": "Joinery"},
        {"code": "400020", "description": "", "unit": "each", "rate": "abc", "trade": "Joinery"},
        {"code": "400010", "description": "Again", "unit": "each", "rate": "1", "trade": "Joinery"},
    ]
    with pytest.raises(ValidationError) as exc:
        services.import_rates(actor=senior, contract=world.contract, rows=list(enumerate(rows, start=2)))
    assert exc.value.message_dict["file"] == [
        "Line 3: the code '40001' is not 6 digits.",
        "Line 4: the description is missing; the rate 'abc' is not an amount of money.",
        "Line 5: the code 400010 is already on line 2.",
    ]
    assert not RateLine.objects.filter(code="400010").exists()
    good = rows[:1]
    first = services.import_rates(actor=senior, contract=world.contract, rows=list(enumerate(good, start=2)))
    second = services.import_rates(actor=senior, contract=world.contract, rows=list(enumerate(good, start=2)))
    assert (first.created, second.created, second.updated, second.unchanged) == (1, 0, 0, 1)


def test_contractor_user_acts_only_on_its_own_orders(world: Any, senior: Any, user_with_role: Any) -> None:
    order = raise_simple(world, senior)
    other_order = services.raise_order(
        actor=senior,
        contract=world.other_contract,
        property=world.house,
        description="x",
        priority="routine",
        lines=[world.line("100010", "1", world.other_contract)],
    )
    worker = user_with_role("brightfix", None)
    services.link_contractor_user(actor=senior, user=worker, contractor=world.contractor)
    services.accept_order(actor=worker, order=order)
    assert order.accepted_at is not None
    with pytest.raises(ValidationError, match="another contractor"):
        services.accept_order(actor=worker, order=other_order)


def test_officers_without_rights_cannot_act(world: Any, senior: Any, user_with_role: Any) -> None:
    order = raise_simple(world, senior)
    auditor = user_with_role("aud", "auditor")
    with pytest.raises(PermissionDenied):
        services.start_work(actor=auditor, order=order)


def test_call_facts_show_alerts_asbestos_and_fire_safety(
    world: Any, senior: Any, user_with_role: Any
) -> None:
    facts = selectors.call_facts(world.flat.pk, senior)
    assert [p.pk for p in facts.tenants] == [world.person.pk]
    assert facts.alerts is not None and facts.alerts[world.person.pk][0].category == "Dog at property"
    assert facts.asbestos == ["Asbestos is recorded in Alder House."]
    assert any("8 storeys" in f for f in facts.fire_safety)
    assert facts.secure_tenancy
    assert selectors.find_properties("ht1 2ab")[0].pk == world.flat.pk
    officer = user_with_role("plain", ESTATE_SERVICES)
    assert selectors.call_facts(world.flat.pk, officer).alerts is not None


def test_performance_counts_rp02(world: Any, senior: Any) -> None:
    with time_machine.travel(make_local(dt.datetime(2025, 6, 2, 9, 0)), tick=False):
        em = raise_simple(world, senior, priority="emergency")
        rt = raise_simple(world, senior, priority="routine")
        late = raise_simple(world, senior, priority="immediate")
        services.vary_order(actor=senior, order=rt, lines=[world.line("100010")], reason="Extra")
    with time_machine.travel(make_local(dt.datetime(2025, 6, 20, 9, 0)), tick=False):
        services.complete_order(
            actor=senior,
            order=em,
            completed_at=make_local(dt.datetime(2025, 6, 2, 20, 0)),
            first_time_fix=True,
        )
        services.complete_order(
            actor=senior,
            order=rt,
            completed_at=make_local(dt.datetime(2025, 6, 10, 9, 0)),
            first_time_fix=False,
        )
        rows = selectors.performance(dt.date(2025, 6, 1))
    [p] = rows
    assert (p.raised, p.completed, p.emergency_completed, p.emergency_in_target) == (3, 2, 1, 1)
    assert (p.non_emergency_completed, p.non_emergency_in_target, p.overdue, p.first_time_fixes) == (
        1,
        1,
        1,
        1,
    )
    assert p.varied == 1 and p.average_cost == Decimal("51.20")
    assert late.status == S.ISSUED
    with time_machine.travel(make_local(dt.datetime(2025, 6, 20, 9, 0)), tick=False):
        [quarter] = selectors.performance(dt.date(2025, 4, 1), months=3)
        assert selectors.performance(dt.date(2025, 3, 1), months=3) == []
    assert (quarter.raised, quarter.completed) == (3, 2)
    assert selectors.month_bounds(dt.date(2025, 11, 1), 3)[1] == make_local(dt.datetime(2026, 2, 1))


def test_permission_for_limits(world: Any, officer: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.set_officer_limits(
            actor=officer, user=officer, raise_limit=Decimal("1"), vary_limit=Decimal("1")
        )


def test_settings_policy_changes_targets(world: Any, senior: Any) -> None:
    services.update_settings(actor=senior, priority_periods={"urgent": {"unit": "working_days", "count": 3}})
    raised = make_local(dt.datetime(2021, 7, 7, 19, 0))
    assert services.target_for("urgent", raised) == make_local(dt.datetime(2021, 7, 12, 19, 0))
    with pytest.raises(ValidationError):
        services.update_settings(
            actor=senior, priority_periods={"urgent": {"unit": "fortnights", "count": 1}}
        )


def test_extension_asked_for_then_granted_or_refused(
    world: Any, senior: Any, officer: Any, user_with_role: Any
) -> None:
    order = raise_simple(world, officer)
    new = order.due_at + dt.timedelta(days=4)
    with pytest.raises(ValidationError) as exc:
        services.request_extension(actor=officer, order=order, new_due_at=None, reason="")
    assert set(exc.value.message_dict) == {"new_due", "reason"}
    asked = services.request_extension(actor=officer, order=order, new_due_at=new, reason="Part on order")
    with pytest.raises(ValidationError, match="already waiting"):
        services.request_extension(actor=officer, order=order, new_due_at=new, reason="Again")
    with pytest.raises(PermissionDenied):
        services.decide_extension(actor=officer, change=asked, grant=True)
    order.refresh_from_db()
    assert order.due_at != new
    services.decide_extension(actor=senior, change=asked, grant=True)
    order.refresh_from_db()
    assert order.due_at == new and Clock.objects.get(pk=order.clock_id or 0).due_at == new
    refused = services.request_extension(
        actor=officer, order=order, new_due_at=new + dt.timedelta(days=1), reason="More"
    )
    refused = services.decide_extension(actor=senior, change=refused, grant=False)
    order.refresh_from_db()
    assert order.due_at == new and refused.status == "refused"


def test_recharge_is_recorded_against_the_tenancy(world: Any, senior: Any) -> None:
    order = raise_simple(world, senior)
    with pytest.raises(ValidationError) as exc:
        services.mark_rechargeable(actor=senior, order=order, amount=None, evidence="")
    assert set(exc.value.message_dict) == {"recharge_amount", "recharge_evidence"}
    services.mark_rechargeable(actor=senior, order=order, amount=Decimal("75.5"), evidence="Door kicked in")
    assert order.recharge_tenancy == world.tenancy and order.recharge_amount == Decimal("75.50")


def test_failed_inspection_is_there_for_invoice_checking(world: Any, senior: Any) -> None:
    order = raise_simple(world, senior)
    services.complete_order(actor=senior, order=order, completed_at=timezone.now(), first_time_fix=True)
    inspection = services.request_post_inspection(actor=senior, order=order)
    assert services.failed_inspection(order) is None
    services.record_post_inspection(
        actor=senior,
        inspection=inspection,
        result=services.InspectionResult("site", timezone.localdate(), "fail_not_done", "Not done"),
    )
    assert services.failed_inspection(order) == inspection
