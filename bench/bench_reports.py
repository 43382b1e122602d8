"""Wall time of the province reports on the data of ``bench/gen_province.py``.

    DATABASE_URL=postgres://…/motcua_bench_reports python bench/bench_reports.py [--runs 5]

Prints, for each measure, the minimum and the median of several runs (the first run is a
warm-up and not counted): Biểu 06 for the whole province for a quarter, Biểu 06 for one commune
for a quarter, the Decision 766 index of every agency for a quarter, and the Excel file of a
year's province report. Figures only; nothing here asserts a speed (STYLE.md habit 23).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from gen_province import PROVINCE, setup_django  # noqa: E402

QUARTER = "2026-Q3"
YEAR = "2025"


def measure(label: str, action: Callable[[], object], runs: int) -> tuple[float, float]:
    action()  # warm-up: connections, caches, the calendar
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    low, median = min(times), statistics.median(times)
    print(f"{label:<58} min {low * 1000:8.1f} ms   median {median * 1000:8.1f} ms", flush=True)
    return low, median


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quarter", default=QUARTER)
    parser.add_argument("--year", default=YEAR)
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection
    from django.db.models import Count

    from motcua.agencies.models import Agency, Level
    from motcua.agencies.policy import subtree_ids
    from motcua.dossiers.models import Dossier
    from motcua.reports import circular_01_2020 as bieu06
    from motcua.reports import exports, index_766
    from motcua.reports.periods import parse_period

    total = Dossier.objects.with_scopes_disabled().count()
    if not total:
        print("No dossiers: run bench/gen_province.py first (make bench-reports does).")
        return 2
    province = Agency.objects.get(code=PROVINCE)
    ids = subtree_ids(province)
    biggest = (
        Dossier.objects.with_scopes_disabled()
        .filter(handling_agency__level=Level.COMMUNE)
        .values("handling_agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    commune = Agency.objects.get(pk=biggest["handling_agency_id"])
    quarter, year = parse_period(args.quarter), parse_period(args.year)
    print(
        f"{connection.vendor}, {total} dossiers, {len(ids)} agencies; quarter {quarter.code}, "
        f"year {year.code}; {args.runs} runs after a warm-up; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    report = bieu06.build(province, ids, quarter, children=True)
    print(
        f"  province {quarter.code}: {report.total['received_total']} dossiers counted; "
        f"{commune.code}: {biggest['n']} dossiers in all"
    )
    measure(
        f"Biểu 06, province (100 agencies), {quarter.code}",
        lambda: bieu06.build(province, ids, quarter, children=True),
        args.runs,
    )
    measure(
        f"Biểu 06, one commune ({commune.code}), {quarter.code}",
        lambda: bieu06.build(commune, [commune.pk], quarter, children=False),
        args.runs,
    )
    measure(
        f"766 index, every agency one by one, {quarter.code}",
        lambda: index_766.compute_many(ids, quarter),
        args.runs,
    )
    measure(
        f"Biểu 06 Excel, province, year {year.code}",
        lambda: exports.circular_01_2020_xlsx(bieu06.build(province, ids, year, children=True)),
        args.runs,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
