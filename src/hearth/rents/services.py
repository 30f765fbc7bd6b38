"""Writes for rent accounts: accounts and charges, free weeks, the weekly debit run, payments in
(manual and from files), suspense, refunds / write-offs / amendments with limits and approval.

Every posting is a new ledger row; nothing in the ledger is ever changed or deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from hearth.core import audit, csvfiles, jobs, permissions
from hearth.core.money import format_money, to_money
from hearth.core.records import Errors, create_audited
from hearth.core.references import next_reference
from hearth.rents import domain, selectors
from hearth.rents.models import (
    Arrangement,
    ArrearsAction,
    ArrearsStage,
    ChannelMapping,
    ChargeElement,
    ChargeKind,
    DebitRun,
    FreeWeek,
    MoneyRequest,
    OfficerLimit,
    PaymentImport,
    RentAccount,
    SuspenseItem,
    Transaction,
)
from hearth.tenancies.models import Tenancy

ACCOUNT_FIELDS = ["reference", "tenancy"]
ELEMENT_FIELDS = ["kind", "description", "weekly_amount", "effective_from", "effective_to"]
REQUEST_FIELDS = ["reference", "kind", "amount", "reason", "state", "decided_by", "decision_note"]
CHUNK = 5000

# channel -> (kind of ledger row, default columns of its file)
DEFAULT_MAPPINGS: dict[str, domain.ColumnMapping] = {
    "bank": domain.ColumnMapping("Account", "Amount", "Date", "Reference"),
    "dd": domain.ColumnMapping("Payer reference", "Amount", "Collection date", "Transaction id"),
    "paypoint": domain.ColumnMapping("Client ref", "Amount", "Transaction date", "Receipt", "%d/%m/%Y"),
    "hb": domain.ColumnMapping("Rent account", "Amount", "Period start", "Schedule line"),
    "uc": domain.ColumnMapping("Landlord reference", "Amount", "Payment date", "Payment id"),
}
FILE_CHANNELS = tuple(DEFAULT_MAPPINGS)
PAYMENT_KIND = {"hb": Transaction.Kind.HB, "uc": Transaction.Kind.UC}
MANUAL_CHANNELS = ("cash", "cheque", "card", "bank")
PAYMENT_KINDS = ["payment", "hb", "uc"]
# channels whose files may hold negative rows (money taken back), with what such a row is called
REVERSAL_DESCRIPTIONS = {
    "hb": "Housing Benefit overpayment recovered",
    "uc": "Universal Credit payment taken back",
    "dd": "Direct Debit returned unpaid",
}
# channels whose references name one payment, so a negative row corrects the payment it takes back
# (a Housing Benefit schedule's line numbers restart, so they name none)
LINKED_REVERSALS = ("dd", "uc")

# money out: ledger sign (+ increases what the tenant owes)
REQUEST_SIGN = {"refund": 1, "hb_refund": 1, "uc_refund": 1, "write_off": -1, "adjustment": 1}
LIMIT_FIELD = {
    "refund": "refund",
    "hb_refund": "refund",
    "uc_refund": "refund",
    "write_off": "write_off",
    "adjustment": "adjustment",
}


def _today() -> dt.date:
    return timezone.localdate()


def _money(errors: Errors, field: str, value: Any, *, allow_negative: bool = False) -> Decimal | None:
    try:
        amount = to_money(str(value).strip().replace("£", "").replace(",", ""))
    except Exception:
        errors.add(field, "Enter an amount of money, like 95.50.")
        return None
    if amount == 0 or (amount < 0 and not allow_negative):
        errors.add(
            field,
            "Enter an amount more than £0.00." if not allow_negative else "Enter an amount other than £0.00.",
        )
        return None
    if abs(amount) >= Decimal("100000000"):
        errors.add(field, "The amount is too large.")
        return None
    return amount


# --- accounts and charges ----------------------------------------------------------------------


@transaction.atomic
def open_account(
    *,
    actor: Any,
    tenancy: Tenancy,
    charges: Sequence[tuple[str, Decimal, str]] = (),
    effective_from: dt.date | None = None,
    catch_up: bool = True,
) -> RentAccount:
    """The rent account of an agreement, with its weekly charge elements (kind, weekly, description).
    When the agreement starts in a week the debit run has already posted, that week's debits (and
    any later weeks already posted) are posted now (`post_catch_up_debits`); a caller adding more
    elements first passes `catch_up=False` and posts them itself."""
    permissions.require(actor, "tenancies.process")
    errors = Errors()
    if RentAccount.objects.filter(tenancy=tenancy).exists():
        errors.add("tenancy", f"Agreement {tenancy.reference} already has a rent account.")
    _check_charges(errors, charges)
    errors.raise_if_any()
    account = RentAccount(tenancy=tenancy, reference=next_reference("R", width=7))
    create_audited(
        actor=actor,
        obj=account,
        fields=ACCOUNT_FIELDS,
        summary=f"Rent account opened for {tenancy.reference}",
    )
    start = effective_from or tenancy.start_date
    for kind, weekly, description in charges:
        _add_element(actor, account, kind, to_money(weekly), description, start)
    if catch_up:
        post_catch_up_debits(actor=actor, account=account)
    return account


def completed_weeks(first: dt.date, last: dt.date | None = None) -> list[dt.date]:
    """The Mondays from the week holding `first` (to `last`) whose debit run has completed."""
    qs = DebitRun.objects.filter(week__gte=domain.week_monday(first), completed_at__isnull=False)
    if last is not None:
        qs = qs.filter(week__lte=last)
    return sorted(qs.values_list("week", flat=True))


def post_catch_up_debits(*, actor: Any, account: RentAccount) -> list[Transaction]:
    """Post the debits of the weeks the debit run completed before this account existed (a sign-up
    entered after its first week was run): the same debits the run would have posted, by the same
    rules (`domain.element_debits_for_week`), marked as the run's, so a rerun of those weeks skips
    them (one debit per account, element and date)."""
    tenancy = Tenancy.objects.get(pk=account.tenancy_id)
    weeks = completed_weeks(tenancy.start_date, tenancy.end_date)
    if not weeks:
        return []
    free = set(FreeWeek.objects.filter(monday__in=weeks).values_list("monday", flat=True))
    by_pk: dict[object, ChargeElement] = {
        e.pk: e for e in ChargeElement.objects.filter(account=account, weekly_amount__gt=0).order_by("id")
    }
    elements = [
        domain.Element(e.pk, e.weekly_amount, e.effective_from, e.effective_to) for e in by_pk.values()
    ]
    already = set(
        Transaction.objects.filter(account=account, element__isnull=False).values_list(
            "element_id", "posted_on"
        )
    )
    rows = []
    for monday in weeks:
        for key, debit in domain.element_debits_for_week(
            monday, elements, start=tenancy.start_date, end=tenancy.end_date, free_mondays=free
        ):
            element = by_pk[key]
            if (element.pk, debit.date) in already:
                continue
            part = f"Part week, {debit.days} day{'s' if debit.days != 1 else ''}; " if debit.part_week else ""
            rows.append(
                Transaction(
                    account=account,
                    kind=element.kind,
                    amount=debit.amount,
                    posted_on=debit.date,
                    element=element,
                    scheduled=True,
                    description=f"{part}week beginning {monday:%d %B %Y} already run: posted when the account "
                    f"was opened",
                    created_by=_user(actor),
                )
            )
    for row in rows:
        row.save()
    if rows:
        total = sum((r.amount for r in rows), Decimal("0.00"))
        audit.record(
            actor=actor,
            obj=account,
            action="debits caught up",
            summary=f"{len(rows)} debit{'s' if len(rows) != 1 else ''} of {format_money(total)} for weeks "
            f"already run before the account was opened",
        )
    return rows


def _check_charges(errors: Errors, charges: Iterable[tuple[str, Any, str]]) -> None:
    for kind, weekly, _ in charges:
        if kind not in ChargeKind.values:
            errors.add("charges", "Select the kind of each charge.")
        try:
            amount = to_money(weekly)
        except Exception:
            errors.add("charges", "Enter each weekly charge as an amount of money, like 95.50.")
            continue
        if amount < 0:
            errors.add("charges", "A weekly charge cannot be less than £0.00.")


def _add_element(
    actor: Any,
    account: RentAccount,
    kind: str,
    weekly: Decimal,
    description: str,
    start: dt.date,
    end: dt.date | None = None,
) -> ChargeElement:
    element = ChargeElement(
        account=account,
        kind=kind,
        weekly_amount=weekly,
        description=description,
        effective_from=start,
        effective_to=end,
    )
    element.save()
    until = f" until {end:%d %B %Y}" if end else ""
    audit.record(
        actor=actor,
        obj=account,
        action="charge added",
        changes=audit.diff({}, audit.snapshot(element, ELEMENT_FIELDS)),
        summary=f"{element.get_kind_display()} {format_money(weekly)} a week from {start:%d %B %Y}{until}",
    )
    return element


def add_element(
    *,
    actor: Any,
    account: RentAccount,
    kind: str,
    weekly: Decimal,
    description: str,
    start: dt.date,
    end: dt.date | None = None,
) -> ChargeElement:
    """One more charge element from `start` (to `end`), recorded on the account's history."""
    return _add_element(actor, account, kind, weekly, description, start, end)


