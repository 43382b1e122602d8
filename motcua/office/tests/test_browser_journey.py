"""One dossier through the staff screens in Chromium: the counter receives it and picks the
specialist, the specialist asks for a supplement, the counter takes the papers back, the
specialist hands the draft result over, the leader sends it back once, then apologises with a
new date and signs the draft, the counter returns the result. Each screen is saved as a
screenshot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from motcua import clock
from motcua.documents.tests.files import a_pdf
from motcua.dossiers.models import Dossier
from motcua.tests.browsing import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def act(page, action, **fields):
    """Open the action's panel on the dossier page, fill its fields (by label), submit."""
    section = page.locator(f"#action-{action}")
    if section.get_attribute("open") is None:
        section.locator("summary").first.click()
    for label, value in fields.items():
        section.get_by_label(label).fill(value)
    section.locator("button[type=submit]").last.click()
    page.wait_for_load_state()


def status_on_page(page) -> str:
    return page.locator(".dossier-head .badge").first.inner_text()


def test_a_dossier_goes_from_the_counter_to_the_result(
    browser, live_server, screenshots, lan, minh, hoa, give_certificate, agency_a
):
    give_certificate(hoa)
    give_certificate(agency=agency_a)
    counter = staff_page(browser, live_server, "lan", through_the_form=True)
    screenshots(counter, "01-counter-desk")
    counter.get_by_label("Tìm theo tên hoặc mã thủ tục").fill("tinh trang hon nhan")
    counter.get_by_role("link", name="Cấp Giấy xác nhận tình trạng hôn nhân").click()
    counter.get_by_role(
        "checkbox", name="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu"
    ).check()
    counter.get_by_role("checkbox", name="Giấy tờ tùy thân của người yêu cầu").check()
    counter.get_by_label("Họ và tên").fill("Nguyễn Thị Hường")
    counter.get_by_label("Số điện thoại (nhận tin nhắn)").fill("0912 345 678")
    screenshots(counter, "02-counter-filled")
    counter.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    counter.wait_for_url("**/office/ho-so/**")
    assert "2. Được tiếp nhận" in status_on_page(counter)
    assert "Đã tiếp nhận hồ sơ" in counter.content()
    with scopes_disabled():
        code = Dossier.objects.get().code
    screenshots(counter, "03-received")
    receipt = counter.request.get(f"{live_server.url}/office/ho-so/{code}/in/receipt.pdf")
    assert receipt.headers["content-type"] == "application/pdf"
    assert receipt.body().startswith(b"%PDF")
    # The counter picks the specialist from the step's officers (issue 21 item 5).
    picker = counter.locator("#action-transfer").get_by_label("Cán bộ nhận")
    assert "Trần Văn Minh · 0 hồ sơ đang xử lý" in picker.inner_text()
    picker.select_option("minh")
    act(counter, "transfer", **{"Ý kiến xử lý": "Hồ sơ đủ thành phần"})
    assert "4. Đang xử lý" in status_on_page(counter)

    specialist = staff_page(browser, live_server, "minh", path="/office/ho-so/?view=mine")
    assert code in specialist.content()
    screenshots(specialist, "04-specialist-worklist")
    specialist.get_by_role("link", name=code).click()
    act(
        specialist,
        "request_supplement",
        **{"Lý do, nội dung cần bổ sung": "Thiếu bản sao giấy ly hôn"},
    )
    assert "5. Yêu cầu bổ sung giấy tờ" in status_on_page(specialist)
    screenshots(specialist, "05-supplement-requested")

    counter.goto(f"{live_server.url}/office/ho-so/{code}/")
    act(counter, "supplement_received")
    assert "4. Đang xử lý" in status_on_page(counter)

    # The specialist hands the draft result over with the dossier (item 3) and, having handed
    # it on, is no longer offered what the holder does (item 1).
    specialist.goto(f"{live_server.url}/office/ho-so/{code}/")
    specialist.locator("#action-transfer").get_by_label("Dự thảo kết quả trình ký").set_input_files(
        files=[{"name": "du-thao.pdf", "mimeType": "application/pdf", "buffer": a_pdf()}]
    )
    act(specialist, "transfer", **{"Ý kiến xử lý": "Trình lãnh đạo ký"})
    assert specialist.locator("#action-request_supplement").count() == 0
    assert specialist.locator("#action-apologize").count() == 0

    # The leader's page opens on approval, offers no empty hand-over, and sends it back once
    # (item 2).
    leader = staff_page(browser, live_server, "hoa", path=f"/office/ho-so/{code}/")
    assert leader.locator("details.action").first.get_attribute("id") == "action-approve"
    assert leader.locator("#action-approve").get_attribute("open") is not None
    assert leader.locator("#action-transfer").count() == 0
    screenshots(leader, "06-leader-opens-on-approval")
    act(
        leader,
        "send_back",
        **{"Lý do trả lại, nội dung cần xử lý lại": "Ghi rõ căn cứ pháp lý trong dự thảo"},
    )
    assert "Đã thực hiện: Trả lại bước trước để xử lý lại" in leader.content()
    specialist.goto(f"{live_server.url}/office/ho-so/?view=mine")
    assert code in specialist.content()
    specialist.get_by_role("link", name=code).click()
    expect(specialist.locator("body")).to_contain_text("Ghi rõ căn cứ pháp lý trong dự thảo")
    act(specialist, "transfer", **{"Ý kiến xử lý": "Đã bổ sung căn cứ"})
    leader.goto(f"{live_server.url}/office/ho-so/{code}/")
    with scopes_disabled():
        due = Dossier.objects.get().due_at
    new_due = clock.local(due + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    act(
        leader,
        "apologize",
        **{"Lý do chậm trả kết quả": "Cần xác minh thêm", "Ngày giờ hẹn trả mới": new_due},
    )
    assert "Đã thực hiện: Xin lỗi và hẹn lại ngày trả kết quả" in leader.content()
    screenshots(leader, "07-apologised")
    approval = leader.locator("#action-approve")
    assert "du-thao.pdf" in approval.inner_text()
    assert approval.get_by_label("Ký số dự thảo này").is_checked()
    act(leader, "approve")
    assert "Đã phê duyệt và ký số kết quả" in leader.content()
    assert "9. Đã xử lý xong" in status_on_page(leader)
    screenshots(leader, "08-approved")
    # The fees and the applicant's papers share the right-hand column, one under the other.
    fees = leader.locator("#fees").bounding_box()
    applicant = leader.locator("section[aria-labelledby=h-applicant]").bounding_box()
    assert (applicant["x"], applicant["width"]) == (fees["x"], fees["width"])
    assert applicant["y"] > fees["y"] + fees["height"]

    counter.goto(f"{live_server.url}/office/quay/tra-ket-qua/")
    counter.get_by_label("Quét mã QR trên giấy hẹn hoặc nhập mã hồ sơ").fill(
        f"{live_server.url}/tra-cuu?code={code}"
    )
    counter.get_by_role("button", name="Mở hồ sơ").click()
    act(counter, "return_result")
    assert "10. Đã trả kết quả" in status_on_page(counter)
    screenshots(counter, "09-returned")
    with scopes_disabled():
        dossier = Dossier.objects.get()
    assert (
        dossier.status_code,
        dossier.original_due_at == due,
        dossier.apology.new_due_at > due,
    ) == (10, True, True)
