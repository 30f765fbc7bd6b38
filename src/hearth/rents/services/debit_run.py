"""The weekly debit run: every debit of a rent week posted in one transaction, by set-based SQL
(PostgreSQL: whole and part weeks; SQLite: whole weeks, part weeks through the domain rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from hearth.core import audit, jobs, permissions
from hearth.core.money import format_money, to_money
from hearth.core.records import Errors
from hearth.rents import domain
from hearth.rents.models import (
    ChargeElement,
    DebitRun,
    FreeWeek,
    RentAccount,
    Transaction,
)
from hearth.rents.services.common import CHUNK, checked, refuse, today
from hearth.tenancies.models import Tenancy


def live_on_sql(end: str, day: str) -> str:
    """The SQL of `hearth.core.periods.live_on`: no end recorded (`end` is NULL), or the end on or
    after `day`, so a record runs through its last day. `end` is a column, `day` a placeholder or a
    column; both are SQL the code writes, never input."""
    return f"({end} IS NULL OR {end} >= {day})"


def _between_phases() -> Callable[[dt.date], None] | None:
    """The test hook `hearth.rents.services._between_phases`, read from the package where tests set
    it: called inside each week's transaction between the full-week insert and the part weeks."""
    from hearth.rents import services

    return services._between_phases


def _full_week_source(monday: dt.date) -> tuple[str, list[Any]]:
    """FROM ... WHERE of every whole week's debit: elements in force of agreements live all week."""
    el, acc, ten = ChargeElement._meta.db_table, RentAccount._meta.db_table, Tenancy._meta.db_table
    sunday = monday + dt.timedelta(days=6)
    source = f"""
        FROM {el} e
        JOIN {acc} a ON a.id = e.account_id
        JOIN {ten} t ON t.id = a.tenancy_id
        WHERE t.start_date <= %s AND {live_on_sql("t.end_date", "%s")}
          AND e.effective_from <= %s AND {live_on_sql("e.effective_to", "%s")}
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
            WHERE t.start_date <= %(sunday)s AND {live_on_sql("t.end_date", "%(monday)s")}
              AND e.effective_from <= %(sunday)s AND {live_on_sql("e.effective_to", "%(monday)s")}
              AND e.weekly_amount > 0
        ) w
        WHERE w.days > 0 AND w.amount > 0
          AND w.effective_from <= w.first AND {live_on_sql("w.effective_to", "w.first")}
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


def part_week_label(days: int) -> str:
    """How a part week's debit is described on the ledger ("Part week, 3 days"), as the SQL writes it."""
    return f"Part week, {days} day{'s' if days != 1 else ''}"


def scheduled_debit(
    element: ChargeElement, debit: domain.Debit, description: str, created_by: Any = None
) -> Transaction:
    """The ledger row of one debit of the run for a charge element (not saved): marked as the run's,
    so the run posts it once (one debit per account, element and date)."""
    return Transaction(
        account_id=element.account_id,
        kind=element.kind,
        amount=debit.amount,
        posted_on=debit.date,
        element=element,
        scheduled=True,
        description=description,
        created_by=created_by,
    )


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
            rows.append(scheduled_debit(e, debit, part_week_label(debit.days)))
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
        refuse("week", "A rent week begins on a Monday.")
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
            hook = _between_phases()
            if hook is not None:
                hook(monday)
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
            hook = _between_phases()
            if hook is not None:
                hook(monday)
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
    weeks = sorted(weeks)
    # a job started again after its worker stopped carries on after the weeks it had posted
    already = jobs.begin(job_id, total=len(weeks), carry_on=True) if job_id else 0
    runs = list(DebitRun.objects.filter(week__in=weeks[:already]).order_by("week"))
    for done, monday in enumerate(weeks[already:], start=already + 1):
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
    elif week > today() + dt.timedelta(days=28):
        errors.add("week", "The week must begin within the next four weeks.")
    elif week < domain.week_monday(today()) - dt.timedelta(weeks=EARLIEST_RUN_WEEKS):
        errors.add(
            "week",
            f"The week must begin no more than {EARLIEST_RUN_WEEKS} weeks ago. Check the year.",
        )
    errors.raise_if_any()


def start_debit_run(*, actor: Any, week: dt.date | None) -> Any:
    """Queue the debit run for a week as a background job; returns the Job."""
    permissions.require(actor, "rents.run")
    check_debit_run(week)
    week = checked(week)
    from hearth.rents.tasks import debit_run_task

    return jobs.start(
        name=f"Weekly debit run, week beginning {week:%d %B %Y}",
        kind="rents.debit_run",
        params={"weeks": [week.isoformat()]},
        actor=actor,
        task=debit_run_task,
        restartable=True,  # each week is posted in one transaction, and a week posted again posts nothing twice
    )
