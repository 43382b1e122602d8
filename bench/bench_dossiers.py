"""Dossier benchmarks on PostgreSQL (issue #6), against the data of ``bench/gen_dossiers.py``:

- intake through the HTTP API under gunicorn, 8 concurrent clients for 60 s (wrk), and a check
  that the day's codes came out gap-free;
- the public lookup under gunicorn (wrk, latency percentiles);
- worklist pages of an agency with ~10,000 open dossiers (in-process, p50/p95).

    DATABASE_URL=postgres://…/motcua_bench python bench/bench_dossiers.py [--duration 60]

Needs ``wrk`` (Debian package ``wrk``). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import INTAKE, free_port, report, setup_django, start_gunicorn, summarise, timed, wrk

# Intake runs at another commune's counter, so the worklist measured above keeps its 10,000.
INTAKE_COUNTER, INTAKE_AGENCY = "tuan", "000.00.33.H99"


def token(port: int, username: str, password: str) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/auth/token",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return json.load(response)["token"]


def bench_intake(port: int, duration: int, bearer: str) -> None:
    from django_scopes import scopes_disabled

    from motcua import clock
    from motcua.dossiers.models import Dossier

    body = json.dumps(INTAKE, ensure_ascii=False).replace("\\", "\\\\").replace('"', '\\"')
    script = (
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {bearer}"\n'
    )
    prefix = f"{INTAKE_AGENCY}-{clock.local_now():%y%m%d}-"
    with scopes_disabled():
        before = Dossier.objects.filter(code__startswith=prefix).count()
    out = wrk(["-t2", "-c8", f"-d{duration}s", f"http://127.0.0.1:{port}/api/v1/dossiers"], script)
    with scopes_disabled():
        codes = sorted(
            int(c.rsplit("-", 1)[1])
            for c in Dossier.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        )
    gap_free = codes == list(range(1, len(codes) + 1))
    print(f"intake, 8 clients, {duration} s: {summarise(out)}")
    print(f"  codes today: {len(codes) - before:,} new, gap-free and unique: {gap_free}")


def bench_lookup(port: int, duration: int) -> None:
    from django_scopes import scopes_disabled

    from motcua.dossiers.models import Dossier

    with scopes_disabled():
        ids = list(Dossier.objects.order_by("?").values_list("code", "applicant_phone")[:2000])
    paths = [f"/api/v1/public/lookup?code={code}&phone={phone}" for code, phone in ids]
    script = (
        "paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
        "request = function()\n"
        "  return wrk.format('GET', paths[math.random(#paths)])\n"
        "end\n"
    )
    # Five seconds unmeasured first: each worker opens its connection and prepares the
    # statement, and PostgreSQL reads the pages of the big tables into its cache.
    wrk(["-t2", "-c8", "-d5s", f"http://127.0.0.1:{port}"], script)
    # Latency grows with the connections waiting on four workers; throughput does not.
    for connections in (8, 16, 32):
        out = wrk(["-t2", f"-c{connections}", f"-d{duration}s", f"http://127.0.0.1:{port}"], script)
        print(f"public lookup, {connections} connections, {duration} s: {summarise(out)}")


def bench_worklist(runs: int) -> None:
    from django.test import Client

    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier
    from motcua.testing import PASSWORD

    client = Client(SERVER_NAME="127.0.0.1")
    for username in ("lan", "minh"):
        user = User.objects.get(username=username)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    auth = {}
    for username in ("lan", "minh"):
        response = client.post(
            "/api/v1/auth/token",
            {"username": username, "password": PASSWORD},
            content_type="application/json",
        )
        auth[username] = {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}
    from django_scopes import scopes_disabled

    with scopes_disabled():
        total = Dossier.objects.count()
        open_here = Dossier.objects.filter(current_agency__code="000.00.31.H99", outcome="").count()
    print(f"worklist: {open_here:,} open dossiers at phường Minh Sơn among {total:,}")
    cases = [
        ("unit, page 1", "lan", {}),
        ("unit, page 100", "lan", {"page": 100}),
        ("mine (specialist)", "minh", {"view": "mine"}),
        ("overdue", "lan", {"view": "overdue"}),
        ("search by name", "lan", {"q": "nguyen van"}),
        ("search by phone", "lan", {"q": "0990123"}),
    ]
    for name, user, params in cases:
        ms = timed(lambda u=user, p=params: client.get("/api/v1/dossiers", p, **auth[u]), runs)
        report(f"  {name}", ms)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--lookup-duration", type=int, default=30)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL=postgres://… (after bench/gen_dossiers.py)")
    if shutil.which("wrk") is None:
        raise SystemExit("Needs wrk (apt install wrk)")
    setup_django()
    from motcua.accounts.models import User
    from motcua.testing import PASSWORD

    for username in ("lan", INTAKE_COUNTER):
        user = User.objects.get(username=username)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    random.seed(1)
    bench_worklist(args.runs)
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        bench_lookup(port, args.lookup_duration)
        bench_intake(port, args.duration, token(port, INTAKE_COUNTER, PASSWORD))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