def debited_weeks_problem(account: RentAccount, effective_from: dt.date) -> str | None:
    """Why a charge cannot change from `effective_from`: a week from then on that the account's
    agreement runs in has already been debited (a completed debit run) at the old amount."""
    tenancy = account.tenancy
    weeks = completed_weeks(max(effective_from, tenancy.start_date), tenancy.end_date)
    weeks = [w for w in weeks if w >= effective_from]
    if not weeks:
        return None
    first, last = weeks[0], weeks[-1]
    which = (
        f"The week beginning {first:%d %B %Y} has"
        if first == last
        else f"The weeks beginning {first:%d %B %Y} to {last:%d %B %Y} have"
    )
    return (
        f"{which} already been debited at the old amount. Start the new charge from "
        f"{last + dt.timedelta(days=7):%d %B %Y}, and post a rent debit amendment for each week already "
        f"debited."
    )


@transaction.atomic
def change_charge(
    *,
    actor: Any,
    account: RentAccount,
    kind: str,
    weekly: Decimal | str,
    effective_from: dt.date,
    description: str = "",
) -> ChargeElement:
    """A new weekly amount for one element from a Monday; the element in force ends the day before."""
    permissions.require(actor, "rents.run")
    errors = Errors()
    if kind not in ChargeKind.values:
        errors.add("kind", "Select the kind of charge.")
    amount = None
    try:
        amount = to_money(str(weekly))
        if amount < 0:
            errors.add("weekly_amount", "A weekly charge cannot be less than £0.00.")
    except Exception:
        errors.add("weekly_amount", "Enter the weekly charge as an amount of money, like 95.50.")
    if effective_from is None:
        errors.add("effective_from", "Enter the date the new charge starts.")
    elif effective_from.weekday() != 0:
        errors.add("effective_from", "A charge changes on a Monday, the first day of a rent week.")
    else:
        problem = debited_weeks_problem(account, effective_from)
        if problem:
            errors.add("effective_from", problem)
    errors.raise_if_any()
    if not (amount is not None):  # validated above
        raise ValidationError("Check the details and try again.")
    current = (
        ChargeElement.objects.select_for_update()
        .filter(account=account, kind=kind, effective_to__isnull=True)
        .order_by("-effective_from")
        .first()
    )
    if current is not None:
        if current.effective_from >= effective_from:
            raise ValidationError({"effective_from": "The new charge must start after the one in force now."})
        before = audit.snapshot(current, ELEMENT_FIELDS)
        current.effective_to = effective_from - dt.timedelta(days=1)
        current.save(update_fields=["effective_to"])
        audit.record(
            actor=actor,
            obj=account,
            action="charge ended",
            changes=audit.diff(before, audit.snapshot(current, ELEMENT_FIELDS)),
            summary=f"{current.get_kind_display()} ends {current.effective_to:%d %B %Y}",
        )
    return _add_element(
        actor, account, kind, amount, description or (current.description if current else ""), effective_from
    )


@transaction.atomic
def set_free_weeks(*, actor: Any, year: int, mondays: Sequence[dt.date]) -> list[FreeWeek]:
    """The free (non-debit) weeks of a rent year, replacing those not yet debited."""
    permissions.require(actor, "rents.run")
    first, last = domain.rent_year_bounds(year)
    errors = Errors()
    for monday in mondays:
        if monday.weekday() != 0:
            errors.add("mondays", f"{monday:%d %B %Y} is not a Monday.")
        elif not first <= monday <= last:
            errors.add("mondays", f"{monday:%d %B %Y} is not in rent year {domain.rent_year_label(year)}.")
    run_weeks = set(
        DebitRun.objects.filter(week__range=(first, last), completed_at__isnull=False).values_list(
            "week", flat=True
        )
    )
    existing = set(FreeWeek.objects.filter(rent_year=year).values_list("monday", flat=True))
    changed = (existing ^ set(mondays)) & run_weeks
    if changed:
        errors.add(
            "mondays",
            "The week beginning "
            + ", ".join(f"{d:%d %B %Y}" for d in sorted(changed))
            + " has already been debited and cannot change.",
        )
    errors.raise_if_any()
    label = domain.rent_year_label(year)
    for row in FreeWeek.objects.filter(rent_year=year).exclude(monday__in=mondays).order_by("monday"):
        audit.record(
            actor=actor,
            obj=row,
            action="free week removed",
            changes={"monday": [row.monday.isoformat(), None]},
            summary=f"Week beginning {row.monday:%d %B %Y} is no longer a free week in {label}",
        )
    FreeWeek.objects.filter(rent_year=year).exclude(monday__in=mondays).delete()
    added = FreeWeek.objects.bulk_create(
        [FreeWeek(monday=m, rent_year=year) for m in sorted(set(mondays) - existing)]
    )
    for row in FreeWeek.objects.filter(monday__in=[r.monday for r in added]).order_by("monday"):
        audit.record(
            actor=actor,
            obj=row,
            action="free week added",
            changes={"monday": [None, row.monday.isoformat()]},
            summary=f"Week beginning {row.monday:%d %B %Y} made a free week in {label}",
        )
    return list(FreeWeek.objects.filter(rent_year=year))


# --- the weekly debit run ----------------------------------------------------------------------

# test hook: called inside each week's transaction between the full-week insert and the part weeks
_between_phases: Callable[[dt.date], None] | None = None


def _full_week_source(monday: dt.date) -> tuple[str, list[Any]]:
    """FROM ... WHERE of every whole week's debit: elements in force of agreements live all week."""
    el, acc, ten = ChargeElement._meta.db_table, RentAccount._meta.db_table, Tenancy._meta.db_table
    sunday = monday + dt.timedelta(days=6)
    source = f"""
        FROM {el} e
        JOIN {acc} a ON a.id = e.account_id
        JOIN {ten} t ON t.id = a.tenancy_id
        WHERE t.start_date <= %s AND (t.end_date IS NULL OR t.end_date >= %s)
          AND e.effective_from <= %s AND (e.effective_to IS NULL OR e.effective_to >= %s)
          AND e.weekly_amount > 0
    """  # noqa: S608 (table names from the models, values as parameters)
    return source, [monday, sunday, monday, monday]


