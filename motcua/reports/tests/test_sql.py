"""The local-time SQL expressions agree with Python and with the deadline engine, on both
engines, for instants around nights, lunch, weekends, Tết and make-up Saturdays."""

from __future__ import annotations

import random
from datetime import timedelta

from motcua import clock
from motcua.agencies.models import Agency
from motcua.calendar import workdays
from motcua.calendar.services import calendar_for
from motcua.dossiers.models import Dossier
from motcua.reports.sql import LocalDay, LocalMinute, day_of, working_minutes
from motcua.reports.tests.conftest import CIVIL, A, B
from motcua.reports.tests.factories import make_dossier, vn

EDGES = [
    (vn(2025, 1, 24, 16), vn(2025, 2, 3, 8)),  # Friday before Tết → Monday after
    (vn(2025, 1, 25, 9), vn(2025, 2, 4, 17)),  # received on a holiday Saturday
    (vn(2025, 4, 25, 9), vn(2025, 4, 26, 9)),  # make-up Saturday 26/04/2025 is a working day
    (vn(2025, 4, 28, 11, 45), vn(2025, 4, 29, 11, 30)),  # from the lunch gap
    (vn(2025, 4, 28, 17, 30), vn(2025, 4, 29, 7, 0)),  # after hours to before opening
    (vn(2024, 12, 31, 23, 59), vn(2025, 1, 2, 0, 1)),  # across the new year and 01/01
    (vn(2025, 8, 29, 14), vn(2025, 9, 3, 14)),  # Quốc khánh
    (vn(2025, 3, 10, 9), vn(2025, 3, 10, 9)),  # nothing
]


def _pairs(seed: int, count: int):
    rng = random.Random(seed)
    start = vn(2024, 1, 1)
    for _ in range(count):
        a = start + timedelta(minutes=rng.randrange(3 * 365 * 1440))
        yield a, a + timedelta(minutes=rng.randrange(40 * 1440))


def test_working_minutes_in_sql_equal_the_engine_row_by_row(catalog):
    pairs = {A: [*EDGES, *_pairs(1, 60)], B: list(_pairs(2, 40))}
    made = []
    for code, items in pairs.items():
        for received, finished in items:
            dossier = make_dossier(
                CIVIL, agency=code, received_at=received, finished_at=finished, outcome="done"
            )
            made.append(dossier)
    agencies = {a.pk: a for a in Agency.objects.filter(code__in=list(pairs))}
    cals = {pk: calendar_for(a) for pk, a in agencies.items()}
    minutes, covered = working_minutes(
        cals, "handling_agency_id", "received_at", "finished_at", vn(2025, 1, 1).date()
    )
    rows = (
        Dossier.objects.with_scopes_disabled()
        .filter(pk__in=[d.pk for d in made])
        .annotate(
            minutes=minutes,
            local_day=LocalDay("finished_at"),
            local_minute=LocalMinute("received_at"),
        )
        .filter(covered)
    )
    checked = 0
    for row in rows:
        cal = cals[row.handling_agency_id]
        expected = workdays.working_minutes_between(row.received_at, row.finished_at, cal)
        assert row.minutes == expected, (row.received_at, row.finished_at)
        local_finish = clock.local(row.finished_at)
        assert day_of(row.local_day) == local_finish.date()
        received = clock.local(row.received_at)
        assert row.local_minute % 1440 == received.hour * 60 + received.minute
        checked += 1
    assert checked == len(made)


def test_rows_outside_the_calendar_years_are_left_out(catalog):
    inside = make_dossier(CIVIL, agency=A, received_at=vn(2025, 3, 3, 9),
                          finished_at=vn(2025, 3, 4, 9), outcome="done")  # fmt: skip
    make_dossier(CIVIL, agency=A, received_at=vn(2023, 12, 29, 9), finished_at=vn(2024, 1, 2, 9),
                 outcome="done")  # fmt: skip
    agency = Agency.objects.get(code=A)
    _, covered = working_minutes(
        {agency.pk: calendar_for(agency)}, "handling_agency_id", "received_at", "finished_at",
        vn(2025, 1, 1).date(),
    )  # fmt: skip
    kept = Dossier.objects.with_scopes_disabled().filter(covered)
    assert list(kept.values_list("pk", flat=True)) == [inside.pk]


def test_the_open_dossiers_index_covers_exactly_the_open_states():
    """Its WHERE clause is written out in a migration; it must name the lifecycle's open states,
    or "overdue now" would stop using it (or miss rows, were it ever read as the truth)."""
    import importlib
    import re

    from motcua.dossiers.lifecycle import OPEN_STATES

    migration = importlib.import_module("motcua.reports.migrations.0003_open_dossiers_index")
    assert set(re.findall(r"'(\w+)'", migration.OPEN)) == {str(s) for s in OPEN_STATES}
