"""Generate N historical dossiers for the demo province and load them with ``import_dossiers``
(the benchmark data of ``make bench-data``), then give one agency's open dossiers an active
process step so its worklist looks like a real one.

    DATABASE_URL=postgres://… python bench/gen_dossiers.py --count 1000000 [--no-vacuum]

Prints the generation and import times. Generated data stays in the database and in a
temporary file that is deleted; nothing is committed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import setup_django

VN = ZoneInfo("Asia/Ho_Chi_Minh")
COMMUNES = ["000.00.31.H99", "000.00.32.H99", "000.00.33.H99", "000.00.34.H99"]
CENTRE = "000.00.01.H99"
COMMUNE_PROCEDURES = [
    "1.004873",
    "1.000894",
    "2.000815",
    "2.000884",
    "1.001612",
    "1.000656",
    "2.000635",
    "1.004884",
    "1.001570",
]
PROVINCE_PROCEDURES = ["1.012783", "1.012790", "1.002809", "2.000488", "2.001610", "1.002861"]


def working_days(first: date, last: date) -> list[date]:
    from motcua.calendar.services import calendar_for

    cal = calendar_for(None)
    days, day = [], first
    while day <= last:
        if cal.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def write_lines(path: Path, count: int, open_agency: str, open_count: int, seed: int) -> None:
    rng = random.Random(seed)
    from motcua.demo.people import person

    days = working_days(date(2024, 1, 2), date(2026, 11, 20))
    recent = [d for d in days if d >= date(2026, 9, 1)]
    agencies = [*COMMUNES, CENTRE]
    sequence: dict[tuple[str, date], int] = {}
    people = [person(rng) for _ in range(5000)]
    opened = 0
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            agency = agencies[index % len(agencies)]
            make_open = agency == open_agency and opened < open_count
            day = rng.choice(recent if make_open else days)
            key = (agency, day)
            sequence[key] = sequence.get(key, 0) + 1
            received = datetime(
                day.year, day.month, day.day, rng.randint(7, 16), rng.randint(0, 59), tzinfo=VN
            )
            procedures = PROVINCE_PROCEDURES if agency == CENTRE else COMMUNE_PROCEDURES
            who = rng.choice(people)
            item = {
                "code": f"{agency}-{day:%y%m%d}-{sequence[key]:04d}",
                "agency": agency,
                "procedure": rng.choice(procedures),
                "channel": rng.choices(["counter", "online", "post"], weights=[50, 42, 8])[0],
                "applicant": {"name": who["name"], "phone": who["phone"]},
                "received_at": received.isoformat(),
                "outcome": None,
                "finished_at": None,
                "returned_at": None,
            }
            if make_open:
                opened += 1
            else:
                finished = received + timedelta(days=rng.randint(0, 14), hours=rng.randint(0, 6))
                outcome = rng.choices(
                    ["done", "refused", "withdrawn", "stopped"], weights=[95, 2, 2, 1]
                )[0]
                item["outcome"] = outcome
                item["finished_at"] = finished.isoformat()
                if outcome == "done" and rng.random() < 0.85:
                    item["returned_at"] = (finished + timedelta(days=rng.randint(0, 3))).isoformat()
            out.write(json.dumps(item, ensure_ascii=False) + "\n")


def give_open_dossiers_a_step(agency_code: str) -> int:
    from django_scopes import scopes_disabled

    from motcua.dossiers.models import Dossier, ProcessStep, StepState

    with scopes_disabled():
        open_ids = list(
            Dossier.objects.filter(
                agency__code=agency_code, outcome="", current_step__isnull=True
            ).values_list("pk", "handling_agency_id", "due_at")
        )
        steps = [
            ProcessStep(
                dossier_id=pk,
                order=2,
                name="Thẩm định hồ sơ",
                role="specialist",
                hours=8,
                agency_id=agency_id,
                state=StepState.ACTIVE,
                due_at=due,
            )
            for pk, agency_id, due in open_ids
        ]
        created = ProcessStep.objects.bulk_create(steps, batch_size=5000)
        for step in created:
            Dossier.objects.filter(pk=step.dossier_id).update(
                current_step=step,
                current_agency_id=step.agency_id,
                status="in_progress",
                status_code=4,
            )
    return len(created)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--open-agency", default="000.00.31.H99")
    parser.add_argument("--seed", type=int, default=20251126)
    parser.add_argument(
        "--no-vacuum",
        action="store_true",
        help="leave the database as the import left it (its own ANALYZE only), to measure "
        "the screens right after a bulk import",
    )
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    from motcua.dossiers.importing import import_dossiers

    call_command("migrate", verbosity=0)
    call_command("seed_demo", dossiers=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dossiers.jsonl"
        began = time.perf_counter()
        write_lines(path, args.count, args.open_agency, args.open, args.seed)
        generated = time.perf_counter() - began
        began = time.perf_counter()
        counts = import_dossiers(path)
        imported = time.perf_counter() - began
    began = time.perf_counter()
    steps = give_open_dossiers_a_step(args.open_agency)
    stepped = time.perf_counter() - began
    from django.db import connection

    if not args.no_vacuum:
        with connection.cursor() as cursor:
            # Fresh planner statistics and visibility map, as autovacuum gives a loaded table
            # later (PostgreSQL's index-only scans need the latter).
            cursor.execute("VACUUM ANALYZE")
    print(f"generated {args.count:,} lines in {generated:.1f} s")
    print(
        f"import_dossiers: {counts.lines:,} dossiers in {imported:.1f} s "
        f"({counts.lines / imported:,.0f} per s)"
    )
    print(f"active steps for {steps:,} open dossiers of {args.open_agency} in {stepped:.1f} s")


if __name__ == "__main__":
    main()
