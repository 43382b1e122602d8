"""The agency's administrator reads the file list (danh mục hồ sơ) with its lodging warning,
lodges the year, opens a file with its access log and proposes the destruction list, in
Chromium; the screens are saved as screenshots."""

from __future__ import annotations

from datetime import datetime

import pytest
from django_scopes import scopes_disabled

from motcua import clock
from motcua.archive import closing
from motcua.archive.models import ArchiveFile
from motcua.archive.tests.conftest import dossier
from motcua.dossiers.tests.support import intake_body
from motcua.tests.browsing import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARCH = datetime(2025, 3, 10, 9, 0, tzinfo=clock.VN)


def _closed(as_user, lan, minh, hoa, applicant: str) -> ArchiveFile:
    """A dossier received, decided and returned in March 2025 (an unsigned result: pyHanko
    cannot sign beside the browser's event loop), its file closed."""
    counter = as_user(lan)
    body = intake_body()
    body["applicant"] = {**body["applicant"], "name": applicant}
    code = counter.post("/dossiers", body).json()["code"]
    counter.act(code, "transfer")
    as_user(minh).act(code, "transfer")
    as_user(hoa).act(code, "approve")
    counter.act(code, "return_result", channel="counter")
    with scopes_disabled():
        return closing.close_file(dossier(code))


def test_the_administrator_lodges_reads_and_proposes_destruction(
    browser, live_server, screenshots, as_user, lan, minh, hoa, thu
):
    with clock.frozen(MARCH):
        kept = _closed(as_user, lan, minh, hoa, "Nguyễn Văn An")
        short = _closed(as_user, lan, minh, hoa, "Trần Thị Bình")
    ArchiveFile.objects.filter(pk=short.pk).update(retention_years=1)  # past its retention now

    page = staff_page(browser, live_server, "thu", path="/office/luu-tru/?year=2025")
    assert "Sắp đến hạn nộp lưu" in page.content()
    assert kept.file_code in page.content() and short.file_code in page.content()
    page.get_by_role("button", name="Nộp lưu hồ sơ năm 2025").click()
    page.wait_for_load_state()
    assert "Đã nộp lưu 1 hồ sơ năm 2025." in page.content()  # the one kept for 5 years or more
    assert "Tải đợt nộp lưu" in page.content()
    screenshots(page, "archive-file-list")

    page.get_by_role("link", name=kept.file_code).first.click()
    page.wait_for_load_state()
    assert "Nhật ký truy cập" in page.content() and "Phiếu kiểm soát" in page.content()
    screenshots(page, "archive-file")

    page.goto(f"{live_server.url}/office/luu-tru/huy/")
    page.get_by_role("button", name="Lập danh sách đề nghị hủy").click()
    page.wait_for_load_state()
    assert "Đã lập danh sách hồ sơ đề nghị hủy." in page.content()
    assert short.file_code in page.locator(".destruction-list").inner_text()
    screenshots(page, "archive-destruction")
