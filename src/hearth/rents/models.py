"""Rent accounts: one per agreement, its charge elements, the append-only ledger, payment files,
suspense, requests for money out that need a second person, and the policy tables."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from hearth.core.fields import link, money, officer, one_per_user, reference
from hearth.core.models import Job, SecondPersonDecision
from hearth.core.pages import HasPage
from hearth.tenancies.models import Tenancy


def _officer_who_did_it() -> Any:
    """The officer who imported, applied or made a record; kept empty if their user is removed."""
    return officer(on_delete=models.SET_NULL)


def _unchecked_link(to: Any, related_name: str = "+", verbose_name: str | None = None, **options: Any) -> Any:
    """A ledger row's link to another record, with no index and no per-row database check of its own
    (see `Transaction`)."""
    return link(to, related_name, verbose_name, db_index=False, db_constraint=False, **options)


class RentAccount(HasPage, models.Model):
    URL_NAME: ClassVar[str] = "rents:account"  # its page, taking the id

    tenancy = models.OneToOneField(
        Tenancy, on_delete=models.PROTECT, related_name="rent_account", verbose_name="agreement"
    )
    reference = reference("account reference")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"Rent account {self.reference}"


class ChargeKind(models.TextChoices):
    RENT = "rent", "Rent"
    SERVICE = "service", "Service charge"
    WATER = "water", "Water charge"
    HEATING = "heating", "Heating charge"
    GARAGE = "garage", "Garage rent"
    OTHER = "other", "Other charge"


class ChargeElement(models.Model):
    """One element of an account's weekly charge, in force from one date until another."""

    account = models.ForeignKey(RentAccount, on_delete=models.PROTECT, related_name="elements")
    kind = models.CharField("charge", max_length=10, choices=ChargeKind.choices)
    description = models.CharField("description", max_length=100, blank=True)
    weekly_amount = money("weekly amount", max_digits=9)
    effective_from = models.DateField("in force from")
    effective_to = models.DateField("in force until", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["account", "effective_from", "id"]
        indexes = [models.Index(fields=["effective_from", "effective_to"])]

    def __str__(self) -> str:
        label = self.description or self.get_kind_display()
        return f"{label} £{self.weekly_amount}"


class FreeWeek(models.Model):
    """A Monday on which nothing is debited (landlord-wide)."""

    monday = models.DateField("Monday", unique=True)
    rent_year = models.PositiveIntegerField("rent year")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["monday"]

    def __str__(self) -> str:
        return f"Free week {self.monday:%d %B %Y}"


class PaymentImport(models.Model):
    """A payment file that was imported; its hash makes a second import of the same file post nothing."""

    channel = models.CharField("channel", max_length=12)
    filename = models.CharField("file", max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    rows = models.PositiveIntegerField("rows", default=0)
    total = money("total", default=0)
    suspense_rows = models.PositiveIntegerField("rows in suspense", default=0)
    imported_by = _officer_who_did_it()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.rows} rows)"


