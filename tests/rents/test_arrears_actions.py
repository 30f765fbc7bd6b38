"""Arrears actions: recording a letter, notice or court application moves the recommended next action
on; bad input records nothing and says why on the field; the list and the account show the last action."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.core import audit
from hearth.rents import selectors, services
from hearth.rents.models import ArrearsAction

D = dt.date
pytestmark = pytest.mark.django_db


def _owe_weeks(*mondays: dt.date) -> None:
    for monday in mondays:
        services.post_week(monday)


def _row(account: Any) -> Any:
    return next(a for a in selectors.with_stage(selectors.account_list()) if a.pk == account.pk)


def test_recording_an_action_moves_the_recommendation_on(make_account: Any, income: Any) -> None:
    account = make_account()
    _owe_weeks(D(2025, 9, 1), D(2025, 9, 8))  # two weeks owed: letter 1
    assert _row(account).stage.code == "letter_1"

    services.record_arrears_action(
        actor=income, account=account, stage="letter_1", taken_on=D(2025, 9, 15), note="Posted first class"
    )
    row = _row(account)
    assert row.stage is None  # wait: letter 2 not reached yet
    assert row.last_action == "Letter 1" and row.last_action_on == D(2025, 9, 15)
    assert audit.history_for(account).filter(action="arrears action recorded").count() == 1

    _owe_weeks(D(2025, 9, 15), D(2025, 9, 22))  # four weeks owed: letter 2
    assert _row(account).stage.code == "letter_2"

    services.record_arrears_action(
        actor=income, account=account, stage="letter_2", taken_on=D(2025, 9, 29), note=""
    )
    assert _row(account).stage is None


@pytest.mark.parametrize(
    ("stage", "taken_on", "field"),
    [
        ("letter_1", "tomorrow", "taken_on"),
        ("letter_9", D(2025, 9, 15), "stage"),
        ("letter_1", D(2025, 10, 1), "stage"),  # 16 days after the first letter 1
    ],
)
def test_bad_input_records_nothing(
    make_account: Any, income: Any, stage: str, taken_on: Any, field: str
) -> None:
    account = make_account()
    _owe_weeks(D(2025, 9, 1), D(2025, 9, 8))
    services.record_arrears_action(
        actor=income, account=account, stage="letter_1", taken_on=D(2025, 9, 15), note=""
    )
    if taken_on == "tomorrow":
        taken_on = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.record_arrears_action(actor=income, account=account, stage=stage, taken_on=taken_on, note="")
    assert list(exc.value.message_dict) == [field]
    assert ArrearsAction.objects.filter(account=account).count() == 1
    assert audit.history_for(account).filter(action="arrears action recorded").count() == 1


def test_same_stage_may_be_recorded_again_after_28_days(make_account: Any, income: Any) -> None:
    account = make_account()
    services.record_arrears_action(actor=income, account=account, stage="letter_1", taken_on=D(2025, 9, 1))
    services.record_arrears_action(actor=income, account=account, stage="letter_1", taken_on=D(2025, 9, 29))
    assert ArrearsAction.objects.filter(account=account).count() == 2


def test_list_shows_the_last_action_without_a_query_per_account(
    make_account: Any, income: Any, client_for: Any
) -> None:
    accounts = [make_account() for _ in range(3)]
    _owe_weeks(D(2025, 9, 1), D(2025, 9, 8))
    services.record_arrears_action(
        actor=income, account=accounts[0], stage="letter_1", taken_on=D(2025, 10, 3)
    )
    client = client_for(income)
    page = client.get("/rents/").content.decode()
    assert "Last action" in page and "Letter 1 on" in page and "3 Oct 2025" in page

    with CaptureQueriesContext(connection) as few:
        client.get("/rents/")
    for _ in range(4):
        account = make_account()
        services.record_arrears_action(
            actor=income, account=account, stage="letter_1", taken_on=D(2025, 10, 3)
        )
    with CaptureQueriesContext(connection) as more:
        client.get("/rents/")
    assert len(more) == len(few)


def test_the_page_records_an_action_and_shows_it_on_the_account(
    make_account: Any, income: Any, client_for: Any
) -> None:
    account = make_account()
    _owe_weeks(D(2025, 9, 1), D(2025, 9, 8))
    client = client_for(income)
    url = f"/rents/accounts/{account.pk}/arrears-action/"
    assert url in client.get(f"/rents/accounts/{account.pk}/").content.decode()
    form = client.get(url)
    assert form.status_code == 200 and "Send arrears letter 1" in form.content.decode()

    bad = client.post(url, {"stage": "", "taken_on_0": "3", "taken_on_1": "10", "taken_on_2": "2999"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Select the action that was taken." in body and "today or in the past" in body
    assert not ArrearsAction.objects.exists()

    ok = client.post(
        url,
        {"stage": "letter_1", "taken_on_0": "3", "taken_on_1": "10", "taken_on_2": "2025", "note": "By hand"},
    )
    assert ok.status_code == 302
    page = client.get(f"/rents/accounts/{account.pk}/").content.decode()
    assert "Letter 1 on 3 October 2025" in page

    again = client.post(
        url, {"stage": "letter_1", "taken_on_0": "10", "taken_on_1": "10", "taken_on_2": "2025"}
    )
    assert again.status_code == 400 and "within 28 days" in again.content.decode()
    assert ArrearsAction.objects.count() == 1


def test_viewers_cannot_record_an_action(make_account: Any, client_for: Any, db: Any) -> None:
    from roles import make_user

    account = make_account()
    viewer = make_user("viewer", None)
    response = client_for(viewer).post(
        f"/rents/accounts/{account.pk}/arrears-action/",
        {"stage": "letter_1", "taken_on_0": "3", "taken_on_1": "10", "taken_on_2": "2025"},
    )
    assert response.status_code in (302, 403)
    assert not ArrearsAction.objects.exists()


def test_the_api_recommends_what_the_account_page_does(make_account: Any, income: Any, senior: Any) -> None:
    from .test_api import call

    account = make_account()
    _owe_weeks(D(2025, 9, 1), D(2025, 9, 8))  # two weeks owed: letter 1
    path = f"/tenancies/{account.tenancy_id}/rent-account"
    status, before = call(senior, "GET", path)
    assert status == 200 and before["recommended_action"] == _row(account).stage.action
    services.record_arrears_action(actor=income, account=account, stage="letter_1", taken_on=D(2025, 9, 15))
    _, after = call(senior, "GET", path)
    assert after["recommended_action"] == ""  # wait: letter 2 not reached yet, as on the page
