"""The queue report: waits measured from the tickets (Decision 468 target ≤ 15 minutes)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from motcua import clock
from motcua.dossiers.tests.support import MONDAY
from motcua.hall.tests.support import CHUNGTHUC, HOTICH, counters, take

pytestmark = pytest.mark.django_db


def serve(api, counter, at, minutes=5):
    with clock.frozen(at):
        ticket = api.post(f"/queue/counters/{counter.pk}/call-next").json()
    with clock.frozen(at + timedelta(minutes=minutes)):
        api.post(f"/queue/tickets/{ticket['id']}/finish", {})
    return ticket


def test_the_report_measures_waits_per_field_and_counter(agency_a, lan, as_user, client, outsider):
    one, two, _three = counters(agency_a)
    api = as_user(lan)
    with clock.frozen(MONDAY):
        for n in range(1, 4):
            take(client, agency_a, HOTICH, n)
        take(client, agency_a, CHUNGTHUC, 9)
    serve(api, one, MONDAY + timedelta(minutes=10))  # waited 10
    serve(api, one, MONDAY + timedelta(minutes=20))  # waited 20
    with clock.frozen(MONDAY + timedelta(minutes=30)):
        missed = api.post(f"/queue/counters/{one.pk}/call-next").json()
        api.post(f"/queue/tickets/{missed['id']}/no-show")  # waited 30, did not come
    serve(api, two, MONDAY + timedelta(minutes=4), minutes=8)  # waited 4

    with clock.frozen(MONDAY + timedelta(hours=1)):
        answer = api.get("/reports/queue", {"agency": agency_a.code, "from": "2025-03-10"})
    assert answer.status_code == 200
    report = answer.json()
    assert report["tickets"] == 4 and report["served"] == 3 and report["no_show"] == 1
    assert Decimal(report["wait_p50_minutes"]) == 10
    assert Decimal(report["wait_p90_minutes"]) == 30
    assert Decimal(report["served_within_15_minutes_share"]) == Decimal("0.5")
    fields = {row["field"]: row for row in report["by_field"]}
    assert fields[HOTICH]["tickets"] == 3
    assert Decimal(fields[CHUNGTHUC]["service_p50_minutes"]) == 8
    assert {(c["counter"], c["served"]) for c in report["counters"]} == {
        ("Quầy 1", 2),
        ("Quầy 2", 1),
    }
    assert {(h["weekday"], h["hour"]) for h in report["heatmap"]} == {(1, 9)}

    other = as_user(outsider).get("/reports/queue", {"agency": agency_a.code})
    assert other.status_code == 403
