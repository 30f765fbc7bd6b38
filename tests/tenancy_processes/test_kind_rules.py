"""The rules for each kind of agreement are data: an administrator changes them on a page, every
change is recorded with its history, and the processes follow them (links shown, services refusing)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from hearth.people import services as people

D = dt.date
pytestmark = pytest.mark.django_db


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_succession_and_joint_tenants_are_not_offered_on_a_garage_licence(
    senior: Any, make_account: Any, client_for: Any
) -> None:
    garage = make_account(kind="garage", charges=(("garage", "12.00", ""),))
    home = make_account(kind="secure")
    client = client_for(senior)
    garage_page = client.get(f"/rents/accounts/{garage.pk}/").content.decode()
    home_page = client.get(f"/rents/accounts/{home.pk}/").content.decode()
    for link in ("succession/", "joint/"):
        assert f"/rents/accounts/{home.pk}/{link}" in home_page
        assert f"/rents/accounts/{garage.pk}/{link}" not in garage_page
    assert f"/rents/accounts/{garage.pk}/terminate/" in garage_page
    licensee = garage.tenancy.parties.get().person
    partner = people.create_person(
        actor=senior, first_name="Lee", last_name="Okafor", date_of_birth=D(1985, 1, 1)
    )
    joint = client.post(
        f"/rents/accounts/{garage.pk}/joint/",
        {"change": "add", "person": partner.reference, **date_fields("on", D(2025, 9, 1))},
    )
    assert joint.status_code == 400 and "do not apply to a garage licence" in joint.content.decode()
    succession = client.post(
        f"/rents/accounts/{garage.pk}/succession/",
        {
            "deceased": licensee.reference,
            "successor": partner.reference,
            "relationship": "spouse",
            **date_fields("resided_since", D(2012, 1, 1)),
            **date_fields("date_of_death", D(2025, 9, 1)),
        },
    )
    assert (
        succession.status_code == 400 and "does not apply to a garage licence" in succession.content.decode()
    )
    assert [p.person_id for p in garage.tenancy.parties.all()] == [licensee.pk]


def rules_page(client: Any) -> tuple[str, str]:
    listing = client.get("/tenancies/").content.decode()
    found = re.search(r'href="([^"]+)">Rules for each kind of agreement<', listing)
    assert found, "the Agreements page has no link to the rules"
    return found.group(1), client.get(found.group(1)).content.decode()


def test_an_administrator_changes_the_rules_with_every_problem_shown_and_the_history_kept(
    senior: Any, admin_user: Any, make_agreement: Any, client_for: Any
) -> None:
    admin = client_for(admin_user)
    url, page = rules_page(admin)
    assert "Garage licence" in page and "one week" in page and "four weeks" in page
    assert "surrender or forfeiture" in page.lower()
    edit = re.search(
        r'href="([^"]+)">Change<span class="govuk-visually-hidden"> the rules for Garage licence', page
    )
    assert edit
    assert client_for(senior).get(url).status_code == 403
    assert client_for(senior).get(edit.group(1)).status_code == 403

    bad = admin.post(
        edit.group(1),
        {
            "notice_period": "x",
            "notice_unit": "weeks",
            "ends_by": "notice",
            "processes": ["succession"],
            "rent_side": "on",
            "letter": "licence",
        },
    )
    text = bad.content.decode()
    assert bad.status_code == 400 and "There is a problem" in text
    assert "Enter the notice period as a whole number" in text
    assert "Succession applies only to a secure, flexible or introductory tenancy" in text
    zero = admin.post(
        edit.group(1),
        {
            "notice_period": "0",
            "notice_unit": "weeks",
            "ends_by": "notice",
            "rent_side": "on",
            "letter": "licence",
        },
    )
    assert zero.status_code == 400 and "at least 1" in zero.content.decode()

    ok = admin.post(
        edit.group(1),
        {
            "notice_period": "2",
            "notice_unit": "weeks",
            "ends_by": "notice",
            "rent_side": "on",
            "letter": "licence",
        },
    )
    assert ok.status_code == 302
    after = admin.get(url).content.decode()
    assert "two weeks" in after
    history = admin.get(edit.group(1)).content.decode()
    assert "one week" in history and "two weeks" in history and "Admin Officer" in history

    # the garage licence now needs two weeks' notice
    licence = make_agreement(kind="garage")
    from hearth.tenancy_processes import termination

    with pytest.raises(Exception, match="at least two weeks"):
        termination.terminate(
            actor=senior,
            tenancy=licence,
            request=termination.TerminationRequest(
                notice_received=D(2025, 11, 1),
                end_date=D(2025, 11, 8),
                reason="tenant_notice",
                forwarding_address="1 New Street",
            ),
        )


def test_an_end_on_a_sunday_when_the_rules_say_so(admin_user: Any, senior: Any, make_account: Any) -> None:
    from hearth.tenancy_processes import agreement_rules, kind_rules, termination

    kind_rules.update_kind_rule(
        actor=admin_user,
        change=agreement_rules.KindRuleChange(
            kind="secure",
            notice_period=4,
            notice_unit="weeks",
            end_on_sunday=True,
            ends_by="notice",
            processes=["exchange", "succession", "joint_sole", "assignment"],
            rent_side=True,
            letter="tenancy",
        ),
    )
    account = make_account()
    with pytest.raises(Exception, match="must end on a Sunday"):
        termination.terminate(
            actor=senior,
            tenancy=account.tenancy,
            request=termination.TerminationRequest(
                notice_received=D(2025, 11, 1),
                end_date=D(2025, 12, 1),
                reason="tenant_notice",
                forwarding_address="1 New Street",
            ),
        )
    termination.terminate(
        actor=senior,
        tenancy=account.tenancy,
        request=termination.TerminationRequest(
            notice_received=D(2025, 11, 1),
            end_date=D(2025, 11, 30),
            reason="tenant_notice",
            forwarding_address="1 New Street",
        ),
    )
