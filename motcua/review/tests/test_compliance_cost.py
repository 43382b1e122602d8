"""The compliance cost of a procedure from the database and through the API (CONTRACT v1.1),
on a hand-computed case: Cấp Giấy xác nhận tình trạng hôn nhân (1.004873) in 2025."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.audit.models import Event
from motcua.errors import PermissionDenied, ValidationFailed
from motcua.review import services
from motcua.review.models import CostInput, HourValue
from motcua.review.tests.support import dossier, vn

SURVEY = "Khảo sát người nộp, tháng 11/2025"
CODE = "1.004873"  # papers: to_khai_tthn, giay_to_ly_hon, giay_to_tuy_than, van_ban_uy_quyen


@pytest.fixture
def year_2025(catalog, agency_a, agency_b):
    """Three dossiers received in 2025 and three that do not count."""
    # Monday 09:00 → 11:00: 120 working minutes (sessions 07:30–11:30, 13:30–17:00)
    dossier(CODE, agency_a, vn(2025, 3, 10, 9, 0), vn(2025, 3, 10, 11, 0))
    # Monday 10:30 → Tuesday 08:00: 60 + 210 + 30 = 300 working minutes
    dossier(CODE, agency_a, vn(2025, 3, 10, 10, 30), vn(2025, 3, 11, 8, 0))
    # received in the year's last minute at another commune, still at work
    dossier(CODE, agency_b, vn(2025, 12, 31, 23, 59))
    dossier(CODE, agency_a, vn(2024, 12, 31, 23, 59), vn(2025, 1, 2, 9, 0))
    dossier(CODE, agency_a, vn(2026, 1, 1, 0, 0))
    dossier("1.001193", agency_a, vn(2025, 3, 10, 9, 0), vn(2025, 3, 12, 9, 0))


def enter_current(user):
    services.set_hour_value(user, 2025, 30000, "Thu nhập bình quân một giờ, Cục Thống kê 2025")
    for paper, hours in [
        ("to_khai_tthn", "0.5"),
        ("giay_to_ly_hon", "1"),
        ("giay_to_tuy_than", "0.25"),
        ("van_ban_uy_quyen", "0.25"),
    ]:
        services.set_input(user, CODE, 2025, "paper_hours", hours, "Khảo sát", paper=paper)
    for kind, value in [
        ("visits", 2),
        ("travel_hours", "0.5"),
        ("waiting_hours", "0.25"),
        ("copies", 4000),
        ("certification", 6000),
        ("travel_cost", 25000),
        ("services", 0),
    ]:
        services.set_input(user, CODE, 2025, kind, value, SURVEY)


PROPOSAL = "Phương án đơn giản hóa"


def enter_proposed(user):
    def proposed(kind, value, paper=""):
        services.set_input(
            user,
            CODE,
            2025,
            kind,
            value,
            "Phương án đơn giản hóa",
            scenario="proposed",
            paper=paper,
        )

    proposed("visits", 1)  # submitted online, one visit to collect the result
    proposed("paper_hours", 0, paper="giay_to_ly_hon")  # read from the civil-status database
    proposed("certification", 0)


def test_the_api_answers_the_hand_computed_cost(client, year_2025, giamsat):
    enter_current(giamsat)
    answer = client.get(f"/api/v1/procedures/{CODE}/compliance-cost", {"year": 2025})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    # time: 2 h of papers + 2 visits × (0.5 + 0.25) + 3.5 h measured = 7 h × 30 000 = 210 000
    # money: 3 000 fee (catalogue) + 4 000 + 6 000 + 2 × 25 000 + 0 = 63 000
    assert body["per_dossier"] == {
        "time_hours": "7.00",
        "time_cost": 210000,
        "direct_cost": 63000,
        "total": 273000,
    }
    assert body["year"] == 2025
    assert body["volume"] == 3
    assert body["yearly_total"] == 819000
    assert body["missing"] == []
    inputs = body["inputs"]
    assert inputs["hour_value"] == {
        "value": "30000",
        "source": "Thu nhập bình quân một giờ, Cục Thống kê 2025",
    }
    assert inputs["processing_hours"]["value"] == "3.50"
    assert "Đo từ 2 hồ sơ" in inputs["processing_hours"]["source"]
    assert inputs["fees"]["value"] == "3000"
    assert "Danh mục TTHC" in inputs["fees"]["source"]
    assert inputs["waiting_hours"] == {
        "value": "0.25",
        "source": "Khảo sát người nộp, tháng 11/2025",
    }
    assert [p["code"] for p in inputs["papers"]] == [
        "to_khai_tthn",
        "giay_to_ly_hon",
        "giay_to_tuy_than",
        "van_ban_uy_quyen",
    ]
    assert body["proposed"] is None and body["saving"] is None


def test_before_and_after_a_simplification_with_the_saving(client, year_2025, giamsat):
    enter_current(giamsat)
    enter_proposed(giamsat)
    body = client.get(f"/api/v1/procedures/{CODE}/compliance-cost", {"year": 2025}).json()
    # after: 1 h papers + 1 × 0.75 + 3.5 = 5.25 h → 157 500; 3 000 + 4 000 + 0 + 25 000 = 32 000
    assert body["proposed"]["per_dossier"] == {
        "time_hours": "5.25",
        "time_cost": 157500,
        "direct_cost": 32000,
        "total": 189500,
    }
    assert body["proposed"]["yearly_total"] == 568500
    # an input the proposal does not change is the current one, with its source
    assert body["proposed"]["inputs"]["copies"]["source"] == SURVEY
    assert body["saving"] == {"per_dossier": 83500, "yearly": 250500, "percent": "30.59"}


def test_missing_inputs_are_named_and_nothing_is_guessed(client, year_2025):
    body = client.get(f"/api/v1/procedures/{CODE}/compliance-cost", {"year": 2025}).json()
    assert body["per_dossier"] == {
        "time_hours": None,
        "time_cost": None,
        "direct_cost": None,
        "total": None,
    }
    assert body["yearly_total"] is None
    assert body["volume"] == 3
    assert body["inputs"]["waiting_hours"] == {"value": None, "source": None}
    assert "waiting_hours" in body["missing"]
    assert "hour_value" in body["missing"]
    assert "paper_hours:to_khai_tthn" in body["missing"]
    assert "fees" not in body["missing"]  # the catalogue has it


def test_a_year_without_finished_dossiers_has_no_processing_time(client, catalog):
    body = client.get(f"/api/v1/procedures/{CODE}/compliance-cost", {"year": 2023}).json()
    assert body["volume"] == 0
    assert body["inputs"]["processing_hours"] == {"value": None, "source": None}
    assert "processing_hours" in body["missing"]


def test_a_fee_per_copy_is_missing_until_entered(client, catalog, giamsat):
    code = "2.000635"  # 8 000 đ a copy of the extract
    body = client.get(f"/api/v1/procedures/{code}/compliance-cost", {"year": 2025}).json()
    assert "fees" in body["missing"]
    services.set_input(giamsat, code, 2025, "fees", 16000, "Trung bình 2 bản một hồ sơ")
    body = client.get(f"/api/v1/procedures/{code}/compliance-cost", {"year": 2025}).json()
    assert "fees" not in body["missing"]
    assert body["inputs"]["fees"] == {"value": "16000.00", "source": "Trung bình 2 bản một hồ sơ"}


def test_unknown_procedure_and_bad_year(client, catalog):
    answer = client.get("/api/v1/procedures/9.999999/compliance-cost", {"year": 2025})
    assert answer.status_code == 404
    assert answer.json()["error"] == "unknown_procedure"
    answer = client.get(f"/api/v1/procedures/{CODE}/compliance-cost", {"year": 1800})
    assert answer.status_code == 400
    assert "Năm 1800" in answer.json()["message"]


def test_every_input_needs_a_source_and_a_sane_value(catalog, giamsat):
    with pytest.raises(ValidationFailed, match="nguồn"):
        services.set_input(giamsat, CODE, 2025, "visits", 2, "  ")
    with pytest.raises(ValidationFailed, match="không âm"):
        services.set_input(giamsat, CODE, 2025, "visits", -1, "Khảo sát")
    with pytest.raises(ValidationFailed, match="số nguyên"):
        services.set_input(giamsat, CODE, 2025, "visits", "1.5", "Khảo sát")
    with pytest.raises(ValidationFailed, match="giay_khac"):
        services.set_input(giamsat, CODE, 2025, "paper_hours", 1, "Khảo sát", paper="giay_khac")
    with pytest.raises(ValidationFailed, match="phần lẻ"):
        services.set_hour_value(giamsat, 2025, "30000.5", "Thống kê")
    assert not CostInput.objects.exists()
    assert not HourValue.objects.exists()


def test_only_the_province_enters_inputs_and_every_change_is_audited(
    catalog, giamsat, lan, no_scopes
):
    with pytest.raises(PermissionDenied):
        services.set_input(lan, CODE, 2025, "visits", 2, "Khảo sát")
    services.set_input(giamsat, CODE, 2025, "visits", 2, "Khảo sát")
    row = services.set_input(giamsat, CODE, 2025, "visits", 1, "Khảo sát lại")
    assert CostInput.objects.count() == 1
    services.remove_input(giamsat, row.pk)
    assert not CostInput.objects.exists()
    events = list(Event.objects.filter(action__startswith="review.").order_by("id"))
    assert [e.action for e in events] == [
        "review.cost_input_set",
        "review.cost_input_set",
        "review.cost_input_removed",
    ]
    assert events[1].before == {"value": "2.00", "source": "Khảo sát"}
    assert events[1].after["value"] == "1.00"
    assert events[2].before["source"] == "Khảo sát lại"


def test_the_cost_table_reads_each_procedure_as_alone_and_keeps_what_it_read(year_2025, agency_a):
    from django.core.cache import cache

    from motcua.catalog.models import Procedure
    from motcua.review import compliance

    both = list(Procedure.objects.filter(code__in=[CODE, "1.001193"]).order_by("code"))
    table = {s.procedure.code: s.measured for s in compliance.cost_table(both, 2025)}
    assert table[CODE] == compliance.Measured(
        volume=3, finished=2, processing_hours=Decimal("3.50")
    )
    assert table["1.001193"].volume == 1  # Monday 09:00 → Wednesday 09:00: 2 working days
    assert table["1.001193"].processing_hours == Decimal("15.00")
    agency = Procedure.objects.get(code=CODE)
    dossier(CODE, agency_a, vn(2025, 5, 5, 9, 0))
    assert compliance.measure(agency, 2025).volume == 3  # kept for MEASURED_SECONDS
    cache.clear()
    assert compliance.measure(agency, 2025).volume == 4
