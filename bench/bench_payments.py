"""Payment confirmations from the national payment platform (issue 19): POST
/api/v1/payments/dvcqg/confirm under gunicorn, each a signed confirmation of an open reference
of a dossier waiting for its fee (status 6), with replays of earlier confirmations mixed in.

    DATABASE_URL=postgres://…/motcua_bench_payments python bench/bench_payments.py [--dossiers 3000]

The dossiers are made through the services (counter intake, transfer, request for the fee); the
open references are written as INIT would leave them. Clients are processes with keep-alive
connections (``--clients``); every ``--replay-every``-th request sends again a confirmation
already sent. Afterwards the count check: each reference paid once, one ``payment_received``
per dossier, no dossier left waiting whose confirmation was sent. Prints figures (the SQL
statements of one confirmation and of its replay, measured in-process; the rate; the CPU the
web workers and PostgreSQL's backends spent a confirmation; the calibration line before and
after); exits 1 if the count check fails. On a shared machine the clients and gunicorn compete
for the cores, so the CPU figures say more than the rate.
"""

from __future__ import annotations

import argparse
import copy as copying
import http.client
import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_inbound import worker_cpu
from common import calibration, free_port, setup_django, start_gunicorn

PATH = "/api/v1/payments/dvcqg/confirm"
SECRET = "bench-payment-secret"  # noqa: S105 - the bench's own
PARTNER = "MOTCUA-BENCH"
BENCH_PASSWORD = "bench-only-password-1"  # noqa: S105 - bench accounts only


def prepare(count: int) -> list[dict]:
    """Migrate, load the catalogue, make ``count`` dossiers waiting for a fee with an open
    reference each, and answer their signed confirmations. One dossier goes through the
    services (intake, transfer, request for the fee); the others are copies of it in bulk (its
    row, steps, access rows and fee request), each with its own code."""
    from django.core.management import call_command
    from django.db import transaction
    from django_scopes import scopes_disabled

    from motcua.accounts.models import User
    from motcua.accounts.services import create_staff_user
    from motcua.agencies.models import Agency
    from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
    from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file
    from motcua.dossiers.models import Dossier, DossierAccess, PaymentRequest, ProcessStep
    from motcua.dossiers.services import actions, intake
    from motcua.payments import platform
    from motcua.payments.models import Payment

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    with scopes_disabled():
        if not Agency.objects.exists():
            import_catalog(load_file(DEFAULT_CATALOG))
            import_file(PACKAGED_CALENDAR)
        agency = Agency.objects.get(code="000.00.31.H99")
        counter = User.objects.filter(username="bench-lan").first() or create_staff_user(
            "bench-lan", agency=agency, role="counter", password=BENCH_PASSWORD
        )
        specialist = User.objects.filter(username="bench-minh").first() or create_staff_user(
            "bench-minh", agency=agency, role="specialist", password=BENCH_PASSWORD
        )
        template = intake.receive_dossier(
            actor=counter,
            procedure="1.004873",
            applicant={"name": "Nguyễn Văn An", "id_number": "001090000001", "phone": ""},
            components=[
                {"code": "to_khai_tthn", "originals": 1, "copies": 0},
                {"code": "giay_to_tuy_than", "originals": 0, "copies": 1},
            ],
        )
        template = actions.perform(template, "transfer", actor=counter, body={})
        template = actions.perform(
            template, "request_payment", actor=specialist, body={"amount": 3000}
        )
        steps = list(ProcessStep.objects.filter(dossier=template).order_by("order"))
        current_order = template.current_step.order
        request = PaymentRequest.objects.get(dossier=template)
        base = Dossier.objects.get(pk=template.pk)
        run = f"{os.getpid() % 10000:04d}{int(time.time()) % 100000:05d}"
        confirmations = []
        for first in range(0, count, 500):
            with transaction.atomic():
                copies = []
                for n in range(first, min(first + 500, count)):
                    copy = copying.copy(base)
                    copy.pk, copy.code, copy.current_step = None, f"BENCH-{run}-{n:07d}", None
                    copy._state.adding = True
                    copies.append(copy)
                Dossier.objects.bulk_create(copies)
                new_steps = []
                for copy in copies:
                    for step in steps:
                        clone = copying.copy(step)
                        clone.pk, clone.dossier = None, copy
                        clone._state.adding = True
                        new_steps.append(clone)
                ProcessStep.objects.bulk_create(new_steps)
                by_dossier = {(s.dossier_id, s.order): s for s in new_steps}
                for copy in copies:
                    copy.current_step = by_dossier[(copy.pk, current_order)]
                Dossier.objects.bulk_update(copies, ["current_step"])
                DossierAccess.objects.bulk_create(
                    [DossierAccess(dossier=c, agency=agency) for c in copies]
                )
                requests = PaymentRequest.objects.bulk_create(
                    [
                        PaymentRequest(
                            dossier=c,
                            amount_vnd=3000,
                            requested_at=request.requested_at,
                            requested_by=specialist,
                        )
                        for c in copies
                    ]
                )
                payments = []
                for copy, asked in zip(copies, requests, strict=True):
                    reference = f"B{copy.code.replace('-', '')}"
                    payments.append(
                        Payment(
                            dossier=copy,
                            request=asked,
                            agency=agency,
                            reference=reference,
                            amount_vnd=3000,
                            channel="online",
                            method="platform",
                            state="open",
                            payment_url=f"http://127.0.0.1/pay/{reference}",
                        )
                    )
                    message = {
                        "LoaiBanTin": "CONFIRM",
                        "MaLoi": "00",
                        "MaDoiTac": PARTNER,
                        "MaThamChieu": reference,
                        "SoTien": 3000,
                        "MaTienTe": "VND",
                        "MaGiaoDich": f"GD{reference}",
                        "MaNganHang": "NHTEST",
                        "ThoiGianGD": platform.stamp(),
                        "ThongTinGiaoDich": f"Nop phi ho so {copy.code}",
                    }
                    message["MaXacThuc"] = platform.sign(message, platform.CONFIRM_FIELDS, SECRET)
                    confirmations.append(message)
                Payment.objects.bulk_create(payments)
    print(f"prepared {count} dossiers waiting for a fee in {time.perf_counter() - began:.0f} s")
    return confirmations


