"""The hand-computed Biểu 06 fixture: dossiers placed around the boundaries of Q1 2025
(15/12/2024 → 14/03/2025) at phường Minh Sơn (A), one at Công an tỉnh, one received by xã Tân
Lập (B) for A. The expected figures are written out in ``test_circular_01_2020.py``."""

from __future__ import annotations

import pytest

from motcua.reports.tests.factories import make_dossier, vn

A = "000.00.31.H99"
B = "000.00.33.H99"
CENTRE = "000.00.01.H99"
POLICE = "000.00.07.H99"
CIVIL = "1.004873"  # Hộ tịch (TP-HOTICH), commune level
COPY = "2.000815"  # Chứng thực (TP-CHUNGTHUC), commune level
RECORD = "2.000488"  # Lý lịch tư pháp (CA-LLTP), decided by Công an tỉnh


@pytest.fixture
def q1(catalog):
    d = {}

    def add(key, procedure=CIVIL, **kwargs):
        kwargs.setdefault("agency", A)
        d[key] = make_dossier(procedure, **kwargs)

    # Carried over: received before 15/12, finished inside the period, late by date.
    add(
        "d1",
        received_at=vn(2024, 12, 14, 23, 59),
        due_at=vn(2024, 12, 19, 10),
        finished_at=vn(2024, 12, 20, 9),
        outcome="done",
    )
    # Received at 00:00 on the 15th (first instant), finished after the due hour on the due date.
    add(
        "d2",
        received_at=vn(2024, 12, 15, 0, 0),
        due_at=vn(2024, 12, 20, 16),
        finished_at=vn(2024, 12, 20, 17, 30),
        outcome="done",
    )
    # Received 23:59 on the 14th of the last month (last minute), online, still open, due later.
    add("d3", received_at=vn(2025, 3, 14, 23, 59), due_at=vn(2025, 3, 19, 10), channel="online")
    # Received 00:00 on 15/03: the next period.
    add("d4", received_at=vn(2025, 3, 15, 0, 0), due_at=vn(2025, 3, 20, 10))
    # Online, finished the day after the due date: late.
    add(
        "d5",
        received_at=vn(2025, 1, 10, 9),
        due_at=vn(2025, 1, 15, 9),
        finished_at=vn(2025, 1, 16, 8),
        outcome="done",
        channel="online",
    )
    # By post, refused after appraisal a day early: resolved early.
    add(
        "d6",
        received_at=vn(2025, 2, 3, 9),
        due_at=vn(2025, 2, 6, 9),
        finished_at=vn(2025, 2, 5, 15),
        outcome="refused",
        channel="post",
    )
    # Withdrawn inside the period.
    add(
        "d7",
        received_at=vn(2025, 2, 10, 9),
        due_at=vn(2025, 2, 13, 9),
        finished_at=vn(2025, 2, 11, 10),
        outcome="withdrawn",
    )
    # Carried over, then stopped inside the period.
    add(
        "d8",
        received_at=vn(2024, 11, 20, 9),
        due_at=vn(2024, 11, 25, 9),
        finished_at=vn(2025, 1, 5, 10),
        outcome="stopped",
    )
    # Open, due 13/03 (before the last day): overdue.
    add("d9", received_at=vn(2025, 3, 1, 9), due_at=vn(2025, 3, 13, 17))
    # Open, due 14/03 10:00 (the last day itself): within the term.
    add("d10", received_at=vn(2025, 3, 5, 9), due_at=vn(2025, 3, 14, 10))
    # Carried over and still open, long overdue.
    add("d11", received_at=vn(2024, 10, 1, 9), due_at=vn(2024, 10, 4, 9))
    # Finished 23:59 on 14/12: before the period, not counted.
    add(
        "d12",
        received_at=vn(2024, 12, 1, 9),
        due_at=vn(2024, 12, 10, 9),
        finished_at=vn(2024, 12, 14, 23, 59),
        outcome="done",
    )
    # Finished at 00:00 on 15/12: inside the period, carried over, late.
    add(
        "d13",
        received_at=vn(2024, 12, 1, 9),
        due_at=vn(2024, 12, 10, 9),
        finished_at=vn(2024, 12, 15, 0, 0),
        outcome="done",
    )
    # Finished at 00:00 on 15/03: still pending at the end of the period, within the term.
    add(
        "d14",
        received_at=vn(2025, 3, 10, 9),
        due_at=vn(2025, 3, 20, 9),
        finished_at=vn(2025, 3, 15, 0, 0),
        outcome="done",
    )
    # Apology moved the appointment to 30/01; the legal due stays 23/01: late.
    add(
        "d15",
        received_at=vn(2025, 1, 20, 9),
        original_due_at=vn(2025, 1, 23, 10),
        due_at=vn(2025, 1, 30, 10),
        finished_at=vn(2025, 1, 28, 10),
        outcome="done",
    )
    # Province level: received online at the centre, decided by Công an tỉnh on the due date.
    add(
        "d16",
        RECORD,
        agency=CENTRE,
        received_at=vn(2025, 2, 1, 9),
        due_at=vn(2025, 2, 14, 9),
        finished_at=vn(2025, 2, 14, 16),
        outcome="done",
        channel="online",
    )
    # Submitted online, never received: not counted.
    add("d17", received_at=None, channel="online")
    # Received by xã Tân Lập for phường Minh Sơn (phi địa giới): A's figures, open, overdue.
    add("d18", agency=B, handling=A, received_at=vn(2025, 2, 20, 9), due_at=vn(2025, 2, 25, 9))
    # Finished 00:30 local on the due date (still the previous day in UTC): on time.
    add(
        "d19",
        received_at=vn(2025, 1, 13, 10),
        due_at=vn(2025, 1, 16, 8),
        finished_at=vn(2025, 1, 16, 0, 30),
        outcome="done",
    )
    # Chứng thực, same day.
    add(
        "d20",
        COPY,
        received_at=vn(2025, 2, 12, 9),
        due_at=vn(2025, 2, 12, 17),
        finished_at=vn(2025, 2, 12, 10),
        outcome="done",
    )
    return d
