"""Biểu 06 on a seeded random province: both identities on every row of every period form,
each figure equal to its list of dossiers, and every figure equal to a plain Python count
written from CONTRACT.md (an oracle that shares no code with the report)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from motcua import clock
from motcua.agencies.models import Agency
from motcua.agencies.policy import subtree_ids
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.reports import circular_01_2020 as bieu06
from motcua.reports.periods import between, parse_period
from motcua.reports.tests.factories import make_dossier, vn

PROCEDURES = ("1.004873", "2.000815", "1.001612", "2.000488", "1.012753")
COMMUNES = ("000.00.31.H99", "000.00.32.H99", "000.00.33.H99", "000.00.34.H99")
CENTRE = "000.00.01.H99"
PERIODS = [
    *(f"2025-{m:02d}" for m in range(1, 13)),
    *(f"2025-Q{q}" for q in range(1, 5)),
    "2025-H1",
    "2025-9M",
    "2025",
    "2026-Q1",
]


@pytest.fixture
def province(catalog):
    rng = random.Random(20250315)
    start = vn(2024, 10, 1)
    procedures = {
        p.code: p
        for p in Procedure.objects.select_related("current_version", "deciding_agency").filter(
            code__in=PROCEDURES
        )
    }
    agencies = {a.code: a for a in Agency.objects.filter(code__in=(*COMMUNES, CENTRE))}
    for _ in range(400):
        procedure = procedures[rng.choice(PROCEDURES)]
        commune = procedure.deciding_agency_id is None
        agency = agencies[rng.choice(COMMUNES) if commune else CENTRE]
        # Whole local days plus boundary-prone clock times: midnight, 23:59, office hours.
        day = start + timedelta(days=rng.randrange(480))
        received = day.replace(hour=rng.choice((0, 7, 9, 14, 16, 23)), minute=rng.choice((0, 59)))
        due = received + timedelta(days=rng.randint(0, 12), hours=rng.randint(0, 9))
        outcome, finished = "", None
        if rng.random() < 0.85:
            finished = received + timedelta(days=rng.randint(0, 20), minutes=rng.randrange(1440))
            outcome = rng.choices(("done", "refused", "withdrawn", "stopped"), (85, 5, 6, 4))[0]
        apology = rng.random() < 0.05
        make_dossier(
            procedure,
            agency=agency,
            received_at=received,
            due_at=due + timedelta(days=5) if apology else due,
            original_due_at=due,
            finished_at=finished,
            outcome=outcome,
            channel=rng.choice(("counter", "online", "online", "post")),
        )
    make_dossier("1.004873", agency=COMMUNES[0], received_at=None, channel="online")


def oracle(dossiers, period):
    """CONTRACT.md "Biểu 06", read literally, dossier by dossier."""
    counts: Counter = Counter()
    for d in dossiers:
        if d.received_at is None:
            continue
        received = clock.local(d.received_at).date()
        finished = clock.local(d.finished_at).date() if d.finished_at else None
        due = clock.local(d.original_due_at).date() if d.original_due_at else None
        if received > period.end or (finished is not None and finished < period.start):
            continue
        counts["received_total"] += 1
        if received < period.start:
            counts["carried_over"] += 1
        elif d.channel == "online":
            counts["received_online"] += 1
        else:
            counts["received_direct"] += 1
        if finished is not None and finished <= period.end:
            if d.outcome in ("done", "refused"):
                counts["resolved_total"] += 1
                if due is None or finished == due:
                    counts["resolved_on_time"] += 1
                elif finished < due:
                    counts["resolved_early"] += 1
                else:
                    counts["resolved_late"] += 1
            else:
                counts["withdrawn_or_stopped"] += 1
        else:
            counts["pending_total"] += 1
            if due is not None and due < period.end:
                counts["pending_overdue"] += 1
            else:
                counts["pending_within"] += 1
    return {key: counts[key] for key in bieu06.KEYS}


def test_the_report_equals_a_literal_reading_of_the_contract(province):
    root = Agency.objects.get(code="000.00.00.H99")
    ids = subtree_ids(root)
    everything = list(Dossier.objects.with_scopes_disabled().select_related("field"))
    level = {a.pk: bieu06.GROUP_OF_LEVEL[a.level].key for a in Agency.objects.all()}
    for code in PERIODS:
        period = parse_period(code)
        report = bieu06.build(root, ids, period, children=True)
        assert report.total == oracle(everything, period), code
        assert report.total["received_total"] > 0
        for row in report.rows:
            assert bieu06.broken_identities(row.figures) == [], (code, row.field_code)
            mine = [
                d
                for d in everything
                if d.field.code == row.field_code and level[d.handling_agency_id] == row.group.key
            ]
            assert row.figures == oracle(mine, period), (code, row.field_code)
        if code in ("2025-Q1", "2025"):
            for key in bieu06.KEYS:
                listed = bieu06.dossiers_behind(ids, period, key).count()
                assert listed == report.total[key], (code, key)


def test_a_commune_and_a_custom_range(province):
    commune = Agency.objects.get(code=COMMUNES[1])
    period = between(date(2025, 2, 3), date(2025, 5, 17))
    report = bieu06.build(commune, [commune.pk], period, children=False)
    mine = list(Dossier.objects.with_scopes_disabled().filter(handling_agency=commune))
    assert report.total == oracle(mine, period)
    assert bieu06.broken_identities(report.total) == []
