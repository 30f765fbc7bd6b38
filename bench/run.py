"""Benchmark: the synthetic borough at scale on PostgreSQL, then search and record-page timings.

    python bench/run.py              (make bench)

Environment:
    BENCH_SCALE    homes to generate (default 1,000,000; e.g. 20000 for a quick run)
    DATABASE_URL   PostgreSQL database to (re)create
                   (default postgres://postgres@127.0.0.1:5432/hearth_bench)
    BENCH_REUSE=1  keep the database if it already holds a borough of that scale (skip generation)
    BENCH_REQUESTS requests per measurement (default 200)

Prints a table and writes bench/results.json. A benchmark reports; it never fails a build.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hearth_bench"
SEARCH_TARGET_MS = 50.0
PAGE_TARGET_MS = 150.0
RESULTS = HERE / "results.json"


def setup_environment() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("HEARTH_ENV", "development")
    os.environ.setdefault("HEARTH_DEBUG", "0")  # no query log, no debug pages
    os.environ.setdefault("HEARTH_CONN_MAX_AGE", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings")


def recreate_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if "postgresql" not in cfg["ENGINE"]:
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL to a postgres:// address.")
    params = {
        "host": cfg.get("HOST") or None,
        "port": cfg.get("PORT") or None,
        "user": cfg.get("USER") or None,
        "password": cfg.get("PASSWORD") or None,
    }
    with psycopg.connect(
        dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def existing_scale() -> int | None:
    import psycopg
    from django.db import connection

    try:
        from hearth.properties.models import Property

        return Property.objects.filter(kind__in=Property.DWELLINGS).count() or None
    except (psycopg.Error, Exception):  # no database or no tables yet
        connection.close()
        return None


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summarise(name: str, times_ms: list[float], target_ms: float, **extra: Any) -> dict[str, Any]:
    p95 = percentile(times_ms, 95)
    return {
        "name": name,
        "available": True,
        "n": len(times_ms),
        "p50_ms": round(percentile(times_ms, 50), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(max(times_ms), 2) if times_ms else None,
        "target_ms": target_ms,
        "pass": p95 <= target_ms,
        **extra,
    }


def not_available(name: str, target_ms: float, why: str) -> dict[str, Any]:
    return {"name": name, "available": False, "reason": why, "target_ms": target_ms, "pass": None}


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    value = fn()
    return (time.perf_counter() - t) * 1000, value


def measure_search(queries: list[str]) -> list[dict[str, Any]]:
    from hearth.core.search import search

    cold, warm, empty = [], [], 0
    for q in queries:  # first pass: as loaded
        ms, _ = timed(lambda q=q: search(q))
        cold.append(ms)
    slowest: list[tuple[float, str]] = []
    for q in queries:
        ms, found = timed(lambda q=q: search(q))
        warm.append(ms)
        slowest.append((ms, q))
        empty += not found
    slowest.sort(reverse=True)
    return [
        summarise(
            "search p95, hearth.core.search.search",
            warm,
            SEARCH_TARGET_MS,
            queries_without_results=empty,
            slowest=[[q, round(ms, 1)] for ms, q in slowest[:8]],
        ),
        summarise("search p95, first pass (cold)", cold, SEARCH_TARGET_MS),
    ]


def signed_in_client() -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="senior"))
    return client


def measure_pages(name: str, urls: list[str], target_ms: float, client: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        first = client.get(urls[0])
    except Exception as exc:  # a page that cannot even load its URLs: report, do not stop
        return not_available(name, target_ms, f"{urls[0]} raised {type(exc).__name__}: {exc}")
    if first.status_code == 404:
        return not_available(name, target_ms, f"{urls[0]} answers 404 (page not built yet)")
    if first.status_code in (301, 302):
        return not_available(name, target_ms, f"{urls[0]} redirects to {first.get('Location')}")
    times: list[float] = []
    query_counts: list[int] = []
    statuses: Counter[int | str] = Counter()
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            try:
                status: int | str = client.get(url).status_code
            except Exception as exc:
                status = type(exc).__name__
            times.append((time.perf_counter() - t) * 1000)
        statuses[status] += 1
        query_counts.append(len(ctx.captured_queries))
    figure = summarise(
        name,
        times,
        target_ms,
        statuses={str(k): v for k, v in sorted(statuses.items(), key=str)},
        queries_per_page={"median": statistics.median(query_counts), "max": max(query_counts)},
    )
    if statuses[200] != len(urls):  # fast error pages are no pass
        figure["pass"] = False
    return figure


def sample_ids(model: Any, n: int, seed: int = 1) -> list[int]:
    from django.db.models import Max, Min

    bounds = model.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return []
    rng = random.Random(seed)
    picks = rng.sample(range(bounds["lo"], bounds["hi"] + 1), min(n * 2, bounds["hi"] - bounds["lo"] + 1))
    present = set(model.objects.filter(pk__in=picks).values_list("pk", flat=True))
    return [p for p in picks if p in present][:n]


def database_version() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT version()")
        version = cur.fetchone()[0]
        # the server settings that most move bulk-write figures, so that runs can be compared
        cur.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
            "('shared_buffers', 'work_mem', 'max_wal_size', 'wal_buffers', 'synchronous_commit')"
        )
        settings = dict(cur.fetchall())
    return {
        "vendor": connection.vendor,
        "version": version,
        "settings": settings,
        "cpus": os.cpu_count(),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
    }


def main() -> int:
    setup_environment()
    scale = int(os.environ.get("BENCH_SCALE", "1000000"))
    requests = int(os.environ.get("BENCH_REQUESTS", "200"))
    url = os.environ["DATABASE_URL"]
    reuse = os.environ.get("BENCH_REUSE") == "1"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from hearth.demo import generator
    from hearth.people.models import Person
    from hearth.properties.models import Property
    from hearth.tenancies.models import Tenancy
    from queries import queries

    generation: dict[str, Any]
    if reuse and existing_scale() == scale:
        print(f"Reusing the borough of {scale:,} homes in {connection.settings_dict['NAME']}")
        generation = {"reused": True}
        try:  # keep the figures of the run that generated it
            previous = json.loads(RESULTS.read_text())
            if previous.get("scale") == scale and not previous["generation"].get("reused"):
                generation = {**previous["generation"], "reused": True, "generated": previous["date"]}
        except (OSError, ValueError, KeyError):
            pass
    else:
        print(f"(Re)creating {connection.settings_dict['NAME']} and generating {scale:,} homes")
        connection.close()
        recreate_database(url)
        call_command("migrate", verbosity=0)
        result = generator.generate(homes=scale, seed=1, progress=print)
        generation = {
            "reused": False,
            "rows": result.total_rows,
            "seconds": round(result.seconds, 1),
            "rows_per_second": round(result.rows_per_second),
            "writer": result.writer,
            "phases_seconds": result.phases,
            "tables": dict(generator.summary(result.rows)),
        }
        print(
            f"Generated {result.total_rows:,} rows in {result.seconds:.0f} s ({result.rows_per_second:,.0f} rows/s)"
        )
        connection.close()  # measure with a fresh session, like a web worker

    figures: list[dict[str, Any]] = []
    qs = queries(scale)
    figures += measure_search(qs)

    client = signed_in_client()
    search_urls = [f"/search/?q={q}" for q in qs][:requests]
    figures.append(measure_pages("search page p95, GET /search/?q=", search_urls, SEARCH_TARGET_MS, client))
    for label, model, prefix in (
        ("person page p95, GET /people/<id>/", Person, "/people/"),
        ("property page p95, GET /properties/<id>/", Property, "/properties/"),
        ("tenancy page p95, GET /tenancies/<id>/", Tenancy, "/tenancies/"),
    ):
        ids = sample_ids(model, requests)
        if not ids:
            figures.append(not_available(label, PAGE_TARGET_MS, "no records"))
            continue
        figures.append(measure_pages(label, [f"{prefix}{i}/" for i in ids], PAGE_TARGET_MS, client))

    results = {
        "scale": scale,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database_version(),
        "python": platform.python_version(),
        "generation": generation,
        "targets": {"search_p95_ms": SEARCH_TARGET_MS, "page_p95_ms": PAGE_TARGET_MS},
        "figures": figures,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    print(f"\nWritten {RESULTS.relative_to(ROOT)}")
    return 0


def print_table(results: dict[str, Any]) -> None:
    print()
    print(f"Hearth benchmark, {results['scale']:,} homes, {results['database']['version'].split(',')[0]}")
    gen = results["generation"]
    if "rows" in gen:
        when = f" (generated {gen['generated']})" if gen.get("reused") else ""
        print(
            f"Generation: {gen['rows']:,} rows in {gen['seconds']:,} s = {gen['rows_per_second']:,} rows/s{when}"
        )
    print()
    header = f"{'figure':<44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'target':>7}  result  queries/page"
    print(header)
    print("-" * len(header))
    for f in results["figures"]:
        if not f["available"]:
            print(f"{f['name']:<44} {'':>8} {'':>8} {'':>8} {f['target_ms']:>7.0f}  n/a     {f['reason']}")
            continue
        qpp = f.get("queries_per_page")
        qtext = f"{qpp['median']:g} (max {qpp['max']})" if qpp else ""
        verdict = "pass" if f["pass"] else "FAIL"
        print(
            f"{f['name']:<44} {f['p50_ms']:>8.1f} {f['p95_ms']:>8.1f} {f['max_ms']:>8.1f} {f['target_ms']:>7.0f}  "
            f"{verdict:<6}  {qtext}"
        )
    slow = next((f for f in results["figures"] if f.get("slowest")), None)
    if slow:
        print("\nslowest searches: " + ", ".join(f"{q!r} {ms} ms" for q, ms in slow["slowest"]))


if __name__ == "__main__":
    sys.exit(main())
