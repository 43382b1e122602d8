"""Throughput of the deadline engine: ``due_at`` over a million mixed receipts.

    python bench/bench_calendar.py [CALENDAR.csv] [--count N] [--seed S]

Builds the national calendar from the CSV (default: the packaged copy, else the shared data
folder), draws receipts over 2024–2026 with a fixed seed — 70 % working days 1–20, 10 % hours
1–40, 10 % calendar days 1–30, 10 % same day — and prints computations per second. Receipts are
timed twice: as Vietnamese local time and as UTC (what the database gives back). Figures only;
nothing here asserts a speed (STYLE.md habit 23).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # run as a script from anywhere in the checkout

from motcua.calendar import workdays  # noqa: E402

PACKAGED_CSV = REPO / "motcua" / "calendar" / "data" / "vn-public-sector.csv"


def default_csv() -> Path:
    return PACKAGED_CSV


def load_calendar(path: Path) -> workdays.WorkCalendar:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(date.fromisoformat(r["date"]), r["kind"]) for r in csv.DictReader(fh)]
    return workdays.calendar_from_rows(rows)


def draw_limits(rng: random.Random, count: int) -> list[workdays.Limit]:
    """Limits as a procedure catalogue holds them: parsed once, shared by many dossiers."""
    pool = {
        "working_days": [workdays.Limit.parse(n, "working_days") for n in range(1, 21)],
        "hours": [workdays.Limit.parse(n, "hours") for n in range(1, 41)],
        "days": [workdays.Limit.parse(n, "days") for n in range(1, 31)],
        "same_day": [workdays.Limit.parse(0, "same_day")],
    }
    units = rng.choices(list(pool), weights=[70, 10, 10, 10], k=count)
    return [rng.choice(pool[unit]) for unit in units]


def draw_receipts(rng: random.Random, count: int) -> list[datetime]:
    """Uniform instants over 2024-01-01 … 2026-12-31 (nights and weekends included)."""
    start = datetime(2024, 1, 1, tzinfo=workdays.VN)
    span = int((datetime(2027, 1, 1, tzinfo=workdays.VN) - start).total_seconds())
    return [start + timedelta(seconds=rng.randrange(span)) for _ in range(count)]


def run(receipts, limits, cal) -> float:
    due_at = workdays.due_at
    began = time.perf_counter()
    for received, limit in zip(receipts, limits, strict=True):
        due_at(received, limit, cal)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=default_csv())
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20250124)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    args = parser.parse_args()

    began = time.perf_counter()
    cal = load_calendar(args.csv)
    built = time.perf_counter() - began
    print(f"calendar {args.csv} years {sorted(cal.years)}: built in {built * 1000:.1f} ms")

    rng = random.Random(args.seed)
    limits = draw_limits(rng, args.count)
    receipts = draw_receipts(rng, args.count)
    mix = Counter(limit.unit.value for limit in limits)
    print("mix: " + ", ".join(f"{unit} {n / args.count:.0%}" for unit, n in sorted(mix.items())))

    for label, batch in (("VN local", receipts), ("UTC", [r.astimezone(UTC) for r in receipts])):
        best = min(run(batch, limits, cal) for _ in range(args.repeat))
        print(
            f"due_at, receipts in {label:8s}: {args.count / best:>11,.0f} computations/s"
            f"  {best / args.count * 1e6:.2f} µs/call  (best of {args.repeat})"
        )

    for unit in ("working_days", "hours", "days", "same_day"):
        picked = [(r, lim) for r, lim in zip(receipts, limits, strict=True) if lim.unit == unit]
        sample_receipts, sample_limits = zip(*picked[:100_000], strict=True)
        best = min(run(sample_receipts, sample_limits, cal) for _ in range(args.repeat))
        print(f"  {unit:13s} {best / len(sample_receipts) * 1e6:.2f} µs/call")


if __name__ == "__main__":
    main()
