"""Officer forms for the register and lettings. Parsing only: the rules are in the services."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.lettings.models import Application, ApplicationMember, Council, Cycle, ReviewRequest
from hearth.lettings.services import MemberInput
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.tenancies.models import Tenancy
from hearth.web.forms import GovDateField

MEMBER_LINE = re.compile(r"^\s*([A-Za-z]+\d+)\s*[,;]\s*(partner|child|other)\s*[,;]\s*([FMfm])\s*$")


def person_by_reference(value: str, label: str) -> Person:
    ref = (value or "").strip().upper()
    if not ref:
        raise ValidationError(f"Enter the {label}'s person reference.")
    person = Person.objects.filter(reference=ref).first()
    if person is None:
        raise ValidationError(f"No person has the reference {ref}.")
    return person


class ApplicationForm(forms.Form):
    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.none(),
        empty_label="Select a council",
        required=False,
        error_messages={"invalid_choice": "Select the council the applicant is applying to."},
    )
    applicant = forms.CharField(
        label="Applicant's person reference",
        max_length=12,
        required=False,
        help_text="Add the person first if they are new. For example, P0000123",
    )
    channel = forms.ChoiceField(
        label="How was the application taken?",
        choices=Application.Channel.choices,
        widget=forms.RadioSelect,
        initial="phone",
    )
    registration_date = GovDateField(
        label="Registration date", required=False, help_text="Leave blank for today"
    )
    current_housing = forms.ChoiceField(
        label="Current housing",
        choices=[("", "Select current housing"), *Application.Housing.choices],
        required=False,
    )
    current_address = forms.CharField(label="Current address (optional)", max_length=300, required=False)
    members = forms.CharField(
        label="Household members (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="One a line: person reference, partner/child/other, F or M. For example, P0000124, child, F",
    )
    medical_needs = forms.CharField(label="Medical needs (optional)", required=False, widget=forms.Textarea)
    welfare_needs = forms.CharField(label="Welfare needs (optional)", required=False, widget=forms.Textarea)
    needs_adapted = forms.BooleanField(label="Needs an adapted home", required=False)
    housing_need = forms.BooleanField(label="Has a housing need", required=False, initial=True)
    local_connections = forms.CharField(
        label="Local connection areas (optional)",
        required=False,
        max_length=300,
        help_text="Separated by commas. For example, Wychavon, Malvern",
    )
    residence_years = forms.IntegerField(
        label="Years living in the area",
        required=False,
        min_value=0,
        max_value=120,
        initial=0,
        error_messages={"invalid": "Enter a whole number of years."},
    )
    work_months = forms.IntegerField(
        label="Months working in the area",
        required=False,
        min_value=0,
        max_value=1200,
        initial=0,
        error_messages={"invalid": "Enter a whole number of months."},
    )
    family_years = forms.IntegerField(
        label="Years immediate family has lived in the area",
        required=False,
        min_value=0,
        max_value=120,
        initial=0,
        error_messages={"invalid": "Enter a whole number of years."},
    )
    domestic_abuse = forms.BooleanField(label="Victim of domestic abuse", required=False)
    care_leaver = forms.BooleanField(label="Care leaver under 25", required=False)
    armed_forces = forms.BooleanField(label="Member or former member of the armed forces", required=False)

    def __init__(self, *args: Any, councils: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils if councils is not None else Council.objects.all()  # type: ignore[attr-defined]

    def clean_council(self) -> Council:
        council = self.cleaned_data["council"]
        if council is None:
            raise ValidationError("Select the council the applicant is applying to.")
        return council

    def clean_applicant(self) -> Person:
        return person_by_reference(self.cleaned_data["applicant"], "applicant")

    def clean_registration_date(self) -> dt.date:
        return self.cleaned_data["registration_date"] or timezone.localdate()

    def clean_current_housing(self) -> str:
        if not self.cleaned_data["current_housing"]:
            raise ValidationError("Select the applicant's current housing.")
        return str(self.cleaned_data["current_housing"])

    def clean_members(self) -> list[MemberInput]:
        out = []
        for n, line in enumerate((self.cleaned_data["members"] or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = MEMBER_LINE.match(line)
            if not match:
                raise ValidationError(
                    f"Line {n}: write the person reference, partner/child/other and F or M, like P0000124, child, F."
                )
            person = person_by_reference(match.group(1), "household member")
            out.append(MemberInput(person, match.group(2).lower(), match.group(3).upper()))
        return out

    def clean_local_connections(self) -> list[str]:
        return [a.strip() for a in (self.cleaned_data["local_connections"] or "").split(",") if a.strip()]

    def service_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["exemptions"] = [e for e in ("domestic_abuse", "care_leaver", "armed_forces") if d.pop(e, False)]
        for name in ("residence_years", "work_months", "family_years"):
            d[name] = d.get(name) or 0
        return d


class QualificationForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text="Anything the decision letter should add to the scheme's reasons",
    )


class BandForm(forms.Form):
    band = forms.ChoiceField(
        label="Band", widget=forms.RadioSelect, error_messages={"required": "Select a band."}
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea,
        help_text="For example, Overcrowded by two bedrooms; medical need assessed as high",
    )
    decided_on = GovDateField(label="Date of the decision", required=False, help_text="Leave blank for today")

    def __init__(self, *args: Any, bands: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = bands or []  # type: ignore[attr-defined]

    def clean_decided_on(self) -> dt.date:
        return self.cleaned_data["decided_on"] or timezone.localdate()


class BedroomForm(forms.Form):
    bedrooms = forms.IntegerField(
        label="Bedrooms needed",
        required=False,
        min_value=0,
        max_value=10,
        help_text="Leave blank to go back to the size criteria",
        error_messages={"invalid": "Enter a number of bedrooms from 0 to 10."},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=300,
        help_text="For example, Overnight carer; medical need for a separate room",
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Change the application to",
        choices=[("suspended", "Suspended"), ("cancelled", "Cancelled"), ("live", "Live (reinstate)")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select suspend, cancel or reinstate."},
    )
    reason = forms.CharField(label="Reason", required=False, max_length=300)
    until = GovDateField(label="Suspended until (optional)", required=False)


class BidForm(forms.Form):
    advert = forms.CharField(
        label="Advert reference", max_length=12, required=False, help_text="For example, AD000123"
    )

    def clean_advert(self) -> Any:
        from hearth.lettings.models import Advert

        ref = (self.cleaned_data["advert"] or "").strip().upper()
        if not ref:
            raise ValidationError("Enter the advert reference.")
        advert = Advert.objects.filter(reference=ref).first()
        if advert is None:
            raise ValidationError(f"No advert has the reference {ref}.")
        return advert


def _time(value: str, label: str) -> dt.time:
    text = (value or "").strip()
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError(f"Enter the {label} as a 24-hour time, like 23:59.")
    return dt.time(int(match.group(1)), int(match.group(2)))


class CycleForm(forms.Form):
    opens_on = GovDateField(label="Bidding opens on")
    opens_time = forms.CharField(
        label="Opens at", max_length=5, required=False, initial="00:01", help_text="24-hour time, like 00:01"
    )
    closes_on = GovDateField(label="Bidding closes on")
    closes_time = forms.CharField(
        label="Closes at", max_length=5, required=False, initial="23:59", help_text="24-hour time, like 23:59"
    )

    def clean_opens_time(self) -> dt.time:
        return _time(self.cleaned_data["opens_time"], "opening time")

    def clean_closes_time(self) -> dt.time:
        return _time(self.cleaned_data["closes_time"], "closing time")

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        d = self.cleaned_data
        tz = timezone.get_current_timezone()
        return (
            dt.datetime.combine(d["opens_on"], d["opens_time"], tzinfo=tz),
            dt.datetime.combine(d["closes_on"], d["closes_time"], tzinfo=tz),
        )


class AdvertForm(forms.Form):
    cycle = forms.ModelChoiceField(
        label="Cycle", queryset=Cycle.objects.none(), empty_label="Select a cycle", required=False
    )
    property_ref = forms.CharField(
        label="Property reference", max_length=12, required=False, help_text="For example, PR0001234"
    )
    landlord = forms.ModelChoiceField(
        label="Landlord", queryset=Council.objects.none(), empty_label="Select the landlord", required=False
    )
    bedrooms = forms.IntegerField(
        label="Bedrooms (optional)",
        required=False,
        min_value=0,
        max_value=10,
        help_text="Leave blank to use the property's bedrooms",
        error_messages={"invalid": "Enter a number of bedrooms from 0 to 10."},
    )
    min_age = forms.IntegerField(
        label="Minimum age (optional)",
        required=False,
        error_messages={"invalid": "Enter a minimum age from 16 to 100, or leave it blank."},
    )
    local_connection = forms.CharField(
        label="Local connection area (optional)", max_length=80, required=False
    )
    adapted_only = forms.BooleanField(label="Only for households needing an adapted home", required=False)
    preferred_band = forms.CharField(
        label="Band quota (optional)",
        max_length=20,
        required=False,
        help_text="A band whose bidders are offered this home first. For example, D",
    )
    weekly_rent = forms.DecimalField(
        label="Weekly rent (optional)",
        required=False,
        max_digits=8,
        decimal_places=2,
        error_messages={"invalid": "Enter the weekly rent in pounds, like 98.50."},
    )
    description = forms.CharField(label="Description (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, councils: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.filter(status=Cycle.Status.OPEN)  # type: ignore[attr-defined]
        self.fields["landlord"].queryset = councils if councils is not None else Council.objects.all()  # type: ignore[attr-defined]

    def clean_cycle(self) -> Cycle:
        if self.cleaned_data["cycle"] is None:
            raise ValidationError("Select the cycle.")
        return self.cleaned_data["cycle"]

    def clean_landlord(self) -> Council:
        if self.cleaned_data["landlord"] is None:
            raise ValidationError("Select the landlord.")
        return self.cleaned_data["landlord"]

    def clean_property_ref(self) -> Property:
        ref = (self.cleaned_data["property_ref"] or "").strip().upper()
        if not ref:
            raise ValidationError("Enter the property reference.")
        prop = Property.objects.filter(reference=ref).first()
        if prop is None:
            raise ValidationError(f"No property has the reference {ref}.")
        return prop


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", required=False, max_length=300)


class OfferForm(forms.Form):
    viewing_on = GovDateField(label="Viewing date (optional)", required=False)
    viewing_time = forms.CharField(
        label="Viewing time (optional)", max_length=5, required=False, help_text="24-hour time, like 14:30"
    )

    def clean_viewing_time(self) -> dt.time | None:
        value = self.cleaned_data["viewing_time"]
        return _time(value, "viewing time") if (value or "").strip() else None

    def viewing_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("viewing_on")
        if day is None:
            return None
        at = self.cleaned_data.get("viewing_time") or dt.time(10, 0)
        return dt.datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


class AcceptForm(forms.Form):
    start_date = GovDateField(label="Tenancy start date")
    kind = forms.ChoiceField(
        label="Type of tenancy",
        choices=[
            (k, label) for k, label in Tenancy.Kind.choices if k in ("introductory", "secure", "flexible")
        ],
        widget=forms.RadioSelect,
        initial="introductory",
        error_messages={"required": "Select the type of tenancy."},
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(label="Applicant's reason for refusing", required=False, max_length=300)
    unreasonable = forms.BooleanField(
        label="The offer was suitable and the refusal is unreasonable", required=False
    )


MEMBER_SEXES = ApplicationMember.Sex.choices


def _bands_text(bands: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{b['code']} | {b.get('name') or b['code']} | {b.get('time_limit_months') or ''}" for b in bands
    )


class SchemeForm(forms.Form):
    effective_from = GovDateField(label="In force from")
    bands = forms.CharField(
        label="Bands, highest priority first",
        widget=forms.Textarea,
        required=False,
        help_text="One a line: code | name | time limit in months (blank for none). For example, A | Priority | 3",
    )
    bid_limit = forms.IntegerField(
        label="Bids per applicant per cycle",
        min_value=1,
        max_value=20,
        error_messages={"invalid": "Enter a whole number.", "required": "Enter the bid limit."},
    )
    minimum_age = forms.IntegerField(
        label="Minimum age to join the register",
        min_value=16,
        max_value=100,
        error_messages={"invalid": "Enter a whole number."},
    )
    residence_years = forms.IntegerField(
        label="Local connection: years living in the area",
        min_value=0,
        max_value=50,
        error_messages={"invalid": "Enter a whole number."},
    )
    work_months = forms.IntegerField(
        label="Local connection: months working in the area",
        min_value=0,
        max_value=600,
        error_messages={"invalid": "Enter a whole number."},
    )
    family_years = forms.IntegerField(
        label="Local connection: years immediate family has lived in the area",
        min_value=0,
        max_value=50,
        error_messages={"invalid": "Enter a whole number."},
    )
    domestic_abuse = forms.BooleanField(
        label="Victims of domestic abuse need no local connection", required=False
    )
    care_leaver = forms.BooleanField(label="Care leavers under 25 need no local connection", required=False)
    armed_forces = forms.BooleanField(
        label="The armed forces and veterans need no local connection", required=False
    )
    refusal_limit = forms.IntegerField(
        label="Unreasonable refusals before a penalty (0 for none)",
        min_value=0,
        max_value=10,
        error_messages={"invalid": "Enter a whole number."},
    )
    refusal_suspension_months = forms.IntegerField(
        label="Suspension after that many refusals (months)",
        min_value=0,
        max_value=60,
        error_messages={"invalid": "Enter a whole number."},
    )
    auto_bid_top_band_after_days = forms.IntegerField(
        label="Bid automatically for the top band after (days, optional)",
        required=False,
        min_value=1,
        max_value=365,
        error_messages={"invalid": "Enter a whole number of days."},
    )

    @staticmethod
    def initial_from(policy: Any) -> dict[str, Any]:
        initial = {
            name: getattr(policy, name)
            for name in (
                "bid_limit",
                "minimum_age",
                "residence_years",
                "work_months",
                "family_years",
                "refusal_limit",
                "refusal_suspension_months",
                "auto_bid_top_band_after_days",
            )
        }
        initial["bands"] = _bands_text(policy.bands)
        for code in ("domestic_abuse", "care_leaver", "armed_forces"):
            initial[code] = code in policy.exemptions
        return initial

    def clean_bands(self) -> list[dict[str, Any]]:
        out = []
        for n, line in enumerate((self.cleaned_data["bands"] or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) > 3 or not parts[0]:
                raise ValidationError(
                    f"Line {n}: write the code, the name and the time limit, like A | Priority | 3."
                )
            months = parts[2] if len(parts) == 3 else ""
            if months and not months.isdigit():
                raise ValidationError(f"Line {n}: the time limit must be a whole number of months, or blank.")
            out.append(
                {
                    "code": parts[0],
                    "name": parts[1] if len(parts) > 1 and parts[1] else parts[0],
                    "time_limit_months": int(months) if months else None,
                }
            )
        if not out:
            raise ValidationError("List at least one band, highest priority first.")
        return out

    def service_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["exemptions"] = [e for e in ("domestic_abuse", "care_leaver", "armed_forces") if d.pop(e, False)]
        return d


class PartnerForm(forms.Form):
    code = forms.CharField(label="Code", max_length=12, required=False, help_text="For example, WYC")
    name = forms.CharField(label="Name", max_length=120, required=False)
    kind = forms.ChoiceField(
        label="Type",
        choices=Council.Kind.choices,
        widget=forms.RadioSelect,
        initial="council",
        error_messages={"required": "Select the type of partner."},
    )
    area = forms.CharField(label="Local connection area (optional)", max_length=80, required=False)


class OfficerForm(forms.Form):
    username = forms.CharField(label="Officer's username", max_length=150, required=False)
    council = forms.ModelChoiceField(
        label="Partner", queryset=Council.objects.all(), empty_label="Select a partner", required=False
    )

    def clean_username(self) -> Any:
        from django.contrib.auth import get_user_model

        name = (self.cleaned_data["username"] or "").strip()
        if not name:
            raise ValidationError("Enter the officer's username.")
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise ValidationError(f"No user has the username {name}.")
        return user

    def clean_council(self) -> Council:
        if self.cleaned_data["council"] is None:
            raise ValidationError("Select the partner the officer works for.")
        return self.cleaned_data["council"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision to be reviewed",
        choices=ReviewRequest.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision to be reviewed."},
    )
    grounds = forms.CharField(label="The applicant's grounds", required=False, widget=forms.Textarea)


class ReviewDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("upheld", "Decision upheld"), ("changed", "Decision changed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the decision is upheld or changed."},
    )
    reason = forms.CharField(label="Reasons", required=False, widget=forms.Textarea)


class CircumstancesForm(ApplicationForm):
    """A change of circumstances: the same facts as registration, without council, applicant and dates."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("council", "applicant", "channel", "registration_date"):
            del self.fields[name]

    @staticmethod
    def initial_from(app: Application) -> dict[str, Any]:
        members = "\n".join(
            f"{m.person.reference}, {m.relationship}, {m.sex}" for m in app.members.select_related("person")
        )
        initial: dict[str, Any] = {
            name: getattr(app, name)
            for name in (
                "current_housing",
                "current_address",
                "medical_needs",
                "welfare_needs",
                "needs_adapted",
                "housing_need",
                "residence_years",
                "work_months",
                "family_years",
            )
        }
        initial["members"] = members
        initial["local_connections"] = ", ".join(app.local_connections)
        for code in ("domestic_abuse", "care_leaver", "armed_forces"):
            initial[code] = code in app.exemptions
        return initial


