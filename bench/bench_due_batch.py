"""Benchmark: ``manage.py due --batch`` over 100,000 lines, start-up included.

Prepares a throwaway SQLite database with the national calendar and the demo agencies (not
timed), writes 100,000 JSON Lines of mixed units and agencies, then times the whole command as
a process, three runs. Prints figures; asserts nothing about speed.

    python bench/bench_due_batch.py [--lines 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UNITS = [("working_days", 1, 20), ("hours", 1, 40), ("days", 1, 30), ("same_day", 0, 0)]
AGENCIES = [None, "000.00.31.H99", "000.00.33.H99", "000.00.01.H99"]


def write_lines(path: Path, count: int, seed: int = 20251126) -> None:
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, 0, 0, tzinfo=UTC)  # read as wall-clock time below
    span = int((datetime(2026, 12, 1, tzinfo=UTC) - start).total_seconds() // 60)
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(count):
            unit, low, high = rng.choices(UNITS, weights=[70, 10, 10, 10])[0]
            received = start + timedelta(minutes=rng.randrange(span))
            item = {
                "received_at": received.strftime("%Y-%m-%dT%H:%M:00+07:00"),
                "amount": rng.randint(low, high),
                "unit": unit,
            }
            agency = rng.choice(AGENCIES)
            if agency:
                item["agency"] = agency
            fh.write(json.dumps(item) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DEBUG="1", DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3")
        manage = [sys.executable, str(REPO / "manage.py")]
        for step in (["migrate", "-v0"], ["seed_demo"]):
            subprocess.run([*manage, *step], env=env, check=True, capture_output=True)
        lines = Path(tmp) / "batch.jsonl"
        write_lines(lines, args.lines)
        timings = []
        for _ in range(args.runs):
            began = time.perf_counter()
            result = subprocess.run(
                [*manage, "due", "--batch", str(lines)], env=env, check=True, capture_output=True
            )
            timings.append(time.perf_counter() - began)
        out = result.stdout.decode().splitlines()
        errors = sum(1 for line in out if line.startswith("error:"))
        began = time.perf_counter()
        subprocess.run([*manage, "check"], env=env, check=True, capture_output=True)
        startup = time.perf_counter() - began
    print(f"due --batch: {args.lines:,} lines, {len(out):,} answers ({errors} errors)")
    median = sorted(timings)[len(timings) // 2]
    print(f"  seconds per run: min {min(timings):.2f}  median {median:.2f}  max {max(timings):.2f}")
    print(f"  for scale, a bare `manage.py check` takes {startup:.2f} s")
    print(f"  throughput: {args.lines / min(timings):,.0f} lines/s including start-up")


if __name__ == "__main__":
    main()
