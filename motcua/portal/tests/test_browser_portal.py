"""The citizen's side in Chromium: a citizen registers (the code read from the outbox), submits
online with scanned papers, the counter accepts and asks for a supplement, the citizen
supplements online, the dossier is approved and returned, the citizen rates it and looks it up;
a counter tablet rates a dossier at the kiosk; and a PAKN goes from the public form through the
staff queue to a published answer. Each screen is saved under test-artifacts/."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from motcua.documents import signatures
from motcua.documents.models import StoreItem
from motcua.documents.tests.files import a_pdf
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Petition, Rating
from motcua.notify.models import Message
from motcua.portal.tests.support import rows, to_result
from motcua.testing import PASSWORD
from motcua.tests.browsing import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZEN_PASSWORD = "Mot-mat-khau-dai-2025"
ID_NUMBER = "001190000123"


PORTAL_VIEW = {"width": 1280, "height": 800}


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    return context.new_page()


def act(page, action, **fields):
    section = page.locator(f"#action-{action}")
    if section.get_attribute("open") is None:
        section.locator("summary").first.click()
    for label, value in fields.items():
        section.get_by_label(label).fill(value)
    section.locator("button[type=submit]").last.click()
    page.wait_for_load_state()


def pdf_file(tmp_path, name, title):
    path = tmp_path / name
    path.write_bytes(a_pdf(title))
    return str(path)


def birth_registration(page, live_server, child, born, sex):
    """Open the online form of Đăng ký khai sinh and fill in the applicant and the e-form."""
    page.goto(f"{live_server.url}/nop-ho-so/1.001193/")
    page.get_by_label("Cơ quan tiếp nhận").select_option("000.00.31.H99")
    page.get_by_label("Số định danh cá nhân (12 số)").fill(ID_NUMBER)
    page.get_by_label("Họ, chữ đệm, tên của trẻ").fill(child)
    page.get_by_label("Ngày, tháng, năm sinh của trẻ").fill(born)
    page.get_by_label("Giới tính").select_option(sex)
    page.get_by_label("Nơi sinh").fill("Bệnh viện đa khoa tỉnh Minh Sơn")
    page.get_by_label("Họ, chữ đệm, tên người mẹ").fill("Trần Thị Bình")


def test_a_citizen_registers_submits_supplements_and_rates(
    browser, live_server, screenshots, tmp_path, catalog, lan, minh, hoa, give_certificate
):
    give_certificate(hoa)  # the leader signs the result digitally, then the ward's seal
    give_certificate(agency=hoa.agency)
    citizen = new_page(browser)
    citizen.goto(f"{live_server.url}/")
    screenshots(citizen, "01-home")
    citizen.get_by_role("link", name="Thủ tục hành chính").first.click()
    citizen.wait_for_load_state()  # htmx must be listening before we type
    citizen.get_by_label("Tìm thủ tục (gõ có hoặc không dấu)").fill("khai sinh")
    citizen.wait_for_selector("text=Tìm thấy 3 thủ tục")
    screenshots(citizen, "02-catalogue-search")
    citizen.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    expect(citizen.locator("body")).to_contain_text("Trình tự thực hiện")
    screenshots(citizen, "03-procedure")

    # Register with a phone number; the code comes through the outbox (an SMS).
    citizen.goto(f"{live_server.url}/tai-khoan/dang-ky/")
    citizen.get_by_label("Họ và tên").fill("Trần Thị Bình")
    citizen.get_by_label("Số điện thoại di động hoặc thư điện tử").fill("0987 654 321")
    citizen.locator("#id_password").fill(CITIZEN_PASSWORD)
    citizen.get_by_label("Nhập lại mật khẩu").fill(CITIZEN_PASSWORD)
    screenshots(citizen, "04-register")
    citizen.get_by_role("button", name="Đăng ký").click()
    citizen.wait_for_url("**/tai-khoan/xac-thuc/")
    sms = rows(Message).filter(recipient="0987654321").latest("id")
    code = re.search(r"\b(\d{6})\b", sms.body).group(1)
    citizen.get_by_label("Mã xác thực (6 chữ số)").fill(code)
    screenshots(citizen, "05-verify")
    citizen.get_by_role("button", name="Xác thực").click()
    citizen.wait_for_url("**/ho-so-cua-toi/")

    # Log out and in again with the password.
    citizen.get_by_role("button", name="Đăng xuất").click()
    citizen.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    citizen.get_by_label("Số điện thoại hoặc thư điện tử").fill("0987654321")
    citizen.get_by_label("Mật khẩu").fill(CITIZEN_PASSWORD)
    citizen.get_by_role("button", name="Đăng nhập").click()
    citizen.wait_for_url("**/ho-so-cua-toi/")

    # Submit online: the e-form, scanned papers, the result online.
    birth_registration(citizen, live_server, "Nguyễn Minh Khôi", "2026-11-01", "Nam")
    for component, title in (
        ("to_khai_ks", "Tờ khai đăng ký khai sinh"),
        ("giay_chung_sinh", "Giấy chứng sinh"),
        ("giay_to_tuy_than", "Thẻ căn cước"),
    ):
        citizen.locator(f"#file-{component}").set_input_files(
            pdf_file(tmp_path, f"{component}.pdf", title)
        )
    screenshots(citizen, "06-submit-form")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    citizen.wait_for_url("**/ho-so-cua-toi/DK-*/")
    assert "1. Mới đăng ký" in citizen.content()
    screenshots(citizen, "07-submitted")
    with scopes_disabled():
        dossier = Dossier.objects.get()
    assert dossier.components.filter(digitised=True).count() == 3

    # The counter accepts it and asks for a supplement.
    counter = staff_page(browser, live_server, "lan", PORTAL_VIEW, path="/office/quay/truc-tuyen/")
    assert dossier.code in counter.content()
    screenshots(counter, "08-counter-online-queue")
    counter.get_by_role("button", name="Tiếp nhận").first.click()
    counter.wait_for_load_state()
    with scopes_disabled():
        dossier.refresh_from_db()
    assert dossier.status_code == 2
    counter.goto(f"{live_server.url}/office/ho-so/{dossier.code}/")
    act(
        counter,
        "request_supplement",
        **{"Lý do, nội dung cần bổ sung": "Bản chụp giấy chứng sinh bị mờ, đề nghị chụp lại"},
    )
    screenshots(counter, "09-counter-supplement-requested")

    # The citizen supplements online with a new scan.
    citizen.goto(f"{live_server.url}/ho-so-cua-toi/{dossier.code}/")
    assert "Bản chụp giấy chứng sinh bị mờ" in citizen.content()
    citizen.get_by_label("Giấy tờ bổ sung (PDF, JPG, PNG)").set_input_files(
        pdf_file(tmp_path, "giay-chung-sinh-ro.pdf", "Giấy chứng sinh (bản rõ)")
    )
    citizen.get_by_label("Nội dung đã bổ sung, hoàn thiện").fill("Đã chụp lại giấy chứng sinh")
    screenshots(citizen, "10-supplement-form")
    citizen.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    citizen.wait_for_load_state()
    assert "4. Đang xử lý" in citizen.content()

    # Processing: the counter passes it on, the specialist to the leader, who approves.
    counter.goto(f"{live_server.url}/office/ho-so/{dossier.code}/")
    act(counter, "transfer", **{"Ý kiến xử lý": "Đã nhận đủ"})
    specialist = staff_page(
        browser, live_server, "minh", PORTAL_VIEW, path=f"/office/ho-so/{dossier.code}/"
    )
    act(specialist, "transfer", **{"Ý kiến xử lý": "Đủ điều kiện"})
    leader = staff_page(
        browser, live_server, "hoa", PORTAL_VIEW, path=f"/office/ho-so/{dossier.code}/"
    )
    leader.locator("#action-approve summary").first.click()
    leader.locator("#result").set_input_files(
        pdf_file(tmp_path, "giay-khai-sinh.pdf", "Giấy khai sinh")
    )
    act(leader, "approve")
    assert "Đã phê duyệt và ký số kết quả" in leader.content()
    screenshots(leader, "11-leader-approved")
    counter.goto(f"{live_server.url}/office/ho-so/{dossier.code}/")
    counter.locator("#action-return_result select").select_option("online")
    act(counter, "return_result")
    with scopes_disabled():
        dossier.refresh_from_db()
    assert dossier.status_code == 10

    # The citizen downloads the signed result and rates it.
    citizen.goto(f"{live_server.url}/ho-so-cua-toi/{dossier.code}/")
    assert "10. Đã trả kết quả" in citizen.content()
    # The leader's draft stays inside the agency (issue 21 item 4): only the signed result.
    assert "Dự thảo" not in citizen.content() and "giay-khai-sinh.pdf" not in citizen.content()
    assert citizen.locator("ul.files strong a").count() == 1
    with citizen.expect_download() as download:
        citizen.locator("ul.files strong a").click()
    # pyHanko runs an event loop of its own: verify beside Playwright's, in another thread.
    with ThreadPoolExecutor(1) as pool:
        signed = pool.submit(signatures.verify, download.value.path().read_bytes()).result()
    assert signed.valid
    assert [s.signer_name for s in signed.signatures] == [hoa.display_name, hoa.agency.name]
    citizen.get_by_text("Rất hài lòng").click()
    citizen.get_by_text("Đánh giá chi tiết (không bắt buộc)").click()
    citizen.get_by_label("Sớm hơn thời hạn").check()
    citizen.get_by_label("Lịch sự, tận tình, không phiền hà").check()
    screenshots(citizen, "12-rating")
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    citizen.wait_for_load_state()
    assert "Cảm ơn ông/bà đã đánh giá" in citizen.content()
    rating = rows(Rating).get()
    assert (rating.level, rating.channel, rating.officer_id) == (3, "online", lan.pk)
    assert rating.indices == {"1": 2, "7": 2}
    screenshots(citizen, "13-rated")

    # Anyone with the code and the phone looks it up; the name is masked.
    visitor = new_page(browser)
    # The answer replaces the part under the form (htmx), a miss as well as a find.
    visitor.goto(f"{live_server.url}/tra-cuu?code={dossier.code}")
    visitor.wait_for_load_state()  # htmx must be listening before the form is sent
    phone = visitor.get_by_label("Số điện thoại đã khai khi nộp hồ sơ")
    phone.fill("0900000000")
    visitor.get_by_role("button", name="Tra cứu").click()
    visitor.locator("#answer").get_by_role("alert").wait_for()
    assert "Không tìm thấy hồ sơ" in visitor.locator("#answer").inner_text()
    screenshots(visitor, "14-lookup-miss")
    phone.fill("0987654321")
    visitor.get_by_role("button", name="Tra cứu").click()
    visitor.locator("#h-found").wait_for()
    assert visitor.locator("#answer").get_by_role("alert").count() == 0
    assert visitor.get_by_label("Mã hồ sơ").input_value() == dossier.code
    assert visitor.url.endswith(f"/tra-cuu?code={dossier.code}")  # no page load: htmx
    assert "Đã trả kết quả" in visitor.content() and "Trần Thị Bình" not in visitor.content()
    screenshots(visitor, "14-lookup")

    # The next submission takes the ID card from the citizen's own data store.
    citizen.get_by_role("link", name="Kho dữ liệu của tôi").click()
    citizen.wait_for_url("**/kho-du-lieu/")
    with scopes_disabled():
        paper = dossier.components.get(code="giay_to_tuy_than").name
    card = rows(StoreItem).get(kind="component", title=paper)
    assert paper in citizen.content() and "Kết quả giải quyết" in citizen.content()
    screenshots(citizen, "15-my-store")
    birth_registration(citizen, live_server, "Nguyễn Minh Anh", "2026-11-20", "Nữ")
    for component in ("to_khai_ks", "giay_chung_sinh"):
        citizen.locator(f"#file-{component}").set_input_files(
            pdf_file(tmp_path, f"{component}-2.pdf", component)
        )
    citizen.locator("#store-giay_to_tuy_than").select_option(str(card.pk))
    screenshots(citizen, "16-submit-from-store")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    citizen.wait_for_url("**/ho-so-cua-toi/DK-*/")
    with scopes_disabled():
        again = Dossier.objects.exclude(pk=dossier.pk).get()
        reused = again.components.get(code="giay_to_tuy_than")
    assert (reused.from_store, reused.reused) == (True, True)


def test_the_counter_tablet_rates_the_dossier_just_served(
    browser, live_server, screenshots, catalog, citizen, lan, minh, hoa
):
    from motcua.portal.tests.support import submit

    dossier = to_result(submit(citizen), lan, minh, hoa)
    counter = staff_page(
        browser, live_server, "lan", PORTAL_VIEW, path=f"/office/ho-so/{dossier.code}/"
    )
    with counter.expect_popup() as popup:
        counter.get_by_role("button", name="Mở màn hình đánh giá tại quầy").click()
    kiosk = popup.value
    kiosk.wait_for_load_state()
    assert dossier.code in kiosk.content()
    screenshots(kiosk, "01-kiosk")
    kiosk.get_by_role("button", name="Hài lòng", exact=True).click()
    kiosk.wait_for_load_state()
    assert "Cảm ơn ông/bà đã đánh giá" in kiosk.content()
    screenshots(kiosk, "02-kiosk-thanks")
    rating = rows(Rating).get()
    assert (rating.level, rating.channel, rating.officer_id) == (2, "kiosk", lan.pk)


def test_a_petition_goes_from_the_public_form_to_a_published_answer(
    browser, live_server, screenshots, catalog, lan, hoa
):
    visitor = new_page(browser)
    visitor.goto(f"{live_server.url}/phan-anh-kien-nghi/")
    visitor.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    visitor.get_by_label("Cơ quan nhận phản ánh, kiến nghị").select_option("000.00.31.H99")
    visitor.get_by_label("Nội dung phản ánh, kiến nghị về").select_option("rules")
    visitor.locator("#id_subject").fill("Đề nghị bỏ yêu cầu nộp bản sao giấy khai sinh")
    visitor.locator("#id_content").fill(
        "Khi đăng ký thường trú vẫn bị yêu cầu nộp bản sao giấy khai sinh dù đã có dữ liệu dân cư."
    )
    visitor.get_by_label("Họ và tên").fill("Lê Văn Cường")
    visitor.get_by_label("Số điện thoại").fill("0903 111 222")
    screenshots(visitor, "01-pakn-form")
    visitor.get_by_role("button", name="Gửi").click()
    visitor.wait_for_load_state()
    petition = rows(Petition).get()
    assert petition.code in visitor.content()
    screenshots(visitor, "02-pakn-sent")

    officer = staff_page(browser, live_server, "lan", PORTAL_VIEW, path="/office/pakn/")
    assert petition.code in officer.content()
    screenshots(officer, "03-pakn-queue")
    officer.get_by_role("link", name=petition.code).click()
    officer.get_by_role("button", name="Tiếp nhận, phân loại phản ánh, kiến nghị").click()
    officer.wait_for_load_state()
    officer.get_by_text("Trả lời phản ánh, kiến nghị", exact=True).first.click()
    officer.get_by_label("Nội dung trả lời").fill(
        "UBND phường đã chỉ đạo Bộ phận Một cửa khai thác dữ liệu dân cư, không yêu cầu bản sao."
    )
    officer.get_by_role("button", name="Trả lời phản ánh, kiến nghị").click()
    officer.wait_for_load_state()
    screenshots(officer, "04-pakn-answered")
    assert rows(Message).filter(recipient="0903111222", body__contains="đã trả lời").exists()

    leader = staff_page(
        browser, live_server, "hoa", PORTAL_VIEW, path=f"/office/pakn/{petition.code}/"
    )
    leader.get_by_role("button", name="Công khai kết quả trả lời phản ánh, kiến nghị").click()
    leader.wait_for_load_state()
    screenshots(leader, "05-pakn-published")

    visitor.goto(f"{live_server.url}/phan-anh-kien-nghi/")
    visitor.get_by_role("link", name="Đề nghị bỏ yêu cầu nộp bản sao giấy khai sinh").click()
    expect(visitor.locator("body")).to_contain_text("không yêu cầu bản sao")
    visitor.get_by_role("button", name=re.compile("Hài lòng")).click()
    visitor.wait_for_load_state()
    screenshots(visitor, "06-pakn-public-answer")
    petition.refresh_from_db()
    assert (petition.status, petition.likes) == ("published", 1)


def test_on_a_phone_the_papers_fit_and_the_header_is_short(
    browser, live_server, screenshots, catalog, citizen
):
    """Issue 21 (phone layout, 390 px): the papers of the submit form stack instead of
    squeezing four columns (the file button was cut to "Choos"), nothing scrolls sideways,
    and the header stays short."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.goto(f"{live_server.url}/nop-ho-so/1.001193/")
    phone.wait_for_url("**/tai-khoan/dang-nhap/**")
    phone.get_by_label("Số điện thoại hoặc thư điện tử").fill(citizen.phone)
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url("**/nop-ho-so/1.001193/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator("header.topbar").bounding_box()["height"] <= 130
    upload = phone.locator("#file-to_khai_ks").bounding_box()
    assert upload["width"] >= 200 and upload["x"] + upload["width"] <= 390
    screenshots(phone, "01-phone-submit")
    phone.goto(f"{live_server.url}/")
    assert phone.locator("header.topbar").bounding_box()["height"] <= 130
    screenshots(phone, "02-phone-home")
    context.close()
