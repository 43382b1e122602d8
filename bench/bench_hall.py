"""The hall under load (issue 20): ticket issue throughput, then 100 hall displays polling the
board while 20 counters call numbers, all under gunicorn on the same machine.

    DATABASE_URL=postgres://…/motcua_bench_hall python bench/bench_hall.py [--duration 20]

1. Ticket issue: wrk posts ``/api/v1/queue/tickets`` as fast as it can, a fresh ID number per
   request over the ward's four fields; afterwards every field's numbers must be 1…n with no
   duplicate and no gap.
2. Displays and counters together: 100 threads poll ``/api/v1/queue/board`` as the display
   page does (a keep-alive connection each, the ETag it last got sent back; ``--poll-ms``
   between polls, 2000 on the page, 1000 here by default), while 20 threads, one per counter
   officer with an API token, call the next number every ``--call-ms`` (5 s; a real counter
   calls every few minutes), out of step; then again with ``--stress-call-ms`` (500 ms).
   Afterwards no ticket may have been called twice (one "called" audit event per ticket).
   The first 3 s, while the displays connect, are reported apart. (Not wrk with a delay: wrk
   opens a connection and only then waits out the delay before its first request, which ties
   up a gunicorn worker for that time, as no browser does.)
3. wrk's 100 connections polling with no pause (saturation), to show the headroom.

Prints figures; asserts nothing but the integrity checks. The machine may be shared: print the
calibration and load beside the figures (see the note).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    calibration,
    free_port,
    percentile,
    requests_done,
    server_cpu_seconds,
    setup_django,
    start_gunicorn,
    summarise,
    wrk,
)

AGENCY = "000.00.31.H99"
FIELDS = ("TP-HOTICH", "TP-CHUNGTHUC", "TC-HOKINHDOANH", "XD-HDXD")
COUNTERS = 20
DISPLAYS = 100
WARM_UP = 3  # seconds for the displays to connect (a hall's TV stays connected all day)


def prepare() -> list[tuple[int, str]]:
    """Migrate, load the catalogue; empty the hall; 20 counters serving the four fields, each
    with its officer's API token. Answers (counter id, token) pairs."""
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from motcua.accounts.models import User
    from motcua.accounts.services import create_staff_user
    from motcua.accounts.tokens import token_for
    from motcua.agencies.models import Agency
    from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
    from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file
    from motcua.catalog.models import Field
    from motcua.hall.models import Appointment, Counter, Line, Slot, Ticket
    from motcua.hall.services import create_counter

    call_command("migrate", verbosity=0)
    import_catalog(load_file(DEFAULT_CATALOG))
    import_file(PACKAGED_CALENDAR)
    agency = Agency.objects.get(code=AGENCY)
    fields = list(Field.objects.filter(code__in=FIELDS))
    with scopes_disabled():
        Appointment.objects.all().delete()
        Slot.objects.all().delete()
        Ticket.objects.all().delete()
        Counter.objects.all().delete()
        Line.objects.all().delete()
    pairs = []
    for n in range(1, COUNTERS + 1):
        username = f"bench-hall-{n}"
        officer = User.objects.filter(username=username).first() or create_staff_user(
            username, agency=agency, role="counter", password=None
        )
        counter = create_counter(agency, f"Quầy {n}", fields)
        pairs.append((counter.pk, token_for(officer)[0]))
    return pairs


def cpu_line(used: float, requests: int) -> str:
    if not requests:
        return "  no request answered"
    per = used / requests * 1000
    cores = os.cpu_count() or 1
    return (
        f"  gunicorn CPU {per:.1f} ms a request (PostgreSQL's own CPU not counted): "
        f"{cores} idle cores would answer about {cores * 1000 / per:.0f} a second"
    )


def lua(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)


ISSUE_SCRIPT = """
local threads = 0
tid = 0
n = 0
fields = {FIELDS}
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local id = string.format("9%02d%09d", tid, n)
  local body = '{"agency": "AGENCY", "field": "' .. fields[(n % #fields) + 1]
    .. '", "id_number": "' .. id .. '"}'
  return wrk.format(nil, "/api/v1/queue/tickets", nil, body)
end
"""

