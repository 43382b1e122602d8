"""The supervisor opens the year's review plan and one procedure's compliance cost in
Chromium; both screens are saved as screenshots."""

from __future__ import annotations

import pytest

from motcua.review import plans, services
from motcua.review.tests.support import dossier, vn
from motcua.tests.browsing import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = "1.004873"


def test_the_supervisor_reads_the_review_plan_and_a_cost(
    browser, live_server, screenshots, catalog, giamsat, minh, agency_a
):
    dossier(CODE, agency_a, vn(2025, 3, 10, 9, 0), vn(2025, 3, 10, 11, 0))
    dossier(CODE, agency_a, vn(2025, 3, 10, 10, 30), vn(2025, 3, 11, 8, 0))
    plan = plans.create_plan(giamsat, 2025, "Kế hoạch rà soát, đánh giá TTHC năm 2025")
    plans.approve_plan(giamsat, plan.pk, "2025-01-20", "12/QĐ-UBND")
    item = plans.add_item(giamsat, plan.pk, CODE, minh.pk, "2025-06-30")
    plans.record_review(minh, item.pk, necessity="met", legality="met", proposal="simplify")
    services.set_hour_value(giamsat, 2025, 30000, "Thu nhập bình quân một giờ (số liệu mẫu)")
    papers = {"to_khai_tthn": 0.5, "giay_to_ly_hon": 1, "giay_to_tuy_than": 0.25}
    papers["van_ban_uy_quyen"] = 0.25
    for paper, hours in papers.items():
        services.set_input(giamsat, CODE, 2025, "paper_hours", hours, "Khảo sát", paper=paper)
    for kind, value in {
        "visits": 2,
        "travel_hours": 0.5,
        "waiting_hours": 0.25,
        "copies": 4000,
        "certification": 6000,
        "travel_cost": 25000,
        "services": 0,
    }.items():
        services.set_input(giamsat, CODE, 2025, kind, value, "Khảo sát người nộp")
    services.set_input(giamsat, CODE, 2025, "visits", 1, "Nộp trực tuyến", scenario="proposed")

    page = staff_page(browser, live_server, "giamsat", path="/office/reports/review/?year=2025")
    assert "273000" in page.locator("table").nth(1).inner_text()  # hand-computed in the tests
    screenshots(page, "reports-review-plan")
    page.locator("table").nth(1).get_by_role("link", name=CODE).click()
    page.wait_for_load_state()
    assert "Khảo sát người nộp" in page.content()
    screenshots(page, "reports-compliance-cost")


def test_the_reviewer_fills_the_checklist_in_the_browser(
    browser, live_server, screenshots, catalog, giamsat, minh
):
    plan = plans.create_plan(giamsat, 2025, "Kế hoạch rà soát, đánh giá TTHC năm 2025")
    plans.approve_plan(giamsat, plan.pk, "2025-01-20", "12/QĐ-UBND")
    item = plans.add_item(giamsat, plan.pk, CODE, minh.pk, "2025-06-30")

    page = staff_page(browser, live_server, "minh", path=f"/office/reports/review/item/{item.pk}/")
    page.locator("select[name=necessity]").select_option("met")
    page.locator("select[name=reasonableness]").select_option("not_met")
    page.locator("textarea[name=reasonableness_note]").fill(
        "Bản sao có chứng thực giấy tờ tùy thân là không cần thiết khi đã có CSDL dân cư"
    )
    page.locator("select[name=legality]").select_option("met")
    page.locator("select[name=cost]").select_option("not_met")
    page.get_by_label("Kết quả rà soát").fill("Bỏ yêu cầu bản sao chứng thực; nộp trực tuyến")
    page.get_by_label("Phương án xử lý").select_option("simplify")
    page.get_by_role("button", name="Lưu kết quả rà soát").click()
    page.wait_for_load_state()
    assert "Đã lưu kết quả rà soát." in page.content()
    screenshots(page, "reports-review-item")
    item.refresh_from_db()
    assert (item.reasonableness, item.proposal) == ("not_met", "simplify")
