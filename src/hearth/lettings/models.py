"""The common housing register and choice-based lettings of a partnership of councils and landlords."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from hearth.core.fields import link, money, officer, reference
from hearth.core.models import KnownByReference, Timestamped
from hearth.core.pages import HasPage
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.tenancies.models import Tenancy


class Council(models.Model):
    """A partner: a council whose applicants are on the register, or a landlord advertising homes."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        HOUSING_ASSOCIATION = "housing_association", "Housing association"

    code = models.CharField("code", max_length=12, unique=True)
    name = models.CharField("name", max_length=120)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.COUNCIL)
    area = models.CharField("local connection area", max_length=80, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "partner"

    def __str__(self) -> str:
        return self.name


class StaffCouncil(models.Model):
    """An officer works for a partner; they see and act on that partner's applications and adverts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lettings_councils"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="staff")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "council"], name="staff_council_unique")]

    def __str__(self) -> str:
        return f"{self.user} at {self.council}"


class SchemePolicy(models.Model):
    """One version of the scheme's rules. A change adds a version from a date: the history is kept."""

    effective_from = models.DateField("in force from", unique=True)
    # ordered, highest first: [{"code": "A", "name": "Priority", "time_limit_months": 3}, ...]
    bands = models.JSONField("bands")
    bid_limit = models.PositiveSmallIntegerField("bids per cycle", default=3)
    cycle_opens_weekday = models.PositiveSmallIntegerField("cycle opens (weekday, Monday 0)", default=3)
    cycle_opens_time = models.TimeField("cycle opens at")
    cycle_length_days = models.PositiveSmallIntegerField("cycle length (days)", default=6)
    cycle_closes_time = models.TimeField("cycle closes at")
    minimum_age = models.PositiveSmallIntegerField("minimum age", default=16)
    residence_years = models.PositiveSmallIntegerField("local connection: years' residence", default=2)
    work_months = models.PositiveSmallIntegerField("local connection: months' work", default=6)
    family_years = models.PositiveSmallIntegerField("local connection: years family resident", default=5)
    exemptions = models.JSONField("exempt from local connection", default=list)
    refusal_limit = models.PositiveSmallIntegerField("unreasonable refusals before a penalty", default=3)
    refusal_suspension_months = models.PositiveSmallIntegerField(
        "suspension after refusals (months)", default=12
    )
    auto_bid_top_band_after_days = models.PositiveSmallIntegerField(
        "automatic bids for the top band after (days)", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "scheme policy"
        verbose_name_plural = "scheme policies"

    def __str__(self) -> str:
        return f"Scheme rules from {self.effective_from:%d %B %Y}"

    @property
    def band_codes(self) -> list[str]:
        return [b["code"] for b in self.bands]

    def band_name(self, code: str) -> str:
        for band in self.bands:
            if band["code"] == code:
                return str(band.get("name") or code)
        return code

    def band_time_limit(self, code: str) -> int | None:
        for band in self.bands:
            if band["code"] == code:
                return band.get("time_limit_months") or None
        return None


class Circumstances(models.Model):
    """What an applicant tells the council about their household's needs and local connection: asked
    on an online application, then kept on the register."""

    medical_needs = models.TextField("medical needs", blank=True)
    welfare_needs = models.TextField("welfare needs", blank=True)
    needs_adapted = models.BooleanField("needs an adapted home", default=False)
    local_connections = models.JSONField("local connection areas", default=list)
    residence_years = models.PositiveSmallIntegerField("years' residence", default=0)
    work_months = models.PositiveSmallIntegerField("months' work", default=0)
    family_years = models.PositiveSmallIntegerField("years family resident", default=0)
    exemptions = models.JSONField("exemptions from local connection", default=list)

    class Meta:
        abstract = True


class Application(HasPage, KnownByReference, Circumstances, Timestamped):  # noqa: DJ008 (named by its reference)
    URL_NAME: ClassVar[str] = "lettings:application"  # its page, taking the id

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting decision"
        LIVE = "live", "Live"
        SUSPENDED = "suspended", "Suspended"
        CANCELLED = "cancelled", "Cancelled"
        HOUSED = "housed", "Housed"
        NOT_QUALIFIED = "not_qualified", "Does not qualify"

    class Channel(models.TextChoices):
        PHONE = "phone", "Phone"
        PAPER = "paper", "Paper form"
        VISIT = "visit", "Visit"
        ONLINE = "online", "Online"

    class Housing(models.TextChoices):
        PRIVATE_RENTED = "private_rented", "Private rented"
        SOCIAL_RENTED = "social_rented", "Social rented"
        FAMILY_FRIENDS = "family_friends", "Living with family or friends"
        OWNER = "owner", "Owner occupier"
        TEMPORARY = "temporary", "Temporary accommodation"
        NO_FIXED_ABODE = "no_fixed_abode", "No fixed abode"
        OTHER = "other", "Other"

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="applications", verbose_name="council"
    )
    applicant = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="housing_applications", verbose_name="applicant"
    )
    channel = models.CharField("taken by", max_length=10, choices=Channel.choices, default=Channel.PHONE)
    registration_date = models.DateField("registration date")
    status = models.CharField("status", max_length=14, choices=Status.choices, default=Status.PENDING)
    status_reason = models.CharField("status reason", max_length=300, blank=True)
    suspended_until = models.DateField("suspended until", null=True, blank=True)
    current_housing = models.CharField("current housing", max_length=16, choices=Housing.choices)
    current_address = models.CharField("current address", max_length=300, blank=True)
    housing_need = models.BooleanField("has a housing need", default=True)
    qualifies = models.BooleanField("qualifies", null=True, blank=True)
    qualification_reasons = models.TextField("qualification reasons", blank=True)
    qualification_decided_on = models.DateField("qualification decided on", null=True, blank=True)
    computed_bedrooms = models.PositiveSmallIntegerField("bedroom need (computed)", default=1)
    bedroom_override = models.PositiveSmallIntegerField(
        "bedroom need (officer's decision)", null=True, blank=True
    )
    bedroom_override_reason = models.CharField("bedroom override reason", max_length=300, blank=True)
    band = models.CharField("band", max_length=20, blank=True)
    band_expires = models.DateField("band expires", null=True, blank=True)
    effective_date = models.DateField("effective date", null=True, blank=True)
    renewal_due = models.DateField("renewal due", null=True, blank=True)

    class Meta:
        ordering = ["-registration_date", "-id"]
        indexes = [
            models.Index(fields=["council", "status"]),
            models.Index(fields=["status", "band", "effective_date"]),
        ]

    @property
    def bedroom_need(self) -> int:
        return self.bedroom_override if self.bedroom_override is not None else self.computed_bedrooms