BOARD_SCRIPT = """
etag = nil
request = function()
  if etag then wrk.headers["If-None-Match"] = etag end
  return wrk.format("GET", "/api/v1/queue/board?agency=AGENCY")
end
response = function(status, headers, body)
  if headers["ETag"] then etag = headers["ETag"] end
end
"""


def bench_issue(port: int, duration: int, connections: int, pgid: int) -> None:
    script = ISSUE_SCRIPT.replace(
        "{FIELDS}", "{" + ", ".join(lua(f) for f in FIELDS) + "}"
    ).replace("AGENCY", AGENCY)
    before = server_cpu_seconds(pgid)
    out = wrk(
        [
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            f"http://127.0.0.1:{port}",
        ],
        script,
    )
    print(f"ticket issue, {connections} connections, {duration} s: {summarise(out)}")
    print(cpu_line(server_cpu_seconds(pgid) - before, requests_done(out)))
    check_numbers()


def check_numbers() -> None:
    from django.db.models import Count, Max
    from django_scopes import scopes_disabled

    from motcua.hall.models import Ticket

    with scopes_disabled():
        rows = list(
            Ticket.objects.values("field__code", "day")
            .annotate(n=Count("pk"), distinct=Count("number", distinct=True), last=Max("number"))
            .order_by("field__code")
        )
    total = sum(r["n"] for r in rows)
    clean = all(r["n"] == r["distinct"] == r["last"] for r in rows)
    per_field = ", ".join(f"{r['field__code']} {r['n']}" for r in rows)
    print(
        f"  {total} tickets issued; numbers per field 1…n without duplicate or gap: "
        f"{'yes' if clean else 'NO'} ({per_field})"
    )


