"""The benchmark's generator at a small scale, on the test database of either engine: the data
it writes is valid for the reports (both identities on every row of Biểu 06, every period
form), so `make bench-reports` measures realistic work."""

from __future__ import annotations

import random

import gen_province as gen
import pytest
from django.db import connection

from motcua.agencies.models import Agency
from motcua.agencies.policy import subtree_ids
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.reports import circular_01_2020 as bieu06
from motcua.reports import index_766
from motcua.reports.periods import parse_period


@pytest.fixture
def generated(db):
    started = 0.0
    gen.prepare_province(started)
    rng = random.Random(7)
    plan = gen.Plan(rng)
    writer = gen.Writer(connection)
    stamp = gen.Stamp(writer.postgres)
    count = 0
    for size, dossiers, supplements, apologies in gen.drawn(plan, 3000, rng, stamp, writer):
        writer.rows("dossiers_dossier", gen.DOSSIER_COLUMNS, dossiers, fast=True)
        writer.rows("dossiers_supplementrequest", gen.SUPPLEMENT_COLUMNS, supplements)
        writer.rows("dossiers_apology", gen.APOLOGY_COLUMNS, apologies)
        count += size
    writer.rows(
        "feedback_petition", gen.PETITION_COLUMNS, gen.draw_petitions(plan, count, rng, stamp)
    )
    gen.derived_rows(connection, started)
    return count


def test_the_generated_province_keeps_every_identity(generated):
    assert generated == 3000
    assert Agency.objects.count() == 100
    assert Dossier.objects.with_scopes_disabled().count() == 3000
    assert DossierComponent.objects.count() >= 3000
    root = Agency.objects.get(code=gen.PROVINCE)
    ids = subtree_ids(root)
    for code in ("2024", "2025-Q1", "2025-H1", "2025-9M", "2026-03", "2026-Q4"):
        report = bieu06.build(root, ids, parse_period(code), children=True)
        assert report.total["received_total"] > 0, code
        for row in [*report.rows]:
            assert bieu06.broken_identities(row.figures) == [], (code, row.field_code)
        assert bieu06.broken_identities(report.total) == [], code
    result = index_766.compute(root, ids, parse_period("2026-Q3"))
    assert result.total > 0
