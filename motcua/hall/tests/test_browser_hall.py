"""The hall in Chromium: a person takes a number at the kiosk, the hall display shows it waiting,
the counter officer calls it from the desk and the display changes without a reload, the
officer receives the dossier at the counter and finishes the ticket with it, the person rates
the visit at the kiosk. The display, the kiosk and the desk are saved as screenshots. The
display and the kiosk live through a restart of the server."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from motcua.hall.models import Ticket, TicketStatus
from motcua.hall.services import call_next
from motcua.hall.tests.support import counters, person
from motcua.testing import PASSWORD
from motcua.tests.serving import free_port, gunicorn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(browser, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    return context.new_page()


def test_kiosk_ticket_display_call_intake_rating(browser, live_server, screenshots, agency_a, lan):
    counters(agency_a)
    base = live_server.url
    kiosk = new_page(browser, 1080, 1350)
    kiosk.goto(f"{base}/sanh/{agency_a.code}/ki-ot/")
    screenshots(kiosk, "hall-kiosk")
    kiosk.get_by_role("link", name="A Hộ tịch").click()
    kiosk.get_by_label("Số định danh cá nhân (CCCD)").fill(person(1))
    kiosk.get_by_label("Người cao tuổi (từ 75 tuổi)").check()
    kiosk.get_by_role("button", name="Lấy số").click()
    assert kiosk.locator("#ticket-number").inner_text() == "A001"
    screenshots(kiosk, "hall-kiosk-ticket")
    kiosk.get_by_role("link", name="Xong").click()
    kiosk.get_by_role("link", name="B Chứng thực").click()
    kiosk.get_by_label("Số định danh cá nhân (CCCD)").fill(person(2))
    kiosk.get_by_role("button", name="Lấy số").click()
    assert kiosk.locator("#ticket-number").inner_text() == "B001"

    display = new_page(browser, 1920, 1080)
    display.clock.install()  # its polls are timers the test moves on instead of waiting
    display.goto(f"{base}/sanh/{agency_a.code}/man-hinh/")
    display.locator("#waiting li").nth(1).wait_for()  # drawn by the script from the board
    assert display.locator("#waiting li .count").all_inner_texts() == ["1", "1"]

    desk = new_page(browser)
    desk.goto(f"{base}/accounts/login/")
    desk.get_by_label("Tên đăng nhập").fill("lan")
    desk.get_by_label("Mật khẩu").fill(PASSWORD)
    desk.get_by_role("button", name="Đăng nhập").click()
    desk.wait_for_load_state()
    desk.get_by_role("link", name="Gọi số").click()
    desk.get_by_label("Quầy").select_option(label="Quầy 3")
    desk.get_by_role("button", name="Nhận quầy").click()
    desk.get_by_role("button", name="Gọi số tiếp theo").click()
    assert desk.locator("#serving").inner_text() == "A001"  # the elderly person first

    # The display changes by itself at its next poll: no reload.
    display.clock.fast_forward(2000)
    display.locator("#counters td.number", has_text="A001").wait_for()
    assert display.locator("#recent li.latest .number").inner_text() == "A001"
    screenshots(display, "hall-display")

    desk.goto(f"{base}/office/quay/")
    desk.get_by_label("Tìm theo tên hoặc mã thủ tục").fill("tinh trang hon nhan")
    desk.get_by_role("link", name="Cấp Giấy xác nhận tình trạng hôn nhân").click()
    desk.get_by_role(
        "checkbox", name="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu"
    ).check()
    desk.get_by_role("checkbox", name="Giấy tờ tùy thân của người yêu cầu").check()
    desk.get_by_label("Họ và tên").fill("Nguyễn Thị Hường")
    desk.get_by_label("Số điện thoại (nhận tin nhắn)").fill("0912 345 678")
    desk.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    desk.wait_for_url("**/office/ho-so/**")
    code = desk.url.split("/office/ho-so/", 1)[1].split("/", 1)[0]
    desk.get_by_role("link", name="Gọi số").click()
    assert code in desk.get_by_label("Hồ sơ vừa tiếp nhận (không bắt buộc)").inner_text()
    screenshots(desk, "hall-desk")
    desk.get_by_role("button", name="Xong").click()
    expect(desk.locator("body")).to_contain_text("Đã phục vụ xong số A001")

    kiosk.goto(f"{base}/sanh/{agency_a.code}/ki-ot/")
    kiosk.get_by_role("link", name="Đánh giá phục vụ").click()
    kiosk.get_by_label("Số thứ tự đã được phục vụ (ví dụ A012)").fill("a001")
    kiosk.get_by_label("Số định danh cá nhân (CCCD)").fill(person(1))
    kiosk.get_by_role("button", name="Tiếp tục").click()
    kiosk.get_by_role("button", name="Rất hài lòng").click()
    kiosk.get_by_text("Cảm ơn ông/bà đã đánh giá!").wait_for()  # the answer page, once loaded
    assert "Cảm ơn ông/bà đã đánh giá!" in kiosk.content()

    with scopes_disabled():
        ticket = Ticket.objects.select_related("dossier").get(code="A001")
    assert ticket.status == TicketStatus.DONE
    assert ticket.dossier.code == code
    assert ticket.rating == 3


def test_display_and_kiosk_keep_working_after_a_server_restart(browser, agency_a, lan):
    quay_1, _quay_2, _quay_3 = counters(agency_a)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # Static files from the finders, as no collectstatic ran; two workers, not one per core
    # and more: each worker's start and stop costs the machine about half a second of CPU.
    served = {"DEBUG": "1", "WEB_CONCURRENCY": "2"}
    with gunicorn(port, **served):
        display = new_page(browser, 1920, 1080)
        display.set_default_timeout(60_000)  # a loaded machine restarts a server slowly
        display.clock.install()  # its polls and retries are timers the test moves on
        display.goto(f"{base}/sanh/{agency_a.code}/man-hinh/")
        kiosk = new_page(browser, 1080, 1350)
        kiosk.set_default_timeout(60_000)
        kiosk.goto(f"{base}/sanh/{agency_a.code}/ki-ot/")
        kiosk.get_by_role("link", name="A Hộ tịch").click()
        display.locator("#waiting li").first.wait_for()
    # The server process is gone: at its next poll the display says it is reconnecting.
    display.clock.fast_forward(2000)
    display.locator("#offline").wait_for(state="visible")
    with gunicorn(port, **served):  # the same address, as a restarted service
        # The kiosk's form, loaded before the restart, still takes a number.
        kiosk.get_by_label("Số định danh cá nhân (CCCD)").fill(person(7))
        kiosk.get_by_role("button", name="Lấy số").click()
        assert kiosk.locator("#ticket-number").inner_text() == "A001"
        # The display reconnects by itself at its next retry (15 s apart at most) and shows
        # the next call, without a reload.
        call_next(quay_1, officer=lan)
        display.clock.fast_forward(15_000)
        display.locator("#counters td.number", has_text="A001").wait_for()
        assert display.locator("#offline").is_hidden()
        assert display.locator("#recent li.latest .number").inner_text() == "A001"


def test_the_kiosk_prints_the_ticket_alone(browser, live_server, agency_a):
    counters(agency_a)
    kiosk = new_page(browser, 1080, 1350)
    kiosk.goto(f"{live_server.url}/sanh/{agency_a.code}/ki-ot/")
    kiosk.get_by_role("link", name="A Hộ tịch").click()
    kiosk.get_by_label("Số định danh cá nhân (CCCD)").fill(person(3))
    kiosk.get_by_role("button", name="Lấy số").click()
    kiosk.locator("#ticket-number").wait_for()  # the ticket's page, once loaded
    printed = kiosk.locator(".print-only")
    assert kiosk.get_by_role("button", name="In phiếu").is_visible()
    assert printed.is_hidden()

    kiosk.emulate_media(media="print")

    assert kiosk.locator("#ticket-number").inner_text() == "A001"
    assert printed.is_visible()
    assert agency_a.name in printed.inner_text()
    assert "Lấy số lúc" in printed.inner_text()
    assert kiosk.get_by_role("button", name="In phiếu").is_hidden()
    assert kiosk.locator(".kiosk-head").is_hidden()
