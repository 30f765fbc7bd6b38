"""Benchmark: rent accounts on PostgreSQL.

    python bench/rents.py

- the weekly debit run over BENCH_RENTS_SCALE agreements (default 1,000,000), each with two charge
  elements, 1% of them starting or ending inside the week; then the same week again (posts nothing);
- a naive one-row-at-a-time ORM loop timed on 10,000 agreements, scaled to the same size;
- first, a single raw INSERT ... SELECT of the same rows (the run's own statement, without its counting and
  bookkeeping), timed and rolled back, for comparison;
- a payment file of 100,000 rows imported;
- the account page of an account holding 20 years of weekly transactions (p95 of BENCH_REQUESTS).

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hearth_rents_bench, recreated),
BENCH_RENTS_SCALE, BENCH_REQUESTS (default 200). Writes bench/rents_results.json. Reports; never fails.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hearth_rents_bench"
RESULTS = HERE / "rents_results.json"
WEEK = dt.date(2025, 9, 8)
NAIVE_SAMPLE = 10_000
PAYMENT_ROWS = 100_000
DEBIT_TARGET_S = 10.0
IMPORT_TARGET_S = 10.0
PAGE_TARGET_MS = 150.0


def setup_environment() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("HEARTH_ENV", "development")
    os.environ.setdefault("HEARTH_DEBUG", "0")
    os.environ.setdefault("HEARTH_CONN_MAX_AGE", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings")


def seconds(fn: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    value = fn()
    return time.perf_counter() - t, value


def generate(scale: int) -> float:
    """Estate, homes, agreements, rent accounts and two charge elements each, set-based in SQL."""
    from django.db import connection, transaction

    sunday = WEEK + dt.timedelta(days=6)
    t = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "INSERT INTO properties_estate (code, name, ward) VALUES ('BENCH', 'Bench Estate', '') RETURNING id"
        )
        estate = cur.fetchone()[0]
        cur.execute(
            """
            INSERT INTO properties_property (reference, uprn, estate_id, block_id, address_line_1, address_line_2,
                town, postcode, kind, bedrooms, floor, adapted, ownership, status, asbestos_present,
                fire_risk_assessed_on, gas_safety_due, created_at, updated_at)
            SELECT 'B' || lpad(g::text, 9, '0'), NULL, %s, NULL, g || ' Bench Road', '', 'Benchton', 'BT1 1AA',
                'flat', 1, NULL, false, 'council', 'let', false, NULL, NULL, now(), now()
            FROM generate_series(1, %s) g
            """,
            [estate, scale],
        )
        # 0.5% start on the Wednesday of the week, 0.5% end on its Tuesday; the rest run all week
        cur.execute(
            """
            INSERT INTO tenancies_tenancy (reference, property_id, kind, start_date, end_date, end_reason,
                created_at, updated_at)
            SELECT 'BT' || lpad(p.id::text, 9, '0'), p.id, 'secure',
                CASE WHEN p.id %% 200 = 0 THEN %s::date ELSE DATE '2020-01-06' END,
                CASE WHEN p.id %% 200 = 1 THEN %s::date ELSE NULL END, '', now(), now()
            FROM properties_property p
            """,
            [WEEK + dt.timedelta(days=2), WEEK + dt.timedelta(days=1)],
        )
        cur.execute(
            """
            INSERT INTO rents_rentaccount (tenancy_id, reference, created_at)
            SELECT t.id, 'BR' || lpad(t.id::text, 9, '0'), now() FROM tenancies_tenancy t
            """
        )
        cur.execute(
            """
            INSERT INTO rents_chargeelement (account_id, kind, description, weekly_amount, effective_from,
                effective_to, created_at)
            SELECT a.id, k.kind, '', k.amount, DATE '2020-01-06', NULL, now()
            FROM rents_rentaccount a CROSS JOIN (VALUES ('rent', 95.50), ('service', 4.25)) AS k(kind, amount)
            """
        )
    # Settle the freshly loaded tables as a live database would be (hint bits, visibility map,
    # statistics, a checkpoint), so that the first measured run does not pay for the bulk load.
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
        cur.execute("CHECKPOINT")
    del sunday
    return time.perf_counter() - t


def naive_loop(week: dt.date, limit: int) -> tuple[float, int]:
    """One row at a time through the ORM: what the set-based run is compared with."""
    from hearth.rents import domain
    from hearth.rents.models import ChargeElement, Transaction

    elements = list(
        ChargeElement.objects.select_related("account__tenancy").order_by("account_id")[: limit * 2]
    )
    t = time.perf_counter()
    n = 0
    for e in elements:
        tenancy = e.account.tenancy
        debit = domain.debit_for_week(
            week, weekly=e.weekly_amount, start=tenancy.start_date, end=tenancy.end_date
        )
        if debit is not None:
            Transaction(
                account_id=e.account_id,
                element_id=e.pk,
                kind=e.kind,
                amount=debit.amount,
                posted_on=debit.date,
                scheduled=True,
            ).save()
            n += 1
    return time.perf_counter() - t, n


class _RolledBack(Exception):
    pass


def raw_insert_select(week: dt.date) -> tuple[float, int]:
    """The run's own statement alone, timed, then rolled back and vacuumed away, so that the debit
    run that follows starts from the same empty ledger."""
    from django.db import connection, transaction

    from hearth.rents.services import debit_run

    sql, params = debit_run._week_sql_postgresql(week, skip_existing=False)
    try:
        with transaction.atomic(), connection.cursor() as cur:
            t = time.perf_counter()
            cur.execute(sql, params)
            elapsed, n = time.perf_counter() - t, cur.rowcount
            raise _RolledBack
    except _RolledBack:
        pass
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE rents_transaction")
        cur.execute("CHECKPOINT")
    return elapsed, n


def payment_file(rows: int) -> bytes:
    from hearth.rents.models import RentAccount

    refs = list(RentAccount.objects.order_by("pk").values_list("reference", flat=True)[:rows])
    lines = ["Account,Amount,Date,Reference"]
    lines += [f"{ref},{(i % 90) + 10}.50,2025-09-09,BENCH-{i}" for i, ref in enumerate(refs)]
    return ("\n".join(lines) + "\n").encode()


def twenty_years(account_id: int) -> int:
    from hearth.rents import domain
    from hearth.rents.models import ChargeElement, Transaction

    elements = list(ChargeElement.objects.filter(account_id=account_id))
    rows = []
    for monday in domain.mondays_between(dt.date(2005, 9, 5), dt.date(2025, 9, 1)):
        for e in elements:
            rows.append(
                Transaction(
                    account_id=account_id,
                    element_id=e.pk,
                    kind=e.kind,
                    amount=e.weekly_amount,
                    posted_on=monday,
                    scheduled=True,
                )
            )
        rows.append(
            Transaction(
                account_id=account_id,
                kind="payment",
                amount=Decimal("-99.75"),
                posted_on=monday + dt.timedelta(days=3),
                channel="bank",
                reference=f"HIST-{account_id}-{monday}",
            )
        )
    Transaction.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return len(rows)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> int:
    setup_environment()
    scale = int(os.environ.get("BENCH_RENTS_SCALE", "1000000"))
    requests = int(os.environ.get("BENCH_REQUESTS", "200"))

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import resolve

    from hearth.rents import selectors, services
    from hearth.rents.models import DebitRun, RentAccount, Transaction
    from run import database_version, recreate_database

    resolve("/rents/")  # import every page module now, so the whole run uses one version of the code
    print(f"(Re)creating {connection.settings_dict['NAME']} with {scale:,} agreements")
    connection.close()
    recreate_database(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)
    gen_s = generate(scale)
    print(f"Generated {scale:,} agreements with accounts and 2 charge elements each in {gen_s:.1f} s")
    connection.close()

    raw_s, raw_n = raw_insert_select(WEEK)
    print(f"Raw INSERT ... SELECT of the same rows (rolled back): {raw_n:,} rows in {raw_s:.2f} s")

    load_before = os.getloadavg()[0]
    print(
        f"Load average (1 min) on this {os.cpu_count()}-core machine before the debit run: {load_before:.2f}"
    )
    run_s, run = seconds(lambda: services.post_week(WEEK))
    again_s, again = seconds(lambda: services.post_week(WEEK))
    print(
        f"Debit run: {run.posted:,} debits in {run_s:.2f} s; second run {again_s:.2f} s, "
        f"{Transaction.objects.filter(posted_on__range=(WEEK, WEEK + dt.timedelta(days=6))).count():,} rows"
    )

    naive_week = WEEK + dt.timedelta(days=7)
    naive_s, naive_n = naive_loop(naive_week, NAIVE_SAMPLE)
    naive_scaled = naive_s * (run.posted / naive_n) if naive_n else float("nan")
    print(
        f"Naive ORM loop: {naive_n:,} rows in {naive_s:.2f} s = {naive_scaled:.0f} s scaled to {run.posted:,}"
    )

    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-password-1")
    content = payment_file(PAYMENT_ROWS)
    import_s, batch = seconds(
        lambda: services.import_payments(actor=user, channel="bank", filename="bench.csv", content=content)
    )
    print(f"Payment file: {batch.rows:,} rows imported in {import_s:.2f} s")

    account = RentAccount.objects.order_by("pk")[0]
    history = twenty_years(account.pk)
    client = Client()
    client.force_login(user)
    url = f"/rents/accounts/{account.pk}/"
    client.get(url)
    times = []
    for _ in range(requests):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
    assert response.status_code == 200
    p95 = percentile(times, 95)
    print(
        f"Account page with {history:,} transactions (balance {selectors.balance(account)}): "
        f"p50 {percentile(times, 50):.1f} ms, p95 {p95:.1f} ms"
    )

    results = {
        "scale": scale,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database_version(),
        "figures": {
            "debit_run": {
                "agreements": scale,
                "debits": run.posted,
                "seconds": round(run_s, 2),
                "target_seconds": DEBIT_TARGET_S,
                "pass": run_s <= DEBIT_TARGET_S,
                "load_average_1min_before": round(load_before, 2),
            },
            "debit_run_second_time": {
                "seconds": round(again_s, 2),
                "posted_again": again.posted - run.posted,
            },
            "naive_orm_loop": {
                "rows": naive_n,
                "seconds": round(naive_s, 2),
                "scaled_seconds": round(naive_scaled, 1),
                "ratio_to_debit_run": round(naive_scaled / run_s, 1),
            },
            "raw_insert_select": {
                "rows": raw_n,
                "seconds": round(raw_s, 2),
                "debit_run_ratio_to_raw": round(run_s / raw_s, 2) if raw_s else None,
            },
            "payment_import": {
                "rows": batch.rows,
                "seconds": round(import_s, 2),
                "target_seconds": IMPORT_TARGET_S,
                "pass": import_s <= IMPORT_TARGET_S,
            },
            "account_page": {
                "transactions": history,
                "p50_ms": round(percentile(times, 50), 1),
                "p95_ms": round(p95, 1),
                "target_ms": PAGE_TARGET_MS,
                "pass": p95 <= PAGE_TARGET_MS,
            },
        },
        "debit_runs": DebitRun.objects.count(),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