def client(args: tuple[int, list[bytes], int, int]) -> tuple[int, int, int, list[float]]:
    """Send the bodies in order on one keep-alive connection; every ``replay_every``-th request
    is a replay of an earlier body. Answer (sent, 200s, others, latencies in ms)."""
    port, bodies, replay_every, seed = args
    # Generous: on a shared machine a client or the server may be held up for a while.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    headers = {"Content-Type": "application/json"}
    ok = other = sent = 0
    latencies: list[float] = []
    done: list[bytes] = []
    queue = list(bodies)
    step = seed
    while queue:
        step += 1
        if replay_every and done and step % replay_every == 0:
            body = done[(step * 7919) % len(done)]
        else:
            body = queue.pop(0)
            done.append(body)
        began = time.perf_counter()
        connection.request("POST", PATH, body, headers)
        response = connection.getresponse()
        response.read()
        latencies.append((time.perf_counter() - began) * 1000)
        sent += 1
        if response.status == 200:
            ok += 1
        else:
            other += 1
    connection.close()
    return sent, ok, other, latencies


def statements(confirmation: dict) -> tuple[int, int]:
    """SQL statements of one confirmation applied in-process and of its replay (the HTTP
    layer adds none); the clients later send it again, as one more replay."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.payments import services

    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            applied = services.confirm(dict(confirmation))
        assert applied.status == 200, applied
        counts.append(len(queries))
    connection.close()
    return counts[0], counts[1]


def database_cpu() -> dict[int, float]:
    """CPU seconds used so far by each PostgreSQL backend serving this database (but ours), by
    pid; empty on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        pids = [row[0] for row in cursor.fetchall()]
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile, or the server is on another machine
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / tick
    return used


