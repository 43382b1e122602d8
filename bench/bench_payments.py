"""Payment confirmations from the national payment platform (issue 19): POST
/api/v1/payments/dvcqg/confirm under gunicorn, each a signed confirmation of an open reference
of a dossier waiting for its fee (status 6), with replays of earlier confirmations mixed in.

    DATABASE_URL=postgres://…/motcua_bench_payments python bench/bench_payments.py [--duration 20]

Recreates the database of ``DATABASE_URL`` first (its name must start with ``motcua_bench``).
The dossiers are made through the services (counter intake, transfer, request for the fee); the
open references are written as INIT would leave them. wrk sends them (Debian package ``wrk``,
``--clients`` keep-alive connections, so the load generator takes little of the cores the
server needs): each confirmation once, in order, and every ``--replay-every``-th request a
confirmation already sent. Afterwards the count check over every reference that reached the
server: paid once, one ``payment_received`` movement, one applied log row, no mismatch, its
dossier no longer waiting. Prints figures (the SQL statements of one confirmation and of its
replay, measured in-process; the rate and latencies; the CPU the web workers and PostgreSQL's
backends spent a confirmation; the calibration line before and after); exits 1 if the count
check fails.
"""

from __future__ import annotations

import argparse
import copy as copying
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    calibration,
    free_port,
    recreate_database,
    requests_done,
    server_cpu_seconds,
    setup_django,
    start_gunicorn,
    summarise,
    wrk,
)

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


REPLAYING = """
-- The signed confirmations, one JSON document a line: thread i sends lines i, i + n, … in
-- order, each once; every replay_every-th request sends one of its earlier lines again.
local threads, path, replay_every = %(threads)d, "%(path)s", %(replay_every)d
local made = 0
function setup(thread)
  thread:set("id", made)
  made = made + 1
end
function init(args)
  bodies, done, sent, line, next_body = {}, {}, 0, 0, 1
  for text in io.lines(path) do
    if line %% threads == id then table.insert(bodies, text) end
    line = line + 1
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  sent = sent + 1
  local body
  if (replay_every > 0 and #done > 0 and sent %% replay_every == 0) or next_body > #bodies then
    body = done[(sent * 7919) %% #done + 1]
  else
    body = bodies[next_body]
    next_body = next_body + 1
    table.insert(done, body)
  end
  return wrk.format(nil, nil, nil, body)
end
"""


WARM_UP = 500


def send(url: str, confirmations: list[dict], clients: int, replay_every: int, seconds: int) -> str:
    """wrk's report of sending ``confirmations`` (and replays) for ``seconds``."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as lines:
        lines.write("".join(json.dumps(c) + "\n" for c in confirmations))
    try:
        script = REPLAYING % {"threads": 2, "path": lines.name, "replay_every": replay_every}
        return wrk(["-t2", f"-c{clients}", f"-d{seconds}s", url], script)
    finally:
        os.unlink(lines.name)


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


def count_check() -> bool:
    """Every reference whose confirmation reached the server is paid once, with one
    ``payment_received`` movement, one applied log row and its dossier no longer waiting."""
    from django.db import connection
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from motcua.dossiers.models import Movement
    from motcua.payments.models import Mismatch, Payment, PlatformMessage

    connection.close()
    with scopes_disabled():
        references = set(PlatformMessage.objects.values_list("reference", flat=True))
        payments = Payment.objects.filter(reference__in=references)
        paid = payments.filter(state="paid").count()
        dossier_ids = list(payments.values_list("dossier_id", flat=True))
        movements = Movement.objects.filter(dossier_id__in=dossier_ids, action="payment_received")
        twice = movements.values("dossier_id").annotate(n=Count("id")).filter(n__gt=1).count()
        waiting = payments.filter(dossier__status_code=6).count()
        applied = PlatformMessage.objects.filter(outcome="applied")
        replays = PlatformMessage.objects.filter(outcome="replay")
        mismatches = Mismatch.objects.count()
        print(
            f"count check: references sent {len(references)}, paid {paid}, payment_received "
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
    parser.add_argument("--dossiers", type=int, default=8000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--replay-every", type=int, default=4)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL=postgres://…")
    if shutil.which("wrk") is None:
        raise SystemExit("Needs wrk (apt install wrk)")
    recreate_database(os.environ["DATABASE_URL"])
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
    print(calibration())
    port = free_port()
    server = start_gunicorn(port, args.workers)
    url = f"http://127.0.0.1:{port}{PATH}"
    try:
        # Warm-up (lazy imports, connections): WARM_UP confirmations of their own, not counted.
        send(url, confirmations[1 : WARM_UP + 1], args.clients, args.replay_every, 3)
        sampler = DatabaseCpu()
        sampler.start()
        sampler.ready.wait()
        cpu = server_cpu_seconds(server.pid)
        out = send(
            url, confirmations[WARM_UP + 1 :], args.clients, args.replay_every, args.duration
        )
        cpu = server_cpu_seconds(server.pid) - cpu
        database = sampler.seconds()
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    sent = requests_done(out) or 1
    print(
        f"gunicorn {args.workers} workers, {args.clients} connections (wrk), {os.cpu_count()} "
        f"CPUs, every {args.replay_every}th a replay, {args.duration} s: {summarise(out)}"
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
    if not count_check():
        raise SystemExit(1)


if __name__ == "__main__":
    main()
