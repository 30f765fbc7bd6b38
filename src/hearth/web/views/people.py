from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from hearth.core.permissions import capability_required
from hearth.people import selectors, services
from hearth.people.models import Alert, HouseholdMember, Person
from hearth.tenancies.selectors import tenancies_of_person
from hearth.web.actions import action_page
from hearth.web.forms import GovDateField, ReferenceField, SelectField, text_field
from hearth.web.pages import Filters, add_button, list_page, record_page
from hearth.web.views.common import add_record_view, change_record_view

BLANK = [("", "Any")]


class PersonForm(forms.Form):
    widths = {
        "title": "5",
        "first_name": "20",
        "middle_names": "20",
        "last_name": "20",
        "preferred_name": "20",
        "ni_number": "10",
        "email": "30",
        "phone": "20",
        "language": "20",
    }

    title = text_field("Title (optional)", max_length=20)
    first_name = text_field("First name", max_length=100)
    middle_names = text_field("Middle names (optional)", max_length=100)
    last_name = text_field("Last name", max_length=100)
    preferred_name = text_field("Preferred name (optional)", max_length=100)
    date_of_birth = GovDateField(label="Date of birth", required=False, help_text="For example, 27 3 1980")
    ni_number = text_field(
        "National Insurance number (optional)",
        max_length=20,
        help_text="It’s on the person’s National Insurance card, payslip or P60. For example, AB 12 34 56 C.",
    )
    email = text_field(
        "Email address (optional)",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = text_field("Phone number (optional)", max_length=30)
    address = text_field(
        "Correspondence address (optional)",
        max_length=300,
        help_text="Only if letters go somewhere other than their home.",
    )
    preferred_contact = forms.ChoiceField(
        label="Preferred contact method", choices=Person.ContactMethod.choices, widget=forms.RadioSelect
    )
    language = forms.CharField(label="Preferred language", max_length=60, initial="English")
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)


class AlertForm(forms.Form):
    widths = {"category": "20"}

    kind = forms.ChoiceField(
        label="Type",
        choices=Alert.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is a vulnerability or a cautionary alert."},
    )
    category = text_field(
        "Category",
        max_length=80,
        help_text="For example, Mobility, Hearing, Violent behaviour, Dog at property",
    )
    description = forms.CharField(label="Details (optional)", required=False, widget=forms.Textarea)
    start_date = GovDateField(label="Start date", required=False, help_text="Leave blank for today")
    end_date = GovDateField(label="End date (optional)", required=False)


def _person_columns() -> list:
    return [
        ("Reference", lambda p: p.reference),
        ("Title", lambda p: p.title),
        ("First name", lambda p: p.first_name),
        ("Last name", lambda p: p.last_name),
        ("Date of birth", lambda p: p.date_of_birth.isoformat() if p.date_of_birth else ""),
        ("Email", lambda p: p.email),
        ("Phone", lambda p: p.phone),
        ("Preferred contact", lambda p: p.get_preferred_contact_display()),
    ]


@capability_required("records.view")
def person_list(request: HttpRequest) -> HttpResponseBase:
    filters = Filters(request)
    qs = selectors.person_list(
        q=filters.text("q", "Name or reference"),
        contact=filters.choice("contact", "Preferred contact", Person.ContactMethod.choices),
    )
    return list_page(
        request,
        template="web/people/list.html",
        qs=qs,
        export_name="people",
        columns=_person_columns(),
        context={
            "filters": filters.shown,
            "add": add_button(request, "people.edit", "web:person_create", "Add a person"),
            "page_title": "People",
        },
    )


@capability_required("records.view")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    person = selectors.person_detail(person.pk)
    return record_page(
        request,
        "web/people/detail.html",
        person,
        title=person.full_name,
        caption=f"Person {person.reference}",
        alerts=selectors.visible_alerts(person, request.user),
        members=selectors.household_members(person),
        tenancies=tenancies_of_person(person.pk),
    )


person_create = add_record_view(
    "people.edit",
    form=PersonForm,
    initial=lambda request: {"preferred_contact": "letter", "language": "English"},
    title="Add a person",
    back="web:people",
    create=services.create_person,
    done=lambda person: f"{person.full_name} added as {person.reference}.",
    validate=services.validate_person,
)

person_edit = change_record_view(
    "people.edit",
    Person,
    form=PersonForm,
    fields=services.PERSON_FIELDS,
    title=lambda person: f"Change {person.full_name}",
    caption=lambda person: person.reference,
    save=lambda actor, person, answers: services.update_person(actor=actor, person=person, **answers),
    validate=services.validate_person,
)


def _person_action(
    capability: str,
    *,
    form: type[forms.Form],
    title: str,
    run: Callable[[Any, Person, dict[str, Any]], Any],
    done: str | Callable[[Any], str],
    button: str,
    intro: str = "",
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The view of a form page that acts on the person with the id in the path: reached from their
    page, and back to it; `run` calls the service with (the officer, the person, the answers)."""

    @capability_required(capability)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(Person, pk=pk)
        return action_page(
            request,
            form=form(request.POST or None),
            title=title,
            caption=person.full_name,
            back=person.get_absolute_url(),
            back_label="Cancel",
            intro=intro,
            button=button,
            run=lambda data: run(request.user, person, data),
            done=done,
        )

    return view


alert_create = _person_action(
    "people.edit_protected",
    form=AlertForm,
    title="Record an alert",
    intro="Alerts are protected: only officers whose role allows it can see them.",
    button="Save alert",
    run=lambda actor, person, data: services.add_alert(actor=actor, person=person, **data),
    done="Alert recorded.",
)


class MemberForm(forms.Form):
    widths = {"person": "10"}

    person = ReferenceField(
        Person,
        label="Person reference",
        help_text="The reference of the person joining, for example P0000123",
        noun="person",
        missing="Enter the reference of the person joining.",
    )
    relationship = SelectField(
        label="Relationship to the household",
        choices=[("", "Select a relationship"), *HouseholdMember.Relationship.choices[1:]],
        missing="Select the person's relationship to the household.",
    )


household_add_member = _person_action(
    "people.edit",
    form=MemberForm,
    title="Add a household member",
    button="Add member",
    run=lambda actor, person, data: services.add_to_household_of(
        actor=actor, person=person, member=data["person"], relationship=data["relationship"]
    ),
    done=lambda member: f"{member.person} added to the household.",
)
