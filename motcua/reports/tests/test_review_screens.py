"""The review screens: the year's plan with its cost table and Excel file, and one procedure's
compliance cost with every input and its source."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from motcua.documents.tests import files
from motcua.review import plans, services

CODE = "1.004873"


@pytest.fixture
def plan_2026(catalog, giamsat, minh):
    plan = plans.create_plan(giamsat, 2026, "Kế hoạch rà soát, đánh giá TTHC năm 2026")
    plans.approve_plan(giamsat, plan.pk, "2026-02-03", "15/QĐ-UBND")
    item = plans.add_item(giamsat, plan.pk, CODE, minh.pk, "2026-06-30")
    plans.record_review(minh, item.pk, necessity="met", proposal="simplify")
    plans.attach_decision(minh, item.pk, files.a_pdf("Quyết định"), "quyet-dinh-so-9.pdf")
    services.set_hour_value(giamsat, 2026, 32000, "Thu nhập bình quân, Cục Thống kê")
    services.set_input(giamsat, CODE, 2026, "visits", 2, "Khảo sát tại Bộ phận Một cửa")
    services.set_input(
        giamsat, CODE, 2026, "visits", 1, "Nộp trực tuyến, nhận một lần", scenario="proposed"
    )
    return plan


def test_the_supervisor_sees_the_plan_and_its_costs(client, plan_2026, giamsat):
    client.force_login(giamsat)
    page = client.get(reverse("reports:review_plan"), {"year": 2026})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kế hoạch rà soát, đánh giá TTHC năm 2026" in html
    assert "Phê duyệt sau ngày 31 tháng 1" in html  # approved on 3 February
    assert "quyet-dinh-so-9.pdf" in html
    assert "Đơn giản hóa, sửa đổi" in html
    assert "waiting_hours" in html  # the cost table names what is missing
    assert "Mức độ đầy đủ của danh mục thủ tục" in html
    assert "Chưa cung cấp dịch vụ công trực tuyến" in html or "Chưa công bố" in html


def test_the_cost_page_shows_each_input_with_its_source_side_by_side(client, plan_2026, giamsat):
    client.force_login(giamsat)
    page = client.get(reverse("reports:compliance_cost", args=[CODE]), {"year": 2026})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Khảo sát tại Bộ phận Một cửa" in html
    assert "Nộp trực tuyến, nhận một lần" in html
    assert "Thu nhập bình quân, Cục Thống kê" in html
    assert "Chưa có số liệu" in html  # the waiting time nobody entered
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("Chi phí tuân thủ") and "<" not in title  # no form in the title
    assert html.count('value="set_input"') <= 1


def test_the_plan_and_cost_table_download_as_excel(client, plan_2026, giamsat):
    client.force_login(giamsat)
    answer = client.get(reverse("reports:review_plan"), {"year": 2026, "format": "xlsx"})
    assert answer.status_code == 200
    assert "ra-soat-tthc-2026.xlsx" in answer["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    plan_sheet, cost_sheet, catalogue_sheet = book.worksheets
    assert plan_sheet["A1"].value == "Kế hoạch rà soát, đánh giá TTHC năm 2026"
    assert plan_sheet["B5"].value == CODE
    assert plan_sheet["M5"].value == "quyet-dinh-so-9.pdf"
    assert cost_sheet["A2"].value == CODE
    assert cost_sheet["C2"].value == 0  # no dossier of 2026 in the test database
    assert "waiting_hours" in cost_sheet["M2"].value
    assert catalogue_sheet["A2"].value == "Thủ tục đã công bố"


def test_a_year_without_a_plan_says_so(client, catalog, giamsat):
    client.force_login(giamsat)
    page = client.get(reverse("reports:review_plan"), {"year": 2030})
    assert "Năm 2030 chưa có kế hoạch rà soát." in page.content.decode()


def test_citizens_and_visitors_do_not_see_the_review(client, catalog, citizen):
    page = client.get(reverse("reports:review_plan"))
    assert page.status_code == 302
    client.force_login(citizen)
    assert client.get(reverse("reports:review_plan")).status_code == 403


def test_a_bad_year_is_a_clear_error(client, catalog, giamsat):
    client.force_login(giamsat)
    page = client.get(reverse("reports:review_plan"), {"year": "abc"})
    assert page.status_code == 400
    assert "Năm “abc” không hợp lệ." in page.content.decode()