def _full_week_sql(monday: dt.date, *, skip_existing: bool = True) -> tuple[str, list[Any]]:
    """Every whole week's debit of every element in force, in one INSERT ... SELECT."""
    tx = Transaction._meta.db_table
    source, params = _full_week_source(monday)
    sql = f"""
        INSERT INTO {tx} (account_id, kind, amount, posted_on, element_id, scheduled, channel, reference,
                          description, created_at)
        SELECT e.account_id, e.kind, e.weekly_amount, %s, e.id, %s, '', '', '', %s
        {source}
        {"ON CONFLICT DO NOTHING" if skip_existing else ""}
    """  # noqa: S608 (table names from the models, values as parameters)
    return sql, [monday, True, timezone.now(), *params]


def _week_rows_postgresql(monday: dt.date) -> tuple[str, dict[str, Any]]:
    """FROM ... WHERE of every debit of the week, whole and part weeks alike: the rules of
    `domain.debit_for_week` in SQL. An element is debited on the first day of the week its agreement
    runs (the Monday, or the start date) at the amount in force that day; a part week is
    weekly x days / 7 to the penny (weekly x days is in pence and 7 never divides it to an exact half,
    so rounding half up or half away from zero agree)."""
    el, acc, ten = ChargeElement._meta.db_table, RentAccount._meta.db_table, Tenancy._meta.db_table
    rows = f"""
        FROM (
            SELECT e.account_id, e.kind, e.id AS element_id, e.effective_from, e.effective_to, d.first,
                   d.days,
                   CASE WHEN d.days = 7 THEN e.weekly_amount ELSE round(e.weekly_amount * d.days / 7, 2) END
                       AS amount
            FROM {el} e
            JOIN {acc} a ON a.id = e.account_id
            JOIN {ten} t ON t.id = a.tenancy_id
            CROSS JOIN LATERAL (
                SELECT greatest(t.start_date, %(monday)s::date) AS first,
                       least(coalesce(t.end_date, %(sunday)s::date), %(sunday)s::date)
                           - greatest(t.start_date, %(monday)s::date) + 1 AS days
            ) d
            WHERE t.start_date <= %(sunday)s AND (t.end_date IS NULL OR t.end_date >= %(monday)s)
              AND e.effective_from <= %(sunday)s AND (e.effective_to IS NULL OR e.effective_to >= %(monday)s)
              AND e.weekly_amount > 0
        ) w
        WHERE w.days > 0 AND w.amount > 0
          AND w.effective_from <= w.first AND (w.effective_to IS NULL OR w.effective_to >= w.first)
    """  # noqa: S608 (table names from the models, values as parameters)
    return rows, {"now": timezone.now(), "monday": monday, "sunday": monday + dt.timedelta(days=6)}


def _week_sql_postgresql(monday: dt.date, *, skip_existing: bool = True) -> tuple[str, dict[str, Any]]:
    """Every debit of the week in one INSERT ... SELECT (see `_week_rows_postgresql`)."""
    rows, params = _week_rows_postgresql(monday)
    sql = f"""
        INSERT INTO {Transaction._meta.db_table} (account_id, kind, amount, posted_on, element_id, scheduled,
                                                  channel, reference, description, created_at)
        SELECT w.account_id, w.kind, w.amount, w.first, w.element_id, TRUE, '', '',
               CASE WHEN w.days = 7 THEN ''
                    ELSE 'Part week, ' || w.days || CASE WHEN w.days = 1 THEN ' day' ELSE ' days' END
               END,
               %(now)s
        {rows}
        {"ON CONFLICT DO NOTHING" if skip_existing else ""}
    """  # noqa: S608 (table names from the models, values as parameters)
    return sql, params


def _part_week_rows(monday: dt.date, free: frozenset[dt.date]) -> list[Transaction]:
    """Debits of agreements that start or end inside the week, through the domain rules."""
    sunday = monday + dt.timedelta(days=6)
    tenancies = (
        Tenancy.objects.filter(
            Q(start_date__gt=monday, start_date__lte=sunday) | Q(end_date__gte=monday, end_date__lt=sunday),
            rent_account__isnull=False,
        )
        .exclude(start_date__gt=sunday)
        .values_list("rent_account__id", "start_date", "end_date")
    )
    by_account = {acc: (start, end) for acc, start, end in tenancies}
    rows: list[Transaction] = []
    elements = ChargeElement.objects.filter(account_id__in=by_account).order_by("account_id", "id")
    for e in elements:
        start, end = by_account[e.account_id]
        element = domain.Element(e, e.weekly_amount, e.effective_from, e.effective_to)
        for _, debit in domain.element_debits_for_week(
            monday, [element], start=start, end=end, free_mondays=free
        ):
            rows.append(
                Transaction(
                    account_id=e.account_id,
                    kind=e.kind,
                    amount=debit.amount,
                    posted_on=debit.date,
                    element_id=e.pk,
                    scheduled=True,
                    description=f"Part week, {debit.days} day{'s' if debit.days != 1 else ''}",
                )
            )
    return rows


def _week_totals(monday: dt.date) -> tuple[int, Decimal]:
    totals = Transaction.objects.filter(
        scheduled=True, posted_on__range=(monday, monday + dt.timedelta(days=6))
    ).aggregate(n=Count("id"), total=Sum("amount"))
    return totals["n"] or 0, Decimal(totals["total"] or 0)


def post_week(monday: dt.date) -> DebitRun:
    """Post every debit of the rent week beginning `monday` for every live agreement, in one
    transaction: a run stopped half-way leaves nothing of the week, and a rerun posts each debit
    once (the ledger allows one debit run row per account, element and date)."""
    if monday.weekday() != 0:
        raise ValidationError({"week": "A rent week begins on a Monday."})
    free = frozenset(FreeWeek.objects.values_list("monday", flat=True).filter(monday=monday))
    with transaction.atomic():
        run, _ = DebitRun.objects.select_for_update().get_or_create(week=monday)
        posted, total = 0, Decimal("0")
        if not free and connection.vendor == "postgresql":
            # A week is posted in one transaction, so a week never completed holds no debits yet: a
            # plain INSERT will do. A rerun of a completed week skips what is there already.
            sql, named = _week_sql_postgresql(monday, skip_existing=run.completed_at is not None)
            with connection.cursor() as cursor:
                # room for the joins' hash tables in memory, for this transaction only
                cursor.execute("SET LOCAL work_mem = '256MB'")
                # count and sum what the insert posted as it posts it (no second pass)
                counted = f"WITH ins AS ({sql} RETURNING amount) SELECT count(*), sum(amount) FROM ins"  # noqa: S608
                cursor.execute(counted, named)
                n, s = cursor.fetchone()
                posted, total = n or 0, Decimal(s or 0)
            if _between_phases is not None:
                _between_phases(monday)
        elif not free:
            # SQLite: whole weeks in one INSERT ... SELECT, part weeks through the domain rules
            rerun = run.completed_at is not None
            sql, params = _full_week_sql(monday, skip_existing=rerun)
            with connection.cursor() as cursor:
                if not rerun:
                    # what the insert will post, from the same rows (cheaper than reading them back)
                    source, source_params = _full_week_source(monday)
                    cursor.execute(f"SELECT count(*), sum(e.weekly_amount) {source}", source_params)  # noqa: S608
                    n, s = cursor.fetchone()
                    cursor.execute(sql, params)
                    posted = cursor.rowcount if cursor.rowcount >= 0 else (n or 0)
                    total = to_money(str(s or 0))  # SQLite sums decimals as floats
                else:
                    before = _week_totals(monday)
                    cursor.execute(sql, params)
                    after = _week_totals(monday)
                    posted, total = after[0] - before[0], after[1] - before[1]
            if _between_phases is not None:
                _between_phases(monday)
            rows = _part_week_rows(monday, free)
            ids = sorted({r.account_id for r in rows})
            existing: set[tuple[int, int | None, dt.date]] = set()
            for i in range(0, len(ids), CHUNK):
                existing |= set(
                    Transaction.objects.filter(
                        scheduled=True,
                        account_id__in=ids[i : i + CHUNK],
                        posted_on__range=(monday, monday + dt.timedelta(days=6)),
                    ).values_list("account_id", "element_id", "posted_on")
                )
            new = [r for r in rows if (r.account_id, r.element_id, r.posted_on) not in existing]
            for i in range(0, len(new), CHUNK):
                Transaction.objects.bulk_create(new[i : i + CHUNK], ignore_conflicts=True)
            posted += len(new)
            total += sum((r.amount for r in new), Decimal("0"))
        run.posted += posted
        run.total += total
        run.completed_at = timezone.now()
        run.save(update_fields=["posted", "total", "completed_at"])
    return run


