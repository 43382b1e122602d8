"""Tests of the working calendar; the national calendar file is loaded here for both modules."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

PACKAGED_CSV = Path(__file__).resolve().parents[1] / "data" / "vn-public-sector.csv"


def calendar_csv_path() -> Path:
    """The national calendar file shipped with the package."""
    return PACKAGED_CSV


def calendar_rows() -> list[tuple[date, str]]:
    """``(date, kind)`` rows of the national calendar file, in file order."""
    with calendar_csv_path().open(encoding="utf-8", newline="") as fh:
        return [(date.fromisoformat(row["date"]), row["kind"]) for row in csv.DictReader(fh)]
