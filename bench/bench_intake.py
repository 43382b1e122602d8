"""The cost of one counter intake (POST /api/v1/dossiers), on PostgreSQL (issue 22 item 9):

1. in-process, through the whole middleware stack with a bearer token and the production
   settings (DEBUG off): SQL queries per intake (deterministic) and CPU milliseconds of this
   process per intake (``time.process_time``, so the other processes of a shared machine count
   less than in a wall-clock figure; PostgreSQL's own CPU is not in it);
2. ``--profile``: the functions that take the CPU (cProfile, sorted by cumulative time);
3. the rate under gunicorn with 8 clients (wrk), after a calibration loop and the load average,
   so figures from a busy machine can be read against a quiet one.

    DATABASE_URL=postgres://…/motcua_bench_intake python bench/bench_intake.py [--runs 300]

Recreates the database of ``DATABASE_URL`` first (its name must start with ``motcua_bench``),
migrates it and loads the demo catalogue. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    INTAKE,
    PRODUCTION,
    calibration,
    free_port,
    postgres_cpu_seconds,
    recreate_database,
    requests_done,
    server_cpu_seconds,
    setup_django,
    start_gunicorn,
    summarise,
    wrk,
)

COUNTER, AGENCY = "bench_intake", "000.00.33.H99"
PASSWORD = "Bench-Intake-Password-2025"  # noqa: S105 - a bench-only account


def backend_cpu_ms() -> float | None:
    """CPU milliseconds used so far by the PostgreSQL backend serving this connection (from
    /proc; None when the server runs on another machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def prepare() -> None:
    from django.core.management import call_command

    from motcua.accounts.models import User
    from motcua.accounts.services import create_staff_user
    from motcua.agencies.models import Agency
    from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
    from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file

    call_command("migrate", verbosity=0)
    if not Agency.objects.filter(code=AGENCY).exists():
        import_catalog(load_file(DEFAULT_CATALOG))
        import_file(PACKAGED_CALENDAR)
    if not User.objects.filter(username=COUNTER).exists():
        create_staff_user(
            COUNTER,
            agency=Agency.objects.get(code=AGENCY),
            role="counter",
            password=PASSWORD,
            full_name="Cán bộ đo tiếp nhận",
        )


def bearer(client) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token",
        {"username": COUNTER, "password": PASSWORD},
        content_type="application/json",
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def in_process(runs: int, profile: bool) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    auth = bearer(client)
    body = json.dumps(INTAKE, ensure_ascii=False)

    def intake() -> None:
        response = client.post("/api/v1/dossiers", body, content_type="application/json", **auth)
        if response.status_code != 201:
            raise SystemExit(f"intake answered {response.status_code}: {response.content[:300]}")

    for _ in range(20):  # warm-up: prepared statements, caches, lazy imports
        intake()
    with CaptureQueriesContext(connection) as queries:
        intake()
    print(f"queries per intake: {len(queries)}")
    sql = [query["sql"] for query in queries.captured_queries]
    taken = next((i for i, text in enumerate(sql) if "dossiers_dailycounter" in text), None)
    if taken is not None and "COMMIT" in sql[taken:]:
        # The day's counter row stays locked from its upsert to the commit: intakes at one
        # agency pass through this section one at a time (with the commit's WAL flush).
        print(f"  statements holding the day's counter: {sql[taken:].index('COMMIT') + 1}")
    if os.environ.get("SHOW_QUERIES"):
        for query in queries.captured_queries:
            print("   ", query["sql"][:160])
    cpu, wall = [], []
    database_before = backend_cpu_ms()
    for _ in range(runs):
        began_cpu, began = time.process_time(), time.perf_counter()
        intake()
        cpu.append((time.process_time() - began_cpu) * 1000)
        wall.append((time.perf_counter() - began) * 1000)
    print(
        f"intake in-process, {runs} runs: CPU of the Django process p50 "
        f"{statistics.median(cpu):.2f} ms (mean {statistics.fmean(cpu):.2f}); "
        f"wall p50 {statistics.median(wall):.2f} ms"
    )
    database_after = backend_cpu_ms()
    if database_before is not None and database_after is not None:
        print(
            f"  CPU of the PostgreSQL backend: {(database_after - database_before) / runs:.2f} ms"
            " per intake (mean)"
        )
    if profile:
        profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
        profiler.enable()
        for _ in range(runs):
            intake()
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(70)
        stats.sort_stats("tottime").print_stats(30)


def over_http(duration: int, workers: int) -> None:
    import urllib.request

    port = free_port()
    server = start_gunicorn(port, workers)
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/auth/token",
            data=json.dumps({"username": COUNTER, "password": PASSWORD}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            token = json.load(response)["token"]
        body = json.dumps(INTAKE, ensure_ascii=False).replace("\\", "\\\\").replace('"', '\\"')
        script = (
            'wrk.method = "POST"\n'
            f'wrk.body = "{body}"\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f'wrk.headers["Authorization"] = "Bearer {token}"\n'
        )
        url = f"http://127.0.0.1:{port}/api/v1/dossiers"
        wrk(["-t2", "-c8", "-d3s", url], script)  # warm up
        print(calibration())
        web, database = server_cpu_seconds(server.pid), postgres_cpu_seconds()
        out = wrk(["-t2", "-c8", f"-d{duration}s", url], script)
        web, database = server_cpu_seconds(server.pid) - web, postgres_cpu_seconds() - database
        done = requests_done(out) or 1
        print(f"intake over HTTP, {workers} gunicorn workers, 8 clients, {duration} s: "
              f"{summarise(out)}")  # fmt: skip
        print(
            f"  CPU per intake: gunicorn {web / done * 1000:.1f} ms, PostgreSQL (all its "
            f"processes) {database / done * 1000:.1f} ms"
        )
        print(calibration())
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--no-http", action="store_true", help="only the in-process figures")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL=postgres://…")
    os.environ.update(PRODUCTION, RATELIMIT_ENABLE="0")
    os.environ.pop("TASKS_BACKEND", None)  # the database task queue, as in production
    os.environ.setdefault("TASKS_BACKEND", "database")
    recreate_database(os.environ["DATABASE_URL"])
    setup_django()
    prepare()
    print(calibration())
    in_process(args.runs, args.profile)
    if not args.no_http:
        if shutil.which("wrk") is None:
            raise SystemExit("Needs wrk (apt install wrk)")
        over_http(args.duration, args.workers)


if __name__ == "__main__":
    main()