def run_debits(*, weeks: Sequence[dt.date], job_id: int | None = None, actor: Any = None) -> list[DebitRun]:
    """Post each week in turn (each its own transaction), reporting progress on the job."""
    if job_id:
        jobs.begin(job_id, total=len(weeks))
    runs = []
    for done, monday in enumerate(sorted(weeks), start=1):
        run = post_week(monday)
        if job_id:
            DebitRun.objects.filter(pk=run.pk).update(job_id=job_id)
        audit.record(
            actor=actor or "debit run",
            obj=run,
            action="posted",
            summary=f"{run.posted:,} debits, {format_money(run.total)}",
        )
        runs.append(run)
        if job_id:
            jobs.progress(job_id, done)
    if job_id:
        posted = sum(r.posted for r in runs)
        jobs.finish(
            job_id,
            f"Posted {len(runs)} week{'s' if len(runs) != 1 else ''}: {posted:,} debits in the ledger.",
        )
    return runs


EARLIEST_RUN_WEEKS = 13  # a debit run further back than this is almost always a mistyped date


def check_debit_run(week: dt.date | None) -> None:
    errors = Errors()
    if week is None:
        errors.add("week", "Enter the Monday the rent week begins.")
    elif week.weekday() != 0:
        errors.add("week", "A rent week begins on a Monday.")
    elif week > _today() + dt.timedelta(days=28):
        errors.add("week", "The week must begin within the next four weeks.")
    elif week < domain.week_monday(_today()) - dt.timedelta(weeks=EARLIEST_RUN_WEEKS):
        errors.add(
            "week",
            f"The week must begin no more than {EARLIEST_RUN_WEEKS} weeks ago. Check the year.",
        )
    errors.raise_if_any()


def start_debit_run(*, actor: Any, week: dt.date | None) -> Any:
    """Queue the debit run for a week as a background job; returns the Job."""
    permissions.require(actor, "rents.run")
    check_debit_run(week)
    if week is None:  # check_debit_run refused it already
        raise ValidationError({"week": "Enter the Monday the rent week begins."})
    from hearth.rents.tasks import debit_run_task

    return jobs.start(
        name=f"Weekly debit run, week beginning {week:%d %B %Y}",
        kind="rents.debit_run",
        params={"weeks": [week.isoformat()]},
        actor=actor,
        task=debit_run_task,
    )


# --- payments in ------------------------------------------------------------------------------


@transaction.atomic
def post_payment(
    *,
    actor: Any,
    account: RentAccount,
    amount: Decimal | str,
    paid_on: dt.date | None,
    channel: str,
    reference: str = "",
    description: str = "",
) -> Transaction:
    """A manual payment (cash, cheque, card, bank)."""
    permissions.require(actor, "rents.post")
    errors = Errors()
    value = _money(errors, "amount", amount)
    if paid_on is None:
        errors.add("paid_on", "Enter the date of the payment.")
    elif paid_on > _today():
        errors.add("paid_on", "The payment date must be today or in the past.")
    if channel not in MANUAL_CHANNELS:
        errors.add("channel", "Select how the payment was made.")
    reference = (reference or "").strip()
    duplicate = f"A payment with reference {reference} has already been posted to this account."
    if (
        reference
        and Transaction.objects.filter(
            account=account, channel=channel, reference=reference, kind__in=PAYMENT_KINDS
        ).exists()
    ):
        # only on the same account: another tenant's cheque may carry the same number
        errors.add("reference", duplicate)
    errors.raise_if_any()
    if not (value is not None and paid_on is not None):  # validated above
        raise ValidationError("Check the details and try again.")
    tx = Transaction(
        account=account,
        kind=Transaction.Kind.PAYMENT,
        amount=-value,
        posted_on=paid_on,
        channel=channel,
        reference=reference,
        description=description[:200],
        created_by=_user(actor),
    )
    try:
        with transaction.atomic():
            tx.save()
    except IntegrityError:  # the same payment posted at the same moment by someone else
        raise ValidationError({"reference": [duplicate]}) from None
    audit.record(
        actor=actor,
        obj=account,
        action="payment posted",
        summary=f"{Transaction.Channel(channel).label} payment {format_money(value)} on {paid_on:%d %B %Y}",
    )
    return tx


def payment_reversal(payment: Transaction) -> Transaction | None:
    """The transaction that took this payment back, if one has."""
    return Transaction.objects.filter(account=payment.account_id, corrects=payment.pk).order_by("id").first()


@transaction.atomic
def reverse_payment(
    *, actor: Any, payment: Transaction, reason: str, reversed_on: dt.date | None
) -> Transaction:
    """Take back a payment that did not arrive (a cheque returned unpaid): a debit of the same amount
    that corrects it, with the reason. Not money out, so no limit or approval; once per payment."""
    permissions.require(actor, "rents.post")
    RentAccount.objects.select_for_update().filter(pk=payment.account_id).first()  # one reversal at a time
    errors = Errors()
    if payment.kind not in PAYMENT_KINDS or payment.amount >= 0:
        errors.add(
            "reason", f"Transaction no. {payment.pk} is not a payment received, so it cannot be reversed."
        )
    else:
        earlier = payment_reversal(payment)
        if earlier is not None:
            errors.add(
                "reason",
                f"Payment no. {payment.pk} was already reversed by no. {earlier.pk} "
                f"on {earlier.posted_on:%d %B %Y}.",
            )
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", "Say why the payment is reversed, for example the cheque was returned unpaid.")
    if reversed_on is None:
        errors.add("reversed_on", "Enter the date the payment was returned.")
    elif reversed_on > _today():
        errors.add("reversed_on", "The date must be today or in the past.")
    elif reversed_on < payment.posted_on:
        errors.add(
            "reversed_on", f"The date cannot be before the payment itself ({payment.posted_on:%d %B %Y})."
        )
    errors.raise_if_any()
    if reversed_on is None:  # validated above
        raise ValidationError("Check the details and try again.")
    tx = Transaction(
        account_id=payment.account_id,
        kind=payment.kind,
        amount=-payment.amount,
        posted_on=reversed_on,
        channel=payment.channel,
        reference=payment.reference,
        description=f"Payment no. {payment.pk} reversed: {reason}"[:200],
        corrects=payment,
        created_by=_user(actor),
    )
    try:
        with transaction.atomic():
            tx.save()
    except IntegrityError:
        raise ValidationError({"reason": [f"Payment no. {payment.pk} has already been reversed."]}) from None
    audit.record(
        actor=actor,
        obj=RentAccount.objects.get(pk=payment.account_id),
        action="payment reversed",
        summary=f"Payment no. {payment.pk} of {format_money(-payment.amount)} reversed "
        f"on {reversed_on:%d %B %Y}: {reason}",
    )
    return tx


