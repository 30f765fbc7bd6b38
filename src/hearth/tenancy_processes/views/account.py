"""Processes reached from a rent account: the introductory review, succession, sole to joint and
joint to sole, assignment and a tenant's change of name. Each is a row (`AccountProcess`) of the one
page they share: the form, how what it parsed becomes the process's request, the process's check
and write, and the page's words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from hearth.core.permissions import capability_required
from hearth.people.models import Person
from hearth.rents.views.common import account_or_404
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import assignment as assignments
from hearth.tenancy_processes import joint as joint_changes
from hearth.tenancy_processes import name_change as name_changes
from hearth.tenancy_processes import review as reviews
from hearth.tenancy_processes import rules as tenancy_rules
from hearth.tenancy_processes import selectors as process_selectors
from hearth.tenancy_processes import succession as successions
from hearth.tenancy_processes.forms import (
    AccountProcessForm,
    AssignmentForm,
    JointForm,
    NameChangeForm,
    ReviewForm,
    SuccessionForm,
)
from hearth.tenancy_processes.models import TenancyProcess
from hearth.tenancy_processes.views.common import find_person, process_page


@dataclass(frozen=True)
class AccountProcess:
    """A process page reached from a rent account. `asked` makes the process's request from what the
    form parsed (a person nobody has goes on the form, or stops the page); while a field has a
    problem the page runs `check(tenancy, request)`, else `run(actor=, tenancy=, request=)`; `done`
    is the banner (given the agreement's reference and what `run` returned). `words` are the page's
    title, heading (the title when empty, or made from the agreement) and button."""

    form: type[AccountProcessForm]
    asked: Callable[[Any, dict[str, Any]], Any]
    check: Callable[[Tenancy, Any], None]
    run: Callable[..., Any]
    done: Callable[[str, Any], str]
    words: tuple[str, str | Callable[[Tenancy], str], str]


def account_page(process: AccountProcess) -> Callable[[HttpRequest, int], HttpResponse]:
    """The page of a process on the rent account `pk`, for an officer who may carry processes out."""
    title, heading, button = process.words

    @capability_required("tenancies.process")
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        account = account_or_404(pk)
        tenancy = account.tenancy
        form = process.form(request.POST or None, account=account)
        return process_page(
            request,
            form=form,
            asked=lambda data: process.asked(form, data),
            check=lambda asked: process.check(tenancy, asked),
            run=lambda asked: process.run(actor=request.user, tenancy=tenancy, request=asked),
            done=lambda result: process.done(tenancy.reference, result),
            title=title,
            heading=heading(tenancy) if callable(heading) else heading,
            button=button,
            caption=f"Rent account {account.reference}",
            back=account.get_absolute_url(),
        )

    return page


def _named(data: dict[str, Any], field: str) -> Person | None:
    """The person named in `field`; a reference nobody has stops the process at once."""
    person, problem = find_person(data, field)
    if problem:
        raise ValidationError({field: [problem]})
    return person


def _waits_or_done(what: str, waiting: str = "sent to a senior officer for approval.") -> Any:
    """The banner after a process that may wait for a senior officer's approval."""
    return lambda reference, done: (
        f"{what} {reference} {waiting}"
        if done.state == TenancyProcess.State.PENDING
        else f"{what} {reference} recorded; the letter is on the Files tab."
    )


def _review_heading(tenancy: Tenancy) -> str:
    ends = tenancy_rules.introductory_trial_ends(
        tenancy.start_date, process_selectors.trial_extended(tenancy)
    )
    return f"Review introductory tenancy {tenancy.reference} (trial ends {ends:%d %B %Y})"


def _review_asked(form: ReviewForm, data: dict[str, Any]) -> reviews.ReviewRequest:
    return reviews.ReviewRequest(outcome=data.get("outcome", ""), reason=data.get("reason", ""))


def _succession_asked(form: SuccessionForm, data: dict[str, Any]) -> successions.SuccessionRequest:
    people = {field: find_person(data, field) for field in ("deceased", "successor")}
    for field, (_, problem) in people.items():
        if problem and field not in form.errors:
            form.add_error(field, problem)
    return successions.SuccessionRequest(
        deceased=people["deceased"][0],
        successor=people["successor"][0],
        relationship=data.get("relationship", ""),
        resided_since=data.get("resided_since"),
        date_of_death=data.get("date_of_death"),
        discretionary=data.get("discretionary", False),
        reason=data.get("reason", ""),
    )


def _joint_asked(form: JointForm, data: dict[str, Any]) -> joint_changes.JointChangeRequest:
    death = data.get("change", "") == "death"  # a joint tenant leaving on their death: survivorship
    return joint_changes.JointChangeRequest(
        change="remove" if death else data.get("change", ""),
        person=_named(data, "person"),
        on=data.get("on"),
        reason=data.get("reason", ""),
        death=death,
    )


def _assignment_asked(form: AssignmentForm, data: dict[str, Any]) -> assignments.AssignmentRequest:
    return assignments.AssignmentRequest(
        assignee=_named(data, "assignee"),
        route=data.get("route", ""),
        relationship=data.get("relationship", ""),
        resided_since=data.get("resided_since"),
        on=data.get("on"),
    )


def _name_change_asked(form: NameChangeForm, data: dict[str, Any]) -> name_changes.NameChangeRequest:
    person = next((p for p in form.people if p.reference == data.get("person")), None)
    if person is None and "person" not in form.errors:
        form.add_error("person", "Select the tenant whose name has changed.")
    return name_changes.NameChangeRequest(
        person=person,
        title=data.get("title", ""),
        first_name=data.get("first_name", "x"),  # a name that did not parse already shows its problem
        middle_names=data.get("middle_names", ""),
        last_name=data.get("last_name", "x"),
        evidence=data.get("evidence", ""),
        note=data.get("note", ""),
    )


def _check_name_change(tenancy: Tenancy, request: name_changes.NameChangeRequest) -> None:
    """The change of name's own checks on the rest of the page, whoever was chosen."""
    name_changes.check_name_change(replace(request, person=None))


def _change_name(*, actor: Any, tenancy: Tenancy, request: name_changes.NameChangeRequest) -> Any:
    """The change of name, made on each of the person's agreements (this account's among them)."""
    return name_changes.change_name(actor=actor, request=request)


introductory_review = account_page(
    AccountProcess(
        form=ReviewForm,
        asked=_review_asked,
        check=lambda tenancy, request: None,
        run=reviews.review,
        done=_waits_or_done("Review of"),
        words=("Introductory tenancy review", _review_heading, "Record the review"),
    )
)
succession = account_page(
    AccountProcess(
        form=SuccessionForm,
        asked=_succession_asked,
        check=successions.check_succession,
        run=successions.succession,
        done=lambda reference, done: (
            f"Discretionary succession to {reference} sent to a senior officer."
            if done.state == TenancyProcess.State.PENDING
            else f"Succession to {reference} recorded; the letter is on the Files tab."
        ),
        words=("Succession", "Record a succession", "Record succession"),
    )
)
joint_tenants = account_page(
    AccountProcess(
        form=JointForm,
        asked=_joint_asked,
        check=joint_changes.check_joint_change,
        run=joint_changes.joint_change,
        done=lambda reference, done: f"Tenants of {reference} changed.",
        words=("Joint tenants", "Sole to joint or joint to sole", "Save"),
    )
)
assignment = account_page(
    AccountProcess(
        form=AssignmentForm,
        asked=_assignment_asked,
        check=assignments.check_assignment,
        run=assignments.assignment,
        done=lambda reference, done: f"Assignment of {reference} sent to a senior officer for approval.",
        words=("Assignment", "Assign the tenancy", "Assign"),
    )
)
name_change = account_page(
    AccountProcess(
        form=NameChangeForm,
        asked=_name_change_asked,
        check=_check_name_change,
        run=_change_name,
        done=lambda reference, done: "Name changed; the letter is on the Files tab.",
        words=("Change of name", "Record a tenant's change of name", "Change the name"),
    )
)
