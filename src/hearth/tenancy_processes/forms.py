"""Forms for the tenancy process pages of this app: parsing only (a process's form also gives what it
parsed as the process's request, and a form of a process on a rent account the words of its page);
the services validate and decide."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.rents.forms import DecisionForm, OpenAccountForm, radios, text, text_area
from hearth.rents.models import RentAccount
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import selectors as process_selectors
from hearth.tenancy_processes.agreement_rules import OPTIONAL_PROCESSES
from hearth.tenancy_processes.assignment import AssignmentRequest
from hearth.tenancy_processes.exchange import ExchangeRequest
from hearth.tenancy_processes.joint import JointChangeRequest
from hearth.tenancy_processes.models import AgreementKindRule, TenancyProcess
from hearth.tenancy_processes.name_change import NameChangeRequest
from hearth.tenancy_processes.review import ReviewRequest
from hearth.tenancy_processes.rules import (
    ALL_RELATIONSHIPS,
    ASSIGNMENT_ROUTES,
    END_REASONS,
    NAME_EVIDENCE,
    REVIEW_OUTCOMES,
    SUCCESSION_RELATIONSHIPS,
    introductory_trial_ends,
)
from hearth.tenancy_processes.sign_up import SignUpRequest
from hearth.tenancy_processes.succession import SuccessionRequest
from hearth.tenancy_processes.termination import TerminationRequest
from hearth.web.forms import GovDateField


class KindRuleForm(forms.Form):
    notice_period = text("Notice period", 4, help_text="The least notice a tenant may give")
    notice_unit = radios("Notice in", AgreementKindRule.NoticeUnit.choices)
    end_on_sunday = forms.BooleanField(
        label="An agreement ended by notice must end on a Sunday, the last day of a rent week", required=False
    )
    ends_by = radios("How the agreement ends", AgreementKindRule.EndsBy.choices)
    processes = forms.MultipleChoiceField(
        label="Processes that apply",
        choices=list(OPTIONAL_PROCESSES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select processes from the list."},
    )
    rent_side = forms.BooleanField(
        label="Rent account steps apply: an account at sign-up; at the end, charges stop and days debited after "
        "the end are credited",
        required=False,
    )
    letter = forms.ChoiceField(
        label="Letter when the agreement ends", choices=AgreementKindRule.Letter.choices, required=False
    )


class ProcessForm(forms.Form):
    """The form of a tenancy process page: what it parsed, as the process's request (`asked`)."""

    def asked(self, data: dict[str, Any]) -> Any:
        """The process's request from what the form parsed; a record it names that nobody has goes on
        its field (or stops the page)."""
        raise NotImplementedError


def people_named(form: forms.Form, value: str, field: str) -> list[Person]:
    """The people whose references were typed in `field`, in order; a reference nobody has is put on
    the field (and no one is returned)."""
    refs = [r.upper() for r in re.split(r"[\s,;]+", value or "") if r]
    found = {p.reference: p for p in Person.objects.filter(reference__in=refs)}
    missing = [r for r in refs if r not in found]
    if missing:
        form.add_error(field, f"No person has the reference {', '.join(missing)}. Check the {field}.")
        return []
    return [found[r] for r in refs]