class ApplicationMember(models.Model):
    """Someone who would live with the applicant. The applicant is not listed here."""

    class Relationship(models.TextChoices):
        PARTNER = "partner", "Partner"
        CHILD = "child", "Child"
        OTHER = "other", "Other"

    class Sex(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="person")
    relationship = models.CharField("relationship", max_length=10, choices=Relationship.choices)
    sex = models.CharField("sex", max_length=1, choices=Sex.choices)

    class Meta:
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "person"], name="application_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relationship_display()})"


class BandDecision(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="band_decisions")
    band = models.CharField("band", max_length=20)
    reason = models.TextField("reason")
    decided_on = models.DateField("decided on")
    expires_on = models.DateField("expires on", null=True, blank=True)
    decided_by = officer()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "decided_on", "id"]

    def __str__(self) -> str:
        return f"Band {self.band} from {self.decided_on:%d %B %Y}"


class Cycle(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    reference = reference()
    opens_at = models.DateTimeField("opens at")
    closes_at = models.DateTimeField("closes at")
    status = models.CharField("status", max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField("closed at", null=True, blank=True)
    closed_by = officer(blank=True)

    class Meta:
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return f"Cycle {self.reference}"


class Advert(HasPage, models.Model):
    URL_NAME: ClassVar[str] = "lettings:advert"  # its page, taking the id

    class Status(models.TextChoices):
        LIVE = "live", "Advertised"
        SHORTLISTED = "shortlisted", "Shortlisted"
        OFFERED = "offered", "Under offer"
        LET = "let", "Let"
        WITHDRAWN = "withdrawn", "Withdrawn"

    reference = reference()
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="adverts", verbose_name="cycle")
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="adverts", verbose_name="property"
    )
    landlord = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="adverts", verbose_name="landlord"
    )
    bedrooms = models.PositiveSmallIntegerField("bedrooms")
    min_age = models.PositiveSmallIntegerField("minimum age", null=True, blank=True)
    local_connection = models.CharField("local connection area", max_length=80, blank=True)
    adapted_only = models.BooleanField("only for households needing adaptations", default=False)
    preferred_band = models.CharField("band quota: band offered first", max_length=20, blank=True)
    weekly_rent = money("weekly rent", max_digits=8, null=True, blank=True)
    description = models.TextField("description", blank=True)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.LIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-cycle__opens_at", "reference"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.property.address_line_1}"


class Bid(models.Model):
    class Status(models.TextChoices):
        LIVE = "live", "Live"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Channel(models.TextChoices):
        ONLINE = "online", "Online by the applicant"
        ASSISTED = "assisted", "By an officer for the applicant"
        AUTOMATIC = "automatic", "Automatic"

    advert = models.ForeignKey(Advert, on_delete=models.PROTECT, related_name="bids")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="bids")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="bids")
    channel = models.CharField("placed", max_length=10, choices=Channel.choices)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.LIVE)
    placed_at = models.DateTimeField("placed at")
    placed_by = officer()
    withdrawn_at = models.DateTimeField("withdrawn at", null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["advert", "application"],
                condition=models.Q(status="live"),
                name="one_live_bid_per_advert",
            )
        ]
        indexes = [models.Index(fields=["application", "cycle", "status"])]

    def __str__(self) -> str:
        return f"Bid by {self.application_id} on {self.advert_id}"


