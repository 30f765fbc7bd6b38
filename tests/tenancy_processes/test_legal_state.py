"""The legal state of a tenancy (the one succession used, the trial extended, possession sought) is
read from the process records, not from the wording of the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hearth.core.models import AuditEvent
from hearth.people import services as people

D = dt.date
pytestmark = pytest.mark.django_db


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def succeed(client: Any, account: Any, deceased: Any, successor: Any, died: dt.date) -> Any:
    return client.post(
        f"/rents/accounts/{account.pk}/succession/",
        {
            "deceased": deceased.reference,
            "successor": successor.reference,
            "relationship": "spouse",
            **date_fields("resided_since", D(2012, 1, 1)),
            **date_fields("date_of_death", died),
        },
    )


@pytest.mark.parametrize("tamper", ["rename", "remove"])
def test_the_audit_line_does_not_decide_who_may_succeed(
    tamper: str, senior: Any, make_account: Any, client_for: Any
) -> None:
    account = make_account(start=D(2010, 4, 5))
    first = account.tenancy.parties.get().person
    wife = people.create_person(
        actor=senior, first_name="Ada", last_name="Okafor", date_of_birth=D(1980, 1, 1)
    )
    partner = people.create_person(
        actor=senior, first_name="Lee", last_name="Bello", date_of_birth=D(1982, 1, 1)
    )
    client = client_for(senior)
    assert succeed(client, account, first, wife, D(2025, 9, 1)).status_code == 302
    lines = AuditEvent.objects.filter(action="succession")
    assert lines.exists()
    if tamper == "rename":
        lines.update(action="successor recorded")
    else:
        lines.delete()
    again = succeed(client, account, wife, partner, D(2025, 10, 1))
    assert again.status_code == 400 and "only one" in again.content.decode()


def test_the_audit_line_does_not_decide_whether_the_trial_was_extended(
    senior: Any, senior2: Any, income: Any, estate: Any
) -> None:
    from django.core.exceptions import ValidationError

    from hearth.properties import services as properties
    from hearth.tenancy_processes import approvals, review, sign_up

    home = properties.create_property(
        actor=senior,
        estate=estate,
        address_line_1="9 Elm Walk",
        town="Hearthton",
        postcode="HT1 5BB",
        kind="flat",
        bedrooms=1,
        ownership="council",
        status="void",
    )
    tenant = people.create_person(
        actor=senior, first_name="Ola", last_name="Ade", date_of_birth=D(1990, 1, 1)
    )
    signed = sign_up.sign_up(
        actor=senior,
        request=sign_up.SignUpRequest(
            property=home,
            kind="introductory",
            start_date=D(2025, 1, 6),
            tenants=[tenant],
            charges=[("rent", "95.50", "")],
            id_checked=True,
            eligibility_checked=True,
        ),
    )
    asked = review.review(
        actor=income,
        tenancy=signed.tenancy,
        request=review.ReviewRequest(outcome="extend", reason="Arrears", today=D(2025, 11, 1)),
    )
    approvals.decide(actor=senior2, process=asked, approve=True)
    AuditEvent.objects.filter(action="introductory trial extended").delete()
    with pytest.raises(ValidationError, match="already been extended"):
        review.review(
            actor=income,
            tenancy=signed.tenancy,
            request=review.ReviewRequest(outcome="extend", reason="Again", today=D(2025, 11, 2)),
        )