class SignUpForm(OpenAccountForm, ProcessForm):
    """A new agreement: the home, its tenants and occupants, and the weekly charges of its rent account."""

    field_order = ["property_ref", "kind", "start_date", "tenants", "occupants", "rent", "service", "water"]

    property_ref = text("Property reference", 12, help_text="For example, PR0001234")
    kind = forms.ChoiceField(
        label="Type of tenancy", choices=[("", "Select a type"), *Tenancy.Kind.choices], required=False
    )
    start_date = GovDateField(label="Start date")
    tenants = text("Tenants", 200, help_text="Person references, separated by commas. For example, P0000123")
    occupants = text("Other occupants (optional)", 400)
    id_checked = forms.BooleanField(label="I have seen each tenant's proof of identity", required=False)
    eligibility_checked = forms.BooleanField(
        label="I have checked each tenant's eligibility and immigration status", required=False
    )

    def asked(self, data: dict[str, Any]) -> SignUpRequest:
        ref = (data.get("property_ref") or "").strip().upper()
        prop = Property.objects.filter(reference=ref).first() if ref else None
        if not ref:
            self.add_error("property_ref", "Enter the property reference.")
        elif prop is None:
            self.add_error("property_ref", f"No property has the reference {ref}.")
        charges = [(k, data.get(k) or Decimal("0"), "") for k in ("rent", "service", "water")]
        return SignUpRequest(
            property=prop,
            kind=data.get("kind", ""),
            start_date=data.get("start_date"),
            tenants=people_named(self, data.get("tenants", ""), "tenants"),
            occupants=people_named(self, data.get("occupants", ""), "occupants"),
            charges=charges if data.get("rent") is not None else charges[1:],
            id_checked=data.get("id_checked", False),
            eligibility_checked=data.get("eligibility_checked", False),
        )


class TerminationForm(ProcessForm):
    end_reason = forms.ChoiceField(
        label="Reason",
        choices=[("", "Select a reason"), *END_REASONS.items()],
        required=False,
        error_messages={"invalid_choice": "Select why the agreement is ending."},
    )
    notice_received = GovDateField(label="Date the notice was received", required=False)
    end_date = GovDateField(label="Last day of the tenancy")
    forwarding_address = text_area("Forwarding address")

    def __init__(self, *args: Any, reasons: dict[str, str] | None = None, **kwargs: Any) -> None:
        """`reasons`: the ways the kind of agreement ends (by notice, or by surrender or forfeiture)."""
        super().__init__(*args, **kwargs)
        if reasons is not None:
            field = self.fields["end_reason"]
            if isinstance(field, forms.ChoiceField):
                field.choices = [("", "Select a reason"), *reasons.items()]

    def asked(self, data: dict[str, Any]) -> TerminationRequest:
        return TerminationRequest(
            notice_received=data.get("notice_received"),
            end_date=data.get("end_date"),
            reason=data.get("end_reason", ""),
            forwarding_address=data.get("forwarding_address", ""),
        )


@dataclass(frozen=True, kw_only=True)
class PageWords:
    """The words of a process page: its title, heading (the title when empty) and button, and the
    banner once the process is done (`{reference}`, the agreement's), or `waiting` when it waits for
    a senior officer's approval."""

    title: str
    heading: str = ""
    button: str
    banner: str
    waiting: str = ""

    def done(self, reference: str, result: Any) -> str:
        """The banner once the process has run (`result`, what it left)."""
        waits = self.waiting and getattr(result, "state", "") == TenancyProcess.State.PENDING
        return (self.waiting if waits else self.banner).format(reference=reference)


def find_person(data: dict[str, Any], field: str) -> tuple[Person | None, str]:
    """The person whose reference was typed in `field`, and the sentence to show when nobody has it."""
    ref = (data.get(field) or "").strip().upper()
    person = Person.objects.filter(reference=ref).first() if ref else None
    return person, f"No person has the reference {ref}." if ref and person is None else ""


def named(data: dict[str, Any], field: str) -> Person | None:
    """The person named in `field`; a reference nobody has stops the process at once."""
    person, problem = find_person(data, field)
    if problem:
        raise ValidationError({field: [problem]})
    return person


class AccountProcessForm(ProcessForm):
    """The form of a process reached from a rent account, made for that account, with the words of
    its page."""

    words: ClassVar[PageWords]

    def __init__(self, data: Any = None, *, account: RentAccount) -> None:
        super().__init__(data)
        self.account = account

    def heading(self) -> str:
        return self.words.heading or self.words.title


