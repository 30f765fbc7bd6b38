"""Benchmark: repairs on PostgreSQL with millions of orders.

    python bench/repairs.py

- BENCH_REPAIRS_SCALE repair orders (default 2,000,000) over 24 months for 20 contractors, with a
  priced line each and an appointment for one in four, generated set-based in SQL;
- the contractor performance report for a month (all contractors), target 2 s;
- the overdue list page (p95 of BENCH_REQUESTS), target 200 ms;
- raising an order through its page (server time, p95 of BENCH_REQUESTS), target 150 ms.

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hearth_repairs_bench, recreated),
BENCH_REPAIRS_SCALE, BENCH_REQUESTS (default 200), BENCH_REUSE=1 (keep a database already holding that many
generated orders: skip generation). Writes bench/repairs_results.json. Reports; never fails.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hearth_repairs_bench"
RESULTS = HERE / "repairs_results.json"
CONTRACTORS = 20
HOMES = 50_000
REPORT_TARGET_S = 2.0
OVERDUE_TARGET_MS = 200.0
RAISE_TARGET_MS = 150.0


def setup_environment() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("HEARTH_ENV", "development")
    os.environ.setdefault("HEARTH_DEBUG", "0")
    os.environ.setdefault("HEARTH_CONN_MAX_AGE", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def generate(scale: int, now: dt.datetime) -> float:
    """Homes, contractors with a contract and a schedule each, then the orders, lines and appointments."""
    from django.db import connection, transaction

    t = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "INSERT INTO properties_estate (code, name, ward) VALUES ('BENCH', 'Bench Estate', '') "
            "RETURNING id"
        )
        estate = cur.fetchone()[0]
        cur.execute(
            """
            INSERT INTO properties_property (reference, uprn, estate_id, block_id, address_line_1, address_line_2,
                town, postcode, kind, bedrooms, floor, adapted, ownership, status, asbestos_present,
                fire_risk_assessed_on, gas_safety_due, created_at, updated_at)
            SELECT 'B' || lpad(g::text, 9, '0'), NULL, %s, NULL, g || ' Bench Road', '', 'Benchton',
                'BT' || (g %% 9 + 1) || ' ' || (g %% 10) || 'AA', 'flat', 1, NULL, false, 'council', 'let', false,
                NULL, NULL, now(), now()
            FROM generate_series(1, %s) g
            """,
            [estate, HOMES],
        )
        cur.execute(
            """
            INSERT INTO repairs_contractor (reference, name, email, phone, address, trades, areas, active,
                created_at)
            SELECT 'BC' || lpad(g::text, 4, '0'), 'Bench Contractor ' || g, '', '', '', '[]', '[]', true, now()
            FROM generate_series(1, %s) g
            """,
            [CONTRACTORS],
        )
        cur.execute(
            """
            INSERT INTO repairs_contract (reference, contractor_id, name, start_date, end_date, uplift_percent)
            SELECT 'BK' || lpad(c.id::text, 4, '0'), c.id, 'Bench contract', DATE '2020-01-01', NULL, 0
            FROM repairs_contractor c
            """
        )
        cur.execute(
            """
            INSERT INTO repairs_rateline (contract_id, code, description, unit, rate, trade)
            SELECT k.id, lpad((100000 + g * 10)::text, 6, '0'), 'Bench item ' || g, 'each', 10 + g, 'General'
            FROM repairs_contract k CROSS JOIN generate_series(1, 200) g
            """
        )
        # Orders over the 24 months before `now`; those older than 3 weeks are done (5% cancelled).
        cur.execute(
            """
            INSERT INTO repairs_repairorder (reference, property_id, block_id, estate_id, reported_by_id, channel,
                service_type, description, priority, raised_at, raised_by_id, due_at, status, contractor_id,
                contract_id, total, right_to_repair, rtr_defect, rtr_period_days, follow_on_of_id, issued_at,
                accepted_at, approved_by_id, completed_at, first_time_fix, cancel_reason, rechargeable,
                recharge_amount, recharge_evidence, clock_id, created_at, updated_at)
            SELECT 'RB' || lpad(s.g::text, 10, '0'), s.home, NULL, NULL, NULL, 'phone', 'repair',
                'Bench repair ' || s.g, s.priority, s.raised, NULL, s.raised + s.target, s.status,
                s.contractor, s.contractor, s.total, false, '', NULL, NULL, s.raised, NULL, NULL,
                CASE WHEN s.status = 'completed' THEN s.raised + s.target * (0.3 + s.r * 0.9) END,
                CASE WHEN s.status = 'completed' THEN s.r < 0.85 END, '', false, NULL, '', NULL, s.raised, s.raised
            FROM (
                SELECT g, r, (g %% %s) + 1 AS home, (g %% %s) + 1 AS contractor,
                    %s::timestamptz - (g::float / %s) * interval '730 days' AS raised,
                    (ARRAY['immediate','emergency','urgent','routine','routine','urgent'])[g %% 6 + 1] AS priority,
                    (ARRAY[interval '2 hours', interval '24 hours', interval '7 days', interval '30 days',
                           interval '30 days', interval '7 days'])[g %% 6 + 1] AS target,
                    CASE WHEN (g::float / %s) * 730 < 21 THEN
                            (ARRAY['issued','appointed','in_progress','completed'])[g %% 4 + 1]
                         WHEN g %% 20 = 0 THEN 'cancelled' ELSE 'completed' END AS status,
                    round((40 + r * 400)::numeric, 2) AS total
                FROM (SELECT g, random() AS r FROM generate_series(1, %s) g) base
            ) s
            """,
            [HOMES, CONTRACTORS, now, scale, scale, scale],
        )
        cur.execute(
            """
            INSERT INTO repairs_orderline (order_id, rate_line_id, code, description, unit, quantity, rate, total,
                variation_id)
            SELECT o.id, r.id, r.code, r.description, r.unit, 1, o.total, o.total, NULL
            FROM repairs_repairorder o
            JOIN repairs_rateline r ON r.contract_id = o.contract_id AND r.code = '100010'
            """
        )
        cur.execute(
            """
            INSERT INTO repairs_appointment (order_id, date, slot, later_reason, outcome, booked_by_id, booked_at)
            SELECT o.id, (o.raised_at + interval '1 day')::date, CASE WHEN o.id % 2 = 0 THEN 'am' ELSE 'pm' END,
                '', CASE WHEN o.status = 'completed' THEN
                    CASE WHEN o.id % 10 = 0 THEN 'missed' ELSE 'kept' END ELSE 'booked' END, NULL, o.raised_at
            FROM repairs_repairorder o WHERE o.id % 4 = 0
            """
        )
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('repairs_repairorder', 'id'), max(id)) "
            "FROM repairs_repairorder"
        )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return time.perf_counter() - t


def generated_orders() -> int | None:
    from django.db import connection

    try:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM repairs_repairorder WHERE reference LIKE 'RB%%'")
            return int(cur.fetchone()[0])
    except Exception:  # no database or no tables yet
        connection.close()
        return None


def main() -> int:
    setup_environment()
    scale = int(os.environ.get("BENCH_REPAIRS_SCALE", "2000000"))
    requests = int(os.environ.get("BENCH_REQUESTS", "200"))

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from hearth.properties.models import Property
    from hearth.repairs import selectors
    from hearth.repairs.models import Contract, RepairOrder
    from run import database_version, recreate_database

    gen_s = 0.0
    if os.environ.get("BENCH_REUSE") == "1" and generated_orders() == scale:
        print(f"Reusing {connection.settings_dict['NAME']} with {scale:,} generated repair orders")
        call_command("migrate", verbosity=0)
    else:
        print(f"(Re)creating {connection.settings_dict['NAME']} with {scale:,} repair orders")
        connection.close()
        recreate_database(os.environ["DATABASE_URL"])
        call_command("migrate", verbosity=0)
        gen_s = generate(scale, timezone.now())
        print(f"Generated {scale:,} orders with a line each and {scale // 4:,} appointments in {gen_s:.1f} s")
    connection.close()

    month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    report_times = []
    rows: list[Any] = []
    for _ in range(5):
        t = time.perf_counter()
        rows = selectors.performance(month)
        report_times.append(time.perf_counter() - t)
    report_s = percentile(report_times, 50)
    print(
        f"Performance report for {month:%B %Y}: {len(rows)} contractors, "
        f"{sum(r.completed for r in rows):,} completed; median {report_s:.2f} s, worst {max(report_times):.2f} s"
    )

    user = get_user_model().objects.filter(
        username="bench"
    ).first() or get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-password-1")
    client = Client()
    client.force_login(user)
    report_page = []
    for _ in range(5):
        t = time.perf_counter()
        response = client.get(f"/repairs/performance/?month={month:%Y-%m}")
        report_page.append(time.perf_counter() - t)
    assert response.status_code == 200

    client.get("/repairs/overdue/")
    overdue_times = []
    for _ in range(requests):
        t = time.perf_counter()
        response = client.get("/repairs/overdue/")
        overdue_times.append((time.perf_counter() - t) * 1000)
    assert response.status_code == 200
    overdue_count = selectors.overdue().count()
    print(
        f"Overdue list ({overdue_count:,} orders past target): p50 {percentile(overdue_times, 50):.1f} ms, "
        f"p95 {percentile(overdue_times, 95):.1f} ms"
    )

    contract = Contract.objects.order_by("pk").first()
    homes = list(Property.objects.order_by("pk").values_list("pk", flat=True)[: requests + 1])
    assert contract is not None
    raise_times = []
    before = RepairOrder.objects.count()
    for i, home in enumerate(homes):
        t = time.perf_counter()
        response = client.post(
            f"/repairs/orders/new/?property={home}",
            {
                "channel": "phone",
                "service_type": "repair",
                "contract": contract.pk,
                "description": "Bench call",
                "rtr_defect": "",
                "priority": "urgent",
                "code_0": "100010",
                "qty_0": "1",
                "code_1": "100020",
                "qty_1": "2",
                "action": "raise",
            },
        )
        elapsed = (time.perf_counter() - t) * 1000
        assert response.status_code == 302, response.content[:2000]
        if i:  # the first warms the caches
            raise_times.append(elapsed)
    raised = RepairOrder.objects.count() - before
    print(
        f"Raising an order through its page ({raised} raised): p50 {percentile(raise_times, 50):.1f} ms, "
        f"p95 {percentile(raise_times, 95):.1f} ms"
    )

    results = {
        "scale": scale,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database_version(),
        "figures": {
            "generate_seconds": round(gen_s, 1),
            "performance_report": {
                "month": f"{month:%Y-%m}",
                "contractors": len(rows),
                "median_seconds": round(report_s, 3),
                "worst_seconds": round(max(report_times), 3),
                "page_median_seconds": round(percentile(report_page, 50), 3),
                "target_seconds": REPORT_TARGET_S,
                "pass": max(report_page) <= REPORT_TARGET_S,
            },
            "overdue_list": {
                "overdue_orders": overdue_count,
                "p50_ms": round(percentile(overdue_times, 50), 1),
                "p95_ms": round(percentile(overdue_times, 95), 1),
                "target_ms": OVERDUE_TARGET_MS,
                "pass": percentile(overdue_times, 95) <= OVERDUE_TARGET_MS,
            },
            "raise_order": {
                "orders": raised,
                "p50_ms": round(percentile(raise_times, 50), 1),
                "p95_ms": round(percentile(raise_times, 95), 1),
                "target_ms": RAISE_TARGET_MS,
                "pass": percentile(raise_times, 95) <= RAISE_TARGET_MS,
            },
        },
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
