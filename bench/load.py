"""Benchmark: officers' pages under load, through gunicorn in production mode on the loopback address.

    python bench/load.py             (make bench runs it after the others)

- a borough of BENCH_LOAD_SCALE homes (default 5,000) from the demo generator, a rent account with two
  charge elements and 26 weeks of debits for every agreement, and BENCH_LOAD_ORDERS repair orders
  (default 20,000, the repairs benchmark's generator);
- gunicorn serving it with HEARTH_ENV=production, a generated secret, plain HTTP allowed on 127.0.0.1
  only, and two workers per core (BENCH_LOAD_WORKERS), as the operations guide sizes it;
- the demo officers signed in through the sign-in form; each simulated officer uses one of their
  sessions, over a keep-alive connection of its own, asking for a mix of officers' pages: search,
  person, property, rent account, the repair orders list and a repair order;
- closed loop (each client asks again as soon as it has its answer) with 50 and with 200 clients:
  throughput at saturation and p50/p95/p99 latency; open loop: 200 officers asking once every 5 s
  (40 requests a second offered), p95 against the page target. Any answer but 200, and any connection
  failure, counts as an error. Each phase lasts BENCH_LOAD_SECONDS (default 20).

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hearth_load_bench, recreated),
BENCH_LOAD_SCALE, BENCH_LOAD_ORDERS, BENCH_LOAD_SECONDS, BENCH_LOAD_WORKERS. Writes bench/load_results.json
with the machine's core count and load average. Reports; never fails.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hearth_load_bench"
RESULTS = HERE / "load_results.json"
PAGE_TARGET_MS = 150.0
CLOSED_LOOP_CLIENTS = (50, 200)
OPEN_LOOP_OFFICERS = 200
OPEN_LOOP_INTERVAL_S = 5.0
RENT_WEEKS = 26
SAMPLE = 200
# how often each kind of page comes up in the mix
MIX = {"search": 3, "person": 2, "property": 2, "rent account": 2, "repair orders": 1, "repair order": 2}
SECRET = secrets.token_urlsafe(50)


def setup_environment() -> None:
    """The server's own settings in this process too, so that the passwords the generator hashes are
    ones the server can check (a test run's settings hash with a hasher production does not accept)."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ["HEARTH_ENV"] = "production"
    os.environ["HEARTH_SECRET_KEY"] = SECRET
    os.environ["HEARTH_SSL_REDIRECT"] = "0"  # plain HTTP, on the loopback address only
    os.environ["HEARTH_ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ["HEARTH_DATA_DIR"] = tempfile.mkdtemp(prefix="hearth-load-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings")


def open_rent_accounts(weeks: int) -> int:
    """A rent account for every agreement, rent and a service charge from its start, then the debit
    runs of the last `weeks` completed weeks. Returns the number of accounts."""
    from django.db import connection, transaction

    from hearth.rents import services

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO rents_rentaccount (tenancy_id, reference, created_at)
            SELECT t.id, 'LA' || lpad(t.id::text, 9, '0'), now() FROM tenancies_tenancy t
            """
        )
        accounts = cur.rowcount
        cur.execute(
            """
            INSERT INTO rents_chargeelement (account_id, kind, description, weekly_amount, effective_from,
                effective_to, created_at)
            SELECT a.id, k.kind, '', k.amount, t.start_date, NULL, now()
            FROM rents_rentaccount a JOIN tenancies_tenancy t ON t.id = a.tenancy_id
            CROSS JOIN (VALUES ('rent', 98.40), ('service', 6.15)) AS k(kind, amount)
            """
        )
    today = dt.date.today()
    last = today - dt.timedelta(days=today.weekday() + 7)
    for n in range(weeks, 0, -1):
        services.post_week(last - dt.timedelta(weeks=n - 1))
    return accounts


def build(scale: int, orders: int) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """The bench database, filled. Returns the paths of each kind of page and what was generated."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from hearth.demo import generator
    from hearth.people.models import Person
    from hearth.properties.models import Property
    from hearth.rents.models import RentAccount
    from hearth.repairs.models import RepairOrder
    from queries import queries
    from repairs import generate as generate_orders
    from run import recreate_database, sample_ids

    t = time.perf_counter()
    print(
        f"(Re)creating {connection.settings_dict['NAME']} with {scale:,} homes and {orders:,} repair orders"
    )
    connection.close()
    recreate_database(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)
    result = generator.generate(homes=scale, seed=1)
    accounts = open_rent_accounts(RENT_WEEKS)
    # the generator's homes, sampled before the repairs generator adds homes of its own
    pages = {
        "search": [f"/search/?q={quote(q)}" for q in queries(scale)],
        "person": [f"/people/{i}/" for i in sample_ids(Person, SAMPLE)],
        "property": [f"/properties/{i}/" for i in sample_ids(Property, SAMPLE)],
        "rent account": [f"/rents/accounts/{i}/" for i in sample_ids(RentAccount, SAMPLE)],
    }
    generate_orders(orders, timezone.now())
    pages["repair orders"] = [f"/repairs/?page={p}" for p in range(1, 21)] + ["/repairs/?status=open"]
    pages["repair order"] = [f"/repairs/orders/{i}/" for i in sample_ids(RepairOrder, SAMPLE)]
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    connection.close()
    generated = {
        "homes": scale,
        "rows": result.total_rows,
        "rent_accounts": accounts,
        "rent_weeks_posted": RENT_WEEKS,
        "repair_orders": orders,
        "seconds": round(time.perf_counter() - t, 1),
    }
    print(
        f"Generated {result.total_rows:,} borough rows, {accounts:,} rent accounts in {generated['seconds']} s"
    )
    return pages, generated


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn serving Hearth from this checkout on 127.0.0.1, started and stopped by the benchmark."""

    def __init__(self, workers: int) -> None:
        self.port = free_port()
        self.workers = workers
        self.log = tempfile.NamedTemporaryFile(prefix="hearth-load-gunicorn-", suffix=".log", delete=False)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
        }
        command = [sys.executable, "-m", "gunicorn", "hearth.config.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(workers), "--timeout", "60"]
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/health/")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within {seconds:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        self.log.flush()
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int, username: str, password: str) -> str | None:
    """Sign in through the form (its CSRF token and cookie included). Returns the Cookie header to send."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf = cookies_of(response).get("csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if response.status != 200 or not csrf or not token:
        return None
    body = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": password})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    conn.request("POST", "/login/", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    session = cookies_of(response).get("sessionid")
    return f"sessionid={session}; csrftoken={csrf}" if response.status == 302 and session else None


class Officer:
    """One simulated officer: a session, a keep-alive connection and the pages it asks for."""

    def __init__(self, port: int, cookie: str, pages: dict[str, list[str]], seed: int) -> None:
        self.port, self.cookie, self.pages = port, cookie, pages
        self.rng = random.Random(seed)
        self.conn: http.client.HTTPConnection | None = None
        self.kinds = [k for k, weight in MIX.items() for _ in range(weight)]

    def ask(self) -> tuple[str, float, int | str]:
        """One page of the mix: its kind, the time to the last byte of the answer (ms), its status."""
        kind = self.rng.choice(self.kinds)
        return kind, *self.get(self.rng.choice(self.pages[kind]))

    def get(self, path: str) -> tuple[float, int | str]:
        t = time.perf_counter()
        status: int | str
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.request("GET", path, headers={"Cookie": self.cookie})
            response = self.conn.getresponse()
            response.read()
            status = response.status
            if response.will_close:  # gunicorn's sync workers answer one request a connection
                self.conn.close()
                self.conn = None
        except (OSError, http.client.HTTPException) as exc:
            status = type(exc).__name__
            if self.conn is not None:
                self.conn.close()
            self.conn = None
        return (time.perf_counter() - t) * 1000, status


Sample = tuple[str, float, int | str]


def closed_loop(officers: list[Officer], seconds: float) -> tuple[list[Sample], int]:
    """Every officer asks again as soon as it has its answer, until the time is up. Returns every
    answer, and how many of them came within the time (the throughput's count: the answers still
    on their way at the end come while fewer clients are asking)."""
    samples: list[Sample] = []
    within = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(officer: Officer) -> None:
        mine = []
        while time.monotonic() < deadline:
            mine.append(officer.ask())
        late = time.monotonic() >= deadline
        with lock:
            samples.extend(mine)
            within[0] += len(mine) - (1 if late and mine else 0)

    run_threads(work, officers)
    return samples, within[0]


def open_loop(officers: list[Officer], interval: float, seconds: float) -> list[Sample]:
    """Each officer asks once every `interval` seconds from a random start, whatever the server's pace.
    A request is timed from when it was due, so that a late one counts its wait."""
    samples: list[Sample] = []
    lock = threading.Lock()
    start = time.monotonic()

    def work(officer: Officer) -> None:
        mine = []
        due = start + officer.rng.uniform(0, interval)
        while due < start + seconds:
            time.sleep(max(0.0, due - time.monotonic()))
            late = max(0.0, time.monotonic() - due) * 1000
            kind, ms, status = officer.ask()
            mine.append((kind, ms + late, status))
            due += interval
        with lock:
            samples.extend(mine)

    run_threads(work, officers)
    return samples


def run_threads(work: Any, officers: list[Officer]) -> None:
    threads = [threading.Thread(target=work, args=(o,), daemon=True) for o in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def figure(name: str, samples: list[Sample], seconds: float, answered: int, **extra: Any) -> dict[str, Any]:
    """The phase's figures; the throughput counts the `answered` answers that came within `seconds`."""
    from run import percentile

    times = [ms for _, ms, _ in samples]
    statuses = Counter(str(status) for _, _, status in samples)
    by_page = {
        kind: round(percentile([ms for k, ms, _ in samples if k == kind], 95), 1)
        for kind in MIX
        if any(k == kind for k, _, _ in samples)
    }
    return {
        "name": name,
        "requests": len(samples),
        "seconds": seconds,
        "throughput_rps": round(answered / seconds, 1) if seconds else None,
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "p99_ms": round(percentile(times, 99), 1),
        "errors": len(samples) - statuses.get("200", 0),
        "statuses": dict(sorted(statuses.items())),
        "p95_ms_by_page": by_page,
        "load_average_1min_after": round(os.getloadavg()[0], 2),
        **extra,
    }


def measure(
    server: Server, pages: dict[str, list[str]], seconds: float
) -> tuple[list[dict[str, Any]], list[str]]:
    """Sign the officers in, keep those who may open every kind of page, then the three phases."""
    from hearth.demo import generator

    sessions: list[str] = []
    used: list[str] = []
    for username, *_ in generator.DEMO_USERS:
        cookie = sign_in(server.port, username, generator.DEMO_PASSWORD)
        if cookie is None:
            print(f"  {username}: could not sign in")
            continue
        probe = Officer(server.port, cookie, pages, seed=0)
        refused = [kind for kind, paths in pages.items() if probe.get(paths[0])[1] != 200]
        if refused:
            print(f"  {username}: not every page answers 200 ({', '.join(refused)}); left out")
            continue
        sessions.append(cookie)
        used.append(username)
    if not sessions:
        raise RuntimeError("no officer could sign in and open every kind of page")
    print(f"Signed in through the form: {', '.join(used)}")

    def officers(n: int) -> list[Officer]:
        return [Officer(server.port, sessions[i % len(sessions)], pages, seed=i) for i in range(n)]

    closed_loop(officers(8), min(3.0, seconds))  # warm every worker up; not counted
    figures = []
    for clients in CLOSED_LOOP_CLIENTS:
        samples, answered = closed_loop(officers(clients), seconds)
        f = figure(
            f"closed loop, {clients} clients", samples, seconds, answered, clients=clients, target_errors=0
        )
        f["pass"] = f["errors"] == 0
        figures.append(f)
        print(f"  {f['name']}: {f['throughput_rps']} requests/s, p95 {f['p95_ms']} ms, {f['errors']} errors")
    samples = open_loop(officers(OPEN_LOOP_OFFICERS), OPEN_LOOP_INTERVAL_S, seconds)
    offered = OPEN_LOOP_OFFICERS / OPEN_LOOP_INTERVAL_S
    f = figure(
        f"open loop, {offered:.0f} requests/s offered",
        samples,
        seconds,
        len(samples),
        officers=OPEN_LOOP_OFFICERS,
        offered_rps=offered,
        target_ms=PAGE_TARGET_MS,
    )
    f["pass"] = f["p95_ms"] <= PAGE_TARGET_MS and f["errors"] == 0
    figures.append(f)
    return figures, used


def main() -> int:
    setup_environment()
    scale = int(os.environ.get("BENCH_LOAD_SCALE", "5000"))
    orders = int(os.environ.get("BENCH_LOAD_ORDERS", "20000"))
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
    cpus = os.cpu_count() or 1
    workers = int(os.environ.get("BENCH_LOAD_WORKERS", str(2 * cpus)))

    import django

    django.setup()
    from run import database_version

    results: dict[str, Any] = {
        "scale": scale,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": cpus, "load_average_before": [round(x, 2) for x in os.getloadavg()]},
        "server": {"command": "gunicorn hearth.config.wsgi", "workers": workers, "worker_class": "sync"},
        "seconds_per_phase": seconds,
        "mix": MIX,
        "targets": {"open_loop_p95_ms": PAGE_TARGET_MS, "errors": 0},
        "figures": [],
    }
    server: Server | None = None
    try:
        pages, results["generation"] = build(scale, orders)
        results["database"] = database_version()
        server = Server(workers)
        server.wait_ready()
        print(f"gunicorn on 127.0.0.1:{server.port}, {workers} workers, HEARTH_ENV=production")
        results["figures"], results["officers"] = measure(server, pages, seconds)
    except Exception as exc:  # a benchmark reports; it never fails the build
        traceback.print_exc()
        results["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        if server is not None:
            if any(f["errors"] for f in results["figures"]) or "error" in results:
                print(f"\ngunicorn's log, last lines:\n{server.log_tail()}")
            server.stop()
        shutil.rmtree(os.environ["HEARTH_DATA_DIR"], ignore_errors=True)
    results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    print(f"\nWritten {RESULTS.relative_to(ROOT)}")
    return 0


def print_table(results: dict[str, Any]) -> None:
    machine = results["machine"]
    print()
    print(
        f"Hearth under load, {results['scale']:,} homes, gunicorn with {results['server']['workers']} workers, "
        f"{machine['cpus']} cores, load average {machine['load_average_before'][0]} before, "
        f"{machine['load_average_after'][0]} after"
    )
    if "error" in results:
        print(f"Not measured: {results['error']}")
        return
    print()
    columns = f"{'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6} {'target':>7}"
    header = f"{'figure':<34} {columns}  result"
    print(header)
    print("-" * len(header))
    for f in results["figures"]:
        target = f"{f['target_ms']:.0f}" if "target_ms" in f else "0 err"
        print(
            f"{f['name']:<34} {f['throughput_rps']:>7.1f} {f['p50_ms']:>8.1f} {f['p95_ms']:>8.1f} "
            f"{f['p99_ms']:>8.1f} {f['errors']:>6} {target:>7}  {'pass' if f['pass'] else 'FAIL'}"
        )
    for f in results["figures"]:
        pages = ", ".join(f"{kind} {ms}" for kind, ms in f["p95_ms_by_page"].items())
        print(f"p95 ms by page, {f['name']}: {pages}")


if __name__ == "__main__":
    sys.exit(main())