def mapping_for(channel: str) -> domain.ColumnMapping:
    row = ChannelMapping.objects.filter(channel=channel).first()
    if row:
        return domain.ColumnMapping(
            row.account_column, row.amount_column, row.date_column, row.reference_column, row.date_format
        )
    return DEFAULT_MAPPINGS[channel]


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def import_payments(*, actor: Any, channel: str, filename: str, content: bytes) -> PaymentImport:
    """Import a payment file, all or nothing.

    A file with any bad row is refused whole, every bad row listed by line ("file": [sentences]);
    a file that cannot be read as CSV (`core.csvfiles`: a quote not closed on its line, mixed line
    endings, not UTF-8) is refused whole with one sentence naming the line.
    The same file twice posts nothing (its hash). A row counts as posted before, and is skipped,
    only when a payment with the same channel, reference, account, date and amount is already on
    the ledger (or in suspense): cheque numbers and schedule line numbers repeat. A row whose account
    is unknown goes to suspense. Housing Benefit, Universal Credit and Direct Debit files may hold
    negative rows, posted as a reversal (a debit) with a description.
    """
    permissions.require(actor, "rents.post")
    errors = Errors()
    if channel not in FILE_CHANNELS:
        errors.add("channel", "Select where the payment file comes from.")
        errors.raise_if_any()
    if not content:
        errors.add("file", "The selected file is empty.")
        errors.raise_if_any()
    digest = hashlib.sha256(content).hexdigest()
    earlier = PaymentImport.objects.filter(sha256=digest).first()
    if earlier:
        errors.add(
            "file",
            f"This file was already imported on {timezone.localtime(earlier.imported_at):%d %B %Y} "
            f"({earlier.filename}); nothing was posted again.",
        )
        errors.raise_if_any()
    try:
        parsed = domain.parse_payment_file(
            csvfiles.decode(content),
            mapping_for(channel),
            today=_today(),
            allow_negative=channel in REVERSAL_DESCRIPTIONS,
        )
    except csvfiles.UnreadableFile as exc:
        raise ValidationError({"file": [f"{exc.sentence} Nothing was posted."]}) from None
    for line, message in parsed.errors:
        errors.add("file", f"Line {line}: {message}")
    errors.raise_if_any()
    kind = PAYMENT_KIND.get(channel, Transaction.Kind.PAYMENT)
    with transaction.atomic():
        batch = PaymentImport(
            channel=channel, filename=filename[:255], sha256=digest, imported_by=_user(actor)
        )
        try:
            with transaction.atomic():
                batch.save()
        except Exception:  # the same file imported at the same moment by someone else
            raise ValidationError(
                {"file": ["This file has already been imported; nothing was posted again."]}
            ) from None
        user = _user(actor)
        post = _post_rows_copy if connection.vendor == "postgresql" else _post_rows_orm
        try:
            with transaction.atomic():
                counts = post(
                    batch=batch,
                    channel=channel,
                    kind=kind,
                    rows=parsed.rows,
                    user_id=getattr(user, "pk", None),
                )
        except IntegrityError:  # another file with some of the same payments posted at the same moment
            raise ValidationError(
                {
                    "file": [
                        "Some of these payments were posted by another import just now; nothing was "
                        "posted. Import the file again to post the rest."
                    ]
                }
            ) from None
        posted_n, posted_total, suspense_n, suspense_total = counts
        batch.rows = posted_n
        batch.suspense_rows = suspense_n
        batch.total = posted_total + suspense_total
        batch.save(update_fields=["rows", "suspense_rows", "total"])
        skipped = len(parsed.rows) - posted_n - suspense_n
        audit.record(
            actor=actor,
            obj=batch,
            action="imported",
            summary=f"{posted_n} payments posted, {suspense_n} to suspense, {skipped} already posted",
        )
    return batch


PostedCounts = tuple[int, Decimal, int, Decimal]


PaymentKey = tuple[str, str, dt.date, Decimal]  # reference, account (upper case), date, file amount


def _posted_before(channel: str, rows: Sequence[domain.PaymentRow]) -> set[PaymentKey]:
    """The keys of the rows already posted (on the ledger or in suspense): same channel, reference,
    account, date and amount. Read by reference in chunks; the rest is matched here."""
    found: set[PaymentKey] = set()
    refs = sorted({r.reference for r in rows})
    for i in range(0, len(refs), CHUNK):
        part = refs[i : i + CHUNK]
        for ref, account, day, amount in Transaction.objects.filter(
            channel=channel, reference__in=part, kind__in=PAYMENT_KINDS
        ).values_list("reference", "account__reference", "posted_on", "amount"):
            found.add((ref, account.upper(), day, -amount))
        for ref, given, day, amount in SuspenseItem.objects.filter(
            channel=channel, reference__in=part
        ).values_list("reference", "account_given", "paid_on", "amount"):
            found.add((ref, given.upper(), day, amount))
    return found


def _key(row: domain.PaymentRow) -> PaymentKey:
    return (row.reference, row.account.upper(), row.date, row.amount)


def _reversed_payments(channel: str, rows: Sequence[tuple[int, domain.PaymentRow]]) -> dict[int, int]:
    """For negative rows (line -> row with its account id): the payment each takes back, when the
    ledger holds one with the same channel, reference, account and amount."""
    out: dict[int, int] = {}
    for i in range(0, len(rows), CHUNK):
        part = rows[i : i + CHUNK]
        wanted = {(r.reference, account_id, -r.amount): r.line for account_id, r in part}
        for pk, ref, account_id, amount in (
            Transaction.objects.filter(
                channel=channel,
                reference__in={r.reference for _, r in part},
                kind__in=PAYMENT_KINDS,
                amount__lt=0,
            )
            .order_by("posted_on", "id")
            .values_list("pk", "reference", "account_id", "amount")
        ):
            line = wanted.get((ref, account_id, -amount))
            if line is not None and line not in out:  # the earliest such payment
                out[line] = pk
    return out


def _post_rows_orm(
    *, batch: PaymentImport, channel: str, kind: str, rows: Sequence[domain.PaymentRow], user_id: int | None
) -> PostedCounts:
    """Post a parsed file's rows through the ORM in chunks (SQLite, and small files anywhere)."""
    seen = _posted_before(channel, rows)
    keys = sorted({r.account.upper() for r in rows})
    accounts: dict[str, int] = {}
    for i in range(0, len(keys), CHUNK):
        accounts.update(
            RentAccount.objects.filter(reference__in=keys[i : i + CHUNK]).values_list("reference", "id")
        )
    fresh = [r for r in rows if _key(r) not in seen]
    negative = [
        (accounts[r.account.upper()], r) for r in fresh if r.amount < 0 and r.account.upper() in accounts
    ]
    corrects = _reversed_payments(channel, negative) if negative and channel in LINKED_REVERSALS else {}
    reversal = REVERSAL_DESCRIPTIONS.get(channel, "")
    posted: list[Transaction] = []
    suspense: list[SuspenseItem] = []
    for row in fresh:
        account_id = accounts.get(row.account.upper())
        if account_id is None:
            suspense.append(
                SuspenseItem(
                    payment_import=batch,
                    channel=channel,
                    account_given=row.account,
                    amount=row.amount,
                    paid_on=row.date,
                    reference=row.reference,
                    line=row.line,
                )
            )
        else:
            posted.append(
                Transaction(
                    account_id=account_id,
                    kind=kind,
                    amount=-row.amount,
                    posted_on=row.date,
                    channel=channel,
                    reference=row.reference,
                    description=reversal if row.amount < 0 else "",
                    corrects_id=corrects.get(row.line),
                    payment_import=batch,
                    created_by_id=user_id,
                )
            )
    Transaction.objects.bulk_create(posted, batch_size=CHUNK)
    SuspenseItem.objects.bulk_create(suspense, batch_size=CHUNK)
    return (
        len(posted),
        sum((-t.amount for t in posted), Decimal("0")),
        len(suspense),
        sum((x.amount for x in suspense), Decimal("0")),
    )


