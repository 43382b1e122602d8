"""Decision 766 index: scoring rules, and every computed criterion on the Q1 2025 fixture."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from motcua.agencies.models import Agency
from motcua.agencies.policy import subtree_ids
from motcua.documents.models import Attachment, Document
from motcua.dossiers.models import Dossier, DossierComponent, PaymentRequest, SupplementRequest
from motcua.feedback.models import Petition, Rating
from motcua.reports import index_766
from motcua.reports.periods import parse_period
from motcua.reports.tests.conftest import A
from motcua.reports.tests.factories import vn

Q1 = parse_period("2025-Q1")


@pytest.mark.parametrize(
    ("code", "ratio", "points"),
    [
        ("2.1", Fraction(9985, 10000), Decimal("19.97")),  # DVCQG: 99.85 % on time → 19.97
        ("4.3", Fraction(5894, 10000), Decimal("1.47")),  # DVCQG: reuse 58.94 % → 1.47
        ("4.3", Fraction(80, 100), Decimal("2.00")),
        ("4.3", Fraction(95, 100), Decimal("2.00")),
        ("3.3", Fraction(25, 100), Decimal("3.00")),  # half of the 50 % threshold
        ("3.3", Fraction(1, 2), Decimal("6.00")),
        ("3.1", Fraction(79, 100), Decimal("1.98")),
        ("5.4", Fraction(89, 100), Decimal("5.93")),
        ("5.4", Fraction(9, 10), Decimal("6.00")),
        ("4.4", Fraction(1, 3), Decimal("1.33")),
        ("2.1", Fraction(0), Decimal("0.00")),
    ],
)
def test_the_scoring_rules_follow_dvcqg(code, ratio, points):
    criterion = index_766.BY_CODE[code]
    assert criterion.scoring.points(ratio, criterion.max_points) == points


def test_no_pakn_gives_full_points_and_unscored_criteria_give_none():
    on_time = index_766.BY_CODE["5.2"]
    assert on_time.scoring.points(None, on_time.max_points) == Decimal(6)
    assert index_766.BY_CODE["2.1"].scoring.points(None, Decimal(20)) is None
    assert index_766.BY_CODE["2.2"].scoring.points(Fraction(3), Decimal(0)) is None


def test_the_registry_adds_up_to_100_points_in_six_groups():
    assert sum(c.max_points for c in index_766.CRITERIA) == 100
    for group in index_766.GROUPS:
        members = [c for c in index_766.CRITERIA if c.group == group.key]
        assert sum(c.max_points for c in members) == group.max_points, group.key
    assert len({c.code for c in index_766.CRITERIA}) == len(index_766.CRITERIA)


def test_rule_texts_are_vietnamese():
    assert index_766.BY_CODE["4.3"].scoring.text(Decimal(2)) == (
        "Tỷ lệ từ 80% trở lên: 2 điểm; dưới 80%: điểm = tỷ lệ × 2 ÷ 80%"
    )
    assert index_766.BY_CODE["2.1"].scoring.text(Decimal(20)) == "Điểm = tỷ lệ × 20"
    assert "không phát sinh" in index_766.BY_CODE["5.2"].scoring.text(Decimal(6))


@pytest.fixture
def q1_766(q1, minh, no_scopes):
    """The Biểu 06 fixture plus papers, payments, ratings, supplements and PAKN."""
    d = q1
    for key, flags in {
        "d2": {"digitised": True},
        "d5": {"reused": True, "from_store": True},
        "d6": {"digitised": True, "reused": True},
    }.items():
        DossierComponent.objects.create(dossier=d[key], code="tk", name="Tờ khai", **flags)
        DossierComponent.objects.create(dossier=d[key], code="cc", name="Căn cước")
    PaymentRequest.objects.create(
        dossier=d["d5"],
        amount_vnd=3000,
        requested_at=vn(2025, 1, 10, 9),
        requested_by=minh,
        paid_at=vn(2025, 1, 10, 10),
        online=True,
    )
    PaymentRequest.objects.create(
        dossier=d["d6"],
        amount_vnd=2000,
        requested_at=vn(2025, 2, 3, 9),
        requested_by=minh,
        paid_at=vn(2025, 2, 3, 10),
        online=False,
    )
    # d9 waits for the citizen since 05/03, before its due 13/03: on time by DVCQG's rule.
    SupplementRequest.objects.create(
        dossier=d["d9"], requested_at=vn(2025, 3, 5, 9), requested_by=minh, reason="Thiếu"
    )
    # d10 was asked twice: overdue whatever its dates.
    for day in (6, 10):
        SupplementRequest.objects.create(
            dossier=d["d10"],
            requested_at=vn(2025, 3, day, 9),
            requested_by=minh,
            reason="Thiếu",
            completed_at=vn(2025, 3, day + 1, 9),
        )
    agency = Agency.objects.get(code=A)
    Rating.objects.create(dossier=d["d2"], agency=agency, level=1, channel="kiosk")
    Rating.objects.create(dossier=d["d5"], agency=agency, level=3, channel="online")

    def petition(code, **fields):
        Petition.objects.create(
            code=code, agency=agency, subject="PAKN", content="…", submitter_name="An", **fields
        )

    petition(
        "P1",
        category="rules",
        status="published",
        received_at=vn(2025, 1, 6, 9),
        answered_at=vn(2025, 1, 20, 9),
        published_at=vn(2025, 1, 21, 9),
        likes=3,
    )
    petition(
        "P2",
        category="rules",
        status="published",
        received_at=vn(2025, 2, 3, 9),
        answered_at=vn(2025, 3, 10, 9),
        published_at=vn(2025, 3, 11, 9),
    )
    petition(
        "P3",
        category="rules",
        status="processing",
        received_at=vn(2025, 3, 10, 9),
        likes=1,
        dislikes=2,
    )
    petition(
        "P4",
        category="rules",
        status="published",
        received_at=vn(2024, 12, 1, 9),
        answered_at=vn(2024, 12, 5, 9),
        published_at=vn(2024, 12, 10, 9),
    )
    petition(
        "P5",
        category="conduct",
        status="rejected",
        received_at=vn(2025, 2, 10, 9),
        rejected_at=vn(2025, 2, 11, 9),
        dossier=d["d19"],
    )
    return d  # fmt: skip


EXPECTED_AT_A = {
    # code: (numerator, denominator, ratio %, points)
    "1.3": (18, 18, Decimal("100.00"), Decimal("2.00")),
    "2.1": (7, 16, Decimal("43.75"), Decimal("8.75")),
    "3.1": (16, 18, Decimal("88.89"), Decimal("2.00")),
    "3.2": (1, 16, Decimal("6.25"), Decimal("0.25")),
    "3.3": (2, 12, Decimal("16.67"), Decimal("2.00")),
    "3.5b": (1, 14, Decimal("7.14"), Decimal("0.18")),
    "3.6": (1, 12, Decimal("8.33"), Decimal("0.50")),
    "4.2": (2, 12, Decimal("16.67"), Decimal("0.67")),
    "4.3": (2, 12, Decimal("16.67"), Decimal("0.42")),
    "4.4": (1, 12, Decimal("8.33"), Decimal("0.33")),
    "5.1": (3, 4, Decimal("75.00"), None),
    "5.2": (3, 4, Decimal("75.00"), Decimal("4.50")),
    "5.3": (2, 4, Decimal("50.00"), Decimal("3.00")),
}


def test_every_computed_criterion_matches_the_hand_count(q1_766):
    agency = Agency.objects.get(code=A)
    result = index_766.compute(agency, [agency.pk], Q1).as_dict()
    by_code = {c["code"]: c for c in result["criteria"]}
    for code, (numerator, denominator, ratio, points) in EXPECTED_AT_A.items():
        got = by_code[code]
        assert (got["numerator"], got["denominator"]) == (numerator, denominator), code
        assert (got["ratio"], got["points"]) == (ratio, points), code
        assert got["status"] == "computed", code
    # 5.4: 100 % − overdue 9/16 − (d2 disliked, d19 with a PAKN) 2/12 = 13/48 → 27.08 %.
    assert by_code["5.4"]["ratio"] == Decimal("27.08")
    assert by_code["5.4"]["points"] == Decimal("1.81")
    assert by_code["2.2"]["points"] is None
    assert by_code["2.2"]["unit"] == "ngày"
    assert by_code["2.2"]["denominator"] == 8  # d1 d2 d5 d6 d13 d15 d19 d20


def test_criteria_without_data_in_the_system_say_why(q1_766):
    agency = Agency.objects.get(code=A)
    criteria = {
        c["code"]: c for c in index_766.compute(agency, [agency.pk], Q1).as_dict()["criteria"]
    }
    for code in ("1.1", "1.2", "1.4", "3.5a", "4.5a", "4.5b", "4.6"):
        assert criteria[code]["status"] == "not_computed", code
        assert criteria[code]["points"] is None
        assert criteria[code]["reason"].startswith("Hệ thống chưa"), code


def test_the_totals_add_the_points_of_computed_criteria(q1_766):
    agency = Agency.objects.get(code=A)
    result = index_766.compute(agency, [agency.pk], Q1)
    points = {r.criterion.code: r.points for r in result.criteria if r.points is not None}
    assert result.total == sum(points.values())
    assert result.computed_max == 100 - (6 + 4 + 6 + 2 + 2 + 2 + 2)
    groups = {g["key"]: g for g in result.groups()}
    assert groups["progress"]["points"] == Decimal("8.75")
    assert groups["transparency"]["computed_max"] == 2


def test_one_agency_alone_equals_its_share_of_the_province_run(q1_766):
    province = Agency.objects.get(code="000.00.00.H99")
    ids = subtree_ids(province)
    many = index_766.compute_many(ids, Q1)
    alone = index_766.compute(Agency.objects.get(code=A), [Agency.objects.get(code=A).pk], Q1)
    assert many[alone.agency.pk].as_dict() == alone.as_dict()
    whole = index_766.compute(province, ids, Q1)
    on_time = next(r for r in whole.criteria if r.criterion.code == "2.1").measure
    # Công an tỉnh's d16 finished 14/02 16:00 after its due 14/02 09:00: late by DVCQG's rule.
    assert (on_time.numerator, on_time.denominator) == (7, 17)


def test_4_1_counts_the_stored_signed_electronic_results(q1_766):
    """Issue 18 item 7: criterion 4.1 from the results stored with the dossiers: of the
    dossiers done in the period whose result is a document, those with a signed result."""
    signed = Document.objects.create(
        name="ket-qua.pdf",
        storage_name="test/ket-qua-4-1.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        origin="signed",
        electronic=True,
    )
    Attachment.objects.create(
        document=signed, target_type="dossiers.dossier", target_id=q1_766["d2"].pk, role="result"
    )
    agency = Agency.objects.get(code=A)
    done = Dossier.objects.filter(
        handling_agency=agency,
        outcome="done",
        finished_at__gte=Q1.start_at,
        finished_at__lt=Q1.end_at,
        version__result_is_document=True,
    ).count()

    criteria = {
        c["code"]: c for c in index_766.compute(agency, [agency.pk], Q1).as_dict()["criteria"]
    }

    assert criteria["4.1"]["status"] == "computed"
    assert (criteria["4.1"]["numerator"], criteria["4.1"]["denominator"]) == (1, done)
    assert done >= 2
