"""Reads for rent accounts: balances, arrears, statements, queues."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from hearth.core import periods, search
from hearth.rents import domain
from hearth.rents.models import (
    Arrangement,
    ArrearsAction,
    ArrearsStage,
    ChargeElement,
    FreeWeek,
    MoneyRequest,
    PaymentImport,
    RentAccount,
    SuspenseItem,
    Transaction,
)
from hearth.tenancies.models import TenancyParty

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))
PAYMENT_KINDS = ["payment", "hb", "uc"]


def balance(account: RentAccount | int, on: dt.date | None = None) -> Decimal:
    """What the tenant owes (positive) or is in credit (negative), by the end of `on`."""
    qs = Transaction.objects.filter(account=account)
    if on is not None:
        qs = qs.filter(posted_on__lte=on)
    return Decimal(qs.aggregate(b=Sum("amount"))["b"] or 0).quantize(Decimal("0.01"))


def arrears(account: RentAccount | int, on: dt.date | None = None) -> Decimal:
    """Rent owed by the end of `on` (today by default): charges posted ahead for weeks not yet
    begun are not arrears, so the balance (everything posted) can be more."""
    return max(balance(account, on or timezone.localdate()), Decimal("0.00"))


def free_mondays(year: int) -> frozenset[dt.date]:
    """The free (non-debit) weeks of rent year `year`, by their Mondays."""
    return frozenset(FreeWeek.objects.filter(rent_year=year).values_list("monday", flat=True))


def collection_weeks(year: int) -> int:
    """The weeks rent is collected in rent year `year`: its Mondays less its free weeks."""
    return domain.collection_weeks(year, free_mondays(year))


def uc_monthly(weekly: Decimal, on: dt.date | None = None) -> Decimal:
    """The Universal Credit monthly figure for a weekly charge, over the collection weeks of the
    rent year holding `on` (today by default)."""
    year = domain.rent_year_of(on or timezone.localdate())
    return domain.uc_monthly(weekly, collection_weeks(year))


def weekly_charge(account: RentAccount, on: dt.date | None = None) -> Decimal:
    day = on or timezone.localdate()
    els = [
        domain.Element(e.pk, e.weekly_amount, e.effective_from, e.effective_to)
        for e in account.elements.all()
    ]
    return domain.weekly_charge(els, day)


def stages() -> list[domain.Stage]:
    rows = list(ArrearsStage.objects.all())
    if not rows:
        return list(domain.DEFAULT_STAGES)
    return [domain.Stage(r.code, r.action, r.min_weeks) for r in rows]


def _parties() -> Prefetch:
    return Prefetch(
        "tenancy__parties", queryset=TenancyParty.objects.select_related("person").order_by("role", "id")
    )


def current_tenants() -> Prefetch:
    """The agreement's tenants today, with their people, as `tenancy.current_tenants` (not one who
    died, left a joint tenancy or assigned it)."""
    return Prefetch(
        "tenancy__parties",
        queryset=TenancyParty.objects.tenants().current().select_related("person").order_by("id"),
        to_attr="current_tenants",
    )


def account_detail(pk: int) -> RentAccount:
    """The account as its pages show it: agreement, home, current tenants and charge elements."""
    return (
        RentAccount.objects.select_related("tenancy", "tenancy__property")
        .prefetch_related(
            current_tenants(),
            Prefetch("elements", queryset=ChargeElement.objects.order_by("-effective_from", "id")),
        )
        .get(pk=pk)
    )


def transactions(
    account: RentAccount, first: dt.date | None = None, last: dt.date | None = None
) -> QuerySet[Transaction]:
    """The account's ledger, newest first, posted from `first` to `last` (either may be open)."""
    bounds = {"posted_on__gte": first, "posted_on__lte": last}
    given = {name: day for name, day in bounds.items() if day}
    return (
        Transaction.objects.filter(account=account, **given)
        .select_related("element", "corrects")
        .order_by("-posted_on", "-id")
    )


@dataclass
class StatementLine:
    tx: Transaction
    balance: Decimal