def _post_rows_copy(
    *, batch: PaymentImport, channel: str, kind: str, rows: Sequence[domain.PaymentRow], user_id: int | None
) -> PostedCounts:
    """PostgreSQL: COPY the rows into a temporary table, then post and suspend them in two set-based
    INSERT ... SELECT statements. A row already posted (same channel, reference, account, date and
    amount, on the ledger or in suspense) is left out; a negative row is posted as a reversal, with
    its description, correcting the payment it takes back when the ledger holds it."""
    tx, sus, acc = Transaction._meta.db_table, SuspenseItem._meta.db_table, RentAccount._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE rents_import_rows (line integer, account text, amount numeric(10, 2), "
            "paid_on date, reference text) ON COMMIT DROP"
        )
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(
            "COPY rents_import_rows (line, account, amount, paid_on, reference) FROM STDIN"
        ) as copy:
            for r in rows:
                copy.write_row((r.line, r.account.upper(), r.amount, r.date, r.reference))
        # the conditions match the partial unique index rents_one_payment_per_key, which serves them
        payment = "t.kind IN ('payment', 'hb', 'uc') AND t.reference <> ''"
        not_in_suspense = f"""NOT EXISTS (
                SELECT 1 FROM {sus} s WHERE s.channel = %s AND s.reference = r.reference
                AND upper(s.account_given) = r.account AND s.paid_on = r.paid_on AND s.amount = r.amount)
        """  # noqa: S608 (table names from the models)
        cursor.execute(
            f"""
            WITH ins AS (
                INSERT INTO {tx} (account_id, kind, amount, posted_on, element_id, scheduled, channel, reference,
                                  description, corrects_id, payment_import_id, created_by_id, created_at)
                SELECT a.id, %s, -r.amount, r.paid_on, NULL, false, %s, r.reference,
                       CASE WHEN r.amount < 0 THEN %s ELSE '' END,
                       CASE WHEN r.amount < 0 AND %s THEN (
                           SELECT t.id FROM {tx} t WHERE t.channel = %s AND t.reference = r.reference
                           AND t.account_id = a.id AND t.amount = r.amount AND {payment}
                           ORDER BY t.posted_on, t.id LIMIT 1) END,
                       %s, %s, %s
                FROM rents_import_rows r JOIN {acc} a ON a.reference = r.account
                WHERE NOT EXISTS (
                    SELECT 1 FROM {tx} t WHERE t.channel = %s AND t.reference = r.reference
                    AND t.account_id = a.id AND t.posted_on = r.paid_on AND t.amount = -r.amount AND {payment})
                AND {not_in_suspense}
                RETURNING amount
            ) SELECT count(*), sum(amount) FROM ins
            """,  # noqa: S608
            [
                kind,
                channel,
                REVERSAL_DESCRIPTIONS.get(channel, ""),
                channel in LINKED_REVERSALS,
                channel,
                batch.pk,
                user_id,
                now,
                channel,
                channel,
            ],
        )
        posted_n, posted_sum = cursor.fetchone()
        cursor.execute(
            f"""
            WITH ins AS (
                INSERT INTO {sus} (payment_import_id, channel, account_given, amount, paid_on, reference, line,
                                   cleared_to_id, transaction_id, cleared_by_id, cleared_at, created_at)
                SELECT %s, %s, r.account, r.amount, r.paid_on, r.reference, r.line, NULL, NULL, NULL, NULL, %s
                FROM rents_import_rows r
                WHERE NOT EXISTS (SELECT 1 FROM {acc} a WHERE a.reference = r.account) AND {not_in_suspense}
                RETURNING amount
            ) SELECT count(*), sum(amount) FROM ins
            """,  # noqa: S608
            [batch.pk, channel, now, channel],
        )
        suspense_n, suspense_sum = cursor.fetchone()
        cursor.execute("DROP TABLE rents_import_rows")
    return posted_n or 0, -Decimal(posted_sum or 0), suspense_n or 0, Decimal(suspense_sum or 0)


@transaction.atomic
def clear_suspense(*, actor: Any, item: SuspenseItem, account: RentAccount | None) -> Transaction:
    """Post a suspense payment to the account it belongs to."""
    permissions.require(actor, "rents.post")
    item = SuspenseItem.objects.select_for_update().get(pk=item.pk)
    errors = Errors()
    if item.transaction_id:
        errors.add("account", "This payment has already been cleared from suspense.")
    if account is None:
        errors.add("account", "Enter the rent account the payment belongs to.")
    errors.raise_if_any()
    if not (account is not None):  # validated above
        raise ValidationError("Check the details and try again.")
    kind = PAYMENT_KIND.get(item.channel, Transaction.Kind.PAYMENT)
    tx = Transaction(
        account=account,
        kind=kind,
        amount=-item.amount,
        posted_on=item.paid_on,
        channel=item.channel,
        reference=item.reference,
        payment_import=item.payment_import,
        created_by=_user(actor),
        description=f"Cleared from suspense (given as {item.account_given})"[:200],
    )
    try:
        with transaction.atomic():
            tx.save()
    except IntegrityError:  # the same payment (reference, date, amount) is already on that account
        raise ValidationError(
            {"account": [f"Payment {item.reference} is already on account {account.reference}."]}
        ) from None
    item.cleared_to = account
    item.transaction = tx
    item.cleared_by = _user(actor)
    item.cleared_at = timezone.now()
    item.save(update_fields=["cleared_to", "transaction", "cleared_by", "cleared_at"])
    audit.record(
        actor=actor,
        obj=account,
        action="payment posted",
        summary=f"Payment {format_money(item.amount)} ({item.reference}) cleared from suspense",
    )
    return tx


@transaction.atomic
def post_recharge(
    *,
    actor: Any,
    account: RentAccount,
    amount: Decimal | str,
    description: str,
    reference: str = "",
    charged_on: dt.date | None = None,
) -> Transaction:
    """A rechargeable repair raised by the repairs module, posted to the tenant's account."""
    permissions.require(actor, "rents.post")
    errors = Errors()
    value = _money(errors, "amount", amount)
    if not (description or "").strip():
        errors.add("description", "Say what the recharge is for.")
    errors.raise_if_any()
    if not (value is not None):  # validated above
        raise ValidationError("Check the details and try again.")
    tx = Transaction(
        account=account,
        kind=Transaction.Kind.RECHARGE,
        amount=value,
        posted_on=charged_on or _today(),
        reference=reference[:60],
        description=description.strip()[:200],
        created_by=_user(actor),
    )
    tx.save()
    audit.record(
        actor=actor,
        obj=account,
        action="recharge posted",
        summary=f"Recharge {format_money(value)}: {description}",
    )
    return tx


# --- money out and corrections -----------------------------------------------------------------


def limit_for(user: Any, kind: str) -> Decimal:
    field = LIMIT_FIELD[kind]
    pk = getattr(user, "pk", None)
    row = OfficerLimit.objects.filter(user_id=pk).first() if pk is not None else None
    if row:
        return Decimal(getattr(row, field))
    approver = permissions.has_capability(user, "rents.approve") if pk is not None else False
    return (domain.DEFAULT_APPROVER_LIMITS if approver else domain.DEFAULT_LIMITS)[field]


LIMIT_NAME = {"refund": "refunds", "write_off": "write-offs", "adjustment": "rent debit amendments"}
SPLIT_WINDOW = dt.timedelta(days=30)
REFUND_KINDS = ("refund", "hb_refund", "uc_refund")


def _room_problem(account: RentAccount, kind: str, value: Decimal) -> str | None:
    """Why `value` is more than the account can take: a refund no more than its credit (everything
    posted), a write-off no more than its arrears (owed by today)."""
    if kind in REFUND_KINDS:
        credit = max(-selectors.balance(account), Decimal("0.00"))
        if value > credit:
            if credit == 0:
                return "The account is not in credit, so there is nothing to refund."
            return f"A refund can be no more than the account's credit of {format_money(credit)}."
    elif kind == "write_off":
        owed = selectors.arrears(account)
        if value > owed:
            if owed == 0:
                return "The account has no arrears to write off."
            return f"A write-off can be no more than the arrears of {format_money(owed)}."
    return None