class ReviewForm(AccountProcessForm):
    words = PageWords(
        title="Introductory tenancy review",
        button="Record the review",
        banner="Review of {reference} recorded; the letter is on the Files tab.",
        waiting="Review of {reference} sent to a senior officer for approval.",
    )
    outcome = radios("Outcome", list(REVIEW_OUTCOMES.items()))
    reason = text_area("Reason (needed to extend or end)")

    def heading(self) -> str:
        tenancy = self.account.tenancy
        ends = introductory_trial_ends(tenancy.start_date, process_selectors.trial_extended(tenancy))
        return f"Review introductory tenancy {tenancy.reference} (trial ends {ends:%d %B %Y})"

    def asked(self, data: dict[str, Any]) -> ReviewRequest:
        return ReviewRequest(outcome=data.get("outcome", ""), reason=data.get("reason", ""))


MAX_EXCHANGE_PARTIES = 12


class ExchangeForm(ProcessForm):
    """Two or more tenancies in a ring: each party moves into the next party's home, the last into
    the first's. "Add another tenancy" posts the form back with one more party (no JavaScript)."""

    def __init__(self, *args: Any, parties: int = 2, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = max(2, min(parties, MAX_EXCHANGE_PARTIES))
        for n in range(1, self.parties + 1):
            moves = f"party {n + 1}" if n < self.parties else "party 1"
            self.fields[f"party_{n}"] = text(
                f"Tenancy reference of party {n}",
                12,
                help_text=f"This household moves into the home of {moves}. For example, T0000123",
            )
            self.fields[f"proceedings_{n}"] = forms.BooleanField(
                label=f"I have checked that the tenant of party {n} is not facing possession proceedings",
                required=False,
            )
        self.fields["exchange_date"] = GovDateField(label="Date of the exchange")

    def carry_over(self, data: Any) -> dict[str, Any]:
        """What was typed before "Add another tenancy", as the new form's initial values."""
        initial: dict[str, Any] = {}
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(data, {}, name)
            try:
                initial[name] = field.clean(value)
            except forms.ValidationError:
                initial[name] = None
        return initial

    def asked(self, data: dict[str, Any]) -> ExchangeRequest:
        chain: list[Tenancy | None] = []
        for n in range(1, self.parties + 1):
            field = f"party_{n}"
            ref = (data.get(field) or "").strip().upper()
            tenancy = Tenancy.objects.filter(reference=ref).first() if ref else None
            if ref and tenancy is None:
                self.add_error(field, f"No tenancy has the reference {ref}.")
            chain.append(tenancy)
        checked = [data.get(f"proceedings_{n}", False) for n in range(1, self.parties + 1)]
        return ExchangeRequest(
            tenancies=chain, exchange_date=data.get("exchange_date"), proceedings_checked=checked
        )


class SuccessionForm(AccountProcessForm):
    words = PageWords(
        title="Succession",
        heading="Record a succession",
        button="Record succession",
        banner="Succession to {reference} recorded; the letter is on the Files tab.",
        waiting="Discretionary succession to {reference} sent to a senior officer.",
    )
    deceased = text("Person reference of the tenant who died", 12)
    date_of_death = GovDateField(label="Date of death")
    successor = text("Person reference of the successor", 12)
    relationship = forms.ChoiceField(
        label="Relationship to the tenant",
        choices=[("", "Select"), *ALL_RELATIONSHIPS.items()],
        required=False,
    )
    resided_since = GovDateField(label="Living at the home since")
    discretionary = forms.BooleanField(
        label="Ask for a discretionary succession (outside the statutory rules; a senior officer decides)",
        required=False,
    )
    reason = text_area("Reason (needed for a discretionary succession)")

    def asked(self, data: dict[str, Any]) -> SuccessionRequest:
        people = {field: find_person(data, field) for field in ("deceased", "successor")}
        for field, (_, problem) in people.items():
            if problem and field not in self.errors:
                self.add_error(field, problem)
        return SuccessionRequest(
            deceased=people["deceased"][0],
            successor=people["successor"][0],
            relationship=data.get("relationship", ""),
            resided_since=data.get("resided_since"),
            date_of_death=data.get("date_of_death"),
            discretionary=data.get("discretionary", False),
            reason=data.get("reason", ""),
        )


class JointForm(AccountProcessForm):
    words = PageWords(
        title="Joint tenants",
        heading="Sole to joint or joint to sole",
        button="Save",
        banner="Tenants of {reference} changed.",
    )
    change = radios(
        "Change",
        [
            ("add", "Sole to joint: a tenant joins"),
            ("remove", "Joint to sole: a joint tenant leaves"),
            ("death", "Joint to sole: a joint tenant has died (this counts as the one succession)"),
        ],
    )
    person = text("Person reference", 12, help_text="For example, P0000123")
    on = GovDateField(label="Date of the change")
    reason = text("Reason (optional)", 200)

    def asked(self, data: dict[str, Any]) -> JointChangeRequest:
        death = data.get("change", "") == "death"  # a joint tenant leaving on their death: survivorship
        return JointChangeRequest(
            change="remove" if death else data.get("change", ""),
            person=named(data, "person"),
            on=data.get("on"),
            reason=data.get("reason", ""),
            death=death,
        )


class AssignmentForm(AccountProcessForm):
    words = PageWords(
        title="Assignment",
        heading="Assign the tenancy",
        button="Assign",
        banner="Assignment of {reference} sent to a senior officer for approval.",
    )
    route = radios("Assignment", list(ASSIGNMENT_ROUTES.items()))
    assignee = text("Person reference of the new tenant", 12)
    on = GovDateField(label="Date of the assignment")
    relationship = forms.ChoiceField(
        label="Relationship to the tenant (if they would have succeeded)",
        choices=[("", "Select"), *SUCCESSION_RELATIONSHIPS.items()],
        required=False,
    )
    resided_since = GovDateField(
        label="Living at the home since (if they would have succeeded)", required=False
    )

    def asked(self, data: dict[str, Any]) -> AssignmentRequest:
        return AssignmentRequest(
            assignee=named(data, "assignee"),
            route=data.get("route", ""),
            relationship=data.get("relationship", ""),
            resided_since=data.get("resided_since"),
            on=data.get("on"),
        )


class NameChangeForm(AccountProcessForm):
    """A change of name of one of the account's tenants (`people`, offered by name and reference)."""

    words = PageWords(
        title="Change of name",
        heading="Record a tenant's change of name",
        button="Change the name",
        banner="Name changed; the letter is on the Files tab.",
    )

    def __init__(self, data: Any = None, *, account: RentAccount) -> None:
        super().__init__(data, account=account)
        parties = account.tenancy.parties.all()
        self.people = [p.person for p in parties if p.role == "tenant" and p.end_date is None]
        field = self.fields["person"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(p.reference, f"{p.full_name} ({p.reference})") for p in self.people]

    person = radios("Whose name has changed")
    title = text("New title (optional)", 20)
    first_name = text("New first name", 100)
    middle_names = text("New middle names (optional)", 100)
    last_name = text("New last name", 100)
    evidence = radios("Evidence of the change you have seen", list(NAME_EVIDENCE.items()))
    note = text("Describe the evidence (needed for other evidence)", 200)

    def asked(self, data: dict[str, Any]) -> NameChangeRequest:
        person = next((p for p in self.people if p.reference == data.get("person")), None)
        if person is None and "person" not in self.errors:
            self.add_error("person", "Select the tenant whose name has changed.")
        return NameChangeRequest(
            person=person,
            title=data.get("title", ""),
            first_name=data.get("first_name", "x"),  # a name that did not parse already shows its problem
            middle_names=data.get("middle_names", ""),
            last_name=data.get("last_name", "x"),
            evidence=data.get("evidence", ""),
            note=data.get("note", ""),
        )


class ProcessDecisionForm(DecisionForm):
    choices = (("approve", "Approve and carry out"), ("refuse", "Refuse"))
    note_label = "Note (needed to refuse)"
    missing = "Select whether to approve or refuse."
