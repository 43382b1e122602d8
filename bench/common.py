"""Shared set-up for the benchmarks: Django on whatever DATABASE_URL says (PostgreSQL for the
figures that count), and small timing helpers. Benchmarks print figures; they assert nothing."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def setup_django() -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    import django

    django.setup()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds per call over ``runs`` calls (after one warm-up call)."""
    fn()
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        out.append((time.perf_counter() - began) * 1000)
    return out


def report(name: str, ms: list[float]) -> None:
    print(
        f"{name}: n={len(ms)} p50 {statistics.median(ms):.1f} ms  p95 {percentile(ms, 95):.1f} ms"
        f"  p99 {percentile(ms, 99):.1f} ms  max {max(ms):.1f} ms"
    )