def recent_requested(*, user: Any, account: RentAccount, kind: str) -> Decimal:
    """What `user` asked for in the last 30 days on the account, posted or waiting, of the kinds
    sharing `kind`'s limit: requests split into smaller ones count together towards the limit."""
    kinds = [k for k, f in LIMIT_FIELD.items() if f == LIMIT_FIELD[kind]]
    amounts = MoneyRequest.objects.filter(
        account=account,
        requested_by_id=getattr(user, "pk", None),
        kind__in=kinds,
        state__in=[MoneyRequest.State.POSTED, MoneyRequest.State.PENDING],
        requested_at__gte=timezone.now() - SPLIT_WINDOW,
    ).values_list("amount", flat=True)
    return sum((abs(a) for a in amounts), Decimal("0.00"))


def check_money_request(
    *, account: RentAccount | None, kind: str, amount: Any, reason: str, corrects: Transaction | None = None
) -> tuple[Errors, Decimal | None]:
    errors = Errors()
    if kind not in MoneyRequest.Kind.values:
        errors.add("kind", "Select what kind of change this is.")
    value = _money(errors, "amount", amount, allow_negative=(kind == "adjustment"))
    if not (reason or "").strip():
        errors.add("reason", "Enter the reason.")
    if corrects is not None and account is not None and corrects.account_id != account.pk:
        errors.add("corrects", "The transaction corrected must be on the same account.")
    if kind == "adjustment" and corrects is None:
        errors.add("corrects", "Select the debit this amendment corrects.")
    if account is not None and value is not None and kind in REQUEST_SIGN:
        problem = _room_problem(account, kind, value)
        if problem:
            errors.add("amount", problem)
    return errors, value


@transaction.atomic
def request_money_out(
    *,
    actor: Any,
    account: RentAccount,
    kind: str,
    amount: Decimal | str,
    reason: str,
    corrects: Transaction | None = None,
) -> MoneyRequest:
    """A refund, write-off or amendment: posted now if within the officer's limit, else waits for a
    different person's approval. Amendments are signed (a negative amount reduces the debt)."""
    permissions.require(actor, "rents.post")
    # one request at a time per account, so the credit, arrears and running totals hold
    RentAccount.objects.select_for_update().filter(pk=account.pk).first()
    errors, value = check_money_request(
        account=account, kind=kind, amount=amount, reason=reason, corrects=corrects
    )
    errors.raise_if_any()
    if not (value is not None):  # validated above
        raise ValidationError("Check the details and try again.")
    earlier = recent_requested(user=actor, account=account, kind=kind)
    req = MoneyRequest(
        reference=next_reference("MR", width=6),
        account=account,
        kind=kind,
        amount=value,
        reason=reason.strip()[:300],
        corrects=corrects,
        requested_by=actor,
    )
    create_audited(actor=actor, obj=req, fields=REQUEST_FIELDS, summary=f"{req.get_kind_display()} requested")
    if not domain.needs_approval(earlier + abs(value), limit_for(actor, kind)):
        _post_request(actor, req, note="Within the officer's own limit.")
    return req


def _post_request(actor: Any, req: MoneyRequest, note: str) -> None:
    sign = REQUEST_SIGN[req.kind]
    tx = Transaction(
        account=req.account,
        kind=req.kind,
        amount=sign * req.amount,
        posted_on=_today(),
        corrects=req.corrects,
        reference=req.reference,
        description=req.reason[:200],
        created_by=_user(actor),
    )
    tx.save()
    before = audit.snapshot(req, REQUEST_FIELDS)
    req.state = MoneyRequest.State.POSTED
    req.transaction = tx
    req.decided_by = _user(actor)
    req.decided_at = timezone.now()
    req.decision_note = note
    req.save(update_fields=["state", "transaction", "decided_by", "decided_at", "decision_note"])
    audit.record(
        actor=actor,
        obj=req,
        action="posted",
        changes=audit.diff(before, audit.snapshot(req, REQUEST_FIELDS)),
        summary=f"Posted to {req.account.reference}",
    )
    audit.record(
        actor=actor,
        obj=req.account,
        action=f"{req.kind} posted",
        summary=f"{req.get_kind_display()} {format_money(req.amount)} ({req.reference}): {req.reason}",
    )


@transaction.atomic
def decide_money_request(*, actor: Any, request: MoneyRequest, approve: bool, note: str = "") -> MoneyRequest:
    """Approve (post) or reject a request; never by the officer who made it."""
    permissions.require(actor, "rents.approve")
    req = MoneyRequest.objects.select_for_update().select_related("account").get(pk=request.pk)
    errors = Errors()
    if req.state != MoneyRequest.State.PENDING:
        errors.add("decision", f"This request is already {req.get_state_display().lower()}.")
    refusal = domain.approval_refusal(requested_by=req.requested_by_id, approver=getattr(actor, "pk", None))
    if refusal:
        errors.add("decision", refusal)
    if not approve and not (note or "").strip():
        errors.add("note", "Enter why the request is rejected.")
    if approve and not errors.by_field.get("decision"):
        own = limit_for(actor, req.kind)
        if domain.needs_approval(req.amount, own):
            errors.add(
                "decision",
                f"Your own limit for {LIMIT_NAME[LIMIT_FIELD[req.kind]]} is {format_money(own)}, less than "
                f"this request for {format_money(abs(req.amount))}. Someone whose limit covers it must approve it.",
            )
        else:
            RentAccount.objects.select_for_update().filter(pk=req.account_id).first()
            problem = _room_problem(req.account, req.kind, abs(req.amount))
            if problem:
                errors.add("decision", f"{problem} Reject this request or ask for a smaller amount.")
    errors.raise_if_any()
    if approve:
        _post_request(actor, req, note=(note or "Approved").strip()[:300])
    else:
        before = audit.snapshot(req, REQUEST_FIELDS)
        req.state = MoneyRequest.State.REJECTED
        req.decided_by = actor
        req.decided_at = timezone.now()
        req.decision_note = note.strip()[:300]
        req.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        audit.record(
            actor=actor,
            obj=req,
            action="rejected",
            changes=audit.diff(before, audit.snapshot(req, REQUEST_FIELDS)),
            summary=note.strip()[:300],
        )
    return req


@transaction.atomic
def set_officer_limits(
    *, actor: Any, user: Any, refund: Decimal, write_off: Decimal, adjustment: Decimal
) -> OfficerLimit:
    permissions.require(actor, "admin")
    row, _ = OfficerLimit.objects.update_or_create(
        user=user,
        defaults={
            "refund": to_money(refund),
            "write_off": to_money(write_off),
            "adjustment": to_money(adjustment),
        },
    )
    audit.record(
        actor=actor,
        obj=row,
        action="updated",
        summary=f"Limits: refund {format_money(row.refund)}, write-off {format_money(row.write_off)}, "
        f"amendment {format_money(row.adjustment)}",
    )
    return row


# --- payment arrangements ----------------------------------------------------------------------


@transaction.atomic
def make_arrangement(
    *,
    actor: Any,
    account: RentAccount,
    weekly_amount: Decimal | str,
    start_date: dt.date | None,
    note: str = "",
) -> Arrangement:
    """A new arrangement; any arrangement still running on the account ends the day before."""
    permissions.require(actor, "rents.post")
    errors = Errors()
    value = _money(errors, "weekly_amount", weekly_amount)
    if start_date is None:
        errors.add("start_date", "Enter the date the first payment is due.")
    elif start_date < _today() - dt.timedelta(days=28):
        errors.add("start_date", "The first payment must be due within the last four weeks or later.")
    errors.raise_if_any()
    if value is None or start_date is None:  # reported above
        raise ValidationError({"weekly_amount": ["Check the arrangement and try again."]})
    Arrangement.objects.filter(account=account, end_date__isnull=True).update(
        end_date=start_date - dt.timedelta(days=1)
    )
    arrangement = Arrangement(
        account=account,
        weekly_amount=value,
        start_date=start_date,
        note=note.strip()[:300],
        created_by=_user(actor),
    )
    arrangement.save()
    audit.record(
        actor=actor,
        obj=account,
        action="arrangement made",
        summary=f"Arrangement: {format_money(value)} a week from {start_date:%d %B %Y}",
    )
    return arrangement