HOUSEHOLD_LINE = re.compile(
    r"^\s*([^,]+?)\s*,\s*([^,]+?)\s*,\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*,\s*(partner|child|other)\s*,\s*([FMfm])\s*$"
)


class OnlineApplicationForm(forms.Form):
    """The applicant's own application form on the portal."""

    council = forms.ModelChoiceField(
        label="Which council are you applying to?",
        queryset=Council.objects.filter(kind="council"),
        empty_label="Select a council",
        required=False,
    )
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = GovDateField(label="Date of birth", required=False, help_text="For example, 27 3 1990")
    email = forms.CharField(
        label="Email address",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(label="Phone number (optional)", max_length=30, required=False)
    current_housing = forms.ChoiceField(
        label="Where do you live now?", choices=[("", "Select"), *Application.Housing.choices], required=False
    )
    current_address = forms.CharField(label="Your current address", max_length=300, required=False)
    household = forms.CharField(
        label="Who would live with you? (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="One person a line: first name, last name, date of birth, partner/child/other, F or M. "
        "For example, Sam, Okafor, 14/02/2014, child, M",
    )
    medical_needs = forms.CharField(label="Medical needs (optional)", required=False, widget=forms.Textarea)
    welfare_needs = forms.CharField(
        label="Other needs or support (optional)", required=False, widget=forms.Textarea
    )
    needs_adapted = forms.BooleanField(label="Someone in my household needs an adapted home", required=False)
    local_connections = forms.CharField(
        label="Areas you have a connection with (optional)",
        max_length=300,
        required=False,
        help_text="Separated by commas. For example, Wychavon, Malvern",
    )
    residence_years = forms.IntegerField(
        label="Years you have lived in the area",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={"invalid": "Enter a whole number of years."},
    )
    work_months = forms.IntegerField(
        label="Months you have worked in the area",
        required=False,
        min_value=0,
        max_value=1200,
        error_messages={"invalid": "Enter a whole number of months."},
    )
    family_years = forms.IntegerField(
        label="Years your close family have lived in the area",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={"invalid": "Enter a whole number of years."},
    )
    domestic_abuse = forms.BooleanField(label="I am a victim of domestic abuse", required=False)
    care_leaver = forms.BooleanField(label="I am a care leaver under 25", required=False)
    armed_forces = forms.BooleanField(label="I serve or have served in the armed forces", required=False)

    def clean_household(self) -> list[dict[str, Any]]:
        out = []
        for n, line in enumerate((self.cleaned_data["household"] or "").splitlines(), start=1):
            if not line.strip():
                continue
            m = HOUSEHOLD_LINE.match(line)
            if not m:
                raise ValidationError(
                    f"Line {n}: write first name, last name, date of birth, partner/child/other and F or M, "
                    "like Sam, Okafor, 14/02/2014, child, M."
                )
            try:
                born = dt.date(int(m.group(5)), int(m.group(4)), int(m.group(3)))
            except ValueError:
                raise ValidationError(f"Line {n}: the date of birth must be a real date.") from None
            out.append(
                {
                    "first_name": m.group(1),
                    "last_name": m.group(2),
                    "date_of_birth": born,
                    "relationship": m.group(6).lower(),
                    "sex": m.group(7).upper(),
                }
            )
        return out

    def clean_local_connections(self) -> list[str]:
        return [a.strip() for a in (self.cleaned_data["local_connections"] or "").split(",") if a.strip()]

    def service_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["exemptions"] = [e for e in ("domestic_abuse", "care_leaver", "armed_forces") if d.pop(e, False)]
        for name in ("residence_years", "work_months", "family_years"):
            d[name] = d.get(name) or 0
        return d
