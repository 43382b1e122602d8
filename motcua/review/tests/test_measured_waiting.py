"""The compliance cost's waiting time comes from the hall's queue tickets of the procedure's
field when nobody entered one; an entered input still wins."""

from __future__ import annotations

from datetime import timedelta

import pytest

from motcua import clock
from motcua.dossiers.tests.support import MONDAY
from motcua.hall.services import call_next, finish
from motcua.hall.tests.support import HOTICH, counters, take
from motcua.review import services

pytestmark = pytest.mark.django_db

CODE = "1.004873"  # Xác nhận tình trạng hôn nhân: field hộ tịch (TP-HOTICH)


def test_the_measured_wait_fills_the_input_until_one_is_entered(client, agency_a, lan, giamsat):
    one, _two, _three = counters(agency_a)
    with clock.frozen(MONDAY):
        take(client, agency_a, HOTICH, 1)
        take(client, agency_a, HOTICH, 2)
    for minutes in (12, 24):  # waits of 12 and 24 minutes: 0.3 hours on average
        with clock.frozen(MONDAY + timedelta(minutes=minutes)):
            ticket = call_next(one, officer=lan)
            finish(ticket.pk, officer=lan)
    body = client.get(f"/api/v1/procedures/{CODE}/compliance-cost", {"year": 2025}).json()
    waiting = body["inputs"]["waiting_hours"]
    assert waiting["value"] == "0.30"
    assert "Đo từ 2 lượt chờ tại sảnh năm 2025, lĩnh vực Hộ tịch" in waiting["source"]
    assert "waiting_hours" not in body["missing"]

    services.set_input(giamsat, CODE, 2025, "waiting_hours", "0.5", "Khảo sát tại quầy")
    body = client.get(f"/api/v1/procedures/{CODE}/compliance-cost", {"year": 2025}).json()
    assert body["inputs"]["waiting_hours"] == {"value": "0.50", "source": "Khảo sát tại quầy"}
