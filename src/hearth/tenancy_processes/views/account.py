"""Processes reached from a rent account: the introductory review, succession, sole to joint and
joint to sole, assignment and a tenant's change of name."""

from __future__ import annotations

from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from hearth.core.permissions import capability_required
from hearth.people.models import Person
from hearth.rents.models import RentAccount
from hearth.rents.views.common import account_or_404
from hearth.tenancy_processes import assignment as assignments
from hearth.tenancy_processes import joint as joint_changes
from hearth.tenancy_processes import name_change as name_changes
from hearth.tenancy_processes import review as reviews
from hearth.tenancy_processes import rules as tenancy_rules
from hearth.tenancy_processes import selectors as process_selectors
from hearth.tenancy_processes import succession as successions
from hearth.tenancy_processes.forms import (
    AssignmentForm,
    JointForm,
    NameChangeForm,
    ReviewForm,
    SuccessionForm,
)
from hearth.tenancy_processes.models import TenancyProcess
from hearth.tenancy_processes.views.common import find_person, process_page


class _Place(TypedDict):
    caption: str
    back: str


def _on_account(account: RentAccount) -> _Place:
    """Where a process page on a rent account says it is and where it goes back to."""
    return _Place(caption=f"Rent account {account.reference}", back=account.get_absolute_url())


def _sent_or_done(what: str, reference: str) -> Any:
    """The banner after a process that may wait for a senior officer's approval."""
    return lambda done: (
        f"{what} {reference} sent to a senior officer for approval."
        if done.state == TenancyProcess.State.PENDING
        else f"{what} {reference} recorded; the letter is on the Files tab."
    )


@capability_required("tenancies.process")
def introductory_review(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_or_404(pk)
    tenancy = account.tenancy
    ends = tenancy_rules.introductory_trial_ends(
        tenancy.start_date, process_selectors.trial_extended(tenancy)
    )
    return process_page(
        request,
        form=ReviewForm(request.POST or None),
        asked=lambda d: {"tenancy": tenancy, "outcome": d.get("outcome", ""), "reason": d.get("reason", "")},
        check=lambda a: None,
        run=lambda a: reviews.review(actor=request.user, **a),
        done=_sent_or_done("Review of", tenancy.reference),
        title="Introductory tenancy review",
        heading=f"Review introductory tenancy {tenancy.reference} (trial ends {ends:%d %B %Y})",
        button="Record the review",
        **_on_account(account),
    )


@capability_required("tenancies.process")
def succession(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_or_404(pk)
    form = SuccessionForm(request.POST or None)

    def asked(data: dict[str, Any]) -> dict[str, Any]:
        people = {field: find_person(data, field) for field in ("deceased", "successor")}
        for field, (_, problem) in people.items():
            if problem and field not in form.errors:
                form.add_error(field, problem)
        return {
            "tenancy": account.tenancy,
            "deceased": people["deceased"][0],
            "successor": people["successor"][0],
            "relationship": data.get("relationship", ""),
            "resided_since": data.get("resided_since"),
            "date_of_death": data.get("date_of_death"),
            "discretionary": data.get("discretionary", False),
            "reason": data.get("reason", ""),
        }

    reference = account.tenancy.reference
    return process_page(
        request,
        form=form,
        asked=asked,
        check=lambda a: successions.check_succession(**a),
        run=lambda a: successions.succession(actor=request.user, **a),
        done=lambda done: (
            f"Discretionary succession to {reference} sent to a senior officer."
            if done.state == TenancyProcess.State.PENDING
            else f"Succession to {reference} recorded; the letter is on the Files tab."
        ),
        title="Succession",
        heading="Record a succession",
        button="Record succession",
        **_on_account(account),
    )


def _named(data: dict[str, Any], field: str) -> Person | None:
    """The person named in `field`; a reference nobody has stops the process at once."""
    person, problem = find_person(data, field)
    if problem:
        raise ValidationError({field: [problem]})
    return person


@capability_required("tenancies.process")
def joint_tenants(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_or_404(pk)
    form = JointForm(request.POST or None)

    def asked(data: dict[str, Any]) -> dict[str, Any]:
        death = data.get("change", "") == "death"  # a joint tenant leaving on their death: survivorship
        return {
            "tenancy": account.tenancy,
            "change": "remove" if death else data.get("change", ""),
            "person": _named(data, "person"),
            "on": data.get("on"),
            "reason": data.get("reason", ""),
            "death": death,
        }

    def check(a: dict[str, Any]) -> None:
        joint_changes.check_joint_change(**{k: v for k, v in a.items() if k != "death"})

    return process_page(
        request,
        form=form,
        asked=asked,
        check=check,
        run=lambda a: joint_changes.joint_change(actor=request.user, **a),
        done=f"Tenants of {account.tenancy.reference} changed.",
        title="Joint tenants",
        heading="Sole to joint or joint to sole",
        button="Save",
        **_on_account(account),
    )


@capability_required("tenancies.process")
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_or_404(pk)
    form = AssignmentForm(request.POST or None)

    def asked(data: dict[str, Any]) -> dict[str, Any]:
        return {
            "tenancy": account.tenancy,
            "assignee": _named(data, "assignee"),
            "route": data.get("route", ""),
            "relationship": data.get("relationship", ""),
            "resided_since": data.get("resided_since"),
            "on": data.get("on"),
        }

    return process_page(
        request,
        form=form,
        asked=asked,
        check=lambda a: assignments.check_assignment(**a),
        run=lambda a: assignments.assignment(actor=request.user, **a),
        done=f"Assignment of {account.tenancy.reference} sent to a senior officer for approval.",
        title="Assignment",
        heading="Assign the tenancy",
        button="Assign",
        **_on_account(account),
    )


@capability_required("tenancies.process")
def name_change(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_or_404(pk)
    tenants = [p.person for p in account.tenancy.parties.all() if p.role == "tenant" and p.end_date is None]
    form = NameChangeForm(
        request.POST or None, people=[(p.reference, f"{p.full_name} ({p.reference})") for p in tenants]
    )

    def asked(data: dict[str, Any]) -> dict[str, Any]:
        person = next((p for p in tenants if p.reference == data.get("person")), None)
        if person is None and "person" not in form.errors:
            form.add_error("person", "Select the tenant whose name has changed.")
        return {
            "person": person,
            "title": data.get("title", ""),
            "first_name": data.get("first_name"),  # None where it did not parse
            "middle_names": data.get("middle_names", ""),
            "last_name": data.get("last_name"),
            "evidence": data.get("evidence", ""),
            "note": data.get("note", ""),
        }

    def check(a: dict[str, Any]) -> None:  # a name that did not parse already shows its problem
        name_changes.check_name_change(
            person=None,
            evidence=a["evidence"],
            note=a["note"],
            first_name="x" if a["first_name"] is None else a["first_name"],
            last_name="x" if a["last_name"] is None else a["last_name"],
        )

    return process_page(
        request,
        form=form,
        asked=asked,
        check=check,
        run=lambda a: name_changes.change_name(actor=request.user, **a),
        done="Name changed; the letter is on the Files tab.",
        title="Change of name",
        heading="Record a tenant's change of name",
        button="Change the name",
        **_on_account(account),
    )