class DatabaseCpu(threading.Thread):
    """The CPU PostgreSQL's backends spend while the clients run, sampled twice a second: a web
    worker replaces its connection every minute, and a backend gone can no longer be read. A
    backend there at the start counts from then, one started later from nothing."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.ready, self.stop = threading.Event(), threading.Event()
        self.start_values: dict[int, float] = {}
        self.last_values: dict[int, float] = {}

    def run(self) -> None:
        from django.db import connection

        try:
            self.start_values = database_cpu()
            self.ready.set()
            while True:
                self.last_values.update(database_cpu())
                if self.stop.wait(0.5):
                    self.last_values.update(database_cpu())
                    return
        finally:
            self.ready.set()
            connection.close()

    def seconds(self) -> float:
        self.stop.set()
        self.join()
        return sum(used - self.start_values.get(pid, 0.0) for pid, used in self.last_values.items())


def count_check(confirmations: list[dict]) -> bool:
    from django.db import connection
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from motcua.dossiers.models import Movement
    from motcua.payments.models import Mismatch, Payment, PlatformMessage

    connection.close()
    references = [c["MaThamChieu"] for c in confirmations]
    with scopes_disabled():
        payments = Payment.objects.filter(reference__in=references)
        paid = payments.filter(state="paid").count()
        dossier_ids = list(payments.values_list("dossier_id", flat=True))
        movements = Movement.objects.filter(dossier_id__in=dossier_ids, action="payment_received")
        twice = movements.values("dossier_id").annotate(n=Count("id")).filter(n__gt=1).count()
        waiting = payments.filter(dossier__status_code=6).count()
        applied = PlatformMessage.objects.filter(reference__in=references, outcome="applied")
        replays = PlatformMessage.objects.filter(reference__in=references, outcome="replay")
        mismatches = Mismatch.objects.filter(reference__in=references).count()
        print(
            f"count check: references {len(references)}, paid {paid}, payment_received "
            f"movements {movements.count()}, dossiers paid twice {twice}, still waiting "
            f"{waiting}, log: applied {applied.count()}, replays {replays.count()}, "
            f"mismatches {mismatches}"
        )
        return (
            paid == len(references)
            and movements.count() == len(references)
            and twice == 0
            and waiting == 0
            and applied.count() == len(references)
            and mismatches == 0
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--replay-every", type=int, default=4)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("note: no PostgreSQL DATABASE_URL; the figure that counts is on PostgreSQL")
    os.environ.update(
        PAYMENT_INIT_URL="http://127.0.0.1:9/init",
        PAYMENT_QUERY_URL="http://127.0.0.1:9/query",
        PAYMENT_PARTNER_CODE=PARTNER,
        PAYMENT_SECRET=SECRET,
    )
    setup_django()
    confirmations = prepare(args.dossiers)
    applied, replayed = statements(confirmations[0])
    print(
        f"SQL statements (BEGIN and COMMIT included): {applied} a confirmation, {replayed} a replay"
    )
    bodies = [json.dumps(c).encode() for c in confirmations]
    print(calibration())
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        shares = [
            (port, bodies[i :: args.clients], args.replay_every, i) for i in range(args.clients)
        ]
        sampler = DatabaseCpu()
        sampler.start()
        sampler.ready.wait()
        cpu = worker_cpu(server.pid)
        began = time.perf_counter()
        with multiprocessing.Pool(args.clients) as pool:
            results = pool.map(client, shares)
        elapsed = time.perf_counter() - began
        cpu = worker_cpu(server.pid) - cpu
        database = sampler.seconds()
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    sent = sum(r[0] for r in results)
    ok = sum(r[1] for r in results)
    other = sum(r[2] for r in results)
    latencies = sorted(ms for r in results for ms in r[3])

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    print(
        f"gunicorn {args.workers} workers, {args.clients} clients, {os.cpu_count()} CPUs; "
        f"{sent} confirmations ({sent - len(bodies)} replays) in {elapsed:.1f} s = "
        f"{sent / elapsed:.0f}/s (new ones {len(bodies) / elapsed:.0f}/s); 200: {ok}, other: "
        f"{other}; p50 {pct(50):.1f} ms, p90 {pct(90):.1f} ms, p99 {pct(99):.1f} ms"
    )
    print(
        f"web workers' CPU {cpu / sent * 1000:.1f} ms a confirmation (PostgreSQL's not counted): "
        f"at most {1000 / (cpu / sent * 1000) * (os.cpu_count() or 1):.0f}/s on "
        f"{os.cpu_count()} idle cores"
    )
    print(calibration())
    if database:
        both = (cpu + database) / sent * 1000
        print(
            f"PostgreSQL backends' CPU {database / sent * 1000:.1f} ms a confirmation; web "
            f"workers and database {both:.1f} ms: at most "
            f"{1000 / both * (os.cpu_count() or 1):.0f}/s on {os.cpu_count()} idle cores"
        )
    if not count_check(confirmations):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
