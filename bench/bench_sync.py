"""Outbound sync to the national portal (DVCQG) as a message log (issue #16), on PostgreSQL:

1. queuing: what writing the sync message adds to one intake (in-process, intakes with and
   without it, and the ``queue_changes`` call alone);
2. intake through the HTTP API under gunicorn with the sync on (wrk, 8 clients): the rate;
3. drain: the backlog those intakes left (topped up to ``--backlog`` dossiers), delivered to
   the local fake gateway (a separate process speaking the protocol) by ``deliver_due``.
4. inbound (POST /api/v1/dvcqg/dossiers): ``bench/bench_inbound.py``, which ``make bench-sync``
   runs after this one (alone: ``make bench-inbound``).

    DATABASE_URL=postgres://…/motcua_bench_sync python bench/bench_sync.py [--duration 30]

Prints figures; asserts nothing. On a shared 2-core machine wrk, gunicorn, PostgreSQL and the
fake compete for the same cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    INTAKE,
    PRODUCTION,
    REPO,
    free_port,
    percentile,
    setup_django,
    start_gunicorn,
    summarise,
    wrk,
)

COUNTER, AGENCY = "dongbo", "000.00.33.H99"
PASSWORD = "Bench-Sync-Password-2025"  # noqa: S105 - a bench-only account


def start_fake(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "motcua.exchange.fake_dvcqg", "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    proc.stdout.readline()  # it is listening once it has printed its settings
    return proc


def prepare() -> None:
    from django.core.management import call_command

    from motcua.accounts.models import User
    from motcua.accounts.services import create_staff_user
    from motcua.agencies.models import Agency
    from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
    from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file

    call_command("migrate", verbosity=0)
    import_catalog(load_file(DEFAULT_CATALOG))
    import_file(PACKAGED_CALENDAR)
    if not User.objects.filter(username=COUNTER).exists():
        create_staff_user(
            COUNTER,
            agency=Agency.objects.get(code=AGENCY),
            role="counter",
            password=PASSWORD,
            full_name="Cán bộ đồng bộ",
        )


def clear_backlog() -> None:
    from motcua.exchange.models import Message

    Message.objects.filter(system="dvcqg").delete()


def bench_queuing(runs: int) -> None:
    """Intakes in-process with and without the sync message, alternated."""
    from django.db import transaction

    from motcua.accounts.models import User
    from motcua.dossiers import national
    from motcua.dossiers.models import Dossier, Movement
    from motcua.dossiers.services import core
    from motcua.dossiers.services.intake import receive_dossier

    counter = User.objects.get(username=COUNTER)
    real = national.queue_changes
    timings: dict[bool, list[float]] = {True: [], False: []}
    for i in range(runs * 2 + 20):
        on = i % 2 == 0
        core.national.queue_changes = real if on else (lambda *a, **k: None)
        began = time.perf_counter()
        receive_dossier(actor=counter, **INTAKE)
        if i >= 20:  # warm-up
            timings[on].append((time.perf_counter() - began) * 1000)
    core.national.queue_changes = real
    with_sync, without = statistics.median(timings[True]), statistics.median(timings[False])
    print(
        f"intake in-process, {runs} each: p50 {with_sync:.2f} ms with the sync message, "
        f"{without:.2f} ms without: +{with_sync - without:.2f} ms"
    )
    from django_scopes import scopes_disabled

    with scopes_disabled():
        dossier = Dossier.objects.filter(agency__code=AGENCY).latest("id")
        movement = Movement.objects.filter(dossier=dossier).latest("id")
    alone = []
    for _ in range(runs):
        with transaction.atomic():
            began = time.perf_counter()
            real(dossier, movement)
            alone.append((time.perf_counter() - began) * 1000)
            transaction.set_rollback(True)
    print(
        f"queue_changes alone (one outbox row and the worker's kick), {runs} calls: "
        f"p50 {statistics.median(alone):.3f} ms, p95 {percentile(alone, 95):.3f} ms"
    )


def bench_intake(port: int, duration: int, bearer: str, label: str) -> None:
    body = json.dumps(INTAKE, ensure_ascii=False).replace("\\", "\\\\").replace('"', '\\"')
    script = (
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {bearer}"\n'
    )
    wrk(["-t2", "-c8", "-d3s", f"http://127.0.0.1:{port}/api/v1/dossiers"], script)  # warm up
    out = wrk(["-t2", "-c8", f"-d{duration}s", f"http://127.0.0.1:{port}/api/v1/dossiers"], script)
    print(f"intake {label}, 8 clients, {duration} s: {summarise(out)}")


def top_up(backlog: int) -> None:
    """Intake in-process until ``backlog`` dossiers have a message waiting, 5,000 a day on the
    days before today (a day's sequence ends at 9,999, CONTRACT)."""
    from datetime import timedelta

    from motcua import clock
    from motcua.accounts.models import User
    from motcua.dossiers.services.intake import receive_dossier
    from motcua.exchange import outbox

    counter = User.objects.get(username=COUNTER)
    waiting = outbox.pending("dvcqg").values("key").distinct().count()
    today = clock.now()
    for n in range(max(0, backlog - waiting)):
        with clock.frozen(today - timedelta(days=1 + n // 5000, seconds=n % 5000)):
            receive_dossier(actor=counter, **INTAKE)


def bench_drain() -> None:
    from motcua.exchange import outbox
    from motcua.exchange.sync import deliver_due

    dossiers = outbox.pending("dvcqg").values("key").distinct().count()
    messages = outbox.pending("dvcqg").count()
    began = time.perf_counter()
    outcome = deliver_due()
    seconds = time.perf_counter() - began
    print(
        f"drain: {dossiers:,} dossiers ({messages:,} messages) to the fake gateway in "
        f"{seconds:.1f} s: {dossiers / seconds:,.0f} dossiers/s ({outcome})"
    )


def token(port: int) -> str:
    import urllib.request

    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/auth/token",
        data=json.dumps({"username": COUNTER, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return json.load(response)["token"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--backlog", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL=postgres://…")
    if shutil.which("wrk") is None:
        raise SystemExit("Needs wrk (apt install wrk)")
    fake_port = free_port()
    from motcua.exchange import fake_dvcqg

    os.environ.update(
        DVCQG_AUTH_URL=f"http://127.0.0.1:{fake_port}/auth",
        DVCQG_URL=f"http://127.0.0.1:{fake_port}/api",
        DVCQG_USERNAME=fake_dvcqg.USERNAME,
        DVCQG_PASSWORD=fake_dvcqg.PASSWORD,
        DVCQG_MADONVI=fake_dvcqg.MADONVI,
    )
    os.environ.update(PRODUCTION, TASKS_BACKEND="database")  # DEBUG off; tasks go to the queue
    setup_django()
    prepare()
    clear_backlog()
    fake = start_fake(fake_port)
    try:
        bench_queuing(args.runs)
        settings = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("DVCQG_")}
        for label in ("with the sync off (messages written, no worker kick)", "with the sync on"):
            port = free_port()
            server = start_gunicorn(port, args.workers)
            try:
                bench_intake(port, args.duration, token(port), label)
            finally:
                server.terminate()
                server.wait(timeout=30)
            os.environ.update(settings)
        top_up(args.backlog)
        bench_drain()
    finally:
        fake.terminate()
        fake.wait(timeout=10)


if __name__ == "__main__":
    main()