def caller(port: int, counter: int, token: str, every: float, stop, latencies, taken) -> None:
    url = f"http://127.0.0.1:{port}/api/v1/queue/counters/{counter}/call-next"
    stop.wait(random.random() * every)  # the counters do not call in step
    while not stop.is_set():
        began = time.perf_counter()
        request = urllib.request.Request(
            url, method="POST", data=b"", headers={"Authorization": f"Bearer {token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
                body = response.read()
                if response.status == 200:
                    taken.append(json.loads(body)["id"])
        except urllib.error.HTTPError as exc:
            latencies.append(("error", exc.code))
        latencies.append((time.perf_counter() - began) * 1000)
        stop.wait(max(0.0, every - (time.perf_counter() - began)))


def display(port: int, every: float, stop, polls: list) -> None:
    """One hall TV as ``hall-display.js`` polls: one keep-alive connection, the request sent as
    soon as it is open (a browser does not connect and then wait), the ETag it last got."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    path = f"/api/v1/queue/board?agency={AGENCY}"
    etag = None
    stop.wait(random.random() * every)  # the displays are not in step
    while not stop.is_set():
        began = time.perf_counter()
        try:
            connection.request("GET", path, headers={"If-None-Match": etag} if etag else {})
            response = connection.getresponse()
            response.read()
            etag = response.getheader("ETag") or etag
            polls.append((began, (time.perf_counter() - began) * 1000, response.status))
        except OSError as exc:
            polls.append((began, None, type(exc).__name__))
            connection.close()
        stop.wait(max(0.0, every - (time.perf_counter() - began)))
    connection.close()


def bench_hall(port: int, duration: int, pairs, poll_ms: int, call_ms: int, pgid: int) -> None:
    """``poll_ms``: 100 displays (threads) polling that often; 0: wrk's 100 connections with
    no pause (saturation)."""
    from motcua import clock

    since = clock.now()
    stop = threading.Event()
    latencies: list = []
    polls: list = []
    taken: list[int] = []
    threads = [
        threading.Thread(
            target=caller, args=(port, c, t, call_ms / 1000, stop, latencies, taken), daemon=True
        )
        for c, t in pairs
    ]
    if poll_ms:
        threads += [
            threading.Thread(target=display, args=(port, poll_ms / 1000, stop, polls), daemon=True)
            for _ in range(DISPLAYS)
        ]
    for thread in threads:
        thread.start()
    if poll_ms:  # every display connects and gets its first board, then the measure begins
        time.sleep(WARM_UP)
        first = [ms for _, ms, _ in polls if ms is not None]
    started, before, warm_calls = time.perf_counter(), server_cpu_seconds(pgid), len(latencies)
    if poll_ms:
        time.sleep(duration)
        measured = [(ms, status) for at, ms, status in list(polls) if at >= started]
        answered = [ms for ms, status in measured if status in (200, 304)]
        board = (
            f"{len(answered) / duration:.0f} req/s, p50 {percentile(answered, 50):.1f} ms, p95 "
            f"{percentile(answered, 95):.1f} ms, p99 {percentile(answered, 99):.1f} ms, "
            f"errors {len(measured) - len(answered)} (the {len(first)} polls of the first "
            f"{WARM_UP} s, connecting: p95 {percentile(first, 95):.0f} ms, not counted)"
        )
        out = ""
    else:
        script = BOARD_SCRIPT.replace("AGENCY", AGENCY)
        out = wrk(
            [
                "-t2",
                f"-c{DISPLAYS}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                f"http://127.0.0.1:{port}",
            ],
            script,
        )
        board = summarise(out)
    stop.set()
    used = server_cpu_seconds(pgid) - before
    for thread in threads:
        thread.join()
    pause = f"a poll every {poll_ms} ms per display" if poll_ms else "no pause (saturation, wrk)"
    print(
        f"board, {DISPLAYS} displays, {pause}, with {len(pairs)} counters calling every "
        f"{call_ms} ms: {board}"
    )
    served = requests_done(out) + len(latencies) - warm_calls
    served += sum(1 for at, _, _ in polls if at >= started)
    print(cpu_line(used, served) + " (board polls and calls)")
    calls = [x for x in latencies if not isinstance(x, tuple)]
    errors = [x for x in latencies if isinstance(x, tuple)]
    if calls:
        print(
            f"  call-next: {len(calls)} calls, {len(taken)} tickets taken, p50 "
            f"{percentile(calls, 50):.1f} ms, p95 {percentile(calls, 95):.1f} ms, "
            f"errors {len(errors)}; taken twice: {len(taken) - len(set(taken))}"
        )
    check_calls(since)


def check_calls(since) -> None:
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from motcua.audit.models import Event

    with scopes_disabled():
        twice = (
            Event.objects.filter(action="hall.ticket_called", at__gte=since)
            .values("target_id")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
        )
    print(f"  tickets with more than one 'called' event: {twice}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--poll-ms", type=int, default=1000)
    # A counter serves a person in minutes; a call every 5 s at each of 20 counters is 4 calls a
    # second in the hall, some 60 times a busy real one. --stress-call-ms: 40 calls a second.
    parser.add_argument("--call-ms", type=int, default=5000)
    parser.add_argument("--stress-call-ms", type=int, default=500)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("Needs wrk (apt install wrk)")
    if not os.environ.get("DATABASE_URL"):
        print("note: no DATABASE_URL, using the SQLite file under var/ (PostgreSQL is production)")
    setup_django()
    pairs = prepare()
    print(f"{len(pairs)} counters; gunicorn with {args.workers} workers; {os.cpu_count()} CPUs")
    print(calibration())
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        bench_issue(port, args.duration, args.connections, server.pid)
        bench_hall(port, args.duration, pairs, args.poll_ms, args.call_ms, server.pid)
        bench_hall(port, args.duration, pairs, args.poll_ms, args.stress_call_ms, server.pid)
        bench_hall(port, max(5, args.duration // 2), pairs, 0, args.call_ms, server.pid)
        print(calibration())
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
