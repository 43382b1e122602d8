"""Staff screens with the benchmark database (issue #8): server time of every page an officer
opens in a day, per role, on the data of ``bench/gen_dossiers.py`` (1,000,000 dossiers, 10,000
open at phường Minh Sơn).

    DATABASE_URL=postgres://…/motcua_bench python bench/bench_office.py [--runs 30]

Each page is requested in-process, with the production settings (DEBUG off), through the whole
middleware stack (session login, agency scope, templates), so the figure is the server's time
for the page, without the network.
Prints p50/p95/max per page; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PRODUCTION, report, setup_django, timed

AGENCY = "000.00.31.H99"


def pages() -> list[tuple[str, str, str]]:
    """(role's user, what, URL) for the screens of each desk."""
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from motcua.dossiers.models import Dossier

    with scopes_disabled():
        open_one = (
            Dossier.objects.filter(current_agency__code=AGENCY, outcome="")
            .order_by("-id")
            .values_list("code", flat=True)
            .first()
        )
        finished = (
            Dossier.objects.filter(agency__code=AGENCY, outcome="done")
            .order_by("id")
            .values_list("code", flat=True)
            .first()
        )
        procedure = Dossier.objects.filter(code=open_one).values_list(
            "procedure__code", "case__code"
        )[0]
    office = "office:"
    return [
        ("lan", "counter desk", reverse(f"{office}counter")),
        ("lan", "counter: find procedure", reverse(f"{office}find_procedures") + "?q=ket hon"),
        ("lan", "counter: applicant hints", reverse(f"{office}applicant_hints") + "?id=00109"),
        ("lan", "counter: online waiting", reverse(f"{office}online")),
        ("lan", "counter: returns", reverse(f"{office}returns")),
        ("lan", "tracking book", reverse(f"{office}tracking_book")),
        ("lan", "worklist, unit", reverse(f"{office}worklist")),
        ("lan", "worklist, page 50", reverse(f"{office}worklist") + "?page=50"),
        ("lan", "worklist, overdue", reverse(f"{office}worklist") + "?view=overdue"),
        ("lan", "worklist, search name", reverse(f"{office}worklist") + "?q=nguyen van"),
        ("lan", "worklist, search phone", reverse(f"{office}worklist") + "?q=0990123"),
        ("minh", "worklist, mine", reverse(f"{office}worklist") + "?view=mine"),
        ("minh", "dossier page (open)", reverse(f"{office}dossier", args=[open_one])),
        ("hoa", "dossier page (finished)", reverse(f"{office}dossier", args=[finished])),
        ("thu", "admin: procedures", reverse(f"{office}admin_procedures")),
        (
            "thu",
            "admin: step editor",
            reverse(f"{office}admin_steps", args=[procedure[0], procedure[1]]),
        ),
        ("thu", "admin: calendar", reverse(f"{office}admin_calendar")),
        ("thu", "admin: users", reverse(f"{office}admin_users")),
        ("lan", "PAKN queue", reverse("pakn_office:queue")),
        ("hoa", "reports: dashboard", reverse("reports:dashboard")),
        ("hoa", "reports: Biểu 06", reverse("reports:circular_01_2020")),
        ("giamsat", "reports: dashboard, province", reverse("reports:dashboard")),
        ("giamsat", "reports: 766 index", reverse("reports:index_766")),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL=postgres://… (after bench/gen_dossiers.py)")
    os.environ.update(PRODUCTION)
    setup_django()
    from django.test import Client
    from django_scopes import scopes_disabled

    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier

    with scopes_disabled():
        total = Dossier.objects.count()
    print(f"staff pages, {total:,} dossiers in the database, {args.runs} runs each")
    clients: dict[str, Client] = {}
    for username, what, url in pages():
        if username not in clients:
            clients[username] = Client(SERVER_NAME="127.0.0.1")
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        status = client.get(url).status_code
        if status != 200:
            print(f"  {what} ({username}): HTTP {status} at {url}")
            continue
        report(f"  {what} ({username})", timed(lambda c=client, u=url: c.get(u), args.runs))


if __name__ == "__main__":
    main()
