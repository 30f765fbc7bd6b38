"""The rent account page names only the current tenants: not one who died (succession), left (joint
to sole) or gave the tenancy to another (assignment)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hearth.people import services as people

from .conftest import tenants_shown

D = dt.date
pytestmark = pytest.mark.django_db


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def person(senior: Any, first: str, last: str = "Adeyemi") -> Any:
    return people.create_person(actor=senior, first_name=first, last_name=last, date_of_birth=D(1980, 1, 1))


def test_after_a_succession_the_tenant_who_died_is_not_listed(
    senior: Any, make_account: Any, client_for: Any
) -> None:
    account = make_account(start=D(2010, 4, 5))
    deceased = account.tenancy.parties.get().person
    wife = person(senior, "Ada")
    client = client_for(senior)
    done = client.post(
        f"/rents/accounts/{account.pk}/succession/",
        {
            "deceased": deceased.reference,
            "successor": wife.reference,
            "relationship": "spouse",
            **date_fields("resided_since", D(2012, 1, 1)),
            **date_fields("date_of_death", D(2025, 9, 1)),
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    shown = tenants_shown(client.get(f"/rents/accounts/{account.pk}/").content.decode())
    assert shown == "Ada Adeyemi"


def test_after_joint_to_sole_the_tenant_who_left_is_not_listed(
    senior: Any, make_account: Any, client_for: Any
) -> None:
    account = make_account()
    first = account.tenancy.parties.get().person
    partner = person(senior, "Lee")
    client = client_for(senior)
    joined = client.post(
        f"/rents/accounts/{account.pk}/joint/",
        {"change": "add", "person": partner.reference, **date_fields("on", D(2024, 9, 1))},
    )
    assert joined.status_code == 302
    assert tenants_shown(client.get(f"/rents/accounts/{account.pk}/").content.decode()) == (
        f"{first.full_name}, Lee Adeyemi"
    )
    left = client.post(
        f"/rents/accounts/{account.pk}/joint/",
        {
            "change": "remove",
            "person": first.reference,
            **date_fields("on", D(2025, 9, 1)),
            "reason": "Moved",
        },
    )
    assert left.status_code == 302
    assert tenants_shown(client.get(f"/rents/accounts/{account.pk}/").content.decode()) == "Lee Adeyemi"


def test_after_an_assignment_the_assignor_is_not_listed(
    senior: Any, income: Any, make_account: Any, client_for: Any
) -> None:
    account = make_account(start=D(2015, 4, 6))
    assignee = person(senior, "Jo")
    asked = client_for(income).post(
        f"/rents/accounts/{account.pk}/assign/",
        {"route": "court_order", "assignee": assignee.reference, **date_fields("on", D(2025, 9, 1))},
    )
    assert asked.status_code == 302
    from hearth.tenancy_processes.models import TenancyProcess

    pending = TenancyProcess.objects.get(kind="assignment")
    approved = client_for(senior).post(f"/rents/processes/{pending.pk}/decide/", {"decision": "approve"})
    assert approved.status_code == 302
    shown = tenants_shown(client_for(senior).get(f"/rents/accounts/{account.pk}/").content.decode())
    assert shown == "Jo Adeyemi"


def test_an_ended_agreement_still_names_who_was_tenant_at_the_end(
    senior: Any, make_account: Any, client_for: Any
) -> None:
    account = make_account(start=D(2015, 4, 6), end=D(2020, 1, 5))
    tenant = account.tenancy.parties.get().person
    from hearth.tenancies.models import TenancyParty

    TenancyParty.objects.filter(tenancy=account.tenancy).update(end_date=D(2020, 1, 5))
    shown = tenants_shown(client_for(senior).get(f"/rents/accounts/{account.pk}/").content.decode())
    assert shown == tenant.full_name