class LedgerQuerySet(models.QuerySet["Transaction"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The rent ledger is append-only: post an adjusting transaction instead.")

    def delete(self) -> Any:
        raise TypeError("The rent ledger is append-only: post an adjusting transaction instead.")


class Transaction(models.Model):
    """One line of the append-only ledger. Positive amounts are owed by the tenant; credits negative."""

    class Kind(models.TextChoices):
        RENT = "rent", "Rent"
        SERVICE = "service", "Service charge"
        WATER = "water", "Water charge"
        HEATING = "heating", "Heating charge"
        GARAGE = "garage", "Garage rent"
        OTHER = "other", "Other charge"
        RECHARGE = "recharge", "Rechargeable repair"
        PAYMENT = "payment", "Payment"
        HB = "hb", "Housing Benefit"
        UC = "uc", "Universal Credit"
        REFUND = "refund", "Refund"
        HB_REFUND = "hb_refund", "Housing Benefit refund"
        UC_REFUND = "uc_refund", "Universal Credit refund"
        WRITE_OFF = "write_off", "Write-off"
        ADJUSTMENT = "adjustment", "Adjustment"

    class Channel(models.TextChoices):
        NONE = "", "None"
        BANK = "bank", "Bank transfer"
        DIRECT_DEBIT = "dd", "Direct Debit"
        PAYPOINT = "paypoint", "PayPoint / allpay"
        HB = "hb", "Housing Benefit schedule"
        UC = "uc", "Universal Credit managed payment"
        CASH = "cash", "Cash"
        CHEQUE = "cheque", "Cheque"
        CARD = "card", "Card"

    # Few indexes and no per-row foreign key checks, so the debit run's inserts stay cheap (the
    # checks, even of the columns the run leaves empty, cost it most of its time). The unique
    # (account, posted_on, element) index serves both idempotency and the account's reads. Every
    # insert takes its references from rows it has just read, and on PostgreSQL the database refuses
    # to change or delete a ledger row, or to delete an account, charge element or payment file that
    # one refers to (migrations 0008 and 0010), so no reference can come to point at nothing.
    account = _unchecked_link(RentAccount, "transactions", null=False, blank=False)
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    amount = money("amount", max_digits=10)
    posted_on = models.DateField("date")
    element = _unchecked_link(ChargeElement, "debits")
    scheduled = models.BooleanField("posted by the debit run", default=False)
    channel = models.CharField("channel", max_length=12, choices=Channel.choices, blank=True, default="")
    reference = models.CharField("reference", max_length=60, blank=True, default="")
    description = models.CharField("description", max_length=200, blank=True, default="")
    corrects = _unchecked_link("self", "corrections", "corrects")
    payment_import = _unchecked_link(PaymentImport, "transactions")
    created_by = _unchecked_link(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["account", "posted_on", "id"]
        indexes = [
            models.Index(
                fields=["payment_import"], condition=Q(payment_import__isnull=False), name="rents_tx_import"
            ),
        ]
        constraints = [
            # one debit per account, date and charge element (only the debit run sets `element`);
            # it is also the index every read of an account's ledger uses
            models.UniqueConstraint(
                fields=["account", "posted_on", "element"],
                name="rents_one_debit_per_element_and_date",
            ),
            # a payment (or its reversal) is the same one only when channel, reference, account,
            # date and amount all match: cheque numbers repeat between tenants, and Housing Benefit
            # schedule lines restart with every schedule
            models.UniqueConstraint(
                fields=["channel", "reference", "account", "posted_on", "amount"],
                condition=Q(kind__in=["payment", "hb", "uc"]) & ~Q(reference=""),
                name="rents_one_payment_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount} on {self.posted_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("The rent ledger is append-only: post an adjusting transaction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("The rent ledger is append-only: post an adjusting transaction instead.")


class SuspenseItem(models.Model):
    """A payment that matched no account; cleared later to the right one."""

    payment_import = link(PaymentImport, "suspense")
    channel = models.CharField("channel", max_length=12, choices=Transaction.Channel.choices)
    account_given = models.CharField("account reference given", max_length=60)
    amount = money("amount", max_digits=10)
    paid_on = models.DateField("paid on")
    reference = models.CharField("payment reference", max_length=60)
    line = models.PositiveIntegerField("line of the file", default=0)
    cleared_to = link(RentAccount, verbose_name="cleared to")
    transaction = models.OneToOneField(
        Transaction, null=True, blank=True, on_delete=models.PROTECT, related_name="suspense_item"
    )
    cleared_by = officer(blank=True, on_delete=models.SET_NULL)
    cleared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        constraints = [
            # as on the ledger: the same payment only when every detail of it matches
            models.UniqueConstraint(
                fields=["channel", "reference", "account_given", "paid_on", "amount"],
                name="rents_one_suspense_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"Suspense £{self.amount} ({self.reference})"


class MoneyRequest(SecondPersonDecision):
    """A refund, write-off or amendment: posted at once within the officer's limit, else approved
    by a different person."""

    class Kind(models.TextChoices):
        REFUND = "refund", "Refund"
        HB_REFUND = "hb_refund", "Housing Benefit refund"
        UC_REFUND = "uc_refund", "Universal Credit refund"
        WRITE_OFF = "write_off", "Write-off"
        ADJUSTMENT = "adjustment", "Rent debit amendment"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        POSTED = "posted", "Posted"
        REJECTED = "rejected", "Rejected"

    reference = reference()
    account = models.ForeignKey(RentAccount, on_delete=models.PROTECT, related_name="money_requests")
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    amount = money("amount", max_digits=10)
    reason = models.CharField("reason", max_length=300)
    corrects = link(Transaction, verbose_name="corrects")
    state = models.CharField("state", max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = officer("requested by", null=False)
    requested_at = models.DateTimeField(auto_now_add=True)
    transaction = models.OneToOneField(
        Transaction, null=True, blank=True, on_delete=models.PROTECT, related_name="money_request"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()} £{self.amount}"


class OfficerLimit(models.Model):
    """The most an officer may refund, write off or amend without a second person's approval."""

    user = one_per_user("rent_limits")
    refund = money("refund limit", max_digits=10)
    write_off = money("write-off limit", max_digits=10)
    adjustment = money("amendment limit", max_digits=10)

    def __str__(self) -> str:
        return f"Limits of {self.user}"


class ChannelMapping(models.Model):
    """The columns of a channel's payment file (configurable; defaults in services.DEFAULT_MAPPINGS)."""

    channel = models.CharField("channel", max_length=12, choices=Transaction.Channel.choices, unique=True)
    account_column = models.CharField("account column", max_length=60)
    amount_column = models.CharField("amount column", max_length=60)
    date_column = models.CharField("date column", max_length=60)
    reference_column = models.CharField("reference column", max_length=60)
    date_format = models.CharField("date format", max_length=20, default="%Y-%m-%d")

    def __str__(self) -> str:
        return f"Columns for {self.get_channel_display()}"


class ArrearsStage(models.Model):
    """A stage of the arrears policy (configurable; defaults in domain.DEFAULT_STAGES)."""

    code = models.CharField("code", max_length=20, unique=True)
    action = models.CharField("recommended action", max_length=120)
    min_weeks = models.DecimalField("weeks of rent owed", max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["min_weeks"]

    def __str__(self) -> str:
        return self.action


class ArrearsAction(models.Model):
    """An arrears action taken on an account (a letter sent, a notice served, a court application):
    moves the recommended next action on. Recorded by services.record_arrears_action, never edited."""

    account = models.ForeignKey(RentAccount, on_delete=models.PROTECT, related_name="arrears_actions")
    stage = models.CharField("stage", max_length=20)
    taken_on = models.DateField("date taken")
    note = models.CharField("note", max_length=300, blank=True, default="")
    created_by = officer(null=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "-id"]
        indexes = [models.Index(fields=["account", "-taken_on", "-id"], name="rents_arrears_action_latest")]

    def __str__(self) -> str:
        return f"{self.stage} on {self.taken_on:%d %B %Y}"


class DebitRun(models.Model):
    """One rent week's debit run; `completed_at` is set when the whole week is posted."""

    week = models.DateField("week beginning", unique=True)
    job = link(Job, on_delete=models.SET_NULL)
    posted = models.PositiveIntegerField("debits posted", default=0)
    total = money("total debited", max_digits=14, default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week"]

    def __str__(self) -> str:
        return f"Debit run for week beginning {self.week:%d %B %Y}"


class RentChange(models.Model):
    """The annual rent change of a rent year: applied once, from the first Monday in April."""

    rent_year = models.PositiveIntegerField("rent year", unique=True)
    effective_from = models.DateField("from")
    increase_percent = models.DecimalField("increase asked (%)", max_digits=5, decimal_places=2)
    cap_percent = models.DecimalField("Rent Standard cap (%)", max_digits=5, decimal_places=2)
    accounts = models.PositiveIntegerField("accounts changed", default=0)
    applied_by = _officer_who_did_it()
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-rent_year"]

    def __str__(self) -> str:
        return f"Rent change {self.rent_year}"


class Arrangement(models.Model):
    """A payment arrangement: the tenant pays a weekly amount (rent plus something off the arrears)."""

    account = models.ForeignKey(RentAccount, on_delete=models.PROTECT, related_name="arrangements")
    weekly_amount = money("weekly payment", max_digits=9)
    start_date = models.DateField("first payment due")
    end_date = models.DateField("ended", null=True, blank=True)
    note = models.CharField("note", max_length=300, blank=True)
    created_by = _officer_who_did_it()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return f"Arrangement £{self.weekly_amount} a week from {self.start_date}"


class ServiceChargeBudget(HasPage, models.Model):
    """A budget estimate for a block or an estate, apportioned to the homes in it."""

    URL_NAME: ClassVar[str] = "rents:service_charge"  # its page, taking the id

    class Method(models.TextChoices):
        EQUAL = "equal", "Equally"
        BEDROOMS = "bedrooms", "By bedrooms"
        FLOOR_AREA = "floor_area", "By floor area"

    name = models.CharField("name", max_length=120)
    rent_year = models.PositiveIntegerField("rent year")
    estate = link("properties.Estate")
    block = link("properties.Block")
    annual_amount = money("annual budget")
    method = models.CharField("apportioned", max_length=10, choices=Method.choices)
    works = models.BooleanField("major works", default=False)
    applied_by = _officer_who_did_it()
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-rent_year", "name"]

    def __str__(self) -> str:
        return f"{self.name} {self.rent_year}"


class ServiceChargeShare(models.Model):
    """One home's share of a budget: weekly for tenants, an annual estimate for leaseholders."""

    budget = models.ForeignKey(ServiceChargeBudget, on_delete=models.PROTECT, related_name="shares")
    property = models.ForeignKey("properties.Property", on_delete=models.PROTECT, related_name="+")
    tenancy = link(Tenancy)
    annual = money("annual share", max_digits=10)
    weekly = money("weekly charge", max_digits=9, null=True, blank=True)
    leaseholder = models.BooleanField("leaseholder", default=False)
    section_20 = models.BooleanField("section 20 consultation needed", default=False)

    class Meta:
        ordering = ["budget", "property"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "property"], name="rents_one_share_per_home")
        ]

    def __str__(self) -> str:
        return f"£{self.annual} of {self.budget}"