class ShortlistEntry(models.Model):
    """One bidder on an advert's shortlist: a position, or the reason they were passed over."""

    # Derived rows, written only by closing a cycle, one per bid, from the bids read in the same
    # transaction. The database's per-row foreign-key checks (each locking the bid and advert rows) cost
    # more than the whole ranking at 150,000 bids, so these two links are not declared as constraints;
    # the ORM still protects them (bids and adverts are never deleted while entries refer to them). The
    # advert repeats the bid's, for the (advert, rank) unique index that serves every lookup by advert.
    advert = models.ForeignKey(
        Advert, on_delete=models.CASCADE, related_name="shortlist", db_index=False, db_constraint=False
    )
    bid = models.OneToOneField(
        Bid, on_delete=models.PROTECT, related_name="shortlist_entry", db_constraint=False
    )
    rank = models.PositiveIntegerField("priority")  # order among every bidder, passed over or not
    position = models.PositiveIntegerField("position", null=True, blank=True)  # None when passed over
    skipped_reason = models.CharField("passed over because", max_length=20, blank=True)
    band = models.CharField("band at close", max_length=20)
    effective_date = models.DateField("effective date at close")
    bedroom_need = models.PositiveSmallIntegerField("bedroom need at close")
    bypass_reason = models.CharField("bypassed because", max_length=300, blank=True)
    bypassed_by = officer(blank=True, db_index=False)

    class Meta:
        ordering = ["advert", "rank"]
        constraints = [models.UniqueConstraint(fields=["advert", "rank"], name="shortlist_rank_unique")]

    def __str__(self) -> str:
        return f"{self.advert_id} #{self.rank}"

    @property
    def application(self) -> Application:
        return self.bid.application

    @property
    def application_id(self) -> int:
        return self.bid.application_id


class Offer(HasPage, models.Model):
    URL_NAME: ClassVar[str] = "lettings:offer"  # its page, taking the id

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn by the landlord"

    advert = models.ForeignKey(Advert, on_delete=models.PROTECT, related_name="offers")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="offers")
    entry = models.ForeignKey(ShortlistEntry, on_delete=models.PROTECT, related_name="offers")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OFFERED)
    offered_on = models.DateField("offered on")
    viewing_at = models.DateTimeField("viewing", null=True, blank=True)
    decided_on = models.DateField("decided on", null=True, blank=True)
    reason = models.CharField("reason", max_length=300, blank=True)
    unreasonable = models.BooleanField("refusal was unreasonable", default=False)
    tenancy = link(Tenancy)
    made_by = officer()

    class Meta:
        ordering = ["-offered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["advert"],
                condition=models.Q(status__in=["offered", "accepted"]),
                name="one_open_offer",
            )
        ]

    def __str__(self) -> str:
        return f"Offer of {self.advert_id} to {self.application_id}"


class PortalCode(models.Model):
    """A one-time sign-in code for the applicant portal, sent by email. Only its hash is stored."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="portal_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["application", "-created_at"])]

    def __str__(self) -> str:
        return f"Sign-in code for {self.application_id}"


class ReviewRequest(models.Model):
    """An applicant's request for a review of a decision on their application, and its outcome."""

    class Decision(models.TextChoices):
        QUALIFICATION = "qualification", "Qualification"
        BAND = "band", "Band"
        BEDROOMS = "bedrooms", "Bedroom need"
        SUSPENSION = "suspension", "Suspension or cancellation"
        OFFER = "offer", "Suitability of an offer"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        UPHELD = "upheld", "Decision upheld"
        CHANGED = "changed", "Decision changed"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField("decision reviewed", max_length=14, choices=Decision.choices)
    grounds = models.TextField("grounds")
    requested_on = models.DateField("requested on")
    requested_by = officer()
    outcome = models.CharField("outcome", max_length=8, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_reason = models.TextField("outcome reason", blank=True)
    decided_on = models.DateField("decided on", null=True, blank=True)
    decided_by = officer(blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"Review of {self.get_decision_display().lower()} for {self.application_id}"


class OnlineApplication(Circumstances):
    """An application made by the applicant on the portal, waiting for an officer to check it and put it
    on the register (people are created then, through the people services, by the officer)."""

    class Status(models.TextChoices):
        NEW = "new", "Waiting to be checked"
        REGISTERED = "registered", "Registered"
        REJECTED = "rejected", "Not registered"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="online_applications")
    submitted_at = models.DateTimeField("submitted at")
    first_name = models.CharField("first name", max_length=100)
    last_name = models.CharField("last name", max_length=100)
    date_of_birth = models.DateField("date of birth")
    email = models.EmailField("email address")
    phone = models.CharField("phone number", max_length=30, blank=True)
    current_housing = models.CharField("current housing", max_length=16, choices=Application.Housing.choices)
    current_address = models.CharField("current address", max_length=300)
    household = models.JSONField(
        "household", default=list
    )  # [{first_name, last_name, date_of_birth, relationship, sex}]
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.NEW)
    reason = models.CharField("reason", max_length=300, blank=True)
    application = link(Application)
    handled_by = officer(blank=True)
    handled_at = models.DateTimeField("handled at", null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self) -> str:
        return f"Online application from {self.first_name} {self.last_name}"
