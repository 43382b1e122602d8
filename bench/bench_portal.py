"""Citizen portal benchmarks (issue #9): the public catalogue pages and the status lookup page
under gunicorn, measured with wrk from the same machine.

    DATABASE_URL=postgres://…/motcua_bench_portal python bench/bench_portal.py [--duration 20]

The database is migrated and given the demo catalogue, the calendar and ``--dossiers`` received
dossiers (made here, committed nowhere). The lookup posts the form as a browser does (CSRF
cookie and token), each request a random dossier with its phone. Prints figures; asserts
nothing. On a shared 2-core machine wrk and gunicorn compete for the same cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import free_port, setup_django, start_gunicorn, summarise, wrk

COUNTER = "bench-portal-counter"


def prepare(dossiers: int) -> list[tuple[str, str]]:
    """Migrate, load the catalogue and calendar, make sure ``dossiers`` dossiers exist."""
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from motcua.accounts.models import User
    from motcua.accounts.services import create_staff_user
    from motcua.agencies.models import Agency
    from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
    from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services.intake import receive_dossier

    call_command("migrate", verbosity=0)
    import_catalog(load_file(DEFAULT_CATALOG))
    import_file(PACKAGED_CALENDAR)
    agency = Agency.objects.get(code="000.00.31.H99")
    officer = User.objects.filter(username=COUNTER).first() or create_staff_user(
        COUNTER, agency=agency, role="counter", password=None
    )
    with scopes_disabled():
        have = Dossier.objects.count()
    for n in range(have, dossiers):
        receive_dossier(
            actor=officer,
            procedure="1.004873",
            applicant={"name": f"Nguyễn Văn Thử {n}", "phone": f"09{n:08d}"},
            components=[
                {"code": "to_khai_tthn", "originals": 1},
                {"code": "giay_to_tuy_than", "copies": 1},
            ],
        )
    with scopes_disabled():
        return list(Dossier.objects.values_list("code", "applicant_phone")[:2000])


def lua_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)


def bench_pages(port: int, duration: int, connections: int) -> None:
    for name, path in (
        ("catalogue page", "/thu-tuc/"),
        ("catalogue search 'khai sinh'", "/thu-tuc/?q=khai+sinh"),
        ("procedure page", "/thu-tuc/1.001193/"),
        ("catalogue API", "/api/v1/procedures?q=ket+hon"),
    ):
        out = wrk(["-t2", f"-c{connections}", f"-d{duration}s", f"http://127.0.0.1:{port}{path}"])
        print(f"{name}, {connections} connections, {duration} s: {summarise(out)}")
    out = wrk(
        ["-t2", f"-c{connections}", f"-d{duration}s", f"http://127.0.0.1:{port}/thu-tuc/"],
        'wrk.headers["If-None-Match"] = ETAG\n'.replace("ETAG", lua_string(etag(port))),
    )
    print(f"catalogue page revalidated (304), {connections} connections: {summarise(out)}")


def etag(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/thu-tuc/", timeout=10) as response:
        return response.headers["ETag"]


def csrf(port: int) -> tuple[str, str]:
    """A browser's CSRF cookie and the form's token, from one GET of the lookup page."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/tra-cuu", timeout=10) as response:
        cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.read())
    return cookie, token.group(1).decode()


def bench_lookup(port: int, duration: int, connections: int, pairs: list) -> None:
    cookie, token = csrf(port)
    bodies = [f"csrfmiddlewaretoken={token}&code={code}&phone={phone}" for code, phone in pairs]
    for name, extra in (
        ("lookup page (POST code + phone, no JavaScript)", ""),
        ("lookup answer (the same POST from htmx)", 'wrk.headers["HX-Request"] = "true"\n'),
    ):
        script = (
            "bodies = {" + ",".join(lua_string(b) for b in bodies) + "}\n"
            'wrk.method = "POST"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            f'wrk.headers["Cookie"] = {lua_string("csrftoken=" + cookie)}\n'
            f'wrk.headers["Referer"] = {lua_string(f"http://127.0.0.1:{port}/tra-cuu")}\n'
            f"{extra}"
            "request = function()\n"
            "  return wrk.format(nil, '/tra-cuu', nil, bodies[math.random(#bodies)])\n"
            "end\n"
        )
        out = wrk(["-t2", f"-c{connections}", f"-d{duration}s", f"http://127.0.0.1:{port}"], script)
        print(f"{name}, {connections} connections: {summarise(out)}")
    out = wrk(
        ["-t2", f"-c{connections}", f"-d{duration}s", f"http://127.0.0.1:{port}"],
        "paths = {"
        + ",".join(
            lua_string(f"/api/v1/public/lookup?code={code}&phone={phone}") for code, phone in pairs
        )
        + "}\nrequest = function()\n  return wrk.format('GET', paths[math.random(#paths)])\nend\n",
    )
    print(f"lookup API (GET), {connections} connections: {summarise(out)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--dossiers", type=int, default=500)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("Needs wrk (apt install wrk)")
    if not os.environ.get("DATABASE_URL"):
        print("note: no DATABASE_URL, using the SQLite file under var/ (PostgreSQL is production)")
    setup_django()
    random.seed(1)
    pairs = prepare(args.dossiers)
    print(f"{len(pairs)} dossiers; gunicorn with {args.workers} workers; {os.cpu_count()} CPUs")
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        # Five seconds unmeasured first: the first seconds after a start have slow outliers.
        wrk(["-t2", f"-c{args.connections}", "-d5s", f"http://127.0.0.1:{port}/thu-tuc/"])
        bench_pages(port, args.duration, args.connections)
        bench_lookup(port, args.duration, args.connections, pairs)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
