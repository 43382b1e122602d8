"""The 766 index, targets, evaluation, handling time and dashboard through the API and the
staff pages: the figures of the report modules, scoped like Biểu 06."""

from __future__ import annotations

import pytest

from motcua.reports.tests.conftest import A, B


@pytest.mark.parametrize(
    "path", ["index-766", "targets", "evaluation", "handling-time", "dashboard"]
)
def test_every_report_is_scoped_to_the_callers_agencies(q1, client, api_token, lan, path):
    headers = api_token(lan)
    own = client.get(f"/api/v1/reports/{path}", {"period": "2025-Q1"}, **headers)
    assert own.status_code == 200, own.content
    assert own.json()["agency"] == A
    other = client.get(f"/api/v1/reports/{path}", {"agency": B, "period": "2025-Q1"}, **headers)
    assert other.status_code == 404
    assert client.get(f"/api/v1/reports/{path}", {"period": "2025-Q1"}).status_code == 401


def test_the_766_answer_lists_every_criterion_with_its_rule(q1, client, api_token, giamsat):
    body = client.get(
        "/api/v1/reports/index-766", {"period": "2025-Q1", "each": "1"}, **api_token(giamsat)
    ).json()
    assert body["agency"] == "000.00.00.H99"
    codes = [c["code"] for c in body["criteria"]]
    assert codes[:5] == ["1.1", "1.2", "1.3", "1.4", "2.1"]
    on_time = next(c for c in body["criteria"] if c["code"] == "2.1")
    assert (on_time["numerator"], on_time["denominator"]) == (6, 17)  # d3 d6 d7 d14 d19 d20
    assert on_time["points"] == 7.06  # 6/17 × 20
    assert on_time["rule"] == "Điểm = tỷ lệ × 20"
    missing = next(c for c in body["criteria"] if c["code"] == "4.6")
    assert missing["status"] == "not_computed"
    assert missing["reason"]
    assert len(body["agencies"]) == 11
    assert body["as_of"].startswith("2025-03-15T00:00:00+07:00")


def test_the_dashboard_answer(q1, client, api_token, hoa):
    body = client.get(
        "/api/v1/reports/dashboard",
        {"from": "2025-01-01", "to": "2025-01-31", "by": "day"},
        **api_token(hoa),
    ).json()
    (series,) = body["series"]
    assert series["total"]["received"] == 3
    bad = client.get("/api/v1/reports/dashboard", {"by": "week"}, **api_token(hoa))
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("page", "text"),
    [
        ("index-766", "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn"),
        ("targets", "Chưa có chỉ tiêu kế hoạch năm 2025"),  # none set: no figure built in
        ("evaluation", "Nguồn dữ liệu của từng chỉ số"),
        ("handling-time", "Cấp Giấy xác nhận tình trạng hôn nhân"),
        ("", "Biểu số 06/VPCP/KSTT"),
    ],
)
def test_the_staff_pages_render(q1, client, giamsat, page, text):
    client.force_login(giamsat)
    response = client.get(f"/office/reports/{page + '/' if page else ''}", {"period": "2025-Q1"})
    assert response.status_code == 200
    assert text in response.content.decode()


def test_a_commune_officer_cannot_open_another_communes_pages(q1, client, outsider):
    client.force_login(outsider)
    for page in ("index-766", "targets", "evaluation", "handling-time"):
        response = client.get(f"/office/reports/{page}/", {"agency": A, "period": "2025-Q1"})
        assert response.status_code == 404, page


def test_the_reports_are_in_the_openapi_document(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "circular-01-2020",
        "circular-01-2020/dossiers",
        "tracking-book",
        "index-766",
        "targets",
        "evaluation",
        "evaluation/dossiers",
        "handling-time",
        "dashboard",
    ):
        assert f"/api/v1/reports/{path}" in paths, path  # fmt: skip
