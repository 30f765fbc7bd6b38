"""Processes reached from a rent account: the introductory review, succession, sole to joint and
joint to sole, assignment and a tenant's change of name. They share one page (`account_page`): the
process's form gives its words and what it parsed as the process's request, and the process gives
its check and its write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.http import HttpRequest, HttpResponse

from hearth.core.permissions import capability_required
from hearth.rents.views.common import account_or_404
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import assignment as assignments
from hearth.tenancy_processes import joint as joint_changes
from hearth.tenancy_processes import name_change as name_changes
from hearth.tenancy_processes import review as reviews
from hearth.tenancy_processes import succession as successions
from hearth.tenancy_processes.forms import (
    AccountProcessForm,
    AssignmentForm,
    JointForm,
    NameChangeForm,
    ReviewForm,
    SuccessionForm,
)
from hearth.tenancy_processes.views.common import process_page

Check = Callable[[Tenancy, Any], None]


def account_page(
    form_class: type[AccountProcessForm], check: Check, run: Callable[..., Any]
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The page of a process on the rent account `pk`: while a field has a problem it shows the
    process's own `check(tenancy, request)` on the rest too, else it carries the process out
    (`run(actor=, tenancy=, request=)`)."""

    @capability_required("tenancies.process")
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        account = account_or_404(pk)
        tenancy = account.tenancy
        form = form_class(request.POST or None, account=account)
        return process_page(
            request,
            form=form,
            check=lambda asked: check(tenancy, asked),
            run=lambda asked: run(actor=request.user, tenancy=tenancy, request=asked),
            done=lambda result: form.words.done(tenancy.reference, result),
            title=form.words.title,
            heading=form.heading(),
            button=form.words.button,
            caption=f"Rent account {account.reference}",
            back=account.get_absolute_url(),
        )

    return page


def _not_checked(tenancy: Tenancy, request: reviews.ReviewRequest) -> None:
    """A review whose outcome did not parse shows only that."""


def _check_name_change(tenancy: Tenancy, request: name_changes.NameChangeRequest) -> None:
    """The change of name's own checks on the rest of the page, whoever was chosen."""
    name_changes.check_name_change(replace(request, person=None))


def _change_name(*, actor: Any, tenancy: Tenancy, request: name_changes.NameChangeRequest) -> Any:
    """The change of name, made on each of the person's agreements (this account's among them)."""
    return name_changes.change_name(actor=actor, request=request)


introductory_review = account_page(ReviewForm, _not_checked, reviews.review)
succession = account_page(SuccessionForm, successions.check_succession, successions.succession)
joint_tenants = account_page(JointForm, joint_changes.check_joint_change, joint_changes.joint_change)
assignment = account_page(AssignmentForm, assignments.check_assignment, assignments.assignment)
name_change = account_page(NameChangeForm, _check_name_change, _change_name)
