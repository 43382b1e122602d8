"""The queue in the reports: the dashboard page and the waiting-time KPI measured from the
hall's tickets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from motcua import clock
from motcua.dossiers.tests.support import MONDAY
from motcua.hall.tests.support import HOTICH, counters, take
from motcua.reports import kpis
from motcua.reports.periods import resolve

pytestmark = pytest.mark.django_db


def serve(api, counter, at, minutes=5):
    with clock.frozen(at):
        ticket = api.post(f"/queue/counters/{counter.pk}/call-next").json()
    with clock.frozen(at + timedelta(minutes=minutes)):
        api.post(f"/queue/tickets/{ticket['id']}/finish", {})


def test_the_dashboard_and_the_kpi_show_the_measured_wait(agency_a, lan, as_user, client):
    one, _two, _three = counters(agency_a)
    api = as_user(lan)
    with clock.frozen(MONDAY):
        take(client, agency_a, HOTICH, 1)
        take(client, agency_a, HOTICH, 2)
    serve(api, one, MONDAY + timedelta(minutes=6))
    serve(api, one, MONDAY + timedelta(minutes=20))
    with clock.frozen(MONDAY + timedelta(hours=2)):
        assert (
            kpis.period_figures([agency_a.pk], resolve("", "2025-03-10", "2025-03-10"))[
                "waiting_minutes"
            ]
            == 13.0
        )
        client.force_login(lan)
        page = client.get("/office/reports/queue/", {"from": "2025-03-10", "to": "2025-03-10"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="share-15">50 %<' in html
    assert "Quyết định 468/QĐ-TTg" in html and "Quầy 1" in html
