"""The KPI registry behind the dashboards, and targets against actuals with a light."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from motcua.agencies.models import Agency
from motcua.catalog.models import Field
from motcua.dossiers.models import DossierComponent
from motcua.feedback.models import Rating
from motcua.hall.models import Ticket
from motcua.reports import kpis, targets
from motcua.reports.models import Target
from motcua.reports.periods import parse_period
from motcua.reports.tests.conftest import CIVIL, COPY, A
from motcua.reports.tests.factories import vn

Q1 = parse_period("2025-Q1")


@pytest.fixture
def figures(q1, no_scopes):
    agency = Agency.objects.get(code=A)
    DossierComponent.objects.create(dossier=q1["d2"], code="a", name="…", digitised=True)
    DossierComponent.objects.create(dossier=q1["d2"], code="b", name="…", digitised=True)
    DossierComponent.objects.create(dossier=q1["d6"], code="a", name="…", reused=True)
    Rating.objects.create(
        dossier=q1["d2"], agency=agency, level=3, channel="kiosk", created_at=vn(2024, 12, 21, 9)
    )
    Rating.objects.create(
        dossier=q1["d5"], agency=agency, level=1, channel="online", created_at=vn(2025, 1, 17, 9)
    )
    return q1


def test_the_registry_is_data_with_unique_codes():
    assert len({k.code for k in kpis.KPIS}) == len(kpis.KPIS)
    assert kpis.BY_CODE["waiting_minutes"].measurable  # from the hall's queue tickets
    assert {"received", "resolved", "on_time_rate", "overdue_now", "online_share",
            "digitised_share", "satisfaction_rate"} <= set(kpis.BY_CODE)  # fmt: skip


def test_dashboard_by_month_for_one_agency(figures):
    agency = Agency.objects.get(code=A)
    data = kpis.dashboard_figures([agency.pk], Q1.start, Q1.end, by="month", group="agency")
    (series,) = data["series"]
    assert series["key"] == A
    points = {p["period"]: p for p in series["points"]}
    assert [(m, points[m]["received"], points[m]["resolved"]) for m in sorted(points)] == [
        ("2024-12", 1, 3), ("2025-01", 3, 3), ("2025-02", 4, 2), ("2025-03", 4, 0),
    ]  # fmt: skip
    assert points["2024-12"]["on_time_rate"] == 33.33  # d2 on the due date; d1, d13 late
    assert points["2025-02"]["on_time_rate"] == 100.0
    assert points["2025-03"]["on_time_rate"] is None  # nothing resolved
    assert points["2025-01"]["online_share"] == 33.33
    assert points["2024-12"]["digitised_share"] == 100.0  # d2 counted once for two papers
    assert points["2025-02"]["reuse_share"] == 25.0
    assert series["total"]["received"] == 12
    assert series["total"]["on_time_rate"] == 50.0
    assert series["total"]["satisfaction_rate"] == 50.0
    # Open and past the legal due now: d3, d4, d9, d10, d11 and d18.
    assert series["total"]["overdue_now"] == 6
    assert data["total"]["received"] == 12
    assert [k["code"] for k in data["kpis"]][:2] == ["received", "resolved"]


def test_the_digitised_share_counts_only_papers_that_must_be_scanned(q1, no_scopes):
    """Issue 18 item 9 (Circular 03/2025 art. 5): papers of online dossiers, papers only shown
    for comparison and confidential papers are not scanned, so they are not counted."""
    DossierComponent.objects.create(dossier=q1["d2"], code="a", name="…", digitised=True)
    DossierComponent.objects.create(dossier=q1["d7"], code="a", name="…")  # to scan, not yet
    DossierComponent.objects.create(dossier=q1["d5"], code="a", name="…", scan_exempt="online")
    DossierComponent.objects.create(dossier=q1["d6"], code="a", name="…", scan_exempt="shown")
    DossierComponent.objects.create(
        dossier=q1["d9"], code="a", name="…", scan_exempt="confidential"
    )
    agency = Agency.objects.get(code=A)

    data = kpis.dashboard_figures([agency.pk], Q1.start, Q1.end, by="month", group="agency")

    assert data["total"]["digitised_share"] == 50.0  # d2 of d2 and d7


def test_dashboard_by_day_and_by_procedure(figures):
    agency = Agency.objects.get(code=A)
    by_day = kpis.dashboard_figures([agency.pk], date(2025, 2, 1), date(2025, 2, 28), by="day")
    points = {p["period"]: p for p in by_day["series"][0]["points"]}
    assert points["2025-02-12"]["received"] == 1
    assert points["2025-02-12"]["resolved"] == 1
    assert points["2025-02-05"]["resolved"] == 1
    by_procedure = kpis.dashboard_figures(
        [agency.pk], Q1.start, Q1.end, by="month", group="procedure"
    )
    totals = {s["key"]: s["total"] for s in by_procedure["series"]}
    assert totals[CIVIL]["received"] == 11
    assert totals[COPY]["received"] == 1
    with pytest.raises(ValueError):
        kpis.dashboard_figures([agency.pk], Q1.start, Q1.end, by="week")


def test_hall_visits_rated_at_the_kiosk_count_in_the_satisfaction_rate(figures):
    """Issue 20: the hall feeds the satisfaction figure; a ticket's rating is one of the same
    three levels, dated by the end of the visit."""
    agency = Agency.objects.get(code=A)
    hall = {"agency": agency, "field": Field.objects.get(code="TP-HOTICH"), "day": date(2025, 2, 3)}
    for number, rating in enumerate((3, 2, 1, None), start=1):
        Ticket.objects.create(
            **hall, number=number, code=f"A{number:03d}", id_number=f"00109000000{number}",
            channel="kiosk", queued_at=vn(2025, 2, 3, 8), status="done",
            finished_at=vn(2025, 2, 3, 9), rating=rating,
        )  # fmt: skip

    data = kpis.dashboard_figures([agency.pk], Q1.start, Q1.end, by="month", group="agency")

    # Dossiers: one satisfied of two ratings; the hall: two of three rated visits.
    assert data["total"]["satisfaction_rate"] == 60.0
    points = {p["period"]: p for p in data["series"][0]["points"]}
    assert points["2025-02"]["satisfaction_rate"] == 66.67


def test_period_figures_feed_the_targets(figures, lan, minh, hoa):
    agency = Agency.objects.get(code=A)
    values = kpis.period_figures([agency.pk], Q1)
    assert values["received"] == 12
    assert values["on_time_rate"] == 50.0
    assert values["online_share"] == 16.67
    assert values["waiting_minutes"] is None
    assert values["pakn_on_time_rate"] is None  # no PAKN
    # 12 dossiers in the 90 days of the quarter by three officers: 12 × 365 / 90 / 3.
    assert values["dossiers_per_officer"] == 16


@pytest.mark.parametrize(
    ("actual", "target", "comparison", "percent", "colour"),
    [
        (96, Decimal(96), "gte", True, "green"),
        (99.5, Decimal(96), "gte", True, "green"),
        (91, Decimal(96), "gte", True, "amber"),
        (90.99, Decimal(96), "gte", True, "red"),
        (None, Decimal(96), "gte", True, "grey"),
        (15, Decimal(15), "lte", False, "green"),
        (15.5, Decimal(15), "lte", False, "amber"),  # within 5 % of 15 minutes
        (16, Decimal(15), "lte", False, "red"),
        (1550, Decimal(1600), "gte", False, "amber"),
        (1500, Decimal(1600), "gte", False, "red"),
    ],
)
def test_the_traffic_light(actual, target, comparison, percent, colour):
    assert targets.light(actual, target, comparison, percent=percent) == colour


def test_targets_come_from_the_unit_or_the_nearest_agency_above(figures):
    agency = Agency.objects.get(code=A)
    province = Agency.objects.get(code="000.00.00.H99")
    Target.objects.create(agency=province, year=2025, kpi="online_share", value=20)
    Target.objects.create(agency=province, year=2025, kpi="on_time_rate", value=100)
    Target.objects.create(agency=agency, year=2025, kpi="on_time_rate", value=96,
                          source="Kế hoạch 12/KH-UBND")  # fmt: skip
    Target.objects.create(agency=agency, year=2024, kpi="satisfaction_rate", value=10)
    found = targets.effective_targets(agency, 2025)
    assert found["online_share"].agency == province
    assert found["on_time_rate"].value == 96
    assert "satisfaction_rate" not in found
    rows = {r["kpi"]: r for r in targets.scorecard(agency, [agency.pk], 2025, Q1)}
    assert (rows["on_time_rate"]["actual"], rows["on_time_rate"]["light"]) == (50.0, "red")
    assert rows["on_time_rate"]["target_source"] == "Kế hoạch 12/KH-UBND"
    assert (rows["online_share"]["actual"], rows["online_share"]["light"]) == (16.67, "amber")
    assert rows["online_share"]["set_by"] == province.name
    # No built-in figure: a KPI without a target for the year (satisfaction: 2024 only) is not
    # scored, and a unit without any target has no scorecard.
    assert set(rows) == {"on_time_rate", "online_share"}
    assert targets.scorecard(agency, [agency.pk], 2026, Q1) == []
    Target.objects.create(agency=province, year=2025, kpi="waiting_minutes", value=15,
                          comparison="lte")  # fmt: skip
    rows = {r["kpi"]: r for r in targets.scorecard(agency, [agency.pk], 2025, Q1)}
    assert rows["waiting_minutes"]["light"] == "grey"  # no queue ticket in the quarter
    assert rows["waiting_minutes"]["actual"] is None


def test_targets_are_edited_in_the_admin(catalog, client, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "x-9-y-8-z")
    client.force_login(admin)
    assert client.get("/admin/reports/target/").status_code == 200
    province = Agency.objects.get(code="000.00.00.H99")
    response = client.post(
        "/admin/reports/target/add/",
        {"agency": province.pk, "year": 2026, "kpi": "online_share", "value": "150",
         "comparison": "gte", "source": ""},
    )  # fmt: skip
    assert response.status_code == 200  # refused: a rate above 100 %
    assert "từ 0 đến 100" in response.content.decode()
    response = client.post(
        "/admin/reports/target/add/",
        {"agency": province.pk, "year": 2026, "kpi": "online_share", "value": "60",
         "comparison": "gte", "source": "Kế hoạch 05/KH-UBND"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Target.objects.get(year=2026).value == 60