@dataclass
class Statement:
    account: RentAccount
    first: dt.date
    last: dt.date
    opening: Decimal
    lines: list[StatementLine]
    closing: Decimal
    debits: Decimal
    credits: Decimal


def statement(account: RentAccount, first: dt.date, last: dt.date) -> Statement:
    """Every transaction from `first` to `last`, with the running balance."""
    opening = balance(account, first - dt.timedelta(days=1))
    running = opening
    lines = []
    debits = credits = Decimal("0.00")
    for tx in transactions(account, first, last).order_by("posted_on", "id"):
        running += tx.amount
        if tx.amount > 0:
            debits += tx.amount
        else:
            credits += -tx.amount
        lines.append(StatementLine(tx, running))
    return Statement(account, first, last, opening, lines, running, debits, credits)


def _balance_sub(on: dt.date | None = None) -> Subquery:
    qs = Transaction.objects.filter(account=OuterRef("pk"))
    if on is not None:
        qs = qs.filter(posted_on__lte=on)
    return Subquery(
        qs.values("account").annotate(s=Sum("amount")).values("s")[:1],
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def in_force_on(day: dt.date, through: str = "") -> Q:
    """A charge element in force on the day as far as its end goes: no end recorded, or ending on or
    after the day (it runs through its last day, as `core.periods.live_on` reads an agreement)."""
    return Q(**{f"{through}effective_to__isnull": True}) | Q(**{f"{through}effective_to__gte": day})


def _weekly_sub(day: dt.date) -> Subquery:
    return Subquery(
        ChargeElement.objects.filter(account=OuterRef("pk"), effective_from__lte=day)
        .filter(in_force_on(day))
        .values("account")
        .annotate(s=Sum("weekly_amount"))
        .values("s")[:1],
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def _last_payment_sub() -> Subquery:
    return Subquery(
        # money in only: a reversed cheque or a benefit recovery is not a payment
        Transaction.objects.filter(account=OuterRef("pk"), kind__in=PAYMENT_KINDS, amount__lt=0)
        .values("account")
        .annotate(m=Max("posted_on"))
        .values("m")[:1]
    )


def _last_action(field: str) -> Subquery:
    return Subquery(
        ArrearsAction.objects.filter(account=OuterRef("pk")).order_by("-taken_on", "-id").values(field)[:1]
    )


def last_arrears_action(account: RentAccount | int) -> ArrearsAction | None:
    """The latest arrears action recorded on the account (by the date taken)."""
    return ArrearsAction.objects.filter(account=account).order_by("-taken_on", "-id").first()


def _typed(q: str) -> Q:
    """Accounts whose reference starts with what was typed, or whose agreement (its reference, tenants'
    names, address) or home (address, postcode with or without its space) the global search finds."""
    agreements = search.matching(q, kinds=["tenancy"]).values("object_id")
    homes = search.matching(q, kinds=["property"]).values("object_id")
    return (
        Q(reference__startswith=search.as_key(q))
        | Q(tenancy_id__in=agreements)
        | Q(tenancy__property_id__in=homes)
    )


def account_list(
    *, q: str = "", in_arrears: str = "", min_balance: Decimal | None = None, live: str = "", stage: str = ""
) -> QuerySet[RentAccount]:
    """Accounts with balance, arrears, weekly charge and last payment; filters for the arrears list.

    `balance` is everything posted (with charges for weeks not yet begun); `arrears` is what is owed
    by today, and is what the arrears filter, the stage and the weeks owed use."""
    today = timezone.localdate()
    qs = RentAccount.objects.select_related("tenancy", "tenancy__property").annotate(
        balance=Coalesce(_balance_sub(), ZERO),
        due=Coalesce(_balance_sub(today), ZERO),
        weekly=Coalesce(_weekly_sub(today), ZERO),
        last_payment=_last_payment_sub(),
        last_action_stage=_last_action("stage"),
        last_action_on=_last_action("taken_on"),
    )
    if q:
        qs = qs.filter(_typed(q))
    if in_arrears == "yes":
        qs = qs.filter(due__gt=0)
    elif in_arrears == "no":
        qs = qs.filter(due__lte=0)
    if min_balance is not None:
        qs = qs.filter(due__gte=min_balance)
    if live == "yes":
        qs = qs.filter(periods.live_on(today, through="tenancy__"))
    elif live == "no":
        qs = qs.exclude(periods.live_on(today, through="tenancy__"))
    if stage:
        policy = sorted(stages(), key=lambda s: s.min_weeks)
        codes = [s.code for s in policy]
        if stage in codes:
            i = codes.index(stage)
            low = policy[i].min_weeks
            qs = qs.filter(due__gt=0, weekly__gt=0, due__gte=F("weekly") * low)
            if i + 1 < len(policy):
                qs = qs.filter(due__lt=F("weekly") * policy[i + 1].min_weeks)
    return qs.order_by("-due", "-balance", "reference")


def with_stage(accounts: Any) -> list[Any]:
    """Attach weeks owed, the last arrears action and the recommended next action to each account
    in a page (from account_list's annotations: no query per account)."""
    policy = stages()
    out = []
    for a in accounts:
        a.arrears = max(a.due, Decimal("0.00"))
        a.weeks_owed = domain.weeks_owed_shown(a.arrears, a.weekly)
        last = getattr(a, "last_action_stage", None)
        a.last_action = domain.stage_label(last, policy) if last else ""
        a.stage = domain.next_stage(a.arrears, a.weekly, policy, last)
        out.append(a)
    return out


def pending_requests() -> QuerySet[MoneyRequest]:
    return (
        MoneyRequest.objects.filter(state=MoneyRequest.State.PENDING)
        .select_related("account", "requested_by", "corrects")
        .order_by("requested_at", "id")
    )


def open_suspense() -> QuerySet[SuspenseItem]:
    return (
        SuspenseItem.objects.filter(transaction__isnull=True)
        .select_related("payment_import")
        .order_by("paid_on", "id")
    )


def imports() -> QuerySet[PaymentImport]:
    return PaymentImport.objects.select_related("imported_by").order_by("-imported_at", "-id")


def account_by_reference(reference: str) -> RentAccount | None:
    return RentAccount.objects.filter(reference=(reference or "").strip().upper()).first()


@dataclass
class ArrangementStatus:
    arrangement: Any
    paid: Decimal
    shortfall: Decimal
    broken: bool


def arrangement_status(account: RentAccount, today: dt.date | None = None) -> ArrangementStatus | None:
    """The running arrangement on the account and whether it is kept: payments since its start
    against the weekly instalments due (one week's grace)."""
    day = today or timezone.localdate()
    arrangement = (
        Arrangement.objects.filter(account=account, start_date__lte=day)
        .filter(periods.live_on(day))
        .order_by("-start_date", "-id")
        .first()
    )
    if arrangement is None:
        return None
    paid = -Decimal(
        Transaction.objects.filter(
            account=account, kind__in=PAYMENT_KINDS, posted_on__gte=arrangement.start_date, posted_on__lte=day
        ).aggregate(s=Sum("amount"))["s"]
        or 0
    )
    start, weekly = arrangement.start_date, arrangement.weekly_amount
    return ArrangementStatus(
        arrangement,
        paid,
        domain.arrangement_shortfall(start=start, weekly=weekly, paid=paid, today=day),
        domain.arrangement_broken(start=start, weekly=weekly, paid=paid, today=day),
    )


def broken_arrangements(today: dt.date | None = None) -> list[ArrangementStatus]:
    """Every running arrangement that is broken (for the arrears officer's worklist)."""
    day = today or timezone.localdate()
    out = []
    running = Arrangement.objects.filter(periods.started_by(day), periods.live_on(day))
    for account in RentAccount.objects.filter(pk__in=running.values("account_id")).select_related("tenancy"):
        status = arrangement_status(account, day)
        if status and status.broken:
            out.append(status)
    return out
