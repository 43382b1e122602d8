"""Fees in Chromium: the counter form's fee line, the citizen paying on the portal through the
(fake) national payment platform, and the mismatch screen. Saved as screenshots."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from motcua import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import actions
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import MONDAY, intake_body
from motcua.payments import services
from motcua.testing import PASSWORD
from motcua.tests.browsing import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _waiting(lan, minh, citizen=None) -> str:
    with clock.frozen(MONDAY):
        dossier = receive_dossier(actor=lan, **intake_body())
        dossier = actions.perform(dossier, "transfer", actor=lan, body={})
        actions.perform(dossier, "request_payment", actor=minh, body={"amount": 3000})
    if citizen is not None:
        with scopes_disabled():
            Dossier.objects.filter(pk=dossier.pk).update(citizen=citizen)
    return dossier.code


def test_the_counter_form_shows_the_fee_of_the_chosen_case(browser, live_server, screenshots, lan):
    page = staff_page(browser, live_server, "lan", path="/office/quay/?procedure=2.000488")
    fees = page.locator("section.fees")
    assert "200.000 đ" in fees.inner_text()
    assert page.locator("#fee-total").inner_text() == "200.000 đ"
    screenshots(page, "office-counter-fee")


def test_the_citizen_pays_online_and_the_wait_ends(
    browser, live_server, screenshots, lan, minh, citizen, platform_fake
):
    code = _waiting(lan, minh, citizen)
    platform_fake.confirm_url = f"{live_server.url}/api/v1/payments/dvcqg/confirm"
    page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN").new_page()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill(citizen.phone)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/ho-so-cua-toi/{code}/")
    assert "Hồ sơ đang chờ ông/bà nộp 3.000 đ" in page.locator("#fees").inner_text()
    screenshots(page, "portal-payment")
    page.get_by_role("button", name="Thanh toán").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Mở trang thanh toán").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"http://127.0.0.1:{platform_fake.port}/pay/")
    page.get_by_role("button", name="Thanh toán").click()  # on the platform's page
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/ho-so-cua-toi/{code}/")
    assert "Đã thanh toán" in page.locator("#fees").inner_text()
    with scopes_disabled():
        assert Dossier.objects.get(code=code).status_code == 4
    screenshots(page, "portal-payment-paid")


def test_the_officer_settles_a_wrong_amount(
    browser, live_server, screenshots, lan, minh, platform_fake
):
    code = _waiting(lan, minh)
    with scopes_disabled():
        payment = services.start_online(Dossier.objects.get(code=code), actor=lan)
    services.confirm(platform_fake.confirmation(payment.reference, amount=15000))
    page = staff_page(browser, live_server, "lan")
    page.get_by_role("link", name="Sai lệch thanh toán").click()
    page.wait_for_load_state()
    assert "Sai số tiền" in page.content()
    screenshots(page, "office-payment-mismatch")
    page.get_by_label("Cách xử lý").fill(
        "Đã liên hệ người nộp, hoàn 12.000 đ nộp thừa qua ngân hàng"
    )
    page.get_by_role("button", name="Đã xử lý").click()
    page.wait_for_load_state()
    assert "Không có sai lệch nào đang chờ." in page.content()
