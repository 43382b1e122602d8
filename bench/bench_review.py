"""Wall time of the compliance cost (chi phí tuân thủ) on the data of ``bench/gen_province.py``.

    DATABASE_URL=postgres://…/motcua_bench_reports python bench/bench_review.py [--runs 5]

The cost of a procedure counts the year's dossiers and measures the working time of each
finished one on its agency's calendar, so its time grows with the procedure's volume. This
prints, for the procedure with the most dossiers in the year and for a middling one: the
service alone, and ``GET /api/v1/procedures/{code}/compliance-cost`` through the whole Django
stack (in process, no network); then the cost table of a plan holding every procedure, as the
review screen and its Excel file compute it. Inputs for the year (an hour's value, visits and
the rest) are written for the measured procedures first, marked as bench figures. Figures
only; nothing here asserts a speed (STYLE.md habit 23).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench_reports import measure  # noqa: E402
from common import calibration  # noqa: E402
from gen_province import setup_django  # noqa: E402

YEAR = 2025
BENCH = "Số liệu đo hiệu năng (không phải số liệu thật)"
INPUTS = {
    "visits": 2,
    "travel_hours": 1,
    "waiting_hours": "0.5",
    "copies": 5000,
    "certification": 10000,
    "travel_cost": 30000,
    "services": 0,
}


def enter_inputs(procedure, year: int) -> None:
    from decimal import Decimal

    from motcua.catalog.structure import version_cases
    from motcua.review.models import CostInput

    structures = version_cases(procedure.current_version_id)
    papers = [c.code for c in structures[0].components] if structures else []
    rows = [("paper_hours", code, Decimal(1)) for code in papers]
    rows += [(kind, "", Decimal(str(value))) for kind, value in INPUTS.items()]
    for kind, paper, value in rows:
        CostInput.objects.update_or_create(
            procedure=procedure,
            year=year,
            scenario="current",
            kind=kind,
            paper=paper,
            defaults={"value": value, "source": BENCH},
        )
    CostInput.objects.update_or_create(
        procedure=procedure,
        year=year,
        scenario="proposed",
        kind="visits",
        paper="",
        defaults={"value": Decimal(1), "source": BENCH},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=YEAR)
    args = parser.parse_args(argv)
    os.environ.setdefault("RATELIMIT_ENABLE", "0")  # one caller asks many times on purpose
    setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from motcua.catalog.models import Procedure
    from motcua.dossiers.models import Dossier
    from motcua.review import compliance
    from motcua.review.completeness import catalogue_completeness
    from motcua.review.models import HourValue

    year = args.year
    start, end = compliance.year_bounds(year)
    volumes = list(
        Dossier.objects.with_scopes_disabled()
        .filter(received_at__gte=start, received_at__lt=end)
        .values("procedure_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    if not volumes:
        print("No dossiers in that year: run bench/gen_province.py first (make bench-reports).")
        return 2
    total = sum(v["n"] for v in volumes)
    HourValue.objects.update_or_create(year=year, defaults={"amount_vnd": 30000, "source": BENCH})
    biggest = Procedure.objects.get(pk=volumes[0]["procedure_id"])
    middling = Procedure.objects.get(pk=volumes[len(volumes) // 2]["procedure_id"])
    for procedure in (biggest, middling):
        enter_inputs(procedure, year)
    print(
        f"{connection.vendor}, {total} dossiers received in {year} over {len(volumes)} "
        f"procedures; {args.runs} runs after a warm-up"
    )
    print(calibration())
    client = Client(HTTP_HOST="127.0.0.1")
    for label, procedure, n in (
        ("most dossiers", biggest, volumes[0]["n"]),
        ("a middling procedure", middling, volumes[len(volumes) // 2]["n"]),
    ):
        code = procedure.code
        found = compliance.compliance_cost(code, year)
        print(
            f"{code} ({label}): {n} dossiers, {found.measured.finished} finished, "
            f"{found.measured.processing_hours} working hours on average; "
            f"{found.current[1].total} đồng a dossier, {found.current[1].yearly_total} a year"
        )

        def service(c: str = code) -> None:
            cache.clear()  # time the read of the year's dossiers, not the kept figures
            compliance.compliance_cost(c, year)

        def api(c: str = code, fresh: bool = True) -> None:
            if fresh:
                cache.clear()
            answer = client.get(f"/api/v1/procedures/{c}/compliance-cost", {"year": year})
            assert answer.status_code == 200, answer.content[:200]

        measure(f"service, {label} ({n} dossiers)", service, args.runs)
        measure(f"GET …/compliance-cost, {label}", api, args.runs)
        measure(f"GET …/compliance-cost, {label}, kept", lambda c=code: api(c, False), args.runs)
    every = list(Procedure.objects.filter(current_version__isnull=False).order_by("code"))

    def table() -> None:
        cache.clear()
        compliance.cost_table(every, year)

    measure(f"cost table of a plan with all {len(every)} procedures", table, max(1, args.runs // 2))
    measure("catalogue completeness", catalogue_completeness, args.runs)
    print(calibration())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
