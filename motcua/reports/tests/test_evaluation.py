"""Circular 01/2018 evaluation: dossier indices from the dossier's data (the citizen's score
first), officers' means and bands, units' nine indices and bands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Movement, ProcessStep, StepState
from motcua.feedback.models import Petition, Rating
from motcua.reports import evaluation
from motcua.reports.periods import parse_period
from motcua.reports.tests.conftest import A
from motcua.reports.tests.factories import vn

Q1 = parse_period("2025-Q1")

EXPECTED = {  # dossier: (i1, i2, i3, i4, i7)
    "d1": (0, 0, 2, 1, 1),  # late by date
    "d2": (2, 1, 2, 2, 1),  # on the due date; the citizen gave index 1 and 4 two points
    "d5": (0, 0, 2, 2, 1),  # late; online with the result returned online
    "d6": (2, 2, 2, 1, 2),  # early
    "d13": (0, 0, 2, 1, 1),
    "d15": (0, 0, 2, 1, 1),  # late against the legal due, whatever the apology said
    "d19": (1, 1, 2, 1, 0),  # on time, but a PAKN about staff conduct
    "d20": (1, 0, 2, 1, 1),  # on time overall, one of its steps late
}


@pytest.fixture
def judged(q1, lan, minh, no_scopes):
    d = q1
    d["d5"].return_channel = "online"
    d["d5"].save(update_fields=["return_channel"])
    agency = Agency.objects.get(code=A)
    Rating.objects.create(
        dossier=d["d2"], agency=agency, level=3, channel="online", indices={"1": 2, "4": 2}
    )
    Petition.objects.create(
        code="P-TT", agency=agency, category="conduct", status="published", subject="Thái độ",
        content="…", submitter_name="An", dossier=d["d19"], received_at=vn(2025, 2, 10, 9),
        answered_at=vn(2025, 2, 12, 9), published_at=vn(2025, 2, 13, 9),
    )  # fmt: skip
    ProcessStep.objects.create(
        dossier=d["d20"], order=1, name="Chứng thực", role="counter", hours=Decimal(1),
        agency=agency, state=StepState.DONE, started_at=vn(2025, 2, 12, 9),
        finished_at=vn(2025, 2, 12, 10), due_at=vn(2025, 2, 12, 9, 30),
    )  # fmt: skip
    for key, who, action in (
        ("d1", lan, "receive"), ("d2", lan, "receive"), ("d2", lan, "return_result"),
        ("d13", minh, "receive"),
    ):  # fmt: skip
        Movement.objects.create(dossier=d[key], action=action, actor=who, to_status="received")
    return d


def test_each_dossier_gets_the_hand_computed_indices(judged):
    agency = Agency.objects.get(code=A)
    scores = {d.code: d for d in evaluation.dossier_scores([agency.pk], Q1)}
    assert len(scores) == len(EXPECTED)
    for key, expected in EXPECTED.items():
        row = scores[judged[key].code]
        assert (row.i1, row.i2, row.i3, row.i4, row.i7) == expected, key
        assert row.total == sum(expected), key


def test_a_second_supplementation_request_costs_index_3(judged, minh):
    from motcua.dossiers.models import SupplementRequest

    for day in (3, 4):
        SupplementRequest.objects.create(
            dossier=judged["d6"], requested_at=vn(2025, 2, day, 9), requested_by=minh,
            reason="Thiếu", completed_at=vn(2025, 2, day, 10),
        )  # fmt: skip
    SupplementRequest.objects.create(
        dossier=judged["d1"], requested_at=vn(2024, 12, 16, 9), requested_by=minh, reason="Thiếu"
    )
    agency = Agency.objects.get(code=A)
    scores = {d.code: d.i3 for d in evaluation.dossier_scores([agency.pk], Q1)}
    assert scores[judged["d6"].code] == 0
    assert scores[judged["d1"].code] == 1
    assert scores[judged["d2"].code] == 2


def test_officers_are_scored_on_the_dossiers_they_received_or_returned(judged):
    agency = Agency.objects.get(code=A)
    officers = {o["officer"]: o for o in evaluation.officer_scores([agency.pk], Q1)}
    lan = officers["lan"]
    assert lan["dossiers"] == 2  # d2 received and returned by her counts once
    assert lan["indices"] == {
        "1": Decimal("1.0"), "2": Decimal("0.5"), "3": Decimal("2.0"), "4": Decimal("1.5"),
        "7": Decimal("1.0"),
    }  # fmt: skip
    assert lan["score"] == Decimal("6.0")
    assert lan["band"] == "Hoàn thành 100% nhiệm vụ"
    assert officers["minh"]["score"] == Decimal("4.0")
    assert officers["minh"]["band"] == "Hoàn thành từ 70% đến dưới 100% nhiệm vụ"


def test_the_unit_adds_its_nine_indices(judged):
    agency = Agency.objects.get(code=A)
    unit = evaluation.unit_scores([agency.pk], Q1)[agency.pk].as_dict()
    assert unit["dossiers"] == 8
    assert unit["indices"] == {
        "1": Decimal("0.8"),  # 6 / 8 = 0.75, half up
        "2": Decimal("0.5"),
        "3": Decimal("2.0"),
        "4": Decimal("1.3"),  # 10 / 8 = 1.25
        "7": Decimal("1.0"),
        "5": Decimal(1),  # every dossier through the one-stop unit, none wholly at the counter
        "6": Decimal(1),  # published in the system; posting at the office needs a person
        "8": Decimal(2),  # its one PAKN answered on time
        "9": Decimal(0),  # an online dossier was late
    }
    assert unit["total"] == Decimal("9.6")
    assert unit["band"] == "Khá"
    assert "niêm yết" in unit["notes"]["6"]


def test_a_unit_with_no_dossier_has_no_grade(judged):
    """Issue 21 (minor): 0 dossiers is "chưa có dữ liệu", not "Yếu"."""
    busy = evaluation.evaluated(list(Agency.objects.values_list("pk", flat=True)), Q1)
    quiet = Agency.objects.exclude(pk__in=busy.values("handling_agency_id")).first()
    unit = evaluation.unit_scores([quiet.pk], Q1)[quiet.pk].as_dict()
    assert (unit["dossiers"], unit["band"]) == (0, "Chưa có dữ liệu")


def test_index_5_follows_the_level_thresholds(judged):
    Procedure.objects.filter(code="2.000488").update(at_counter=True)  # one of Công an's two
    police = Agency.objects.get(code="000.00.07.H99")
    assert evaluation.unit_scores([police.pk], Q1)[police.pk].indices["5"] == 2


@pytest.mark.parametrize(
    ("total", "band"),
    [(Decimal(15), "Xuất sắc"), (Decimal("14.9"), "Tốt"), (Decimal(12), "Tốt"),
     (Decimal("11.9"), "Khá"), (Decimal(9), "Khá"), (Decimal("8.9"), "Trung bình"),
     (Decimal(6), "Trung bình"), (Decimal("5.9"), "Yếu"), (Decimal(0), "Yếu")],
)  # fmt: skip
def test_unit_bands(total, band):
    assert evaluation.unit_band(total) == band


@pytest.mark.parametrize(
    ("score", "band"),
    [(Decimal(10), "Hoàn thành 100% nhiệm vụ"), (Decimal(5), "Hoàn thành 100% nhiệm vụ"),
     (Decimal("4.9"), "Hoàn thành từ 70% đến dưới 100% nhiệm vụ"),
     (Decimal("3.5"), "Hoàn thành từ 70% đến dưới 100% nhiệm vụ"),
     (Decimal("3.4"), "Hoàn thành dưới 70% nhiệm vụ")],
)  # fmt: skip
def test_officer_bands(score, band):
    assert evaluation.officer_band(score) == band


def test_every_index_names_its_source():
    assert [s.index for s in evaluation.SOURCES] == [str(n) for n in range(1, 10)]
    needs_people = {s.index for s in evaluation.SOURCES if s.human}
    assert needs_people == {"3", "4", "6", "7"}


def test_the_api_lists_each_dossiers_indices(judged, client, api_token, hoa):
    response = client.get(
        "/api/v1/reports/evaluation/dossiers", {"period": "2025-Q1"}, **api_token(hoa)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(EXPECTED)
    d6 = next(i for i in body["items"] if i["code"] == judged["d6"].code)
    assert d6["indices"] == {"1": 2, "2": 2, "3": 2, "4": 1, "7": 2}
    assert d6["total"] == 9