# --- policy settings (administrators) -----------------------------------------------------------


ARREARS_ACTION_REPEAT_DAYS = 28


def validate_arrears_action(
    *, account: RentAccount, stage: str, taken_on: dt.date | None, note: str = ""
) -> None:
    """Every problem with recording this arrears action, keyed by field (stores nothing)."""
    errors = Errors()
    policy = selectors.stages()
    stage = (stage or "").strip()
    if stage not in {s.code for s in policy}:
        errors.add("stage", "Select the action that was taken.")
    if taken_on is None:
        errors.add("taken_on", "Enter the date the action was taken.")
    elif taken_on > _today():
        errors.add("taken_on", "The date the action was taken must be today or in the past.")
    if len((note or "").strip()) > 300:
        errors.add("note", "The note must be 300 characters or fewer.")
    if taken_on is not None and "stage" not in errors.by_field:
        window = dt.timedelta(days=ARREARS_ACTION_REPEAT_DAYS)
        earlier = (
            ArrearsAction.objects.filter(
                account=account, stage=stage, taken_on__gt=taken_on - window, taken_on__lt=taken_on + window
            )
            .order_by("-taken_on")
            .first()
        )
        if earlier is not None:
            errors.add(
                "stage",
                f"{domain.stage_label(stage, policy)} was already recorded on "
                f"{earlier.taken_on.day} {earlier.taken_on:%B %Y}: the same action cannot be recorded "
                f"again within {ARREARS_ACTION_REPEAT_DAYS} days.",
            )
    errors.raise_if_any()


@transaction.atomic
def record_arrears_action(
    *, actor: Any, account: RentAccount, stage: str, taken_on: dt.date | None, note: str = ""
) -> ArrearsAction:
    """Record that an arrears action (a stage of the policy) was taken on the account, so the
    recommended next action moves on. The same stage is refused within 28 days of itself."""
    permissions.require(actor, "rents.post")
    RentAccount.objects.select_for_update().filter(pk=account.pk).first()  # one recorder at a time
    stage = (stage or "").strip()
    note = (note or "").strip()
    validate_arrears_action(account=account, stage=stage, taken_on=taken_on, note=note)
    if taken_on is None:  # validated above
        raise ValidationError("Check the details and try again.")
    action = ArrearsAction.objects.create(
        account=account, stage=stage, taken_on=taken_on, note=note, created_by=_user(actor)
    )
    label = domain.stage_label(stage, selectors.stages())
    audit.record(
        actor=actor,
        obj=account,
        action="arrears action recorded",
        summary=f"{label} on {taken_on.day} {taken_on:%B %Y}" + (f": {note}" if note else ""),
    )
    return action


@transaction.atomic
def set_arrears_stages(*, actor: Any, stages: Sequence[tuple[str, str, Any]]) -> list[ArrearsStage]:
    """Replace the arrears stage policy: (code, recommended action, weeks of rent owed), rising weeks."""
    permissions.require(actor, "admin")
    errors = Errors()
    cleaned: list[tuple[str, str, Decimal]] = []
    for code, action, weeks in stages:
        try:
            value = Decimal(str(weeks).strip())
        except Exception:
            errors.add(f"weeks_{code}", "Enter the weeks of rent owed as a number, like 4.")
            continue
        if value <= 0 or value > 520:
            errors.add(f"weeks_{code}", "Enter a number of weeks more than 0.")
        if not (action or "").strip():
            errors.add(f"action_{code}", "Enter the recommended action.")
        cleaned.append((code, (action or "").strip()[:120], value))
    weeks_in_order = [w for _, _, w in cleaned]
    if weeks_in_order != sorted(weeks_in_order) or len(set(weeks_in_order)) != len(weeks_in_order):
        errors.add("stages", "Each stage must need more weeks of rent owed than the one before.")
    errors.raise_if_any()
    before = {s.code: f"{s.action} ({s.min_weeks} weeks)" for s in ArrearsStage.objects.all()}
    ArrearsStage.objects.all().delete()
    rows = ArrearsStage.objects.bulk_create(
        [ArrearsStage(code=c, action=a, min_weeks=w) for c, a, w in cleaned]
    )
    after = {c: f"{a} ({w} weeks)" for c, a, w in cleaned}
    for row in ArrearsStage.objects.all():
        audit.record(
            actor=actor,
            obj=row,
            action="updated",
            changes={row.code: [before.get(row.code), after.get(row.code)]},
            summary="Arrears stage policy changed",
        )
    return rows


@transaction.atomic
def set_channel_mapping(
    *, actor: Any, channel: str, account: str, amount: str, date: str, reference: str, date_format: str
) -> ChannelMapping:
    """The columns of a channel's payment file."""
    permissions.require(actor, "admin")
    errors = Errors()
    if channel not in FILE_CHANNELS:
        errors.add("channel", "Select the channel.")
    for field, value in (("account", account), ("amount", amount), ("date", date), ("reference", reference)):
        if not (value or "").strip():
            errors.add(field, "Enter the name of the column, as in the file's first line.")
    try:
        dt.datetime.strptime(dt.date(2025, 1, 31).strftime(date_format or ""), date_format or "")
        if not date_format or "%d" not in date_format or "%m" not in date_format:
            raise ValueError
    except ValueError:
        errors.add("date_format", "Enter a date format with day, month and year, like %d/%m/%Y.")
    errors.raise_if_any()
    row, _ = ChannelMapping.objects.update_or_create(
        channel=channel,
        defaults={
            "account_column": account.strip(),
            "amount_column": amount.strip(),
            "date_column": date.strip(),
            "reference_column": reference.strip(),
            "date_format": date_format.strip(),
        },
    )
    audit.record(
        actor=actor,
        obj=row,
        action="updated",
        summary=f"Columns for {row.get_channel_display()}: {account}, {amount}, {date} ({date_format}), "
        f"{reference}",
    )
    return row


# --- recharges from the repairs module ----------------------------------------------------------


def recharges_to_post() -> Any:
    """Repair orders marked rechargeable to a live agreement's tenant and not yet on its account."""
    from hearth.repairs.models import RepairOrder

    posted = Transaction.objects.filter(kind=Transaction.Kind.RECHARGE).values("reference")
    return (
        RepairOrder.objects.filter(rechargeable=True, recharge_tenancy__isnull=False)
        .exclude(reference__in=posted)
        .select_related("recharge_tenancy", "property")
        .order_by("id")
    )


@transaction.atomic
def post_repair_recharge(*, actor: Any, order_id: int) -> Transaction:
    """Post a rechargeable repair to the tenant's rent account, once (the order reference is kept)."""
    from hearth.repairs.models import RepairOrder

    permissions.require(actor, "rents.post")
    order = (
        RepairOrder.objects.select_for_update(of=("self",))
        .select_related("recharge_tenancy")
        .get(pk=order_id)
    )
    errors = Errors()
    if not order.rechargeable or order.recharge_tenancy is None or not order.recharge_amount:
        errors.add("order", f"Order {order.reference} is not marked rechargeable to an agreement.")
    elif Transaction.objects.filter(kind=Transaction.Kind.RECHARGE, reference=order.reference).exists():
        errors.add("order", f"The recharge for order {order.reference} is already on the account.")
    account = (
        RentAccount.objects.filter(tenancy=order.recharge_tenancy).first() if order.recharge_tenancy else None
    )
    if order.recharge_tenancy is not None and account is None:
        errors.add("order", f"Agreement {order.recharge_tenancy.reference} has no rent account yet.")
    errors.raise_if_any()
    if account is None or order.recharge_amount is None:  # reported above; keeps the types exact
        raise ValidationError({"order": ["Check the order and try again."]})
    return post_recharge(
        actor=actor,
        account=account,
        amount=order.recharge_amount,
        reference=order.reference,
        description=f"Rechargeable repair {order.reference}",
    )
